#!/usr/bin/env bash
# The embedded default beside PostgreSQL (issue #17 goal 4): the same postings and counter-redemption figures on H2
# in its production (file) mode and on PostgreSQL, in the same run, interleaved.
#
#   bench/h2/run.sh               # 3 rounds, ~15 minutes on 2 cores
#   bench/h2/run.sh --quick       # 3 short rounds (also BENCH_QUICK=1), ~5 minutes with the start of the two servers
#   JAR=target/jifen-0.1.0-SNAPSHOT.jar bench/h2/run.sh    # use a jar already built
#
# What it does
#   1. builds the jar (BUILD_DIR, target-bench-h2) unless JAR is given, and starts it twice with the demo county:
#      h2  — Jifen's default database, an H2 file in a scratch data directory, with the default URL of
#            application.properties (WRITE_DELAY=0: each commit written to the file before it is acknowledged, no
#            fsync; see docs/durability.md), port PORT_BASE+1 (18551);
#      pg  — PostgreSQL, scratch database benchall_pg (fsync and synchronous_commit as the server has them: printed),
#            port PORT_BASE+2 (18552). Both -Xmx768m, the same pool size.
#   2. sets both up through the API (bench/h2/Setup.java: supermarkets open every day, one plentiful product each,
#      30 households per village with 100,000 points), ANALYZE on both (H2 through its AUTO_SERVER port), then a
#      warm-up on both of every request measured below.
#   3. ROUNDS rounds, the order h2/pg alternating; per database, with bench/lib/OpenLoad.java:
#      - passbook lookups, closed loop, CLIENTS clients, SECONDS_PER s (the authenticated GET: the baseline of the
#        HTTP stack and of a read, as in bench/market/cost.sh);
#      - postings through POST /api/v1/households/{v}/{h}/postings (1-point EARN, fresh Idempotency-Key), closed
#        loop, CLIENTS clients, SECONDS_PER s, with CPU: JVM (+ the PostgreSQL backends of benchall_pg) from /proc;
#      - one-product counter redemptions, closed loop, the same, with CPU per redemption;
#      - one-product redemptions at RATE arrivals/s (fixed schedule) for OPEN_SECONDS after WARMUP s at that rate,
#        latency from the intended start, p50/p99 over the 201s and the requests still unanswered DRAIN s after the
#        last start (timed with their wait so far; non-201 answers counted apart).
#   4. median [min–max] of the rounds per database, ratio h2/pg, load at start and end; INFO lines (no numeric goal
#      for H2 in issue #17; the redemption goals of goal 1 are bench/market/cost.sh's RESULT lines on PostgreSQL).
# CPU counts the JVM (for H2 that includes the database) and, for PostgreSQL, its backends of the database; not the
# load generator, not PostgreSQL's background writers.
# Environment: ROUNDS (3), CLIENTS (16), SECONDS_PER (20; quick 5), RATE (100), OPEN_SECONDS (30; quick 10),
#   WARMUP (10; quick 5), DRAIN (30; quick 10), PORT_BASE (18550), JAR, BUILD_DIR, PGHOST PGPORT PGUSER
#   (127.0.0.1 5432 postgres), KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/lib/result.sh
QUICK="${BENCH_QUICK:-0}"
for a in "$@"; do
  case "$a" in --quick) QUICK=1 ;; *) echo "unknown argument $a (only --quick)"; exit 2 ;; esac
done
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
ROUNDS="${ROUNDS:-3}" CLIENTS="${CLIENTS:-16}" RATE="${RATE:-100}" PORT_BASE="${PORT_BASE:-18550}"
if [[ "$QUICK" == 1 ]]; then
  SECONDS_PER="${SECONDS_PER:-5}" OPEN_SECONDS="${OPEN_SECONDS:-10}" WARMUP="${WARMUP:-5}" DRAIN="${DRAIN:-10}"
else
  SECONDS_PER="${SECONDS_PER:-20}" OPEN_SECONDS="${OPEN_SECONDS:-30}" WARMUP="${WARMUP:-10}" DRAIN="${DRAIN:-30}"
