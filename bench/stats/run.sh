#!/usr/bin/env bash
# Statistics benchmark: a generated county (100,000 households, 10,000,000 ledger entries in 2025) on the
# local PostgreSQL, in the scratch database BENCH_DB (default jifen_stats_bench; dropped and re-created; never `test`).
# Issue #17: the county's and a town's dashboard (figures, comparison, months, categories, items) from the ledger's
# month totals against the same dashboard from the monthly rollup read from the database with no in-memory copy
# (the path before the totals), checked equal first, BENCH_REPEATS (3) interleaved rounds of (baseline, subject),
# each 2 warm-up calls and the median of 7; median of the rounds with their spread, ratio and load average:
#   closedYear            1 January–31 December 2025 (whole months)
#   toDec7LaterPostings   1 January–7 December 2025 while postings after 7 December exist (INFO)
#   yearToDate            1 January–7 December 2025 as the county stands on 7 December: the generator's postings
#                         after it are removed first and December's month totals rebuilt
# Ends with RESULT lines (bench/lib/result.sh): county < 300 ms, town < 100 ms for closedYear and yearToDate.
# Without --quick it also prints the older figures (rollup kept in memory, raw ledger, COUNT(*) of the year's legs)
# and exports the county's year ledger (5,000,000 rows) as CSV in a JVM limited to BENCH_XMX (256m) with the peak heap.
#
#   bench/stats/run.sh                 # ~15-25 minutes on 2 cores (the generator alone takes most of it)
#   bench/stats/run.sh --quick         # (or BENCH_QUICK=1) only issue #17's figures; the generator still runs (~25 min under heavy load)
#   BENCH_EXPORT=0 bench/stats/run.sh  # without the export
#   KEEP_DBS=1 bench/stats/run.sh      # keep the database afterwards
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/lib/result.sh
quick_option "$@"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
BUILD_DIR="${BENCH_BUILD_DIR:-target-bench-stats}"
DB="${BENCH_DB:-jifen_stats_bench}"
echo "MACHINE"
echo "  date          $(date -Is)"
echo "  cores         $(nproc)"
echo "  cpu           $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "  memory        $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
echo "  load          $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  uptime        $(uptime)"
echo "  java          $(java -version 2>&1 | head -1)"
echo "  postgresql    $(psql -d postgres -Atc 'SELECT version()')"
echo "  $(machine_load)"
psql -d postgres -qc "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
export JIFEN_TEST_DB_URL="jdbc:postgresql://127.0.0.1:${PGPORT}/$DB"
export JIFEN_TEST_DB_USER="$PGUSER"
LOG="$(mktemp /tmp/jifen-stats-bench.XXXXXX)"
RESULTS="$(mktemp /tmp/jifen-stats-results.XXXXXX)"
trap 'rm -f "$RESULTS"' EXIT
set +e
BENCH_OUT="$RESULTS" ./mvnw -o -q -B -Ppostgres -Djacoco.skip=true "-Djifen.buildDir=$BUILD_DIR" -Djifen.test.excludedGroups=none -Dgroups=bench \
  -Dtest=StatsBenchmark -Dsurefire.failIfNoSpecifiedTests=false "-DargLine=-Xmx${BENCH_XMX:-256m}" test 2>&1 \
  | tee "$LOG" | grep --line-buffered '^\[bench\]' | sed -u -e 's/^\[bench\] /  /'
rc=${PIPESTATUS[0]}
set -e
echo "  load after    $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  uptime after  $(uptime)"
if (( rc != 0 )); then echo "BENCHMARK FAILED (maven exit $rc); see $LOG"; grep -v '^\[bench\]' "$LOG" | tail -40; exit 1; fi
[[ "${KEEP_DBS:-0}" == 1 ]] || psql -d postgres -qc "DROP DATABASE IF EXISTS $DB"
rm -f "$LOG"
echo "  $(machine_load)"
get() { awk -F= -v k="$1" '$1 == k {print $2}' "$RESULTS"; }
printf '  %-32s %10s %14s %12s %14s %7s %6s\n' figure "totals ms" spread "rollup ms" spread ratio load
for f in county.closedYear town.closedYear county.toDec7LaterPostings town.toDec7LaterPostings county.yearToDate town.yearToDate; do
  printf '  %-32s %10s %14s %12s %14s %7s %6s\n' "$f" "$(get $f.ms)" "$(get $f.spread)" "$(get $f.baseline.ms)" \
    "$(get $f.baseline.spread)" "$(get $f.ratio)" "$(get $f.load)"
done
for f in county.closedYear town.closedYear county.toDec7LaterPostings town.toDec7LaterPostings county.yearToDate town.yearToDate; do
  n="${f//./_}"
  info stats "${n}_baseline" "$(get $f.baseline.ms)" ms
  info stats "${n}_ratio" "$(get $f.ratio)"
  info stats "${n}_spread" "$(get $f.spread)" ms
  info stats "${n}_load" "$(get $f.load)"
done
info stats county_toDec7LaterPostings "$(get county.toDec7LaterPostings.ms)" ms
info stats town_toDec7LaterPostings "$(get town.toDec7LaterPostings.ms)" ms
result stats county_closedYear "$(get county.closedYear.ms)" '<' 300 ms
result stats county_yearToDate "$(get county.yearToDate.ms)" '<' 300 ms
result stats town_closedYear "$(get town.closedYear.ms)" '<' 100 ms
result stats town_yearToDate "$(get town.yearToDate.ms)" '<' 100 ms
