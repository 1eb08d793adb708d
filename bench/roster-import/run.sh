#!/bin/sh
# Roster import benchmark (花名册导入基准): imports a generated 10,000-row roster (.xlsx and .csv)
# through RosterImport and, interleaved with it in the same run, writes the same rows by plain JDBC
# batches (the baseline); prints medians, spreads, the ratio to the baseline and the machine load.
# Not part of the test suite: the class name (RosterImportBench) does not match surefire's patterns.
#
#   bench/roster-import/run.sh            # PostgreSQL, then H2 (the goal is on PostgreSQL)
#   bench/roster-import/run.sh postgres   # PostgreSQL only
#   bench/roster-import/run.sh h2         # H2 only
#   bench/roster-import/run.sh --quick    # 3,000 rows, 3 repeats, PostgreSQL only (about 3 minutes)
#
# Environment: ROWS (10000), REPEATS (3), BUILD_DIR (target-bench), MVN_FLAGS (-o), BENCH_QUICK=1 (as --quick),
# and for PostgreSQL JIFEN_TEST_DB_URL (default: the scratch database $BENCH_DB on 127.0.0.1:5432, created and
# dropped here), BENCH_DB (jifen_bench_roster), JIFEN_TEST_DB_SCHEMA, JIFEN_TEST_DB_USER / JIFEN_TEST_DB_PASSWORD.
# The schema of that database is wiped, as by the test suite. Ends with one RESULT line per goal figure
# (bench/lib/result.sh).
set -eu
cd "$(dirname "$0")/../.."
. bench/lib/result.sh
WHICH=all
QUICK=${BENCH_QUICK:-0}
for a in "$@"; do
  case "$a" in
    --quick) QUICK=1 ;;
    h2|postgres|all) WHICH=$a ;;
    *) echo "unknown argument: $a" >&2; exit 2 ;;
  esac
done
if [ "$QUICK" = 1 ]; then
  ROWS=${ROWS:-3000}
  [ "$WHICH" = all ] && WHICH=postgres
fi
ROWS=${ROWS:-10000}
REPEATS=${REPEATS:-3}
BUILD_DIR=${BUILD_DIR:-target-bench}
MVN_FLAGS=${MVN_FLAGS:--o}
OUT="$(pwd)/$BUILD_DIR/bench"
BENCH_DB=${BENCH_DB:-jifen_bench_roster}
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
OWN_DB=0

run() {
  # $1 = label, rest = extra maven arguments
  label=$1; shift
  echo "== $label ($ROWS rows, $REPEATS repeats) =="
  ./mvnw -q -B $MVN_FLAGS -Djifen.buildDir="$BUILD_DIR" "$@" test \
    -Dtest=RosterImportBench -Dsurefire.failIfNoSpecifiedTests=false -Djifen.test.excludedGroups=none -Djacoco.skip=true \
    -Djifen.bench.rows="$ROWS" -Djifen.bench.repeats="$REPEATS" -Djifen.bench.out="$OUT" >"$OUT/maven-$label.log" 2>&1 \
    || { echo "benchmark failed, see $OUT/maven-$label.log"; tail -40 "$OUT/maven-$label.log"; exit 1; }
}

fig() { sed -n "s/^$2=//p" "$OUT/roster-import-$1.properties"; }

mkdir -p "$OUT"
echo "nproc: $(nproc 2>/dev/null || echo ?)  cpu: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')"
machine_load
if [ "$WHICH" = all ] || [ "$WHICH" = postgres ]; then
  if [ -z "${JIFEN_TEST_DB_URL:-}" ]; then
    psql -d postgres -qc "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $BENCH_DB" -c "CREATE DATABASE $BENCH_DB"
    export JIFEN_TEST_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB"
    OWN_DB=1
  fi
  rm -f "$OUT/roster-import-postgresql.properties"
  run postgres -Ppostgres
  cat "$OUT/roster-import-postgresql.txt"
  [ "$OWN_DB" = 1 ] && [ "${KEEP_DBS:-0}" != 1 ] && psql -d postgres -qc "DROP DATABASE IF EXISTS $BENCH_DB"
fi
if [ "$WHICH" = all ] || [ "$WHICH" = h2 ]; then
  rm -f "$OUT/roster-import-h2.properties"
  run h2
  cat "$OUT/roster-import-h2.txt"
fi
machine_load
if [ "$WHICH" = all ] || [ "$WHICH" = postgres ]; then
  [ "$(fig postgresql ok)" = true ] || echo "UNEXPECTED OUTCOME in the PostgreSQL run (see above): figures not trusted"
  ok() { [ "$(fig postgresql ok)" = true ] && echo "$1" || echo failed; }
  result roster-import ratio_vs_jdbc_batch_xlsx "$(ok "$(fig postgresql ratio.xlsx)")" "<=" 2
  result roster-import ratio_vs_jdbc_batch_csv "$(ok "$(fig postgresql ratio.csv)")" "<=" 2
  info roster-import import_xlsx_${ROWS}_rows "$(fig postgresql xlsx.seconds)" s
  info roster-import import_csv_${ROWS}_rows "$(fig postgresql csv.seconds)" s
  info roster-import jdbc_batch_baseline_${ROWS}_rows "$(fig postgresql baseline.seconds)" s
  info roster-import reimport_unchanged_${ROWS}_rows "$(fig postgresql again.seconds)" s
fi
if [ "$WHICH" = all ] || [ "$WHICH" = h2 ]; then
  info roster-import h2_ratio_vs_jdbc_batch_xlsx "$(fig h2 ratio.xlsx)"
  info roster-import h2_ratio_vs_jdbc_batch_csv "$(fig h2 ratio.csv)"
fi
