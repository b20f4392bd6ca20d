#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Log ingest throughput, velos vs PM2 7.0.4, in one run (issue 4, "Performance" / "Ingest";
# DESIGN.md §6: both systems side by side on the same machine, reported as ratios).
#
#   bench/log-throughput.sh              # 2,000,000 lines of 100 bytes, each system once
#   bench/log-throughput.sh 200000       # fewer lines (quick check)
#   REPEAT=3 bench/log-throughput.sh     # alternate velos / PM2 three times, table has every run + medians
#   SYSTEMS=velos bench/log-throughput.sh     # only one side (no ratios)
#
# What one run of one system does:
#   1. starts the system's daemon with a fresh home under bench/target/log-throughput/ (VELOS_HOME,
#      PM2_HOME), lets it settle for a second, then samples the daemon's CPU (utime+stime from
#      /proc/<pid>/stat), RSS and the machine's CPU counters;
#   2. `velos start flood --name flood --no-autorestart -- N <stamp>` (resp. `pm2 start ...`), where
#      flood (bench/flood.c, compiled here) writes N numbered 100-byte lines to stdout through a
#      64 KiB buffer as fast as the pipe takes them, then writes its own start/end times to <stamp>;
#   3. a monitor (Python, embedded below) polls every 10 ms: the daemon's VmRSS (peak kept), the
#      newest line of <logs>/flood-out.log (of .1 when the current file was just rotated), and the
#      file sizes. The run is over when the line numbered N is on disk and the writer has exited, or
#      when the writer has exited and no log file changed for $SETTLE seconds (lines were lost);
#   4. one second later it reads the daemon's CPU again (so deferred work is counted), then the
#      script checks every line: count, order, content (flood-out.log.K ... .1, flood-out.log).
#
# Columns: "ingest s" runs from the writer's first instruction to the moment its last line that
# made it was seen on disk; lines/s = lines on disk / ingest s. "e2e s" starts before the CLI's
# `start` command (CLI start-up included). "daemon CPU s" = utime+stime of the daemon process
# plus any other process it spawned during the run except the writer, listed under "helpers") from
# just before `start` to 1 s after the last line. velos: the daemon JVM alone (no helpers seen).
# PM2 7 in fork mode reads the child's pipes and writes the log files inside its God daemon (no
# separate log process; pm2-logrotate is not installed); the only helpers seen are the short
# `sh -c "df -kP"` / `sh -c "getconf CLK_TCK"` its metrics probes run now and then (~0 s). "child CPU" is the cutime+cstime
# the daemon collected from reaped children, i.e. essentially the writer's own CPU. "peak RSS" is the daemon's highest VmRSS sampled
# during the run ("HWM" is the kernel's VmHWM, which includes daemon start-up).
# velos prefixes every line with a 25-byte ISO-8601 timestamp; PM2 writes them as they came
# (PM2_START_ARGS=--time makes PM2 add timestamps as well, for a like-for-like file format).
#
# Environment: REPEAT (default 1), SYSTEMS (default "velos pm2"), SETTLE (seconds without growth
# after the writer exited before a run is declared incomplete, default 3), TIMEOUT (seconds per
# run, default 600), PM2_START_ARGS (extra `pm2 start` options), CC (default gcc, else cc).
# Everything built or downloaded goes to bench/target/: PM2 into bench/target/pm2 (npm, once), the
# writer, the homes, per-run JSON results and logs into bench/target/log-throughput/.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

N=${1:-2000000}
REPEAT=${REPEAT:-1}
SYSTEMS=${SYSTEMS:-velos pm2}
SETTLE=${SETTLE:-3}
TIMEOUT=${TIMEOUT:-600}
PM2_START_ARGS=${PM2_START_ARGS:-}
PM2_VERSION=7.0.4

case $N in '' | *[!0-9]*) echo "log-throughput: the line count must be a number, got '$N'" >&2; exit 2 ;; esac
[ "$N" -gt 0 ] || { echo "log-throughput: the line count must be > 0" >&2; exit 2; }

out=bench/target/log-throughput
mkdir -p "$out"
out=$(cd "$out" && pwd)
pm2_prefix=$root/bench/target/pm2
pm2=$pm2_prefix/node_modules/.bin/pm2
flood=$out/flood
velos=$root/bin/velos

# --- prerequisites -------------------------------------------------------------------------------
if [ ! -f "$root/cli/target/velos.jar" ]; then
    echo "log-throughput: cli/target/velos.jar is missing; build it first (make build)" >&2
    exit 1
