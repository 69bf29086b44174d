#!/usr/bin/env bash
# Fault-and-load harness: two Leadline instances on a fresh PostgreSQL database and on Redis, both
# reached through TCP proxies this script controls (the shared servers are never stopped), driven
# with concurrent lead creation while PostgreSQL and Redis are cut and restored and one instance is
# sent SIGTERM. Then it checks the invariants and prints what it tried and what held.
#
#   scripts/chaos.sh           full run (~3 min of load)
#   scripts/chaos.sh --short   CI run (< 2 min in all)
#
# Needs: PostgreSQL on 127.0.0.1:5432 (user postgres, trust), Redis on 127.0.0.1:6379, curl, psql,
# a JDK >= 21. Exits non-zero when an invariant is violated.
set -euo pipefail

MODE=full
[ $# -le 1 ] || { echo "chaos: one option at most (see $0 --help)" >&2; exit 2; }
case ${1:-} in
  "") ;;
  --short) MODE=short ;;
  -h|--help) sed -n '2,/^[^#]/{/^#/{s/^# \{0,1\}//;p}}' "$0"; exit 0 ;;
  *) echo "chaos: unknown option $1 (see $0 --help)" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.."
if [ "$MODE" = short ]; then LOAD_SECONDS=24; WORKERS=6; else LOAD_SECONDS=180; WORKERS=10; fi

# --- tools --------------------------------------------------------------------------------------
JAVA=""
for home in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  [ -x "$home/bin/java" ] || continue
  major=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
  if [ "${major:-0}" -ge 21 ] 2>/dev/null; then JAVA="$home/bin/java"; break; fi
done
[ -n "$JAVA" ] || { echo "chaos: no JDK >= 21 found" >&2; exit 2; }
for tool in curl psql; do command -v $tool >/dev/null || { echo "chaos: $tool is missing" >&2; exit 2; }; done

JAR=$(ls target/leadline-*.jar 2>/dev/null | grep -v original | head -1 || true)
if [ -z "$JAR" ] || [ ! -f target/test-classes/io/leadline/testing/TcpProxy.class ]; then
  echo "chaos: building the jar"
  ./mvnw -B -q package -DskipTests
  JAR=$(ls target/leadline-*.jar | grep -v original | head -1)
fi

# --- scratch space, ports, database ---------------------------------------------------------------
RUN=$(mktemp -d /tmp/leadline-chaos.XXXXXX)
# Four consecutive ports below the kernel's ephemeral range (32768+: an outgoing connection, e.g.
# to a proxy, could hold one) that no socket uses right now.
ports_in_use() { ss -Htan | awk '{n = split($4, a, ":"); print a[n]}' | sort -u; }
while :; do
  BASE=$((20000 + RANDOM % 12000))
  ports_in_use | grep -qxE "$BASE|$((BASE + 1))|$((BASE + 2))|$((BASE + 3))" || break
done
PG_PROXY=$BASE; REDIS_PROXY=$((BASE + 1)); PORT1=$((BASE + 2)); PORT2=$((BASE + 3))
DB="leadline_chaos_$(date +%s)_$RANDOM"
ADMIN_TOKEN="chaos-admin-$RANDOM$RANDOM"
PIDS=()
PSQL=(psql -h 127.0.0.1 -U postgres -X -q -t -A -v ON_ERROR_STOP=1)

cleanup() {
  set +e
  touch "$RUN/stop"
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  "${PSQL[@]}" -d postgres -c "drop database if exists $DB with (force)" >/dev/null 2>&1
  if [ "${KEEP_RUN:-}" = "" ]; then rm -rf "$RUN"; else echo "chaos: kept $RUN"; fi
}
trap cleanup EXIT

"${PSQL[@]}" -d postgres -c "create database $DB"

