#!/bin/sh
# velos stack example: a background worker. Every WORKER_INTERVAL seconds it "processes" one
# job from WORKER_QUEUE (both set in worker.env). On SIGTERM it finishes and exits 0.
queue="${WORKER_QUEUE:-default}"
interval="${WORKER_INTERVAL:-2}"
n=0
trap 'echo "worker: stopping after $n jobs"; exit 0' TERM INT

echo "worker: consuming queue '$queue' every ${interval}s"
while :; do
    n=$((n + 1))
    echo "worker: job $n from $queue done"
    sleep "$interval" &
    wait $!
done
