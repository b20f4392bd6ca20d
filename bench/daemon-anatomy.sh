#!/bin/sh
# Where the daemon's memory and launch time go (issue 15): one daemon started by bin/velos (its own
# flags and AOT cache) with Native Memory Tracking and a class-load log, read idle, with 100 and
# with 1,000 `sleep` apps: VmRSS/RssAnon/PSS, NMT summary, loaded classes (and how many came from
# the AOT cache), the top of GC.class_histogram. Then a second, JFR-recorded launch for the
# launch profile (hot methods, 1 ms sampling) and the class-load timeline.
# NMT costs a little memory itself (its own category in the summary); read the other categories.
# Usage: bench/daemon-anatomy.sh [out-dir]   (default bench/target/anatomy; about 2 minutes)
set -eu
repo=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd -P)
velos=$repo/bin/velos
jdk=$("$repo/bin/find-jdk")
out=${1:-$repo/bench/target/anatomy}
mkdir -p "$out"
home=$(mktemp -d "${TMPDIR:-/tmp}/velos-lean-anatomy.XXXXXX")
trap 'VELOS_HOME=$home "$velos" kill >/dev/null 2>&1 || true; rm -rf "$home"' EXIT
export VELOS_HOME="$home" NO_COLOR=1

apps() { # $1 first index, $2 count: a config of `sleep` apps a<i>
    i=$1
    end=$(($1 + $2))
    while [ "$i" -lt "$end" ]; do
        printf '[apps.a%d]\nscript = "%s"\nargs = ["100000"]\n' "$i" "$(command -v sleep)"
        i=$((i + 1))
    done
}

snapshot() { # $1 label
    pid=$(cat "$home/velos.pid")
    sleep 5
    "$velos" list >/dev/null
    sleep 3
    {
        echo "== $1"
        grep -E '^(VmRSS|RssAnon|RssFile|RssShmem|Threads)' "/proc/$pid/status"
        grep -E '^Pss:' "/proc/$pid/smaps_rollup"
        echo "classes loaded: $(wc -l <"$out/daemon-classes.log")," \
             "from the AOT cache: $(grep -c 'shared objects file' "$out/daemon-classes.log")," \
             "jackson-databind: $(grep -c 'databind' "$out/daemon-classes.log")"
    } | tee -a "$out/summary.txt"
    "$jdk/bin/jcmd" "$pid" VM.native_memory summary >"$out/nmt-$1.txt"
    "$jdk/bin/jcmd" "$pid" GC.class_histogram >"$out/histogram-$1.txt"
}

: >"$out/summary.txt"
VELOS_JAVA_OPTS="-XX:NativeMemoryTracking=summary -Xlog:class+load:file=$out/daemon-classes.log:uptime" \
    "$velos" daemon >/dev/null 2>&1 &
i=0
until [ -S "$home/velos.sock" ] || [ $i -gt 300 ]; do sleep 0.1; i=$((i + 1)); done
snapshot idle
apps 0 100 >"$home/a100.toml"
"$velos" start --config "$home/a100.toml" >/dev/null
snapshot apps100
apps 100 900 >"$home/a900.toml"
"$velos" start --config "$home/a900.toml" >/dev/null
snapshot apps1000
"$velos" kill >/dev/null 2>&1 || true
sleep 1

# The launch: JFR with 1 ms execution samples from JVM start until the socket accepts plus one `list`.
rm -f "$home/velos.sock"
VELOS_JAVA_OPTS="-XX:StartFlightRecording:filename=$out/launch.jfr,jdk.ExecutionSample#period=1ms -Xlog:class+load:file=$out/launch-classes.log:uptime -Xlog:startuptime:file=$out/launch-startuptime.log:uptime" \
    "$velos" daemon >/dev/null 2>&1 &
i=0
until [ -S "$home/velos.sock" ] || [ $i -gt 300 ]; do sleep 0.1; i=$((i + 1)); done
sleep 2
"$velos" kill >/dev/null 2>&1 || true
sleep 1
"$jdk/bin/jfr" view --width 200 hot-methods "$out/launch.jfr" >"$out/launch-hot-methods.txt" 2>&1 || true
echo "anatomy: $out (summary.txt, nmt-*.txt, histogram-*.txt, launch.jfr, launch-hot-methods.txt)"
