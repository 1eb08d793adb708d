#!/usr/bin/env python3
"""Posting load for bench/crash/run.sh (standard library only; talks to 127.0.0.1 only).

load   : W workers post EARN/REDEEM requests with fresh Idempotency-Keys until the deadline, the count
         limit, or the server dies. Every acknowledged posting (HTTP 2xx with its postingId) is appended to
         --acks at once; requests whose outcome is unknown (connection dropped after sending) go to --unsure.
         Every request is written to --sent (key, village, household, body) before it is sent.
replay : re-sends every --unsure request with its original key and body; the answer must be 200 (the
         posting had committed before the crash: the first result is returned) or 201 (it had not: it is
         made now), never a second posting. Acknowledged replays are appended to --acks too.
households : prints "villageId householdId" of the households of villages 201-206 of each --towns code, read through
         the API (so a load only uses real households); exits 1, printing nothing, when none is found (a fetch that
         failed or a county that is not loaded yet must stop the run, not start a load with no one to post to).
replay-acked : re-sends EVERY acknowledged request (--acks, bodies from --sent) with its key and body; each
         must answer 200 with the posting id first acknowledged. A 201 means the acknowledged posting was
         lost and the request made a new one; a different id means the key now names another posting.
"""
import argparse
import http.client
import json
import random
import socket
import sys
import threading
import time
import uuid

HOST = "127.0.0.1"


def post(conn, token, village, household, key, body):
    conn.request("POST", f"/api/v1/households/{village}/{household}/postings", body=json.dumps(body),
                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                          "Idempotency-Key": key})
    resp = conn.getresponse()
    return resp.status, resp.read()


