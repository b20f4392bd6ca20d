#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Side-by-side benchmark of velos, PM2 and supervisord (issues 9 and 15), in one run.

Every scenario runs the three systems interleaved: round 1 runs velos, PM2 and supervisord back to
back on the scenario, round 2 the same (the first system rotating each round), and so on, so the
machine's drift (±30 % on these 2-core machines) hits all of them alike. Each metric is reported as
the median with min–max over the rounds, and the velos/PM2 and velos/supervisord ratios of the
medians. bench/README.md describes every scenario and how it is measured.

Scenarios (names for --only), in the order they run:
  idle       daemon VmRSS, RssAnon and PSS with no apps, 5 s after launch
  launch     daemon launch until its control socket accepts a connection
  apps100    daemon VmRSS, RssAnon and PSS with 100 `sleep` apps running
  list10     `list` with 10 apps: wall time of the whole CLI process
  info1      `info` of one of 10 apps, whole CLI process
  stop1      `stop` of one of 10 apps, whole CLI process
  restart1   `restart` of one of 10 apps, whole CLI process
  start1     `start` of one app, whole CLI process
  logs100    the newest 100 lines of one app's log (of 10 apps that printed 1,000 lines each)
  start100   100 apps from a config file until all run (warm daemon)
  cpu100     daemon CPU seconds (utime+stime, children excluded) over --idle-seconds with 100 apps;
             cpu100_sched the same from every thread's schedstat (ns; utime/stime move in 10 ms ticks)
  ingest     log ingest: one child prints as fast as it can for --ingest-seconds; lines/s stored
             on disk, daemon CPU seconds per million lines, daemon peak RSS
  scale1000  1,000 apps: RSS per app, daemon RSS, start time, `list` time (--skip-1000 skips it)

PM2 (7.0.4) is installed with npm into bench/target/pm2 when missing; supervisord from Debian's
package `supervisor` (apt-get) when missing. Each system gets its own home in a fresh directory
bench/target/compare/run-*/ (removed at the end unless --keep). Every daemon is stopped after each
scenario run and at exit, also on Ctrl-C or an error; any process still carrying this run's marker
variable afterwards is killed by pid and reported.

  bench/compare.py                                   # everything, 5 rounds (about an hour)
  bench/compare.py --rounds 1 --skip-1000 --idle-seconds 10   # a quick look
  bench/compare.py --rounds 9 --only list10,start1 --json /tmp/out.json
  bench/compare.py --systems velos,pm2
  bench/compare.py --systems velos --velos dist/velos-0.1.0-linux-x86_64/bin/velos   # a release's launcher

Output: a Markdown table on stdout (ready for bench/RESULTS.md), progress on stderr, JSON (every
sample, per-run details, machine and versions) in bench/target/compare/results.json or --json FILE.
"""
import argparse
import json
import os
import platform
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "bench" / "target" / "compare"
VELOS = ROOT / "bin" / "velos"
PM2_VERSION = "7.0.4"
PM2_PREFIX = ROOT / "bench" / "target" / "pm2"
PM2 = PM2_PREFIX / "node_modules" / ".bin" / "pm2"
FLOOD_SOURCE = ROOT / "bench" / "flood.c"
FLOOD = TARGET / "flood"
SLEEP = shutil.which("sleep") or "/bin/sleep"
SH = "/bin/sh"

MARKER = "VELOS_BENCH_RUN"   # set in every system's environment; apps and daemons inherit it
CLI_SAMPLES = 3              # timed CLI processes per system and round (list10, info1, ... logs100)
LINE_BYTES = 100             # flood.c writes lines of exactly 100 bytes, newline included
TALKER_LINES = 1000          # lines each logs100 app prints before it sleeps
LOGS_LINES = 100             # lines logs100 asks for
IDLE_SETTLE_S = 15           # cpu100: quiet time after the last client command (velos samples /proc
                             # for 10 s after a `list`; PM2 and supervisord have no such window)
NO_ROTATION = "1024G"        # velos --log-max-size for the ingest app: never rotates within a run
FLOOD_CAP = 1_000_000_000    # ingest: flood's line count; the time limit ends it long before

# The ingest writer: stamps its start, floods stdout for N seconds (coreutils `timeout` sends SIGTERM),
# stamps the end, then sleeps so the app stays up and no manager restarts or reaps it mid-run.
INGEST_SH = """#!/bin/sh
# $1 flood binary, $2 stamp prefix, $3 seconds
date +%s%N > "$2.start"
timeout "$3" "$1" {cap}
date +%s%N > "$2.end.tmp" && mv "$2.end.tmp" "$2.end"
exec sleep 100000
""".format(cap=FLOOD_CAP)

# A logs100 app: prints its numbered 100-byte lines, then sleeps.
TALKER_SH = """#!/bin/sh
# $1 flood binary, $2 line count
"$1" "$2"
exec sleep 100000
"""


# --- processes and /proc ---------------------------------------------------------------------------

def run(cmd, env=None, check=True, timeout=300):
    """Runs a command quietly; returns (wall seconds, stdout)."""
    start = time.perf_counter()
    p = subprocess.run([str(c) for c in cmd], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, errors="replace", timeout=timeout)
    wall = time.perf_counter() - start
    if check and p.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} exited {p.returncode}: {(p.stderr or p.stdout).strip()[:500]}")
    return wall, p.stdout


def timed_ms(cmd, env):
    return run(cmd, env=env)[0] * 1000


def status_kib(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {key} in /proc/{pid}/status")


def smaps_kib(pid, key):
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {key} in /proc/{pid}/smaps_rollup")


def rss_mib(pid):
    return status_kib(pid, "VmRSS") / 1024


def memory_mib(pid):
    """VmRSS and RssAnon (/proc/<pid>/status) and PSS (/proc/<pid>/smaps_rollup), in MiB."""
    return {"rss": rss_mib(pid), "anon": status_kib(pid, "RssAnon") / 1024,
            "pss": smaps_kib(pid, "Pss") / 1024}


def stat_ticks(pid):
    """(utime+stime, cutime+cstime) of a process in clock ticks: its own CPU, and its reaped children's."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])


