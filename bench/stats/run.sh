#!/usr/bin/env bash
# Statistics benchmark: a generated county (100,000 households, 10,000,000 ledger entries in 2025) on the
# local PostgreSQL, in the scratch database jifen_stats_bench (dropped and re-created; never `test`).
# Prints the machine, the generator's time, the county's and a town's dashboard for the year (warm median,
# with the monthly rollup and on the raw ledger) and a baseline measured in the same run: COUNT(*) of the
# year's passbook legs of the same villages. Then exports the county's year ledger (5,000,000 rows) as CSV
# in a JVM limited to BENCH_XMX (default 256m) and prints the peak heap.
# Issue #17: before that, the county's and a town's dashboard (closed year 2025, and "year to date" up to 7 December
# of the data's year) from the ledger's month totals against the monthly rollup read from the database (no
# in-memory copy), interleaved, BENCH_REPEATS (3) rounds; each ends with a line RESULT stats <figure> <ms> <goal>.
#
#   bench/stats/run.sh                 # ~10-15 minutes on 2 cores
#   BENCH_EXPORT=0 bench/stats/run.sh  # without the export
#   KEEP_DBS=1 bench/stats/run.sh      # keep jifen_stats_bench afterwards
set -euo pipefail
cd "$(dirname "$0")/../.."
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
BUILD_DIR="${BENCH_BUILD_DIR:-target-bench-stats}"
DB=jifen_stats_bench
echo "MACHINE"
echo "  date          $(date -Is)"
echo "  cores         $(nproc)"
echo "  cpu           $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "  memory        $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
echo "  load          $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  uptime        $(uptime)"
echo "  java          $(java -version 2>&1 | head -1)"
echo "  postgresql    $(psql -d postgres -Atc 'SELECT version()')"
psql -d postgres -qc "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
export JIFEN_TEST_DB_URL="jdbc:postgresql://127.0.0.1:${PGPORT}/$DB"
export JIFEN_TEST_DB_USER="$PGUSER"
LOG="$(mktemp /tmp/jifen-stats-bench.XXXXXX)"
set +e
./mvnw -q -B -Ppostgres "-Djifen.buildDir=$BUILD_DIR" -Djifen.test.excludedGroups=none -Dgroups=bench \
  -Dtest=StatsBenchmark -Dsurefire.failIfNoSpecifiedTests=false "-DargLine=-Xmx${BENCH_XMX:-256m}" test 2>&1 \
  | tee "$LOG" | grep --line-buffered '^\[bench\]' | sed -u -e 's/^\[bench\] RESULT/RESULT/' -e 's/^\[bench\] /  /'
rc=${PIPESTATUS[0]}
set -e
echo "  load after    $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  uptime after  $(uptime)"
if (( rc != 0 )); then echo "BENCHMARK FAILED (maven exit $rc); see $LOG"; grep -v '^\[bench\]' "$LOG" | tail -40; exit 1; fi
[[ "${KEEP_DBS:-0}" == 1 ]] || psql -d postgres -qc "DROP DATABASE IF EXISTS $DB"
rm -f "$LOG"