def fetch_households(a):
    import urllib.request
    found = []
    for town in a.towns.split(","):
        for v in range(201, 207):
            req = urllib.request.Request(f"http://{HOST}:{a.port}/api/v1/villages/{town}{v:03d}/households?size=50",
                                         headers={"Authorization": f"Bearer {a.token}"})
            try:
                page = json.load(urllib.request.urlopen(req, timeout=30))
            except Exception as e:
                print(f"households of {town}{v:03d}: {e}", file=sys.stderr)
                continue
            found += [f"{h['villageId']} {h['id']}" for h in page["items"]]
    if not found:
        print("no households found", file=sys.stderr)
        return 1
    print("\n".join(found))
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["load", "replay", "replay-acked", "households"])
    ap.add_argument("--towns", default="441821100", help="households: town codes, comma-separated")
    ap.add_argument("--port", type=int, default=18080)
    ap.add_argument("--token", required=True)
    ap.add_argument("--households", help="file: villageId householdId per line")
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--max", type=int, default=200000)
    ap.add_argument("--acks", help="required except for households")
    ap.add_argument("--unsure")
    ap.add_argument("--sent", help="file: key village household body per line, written before each request")
    ap.add_argument("--tag", default="r")
    a = ap.parse_args()
    if a.mode == "households":
        return fetch_households(a)
    if not a.acks:
        ap.error("--acks is required for " + a.mode)

    lock = threading.Lock()
    acks = open(a.acks, "a", buffering=1)
    stats = {"ack": 0, "unsure": 0, "refused": 0, "replayed200": 0, "created201": 0}
    statuses = {}

    def ack(posting_id, key, village, household, status):
        with lock:
            acks.write(f"{posting_id}\t{key}\t{village}\t{household}\t{status}\n")
            acks.flush()
            stats["ack"] += 1

    if a.mode == "replay-acked":
        return replay_acked(a)

    if a.mode == "replay":
        # A request whose answer the crash lost is re-sent with its key, as a client would: 200 (it had committed:
        # the first result), 201 (it had not: made now), or, for a REDEEM that had not committed, 409 "可用积分不足"
        # when the household's points went to other postings meanwhile (nothing was posted under the key, so
        # nothing is acknowledged). Anything else fails the check. A connection error or time-out is re-sent up to
        # three times and listed, so a failing run says what happened instead of printing nothing.
        lines = [l.rstrip("\n").split("\t") for l in open(a.unsure) if l.strip()]
        conn = http.client.HTTPConnection(HOST, a.port, timeout=60)
        bad = 0
        errors = []
        refused_now = 0
        for key, village, household, body in lines:
            status, raw = None, b""
            for attempt in range(4):
                try:
                    status, raw = post(conn, a.token, village, household, key, json.loads(body))
                    break
                except (http.client.HTTPException, OSError) as e:
                    errors.append(f"{key} attempt {attempt + 1}: {e!r}")
                    conn.close()
                    conn = http.client.HTTPConnection(HOST, a.port, timeout=60)
                    time.sleep(2)
            statuses[status] = statuses.get(status, 0) + 1
            posting_id = None
            if status in (200, 201):
                try:
                    posting_id = json.loads(raw).get("postingId")
                except ValueError:
                    pass
            if posting_id:
                ack(posting_id, key, village, household, status)
            elif status == 409 and json.loads(body)["kind"] == "REDEEM" and "可用积分不足" in raw.decode("utf-8", "replace"):
                refused_now += 1
            else:
                bad += 1
                print(f"  replay of {key}: HTTP {status} {raw[:200]!r}", file=sys.stderr)
        print(json.dumps({"replayed": len(lines), "statuses": {str(k): v for k, v in statuses.items()},
                          "refused_now_insufficient": refused_now, "connection_errors": errors[:10]},
                         ensure_ascii=False))
        return 1 if bad else 0

    households = [l.split() for l in open(a.households) if l.strip()]
    unsure = open(a.unsure, "a", buffering=1)
    sent_log = open(a.sent, "a", buffering=1) if a.sent else None
    deadline = time.monotonic() + a.seconds
    sent = [0]
    first_ack = [None]
    last_ack = [None]

    def worker(n):
        rnd = random.Random()
        conn = http.client.HTTPConnection(HOST, a.port, timeout=30)
        while time.monotonic() < deadline:
            with lock:
                if sent[0] >= a.max:
                    return
                sent[0] += 1
            village, household = rnd.choice(households)
            earn = rnd.random() < 0.8
            body = {"kind": "EARN" if earn else "REDEEM", "points": rnd.randint(1, 20) if earn else 1,
                    "itemLabel": f"crash-{a.tag}"}
            key = f"crash-{a.tag}-{uuid.uuid4()}"
            if sent_log:
                with lock:
                    sent_log.write(f"{key}\t{village}\t{household}\t{json.dumps(body)}\n")
                    sent_log.flush()
            try:
                status, raw = post(conn, a.token, village, household, key, body)
            except ConnectionRefusedError:
                with lock:
                    stats["refused"] += 1
                return  # the server is gone; nothing was sent
            except (http.client.HTTPException, OSError, socket.timeout):
                # sent, no answer: it may or may not have committed
                with lock:
                    unsure.write(f"{key}\t{village}\t{household}\t{json.dumps(body)}\n")
                    unsure.flush()
                    stats["unsure"] += 1
                conn.close()
                conn = http.client.HTTPConnection(HOST, a.port, timeout=30)
                continue
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
            if status in (200, 201):
                ack(json.loads(raw)["postingId"], key, village, household, status)
                now = time.monotonic()
                with lock:
                    first_ack[0] = first_ack[0] or now
                    last_ack[0] = now
            elif status >= 500:
                print(f"  HTTP {status} for {key}: {raw[:200]!r}", file=sys.stderr)

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(a.workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rate = 0.0
    if first_ack[0] and last_ack[0] and last_ack[0] > first_ack[0]:
        rate = stats["ack"] / (last_ack[0] - first_ack[0])
    print(json.dumps({"acknowledged": stats["ack"], "unsure": stats["unsure"], "refused_after_kill": stats["refused"],
                      "statuses": {str(k): v for k, v in sorted(statuses.items())},
                      "acked_per_second": round(rate, 1)}))
    return 0


def replay_acked(a):
    """Every acknowledged key again: 200 and the same posting id, or the acknowledgement was a lie."""
    bodies = {}
    for line in open(a.sent):
        if line.strip():
            key, village, household, body = line.rstrip("\n").split("\t")
            bodies[key] = (village, household, json.loads(body))
    first = {}
    for line in open(a.acks):
        if line.strip():
            posting_id, key, village, household, _ = line.rstrip("\n").split("\t")
            first.setdefault(key, posting_id)
    keys = list(first)
    lock = threading.Lock()
    result = {"replayed": 0, "same_posting_200": 0, "created_again_201": 0, "other_posting": 0,
              "no_body": 0, "statuses": {}}
    shown = [0]

    def bad(msg):
        with lock:
            if shown[0] < 20:
                print(f"  {msg}", file=sys.stderr)
            shown[0] += 1

    def worker(part):
        conn = http.client.HTTPConnection(HOST, a.port, timeout=60)
        for key in part:
            if key not in bodies:
                with lock:
                    result["no_body"] += 1
                bad(f"acknowledged key {key} has no recorded request")
                continue
            village, household, body = bodies[key]
            try:
                status, raw = post(conn, a.token, village, household, key, body)
            except (http.client.HTTPException, OSError) as e:
                status, raw = 0, repr(e).encode()
                conn.close()
                conn = http.client.HTTPConnection(HOST, a.port, timeout=60)
            posting_id = None
            if status in (200, 201):
                posting_id = json.loads(raw).get("postingId")
            with lock:
                result["replayed"] += 1
                result["statuses"][str(status)] = result["statuses"].get(str(status), 0) + 1
                if status == 200 and posting_id == first[key]:
                    result["same_posting_200"] += 1
                elif status == 201:
                    result["created_again_201"] += 1
                elif posting_id is not None:
                    result["other_posting"] += 1
            if not (status == 200 and posting_id == first[key]):
                bad(f"replay of acknowledged {key} (posting {first[key]}): HTTP {status} {raw[:160]!r}")

    n = max(1, a.workers)
    threads = [threading.Thread(target=worker, args=(keys[i::n],), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps(result))
    return 0 if result["same_posting_200"] == len(keys) else 1


if __name__ == "__main__":
    sys.exit(main())
