#!/usr/bin/env bash
# What reporting costs a pipeline (docs/benchmarks-nextflow.md): wall time of the whole
# `nextflow run` of the bench pipeline (N trivial tasks), with and without nf-pharos.
# Starts Pharos (embedded H2, fresh data folder, free port) on this machine, then runs the
# modes interleaved, round after round, each in a fresh launch folder, and checks after every
# reporting run that Pharos stored the run SUCCEEDED with all N tasks COMPLETED.
#   tools/bench-nextflow.sh [--rounds R] [--tasks N] [--modes "bare pharos-nm trace pharos"] [--keep DIR]
# Modes: bare      no reporting, no trace
#        bare-c    no reporting, but the nf-pharos config file with enabled = false (-c): what
#                  reading a config file costs, which the reporting modes pay too
#        pharos-nm nf-pharos with pharos.taskMetrics = false (no per-task sampling)
#        trace     no reporting, -with-trace (Nextflow samples every task's resources)
#        pharos    nf-pharos with its defaults (sampling on, as -with-tower does)
#        stub-nm   nf-pharos without sampling, reporting to tools/bench-nextflow-stub.py, which
#                  answers every call and stores nothing: the plugin's own cost, without Pharos's
#        tower     Nextflow's own client, -with-tower (sampling on), reporting to the same Pharos;
#                  needs nf-tower-1.9.3 in the plugin folder $TOWER_PLUGINS (it is not on Maven
#                  Central: docs/benchmarks-nextflow.md says how to build it from Nextflow's source)
#        before-nm, before   the same two with the plugin folder in $BEFORE_PLUGINS (another
#                  build of nf-pharos-0.1.0, e.g. of an older commit) instead of this checkout's
# NXF_OPTS is passed on to Nextflow (e.g. a JFR recording). The plugin must be built first
# (./mvnw -B -o -pl nf-pharos package). Prints one line per run, then medians and ratios.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
rounds=3 tasks=2000 modes="bare pharos-nm" keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --tasks) tasks="$2"; shift 2 ;;
    --modes) modes="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    *) echo "usage: $0 [--rounds R] [--tasks N] [--modes \"bare pharos-nm trace pharos\"] [--keep DIR]" >&2; exit 2 ;;
  esac
done
nf=$(tools/install-nextflow.sh | tail -n1)
[ -d nf-pharos/target/plugin/nf-pharos-0.1.0 ] || { echo "build the plugin first: ./mvnw -B -o -pl nf-pharos package" >&2; exit 1; }
./pharos --version >/dev/null # builds the server jar when needed, outside the timing
export NXF_PLUGINS_DIR=$root/nf-pharos/target/plugin
pipeline=$root/nf-pharos/src/test/resources/pipelines/bench/main.nf

scratch=${keep:-$(mktemp -d)}
mkdir -p "$scratch"
data=$scratch/pharos-data
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
./pharos user add bench --data-dir "$data" >/dev/null
token=$(./pharos token create --user bench --data-dir "$data")
./pharos serve --port "$port" --host 127.0.0.1 --data-dir "$data" >"$scratch/pharos.out" 2>&1 &
server=$!
stub=""
trap 'kill $server $stub 2>/dev/null; wait $server $stub 2>/dev/null; [ -n "$keep" ] || rm -rf "$scratch"' EXIT
until curl -fs -o /dev/null "http://127.0.0.1:$port/api/service-info"; do
  kill -0 "$server" 2>/dev/null || { cat "$scratch/pharos.out" >&2; exit 1; }
  sleep 0.1
done
cat >"$scratch/pharos.config" <<EOF
pharos {
  enabled = true
  endpoint = 'http://127.0.0.1:$port/api'
  accessToken = '$token'
}
EOF
sed 's/^}$/  taskMetrics = false\n}/' "$scratch/pharos.config" >"$scratch/pharos-nm.config"
# the same file with reporting off: a run that reads a config file (as nearly every pipeline's
# does) without reporting, so that parsing the file is not counted as reporting's cost
sed 's/enabled = true/enabled = false/' "$scratch/pharos-nm.config" >"$scratch/off.config"
if [[ " $modes " == *" stub-nm "* ]]; then
  stub_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  python3 tools/bench-nextflow-stub.py "$stub_port" >"$scratch/stub.out" 2>&1 &
  stub=$!
  sed "s/:$port\//:$stub_port\//" "$scratch/pharos-nm.config" >"$scratch/stub-nm.config"
  until curl -s -o /dev/null -X PUT "http://127.0.0.1:$stub_port/api/trace/x/heartbeat"; do sleep 0.1; done
fi

tick=$(getconf CLK_TCK)
server_cpu() { awk -v t="$tick" '{print int(($14 + $15) * 1000 / t)}' "/proc/$server/stat"; }
api() { curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/$1"; }
declare -A times
for r in $(seq 1 "$rounds"); do
  for m in $modes; do
    dir=$scratch/run-$r-$m
    mkdir -p "$dir"
    args=(run "$pipeline" --n "$tasks")
    case "$m" in
      bare) ;;
      bare-c) args+=(-c "$scratch/off.config") ;;
      trace) args+=(-with-trace) ;;
      pharos) args+=(-plugins nf-pharos@0.1.0 -c "$scratch/pharos.config") ;;
      pharos-nm) args+=(-plugins nf-pharos@0.1.0 -c "$scratch/pharos-nm.config") ;;
      before) args+=(-plugins nf-pharos@0.1.0 -c "$scratch/pharos.config") ;;
      before-nm) args+=(-plugins nf-pharos@0.1.0 -c "$scratch/pharos-nm.config") ;;
      tower) args+=(-with-tower "http://127.0.0.1:$port/api") ;;
      stub-nm) args+=(-plugins nf-pharos@0.1.0 -c "$scratch/stub-nm.config") ;;
      *) echo "unknown mode $m" >&2; exit 2 ;;
    esac
    load=$(cut -d' ' -f1 /proc/loadavg)
    s0=$(server_cpu)
    t0=$(date +%s%N)
    plugins=$NXF_PLUGINS_DIR
    [[ $m == before* ]] && plugins=${BEFORE_PLUGINS:?set BEFORE_PLUGINS to the other plugin folder}
    [[ $m == tower ]] && plugins=${TOWER_PLUGINS:?set TOWER_PLUGINS to a plugin folder with nf-tower-1.9.3}
    envs=(NXF_PLUGINS_DIR="$plugins")
    # only for nf-tower: with TOWER_ACCESS_TOKEN set, Nextflow insists on loading nf-tower
    [[ $m == tower ]] && envs+=(TOWER_ACCESS_TOKEN="$token")
    (cd "$dir" && env "${envs[@]}" /usr/bin/time -f '%U %S' -o cpu.txt "$nf" "${args[@]}" >out.txt 2>&1) || { cat "$dir/out.txt" >&2; exit 1; }
    t1=$(date +%s%N)
    ms=$(( (t1 - t0) / 1000000 ))
    # CPU of the nextflow command and its tasks, and of Pharos while it ran (and answered the checks)
    cpu=$(awk '{printf "%.1f", $1 + $2}' "$dir/cpu.txt")
    times[$m]="${times[$m]:-} $ms"
    check=""
    if [[ $m == pharos* || $m == before* || $m == tower ]]; then
      id=$(grep -o '/watch/[A-Za-z0-9]*' "$dir/out.txt" "$dir/.nextflow.log" | head -n1 | sed 's|.*/watch/||')
      [ -n "$id" ] || { echo "no watch URL in the output of $dir" >&2; exit 1; }
      status=$(api "workflow/$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["workflow"]["status"])')
      done_=$(api "workflow/$id/tasks?max=1&search=status:COMPLETED" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
      check=" run $id $status, $done_/$tasks tasks COMPLETED in Pharos"
      [ "$status" = SUCCEEDED ] && [ "$done_" = "$tasks" ] || { echo "round $r $m: $check: incomplete" >&2; exit 1; }
    fi
    if [[ $m == stub* ]]; then
      grep -q 'Monitor the execution' "$dir/.nextflow.log" || { echo "round $r $m: the run did not begin at the stub" >&2; exit 1; }
    fi
    scpu=$(awk -v a="$s0" -v b="$(server_cpu)" 'BEGIN {printf "%.1f", (b - a) / 1000}')
    echo "round $r $m: $(awk -v ms="$ms" 'BEGIN {printf "%.1f", ms/1000}') s, CPU nextflow $cpu s, Pharos $scpu s (load before $load)$check"
  done
done
median() { printf '%s\n' $@ | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for m in $modes; do
  echo "$m: median $(awk -v ms="$(median ${times[$m]})" 'BEGIN {printf "%.1f", ms/1000}') s of$(for t in ${times[$m]}; do awk -v ms="$t" 'BEGIN {printf " %.1f", ms/1000}'; done)"
done
ratio() { [[ " $modes " == *" $1 "* && " $modes " == *" $2 "* ]] && \
  echo "$1 / $2: $(awk -v a="$(median ${times[$1]})" -v b="$(median ${times[$2]})" 'BEGIN {printf "%.3f", a/b}')"; return 0; }
ratio pharos-nm bare
ratio stub-nm bare
ratio pharos-nm bare-c
ratio stub-nm bare-c
ratio bare-c bare
ratio before-nm bare
ratio pharos trace
ratio before trace
ratio tower trace
ratio pharos tower
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
