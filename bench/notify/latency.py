#!/usr/bin/env python3
"""Open-arrival posting load for bench/notify/run.sh (standard library; 127.0.0.1 only).

Sends EARN postings at a fixed arrival rate (a new request every 1/RATE s whatever the earlier ones are doing, so a
slow server shows as latency, not as a lower rate), each with a fresh Idempotency-Key, from a pool of threads.
Writes one line per acknowledged posting to --out: "<postingId>\\t<send unix time>\\t<ack unix time>".
"""
import argparse
import http.client
import json
import random
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--households", required=True)
    ap.add_argument("--rate", type=float, default=20)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--out", required=True)
    ap.add_argument("--tag", default="lat")
    a = ap.parse_args()
    households = [line.split() for line in open(a.households) if line.strip()]
    lock = threading.Lock()
    out = open(a.out, "a", buffering=1)
    local = threading.local()
    failures = [0]

    def one(village, household):
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = http.client.HTTPConnection("127.0.0.1", a.port, timeout=30)
        body = {"kind": "EARN", "points": random.randint(1, 20), "itemLabel": f"latency-{a.tag}"}
        sent = time.time()
        try:
            conn.request("POST", f"/api/v1/households/{village}/{household}/postings", body=json.dumps(body),
                         headers={"Authorization": f"Bearer {a.token}", "Content-Type": "application/json",
                                  "Idempotency-Key": f"lat-{a.tag}-{uuid.uuid4()}"})
            resp = conn.getresponse()
            payload = resp.read()
            acked = time.time()
        except Exception:
            local.conn = None
            with lock:
                failures[0] += 1
            return
        if resp.status in (200, 201):
            pid = json.loads(payload)["postingId"]
            with lock:
                out.write(f"{pid}\t{sent:.6f}\t{acked:.6f}\n")
        else:
            with lock:
                failures[0] += 1

    start = time.time()
    n = int(a.rate * a.seconds)
    with ThreadPoolExecutor(max_workers=64) as pool:
        for i in range(n):
            due = start + i / a.rate
            delay = due - time.time()
            if delay > 0:
                time.sleep(delay)
            village, household = random.choice(households)
            pool.submit(one, village, household)
    print(json.dumps({"sent": n, "failures": failures[0]}))


if __name__ == "__main__":
    main()
