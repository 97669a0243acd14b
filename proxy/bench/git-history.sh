#!/bin/sh
# History scan benchmark: `airlock scan --git` vs `git log -p | airlock scan -` on a generated repository, side by
# side in one run (see GitHistoryBench). Arguments: commits=2000 runs=5 seed=1 jar=proxy/target/airlock.jar
# Maven flags for the build go in MAVEN_ARGS (e.g. MAVEN_ARGS=-o offline).
exec "$(dirname "$0")/run-main.sh" dev.airlock.proxy.load.GitHistoryBench "$@"
