#!/usr/bin/env bash
# Notice-board benchmark: GET /board/{code} of a 2,000-household village with 3 years of ledger history
# (500,000 postings by bulk SQL, month totals by V40's backfill, VACUUM ANALYZE), on PostgreSQL, against the
# application on an embedded Tomcat (random port), with baselines measured in the same run.
#
#   bench/board/run.sh            # ~5-8 minutes on 2 cores (most of it building the history)
#   bench/board/run.sh --quick    # (or BENCH_QUICK=1) fewer samples and shorter loads
#
# The goal figure, board built (issue #17): GET /board/{code} with the board's cache evicted before each request
# (assembly and Thymeleaf rendering), one request at a time, BENCH_REPEATS (3) interleaved rounds of:
#   baseline.health  GET /actuator/health (HTTP stack and a database check)
#   board.raw        the board with the month totals switched off (every score summed from the postings)
#   board.uncached   the board from the month totals
# each 5 warm-up requests then BENCH_SAMPLES (20) timed; the median of the round medians with their spread.
# Then, as information, BENCH_CLIENTS (4) clients for BENCH_SECONDS (10) each on a static file, the health check,
# the cached board and the index. Ends with RESULT board board_built_p50 < 50 ms (bench/lib/result.sh) and INFO lines.
# Knobs: PGHOST PGPORT PGUSER (127.0.0.1 5432 postgres), BENCH_HOUSEHOLDS (2000), BENCH_POSTINGS (500000),
#   BENCH_REPEATS, BENCH_SAMPLES, BENCH_SECONDS, BENCH_CLIENTS, KEEP_DBS=1, BENCH_BUILD_DIR (target-bench),
#   BENCH_DB (jifen_board_bench).
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/lib/result.sh
quick_option "$@"
if [[ "${BENCH_QUICK:-0}" == 1 ]]; then
  export BENCH_SAMPLES="${BENCH_SAMPLES:-10}" BENCH_SECONDS="${BENCH_SECONDS:-4}"
fi

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
BUILD_DIR="${BENCH_BUILD_DIR:-target-bench}"
DB="${BENCH_DB:-jifen_board_bench}"
RESULTS="$(mktemp /tmp/jifen-board-bench.XXXXXX)"
LOG="$(mktemp /tmp/jifen-board-bench-log.XXXXXX)"
trap 'rm -f "$RESULTS"' EXIT
hr() { printf '%s\n' "------------------------------------------------------------------------------------------"; }

hr
echo "MACHINE"
echo "  date          $(date -Is)"
echo "  cores         $(nproc)"
echo "  cpu           $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "  memory        $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
echo "  java          $(java -version 2>&1 | head -1)"
echo "  postgresql    $(psql -d postgres -Atc 'SELECT version()')"
echo "  load avg      $(cut -d' ' -f1-3 /proc/loadavg)   (other builds/tests may share these cores)"
echo "  $(machine_load)"
hr

psql -d postgres -qc "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
MVN=(./mvnw -o -q -B -Ppostgres "-Djifen.buildDir=$BUILD_DIR" -Djacoco.skip=true)
"${MVN[@]}" -DskipTests test-compile >"$LOG" 2>&1 || { echo "compilation failed, see $LOG"; grep ERROR "$LOG" | head -20; exit 1; }
export JIFEN_TEST_DB_URL="jdbc:postgresql://127.0.0.1:${PGPORT}/$DB"
export JIFEN_TEST_DB_USER="$PGUSER"
set +e
BENCH_OUT="$RESULTS" "${MVN[@]}" -Djifen.test.excludedGroups=none -Dgroups=bench -Dtest=BoardBenchmark \
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
echo "SUMMARY ($(nproc) cores, $(psql -d postgres -Atc 'SHOW server_version'); $(get setup.households) households, $(get setup.entries) ledger rows)"
printf '  %-22s %10s %16s\n' "one at a time" "median ms" spread
for k in baseline.health board.raw board.uncached; do
  printf '  %-22s %10s %16s\n' "$k" "$(get $k.p50)" "$(get $k.spread)"
done
printf '  %-22s %10s %10s %10s\n' "$(get setup.households) x clients" "p50 ms" "p95 ms" "req/s"
for k in baseline.static baseline.health.load board index; do
  printf '  %-22s %10s %10s %10s\n' "$k" "$(get $k.p50)" "$(get $k.p95)" "$(get $k.rps)"
done
echo "  board page size: $(get board.bytes) bytes; load during the comparison: $(get compare.load)"
echo "  $(machine_load)"
hr
info board board_built_baseline_health "$(get baseline.health.p50)" ms
info board board_built_raw "$(get board.raw.p50)" ms
info board board_built_ratio_to_raw "$(awk -v a="$(get board.uncached.p50)" -v b="$(get board.raw.p50)" 'BEGIN {printf "%.3f", a / b}')"
info board board_built_spread "$(get board.uncached.spread)" ms
info board board_built_load "$(get compare.load)"
info board board_cached_p50 "$(get board.p50)" ms
result board board_built_p50 "$(get board.uncached.p50)" '<' 50 ms
