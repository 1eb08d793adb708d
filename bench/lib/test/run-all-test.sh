#!/usr/bin/env bash
# Checks bench/run-all.sh against stand-in benchmarks in a temp dir (the real ones take minutes and use the shared
# scratch databases): what it runs, the summary it prints and writes, its exit codes, its timeout.
#   bench/lib/test/run-all-test.sh        # ~30 s; prints one line per check and "all N checks passed", or exits 1
set -uo pipefail
cd "$(dirname "$0")/../../.."
ROOT="$(pwd)"
T="$(mktemp -d /tmp/run-all-test.XXXXXX)"
trap 'rm -rf "$T"' EXIT
passed=0; failed=0
check() {   # check <what> <command...>: the command must succeed
  local what="$1"; shift
  if "$@"; then passed=$((passed + 1)); echo "  ok    $what"; else failed=$((failed + 1)); echo "  FAIL  $what"; fi
}
has() { grep -qE -- "$2" "$1"; }
hasnt() { ! grep -qE -- "$2" "$1"; }

mkdir -p "$T/bench"
cat >"$T/bench/good.sh" <<SH
#!/usr/bin/env bash
source "$ROOT/bench/lib/result.sh"
machine_load
echo "args=[\$*] quick=\${BENCH_QUICK:-unset} jar=\${JAR:-none} after=\${AFTER_JAR:-none}"
result good p99 12.5 "<" 50 ms
result good cpu_per_op 3.1 "<=" 2 ms
info good postings_per_s 41.0 /s
SH
cat >"$T/bench/broken.sh" <<SH
#!/usr/bin/env bash
source "$ROOT/bench/lib/result.sh"
result broken first 1 "<" 2 ms
echo "setup failed" >&2
exit 3
SH
printf '#!/bin/sh\necho "finished without a result line"\n' >"$T/bench/silent.sh"
cat >"$T/bench/slow.sh" <<SH
#!/usr/bin/env bash
sleep 300 &
echo \$! >"$T/slow-child.pid"
wait
SH
printf 'echo "INFO plain not-executable 1x"\n' >"$T/bench/plain.sh"
chmod +x "$T/bench/good.sh" "$T/bench/broken.sh" "$T/bench/silent.sh" "$T/bench/slow.sh"
cat >"$T/registry" <<R
# name|script|when|what
good|$T/bench/good.sh|all|a benchmark that meets one goal and misses another
broken|$T/bench/broken.sh|all|exits 3 after one RESULT line
silent|$T/bench/silent.sh|all|exits 0 with no RESULT or INFO line
slow|$T/bench/slow.sh|all|never finishes
missing|$T/bench/missing.sh|all|its script does not exist
plain|$T/bench/plain.sh|all|not executable: run with bash
big|$T/bench/good.sh|scale|only with --with-scale
R
RA=("$ROOT/bench/run-all.sh" --registry "$T/registry")

echo "run-all: one benchmark that ran, a goal MISSED"
"${RA[@]}" --only good --out "$T/o1" >"$T/o1.log" 2>&1; rc=$?
check "exit 0 when every benchmark ran, even with a goal MISSED" test "$rc" = 0
check "the summary has the MET row with value, goal and load" has "$T/o1/summary.txt" 'good +p99 +12.5ms +<50ms +MET +[0-9.]+ -> [0-9.]+'
check "the summary has the MISSED row" has "$T/o1/summary.txt" 'good +cpu_per_op +3.1ms +<=2ms +MISSED'
check "the summary has the INFO row" has "$T/o1/summary.txt" 'good +postings_per_s +41.0/s +- +INFO'
check "the summary counts 1 MET, 1 MISSED, 1 INFO" has "$T/o1/summary.txt" 'goals: 1 MET, 1 MISSED; 1 INFO'
check "the summary is also printed" has "$T/o1.log" 'SUMMARY of run-all'
check "the benchmark's output is shown and kept in its log" has "$T/o1/run-all/good.log" 'args=\[\] quick=0 jar=none'
check "without --quick the script gets no --quick" has "$T/o1.log" 'args=\[\] quick=0 jar=none'

