#!/usr/bin/env python3
"""velos stack example: a small HTTP server, one process per instance.

Instance N (VELOS_INSTANCE_ID) listens on PORT + N. After a short warm-up it binds its port and
then tells velos it is ready by writing a framed message to the descriptor in VELOS_IPC_FD:
a 4-byte little-endian length (5) followed by the bytes "ready". With wait_ready = true velos
keeps the instance "starting" until that message arrives.
"""
import argparse
import http.server
import os
import signal
import struct
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--host", default="127.0.0.1")
options = parser.parse_args()

instance = int(os.environ.get("VELOS_INSTANCE_ID", "0"))
port = int(os.environ.get("PORT", "18080")) + instance
greeting = os.environ.get("GREETING", "hello")
requests = 0


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        global requests
        requests += 1
        body = f"{greeting} (web:{instance}, pid {os.getpid()})\n".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        print(f"web:{instance}: {self.command} {self.path}", flush=True)


def ready():
    fd = os.environ.get("VELOS_IPC_FD")
    if fd is None:
        print(f"web:{instance}: VELOS_IPC_FD not set (wait_ready off?), not signalling", flush=True)
        return
    os.write(int(fd), struct.pack("<I", 5) + b"ready")
    print(f"web:{instance}: told velos it is ready", flush=True)


def stop(signum, frame):
    raise SystemExit(0)


signal.signal(signal.SIGTERM, stop)
print(f"web:{instance}: warming up (pid {os.getpid()})", flush=True)
time.sleep(float(os.environ.get("WARMUP_SECONDS", "0")))
server = http.server.ThreadingHTTPServer((options.host, port), Handler)
print(f"web:{instance}: serving http://{options.host}:{port}/", flush=True)
ready()
try:
    server.serve_forever()
finally:
    server.server_close()
    print(f"web:{instance}: stopped after {requests} request(s)", flush=True)
    sys.stdout.flush()
