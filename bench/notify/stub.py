#!/usr/bin/env python3
"""Webhook stub for bench/notify/crash.sh (127.0.0.1 only, standard library): checks X-Jifen-Signature
(HMAC-SHA256 of the exact body under the secret) and the CloudEvents fields, answers 204, and appends each
accepted CloudEvents id to a file (one line per delivery, so a repeated delivery shows as a repeated line).
Usage: stub.py PORT SECRET IDS_FILE [TIMES_FILE]  (TIMES_FILE: "<id>\t<unix time received>" per delivery)"""
import hashlib
import hmac
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, SECRET, IDS = int(sys.argv[1]), sys.argv[2].encode(), sys.argv[3]
TIMES = sys.argv[4] if len(sys.argv) > 4 else None
LOCK = threading.Lock()
REQUIRED = ("specversion", "id", "source", "type", "time", "subject", "datacontenttype", "data")


class Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        received = time.time()
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        expected = "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, self.headers.get("X-Jifen-Signature", "")):
            self.send_response(401)
            self.end_headers()
            return
        event = json.loads(body)
        if self.headers.get("Content-Type") != "application/cloudevents+json" or event.get("specversion") != "1.0" \
                or any(k not in event for k in REQUIRED):
            self.send_response(400)
            self.end_headers()
            return
        with LOCK, open(IDS, "a") as f:
            f.write(event["id"] + "\n")
            if TIMES:
                with open(TIMES, "a") as t:
                    t.write(f"{event['id']}\t{received:.6f}\n")
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", PORT), Hook).serve_forever()
