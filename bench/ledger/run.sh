#!/usr/bin/env bash
# Ledger benchmark: pgbench TPC-B-like baseline vs. Jifen postings through the service layer, on the
# local PostgreSQL, in one run. Prints everything; writes no result file into the tree.
#
#   bench/ledger/run.sh                       # full run, ~15 minutes
#   bench/ledger/run.sh --quick               # (or BENCH_QUICK=1) 5 s levels, throughput and batch award only, ~3 min
#   BENCH_SECONDS=5 bench/ledger/run.sh       # quicker, shorter levels
#
# What it does
#   a. baseline: scratch database $BENCH_DB_PREFIX"pgbench" (jifen_pgbench), `pgbench -i -s S` with S = the largest
#      client count, at least 32 (so 32 clients do not queue on 10 branch rows), then
#      `pgbench -b tpcb-like -c N -j min(N,2) -T $BENCH_SECONDS` for N in $BENCH_CLIENTS (1 8 32)
#   b-d. Jifen: the JUnit class cn.jifen.bench.LedgerBenchmark (@Tag("bench")) through maven -Ppostgres on
#      a scratch database $BENCH_DB_PREFIX"bench" (jifen_bench; schema jifen_test, wiped by the test support; the shared `test`
#      database other engineers' PG tests use is not touched):
#      b. 100 villages x 50 households seeded through Ledger.postAll, then N clients each calling
#         Ledger.post (EARN 70% / REDEEM 30%, fresh idempotency keys) for $BENCH_SECONDS s per level
#      c. after a warm-up award, $BENCH_REPEATS (3) times: a new village of 10,000 households gets one Ledger.postAll
#         of 10,000 EARN requests (first award, creates the passbook accounts) and a second one (accounts exist),
#         VACUUM ANALYZE before each; median, min, max and the CPU of the posting thread and its PostgreSQL
#         backends; then LedgerVerifier.verify of the last village
#      d. a 2,000-household village with 500,000 postings (1,000,000 ledger_entry rows) made through
#         postAll in batches of 2,000, then backdated by SQL over 3 years (this breaks that village's
#         hash chains: ranking only), Ledger.villageScores median of 20 warm runs, EXPLAIN ANALYZE
#   e. machine, all figures, Jifen/pgbench ratios, goals; at the end one RESULT/INFO line per figure
#      (bench/lib/result.sh): RESULT ledger first_award_10000 <median>s <1s MET|MISSED.
#
# Environment knobs: PGHOST PGPORT PGUSER (127.0.0.1 5432 postgres), BENCH_SECONDS (20),
#   BENCH_CLIENTS ("1 8 32"), BENCH_RANK_POSTINGS (500000), BENCH_BATCH (10000),
#   BENCH_WHATIF_INDEX=1 (also time the ranking with a covering index, scratch db only),
#   BENCH_PHASES ("throughput,batch,ranking": a subset runs only those Jifen parts),
#   BENCH_REPEATS (3), KEEP_DBS=1 (keep the scratch databases), BENCH_BUILD_DIR (target-bench),
#   BENCH_DB_PREFIX (jifen_: the scratch databases are <prefix>pgbench and <prefix>bench), JIFEN_TEST_DB_SCHEMA.
# Needs: psql, pgbench (PATH or /usr/lib/postgresql/15/bin), JDK 17, the maven wrapper's local repo.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/lib/result.sh
quick_option "$@"
QUICK="${BENCH_QUICK:-0}"
if [[ "$QUICK" == 1 ]]; then
  export BENCH_SECONDS="${BENCH_SECONDS:-5}" BENCH_PHASES="${BENCH_PHASES:-throughput,batch}"
  export BENCH_VILLAGES="${BENCH_VILLAGES:-20}"
fi

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
BENCH_SECONDS="${BENCH_SECONDS:-20}"
BENCH_CLIENTS="${BENCH_CLIENTS:-1 8 32}"
DB_PREFIX="${BENCH_DB_PREFIX:-jifen_}"
PGB_DB="${DB_PREFIX}pgbench"
JIFEN_DB="${DB_PREFIX}bench"
BUILD_DIR="${BENCH_BUILD_DIR:-target-bench}"
PGBENCH="$(command -v pgbench || echo /usr/lib/postgresql/15/bin/pgbench)"
RESULTS="$(mktemp /tmp/jifen-ledger-bench.XXXXXX)"
LOG="$(mktemp /tmp/jifen-ledger-bench-log.XXXXXX)"
trap 'rm -f "$RESULTS" "$LOG.time"' EXIT

max_clients=0
for n in $BENCH_CLIENTS; do (( n > max_clients )) && max_clients=$n; done
# pgbench's scale is its number of branch rows, which every transaction updates: below the client count the clients
# queue on them (issue #17); at least 32
PGB_SCALE=$(( max_clients > 32 ? max_clients : 32 ))

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
machine_load
hr

