#!/bin/bash
# First start on an empty embedded H2 database (演示县首次启动计时): the README's first command (./mvnw -o
# spring-boot:run, which forks the application's JVM) or the packaged jar brings up Jifen with the demo county and
# its year of life; the script waits for the demo banner and prints
#   - the wall time from the command's start to "Started" (application start) and to the banner (ready, demo loaded),
#   - the application's own figure: from its JVM's start to the demo loaded and usable (the goal: under 15 s), and
#     the time before that JVM started (Maven: its own start, the compile check, the fork),
#   - the whole process tree's CPU time (user+sys, all threads: Maven, JIT, GC and H2 included) at each point,
#   - the loading threads' own wall and CPU time and the demo's phases, as logged by the application,
#   - the load average before and after (the machine may be shared: CPU time is the fairer figure then).
# Not part of the test suite. For MODE=jar build the jar first: ./mvnw -DskipTests package
#
#   bench/demo/first-start.sh            # one run of ./mvnw -o spring-boot:run
#   bench/demo/first-start.sh --quick    # the same (BENCH_QUICK=1): one run, no comparison (about 1 minute quiet)
#   RUNS=3 bench/demo/first-start.sh     # three runs, each on a new empty database, then the medians
#   COMPARE=1 RUNS=3 bench/demo/first-start.sh
#                                        # before/after in the same run, interleaved (the order alternates):
#                                        # "before" lives the year with 50 households a village, as before the
#                                        # first-start work of 12月7日 (jifen.demo.year.households-per-village=50),
#                                        # "after" with the default (25); medians of each
#   BASE_DIR=/tmp/jifen-main COMPARE=1 RUNS=3 bench/demo/first-start.sh
#                                        # "before" is another checkout instead (e.g. main: git clone . /tmp/jifen-main
#                                        # && git -C /tmp/jifen-main checkout <commit> && (cd /tmp/jifen-main &&
#                                        # ./mvnw -o -q test-compile)), started the same way from its own directory
#                                        # with its own pom's options; "after" is this tree
#   JFR=1 bench/demo/first-start.sh      # also records a flight recording (target/bench/demo/run-N-<label>.jfr);
#                                        # java bench/demo/Profile.java <file> says where the load's time went
#   MODE=jar bench/demo/first-start.sh   # java -jar target/jifen-*.jar instead (C2 compiles as well: slower on 2 cores)
#
# Ends with RESULT demo first_start_loaded <s> <15s MET|MISSED (the median of "after" or of the runs: JVM start to
# the demo usable) and INFO lines (Maven's share, started, loader CPU, load average) through bench/lib/result.sh.
# Environment: RUNS (1), COMPARE (0), JFR (0), MODE (run or jar), JAR (target/jifen-*.jar), JAVA_OPTS (none; in
# MODE=run it replaces the pom's spring-boot.run.jvmArguments), OUT (target/bench/demo), JIFEN_DEMO_YEAR (true),
# BENCH_PORT (0: any free port; give one when the machine's ports are shared out).
set -eu
cd "$(dirname "$0")/../.."
source bench/lib/result.sh
quick_option "$@"
if [ "${BENCH_QUICK:-0}" = 1 ]; then RUNS=1; COMPARE=0; fi
MODE=${MODE:-run}
machine_load
if [ "${MODE:-jar}" = run ]; then JAR="(none: ./mvnw -o spring-boot:run)"; else JAR=${JAR:-$(ls target/jifen-*.jar | head -1)}; fi
RUNS=${RUNS:-1}
OUT=${OUT:-$(pwd)/target/bench/demo}
mkdir -p "$OUT"
TICKS=$(getconf CLK_TCK)
echo "nproc: $(nproc)  cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')  java: $(java -version 2>&1 | head -1)"
echo "jar: $JAR"

cpu_ms() { # CPU (utime+stime) of pid $1 and its descendants (spring-boot:run forks the application) in ms
  local total p
  total=$(awk -v t="$TICKS" '{ sub(/^.*\) /, ""); print int(($12 + $13) * 1000 / t) }' "/proc/$1/stat" 2>/dev/null || echo 0)
  for p in $(pgrep -P "$1"); do total=$(( total + $(cpu_ms "$p") )); done
  echo "$total"
}
tree() { local p; echo "$1"; for p in $(pgrep -P "$1"); do tree "$p"; done; }
main_cpu_ms() { # CPU of the application JVM's main thread (the java launcher's second thread: Spring's start, then the
                # demo load's first town) in ms, the start's critical path whatever else the machine runs; NA if not found
  local p t
  for p in $(tree "$1"); do
    if grep -q "cn.jifen.JifenApplication\|jifen-.*\.jar" "/proc/$p/cmdline" 2>/dev/null; then
      # the launcher's second thread, usually pid+1 (not always on a busy machine: thread ids are shared)
      t=$(ls "/proc/$p/task" | sort -n | sed -n 2p)
      awk -v t="$TICKS" '{ sub(/^.*\) /, ""); print int(($12 + $13) * 1000 / t) }' "/proc/$p/task/$t/stat" 2>/dev/null || echo NA
      return
    fi
  done
  echo NA
}
now_ms() { date +%s%3N; }

