#!/bin/bash
# First start of the packaged application on an empty embedded H2 database (演示县首次启动计时):
# starts `java -jar` with the demo county and its year of life, waits for the demo banner, and prints
#   - the wall time from process start to "Started" (application start) and to the banner (ready, demo loaded),
#   - the whole process's CPU time (user+sys, all threads: JIT, GC and H2 included) at each of these points,
#   - the loading thread's own wall and CPU time and the demo's phases, as logged by the application,
#   - the load average before and after (the machine may be shared: CPU time is the fairer figure).
# The baseline is in the same run: the application's own start (to "Started", before the demo is loaded) is
# measured in the same process, so the demo's share is the difference. Also prints the data directory's size.
# Not part of the test suite. Build the jar first: ./mvnw -DskipTests package
#
#   bench/demo/first-start.sh            # one run
#   RUNS=3 bench/demo/first-start.sh     # three runs, each on a new empty database, then the medians
#   JFR=1 bench/demo/first-start.sh      # also records a flight recording (target/bench/demo/run-N.jfr)
#   MODE=run bench/demo/first-start.sh   # the README's first command instead: ./mvnw -o spring-boot:run (CPU: Maven
#                                        # and the application it forks, which runs with -XX:TieredStopAtLevel=1,
#                                        # the plugin's optimizedLaunch: no C2 compiler competing for the 2 cores;
#                                        # the times include Maven's start and its compile up to test-compile,
#                                        # which on a fresh clone compiles everything first)
#   MODE=run COMPARE=1 RUNS=3 bench/demo/first-start.sh
#                                        # before/after in the same run, interleaved: "before" runs Maven and the
#                                        # application with the JVMs' default collector (G1) and Maven with C2, as
#                                        # before .mvn/jvm.config and the pom's spring-boot.run.jvmArguments
#                                        # (-XX:TieredStopAtLevel=1 -XX:+UseSerialGC for Maven, -XX:+UseSerialGC -Xmn256m
#                                        # for the application); "after" runs the command as it is; medians of each
#
# Environment: JAR (target/jifen-*.jar), RUNS (1), JFR (0), JAVA_OPTS (none; in MODE=run it replaces the pom's
# spring-boot.run.jvmArguments), OUT (target/bench/demo), JIFEN_DEMO_YEAR (true), MODE (jar or run), COMPARE (0).
set -eu
cd "$(dirname "$0")/../.."
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
now_ms() { date +%s%3N; }

one() { # one first start on a new empty database: $1 label, $2 MAVEN_OPTS, $3 the application's JVM options
  local label=$1 mopts=$2 jopts=$3
  data=$(mktemp -d /tmp/jifen-first-start.XXXXXX)
  log="$OUT/run-$run-$label.log"
  jfr=""
  if [ "${JFR:-0}" = 1 ]; then jfr="-XX:FlightRecorderOptions=stackdepth=512 -XX:StartFlightRecording=filename=$OUT/run-$run-$label.jfr,settings=profile"; fi
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  t0=$(now_ms)
  if [ "${MODE:-jar}" = run ]; then
    JIFEN_DATA_DIR="$data" JIFEN_PORT=0 JIFEN_DEMO_YEAR=${JIFEN_DEMO_YEAR:-true} MAVEN_OPTS="$mopts" \
      ./mvnw -B -o -q spring-boot:run ${jopts:+-Dspring-boot.run.jvmArguments="$jopts"} >"$log" 2>&1 &
  else
    JIFEN_DATA_DIR="$data" JIFEN_PORT=0 JIFEN_DEMO_YEAR=${JIFEN_DEMO_YEAR:-true} \
      java $jopts $jfr -jar "$JAR" >"$log" 2>&1 &
  fi
  pid=$!
  started_wall=""; started_cpu=""
  while kill -0 "$pid" 2>/dev/null; do
    if [ -z "$started_wall" ] && grep -q "Started Jifen" "$log"; then
      started_cpu=$(cpu_ms "$pid"); started_wall=$(( $(now_ms) - t0 ))
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
  set -- $demo
  echo "run $run ($label): started ${started_wall} ms wall / ${started_cpu} ms process CPU; ready (demo loaded) ${ready_wall} ms wall / ${ready_cpu} ms process CPU; demo load ${1} ms wall / ${2} ms CPU in the loading threads; load average ${load_before} -> ${load_after}; data ${size} MB"
  sed -n '/Demo supermarkets loaded/p; /Demo county.s year/,/the rest:/p; /Demo county and/p' "$log" | sed 's/^.*\] : //; s/^/    /' || true
  eval "walls_$label+=(\"$ready_wall\"); cpus_$label+=(\"$ready_cpu\"); starts_$label+=(\"$started_wall\"); startcpus_$label+=(\"$started_cpu\"); loads_$label+=(\"$1\"); loadcpus_$label+=(\"$2\")"
}

# "before": what the command ran with before .mvn/jvm.config and the pom's spring-boot.run.jvmArguments
BEFORE_MAVEN_OPTS="-XX:TieredStopAtLevel=4 -XX:-UseSerialGC -XX:+UseG1GC"
BEFORE_JAVA_OPTS="-XX:+UseG1GC"
labels="now"
if [ "${COMPARE:-0}" = 1 ]; then
  if [ "${MODE:-jar}" != run ]; then echo "COMPARE=1 compares the settings of spring-boot:run: use it with MODE=run"; exit 1; fi
  labels="before after"
fi
for l in $labels; do eval "walls_$l=(); cpus_$l=(); starts_$l=(); startcpus_$l=(); loads_$l=(); loadcpus_$l=()"; done
for run in $(seq 1 "$RUNS"); do
  if [ "${COMPARE:-0}" = 1 ]; then
    # alternate which goes first, so neither always meets the same moment of the machine's load
    if [ $((run % 2)) = 1 ]; then
      one before "$BEFORE_MAVEN_OPTS" "$BEFORE_JAVA_OPTS ${JAVA_OPTS:-}"; one after "${MAVEN_OPTS:-}" "${JAVA_OPTS:-}"
    else
      one after "${MAVEN_OPTS:-}" "${JAVA_OPTS:-}"; one before "$BEFORE_MAVEN_OPTS" "$BEFORE_JAVA_OPTS ${JAVA_OPTS:-}"
    fi
  else
    one now "${MAVEN_OPTS:-}" "${JAVA_OPTS:-}"
  fi
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
spread() { printf '%s\n' "$@" | sort -n | awk 'NR==1 {lo=$1} {hi=$1} END {print lo "-" hi}'; }
for l in $labels; do
  eval 'w=("${walls_'$l'[@]}"); c=("${cpus_'$l'[@]}"); s=("${starts_'$l'[@]}"); sc=("${startcpus_'$l'[@]}"); d=("${loads_'$l'[@]}"); dc=("${loadcpus_'$l'[@]}")'
  echo "median of $RUNS ($l): started $(median "${s[@]}") ms wall ($(spread "${s[@]}")) / $(median "${sc[@]}") ms process CPU ($(spread "${sc[@]}")); ready $(median "${w[@]}") ms wall ($(spread "${w[@]}")) / $(median "${c[@]}") ms process CPU ($(spread "${c[@]}")); demo load $(median "${d[@]}") ms wall / $(median "${dc[@]}") ms loader CPU ($(spread "${dc[@]}"))"
done
echo "uptime: $(uptime)"
