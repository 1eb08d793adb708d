#!/usr/bin/env bash
# Every benchmark in one command (issue #17 goal 5), then one summary table of their RESULT and INFO lines.
#
#   bench/run-all.sh                   # every benchmark, full length (an hour or more on 2 cores)
#   bench/run-all.sh --quick           # every benchmark's short pass (each script's --quick / BENCH_QUICK=1)
#   bench/run-all.sh --only h2,board   # only these (names as in --list)
#   bench/run-all.sh --list            # the benchmarks, their scripts and what they measure; runs nothing
#   bench/run-all.sh --dry-run         # the commands it would run; runs nothing
#   bench/run-all.sh --with-scale      # also bench/scale/run.sh (starts its own PostgreSQL clusters and HAProxy)
#
# Each benchmark runs on its own, one after the other (they share the machine's two cores and some scratch
# databases), as `BENCH_QUICK=1 <script> --quick` or `<script>`, with its output shown and kept in
# OUT/run-all/<name>.log. Each script ends with RESULT/INFO lines (bench/lib/result.sh):
#   RESULT <bench> <figure> <value><unit> <op><goal><unit> MET|MISSED        INFO <bench> <figure> <value><unit>
# run-all collects them and prints the table (bench, figure, value, goal, verdict, 1-minute load average at that
# benchmark's start and end), and writes it to OUT/summary.txt (and OUT/summary.tsv).
# Exit code: 0 when every benchmark ran, even if a goal is MISSED; 1 when one failed to run (non-zero exit, timed
# out, or no RESULT/INFO line at all): the table names it. 2 for a wrong option.
# --jar PATH: the packaged jar of this tree, built once, for the scripts that start the application (exported as
#   JAR and AFTER_JAR, which bench/h2 and bench/market/cost.sh (bench/demo only with MODE=jar) read instead of building their own).
# Options: --out DIR (target/bench), --timeout N per benchmark, in minutes, or seconds as Ns (20 with --quick, 120
#   without),
#   --registry FILE (another list of benchmarks, same format as REGISTRY below: for testing run-all itself).
set -uo pipefail
CALLER="$(pwd)"   # paths given as options are relative to where run-all was called from
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
absolute() { case "$1" in /*) echo "$1" ;; *) echo "$CALLER/$1" ;; esac; }

# name | script | when: all = always, scale = only with --with-scale | what it measures (for --list)
REGISTRY='market|bench/market/cost.sh|all|counter redemption: SQL statements and CPU per redemption, closed-loop ratio to the passbook lookup, p99 at 100 arrivals/s, double-tap replay (PostgreSQL)
board|bench/board/run.sh|all|notice board of a 2,000-household village: built (cache off) and as deployed, against a static file and the health check
totals|bench/totals/run.sh|all|board built and 3-year ranking from the month totals against the same reads from the postings
stats|bench/stats/run.sh|all|county and town dashboards (closed year, year to date) from the month totals against the monthly rollup
roster-import|bench/roster-import/run.sh|all|roster import against a plain JDBC batch insert of the same rows
ledger|bench/ledger/run.sh|all|postings/s against pgbench; first batch award of 10,000 households; ranking
demo|bench/demo/first-start.sh|all|first start by the README first command (./mvnw spring-boot:run) with the demo county on an empty H2
h2|bench/h2/run.sh|all|embedded H2 (file, production settings) beside PostgreSQL: postings/s, redemption p50/p99 at an open rate, CPU per redemption
scale|bench/scale/run.sh|scale|one PostgreSQL against two instances behind HAProxy (and Citus): postings/s, redemption p50/p99; read replica'

QUICK=0; LIST=0; DRY=0; WITH_SCALE=0; ONLY=""; OUT="$ROOT/target/bench"; TIMEOUT_MIN=""; REGISTRY_FILE=""
usage() { sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; }
while (( $# )); do
  case "$1" in
    --quick) QUICK=1 ;;
    --list) LIST=1 ;;
    --dry-run) DRY=1 ;;
    --with-scale) WITH_SCALE=1 ;;
    --only) ONLY="${2:?--only needs a list of names}"; shift ;;
    --only=*) ONLY="${1#*=}" ;;
    --out) OUT="$(absolute "${2:?}")"; shift ;;
    --timeout) TIMEOUT_MIN="${2:?}"; shift ;;
    --registry) REGISTRY_FILE="$(absolute "${2:?}")"; shift ;;
    --jar) JAR="$(absolute "${2:?--jar needs a path}")"; [[ -f "$JAR" ]] || { echo "run-all: no jar at $2" >&2; exit 2; }
           export JAR AFTER_JAR="$JAR"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run-all: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
[[ "${BENCH_QUICK:-0}" == 1 ]] && QUICK=1
[[ -n "$TIMEOUT_MIN" ]] || TIMEOUT_MIN=$(( QUICK ? 20 : 120 ))
case "$TIMEOUT_MIN" in
  *[0-9]s) TIMEOUT_S="${TIMEOUT_MIN%s}"; TIMEOUT_TEXT="$TIMEOUT_S s" ;;
  *) [[ "$TIMEOUT_MIN" =~ ^[0-9]+$ ]] && TIMEOUT_S=$((TIMEOUT_MIN * 60)) || TIMEOUT_S=x; TIMEOUT_TEXT="$TIMEOUT_MIN min" ;;
esac
[[ "$TIMEOUT_S" =~ ^[0-9]+$ ]] || { echo "run-all: --timeout wants minutes (20) or seconds (90s)" >&2; exit 2; }
[[ -z "$REGISTRY_FILE" ]] || REGISTRY="$(grep -v '^#' "$REGISTRY_FILE")"

declare -a NAMES=() SCRIPTS=() WHENS=() WHATS=()
while IFS='|' read -r name script when what; do
  [[ -n "$name" ]] || continue
  NAMES+=("$name"); SCRIPTS+=("$script"); WHENS+=("$when"); WHATS+=("$what")
done <<<"$REGISTRY"

if (( LIST )); then
  for i in "${!NAMES[@]}"; do
    present="present"; [[ -f "${SCRIPTS[$i]}" ]] || present="MISSING"
    extra=""; [[ "${WHENS[$i]}" == scale ]] && extra=" (only with --with-scale)"
    printf '%-14s %-28s %-8s %s%s\n' "${NAMES[$i]}" "${SCRIPTS[$i]}" "$present" "${WHATS[$i]}" "$extra"
  done
  exit 0
fi

# which benchmarks: --only names them (a scale-only one too); otherwise all, scale-only ones with --with-scale
declare -a RUN=()
if [[ -n "$ONLY" ]]; then
  IFS=',' read -ra wanted <<<"$ONLY"
  for w in "${wanted[@]}"; do
    found=""
    for i in "${!NAMES[@]}"; do [[ "${NAMES[$i]}" == "$w" ]] && found=$i; done
    [[ -n "$found" ]] || { echo "run-all: no benchmark named '$w' (see --list)" >&2; exit 2; }
    RUN+=("$found")
  done
else
  for i in "${!NAMES[@]}"; do
    [[ "${WHENS[$i]}" == scale && $WITH_SCALE == 0 ]] || RUN+=("$i")
  done
fi

command_of() {   # how one benchmark is started
  local script="$1"
  if (( QUICK )); then echo "BENCH_QUICK=1 $script --quick"; else echo "$script"; fi
}
if (( DRY )); then
  for i in "${RUN[@]}"; do echo "${NAMES[$i]}: $(command_of "${SCRIPTS[$i]}")  (timeout $TIMEOUT_TEXT)"; done
  exit 0
fi

load1() { cut -d' ' -f1 /proc/loadavg; }
hr() { printf '%s\n' "=========================================================================================="; }
mkdir -p "$OUT/run-all"
TSV="$OUT/summary.tsv"; SUMMARY="$OUT/summary.txt"
printf 'bench\tfigure\tvalue\tgoal\tverdict\tload_start\tload_end\n' >"$TSV"
STARTED_AT="$(date -Is)"; T_ALL=$SECONDS
hr
echo "run-all $( ((QUICK)) && echo --quick) at $STARTED_AT: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "  $(java -version 2>&1 | head -1); $(psql -d postgres -Atc 'SHOW server_version' 2>/dev/null | sed 's/^/PostgreSQL /' || echo 'psql: no answer')"
echo "  load average $(cut -d' ' -f1-3 /proc/loadavg); benchmarks: $(for i in "${RUN[@]}"; do printf '%s ' "${NAMES[$i]}"; done)"
hr

declare -a STATUS=() DURATION=() LOAD_START=() LOAD_END=() FAILED=()
for i in "${RUN[@]}"; do
  name="${NAMES[$i]}"; script="${SCRIPTS[$i]}"; log="$OUT/run-all/$name.log"
  LOAD_START[$i]="$(load1)"
  echo ">>> $name: $(command_of "$script")   (load ${LOAD_START[$i]}, $(date +%H:%M:%S))"
  t0=$SECONDS
  if [[ ! -f "$script" ]]; then
    echo "run-all: $script does not exist" | tee "$log"; rc=127
  else
    runner=(bash); [[ -x "$script" ]] && runner=()
    args=(); ((QUICK)) && args=(--quick)
    # timeout puts the script in a process group of its own; at the limit it signals that whole group (the script
    # and the servers and load generators it started, nothing else), first TERM so its clean-up traps run, KILL 60 s later
    BENCH_QUICK=$QUICK timeout --kill-after=60 "$TIMEOUT_S" "${runner[@]}" "$script" "${args[@]}" </dev/null 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
  fi
  DURATION[$i]=$((SECONDS - t0)); LOAD_END[$i]="$(load1)"
  lines="$(grep -E '^[[:space:]]*(RESULT|INFO) ' "$log" | sed 's/^[[:space:]]*//' || true)"
  if (( rc == 124 || rc == 137 )); then STATUS[$i]="FAILED: timed out after $TIMEOUT_TEXT"
  elif (( rc == 127 )) && [[ ! -f "$script" ]]; then STATUS[$i]="FAILED: $script missing"
  elif (( rc != 0 )); then STATUS[$i]="FAILED: exit $rc"
  elif [[ -z "$lines" ]]; then STATUS[$i]="FAILED: no RESULT or INFO line"
  else STATUS[$i]="ran"
  fi
  [[ "${STATUS[$i]}" == ran ]] || FAILED+=("$name")
  if [[ -n "$lines" ]]; then
    awk -v ls="${LOAD_START[$i]}" -v le="${LOAD_END[$i]}" 'BEGIN {OFS = "\t"}
      $1 == "RESULT" { print $2, $3, $4, ($5 == "" ? "-" : $5), ($6 == "" ? "?" : $6), ls, le }
      $1 == "INFO"   { print $2, $3, $4, "-", "INFO", ls, le }' <<<"$lines" >>"$TSV"
  fi
  if [[ "${STATUS[$i]}" != ran ]]; then
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "(benchmark)" "-" "-" "${STATUS[$i]}" "${LOAD_START[$i]}" "${LOAD_END[$i]}" >>"$TSV"
  fi
  echo "<<< $name: ${STATUS[$i]} in ${DURATION[$i]} s (load ${LOAD_START[$i]} -> ${LOAD_END[$i]}); log $log"
done

{
  hr
  echo "SUMMARY of run-all $( ((QUICK)) && echo --quick) started $STARTED_AT, $(( (SECONDS - T_ALL) / 60 )) min $(( (SECONDS - T_ALL) % 60 )) s in all"
  echo "  $(nproc) cores; load average now $(cut -d' ' -f1-3 /proc/loadavg); load = 1-minute load average at the benchmark's start -> end"
  echo "  (baselines, ratios and spreads of each figure are in that benchmark's log, OUT/run-all/<name>.log)"
  echo
  printf '  %-14s %-40s %7s  %-8s %s\n' benchmark status seconds load ""
  for i in "${RUN[@]}"; do
    printf '  %-14s %-40s %7s  %s -> %s\n' "${NAMES[$i]}" "${STATUS[$i]}" "${DURATION[$i]}" "${LOAD_START[$i]}" "${LOAD_END[$i]}"
  done
  echo
  awk -F'\t' 'NR == 1 {printf "  %-14s %-34s %-14s %-12s %-32s %s\n", "bench", "figure", "value", "goal", "verdict", "load start -> end"; next}
    {printf "  %-14s %-34s %-14s %-12s %-32s %s -> %s\n", $1, $2, $3, $4, $5, $6, $7}' "$TSV"
  echo
  awk -F'\t' 'NR > 1 && $5 == "MET" {m++} NR > 1 && $5 == "MISSED" {x++} NR > 1 && $5 == "INFO" {n++}
    END {printf "  goals: %d MET, %d MISSED; %d INFO figures\n", m, x, n}' "$TSV"
  if (( ${#FAILED[@]} )); then echo "  FAILED TO RUN: ${FAILED[*]} (see their logs)"; else echo "  every benchmark ran"; fi
  hr
} | tee "$SUMMARY"
echo "summary written to $SUMMARY"
(( ${#FAILED[@]} == 0 ))
