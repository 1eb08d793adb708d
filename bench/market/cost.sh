#!/usr/bin/env bash
# What one counter redemption costs, before and after (issue #17 goal 1), on PostgreSQL, in the same run.
#
#   bench/market/cost.sh                       # before = the main branch, after = this working tree
#   BEFORE_REV=<rev> REPEATS=3 SECONDS_PER=20 bench/market/cost.sh
#   BEFORE_JAR=/path/jifen.jar BEFORE_SRC=/its/tree AFTER_JAR=...   # reuse jars (and the before tree) already built
#
# What it does
#   1. builds the two jars (BEFORE_REV via git archive into a scratch dir; this tree) unless given, and starts both
#      on scratch databases jifen_cost_before / jifen_cost_after (ports PORT_BASE+1 / +2, 18401/18402 by default)
#      with the demo county; sets both up through the API (bench/market/Cost.java setup: every village open every
#      day, one plentiful product per supermarket, 30 funded households per village), then ANALYZE (autovacuum may
#      be off) and a warm-up of redemptions on each.
#   2. REPEATS rounds, the order of before/after alternating each round; per subject:
#      - closed loop, CLIENTS clients, SECONDS_PER s: the counter's passbook lookup (authenticated GET, baseline),
#        with its CPU read the same way as the redemptions' → CPU ms per lookup, the per-request floor of the stack;
#      - closed loop, CLIENTS clients, SECONDS_PER s: one-product redemptions, with the CPU time of the JVM and of
#        the PostgreSQL backends of its database read from /proc before and after → CPU ms per redemption;
#      - open arrivals at RATE redemptions/s for OPEN_SECONDS s after WARMUP s at the same rate (fixed schedule,
#        latency from the intended start) → p50/p99;
#      - TAPS double-taps, the replay (second POST with the same key) timed on its own.
#   3. statements per one-product redemption, from token to response, counted by RedemptionStatementsTest on
#      PostgreSQL in both trees (STATEMENTS=0 skips; PostgreSQL has no pg_stat_statements loaded here).
#   4. medians and spread (min–max) of the rounds, load average, and one RESULT line per goal.
# Environment: PGHOST PGPORT PGUSER (127.0.0.1 5432 postgres), CLIENTS (16), RATE (100), REPEATS (3),
#   SECONDS_PER (20), OPEN_SECONDS (30), WARMUP (10), TAPS (50), START_SECONDS (900), KEEP_DBS=1, BENCH_DB_PREFIX (jifen_cost: the
#   scratch databases are <prefix>_before and <prefix>_after), BUILD_DIR (target-bench-cost), STMT_SCHEMA (jt_cost:
#   the statement count's test schemas are <STMT_SCHEMA>_before and _after). Needs psql, JDK 17+.
#   JFR_DIR=/dir: both servers record a Flight Recording (default settings, about 1 % overhead) to /dir/before.jfr and /dir/after.jfr.
#   --quick (or BENCH_QUICK=1): one round of shorter phases (REPEATS=1 SECONDS_PER=8 OPEN_SECONDS=10 WARMUP=5
#   TAPS=20), at most ~3 minutes once the jars are built (give BEFORE_JAR/AFTER_JAR to skip the builds).
# It ends with one RESULT line per goal figure (bench/lib/result.sh) and INFO lines for the figures without a goal.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$(pwd)"
source bench/lib/result.sh
quick_option "$@"
if [[ "${BENCH_QUICK:-0}" == 1 ]]; then
  REPEATS="${REPEATS:-1}" SECONDS_PER="${SECONDS_PER:-8}" OPEN_SECONDS="${OPEN_SECONDS:-10}" WARMUP="${WARMUP:-5}"
  TAPS="${TAPS:-20}" STATEMENTS="${STATEMENTS:-0}"
