#!/usr/bin/env bash
# Leadline ingest benchmark (docs/performance.md). One command:
#
#   scripts/bench.sh            full run (~25-35 min, by the machine's speed): private create, public capture (new and merging)
#                               without and with Redis, the raw pgbench single-row INSERT rate, the
#                               baseline (a rule-free Spring Boot service: no database, one INSERT
#                               per request, group commit) and the large-table part (list pages at
#                               1 M leads, create at 5 M leads)
#   scripts/bench.sh --quick    short run (~6-8 min): 5 s per measurement, no large-table part
#
# Options: --no-redis, --no-large, --no-baseline, --duration S, --connections N, --port P,
# --keep (keep the database).
# Needs: PostgreSQL on 127.0.0.1:5432 (user postgres, trust), wrk, pgbench, psql, curl, jq, bc; Redis on
# 127.0.0.1:6379 for the Redis runs. Builds the jar when it is missing or older than the sources.
# JVM flags: BENCH_JVM_OPTS (default below). Prints one table; rows are checked against answers.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
export BENCH_DIR=$ROOT/scripts/bench
DURATION=20
WARMUP=10
JIT_WARMUP=30   # least warm-up per server, in s
JIT_MAX=300     # most warm-up per server, in s
JIT_SETTLED=5   # the JIT is settled when its compiler threads used < this % of the server's CPU for 10 s
CONNS=64
THREADS=2
REDIS=1
LARGE=1
KEEP=0
BASE_LINE=1
PORT=18080
while [ $# -gt 0 ]; do
  case $1 in
    --quick) DURATION=5; WARMUP=3; JIT_WARMUP=10; JIT_MAX=60; LARGE=0 ;;
    --no-redis) REDIS=0 ;;
    --redis) REDIS=1 ;;
    --no-large) LARGE=0 ;;
    --no-baseline) BASE_LINE=0 ;;
    --duration) DURATION=$2; shift ;;
    --connections) CONNS=$2; shift ;;
    --port) PORT=$2; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,/^[^#]/{/^#/{s/^# \{0,1\}//;p}}' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see $0 --help)" >&2; exit 2 ;;
  esac
  shift
done

missing=
for tool in wrk pgbench psql curl jq bc; do command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"; done
if [ -n "$missing" ]; then
  echo "bench: missing tools:$missing (Debian: apt-get install wrk postgresql-client curl jq bc)" >&2
  exit 2
fi

JVM_OPTS=${BENCH_JVM_OPTS:--Xms256m -Xmx256m -XX:+UseSerialGC -XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=64m}
PG="psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt"
DB=leadline_bench_$(date +%s)_$$
DB_EMPTY=${DB}_empty # the large-table part's empty-table reference
TMP=$(mktemp -d /tmp/leadline-bench.XXXXXX)
ADMIN=bench-admin-$RANDOM$RANDOM
BASE=http://127.0.0.1:$PORT
PID=

java_bin() { # the first Java 21+ among BENCH_JAVA, JAVA_HOME, /usr/lib/jvm/*, PATH
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
  stop_server
  if [ -n "${S_big:-}" ]; then use big; stop_server; fi
  if [ "$KEEP" = 0 ]; then
    $PG -d postgres -c "drop database if exists $DB with (force)" >/dev/null 2>&1 || true
    $PG -d postgres -c "drop database if exists $DB_EMPTY with (force)" >/dev/null 2>&1 || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }

# --- build -------------------------------------------------------------------------------------
JAR=$(ls "$ROOT"/target/leadline-*.jar 2>/dev/null | grep -v original | head -1 || true)
if [ -z "$JAR" ] || [ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]; then
  log "building the jar"
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package)
  JAR=$(ls "$ROOT"/target/leadline-*.jar | grep -v original | head -1)
fi

