# Shared by bench/scale/*.sh (sourced, not run). Everything listens on 127.0.0.1 only.
#
# PostgreSQL clusters of their own (never the shared 5432 server, whose configuration and load belong to others):
#   a primary on $SCALE_PG_PRIMARY (5441) and a streaming replica on $SCALE_PG_REPLICA (5440), data under
#   $SCALE_WORK (default a fresh /tmp/jifen-scale.XXXXXX, removed at the end unless KEEP=1). As root, the
#   PostgreSQL programs run as the user postgres (initdb refuses root).
# Jifen instances from one jar ($BUILD_DIR, built once with tests skipped), ports 18300-18399.

PGBIN="${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
SCALE_PG_PRIMARY="${SCALE_PG_PRIMARY:-5441}"
SCALE_PG_REPLICA="${SCALE_PG_REPLICA:-5440}"
BUILD_DIR="${BENCH_BUILD_DIR:-target-bench-scale}"
START_TIMEOUT="${SCALE_START_TIMEOUT:-600}"
APP_PIDS=()
PG_DIRS=()

say() { printf '%s\n' "$*"; }
hr() { printf '%s\n' "------------------------------------------------------------------------------------------"; }
load_avg() { cut -d' ' -f1-3 /proc/loadavg; }
as_pg() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

scale_work() {
  SCALE_WORK="${SCALE_WORK:-$(mktemp -d /tmp/jifen-scale.XXXXXX)}"
  mkdir -p "$SCALE_WORK"
  chmod 755 "$SCALE_WORK"
}

machine() {
  hr
  say "MACHINE"
  say "  date          $(date -Is)"
  say "  cores         $(nproc)"
  say "  cpu           $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  say "  memory        $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  say "  java          $(java -version 2>&1 | head -1)"
  say "  postgresql    $("$PGBIN/postgres" --version)"
  say "  uptime        $(uptime)"
  hr
}

# ---- jar ----
build_jar() {
  JAR="$(ls "$BUILD_DIR"/jifen-*.jar 2>/dev/null | grep -v -- '-plain\.jar$' | head -1 || true)"
  if [[ -z "$JAR" || "${REBUILD:-0}" == 1 ]] || ! unzip -Z1 "$JAR" 'BOOT-INF/classes/cn/jifen/shared/ReadRouting.class' >/dev/null 2>&1; then
    say "building the jar once ($BUILD_DIR, tests skipped) ..."
    ./mvnw -q -B -o -Dmaven.test.skip=true -Djacoco.skip=true package "-Djifen.buildDir=$BUILD_DIR" >"$SCALE_WORK/build.log" 2>&1 \
      || { say "build failed:"; grep ERROR "$SCALE_WORK/build.log" | head -20; exit 1; }
    JAR="$(ls "$BUILD_DIR"/jifen-*.jar | grep -v -- '-plain\.jar$' | head -1)"
  fi
  say "jar: $JAR"
}

# ---- PostgreSQL ----
# pg_primary <port>: a fresh cluster that allows streaming replication from loopback
pg_primary() {
  local port="$1" dir="$SCALE_WORK/pg-$1"
  mkdir -p "$dir"; chown postgres "$dir" 2>/dev/null || true; chmod 700 "$dir"
  as_pg "$PGBIN/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$SCALE_WORK/initdb-$port.log" 2>&1 \
    || { say "initdb failed:"; tail -5 "$SCALE_WORK/initdb-$port.log"; exit 1; }
  cat >>"$dir/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
wal_level = replica
max_wal_senders = 5
hot_standby = on
max_connections = 200
shared_buffers = 128MB
autovacuum = off
EOF
  pg_start "$dir" "$port"
}

# pg_replica <primary port> <replica port>: pg_basebackup from the primary, started as a hot standby
pg_replica() {
  local from="$1" port="$2" dir="$SCALE_WORK/pg-$2"
  rm -rf "$dir"; mkdir -p "$dir"; chown postgres "$dir" 2>/dev/null || true; chmod 700 "$dir"
  as_pg "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$from" -U postgres -D "$dir" -R -X stream -c fast \
    >"$SCALE_WORK/basebackup.log" 2>&1 || { say "pg_basebackup failed:"; tail -5 "$SCALE_WORK/basebackup.log"; exit 1; }
  sed -i "s/^port = .*/port = $port/; s|^unix_socket_directories = .*|unix_socket_directories = '$dir'|" "$dir/postgresql.conf"
  pg_start "$dir" "$port"
}