fi
command -v python3 >/dev/null || { echo "log-throughput: python3 is needed" >&2; exit 1; }

if [ ! -x "$flood" ] || [ "$root/bench/flood.c" -nt "$flood" ]; then
    cc=${CC:-}
    if [ -z "$cc" ]; then
        if command -v gcc >/dev/null; then cc=gcc; else cc=cc; fi
    fi
    "$cc" -O2 -o "$flood" "$root/bench/flood.c"
fi

if [ -n "$(echo "$SYSTEMS" | grep -w pm2 || true)" ]; then
    if [ ! -x "$pm2" ] || ! grep -q "\"version\": \"$PM2_VERSION\"" "$pm2_prefix/node_modules/pm2/package.json" 2>/dev/null; then
        command -v npm >/dev/null || { echo "log-throughput: npm is needed to install PM2" >&2; exit 1; }
        echo "log-throughput: installing pm2@$PM2_VERSION into bench/target/pm2 ..." >&2
        mkdir -p "$pm2_prefix"
        npm install --prefix "$pm2_prefix" --no-audit --no-fund --loglevel=error "pm2@$PM2_VERSION" >&2
    fi
fi

# --- the monitor ---------------------------------------------------------------------------------
cat > "$out/monitor.py" <<'PY'
# Watches one run: see the header of bench/log-throughput.sh. Arguments:
#   daemon_pid log_dir n stamp_file ready_file result_json settle timeout
import glob, json, os, re, sys, time

pid, logdir, n, stamp, ready, result = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
settle, timeout = float(sys.argv[7]), float(sys.argv[8])
TCK = os.sysconf("SC_CLK_TCK")
INDEX = re.compile(rb"(\d{10}) INFO flood:")

def stat(p):
    """(state, utime+stime, cutime+cstime) in ticks, or None when p is gone."""
    try:
        with open("/proc/%d/stat" % p, "rb") as f:
            s = f.read()
    except OSError:
        return None
    fields = s[s.rindex(b")") + 2:].split()
    return fields[0].decode(), int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])

def comm(p):
    try:
        with open("/proc/%d/comm" % p) as f:
            return f.read().strip()
    except OSError:
        return "?"

def cmdline(p):
    try:
        with open("/proc/%d/cmdline" % p, "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace").strip()[:80] or comm(p)
    except OSError:
        return comm(p)

def rss_kib(p, key="VmRSS"):
    try:
        with open("/proc/%d/status" % p) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0

def descendants(p):
    out, todo = [], [p]
    while todo:
        q = todo.pop()
        try:
            tids = os.listdir("/proc/%d/task" % q)
        except OSError:
            continue
        for t in tids:
            try:
                with open("/proc/%d/task/%s/children" % (q, t)) as f:
                    kids = [int(x) for x in f.read().split()]
            except OSError:
                continue
            out += kids
            todo += kids
    return out

def machine_busy():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return sum(v) - v[3] - v[4], sum(v)  # busy (all but idle, iowait), total

def files():
    base = os.path.join(logdir, "flood-out.log")
    return [base] + sorted(glob.glob(base + ".*"), key=lambda p: int(p.rsplit(".", 1)[1]) if p.rsplit(".", 1)[1].isdigit() else 0)

def last_index():
    """Index of the newest complete line on disk (current file, else .1 right after a rotation)."""
    for path in files()[:2]:
        try:
            with open(path, "rb") as f:
                f.seek(0, 2)
                size = f.tell()
                if size == 0:
                    continue
                f.seek(max(0, size - 400))
                tail = f.read()
        except OSError:
            continue
        lines = tail.split(b"\n")
        if lines and lines[-1] != b"":
            lines = lines[:-1]          # a partial line at the end: look at the complete one before
        for line in reversed(lines):
            m = INDEX.search(line)
            if m:
                return int(m.group(1))
        return None
    return None

def fingerprint():
    fp = []
    for path in files():
        try:
            st = os.stat(path)
            fp.append((path, st.st_size, st.st_mtime_ns))
        except OSError:
            pass
    return fp

base = stat(pid)
if base is None:
    sys.exit("monitor: daemon pid %d is not running" % pid)
rss_before = rss_kib(pid)
busy0, total0 = machine_busy()
with open("/proc/loadavg") as f:
    load_before = f.read().split()[0]