# --- server ------------------------------------------------------------------------------------
start_server() { # $1: REDIS_URL or empty
  env DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$DB" REDIS_URL="$1" LEADLINE_ADMIN_TOKEN="$ADMIN" \
    LEADLINE_CAPTURE_PER_IP_PER_MINUTE=1000000000 LEADLINE_DATA_DIR="$TMP/data" PORT="$PORT" \
    "$JAVA" $JVM_OPTS -jar "$JAR" --leadline.webhooks.worker-enabled=true >"$TMP/server-$PORT.log" 2>&1 &
  PID=$!
  local start=$(date +%s%N)
  until curl -sf "$BASE/api/ready" >/dev/null 2>&1; do
    if ! kill -0 "$PID" 2>/dev/null; then tail -50 "$TMP/server-$PORT.log" >&2; echo "server died" >&2; exit 1; fi
    sleep 0.1
  done
  log "server ready after $(( ($(date +%s%N) - start) / 1000000 )) ms (pid $PID, redis: ${1:-none})"
}
stop_server() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then kill "$PID"; wait "$PID" 2>/dev/null || true; fi
  PID=
}
# Two servers at once (the large-table part): the current one's state saved under a name, and back.
save_as() { # name
  printf -v "S_$1" '%s ' "$PID" "$PORT" "$BASE" "$DB" "$BENCH_WS" "$BENCH_USER" "$BENCH_KEY" "$BENCH_PROJECT_KEY"
}
use() { # name
  local v="S_$1"
  read -r PID PORT BASE DB BENCH_WS BENCH_USER BENCH_KEY BENCH_PROJECT_KEY <<<"${!v}"
  export BENCH_WS BENCH_USER BENCH_KEY BENCH_PROJECT_KEY
}
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$PID/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
admin() { # method path json
  curl -sf -X "$1" "$BASE$2" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' ${3:+-d "$3"}
}
count() { $PG -d "$DB" -c "$1"; }
server_answers() { # uri status: the server's own count of answers (Micrometer), exact even for
                   # requests wrk stopped waiting for at the end of a run
  curl -sf "$BASE/actuator/prometheus" | awk -v uri="$1" -v st="$2" '
    /^http_server_requests_seconds_count/ && index($0, "uri=\"" uri "\"") && index($0, "status=\"" st "\"") { n += $2 }
    END { printf "%d\n", n }'
}

# A workspace (unlimited plan), its owner, a secret key with the highest limit an admin may set
# (1,000,000 a minute: more than one measured run sends), and a project.
tenant() {
  local ws user key
  ws=$(admin POST /api/admin/workspaces "{\"name\":\"bench $1\"}" | jq -r .id)
  user=$(admin POST "/api/admin/workspaces/$ws/users" \
    "{\"email\":\"owner-$RANDOM$RANDOM@bench.example.com\",\"name\":\"Bench Owner\",\"password\":\"bench password 1\",\"role\":\"owner\"}" | jq -r .id)
  key=$(admin POST "/api/admin/users/$user/api-keys" '{"name":"bench"}')
  admin PATCH "/api/admin/api-keys/$(jq -r .id <<<"$key")" '{"rateLimitPerMinute":1000000}' >/dev/null
  export BENCH_WS=$ws BENCH_USER=$user BENCH_KEY=$(jq -r .key <<<"$key")
  export BENCH_PROJECT_KEY=$(admin POST "/api/admin/workspaces/$ws/projects" '{"name":"bench"}' | jq -r .apiKey)
}