fi

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
CLIENTS="${CLIENTS:-16}" RATE="${RATE:-100}" REPEATS="${REPEATS:-3}" SECONDS_PER="${SECONDS_PER:-20}"
OPEN_SECONDS="${OPEN_SECONDS:-30}" WARMUP="${WARMUP:-10}" TAPS="${TAPS:-50}" PORT_BASE="${PORT_BASE:-18400}"
START_SECONDS="${START_SECONDS:-900}"   # a loaded machine took more than 5 minutes to migrate and load the demo county
BEFORE_REV="${BEFORE_REV:-main}"
WORK="$(mktemp -d /tmp/jifen-cost.XXXXXX)"
declare -A PID PORT DB JAR
PORT[before]=$((PORT_BASE + 1)); PORT[after]=$((PORT_BASE + 2))
BENCH_DB_PREFIX="${BENCH_DB_PREFIX:-jifen_cost}"; BUILD_DIR="${BUILD_DIR:-target-bench-cost}"
DB[before]="${BENCH_DB_PREFIX}_before"; DB[after]="${BENCH_DB_PREFIX}_after"
cleanup() {
  for s in before after; do
    if [[ -n "${PID[$s]:-}" ]] && kill -0 "${PID[$s]}" 2>/dev/null; then kill "${PID[$s]}"; wait "${PID[$s]}" 2>/dev/null || true; fi
    [[ "${KEEP_DBS:-0}" == 1 ]] || psql -d postgres -qc "DROP DATABASE IF EXISTS ${DB[$s]}" >/dev/null 2>&1 || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
hr() { printf '%s\n' "------------------------------------------------------------------------------------------"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }   # utime + stime, clock ticks
HZ="$(getconf CLK_TCK)"

hr
echo "MACHINE  $(date -Is)  $(nproc) cores  $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "  java $(java -version 2>&1 | head -1); $(psql -d postgres -Atc 'SELECT version()' | cut -d, -f1)"
echo "  load avg $(load)   (other builds and tests may share these cores)"
machine_load
hr

echo "1. jars, servers, setup"
BEFORE_SRC="${BEFORE_SRC:-$WORK/before-src}"   # a tree of BEFORE_REV already built may be given (BEFORE_SRC, BEFORE_JAR)
if [[ -z "${BEFORE_JAR:-}" ]]; then
  mkdir -p "$WORK/before-src" && git archive "$BEFORE_REV" | tar -x -C "$WORK/before-src"
  (cd "$WORK/before-src" && ./mvnw -q -B -o -DskipTests -Djacoco.skip=true package >"$WORK/build-before.log" 2>&1) \
    || { echo "before build failed"; tail -20 "$WORK/build-before.log"; exit 1; }
  BEFORE_JAR="$(ls "$WORK"/before-src/target/jifen-*.jar | grep -v original | head -1)"
fi
if [[ -z "${AFTER_JAR:-}" ]]; then
  ./mvnw -q -B -o -DskipTests -Djacoco.skip=true -Djifen.buildDir="$BUILD_DIR" package >"$WORK/build-after.log" 2>&1 \
    || { echo "after build failed"; tail -20 "$WORK/build-after.log"; exit 1; }
  AFTER_JAR="$(ls "$BUILD_DIR"/jifen-*.jar | grep -v original | head -1)"
fi
JAR[before]="$BEFORE_JAR"; JAR[after]="$AFTER_JAR"
for s in before after; do
  psql -d postgres -qc "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB[$s]}" -c "CREATE DATABASE ${DB[$s]}"
  mkdir -p "$WORK/data-$s"
  JIFEN_DB_URL="jdbc:postgresql://${PGHOST}:${PGPORT}/${DB[$s]}" JIFEN_DB_USER="$PGUSER" JIFEN_DB_PASSWORD="${PGPASSWORD:-}" \
    JIFEN_DB_POOL=$((CLIENTS + 4)) JIFEN_PORT="${PORT[$s]}" JIFEN_DATA_DIR="$WORK/data-$s" JIFEN_DEMO=true JIFEN_DEMO_YEAR=false \
    java -Xmx768m ${JFR_DIR:+-XX:StartFlightRecording=filename=$JFR_DIR/$s.jfr,settings=default,dumponexit=true} -jar "${JAR[$s]}" \
      >"$WORK/server-$s.log" 2>&1 &
  PID[$s]=$!
done
for s in before after; do
  up=0
  for i in $(seq 1 "$START_SECONDS"); do
    curl -fs "http://127.0.0.1:${PORT[$s]}/actuator/health" 2>/dev/null | grep -q UP && { up=1; break; }
    kill -0 "${PID[$s]}" 2>/dev/null || { echo "$s did not start"; tail -30 "$WORK/server-$s.log"; exit 1; }
    sleep 1
  done
  (( up )) || { echo "$s not up after $START_SECONDS s (START_SECONDS); load $(load)"; tail -5 "$WORK/server-$s.log"; exit 1; }
  java bench/market/Cost.java setup "http://127.0.0.1:${PORT[$s]}" "$WORK/state-$s" | sed "s/^/  $s: /"
  psql -d "${DB[$s]}" -qc "ANALYZE"
  java bench/market/Cost.java closed "http://127.0.0.1:${PORT[$s]}" "$WORK/state-$s" redeem "$CLIENTS" 10 >/dev/null
  echo "  $s: pid ${PID[$s]} port ${PORT[$s]} ${JAR[$s]##*/} up, set up, analyzed, warmed up; load $(load)"
done
hr

cpu_ms() {   # JVM + the PostgreSQL backends of the database, in ms of CPU: "total jvm backends"
  local s=$1 j b=0 p
  j=$(ticks "${PID[$s]}")
  for p in $(psql -d postgres -Atc "SELECT pid FROM pg_stat_activity WHERE datname = '${DB[$s]}'"); do b=$((b + $(ticks "$p"))); done
  echo $(((j + b) * 1000 / HZ)) $((j * 1000 / HZ)) $((b * 1000 / HZ))
}
per() { awk -v c="$1" -v n="$2" 'BEGIN {printf "%.2f", (n ? c / n : 0)}'; }   # ms per request
get() { tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1 == k {print $2}'; }

echo "2. $REPEATS rounds: lookup and redemptions at $CLIENTS clients ($SECONDS_PER s each), $RATE/s open for $OPEN_SECONDS s (+$WARMUP s warm-up), $TAPS double-taps"
: >"$WORK/rows"
for r in $(seq 1 "$REPEATS"); do
  order="before after"; (( r % 2 == 0 )) && order="after before"
  for s in $order; do
    url="http://127.0.0.1:${PORT[$s]}"; st="$WORK/state-$s"
    read -r l0 lj0 lb0 <<<"$(cpu_ms "$s")"
    look="$(java bench/market/Cost.java closed "$url" "$st" lookup "$CLIENTS" "$SECONDS_PER")"
    read -r c0 cj0 cb0 <<<"$(cpu_ms "$s")"
    red="$(java bench/market/Cost.java closed "$url" "$st" redeem "$CLIENTS" "$SECONDS_PER")"
    read -r c1 cj1 cb1 <<<"$(cpu_ms "$s")"
    opn="$(java bench/market/Cost.java open "$url" "$st" "$RATE" "$OPEN_SECONDS" "$WARMUP")"
    tap="$(java bench/market/Cost.java tap "$url" "$st" "$TAPS")"
    cpu=$(awk -v c=$((c1 - c0)) -v n="$(get "$red" ok)" 'BEGIN {printf "%.2f", n ? c / n : 0}')
    lcpu=$(awk -v c=$((c0 - l0)) -v n="$(get "$look" ok)" 'BEGIN {printf "%.2f", n ? c / n : 0}')
    ratio=$(awk -v a="$(get "$red" perSecond)" -v b="$(get "$look" perSecond)" 'BEGIN {printf "%.2f", b ? a / b : 0}')
    echo "$s $cpu $(get "$red" perSecond) $(get "$look" perSecond) $ratio $(get "$opn" p50) $(get "$opn" p99) $(get "$tap" p50) $(get "$tap" p99) $(get "$opn" other) $(get "$red" other) $(get "$tap" other) $lcpu" >>"$WORK/rows"
    printf '  round %d %-6s cpu/redemption %6s ms | closed: redeem %7s/s lookup %7s/s ratio %s | open %s/s p50 %6s p99 %7s ms | replay p50 %5s p99 %5s ms | non-2xx open/closed/tap %s/%s/%s | load %s\n' \
      "$r" "$s" "$cpu" "$(get "$red" perSecond)" "$(get "$look" perSecond)" "$ratio" "$RATE" "$(get "$opn" p50)" "$(get "$opn" p99)" \
      "$(get "$tap" p50)" "$(get "$tap" p99)" "$(get "$opn" other)" "$(get "$red" other)" "$(get "$tap" other)" "$(load)"
    printf '  round %d %-6s cpu/lookup     %6s ms (the per-request floor: JVM+PG over the closed lookup loop; redemption/lookup %s) | JVM+PG: lookup %s+%s redemption %s+%s ms\n' \
      "$r" "$s" "$lcpu" "$(awk -v a="$cpu" -v b="$lcpu" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')" \
      "$(per $((cj0 - lj0)) "$(get "$look" ok)")" "$(per $((cb0 - lb0)) "$(get "$look" ok)")" \
      "$(per $((cj1 - cj0)) "$(get "$red" ok)")" "$(per $((cb1 - cb0)) "$(get "$red" ok)")"
  done
done
hr

STMT_BEFORE="-"; STMT_AFTER="-"
if [[ "${STATEMENTS:-1}" == 1 ]]; then
  echo "3. statements per one-product redemption (RedemptionStatementsTest on PostgreSQL, schemas ${STMT_SCHEMA:-jt_cost}_*)"
  count_statements() {   # $1 tree, $2 schema
    if [[ "$(cd "$1" && pwd)" != "$ROOT" ]]; then   # the before tree gets this tree's counting test
      cp "$ROOT/src/test/java/cn/jifen/market/RedemptionStatementsTest.java" "$1/src/test/java/cn/jifen/market/"
      cp "$ROOT/src/test/java/cn/jifen/support/StatementCounter.java" "$1/src/test/java/cn/jifen/support/"
    fi
    (cd "$1" && JIFEN_TEST_DB_SCHEMA="$2" ./mvnw -B -o test -Ppostgres -Djacoco.skip=true -Djifen.buildDir="${STMT_BUILD_DIR:-target-bench-stmt}" \
      -Dtest='RedemptionStatementsTest#aOneProductCounterRedemptionFromTokenToResponse*' -Dsurefire.failIfNoSpecifiedTests=false 2>&1 || true) \
      | awk -F': ' '/statements per one-product counter redemption over HTTP/ {print $2; exit}'
    psql -d test -qc "DROP SCHEMA IF EXISTS $2 CASCADE" >/dev/null 2>&1 || true
  }
  if [[ -d "$BEFORE_SRC" ]]; then STMT_BEFORE="$(count_statements "$BEFORE_SRC" "${STMT_SCHEMA:-jt_cost}_before")"; fi
  STMT_AFTER="$(count_statements "$ROOT" "${STMT_SCHEMA:-jt_cost}_after")"
  echo "  before ${STMT_BEFORE:-?}  after ${STMT_AFTER:-?}"
  hr
fi

echo "SUMMARY ($(nproc) cores, Jifen and PostgreSQL on one machine; load now $(load); median of $REPEATS rounds [min–max])"
med() { awk -v s="$1" -v c="$2" '$1 == s {print $c}' "$WORK/rows" | sort -g | awk '{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "%s [%s–%s]", m, a[1], a[NR]}'; }
medv() { med "$1" "$2" | cut -d' ' -f1; }
printf '  %-34s %-22s %-22s\n' "" "before" "after"
printf '  %-34s %-22s %-22s\n' "CPU ms per redemption (JVM+PG)" "$(med before 2)" "$(med after 2)"
printf '  %-34s %-22s %-22s\n' "CPU ms per lookup (JVM+PG)" "$(med before 13)" "$(med after 13)"
printf '  %-34s %-22s %-22s\n' "redemptions/s, $CLIENTS clients" "$(med before 3)" "$(med after 3)"
printf '  %-34s %-22s %-22s\n' "passbook lookups/s, $CLIENTS clients" "$(med before 4)" "$(med after 4)"
printf '  %-34s %-22s %-22s\n' "ratio redemptions/lookups" "$(med before 5)" "$(med after 5)"
printf '  %-34s %-22s %-22s\n' "open $RATE/s p50 ms" "$(med before 6)" "$(med after 6)"
printf '  %-34s %-22s %-22s\n' "open $RATE/s p99 ms" "$(med before 7)" "$(med after 7)"
printf '  %-34s %-22s %-22s\n' "double-tap replay p50 ms" "$(med before 8)" "$(med after 8)"
printf '  %-34s %-22s %-22s\n' "double-tap replay p99 ms" "$(med before 9)" "$(med after 9)"
printf '  %-34s %-22s %-22s\n' "statements per redemption" "$STMT_BEFORE" "$STMT_AFTER"
CPU_A="$(medv after 2)"; RATIO_A="$(medv after 5)"; P99_A="$(medv after 7)"
machine_load
result market cpu_ms_per_redemption "$CPU_A" "<=" 2 ms
result market statements_per_redemption "${STMT_AFTER:--}" "<=" 12
result market closed${CLIENTS}_ratio_to_lookup "$RATIO_A" ">=" 0.5
result market open${RATE}_p99 "$P99_A" "<" 50 ms
info market cpu_ms_per_redemption_before "$(medv before 2)" ms
info market cpu_ms_per_lookup "$(medv after 13)" ms
info market cpu_ms_per_lookup_before "$(medv before 13)" ms
info market statements_per_redemption_before "${STMT_BEFORE:--}"
info market open${RATE}_p50 "$(medv after 6)" ms
info market replay_p50 "$(medv after 8)" ms
info market replay_p99 "$(medv after 9)" ms
echo "  (load average at the end: $(load); figures from a loaded machine are not the goal's quiet-machine figures)"
