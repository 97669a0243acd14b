#!/bin/sh
# Builds the project (also proxy/target/airlock.jar) and runs one benchmark class from the proxy's test classes:
#   proxy/bench/run-main.sh <class> [arguments…]
# The scripts beside this one name their class and document their arguments.
# Maven flags for the build go in MAVEN_ARGS (e.g. MAVEN_ARGS=-o offline).
set -eu
cd "$(dirname "$0")/../.."
main="$1"
shift
./mvnw -q ${MAVEN_ARGS:-} -DskipTests install
./mvnw -q ${MAVEN_ARGS:-} -pl proxy dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
exec java -cp "proxy/target/test-classes:proxy/target/classes:$(cat proxy/target/bench.classpath)" "$main" "$@"
