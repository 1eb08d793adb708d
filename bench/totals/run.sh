#!/usr/bin/env bash
# Period totals benchmark (issue #17 goal 2): the board built with its cache off and the 3-year ranking of a
# 2,000-household village with 3 years of postings, read from the ledger's month totals (ledger_period_total_v)
# and, as the baseline in the same run, from the postings themselves (the same code with the totals switched
# off: jifen.ledger.totals-reads). Interleaved rounds (baseline, subject) × BENCH_REPEATS, warm-up before each,
# median of the round medians with their spread (min–max), ratio and load average.
#
#   bench/totals/run.sh                                  # ~3-6 minutes on 2 cores
#   bench/totals/run.sh --quick                          # (or BENCH_QUICK=1) fewer samples per round: ~3 minutes
#   BENCH_POSTINGS=100000 BENCH_REPEATS=3 bench/totals/run.sh
# "Under load" is defined here as BENCH_CLIENTS (4) threads calling the same read at once, each timed.
# Ends with RESULT lines (bench/lib/result.sh): board_built_p50 < 50 ms (one caller, cache off),
# rank3y_load < 100 ms (the ledger's 3-year village scores, 4 callers) and rank3y_honours_load < 100 ms (the
# honours ranking of 3 calendar years, 4 callers); INFO lines give each baseline, ratio and spread.
#
# Set-up is bulk SQL (INSERT … SELECT generate_series straight into ledger_entry), then the migration V40's
# backfill builds the month totals, then VACUUM ANALYZE (autovacuum is off on this machine).
# Scratch database jifen_totals_bench (dropped and re-created; never `test`). No server is started.
# Knobs: PGHOST PGPORT PGUSER (127.0.0.1 5432 postgres), BENCH_HOUSEHOLDS (2000), BENCH_POSTINGS (500000),
#   BENCH_REPEATS (3), BENCH_SAMPLES (15 per round and client), BENCH_CLIENTS (4: the "under load" figures),
#   KEEP_DBS=1, BENCH_BUILD_DIR (target-bench-totals), BENCH_DB (jifen_totals_bench).
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/lib/result.sh
quick_option "$@"
if [[ "${BENCH_QUICK:-0}" == 1 ]]; then
  export BENCH_SAMPLES="${BENCH_SAMPLES:-6}" BENCH_REPEATS="${BENCH_REPEATS:-3}"
fi
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
BUILD_DIR="${BENCH_BUILD_DIR:-target-bench-totals}"
DB="${BENCH_DB:-jifen_totals_bench}"
RESULTS="$(mktemp /tmp/jifen-totals-bench.XXXXXX)"
LOG="$(mktemp /tmp/jifen-totals-bench-log.XXXXXX)"
trap 'rm -f "$RESULTS"' EXIT
hr() { printf '%s\n' "------------------------------------------------------------------------------------------"; }

hr
echo "MACHINE"
echo "  date          $(date -Is)"
echo "  cores         $(nproc)"
echo "  cpu           $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "  java          $(java -version 2>&1 | head -1)"
echo "  postgresql    $(psql -d postgres -Atc 'SELECT version()')"
echo "  uptime        $(uptime)"
echo "  $(machine_load)"
hr

psql -d postgres -qc "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
MVN=(./mvnw -o -q -B -Ppostgres "-Djifen.buildDir=$BUILD_DIR" -Djacoco.skip=true)
"${MVN[@]}" -DskipTests test-compile >"$LOG" 2>&1 || { echo "compilation failed, see $LOG"; grep ERROR "$LOG" | head -20; exit 1; }
export JIFEN_TEST_DB_URL="jdbc:postgresql://127.0.0.1:${PGPORT}/$DB"
export JIFEN_TEST_DB_USER="$PGUSER"
set +e
BENCH_OUT="$RESULTS" "${MVN[@]}" -Djifen.test.excludedGroups=none -Dgroups=bench -Dtest=TotalsBenchmark \
    -Dsurefire.failIfNoSpecifiedTests=false test 2>&1 | tee "$LOG" | grep --line-buffered '^\[bench\]' | sed -u 's/^\[bench\] /  /'
rc=${PIPESTATUS[0]}
set -e
if (( rc != 0 )); then
  echo "  BENCHMARK FAILED (maven exit $rc); last lines of $LOG:"; grep -v '^\[bench\]' "$LOG" | tail -40; exit 1
fi
[[ "${KEEP_DBS:-0}" == 1 ]] || psql -d postgres -qc "DROP DATABASE IF EXISTS $DB"
rm -f "$LOG"

get() { awk -F= -v k="$1" '$1 == k {print $2}' "$RESULTS"; }
hr
echo "SUMMARY ($(nproc) cores; $(get setup.households) households, $(get setup.entries) ledger rows, $(get setup.totals) month-total rows)"
printf '  %-22s %12s %14s %12s %14s %8s %6s\n' figure "totals ms" "spread" "postings ms" "spread" ratio load
for k in board.built board.built.load rank3y.ledger rank3y.ledger.load rank3y.honours rank3y.honours.load; do
  printf '  %-22s %12s %14s %12s %14s %8s %6s\n' "$k" "$(get $k.totals.ms)" "$(get $k.totals.spread)" \
    "$(get $k.baseline.ms)" "$(get $k.baseline.spread)" \
    "$(awk -v a="$(get $k.totals.ms)" -v b="$(get $k.baseline.ms)" 'BEGIN {printf "%.3f", a / b}')" "$(get $k.load)"
done
echo "  uptime after: $(uptime)"
echo "  $(machine_load)"
hr
for k in board.built board.built.load rank3y.ledger rank3y.ledger.load rank3y.honours rank3y.honours.load; do
  f="${k//./_}"
  info totals "${f}_baseline" "$(get $k.baseline.ms)" ms
  info totals "${f}_spread" "$(get $k.totals.spread)" ms
  info totals "${f}_baseline_spread" "$(get $k.baseline.spread)" ms
  info totals "${f}_ratio" "$(awk -v a="$(get $k.totals.ms)" -v b="$(get $k.baseline.ms)" 'BEGIN {printf "%.3f", a / b}')"
  info totals "${f}_load" "$(get $k.load)"
done
result totals board_built_p50 "$(get board.built.totals.ms)" '<' 50 ms
result totals rank3y_load "$(get rank3y.ledger.load.totals.ms)" '<' 100 ms
result totals rank3y_honours_load "$(get rank3y.honours.load.totals.ms)" '<' 100 ms
