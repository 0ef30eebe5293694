#!/usr/bin/env bash
# Starts a Pharos build (its checkout folder) on a fresh data folder with a fixed heap, sends
# N concurrent 158 MiB progress bodies, and reports the answers and the heap.
# Usage: run.sh CHECKOUT XMX LABEL [N]
set -euo pipefail
checkout=$1; xmx=$2; label=$3; n=${4:-10}
here=$(cd "$(dirname "$0")" && pwd)
work=$here/$label; rm -rf "$work"; mkdir -p "$work"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PHAROS_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx$xmx -Xlog:gc:file=$work/gc.log" \
  "$checkout/pharos" serve --data-dir "$work/data" --host 127.0.0.1 --port "$port" > "$work/server.log" 2>&1 &
spid=$!
for _ in $(seq 1 60); do grep -q 'pharos_' "$work/server.log" 2>/dev/null && break; sleep 1; done
token=$(grep -oE 'pharos_[A-Za-z0-9]{40}' "$work/server.log" | head -1)
jpid=$(pgrep -P "$spid" java || echo "$spid")
"$here/monitor.sh" "$jpid" "$work/heap.txt" &
mpid=$!
start=$(date +%s)
"$here/send.sh" "http://127.0.0.1:$port" "$token" "$n" | tee "$work/answers.txt"
echo "elapsed $(( $(date +%s) - start )) s"
sleep 2
echo "peak used (jcmd samples): $(( $(cat "$work/heap.txt.peak") / 1024 )) MiB"
echo "OutOfMemoryError in server log: $(grep -c OutOfMemoryError "$work/server.log" || true)"
echo "GC log peak before GC: $(grep -oE '[0-9]+M->[0-9]+M' "$work/gc.log" | cut -dM -f1 | sort -n | tail -1) MiB;" \
     "largest after GC: $(grep -oE '[0-9]+M->[0-9]+M' "$work/gc.log" | sed -E 's/.*->([0-9]+)M/\1/' | sort -n | tail -1) MiB"
kill "$spid" 2>/dev/null || true; wait "$spid" 2>/dev/null || true
kill "$mpid" 2>/dev/null || true
