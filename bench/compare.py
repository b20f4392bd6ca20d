#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Side-by-side benchmark of velos, PM2 and supervisord (issue 9), in one run.

Every scenario runs the three systems interleaved (velos, pm2, supervisord, velos, pm2, ...), so
the machine's drift (±30 % on these 2-core machines) hits all of them alike, and the report gives
medians and the velos/PM2 and velos/supervisord ratios. Each system gets a private home under
bench/target/compare/, and its daemon is killed between scenarios that need a fresh one.

Scenarios (names for --only):
  idle      daemon RSS with no apps, 5 s after launch (VmRSS of /proc/<daemon>/status)
  launch    daemon launch until its control socket accepts (velos daemon, supervisord; PM2: `pm2 ping`)
  apps100   daemon RSS with 100 `sleep` apps running (after the apps settle)
  list10    `list` with 10 apps: wall time of the whole CLI process (supervisorctl status)
  start1    start one app until it is running: wall time of the CLI command
  start100  start 100 apps from a config file until all are running (warm daemon)
  scale1000 velos only: 1,000 apps — start time, RSS, `list` latency, idle CPU over --idle-seconds

PM2 (7.0.4) is installed with npm into bench/target/pm2 when missing; supervisord from Debian's
package `supervisor` (apt-get) when missing. Usage:

  bench/compare.py                       # all scenarios, 5 rounds
  bench/compare.py --rounds 9 --only list10,start1
  bench/compare.py --systems velos,pm2

