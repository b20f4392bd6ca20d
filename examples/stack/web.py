#!/usr/bin/env python3
"""velos stack example: a small HTTP server, one process per instance, on a socket velos holds.

velos binds `listen = ["tcp://127.0.0.1:18080"]` itself and passes the socket to every instance
as fd 3, the systemd socket-activation way (LISTEN_FDS=1, LISTEN_PID = this process's pid). All
instances accept on that one port, and `velos reload web` starts each new instance on the same
socket before it stops the old one, so no connection is refused. Run by hand, without velos, the
server binds PORT + VELOS_INSTANCE_ID itself.

After a short warm-up it tells velos it is ready by writing a framed message to the descriptor in
VELOS_IPC_FD: a 4-byte little-endian length (5) followed by the bytes "ready". With
wait_ready = true velos keeps the instance "starting" until that message arrives, and a reload
stops an old instance only once its replacement is ready.
"""
import argparse
import http.server
import os
import signal
import socket
import struct
import sys
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("--host", default="127.0.0.1")
options = parser.parse_args()

instance = int(os.environ.get("VELOS_INSTANCE_ID", "0"))
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


class Server(http.server.ThreadingHTTPServer):
    # ThreadingHTTPServer's request threads are daemon threads, which die with the main thread:
    # a request accepted just before SIGTERM would be cut off with no response. Non-daemon
    # threads make server_close() wait for every request in hand (block_on_close).
    daemon_threads = False


def socket_from_velos():
    """fd 3 when velos (or systemd) passed a listening socket to this very process, else None."""
    if os.environ.get("LISTEN_PID") != str(os.getpid()) or int(os.environ.get("LISTEN_FDS", "0")) < 1:
        return None
    listener = socket.socket(fileno=3)
    # Several processes accept on this socket (the instances, and two generations during a
    # reload): when another one wins a connection, this one's accept must not block.
    listener.setblocking(False)
    return listener


def ready():
    fd = os.environ.get("VELOS_IPC_FD")
    if fd is None:
        print(f"web:{instance}: VELOS_IPC_FD not set (wait_ready off?), not signalling", flush=True)
        return
    os.write(int(fd), struct.pack("<I", 5) + b"ready")
    print(f"web:{instance}: told velos it is ready", flush=True)


print(f"web:{instance}: warming up (pid {os.getpid()})", flush=True)
time.sleep(float(os.environ.get("WARMUP_SECONDS", "0")))
held = socket_from_velos()
if held is not None:
    server = Server(("", 0), Handler, bind_and_activate=False)
    server.socket.close()
    server.socket = held
    host, port = held.getsockname()[:2]
    print(f"web:{instance}: serving http://{host}:{port}/ on the socket velos holds (fd 3)", flush=True)
else:
    port = int(os.environ.get("PORT", "18080")) + instance
    server = Server((options.host, port), Handler)
    print(f"web:{instance}: serving http://{options.host}:{port}/", flush=True)
# SIGTERM: stop accepting, finish the requests in hand, exit. shutdown() waits for serve_forever,
# so it runs on another thread; connections not yet accepted stay in the socket for the others,
# and server_close() below waits for the requests being answered.
signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
ready()
server.serve_forever(poll_interval=0.05)
server.server_close()
print(f"web:{instance}: stopped after {requests} request(s)", flush=True)
sys.stdout.flush()
