#!/usr/bin/env bash
# Idle disk cost of the console with a state: the default array (demo/quickstart.toml) at x1 in a
# 200x50 tmux pane, state in a fresh directory; after a 20 s settle, write_bytes of the process
# (/proc/PID/io: bytes it caused to be sent to storage — SQLite's WAL, the database, the
# last-checkpoint file) over MINUTES minutes (default 5), printed per minute.
# VIGIL_BIN=path measures another build (e.g. an older one); otherwise the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${MINUTES:-5}"
if [[ -n "${VIGIL_BIN:-}" ]]; then bin="$VIGIL_BIN"; else
  swift build -c release --product vigil >/dev/null
  bin="$(swift build -c release --show-bin-path)/vigil"
fi
work="$(mktemp -d)"
export XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config" LANG=C.UTF-8
sock="vigil-idle-$$"
tm() { tmux -L "$sock" "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$work"' EXIT
tm new-session -d -s b -x 200 -y 50 "$bin --speed 1 --state $work/s; echo \$? > $work/exit; sleep 600"
for _ in $(seq 1 100); do tm capture-pane -t b -p | grep -q " · quickstart · " && break; sleep 0.2; done
sleep 20
pid=$(pgrep -n -f "^$bin --speed 1 --state $work/s")
w0=$(awk '/^write_bytes/ {print $2}' "/proc/$pid/io")
sleep $((minutes * 60))
w1=$(awk '/^write_bytes/ {print $2}' "/proc/$pid/io")
tm send-keys -t b q
for _ in $(seq 1 50); do [[ -f "$work/exit" ]] && break; sleep 0.2; done
awk -v d=$((w1 - w0)) -v m="$minutes" 'BEGIN { printf "vigil quickstart x1 with state: %.0f bytes written in %d min = %.1f KB/min\n", d, m, d / m / 1000 }'
echo "left in the state directory after q: $(cd "$work/s" && ls | tr '\n' ' ')"
