#!/usr/bin/env bash
# Durable-state benchmark (issue 11): builds vigil in release mode and runs demo/reference.toml for
# 30 simulated days with a state directory and without, alternately, three times each. For every
# run: CPU seconds (user + system, from the kernel's accounting of the child), bytes the process
# wrote to storage (write_bytes of /proc/PID/io, read just before it exits), and, with a state, the
# database's final size and the ratios the issue sets (state CPU ≤ 2× the run without; bytes
# written ≤ 3× the final size).
# Usage: scripts/bench-state.sh [DURATION] [extra simulate options…]
set -euo pipefail
cd "$(dirname "$0")/.."
days="${1:-30d}"
shift || true
swift build -c release --product vigil >/dev/null
bin="$(swift build -c release --show-bin-path)/vigil"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores; $(swift --version 2>/dev/null | head -1); reference.toml $days, --approve-expansions auto $*"
python3 - "$bin" "$days" "$work" "$@" <<'PY'
import os, resource, subprocess, sys, time
binary, days, work, extra = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
def run(state):
    cmd = [binary, "simulate", "--scenario", "demo/reference.toml", "--for", days, "--approve-expansions", "auto"] + extra
    if state:
        cmd += ["--state", state]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    written = 0
    while p.poll() is None:
        try:
            for line in open(f"/proc/{p.pid}/io"):
                if line.startswith("write_bytes:"): written = int(line.split()[1])
        except OSError:
            pass
        time.sleep(0.02)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    size = sum(os.path.getsize(os.path.join(state, f)) for f in os.listdir(state) if f.startswith("state.sqlite")) if state else 0
    return cpu, written, size
rows = []
for i in range(1, 4):
    plain = run(None)
    state = os.path.join(work, f"state-{i}")
    stored = run(state)
    print(f"run {i}: without state {plain[0]:6.2f} s CPU | with state {stored[0]:6.2f} s CPU ({stored[0] / plain[0]:.2f}x), "
          f"wrote {stored[1] / 2**20:7.1f} MiB, database {stored[2] / 2**20:5.1f} MiB ({stored[1] / max(stored[2], 1):.1f}x its size)")
    rows.append((plain, stored))
    subprocess.run(["rm", "-rf", state])
PY
