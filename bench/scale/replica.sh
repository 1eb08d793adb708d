#!/usr/bin/env bash
# Read replica: board and dashboard latency with and without a streaming replica, and a replica stopped under load.
#
#   bench/scale/replica.sh                         # ~6-8 minutes on two busy cores
#   SCALE_SECONDS=10 SCALE_REPEATS=1 bench/scale/replica.sh
#
# What it does (everything on 127.0.0.1; never touches the shared 5432 server)
#   1. builds the jar once (tests skipped; target-bench-scale);
#   2. a PostgreSQL primary of its own on 5441 (initdb, wal_level=replica) and a streaming replica on 5440 made with
#      pg_basebackup -R -X stream (a hot standby);
#   3. two Jifen instances on the same primary database: R (18310) with JIFEN_DB_READ_URL pointing to the replica,
#      P (18311) without (the baseline: everything on the primary);
#   4. SCALE_REPEATS rounds, interleaved P, R: SCALE_CLIENTS readers alternate GET /board/{village} (all 12 demo
#      villages) and GET /api/v1/stats/summary (the county's dashboard figures), while SCALE_WRITERS clients post,
#      so the replica has WAL to replay; SCALE_SECONDS per phase after a warm-up phase; p50/p95/p99 per kind;
#   5. failover: the same load on R; after a third of the phase the replica is stopped (pg_ctl -m fast: its sessions
#      are cut in the middle of queries); the run must end with no failed request (no 5xx, no broken connection) -
#      R's reads go back to the primary; then the replica is started again and R's log must show it used again.
# Exit status 0 only if the failover phase had no failed request and R took the replica back.
# Knobs: SCALE_CLIENTS (8), SCALE_WRITERS (2), SCALE_SECONDS (20), SCALE_REPEATS (2), SCALE_WORK, KEEP=1, REBUILD=1,
#   SCALE_PG_PRIMARY (5441), SCALE_PG_REPLICA (5440), JIFEN_BOARD_CACHE_SECONDS (10, as deployed).
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/scale/lib.sh

CLIENTS="${SCALE_CLIENTS:-8}"
WRITERS="${SCALE_WRITERS:-2}"
SECONDS_PER="${SCALE_SECONDS:-20}"
REPEATS="${SCALE_REPEATS:-2}"
PORT_R=18310
PORT_P=18311
DB=jifen
FAILS=0
check() { if [[ "$2" == true ]]; then say "  PASS  $1"; else say "  FAIL  $1"; FAILS=$((FAILS + 1)); fi; }

scale_work
trap scale_cleanup EXIT
trap 'exit 143' TERM INT
machine
build_jar

say "PostgreSQL: primary on $SCALE_PG_PRIMARY, replica on $SCALE_PG_REPLICA (data in $SCALE_WORK)"
pg_primary "$SCALE_PG_PRIMARY"
pgq "$SCALE_PG_PRIMARY" postgres "CREATE DATABASE $DB"
pg_replica "$SCALE_PG_PRIMARY" "$SCALE_PG_REPLICA"
say "  replica in recovery: $(pgq "$SCALE_PG_REPLICA" postgres 'SELECT pg_is_in_recovery()'); streaming to: $(pgq "$SCALE_PG_PRIMARY" postgres "SELECT string_agg(application_name || ' ' || state, ', ') FROM pg_stat_replication")"

say "Jifen R (reads on the replica) and P (primary only) on database $DB"
app_start "$PORT_R" "$SCALE_PG_PRIMARY" "$DB" JIFEN_DB_READ_URL="jdbc:postgresql://127.0.0.1:$SCALE_PG_REPLICA/$DB" \
  JIFEN_DB_POOL=$((CLIENTS + WRITERS + 4)) JIFEN_DB_READ_POOL=$((CLIENTS + 2))
app_start "$PORT_P" "$SCALE_PG_PRIMARY" "$DB" JIFEN_DEMO=false JIFEN_DB_POOL=$((CLIENTS + WRITERS + 4))
STATE="$SCALE_WORK/state.json"
python3 bench/scale/load.py setup --no-market --port "$PORT_R" --state "$STATE" >/dev/null || { say "setup failed"; exit 1; }
pgq "$SCALE_PG_PRIMARY" "$DB" "ANALYZE"
say "  $(python3 -c "import json; d=json.load(open('$STATE')); print(len(d['villages']), 'villages,', len(d['households']), 'households')")"

phase() { # phase <port> <seconds> -> JSON line
  python3 bench/scale/load.py reads --port "$1" --state "$STATE" --clients "$CLIENTS" --writers "$WRITERS" --seconds "$2"
}

say "warm-up ($SECONDS_PER s each)"
phase "$PORT_P" "$SECONDS_PER" >/dev/null
phase "$PORT_R" "$SECONDS_PER" >/dev/null