echo up > "$RUN/pg.ctl"; echo up > "$RUN/redis.ctl"
"$JAVA" -cp target/test-classes io.leadline.testing.TcpProxy $PG_PROXY 5432 "$RUN/pg.ctl" > "$RUN/pg-proxy.log" 2>&1 &
PIDS+=($!)
"$JAVA" -cp target/test-classes io.leadline.testing.TcpProxy $REDIS_PROXY 6379 "$RUN/redis.ctl" > "$RUN/redis-proxy.log" 2>&1 &
PIDS+=($!)
sleep 1

start_instance() { # port log; sets STARTED to the instance's pid
  DATABASE_URL="postgresql://postgres@127.0.0.1:$PG_PROXY/$DB" REDIS_URL="redis://127.0.0.1:$REDIS_PROXY" \
  PORT=$1 LEADLINE_ADMIN_TOKEN=$ADMIN_TOKEN LEADLINE_DATA_DIR="$RUN/data-$1" \
  LEADLINE_CAPTURE_PER_IP_PER_MINUTE=1000000 LEADLINE_DB_POOL_SIZE=10 \
    "$JAVA" -Xmx384m -jar "$JAR" > "$2" 2>&1 &
  STARTED=$!
}
# Both at once: Flyway's lock lets one migrate while the other waits.
start_instance $PORT1 "$RUN/instance1.log"; PID1=$STARTED; PIDS+=($PID1)
start_instance $PORT2 "$RUN/instance2.log"; PID2=$STARTED; PIDS+=($PID2)
for port in $PORT1 $PORT2; do
  for _ in $(seq 1 90); do curl -sf "http://127.0.0.1:$port/api/ready" >/dev/null && break; sleep 1; done
  curl -sf "http://127.0.0.1:$port/api/ready" >/dev/null || { echo "chaos: instance on $port not ready" >&2; tail -n 50 "$RUN"/instance*.log; exit 2; }
done

# --- helpers ------------------------------------------------------------------------------------
admin() { # method path json -> body
  curl -sf -X "$1" "http://127.0.0.1:$PORT1$2" -H "Authorization: Bearer $ADMIN_TOKEN" \
    -H 'Content-Type: application/json' ${3:+-d "$3"}
}
field() { sed -n "s/.*\"$1\":\"\\{0,1\\}\\([^\",}]*\\).*/\\1/p"; }
workspace() { admin POST /api/admin/workspaces "{\"name\":\"$1\",\"monthlyLeadLimit\":$2}" | field id; }
project_key() { admin POST "/api/admin/workspaces/$1/projects" '{"name":"Site"}' | field apiKey; }
secret_key() { # workspace [per-minute limit]
  local user created
  user=$(admin POST "/api/admin/workspaces/$1/users" \
    "{\"email\":\"chaos$RANDOM$RANDOM@example.com\",\"name\":\"Chaos\",\"password\":\"correct horse battery\",\"role\":\"owner\"}" | field id)
  created=$(admin POST "/api/admin/users/$user/api-keys" '{"name":"chaos"}')
  if [ -n "${2:-}" ]; then
    admin PATCH "/api/admin/api-keys/$(field id <<<"$created")" "{\"rateLimitPerMinute\":$2}" >/dev/null
  fi
  field key <<<"$created"
}

# One request; appends "time instance kind status id name" to $RUN/acks.
send() { # n kind key port
  local n=$1 kind=$2 key=$3 port=$4 out code id name body
  if [ "$kind" = web ]; then
    name="chaos-$n@example.com"
    body="{\"email\":\"$name\"}"
    out=$(curl -s -m 30 -w '\n%{http_code}' -X POST "http://127.0.0.1:$port/api/public/lead" \
      -H "X-Api-Key: $key" -H 'Content-Type: application/json' -d "$body" || true)
    id=$(printf '%s' "$out" | head -1 | sed -n 's/.*"lead_id":\([0-9]*\).*/\1/p')
  else
    name="N$n"
    body="{\"firstName\":\"Chaos\",\"lastName\":\"$name\"}"
    out=$(curl -s -m 30 -w '\n%{http_code}' -X POST "http://127.0.0.1:$port/api/v1/leads" \
      -H "X-API-Key: $key" -H 'Content-Type: application/json' -d "$body" || true)
    id=$(printf '%s' "$out" | head -1 | sed -n 's/^{"id":"\([^"]*\)".*/\1/p')
  fi
  code=$(printf '%s' "$out" | tail -1)
  [ -n "$code" ] || code=000
  printf '%s %s %s %s %s %s\n' "$EPOCHREALTIME" "$port" "$kind" "$code" "${id:--}" "$name" >> "$RUN/acks.$kind.$5"
}
export -f send
export RUN

