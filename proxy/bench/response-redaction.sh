#!/bin/sh
# Response redaction benchmark: a streamed answer of small deltas, redaction stage against the record-only scan
# in one run (see ResponseRedactionBench). Arguments: events=4000 rounds=15.
# Maven flags for the build go in MAVEN_ARGS (e.g. MAVEN_ARGS=-o offline).
exec "$(dirname "$0")/run-main.sh" dev.airlock.proxy.load.ResponseRedactionBench "$@"
