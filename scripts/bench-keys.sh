#!/usr/bin/env bash
# Key-to-frame latency timed from outside the process, and quit time, on a 10,000-volume array
# with a state (made by scripts/make-reference.py), in a 200x50 tmux pane at x60:
#   - each key (j and k in turn) is sent with tmux send-keys, then the pane is polled with
#     capture-pane until the Changed blocks pane names the newly selected volume; the time from
#     just before send-keys to the poll that saw it is the key's latency (it includes tmux's own
#     round trips, a few milliseconds);
#   - every 10th key is `b` (back up the selected volume: a command, so a checkpoint follows at
#     once) and every key waits 150–350 ms after the last frame, so checkpoints overlap the keys;
#   - q: the time from send-keys to the process's exit (final checkpoint, database closed), and
#     what is left in the state directory (a -wal file means the database was not closed cleanly).
# Prints p50/p90/p99/max of the j/k keys, the b keys apart, the quit time and the WAL left, and
# from the console's log (--frame-times) the same keys timed inside, the images and the commits.
# KEYS=N (default 200); VIGIL_BIN=path measures another build; VOLUMES=N (default 10000);
# EPHEMERAL=1 runs without a state (the cost of the console alone, for comparison).
set -euo pipefail
cd "$(dirname "$0")/.."
keys="${KEYS:-200}" volumes="${VOLUMES:-10000}"
if [[ -n "${VIGIL_BIN:-}" ]]; then bin="$VIGIL_BIN"; else
  swift build -c release --product vigil >/dev/null
  bin="$(swift build -c release --show-bin-path)/vigil"
fi
work="$(mktemp -d)"
export XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config" LANG=C.UTF-8
sock="vigil-keys-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$work"' EXIT
python3 scripts/make-reference.py --volumes "$volumes" > "$work/big.toml"
python3 - "$bin" "$work" "$sock" "$keys" <<'PY'
import os, random, re, subprocess, sys, time
bin, work, sock, keys = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def tm(*a, check=True):
    return subprocess.run(["tmux", "-L", sock, *a], capture_output=True, text=True, check=check).stdout
def screen(): return tm("capture-pane", "-t", "b", "-p")
state = f"{work}/s"
stored = os.environ.get("EPHEMERAL", "") == ""
cmd = f"{bin} --scenario {work}/big.toml " + (f"--state {state}" if stored else "--ephemeral") + " --speed 60 --refresh 1s --frame-times"
tm("new-session", "-d", "-s", "b", "-x", "200", "-y", "50", f"{cmd}; echo $? > {work}/exit; sleep 600")
began = time.monotonic()
while "Volumes " not in screen():
    if time.monotonic() - began > 300: sys.exit("the console did not start in 300 s")
    time.sleep(0.2)
print(f"start with a new state: {time.monotonic() - began:.1f} s to the first screen")
time.sleep(3)
pid = int(subprocess.run(["pgrep", "-n", "-f", f"^{bin} --scenario {work}/big.toml"], capture_output=True, text=True).stdout.split()[0])
name = re.compile(r"Changed blocks · (\S+)")
def selected(s):
    m = name.search(s)
    return m.group(1) if m else None
lat, blat = [], []
random.seed(1)
for i in range(keys):
    time.sleep(random.uniform(0.15, 0.35))
    if i % 10 == 9:
        t0 = time.monotonic()
        tm("send-keys", "-t", "b", "b")
        while not re.search(r"backup \S+: ", screen().splitlines()[-1]):
            if time.monotonic() - t0 > 10: break
        blat.append((time.monotonic() - t0) * 1000)
        continue
    before = selected(screen())
    key = "j" if i % 2 == 0 else "k"
    t0 = time.monotonic()
    tm("send-keys", "-t", "b", key)
    while True:
        now = selected(screen())
        if now is not None and now != before: break
        if time.monotonic() - t0 > 10: print("a key got no frame in 10 s"); break
    lat.append((time.monotonic() - t0) * 1000)
def pct(v, p):
    v = sorted(v); return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]
print(f"key to frame from outside, j/k ({len(lat)} keys): p50 {pct(lat,50):.1f} ms  p90 {pct(lat,90):.1f} ms  p99 {pct(lat,99):.1f} ms  max {max(lat):.1f} ms")
print(f"key to frame from outside, b (a command; {len(blat)} keys): p50 {pct(blat,50):.1f} ms  max {max(blat):.1f} ms")
wal = f"{state}/state.sqlite-wal"
if os.path.exists(wal): print(f"WAL before quit: {os.path.getsize(wal) / 1e6:.1f} MB")
t0 = time.monotonic()
tm("send-keys", "-t", "b", "q")
while os.path.exists(f"/proc/{pid}"):
    if time.monotonic() - t0 > 120: print("still running 120 s after q"); break
    time.sleep(0.005)
print(f"quit: {(time.monotonic() - t0) * 1000:.0f} ms from q to the process's exit; exit status {open(work + '/exit').read().strip() if os.path.exists(work + '/exit') else '?'}")
log = f"{work}/state/vigil/console.log"
inside, captures, commits = [], [], []
for line in open(log) if os.path.exists(log) else []:
    if "on the way out" in line: print("  " + line.split(" ", 1)[1].strip())
    m = re.search(r"key to frame ([0-9.]+)", line)
    if m: inside.append(float(m.group(1)))
    m = re.search(r"turn \(image taken\) in ([0-9.]+)", line)
    if m: captures.append(float(m.group(1)))
    m = re.search(r"committed in ([0-9.]+)", line)
    if m: commits.append(float(m.group(1)))
if inside: print(f"  inside the process (--frame-times, {len(inside)} frames after a key): p50 {pct(inside,50):.1f} ms  p99 {pct(inside,99):.1f} ms  max {max(inside):.1f} ms")
if captures: print(f"  checkpoint images taken on the console's thread: {len(captures)}, p50 {pct(captures,50):.1f} ms  max {max(captures):.1f} ms")
if commits: print(f"  commits on the saver's thread: {len(commits)}, p50 {pct(commits,50):.0f} ms  max {max(commits):.0f} ms")
if not stored: sys.exit(0)
left = {f: os.path.getsize(f"{state}/{f}") for f in sorted(os.listdir(state))}
print("left in the state directory: " + ", ".join(f"{f} {b / 1e6:.1f} MB" for f, b in left.items()))
PY