RESULTS=()
FAILED=0
record() { # what expected observed ok
  RESULTS+=("$1|$2|$3|$4")
  [ "$4" = yes ] || FAILED=1
}
count() { grep -c "$1" "$2" 2>/dev/null || true; }

# --- phase 1: one per-key budget across both instances ------------------------------------------
WS_KEY=$(workspace "per-key" null)
KEY=$(secret_key "$WS_KEY")
seq 1 300 | awk -v p1=$PORT1 -v p2=$PORT2 '{print $1, ($1 % 2 ? p1 : p2)}' \
  | xargs -P 8 -n 2 bash -c 'send "k$0" api "'"$KEY"'" "$1" perkey'
ok201=$(awk '$4==201' "$RUN/acks.api.perkey" | wc -l); ok429=$(awk '$4==429' "$RUN/acks.api.perkey" | wc -l)
record "per-key limit 200/min, 300 requests over 2 instances" "200 x 201, 100 x 429" "$ok201 x 201, $ok429 x 429" \
  "$([ "$ok201" = 200 ] && [ "$ok429" = 100 ] && echo yes || echo no)"

# --- phase 2: the plan limit, concurrently over both instances ----------------------------------
WS_PLAN=$(workspace "plan" 100)
PLAN_KEY=$(project_key "$WS_PLAN")
seq 1 150 | awk -v p1=$PORT1 -v p2=$PORT2 '{print $1, ($1 % 2 ? p1 : p2)}' \
  | xargs -P 8 -n 2 bash -c 'send "p$0" web "'"$PLAN_KEY"'" "$1" plan'
ok=$(awk '$4==201' "$RUN/acks.web.plan" | wc -l); limited=$(awk '$4==429' "$RUN/acks.web.plan" | wc -l)
stored=$("${PSQL[@]}" -d "$DB" -c "select count(*) from leads where workspace_id = '$WS_PLAN'")
record "plan limit 100, 150 captures over 2 instances" "100 x 201, 50 x 429, 100 stored" \
  "$ok x 201, $limited x 429, $stored stored" \
  "$([ "$ok" = 100 ] && [ "$limited" = 50 ] && [ "$stored" = 100 ] && echo yes || echo no)"

# --- phase 3: load while PostgreSQL and Redis go away and an instance is stopped ----------------
WS_LOAD=$(workspace "load" null)
LOAD_WEB=$(project_key "$WS_LOAD")
# The load phase is not about rate limits (phase 1 is): a limit the load cannot reach, so every
# answer other than 201/200 is the faults' doing.
LOAD_API=$(secret_key "$WS_LOAD" 100000)
worker() { # worker-number
  local i=0 port
  while [ ! -f "$RUN/stop" ]; do
    i=$((i + 1))
    if [ $(((i + $1) % 2)) = 0 ] || [ -f "$RUN/only1" ]; then port=$PORT1; else port=$PORT2; fi
    if [ $((i % 3)) = 0 ]; then send "w$1-$i" api "$LOAD_API" $port load; else send "w$1-$i" web "$LOAD_WEB" $port load; fi
  done
}
fallbacks() { curl -s "http://127.0.0.1:$1/actuator/prometheus" | sed -n 's/^leadline_ratelimit_fallback_total{[^}]*} \([0-9.E]*\)$/\1/p' | head -1; }
for w in $(seq 1 $WORKERS); do worker "$w" & PIDS+=($!); done

