# Sourced by the benchmark scripts (not run). One line per goal figure, in the form bench/run-all.sh collects:
#   result <bench> <figure> <value> <op> <goal> <unit>   ->  RESULT <bench> <figure> <value><unit> <op><goal><unit> MET|MISSED
#   info   <bench> <figure> <value> <unit>                ->  INFO <bench> <figure> <value><unit>
#   machine_load                                          ->  load <1 min> <5 min> <15 min> (from /proc/loadavg)
#   quick_option "$@"                                     ->  exports BENCH_QUICK=1 for --quick; any other argument
#                                                             ends the script with exit code 2
# <op> is one of < <= > >= ; values are decimal numbers. A value that is not a number (a failed measurement)
# is reported MISSED, never MET.

result() {
  local bench="$1" figure="$2" value="$3" op="$4" goal="$5" unit="${6:-}" verdict
  verdict="$(awk -v v="$value" -v op="$op" -v g="$goal" 'BEGIN {
      if (v !~ /^-?[0-9]+(\.[0-9]+)?$/) { print "MISSED"; exit }
      ok = (op == "<" && v + 0 < g + 0) || (op == "<=" && v + 0 <= g + 0) ||
           (op == ">" && v + 0 > g + 0) || (op == ">=" && v + 0 >= g + 0)
      print (ok ? "MET" : "MISSED") }')"
  printf 'RESULT %s %s %s%s %s%s%s %s\n' "$bench" "$figure" "$value" "$unit" "$op" "$goal" "$unit" "$verdict"
}

info() {
  printf 'INFO %s %s %s%s\n' "$1" "$2" "$3" "${4:-}"
}

machine_load() {
  printf 'load %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
}

quick_option() {
  local arg
  for arg in "$@"; do
    case "$arg" in
      --quick) export BENCH_QUICK=1 ;;
      *) echo "unknown argument: $arg (only --quick)" >&2; exit 2 ;;
    esac
  done
}
