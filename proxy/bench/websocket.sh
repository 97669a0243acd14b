#!/bin/sh
# Responses-over-WebSocket overhead: round trips straight to a TLS WebSocket provider and through Airlock
# (websocket.responses: scan), side by side in one run (see WebSocketBench). Argument: roundTrips=4000.
# Maven flags for the build go in MAVEN_ARGS (e.g. MAVEN_ARGS=-o offline).
exec "$(dirname "$0")/run-main.sh" dev.airlock.proxy.load.WebSocketBench "$@"
