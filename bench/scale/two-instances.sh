#!/usr/bin/env bash
# Two Jifen instances behind HAProxy on one PostgreSQL: mixed load, kill -9 of one instance, restart, checks.
#
#   bench/scale/two-instances.sh                   # ~5-7 minutes on two busy cores
#   KILL_AT=10 SCALE_AFTER_UP=15 bench/scale/two-instances.sh
#
# What it does (everything on 127.0.0.1; never touches the shared 5432 server)
#   1. builds the jar once (tests skipped; target-bench-scale); needs haproxy (apt-get install haproxy);
#   2. a PostgreSQL cluster of its own on 5441, database jifen_two; Jifen A on 18321 (loads the demo county) and
#      B on 18322 (same database, same secret key); HAProxy on 18320 (round robin, health check
#      GET /actuator/health every second, retries a request whose connection failed or got no answer on the other
#      instance - safe because every write carries an Idempotency-Key), statistics on 18329;
#   3. setup through the balancer (supermarkets open, goods, 100,000 points per household);
#   4. mixed load through the balancer: SCALE_CLIENTS clients each posting, redeeming at the
#      counter, and reading boards/dashboards, plus SCALE_SESSIONS clients logged in through the login form (cookie
#      SESSION) opening a console page every 0.2 s. At KILL_AT s instance A gets kill -9; it is restarted at once
#      (while the load goes on); the load goes on until A has been up for SCALE_AFTER_UP s, and A must take traffic;
#   5. checks: every acknowledged posting and redemption is in the database exactly once (SQL by its key) and its
#      request re-sent with the same key answers 200 with the same id; ledger verify (API) intact; no logged-in client
#      was sent back to the login page; A served requests after its restart (HAProxy statistics); prints the error
#      rate overall and in the failover window (KILL_AT .. A up again + 5 s), second by second.
# Exit status 0 only if every check passed. Knobs: SCALE_CLIENTS (4), SCALE_SESSIONS (4), SCALE_AFTER_UP (30),
#   KILL_AT (20), SCALE_WORK, KEEP=1, REBUILD=1, SCALE_PG_PRIMARY (5441).
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/scale/lib.sh

CLIENTS="${SCALE_CLIENTS:-4}"
SESSIONS="${SCALE_SESSIONS:-4}"
AFTER_UP="${SCALE_AFTER_UP:-30}"
KILL_AT="${KILL_AT:-20}"
LB=18320
PORT_A=18321
PORT_B=18322
STATS=18329
DB=jifen_two
FAILS=0
check() { if [[ "$2" == true ]]; then say "  PASS  $1"; else say "  FAIL  $1"; FAILS=$((FAILS + 1)); fi; }
command -v haproxy >/dev/null || { say "haproxy is missing: apt-get install -y haproxy"; exit 2; }

scale_work
trap scale_cleanup EXIT
trap 'exit 143' TERM INT
machine
build_jar

haproxy_start() { # haproxy_start <port> <stats port> <server port>...
  local port="$1" stats="$2"; shift 2
  local cfg="$SCALE_WORK/haproxy-$port.cfg" n=0
  cat >"$cfg" <<EOF
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
  bind 127.0.0.1:$port
  default_backend instances
backend instances
  balance roundrobin
  option httpchk GET /actuator/health
  http-check expect status 200
  default-server inter 1s fall 2 rise 2
EOF
  for p in "$@"; do n=$((n + 1)); echo "  server i$n 127.0.0.1:$p check" >>"$cfg"; done
  cat >>"$cfg" <<EOF
listen stats
  bind 127.0.0.1:$stats
  stats enable
  stats uri /stats
EOF
  haproxy -f "$cfg" >"$SCALE_WORK/haproxy-$port.log" 2>&1 &
  HAPROXY_PID=$!
  for i in $(seq 1 30); do curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && break; sleep 1; done
  say "  HAProxy pid $HAPROXY_PID on $port -> $* (statistics: http://127.0.0.1:$stats/stats)"
}
served() { # served <stats port> <server name>: requests the balancer sent to it so far
  curl -sf "http://127.0.0.1:$1/stats;csv" | awk -F, -v s="$2" '$1 == "instances" && $2 == s {print $8}'
}