helpers = {}          # pid -> [comm, first ticks seen, last ticks seen, existed before start]
for d in descendants(pid):
    st = stat(d)
    if st:
        helpers[d] = [cmdline(d), st[1], st[1], True]
open(ready, "w").close()

t_start = time.time_ns()
deadline = t_start + int(timeout * 1e9)
peak_rss, samples = rss_before, 0
writer, writer_seen_exit = None, None
last_fp, last_change = None, t_start
t_done, complete, reason = None, False, ""
while True:
    now = time.time_ns()
    r = rss_kib(pid)
    if r == 0 and stat(pid) is None:
        reason = "daemon died"
        break
    peak_rss = max(peak_rss, r)
    samples += 1
    for d in descendants(pid):
        st = stat(d)
        if st is None:
            continue
        c = comm(d)
        if c == "flood" and (d not in helpers or not helpers[d][3]):
            helpers.pop(d, None)      # seen as "sh" just before it exec'd the writer: not a helper
            writer = d
            continue
        if d == writer:
            continue
        h = helpers.setdefault(d, [cmdline(d), 0, 0, False])  # new during the run: all its CPU counts
        h[2] = st[1]
    if writer is not None and writer_seen_exit is None:
        st = stat(writer)
        if st is None or st[0] == "Z":
            writer_seen_exit = now
    fp = fingerprint()
    if fp != last_fp:
        last_fp, last_change = fp, now
    writer_done = os.path.exists(stamp) and (writer is None or writer_seen_exit is not None)
    if last_index() == n:
        t_done = now if t_done is None else t_done
        if writer_done:
            complete, reason = True, "all lines on disk"
            break
    elif writer_done and now - last_change > settle * 1e9:
        t_done, reason = last_change, "log files stopped growing after the writer exited"
        break
    if now > deadline:
        t_done, reason = now, "timeout after %g s" % timeout
        break
    time.sleep(0.01)

cpu_done = stat(pid)
time.sleep(1.0)                       # deferred work (flushes, indexing) still counts
end = stat(pid)
peak_rss = max(peak_rss, rss_kib(pid))
busy1, total1 = machine_busy()
helper_ticks = sum(h[2] - (h[1] if h[3] else 0) for h in helpers.values())
w0, w1 = 0, 0
try:
    with open(stamp) as f:
        w0, w1 = [int(x) for x in f.read().split()[:2]]
except (OSError, ValueError):
    pass
res = {
    "complete": complete, "reason": reason,
    "t_monitor_start_ns": t_start, "t_done_ns": t_done,
    "writer_start_ns": w0, "writer_end_ns": w1,
    "daemon_cpu_s": ((end[1] if end else cpu_done[1] if cpu_done else base[1]) - base[1] + helper_ticks) / TCK,
    "daemon_cpu_at_done_s": ((cpu_done[1] if cpu_done else base[1]) - base[1]) / TCK,
    "writer_cpu_s": (((end or cpu_done or base)[2]) - base[2]) / TCK,
    "helpers": sorted({"%s (%.2f s)" % (h[0], (h[2] - (h[1] if h[3] else 0)) / TCK) for h in helpers.values()}),
    "rss_before_kib": rss_before, "peak_rss_kib": peak_rss, "hwm_kib": rss_kib(pid, "VmHWM"),
    "rss_samples": samples,
    "machine_busy_s": (busy1 - busy0) / TCK, "machine_total_s": (total1 - total0) / TCK,
    "load_before": load_before,
    "monitor_cpu_s": sum(os.times()[:2]),
}
with open(result, "w") as f:
    json.dump(res, f)
PY

# --- one run of one system ----------------------------------------------------------------------
velos_home=$out/velos-home
pm2_home=$out/pm2-home
monitor_pid=""