one() { # one first start on a new empty database: $1 label, $2 MAVEN_OPTS, $3 the application's JVM options,
        # $4 the checkout to start it from (this one when empty)
  local label=$1 mopts=$2 jopts=$3 dir=${4:-.}
  data=$(mktemp -d /tmp/jifen-first-start.XXXXXX)
  log="$OUT/run-$run-$label.log"
  jfr=""
  if [ "${JFR:-0}" = 1 ]; then jfr="-XX:FlightRecorderOptions=stackdepth=512 -XX:StartFlightRecording=filename=$OUT/run-$run-$label.jfr,settings=profile"; fi
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  : >"$log"   # exists before the background command opens it, for the loop's grep
  t0=$(now_ms)
  if [ "${MODE:-jar}" = run ]; then
    # the recording joins the JVM options (the pom's, when none were given, as spring-boot:run would use them)
    if [ -n "$jfr" ]; then jopts="${jopts:-$POM_JAVA_OPTS} $jfr"; fi
    (cd "$dir" && JIFEN_DATA_DIR="$data" JIFEN_PORT=${BENCH_PORT:-0} JIFEN_DEMO_YEAR=${JIFEN_DEMO_YEAR:-true} MAVEN_OPTS="$mopts" \
      exec ./mvnw -B -o -q spring-boot:run ${jopts:+-Dspring-boot.run.jvmArguments="$jopts"}) >"$log" 2>&1 &
  else
    JIFEN_DATA_DIR="$data" JIFEN_PORT=${BENCH_PORT:-0} JIFEN_DEMO_YEAR=${JIFEN_DEMO_YEAR:-true} \
      java $jopts $jfr -jar "$JAR" >"$log" 2>&1 &
  fi
  pid=$!
  started_wall=""; started_cpu=""; started_main=NA
  while kill -0 "$pid" 2>/dev/null; do
    if [ -z "$started_wall" ] && grep -q "Started Jifen" "$log"; then
      started_cpu=$(cpu_ms "$pid"); started_wall=$(( $(now_ms) - t0 )); started_main=$(main_cpu_ms "$pid")
    fi
    if grep -q "demo county loaded" "$log"; then break; fi
    sleep 0.1
  done
  if ! kill -0 "$pid" 2>/dev/null; then echo "the application stopped; see $log"; tail -30 "$log"; exit 1; fi
  ready_wall=$(( $(now_ms) - t0 )); ready_cpu=$(cpu_ms "$pid")
  load_after=$(cut -d' ' -f1-3 /proc/loadavg)
  size=$(du -sm "$data" | cut -f1)
  kill $(tree "$pid") 2>/dev/null; wait "$pid" 2>/dev/null || true
  rm -rf "$data"
  demo=$(grep -o "loaded in [0-9]* ms ([0-9]* ms of CPU" "$log" | grep -o "[0-9]*" | tr '\n' ' ')
  # the application's JVM uptime when the demo was usable (logged by DemoCounty), and the time before that JVM began
  jvm=$(grep -o "usable [0-9]* ms after the JVM started" "$log" | grep -o "[0-9]*" || echo NA)
  before_jvm=NA; [ "$jvm" != NA ] && before_jvm=$(( ready_wall - jvm ))
  set -- $demo
  echo "run $run ($label): started ${started_wall} ms wall / ${started_cpu} ms process CPU / ${started_main} ms main-thread CPU; ready (demo loaded) ${ready_wall} ms wall / ${ready_cpu} ms process CPU; JVM start to usable ${jvm} ms (${before_jvm} ms before the JVM started); demo load ${1} ms wall / ${2} ms CPU in the loading threads; load average ${load_before} -> ${load_after}; data ${size} MB"
  sed -n '/Demo supermarkets loaded/p; /Demo county.s year/,/the rest:/p; /Demo county and/p' "$log" | sed 's/^.*\] : //; s/^/    /' || true
  eval "walls_$label+=(\"$ready_wall\"); cpus_$label+=(\"$ready_cpu\"); starts_$label+=(\"$started_wall\"); startcpus_$label+=(\"$started_cpu\"); startmains_$label+=(\"$started_main\"); loads_$label+=(\"$1\"); loadcpus_$label+=(\"$2\"); jvms_$label+=(\"$jvm\"); prejvms_$label+=(\"$before_jvm\")"
}

# "before": the year lived with 50 households a village (as before the first-start work of 12月7日); "after": as it is
BEFORE_JAVA_OPTS="-Djifen.demo.year.households-per-village=50"
labels="now"
if [ "${COMPARE:-0}" = 1 ]; then
  if [ "${MODE:-jar}" != run ]; then echo "COMPARE=1 compares runs of spring-boot:run: use it with MODE=run"; exit 1; fi
  labels="before after"
