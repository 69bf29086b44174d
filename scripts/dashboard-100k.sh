#!/usr/bin/env bash
# Measures the dashboard's leads table on a workspace with many leads (default 100 000).
#
#   scripts/dashboard-100k.sh [leads] [requests-per-page]
#
# Creates a throw-away PostgreSQL database on 127.0.0.1:5432 (user postgres), starts Leadline on it,
# signs up through the real sign-up form, loads the leads with one INSERT … SELECT generate_series,
# then times the first page, a filtered page, a search, a later page (keyset cursor) and the CSV
# export, each over real HTTP with the session cookie. Prints p50 / p95 / max per page, in ms.
set -euo pipefail
case ${1:-} in
  -h|--help) sed -n '2,/^[^#]/{/^#/{s/^# \{0,1\}//;p}}' "$0"; exit 0 ;;
esac
LEADS=${1:-100000}
REQUESTS=${2:-20}
[[ $# -le 2 && $LEADS =~ ^[1-9][0-9]*$ && $REQUESTS =~ ^[1-9][0-9]*$ ]] \
  || { echo "dashboard-100k: [leads] [requests-per-page] are whole numbers >= 1 (see $0 --help)" >&2; exit 2; }
cd "$(dirname "$0")/.."

PORT=${PORT:-18091}
DB="leadline_dash_$$"
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d /tmp/leadline-dash-XXXX)
JAVA=""
for candidate in "${JAVA_HOME:-}/bin/java" /usr/lib/jvm/*/bin/java "$(command -v java)"; do
  [ -x "$candidate" ] || continue
  major=$("$candidate" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  if [ "${major%%.*}" -ge 21 ] 2>/dev/null; then JAVA=$candidate; break; fi
done
[ -n "$JAVA" ] || { echo "needs a JDK >= 21"; exit 1; }

cleanup() {
  [ -n "${APP:-}" ] && kill "$APP" 2>/dev/null && wait "$APP" 2>/dev/null || true
  psql -h 127.0.0.1 -U postgres -qc "drop database if exists $DB with (force)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

JAR=$(ls target/leadline-*.jar 2>/dev/null | grep -v plain | head -1 || true)
if [ -z "$JAR" ]; then
  ./mvnw -q -B -DskipTests package
  JAR=$(ls target/leadline-*.jar | grep -v plain | head -1)
fi

psql -h 127.0.0.1 -U postgres -qc "create database $DB" >/dev/null
DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$DB" LEADLINE_DATA_DIR="$WORK" SERVER_PORT=$PORT \
  LEADLINE_ADMIN_TOKEN=dash-bench "$JAVA" -Xmx512m -jar "$JAR" >"$WORK/app.log" 2>&1 &
APP=$!
for _ in $(seq 1 120); do curl -sf "$BASE/api/ready" >/dev/null 2>&1 && break; sleep 0.5; done
curl -sf "$BASE/api/ready" >/dev/null || { tail -40 "$WORK/app.log"; exit 1; }

# Sign up through the form, as a person would (CSRF token from the page, session cookie kept).
JAR_COOKIES="$WORK/cookies"
token=$(curl -s -c "$JAR_COOKIES" "$BASE/signup" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
EMAIL="owner-$$@example.com"
curl -s -b "$JAR_COOKIES" -c "$JAR_COOKIES" -o /dev/null -X POST "$BASE/signup" \
  --data-urlencode "_csrf=$token" --data-urlencode "name=Dana Dashboard" --data-urlencode "email=$EMAIL" \
  --data-urlencode "password=correct horse battery" --data-urlencode "workspace=Big Workspace"
WS=$(psql -h 127.0.0.1 -U postgres -d "$DB" -Atc "select workspace_id from users where email = '$EMAIL'")
[ -n "$WS" ] || { echo "sign-up failed"; exit 1; }

start=$(date +%s.%N)
psql -h 127.0.0.1 -U postgres -d "$DB" -qc "
  insert into leads (public_id, workspace_id, channel, status, first_name, last_name, email, phone, company,
                     source, source_key, email_key, phone_key, search_text, created_at, updated_at)
  select 'ld_bench' || lpad(g::text, 12, '0'), '$WS',
         (array['API','WEB','WHATSAPP'])[1 + g % 3],
         (array['NEW','CONTACTED','QUALIFIED','UNQUALIFIED','WON','LOST'])[1 + g % 6],
         'First' || g, case when g % 100 = 0 then 'Smith' else 'Last' || g end,
         'person' || g || '@example.com', '+1 555 ' || lpad(g::text, 7, '0'), 'Company ' || (g % 5000),
         (array['website','referral','cold_call'])[1 + g % 3],
         (array['website','referral','cold_call'])[1 + g % 3],
         'person' || g || '@example.com', '1555' || lpad(g::text, 7, '0'),
         lower('first' || g || ' ' || case when g % 100 = 0 then 'smith' else 'last' || g end
               || ' person' || g || '@example.com company ' || (g % 5000)),
         now() - make_interval(secs => g), now() - make_interval(secs => g)
    from generate_series(1, $LEADS) g;
  analyze leads;" >/dev/null
printf 'loaded %d leads in %.1f s\n' "$LEADS" "$(echo "$(date +%s.%N) - $start" | bc)"

measure() {
  local label=$1 path=$2
  local times=()
  for _ in $(seq 1 "${WARMUP:-10}"); do   # warm-up: template compilation and JIT, not measured
    curl -s -b "$JAR_COOKIES" -o /dev/null "$BASE$path"
  done
  for _ in $(seq 1 "$REQUESTS"); do
    times+=("$(curl -s -b "$JAR_COOKIES" -o /dev/null -w '%{http_code} %{time_total}' "$BASE$path")")
  done
  printf '%s\n' "${times[@]}" | awk -v label="$label" '
    { if ($1 != 200) bad++; t[NR] = $2 * 1000 }
    END {
      n = asort(t)
      printf "%-34s p50 %7.1f ms   p95 %7.1f ms   max %7.1f ms   non-200: %d\n",
             label, t[int(n * 0.5 + 0.5)], t[int(n * 0.95 + 0.5)], t[n], bad
    }'
}

next=$(curl -s -b "$JAR_COOKIES" "$BASE/app/leads" | grep -o 'id="next-page"[^>]*href="[^"]*"\|href="[^"]*"[^>]*id="next-page"' \
       | grep -o 'href="[^"]*"' | sed 's/href="//;s/"$//;s/&amp;/\&/g' | head -1)
echo "leads table on $LEADS leads, $REQUESTS requests each, one at a time:"
measure "first page" "/app/leads"
measure "status=qualified" "/app/leads?status=qualified"
measure "channel=whatsapp, oldest first" "/app/leads?channel=whatsapp&sort=oldest"
measure "search q=smith" "/app/leads?q=smith"
measure "search q=person4242 (rare)" "/app/leads?q=person4242"
[ -n "$next" ] && measure "second page (cursor)" "$next"
WARMUP=1 REQUESTS=3 measure "CSV export of status=won" "/app/leads/export.csv?status=won"
