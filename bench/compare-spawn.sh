#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Runs SpawnBenchmark (supervisor vs ProcessBuilder, spawn + reap of /bin/true) from the uber jar
# and prints p50/p99 of both and the supervisor/ProcessBuilder ratio of the medians.
#
#   bench/compare-spawn.sh                 # defaults from the annotations: 1 fork, 3x2 s warm-up, 5x3 s measured
#   bench/compare-spawn.sh -i 10 -r 5      # any further arguments go to JMH and override them
#
# Build the jar first (from the repository root): mvn -B -o -q package -pl bench
# Raw results: bench/target/spawn.json (JMH's JSON; every percentile and the full histogram).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jar=bench/target/velos-bench.jar
json=bench/target/spawn.json

if [ ! -f "$jar" ]; then
    echo "compare-spawn: $jar is missing; build it with: mvn -B -o -q package -pl bench" >&2
    exit 1
fi
if jdk=$(bin/find-jdk 2>/dev/null); then
    java="$jdk/bin/java"
else
    java=java
fi

rm -f "$json"
"$java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -jar "$jar" 'dev\.velos\.bench\.SpawnBenchmark\.' \
    -rf json -rff "$json" "$@"

python3 - "$json" <<'PY'
import json
import sys

with open(sys.argv[1]) as f:
    runs = json.load(f)

rows = {}
for run in runs:
    name = run["benchmark"].rsplit(".", 1)[-1]
    metric = run["primaryMetric"]
    pct = metric.get("scorePercentiles", {})
    hist = metric.get("rawDataHistogram") or []
    samples = sum(count for fork in hist for iteration in fork for _, count in iteration)
    rows[name] = {
        "unit": metric["scoreUnit"],
        "mean": metric["score"],
        "p50": pct.get("50.0"),
        "p90": pct.get("90.0"),
        "p99": pct.get("99.0"),
        "samples": samples,
    }

def fmt(v):
    return "%.3f" % v if v is not None else "-"

print()
print("spawn /bin/true and wait until reaped (%s)" % next(iter(rows.values()))["unit"] if rows else "no results")
print("%-16s %9s %9s %9s %9s %9s" % ("benchmark", "p50", "p90", "p99", "mean", "samples"))
for name in ("supervisor", "processBuilder"):
    r = rows.get(name)
    if r is None:
        print("%-16s %9s" % (name, "missing"))
        continue
    print("%-16s %9s %9s %9s %9s %9d" % (name, fmt(r["p50"]), fmt(r["p90"]), fmt(r["p99"]), fmt(r["mean"]), r["samples"]))

sup, pb = rows.get("supervisor"), rows.get("processBuilder")
if not sup or not pb or not pb["p50"] or not pb["p99"]:
    print("ratio: needs both benchmarks in one run")
    sys.exit(1)
median_ratio = sup["p50"] / pb["p50"]
print()
print("ratio supervisor/processBuilder  p50: %.2fx   p99: %.2fx" % (median_ratio, sup["p99"] / pb["p99"]))
print("target p50 ratio <= 0.70: %s" % ("met" if median_ratio <= 0.70 else "NOT met"))
PY
