#!/bin/sh
# Load harness: direct vs nginx vs Airlock, side by side in one run (see LoadHarness).
# Needs Debian's nginx (apt-get install nginx-light). Arguments: rate=500 seconds=20 warmup=60 (seconds per path)
# concurrency=32 sse=400 prompt=32768 (bytes) repeat=false (true: one body over and over)
# phases=latency,throughput,sse (which measurements) jar=proxy/target/airlock.jar "jvm=<options for Airlock's JVM>"
set -eu
cd "$(dirname "$0")/../.."
command -v nginx >/dev/null || { echo "nginx not found: apt-get install -y nginx-light" >&2; exit 2; }
./mvnw -q -DskipTests install   # also builds proxy/target/airlock.jar, which the harness runs as its own process
./mvnw -q -pl proxy dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/load.classpath
exec java -Xms512m -Xmx512m -cp "proxy/target/test-classes:proxy/target/classes:$(cat proxy/target/load.classpath)" \
  dev.airlock.proxy.load.LoadHarness "$@"
