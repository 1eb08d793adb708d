#!/usr/bin/env bash
# Crash safety of the ledger: kill -9 the JVM in the middle of a posting load, restart, and check
# that nothing acknowledged was lost and the ledger still verifies.
#
#   bench/crash/run.sh                      # 3 crash rounds on PostgreSQL, ~3 minutes
#   CRASH_DB=h2 bench/crash/run.sh          # the same on the embedded H2 database (file in a fresh data dir)
#   CRASH_ROUNDS=1 KILL_AFTER=5 bench/crash/run.sh
#
# Steps
#   1. builds target-bench/jifen-*.jar if it is missing or lacks the ledger API
#      (./mvnw -q -B -Dmaven.test.skip=true package -Djifen.buildDir=target-bench: like -DskipTests but
#      does not compile the tests, so a test file someone is editing cannot block it; REBUILD=1 forces it)
#   2. CRASH_DB=postgres (default): scratch database jifen_crash (dropped and created);
#      CRASH_DB=h2: Jifen's default embedded URL, i.e. the H2 file <data dir>/jifen.mv.db
#      (CRASH_H2_URL replaces that URL, @DATA@ standing for the data dir: to try other H2 settings);
#      Jifen on it: JIFEN_DEMO=true, port 18080, a fresh JIFEN_DATA_DIR kept across restarts (secret key, H2 file)
#   3. per round: load.py posts EARN/REDEEM through POST /api/v1/households/{v}/{h}/postings with
#      $CRASH_WORKERS concurrent workers and fresh Idempotency-Keys, appending every acknowledged posting
#      (2xx + postingId) to a file; after $KILL_AFTER s the JVM gets kill -9; it is restarted
#   4. checks after each restart:
#      - every acknowledged posting id is in ledger_entry, with both legs, under its idempotency key
#        (PostgreSQL: psql; H2: bench/crash/H2Check.java with the H2 jar from Jifen's jar, connected
#        through H2's AUTO_SERVER to the running Jifen)
#      - the requests whose answer was lost in the crash, re-sent with the same key, give 200 (had
#        committed: first result returned) or 201 (had not: made now) - never a second posting
#      - EVERY acknowledged request so far (all rounds), re-sent with its key and body, gives 200 and the
#        posting id first acknowledged (a 201 here is an acknowledged posting that the crash lost)
#      - GET /api/v1/ledger/verify (whole county) says intact, and, once at the end with the server
#        stopped, `java -jar jifen.jar verify` exits 0
# Exit status 0 only if every check passed. Everything stays on 127.0.0.1.
# Knobs: CRASH_DB (postgres|h2), PGHOST PGPORT PGUSER, CRASH_PORT (18080), CRASH_ROUNDS (3), KILL_AFTER (8 s),
#   CRASH_WORKERS (8), CRASH_MAX (50000 requests per round), CRASH_H2_URL, CRASH_PG_DB (jifen_crash),
#   CRASH_START_TIMEOUT (240 s per start), KEEP_DBS=1, REBUILD=1, CRASH_BUILD_DIR (target-bench: where the jar is built).
set -euo pipefail
cd "$(dirname "$0")/../.."

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
CRASH_DB="${CRASH_DB:-postgres}"
case "$CRASH_DB" in postgres|h2) ;; *) echo "CRASH_DB must be postgres or h2, not '$CRASH_DB'"; exit 2 ;; esac
PORT="${CRASH_PORT:-18080}"
ROUNDS="${CRASH_ROUNDS:-3}"
KILL_AFTER="${KILL_AFTER:-8}"
WORKERS="${CRASH_WORKERS:-8}"
MAX="${CRASH_MAX:-50000}"
START_TIMEOUT="${CRASH_START_TIMEOUT:-240}"
BUILD_DIR="${CRASH_BUILD_DIR:-target-bench}"
DB="${CRASH_PG_DB:-jifen_crash}"
BASE="http://127.0.0.1:$PORT"
WORK="$(mktemp -d /tmp/jifen-crash.XXXXXX)"
DATA="$WORK/data"
ACKS="$WORK/acks.tsv"
SENT="$WORK/sent.tsv"
FAILS=0
APP_PID=""
mkdir -p "$DATA"
: >"$ACKS" >"$SENT"

