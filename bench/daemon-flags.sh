#!/bin/sh
# Idle RSS of the velos daemon under cumulative JVM flag sets (issue 9: "show what each flag
# bought"). Each row starts a fresh daemon on a private VELOS_HOME with exactly the flags shown
# (not bin/velos's), lets it settle, runs one `velos list`, and reads VmRSS of the daemon.
# Usage: bench/daemon-flags.sh [rounds]   (default 3; prints the median of the rounds per row)
set -eu
repo=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd -P)
jar=$repo/cli/target/velos.jar
jdk=$("$repo/bin/find-jdk")
rounds=${1:-3}
common="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"

measure() {
    home=$(mktemp -d "${TMPDIR:-/tmp}/velos-flags.XXXXXX")
    # shellcheck disable=SC2086
    VELOS_HOME=$home setsid "$jdk/bin/java" $1 $common -jar "$jar" daemon >/dev/null 2>&1 &
    i=0
    until [ -S "$home/velos.sock" ] || [ $i -gt 300 ]; do sleep 0.1; i=$((i + 1)); done
    sleep 5
    VELOS_HOME=$home VELOS_AOT=off "$repo/bin/velos" list >/dev/null 2>&1 || true
    sleep 3
    pid=$(cat "$home/velos.pid")
    awk '/^VmRSS/ {printf "%.1f\n", $2 / 1024}' "/proc/$pid/status"
    VELOS_HOME=$home "$repo/bin/velos" kill >/dev/null 2>&1 || kill "$pid"
    rm -rf "$home"
}

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

flags=""
printf '%-60s %s\n' "flags (cumulative)" "idle RSS MiB (median of $rounds)"
for add in "" "-XX:+UseSerialGC" "-Xmx64m" "-Xms8m" "-XX:TieredStopAtLevel=1" "-XX:TrimNativeHeapInterval=1000" \
           "-Xss512k" "-XX:AOTCache=$repo/cli/target/velos-daemon.aot"; do
    flags="$flags $add"
    r=$(for _ in $(seq "$rounds"); do measure "$flags"; done | median)
    printf '%-60s %s\n' "+ ${add:-(JDK defaults: G1, heap 1/4 of RAM)}" "$r"
done
