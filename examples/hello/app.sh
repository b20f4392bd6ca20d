#!/bin/sh
# velos hello example: prints a numbered line every second. With PORT set (and python3
# installed) it also answers HTTP on 127.0.0.1:$PORT with "hello from velos" and logs each
# request. On SIGTERM (velos stop) it says goodbye and exits 0.
n=0
trap 'echo "hello: stopping after $n ticks"; exit 0' TERM INT

if [ -n "${PORT:-}" ]; then
    if command -v python3 >/dev/null 2>&1; then
        python3 -u -c '
import http.server, os, sys
class Hello(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"hello from velos\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, fmt, *args):
        print("hello: %s %s" % (self.command, self.path), flush=True)
port = int(os.environ["PORT"])
print("hello: serving http://127.0.0.1:%d/" % port, flush=True)
http.server.HTTPServer(("127.0.0.1", port), Hello).serve_forever()
' &
    else
        echo "hello: PORT=$PORT is set but python3 is not installed; only logging" >&2
    fi
fi

while :; do
    n=$((n + 1))
    echo "hello: tick $n"
    sleep 1 &
    wait $!
done
