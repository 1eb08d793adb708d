#!/usr/bin/env bash
# The scale figures side by side, in one run on this machine (issue #16 §5):
#   postings/s at 8 and 32 clients, and counter-redemption p50/p99 at 16 clients, on
#     (a) one Jifen on a single PostgreSQL,
#     (b) one Jifen on the coordinator of a three-node Citus cluster (../shared/citus/cluster.sh; SKIP_CITUS=1 leaves
#         it out),
#     (c) two Jifen instances behind HAProxy on that PostgreSQL;
#   then bench/scale/replica.sh for board and dashboard latency with and without the read replica
#   (SKIP_REPLICA=1 leaves it out).
#
#   bench/scale/run.sh                           # ~15-20 minutes on two busy cores
#   SCALE_SECONDS=10 SCALE_REPEATS=1 SKIP_REPLICA=1 bench/scale/run.sh
#   bench/scale/run.sh --quick                   # (or BENCH_QUICK=1) 5 s per measurement, 1 round, no replica part;
#                                                # still ~8-10 minutes here: four JVMs and a cluster must start first
#
# Method: (a) and (c) run side by side on one PostgreSQL cluster of this script's own (5441, databases jifen_a and
# jifen_c, each with the demo county and the same setup through the API: supermarkets open, goods, 100,000 points
# per household), ANALYZE after the setup; then SCALE_REPEATS rounds, each measuring (a) then (c), interleaved,
# SCALE_SECONDS per measurement after one warm-up round; the figures are the median of the rounds with the range.
# The load generator is bench/scale/load.py (Python, one process, threads) on the same two cores: two cores
# cannot show a speed-up from more instances, only what the balancer and a second JVM cost per operation.
# (b) is measured in the same rounds, between (a) and (c); its database is on the cluster's coordinator (5433) with
# the workers on 5434/5435, all on the same two cores, so it shows what distribution costs per operation.
# Knobs: SCALE_SECONDS (20), SCALE_REPEATS (3), SKIP_REPLICA=1, SKIP_CITUS=1, SCALE_CITUS_DB (jifen_scale_b),
# SCALE_CITUS_SHARDS (32), CITUS_HOME, SCALE_WORK, KEEP=1, REBUILD=1.
# Ends with INFO lines (bench/lib/result.sh) per configuration and figure, and RESULT scale errors (<=0).
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/scale/lib.sh
source bench/lib/result.sh

quick_option "$@"
QUICK="${BENCH_QUICK:-0}"
if [[ "$QUICK" == 1 ]]; then
  : "${SCALE_SECONDS:=5}" "${SCALE_REPEATS:=1}" "${SKIP_REPLICA:=1}"
fi
SECONDS_PER="${SCALE_SECONDS:-20}"
REPEATS="${SCALE_REPEATS:-3}"
machine_load
PORT_A=18301
LB=18330
PORT_C1=18331
PORT_C2=18332
STATS=18339
command -v haproxy >/dev/null || { say "haproxy is missing: apt-get install -y haproxy"; exit 2; }

scale_work
trap 'set +e; scale_cleanup' EXIT
trap 'exit 143' TERM INT
machine
build_jar
LOAD_AT_START="$(load_avg)"

say "PostgreSQL on $SCALE_PG_PRIMARY (databases jifen_a, jifen_c)"
pg_primary "$SCALE_PG_PRIMARY"
pgq "$SCALE_PG_PRIMARY" postgres "CREATE DATABASE jifen_a"
pgq "$SCALE_PG_PRIMARY" postgres "CREATE DATABASE jifen_c"

# every instance starts at once (b's below too) and the script then waits for all: on a busy machine the start-ups
# (migrations, the demo county) overlap instead of queueing one after another
say "(a) one instance"
APP_NO_WAIT=1 app_start "$PORT_A" "$SCALE_PG_PRIMARY" jifen_a JIFEN_DB_POOL=40
say "(c) two instances behind HAProxy"
APP_NO_WAIT=1 app_start "$PORT_C1" "$SCALE_PG_PRIMARY" jifen_c JIFEN_DB_POOL=40
APP_NO_WAIT=1 app_start "$PORT_C2" "$SCALE_PG_PRIMARY" jifen_c JIFEN_DB_POOL=40 JIFEN_DEMO=false
cat >"$SCALE_WORK/haproxy.cfg" <<EOF
global
  maxconn 2000