# wrk with a script; prints the RESULT line (plus rss_kb=, cpu_pct= and jit_pct= — the JIT compiler
# threads' share of the server's CPU — while it ran).
run_wrk() { # script duration connections
  local rss_max=0 before after jit_before jit_after
  before=$(cpu_ticks); jit_before=$(jit_ticks)
  ( while kill -0 "$PID" 2>/dev/null; do rss_kb; sleep 0.5; done ) >"$TMP/rss" &
  local sampler=$!
  wrk -t"$(( $3 < THREADS ? $3 : THREADS ))" -c"$3" -d"$2"s --latency --timeout 10s -s "$BENCH_DIR/$1" "$BASE" >"$TMP/wrk.out" 2>&1 || true
  after=$(cpu_ticks); jit_after=$(jit_ticks)
  kill $sampler 2>/dev/null; wait $sampler 2>/dev/null || true
  rss_max=$(sort -n "$TMP/rss" | tail -1)
  local line
  line=$(grep '^RESULT' "$TMP/wrk.out" || { cat "$TMP/wrk.out" >&2; echo "RESULT requests=0"; })
  # (A compiler thread that ended during the run took its ticks with it: the share is then a floor.)
  local jit=$(( jit_after > jit_before ? jit_after - jit_before : 0 ))
  echo "$line rss_kb=${rss_max:-0} cpu_pct=$(( (after - before) * 100 / $(getconf CLK_TCK) / $2 )) jit_pct=$(( jit * 100 / (after - before > 0 ? after - before : 1) ))"
}
# Warms the server up until its JIT compiler has settled: the paths of the scripts run in turn, 10 s
# at a time, until the C1/C2 compiler threads used less than JIT_SETTLED % of the server's CPU in the
# last 10 s (at least JIT_WARMUP s, at most JIT_MAX s). Under full load on two cores the compiler
# keeps tiering Leadline's request paths up for one to two minutes; a run measured before that
# measures the compiler, not the server (docs/performance.md).
jit_ticks() { # CPU ticks of the JIT compiler threads
  local t sum=0
  for t in /proc/"$PID"/task/*; do
    case "$(cat "$t/comm" 2>/dev/null)" in C1\ Compiler*|C2\ Compiler*) sum=$(( sum + $(awk '{print $14 + $15}' "$t/stat") ));; esac
  done
  echo "$sum"
}
jit_warmup() { # script...
  local t0=$(date +%s) i=0 jit0 cpu0 jit1 cpu1 share=100 scripts=("$@")
  while :; do
    jit0=$(jit_ticks); cpu0=$(cpu_ticks)
    run_wrk "${scripts[$(( i % ${#scripts[@]} ))]}" 10 "$CONNS" >/dev/null
    # Monitoring scrapes a live server between requests, and each measured run below is framed by
    # scrapes (answers, batch meters): so does the warm-up. Without them the first measured run
    # recompiled the request path's framework code, at 16-20 % of the server's CPU (`jit=`,
    # 2026-12-01; docs/performance.md). The baseline service has no meters: its scrape fails, harmlessly.
    server_answers /api/v1/leads 201 >/dev/null || true
    batch_totals lead-create >/dev/null || true
    jit1=$(jit_ticks); cpu1=$(cpu_ticks)
    i=$(( i + 1 ))
    share=$(( (jit1 - jit0) * 100 / (cpu1 - cpu0 > 0 ? cpu1 - cpu0 : 1) ))
    local took=$(( $(date +%s) - t0 ))
    # (Compiler threads come and go with the JIT's queue; one that ended took its ticks with it.)
    if { [ "$jit1" -ge "$jit0" ] && [ "$share" -lt "$JIT_SETTLED" ] && [ "$took" -ge "$JIT_WARMUP" ]; } || [ "$took" -ge "$JIT_MAX" ]; then
      log "JIT warm-up: ${took} s, compiler at ${share}% of the server's CPU in the last 10 s"
      WARMUPS+=("${took}s")
      return
    fi
  done
}
WARMUPS=()

field() { # line name
  sed -n "s/.* $2=\([0-9]*\).*/\1/p" <<<" $1" | head -1
}

ROWS=()
add_row() { ROWS+=("$1"); }
FAIL=0

# The group commit's own meters (docs/deploy.md): batches, items, seconds in batches, seconds callers
# waited, summed over the instance's life.
batch_totals() { # batcher name (lead-create, capture)
  curl -sf "$BASE/actuator/prometheus" | awk -v name="$1" '
    index($0, "name=\"" name "\"") == 0 { next }
    /^leadline_batch_size_count/ { n = $2 } /^leadline_batch_size_sum/ { items = $2 }
    /^leadline_batch_seconds_sum/ { busy = $2 } /^leadline_batch_wait_seconds_sum/ { wait = $2 }
    /^leadline_batch_wait_seconds_count/ { waits = $2 }
    END { printf "%d %d %.6f %.6f %d\n", n, items, busy, wait, waits }'
}
# Between two batch_totals: mean batch size and duration, the share of the run a batch was running
# (one batch of a workspace at a time: near 100 % means the lane, not the machine, sets the rate) and
# a request's mean wait for its batch.
batch_summary() { # before after seconds
  local n0 i0 b0 w0 c0 n1 i1 b1 w1 c1
  read -r n0 i0 b0 w0 c0 <<<"$1"; read -r n1 i1 b1 w1 c1 <<<"$2"
  [ $(( n1 - n0 )) -gt 0 ] || return 0
  printf 'batch=%.1fx%.1fms busy=%.0f%% wait=%.1fms' "$(bc -l <<<"($i1 - $i0) / ($n1 - $n0)")" \
    "$(bc -l <<<"($b1 - $b0) * 1000 / ($n1 - $n0)")" "$(bc -l <<<"($b1 - $b0) * 100 / $3")" \
    "$(bc -l <<<"($w1 - $w0) * 1000 / ($c1 - $c0)")"
}

