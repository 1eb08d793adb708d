#!/usr/bin/env bash
# Supermarket benchmark: concurrent redemptions through the HTTP API of a running Jifen on PostgreSQL.
#
#   bench/market/run.sh                          # 16 clients, 60 s per phase, ~5 minutes in all
#   BENCH_CLIENTS=8 BENCH_SECONDS=20 bench/market/run.sh
#
# What it does
#   1. machine; scratch databases jifen_market_bench (Jifen) and jifen_market_pgbench (pgbench), dropped at
#      the end unless KEEP_DBS=1. Never touches the shared `test` database or anyone's own database.
#   2. builds the jar (build dir target-bench-market) and starts Jifen on a free port against
#      jifen_market_bench with the demo county (12 villages, one supermarket each, 600 households).
#   3. the JUnit class cn.jifen.bench.MarketBenchmark (@Tag("bench")) drives it over HTTP:
#      setup through the API (every village open every day, goods, a fund, 100,000 points per household);
#      baseline: BENCH_CLIENTS clients call the counter's passbook lookup (authenticated GET) for BENCH_SECONDS;
#      redemptions: the same clients confirm baskets (Idempotency-Key each; 1 in 5 also takes a product
#      with 100 units per supermarket, so it sells out; 1 in 50 confirms is sent twice) for BENCH_SECONDS;
#      requests/s and p50/p95/p99 latency of both, then the API audit (ledger verify, reconciliation).
#   4. pgbench tpcb-like with BENCH_CLIENTS clients for 30 s on jifen_market_pgbench: the database's own
#      transaction rate on this machine, as a second baseline.
#   5. SQL audit on jifen_market_bench: no negative stock or balance, stock = Σ applied movements, points
#      on redemptions = points debited by redemption postings, units on redemption lines = units out.
#
# Environment: PGHOST PGPORT PGUSER (127.0.0.1 5432 postgres), BENCH_CLIENTS (16), BENCH_SECONDS (60),
#   KEEP_DBS=1, BENCH_BUILD_DIR (target-bench-market), JIFEN_NOTIFY_ENABLED (true; false starts Jifen with
#   notifications off: no event or outbox row is written, to measure what notifying costs a redemption).
#   Needs psql, pgbench, JDK 17+.
set -euo pipefail
cd "$(dirname "$0")/../.."

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
BENCH_CLIENTS="${BENCH_CLIENTS:-16}"
BENCH_SECONDS="${BENCH_SECONDS:-60}"
BUILD_DIR="${BENCH_BUILD_DIR:-target-bench-market}"
NOTIFY_ENABLED="${JIFEN_NOTIFY_ENABLED:-true}"
DB=jifen_market_bench
PGDB=jifen_market_pgbench
PGBENCH="$(command -v pgbench || echo /usr/lib/postgresql/15/bin/pgbench)"
RESULTS="$(mktemp /tmp/jifen-market-bench.XXXXXX)"
LOG="$(mktemp /tmp/jifen-market-bench-log.XXXXXX)"
DATA="$(mktemp -d /tmp/jifen-market-bench-data.XXXXXX)"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$DATA" "$RESULTS"
  if [[ "${KEEP_DBS:-0}" != 1 ]]; then
    psql -d postgres -qc "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB" -c "DROP DATABASE IF EXISTS $PGDB" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT
