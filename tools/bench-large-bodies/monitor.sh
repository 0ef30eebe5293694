#!/usr/bin/env bash
# Samples the heap of a JVM every second (jcmd GC.heap_info) until it exits; prints the peak used.
pid=$1; out=$2
peak=0
while kill -0 "$pid" 2>/dev/null; do
  used=$(jcmd "$pid" GC.heap_info 2>/dev/null | sed -nE 's/.*total ([0-9]+)K, used ([0-9]+)K.*/\2/p' | paste -sd+ | bc 2>/dev/null || true)
  if [ -n "$used" ]; then
    echo "$(date +%T) ${used}K" >> "$out"
    [ "$used" -gt "$peak" ] && peak=$used && echo "$peak" > "$out.peak"
  fi
  sleep 1
done
