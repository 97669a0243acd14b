#!/bin/sh
# What the provider's events cost through Airlock on a Responses WebSocket: answers of 1 and 102 events,
# straight, through Airlock recording and through Airlock redacting, side by side in one run
# (see WebSocketAnswersBench). Argument: roundTrips=2000.
# Maven flags for the build go in MAVEN_ARGS (e.g. MAVEN_ARGS=-o offline).
exec "$(dirname "$0")/run-main.sh" dev.airlock.proxy.load.WebSocketAnswersBench "$@"
