#!/usr/bin/env bash
# Ledger benchmark: pgbench TPC-B-like baseline vs. Jifen postings through the service layer, on the
# local PostgreSQL, in one run. Prints everything; writes no result file into the tree.
#
#   bench/ledger/run.sh                       # full run, ~10 minutes
#   BENCH_SECONDS=5 bench/ledger/run.sh       # quicker, shorter levels
#
# What it does
#   a. baseline: scratch database jifen_pgbench, `pgbench -i -s 10`, then
#      `pgbench -b tpcb-like -c N -j min(N,2) -T $BENCH_SECONDS` for N in $BENCH_CLIENTS (1 8 32)
#   b-d. Jifen: the JUnit class cn.jifen.bench.LedgerBenchmark (@Tag("bench")) through maven -Ppostgres on
#      a scratch database jifen_bench (schema jifen_test, wiped by the test support; the shared `test`
#      database other engineers' PG tests use is not touched):
#      b. 100 villages x 50 households seeded through Ledger.postAll, then N clients each calling
#         Ledger.post (EARN 70% / REDEEM 30%, fresh idempotency keys) for $BENCH_SECONDS s per level
#      c. one Ledger.postAll of 10,000 EARN requests to 10,000 households of one village (first award
#         creates the passbook accounts, second award reuses them), then LedgerVerifier.verify
#      d. a 2,000-household village with 500,000 postings (1,000,000 ledger_entry rows) made through
#         postAll in batches of 2,000, then backdated by SQL over 3 years (this breaks that village's
#         hash chains: ranking only), Ledger.villageScores median of 20 warm runs, EXPLAIN ANALYZE
#   e. machine, all figures, Jifen/pgbench ratios, goals.
#
# Environment knobs: PGHOST PGPORT PGUSER (127.0.0.1 5432 postgres), BENCH_SECONDS (20),
#   BENCH_CLIENTS ("1 8 32"), BENCH_RANK_POSTINGS (500000), BENCH_BATCH (10000),
#   BENCH_WHATIF_INDEX=1 (also time the ranking with a covering index, scratch db only),
#   BENCH_PHASES ("throughput,batch,ranking": a subset runs only those Jifen parts),
#   KEEP_DBS=1 (keep the scratch databases), BENCH_BUILD_DIR (target-bench).
# Needs: psql, pgbench (PATH or /usr/lib/postgresql/15/bin), JDK 17, the maven wrapper's local repo.
set -euo pipefail
cd "$(dirname "$0")/../.."

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
BENCH_SECONDS="${BENCH_SECONDS:-20}"
BENCH_CLIENTS="${BENCH_CLIENTS:-1 8 32}"
BUILD_DIR="${BENCH_BUILD_DIR:-target-bench}"
PGBENCH="$(command -v pgbench || echo /usr/lib/postgresql/15/bin/pgbench)"
RESULTS="$(mktemp /tmp/jifen-ledger-bench.XXXXXX)"
LOG="$(mktemp /tmp/jifen-ledger-bench-log.XXXXXX)"
trap 'rm -f "$RESULTS" "$LOG.time"' EXIT

max_clients=0
for n in $BENCH_CLIENTS; do (( n > max_clients )) && max_clients=$n; done

