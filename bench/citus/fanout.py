#!/usr/bin/env python3
"""Groups the statements the Citus coordinator logged as running on more than one shard.

With citus.multi_task_query_log_level = warning (and log_min_error_statement = warning, so the statement is logged
beside the warning), the coordinator's log has, for every multi-shard query:
    ... [pid] user@db WARNING:  multi-task query about to be executed
    ... [pid] user@db HINT:  ...
    ... [pid] user@db STATEMENT:  <the SQL, continued on lines that start with a tab>
This prints each distinct statement (whitespace collapsed, literals kept: JDBC sends parameters as $1, $2 ...) with
how many times it ran, most frequent first, as tab-separated lines: count, statement.
    fanout.py <coordinator log> [byte offset to start from]
"""
import collections
import re
import sys

path = sys.argv[1]
offset = int(sys.argv[2]) if len(sys.argv) > 2 else 0
head = re.compile(r"^\S+ \S+ \S+ \[(\d+)\] \S* ?(\w+):  (.*)$")
pending = set()          # pids whose last warning was a multi-task one
counts = collections.Counter()
current = None           # [pid, lines] of a STATEMENT being read

def flush():
    global current
    if current is not None:
        counts[" ".join(" ".join(current[1]).split())] += 1
        current = None

with open(path, "rb") as f:
    f.seek(offset)
    for raw in f:
        line = raw.decode("utf-8", "replace").rstrip("\n")
        if line.startswith("\t") and current is not None:
            current[1].append(line.strip())
            continue
        flush()
        m = head.match(line)
        if not m:
            continue
        pid, level, text = m.groups()
        if level == "WARNING" and text.startswith("multi-task query about to be executed"):
            pending.add(pid)
        elif level == "STATEMENT" and pid in pending:
            pending.discard(pid)
            current = [pid, [text]]
        elif level not in ("HINT", "CONTEXT", "DETAIL"):
            pending.discard(pid)
    flush()

for sql, n in counts.most_common():
    print(f"{n}\t{sql}")
print(f"# {sum(counts.values())} multi-shard statements, {len(counts)} distinct", file=sys.stderr)
