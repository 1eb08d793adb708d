#!/usr/bin/env bash
# The routing audit of docs/citus.md ("查询路由审查"): runs a Citus test set (bench/citus/ci.sh: build, cluster, -Pcitus)
# with citus.multi_task_query_log_level = warning on the coordinator, so the coordinator logs every statement that runs
# on more than one shard, then groups those statements by their SQL text (bench/citus/fanout.py), most frequent
# first, into target/citus-fanout.tsv (count <TAB> statement). Classify each as docs/citus.md does.
#   CITUS_DB      database on the cluster (default jifen_citus); the level is set on it for the run and reset after
#   CITUS_TESTS   the classes (default: ledger, market, claims, honours, noticeboard, directory, go-live acceptance)
#   other ci.sh variables (CITUS_HOME, MVN_ARGS, CITUS_BUILD_DIR, CITUS_STAGE_MINUTES) pass through
set -euo pipefail
cd "$(dirname "$0")/../.."
db=${CITUS_DB:-jifen_citus}
export CITUS_DB=$db
export CITUS_TESTS=${CITUS_TESTS:-'cn.jifen.ledger.**.*Test,cn.jifen.market.**.*Test,cn.jifen.claims.**.*Test,cn.jifen.honours.**.*Test,cn.jifen.noticeboard.**.*Test,cn.jifen.directory.**.*Test,cn.jifen.GoLiveAcceptanceTest'}
log=$(pg_lsclusters -h 2>/dev/null | awk '$2 == "citus-coord" {print $7}')
log=${log:-/var/log/postgresql/postgresql-15-citus-coord.log}
psqlc() { su postgres -c "psql -X -q -h 127.0.0.1 -p 5433 -d $db -c \"$1\""; }
settings() { # settings SET|RESET
    if [[ $1 == SET ]]; then
        psqlc "ALTER DATABASE $db SET citus.multi_task_query_log_level = warning"
        psqlc "ALTER DATABASE $db SET log_min_error_statement = warning"
    else
        psqlc "ALTER DATABASE $db RESET citus.multi_task_query_log_level" || true
        psqlc "ALTER DATABASE $db RESET log_min_error_statement" || true
    fi
}
# the cluster must be up to set the level before the tests connect: start it the way ci.sh does (ci.sh then finds it
# running and leaves it running; stopped again below if this script started it)
citus_home=${CITUS_HOME:-}
for d in "$citus_home" ../shared/citus ../../shared/citus /work/shared/citus; do
    [[ -n $d && -x $d/cluster.sh ]] && { citus_home=$(cd "$d" && pwd); break; }
done
started_here=0
pg_isready -q -h 127.0.0.1 -p 5433 || started_here=1
"$citus_home/build.sh"
"$citus_home/cluster.sh" start "$db"
settings SET
offset=$(stat -c %s "$log")
rc=0
CITUS_HOME=$citus_home bench/citus/ci.sh || rc=$?
settings RESET
((started_here)) && "$citus_home/cluster.sh" stop
mkdir -p target
python3 bench/citus/fanout.py "$log" "$offset" > target/citus-fanout.tsv
echo "AUDIT: tests exit $rc; $(wc -l < target/citus-fanout.tsv) distinct multi-shard statements in target/citus-fanout.tsv"
exit "$rc"