say "PostgreSQL on $SCALE_PG_PRIMARY, database $DB"
pg_primary "$SCALE_PG_PRIMARY"
pgq "$SCALE_PG_PRIMARY" postgres "CREATE DATABASE $DB"
POOL=$((CLIENTS * 3 + SESSIONS + 4))
app_start "$PORT_A" "$SCALE_PG_PRIMARY" "$DB" JIFEN_DB_POOL=$POOL
app_start "$PORT_B" "$SCALE_PG_PRIMARY" "$DB" JIFEN_DB_POOL=$POOL JIFEN_DEMO=false
haproxy_start "$LB" "$STATS" "$PORT_A" "$PORT_B"

STATE="$SCALE_WORK/state.json"
ACKS="$SCALE_WORK/acks.tsv"; : >"$ACKS"
SETUP="$(python3 bench/scale/load.py setup --port "$LB" --state "$STATE")" || { say "setup failed"; exit 1; }
say "setup through the balancer: $SETUP"
pgq "$SCALE_PG_PRIMARY" "$DB" "ANALYZE"

STOP="$SCALE_WORK/stop"
say "mixed load: $CLIENTS posting + $CLIENTS redeeming + $CLIENTS reading clients, $SESSIONS logged-in sessions (load $(load_avg))"
python3 bench/scale/load.py mixed --port "$LB" --state "$STATE" --clients "$CLIENTS" --sessions "$SESSIONS" \
  --seconds 1800 --stop-file "$STOP" --acks "$ACKS" >"$SCALE_WORK/mixed.json" 2>"$SCALE_WORK/mixed.err" &
LOAD=$!
T0=$SECONDS
sleep "$KILL_AT"
A_BEFORE="$(served "$STATS" i1)"
kill -9 "$(app_pid "$PORT_A")"
wait "$(app_pid "$PORT_A")" 2>/dev/null || true
KILLED_AT=$((SECONDS - T0))
say "  +$KILLED_AT s: kill -9 of A (it had served $A_BEFORE requests); restarting it while the load goes on"
app_start "$PORT_A" "$SCALE_PG_PRIMARY" "$DB" JIFEN_DB_POOL=$POOL
UP_AT=$((SECONDS - T0))
A_UP="$(served "$STATS" i1)"
say "  +$UP_AT s: A is up again; the load goes on for $AFTER_UP s more"
sleep "$AFTER_UP"
A_AFTER="$(served "$STATS" i1)"
touch "$STOP"
wait "$LOAD" || true
OUT="$(cat "$SCALE_WORK/mixed.json")"
[[ -n "$OUT" ]] || { say "the load generator printed nothing:"; tail -20 "$SCALE_WORK/mixed.err"; exit 1; }
say "  statuses: $(field "$OUT" "d['statuses']")"
say "  errors by second (5xx or broken connection): $(field "$OUT" "d['errors_by_second']")"

hr
say "CHECKS"
check "A took requests again after its restart (balancer's count for A: $A_BEFORE at the kill, $A_UP when up again, $A_AFTER $AFTER_UP s later)" \
  "$( (( ${A_AFTER:-0} > ${A_UP:-0} + 10 )) && echo true || echo false)"
RETRIES="$(curl -sf "http://127.0.0.1:$STATS/stats;csv" | awk -F, '$1 == "instances" && $2 == "BACKEND" {print $16 " retried, " $17 " sent to the other instance"}')"
check "no logged-in client lost its session ($(field "$OUT" "d['session_checks']") page views, $(field "$OUT" "d['sessions_lost']") sent to /login)" \
  "$( [[ "$(field "$OUT" "d['sessions_lost']")" == 0 && "$(field "$OUT" "d['session_checks']")" -gt 0 ]] && echo true || echo false)"
