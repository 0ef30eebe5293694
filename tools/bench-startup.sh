#!/usr/bin/env bash
# Start-up time and idle memory of `./pharos serve` (docs/benchmarks.md).
# For each of N rounds: start serve on a fresh data folder (or a fresh PostgreSQL database with
# --pg), time until GET /api/service-info answers 200, wait IDLE seconds, read the process's
# resident memory (VmRSS) and CPU time, stop it. Prints one line per round and the medians.
#   tools/bench-startup.sh [--rounds N] [--idle S] [--pg]
# PHAROS_JAVA_OPTS is passed on to ./pharos, so the JVM options can be compared.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds=5 idle=10 pg=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --idle) idle="$2"; shift 2 ;;
    --pg) pg=1; shift ;;
    *) echo "usage: $0 [--rounds N] [--idle S] [--pg]" >&2; exit 2 ;;
  esac
done
./pharos --version >/dev/null # builds the jar first when needed, outside the timing
tick=$(getconf CLK_TCK)
ms=() rss=() cpu=()
for i in $(seq 1 "$rounds"); do
  data=$(mktemp -d)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  args=(serve --port "$port" --host 127.0.0.1 --data-dir "$data")
  if [ "$pg" = 1 ]; then
    db="pharos_startup_$i"
    psql -h 127.0.0.1 -U postgres -qAtc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" postgres >/dev/null
    args+=(--db-url "jdbc:postgresql://127.0.0.1:5432/$db" --db-user postgres)
  fi
  t0=$(date +%s%N)
  ./pharos "${args[@]}" >"$data/out.txt" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/api/service-info"; do
    kill -0 "$pid" 2>/dev/null || { cat "$data/out.txt" >&2; exit 1; }
    sleep 0.02
  done
  t1=$(date +%s%N)
  sleep "$idle"
  r=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status")
  c=$(awk -v t="$tick" '{print int(($14 + $15) * 1000 / t)}' "/proc/$pid/stat")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$data"
  [ "$pg" = 1 ] && psql -h 127.0.0.1 -U postgres -qAtc "DROP DATABASE IF EXISTS $db" postgres >/dev/null
  ms+=($(( (t1 - t0) / 1000000 ))) rss+=("$r") cpu+=("$c")
  echo "round $i: answered after ${ms[-1]} ms; after ${idle} s idle: RSS ${r} MiB, CPU used ${c} ms"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "median of $rounds: answered after $(median "${ms[@]}") ms, RSS $(median "${rss[@]}") MiB, CPU $(median "${cpu[@]}") ms" \
     "(PHAROS_JAVA_OPTS=${PHAROS_JAVA_OPTS-<default>}, load $(cut -d' ' -f1 /proc/loadavg))"
