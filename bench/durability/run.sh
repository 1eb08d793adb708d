#!/usr/bin/env bash
# What durability costs on the embedded H2 database: postings per second through the API with H2's old
# setting (WRITE_DELAY 500 ms, the H2 default: commits reach the file up to ~0.5 s later) and with Jifen's
# default URL (WRITE_DELAY=0: every commit is written to the file before it is acknowledged), optionally
# PostgreSQL (fsync at every commit) for reference; then the raw JDBC cost of also forcing every commit to
# the disk (CHECKPOINT SYNC, i.e. fsync), which H2 cannot do by a setting.
#
#   bench/durability/run.sh                   # 5 repetitions x 15 s per variant, ~5 minutes
#   DUR_PG=1 DUR_REPS=3 bench/durability/run.sh
#
# The servers run side by side (one port each) and the load alternates between them, in a rotating
# order, so every variant sees the same machine load; prints each sample, median and spread, and the
# load average around each sample. Knobs: DUR_PORT (18080: uses DUR_PORT..+2), DUR_REPS (5),
# DUR_SECONDS (15), DUR_WORKERS (4), DUR_PG=1 (adds PostgreSQL: database jifen_durability, dropped after),
# PGHOST PGPORT PGUSER, REBUILD=1. Everything stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/../.."

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
PORT="${DUR_PORT:-18080}"
REPS="${DUR_REPS:-5}"
SECONDS_PER="${DUR_SECONDS:-15}"
WORKERS="${DUR_WORKERS:-4}"
BUILD_DIR=target-bench
PGDB=jifen_durability
WORK="$(mktemp -d /tmp/jifen-durability.XXXXXX)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT
say() { printf '%s\n' "$*"; }

jar_path() { ls "$BUILD_DIR"/jifen-*.jar 2>/dev/null | grep -v -- '-plain\.jar$' | head -1 || true; }
JAR="$(jar_path)"
if [[ -z "$JAR" || "${REBUILD:-0}" == 1 ]]; then
  say "building the jar ($BUILD_DIR) ..."
  ./mvnw -q -B -Dmaven.test.skip=true package "-Djifen.buildDir=$BUILD_DIR" >"$WORK/build.log" 2>&1 \
    || { grep ERROR "$WORK/build.log" | head -20; exit 1; }
  JAR="$(jar_path)"
fi
say "jar: $JAR; machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

H2_OLD="jdbc:h2:file:$WORK/old/jifen;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=20000;AUTO_SERVER=TRUE"
NAMES=(h2-write-delay-500 h2-write-delay-0)
PORTS=("$PORT" "$((PORT + 1))")
if [[ "${DUR_PG:-0}" == 1 ]]; then
  NAMES+=(postgresql); PORTS+=("$((PORT + 2))")
  psql -d postgres -qc "DROP DATABASE IF EXISTS $PGDB" -c "CREATE DATABASE $PGDB" 2>&1 | grep -v NOTICE || true
fi

start() { # name port
  local name="$1" port="$2" env=()
  mkdir -p "$WORK/$name"
  case "$name" in
    h2-write-delay-500) env=(JIFEN_DB_URL="$H2_OLD" JIFEN_DATA_DIR="$WORK/old") ;;
    h2-write-delay-0) env=(JIFEN_DATA_DIR="$WORK/new") ;;   # Jifen's default URL
    postgresql) env=(JIFEN_DB_URL="jdbc:postgresql://127.0.0.1:$PGPORT/$PGDB" JIFEN_DB_USER="$PGUSER" JIFEN_DB_PASSWORD=
                     JIFEN_DATA_DIR="$WORK/pg") ;;
  esac
  env "${env[@]}" JIFEN_DEMO=true JIFEN_DEMO_YEAR=false JIFEN_PORT="$port" java -jar "$JAR" --server.address=127.0.0.1 >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
}
for i in "${!NAMES[@]}"; do start "${NAMES[$i]}" "${PORTS[$i]}"; done
for i in "${!NAMES[@]}"; do
  t0=$SECONDS
  until curl -sf "http://127.0.0.1:${PORTS[$i]}/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
    (( SECONDS - t0 < 900 )) || { say "${NAMES[$i]} not UP after 900 s; log:"; tail -30 "$WORK/${NAMES[$i]}.log"; exit 1; }
    sleep 1
  done
