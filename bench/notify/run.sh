#!/usr/bin/env bash
# Notification delivery latency and its cost to a posting, on PostgreSQL.
#
#   bench/notify/run.sh                       # 3 repeats × (notifications on, off), interleaved; about 10 minutes
#   REPEATS=1 RATE=10 SECONDS_PER_RUN=20 bench/notify/run.sh
#
# Each run starts Jifen (demo county, fresh database) and sends EARN postings through the API at an open arrival
# rate (RATE per second, a new request on schedule whatever the earlier ones are doing) after a warm-up and an
# ANALYZE (autovacuum is off on these machines).
#   on : the dispatcher polls as shipped (jifen.notify.poll=1s) and a county-wide webhook subscription
#        (JIFEN_NOTIFY_WEBHOOK_URL) sends every posting's CloudEvent to bench/notify/stub.py, which checks the
#        signature and records when it received each event. Delivery latency = received at the stub − the posting's
#        HTTP acknowledgement (its commit).
#   off: the dispatcher is off (jifen.notify.poll=-) and there is no subscription: the baseline. The posting's
#        transaction still inserts its notify_event row in both, as it must (the outbox is written with the change).
# Printed per run and as median [min–max] over the repeats: posting latency p50/p99 (send → acknowledgement) on and
# off, and delivery latency p50/p99 (acknowledgement → stub). Machine load average printed before each run.
# Knobs: PGHOST PGPORT PGUSER, BENCH_PORT (18083), STUB_PORT (18093), REPEATS (3), RATE (20), SECONDS_PER_RUN (30),
#   WARMUP_SECONDS (10), REBUILD=1.
set -euo pipefail
cd "$(dirname "$0")/../.."

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
PORT="${BENCH_PORT:-18083}"
STUB_PORT="${STUB_PORT:-18093}"
REPEATS="${REPEATS:-3}"
RATE="${RATE:-20}"
SECS="${SECONDS_PER_RUN:-30}"
WARMUP="${WARMUP_SECONDS:-10}"
BUILD_DIR=target-bench
DB=jifen_notify_latency
BASE="http://127.0.0.1:$PORT"
SECRET="latency-secret-$$-0123456789"
WORK="$(mktemp -d /tmp/jifen-notify-latency.XXXXXX)"
APP_PID=""
STUB_PID=""

