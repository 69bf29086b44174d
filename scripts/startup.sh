#!/usr/bin/env bash
# Time from process start to 200 on /api/ready on the H2 default (fresh data directory), and RSS
# then: for the README's `./mvnw spring-boot:run` (Maven included, and its application JVM alone),
# the plain jar, and the extracted jar with a JDK AOT cache (JDK 25+; trained here first).
# Usage: scripts/startup.sh [runs]   (docs/performance.md; the container image's figures are
# printed by scripts/image.sh)
set -euo pipefail
case ${1:-} in
  -h|--help) sed -n '2,/^[^#]/{/^#/{s/^# \{0,1\}//;p}}' "$0"; exit 0 ;;
esac
RUNS=${1:-3}
[[ $# -le 1 && $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "startup: runs must be a whole number >= 1 (see $0 --help)" >&2; exit 2; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=18099
JAVA=${BENCH_JAVA:-$(ls -d /usr/lib/jvm/temurin-2[5-9]*/bin/java 2>/dev/null | head -1)}
JAVA=${JAVA:-java}
JAR=$(ls "$ROOT"/target/leadline-*.jar 2>/dev/null | grep -v original | head -1 || true)
[ -n "$JAR" ] || { echo "startup: no target/leadline-*.jar; build it first: ./mvnw -q -DskipTests package" >&2; exit 2; }
TMP=$(mktemp -d /tmp/leadline-startup.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

ready_ms() { # dir jar [java args]
  local dir=$1 jar=$2; shift 2
  rm -rf "$TMP/data"
  local start=$(date +%s%N)
  (cd "$dir" && LEADLINE_DATA_DIR="$TMP/data" exec "$JAVA" -Xmx256m "$@" -jar "$jar" --server.port=$PORT >"$TMP/log" 2>&1) &
  local pid=$!
  until curl -sf "http://127.0.0.1:$PORT/api/ready" >/dev/null 2>&1; do
    kill -0 $pid 2>/dev/null || { tail -20 "$TMP/log"; exit 1; }
    sleep 0.02
  done
  local ms=$(( ($(date +%s%N) - start) / 1000000 ))
  echo "$ms ms, RSS $(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 )) MB, load $(cut -d' ' -f1 /proc/loadavg)"
  kill $pid; wait $pid 2>/dev/null || true
}

# The README's first command. Maven forks the application's JVM (with -XX:TieredStopAtLevel=1, the
# plugin's default for a development run); its own start time comes from /proc.
mvn_run() {
  rm -rf "$TMP/data"
  local start=$(date +%s%N)
  (cd "$ROOT" && LEADLINE_DATA_DIR="$TMP/data" exec ./mvnw -B -q spring-boot:run \
    -Dspring-boot.run.arguments=--server.port=$PORT >"$TMP/log" 2>&1) &
  local mvn=$!
  until curl -sf "http://127.0.0.1:$PORT/api/ready" >/dev/null 2>&1; do
    kill -0 $mvn 2>/dev/null || { tail -20 "$TMP/log"; exit 1; }
    sleep 0.02
  done
  local ms=$(( ($(date +%s%N) - start) / 1000000 )) up jvm
  up=$(cut -d' ' -f1 /proc/uptime)
  jvm=$(pgrep -f "LeadlineApplication --server.port=$PORT" | head -1)
  local started=$(awk '{print $22}' "/proc/$jvm/stat")
  local jvm_ms=$(echo "($up - $started / $(getconf CLK_TCK)) * 1000 / 1" | bc)
  echo "$ms ms (its application JVM: $jvm_ms ms), RSS $(( $(awk '/VmRSS/ {print $2}' /proc/$jvm/status) / 1024 )) MB, load $(cut -d' ' -f1 /proc/loadavg)"
  kill $jvm $mvn 2>/dev/null; wait $mvn 2>/dev/null || true
  while kill -0 $jvm 2>/dev/null; do sleep 0.1; done
}

echo "./mvnw spring-boot:run:"
for _ in $(seq "$RUNS"); do echo "  $(mvn_run)"; done

echo "plain jar:"
for _ in $(seq "$RUNS"); do echo "  $(ready_ms "$ROOT" "$JAR")"; done

"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$TMP/app" >/dev/null
APP=$(basename "$JAR")
(cd "$TMP/app" && LEADLINE_DATA_DIR="$TMP/train" "$JAVA" -XX:AOTCacheOutput="$TMP/app.aot" \
  -Dspring.context.exit=onRefresh -jar "$APP" --server.port=0 >"$TMP/train.log" 2>&1)
echo "extracted jar + AOT cache (-XX:AOTCache):"
for _ in $(seq "$RUNS"); do echo "  $(ready_ms "$TMP/app" "$APP" -XX:AOTCache="$TMP/app.aot")"; done