# ---- a. pgbench baseline ----
echo "a. pgbench baseline (database $PGB_DB, scale $PGB_SCALE, tpcb-like, ${BENCH_SECONDS} s per level)"
psql -d postgres -qc "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $PGB_DB" -c "CREATE DATABASE $PGB_DB"
"$PGBENCH" -i -s "$PGB_SCALE" -q "$PGB_DB" >/dev/null 2>&1
psql -d "$PGB_DB" -qc "VACUUM ANALYZE"
declare -A PGB PGCPU
for n in $BENCH_CLIENTS; do
  j=$(( n < 2 ? n : 2 ))
  t0="$(pg_ticks)"
  TIMEFORMAT='%U %S'
  # a failed level (e.g. the shared server's max_connections reached) is reported, not fatal
  { time "$PGBENCH" -b tpcb-like -c "$n" -j "$j" -T "$BENCH_SECONDS" "$PGB_DB" >"$LOG" 2>&1; } 2>"$LOG.time" \
    || { echo "  pgbench clients=$n FAILED: $(grep -m1 error "$LOG")"; PGB[$n]=""; continue; }
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
[[ "${KEEP_DBS:-0}" == 1 ]] || psql -d postgres -qc "DROP DATABASE IF EXISTS $PGB_DB"
hr

# ---- b-d. Jifen ----
echo "b-d. Jifen through the service layer (database $JIFEN_DB; maven build dir $BUILD_DIR)"
psql -d postgres -qc "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $JIFEN_DB" -c "CREATE DATABASE $JIFEN_DB"
MVN=(./mvnw -q -B -Ppostgres "-Djifen.buildDir=$BUILD_DIR")
# the tree is shared: if someone else's file does not compile right now, wait and retry
for attempt in 1 2 3 4 5; do
  if "${MVN[@]}" -DskipTests test-compile >"$LOG" 2>&1; then break; fi
  if (( attempt == 5 )); then echo "  compilation keeps failing, see $LOG:"; grep ERROR "$LOG" | head -20; exit 1; fi
  echo "  compilation failed (attempt $attempt: $(grep -m1 -o 'src/[^:]*\.java' "$LOG" || echo '?')); retrying in 60 s"
  sleep 60
done
echo "  load before: $(load)"
export JIFEN_TEST_DB_URL="jdbc:postgresql://127.0.0.1:${PGPORT}/$JIFEN_DB"
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
[[ "${KEEP_DBS:-0}" == 1 ]] || psql -d postgres -qc "DROP DATABASE IF EXISTS $JIFEN_DB"
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
printf '  batch award of %s, first (creates the accounts): median %s s (min %s, max %s, %s repeats) = %s postings/s, CPU %s s   goal < 1 s: %s\n' \
  "$(get jifen.batch.size)" "$b1" "$(get jifen.batch1.min)" "$(get jifen.batch1.max)" "$(get jifen.batch.repeats)" \
  "$(get jifen.batch1.perSecond)" "$(get jifen.batch1.cpu)" "$(awk -v s="$b1" 'BEGIN {print (s < 1 ? "MET" : "MISSED")}')"
printf '  batch award of %s, second (accounts exist):      median %s s (min %s, max %s) = %s postings/s, CPU %s s\n' \
  "$(get jifen.batch.size)" "$b2" "$(get jifen.batch2.min)" "$(get jifen.batch2.max)" "$(get jifen.batch2.perSecond)" \
  "$(get jifen.batch2.cpu)"
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
machine_load
for n in $BENCH_CLIENTS; do
  j="$(get "jifen.tps.$n")"; p="${PGB[$n]:-}"
  [[ -n "$j" ]] || continue
  info ledger "postings_per_s_${n}_clients" "$j"
  info ledger "pgbench_tps_${n}_clients_scale_${PGB_SCALE}" "$p"
  info ledger "ratio_vs_pgbench_${n}_clients" "$(awk -v a="$j" -v b="$p" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')"
done
if [[ -n "$b1" ]]; then
  bn="$(get jifen.batch.size | tr -d ,)"
  if [[ "$(get jifen.batch.verify.intact)" == true ]]; then
    result ledger "first_award_$bn" "$b1" "<" 1 s
  else
    result ledger "first_award_$bn" "verify-failed" "<" 1 s
  fi
  info ledger "first_award_${bn}_spread" "$(get jifen.batch1.min)-$(get jifen.batch1.max)" s
  info ledger "first_award_${bn}_cpu" "$(get jifen.batch1.cpu)" s
  info ledger "second_award_$bn" "$b2" s
  info ledger "second_award_${bn}_spread" "$(get jifen.batch2.min)-$(get jifen.batch2.max)" s
  info ledger "award_postings_per_s_first" "$(get jifen.batch1.perSecond)"
fi
for p in 1y 3y; do
  ms="$(get "jifen.rank.$p.ms")"
  [[ -n "$ms" ]] && info ledger "ranking_${p}_from_month_totals" "$ms" ms
done
exit 0