# Waits until the server has answered every request wrk left in flight (its count of answers stops
# moving), so the rows counted before and after a run belong to that run alone.
quiet() { # uri status
  local last=-1 now i
  for i in $(seq 1 40); do
    now=$(server_answers "$1" "$2")
    [ "$now" = "$last" ] && return
    last=$now
    sleep 0.5
  done
}

# One measured hot path: warm-up, then the measured run; checks the rows it made.
measure() { # label script expect-status table-check
  local label=$1 script=$2 want=$3
  local uri=/api/v1/leads; [ "$script" = capture.lua ] && uri=/api/public/lead
  run_wrk "$script" "$WARMUP" "$CONNS" >/dev/null
  quiet "$uri" "$want"
  # Planner statistics as autovacuum keeps them on a live table: a table that grew from empty within
  # the last minute has none, and PostgreSQL then picks the wrong index (see docs/performance.md).
  $PG -d "$DB" -c "analyze" >/dev/null
  local leads0 subs0 srv0 leads1 subs1 srv1 line batcher=lead-create batch0 batch1
  [ "$uri" = /api/public/lead ] && batcher=capture
  leads0=$(count "select count(*) from leads where workspace_id = '$BENCH_WS'")
  subs0=$(count "select count(*) from submissions where workspace_id = '$BENCH_WS'")
  srv0=$(server_answers "$uri" "$want")
  batch0=$(batch_totals "$batcher")
  line=$(run_wrk "$script" "$DURATION" "$CONNS")
  batch1=$(batch_totals "$batcher")
  quiet "$uri" "$want"
  leads1=$(count "select count(*) from leads where workspace_id = '$BENCH_WS'")
  subs1=$(count "select count(*) from submissions where workspace_id = '$BENCH_WS'")
  srv1=$(server_answers "$uri" "$want")
  local answered acked errors rate inflight served rows check
  answered=$(field "$line" requests)
  acked=$(field "$line" "s$want"); acked=${acked:-0}
  errors=$(( answered - acked + $(field "$line" err_connect) + $(field "$line" err_read) + $(field "$line" err_write) + $(field "$line" err_timeout) ))
  rate=$(( acked * 1000000 / $(field "$line" duration_us) ))
  inflight=$(( $(field "$line" sent) - answered ))
  served=$(( srv1 - srv0 ))
  if [ "$want" = 200 ]; then rows=$(( subs1 - subs0 )); else rows=$(( leads1 - leads0 )); fi
  check=ok
  if [ "$rows" != "$served" ] || [ "$rows" -lt "$acked" ] || [ "$rows" -gt $(( acked + inflight )) ]; then check=MISMATCH; FAIL=1; fi
  if [ "$want" = 200 ] && [ "$leads1" != "$leads0" ]; then check="MISMATCH(leads+$(( leads1 - leads0 )))"; FAIL=1; fi
  if [ "$script" = capture.lua ] && [ "$want" = 201 ] && [ "$(( subs1 - subs0 ))" != "$rows" ]; then check=MISMATCH-subs; FAIL=1; fi
  local statuses
  statuses=$(grep -o ' s[0-9]*=[0-9]*' <<<"$line" | tr -d ' ' | tr '\n' ' ')
  add_row "$(printf '%-34s %8d %6.2f %6.2f %7.2f %7d %-22s %6d %5d %s' "$label" "$rate" \
    "$(bc -l <<<"$(field "$line" p50_us)/1000")" "$(bc -l <<<"$(field "$line" p99_us)/1000")" \
    "$(bc -l <<<"$(field "$line" p999_us)/1000")" "$errors" "${statuses% }" "$(( $(field "$line" rss_kb) / 1024 ))" \
    "$(field "$line" cpu_pct)" "rows=$rows served=$served acked=$acked inflight=$inflight $check $(batch_summary "$batch0" "$batch1" "$DURATION") jit=$(field "$line" jit_pct)%")"
  LAST_RATE=$rate
  log "$label: $rate/s $line"
}

# --- database ----------------------------------------------------------------------------------
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')
log "load average: $LOAD_START; database $DB"
$PG -d postgres -c "create database $DB"