Results: a Markdown table on stdout and JSON in bench/target/compare/results.json.
"""
import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "bench" / "target" / "compare"
VELOS = ROOT / "bin" / "velos"
PM2_VERSION = "7.0.4"
PM2_PREFIX = ROOT / "bench" / "target" / "pm2"
PM2 = PM2_PREFIX / "node_modules" / ".bin" / "pm2"
SLEEP = shutil.which("sleep") or "/bin/sleep"


def run(cmd, env=None, check=True, timeout=300):
    """Runs a command quietly; returns (wall seconds, stdout)."""
    start = time.perf_counter()
    p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=timeout)
    wall = time.perf_counter() - start
    if check and p.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} exited {p.returncode}: {p.stderr.strip()[:500]}")
    return wall, p.stdout


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / tick


def threads(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    return 0


def accepts(path):
    """Whether a Unix socket at `path` accepts a connection right now."""
    import socket
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


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise RuntimeError(f"timed out waiting for {what}")


class System:
    name = "?"

    def __init__(self):
        self.home = TARGET / self.name
        self.env = dict(os.environ)

    def reset(self):
        self.kill()
        shutil.rmtree(self.home, ignore_errors=True)
        self.home.mkdir(parents=True)

    # Each system implements: launch() -> seconds, daemon_pid(), start_many(names) [CLI, timed by caller],
    # start_one(name), delete(name), list_cmd(), running_count(), kill().


class Velos(System):
    name = "velos"

    def __init__(self):
        super().__init__()
        self.env["VELOS_HOME"] = str(self.home)
        self.env["NO_COLOR"] = "1"
        self.env.pop("VELOS_SOCKET", None)

    def cli(self, *args, check=True):
        return run([str(VELOS), *args], env=self.env, check=check)

    def launch(self):
        """`velos daemon` until its control socket accepts a connection (the first moment a client is served)."""
        start = time.perf_counter()
        subprocess.Popen([str(VELOS), "daemon"], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
        wait_for(lambda: accepts(self.home / "velos.sock"), 30, "velos socket")
        elapsed = time.perf_counter() - start
        self.cli("ping")
        return elapsed

    def launch_warm(self):
        self.cli("list")

    def daemon_pid(self):
        return int((self.home / "velos.pid").read_text().strip())

    def start_one_cmd(self, name):
        return [str(VELOS), "start", SLEEP, "--name", name, "--", "100000"]

    def start_many_cmd(self, names):
        cfg = self.home / "apps.toml"
        cfg.write_text("".join(f'[apps.{n}]\nscript = "{SLEEP}"\nargs = ["100000"]\n' for n in names))
        return [str(VELOS), "start", "--config", str(cfg)]

    def delete_all(self):
        self.cli("delete", "all", check=False)

    def list_cmd(self):
        return [str(VELOS), "list"]

    def running_count(self):
        _, out = self.cli("list", "--json")
        return sum(1 for p in json.loads(out) if p.get("status_str", p.get("status")) in ("running", "online", 1))

    def kill(self):
        if (self.home / "velos.sock").exists():
            self.cli("kill", check=False)


class Pm2(System):
    name = "pm2"

    def __init__(self):
        super().__init__()
        self.env["PM2_HOME"] = str(self.home)

    @staticmethod
    def install():
        package = PM2_PREFIX / "node_modules" / "pm2" / "package.json"
        if PM2.exists() and f'"version": "{PM2_VERSION}"' in package.read_text():
            return
        print(f"compare: installing pm2@{PM2_VERSION} into {PM2_PREFIX} ...", file=sys.stderr)
        PM2_PREFIX.mkdir(parents=True, exist_ok=True)
        run(["npm", "install", "--prefix", str(PM2_PREFIX), "--no-audit", "--no-fund", "--loglevel=error",
             f"pm2@{PM2_VERSION}"], timeout=600)

    def cli(self, *args, check=True):
        return run([str(PM2), *args], env=self.env, check=check)

    def launch(self):
        """`pm2 ping` on a cold home: PM2 has no daemon command of its own, its CLI spawns the daemon and
        waits for it, so this includes one node CLI start (~0.2 s) the others do not pay."""
        start = time.perf_counter()
        self.cli("ping")
        return time.perf_counter() - start

    def launch_warm(self):
        self.cli("ping")

    def daemon_pid(self):
        return int((self.home / "pm2.pid").read_text().strip())

    def start_one_cmd(self, name):
        return [str(PM2), "start", SLEEP, "--name", name, "--", "100000"]

    def start_many_cmd(self, names):
        cfg = self.home / "apps.json"
        cfg.write_text(json.dumps({"apps": [{"name": n, "script": SLEEP, "args": ["100000"]} for n in names]}))
        return [str(PM2), "start", str(cfg)]

    def delete_all(self):
        self.cli("delete", "all", check=False)

    def list_cmd(self):
        return [str(PM2), "list"]

    def running_count(self):
        _, out = self.cli("jlist")
        return sum(1 for p in json.loads(out) if p["pm2_env"]["status"] == "online")

    def kill(self):
        if (self.home / "pm2.pid").exists():
            self.cli("kill", check=False)


class Supervisord(System):
    """supervisord 4 with a unix socket; programs use startsecs=0 so "running" means spawned, as for
    velos and PM2 (with the default startsecs=1 every start would take at least a second)."""
    name = "supervisord"

    def __init__(self):
        super().__init__()
        self.conf = self.home / "supervisord.conf"
        self.programs = []

    @staticmethod
    def install():
        if shutil.which("supervisord"):
            return
        print("compare: installing supervisor with apt-get ...", file=sys.stderr)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run(["apt-get", "install", "-y", "-q", "supervisor"], env=env, timeout=900)
        # The package starts its own system instance; it is not part of the measurement.
        run(["sh", "-c", "service supervisor stop || pkill -f /usr/bin/supervisord || true"], check=False)

    def write_conf(self):
        h = self.home
        text = (f"[unix_http_server]\nfile={h}/supervisor.sock\nchmod=0700\n\n"
                f"[supervisord]\nlogfile={h}/supervisord.log\npidfile={h}/supervisord.pid\nchildlogdir={h}\n"
                f"nodaemon=false\nsilent=true\n\n"
                "[rpcinterface:supervisor]\n"
                "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n"
                f"[supervisorctl]\nserverurl=unix://{h}/supervisor.sock\n\n")
        for n in self.programs:
            text += (f"[program:{n}]\ncommand={SLEEP} 100000\nautostart=false\nstartsecs=0\n"
                     f"stdout_logfile={h}/{n}-out.log\nstderr_logfile={h}/{n}-err.log\n\n")
        self.conf.write_text(text)

    def ctl(self, *args, check=True):
        return run(["supervisorctl", "-c", str(self.conf), *args], env=self.env, check=check)

    def launch(self):
        """`supervisord` until its socket accepts a connection."""
        self.write_conf()
        start = time.perf_counter()
        run(["supervisord", "-c", str(self.conf)], env=self.env)
        wait_for(lambda: accepts(self.home / "supervisor.sock"), 30, "supervisord socket")
        elapsed = time.perf_counter() - start
        self.ctl("pid")
        return elapsed

    def launch_warm(self):
        self.launch()

    def daemon_pid(self):
        return int((self.home / "supervisord.pid").read_text().strip())

    def define(self, names):
        """supervisord learns programs from its config: add them and `update` (not part of the timing)."""
        self.programs = list(names)
        self.write_conf()
        self.ctl("update", check=False)

    def start_one_cmd(self, name):
        return ["supervisorctl", "-c", str(self.conf), "start", name]

    def start_many_cmd(self, names):
        return ["supervisorctl", "-c", str(self.conf), "start", "all"]

    def delete_all(self):
        self.ctl("stop", "all", check=False)

    def list_cmd(self):
        return ["supervisorctl", "-c", str(self.conf), "status"]

    def running_count(self):
        _, out = self.ctl("status", check=False)
        return sum(1 for line in out.splitlines() if " RUNNING " in line)

    def kill(self):
        pidfile = self.home / "supervisord.pid"
        if pidfile.exists():
            try:
                pid = int(pidfile.read_text().strip())
                os.kill(pid, signal.SIGTERM)
                wait_for(lambda: not Path(f"/proc/{pid}").exists(), 30, "supervisord exit")
            except (ValueError, ProcessLookupError, RuntimeError):
                pass


def names(prefix, n):
    return [f"{prefix}{i}" for i in range(n)]


def prepare_apps(system, apps):
    if isinstance(system, Supervisord):
        system.define(apps)


def settle_rss(pid, seconds=5.0):
    """RSS once it stops moving: the max of the last samples after `seconds` of settling."""
    time.sleep(seconds)
    return max(rss_mib(pid) for _ in range(3) if time.sleep(0.3) is None)


def scenario_idle(system):
    system.reset()
    system.launch()
    return settle_rss(system.daemon_pid())


def scenario_launch(system):
    system.reset()
    return system.launch() * 1000


def scenario_apps100(system):
    system.reset()
    system.launch()
    apps = names("s", 100)
    prepare_apps(system, apps)
    run(system.start_many_cmd(apps), env=system.env)
    wait_for(lambda: system.running_count() == 100, 120, f"{system.name}: 100 apps running")
    return settle_rss(system.daemon_pid())


def scenario_list10(system, rounds):
    system.reset()
    system.launch()
    apps = names("l", 10)
    prepare_apps(system, apps)
    run(system.start_many_cmd(apps), env=system.env)
    wait_for(lambda: system.running_count() == 10, 60, f"{system.name}: 10 apps running")
    run(system.list_cmd(), env=system.env)  # warm the page cache
    return [run(system.list_cmd(), env=system.env)[0] * 1000 for _ in range(rounds)]


def scenario_start1(system, rounds):
    system.reset()
    system.launch()
    prepare_apps(system, names("one", rounds))
    samples = []
    for i in range(rounds):
        wall, _ = run(system.start_one_cmd(f"one{i}"), env=system.env)
        samples.append(wall * 1000)
    return samples


def timed_start_all(system, apps, timeout=120):
    """Wall time of the start command; when it returns with every app already running (all three do
    for `sleep`), that is the figure. Otherwise the time until a status poll saw them all, which
    then includes one status CLI process."""
    start = time.perf_counter()
    run(system.start_many_cmd(apps), env=system.env, timeout=600)
    elapsed = time.perf_counter() - start
    if system.running_count() == len(apps):
        return elapsed
    wait_for(lambda: system.running_count() == len(apps), timeout, f"{system.name}: {len(apps)} apps running")
    return time.perf_counter() - start


def scenario_start100(system):
    system.reset()
    system.launch()
    apps = names("c", 100)
    prepare_apps(system, apps)
    return timed_start_all(system, apps) * 1000


def scale1000(idle_seconds):
    v = Velos()
    v.reset()
    v.launch()
    pid = v.daemon_pid()
    rss0 = settle_rss(pid, 2)
    threads0 = threads(pid)
    apps = names("k", 1000)
    start_s = timed_start_all(v, apps, 300)
    rss1 = settle_rss(pid, 5)
    lists = sorted(run(v.list_cmd(), env=v.env)[0] * 1000 for _ in range(7))
    cpu0 = cpu_seconds(pid)
    time.sleep(idle_seconds)
    cpu1 = cpu_seconds(pid)
    result = {"start_1000_s": round(start_s, 2), "rss_idle_mib": round(rss0, 1), "rss_1000_mib": round(rss1, 1),
              "per_app_kib": round((rss1 - rss0) * 1024 / 1000, 1), "threads_idle": threads0,
              "threads_1000": threads(pid), "list_1000_median_ms": round(statistics.median(lists)),
              "idle_cpu_s": round(cpu1 - cpu0, 3), "idle_cpu_percent": round(100 * (cpu1 - cpu0) / idle_seconds, 3),
              "idle_seconds": idle_seconds}
    v.delete_all()
    v.kill()
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5, help="rounds per scenario (interleaved); default 5")
    ap.add_argument("--only", default="idle,launch,apps100,list10,start1,start100,scale1000")
    ap.add_argument("--systems", default="velos,pm2,supervisord")
    ap.add_argument("--idle-seconds", type=int, default=60, help="scale1000: idle CPU window; default 60")
    args = ap.parse_args()
    only = args.only.split(",")
    wanted = args.systems.split(",")
    TARGET.mkdir(parents=True, exist_ok=True)
    if "pm2" in wanted:
        Pm2.install()
    if "supervisord" in wanted:
        Supervisord.install()
    systems = [cls() for cls in (Velos, Pm2, Supervisord) if cls.name in wanted]
    results = {}
    units = {"idle": "MiB", "apps100": "MiB", "launch": "ms", "list10": "ms", "start1": "ms", "start100": "ms"}
    try:
        for scenario in [s for s in ("idle", "launch", "apps100", "list10", "start1", "start100") if s in only]:
            samples = {s.name: [] for s in systems}
            for r in range(args.rounds):
                for s in systems:
                    if scenario == "idle":
                        samples[s.name].append(scenario_idle(s))
                    elif scenario == "launch":
                        samples[s.name].append(scenario_launch(s))
                    elif scenario == "apps100":
                        samples[s.name].append(scenario_apps100(s))
                    elif scenario == "start100":
                        samples[s.name].append(scenario_start100(s))
                    elif scenario == "list10":
                        samples[s.name].extend(scenario_list10(s, 3))
                    elif scenario == "start1":
                        samples[s.name].extend(scenario_start1(s, 3))
                    s.kill()
                print(f"compare: {scenario} round {r + 1}/{args.rounds}: "
                      + ", ".join(f"{n} {v[-1]:.1f}" for n, v in samples.items()), file=sys.stderr)
            results[scenario] = {n: {"median": statistics.median(v), "min": min(v), "max": max(v), "n": len(v)}
                                 for n, v in samples.items()}
        if "scale1000" in only and "velos" in wanted:
            print("compare: scale1000 ...", file=sys.stderr)
            results["scale1000"] = scale1000(args.idle_seconds)
    finally:
        for s in systems:
            s.kill()
    (TARGET / "results.json").write_text(json.dumps(results, indent=2))
    print(report(results, units, [s.name for s in systems]))


def report(results, units, names_):
    lines = [f"| scenario | {' | '.join(names_)} | velos/pm2 | velos/supervisord |",
             "|---" * (len(names_) + 3) + "|"]
    for scenario, by in results.items():
        if scenario == "scale1000":
            continue
        cells = [f"{by[n]['median']:.1f} {units[scenario]} ({by[n]['min']:.1f}–{by[n]['max']:.1f}, n={by[n]['n']})"
                 for n in names_]
        v = by.get("velos", {}).get("median")
        ratio = lambda other: f"{v / by[other]['median']:.2f}×" if v and other in by else "—"
        lines.append(f"| {scenario} | {' | '.join(cells)} | {ratio('pm2')} | {ratio('supervisord')} |")
    if "scale1000" in results:
        lines.append("")
        lines.append("velos with 1,000 apps: " + ", ".join(f"{k}={v}" for k, v in results["scale1000"].items()))
    return "\n".join(lines)


if __name__ == "__main__":
    main()
