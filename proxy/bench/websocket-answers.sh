#!/bin/sh
# What the provider's events cost through Airlock on a Responses WebSocket: answers of 1 and 102 events,
# straight, through Airlock recording and through Airlock redacting, side by side in one run
# (see WebSocketAnswersBench). Argument: roundTrips=2000.
# Maven flags for the build go in MAVEN_ARGS (e.g. MAVEN_ARGS=-o offline).
set -eu
cd "$(dirname "$0")/../.."
./mvnw -q ${MAVEN_ARGS:-} -DskipTests install
./mvnw -q ${MAVEN_ARGS:-} -pl proxy dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
exec java -cp "proxy/target/test-classes:proxy/target/classes:$(cat proxy/target/bench.classpath)" \
  dev.airlock.proxy.load.WebSocketAnswersBench "$@"
