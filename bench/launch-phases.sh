#!/bin/sh
# Where the daemon's launch goes until its control socket accepts (issue 15): one `velos daemon`
# (bin/velos, its flags and AOT cache) under strace, which stops only at the system calls named
# below (--seccomp-bpf: the others run at full speed), plus -Xlog:class+load for the classes
# spun at run time (FFM DowncallStubs, lambda forms: no AOT cache can hold them). Prints, in ms
# from the exec of the JVM: the first prctl (the supervisor's subreaper bit), epoll_create1 and
# eventfd2 (its event loop), the first openat of a /proc/<pid>/environ (the stray scan), the
# bind and listen of velos.sock, and which DowncallStubs were spun before that listen.
# Usage: bench/launch-phases.sh [launches]   (default 3; strace's stops cost a little, so read
# the phases' order and gaps, not the total, which bench/compare.py --only launch measures)
set -eu
repo=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd -P)
n=${1:-3}
out=$(mktemp -d "${TMPDIR:-/tmp}/velos-launch-phases.XXXXXX")
trap 'rm -rf "$out"' EXIT
i=0
while [ "$i" -lt "$n" ]; do
    i=$((i + 1))
    home=$out/home$i
    mkdir -p "$home"
    VELOS_HOME=$home NO_COLOR=1 VELOS_JAVA_OPTS="-Xlog:class+load:file=$out/classes$i.log:uptimenanos" \
        strace -f --seccomp-bpf -ttt -e trace=execve,prctl,epoll_create1,eventfd2,bind,listen,openat -o "$out/trace$i" \
        "$repo/bin/velos" daemon >/dev/null 2>&1 &
    j=0
    until [ -S "$home/velos.sock" ] || [ $j -gt 300 ]; do sleep 0.1; j=$((j + 1)); done
    sleep 1
    VELOS_HOME=$home "$repo/bin/velos" kill >/dev/null 2>&1 || true
    wait
    python3 - "$out/trace$i" "$out/classes$i.log" "$i" <<'PY'
import re, sys
trace, classes, run = sys.argv[1:]
lines = open(trace).read().splitlines()
t0 = None
marks = {}
for line in lines:
    m = re.match(r"\d+\s+(\d+\.\d+) (\w+)\((.*)", line)
    if not m:
        continue
    t, call, args = float(m.group(1)), m.group(2), m.group(3)
    if call == "execve" and "bin/java" in args and t0 is None:
        t0 = t
    if t0 is None:
        continue
    def mark(name):
        marks.setdefault(name, (t - t0) * 1000)
    if call == "prctl" and "PR_SET_CHILD_SUBREAPER" in args:
        mark("prctl(PR_SET_CHILD_SUBREAPER)")
    elif call in ("epoll_create1", "eventfd2") and " = " in line and "<unfinished" not in line:
        mark(call)
    elif call == "openat" and re.search(r'"/proc/\d+/environ"', args):
        mark("first /proc/<pid>/environ (stray scan)")
    elif call == "bind" and "velos.sock" in args:
        mark("bind velos.sock")
    elif call == "listen" and "listen velos.sock" not in marks and "bind velos.sock" in marks:
        mark("listen velos.sock")
stubs = []
for line in open(classes):
    m = re.match(r"\[(\d+)ns\] (\S+)", line)
    if m and "DowncallStub" in m.group(2):
        stubs.append(int(m.group(1)) / 1e6)
spun = sum(1 for line in open(classes) if "LambdaForm$" in line or "DowncallStub" in line or "$$Lambda" in line)
listen = marks.get("listen velos.sock", float("inf"))
print(f"launch {run}: " + ", ".join(f"{k} {v:.0f}" for k, v in sorted(marks.items(), key=lambda kv: kv[1])))
print(f"  DowncallStubs spun (ms of JVM uptime): {', '.join(f'{s:.0f}' for s in stubs)}; "
      f"{len(stubs)} in all, {spun} run-time-spun classes in all")
PY
done