cleanup() {
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

say() { printf '%s\n' "$*"; }
check() { # check <description> <true|false>
  if [[ "$2" == true ]]; then say "  PASS  $1"; else say "  FAIL  $1"; FAILS=$((FAILS + 1)); fi
}
sql() { psql -d "$DB" -v ON_ERROR_STOP=1 -Atq "$@"; }

# how Jifen (server and CLI) reaches the database under test
db_env() {
  if [[ "$CRASH_DB" == postgres ]]; then
    echo JIFEN_DB_URL="jdbc:postgresql://127.0.0.1:$PGPORT/$DB" JIFEN_DB_USER="$PGUSER" JIFEN_DB_PASSWORD=
  elif [[ -n "${CRASH_H2_URL:-}" ]]; then
    echo JIFEN_DB_URL="${CRASH_H2_URL//@DATA@/$DATA}"
  fi  # else: Jifen's default URL, the H2 file in JIFEN_DATA_DIR
}
# The checker's URL: no WRITE_DELAY or other database setting, which would change the running database.
H2_CHECK_URL="jdbc:h2:file:$DATA/jifen;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE"

# ---- 1. jar ----
jar_path() { ls "$BUILD_DIR"/jifen-*.jar 2>/dev/null | grep -v -- '-plain\.jar$' | head -1 || true; }
JAR="$(jar_path)"
if [[ -z "$JAR" || "${REBUILD:-0}" == 1 ]] || ! unzip -Z1 "$JAR" 'BOOT-INF/classes/cn/jifen/api/LedgerApi.class' >/dev/null 2>&1; then
  say "building the jar ($BUILD_DIR) ..."
  for attempt in 1 2 3 4 5; do
    if ./mvnw -q -B -Dmaven.test.skip=true package "-Djifen.buildDir=$BUILD_DIR" >"$WORK/build.log" 2>&1; then break; fi
    if (( attempt == 5 )); then say "build keeps failing:"; grep ERROR "$WORK/build.log" | head -20; exit 1; fi
    say "  build failed (attempt $attempt); someone may be mid-edit; retrying in 60 s"; sleep 60
  done
  JAR="$(jar_path)"
fi
say "jar: $JAR ($(date -r "$JAR" -Is)); database: $CRASH_DB"
if [[ "$CRASH_DB" == h2 ]]; then
  unzip -q -j -o "$JAR" 'BOOT-INF/lib/h2-*.jar' -d "$WORK/h2"
  H2_JAR="$(ls "$WORK"/h2/h2-*.jar | head -1)"
  say "H2: $(basename "$H2_JAR"), URL: ${CRASH_H2_URL:-Jifen default (application.properties)}"
fi
if curl -s -o /dev/null "$BASE/" ; then say "port $PORT is already in use: stop that server or set CRASH_PORT"; exit 1; fi

# ---- 2. database and server ----
if [[ "$CRASH_DB" == postgres ]]; then
  psql -d postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" 2>&1 | grep -v NOTICE || true
fi

start_app() {
  env $(db_env) JIFEN_DEMO=true JIFEN_DEMO_YEAR=false JIFEN_PORT="$PORT" JIFEN_DATA_DIR="$DATA" \
    java -jar "$JAR" --server.address=127.0.0.1 >>"$WORK/app.log" 2>&1 &
  APP_PID=$!
  local t0=$SECONDS
  until curl -sf "$BASE/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
    if ! kill -0 "$APP_PID" 2>/dev/null; then say "Jifen exited during start-up; log:"; tail -40 "$WORK/app.log"; exit 1; fi
    if (( SECONDS - t0 > START_TIMEOUT )); then say "Jifen not UP after $START_TIMEOUT s; log:"; tail -40 "$WORK/app.log"; exit 1; fi
    sleep 1
  done
  say "  Jifen pid $APP_PID UP in $((SECONDS - t0)) s"
}

token() {
  curl -sf -X POST "$BASE/api/v1/tokens" -H 'Content-Type: application/json' \
    -d '{"username":"demo-admin","password":"demo-admin"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

verify_api() { # prints intact entriesChecked
  curl -sf "$BASE/api/v1/ledger/verify" -H "Authorization: Bearer $1" \
    | python3 -c 'import json,sys; r=json.load(sys.stdin); print(str(r["intact"]).lower(), r["entriesChecked"], r.get("problem") or "")'
}

say "starting Jifen on $CRASH_DB (demo county) ..."
start_app
TOKEN="$(token)"
# households of the demo villages (ids from the API, so the load only uses real households)
python3 bench/crash/load.py households --port "$PORT" --token "$TOKEN" --towns 441821100,441821101 \
  >"$WORK/households.txt" || { say "no households found"; exit 1; }
say "  $(wc -l <"$WORK/households.txt") demo households to post to"
[[ -s "$WORK/households.txt" ]] || { say "no households found"; exit 1; }

# ---- 3-4. rounds ----
for round in $(seq 1 "$ROUNDS"); do
  say "round $round: $WORKERS workers posting, kill -9 after $KILL_AFTER s"
  UNSURE="$WORK/unsure-$round.tsv"; : >"$UNSURE"
  python3 bench/crash/load.py load --port "$PORT" --token "$TOKEN" --households "$WORK/households.txt" \
    --workers "$WORKERS" --seconds $((KILL_AFTER + 30)) --max "$MAX" --acks "$ACKS" --unsure "$UNSURE" --sent "$SENT" \
    --tag "$round" >"$WORK/load-$round.json" 2>>"$WORK/load.err" &
  LOAD_PID=$!
  sleep "$KILL_AFTER"
  in_flight="n/a"
  if [[ "$CRASH_DB" == postgres ]]; then
    in_flight="$(sql -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$DB' AND state <> 'idle'" 2>/dev/null || echo '?')"
  fi
  kill -9 "$APP_PID"
  wait "$APP_PID" 2>/dev/null || true
  say "  killed pid $APP_PID with SIGKILL ($in_flight non-idle database sessions at that moment)"
  APP_PID=""
  wait "$LOAD_PID" || true
  say "  load: $(cat "$WORK/load-$round.json")"
  # the H2 file as the crash left it, before the restart opens (and recovers) it: kept with the other files when a
  # check fails, so a lost posting can be looked for in the raw file (written but dropped on opening, or never written)
  [[ "$CRASH_DB" != h2 ]] || cp -a "$DATA" "$WORK/data-after-kill-$round"
  start_app
  TOKEN="$(token)"
  say "  answers lost in the crash: $(wc -l <"$UNSURE"); re-sending them with their keys"
  if [[ -s "$UNSURE" ]]; then
    if python3 bench/crash/load.py replay --port "$PORT" --token "$TOKEN" --acks "$ACKS" --unsure "$UNSURE" \
         >"$WORK/replay-$round.json" 2>>"$WORK/load.err"; then ok=true; else ok=false; fi
    check "re-sent requests answered 200/201 (or 409 insufficient points for a redemption never made): $(cat "$WORK/replay-$round.json")" "$ok"
  fi
  # every acknowledged posting is in the ledger, with its two legs, under its key
  if [[ "$CRASH_DB" == h2 ]]; then
    java -cp "$H2_JAR" bench/crash/H2Check.java "$H2_CHECK_URL" "$ACKS" >"$WORK/check-$round.txt" 2>>"$WORK/load.err" \
      || { say "  H2Check failed:"; tail -5 "$WORK/load.err"; }
  else
  sql <<EOF >"$WORK/check-$round.txt"
CREATE TEMP TABLE acked (posting_id uuid, idem_key text, village_id bigint, household_id bigint, status int);
\copy acked FROM '$ACKS'
SELECT count(*), count(DISTINCT posting_id) FROM acked;
SELECT count(*) FROM acked a WHERE NOT EXISTS (SELECT 1 FROM ledger_entry e
    WHERE e.village_id = a.village_id AND e.posting_id = a.posting_id AND e.leg_no = 0
      AND e.idempotency_key = a.idem_key AND e.household_id = a.household_id);
SELECT count(*) FROM (SELECT a.posting_id FROM (SELECT DISTINCT posting_id, village_id FROM acked) a
    LEFT JOIN ledger_entry e ON e.village_id = a.village_id AND e.posting_id = a.posting_id
    GROUP BY a.posting_id HAVING count(e.id) <> 2) x;
SELECT count(*) FROM (SELECT idem_key FROM acked GROUP BY idem_key HAVING count(DISTINCT posting_id) > 1) x;
SELECT count(*) FROM ledger_entry WHERE leg_no = 0;
EOF
  fi
  mapfile -t r <"$WORK/check-$round.txt"
  (( ${#r[@]} == 5 )) || r=("?|?" "?" "?" "?" "?")
  acked_total="${r[0]%%|*}"
  check "all $acked_total acknowledged postings present with passbook leg, key and household (missing: ${r[1]})" \
    "$([[ ${r[1]} == 0 ]] && echo true || echo false)"
  check "every acknowledged posting has exactly 2 legs (wrong: ${r[2]})" "$([[ ${r[2]} == 0 ]] && echo true || echo false)"
  check "no idempotency key acknowledged with two different posting ids (found: ${r[3]})" \
    "$([[ ${r[3]} == 0 ]] && echo true || echo false)"
  read -r intact entries problem < <(verify_api "$TOKEN")
  check "GET /api/v1/ledger/verify: intact=$intact, entriesChecked=$entries (ledger has ${r[4]} passbook entries)${problem:+ $problem}" \
    "$([[ $intact == true && $entries == "${r[4]}" ]] && echo true || echo false)"
  # every acknowledged request again: 200 and its first posting id (last: a lost posting
  # is made anew by its replay)
  if python3 bench/crash/load.py replay-acked --port "$PORT" --token "$TOKEN" --acks "$ACKS" --sent "$SENT" \
       --workers 4 >"$WORK/replay-acked-$round.json" 2>>"$WORK/load.err"; then ok=true; else ok=false; fi
  check "every acknowledged request re-sent with its key: 200 and the same posting id: $(cat "$WORK/replay-acked-$round.json")" "$ok"
done

# the CLI, with the server stopped
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=""
set +e
cli="$(env $(db_env) JIFEN_DATA_DIR="$DATA" java -jar "$JAR" verify 2>&1)"
rc=$?
set -e
check "java -jar $(basename "$JAR") verify exits 0: $(tail -1 <<<"$cli")" "$([[ $rc == 0 ]] && echo true || echo false)"

if [[ -s "$WORK/load.err" ]]; then say "load/replay messages:"; head -20 "$WORK/load.err" | sed 's/^/  /'; fi
[[ "${KEEP_DBS:-0}" == 1 || "$CRASH_DB" != postgres ]] || psql -d postgres -qc "DROP DATABASE IF EXISTS $DB"
if (( FAILS == 0 )); then
  say "CRASH SAFETY ($CRASH_DB): PASS ($ROUNDS rounds, $(wc -l <"$ACKS") acknowledged postings all present, ledger intact)"
  rm -rf "$WORK"
else
  say "CRASH SAFETY ($CRASH_DB): FAIL ($FAILS checks failed); files kept in $WORK"
  exit 1
fi
