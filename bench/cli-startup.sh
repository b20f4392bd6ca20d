#!/bin/sh
# Wall time of whole `velos ping` and `velos list` processes (10 apps running) with and without
# the AOT cache, and of PM2's `pm2 ping`/`pm2 list` in the same run (issue 9: fast CLI).
# Needs hyperfine (Debian package) and PM2 in bench/target/pm2 (bench/compare.py installs it).
# Usage: bench/cli-startup.sh [runs]   (default 15)
set -eu
repo=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd -P)
runs=${1:-15}
velos=$repo/bin/velos
pm2=$repo/bench/target/pm2/node_modules/.bin/pm2
command -v hyperfine >/dev/null || { echo "cli-startup: needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
home=$(mktemp -d "${TMPDIR:-/tmp}/velos-cli-startup.XXXXXX")
pm2_home=$home/pm2
export VELOS_HOME=$home/velos NO_COLOR=1
trap '"$velos" kill >/dev/null 2>&1 || true; [ -x "$pm2" ] && PM2_HOME=$pm2_home "$pm2" kill >/dev/null 2>&1; rm -rf "$home"' EXIT

"$velos" list >/dev/null
i=0
while [ $i -lt 10 ]; do
    "$velos" start /bin/sleep --name "s$i" -- 100000 >/dev/null 2>&1
    i=$((i + 1))
done
set -- --warmup 2 --runs "$runs" --export-markdown "$home/cli.md" \
    -n "velos ping (AOT)" "$velos ping" \
    -n "velos ping (no AOT)" "env VELOS_AOT=off $velos ping" \
    -n "velos list (AOT)" "$velos list" \
    -n "velos list (no AOT)" "env VELOS_AOT=off $velos list"
if [ -x "$pm2" ]; then
    PM2_HOME=$pm2_home "$pm2" ping >/dev/null
    i=0
    while [ $i -lt 10 ]; do
        PM2_HOME=$pm2_home "$pm2" start /bin/sleep --name "s$i" -- 100000 >/dev/null 2>&1
        i=$((i + 1))
    done
    set -- "$@" -n "pm2 ping" "env PM2_HOME=$pm2_home $pm2 ping" -n "pm2 list" "env PM2_HOME=$pm2_home $pm2 list"
fi
hyperfine -N "$@" >/dev/null
cat "$home/cli.md"
