#!/usr/bin/env bash
# Compares the simulation cost of this tree with an earlier revision in the same run: builds both
# in release mode (the base in a temporary git worktree), then runs demo/reference.toml for 30
# simulated days alternately, three times each, and prints wall time, events/s and peak memory.
# Usage: scripts/bench-compare.sh BASE_REVISION [DURATION]
set -euo pipefail
cd "$(dirname "$0")/.."
base="${1:?usage: scripts/bench-compare.sh BASE_REVISION [DURATION]}"
days="${2:-30d}"
tree="$(mktemp -d)/base"
git worktree add -q --detach "$tree" "$base"
trap 'git worktree remove --force "$tree"' EXIT
(cd "$tree" && swift build -c release --product vigil >/dev/null)
swift build -c release --product vigil --scratch-path .build-release >/dev/null
echo "machine: $(nproc) cores; $(swift --version 2>/dev/null | head -1); base $(git rev-parse --short "$base"), head $(git rev-parse --short HEAD)$(git diff --quiet || echo ' + uncommitted changes')"
for run in 1 2 3; do
  for side in base head; do
    if [[ $side == base ]]; then bin="$tree/.build/release/vigil"; else bin=".build-release/release/vigil"; fi
    printf 'reference.toml %s %s run %d: ' "$days" "$side" "$run"
    "$bin" simulate --scenario demo/reference.toml --for "$days" --approve-expansions auto --stats 2>&1 >/dev/null | sed 's/^stats: //'
  done
done
