#!/usr/bin/env bash
# Console benchmark, in tmux at 200x50 (the size of the anchors in console-practices.md):
#   1. idle cost: quickstart at x1 with a 1 s refresh, against htop at its default refresh
#      (1.5 s) measured the same way in the same run — CPU of one core and bytes sent to the
#      terminal per second;
#   2. reference.toml (64 volumes) at x10,000 with 10 refreshes a second;
#   3. a 10,000-volume array: milliseconds from a key press to its frame (vigil --frame-times).
# CPU is read from /proc/PID/stat (utime+stime) over the window; bytes with tmux pipe-pane.
set -euo pipefail
cd "$(dirname "$0")/.."
window="${WINDOW:-30}"
command -v htop >/dev/null || { echo "installing htop for the comparison"; apt-get update -qq; apt-get install -y -qq htop >/dev/null; }
swift build -c release --product vigil >/dev/null
bin="$(swift build -c release --show-bin-path)/vigil"
work="$(mktemp -d)"
export XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config" LANG=C.UTF-8
sock="vigil-bench-$$"
tm() { tmux -L "$sock" "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$work"' EXIT
hz=$(getconf CLK_TCK)

# measure NAME PROGRAM-PATTERN COMMAND…: runs COMMAND in a 200x50 pane, waits 5 s, then measures
# CPU and bytes for $window seconds.
measure() {
  local name=$1 pattern=$2; shift 2
  tm kill-server 2>/dev/null || true
  tm new-session -d -s b -x 200 -y 50 "$*"
  : > "$work/bytes"
  tm pipe-pane -t b -o "cat >> $work/bytes"
  sleep 5
  local pid; pid=$(pgrep -n -f "$pattern")
  local t0 b0 t1 b1
  t0=$(awk '{print $14 + $15}' "/proc/$pid/stat"); b0=$(stat -c %s "$work/bytes")
  sleep "$window"
  t1=$(awk '{print $14 + $15}' "/proc/$pid/stat"); b1=$(stat -c %s "$work/bytes")
  awk -v n="$name" -v dt=$((t1 - t0)) -v db=$((b1 - b0)) -v w="$window" -v hz="$hz" \
    'BEGIN { printf "%-44s CPU %5.2f %% of one core   %8.0f bytes/s to the terminal\n", n, dt / hz / w * 100, db / w }'
  tm kill-server 2>/dev/null || true
}

echo "machine: $(nproc) cores; window ${window} s; tmux 200x50"
measure "htop (default refresh 1.5 s)" "^htop" htop
measure "vigil quickstart x1, refresh 1 s" "$bin" "$bin" --ephemeral --speed 1 --refresh 1s
measure "vigil reference x10000, refresh 100 ms" "$bin" "$bin" --ephemeral --scenario demo/reference.toml --speed 10000 --refresh 100ms

# Key-to-frame latency on 10,000 volumes.
big="$work/big.toml"
python3 scripts/make-reference.py --volumes 10000 > "$big"
tm new-session -d -s b -x 200 -y 50 "$bin --ephemeral --scenario $big --speed 60 --frame-times"
for _ in $(seq 1 100); do tm capture-pane -t b -p | grep -q "Volumes 10000/10000" && break; sleep 0.2; done
for k in $(seq 1 30); do tm send-keys -t b j; sleep 0.25; done
for k in $(seq 1 10); do tm send-keys -t b k; sleep 0.25; done
tm send-keys -t b q
sleep 1
grep -oE 'key to frame [0-9.]+' "$XDG_STATE_HOME/vigil/console.log" | awk '{print $4}' | sort -n |
  awk '{ v[NR] = $1 } END { if (NR == 0) { print "10,000 volumes: no frame times logged"; exit 1 }
         printf "vigil 10,000 volumes, key to frame (%d keys)    median %.1f ms   p95 %.1f ms   max %.1f ms\n",
                NR, v[int((NR + 1) / 2)], v[int(NR * 0.95 + 0.5)], v[NR] }'