step=$((LOAD_SECONDS / 6))
sleep "$step"
T_PG_DOWN=$EPOCHREALTIME; echo down > "$RUN/pg.ctl"; echo "chaos: PostgreSQL cut"
sleep "$step"
READY_PG=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT1/api/ready")
echo up > "$RUN/pg.ctl"; T_PG_UP=$EPOCHREALTIME; echo "chaos: PostgreSQL restored"
sleep "$step"
F_BEFORE=$(fallbacks $PORT1)
T_REDIS_DOWN=$EPOCHREALTIME; echo down > "$RUN/redis.ctl"; echo "chaos: Redis cut"
sleep "$step"
READY_REDIS=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT1/api/ready")
F_DURING=$(fallbacks $PORT1)
echo up > "$RUN/redis.ctl"; T_REDIS_UP=$EPOCHREALTIME; echo "chaos: Redis restored"
sleep "$step"
T_TERM=$EPOCHREALTIME; kill -TERM "$PID2"; echo "chaos: SIGTERM to instance 2"
set +e; wait "$PID2"; EXIT2=$?; set -e
T_EXITED=$EPOCHREALTIME
touch "$RUN/only1"
sleep "$step"
touch "$RUN/stop"; sleep 2
RECOVERED=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT1/api/ready")

cat "$RUN"/acks.*.load > "$RUN/load"
total=$(wc -l < "$RUN/load")
acked=$(awk '$4==201 || $4==200' "$RUN/load" | wc -l)
unavailable=$(awk '$4==503' "$RUN/load" | wc -l)
bad5xx=$(awk '$4>=500 && $4!=503' "$RUN/load" | wc -l)
other=$(awk '$4!=201 && $4!=200 && $4!=503 && $4!="000"' "$RUN/load" | wc -l)
# A refused connection is fine only on the stopped instance, after it was told to stop.
lost=$(awk -v t=$T_TERM -v p2=$PORT2 '$4=="000" && !($2==p2 && $1>=t)' "$RUN/load" | wc -l)
refused=$(awk -v t=$T_TERM -v p2=$PORT2 '$4=="000" && $2==p2 && $1>=t' "$RUN/load" | wc -l)
during_pg=$(awk -v a=$T_PG_DOWN -v b=$T_PG_UP '$1>=a && $1<=b' "$RUN/load" | awk '$4==503' | wc -l)
during_pg_ok=$(awk -v a=$T_PG_DOWN -v b=$T_PG_UP '$1>=a+1 && $1<=b' "$RUN/load" | awk '$4==201 || $4==200' | wc -l)
during_redis_ok=$(awk -v a=$T_REDIS_DOWN -v b=$T_REDIS_UP '$1>=a && $1<=b' "$RUN/load" | awk '$4==201' | wc -l)
# Seconds from the restore to the first lead acknowledged after it.
recovery=$(awk -v b=$T_PG_UP '$1>=b && ($4==201 || $4==200) {d=$1-b; if (m=="" || d<m) m=d} END{printf "%.1f", (m=="" ? 999 : m)}' "$RUN/load")

