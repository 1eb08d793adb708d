#!/usr/bin/env bash
# Crash safety of the notification outbox: kill -9 Jifen in the middle of a posting load while its dispatcher
# delivers each posting's webhook to a stub, restart, let the outbox drain, and check that every acknowledged
# posting's message reached the stub at least once and that no key shows twice in an inbox.
#
#   bench/notify/crash.sh                    # 2 crash rounds on PostgreSQL, a few minutes
#   CRASH_ROUNDS=1 KILL_AFTER=5 bench/notify/crash.sh
#
# It reuses bench/crash/load.py (the ledger crash test's load: EARN/REDEEM postings through the API with fresh
# Idempotency-Keys, every acknowledged posting appended to a file). Jifen runs on a scratch PostgreSQL database
# (jifen_notify_crash) with JIFEN_NOTIFY_WEBHOOK_URL pointing at bench/notify/stub.py (which checks each
# signature and CloudEvents field) and a 15 s dispatcher lease, so messages a killed dispatcher had claimed are
# sent again soon after the restart. Checks after each restart, once the outbox has drained:
#   - every acknowledged posting has its notify_event row (written after the posting's commit by an asynchronous
#     listener; the posting's transaction wrote its event_publication row, which a restart republishes)
#   - no event publication left incomplete (the restart republished what the kill interrupted)
#   - every acknowledged posting's CloudEvent (id posting:<id>:WEBHOOK:...) reached the stub at least once
#   - no idempotency key twice in notify_inbox; no webhook message left undelivered or dead
# Knobs: PGHOST PGPORT PGUSER, CRASH_PORT (18081), STUB_PORT (18091), CRASH_ROUNDS (2), KILL_AFTER (8 s),
#   CRASH_WORKERS (8), CRASH_START_TIMEOUT (240 s), DRAIN_TIMEOUT (180 s), REBUILD=1, KEEP_DBS=1.
set -euo pipefail
cd "$(dirname "$0")/../.."

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
PORT="${CRASH_PORT:-18081}"
STUB_PORT="${STUB_PORT:-18091}"
ROUNDS="${CRASH_ROUNDS:-2}"
KILL_AFTER="${KILL_AFTER:-8}"
WORKERS="${CRASH_WORKERS:-8}"
START_TIMEOUT="${CRASH_START_TIMEOUT:-240}"
DRAIN_TIMEOUT="${DRAIN_TIMEOUT:-180}"
BUILD_DIR=target-bench
DB="${CRASH_PG_DB:-jifen_notify_crash}"
BASE="http://127.0.0.1:$PORT"
SECRET="crash-test-secret-$$-0123456789"
WORK="$(mktemp -d /tmp/jifen-notify-crash.XXXXXX)"
DATA="$WORK/data"
ACKS="$WORK/acks.tsv"
SENT="$WORK/sent.tsv"
IDS="$WORK/delivered.txt"
FAILS=0
APP_PID=""
STUB_PID=""
mkdir -p "$DATA"
: >"$ACKS" >"$SENT" >"$IDS"