done
say "servers UP: ${NAMES[*]}"

declare -A TOKEN
for i in "${!NAMES[@]}"; do
  base="http://127.0.0.1:${PORTS[$i]}"
  TOKEN[$i]="$(curl -sf -X POST "$base/api/v1/tokens" -H 'Content-Type: application/json' \
    -d '{"username":"demo-admin","password":"demo-admin"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
  python3 - "$base" "${TOKEN[$i]}" >"$WORK/households-$i.txt" <<'PY'
import json, sys, urllib.request
base, token = sys.argv[1], sys.argv[2]
for town in ("441821100", "441821101"):
    for v in range(201, 207):
        req = urllib.request.Request(f"{base}/api/v1/villages/{town}{v:03d}/households?size=50",
                                     headers={"Authorization": f"Bearer {token}"})
        for h in json.load(urllib.request.urlopen(req))["items"]:
            print(h["villageId"], h["id"])
PY
done

# warm-up (JIT, caches) on every server, not measured
for i in "${!NAMES[@]}"; do
  python3 bench/crash/load.py load --port "${PORTS[$i]}" --token "${TOKEN[$i]}" --households "$WORK/households-$i.txt" \
    --workers "$WORKERS" --seconds 5 --acks "$WORK/warm.tsv" --unsure "$WORK/warm-unsure.tsv" --tag warm >/dev/null
done

n=${#NAMES[@]}
: >"$WORK/samples.tsv"
for rep in $(seq 1 "$REPS"); do
  for k in $(seq 0 $((n - 1))); do
    i=$(( (k + rep) % n ))   # rotate the order, so no variant always runs first
    before="$(cut -d' ' -f1 /proc/loadavg)"
    out="$(python3 bench/crash/load.py load --port "${PORTS[$i]}" --token "${TOKEN[$i]}" \
      --households "$WORK/households-$i.txt" --workers "$WORKERS" --seconds "$SECONDS_PER" \
      --acks "$WORK/acks-$i.tsv" --unsure "$WORK/unsure-$i.tsv" --tag "r$rep")"
    rate="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["acked_per_second"])' "$out")"
    printf '%s\t%s\t%s\t%s\n' "${NAMES[$i]}" "$rep" "$rate" "$before" >>"$WORK/samples.tsv"
    say "  rep $rep ${NAMES[$i]}: $rate postings/s (load average $before -> $(cut -d' ' -f1 /proc/loadavg))"
  done
done

say ""
say "postings/s through POST /api/v1/households/{v}/{h}/postings, $WORKERS clients, $REPS x $SECONDS_PER s each:"
python3 - "$WORK/samples.tsv" "${NAMES[@]}" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
names = sys.argv[2:]  # the old H2 setting first: the others in % of it
base = None
for name in names:
    v = [float(r[2]) for r in rows if r[0] == name]
    med = statistics.median(v)
    base = base or med
    print(f"  {name:20s} median {med:7.1f}  min {min(v):7.1f}  max {max(v):7.1f}  "
          f"({100 * med / base:5.1f}% of {names[0]})  samples {' '.join(f'{x:.1f}' for x in v)}")
PY

for i in 0 1; do
  d=$([[ $i == 0 ]] && echo old || echo new)
  say "  H2 file of ${NAMES[$i]}: $(du -k "$WORK/$d/jifen.mv.db" | cut -f1) KiB after $(wc -l <"$WORK/acks-$i.tsv") measured postings (+ demo data, warm-up)"
done

# raw JDBC: commits per second on one connection, H2 file in $WORK, interleaved and repeated
unzip -q -j -o "$JAR" 'BOOT-INF/lib/h2-*.jar' -d "$WORK/h2"
say ""
say "raw H2 commits/s (one connection, one-row INSERT + COMMIT), file on $(df --output=source,fstype "$WORK" | tail -1):"
java -cp "$(ls "$WORK"/h2/h2-*.jar | head -1)" bench/durability/H2CommitCost.java "$WORK/raw" "$REPS"
say "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
[[ "${DUR_PG:-0}" != 1 ]] || { cleanup; PIDS=(); psql -d postgres -qc "DROP DATABASE IF EXISTS $PGDB"; }
rm -rf "$WORK"