pg_start() {
  local dir="$1" port="$2"
  as_pg "$PGBIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start >/dev/null \
    || { say "PostgreSQL on $port did not start:"; tail -10 "$dir/server.log"; exit 1; }
  PG_DIRS+=("$dir")
}

pg_stop() { # pg_stop <port> [mode]
  local dir="$SCALE_WORK/pg-$1"
  as_pg "$PGBIN/pg_ctl" -D "$dir" -m "${2:-fast}" -w stop >/dev/null 2>&1 || true
}

pgq() { # pgq <port> <db> <sql>
  psql -h 127.0.0.1 -p "$1" -U postgres -d "$2" -v ON_ERROR_STOP=1 -Atqc "$3"
}

# ---- Jifen ----
# app_start <port> <db port> <db> [VAR=value ...]: one Jifen instance (demo county), waits until UP
app_start() {
  local port="$1" dbport="$2" db="$3"; shift 3
  local data="$SCALE_WORK/data-$port"
  mkdir -p "$data"
  env JIFEN_DB_URL="jdbc:postgresql://127.0.0.1:$dbport/$db" JIFEN_DB_USER=postgres JIFEN_DB_PASSWORD= \
    JIFEN_DEMO=true JIFEN_DEMO_YEAR=false JIFEN_PORT="$port" JIFEN_DATA_DIR="$data" \
    JIFEN_SECRET_KEY="MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=" JIFEN_NOTIFY_ENABLED=false "$@" \
    java -Xmx512m -XX:+UseSerialGC -jar "$JAR" --server.address=127.0.0.1 >>"$SCALE_WORK/app-$port.log" 2>&1 &
  local pid=$!
  APP_PIDS+=("$pid")
  eval "APP_PID_$port=$pid"
  eval "APP_T0_$port=$SECONDS"
  [[ "${APP_NO_WAIT:-0}" == 1 ]] && return 0
  app_wait "$port"
}

# app_wait <port>: waits until the instance app_start launched (with APP_NO_WAIT=1) is UP
app_wait() {
  local port="$1" pid t0
  pid="$(app_pid "$port")"
  t0="$(eval "echo \${APP_T0_$port:-$SECONDS}")"
  until curl -sf "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
    if ! kill -0 "$pid" 2>/dev/null; then say "Jifen on $port exited during start-up; log:"; tail -30 "$SCALE_WORK/app-$port.log"; exit 1; fi
    if (( SECONDS - t0 > START_TIMEOUT )); then say "Jifen on $port not UP after $START_TIMEOUT s"; tail -30 "$SCALE_WORK/app-$port.log"; exit 1; fi
    sleep 1
  done
  say "  Jifen pid $pid on $port UP in $((SECONDS - t0)) s (load $(load_avg))"
}

app_pid() { eval "echo \${APP_PID_$1:-}"; }

app_stop() { # app_stop <port>: a normal shutdown
  local pid; pid="$(app_pid "$1")"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill "$pid"; wait "$pid" 2>/dev/null || true; fi
}

scale_cleanup() {
  if [[ -n "${LOAD:-}" ]] && kill -0 "$LOAD" 2>/dev/null; then kill "$LOAD" 2>/dev/null || true; fi  # a load generator still running
  for pid in "${APP_PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; fi
  done
  if [[ -n "${HAPROXY_PID:-}" ]] && kill -0 "$HAPROXY_PID" 2>/dev/null; then kill "$HAPROXY_PID"; fi
  for dir in "${PG_DIRS[@]}"; do
    as_pg "$PGBIN/pg_ctl" -D "$dir" -m immediate -w stop >/dev/null 2>&1 || true
  done
  if [[ "${KEEP:-0}" != 1 && -n "${SCALE_WORK:-}" && "$SCALE_WORK" == /tmp/jifen-scale.* ]]; then rm -rf "$SCALE_WORK"; fi
}

# ledger verify through the API: prints "intact entriesChecked"
verify_ledger() {
  local port="$1" tok
  tok="$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/tokens" -H 'Content-Type: application/json' \
    -d '{"username":"demo-admin","password":"demo-admin"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
  curl -sf "http://127.0.0.1:$port/api/v1/ledger/verify" -H "Authorization: Bearer $tok" \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); print(str(d.get("intact")).lower(), d.get("entriesChecked"))'
}

# field <json> <python expression on d>
field() { python3 -c "import json,sys; d=json.loads(sys.argv[1]); print($2)" "$1"; }