fi
BUILD_DIR="${BUILD_DIR:-target-bench-h2}"
PGDB=benchall_pg
WORK="$(mktemp -d /tmp/benchall-h2.XXXXXX)"
declare -A PID PORT
PORT[h2]=$((PORT_BASE + 1)); PORT[pg]=$((PORT_BASE + 2))
cleanup() {
  for s in h2 pg; do
    if [[ -n "${PID[$s]:-}" ]] && kill -0 "${PID[$s]}" 2>/dev/null; then kill "${PID[$s]}"; wait "${PID[$s]}" 2>/dev/null || true; fi
  done
  if [[ "${KEEP:-0}" != 1 ]]; then
    psql -d postgres -qc "DROP DATABASE IF EXISTS $PGDB" >/dev/null 2>&1 || true
    rm -rf "$WORK"
  else
    echo "kept: $WORK and database $PGDB"
  fi
}
trap cleanup EXIT
trap 'exit 143' TERM INT
hr() { printf '%s\n' "------------------------------------------------------------------------------------------"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
ticks() { awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$1/stat" 2>/dev/null || echo 0; }   # utime + stime
HZ="$(getconf CLK_TCK)"
cpu_ms() {   # the JVM, plus for pg the PostgreSQL backends of its database
  local s=$1 t p
  t=$(ticks "${PID[$s]}")
  if [[ $s == pg ]]; then
    for p in $(psql -d postgres -Atc "SELECT pid FROM pg_stat_activity WHERE datname = '$PGDB'"); do t=$((t + $(ticks "$p"))); done
  fi
  echo $((t * 1000 / HZ))
}
get() { tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1 == k {print $2}'; }
ol() {   # ol <db> <requests file> <OpenLoad options...>
  local s=$1 file=$2; shift 2
  java -cp "$WORK/openload" OpenLoad --base "http://127.0.0.1:${PORT[$s]}" --requests "$WORK/$s/$file" --random "$@"
}

hr
echo "MACHINE  $(date -Is)  $(nproc) cores  $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "  $(java -version 2>&1 | head -1); $(psql -d postgres -Atc 'SELECT version()' | cut -d, -f1)"
machine_load
echo "  durability measured: H2 = Jifen's default URL (WRITE_DELAY=0: every commit written to jifen.mv.db before it is"
echo "    acknowledged, survives kill -9, no fsync per commit: not power-loss safe); PostgreSQL: $(psql -d postgres -Atc \
  "SELECT string_agg(name || '=' || setting, ' ' ORDER BY name) FROM pg_settings WHERE name IN ('fsync','synchronous_commit','wal_sync_method','autovacuum')")"
echo "  data directory (H2 file): $(df --output=source,fstype "$WORK" | tail -1 | tr -s ' ')"
echo "  rounds $ROUNDS, $CLIENTS clients x $SECONDS_PER s closed loops, $RATE/s open for $OPEN_SECONDS s after $WARMUP s"
hr

echo "1. jar, two servers (h2 :${PORT[h2]}, pg :${PORT[pg]}), setup through the API, ANALYZE, warm-up"
if [[ -z "${JAR:-}" ]]; then
  ./mvnw -q -B -o -DskipTests -Djacoco.skip=true "-Djifen.buildDir=$BUILD_DIR" package >"$WORK/build.log" 2>&1 \
    || { echo "build failed"; tail -30 "$WORK/build.log"; exit 1; }
  JAR="$(ls "$BUILD_DIR"/jifen-*.jar | grep -v original | head -1)"
fi
echo "  jar $JAR"
javac -d "$WORK/openload" bench/lib/OpenLoad.java   # compiled once, not at each of its ~30 starts
psql -d postgres -qc "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $PGDB" -c "CREATE DATABASE $PGDB"
for s in h2 pg; do
  mkdir -p "$WORK/$s/data"
  db=()
  [[ $s == pg ]] && db=(JIFEN_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$PGDB" JIFEN_DB_USER="$PGUSER" JIFEN_DB_PASSWORD="${PGPASSWORD:-}")
  env "${db[@]}" JIFEN_DB_POOL=$((CLIENTS + 4)) JIFEN_PORT="${PORT[$s]}" JIFEN_DATA_DIR="$WORK/$s/data" JIFEN_DEMO=true \
    JIFEN_DEMO_YEAR=false java -Xmx768m -jar "$JAR" --server.address=127.0.0.1 >"$WORK/$s/server.log" 2>&1 &
  PID[$s]=$!
done
for s in h2 pg; do
  for i in $(seq 1 600); do
    curl -fs "http://127.0.0.1:${PORT[$s]}/actuator/health" 2>/dev/null | grep -q UP && break
    kill -0 "${PID[$s]}" 2>/dev/null || { echo "$s did not start:"; tail -30 "$WORK/$s/server.log"; exit 1; }
    (( i < 600 )) || { echo "$s not UP after 600 s"; tail -30 "$WORK/$s/server.log"; exit 1; }
    sleep 1
  done
  java bench/h2/Setup.java "http://127.0.0.1:${PORT[$s]}" "$WORK/$s" | sed "s/^/  $s: /"
done
psql -d "$PGDB" -qc "ANALYZE"
unzip -q -j -o "$JAR" 'BOOT-INF/lib/h2-*.jar' -d "$WORK/h2lib"
# through the running server's AUTO_SERVER port; the URL carries no WRITE_DELAY (it would change the open database)
java -cp "$(ls "$WORK"/h2lib/h2-*.jar | head -1)" org.h2.tools.Shell \
  -url "jdbc:h2:file:$WORK/h2/data/jifen;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE" \
  -user sa -password "" -sql "ANALYZE" >"$WORK/h2-analyze.log" 2>&1 || { echo "  H2 ANALYZE failed:"; cat "$WORK/h2-analyze.log"; exit 1; }
WARM=$(( SECONDS_PER < 10 ? SECONDS_PER : 10 ))
for s in h2 pg; do
  ol "$s" lookup.tsv --closed "$CLIENTS" --seconds "$WARM" >/dev/null
  ol "$s" post.tsv --key-header Idempotency-Key --closed "$CLIENTS" --seconds "$WARM" >/dev/null
  ol "$s" redeem.tsv --key-header Idempotency-Key --closed "$CLIENTS" --seconds "$WARM" >/dev/null
  echo "  $s: pid ${PID[$s]} up, set up, analyzed, warmed up ($WARM s of each request); load $(load)"
done
hr

echo "2. $ROUNDS rounds (order alternating)"
: >"$WORK/rows"
for r in $(seq 1 "$ROUNDS"); do
  order="h2 pg"; (( r % 2 == 0 )) && order="pg h2"
  for s in $order; do
    l0="$(cut -d' ' -f1 /proc/loadavg)"
    look="$(ol "$s" lookup.tsv --closed "$CLIENTS" --seconds "$SECONDS_PER")"
    c0=$(cpu_ms "$s")
    post="$(ol "$s" post.tsv --key-header Idempotency-Key --closed "$CLIENTS" --seconds "$SECONDS_PER")"
    c1=$(cpu_ms "$s")
    red="$(ol "$s" redeem.tsv --key-header Idempotency-Key --closed "$CLIENTS" --seconds "$SECONDS_PER")"
    c2=$(cpu_ms "$s")
    opn="$(ol "$s" redeem.tsv --key-header Idempotency-Key --expect 201 --rate "$RATE" --seconds "$OPEN_SECONDS" --warmup "$WARMUP" --drain "$DRAIN")"
    l1="$(cut -d' ' -f1 /proc/loadavg)"
    sleep 3   # requests the server had queued when the open run stopped waiting finish before the next measurement
    cpu_post=$(awk -v c=$((c1 - c0)) -v n="$(get "$post" ok)" 'BEGIN {if (n) printf "%.2f", c / n; else printf "n/a"}')
    cpu_red=$(awk -v c=$((c2 - c1)) -v n="$(get "$red" ok)" 'BEGIN {if (n) printf "%.2f", c / n; else printf "n/a"}')
    #                 1  2                        3                        4                       5          6         7                      8                      9                        10    11
    echo "$s $r $(get "$look" achieved) $(get "$post" achieved) $(get "$red" achieved) $cpu_post $cpu_red $(get "$opn" p50) $(get "$opn" p99) $l0 $l1" >>"$WORK/rows"
    printf '  round %d %-2s lookups %6s/s | postings %6s/s %6s ms CPU | redemptions %6s/s %6s ms CPU | open %s/s p50 %7s p99 %8s ms (%s, non-201 %s, unanswered %s) | non-2xx closed %s/%s/%s | load %s -> %s\n' \
      "$r" "$s" "$(get "$look" achieved)" "$(get "$post" achieved)" "$cpu_post" "$(get "$red" achieved)" "$cpu_red" "$RATE" \
      "$(get "$opn" p50)" "$(get "$opn" p99)" "$(get "$opn" status)" "$(get "$opn" err)" "$(get "$opn" unfinished)" "$(get "$look" err)" "$(get "$post" err)" "$(get "$red" err)" "$l0" "$l1"
  done
done
hr

echo "SUMMARY ($(nproc) cores, Jifen and its database on one machine; median of $ROUNDS rounds [min–max]; load now $(load))"
col() { awk -v s="$1" -v c="$2" '$1 == s {print $c}' "$WORK/rows" | sort -g; }
med() { col "$1" "$2" | awk '{a[NR] = $1} END {printf "%s", NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
spread() { col "$1" "$2" | awk 'NR == 1 {lo = $1} {hi = $1} END {printf "%s–%s", lo, hi}'; }
ratio() { awk -v a="$(med h2 "$1")" -v b="$(med pg "$1")" 'BEGIN {printf "%.2f", b + 0 ? a / b : 0}'; }
printf '  %-36s %-24s %-24s %s\n' "" "H2 (file, default)" "PostgreSQL" "H2/PG"
row() { printf '  %-36s %-24s %-24s %s\n' "$1" "$(med h2 "$2") [$(spread h2 "$2")]" "$(med pg "$2") [$(spread pg "$2")]" "$(ratio "$2")"; }
row "passbook lookups/s, $CLIENTS clients (base)" 3
row "postings/s, $CLIENTS clients" 4
row "CPU ms per posting" 6
row "redemptions/s, $CLIENTS clients" 5
row "CPU ms per redemption" 7
row "redemption p50 ms at $RATE/s open" 8
row "redemption p99 ms at $RATE/s open" 9
echo "  load (1 min) per round: $(awk '{printf "%s %s->%s  ", $1, $10, $11}' "$WORK/rows")"
echo "  H2 file after the run: $(du -k "$WORK/h2/data/jifen.mv.db" | cut -f1) KiB (WRITE_DELAY=0 writes a chunk per commit; see docs/durability.md)"
machine_load
for s in h2 pg; do
  info h2 "${s}_postings_per_s" "$(med "$s" 4)" /s
  info h2 "${s}_cpu_ms_per_posting" "$(med "$s" 6)" ms
  info h2 "${s}_redemptions_per_s" "$(med "$s" 5)" /s
  info h2 "${s}_cpu_ms_per_redemption" "$(med "$s" 7)" ms
  info h2 "${s}_open${RATE}_p50" "$(med "$s" 8)" ms
  info h2 "${s}_open${RATE}_p99" "$(med "$s" 9)" ms
  info h2 "${s}_lookups_per_s" "$(med "$s" 3)" /s
done
info h2 h2_file_mib "$(( $(du -k "$WORK/h2/data/jifen.mv.db" | cut -f1) / 1024 ))" MiB
info h2 h2_to_pg_postings_ratio "$(ratio 4)"
info h2 h2_to_pg_redemption_p99_ratio "$(ratio 9)"