fi
BASE_DIR=${BASE_DIR:-}
if [ -n "$BASE_DIR" ]; then
  if [ ! -x "$BASE_DIR/mvnw" ]; then echo "BASE_DIR=$BASE_DIR is not a checkout of Jifen"; exit 1; fi
  BASE_POM_JAVA_OPTS=$(sed -n 's:.*<spring-boot.run.jvmArguments>\(.*\)</spring-boot.run.jvmArguments>.*:\1:p' "$BASE_DIR/pom.xml")
  echo "before: $BASE_DIR ($(git -C "$BASE_DIR" log --oneline -1 2>/dev/null)); after: this tree ($(git log --oneline -1))"
fi
for l in $labels; do eval "walls_$l=(); cpus_$l=(); starts_$l=(); startcpus_$l=(); startmains_$l=(); loads_$l=(); loadcpus_$l=(); jvms_$l=(); prejvms_$l=()"; done
# in MODE=run the application's JVM options are the pom's spring-boot.run.jvmArguments unless JAVA_OPTS is given
POM_JAVA_OPTS=$(sed -n 's:.*<spring-boot.run.jvmArguments>\(.*\)</spring-boot.run.jvmArguments>.*:\1:p' pom.xml)
for run in $(seq 1 "$RUNS"); do
  if [ "${COMPARE:-0}" = 1 ]; then
    base="${JAVA_OPTS:-$POM_JAVA_OPTS}"
    if [ -n "$BASE_DIR" ]; then before_opts="${JAVA_OPTS:-$BASE_POM_JAVA_OPTS}"; else before_opts="$base $BEFORE_JAVA_OPTS"; fi
    # alternate which goes first, so neither always meets the same moment of the machine's load
    if [ $((run % 2)) = 1 ]; then
      one before "${MAVEN_OPTS:-}" "$before_opts" "$BASE_DIR"; one after "${MAVEN_OPTS:-}" "$base"
    else
      one after "${MAVEN_OPTS:-}" "$base"; one before "${MAVEN_OPTS:-}" "$before_opts" "$BASE_DIR"
    fi
  else
    one now "${MAVEN_OPTS:-}" "${JAVA_OPTS:-}"
  fi
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
spread() { printf '%s\n' "$@" | sort -n | awk 'NR==1 {lo=$1} {hi=$1} END {print lo "-" hi}'; }
for l in $labels; do
  eval 'w=("${walls_'$l'[@]}"); c=("${cpus_'$l'[@]}"); s=("${starts_'$l'[@]}"); sc=("${startcpus_'$l'[@]}"); sm=("${startmains_'$l'[@]}"); d=("${loads_'$l'[@]}"); dc=("${loadcpus_'$l'[@]}"); j=("${jvms_'$l'[@]}"); pj=("${prejvms_'$l'[@]}")'
  echo "median of $RUNS ($l): started $(median "${s[@]}") ms wall ($(spread "${s[@]}")) / $(median "${sc[@]}") ms process CPU ($(spread "${sc[@]}")) / $(median "${sm[@]}") ms main-thread CPU ($(spread "${sm[@]}")); ready $(median "${w[@]}") ms wall ($(spread "${w[@]}")) / $(median "${c[@]}") ms process CPU ($(spread "${c[@]}")); JVM start to usable $(median "${j[@]}") ms ($(spread "${j[@]}")), before the JVM $(median "${pj[@]}") ms; demo load $(median "${d[@]}") ms wall / $(median "${dc[@]}") ms loader CPU ($(spread "${dc[@]}"))"
done
echo "uptime: $(uptime)"
secs() { awk -v ms="$1" 'BEGIN { if (ms ~ /^[0-9]+$/) printf "%.1f", ms / 1000; else print "NA" }'; }
for l in $labels; do
  eval 'w=("${walls_'$l'[@]}"); s=("${starts_'$l'[@]}"); dc=("${loadcpus_'$l'[@]}"); j=("${jvms_'$l'[@]}"); pj=("${prejvms_'$l'[@]}")'
  tag=""; [ "$l" != now ] && tag="_$l"
  info demo "command_to_usable$tag" "$(secs "$(median "${w[@]}")")" s
  info demo "maven_before_jvm$tag" "$(secs "$(median "${pj[@]}")")" s
  info demo "command_to_started$tag" "$(secs "$(median "${s[@]}")")" s
  info demo "loader_cpu$tag" "$(secs "$(median "${dc[@]}")")" s
  if [ "$l" != before ]; then final_jvm=$(median "${j[@]}"); fi
done
machine_load
info demo machine_load "$(cut -d' ' -f1 /proc/loadavg)" ""
result demo first_start_loaded "$(secs "$final_jvm")" "<" 15 s