stop_daemons() {
    if [ -S "$velos_home/velos.sock" ]; then
        VELOS_HOME=$velos_home "$velos" kill >/dev/null 2>&1 || true
    fi
    if [ -x "$pm2" ] && [ -f "$pm2_home/pm2.pid" ]; then
        PM2_HOME=$pm2_home "$pm2" kill >/dev/null 2>&1 || true
    fi
}
cleanup() {
    if [ -n "$monitor_pid" ]; then kill "$monitor_pid" 2>/dev/null || true; fi
    stop_daemons
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Checks the log files oldest first: prints "lines in_order malformed missing first_problem".
check_lines() {
    dir=$1
    set -- "$dir"/flood-out.log.*
    rotated=""
    if [ -e "$1" ]; then
        rotated=$(for f in "$@"; do echo "${f##*.} $f"; done | sort -rn | cut -d' ' -f2-)
    fi
    # shellcheck disable=SC2086 # rotated is a list of paths without spaces (our own directory)
    cat $rotated "$dir/flood-out.log" 2>/dev/null | awk -v n="$N" '
        BEGIN { tail = " INFO flood: GET /api/v1/items?page=42 200 in 3ms user=4f2a9c trace=xxxxxxxxxxxxxxxxxxxxx" }
        {
            p = index($0, " INFO flood:")
            if (p != 11 && p != 36) { bad++; if (first == "") first = "line " NR ": " substr($0, 1, 60); next }
            idx = substr($0, p - 10, 10) + 0
            if (substr($0, p) != tail) { bad++; if (first == "") first = "line " NR ": " substr($0, 1, 60) }
            if (idx <= prev) { disorder++; if (first == "") first = "line " NR ": index " idx " after " prev }
            prev = idx
        }
        END {
            printf "%d %s %d %d %s\n", NR, (disorder ? "no" : "yes"), bad, n - NR, (first == "" ? "-" : first)
        }'
}

run_one() {
    sys=$1 rep=$2
    stamp=$out/flood.stamp ready=$out/monitor.ready result=$out/result-$sys-$rep.json
    rm -f "$stamp" "$ready" "$result"
    case $sys in
        velos)
            rm -rf "$velos_home"
            export VELOS_HOME=$velos_home
            "$velos" list >"$out/velos-cli.log" 2>&1   # starts the daemon
            daemon_pid=$(cat "$velos_home/velos.pid")
            logdir=$velos_home/logs
            ;;
        pm2)
            rm -rf "$pm2_home"
            export PM2_HOME=$pm2_home
            "$pm2" ping >"$out/pm2-cli.log" 2>&1  # starts the daemon
            daemon_pid=$(cat "$pm2_home/pm2.pid")
            logdir=$pm2_home/logs
            ;;
    esac
    sleep 1                                     # let the daemon finish starting up
    python3 "$out/monitor.py" "$daemon_pid" "$logdir" "$N" "$stamp" "$ready" "$result" "$SETTLE" "$TIMEOUT" &
    monitor_pid=$!
    while [ ! -e "$ready" ]; do
        kill -0 "$monitor_pid" 2>/dev/null || { echo "log-throughput: the monitor failed" >&2; exit 1; }
        sleep 0.01
    done
    t_cli=$(date +%s%N)
    case $sys in
        velos) "$velos" start "$flood" --name flood --no-autorestart -- "$N" "$stamp" >>"$out/velos-cli.log" 2>&1 ;;
        # shellcheck disable=SC2086 # PM2_START_ARGS is a word list on purpose
        pm2) "$pm2" start "$flood" --name flood --no-autorestart $PM2_START_ARGS -- "$N" "$stamp" >>"$out/pm2-cli.log" 2>&1 ;;
    esac
    wait "$monitor_pid" || { monitor_pid=""; echo "log-throughput: the monitor failed" >&2; exit 1; }
    monitor_pid=""
    check=$(check_lines "$logdir")
    case $sys in
        velos) "$velos" kill >/dev/null 2>&1 || true
               cp "$velos_home/logs/daemon.log" "$out/velos-daemon-$rep.log" 2>/dev/null || true ;;
        pm2) "$pm2" kill >>"$out/pm2-cli.log" 2>&1 || true
             cp "$pm2_home/pm2.log" "$out/pm2-daemon-$rep.log" 2>/dev/null || true ;;
    esac
    du -sb "$logdir" | cut -f1 > "$out/bytes-$sys-$rep"
    printf '%s\t%s\t%s\t%s\t%s\n' "$sys" "$rep" "$t_cli" "$check" "$result" >> "$out/runs.tsv"
}

: > "$out/runs.tsv"
echo "log-throughput: $N lines x 100 bytes, systems: $SYSTEMS, repeat: $REPEAT ($(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
i=1
while [ "$i" -le "$REPEAT" ]; do
    for sys in $SYSTEMS; do
        echo "log-throughput: run $i: $sys ..." >&2
        run_one "$sys" "$i"
    done
    i=$((i + 1))
done
stop_daemons

# --- table ---------------------------------------------------------------------------------------
python3 - "$out/runs.tsv" "$N" "$out" <<'PY'
import json, statistics, sys

