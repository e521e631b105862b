#!/usr/bin/env bash
# A short tour of the console, driven in tmux: watch triggers fire, edit a group's RTO and see the
# method change, leave a pool expansion request unanswered until an RPO is missed (the title counts
# it, the volume comes first, the Alerts view lists it), acknowledge it, approve the expansion and
# see the RPO recover, then restore a generation and see it verified. Every screen
# it passes through is saved as text in demo/walkthrough/ (NN-name.txt); when asciinema is
# installed the session is also recorded to demo/walkthrough/tour.cast.
#   demo/walkthrough.sh            # 120x40
#   demo/walkthrough.sh 100 30     # another size
set -euo pipefail
cd "$(dirname "$0")/.."
w="${1:-120}" h="${2:-40}"
out=demo/walkthrough
mkdir -p "$out"
rm -f "$out"/*.txt
swift build --product vigil >/dev/null
bin="$(swift build --show-bin-path)/vigil"
state="$(mktemp -d)"
cmd="env XDG_STATE_HOME=$state LANG=C.UTF-8 $bin --ephemeral --speed 600"
if command -v asciinema >/dev/null; then
  cmd="asciinema rec --overwrite -q -c '$cmd' $out/tour.cast"
fi
sock="vigil-tour-$$"
tm() { tmux -L "$sock" "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$state"' EXIT
tm new-session -d -s tour -x "$w" -y "$h" "$cmd"
n=0
save() { n=$((n + 1)); tm capture-pane -t tour -p > "$(printf '%s/%02d-%s.txt' "$out" "$n" "$1")"; echo "saved $(printf '%02d-%s' "$n" "$1")"; }
wait_for() { for _ in $(seq 1 150); do tm capture-pane -t tour -p | grep -qF -- "$1" && return 0; sleep 0.2; done; echo "did not see: $1" >&2; return 1; }
wait_re() { for _ in $(seq 1 150); do tm capture-pane -t tour -p | grep -qE -- "$1" && return 0; sleep 0.2; done; echo "did not see: $1" >&2; return 1; }
keys() { for k in "$@"; do tm send-keys -t tour "$k"; sleep 0.2; done; }

wait_for " · quickstart · "
save start
# Watch the first hourly triggers fire and the methods being chosen.
wait_for "interval trigger"
sleep 1
save triggers-fire
# Tighten the oltp group's RTO to 3 minutes: the next decision can no longer be an incremental.
keys e Up BSpace BSpace BSpace BSpace 3 m
save objectives-form
keys Enter
sleep 1
save rto-changed
keys Tab Tab
save estimates-focused
keys Tab Tab Tab
# Run fast until the pool asks to be expanded (13:19 on the first day).
keys + + + + + + +
wait_for "Pool expansion request"
save expansion-prompt
# Decide later: the backups that need the space wait, and the hourly RPO is missed when they do.
keys Escape - - - - - - -
wait_re "RPO missed [1-9]"
save rpo-breached
keys '!'
save alerts
keys Enter
save alert-acknowledged
keys Escape
# Approve after all: the waiting backups run and the RPO recovers.
keys p y
wait_for "RPO missed 0"
sleep 0.5
save rpo-recovered
# Restore the newest generation of db-01 in place, and see it verified.
keys r
save restore-plan
keys Enter
# In place overwrites the live volume: the dialog asks for its name typed out.
keys d b - 0 1 Enter
wait_for "verified"
save restore-verified
keys q
sleep 0.5
echo "screens in $out/"
