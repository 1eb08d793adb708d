#!/usr/bin/env bash
# Batch award: a baseline tree against this tree, in one run, interleaved. Each round runs the batch phase of
# cn.jifen.bench.LedgerBenchmark (warm-up award, then BENCH_REPEATS first and second awards of BENCH_BATCH
# households, VACUUM ANALYZE before each) once in the baseline tree and once in this one, each on a fresh scratch
# database, and the order of the two alternates from round to round. Prints every award with its CPU (posting
# thread + its PostgreSQL backends) and the load, then per tree the median and range of wall time and CPU.
#
#   bench/ledger/award-compare.sh /tmp/main-tree            # 3 rounds x 1 repeat per tree
#   ROUNDS=3 BENCH_REPEATS=2 bench/ledger/award-compare.sh /tmp/main-tree
#
# The baseline tree is any checkout of the project, e.g. `mkdir /tmp/m && git archive main | tar -x -C /tmp/m`;
# both are built here (maven offline, build dir $BENCH_BUILD_DIR, default target-bench).
# Environment: PGHOST PGPORT PGUSER (127.0.0.1 5432 postgres), BENCH_BATCH (10000), BENCH_REPEATS (1), ROUNDS (3),
#   BENCH_DB_PREFIX (jifen_: the scratch databases are <prefix>award_base and <prefix>award_subj).
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/lib/result.sh
SUBJECT="$PWD"
BASELINE="$(cd "${1:?usage: award-compare.sh BASELINE_TREE}" && pwd)"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
ROUNDS="${ROUNDS:-3}"
export BENCH_REPEATS="${BENCH_REPEATS:-1}" BENCH_BATCH="${BENCH_BATCH:-10000}" BENCH_PHASES=batch
BUILD_DIR="${BENCH_BUILD_DIR:-target-bench}"
DB_PREFIX="${BENCH_DB_PREFIX:-jifen_}"
OUT="$(mktemp -d /tmp/jifen-award-compare.XXXXXX)"
trap 'rm -rf "$OUT"' EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "batch award of $BENCH_BATCH households: baseline $BASELINE vs. subject $SUBJECT, $ROUNDS rounds x $BENCH_REPEATS repeats"
machine_load
for tree in "$BASELINE" "$SUBJECT"; do
  (cd "$tree" && ./mvnw -q -B -o -Ppostgres "-Djifen.buildDir=$BUILD_DIR" -DskipTests test-compile >"$OUT/build.log" 2>&1) \
    || { echo "build of $tree failed:"; tail -20 "$OUT/build.log"; exit 1; }
done

run_one() {  # name tree round
  local name="$1" tree="$2" round="$3" db="${DB_PREFIX}award_$1"
  psql -d postgres -qc "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  (cd "$tree" && JIFEN_TEST_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$db" JIFEN_TEST_DB_USER="$PGUSER" \
    BENCH_OUT="$OUT/$name.$round.properties" ./mvnw -q -B -o -Ppostgres "-Djifen.buildDir=$BUILD_DIR" \
    -Djifen.test.excludedGroups=none -Dgroups=bench -Dtest=LedgerBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    test >"$OUT/$name.$round.log" 2>&1) || { echo "$name round $round FAILED:"; tail -30 "$OUT/$name.$round.log"; exit 1; }
  psql -d postgres -qc "DROP DATABASE IF EXISTS $db"
  grep '^\[bench\] batch award    repeat' "$OUT/$name.$round.log" | sed "s/^\[bench\] batch award    /  $name round $round, /"
  grep '^\[bench\] verify' "$OUT/$name.$round.log" | sed "s/^\[bench\] /  $name round $round, /"
  grep -o 'postAll of [0-9]* in village .*' "$OUT/$name.$round.log" | sed "s/^/  $name round $round, /" || true
}

for (( r = 1; r <= ROUNDS; r++ )); do
  if (( r % 2 == 1 )); then run_one base "$BASELINE" "$r"; run_one subj "$SUBJECT" "$r"
  else run_one subj "$SUBJECT" "$r"; run_one base "$BASELINE" "$r"; fi
done

# every repeat's figures, from the logs: "<award> <seconds> <thread cpu> <backend cpu>"
figures() {  # name award(first|second)
  cat "$OUT/$1".*.log | grep "^\[bench\] batch award    repeat .*, $2 award" \
    | sed -E 's/.*: ([0-9.]+) s = .*CPU posting thread ([0-9.]+) s \+ its PostgreSQL backends ([0-9.]+) s.*/\1 \2 \3/'
}
stats() { sort -n | awk '{v[NR] = $1} END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
  printf "%.3f (%.3f-%.3f, n=%d)", m, v[1], v[NR], NR}'; }
echo "SUMMARY (median (range, n)); CPU = posting thread + its PostgreSQL backends; load now $(load)"
declare -A MED
for award in first second; do
  for name in base subj; do
    f="$(figures "$name" "$award")"
    wall="$(awk '{print $1}' <<<"$f" | stats)"
    cpu="$(awk '{print $2 + $3}' <<<"$f" | stats)"
    jvm="$(awk '{print $2}' <<<"$f" | stats)"
    pg="$(awk '{print $3}' <<<"$f" | stats)"
    MED[$name.$award]="${wall%% *}"
    MED[$name.$award.cpu]="${cpu%% *}"
    printf '  %-6s award, %-8s wall %s s   CPU %s s   (JVM %s, PostgreSQL %s)\n' "$award" \
      "$([[ $name == base ]] && echo baseline || echo subject)" "$wall" "$cpu" "$jvm" "$pg"
  done
  printf '  %-6s award, subject/baseline: wall %.2f, CPU %.2f\n' "$award" \
    "$(awk -v a="${MED[subj.$award]}" -v b="${MED[base.$award]}" 'BEGIN {print a / b}')" \
    "$(awk -v a="${MED[subj.$award.cpu]}" -v b="${MED[base.$award.cpu]}" 'BEGIN {print a / b}')"
done
machine_load
result ledger "first_award_${BENCH_BATCH}_subject" "${MED[subj.first]}" "<" 1 s
info ledger "first_award_${BENCH_BATCH}_baseline" "${MED[base.first]}" s
info ledger "first_award_${BENCH_BATCH}_cpu_subject" "${MED[subj.first.cpu]}" s
info ledger "first_award_${BENCH_BATCH}_cpu_baseline" "${MED[base.first.cpu]}" s
info ledger "second_award_${BENCH_BATCH}_subject" "${MED[subj.second]}" s
info ledger "second_award_${BENCH_BATCH}_baseline" "${MED[base.second]}" s