cleanup() {
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; fi
  if [[ -n "$STUB_PID" ]] && kill -0 "$STUB_PID" 2>/dev/null; then kill "$STUB_PID"; wait "$STUB_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

say() { printf '%s\n' "$*"; }
check() { if [[ "$2" == true ]]; then say "  PASS  $1"; else say "  FAIL  $1"; FAILS=$((FAILS + 1)); fi; }
sql() { psql -d "$DB" -v ON_ERROR_STOP=1 -Atq "$@"; }

jar_path() { ls "$BUILD_DIR"/jifen-*.jar 2>/dev/null | grep -v -- '-plain\.jar$' | head -1 || true; }
JAR="$(jar_path)"
if [[ -z "$JAR" || "${REBUILD:-0}" == 1 ]] || ! unzip -Z1 "$JAR" 'BOOT-INF/classes/cn/jifen/notify/Dispatcher.class' >/dev/null 2>&1; then
  say "building the jar ($BUILD_DIR) ..."
  ./mvnw -q -B -o -Dmaven.test.skip=true package "-Djifen.buildDir=$BUILD_DIR" >"$WORK/build.log" 2>&1 \
    || { say "build failed:"; grep ERROR "$WORK/build.log" | head -20; exit 1; }
  JAR="$(jar_path)"
fi
say "jar: $JAR; database: PostgreSQL $DB; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
psql -d postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" 2>&1 | grep -v NOTICE || true

python3 bench/notify/stub.py "$STUB_PORT" "$SECRET" "$IDS" &
STUB_PID=$!

start_app() {
  JIFEN_DB_URL="jdbc:postgresql://127.0.0.1:$PGPORT/$DB" JIFEN_DB_USER="$PGUSER" JIFEN_DB_PASSWORD= \
  JIFEN_DEMO=true JIFEN_DEMO_YEAR=false JIFEN_PORT="$PORT" JIFEN_DATA_DIR="$DATA" \
  JIFEN_NOTIFY_WEBHOOK_URL="http://127.0.0.1:$STUB_PORT/hook" JIFEN_NOTIFY_WEBHOOK_SECRET="$SECRET" \
    java -jar "$JAR" --server.address=127.0.0.1 --jifen.notify.lease=PT15S --jifen.notify.backoff=PT2S \
    >>"$WORK/app.log" 2>&1 &
  APP_PID=$!
  local t0=$SECONDS
  until curl -sf "$BASE/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
    if ! kill -0 "$APP_PID" 2>/dev/null; then say "Jifen exited during start-up; log:"; tail -40 "$WORK/app.log"; exit 1; fi
    if (( SECONDS - t0 > START_TIMEOUT )); then say "Jifen not UP after $START_TIMEOUT s"; tail -40 "$WORK/app.log"; exit 1; fi
    sleep 1
  done
  say "  Jifen pid $APP_PID UP in $((SECONDS - t0)) s"
}
token() {
  curl -sf -X POST "$BASE/api/v1/tokens" -H 'Content-Type: application/json' \
    -d '{"username":"demo-admin","password":"demo-admin"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
# waits until every event is fanned out and no webhook message is waiting (or the timeout)
drain() {
  local t0=$SECONDS
  while :; do
    local left
    left="$(sql -c "SELECT (SELECT count(*) FROM event_publication WHERE completion_date IS NULL) + (SELECT count(*) FROM notify_event WHERE NOT fanned_out) + (SELECT count(*) FROM notify_outbox WHERE channel IN ('WEBHOOK','INBOX') AND status IN ('PENDING','SENDING'))")"
    [[ "$left" == 0 ]] && { say "  outbox drained in $((SECONDS - t0)) s"; return; }
    (( SECONDS - t0 > DRAIN_TIMEOUT )) && { say "  outbox not drained after $DRAIN_TIMEOUT s ($left waiting)"; return; }
    sleep 2
  done
}

say "starting Jifen (demo county) with the webhook stub on port $STUB_PORT ..."
start_app
TOKEN="$(token)"
python3 bench/crash/load.py households --port "$PORT" --token "$TOKEN" >"$WORK/households.txt" \
  || { say "no households found"; exit 1; }
say "  $(wc -l <"$WORK/households.txt") demo households to post to"

for round in $(seq 1 "$ROUNDS"); do
  say "round $round: $WORKERS workers posting, kill -9 after $KILL_AFTER s"
  UNSURE="$WORK/unsure-$round.tsv"; : >"$UNSURE"
  python3 bench/crash/load.py load --port "$PORT" --token "$TOKEN" --households "$WORK/households.txt" \
    --workers "$WORKERS" --seconds $((KILL_AFTER + 30)) --max 50000 --acks "$ACKS" --unsure "$UNSURE" --sent "$SENT" \
    --tag "n$round" >"$WORK/load-$round.json" 2>>"$WORK/load.err" &
  LOAD_PID=$!
  sleep "$KILL_AFTER"
  sending="$(sql -c "SELECT count(*) FROM notify_outbox WHERE status = 'SENDING'" 2>/dev/null || echo '?')"
  kill -9 "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
  say "  killed pid $APP_PID with SIGKILL ($sending messages were being sent at that moment)"
  APP_PID=""
  wait "$LOAD_PID" || true
  outstanding="$(sql -c "SELECT count(*) FROM event_publication WHERE completion_date IS NULL")"
  say "  $outstanding event publications left incomplete by the kill (their listeners had not yet committed)"
  say "  load: $(cat "$WORK/load-$round.json")"
  start_app
  TOKEN="$(token)"
  drain
  sql <<SQL >"$WORK/check-$round.txt"
CREATE TEMP TABLE acked (posting_id uuid, idem_key text, village_id bigint, household_id bigint, status int);
\copy acked FROM '$ACKS'
CREATE TEMP TABLE delivered (id text);
\copy delivered FROM '$IDS'
SELECT count(DISTINCT posting_id) FROM acked;
SELECT count(*) FROM (SELECT DISTINCT posting_id FROM acked) a
  WHERE NOT EXISTS (SELECT 1 FROM notify_event e WHERE e.event_key = 'posting:' || a.posting_id);
SELECT count(*) FROM (SELECT DISTINCT posting_id FROM acked) a
  WHERE NOT EXISTS (SELECT 1 FROM delivered d WHERE d.id LIKE 'posting:' || a.posting_id || ':WEBHOOK:%:cn.jifen.posting.created');
SELECT count(*) FROM (SELECT id FROM delivered GROUP BY id HAVING count(*) > 1) x;
SELECT count(*) FROM (SELECT idem_key FROM notify_inbox GROUP BY idem_key HAVING count(*) > 1) x;
SELECT count(*) FROM notify_outbox WHERE channel = 'WEBHOOK' AND status <> 'SENT';
SELECT count(*) FROM event_publication WHERE completion_date IS NULL;
SQL
  mapfile -t r <"$WORK/check-$round.txt"
  (( ${#r[@]} == 7 )) || r=("?" "?" "?" "?" "?" "?" "?")
  check "every one of ${r[0]} acknowledged postings has its notify_event row (missing: ${r[1]})" "$([[ ${r[1]} == 0 ]] && echo true || echo false)"
  check "every acknowledged posting's CloudEvent reached the stub at least once (missing: ${r[2]}; delivered more than once: ${r[3]})" \
    "$([[ ${r[2]} == 0 ]] && echo true || echo false)"
  check "no key twice in any inbox (found: ${r[4]})" "$([[ ${r[4]} == 0 ]] && echo true || echo false)"
  check "no webhook message left unsent or dead (found: ${r[5]})" "$([[ ${r[5]} == 0 ]] && echo true || echo false)"
  check "no event publication left incomplete after the restart (found: ${r[6]}; $outstanding before it)" \
    "$([[ ${r[6]} == 0 ]] && echo true || echo false)"
done

if [[ -s "$WORK/load.err" ]]; then say "load messages:"; head -10 "$WORK/load.err" | sed 's/^/  /'; fi
[[ "${KEEP_DBS:-0}" == 1 ]] || psql -d postgres -qc "DROP DATABASE IF EXISTS $DB" 2>/dev/null || true
if (( FAILS == 0 )); then
  say "OUTBOX CRASH SAFETY: PASS ($ROUNDS rounds, $(wc -l <"$ACKS") acknowledged postings, $(wc -l <"$IDS") webhook deliveries)"
  rm -rf "$WORK"
else
  say "OUTBOX CRASH SAFETY: FAIL ($FAILS checks failed); files kept in $WORK"
  exit 1
fi