RESULTS="$SCALE_WORK/results.tsv"; : >"$RESULTS"
for r in $(seq 1 "$REPEATS"); do
  for which in P R; do
    port=$PORT_P; [[ $which == R ]] && port=$PORT_R
    out="$(phase "$port" "$SECONDS_PER")"
    for kind in board dashboard posting; do
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$which" "$kind" "$(field "$out" "d['$kind']['p50']")" \
        "$(field "$out" "d['$kind']['p95']")" "$(field "$out" "d['$kind']['p99']")" "$(field "$out" "d['$kind']['n']")" >>"$RESULTS"
    done
    say "  round $r $which: board p50 $(field "$out" "d['board']['p50']") ms, dashboard p50 $(field "$out" "d['dashboard']['p50']") ms, errors $(field "$out" "d['errors']"), load $(load_avg)"
  done
done

say "failover: R under load, replica stopped after $((SECONDS_PER / 3)) s"
FAIL_SECONDS=$((SECONDS_PER * 2))
python3 bench/scale/load.py reads --port "$PORT_R" --state "$STATE" --clients "$CLIENTS" --writers "$WRITERS" \
  --seconds "$FAIL_SECONDS" >"$SCALE_WORK/failover.json" 2>"$SCALE_WORK/failover.err" &
LOAD=$!
sleep $((SECONDS_PER / 3))
t_stop=$(date +%s.%N)
pg_stop "$SCALE_PG_REPLICA" fast
say "  replica stopped (pg_ctl -m fast) at +$((SECONDS_PER / 3)) s"
wait "$LOAD" || true
FO="$(cat "$SCALE_WORK/failover.json")"
say "  statuses: $(field "$FO" "d['statuses']")"
check "no request failed while the replica went away ($(field "$FO" "d['requests']") requests, $(field "$FO" "d['errors']") errors)" \
  "$( [[ "$(field "$FO" "d['errors']")" == 0 && -n "$FO" ]] && echo true || echo false)"
check "R noticed the replica was gone (log: 'read replica unusable' / 'not used')" \
  "$(grep -qE 'read replica (unusable|not used)' "$SCALE_WORK/app-$PORT_R.log" && echo true || echo false)"
AFTER="$(phase "$PORT_R" "$SECONDS_PER")"
say "  R without its replica: board p50 $(field "$AFTER" "d['board']['p50']") ms, dashboard p50 $(field "$AFTER" "d['dashboard']['p50']") ms, errors $(field "$AFTER" "d['errors']")"
printf 'R-down\tboard\t%s\t%s\t%s\t%s\nR-down\tdashboard\t%s\t%s\t%s\t%s\n' \
  "$(field "$AFTER" "d['board']['p50']")" "$(field "$AFTER" "d['board']['p95']")" "$(field "$AFTER" "d['board']['p99']")" "$(field "$AFTER" "d['board']['n']")" \
  "$(field "$AFTER" "d['dashboard']['p50']")" "$(field "$AFTER" "d['dashboard']['p95']")" "$(field "$AFTER" "d['dashboard']['p99']")" "$(field "$AFTER" "d['dashboard']['n']")" >>"$RESULTS"

say "the replica started again"
pg_start "$SCALE_WORK/pg-$SCALE_PG_REPLICA" "$SCALE_PG_REPLICA"
back=false
for i in $(seq 1 30); do
  if (( $(grep -c 'read replica usable' "$SCALE_WORK/app-$PORT_R.log") >= 2 )); then back=true; break; fi
  sleep 1
done
check "R uses the replica again once it has caught up ($(grep 'read replica usable' "$SCALE_WORK/app-$PORT_R.log" | tail -1 | sed 's/.*: read/read/'))" "$back"

hr
say "SUMMARY: latency in ms, median of $REPEATS rounds (min-max of the rounds' p50 in brackets); $CLIENTS readers + $WRITERS posting clients"
say "  P = Jifen without a replica (all on the primary), R = Jifen with JIFEN_DB_READ_URL; R-down = R after the replica stopped"
python3 - "$RESULTS" <<'PY'
import sys, statistics
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
print(f"  {'config':8} {'kind':10} {'p50':>8} {'(range)':>16} {'p95':>8} {'p99':>8} {'requests':>9}")
for which in ("P", "R", "R-down"):
    for kind in ("board", "dashboard", "posting"):
        sel = [r for r in rows if r[0] == which and r[1] == kind and r[2] != "None"]
        if not sel:
            continue
        f = lambda i: [float(r[i]) for r in sel]
        rng = f"({min(f(2)):.1f}-{max(f(2)):.1f})"
        print(f"  {which:8} {kind:10} {statistics.median(f(2)):8.1f} {rng:>16} {statistics.median(f(3)):8.1f} "
              f"{statistics.median(f(4)):8.1f} {int(sum(f(5))):9d}")
PY
say "  failover phase: $(field "$FO" "d['requests']") requests, $(field "$FO" "d['errors']") failed; board p99 $(field "$FO" "d['board']['p99']") ms, dashboard p99 $(field "$FO" "d['dashboard']['p99']") ms"
say "  uptime: $(uptime)"
hr
if (( FAILS > 0 )); then say "$FAILS check(s) FAILED"; exit 1; fi
say "all checks passed"