# Every acknowledged lead is in the database exactly once.
"${PSQL[@]}" -d "$DB" -c "create table chaos_acks (t text, port int, kind text, code int, id text, name text)"
sed 's/ /\t/g' "$RUN/load" | "${PSQL[@]}" -d "$DB" -c "\\copy chaos_acks from stdin"
missing=$("${PSQL[@]}" -d "$DB" -c "
  select count(*) from chaos_acks a where a.code in (200, 201) and not exists (
    select 1 from leads l where l.workspace_id = '$WS_LOAD' and (
      (a.kind = 'web' and l.id::text = a.id and l.email = a.name) or
      (a.kind = 'api' and l.public_id = a.id and l.last_name = a.name)))")
dupes=$("${PSQL[@]}" -d "$DB" -c "
  select count(*) from (select coalesce(email, last_name) from leads where workspace_id = '$WS_LOAD'
                        group by coalesce(email, last_name) having count(*) > 1) d")
unacked_stored=$("${PSQL[@]}" -d "$DB" -c "
  select count(*) from leads l where l.workspace_id = '$WS_LOAD' and not exists (
    select 1 from chaos_acks a where a.code in (200, 201) and coalesce(l.email, l.last_name) = a.name)")
plan_final=$("${PSQL[@]}" -d "$DB" -c "select count(*) from leads where workspace_id = '$WS_PLAN'")

record "load: $total requests, $acked acknowledged" "every 201/200 stored exactly once" \
  "$missing missing, $dupes duplicated ($unacked_stored stored but unanswered)" \
  "$([ "$missing" = 0 ] && [ "$dupes" = 0 ] && echo yes || echo no)"
record "5xx answers" "only 503" "$unavailable x 503, $bad5xx other 5xx, $other other codes" \
  "$([ "$bad5xx" = 0 ] && [ "$other" = 0 ] && echo yes || echo no)"
record "PostgreSQL cut for ${step}s" "503 + ready 503, no success while down" \
  "$during_pg x 503, ready $READY_PG, $during_pg_ok acked while down" \
  "$([ "$during_pg" -gt 0 ] && [ "$READY_PG" = 503 ] && [ "$during_pg_ok" = 0 ] && echo yes || echo no)"
record "PostgreSQL restored" "leads created again within 5 s" "first lead acknowledged ${recovery} s after" \
  "$(awk -v r="$recovery" 'BEGIN{exit !(r<5)}' && echo yes || echo no)"
record "Redis cut for ${step}s" "capture goes on, local fallback, ready 503" \
  "$during_redis_ok created, fallbacks ${F_BEFORE:-?} -> ${F_DURING:-?}, ready $READY_REDIS" \
  "$([ "$during_redis_ok" -gt 0 ] && [ "$READY_REDIS" = 503 ] && awk -v a="${F_BEFORE:-0}" -v b="${F_DURING:-0}" 'BEGIN{exit !(b>a)}' && echo yes || echo no)"
record "SIGTERM to instance 2" "graceful exit, no connection lost mid-request" \
  "exit $EXIT2 in $(awk -v a=$T_TERM -v b=$T_EXITED 'BEGIN{printf "%.1f", b-a}') s, $lost lost, $refused refused after" \
  "$([ "$lost" = 0 ] && { [ "$EXIT2" = 0 ] || [ "$EXIT2" = 143 ]; } && echo yes || echo no)"
record "plan limit after the faults" "still 100 stored" "$plan_final stored" \
  "$([ "$plan_final" = 100 ] && echo yes || echo no)"
record "instance 1 after everything" "ready 200" "ready $RECOVERED" "$([ "$RECOVERED" = 200 ] && echo yes || echo no)"

echo
printf '%-52s | %-44s | %-56s | %s\n' "tried" "expected" "observed" "held"
printf '%s\n' "$(printf -- '-%.0s' $(seq 1 170))"
for row in "${RESULTS[@]}"; do
  IFS='|' read -r a b c d <<< "$row"
  printf '%-52s | %-44s | %-56s | %s\n' "$a" "$b" "$c" "$d"
done
rate=$(awk -v n="$total" -v s="$LOAD_SECONDS" 'BEGIN{printf "%.0f", n/s}')
echo
echo "load phase: $total requests in ${LOAD_SECONDS}s (~$rate req/s with $WORKERS curl workers), $acked acknowledged"
if [ "$FAILED" != 0 ]; then
  echo "chaos: INVARIANT VIOLATED (logs: KEEP_RUN=1 to keep $RUN)"
  exit 1
fi
echo "chaos: all invariants held"