runs_file, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rows = []
with open(runs_file) as f:
    for line in f:
        sys_, rep, t_cli, check, result = line.rstrip("\n").split("\t")
        lines, in_order, bad, missing, first = check.split(" ", 4)
        with open(result) as g:
            r = json.load(g)
        with open("%s/bytes-%s-%s" % (out, sys_, rep)) as g:
            nbytes = int(g.read())
        ingest = (r["t_done_ns"] - r["writer_start_ns"]) / 1e9 if r["writer_start_ns"] else float("nan")
        rows.append(dict(sys=sys_, rep=int(rep), lines=int(lines), in_order=in_order, bad=int(bad), first=first,
                         complete=int(lines) == n and in_order == "yes" and int(bad) == 0,
                         ingest=ingest, e2e=(r["t_done_ns"] - int(t_cli)) / 1e9,
                         writer=(r["writer_end_ns"] - r["writer_start_ns"]) / 1e9 if r["writer_start_ns"] else float("nan"),
                         lps=int(lines) / ingest if ingest > 0 else float("nan"),
                         cpu=r["daemon_cpu_s"], wcpu=r["writer_cpu_s"], rss=r["peak_rss_kib"] / 1024,
                         rss0=r["rss_before_kib"] / 1024, hwm=r["hwm_kib"] / 1024, mb=nbytes / 1e6, r=r))

print()
print("log ingest: %d lines x 100 B, one writer as fast as the pipe takes it" % n)
hdr = "%-6s %3s %10s %10s %5s %8s %7s %10s %8s %8s %8s %8s %8s %7s %7s"
print(hdr % ("system", "run", "lines", "on disk", "order", "ingest s", "e2e s", "lines/s", "dmn CPU", "chld CPU",
             "writer s", "RSS0 MiB", "peak MiB", "HWM MiB", "disk MB"))
for x in rows:
    print("%-6s %3d %10d %10d %5s %8.2f %7.2f %10.0f %8.2f %8.2f %8.2f %8.1f %8.1f %7.1f %7.0f" % (
        x["sys"], x["rep"], n, x["lines"], x["in_order"], x["ingest"], x["e2e"], x["lps"], x["cpu"], x["wcpu"],
        x["writer"], x["rss0"], x["rss"], x["hwm"], x["mb"]))

print()
for x in rows:
    r = x["r"]
    notes = []
    if not x["complete"]:
        notes.append("INCOMPLETE: %d of %d lines on disk, %d malformed, first problem: %s" % (x["lines"], n, x["bad"], x["first"]))
    notes.append(r["reason"])
    notes.append("helpers counted: %s" % (", ".join(r["helpers"]) or "none"))
    notes.append("machine busy %.1f of %.1f CPU-s (this monitor %.1f), load %s before" % (
        r["machine_busy_s"], r["machine_total_s"], r.get("monitor_cpu_s", 0), r["load_before"]))
    notes.append("daemon CPU at last line %.2f s" % r["daemon_cpu_at_done_s"])
    print("%s run %d: %s" % (x["sys"], x["rep"], "; ".join(notes)))

def med(sys_, key):
    v = [x[key] for x in rows if x["sys"] == sys_]
    return statistics.median(v) if v else None

if any(x["sys"] == "velos" for x in rows) and any(x["sys"] == "pm2" for x in rows):
    tp = med("velos", "lps") / med("pm2", "lps")
    cpu = med("velos", "cpu") / med("pm2", "cpu")
    per_line = (med("velos", "cpu") / med("velos", "lines")) / (med("pm2", "cpu") / med("pm2", "lines"))
    rss = med("velos", "rss") / med("pm2", "rss")
    print()
    print("velos/PM2 (medians of %d run(s) each):" % len([x for x in rows if x["sys"] == "pm2"]))
    print("  throughput (lines/s)   %6.2fx   target >= 3x:   %s" % (tp, "met" if tp >= 3 else "NOT met"))
    print("  daemon CPU s           %6.2fx   target <= 0.5x: %s" % (cpu, "met" if cpu <= 0.5 else "NOT met"))
    print("  daemon CPU per line    %6.2fx" % per_line)
    print("  peak daemon RSS        %6.2fx" % rss)
    print("  velos complete and in order: %s" % ("yes" if all(x["complete"] for x in rows if x["sys"] == "velos") else "NO"))
PY
