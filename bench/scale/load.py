#!/usr/bin/env python3
"""Load for bench/scale/*.sh (standard library only; talks to 127.0.0.1 only).

setup     : through the API of a running Jifen (demo county): every supermarket open every day, a fund, two products
            with plenty of stock, 100,000 points on every household of the demo villages. Writes --state (JSON).
postings  : C clients post EARN through POST /api/v1/households/{v}/{h}/postings (fresh Idempotency-Key each).
redeem    : C clients confirm counter redemptions (POST /api/v1/supermarkets/{v}/{s}/redemptions, key each).
reads     : C clients GET the public board (/board/{code}) and the county dashboard figures
            (/api/v1/stats/summary), alternating; latency per kind.
mixed     : all of it at once (postings, redemptions, board reads) plus --sessions clients that log in through the
            login form with a cookie and keep opening a console page; a session is lost when a page sends the
            client back to /login.
replay    : re-sends every acknowledged write (--acks) with its key and body: each must answer 200 with the id first
            acknowledged (present, and not made a second time).

Every acknowledged write (2xx with its id) is appended to --acks (kind, key, path, body, id) as it arrives. Prints
one JSON line: counts per status, errors (5xx, connection failures) per second of the run, latency percentiles per
kind, writes acknowledged per second. A request that fails on a connection error is retried once on a new
connection with the same key (what a client behind a balancer does); the first failure is counted as an error.
"""
import argparse
import os
import http.client
import json
import random
import re
import sys
import threading
import time
import urllib.parse
import uuid

HOST = "127.0.0.1"


