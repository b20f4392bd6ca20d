# An HTTP server written for systemd socket activation, as real apps are: it serves on the
# listening socket it inherits at fd 3 (LISTEN_FDS, LISTEN_PID), answers every GET with its pid,
# and on SIGTERM stops accepting, finishes the request in hand and exits. It never binds.
import os
import signal
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

if os.environ.get("LISTEN_PID") != str(os.getpid()) or int(os.environ.get("LISTEN_FDS", "0")) < 1:
    sys.exit("not socket-activated: LISTEN_PID=%s pid=%d LISTEN_FDS=%s"
             % (os.environ.get("LISTEN_PID"), os.getpid(), os.environ.get("LISTEN_FDS")))

listener = socket.socket(fileno=3)
# Several processes (instances, or two generations during a reload) wait on this one socket: when
# one wins a connection the others' accept must not block, or they could not stop when told to.
listener.setblocking(False)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def do_GET(self):
        body = str(os.getpid()).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class ActivatedServer(HTTPServer):
    def server_bind(self):
        pass

    def server_activate(self):
        pass


server = ActivatedServer(("", 0), Handler, bind_and_activate=False)
server.socket.close()
server.socket = listener
signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
print("serving as", os.getpid(), flush=True)
server.serve_forever(poll_interval=0.05)
print("stopped", os.getpid(), flush=True)