RAW_RATE=0
RAW50_RATE=
raw_insert() {
  $PG -d "$DB" -c "drop table if exists bench_raw; create table bench_raw (like leads including all)"
  pgbench -h 127.0.0.1 -U postgres -n -M prepared -c "$CONNS" -j "$THREADS" -T "$WARMUP" -f "$BENCH_DIR/raw-insert.sql" "$DB" >/dev/null 2>&1
  pgbench -h 127.0.0.1 -U postgres -n -M prepared -c "$CONNS" -j "$THREADS" -T "$DURATION" -f "$BENCH_DIR/raw-insert.sql" "$DB" >"$TMP/pgbench.out" 2>&1
  RAW_RATE=$(sed -n 's/^tps = \([0-9]*\).*/\1/p' "$TMP/pgbench.out" | head -1)
  [ -n "$RAW_RATE" ] || { cat "$TMP/pgbench.out" >&2; echo "pgbench failed" >&2; exit 1; }
  local lat
  lat=$(sed -n 's/^latency average = \([0-9.]*\).*/\1/p' "$TMP/pgbench.out")
  add_row "$(printf '%-34s %8d %6s %6s %7s %7s %-22s %6s %5s %s' "raw INSERT (pgbench, 1 row/tx)" "$RAW_RATE" "avg" "$lat" "" "0" "" "" "" "same shape as leads")"
  log "raw insert: $RAW_RATE rows/s"
  # The same rows, 50 to a statement: what PostgreSQL allows batched writes into this table with
  # nothing in front of it (the most any batching server could hand it).
  pgbench -h 127.0.0.1 -U postgres -n -M prepared -c "$CONNS" -j "$THREADS" -T "$WARMUP" -f "$BENCH_DIR/raw-insert-50.sql" "$DB" >/dev/null 2>&1
  pgbench -h 127.0.0.1 -U postgres -n -M prepared -c "$CONNS" -j "$THREADS" -T "$DURATION" -f "$BENCH_DIR/raw-insert-50.sql" "$DB" >"$TMP/pgbench50.out" 2>&1
  local tps
  tps=$(sed -n 's/^tps = \([0-9]*\).*/\1/p' "$TMP/pgbench50.out" | head -1)
  [ -n "$tps" ] || { cat "$TMP/pgbench50.out" >&2; echo "pgbench (50 rows) failed" >&2; exit 1; }
  RAW50_RATE=$(( tps * 50 ))
  lat=$(sed -n 's/^latency average = \([0-9.]*\).*/\1/p' "$TMP/pgbench50.out")
  add_row "$(printf '%-34s %8d %6s %6s %7s %7s %-22s %6s %5s %s' "raw INSERT (pgbench, 50 rows/tx)" "$RAW50_RATE" "avg" "$lat" "" "0" "" "" "" "rows/s; same table")"
  log "raw insert, 50 rows a statement: $RAW50_RATE rows/s"
}

scenarios() { # mode label
  tenant "$1"
  # Both hot paths run until the JIT has settled, so that every measurement below sees the server
  # warm (each still has its own warm-up).
  jit_warmup private.lua capture.lua
  measure "private create ($1)" private.lua 201
  P_RATE=$LAST_RATE
  measure "capture new ($1)" capture.lua 201
  C_RATE=$LAST_RATE
  # Leads to merge into: one capture each, then every request of the run joins one of them.
  local n=2000 i
  for ((i = 1; i <= n; i += 200)); do
    seq "$i" $((i + 199)) | xargs -P 8 -I{} curl -sf -o /dev/null -X POST "$BASE/api/public/lead" \
      -H "X-Api-Key: $BENCH_PROJECT_KEY" -H 'Content-Type: application/json' -d '{"email":"merge-{}@bench.example.com","name":"Merge {}"}'
  done
  export BENCH_MERGE=$n
  measure "capture merge ($1)" capture.lua 200
  unset BENCH_MERGE
  eval "RATE_PRIVATE_$2=$P_RATE RATE_CAPTURE_$2=$C_RATE"
}

