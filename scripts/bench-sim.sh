#!/usr/bin/env bash
# Simulation benchmark: builds vigil in release mode and runs demo/reference.toml (64 volumes of
# 1 TiB in 8 groups) for 30 simulated days, three times, in each output format. Prints wall time,
# events per second and peak memory (getrusage's maximum resident set size) for every run.
# Target on a 2-core machine: under 10 s wall and under 512 MiB peak.
set -euo pipefail
cd "$(dirname "$0")/.."
days="${1:-30d}"
swift build -c release --product vigil >/dev/null
bin="$(swift build -c release --show-bin-path)/vigil"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(swift --version 2>/dev/null | head -1)"
for format in text jsonl; do
  for run in 1 2 3; do
    printf 'reference.toml %s --format %-5s run %d: ' "$days" "$format" "$run"
    "$bin" simulate --scenario demo/reference.toml --for "$days" --format "$format" --approve-expansions auto \
      --stats 2>&1 >/dev/null | sed 's/^stats: //'
  done
done
printf 'reference.toml %s --verify-restores:        ' "$days"
"$bin" simulate --scenario demo/reference.toml --for "$days" --approve-expansions auto --verify-restores \
  --stats 2>&1 >/dev/null | sed 's/^stats: //'
# Scaling: the same mix at 2,048 volumes of 1 TiB for one simulated day (memory grows with what
# changed, not with capacity).
scale="$(mktemp -d)/scale-2048.toml"
python3 scripts/make-reference.py --volumes 2048 > "$scale"
printf 'reference mix, 2048 volumes, 1d:             '
"$bin" simulate --scenario "$scale" --for 1d --approve-expansions auto --stats 2>&1 >/dev/null | sed 's/^stats: //'
rm -f "$scale"