psql -h 127.0.0.1 -p "$SCALE_PG_PRIMARY" -U postgres -d "$DB" -v ON_ERROR_STOP=1 -Atq >"$SCALE_WORK/sql-check.txt" <<EOF
CREATE TEMP TABLE acked (kind text, idem_key text, path text, body text, ident text);
\copy acked FROM '$ACKS'
SELECT count(*) FILTER (WHERE kind = 'posting'), count(*) FILTER (WHERE kind = 'redemption') FROM acked;
SELECT count(*) FROM acked a WHERE kind = 'posting' AND (SELECT count(*) FROM ledger_entry e
    WHERE e.idempotency_key = a.idem_key AND e.leg_no = 0 AND e.posting_id::text = a.ident) <> 1;
SELECT count(*) FROM acked a WHERE kind = 'redemption' AND (SELECT count(*) FROM redemption r
    WHERE r.idempotency_key = a.idem_key AND r.id::text = a.ident) <> 1;
SELECT count(*) FROM (SELECT idempotency_key FROM ledger_entry WHERE leg_no = 0 AND idempotency_key LIKE 'scale-%'
    GROUP BY idempotency_key HAVING count(*) > 1) d;
EOF
mapfile -t SQLR <"$SCALE_WORK/sql-check.txt"
say "  acknowledged: ${SQLR[0]//|/ postings, } redemptions"
check "every acknowledged posting is in the ledger exactly once under its key (missing or doubled: ${SQLR[1]})" \
  "$( [[ "${SQLR[1]}" == 0 ]] && echo true || echo false)"
check "every acknowledged redemption is stored exactly once under its key (missing or doubled: ${SQLR[2]})" \
  "$( [[ "${SQLR[2]}" == 0 ]] && echo true || echo false)"
check "no request key made two postings (keys with two: ${SQLR[3]})" "$( [[ "${SQLR[3]}" == 0 ]] && echo true || echo false)"
REPLAY="$(python3 bench/scale/load.py replay --port "$LB" --acks "$ACKS" 2>"$SCALE_WORK/replay.err" || true)"
check "every acknowledged write re-sent with its key answers 200 with the same id: $REPLAY" \
  "$( [[ -n "$REPLAY" && "$(field "$REPLAY" "d['bad']")" == 0 ]] && echo true || echo false)"
read -r intact entries < <(verify_ledger "$LB")
check "ledger verify intact ($entries entries checked)" "$( [[ "$intact" == true ]] && echo true || echo false)"

hr
python3 - "$OUT" "$KILLED_AT" "$UP_AT" <<'PY'
import json, sys
d = json.loads(sys.argv[1]); k, up = int(sys.argv[2]), int(sys.argv[3])
err = {int(s): n for s, n in d["errors_by_second"].items()}
req = d["requests"]
win = range(k, up + 6)
print("SUMMARY")
print(f"  requests {req}, failed {d['errors']} ({100.0 * d['errors'] / max(1, req):.2f} %) over {d['seconds']} s")
print(f"  failover window +{k} s .. +{up + 5} s (kill -9 of A .. A up again + 5 s): {sum(err.get(s, 0) for s in win)} failed requests")
print(f"  acknowledged writes {d['acknowledged']} ({d['acked_per_second']}/s)")
for kind in ("posting", "redemption", "board", "dashboard", "session-page"):
    if kind in d:
        x = d[kind]
        print(f"  {kind:13} n {x['n']:6}  p50 {x['p50']} ms  p95 {x['p95']} ms  p99 {x['p99']} ms")
PY
say "  balancer: $RETRIES (requests whose connection failed or got no answer; safe to re-send: each write has its key)"
say "  uptime: $(uptime)"
hr
if (( FAILS > 0 )); then say "$FAILS check(s) FAILED"; exit 1; fi
say "all checks passed"
