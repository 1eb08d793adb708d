#!/usr/bin/env bash
# Notice-board benchmark: GET /board/{code} of a 2,000-household village with 3 years of ledger history,
# on PostgreSQL, against the running server, with a baseline measured in the same run.
#
#   bench/board/run.sh                        # ~3-5 minutes (most of it building the history)
#   BENCH_SECONDS=5 BENCH_BOARD_POSTINGS=50000 bench/board/run.sh    # quicker
#
# What it does
#   1. a scratch database jifen_board_bench (dropped and created; never `test`), schema by Flyway;
#   2. the JUnit class cn.jifen.bench.BoardBenchmark (@Tag("bench")) through maven -Ppostgres: the whole
#      application on an embedded Tomcat (random port), 2,000 households (SQL inserts), BENCH_BOARD_POSTINGS
#      postings through Ledger.postAll spread over 3 years, 20 claims in publicity;
#   3. a Java HTTP load generator (BENCH_CLIENTS threads, keep-alive, BENCH_SECONDS per target after a 3 s
#      warm-up) measures p50/p95/p99 of:
#        baseline.static  GET /css/jifen.css     (static file: the floor of the HTTP stack)
#        baseline.health  GET /actuator/health   (a cheap dynamic page with a database check)
#        board            GET /board/{code}      (as deployed: board assembled at most every
#                                                 jifen.noticeboard.cache-seconds, default 10 s)
#        board.uncached   GET /board/{code}      (cache evicted before each request: full assembly)
#        index            GET /board
#   4. prints the machine and the figures; goal: board p50 < 50 ms.
# Knobs: PGHOST PGPORT PGUSER (127.0.0.1 5432 postgres), BENCH_SECONDS (20), BENCH_CLIENTS (4),
#   BENCH_HOUSEHOLDS (2000), BENCH_BOARD_POSTINGS (200000), KEEP_DBS=1, BENCH_BUILD_DIR (target-bench).
set -euo pipefail
cd "$(dirname "$0")/../.."

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
hr

psql -d postgres -qc "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
MVN=(./mvnw -q -B -Ppostgres "-Djifen.buildDir=$BUILD_DIR")
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
printf '  %-16s %10s %10s %10s\n' target "p50 ms" "p95 ms" "req/s"
for k in baseline.static baseline.health board board.uncached index; do
  printf '  %-16s %10s %10s %10s\n' "$k" "$(get $k.p50)" "$(get $k.p95)" "$(get $k.rps)"
done
p50="$(get board.p50)"
echo "  goal: board p50 < 50 ms: $(awk -v m="$p50" 'BEGIN {print (m < 50 ? "MET" : "MISSED")}') (p50 $p50 ms)"
echo "  board page size: $(get board.bytes) bytes"
hr
