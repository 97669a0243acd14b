#!/bin/sh
# Responses-over-WebSocket overhead: round trips straight to a TLS WebSocket provider and through Airlock
# (websocket.responses: scan), side by side in one run (see WebSocketBench). Argument: roundTrips=4000.
# Maven flags for the build go in MAVEN_ARGS (e.g. MAVEN_ARGS=-o offline).
set -eu
cd "$(dirname "$0")/../.."
./mvnw -q ${MAVEN_ARGS:-} -DskipTests install
./mvnw -q ${MAVEN_ARGS:-} -pl proxy dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
exec java -cp "proxy/target/test-classes:proxy/target/classes:$(cat proxy/target/bench.classpath)" \
  dev.airlock.proxy.load.WebSocketBench "$@"