def cpu_seconds(pid):
    """The process's own CPU seconds, all threads, children excluded."""
    return stat_ticks(pid)[0] / os.sysconf("SC_CLK_TCK")


def thread_cpu_ns(pid):
    """Nanoseconds on the CPU per live thread ({tid: ns}, /proc/<pid>/task/*/schedstat): utime and stime
    are sampled at the clock tick (10 ms here), too coarse for an idle daemon's few tens of ms."""
    result = {}
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                result[task] = int(f.read().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return result


def sched_cpu_seconds(before, after):
    """CPU seconds between two thread_cpu_ns readings: threads in both count their difference, new ones all
    of theirs; one that ended in between is left out (the JVM ends an idle compiler thread: its total
    would otherwise come off the sum)."""
    return sum(ns - before.get(tid, 0) for tid, ns in after.items()) / 1e9


def children_cpu_seconds(pid):
    return stat_ticks(pid)[1] / os.sysconf("SC_CLK_TCK")


def threads(pid):
    return status_kib(pid, "Threads")


def settle_memory(pid, seconds=5.0):
    """Memory once it stops moving: after `seconds`, three samples 0.3 s apart, the highest of each figure."""
    time.sleep(seconds)
    samples = []
    for _ in range(3):
        samples.append(memory_mib(pid))
        time.sleep(0.3)
    return {k: max(s[k] for s in samples) for k in samples[0]}


def accepts(path):
    """Whether a Unix socket at `path` accepts a connection right now."""
    if not path.exists():
        return False
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(str(path))
        return True
    except OSError:
        return False
    finally:
        s.close()


def wait_for(predicate, timeout, what, interval=0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise RuntimeError(f"timed out after {timeout} s waiting for {what}")


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def marked_processes(token):
    """Pids of the processes whose environment carries this run's marker (daemons, apps, CLIs)."""
    needle = f"{MARKER}={token}".encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as f:
                if needle in f.read().split(b"\0"):
                    found.append(int(entry))
        except OSError:
            continue
    return [p for p in found if alive(p)]


def describe(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            command = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
        return f"{pid} {command[:100]}"
    except OSError:
        return str(pid)


def sweep(token):
    """Kills, by pid, whatever this run started that is still alive once its manager was stopped: a
    manager that leaves processes behind must not skew the next measurement or outlive the run.
    Waits 3 s first, so processes that are just exiting are not counted. Returns their descriptions."""
    deadline = time.monotonic() + 3
    left = marked_processes(token)
    while left and time.monotonic() < deadline:
        time.sleep(0.1)
        left = marked_processes(token)
    if not left:
        return []
    found = [describe(p) for p in left]
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for p in left:
            try:
                os.kill(p, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 5
        while left and time.monotonic() < deadline:
            time.sleep(0.1)
            left = [p for p in left if alive(p)]
        if not left:
            break
    return found


def flood_binary():
    """bench/flood.c compiled into bench/target/compare/flood (once, and again when the source changes)."""
    if not FLOOD.exists() or FLOOD_SOURCE.stat().st_mtime > FLOOD.stat().st_mtime:
        cc = os.environ.get("CC") or shutil.which("gcc") or shutil.which("cc")
        if not cc:
            raise RuntimeError("a C compiler (gcc or cc) is needed to build bench/flood.c")
        FLOOD.parent.mkdir(parents=True, exist_ok=True)
        run([cc, "-O2", "-o", FLOOD, FLOOD_SOURCE])
    return FLOOD


def count_lines(path):
    n = 0
    try:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                n += chunk.count(b"\n")
    except FileNotFoundError:
        pass
    return n


# --- the three systems -----------------------------------------------------------------------------

@dataclass(frozen=True)
class App:
    name: str
    argv: tuple
    autorestart: bool = True
    rotate_logs: bool = True   # False: no size rotation (ingest counts every line on disk)


def sleep_apps(prefix, n):
    return [App(f"{prefix}{i}", (SLEEP, "100000")) for i in range(n)]


class System:
    """One process manager with a private home. Commands are argv lists so callers can time them."""
    name = "?"
    label = "?"

    def __init__(self, base, token):
        self.home = base / self.name
        self.env = dict(os.environ)
        self.env[MARKER] = token

    def reset(self):
        self.kill()
        shutil.rmtree(self.home, ignore_errors=True)
        self.home.mkdir(parents=True)

    def define(self, apps):
        """Makes apps known before they are started (only supervisord needs it: programs live in its config)."""

    def running_count(self):
        return len(self.running_pids())

    def wait_running(self, n, timeout=120):
        wait_for(lambda: self.running_count() == n, timeout, f"{self.name}: {n} apps running", interval=0.1)

    def exe(self, *args):
        return run(list(args), env=self.env)


class Velos(System):
    name = "velos"
    label = "velos"

    def __init__(self, base, token):
        super().__init__(base, token)
        self.env["VELOS_HOME"] = str(self.home)
        self.env["NO_COLOR"] = "1"
        self.env.pop("VELOS_SOCKET", None)

    def launch(self):
        """`velos daemon` until its control socket accepts a connection (the first moment a client is served)."""
        start = time.perf_counter()
        subprocess.Popen([str(VELOS), "daemon"], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
        wait_for(lambda: accepts(self.home / "velos.sock"), 30, "velos socket")
        elapsed = time.perf_counter() - start
        self.exe(VELOS, "ping")
        return elapsed

    def daemon_pid(self):
        return int((self.home / "velos.pid").read_text().strip())

    def start_app_cmd(self, app):
        cmd = [VELOS, "start", app.argv[0], "--name", app.name]
        cmd += [] if app.autorestart else ["--no-autorestart"]
        cmd += [] if app.rotate_logs else ["--log-max-size", NO_ROTATION]
        return cmd + ["--", *app.argv[1:]]

    def start_apps_cmd(self, apps):
        cfg = self.home / "apps.toml"
        cfg.write_text("".join(f"[apps.{a.name}]\nscript = {json.dumps(a.argv[0])}\nargs = {json.dumps(list(a.argv[1:]))}\n"
                               f"autorestart = {'true' if a.autorestart else 'false'}\n" for a in apps))
        return [VELOS, "start", "--config", cfg]

    def list_cmd(self):
        return [VELOS, "list"]

    def info_cmd(self, name):
        return [VELOS, "info", name]

    def stop_cmd(self, name):
        return [VELOS, "stop", name]

    def restart_cmd(self, name):
        return [VELOS, "restart", name]

    def logs_cmd(self, name, lines):
        return [VELOS, "logs", name, "-l", str(lines)]

    def out_logs(self, name):
        return sorted((self.home / "logs").glob(f"{name}-out.log*"))

    def running_pids(self):
        _, out = self.exe(VELOS, "list", "--json")
        return {p["name"]: p["pid"] for p in json.loads(out) if p.get("status_str") == "running"}

    def kill(self):
        if (self.home / "velos.sock").exists():
            run([VELOS, "kill"], env=self.env, check=False, timeout=120)


class Pm2(System):
    name = "pm2"
    label = f"PM2 {PM2_VERSION}"

    def __init__(self, base, token):
        super().__init__(base, token)
        self.env["PM2_HOME"] = str(self.home)

    @staticmethod
    def install():
        package = PM2_PREFIX / "node_modules" / "pm2" / "package.json"
        if PM2.exists() and f'"version": "{PM2_VERSION}"' in package.read_text():
            return
        if not shutil.which("npm"):
            raise SystemExit("compare: npm is needed to install PM2 (or leave pm2 out with --systems)")
        print(f"compare: installing pm2@{PM2_VERSION} into {PM2_PREFIX} ...", file=sys.stderr)
        PM2_PREFIX.mkdir(parents=True, exist_ok=True)
        run(["npm", "install", "--prefix", str(PM2_PREFIX), "--no-audit", "--no-fund", "--loglevel=error",
             f"pm2@{PM2_VERSION}"], timeout=600)

    def launch(self):
        """`pm2 ping` on a cold home: PM2 has no daemon command of its own, its CLI spawns the daemon and
        waits for it, so this includes one node CLI start (~0.1 s) the others do not pay."""
        start = time.perf_counter()
        self.exe(PM2, "ping")
        return time.perf_counter() - start

    def daemon_pid(self):
        return int((self.home / "pm2.pid").read_text().strip())

    def start_app_cmd(self, app):
        cmd = [PM2, "start", app.argv[0], "--name", app.name]
        cmd += [] if app.autorestart else ["--no-autorestart"]
        return cmd + (["--", *app.argv[1:]] if len(app.argv) > 1 else [])

    def start_apps_cmd(self, apps):
        cfg = self.home / "apps.json"
        cfg.write_text(json.dumps({"apps": [{"name": a.name, "script": a.argv[0], "args": list(a.argv[1:]),
                                             "autorestart": a.autorestart} for a in apps]}))
        return [PM2, "start", cfg]

    def list_cmd(self):
        return [PM2, "list"]

    def info_cmd(self, name):
        return [PM2, "info", name]

    def stop_cmd(self, name):
        return [PM2, "stop", name]

    def restart_cmd(self, name):
        return [PM2, "restart", name]

    def logs_cmd(self, name, lines):
        return [PM2, "logs", name, "--lines", str(lines), "--nostream"]

    def out_logs(self, name):
        return sorted((self.home / "logs").glob(f"{name}-out.log*"))

    def running_pids(self):
        _, out = self.exe(PM2, "jlist")
        return {p["name"]: p["pid"] for p in json.loads(out) if p["pm2_env"]["status"] == "online"}

    def kill(self):
        if (self.home / "pm2.pid").exists():
            run([PM2, "kill"], env=self.env, check=False, timeout=120)


class Supervisord(System):
    """supervisord 4 with a unix socket. Programs use startsecs=0, so "running" means spawned, as for
    velos and PM2 (with the default startsecs=1 every start would take at least a second)."""
    name = "supervisord"
    label = "supervisord"

    def __init__(self, base, token):
        super().__init__(base, token)
        self.conf = self.home / "supervisord.conf"
        self.programs = []
        if shutil.which("supervisord"):
            version = subprocess.run(["supervisord", "--version"], capture_output=True, text=True).stdout.strip()
            self.label = f"supervisord {version}"

    @staticmethod
    def install():
        if shutil.which("supervisord") and shutil.which("supervisorctl"):
            return
        if os.geteuid() != 0:
            raise SystemExit("compare: supervisord is missing; install Debian's package: "
                             "sudo apt-get install supervisor (or leave it out with --systems)")
        print("compare: installing supervisor with apt-get ...", file=sys.stderr)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        install = ["apt-get", "install", "-y", "-q", "supervisor"]
        if subprocess.run(install, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode != 0:
            run(["apt-get", "update", "-q"], env=env, timeout=900)   # a stale package list
            run(install, env=env, timeout=900)
        # The package may start its own system instance; it is not part of the measurement. Stop it
        # through its init script, else by the pid in its pid file.
        run(["service", "supervisor", "stop"], check=False)
        pidfile = Path("/run/supervisord.pid")
        try:
            pid = int(pidfile.read_text().strip())
            if alive(pid):
                os.kill(pid, signal.SIGTERM)
        except (OSError, ValueError):
            pass

    def write_conf(self):
        h = self.home
        text = (f"[unix_http_server]\nfile={h}/supervisor.sock\nchmod=0700\n\n"
                f"[supervisord]\nlogfile={h}/supervisord.log\npidfile={h}/supervisord.pid\nchildlogdir={h}\n"
                f"nodaemon=false\nsilent=true\n\n"
                "[rpcinterface:supervisor]\n"
                "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n"
                f"[supervisorctl]\nserverurl=unix://{h}/supervisor.sock\n\n")
        for a in self.programs:
            text += (f"[program:{a.name}]\ncommand={shlex.join(a.argv)}\nautostart=false\nstartsecs=0\n"
                     f"autorestart={'true' if a.autorestart else 'false'}\n"
                     f"stdout_logfile={h}/{a.name}-out.log\nstderr_logfile={h}/{a.name}-err.log\n")
            if not a.rotate_logs:
                text += "stdout_logfile_maxbytes=0\nstderr_logfile_maxbytes=0\n"
            text += "\n"
        self.conf.write_text(text)

    def ctl(self, *args):
        return ["supervisorctl", "-c", self.conf, *args]

    def launch(self):
        """`supervisord` until its socket accepts a connection."""
        self.programs = []
        self.write_conf()
        start = time.perf_counter()
        self.exe("supervisord", "-c", self.conf)
        wait_for(lambda: accepts(self.home / "supervisor.sock"), 30, "supervisord socket")
        elapsed = time.perf_counter() - start
        self.exe(*self.ctl("pid"))
        return elapsed

    def daemon_pid(self):
        return int((self.home / "supervisord.pid").read_text().strip())

    def define(self, apps):
        """supervisord learns programs from its config: add them and `update` (not part of any timing)."""
        self.programs = list(apps)
        self.write_conf()
        run(self.ctl("update"), env=self.env, check=False, timeout=600)

    def start_app_cmd(self, app):
        return self.ctl("start", app.name)

    def start_apps_cmd(self, apps):
        return self.ctl("start", "all")

    def list_cmd(self):
        return self.ctl("status")

    def info_cmd(self, name):
        return self.ctl("status", name)   # supervisorctl has no per-process detail view

    def stop_cmd(self, name):
        return self.ctl("stop", name)

    def restart_cmd(self, name):
        return self.ctl("restart", name)

    def logs_cmd(self, name, lines):
        # supervisorctl tails by bytes, not lines: the app's lines are LINE_BYTES long and supervisord
        # stores them unchanged, so lines × LINE_BYTES bytes are exactly the newest `lines` lines.
        return self.ctl("tail", f"-{lines * LINE_BYTES}", name, "stdout")

    def out_logs(self, name):
        return sorted(self.home.glob(f"{name}-out.log*"))

    def running_pids(self):
        _, out = run(self.ctl("status"), env=self.env, check=False)   # exits 3 when some are not running
        running = (re.match(r"(\S+)\s+RUNNING\s+pid (\d+),", line) for line in out.splitlines())
        return {m.group(1): int(m.group(2)) for m in running if m}

    def kill(self):
        pidfile = self.home / "supervisord.pid"
        if pidfile.exists():
            try:
                pid = int(pidfile.read_text().strip())
                os.kill(pid, signal.SIGTERM)
                wait_for(lambda: not alive(pid), 60, "supervisord exit", interval=0.05)
            except (ValueError, OSError, RuntimeError):
                pass


SYSTEMS = (Velos, Pm2, Supervisord)


# --- scenarios: each takes a system with a fresh home, returns {metric: [samples]} and optional details -

def start_apps(system, apps, timeout=120):
    system.define(apps)
    run(system.start_apps_cmd(apps), env=system.env, timeout=600)
    system.wait_running(len(apps), timeout)


def timed_start_all(system, apps, timeout=120):
    """Wall time of the start command; when it returns with every app already running (all three do
    for `sleep`), that is the figure. Otherwise the time until a status poll saw them all, which
    then includes one status CLI process."""
    system.define(apps)
    start = time.perf_counter()
    run(system.start_apps_cmd(apps), env=system.env, timeout=600)
    elapsed = time.perf_counter() - start
    if system.running_count() == len(apps):
        return elapsed
    system.wait_running(len(apps), timeout)
    return time.perf_counter() - start


def memory_metrics(prefix, m):
    return {f"{prefix}_rss": [m["rss"]], f"{prefix}_anon": [m["anon"]], f"{prefix}_pss": [m["pss"]]}


def scenario_idle(s, opts):
    s.launch()
    return memory_metrics("idle", settle_memory(s.daemon_pid()))


def scenario_launch(s, opts):
    return {"launch": [s.launch() * 1000]}


def scenario_apps100(s, opts):
    s.launch()
    start_apps(s, sleep_apps("s", 100))
    return memory_metrics("apps100", settle_memory(s.daemon_pid()))


def ten_apps(s):
    """A daemon with 10 running `sleep` apps l0..l9, and one untimed `list` to warm the page cache."""
    s.launch()
    start_apps(s, sleep_apps("l", 10))
    s.exe(*s.list_cmd())


def scenario_list10(s, opts):
    ten_apps(s)
    return {"list10": [timed_ms(s.list_cmd(), s.env) for _ in range(CLI_SAMPLES)]}


def scenario_info1(s, opts):
    ten_apps(s)
    return {"info1": [timed_ms(s.info_cmd(f"l{i}"), s.env) for i in range(CLI_SAMPLES)]}


def scenario_stop1(s, opts):
    ten_apps(s)
    samples = [timed_ms(s.stop_cmd(f"l{i}"), s.env) for i in range(CLI_SAMPLES)]
    if s.running_count() != 10 - CLI_SAMPLES:
        raise RuntimeError(f"{s.name}: after {CLI_SAMPLES} stops, {s.running_count()} of 10 apps run")
    return {"stop1": samples}


def scenario_restart1(s, opts):
    ten_apps(s)
    before = s.running_pids()
    samples = [timed_ms(s.restart_cmd(f"l{i}"), s.env) for i in range(CLI_SAMPLES)]
    s.wait_running(10, 30)
    after = s.running_pids()
    changed = sorted(n for n in after if after[n] != before.get(n))
    if changed != [f"l{i}" for i in range(CLI_SAMPLES)]:
        raise RuntimeError(f"{s.name}: restarting l0..l{CLI_SAMPLES - 1} gave new pids to {changed}")
    return {"restart1": samples}


def scenario_start1(s, opts):
    s.launch()
    apps = sleep_apps("one", CLI_SAMPLES)
    s.define(apps)
    samples = [timed_ms(s.start_app_cmd(a), s.env) for a in apps]
    s.wait_running(CLI_SAMPLES, 30)
    return {"start1": samples}


def check_newest_lines(output, last, count, what):
    """`output` must hold lines last-count+1 .. last of a flood-numbered log, and not the line before."""
    newest, oldest, before = (f"{i:010d} INFO flood:" for i in (last, last - count + 1, last - count))
    if newest not in output or oldest not in output or before in output:
        raise RuntimeError(f"{what} did not print exactly the newest {count} lines: "
                           f"{output.count(' INFO flood:')} flood lines, first 200 chars: {output[:200]!r}")


def scenario_logs100(s, opts):
    s.launch()
    talker = opts["run_dir"] / "talker.sh"
    apps = [App(f"t{i}", (SH, str(talker), str(flood_binary()), str(TALKER_LINES))) for i in range(10)]
    start_apps(s, apps)
    for a in apps:
        wait_for(lambda: sum(count_lines(p) for p in s.out_logs(a.name)) >= TALKER_LINES, 60,
                 f"{s.name}: {TALKER_LINES} lines of {a.name} on disk", interval=0.05)
    s.exe(*s.logs_cmd("t9", LOGS_LINES))   # warm the page cache, as list10 does
    samples = []
    for i in range(CLI_SAMPLES):
        wall, out = run(s.logs_cmd(f"t{i}", LOGS_LINES), env=s.env)
        check_newest_lines(out, TALKER_LINES, LOGS_LINES, f"{s.name} logs t{i}")
        samples.append(wall * 1000)
    return {"logs100": samples}


def scenario_start100(s, opts):
    s.launch()
    return {"start100": [timed_start_all(s, sleep_apps("c", 100)) * 1000]}


def scenario_cpu100(s, opts):
    s.launch()
    start_apps(s, sleep_apps("s", 100))
    pid = s.daemon_pid()
    time.sleep(IDLE_SETTLE_S)
    cpu0, children0, threads0 = cpu_seconds(pid), children_cpu_seconds(pid), thread_cpu_ns(pid)
    time.sleep(opts["idle_seconds"])
    cpu = cpu_seconds(pid) - cpu0
    sched = sched_cpu_seconds(threads0, thread_cpu_ns(pid))
    return {"cpu100": [cpu], "cpu100_sched": [sched]}, {"window_s": opts["idle_seconds"], "daemon_cpu_s": round(cpu, 3),
                                                        "daemon_sched_cpu_s": round(sched, 4),
                               "reaped_children_cpu_s": round(children_cpu_seconds(pid) - children0, 3)}


INDEX = re.compile(rb"(\d{10}) INFO flood:")


def last_complete_index(path):
    """Index of the last complete (newline-terminated) flood line of a log file, or 0."""
    with open(path, "rb") as f:
        f.seek(0, os.SEEK_END)
        f.seek(max(0, f.tell() - 4 * LINE_BYTES))
        tail = f.read()
    complete = tail[:tail.rfind(b"\n") + 1] if b"\n" in tail else b""
    found = INDEX.findall(complete)
    return int(found[-1]) if found else 0


def scenario_ingest(s, opts):
    """One app floods stdout for N seconds; every line that reaches the log files counts.
    lines/s = complete lines on disk ÷ (newest log file write − the writer's start). The daemon's
    CPU runs from just before the `start` command until the files stopped growing for 2 s."""
    s.launch()
    time.sleep(1)                                     # let the daemon finish starting up
    stamp = s.home / "ingest-stamp"
    app = App("ingest", (SH, str(opts["run_dir"] / "ingest.sh"), str(flood_binary()), str(stamp),
                         str(opts["ingest_seconds"])), autorestart=False, rotate_logs=False)
    s.define([app])
    pid = s.daemon_pid()
    cpu0 = cpu_seconds(pid)
    peak_rss = rss_mib(pid)   # VmRSS only while it runs: smaps_rollup would take the mmap lock every 50 ms
    s.exe(*s.start_app_cmd(app))
    end_stamp = Path(f"{stamp}.end")
    deadline = time.monotonic() + opts["ingest_seconds"] + 60
    while not end_stamp.exists():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{s.name}: the ingest writer did not finish")
        peak_rss = max(peak_rss, rss_mib(pid))
        time.sleep(0.05)
    # The daemon may still be writing what it read: wait until no log file changed for 2 s.
    last, quiet_since, deadline = None, time.monotonic(), time.monotonic() + 300
    while time.monotonic() - quiet_since < 2:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{s.name}: the ingest log files still grow 300 s after the writer stopped")
        peak_rss = max(peak_rss, rss_mib(pid))
        now = [(p, p.stat().st_size, p.stat().st_mtime_ns) for p in s.out_logs(app.name)]
        if now != last:
            last, quiet_since = now, time.monotonic()
        time.sleep(0.05)
    cpu = cpu_seconds(pid) - cpu0
    files = s.out_logs(app.name)
    if len(files) != 1:
        raise RuntimeError(f"{s.name}: expected one unrotated log file, found {[p.name for p in files]}")
    lines = count_lines(files[0])
    newest = last_complete_index(files[0])
    started = int(Path(f"{stamp}.start").read_text())
    stopped = int(end_stamp.read_text())
    written = files[0].stat().st_mtime_ns
    ingest_s = (written - started) / 1e9
    if lines == 0 or ingest_s <= 0:
        raise RuntimeError(f"{s.name}: no ingest lines on disk")
    details = {"lines_on_disk": lines, "newest_index": newest, "lost_before_newest": newest - lines,
               "bytes_on_disk": files[0].stat().st_size, "writer_s": round((stopped - started) / 1e9, 3),
               "ingest_s": round(ingest_s, 3), "drain_after_writer_s": round((written - stopped) / 1e9, 3),
               "daemon_cpu_s": round(cpu, 3)}
    # Lines 1..newest all on disk exactly once is what the count says when nothing was lost.
    if newest != lines:
        details["warning"] = f"{newest - lines} lines missing or duplicated before line {newest}"
    # Free the disk at once: a run writes up to a few GB.
    run(s.stop_cmd(app.name), env=s.env, check=False)
    for p in files:
        p.unlink(missing_ok=True)
    return {"ingest_lps": [lines / ingest_s], "ingest_cpu_per_m": [cpu / (lines / 1e6)],
            "ingest_peak_rss": [peak_rss]}, details


def scenario_scale1000(s, opts):
    s.launch()
    pid = s.daemon_pid()
    rss0 = settle_memory(pid)["rss"]
    threads0 = threads(pid)
    start_s = timed_start_all(s, sleep_apps("k", 1000), 600)
    rss1 = settle_memory(pid, 5)["rss"]
    s.exe(*s.list_cmd())
    lists = [timed_ms(s.list_cmd(), s.env) for _ in range(CLI_SAMPLES)]
    return ({"per_app_1000": [(rss1 - rss0) * 1024 / 1000], "rss_1000": [rss1], "start1000": [start_s],
             "list1000": lists},
            {"rss_idle_mib": round(rss0, 1), "threads_idle": threads0, "threads_1000": threads(pid)})


SCENARIOS = {
    "idle": scenario_idle, "launch": scenario_launch, "apps100": scenario_apps100,
    "list10": scenario_list10, "info1": scenario_info1, "stop1": scenario_stop1,
    "restart1": scenario_restart1, "start1": scenario_start1, "logs100": scenario_logs100,
    "start100": scenario_start100, "cpu100": scenario_cpu100, "ingest": scenario_ingest,
    "scale1000": scenario_scale1000,
}


# --- metrics, targets and the report ---------------------------------------------------------------

@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str
    digits: int = 1
    target: str = ""          # issue 15's "must", as text
    check: object = None      # (velos median, PM2 median or None) -> bool


def vs_pm2(limit, higher_is_better=False):
    def check(v, pm2):
        if pm2 is None:
            return None
        return v / pm2 >= limit if higher_is_better else v / pm2 <= limit
    return check


def at_most(limit):
    return lambda v, pm2: v <= limit


METRICS = [
    Metric("idle_rss", "daemon RSS, idle", "MiB", target="≤ 40 MiB", check=at_most(40)),
    Metric("idle_anon", "daemon RssAnon, idle", "MiB"),
    Metric("idle_pss", "daemon PSS, idle", "MiB"),
    Metric("apps100_rss", "daemon RSS, 100 apps", "MiB", target="≤ 45 MiB", check=at_most(45)),
    Metric("apps100_anon", "daemon RssAnon, 100 apps", "MiB"),
    Metric("apps100_pss", "daemon PSS, 100 apps", "MiB"),
    Metric("per_app_1000", "RSS per app, 1,000 apps", "KiB", target="≤ 20 KiB", check=at_most(20)),
    Metric("rss_1000", "daemon RSS, 1,000 apps", "MiB"),
    Metric("launch", "daemon launch → socket accepts", "ms", target="≤ 150 ms", check=at_most(150)),
    Metric("list10", "`list`, 10 apps, whole CLI process", "ms", target="≤ 0.5× PM2", check=vs_pm2(0.5)),
    Metric("info1", "`info` one of 10 apps, whole CLI process", "ms", target="≤ 0.5× PM2", check=vs_pm2(0.5)),
    Metric("stop1", "`stop` one of 10 apps, whole CLI process", "ms", target="≤ 0.5× PM2", check=vs_pm2(0.5)),
    Metric("restart1", "`restart` one of 10 apps, whole CLI process", "ms", target="≤ 0.5× PM2",
           check=vs_pm2(0.5)),
    Metric("start1", "`start` one app, whole CLI process", "ms", target="≤ 0.5× PM2", check=vs_pm2(0.5)),
    Metric("logs100", "`logs` newest 100 lines, whole CLI process", "ms"),
    Metric("start100", "start 100 apps from a config (warm daemon)", "ms", target="≤ 0.5× PM2",
           check=vs_pm2(0.5)),
    Metric("start1000", "start 1,000 apps from a config", "s", digits=2),
    Metric("list1000", "`list`, 1,000 apps, whole CLI process", "ms"),
    Metric("cpu100", "daemon CPU s over the idle window, 100 apps", "s", digits=3, target="≤ 0.5× PM2",
           check=vs_pm2(0.5)),
    Metric("cpu100_sched", "the same, from the threads' schedstat (ns, not 10 ms ticks)", "s", digits=4,
           target="≤ 0.5× PM2", check=vs_pm2(0.5)),
    Metric("ingest_lps", "log ingest, lines/s stored on disk", "lines/s", digits=0, target="≥ 3× PM2",
           check=vs_pm2(3, higher_is_better=True)),
    Metric("ingest_cpu_per_m", "log ingest, daemon CPU s per million lines", "s", digits=2),
    Metric("ingest_peak_rss", "log ingest, daemon peak RSS", "MiB"),
]


def fmt(value, digits):
    return f"{value:,.{digits}f}"


def summarize(samples):
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples), "n": len(samples),
            "samples": [round(x, 4) for x in samples]}


def evaluate(results, names_):
    """Per metric: summaries per system, the ratios of the medians, and whether issue 15's "must" is met."""
    table = {}
    for m in METRICS:
        by = {n: summarize(results[m.key][n]) for n in names_ if results.get(m.key, {}).get(n)}
        if not by:
            continue
        v = by.get("velos", {}).get("median")
        ratios = {o: v / by[o]["median"] for o in ("pm2", "supervisord") if v is not None and o in by
                  and by[o]["median"] > 0}
        met = None
        if m.check and v is not None:
            met = m.check(v, by["pm2"]["median"] if "pm2" in by else None)
        table[m.key] = {"label": m.label, "unit": m.unit, "systems": by, "ratio": ratios, "target": m.target,
                        "met": met}
    return table


def report(table, systems, opts):
    names_ = [s.name for s in systems]
    labels = {s.name: s.label for s in systems}
    lines = [f"| what | {' | '.join(labels[n] for n in names_)} | velos/PM2 | velos/supervisord | must | met? |",
             "|---" * (len(names_) + 5) + "|"]
    for m in METRICS:
        row = table.get(m.key)
        if row is None:
            continue
        cells = []
        for n in names_:
            b = row["systems"].get(n)
            cells.append("—" if b is None else
                         f"{fmt(b['median'], m.digits)} {m.unit} ({fmt(b['min'], m.digits)}–{fmt(b['max'], m.digits)}, "
                         f"n={b['n']})")
        ratio = lambda o: f"{row['ratio'][o]:.2f}×" if o in row["ratio"] else "—"
        met = {True: "yes", False: "no", None: "—"}[row["met"]] if m.target else ""
        label = m.label.replace("the idle window", f"{opts['idle_seconds']} s idle")
        lines.append(f"| {label} | {' | '.join(cells)} | {ratio('pm2')} | {ratio('supervisord')} | {m.target} | {met} |")
    return "\n".join(lines)


# --- the run ----------------------------------------------------------------------------------------

class Interrupted(Exception):
    pass


def on_signal(signum, frame):
    raise Interrupted(f"signal {signal.Signals(signum).name}")


def machine():
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "?")
    except OSError:
        pass
    commit = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h %<(50,trunc)%s"], capture_output=True,
                            text=True).stdout.strip()
    return {"cpus": os.cpu_count(), "cpu": cpu, "kernel": platform.release(), "load": load, "velos_commit": commit}


def main():
    global VELOS    # --velos: every Velos command runs the module's VELOS
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5, help="rounds per scenario (interleaved); default 5")
    ap.add_argument("--only", default=",".join(SCENARIOS), help="comma-separated scenarios; default all")
    ap.add_argument("--skip-1000", action="store_true", help="leave out scale1000 (the slowest scenario)")
    ap.add_argument("--systems", default="velos,pm2,supervisord")
    ap.add_argument("--idle-seconds", type=int, default=60, help="cpu100: CPU window in seconds; default 60")
    ap.add_argument("--ingest-seconds", type=int, default=10, help="ingest: how long the child floods; default 10")
    ap.add_argument("--json", type=Path, default=TARGET / "results.json", help="where the JSON goes")
    ap.add_argument("--keep", action="store_true", help="keep the run directory (homes, logs) afterwards")
    ap.add_argument("--velos", type=Path, default=VELOS,
                    help="the velos launcher to measure; default bin/velos (e.g. an unpacked release's bin/velos)")
    args = ap.parse_args()
    VELOS = args.velos.resolve()
    only = [s for s in args.only.split(",") if s]
    unknown = [s for s in only if s not in SCENARIOS]
    wanted = [s for s in args.systems.split(",") if s]
    bad_systems = [s for s in wanted if s not in [c.name for c in SYSTEMS]]
    if unknown or bad_systems or args.rounds < 1:
        ap.error(f"unknown scenario(s) {unknown} or system(s) {bad_systems}, or --rounds < 1; "
                 f"scenarios: {','.join(SCENARIOS)}")
    if args.skip_1000:
        only = [s for s in only if s != "scale1000"]
    scenarios = [s for s in SCENARIOS if s in only]
    if not VELOS.exists() and "velos" in wanted:
        raise SystemExit(f"compare: {VELOS} is missing; run make build first")
    if VELOS == ROOT / "bin" / "velos" and not (ROOT / "cli" / "target" / "velos.jar").exists() and "velos" in wanted:
        raise SystemExit("compare: cli/target/velos.jar is missing; run make build first")

    TARGET.mkdir(parents=True, exist_ok=True)
    if "pm2" in wanted:
        Pm2.install()
    if "supervisord" in wanted:
        Supervisord.install()
    token = uuid.uuid4().hex
    run_dir = Path(tempfile.mkdtemp(prefix="run-", dir=TARGET))
    (run_dir / "ingest.sh").write_text(INGEST_SH)
    (run_dir / "talker.sh").write_text(TALKER_SH)
    systems = [cls(run_dir, token) for cls in SYSTEMS if cls.name in wanted]
    opts = {"run_dir": run_dir, "idle_seconds": args.idle_seconds, "ingest_seconds": args.ingest_seconds}
    results = {}            # metric -> system -> [samples]
    details = {}            # scenario -> system -> [per-run details]
    errors, leftovers = [], []
    info = {"machine_before": machine(), "rounds": args.rounds, "scenarios": scenarios,
            "idle_seconds": args.idle_seconds, "ingest_seconds": args.ingest_seconds,
            "versions": {s.name: s.label for s in systems}}
    print(f"compare: {', '.join(scenarios)} × {args.rounds} round(s), systems {', '.join(s.name for s in systems)}; "
          f"homes in {run_dir}", file=sys.stderr)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    interrupted = None
    try:
        for scenario in scenarios:
            for r in range(args.rounds):
                order = systems[r % len(systems):] + systems[:r % len(systems)]
                progress = []
                for s in order:
                    try:
                        s.reset()
                        out = SCENARIOS[scenario](s, opts)
                        metrics, extra = out if isinstance(out, tuple) else (out, None)
                        for key, values in metrics.items():
                            results.setdefault(key, {}).setdefault(s.name, []).extend(values)
                        if extra is not None:
                            details.setdefault(scenario, {}).setdefault(s.name, []).append(extra)
                        progress.append(f"{s.name} " + ", ".join(f"{k}={statistics.median(v):.4g}" for k, v in metrics.items()))
                    except Exception as e:          # one failed run must not lose the rest of the run
                        errors.append({"scenario": scenario, "round": r + 1, "system": s.name, "error": str(e)})
                        progress.append(f"{s.name} FAILED: {e}")
                    finally:
                        s.kill()
                        left = sweep(token)
                        if left:
                            leftovers.append({"scenario": scenario, "round": r + 1, "system": s.name,
                                              "processes": left})
                            progress.append(f"{s.name} left {len(left)} process(es) behind, killed")
                print(f"compare: {scenario} round {r + 1}/{args.rounds}: " + "; ".join(progress), file=sys.stderr)
    except (KeyboardInterrupt, Interrupted) as e:
        interrupted = str(e) or "Ctrl-C"
        print(f"compare: interrupted ({interrupted}); stopping every daemon ...", file=sys.stderr)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)    # a second Ctrl-C must not cut the clean-up short
        for sig in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)
        for s in systems:
            try:
                s.kill()
            except Exception as e:
                print(f"compare: stopping {s.name}: {e}", file=sys.stderr)
        left = sweep(token)
        if left:
            leftovers.append({"scenario": "end", "processes": left})
        if not args.keep:
            shutil.rmtree(run_dir, ignore_errors=True)

    info["machine_after"] = machine()
    table = evaluate(results, [s.name for s in systems])
    doc = {"run": info, "metrics": table, "details": details, "errors": errors, "leftovers": leftovers,
           "interrupted": interrupted}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(doc, indent=2, ensure_ascii=False))
    print(report(table, systems, opts) if table else "No results.")
    print()
    print(f"Medians (min–max, n samples) of {args.rounds} interleaved round(s); ratios are velos ÷ the other's median "
          f"(for lines/s higher is better, for everything else lower). Load average {info['machine_before']['load']} "
          f"before, {info['machine_after']['load']} after; {info['machine_before']['cpus']} CPUs, "
          f"velos at {info['machine_before']['velos_commit']}. JSON: {args.json}")
    for scenario, by in details.items():
        for name, runs in by.items():
            print(f"{scenario} {name}: " + " | ".join(", ".join(f"{k}={v}" for k, v in d.items()) for d in runs))
    for e in errors:
        print(f"FAILED: {e['scenario']} round {e['round']} {e['system']}: {e['error']}")
    for x in leftovers:
        where = " ".join(str(x[k]) for k in ("scenario", "round", "system") if k in x)
        print(f"LEFT BEHIND (killed): {where}: {len(x['processes'])} process(es), e.g. {'; '.join(x['processes'][:3])}")
    if interrupted:
        print(f"INTERRUPTED: {interrupted}; the table holds the rounds finished before.")
    sys.exit(1 if errors or interrupted else 0)


if __name__ == "__main__":
    main()
