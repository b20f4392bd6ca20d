#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Requests lost and latency while a process manager reloads an HTTP app or restarts itself (issue 20).

The same Node HTTP app (bench/reload-app.js) runs as 4 instances under velos (`--listen`: velos holds
the listening socket and passes it to every instance, socket activation) and under PM2 in cluster mode
(PM2's master shares the port). A load client in this script (bounded: --clients threads on
127.0.0.1, one new connection per request, so a refused connection counts) runs throughout, and
each system is asked, one round after the other, interleaved, to

  reload    velos reload web                       | pm2 reload web
  restart   velos daemon restart (the daemon hands  | pm2 update (PM2's own upgrade path: it saves,
            its apps over to its successor)         | kills its daemon and resurrects the apps)

For each event: requests sent in the window (from 1 s before the command to 1 s after it returned),
failed requests (refused, reset, timed out, or not a 200), p99 and max latency in the window, the
command's own wall time, and whether the app's pids are the same afterwards.

  bench/reload.py                      # 3 rounds, velos and PM2
  bench/reload.py --rounds 5 --json /tmp/reload.json
  bench/reload.py --systems velos

Progress goes to stderr; a Markdown table to stdout (for bench/RESULTS.md), every sample to JSON.
"""
import argparse
import json
import os
import shutil
import socket
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import compare  # noqa: E402  (the helpers: run, wait_for, sweep, Pm2.install, MARKER)

APP = Path(__file__).resolve().parent / "reload-app.js"
INSTANCES = 4
MARGIN_S = 1.0          # load measured this long before the command and after it returns


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Load:
    """--clients threads sending GET / on a new connection each, until stopped; every request's
    (start, latency, ok, pid or error) kept."""

    def __init__(self, port, clients):
        self.port = port
        self.samples = []
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.threads = [threading.Thread(target=self.loop, daemon=True) for _ in range(clients)]

    def start(self):
        for t in self.threads:
            t.start()
        return self

    def stop(self):
        self.stopped.set()
        for t in self.threads:
            t.join(10)

    def loop(self):
        while not self.stopped.is_set():
            start = time.monotonic()
            ok, what = self.once()
            with self.lock:
                self.samples.append((start, time.monotonic() - start, ok, what))

    def once(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=5) as s:
                s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                data = b""
                while True:
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    data += chunk
            if not data.startswith(b"HTTP/1.1 200"):
                return False, "status " + data[:30].decode(errors="replace")
            return True, data.rsplit(b"\n", 2)[-2].decode().strip() if data.count(b"\n") >= 2 else ""
        except OSError as e:
            return False, type(e).__name__

    def window(self, start, end):
        with self.lock:
            return [s for s in self.samples if start <= s[0] <= end]


class VelosReload(compare.Velos):
    def start_web(self, port):
        self.exe(compare.VELOS, "start", APP, "--name", "web", "-i", str(INSTANCES),
                 "--listen", f"tcp://127.0.0.1:{port}", "--interpreter", "node")

    def reload_cmd(self):
        return [compare.VELOS, "reload", "web"]

    def restart_cmd_daemon(self):
        return [compare.VELOS, "daemon", "restart"]

    def web_pids(self):
        _, out = self.exe(compare.VELOS, "list", "--json")
        return sorted(p["pid"] for p in json.loads(out) if p["name"].startswith("web") and p.get("pid"))


class Pm2Reload(compare.Pm2):
    def start_web(self, port):
        self.env["PORT"] = str(port)
        self.exe(compare.PM2, "start", APP, "--name", "web", "-i", str(INSTANCES))

    def reload_cmd(self):
        return [compare.PM2, "reload", "web"]

    def restart_cmd_daemon(self):
        return [compare.PM2, "update"]

    def web_pids(self):
        _, out = self.exe(compare.PM2, "jlist")
        return sorted(p["pid"] for p in json.loads(out) if p["name"] == "web" and p.get("pid"))


def serving(port):
    ok, _ = Load(port, 0).once()
    return ok


def measure(system, port, clients, command):
    """Load before, during and after `command`; the window's figures."""
    pids_before = system.web_pids()
    load = Load(port, clients).start()
    time.sleep(MARGIN_S)
    begin = time.monotonic()
    wall, _ = compare.run(command, env=system.env, timeout=180)
    end = time.monotonic()
    time.sleep(MARGIN_S)
    load.stop()
    window = load.window(begin - MARGIN_S, end + MARGIN_S)
    latencies = sorted(s[1] * 1000 for s in window)
    failures = [s[3] for s in window if not s[2]]
    served_by = {s[3] for s in window if s[2]}
    return {
        "requests": len(window),
        "failed": len(failures),
        "failure_kinds": sorted({f for f in failures}),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 2) if latencies else None,
        "max_ms": round(latencies[-1], 2) if latencies else None,
        "command_ms": round(wall * 1000),
        "pids_kept": system.web_pids() == pids_before,
        "pids_serving": len(served_by),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--systems", default="velos,pm2")
    parser.add_argument("--json", type=Path, default=compare.TARGET / "reload.json")
    args = parser.parse_args()
    if not shutil.which("node"):
        raise SystemExit("reload: node is needed (the app is a Node HTTP server)")
    names = args.systems.split(",")
    if "pm2" in names:
        compare.Pm2.install()
    token = uuid.uuid4().hex
    base = compare.TARGET / f"reload-{token[:8]}"
    kinds = {"velos": VelosReload, "pm2": Pm2Reload}
    results = {n: {"reload": [], "restart": []} for n in names}
    errors = []
    try:
        for r in range(args.rounds):
            for name in names[r % len(names):] + names[:r % len(names)]:
                system = kinds[name](base, token)
                system.reset()
                port = free_port()
                try:
                    system.start_web(port)
                    compare.wait_for(lambda: serving(port), 30, f"{name}: web serving")
                    for event, command in (("reload", system.reload_cmd()), ("restart", system.restart_cmd_daemon())):
                        compare.wait_for(lambda: len(system.web_pids()) == INSTANCES, 30, f"{name}: {INSTANCES} instances")
                        figures = measure(system, port, args.clients, command)
                        results[name][event].append(figures)
                        print(f"reload: round {r + 1} {name} {event}: {figures}", file=sys.stderr)
                except Exception as e:  # one system's failure must not hide the others' figures
                    errors.append(f"round {r + 1} {name}: {e}")
                    print(f"reload: round {r + 1} {name} FAILED: {e}", file=sys.stderr)
                finally:
                    system.kill()
                    compare.sweep(token)
    finally:
        compare.sweep(token)
        shutil.rmtree(base, ignore_errors=True)

    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"results": results, "errors": errors, "clients": args.clients,
                                     "instances": INSTANCES}, indent=2))
    print("| event | system | failed requests (median, max) | requests in window | p99 ms | max ms | command ms | pids kept |")
    print("|---|---|---|---|---|---|---|---|")
    for event in ("reload", "restart"):
        for name in names:
            runs = results[name][event]
            if not runs:
                continue
            med = lambda key: statistics.median(x[key] for x in runs if x[key] is not None)  # noqa: E731
            print(f"| {event} | {name} | {med('failed'):g} ({max(x['failed'] for x in runs)}) | {med('requests'):g} | "
                  f"{med('p99_ms'):.1f} | {med('max_ms'):.1f} | {med('command_ms'):g} | "
                  f"{sum(x['pids_kept'] for x in runs)}/{len(runs)} |")
    for e in errors:
        print(f"FAILED: {e}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
