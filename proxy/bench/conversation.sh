#!/bin/sh
# Verdict-cache benchmark: a 40-turn agent conversation, per-turn redaction time with the cache warm, without it,
# and for the new turn alone, side by side in one run (see ConversationBench). Arguments: turns=40 rounds=6.
# Maven flags for the build go in MAVEN_ARGS (e.g. MAVEN_ARGS=-o offline).
set -eu
cd "$(dirname "$0")/../.."
./mvnw -q ${MAVEN_ARGS:-} -DskipTests install
./mvnw -q ${MAVEN_ARGS:-} -pl proxy dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
exec java -cp "proxy/target/test-classes:proxy/target/classes:$(cat proxy/target/bench.classpath)" \
  dev.airlock.proxy.load.ConversationBench "$@"