defaults
  mode http
  timeout connect 1s
  timeout client 60s
  timeout server 60s
  option http-buffer-request
  retries 2
  retry-on conn-failure empty-response
  option redispatch 1
frontend jifen
  bind 127.0.0.1:$LB
  default_backend instances
backend instances
  balance roundrobin
  option httpchk GET /actuator/health
  http-check expect status 200
  default-server inter 1s fall 2 rise 2
  server i1 127.0.0.1:$PORT_C1 check
  server i2 127.0.0.1:$PORT_C2 check
listen stats
  bind 127.0.0.1:$STATS
  stats enable
  stats uri /stats
EOF

# ---- (b) Citus --------------------------------------------------------------------------------------------------
# One Jifen on the coordinator of the three-node cluster (../shared/citus/cluster.sh: coordinator 5433, workers 5434
# and 5435) in a scratch database of its own ($SCALE_CITUS_DB, created on every node with the extension and dropped
# at the end unless KEEP=1); Jifen distributes its own tables at start-up (docs/citus.md), shard count
# $SCALE_CITUS_SHARDS (Citus's default 32). The cluster is stopped at the end if this script started it.
# SKIP_CITUS=1 leaves (b) out.
PORT_B=18311
CITUS_DB="${SCALE_CITUS_DB:-jifen_scale_b}"
CITUS_STARTED=0
citus_home() {
  local d
  for d in "${CITUS_HOME:-}" ../shared/citus ../../shared/citus /work/shared/citus; do
    [[ -n "$d" && -x "$d/cluster.sh" ]] && { (cd "$d" && pwd); return; }
  done
}
citus_cleanup() {
  local h; h="$(citus_home)"
  [[ -z "$h" ]] && return
  if [[ "${KEEP:-0}" != 1 ]] && pg_isready -q -h 127.0.0.1 -p 5433; then
    app_stop "$PORT_B"
    for p in 5433 5434 5435; do
      as_pg dropdb -h 127.0.0.1 -p "$p" --if-exists --force "$CITUS_DB" >/dev/null 2>&1 || true
    done
  fi
  if (( CITUS_STARTED )); then "$h/cluster.sh" stop; say "Citus cluster stopped (started by this script)"; fi
}
run_citus() {
  B_PORT=""
  if [[ "${SKIP_CITUS:-0}" == 1 ]]; then CITUS_NOTE_WHY="left out (SKIP_CITUS=1)"; return; fi
  local h; h="$(citus_home)"
  if [[ -z "$h" ]] || ! [[ -f "$(pg_config --pkglibdir)/citus.so" ]]; then
    CITUS_NOTE_WHY="not measured: Citus is not installed (../shared/citus/build.sh)"; return
  fi
  say "(b) Citus cluster (coordinator 5433, workers 5434/5435), database $CITUS_DB"
  pg_isready -q -h 127.0.0.1 -p 5433 || CITUS_STARTED=1
  "$h/cluster.sh" start "$CITUS_DB" >"$SCALE_WORK/citus-start.log" 2>&1 || { say "cluster.sh start failed:"; tail -5 "$SCALE_WORK/citus-start.log"; exit 1; }
  pgq 5433 "$CITUS_DB" "ALTER DATABASE $CITUS_DB SET citus.shard_count = ${SCALE_CITUS_SHARDS:-32}"
  APP_NO_WAIT=1 app_start "$PORT_B" 5433 "$CITUS_DB" JIFEN_DB_POOL=40
  B_PORT="$PORT_B"
}
citus_setup() {
  [[ -z "$B_PORT" ]] && return
  say "  $(grep -o 'Citus: placed.*' "$SCALE_WORK/app-$PORT_B.log" | head -1)"
  SETUP="$(python3 bench/scale/load.py setup --port "$PORT_B" --state "$SCALE_WORK/state-b.json")" \
    || { say "setup of b failed"; exit 1; }
  say "  setup b: $SETUP"
  pgq 5433 "$CITUS_DB" "ANALYZE"   # Citus runs it on every shard
}
# errexit stays on in an EXIT trap and would end it at the first failing step, leaving instances running
trap 'set +e; citus_cleanup; scale_cleanup' EXIT
CITUS_NOTE_WHY=""
run_citus
for port in "$PORT_A" "$PORT_C1" "$PORT_C2" $B_PORT; do app_wait "$port"; done
haproxy -f "$SCALE_WORK/haproxy.cfg" >"$SCALE_WORK/haproxy.log" 2>&1 &
HAPROXY_PID=$!
for i in $(seq 1 30); do curl -sf "http://127.0.0.1:$LB/actuator/health" >/dev/null 2>&1 && break; sleep 1; done
citus_setup
# -----------------------------------------------------------------------------------------------------------------