class Client:
    def __init__(self, port, token=None):
        self.port, self.token, self.cookie = port, token, None
        self.conn = None

    def request(self, method, path, body=None, key=None, form=None, timeout=30):
        headers = {"Accept-Language": "zh-CN"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if self.cookie:
            headers["Cookie"] = self.cookie
        data = None
        if body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        if form is not None:
            data = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if key:
            headers["Idempotency-Key"] = key
        if self.conn is None:
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        try:
            self.conn.request(method, path, body=data, headers=headers)
            resp = self.conn.getresponse()
            raw = resp.read()
        except Exception:
            self.conn.close()
            self.conn = None
            raise
        for k, v in resp.getheaders():
            if k.lower() == "set-cookie" and v.startswith("SESSION="):
                self.cookie = v.split(";", 1)[0]
        return resp.status, raw, resp.getheader("Location") or ""


def call(client, method, path, body=None, key=None):
    status, raw, _ = client.request(method, path, body, key)
    if status >= 300:
        raise SystemExit(f"{method} {path}: HTTP {status} {raw[:300]!r}")
    return json.loads(raw) if raw else None


def token(port, user, password):
    return call(Client(port), "POST", "/api/v1/tokens", {"username": user, "password": password})["token"]


def setup(a):
    admin = Client(a.port, token(a.port, "demo-admin", "demo-admin"))
    codes = {u["id"]: u["code"] for u in call(admin, "GET", "/api/v1/org-units")}
    shops, households, villages = [], [], []
    for m in call(admin, "GET", "/api/v1/supermarkets"):
        v, s = m["villageId"], m["id"]
        code = codes[v]
        villages.append(code)
        if a.no_market:  # reads only: the villages and their households, nothing written
            for h in call(admin, "GET", f"/api/v1/villages/{code}/households?size=200")["items"]:
                households.append([v, h["id"]])
            continue
        sm = f"/api/v1/supermarkets/{v}/{s}"
        call(admin, "PUT", f"/api/v1/villages/{code}/market-settings", {"openEveryDay": True})
        fund = call(admin, "POST", f"/api/v1/villages/{code}/funds", {"name": "扩展测试资金", "kind": "OTHER"})["id"]
        call(admin, "POST", f"/api/v1/villages/{code}/funds/{fund}/contributions", {"amountYuan": 1000000})
        products = []
        for name, points in (("扩展物品甲", 3), ("扩展物品乙", 5)):
            pid = call(admin, "POST", f"{sm}/products",
                       {"name": name, "unit": "件", "points": points, "referenceYuan": 1.00})["id"]
            call(admin, "POST", f"/api/v1/products/{v}/{pid}/purchases",
                 {"quantity": 100000, "costYuan": 1000, "supplier": "扩展测试", "fundId": fund})
            products.append(pid)
        passbooks = []
        for h in call(admin, "GET", f"/api/v1/villages/{code}/households?size=200")["items"]:
            call(admin, "POST", f"/api/v1/households/{v}/{h['id']}/postings",
                 {"kind": "EARN", "points": 100000, "itemLabel": "扩展测试预存"}, key=f"scale-fund-{v}-{h['id']}")
            passbooks.append(h["passbookNumber"])
            households.append([v, h["id"]])
        shops.append({"village": v, "shop": s, "code": code, "products": products, "passbooks": passbooks})
    county = min(codes.values(), key=len)
    json.dump({"shops": shops, "households": households, "villages": villages, "county": county},
              open(a.state, "w"))
    print(json.dumps({"shops": len(shops), "households": len(households), "county": county}))
    return 0


class Run:
    def __init__(self, a):
        self.a = a
        self.lock = threading.Lock()
        self.start = time.monotonic()
        self.deadline = self.start + a.seconds
        self.statuses = {}
        self.lat = {}
        self.errors_by_second = {}
        self.requests_by_second = {}
        self.acked = 0
        self.sessions_lost = 0
        self.session_checks = 0
        self.acks = open(a.acks, "a", buffering=1) if a.acks else None
        self.samples = []

    def going(self):
        """Until the deadline, or until --stop-file exists (the script's "enough": e.g. a restarted instance has
        been serving for a while)."""
        return time.monotonic() < self.deadline and not (self.a.stop_file and os.path.exists(self.a.stop_file))

    def record(self, kind, status, seconds, t_start):
        sec = int(t_start - self.start)
        with self.lock:
            self.statuses[f"{kind}:{status}"] = self.statuses.get(f"{kind}:{status}", 0) + 1
            self.lat.setdefault(kind, []).append(seconds)
            self.requests_by_second[sec] = self.requests_by_second.get(sec, 0) + 1
            if status == 0 or status >= 500:
                self.errors_by_second[sec] = self.errors_by_second.get(sec, 0) + 1

    def ack(self, kind, key, path, body, ident):
        with self.lock:
            self.acked += 1
            if self.acks:
                self.acks.write(f"{kind}\t{key}\t{path}\t{json.dumps(body)}\t{ident}\n")

    def send(self, client, kind, method, path, body=None, key=None, ok=(200, 201)):
        """One request; a connection failure is counted (status 0) and retried once with the same key."""
        for attempt in (1, 2):
            t = time.monotonic()
            try:
                status, raw, loc = client.request(method, path, body, key)
            except Exception:
                self.record(kind, 0, time.monotonic() - t, t)
                if attempt == 2 or not self.going():
                    return 0, b"", ""
                time.sleep(0.05)
                continue
            self.record(kind, status, time.monotonic() - t, t)
            return status, raw, loc
        return 0, b"", ""


def pct(xs, p):
    if not xs:
        return None
    xs = sorted(xs)
    return round(xs[max(0, min(len(xs) - 1, int(-(-p * len(xs) // 100)) - 1))] * 1000, 1)


def poster(run, state, tok):
    c = Client(run.a.port, tok)
    rnd = random.Random()
    while run.going():
        v, h = rnd.choice(state["households"])
        body = {"kind": "EARN", "points": rnd.randint(1, 20), "itemLabel": "扩展测试"}
        key = f"scale-p-{uuid.uuid4()}"
        path = f"/api/v1/households/{v}/{h}/postings"
        status, raw, _ = run.send(c, "posting", "POST", path, body, key)
        if status in (200, 201):
            run.ack("posting", key, path, body, json.loads(raw)["postingId"])


def redeemer(run, state, tok, n):
    c = Client(run.a.port, tok)
    rnd = random.Random()
    shop = state["shops"][n % len(state["shops"])]
    sm = f"/api/v1/supermarkets/{shop['village']}/{shop['shop']}"
    while run.going():
        items = [{"productId": shop["products"][0], "quantity": rnd.randint(1, 3)}]
        if rnd.random() < 0.5:
            items.append({"productId": shop["products"][1], "quantity": 1})
        body = {"passbookNumber": rnd.choice(shop["passbooks"]), "items": items}
        key = f"scale-r-{uuid.uuid4()}"
        status, raw, _ = run.send(c, "redemption", "POST", sm + "/redemptions", body, key)
        if status in (200, 201):
            run.ack("redemption", key, sm + "/redemptions", body, json.loads(raw)["id"])


def reader(run, state, tok, kinds):
    c = Client(run.a.port, tok)
    rnd = random.Random()
    i = rnd.randrange(2)
    while run.going():
        kind = kinds[i % len(kinds)]
        i += 1
        if kind == "board":
            run.send(c, "board", "GET", "/board/" + rnd.choice(state["villages"]))
        else:
            run.send(c, "dashboard", "GET", f"/api/v1/stats/summary?orgUnit={state['county']}")


def session_client(run, user, password):
    c = Client(run.a.port)
    status, raw, _ = run.send(c, "login", "GET", "/login")
    m = re.search(rb'name="_csrf"\s+value="([^"]+)"', raw) or re.search(rb'value="([^"]+)"\s+name="_csrf"', raw)
    form = {"username": user, "password": password}
    if m:
        form["_csrf"] = m.group(1).decode()
    t = time.monotonic()
    try:
        status, raw, loc = c.request("POST", "/login", form=form)
    except Exception:
        status, loc = 0, ""
    run.record("login", status, time.monotonic() - t, t)
    if status != 302 or "error" in loc:
        with run.lock:
            run.sessions_lost += 1
        print(f"login of {user} failed: HTTP {status} {loc}", file=sys.stderr)
        return
    while run.going():
        status, raw, loc = run.send(c, "session-page", "GET", "/console/claims")
        if status == 0:
            continue
        with run.lock:
            run.session_checks += 1
            if status in (301, 302, 303) and "/login" in loc or status == 401:
                run.sessions_lost += 1
                print(f"session of {user} lost: HTTP {status} {loc}", file=sys.stderr)
                return
        time.sleep(0.2)


def load(a):
    state = json.load(open(a.state))
    tok = token(a.port, "demo-admin", "demo-admin")
    run = Run(a)
    threads = []
    mode = a.mode
    plan = {"postings": [("p", a.clients)], "redeem": [("r", a.clients)], "reads": [("q", a.clients), ("p", a.writers)],
            "mixed": [("p", a.clients), ("r", a.clients), ("q", a.clients), ("s", a.sessions)]}[mode]
    for what, n in plan:
        for i in range(n):
            if what == "p":
                t = threading.Thread(target=poster, args=(run, state, tok))
            elif what == "r":
                t = threading.Thread(target=redeemer, args=(run, state, tok, i))
            elif what == "q":
                t = threading.Thread(target=reader, args=(run, state, tok, a.reads.split(",")))
            else:
                t = threading.Thread(target=session_client, args=(run, "demo-admin", "demo-admin"))
            t.daemon = True
            threads.append(t)
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - run.start
    out = {"mode": mode, "clients": a.clients, "seconds": round(elapsed, 1),
           "statuses": dict(sorted(run.statuses.items())), "acknowledged": run.acked,
           "acked_per_second": round(run.acked / elapsed, 1),
           "errors": sum(run.errors_by_second.values()),
           "requests": sum(run.requests_by_second.values()),
           "errors_by_second": {str(k): v for k, v in sorted(run.errors_by_second.items())},
           "sessions_lost": run.sessions_lost, "session_checks": run.session_checks}
    for kind, xs in run.lat.items():
        out[kind] = {"n": len(xs), "p50": pct(xs, 50), "p95": pct(xs, 95), "p99": pct(xs, 99)}
    print(json.dumps(out))
    return 0


def replay(a):
    tok = token(a.port, "demo-admin", "demo-admin")
    lines = [l.rstrip("\n").split("\t") for l in open(a.acks) if l.strip()]
    result = {"replayed": 0, "same_200": 0, "bad": 0}
    lock = threading.Lock()

    def worker(part):
        c = Client(a.port, tok)
        for kind, key, path, body, ident in part:
            try:
                status, raw, _ = c.request("POST", path, json.loads(body), key)
            except Exception as e:
                status, raw = 0, repr(e).encode()
            got = None
            if status in (200, 201):
                d = json.loads(raw)
                got = str(d.get("postingId") if kind == "posting" else d.get("id"))
            with lock:
                result["replayed"] += 1
                if status == 200 and got == ident:
                    result["same_200"] += 1
                else:
                    result["bad"] += 1
                    if result["bad"] <= 10:
                        print(f"  replay of {kind} {key}: HTTP {status}, id {got} (acknowledged {ident})",
                              file=sys.stderr)

    n = 8
    threads = [threading.Thread(target=worker, args=(lines[i::n],), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps(result))
    return 0 if result["bad"] == 0 else 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["setup", "postings", "redeem", "reads", "mixed", "replay"])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--state", default="scale-state.json")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--sessions", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--reads", default="board,dashboard")
    ap.add_argument("--acks")
    ap.add_argument("--writers", type=int, default=0, help="reads: posting clients running beside the readers")
    ap.add_argument("--stop-file", help="load modes: stop early once this file exists")
    ap.add_argument("--no-market", action="store_true", help="setup: only list villages and households")
    a = ap.parse_args()
    if a.mode == "setup":
        return setup(a)
    if a.mode == "replay":
        return replay(a)
    return load(a)


if __name__ == "__main__":
    sys.exit(main())
