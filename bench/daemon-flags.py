#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""What each JVM flag of the daemon buys: launch time, idle memory and memory with 100 apps (issue 15).

Every variant is the daemon's flag line from bin/velos (BASE below, plus its AOT cache) with ONE
change; the variants run interleaved, round by round, so the machine's drift hits them alike. Per
variant and round, a fresh daemon on a private home:
  launch    java exec until the control socket accepts (the JVM alone, not bin/velos's shell part)
  idle      VmRSS, RssAnon, PSS 5 s after launch and one `velos list` (highest of 3 samples)
  apps      the same with 100 (--apps N) `sleep` apps started by one `velos start --config`;
            per app: (apps RSS - idle RSS) / N, in KiB
  idle CPU  with --idle-cpu S: then, 15 s after the last client command, the daemon's CPU over S
            seconds from its threads' schedstat (ms), and which threads spent it (--json)
Output: a Markdown table (medians, min-max) on stdout; progress on stderr; --json FILE for samples.

  bench/daemon-flags.py                    # every variant, 3 rounds
  bench/daemon-flags.py --rounds 5 --only base,no-aot,perfdata
  bench/daemon-flags.py --list             # the variants
bench/daemon-flags.sh is the older cumulative view (idle RSS only, no AOT-sensitive variants).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare import accepts, settle_memory, wait_for  # noqa: E402  one owner for /proc and socket reads

ROOT = Path(__file__).resolve().parent.parent
JAR = ROOT / "cli" / "target" / "velos.jar"
AOT = ROOT / "cli" / "target" / "velos-daemon.aot"
VELOS = ROOT / "bin" / "velos"
SLEEP = shutil.which("sleep") or "/bin/sleep"
COMMON = ["--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"]

# bin/velos's daemon line at the time of the run (keep in step with it).
BASE = ("-XX:+UseSerialGC -Xms8m -Xmx64m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:-ShrinkHeapInSteps -Djdk.nio.maxCachedBufferSize=65536 -Xss512k -XX:TieredStopAtLevel=1 -XX:TrimNativeHeapInterval=1000 "
        "-XX:+UseCompressedOops -XX:+ExitOnOutOfMemoryError").split()
WITH_AOT = [f"-XX:AOTCache={AOT}", "-Xlog:aot=off", "-Xlog:cds=off"]


def variant(add=(), drop=(), aot=True, env=None):
    flags = [f for f in BASE if not any(f.startswith(d) for d in drop)] + list(add)
    return {"flags": flags + (WITH_AOT if aot else []), "env": env or {}, "add": list(add), "drop": list(drop),
            "aot": aot}


VARIANTS = {
    "base": variant(),
    # Before issue 15's heap work: SerialGC's default free ratios (40/70) and damped shrinking.
    "heap-default": variant(drop=["-XX:MinHeapFreeRatio", "-XX:MaxHeapFreeRatio", "-XX:-ShrinkHeapInSteps"]),
    "heapfree-30": variant(add=["-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30"],
                           drop=["-XX:MinHeapFreeRatio", "-XX:MaxHeapFreeRatio"]),
    "no-aot": variant(aot=False),
    "xshare-off": variant(add=["-Xshare:off"], aot=False),
    "codecache-8m": variant(add=["-XX:ReservedCodeCacheSize=8m"]),
    "metaspace-64m": variant(add=["-XX:MaxMetaspaceSize=64m", "-XX:CompressedClassSpaceSize=16m"]),
    "cicount-1": variant(add=["-XX:CICompilerCount=1"]),
    "stacks-256k": variant(add=["-Xss256k", "-XX:VMThreadStackSize=256", "-XX:CompilerThreadStackSize=512"],
                           drop=["-Xss"]),
    "perfdata": variant(add=["-XX:-UsePerfData"]),
    "xmn4m": variant(add=["-Xmn4m"]),
    "heapfree-20": variant(add=["-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20"]),
    "xmn2m-heapfree-20": variant(add=["-Xmn2m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20"]),
    "tiered-full": variant(drop=["-XX:TieredStopAtLevel"]),
    "no-trim": variant(drop=["-XX:TrimNativeHeapInterval"]),
    "arena-2": variant(env={"MALLOC_ARENA_MAX": "2"}),
    "g1-periodic": variant(add=["-XX:+UseG1GC", "-XX:G1PeriodicGCInterval=5000"], drop=["-XX:+UseSerialGC"]),
    "xmn6m": variant(add=["-Xmn6m", "-Xms16m"], drop=["-Xms"]),
    "g1-periodic-free20": variant(add=["-XX:+UseG1GC", "-XX:G1PeriodicGCInterval=5000", "-XX:MinHeapFreeRatio=10",
                                       "-XX:MaxHeapFreeRatio=20"], drop=["-XX:+UseSerialGC"]),
    "xmn6m-free20": variant(add=["-Xmn6m", "-Xms16m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20"],
                            drop=["-Xms"]),
    "deflate-off": variant(add=["-XX:+UnlockDiagnosticVMOptions", "-XX:AsyncDeflationInterval=0"]),
    "trim-10s": variant(add=["-XX:TrimNativeHeapInterval=10000"], drop=["-XX:TrimNativeHeapInterval"]),
    "ffm-nospec": variant(add=["-Djdk.internal.foreign.DowncallLinker.USE_SPEC=false"]),
    "compact-headers": variant(add=["-XX:+UseCompactObjectHeaders"], aot=False),
}


def memory(pid):
    """compare.py's reading: the highest of 3 samples 0.3 s apart (VmRSS, RssAnon, PSS in MiB)."""
    return settle_memory(pid, 0)


def thread_cpu_ns(pid):
    """Nanoseconds on the CPU per thread (/proc/<pid>/task/*/schedstat), keyed "tid name"."""
    result = {}
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/comm") as f:
                name = f.read().strip()
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                result[f"{task} {name}"] = int(f.read().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return result


def idle_cpu(pid, seconds):
    """The daemon's CPU ms over `seconds` and the threads that spent it (ms, largest first)."""
    before = thread_cpu_ns(pid)
    time.sleep(seconds)
    after = thread_cpu_ns(pid)
    spent = {t: (after[t] - before.get(t, 0)) / 1e6 for t in after}
    top = {t.split(" ", 1)[1]: round(ms, 2) for t, ms in sorted(spent.items(), key=lambda kv: -kv[1]) if ms >= 0.05}
    return sum(spent.values()), top


def velos(env, *args):
    subprocess.run([str(VELOS), *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=True, timeout=300)


def stop(env, daemon):
    """`velos kill`, reaping the daemon meanwhile: `velos kill` waits until the daemon's pid is gone, and
    the daemon is this script's child, a zombie until reaped (else every kill waits out its deadline)."""
    kill = subprocess.Popen([str(VELOS), "kill"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if daemon is not None:
        try:
            daemon.wait(timeout=60)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()
    kill.wait(timeout=120)


def launch_only(v, java):
    """Launch time alone: a fresh daemon until its socket accepts, then `velos kill`."""
    home = Path(tempfile.mkdtemp(prefix="velos-lean-flags."))
    daemon = None
    env = dict(os.environ, VELOS_HOME=str(home), NO_COLOR="1")
    try:
        start = time.perf_counter()
        daemon = subprocess.Popen([java, *v["flags"], *COMMON, "-jar", str(JAR), "daemon"], env=dict(env, **v["env"]),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        wait_for(lambda: accepts(home / "velos.sock"), 30, "the daemon's socket", interval=0.005)
        return (time.perf_counter() - start) * 1000
    finally:
        stop(env, daemon)
        shutil.rmtree(home, ignore_errors=True)


def measure(v, java, settle, napps=100, idle_cpu_s=0):
    home = Path(tempfile.mkdtemp(prefix="velos-lean-flags."))
    daemon = None
    env = dict(os.environ, VELOS_HOME=str(home), NO_COLOR="1")
    denv = dict(env, **v["env"])
    try:
        start = time.perf_counter()
        daemon = subprocess.Popen([java, *v["flags"], *COMMON, "-jar", str(JAR), "daemon"], env=denv,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        wait_for(lambda: accepts(home / "velos.sock"), 30, "the daemon's socket", interval=0.005)
        launch = (time.perf_counter() - start) * 1000
        pid = int((home / "velos.pid").read_text().strip())
        time.sleep(settle)
        velos(env, "list")
        time.sleep(2)
        idle = memory(pid)
        cfg = home / "apps.toml"
        cfg.write_text("".join(f'[apps.s{i}]\nscript = "{SLEEP}"\nargs = ["100000"]\n' for i in range(napps)))
        velos(env, "start", "--config", str(cfg))
        time.sleep(settle)
        velos(env, "list")
        time.sleep(2)
        apps = memory(pid)
        result = {"launch": launch, **{f"idle_{k}": x for k, x in idle.items()},
                  **{f"apps_{k}": x for k, x in apps.items()},
                  "per_app": (apps["rss"] - idle["rss"]) * 1024 / napps}
        if idle_cpu_s > 0:
            time.sleep(15)  # compare.py's IDLE_SETTLE_S: the daemon's "someone looked" window is over
            result["idle_cpu_ms"], result["idle_cpu_threads"] = idle_cpu(pid, idle_cpu_s)
        return result
    finally:
        stop(env, daemon)
        shutil.rmtree(home, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--only", help="comma-separated variant names")
    ap.add_argument("--settle", type=float, default=3.0, help="seconds before each memory reading")
    ap.add_argument("--launches", type=int, default=2, help="extra launch-only samples per variant and round")
    ap.add_argument("--apps", type=int, default=100, help="how many apps the second reading has")
    ap.add_argument("--launch-only", action="store_true", help="only launch samples (1 + --launches per round)")
    ap.add_argument("--idle-cpu", type=float, default=0, help="seconds of idle CPU to measure with the apps (0: none)")
    ap.add_argument("--json", help="write every sample here")
    ap.add_argument("--list", action="store_true")
    o = ap.parse_args()
    if o.list:
        for n, v in VARIANTS.items():
            print(f"{n:16} {' '.join(v['flags'])} {' '.join(f'{k}={x}' for k, x in v['env'].items())}")
        return
    names = o.only.split(",") if o.only else list(VARIANTS)
    java = str(Path(subprocess.run([str(ROOT / "bin" / "find-jdk")], stdout=subprocess.PIPE, text=True,
                                   check=True).stdout.strip()) / "bin" / "java")
    samples = {n: [] for n in names}
    load0 = os.getloadavg()
    for r in range(o.rounds):
        order = names[r % len(names):] + names[:r % len(names)]
        for n in order:
            print(f"round {r + 1}/{o.rounds}: {n}", file=sys.stderr)
            if o.launch_only:
                m = {"launch": [launch_only(VARIANTS[n], java) for _ in range(1 + o.launches)]}
            else:
                m = measure(VARIANTS[n], java, o.settle, o.apps, o.idle_cpu)
                m["launch"] = [m["launch"]] + [launch_only(VARIANTS[n], java) for _ in range(o.launches)]
            samples[n].append(m)
    load1 = os.getloadavg()
    keys = ["launch", "idle_rss", "idle_anon", "idle_pss", "apps_rss", "apps_anon", "apps_pss", "per_app"]
    heads = ["launch ms", "idle RSS", "idle RssAnon", "idle PSS", f"{o.apps} apps RSS", f"{o.apps} apps RssAnon", f"{o.apps} apps PSS", "per app KiB"]
    if o.launch_only:
        keys, heads = keys[:1], heads[:1]
    elif o.idle_cpu > 0:
        keys, heads = keys + ["idle_cpu_ms"], heads + [f"idle CPU ms / {o.idle_cpu:g} s"]
    print("| variant | change from bin/velos's daemon line | " + " | ".join(heads) + " |")
    print("|---|---|" + "---|" * len(heads))
    def med(n, k):
        return statistics.median(x for s in samples[n] for x in (s[k] if isinstance(s[k], list) else [s[k]]))
    base = {k: med("base", k) for k in keys} if "base" in samples else None
    for n in names:
        v = VARIANTS[n]
        change = " ".join([f"+`{a}`" for a in v["add"]] + [f"−`{d}…`" for d in v["drop"]] +
                          [f"`{k}={x}`" for k, x in v["env"].items()] + ([] if v["aot"] else ["no AOT cache"]))
        cells = []
        for k in keys:
            xs = [x for s in samples[n] for x in (s[k] if isinstance(s[k], list) else [s[k]])]
            m = med(n, k)
            delta = f" ({m - base[k]:+.1f})" if base and n != "base" else ""
            cells.append(f"{m:.1f}{delta} [{min(xs):.1f}–{max(xs):.1f}]")
        print(f"| {n} | {change or '(as is)'} | " + " | ".join(cells) + " |")
    print(f"\nMiB unless said; median (change vs base) [min–max] of {o.rounds} rounds "
          f"({o.rounds * (1 + o.launches)} launches); "
          f"load average {load0[0]:.2f} before, {load1[0]:.2f} after; {os.cpu_count()} CPUs")
    if o.json:
        Path(o.json).write_text(json.dumps({"samples": samples, "variants": VARIANTS,
                                            "load": [load0, load1]}, indent=1))


if __name__ == "__main__":
    main()