echo "run-all --quick"
"${RA[@]}" --quick --only good,plain --out "$T/o2" >"$T/o2.log" 2>&1; rc=$?
check "exit 0" test "$rc" = 0
check "the script gets --quick and BENCH_QUICK=1" has "$T/o2/run-all/good.log" 'args=\[--quick\] quick=1'
check "a script that is not executable is run with bash" has "$T/o2/summary.txt" 'plain +not-executable +1x +- +INFO'
check "the order is the one --only gives" test "$(grep -oE '^  (good|plain) +(ran|FAILED)' "$T/o2/summary.txt" | awk '{printf "%s ", $1}')" = "good plain "
BENCH_QUICK=1 "${RA[@]}" --only good --out "$T/o3" >/dev/null 2>&1
check "BENCH_QUICK=1 in the environment is --quick" has "$T/o3/run-all/good.log" 'args=\[--quick\] quick=1'

echo "run-all --jar"
touch "$T/app.jar"
"${RA[@]}" --only good --jar "$T/app.jar" --out "$T/o9" >/dev/null 2>&1
check "--jar is handed to the scripts as JAR and AFTER_JAR" has "$T/o9/run-all/good.log" "jar=$T/app.jar after=$T/app.jar"
"${RA[@]}" --only good --jar "$T/none.jar" --out "$T/o10" >/dev/null 2>&1; rc=$?
check "a --jar that does not exist is refused with exit 2" test "$rc" = 2

echo "run-all with benchmarks that fail to run"
"${RA[@]}" --timeout 3s --out "$T/o4" >"$T/o4.log" 2>&1; rc=$?
check "exit 1 when a benchmark failed to run" test "$rc" = 1
check "a non-zero exit is named with its code" has "$T/o4/summary.txt" 'broken +FAILED: exit 3'
check "the RESULT lines of a failed benchmark are still shown" has "$T/o4/summary.txt" 'broken +first +1ms +<2ms +MET'
check "no RESULT or INFO line is a failure" has "$T/o4/summary.txt" 'silent +FAILED: no RESULT or INFO line'
check "a benchmark past its time is stopped and named" has "$T/o4/summary.txt" 'slow +FAILED: timed out after 3 s'
sleep 1
gone() { local s; s="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)"; [[ -z "$s" || "$s" == Z ]]; }   # exited (a zombie has exited)
check "what the stopped benchmark started is stopped too" gone "$(cat "$T/slow-child.pid")"
check "a missing script is named" has "$T/o4/summary.txt" "missing +FAILED: $T/bench/missing.sh missing"
check "the failed ones are listed at the end" has "$T/o4/summary.txt" 'FAILED TO RUN: broken silent slow missing'
check "the others still ran after a failure" has "$T/o4/summary.txt" 'plain +ran'
check "a scale-only benchmark is left out without --with-scale" hasnt "$T/o4/summary.txt" '^  big '
check "the tab-separated summary is written too" has "$T/o4/summary.tsv" $'^slow\t\\(benchmark\\)\t-\t-\tFAILED: timed out'

echo "run-all --with-scale, --list, --dry-run, bad options"
rm -f "$T/slow-child.pid"
"${RA[@]}" --with-scale --dry-run --out "$T/o5" >"$T/o5.log" 2>&1
check "--with-scale adds the scale-only benchmark" has "$T/o5.log" "^big: $T/bench/good.sh"
check "--dry-run names the commands" has "$T/o5.log" "^slow: $T/bench/slow.sh +\\(timeout 120 min\\)"
check "--dry-run runs nothing" test ! -e "$T/slow-child.pid" -a ! -e "$T/o5"
"${RA[@]}" --list >"$T/o6.log" 2>&1
check "--list says which script is missing" has "$T/o6.log" "^missing +$T/bench/missing.sh +MISSING"
"${RA[@]}" --only nosuch >"$T/o7.log" 2>&1; rc=$?
check "an unknown name is refused with exit 2" test "$rc" = 2
"${RA[@]}" --bogus >/dev/null 2>&1; rc=$?
check "an unknown option is refused with exit 2" test "$rc" = 2
"$ROOT/bench/run-all.sh" --list >"$T/o8.log" 2>&1
check "the real list names every benchmark of issue #17" bash -c "for b in market board totals stats roster-import ledger demo h2 scale; do grep -q \"^\$b \" '$T/o8.log' || exit 1; done"

echo "all $((passed + failed)) checks: $passed passed, $failed failed"
(( failed == 0 ))
