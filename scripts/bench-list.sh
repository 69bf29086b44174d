#!/usr/bin/env bash
# List pages at 1 M leads (docs/performance.md, "List pages at 1 M leads"). One command:
#
#   scripts/bench-list.sh                  ~5 min: load 1 M leads, warm up, measure each page
#   scripts/bench-list.sh --keep           keep the database (its name is printed) ...
#   scripts/bench-list.sh --reuse <db>     ... and measure again on it without reloading
#   scripts/bench-list.sh --jfr out.jfr     also record the measured runs with Java Flight Recorder
#
# Options: --duration S (20), --warmup S (30), --connections N (8), --port P (18180), --leads N.
# BENCH_JAR=path measures another build (e.g. an older commit's jar, on a database of its own).
# Starts the built jar (built when missing or older than the sources) with BENCH_JVM_OPTS (default
# the same as scripts/bench.sh: -Xmx256m, SerialGC), loads the leads with scripts/bench/load-leads.sql,
# warms the JIT up with a mix of every page, then runs wrk -t2 per page and prints p50/p99/p99.9 with
# the load average around each run. Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust), wrk,
# psql, curl, jq, bc.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
export BENCH_DIR=$ROOT/scripts/bench
DURATION=20
WARMUP=30
CONNS=8
PORT=18180
LEADS=1000000
KEEP=0
REUSE=
JFR=
while [ $# -gt 0 ]; do
  case $1 in
    --duration) DURATION=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --connections) CONNS=$2; shift ;;
    --port) PORT=$2; shift ;;
    --leads) LEADS=$2; shift ;;
    --keep) KEEP=1 ;;
    --reuse) REUSE=$2; KEEP=1; shift ;;
    --jfr) JFR=$(realpath -m "$2"); shift ;;
    -h|--help) sed -n '2,/^[^#]/{/^#/{s/^# \{0,1\}//;p}}' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see $0 --help)" >&2; exit 2 ;;
  esac
  shift
done

JVM_OPTS=${BENCH_JVM_OPTS:--Xms256m -Xmx256m -XX:+UseSerialGC -XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=64m}
PG="psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt"
DB=${REUSE:-leadline_list_$(date +%s)_$$}
TMP=$(mktemp -d /tmp/leadline-bench-list.XXXXXX)
ADMIN=bench-admin-$RANDOM$RANDOM
BASE=http://127.0.0.1:$PORT
PID=

java_bin() { # the first Java 21+ among BENCH_JAVA, JAVA_HOME, /usr/lib/jvm/*, PATH (as scripts/bench.sh)
  local j v
  for j in "${BENCH_JAVA:-}" "${JAVA_HOME:-}/bin/java" /usr/lib/jvm/*/bin/java "$(command -v java)"; do
    [ -x "$j" ] || continue
    v=$("$j" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = \([0-9]*\).*/\1/p')
    if [ "${v:-0}" -ge 21 ]; then echo "$j"; return; fi
  done
  echo "no Java 21+ found (set BENCH_JAVA)" >&2; exit 1
}
JAVA=$(java_bin)

cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then kill "$PID"; wait "$PID" 2>/dev/null || true; fi
  if [ "$KEEP" = 0 ]; then $PG -d postgres -c "drop database if exists $DB with (force)" >/dev/null 2>&1 || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT
log() { echo "[bench-list $(date +%H:%M:%S)] $*" >&2; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/'; }

JAR=${BENCH_JAR:-$(ls "$ROOT"/target/leadline-*.jar 2>/dev/null | grep -v original | head -1 || true)}
if [ -z "${BENCH_JAR:-}" ] && { [ -z "$JAR" ] || [ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]; }; then
  log "building the jar"
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package)
  JAR=$(ls "$ROOT"/target/leadline-*.jar | grep -v original | head -1)
fi

[ -n "$REUSE" ] || $PG -d postgres -c "create database $DB"
env DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$DB" LEADLINE_ADMIN_TOKEN="$ADMIN" \
  LEADLINE_DATA_DIR="$TMP/data" PORT="$PORT" "$JAVA" $JVM_OPTS -jar "$JAR" >"$TMP/server.log" 2>&1 &
PID=$!
until curl -sf "$BASE/api/ready" >/dev/null 2>&1; do
  if ! kill -0 "$PID" 2>/dev/null; then tail -50 "$TMP/server.log" >&2; echo "server died" >&2; exit 1; fi
  sleep 0.2
done
log "server ready (pid $PID, $JAVA, database $DB)"

admin() { # method path json
  curl -sf -X "$1" "$BASE$2" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' ${3:+-d "$3"}
}
if [ -n "$REUSE" ]; then
  WS=$($PG -d "$DB" -c "select id from workspaces where name = 'bench list'")
  USER_ID=$($PG -d "$DB" -c "select id from users where workspace_id = '$WS' order by created_at limit 1")
