#!/usr/bin/env bash
# End-to-end tests of a state directory under damage and in odd places, with the real binary:
#  - made under umask 000, the directory is 0700 and its files (and the console's log) 0600;
#  - a database cut short (or a page of it zeroed at its end) is reported (65, or 1 from verify),
#    never trapped on;
#  - an emptied, deleted, new or foreign state.sqlite, a garbled or deleted last-checkpoint: the
#    writers (simulate, the console) and the readers refuse with 65 and name --fresh; --fresh works;
#  - a read-only copy is read by verify, catalog and status (as an unprivileged user: root ignores
#    permissions; and on a read-only mount where the machine allows one).
# Prints "state-guard: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
swift build --product vigil >/dev/null || exit 1
bin="$(swift build --show-bin-path)/vigil"
work="$(mktemp -d)"
chmod 755 "$work"  # the unprivileged reader must reach the copies inside
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
export XDG_STATE_HOME="$work/xdg" LANG=C.UTF-8
passed=0 failed=0
ok() { echo "ok   - $1"; passed=$((passed + 1)); }
fail() { echo "FAIL - $1"; failed=$((failed + 1)); [[ -n "${2:-}" ]] && echo "$2" | sed 's/^/       /' | head -10; }
mode() { stat -c %a "$1" 2>/dev/null || echo none; }
# expect_rc WHAT WANTED(regex) CMD…: runs CMD (stdin closed), checks its exit code; output in $out.
expect_rc() {
  local what=$1 want=$2; shift 2
  out="$("$@" </dev/null 2>&1)"; rc=$?
  if [[ $rc =~ ^($want)$ ]]; then ok "$what (exit $rc)"; else fail "$what: exit $rc, wanted $want" "$out"; fi
}
sim() { "$bin" simulate --scenario demo/quickstart.toml "$@"; }
sql() { python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()' "$@"; }

# 1. Permissions under umask 000.
base="$work/base"
(umask 000 && sim --for 2d --state "$base" >/dev/null 2>&1) || fail "making the base state"
[[ $(mode "$base") == 700 ]] && ok "state directory made 0700 under umask 000" || fail "state directory is $(mode "$base")"
for f in state.sqlite last-checkpoint writer.lock; do
  [[ $(mode "$base/$f") == 600 ]] && ok "$f made 0600 under umask 000" || fail "$f is $(mode "$base/$f")"
done
(umask 000 && exec "$bin" simulate --scenario demo/quickstart.toml --for 300d --state "$work/live" >/dev/null 2>&1) &
writer=$!
for _ in $(seq 50); do [[ -e "$work/live/state.sqlite-shm" ]] && break; sleep 0.1; done
for f in state.sqlite-wal state.sqlite-shm; do
  [[ $(mode "$work/live/$f") == 600 ]] && ok "$f of a running writer is 0600" || fail "$f is $(mode "$work/live/$f")"
done
kill -KILL "$writer" 2>/dev/null; wait "$writer" 2>/dev/null
# The console opens its state and its log before it needs a terminal (then exits 69 without one).
(umask 000 && exec "$bin" console --scenario demo/quickstart.toml </dev/null >/dev/null 2>&1)
[[ $(mode "$XDG_STATE_HOME/vigil") == 700 && $(mode "$XDG_STATE_HOME/vigil/console.log") == 600 && $(mode "$XDG_STATE_HOME/vigil/quickstart") == 700 ]] \
  && ok "console: state home 0700, console.log 0600, its state 0700" \
  || fail "console: vigil $(mode "$XDG_STATE_HOME/vigil"), console.log $(mode "$XDG_STATE_HOME/vigil/console.log"), state $(mode "$XDG_STATE_HOME/vigil/quickstart")"

# 2. A database cut short: reported, never trapped on (a trap exits 132-134).
cut="$work/cut"; cp -r "$base" "$cut"; truncate -s -1000 "$cut/state.sqlite"
expect_rc "verify of a database cut short" "1|65" "$bin" verify --state "$cut"
expect_rc "simulate --state on a database cut short" "65" "$bin" simulate --for 1h --state "$cut"
expect_rc "catalog list of a database cut short" "0|65" "$bin" catalog list --state "$cut"
# Each table's first page zeroed at its end (a record of zeros is a row of NULLs).
traps=0
for page in $(seq 2 21); do
  z="$work/zero"; rm -rf "$z"; cp -r "$base" "$z"
  python3 -c 'import sys; f = open(sys.argv[1], "r+b"); f.seek(int(sys.argv[2]) * 4096 - 1000); f.write(bytes(1000))' "$z/state.sqlite" "$page"
  for cmd in verify "catalog list" "simulate --for 1h" status; do
    $bin $cmd --state "$z" >/dev/null 2>"$work/zero.err" </dev/null; rc=$?
    if ((rc >= 128)); then traps=$((traps + 1)); fail "page $page zeroed: $cmd exit $rc" "$(tail -3 "$work/zero.err")"; fi
  done
done
((traps == 0)) && ok "20 pages zeroed at their end, 4 commands each: no trap"

# 3. The database replaced, or the file that says which one belongs.
identity_case() {
  local name=$1 dir="$work/id-$1"
  expect_rc "$name: simulate --scenario refuses" "65" sim --for 1h --state "$dir"
  [[ $out == *--fresh* ]] || fail "$name: the refusal does not say --fresh" "$out"
  expect_rc "$name: verify refuses" "65" "$bin" verify --state "$dir"
  expect_rc "$name: the console refuses" "65" "$bin" console --scenario demo/quickstart.toml --state "$dir"
  expect_rc "$name: simulate --fresh --yes starts over" "0" sim --for 1h --state "$dir" --fresh --yes
  expect_rc "$name: verify after --fresh" "0" "$bin" verify --state "$dir"
}
for c in emptied deleted new-empty foreign garbled no-file; do cp -r "$base" "$work/id-$c"; done
sql "$work/id-emptied/state.sqlite" "$(for t in copy_data copy_record record_data backup_record pool_area live_segment sim_state state_part volume_part content_log expansion_request journal meta; do echo "DELETE FROM $t;"; done)"
rm "$work/id-deleted/state.sqlite"
rm "$work/id-new-empty/state.sqlite"; : > "$work/id-new-empty/state.sqlite"
sim --for 1d --state "$work/other" >/dev/null 2>&1; cp "$work/other/state.sqlite" "$work/id-foreign/state.sqlite"
echo "garbage" > "$work/id-garbled/last-checkpoint"
rm "$work/id-no-file/last-checkpoint"
for c in emptied deleted new-empty foreign garbled no-file; do identity_case "$c"; done
grep -qE '^[0-9]+ [0-9a-f-]{36}$' "$base/last-checkpoint" && ok "last-checkpoint holds \"<checkpoint> <state id>\"" || fail "last-checkpoint: $(cat "$base/last-checkpoint")"
old="$work/old-format"; cp -r "$base" "$old"; cut -d' ' -f1 "$base/last-checkpoint" > "$old/last-checkpoint"
expect_rc "the one-number last-checkpoint is still read" "0" "$bin" verify --state "$old"

# 4. Read-only copies. As root, chmod a-w stops nothing: the copies are read by `nobody`.
readers() {
  local where=$1 dir=$2 run=("${@:3}")
  expect_rc "$where: verify" "0" "${run[@]}" "$bin" verify --state "$dir"
  expect_rc "$where: catalog list" "0" "${run[@]}" "$bin" catalog list --state "$dir"
  expect_rc "$where: catalog show" "0" "${run[@]}" "$bin" catalog show 17 --state "$dir"
  expect_rc "$where: status" "0|1|2" "${run[@]}" "$bin" status --state "$dir"
}
ro="$work/ro"; cp -r "$base" "$ro"; rm -f "$ro"/state.sqlite-*
# A state whose writer was killed: committed transactions still in its -wal, with its -shm.
(exec "$bin" simulate --scenario demo/quickstart.toml --for 300d --state "$work/killed" >/dev/null 2>&1) &
writer=$!
sleep 1.5
kill -KILL "$writer" 2>/dev/null; wait "$writer" 2>/dev/null
rowal="$work/ro-wal"; cp -r "$work/killed" "$rowal"
if [[ -s "$rowal/state.sqlite-wal" ]]; then ok "the killed writer left a -wal to read"; else fail "no -wal left by the killed writer"; fi
chmod -R a+rX,a-w "$ro" "$rowal"
if [[ $(id -u) == 0 ]] && command -v setpriv >/dev/null; then
  as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  readers "read-only copy (as nobody)" "$ro" "${as_nobody[@]}"
  readers "read-only copy with a -wal (as nobody)" "$rowal" "${as_nobody[@]}"
  [[ ! -e "$ro/state.sqlite-shm" ]] && ok "nothing was written beside the read-only copy" || fail "a reader wrote into the read-only copy"
  # The -wal without its -shm cannot be read where the -shm cannot be made: said, not misread.
  nowal="$work/ro-noshm"; cp -r "$work/killed" "$nowal"; rm -f "$nowal/state.sqlite-shm"; chmod -R a+rX,a-w "$nowal"
  expect_rc "read-only copy with a -wal and no -shm: refused" "65" "${as_nobody[@]}" "$bin" verify --state "$nowal"
  [[ $out == *"copy the state directory somewhere writable"* ]] || fail "the refusal does not say what to do" "$out"
else
  echo "skip - read-only copies: not root or no setpriv"
fi
# A read-only mount (needs a mount namespace of our own).
mnt="$work/mnt"; mkdir -p "$mnt"; rw="$work/rw"; cp -r "$base" "$rw"; rm -f "$rw"/state.sqlite-*
if unshare -m true 2>/dev/null; then
  out="$(unshare -m sh -c 'mount --bind -o ro "$1" "$2" && "$3" verify --state "$2" && "$3" catalog list --state "$2" >/dev/null' _ "$rw" "$mnt" "$bin" 2>&1)"
  if [[ $? == 0 ]]; then ok "read-only mount: verify and catalog list"; else fail "read-only mount" "$out"; fi
else
  echo "skip - read-only mount: no mount namespace here"
fi

echo "state-guard: $passed passed, $failed failed"
((failed == 0))
