#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# HTTP throughput of the observability surfaces (issue 7): with N apps (`sleep 1000` each, default
# 100) under a private daemon, runs wrk against GET /metrics of `velos metrics` and against
# GET /api/processes and GET /metrics of `velos api`, and prints requests/s and p50/p99 latency.
#
#   bench/http-throughput.sh                  # 100 apps, wrk -t2 -c16 -d10s
#   APPS=10 DURATION=5s bench/http-throughput.sh
#
# Needs wrk (Debian package wrk) and a built cli/target/velos.jar. Everything runs on 127.0.0.1
# with ephemeral ports and a throw-away VELOS_HOME, removed afterwards.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
velos="$root/bin/velos"
apps=${APPS:-100}
duration=${DURATION:-10s}
threads=${THREADS:-2}
connections=${CONNECTIONS:-16}

command -v wrk >/dev/null || { echo "http-throughput: wrk is missing (apt-get install wrk)" >&2; exit 1; }

VELOS_HOME=$(mktemp -d /tmp/velos-http-bench.XXXXXX)
export VELOS_HOME
work=$VELOS_HOME/bench
mkdir -p "$work"
pids=""
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null || true; done
    "$velos" kill >/dev/null 2>&1 || true
    rm -rf "$VELOS_HOME"
}
trap cleanup EXIT INT TERM

echo "starting $apps apps (sleep 1000)..." >&2
"$velos" start sleep --name app -i "$apps" -- 1000 >/dev/null

# Starts `velos <args> -p 0` in the background and sets $port from its "listening on" line.
serve() {
    log="$work/$1.log"
    "$velos" "$@" -p 0 >"$log" 2>&1 &
    pids="$pids $!"
    i=0
    while ! grep -q 'istening on http://' "$log"; do
        i=$((i + 1))
        [ "$i" -lt 600 ] || { echo "http-throughput: velos $1 did not start:" >&2; cat "$log" >&2; exit 1; }
        sleep 0.1
    done
    port=$(sed -n 's#.*istening on http://[^:]*:\([0-9]*\).*#\1#p' "$log" | head -1)
}

serve metrics
metrics_port=$port
serve api
api_port=$port

# One wrk run: warm-up of 3 s first (JIT), then the measured run; prints one result line.
measure() {
    label=$1
    url=$2
    wrk -t"$threads" -c"$connections" -d3s -H "Authorization: Bearer $token" "$url" >/dev/null
    out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency -H "Authorization: Bearer $token" "$url")
    rps=$(printf '%s\n' "$out" | sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p')
    p50=$(printf '%s\n' "$out" | sed -n 's/^ *50% *\([0-9.]*[a-z]*\).*/\1/p')
    p99=$(printf '%s\n' "$out" | sed -n 's/^ *99% *\([0-9.]*[a-z]*\).*/\1/p')
    errors=$(printf '%s\n' "$out" | sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p')
    printf '%-34s %10s req/s   p50 %-9s p99 %-9s non-2xx %s\n' "$label" "$rps" "$p50" "$p99" "${errors:-0}"
}

# velos api wants its bearer token on every route (velos metrics on loopback is open; the header is harmless there).
token=$(cat "$VELOS_HOME/api.token")
bytes=$(curl -s "http://127.0.0.1:$metrics_port/metrics" | wc -c)
echo "apps: $apps   wrk -t$threads -c$connections -d$duration   /metrics body: $bytes bytes"
measure "velos metrics  GET /metrics" "http://127.0.0.1:$metrics_port/metrics"
measure "velos api      GET /api/processes" "http://127.0.0.1:$api_port/api/processes"
measure "velos api      GET /metrics" "http://127.0.0.1:$api_port/metrics"
