#!/usr/bin/env bash
# Statistics benchmark: a generated county (100,000 households, 10,000,000 ledger entries in 2025) on the local
# PostgreSQL. The data set is generated once (bench/stats/generate.sql, its month totals, the rollup, VACUUM ANALYZE:
# StatsDataset) into a kept database named after a fingerprint of what shapes it (generate.sql, StatsDataset.java,
# the rollup's code and the migrations): BENCH_DATASET_PREFIX_<hash8> (prefix default jifen_stats). Every run measures
# a copy of it (BENCH_DB, default <prefix>_run; CREATE DATABASE ... TEMPLATE, dropped afterwards), because the
# year-to-date figure deletes December's later postings. When the fingerprint changed (or no data set exists) the
# run says so and generates first (10-40 minutes on 2 cores, depending on load); older data sets are listed, not
# dropped (about 5 GB each).
# Issue #17: the county's and a town's dashboard (figures, comparison, months, categories, items) from the ledger's
# month totals against the same dashboard from the monthly rollup read from the database with no in-memory copy
# (the path before the totals), checked equal first, BENCH_REPEATS (3) interleaved rounds of (baseline, subject),
# each 2 warm-up calls and the median of 7; median of the rounds with their spread, ratio and load average:
#   closedYear            1 January–31 December 2025 (whole months)
#   toDec7LaterPostings   1 January–7 December 2025 while postings after 7 December exist (INFO; not with --quick)
#   yearToDate            1 January–7 December 2025 as the county stands on 7 December: the generator's postings
#                         after it are removed first and December's month totals rebuilt
#   yearToDate.withoutCountIndexes  year to date with V52's count indexes against the same dashboard with them
#                         dropped (INFO; interleaved rounds of drop / create again)
# Ends with RESULT lines (bench/lib/result.sh): county < 300 ms, town < 100 ms for closedYear and yearToDate.
# Without --quick it also prints the older figures (rollup kept in memory, raw ledger, COUNT(*) of the year's legs)
# and exports the county's year ledger (5,000,000 rows) as CSV in a JVM limited to BENCH_XMX (256m) with the peak heap.
#
#   bench/stats/run.sh --prepare       # generate the data set only (if missing), e.g. ahead of a quiet window
#   bench/stats/run.sh --quick         # (or BENCH_QUICK=1) only issue #17's figures: ~3 min at load 3-4 when the data set exists; 28 at load 50-60
#   bench/stats/run.sh                 # all figures, the raw ledger and the export: much longer than --quick
#   BENCH_EXPORT=0 bench/stats/run.sh  # without the export
#   KEEP_DBS=1 bench/stats/run.sh      # keep the measured copy (BENCH_DB) afterwards too
#   BENCH_DATASET=<db> bench/stats/run.sh --quick  # measure a copy of that kept data set whatever the fingerprint:
#                                      # Flyway applies the migrations newer than it to the copy (not the generator's)
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/lib/result.sh
PREPARE=0
args=()
for arg in "$@"; do
  if [[ "$arg" == --prepare ]]; then PREPARE=1; else args+=("$arg"); fi
done
quick_option "${args[@]+"${args[@]}"}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
BUILD_DIR="${BENCH_BUILD_DIR:-target-bench-stats}"
PREFIX="${BENCH_DATASET_PREFIX:-jifen_stats}"
FINGERPRINT="$(cat bench/stats/generate.sql src/test/java/cn/jifen/bench/StatsDataset.java \
  src/main/java/cn/jifen/stats/internal/StatsRollup.java \
  $(find src/main/resources/db/migration -type f | LC_ALL=C sort) | sha256sum | cut -c1-8)"
DATASET="${BENCH_DATASET:-${PREFIX}_${FINGERPRINT}}"
DB="${BENCH_DB:-${PREFIX}_run}"
[[ "$DB" != "$DATASET" && "$DB" != test ]] || { echo "BENCH_DB must not be $DB" >&2; exit 2; }
# The data set lives in the schema the generator migrated; the copy must be read in the same one.
export JIFEN_TEST_DB_SCHEMA=jifen_test JIFEN_TEST_DB_USER="$PGUSER"
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

# One JVM running StatsBenchmark on database $1 in mode $2 (prepare | reuse); the [bench] lines go to the terminal.
bench() {
  local db="$1" mode="$2" log rc keep=0
  [[ "$mode" == reuse ]] && keep=1
  log="$(mktemp /tmp/jifen-stats-bench.XXXXXX)"
  set +e
  JIFEN_TEST_DB_URL="jdbc:postgresql://${PGHOST}:${PGPORT}/$db" JIFEN_TEST_DB_KEEP=$keep BENCH_MODE=$mode BENCH_OUT="$RESULTS" \
    ./mvnw -o -q -B -Ppostgres -Djacoco.skip=true "-Djifen.buildDir=$BUILD_DIR" -Djifen.test.excludedGroups=none -Dgroups=bench \
    -Dtest=StatsBenchmark -Dsurefire.failIfNoSpecifiedTests=false "-DargLine=-Xmx${BENCH_XMX:-256m}" test 2>&1 \
    | tee "$log" | grep --line-buffered '^\[bench\]' | sed -u -e 's/^\[bench\] /  /'
  rc=${PIPESTATUS[0]}
  set -e
  if (( rc != 0 )); then
    echo "BENCHMARK FAILED (maven exit $rc, mode $mode); see $log"; grep -v '^\[bench\]' "$log" | tail -40; exit 1
  fi
  rm -f "$log"
}

