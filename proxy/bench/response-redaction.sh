#!/bin/sh
# Response redaction benchmark: a streamed answer of small deltas, redaction stage against the record-only scan
# in one run (see ResponseRedactionBench). Arguments: events=4000 rounds=15.
# Maven flags for the build go in MAVEN_ARGS (e.g. MAVEN_ARGS=-o offline).
set -eu
cd "$(dirname "$0")/../.."
./mvnw -q ${MAVEN_ARGS:-} -DskipTests install
./mvnw -q ${MAVEN_ARGS:-} -pl proxy dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
exec java -cp "proxy/target/test-classes:proxy/target/classes:$(cat proxy/target/bench.classpath)" \
  dev.airlock.proxy.load.ResponseRedactionBench "$@"
