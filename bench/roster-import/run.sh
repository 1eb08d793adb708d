#!/bin/sh
# Roster import benchmark (花名册导入基准): imports a generated 10,000-row roster (.xlsx and .csv)
# through RosterImport on H2 and on PostgreSQL and prints seconds, rows/s and the machine.
# Not part of the test suite: the class name (RosterImportBench) does not match surefire's patterns.
#
#   bench/roster-import/run.sh            # both databases
#   bench/roster-import/run.sh h2         # H2 only
#   bench/roster-import/run.sh postgres   # PostgreSQL only (JIFEN_TEST_DB_URL, default local "test")
#
# Environment: ROWS (10000), BUILD_DIR (target-bench), MVN_FLAGS (-o), and for PostgreSQL the
# JIFEN_TEST_DB_URL / JIFEN_TEST_DB_USER / JIFEN_TEST_DB_PASSWORD of the test suite. The PostgreSQL
# run wipes the jifen_test schema of that database, like the test suite does.
set -eu
cd "$(dirname "$0")/../.."
ROWS=${ROWS:-10000}
BUILD_DIR=${BUILD_DIR:-target-bench}
MVN_FLAGS=${MVN_FLAGS:--o}
OUT="$(pwd)/$BUILD_DIR/bench"
WHICH=${1:-all}

run() {
  # $1 = label, rest = extra maven arguments
  label=$1; shift
  echo "== $label =="
  ./mvnw -q -B $MVN_FLAGS -Djifen.buildDir="$BUILD_DIR" "$@" test \
    -Dtest=RosterImportBench -Dsurefire.failIfNoSpecifiedTests=false -Djifen.test.excludedGroups=none \
    -Djifen.bench.rows="$ROWS" -Djifen.bench.out="$OUT" >"$OUT/maven-$label.log" 2>&1 \
    || { echo "benchmark failed, see $OUT/maven-$label.log"; tail -40 "$OUT/maven-$label.log"; exit 1; }
}

mkdir -p "$OUT"
echo "nproc: $(nproc 2>/dev/null || echo ?)  cpu: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')"
if [ "$WHICH" = all ] || [ "$WHICH" = h2 ]; then
  run h2
  cat "$OUT/roster-import-h2.txt"
fi
if [ "$WHICH" = all ] || [ "$WHICH" = postgres ]; then
  run postgres -Ppostgres
  cat "$OUT/roster-import-postgresql.txt"
fi