hr() { printf '%s\n' "------------------------------------------------------------------------------------------"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

hr
echo "MACHINE"
echo "  date          $(date -Is)"
echo "  cores         $(nproc)"
echo "  cpu           $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "  memory        $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
echo "  java          $(java -version 2>&1 | head -1)"
echo "  postgresql    $(psql -d postgres -Atc 'SELECT version()')"
echo "  load avg      $(load)   (other builds and tests may share these cores)"
echo "  notifications JIFEN_NOTIFY_ENABLED=$NOTIFY_ENABLED"
hr

echo "1-2. build and start Jifen on $DB"
psql -d postgres -qc "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
./mvnw -q -B -DskipTests "-Djifen.buildDir=$BUILD_DIR" package >"$LOG" 2>&1 || { echo "build failed:"; tail -30 "$LOG"; exit 1; }
JAR="$(ls "$BUILD_DIR"/jifen-*.jar | grep -v original | head -1)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
JIFEN_DB_URL="jdbc:postgresql://${PGHOST}:${PGPORT}/${DB}" JIFEN_DB_USER="$PGUSER" JIFEN_DB_PASSWORD="${PGPASSWORD:-}" \
  JIFEN_DB_POOL=$(( BENCH_CLIENTS + 4 )) JIFEN_PORT="$PORT" JIFEN_DATA_DIR="$DATA" JIFEN_DEMO=true JIFEN_DEMO_YEAR=false \
  JIFEN_NOTIFY_ENABLED="$NOTIFY_ENABLED" java -Xmx1g -jar "$JAR" >"$LOG.server" 2>&1 &
SERVER_PID=$!
for i in $(seq 1 180); do
  if curl -fs "http://127.0.0.1:$PORT/actuator/health" 2>/dev/null | grep -q UP; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "Jifen did not start:"; tail -40 "$LOG.server"; exit 1; fi
  sleep 1
done
echo "  Jifen pid $SERVER_PID on port $PORT (pool $(( BENCH_CLIENTS + 4 )) connections), started; load $(load)"
hr

echo "3. $BENCH_CLIENTS HTTP clients, $BENCH_SECONDS s per phase"
set +e
BENCH_URL="http://127.0.0.1:$PORT" BENCH_CLIENTS="$BENCH_CLIENTS" BENCH_SECONDS="$BENCH_SECONDS" BENCH_OUT="$RESULTS" \
  ./mvnw -q -B "-Djifen.buildDir=$BUILD_DIR" -Djifen.test.excludedGroups=none -Dgroups=bench -Dtest=MarketBenchmark \
    -Dsurefire.failIfNoSpecifiedTests=false test 2>&1 | tee "$LOG" | grep --line-buffered '^\[bench\]' | sed -u 's/^\[bench\] /  /'
rc=${PIPESTATUS[0]}
set -e
if (( rc != 0 )); then echo "  BENCHMARK FAILED (maven exit $rc):"; grep -v '^\[bench\]' "$LOG" | grep -E 'ERROR|expected|Expecting|but was' | head -20; fi
echo "  load after: $(load)"
hr

echo "4. pgbench tpcb-like, $BENCH_CLIENTS clients, 30 s ($PGDB, scale 10)"
psql -d postgres -qc "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $PGDB" -c "CREATE DATABASE $PGDB"
"$PGBENCH" -i -s 10 -q "$PGDB" >/dev/null 2>&1
"$PGBENCH" -b tpcb-like -c "$BENCH_CLIENTS" -j 2 -T 30 "$PGDB" >"$LOG" 2>&1
PGB_TPS="$(awk '/^tps = / {print $3; exit}' "$LOG")"
PGB_LAT="$(awk '/^latency average/ {print $4; exit}' "$LOG")"
echo "  pgbench tps $PGB_TPS, latency avg $PGB_LAT ms"
hr

echo "5. SQL audit of $DB after the run (Jifen still running)"
q() { psql -d "$DB" -Atc "$1"; }
NEG_STOCK="$(q "SELECT COUNT(*) FROM product WHERE stock < 0")"
MISMATCH="$(q "SELECT COUNT(*) FROM product p WHERE p.stock <> COALESCE((SELECT SUM(m.quantity) FROM stock_movement m
               WHERE m.village_id = p.village_id AND m.product_id = p.id AND m.status = 'APPLIED'), 0)")"
NEG_BAL="$(q "SELECT COUNT(*) FROM ledger_account WHERE kind = 'PASSBOOK' AND balance < 0")"
RED_POINTS="$(q "SELECT COALESCE(SUM(points), 0) FROM redemption WHERE status = 'COMPLETED'")"
LEDGER_POINTS="$(q "SELECT COALESCE(-SUM(amount), 0) FROM ledger_entry WHERE leg_no = 0 AND kind = 'REDEEM' AND source_type = 'redemption'")"
RED_UNITS="$(q "SELECT COALESCE(SUM(l.quantity), 0) FROM redemption_line l JOIN redemption r ON r.village_id = l.village_id AND r.id = l.redemption_id WHERE r.status = 'COMPLETED'")"
OUT_UNITS="$(q "SELECT COALESCE(-SUM(quantity), 0) FROM stock_movement WHERE kind = 'REDEMPTION' AND status = 'APPLIED'")"
LIMITED="$(q "SELECT COUNT(*) || ' products, stock min ' || MIN(stock) || ' max ' || MAX(stock) FROM product WHERE name = '限量物品'")"
REDEMPTIONS="$(q "SELECT COUNT(*) FROM redemption")"
printf '  redemptions recorded %s; points on redemptions %s = points debited by redemption postings %s: %s\n' \
  "$REDEMPTIONS" "$RED_POINTS" "$LEDGER_POINTS" "$([[ "$RED_POINTS" == "$LEDGER_POINTS" ]] && echo OK || echo MISMATCH)"
printf '  units on redemption lines %s = units out in the stock ledger %s: %s\n' "$RED_UNITS" "$OUT_UNITS" \
  "$([[ "$RED_UNITS" == "$OUT_UNITS" ]] && echo OK || echo MISMATCH)"
printf '  products with negative stock: %s; with stock <> Σ applied movements: %s; passbooks below zero: %s\n' "$NEG_STOCK" "$MISMATCH" "$NEG_BAL"
printf '  limited product: %s (never below 0: no oversell)\n' "$LIMITED"
hr

get() { awk -F= -v k="$1" '$1 == k {print substr($0, length(k) + 2)}' "$RESULTS"; }
echo "SUMMARY ($(nproc) cores, $BENCH_CLIENTS clients, $BENCH_SECONDS s per phase, notifications $NOTIFY_ENABLED; Jifen and PostgreSQL on the same machine)"
printf '  %-34s %10s %9s %9s %9s\n' "" "req/s" "p50 ms" "p95 ms" "p99 ms"
printf '  %-34s %10s %9s %9s %9s\n' "baseline: passbook lookup (GET)" "$(get baseline.perSecond)" "$(get baseline.p50)" "$(get baseline.p95)" "$(get baseline.p99)"
printf '  %-34s %10s %9s %9s %9s\n' "redemptions (POST, 201 only)" "$(get redeem.perSecond)" "$(get redeem.p50)" "$(get redeem.p95)" "$(get redeem.p99)"
printf '  %-34s %10s\n' "pgbench tpcb-like tps" "$PGB_TPS"
echo "  redemption statuses: $(get redeem.statuses) (409 = the limited product sold out)"
echo "  ledger verify intact: $(get audit.verify.intact) ($(get audit.verify.entries) entries); stock reconciled: $(get audit.stock.reconciled)"
echo "  double-tapped confirms: $(get audit.replays), answered with another redemption: $(get audit.replays.mismatched)"
ok=1
[[ "$NEG_STOCK" == 0 && "$MISMATCH" == 0 && "$NEG_BAL" == 0 && "$RED_POINTS" == "$LEDGER_POINTS" && "$RED_UNITS" == "$OUT_UNITS" \
   && "$(get audit.verify.intact)" == true && "$(get audit.stock.reconciled)" == true && $rc == 0 ]] || ok=0
echo "  AUDIT: $([[ $ok == 1 ]] && echo 'PASSED: no overdraft, no oversell, ledger intact' || echo FAILED)"
hr
rm -f "$LOG" "$LOG.server"
[[ $ok == 1 ]]