CONFIGS=(a c); declare -A PORT_OF=([a]=$PORT_A [c]=$LB)
if [[ -n "$B_PORT" ]]; then CONFIGS=(a b c); PORT_OF[b]=$B_PORT; fi

for cfg in a c; do
  SETUP="$(python3 bench/scale/load.py setup --port "${PORT_OF[$cfg]}" --state "$SCALE_WORK/state-$cfg.json")" \
    || { say "setup of $cfg failed"; exit 1; }
  say "  setup $cfg: $SETUP"
done
pgq "$SCALE_PG_PRIMARY" jifen_a "ANALYZE"
pgq "$SCALE_PG_PRIMARY" jifen_c "ANALYZE"

RESULTS="$SCALE_WORK/results.tsv"; : >"$RESULTS"
measure() { # measure <cfg> <round>
  local cfg="$1" port="${PORT_OF[$1]}" st="$SCALE_WORK/state-$1.json" out
  for n in 8 32; do
    out="$(python3 bench/scale/load.py postings --port "$port" --state "$st" --clients "$n" --seconds "$SECONDS_PER")"
    printf '%s\tpostings%s\t%s\t%s\t%s\n' "$cfg" "$n" "$(field "$out" "d['acked_per_second']")" \
      "$(field "$out" "d['posting']['p50']")" "$(field "$out" "d['errors']")" >>"$RESULTS"
  done
  out="$(python3 bench/scale/load.py redeem --port "$port" --state "$st" --clients 16 --seconds "$SECONDS_PER")"
  printf '%s\tredeem16\t%s\t%s\t%s\t%s\n' "$cfg" "$(field "$out" "d['redemption']['p50']")" \
    "$(field "$out" "d['redemption']['p99']")" "$(field "$out" "d['errors']")" "$(field "$out" "d['acked_per_second']")" >>"$RESULTS"
  say "  round $2 ($cfg): $(tail -3 "$RESULTS" | cut -f2-4 | tr '\t\n' ' ;') load $(load_avg)"
}
say "warm-up round"
for cfg in "${CONFIGS[@]}"; do measure "$cfg" 0; done
: >"$RESULTS"
for r in $(seq 1 "$REPEATS"); do
  for cfg in "${CONFIGS[@]}"; do measure "$cfg" "$r"; done
done
LOAD_AT_END="$(load_avg)"
if [[ -n "$B_PORT" ]]; then citus_cleanup; CITUS_STARTED=0; fi

# what the sizing in docs/scale.md extrapolates from: bytes per ledger row and per household on disk (tables with
# their indexes, database jifen_a after the rounds), and WAL written per posting (8 posting clients on (a) alone)
LSN0="$(pgq "$SCALE_PG_PRIMARY" postgres "SELECT pg_current_wal_lsn()")"
WAL_RUN="$(python3 bench/scale/load.py postings --port "$PORT_A" --state "$SCALE_WORK/state-a.json" --clients 8 --seconds 10)"
LSN1="$(pgq "$SCALE_PG_PRIMARY" postgres "SELECT pg_current_wal_lsn()")"
WAL_BYTES="$(pgq "$SCALE_PG_PRIMARY" postgres "SELECT pg_wal_lsn_diff('$LSN1', '$LSN0')")"
SIZES="$(pgq "$SCALE_PG_PRIMARY" jifen_a "SELECT count(*), round(pg_total_relation_size('ledger_entry')::numeric / count(*)),
  (SELECT count(*) FROM household), round((pg_total_relation_size('household') + pg_total_relation_size('resident'))::numeric
  / (SELECT count(*) FROM household)) FROM ledger_entry")"
