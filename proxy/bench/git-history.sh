#!/bin/sh
# History scan benchmark: `airlock scan --git` vs `git log -p | airlock scan -` on a generated repository, side by
# side in one run (see GitHistoryBench). Arguments: commits=2000 runs=5 seed=1 jar=proxy/target/airlock.jar
# Maven flags for the build go in MAVEN_ARGS (e.g. MAVEN_ARGS=-o offline).
set -eu
cd "$(dirname "$0")/../.."
./mvnw -q ${MAVEN_ARGS:-} -DskipTests install   # builds proxy/target/airlock.jar, the one both paths run
./mvnw -q ${MAVEN_ARGS:-} -pl proxy dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
exec java -cp "proxy/target/test-classes:proxy/target/classes:$(cat proxy/target/bench.classpath)" \
  dev.airlock.proxy.load.GitHistoryBench "$@"