else
  WS=$(admin POST /api/admin/workspaces '{"name":"bench list"}' | jq -r .id)
  USER_ID=$(admin POST "/api/admin/workspaces/$WS/users" \
    '{"email":"owner@bench.example.com","name":"Bench Owner","password":"bench password 1","role":"owner"}' | jq -r .id)
  log "loading $LEADS leads"
  t0=$(date +%s)
  $PG -d "$DB" -v ws="$WS" -v user="$USER_ID" -v from=1 -v to="$LEADS" -f "$BENCH_DIR/load-leads.sql"
  log "loaded in $(( $(date +%s) - t0 )) s"
fi
KEY=$(admin POST "/api/admin/users/$USER_ID/api-keys" '{"name":"bench list"}')
admin PATCH "/api/admin/api-keys/$(jq -r .id <<<"$KEY")" '{"rateLimitPerMinute":1000000}' >/dev/null
export BENCH_KEY=$(jq -r .key <<<"$KEY")

# A page half-way down the newest-first order: the cursor of the lead at that position.
MID=$($PG -d "$DB" -c "select (extract(epoch from created_at) * 1000000)::bigint || ':' || id from leads
  where workspace_id = '$WS' order by created_at desc, id desc offset $(( LEADS / 2 )) limit 1")
DEEP=$(printf '%s' "$MID" | base64 -w0 | tr '+/' '-_' | tr -d '=')
QUERIES=("limit=50" "status=qualified&limit=50" "source=referral&limit=50" "channel=web&limit=50"
  "limit=50&cursor=$DEEP" "status=won&source=event&limit=50" "channel=whatsapp&limit=50"
  "q=acme%20999&limit=50" "q=load-$(( LEADS / 3 ))%40bench&limit=50")
declare -A COUNT # leads on each page: 50, except channel=whatsapp (none loaded) and one email
for q in "${QUERIES[@]}"; do
  COUNT[$q]=$(curl -sf "$BASE/api/v1/leads?$q" -H "X-API-Key: $BENCH_KEY" | jq '.data | length')
  want=50; case $q in channel=whatsapp*) want=0 ;; q=load-*) want=1 ;; esac
  [ "${COUNT[$q]}" = "$want" ] || { echo "?$q answered ${COUNT[$q]} leads, not $want" >&2; exit 1; }
done

field() { sed -n "s/.* $2=\([0-9]*\).*/\1/p" <<<" $1" | head -1; }
ms() { bc -l <<<"scale=2; $1 / 1000"; }

log "warming up for $WARMUP s (every page in turn, load $(loadavg))"
export BENCH_QUERIES="${QUERIES[*]}"
wrk -t"$(( CONNS < 2 ? CONNS : 2 ))" -c"$CONNS" -d"$WARMUP"s --timeout 10s -s "$BENCH_DIR/list-mix.lua" "$BASE" >/dev/null 2>&1

[ -z "$JFR" ] || "$(dirname "$JAVA")/jcmd" "$PID" JFR.start name=list settings=profile filename="$JFR" >/dev/null
ROWS=()
for q in "${QUERIES[@]}"; do
  export BENCH_QUERY=$q
  wrk -t"$(( CONNS < 2 ? CONNS : 2 ))" -c"$CONNS" -d3s --timeout 10s -s "$BENCH_DIR/list.lua" "$BASE" >/dev/null 2>&1
  before=$(loadavg)
  line=$(wrk -t"$(( CONNS < 2 ? CONNS : 2 ))" -c"$CONNS" -d"$DURATION"s --latency --timeout 10s -s "$BENCH_DIR/list.lua" "$BASE" | grep '^RESULT')
  ok=$(field "$line" s200)
  label=${q/cursor=$DEEP/cursor=<page at $(( LEADS / 2 ))>}
  ROWS+=("$(printf '%-42s %5d %7d %7.2f %7.2f %8.2f %7d  %s -> %s' "?$label" "${COUNT[$q]}" \
    "$(( ${ok:-0} * 1000000 / $(field "$line" duration_us) ))" "$(ms "$(field "$line" p50_us)")" \
    "$(ms "$(field "$line" p99_us)")" "$(ms "$(field "$line" p999_us)")" \
    "$(( $(field "$line" requests) - ${ok:-0} ))" "$before" "$(loadavg)")")
  log "${ROWS[-1]}"
done

[ -z "$JFR" ] || "$(dirname "$JAVA")/jcmd" "$PID" JFR.stop name=list >/dev/null
echo
echo "Leadline list pages — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $LEADS leads in the workspace"
echo "wrk -t2 -c$CONNS -d${DURATION}s per page after ${WARMUP}s of mixed warm-up; JVM: $JVM_OPTS; server RSS at the end $(( $(awk '/VmRSS/ {print $2}' "/proc/$PID/status") / 1024 )) MB"
printf '%-42s %5s %7s %7s %7s %8s %7s  %s\n' "GET /api/v1/leads" "leads" "ok/s" "p50ms" "p99ms" "p99.9ms" "errors" "load average before -> after"
for r in "${ROWS[@]}"; do echo "$r"; done
[ "$KEEP" = 0 ] || echo "database kept: $DB (scripts/bench-list.sh --reuse $DB; drop with: psql -h 127.0.0.1 -U postgres -c 'drop database $DB')"