RESULTS="$(mktemp /tmp/jifen-stats-results.XXXXXX)"
trap 'rm -f "$RESULTS"' EXIT
complete="$(psql -d postgres -Atc "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '$DATASET'")"
if [[ "$complete" == complete* ]]; then
  echo "DATA SET $DATASET present ($complete): reused"
else
  echo "DATA SET $DATASET MISSING (first run, or generator/migrations/rollup changed): GENERATING it now,"
  echo "  10-40 minutes on 2 cores depending on load (bench/stats/run.sh --prepare does only this)"
  g0=$SECONDS
  psql -d postgres -qc "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DATASET" -c "CREATE DATABASE $DATASET"
  # The index builds after the bulk load are most of the generator's time: more memory sorts them in fewer passes.
  psql -d postgres -qc "ALTER DATABASE $DATASET SET maintenance_work_mem = '512MB'" \
    -c "ALTER DATABASE $DATASET SET synchronous_commit = off"
  bench "$DATASET" prepare
  psql -d postgres -qc "ALTER DATABASE $DATASET RESET ALL" \
    -c "COMMENT ON DATABASE $DATASET IS 'complete $(date -Is), generated in $(( SECONDS - g0 )) s'"
  echo "DATA SET $DATASET generated in $(( SECONDS - g0 )) s and kept"
fi
stale="$(psql -d postgres -Atc "SELECT string_agg(datname, ' ') FROM pg_database WHERE datname ~ '^${PREFIX}_[0-9a-f]{8}\$' AND datname <> '$DATASET'")"
[[ -z "$stale" ]] || echo "  older data sets (other fingerprints; drop them when no longer needed): $stale"
echo "  load          $(cut -d' ' -f1-3 /proc/loadavg)"
if (( PREPARE )); then exit 0; fi

c0=$SECONDS
psql -d postgres -qc "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB" \
  -c "CREATE DATABASE $DB TEMPLATE $DATASET STRATEGY FILE_COPY"
echo "COPY of $DATASET into $DB: $(( SECONDS - c0 )) s"
bench "$DB" reuse
echo "  load after    $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  uptime after  $(uptime)"
[[ "${KEEP_DBS:-0}" == 1 ]] || psql -d postgres -qc "DROP DATABASE IF EXISTS $DB"
echo "  $(machine_load)"
get() { awk -F= -v k="$1" '$1 == k {print $2}' "$RESULTS"; }
printf '  %-44s %10s %14s %12s %14s %7s %6s\n' figure "totals ms" spread "rollup ms" spread ratio load
# (for *.withoutCountIndexes: "totals ms" = with V52's count indexes, "rollup ms" = the same without them)
FIGURES="county.closedYear town.closedYear county.toDec7LaterPostings town.toDec7LaterPostings county.yearToDate town.yearToDate"
for f in $FIGURES county.yearToDate.withoutCountIndexes town.yearToDate.withoutCountIndexes; do
  printf '  %-44s %10s %14s %12s %14s %7s %6s\n' "$f" "$(get $f.ms)" "$(get $f.spread)" "$(get $f.baseline.ms)" \
    "$(get $f.baseline.spread)" "$(get $f.ratio)" "$(get $f.load)"
done
for f in $FIGURES; do
  n="${f//./_}"
  info stats "${n}_baseline" "$(get $f.baseline.ms)" ms
  info stats "${n}_ratio" "$(get $f.ratio)"
  info stats "${n}_spread" "$(get $f.spread)" ms
  info stats "${n}_load" "$(get $f.load)"
done
# V52's count indexes against the same dashboard with them dropped (year to date; "baseline" = without them)
for u in county town; do
  info stats "${u}_yearToDate_withoutCountIndexes" "$(get $u.yearToDate.withoutCountIndexes.baseline.ms)" ms
  info stats "${u}_yearToDate_withCountIndexes" "$(get $u.yearToDate.withoutCountIndexes.ms)" ms
  info stats "${u}_yearToDate_countIndexes_ratio" "$(get $u.yearToDate.withoutCountIndexes.ratio)"
done
info stats county_toDec7LaterPostings "$(get county.toDec7LaterPostings.ms)" ms
info stats town_toDec7LaterPostings "$(get town.toDec7LaterPostings.ms)" ms
result stats county_closedYear "$(get county.closedYear.ms)" '<' 300 ms
result stats county_yearToDate "$(get county.yearToDate.ms)" '<' 300 ms
result stats town_closedYear "$(get town.closedYear.ms)" '<' 100 ms
result stats town_yearToDate "$(get town.yearToDate.ms)" '<' 100 ms