# CPU of all PostgreSQL processes in clock ticks (utime+stime+cutime+cstime; exited backends are in the postmaster's cutime)
pg_ticks() { { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk '$2 == "(postgres)" {t += $14 + $15 + $16 + $17} END {print t + 0}'; }
TICK_US=$(( 1000000 / $(getconf CLK_TCK) ))
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
echo "  pg settings   $(psql -d postgres -Atc "SELECT string_agg(name || '=' || current_setting(name), ' ' ORDER BY name)
                      FROM pg_settings WHERE name IN ('fsync','synchronous_commit','shared_buffers','wal_sync_method',
                      'max_connections','full_page_writes','commit_delay','autovacuum')")"
PG_TEST_FSYNC="$(command -v pg_test_fsync || ls /usr/lib/postgresql/*/bin/pg_test_fsync 2>/dev/null | tail -1 || true)"
fsync_line=""
if [[ -n "$PG_TEST_FSYNC" ]]; then  # ~15 s; the test file is in /tmp, on the same disk as the WAL here
  fsync_line="$(cd /tmp && timeout 90 "$PG_TEST_FSYNC" -s 1 -f "/tmp/jifen-pg-test-fsync.$$" 2>/dev/null \
    | awk '/one 8kB write/ {f = 1} f && $1 == "fdatasync" && !done {print $2, $3, $4, $5; done = 1}' || true)"
  rm -f "/tmp/jifen-pg-test-fsync.$$"
fi
echo "  disk          pg_test_fsync, one 8kB write + fdatasync: ${fsync_line:-n/a} (WAL flush cost per commit)"
echo "  load avg      $(load)   (other builds/tests may share these $(nproc) cores: see the load printed per phase)"
hr

# ---- a. pgbench baseline ----
echo "a. pgbench baseline (database jifen_pgbench, scale 10, tpcb-like, ${BENCH_SECONDS} s per level)"
psql -d postgres -qc "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS jifen_pgbench" -c "CREATE DATABASE jifen_pgbench"
"$PGBENCH" -i -s 10 -q jifen_pgbench >/dev/null 2>&1
declare -A PGB PGCPU
for n in $BENCH_CLIENTS; do
  j=$(( n < 2 ? n : 2 ))
  t0="$(pg_ticks)"
  TIMEFORMAT='%U %S'
  { time "$PGBENCH" -b tpcb-like -c "$n" -j "$j" -T "$BENCH_SECONDS" jifen_pgbench >"$LOG" 2>&1; } 2>"$LOG.time"
  t1="$(pg_ticks)"
  tps="$(awk '/^tps = / {print $3; exit}' "$LOG")"
  lat="$(awk '/^latency average/ {print $4; exit}' "$LOG")"
  txs="$(awk '/^number of transactions actually processed/ {print $NF; exit}' "$LOG")"
  PGB[$n]="$tps"
  printf '  pgbench  clients=%-3d jobs=%d  tps=%10.1f  latency avg %s ms   load %s\n' "$n" "$j" "$tps" "$lat" "$(load)"
  awk -v pg="$(( (t1 - t0) * TICK_US ))" -v n="$txs" -v cl="$(cat "$LOG.time")" -v s="$BENCH_SECONDS" -v c="$(nproc)" 'BEGIN {
    split(cl, a, " "); client = (a[1] + a[2]) * 1e6;
    printf "           CPU per transaction: pgbench client %.0f us, PostgreSQL %.0f us; CPU busy %.0f%% of %d cores\n",
      client / n, pg / n, 100 * (client + pg) / (s * 1e6 * c), c }'
  PGCPU[$n]="$(awk -v pg="$(( (t1 - t0) * TICK_US ))" -v n="$txs" 'BEGIN {printf "%.0f", pg / n}')"
done
[[ "${KEEP_DBS:-0}" == 1 ]] || psql -d postgres -qc "DROP DATABASE IF EXISTS jifen_pgbench"
hr

# ---- b-d. Jifen ----
echo "b-d. Jifen through the service layer (database jifen_bench; maven build dir $BUILD_DIR)"
psql -d postgres -qc "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS jifen_bench" -c "CREATE DATABASE jifen_bench"
MVN=(./mvnw -q -B -Ppostgres "-Djifen.buildDir=$BUILD_DIR")
# the tree is shared: if someone else's file does not compile right now, wait and retry
for attempt in 1 2 3 4 5; do
  if "${MVN[@]}" -DskipTests test-compile >"$LOG" 2>&1; then break; fi
  if (( attempt == 5 )); then echo "  compilation keeps failing, see $LOG:"; grep ERROR "$LOG" | head -20; exit 1; fi
  echo "  compilation failed (attempt $attempt: $(grep -m1 -o 'src/[^:]*\.java' "$LOG" || echo '?')); retrying in 60 s"
  sleep 60