CITUS_NOTE="${CITUS_NOTE_WHY:-not measured}"
[[ -n "$B_PORT" ]] && CITUS_NOTE=""

hr
say "SUMMARY: median of $REPEATS rounds (range), $SECONDS_PER s each; load average $LOAD_AT_START at start, $LOAD_AT_END at the end"
python3 - "$RESULTS" "$CITUS_NOTE" "$SCALE_WORK/figures.tsv" <<'PY'
import sys, statistics
figures = open(sys.argv[3], "w")
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
names = {"a": "(a) single PostgreSQL", "b": "(b) Citus cluster", "c": "(c) two instances + HAProxy"}
def col(cfg, what, i):
    return [float(r[i]) for r in rows if r[0] == cfg and r[1] == what and r[i] not in ("None", "")]
def fmt(xs):
    return f"{statistics.median(xs):8.1f} ({min(xs):.1f}-{max(xs):.1f})" if xs else "       -"
print(f"  {'configuration':30} {'postings/s @8':>22} {'postings/s @32':>22} {'redeem p50 ms @16':>22} {'redeem p99 ms @16':>22} {'errors':>7}")
for cfg in ("a", "b", "c"):
    if not any(r[0] == cfg for r in rows):
        if cfg == "b":
            print(f"  {names[cfg]:30} {sys.argv[2]}")
        continue
    errors = sum(int(float(r[4])) for r in rows if r[0] == cfg and r[1] != "redeem16") + \
             sum(int(float(r[4])) for r in rows if r[0] == cfg and r[1] == "redeem16")
    print(f"  {names[cfg]:30} {fmt(col(cfg, 'postings8', 2)):>22} {fmt(col(cfg, 'postings32', 2)):>22} "
          f"{fmt(col(cfg, 'redeem16', 2)):>22} {fmt(col(cfg, 'redeem16', 3)):>22} {errors:7d}")
    for name, what, i, unit in (("postings8", "postings8", 2, "/s"), ("postings32", "postings32", 2, "/s"),
                                ("redeem16_p50", "redeem16", 2, "ms"), ("redeem16_p99", "redeem16", 3, "ms")):
        xs = col(cfg, what, i)
        if xs:
            figures.write(f"{cfg}_{name}\t{statistics.median(xs):.1f}\t{unit}\n")
    figures.write(f"{cfg}_errors\t{errors}\t\n")
figures.close()
PY
IFS='|' read -r LROWS LBYTES HROWS HBYTES <<<"$SIZES"
say "  disk: ledger_entry $LBYTES bytes per row with indexes ($LROWS rows; a posting is 2 rows); household + resident $HBYTES bytes per household ($HROWS households)"
say "  WAL: $(python3 -c "print(round($WAL_BYTES / max(1, $(field "$WAL_RUN" "d['acknowledged']"))))") bytes per posting ($(field "$WAL_RUN" "d['acknowledged']") postings by 8 clients on (a), other databases idle)"
say "  uptime: $(uptime)"
hr
# the figures for bench/run-all.sh: #16 sets no numeric goal, so INFO lines; every configuration must answer without
# an error (5xx or a broken connection)
TOTAL_ERRORS=0
while IFS=$'\t' read -r fig value unit; do
  if [[ "$fig" == *_errors ]]; then TOTAL_ERRORS=$((TOTAL_ERRORS + value)); fi
  info scale "$fig" "$value" "$unit"
done <"$SCALE_WORK/figures.tsv"
[[ -z "$B_PORT" ]] && info scale b_citus "${CITUS_NOTE// /_}" ""
result scale errors "$TOTAL_ERRORS" "<=" 0 ""
machine_load

if [[ "${SKIP_REPLICA:-0}" != 1 ]]; then
  scale_cleanup
  APP_PIDS=(); PG_DIRS=(); HAPROXY_PID=""; unset SCALE_WORK
  say "board and dashboard with and without the read replica: bench/scale/replica.sh"
  bash bench/scale/replica.sh
fi