# The framework's ceiling on this machine: the same server answering GET /api/health (filters,
# Spring MVC, JSON; no database, key or body) at the same concurrency.
ceiling() {
  run_wrk health.lua "$WARMUP" "$CONNS" >/dev/null
  local line ok
  line=$(run_wrk health.lua "$DURATION" "$CONNS")
  ok=$(field "$line" s200)
  CEILING=$(( ${ok:-0} * 1000000 / $(field "$line" duration_us) ))
  add_row "$(printf '%-34s %8d %6.2f %6.2f %7.2f %7d %-22s %6d %5d %s' "ceiling: GET /api/health" "$CEILING" \
    "$(bc -l <<<"$(field "$line" p50_us)/1000")" "$(bc -l <<<"$(field "$line" p99_us)/1000")" \
    "$(bc -l <<<"$(field "$line" p999_us)/1000")" "$(( $(field "$line" requests) - ${ok:-0} ))" "s200=${ok:-0}" \
    "$(( $(field "$line" rss_kb) / 1024 ))" "$(field "$line" cpu_pct)" "no database")"
  log "ceiling: $line"
}

# The yardsticks (scripts/bench/baseline/Baseline.java): a Spring Boot service with the same
# libraries, JVM flags, virtual threads, pool and request body as Leadline but none of its rules,
# answering without a database, with one INSERT per request, and with group commit into bench_raw.
# What it reaches bounds what any design on this stack can reach on this machine.
BASELINE=()
baseline() {
  local jdk out lib pid line ok label rows0 rows1 rows last i path
  jdk=$(dirname "$JAVA")
  if [ ! -x "$jdk/javac" ] || [ ! -x "$jdk/jar" ]; then log "no javac/jar beside $JAVA: skipping the baseline"; return; fi
  out=$TMP/baseline; lib=$out/BOOT-INF/lib
  mkdir -p "$out/classes"
  (cd "$out" && "$jdk/jar" xf "$JAR" BOOT-INF/lib)
  "$jdk/javac" -proc:none -nowarn -cp "$lib/*" -d "$out/classes" "$BENCH_DIR/baseline/Baseline.java"
  "$JAVA" $JVM_OPTS -cp "$out/classes:$lib/*" Baseline --server.port="$PORT" --logging.level.root=warn \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$DB?user=postgres" \
    --spring.datasource.hikari.maximum-pool-size=20 --spring.threads.virtual.enabled=true >"$TMP/baseline.log" 2>&1 &
  PID=$!
  until curl -sf -o /dev/null -X POST "$BASE/bare/api/v1/leads" -H 'Content-Type: application/json' -d '{"email":"x"}'; do
    if ! kill -0 "$PID" 2>/dev/null; then tail -50 "$TMP/baseline.log" >&2; echo "baseline died" >&2; exit 1; fi
    sleep 0.1
  done
  for path in bare naive batched; do
    export BENCH_PATH=/$path/api/v1/leads
    jit_warmup private.lua
    run_wrk private.lua "$WARMUP" "$CONNS" >/dev/null
    rows0=$(count "select count(*) from bench_raw where workspace_id = 'ws_baseline'")
    line=$(run_wrk private.lua "$DURATION" "$CONNS")
    last=-1
    for i in $(seq 1 40); do # the answers wrk left in flight
      rows1=$(count "select count(*) from bench_raw where workspace_id = 'ws_baseline'")
      [ "$rows1" = "$last" ] && break
      last=$rows1; sleep 0.5
    done
    ok=$(field "$line" s201); ok=${ok:-0}
    rows=$(( rows1 - rows0 ))
    case $path in
      bare) label="baseline: bare, no database"; rows="no database" ;;
      naive) label="baseline: 1 INSERT per request" ;;
      batched) label="baseline: group commit, no rules" ;;
    esac
    if [ "$path" != bare ]; then
      if [ "$rows" -lt "$ok" ] || [ "$rows" -gt $(( ok + $(field "$line" sent) - $(field "$line" requests) )) ]; then
        rows="rows=$rows acked=$ok MISMATCH"; FAIL=1
      else
        rows="rows=$rows acked=$ok ok"
      fi
    fi
    add_row "$(printf '%-34s %8d %6.2f %6.2f %7.2f %7d %-22s %6d %5d %s' "$label" \
      "$(( ok * 1000000 / $(field "$line" duration_us) ))" "$(bc -l <<<"$(field "$line" p50_us)/1000")" \
      "$(bc -l <<<"$(field "$line" p99_us)/1000")" "$(bc -l <<<"$(field "$line" p999_us)/1000")" \
      "$(( $(field "$line" requests) - ok ))" "s201=$ok" "$(( $(field "$line" rss_kb) / 1024 ))" "$(field "$line" cpu_pct)" "$rows")"
    BASELINE+=("$path=$(( ok * 1000000 / $(field "$line" duration_us) ))")
    log "baseline $path: $line"
  done
  unset BENCH_PATH
  stop_server
}

