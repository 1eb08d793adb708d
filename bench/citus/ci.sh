#!/usr/bin/env bash
# The Citus stage of CI (issue 16, docs/citus.md): builds and installs Citus (../shared/citus/build.sh, skipped when
# installed), starts a coordinator on 127.0.0.1:5433 and workers on 5434/5435 (cluster.sh), runs the -Pcitus test set
# on it (Jifen distributes its own tables after the migrations), and stops the cluster again if this script started
# it. The whole stage is bounded by CITUS_STAGE_MINUTES (default 30). Prints how long each step took and the load.
#   CITUS_HOME          folder with build.sh and cluster.sh (default: ../shared/citus beside the checkout)
#   CITUS_DB            database on the cluster (default jifen_citus); the tests use schema jifen_test in it
#   CITUS_TESTS         the Surefire -Dtest selection (default: every test class; the profile excludes the tags)
#   MVN_ARGS            more Maven arguments (e.g. -o to stay offline)
#   CITUS_BUILD_DIR     Maven build directory (default target-citus; several checkouts on one machine keep apart)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
citus_home=${CITUS_HOME:-}
if [[ -z $citus_home ]]; then
    for d in "$root/../shared/citus" "$root/../../shared/citus" /work/shared/citus; do
        [[ -x $d/cluster.sh ]] && { citus_home=$(cd "$d" && pwd); break; }
    done
fi
[[ -n $citus_home && -x $citus_home/cluster.sh ]] || { echo "CITUS STAGE: no build.sh/cluster.sh (set CITUS_HOME)" >&2; exit 1; }
db=${CITUS_DB:-jifen_citus}
minutes=${CITUS_STAGE_MINUTES:-30}
# the whole suite by default; the -Pcitus profile leaves out the tests tagged bench, browser and not-citus
tests=${CITUS_TESTS:-'cn.jifen.*Test,cn.jifen.**.*Test'}
deadline=$((SECONDS + minutes * 60))
left() { echo $((deadline - SECONDS > 0 ? deadline - SECONDS : 1)); }
mkdir -p target
log=target/ci-citus.log
: > "$log"
say() { printf '%s\n' "$*" | tee -a "$log"; }

say "==== citus stage: $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) ===="
t=$SECONDS
timeout "$(left)" "$citus_home/build.sh" 2>&1 | tee -a "$log"
say "build: $((SECONDS - t)) s"

started_here=0
if ! pg_isready -q -h 127.0.0.1 -p 5433; then started_here=1; fi
t=$SECONDS
timeout "$(left)" "$citus_home/cluster.sh" start "$db" 2>&1 | tee -a "$log"
# 4 shards per table (Citus's default is 32): the suite creates ~75 distributed tables and wipes them once per
# JVM, and 2 workers gain nothing from more shards; a province sets its own (docs/citus.md)
su postgres -c "psql -X -q -h 127.0.0.1 -p 5433 -d $db -c 'ALTER DATABASE $db SET citus.shard_count = 4'"
say "cluster: $((SECONDS - t)) s (started here: $started_here)"

stop() {
    if ((started_here)); then
        "$citus_home/cluster.sh" stop
        say "cluster stopped"
    fi
}
trap stop EXIT

t=$SECONDS
rc=0
JIFEN_TEST_DB_URL="jdbc:postgresql://127.0.0.1:5433/$db" JIFEN_TEST_DB_SCHEMA=jifen_test \
    timeout --kill-after=30s "$(left)" ./mvnw -B ${MVN_ARGS:-} test -Pcitus -Djifen.buildDir="${CITUS_BUILD_DIR:-target-citus}" -Djacoco.skip=true \
    -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false </dev/null 2>&1 | tee -a "$log" || rc=$?
[[ $rc == 124 || $rc == 137 ]] && say "citus tests: timed out (stage limit $minutes min)"
say "tests: $((SECONDS - t)) s, exit $rc"
totals=$(grep -E '^\[(INFO|WARNING|ERROR)\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' "$log" | tail -n 1 || true)
say "CITUS STAGE: exit $rc, ${totals#* } in $SECONDS s, load $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$rc"