cleanup() {
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; fi
  if [[ -n "$STUB_PID" ]] && kill -0 "$STUB_PID" 2>/dev/null; then kill "$STUB_PID"; wait "$STUB_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT
say() { printf '%s\n' "$*"; }

jar_path() { ls "$BUILD_DIR"/jifen-*.jar 2>/dev/null | grep -v -- '-plain\.jar$' | head -1 || true; }
JAR="$(jar_path)"
if [[ -z "$JAR" || "${REBUILD:-0}" == 1 ]] || ! unzip -Z1 "$JAR" 'BOOT-INF/classes/cn/jifen/notify/Dispatcher.class' >/dev/null 2>&1; then
  say "building the jar ($BUILD_DIR) ..."
  ./mvnw -q -B -o -Dmaven.test.skip=true package "-Djifen.buildDir=$BUILD_DIR" >"$WORK/build.log" 2>&1 \
    || { say "build failed:"; grep ERROR "$WORK/build.log" | head -20; exit 1; }
  JAR="$(jar_path)"
fi
say "jar: $JAR; PostgreSQL; $REPEATS repeats × (on, off) at $RATE postings/s for $SECS s after a ${WARMUP} s warm-up"
say "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; java $(java -version 2>&1 | head -1)"

start_app() { # mode
  psql -d postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" 2>&1 | grep -v NOTICE || true
  local extra=(--jifen.notify.poll=-)
  local hook=""
  if [[ "$1" == on ]]; then extra=(); hook="http://127.0.0.1:$STUB_PORT/hook"; fi
  JIFEN_DB_URL="jdbc:postgresql://127.0.0.1:$PGPORT/$DB" JIFEN_DB_USER="$PGUSER" JIFEN_DB_PASSWORD= \
  JIFEN_DEMO=true JIFEN_DEMO_YEAR=false JIFEN_PORT="$PORT" JIFEN_DATA_DIR="$WORK/data-$1" \
  JIFEN_NOTIFY_WEBHOOK_URL="$hook" JIFEN_NOTIFY_WEBHOOK_SECRET="$SECRET" \
    java -jar "$JAR" --server.address=127.0.0.1 "${extra[@]}" >>"$WORK/app-$1.log" 2>&1 &
  APP_PID=$!
  local t0=$SECONDS
  until curl -sf "$BASE/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
    if ! kill -0 "$APP_PID" 2>/dev/null; then say "Jifen exited during start-up"; tail -40 "$WORK/app-$1.log"; exit 1; fi
    (( SECONDS - t0 > 300 )) && { say "Jifen not UP after 300 s"; exit 1; }
    sleep 1
  done
}
stop_app() { kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=""; }
token() {
  curl -sf -X POST "$BASE/api/v1/tokens" -H 'Content-Type: application/json' \
    -d '{"username":"demo-admin","password":"demo-admin"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

: >"$WORK/ids.txt"
python3 bench/notify/stub.py "$STUB_PORT" "$SECRET" "$WORK/ids.txt" "$WORK/times.tsv" &
STUB_PID=$!

for r in $(seq 1 "$REPEATS"); do
  if (( r % 2 == 1 )); then order=(on off); else order=(off on); fi
  for mode in "${order[@]}"; do
    say "repeat $r, notifications $mode: load average $(cut -d' ' -f1-3 /proc/loadavg)"
    start_app "$mode"
    TOKEN="$(token)"
        python3 bench/crash/load.py households --port "$PORT" --token "$TOKEN" >"$WORK/households.txt" \
      || { say "no households found"; exit 1; }
    python3 bench/notify/latency.py --port "$PORT" --token "$TOKEN" --households "$WORK/households.txt" \
      --rate "$RATE" --seconds "$WARMUP" --out "$WORK/warmup.tsv" --tag "w$r$mode" >/dev/null
    psql -d "$DB" -qc "ANALYZE"
    if [[ "$mode" == on ]]; then # the demo's own postings and the warm-up's are delivered first: measure a quiet outbox
      t0=$SECONDS
      while (( SECONDS - t0 < 300 )); do
        left="$(psql -d "$DB" -Atqc "SELECT (SELECT count(*) FROM notify_event WHERE NOT fanned_out) + (SELECT count(*) FROM notify_outbox WHERE status IN ('PENDING','SENDING') AND next_attempt_at <= now())")"
        [[ "$left" == 0 ]] && break
        sleep 1
      done
      say "  outbox drained before measuring in $((SECONDS - t0)) s ($left left)"
    fi
    out="$WORK/run-$r-$mode.tsv"; : >"$out"
    python3 bench/notify/latency.py --port "$PORT" --token "$TOKEN" --households "$WORK/households.txt" \
      --rate "$RATE" --seconds "$SECS" --out "$out" --tag "r$r$mode" >"$WORK/load-$r-$mode.json"
    if [[ "$mode" == on ]]; then # let the last events reach the stub
      t0=$SECONDS
      while (( SECONDS - t0 < 60 )); do
        left="$(psql -d "$DB" -Atqc "SELECT (SELECT count(*) FROM notify_event WHERE NOT fanned_out) + (SELECT count(*) FROM notify_outbox WHERE channel = 'WEBHOOK' AND status <> 'SENT')")"
        [[ "$left" == 0 ]] && break
        sleep 1
      done
    fi
    stop_app
    say "  load: $(cat "$WORK/load-$r-$mode.json")"
  done
done

python3 - "$WORK" "$REPEATS" <<'PY'
import statistics, sys
work, repeats = sys.argv[1], int(sys.argv[2])
times = {}
for line in open(f"{work}/times.tsv"):
    i, t = line.rstrip("\n").split("\t")
    parts = i.split(":")
    if parts[0] == "posting" and i.endswith(":cn.jifen.posting.created"):
        times.setdefault(parts[1], float(t))  # the first delivery of the posting's event
def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] if xs else float("nan")
rows = {"post_on": [], "post_off": [], "deliv": []}
for r in range(1, repeats + 1):
    for mode in ("on", "off"):
        lat, deliv, missing = [], [], 0
        for line in open(f"{work}/run-{r}-{mode}.tsv"):
            pid, sent, acked = line.split("\t")
            lat.append((float(acked) - float(sent)) * 1000)
            if mode == "on":
                t = times.get(pid)
                if t is None:
                    missing += 1
                else:
                    deliv.append((t - float(acked)) * 1000)
        rows["post_" + mode].append((pct(lat, 50), pct(lat, 99)))
        line = f"repeat {r} {mode:3}: {len(lat)} postings, posting latency p50 {pct(lat, 50):7.1f} ms p99 {pct(lat, 99):7.1f} ms"
        if mode == "on":
            rows["deliv"].append((pct(deliv, 50), pct(deliv, 99)))
            line += f"; delivery (ack → stub) p50 {pct(deliv, 50):7.1f} ms p99 {pct(deliv, 99):7.1f} ms, {missing} not delivered"
        print(line)
def summary(name, xs):
    p50 = [x[0] for x in xs]; p99 = [x[1] for x in xs]
    print(f"{name:38} p50 {statistics.median(p50):7.1f} ms [{min(p50):.1f}–{max(p50):.1f}]"
          f"   p99 {statistics.median(p99):7.1f} ms [{min(p99):.1f}–{max(p99):.1f}]")
print("median [min–max] over the repeats:")
summary("posting latency, notifications off", rows["post_off"])
summary("posting latency, notifications on", rows["post_on"])
summary("delivery latency, ack → webhook stub", rows["deliv"])
PY
say "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
