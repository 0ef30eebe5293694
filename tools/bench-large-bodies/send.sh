#!/usr/bin/env bash
# Sends N concurrent maximum-size progress bodies (one per run) to a Pharos, each retried on 503
# the way Nextflow's client retries 5xx; prints one line per attempt: run, attempt, status, seconds.
# Usage: send.sh BASE_URL TOKEN [N]
set -euo pipefail
base=$1; token=$2; n=${3:-10}
here=$(cd "$(dirname "$0")" && pwd)
auth="Authorization: Bearer $token"
ids=()
for i in $(seq 1 "$n"); do
  id=$(curl -sf -X POST -H "$auth" -H 'Content-Type: application/json' --data-binary @"$here/create.json" \
       "$base/api/trace/create" | sed -E 's/.*"workflowId":"([^"]+)".*/\1/')
  curl -sf -o /dev/null -X PUT -H "$auth" -H 'Content-Type: application/json' --data-binary @"$here/begin.json" \
       "$base/api/trace/$id/begin"
  ids+=("$id")
done
send() {
  local id=$1 attempt=1 out code
  while :; do
    out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -X PUT -H "$auth" -H 'Content-Type: application/json' \
          -H 'Expect:' -T "$here/progress-160m.json" "$base/api/trace/$id/progress" || echo "000 0")
    code=${out%% *}
    echo "$(date +%T) run $id attempt $attempt: $out"
    if [ "$code" != 503 ] || [ "$attempt" -ge 20 ]; then return; fi
    attempt=$((attempt + 1)); sleep 5
  done
}
for id in "${ids[@]}"; do send "$id" & done
wait