done
echo "  load before: $(load)"
export JIFEN_TEST_DB_URL="jdbc:postgresql://127.0.0.1:${PGPORT}/jifen_bench"
export JIFEN_TEST_DB_USER="$PGUSER"
export JIFEN_DB_POOL=$(( max_clients + 2 ))
BENCH_CLIENTS_CSV="${BENCH_CLIENTS// /,}"
set +e
BENCH_SECONDS="$BENCH_SECONDS" BENCH_CLIENTS="$BENCH_CLIENTS_CSV" BENCH_OUT="$RESULTS" \
  "${MVN[@]}" -Djifen.test.excludedGroups=none -Dgroups=bench -Dtest=LedgerBenchmark \
    -Dsurefire.failIfNoSpecifiedTests=false test 2>&1 | tee "$LOG" | grep --line-buffered '^\[bench\]' | sed -u 's/^\[bench\] /  /'
rc=${PIPESTATUS[0]}
set -e
echo "  load after:  $(load)"
if (( rc != 0 )); then
  echo "  BENCHMARK FAILED (maven exit $rc); last lines of $LOG:"; grep -v '^\[bench\]' "$LOG" | tail -40; exit 1
fi
[[ "${KEEP_DBS:-0}" == 1 ]] || psql -d postgres -qc "DROP DATABASE IF EXISTS jifen_bench"
rm -f "$LOG"

# ---- e. summary ----
get() { awk -F= -v k="$1" '$1 == k {print $2}' "$RESULTS"; }
hr
echo "SUMMARY ($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(psql -d postgres -Atc 'SHOW server_version'))"
printf '  %-8s %14s %18s %10s   %-14s %s\n' clients "pgbench tps" "jifen postings/s" ratio goal "CPU us per tx: PG(pgbench) | JVM/PG(jifen)"
for n in $BENCH_CLIENTS; do
  j="$(get "jifen.tps.$n")"; j="${j:-0}"; p="${PGB[$n]:-0}"
  ratio="$(awk -v a="$j" -v b="$p" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')"
  goal=""; verdict=""
  if [[ $n == 8 ]]; then
    goal=">= 0.5"; verdict="$(awk -v r="$ratio" 'BEGIN {print (r >= 0.5 ? "MET" : "MISSED")}')"
  fi
  printf '  %-8s %14.1f %18.1f %10s   %-14s %s | %s\n' "$n" "$p" "$j" "$ratio" "$goal $verdict" "${PGCPU[$n]}" "$(get "jifen.cpu.$n")"
done
b2="$(get jifen.batch2.seconds)"; b1="$(get jifen.batch1.seconds)"
if [[ -n "$b2" ]]; then
printf '  batch award of %s (accounts exist):  %s s = %s postings/s   goal < 1 s: %s\n' "$(get jifen.batch.size)" "$b2" "$(get jifen.batch2.perSecond)" \
  "$(awk -v s="$b2" 'BEGIN {print (s < 1 ? "MET" : "MISSED")}')"
printf '  batch award of %s (first, creates accounts): %s s = %s postings/s   goal < 1 s: %s\n' "$(get jifen.batch.size)" "$b1" "$(get jifen.batch1.perSecond)" \
  "$(awk -v s="$b1" 'BEGIN {print (s < 1 ? "MET" : "MISSED")}')"
printf '  verify of the batch village: intact=%s, entries checked %s\n' "$(get jifen.batch.verify.intact)" "$(get jifen.batch.verify.entries)"
fi
for p in 1y 3y; do
  ms="$(get "jifen.rank.$p.ms")"
  [[ -n "$ms" ]] || continue
  printf '  ranking of %s households (%s postings over 3 years), %s period: median %s ms   goal < 100 ms: %s\n' \
    "$(get jifen.rank.households)" "$(get jifen.rank.postings)" "$p" "$ms" \
    "$(awk -v m="$ms" 'BEGIN {print (m < 100 ? "MET" : "MISSED")}')"
done
for p in 1y 3y; do
  ms="$(get "jifen.rank.$p.whatif.ms")"
  if [[ -n "$ms" ]]; then printf '  ranking %s with the what-if covering index: median %s ms\n' "$p" "$ms"; fi
done
echo "  load avg at the end: $(load)"
hr