start_server ""
raw_insert # the schema exists now; the idle server barely uses the CPU meanwhile
scenarios "PostgreSQL" local
ceiling
stop_server
[ "$BASE_LINE" = 1 ] && baseline

if [ "$REDIS" = 1 ]; then
  if redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
    start_server "redis://127.0.0.1:6379"
    scenarios "PostgreSQL + Redis" redis
    stop_server
  else
    log "Redis not reachable on 127.0.0.1:6379: skipping the Redis runs"
  fi
fi

if [ "$LARGE" = 1 ]; then
  start_server ""
  tenant large
  jit_warmup private.lua capture.lua # warm, as the empty-table runs were
  log "loading 1,000,000 leads"
  t0=$(date +%s)
  $PG -d "$DB" -v ws="$BENCH_WS" -v user="$BENCH_USER" -v from=1 -v to=1000000 -f "$BENCH_DIR/load-leads.sql"
  log "loaded 1 M leads in $(( $(date +%s) - t0 )) s"
  # Each page at 8 connections (the machine saturated: the tail is queueing for the two cores) and
  # at 1 connection (one user paging: the page's own latency).
  for conns in 8 1; do
  for q in "limit=50" "status=qualified&limit=50" "source=referral&limit=50" "channel=web&limit=50"; do
    export BENCH_QUERY=$q
    run_wrk list.lua 3 "$conns" >/dev/null
    line=$(run_wrk list.lua "$DURATION" "$conns")
    ok=$(field "$line" s200)
    add_row "$(printf '%-34s %8d %6.2f %6.2f %7.2f %7d %-22s %6d %5d %s' "GET ?$q @1M ($conns conn)" \
      "$(( ${ok:-0} * 1000000 / $(field "$line" duration_us) ))" "$(bc -l <<<"$(field "$line" p50_us)/1000")" \
      "$(bc -l <<<"$(field "$line" p99_us)/1000")" "$(bc -l <<<"$(field "$line" p999_us)/1000")" \
      "$(( $(field "$line" requests) - ${ok:-0} ))" "s200=${ok:-0}" "$(( $(field "$line" rss_kb) / 1024 ))" "$(field "$line" cpu_pct)" "")"
    log "list ?$q ($conns conn): $line"
  done
  done
  unset BENCH_QUERY
  log "loading 4,000,000 more leads (5 M in the workspace)"
  t0=$(date +%s)
  $PG -d "$DB" -v ws="$BENCH_WS" -v user="$BENCH_USER" -v from=1000001 -v to=5000000 -f "$BENCH_DIR/load-leads.sql"
  log "loaded 4 M more leads in $(( $(date +%s) - t0 )) s"
  # A table that holds 5 M leads has long been vacuumed on a live system; without this, autovacuum's
  # first pass over the 4 M fresh rows would run during the measurement below.
  $PG -d "$DB" -c "vacuum (analyze) leads"
  log "vacuumed leads"
  # Nor is a live table's load still being written out: the load and the vacuum leave GBs of WAL and
  # dirty pages, and the checkpoints they cause (every ~12 s with the default max_wal_size of 1 GB;
  # see the server log's "checkpoints are occurring too frequently") ran into the measurement. Then
  # the index pages the creates touch are read back into shared_buffers (30 s of creates), as on a
  # table that has been taking leads all along.
  $PG -d "$DB" -c "checkpoint"
  run_wrk private.lua 30 "$CONNS" >/dev/null
  log "checkpointed, 30 s of creates"
  # The empty-table reference, measured in turn with the 5 M figure: this machine's speed drifts by
  # more than the 10 % compared within the minutes between the first measurement and this one. A
  # second server (warmed the same way) on a second, empty database.
  save_as big
  DB=$DB_EMPTY PORT=$(( PORT + 1 )); BASE=http://127.0.0.1:$PORT
  $PG -d postgres -c "create database $DB"
  start_server ""
  tenant empty
  jit_warmup private.lua capture.lua
  save_as empty
  sum_big=0 sum_empty=0
  for round in 1 2; do
    use big
    measure "private create @5M leads ($round)" private.lua 201
    sum_big=$(( sum_big + LAST_RATE ))
    use empty
    measure "private create, empty table ($round)" private.lua 201
    sum_empty=$(( sum_empty + LAST_RATE ))
  done
  RATE_PRIVATE_5M=$(( sum_big / 2 )) RATE_PRIVATE_EMPTY=$(( sum_empty / 2 ))
  stop_server
  use big
  stop_server
  S_big=
fi

# --- table -------------------------------------------------------------------------------------
echo
echo "Leadline ingest benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average (1/5/15 min) at start $LOAD_START, at the end $(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')"
echo "wrk -t$THREADS -c$CONNS -d${DURATION}s (after a JIT warm-up per server until its compiler used < ${JIT_SETTLED}% of its CPU for 10 s — ${WARMUPS[*]:-none} — and ${WARMUP}s per path); JVM: $JVM_OPTS"
printf '%-34s %8s %6s %6s %7s %7s %-22s %6s %5s %s\n' "path" "ok/s" "p50ms" "p99ms" "p99.9ms" "errors" "statuses" "RSS MB" "CPU%" "rows check"
for r in "${ROWS[@]}"; do echo "$r"; done
echo
ratio() { if [ "${RAW_RATE:-0}" -gt 0 ]; then bc -l <<<"scale=2; $1 / $RAW_RATE"; else echo "n/a"; fi; }
echo "Leadline ÷ raw INSERT ($RAW_RATE rows/s):"
[ -n "${RAW50_RATE:-}" ] && echo "  raw INSERT, 50 rows a statement (PostgreSQL alone, batched): ${RAW50_RATE} rows/s = $(ratio "$RAW50_RATE")"
[ -n "${CEILING:-}" ] && echo "  ceiling (GET /api/health, no database): ${CEILING}/s = $(ratio "$CEILING")"
BARE_RATE=
for b in "${BASELINE[@]}"; do [ "${b%%=*}" = bare ] && BARE_RATE=${b#*=}; done
for b in "${BASELINE[@]}"; do
  case ${b%%=*} in
    bare) echo "  baseline, bare Spring Boot endpoint (no database): ${b#*=}/s = $(ratio "${b#*=}")" ;;
    naive) echo "  baseline, naive endpoint (1 INSERT per request): ${b#*=}/s = $(ratio "${b#*=}")" ;;
    batched) echo "  baseline, group commit without rules: ${b#*=}/s = $(ratio "${b#*=}")" ;;
  esac
done
# Each of the two measured alone takes the whole machine: the bare endpoint (HTTP + JSON, no
# database) and PostgreSQL's batched INSERT. A server doing both per lead cannot exceed
# 1 / (1/bare + 1/raw50) leads/s, whatever its rules cost (they only lower it).
if [ -n "$BARE_RATE" ] && [ -n "${RAW50_RATE:-}" ]; then
  BOUND=$(printf '%.0f' "$(bc -l <<<"1 / (1 / $BARE_RATE + 1 / $RAW50_RATE)")")
  echo "  upper bound for any server on this machine, 1 / (1/bare + 1/raw 50 rows): ${BOUND}/s = $(ratio "$BOUND")"
fi
echo "  private create: $(ratio "${RATE_PRIVATE_local:-0}")   capture new: $(ratio "${RATE_CAPTURE_local:-0}")   (PostgreSQL)"
if [ -n "${RATE_PRIVATE_redis:-}" ]; then
  echo "  private create: $(ratio "$RATE_PRIVATE_redis")   capture new: $(ratio "$RATE_CAPTURE_redis")   (PostgreSQL + Redis)"
fi
if [ -n "${RATE_PRIVATE_5M:-}" ]; then
  echo "  private create with 5 M leads in the workspace: ${RATE_PRIVATE_5M}/s (mean of two) = $(bc -l <<<"scale=2; $RATE_PRIVATE_5M * 100 / $RATE_PRIVATE_EMPTY")% of the empty table measured in turn with it (${RATE_PRIVATE_EMPTY}/s)"
fi
[ "$FAIL" = 0 ] || { echo "ROWS CHECK FAILED: see the rows check column" >&2; exit 1; }
