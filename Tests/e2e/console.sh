#!/usr/bin/env bash
# End-to-end tests of the real `vigil` binary in tmux: start, clock advances, edit an RTO through
# the form, approve an expansion, quit with q (exit 0), NO_COLOR leaves no colour escapes, a 20x6
# terminal shows the too-small screen, SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1/2 and SIGALRM restore
# the terminal, SIGPIPE is ignored, `simulate | head -1` ends quietly, no TTY / TERM=dumb exit 69; a
# stored console quits within a second and closes its database; a failed checkpoint (injected, and
# a full tmpfs where mounting is allowed) stops the clock, Space retries, q while unsaved exits 74.
# Prints "N passed, N failed" and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/../.."
swift build --product vigil >/dev/null || exit 1
bin="$(swift build --show-bin-path)/vigil"
work="$(mktemp -d)"
export XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config" LANG=C.UTF-8
# Every session gets its own tmux server (socket): reusing one right after kill-server races
# with the old server's shutdown ("server exited unexpectedly").
sessions=0
sock="vigil-e2e-$$-0"
tm() { tmux -L "$sock" "$@"; }
new_server() {
  tm kill-server 2>/dev/null
  sessions=$((sessions + 1))
  sock="vigil-e2e-$$-$sessions"
}
passed=0 failed=0
ok() { echo "ok   - $1"; passed=$((passed + 1)); }
fail() { echo "FAIL - $1"; failed=$((failed + 1)); [[ -n "${2:-}" ]] && echo "$2" | sed 's/^/       /' | head -40; }
screen() { tm capture-pane -t v -p; }
# Waits up to $2 seconds for the screen to contain $1.
wait_for() {
  local deadline=$((SECONDS + ${2:-10}))
  while ((SECONDS < deadline)); do
    screen 2>/dev/null | grep -qF -- "$1" && return 0
    sleep 0.2
  done
  return 1
}
# Starts vigil in a fresh session of WxH with extra args; its exit code lands in $work/exit.
start() {
  local w=$1 h=$2; shift 2
  new_server
  rm -f "$work/exit"
  tm new-session -d -s v -x "$w" -y "$h" "env $* ; echo \$? > $work/exit; sleep 60"
}
# Sends keys one at a time, slower than a paste, so the console sees typing, not a burst.
type_keys() { for k in "$@"; do tm send-keys -t v "$k"; sleep 0.15; done; }
exit_code() {
  local deadline=$((SECONDS + 10))
  while ((SECONDS < deadline)); do [[ -f "$work/exit" ]] && { cat "$work/exit"; return; }; sleep 0.2; done
  echo "none"
}

# 1. Start and watch the clock advance.
start 120 40 "$bin" --ephemeral --speed 600
if wait_for " · quickstart · " 15; then ok "console starts on the default array"; else fail "console starts" "$(screen)"; fi
t1=$(screen | head -1 | grep -oE '[0-9]{2}:[0-9]{2}:[0-9]{2}Z')
sleep 2.5
t2=$(screen | head -1 | grep -oE '[0-9]{2}:[0-9]{2}:[0-9]{2}Z')
if [[ -n "$t1" && -n "$t2" && "$t1" != "$t2" ]]; then ok "clock advances ($t1 → $t2)"; else fail "clock advances ($t1 → $t2)" "$(screen)"; fi

# 2. Edit the selected volume's group RTO through the form.
type_keys e Up BSpace BSpace BSpace BSpace 5 m
if screen | grep -qF "Objectives of group oltp"; then ok "objectives form opens"; else fail "objectives form opens" "$(screen)"; fi
type_keys Enter
if wait_for "RTO 5m" 5; then ok "RTO edited through the form shows in the estimates"; else fail "RTO edit" "$(screen)"; fi

# 3. Quit with q: exit 0.
type_keys q
code=$(exit_code)
if [[ "$code" == "0" ]]; then ok "q quits with exit 0"; else fail "q quits with exit 0 (got $code)" "$(screen)"; fi

# 4. Approve a pool expansion (the quickstart asks at 13:19 on the first day).
start 120 40 "$bin" --ephemeral --speed 100000
if wait_for "Pool expansion request #1" 30; then ok "expansion prompt opens"; else fail "expansion prompt opens" "$(screen)"; fi
type_keys y
if wait_for "approve #1 rg-spare-sas: done" 5 && screen | grep -qE '│sas +█'; then ok "approving adds the spare as a pool tier"; else fail "approve expansion" "$(screen)"; fi
type_keys q
[[ "$(exit_code)" == "0" ]] || fail "quit after approval"

# 5. NO_COLOR: attributes only, no colour escapes.
start 120 40 NO_COLOR=1 "$bin" --ephemeral
wait_for " · quickstart · " 15
escapes=$(tm capture-pane -t v -p -e | grep -oE $'\e\\[[0-9;]*m' | sort -u | tr '\n' ' ')
if ! grep -qE '(^|;|\[)(3[0-7]|4[0-7]|9[0-7]|10[0-7]|38|48)(;|m)' <<<"$escapes"; then ok "NO_COLOR leaves no colour escapes ($escapes)"; else fail "NO_COLOR escapes: $escapes"; fi
if tm capture-pane -t v -p -e | grep -qF $'\e[7m'; then ok "NO_COLOR still marks the selection (reverse video)"; else fail "NO_COLOR selection" ""; fi
type_keys q
exit_code >/dev/null

# 6. 20x6: the too-small screen still answers q.
start 20 6 "$bin" --ephemeral
if wait_for "Terminal too small" 15; then ok "20x6 shows the too-small screen"; else fail "too small" "$(screen)"; fi
type_keys q
code=$(exit_code)
if [[ "$code" == "0" ]]; then ok "q quits the too-small screen with exit 0"; else fail "too-small quit (got $code)"; fi

# 7. SIGTERM: the console ends with 128+15 and gives the terminal back (the pane shows the shell's output).
start 100 30 "$bin" --ephemeral
wait_for " · quickstart · " 15
pid=$(pgrep -n -f "$bin" || true)
[[ -n "$pid" ]] && kill -TERM "$pid"
code=$(exit_code)
if [[ "$code" == "143" ]]; then ok "SIGTERM ends the console with 143"; else fail "SIGTERM exit (got $code)"; fi
if tm capture-pane -t v -p | grep -q " · quickstart · "; then fail "terminal restored after SIGTERM" "$(screen)"; else ok "terminal restored after SIGTERM"; fi

# 7b. SIGINT and SIGHUP end it the same way (130, 129).
for sig in INT:130 HUP:129; do
  start 100 30 "$bin" --ephemeral
  wait_for " · quickstart · " 15
  pid=$(pgrep -n -f "$bin" || true)
  [[ -n "$pid" ]] && kill -"${sig%%:*}" "$pid"
  code=$(exit_code)
  if [[ "$code" == "${sig##*:}" ]]; then ok "SIG${sig%%:*} ends the console with ${sig##*:}"; else fail "SIG${sig%%:*} exit (got $code)"; fi
done

# 7c. Every other signal that ends a process gives the terminal back first and ends with 128+N:
# Ctrl-\ (SIGQUIT) used to show the Swift runtime's crash report over the screen and freeze for
# 30 s, SIGUSR1 killed the console with the terminal raw. The pane records `stty -a` afterwards.
start_stty() {
  local w=$1 h=$2; shift 2
  new_server
  rm -f "$work/exit" "$work/stty"
  tm new-session -d -s v -x "$w" -y "$h" "env $* 2>$work/stderr; echo \$? > $work/exit; stty -a > $work/stty; sleep 60"
}
cooked() { [[ -f "$work/stty" ]] && grep -qE '(^|[ ;])icanon( |$)' "$work/stty" && grep -qE '(^|[ ;])echo( |$)' "$work/stty"; }
for sig in QUIT:131 USR1:138 USR2:140 ALRM:142; do
  start_stty 100 30 "$bin" --ephemeral
  wait_for " · quickstart · " 15
  pid=$(pgrep -n -f "$bin" || true)
  if [[ "$sig" == QUIT:* ]]; then tm send-keys -t v 'C-\'; else [[ -n "$pid" ]] && kill -"${sig%%:*}" "$pid"; fi
  code=$(exit_code)
  sleep 0.3
  if [[ "$code" == "${sig##*:}" ]]; then ok "SIG${sig%%:*} ends the console with ${sig##*:}"; else fail "SIG${sig%%:*} exit (got $code)" "$(screen)"; fi
  if ! screen | grep -q " · quickstart · " && cooked; then ok "terminal restored (cooked, echo) after SIG${sig%%:*}"
  else fail "terminal restored after SIG${sig%%:*}" "$(screen; cat "$work/stty" 2>/dev/null)"; fi
  if grep -qiE 'crash|backtrace|fatal' "$work/stderr" "$work/stty" 2>/dev/null || screen | grep -qiE 'crash|backtrace'; then
    fail "no crash report after SIG${sig%%:*}" "$(cat "$work/stderr"; screen)"; else ok "no crash report after SIG${sig%%:*}"; fi
done

# 7d. Ctrl-\ on a headless run (simulate) stops it by SIGQUIT's default action (131), without the
# runtime's backtrace over the operator's terminal.
start_stty 100 30 "$bin" simulate --scenario "$PWD/demo/quickstart.toml" --for 3650d --format jsonl ">/dev/null"
sleep 1.5
tm send-keys -t v 'C-\'
code=$(exit_code)
if [[ "$code" == "131" ]]; then ok "Ctrl-\\ ends a headless simulate with 131"; else fail "Ctrl-\\ on simulate (got $code)" "$(screen)"; fi
if grep -qiE 'crash|backtrace|fatal|registers' "$work/stderr" 2>/dev/null || screen | grep -qiE 'crash|backtrace|rflags'; then
  fail "no crash report after Ctrl-\\ on simulate" "$(head -20 "$work/stderr"; screen)"; else ok "no crash report after Ctrl-\\ on simulate"; fi

# 7d. SIGPIPE is ignored by the console: it keeps running, and q still quits with 0.
start_stty 100 30 "$bin" --ephemeral
wait_for " · quickstart · " 15
pid=$(pgrep -n -f "$bin" || true)
[[ -n "$pid" ]] && kill -PIPE "$pid"
sleep 1
if screen | grep -q " · quickstart · " && [[ ! -f "$work/exit" ]]; then ok "SIGPIPE leaves the console running"; else fail "SIGPIPE leaves the console running" "$(screen)"; fi
type_keys q
code=$(exit_code)
sleep 0.3
if [[ "$code" == "0" ]] && cooked; then ok "q after SIGPIPE quits with 0 and a cooked terminal"; else fail "q after SIGPIPE (got $code)" "$(screen)"; fi

# 7e. vigil simulate | head -1: the closed pipe ends it quietly by SIGPIPE (141), at once, with
# nothing on stderr — also when the parent ignores SIGPIPE (then it used to run the whole month).
for mode in default ignored; do
  began=$SECONDS
  if [[ $mode == ignored ]]; then
    first=$(trap '' PIPE; "$bin" simulate --scenario demo/quickstart.toml --for 365d 2>"$work/stderr" | head -1; echo "code ${PIPESTATUS[0]}")
  else
    first=$("$bin" simulate --scenario demo/quickstart.toml --for 365d 2>"$work/stderr" | head -1; echo "code ${PIPESTATUS[0]}")
  fi
  if [[ "$first" == *"simulation of quickstart starts"*"code 141" && ! -s "$work/stderr" && $((SECONDS - began)) -lt 10 ]]; then
    ok "simulate | head -1 ends quietly with 141 (SIGPIPE $mode)"
  else fail "simulate | head -1 (SIGPIPE $mode)" "$first; $(cat "$work/stderr")"; fi
done

# 7f. A resize storm, then the screen fits the final size and q still works.
start 120 40 "$bin" --ephemeral
wait_for " · quickstart · " 15
for i in $(seq 1 12); do tm resize-window -t v -x $((40 + i * 9)) -y $((10 + i * 3)); done
tm resize-window -t v -x 90 -y 28
sleep 0.5
top=$(screen | sed -n 2p)
if [[ ${#top} -eq 90 && "$top" == ┌─\ Volumes* ]]; then ok "resize storm: the layout follows the final 90x28"; else fail "resize storm" "$(screen)"; fi
tm resize-window -t v -x 30 -y 8
if wait_for "Terminal too small" 5; then ok "shrinking below the minimum shows the too-small screen"; else fail "shrink" "$(screen)"; fi
tm resize-window -t v -x 100 -y 30
if wait_for " · quickstart · " 5; then ok "growing back restores the console"; else fail "grow back" "$(screen)"; fi
type_keys q
[[ "$(exit_code)" == "0" ]] || fail "quit after resize storm"

# 7g. Ctrl-Z suspends and fg resumes cleanly, from an interactive shell with job control.
new_server
tm new-session -d -s v -x 100 -y 30 "bash --norc -i"
sleep 0.5
tm send-keys -t v "$bin --ephemeral" Enter
wait_for " · quickstart · " 15
tm send-keys -t v C-z
if wait_for "Stopped" 5 && ! screen | grep -qF " · quickstart · "; then ok "Ctrl-Z suspends and gives the shell its terminal"; else fail "Ctrl-Z" "$(screen)"; fi
tm send-keys -t v fg Enter
if wait_for " · quickstart · " 5; then ok "fg resumes the console"; else fail "fg" "$(screen)"; fi
tm send-keys -t v q
sleep 0.5
tm send-keys -t v 'echo "exit=$?"' Enter
if wait_for "exit=0" 5; then ok "quit after resume exits 0"; else fail "quit after resume" "$(screen)"; fi

# 8. The headless command and the console's options reach their own subcommands.
if "$bin" simulate --scenario demo/quickstart.toml --for 1h >/dev/null; then ok "vigil simulate --scenario runs"; else fail "vigil simulate --scenario"; fi
if "$bin" --list-themes | grep -q "^amber"; then ok "vigil --list-themes lists the shipped themes"; else fail "--list-themes"; fi
out=$("$bin" --scenario /nonexistent.toml 2>&1); code=$?
if [[ $code == 66 && "$out" == *"/nonexistent.toml: file: cannot be read"* ]]; then ok "vigil --scenario with a missing file: exit 66 (sysexits: no input)"; else fail "missing scenario (exit $code: $out)"; fi

# 9. No terminal, or TERM=dumb: a clear message and 69.
out=$("$bin" </dev/null 2>&1 >/dev/null); code=$?
if [[ $code == 69 && "$out" == *"must be a terminal"* ]]; then ok "no TTY: exit 69 with a message"; else fail "no TTY (exit $code: $out)"; fi
start 100 30 TERM=dumb "$bin" --ephemeral
code=$(exit_code)
if [[ "$code" == "69" ]] && screen | grep -qF "TERM=dumb cannot draw"; then ok "TERM=dumb: exit 69 with a message"; else fail "TERM=dumb (exit $code)" "$(screen)"; fi
start 100 30 -u TERM "$bin" --ephemeral
code=$(exit_code)
if [[ "$code" == "69" ]] && screen | grep -qF "TERM is not set"; then ok "TERM unset: exit 69 with a message"; else fail "TERM unset (exit $code)" "$(screen)"; fi

# 10. The console keeps its array: back up, quit, come back to the same clock and records.
start 120 40 "$bin" --speed 3600
wait_for " · quickstart · " 15
sleep 2
type_keys b
sleep 0.5
type_keys q
[[ "$(exit_code)" == "0" ]] || fail "quit the stored console"
records=$("$bin" catalog list --format json | python3 -c "import json,sys; print(len(json.load(sys.stdin)))")
if [[ "$records" -gt 0 ]] && "$bin" verify >/dev/null; then ok "the console stored $records records; vigil verify passes"; else fail "stored console state ($records records)"; fi
start 120 40 "$bin" --speed 60
if wait_for "resumed $XDG_STATE_HOME/vigil/quickstart" 15; then ok "a second start resumes the stored array"; else fail "resume" "$(screen)"; fi
type_keys q
exit_code >/dev/null
journal=$(sqlite3 "$XDG_STATE_HOME/vigil/quickstart/state.sqlite" "SELECT command || ' ' || result FROM journal" 2>/dev/null || true)
if [[ "$journal" == *"backup db-01 done"* ]]; then ok "the command journal holds the backup sent"; else fail "journal ($journal)"; fi
# A second writer on the same state is refused before the screen is touched.
start 120 40 "$bin"
wait_for " · quickstart · " 15
out=$("$bin" --speed 60 </dev/null 2>&1); code=$?
if [[ $code == 75 && "$out" == *"in use by another Vigil writer"* ]]; then ok "a second writer is refused (75)"; else fail "second writer (exit $code: $out)"; fi
type_keys q
exit_code >/dev/null

# 11. Compliance at a glance. A 10 GiB volume backed up every hour into a pool that holds its
# initial full and little more: with the expansion request unanswered, the 01:00 incremental waits
# and the RPO is missed when the lag reaches 1 h (01:01:48, as the headless run reports).
cat > "$work/tight.toml" <<'TOML'
[array]
name = "tight"
seed = 1
start = "2026-11-21T00:00:00Z"
tick = "1m"
granule = "1MiB"

[[raid_groups]]
name = "rg-data"
layout = "4D+1P"
disk_type = "SAS"
disk_size = "100GB"
read_mbps = 1000
write_mbps = 1000

[[raid_groups]]
name = "rg-pool"
layout = "4D+1P"
disk_type = "ATA"
disk_size = "2750MB"
read_mbps = 100
write_mbps = 100

[[raid_groups]]
name = "rg-spare"
layout = "4D+1P"
disk_type = "ATA"
disk_size = "100GB"

[pool]
spares = ["rg-spare"]

[[pool.tiers]]
name = "ata"
raid_groups = ["rg-pool"]

[[groups]]
name = "g"
rpo = { interval = "1h" }
generations = 5
mirror = false

[[volumes]]
name = "vol"
raid_group = "rg-data"
capacity = "10GiB"
group = "g"

[[workloads]]
volume = "vol"
rate = "1MB/s"
TOML
since=$("$bin" simulate --scenario "$work/tight.toml" --for 3h --format jsonl \
  | python3 -c 'import json,sys; print(next(e["since"] for e in map(json.loads, sys.stdin) if e["event"] == "objective.breached"))')
if [[ "$since" == 2026-11-21T* ]]; then ok "the headless run reports the RPO breach since $since"; else fail "headless breach ($since)"; fi
# At ×600 a wall second is 600 simulated seconds: the title must count the breach by then.
start 120 40 "$bin" --ephemeral --scenario "$work/tight.toml" --speed 600 --refresh 100ms
wait_for " · tight · " 15
seen=""
deadline=$((SECONDS + 30))
while ((SECONDS < deadline)); do
  line=$(screen | head -1)
  if [[ "$line" == *"RPO missed 1"* ]]; then seen=$(grep -oE '[0-9]{2}:[0-9]{2}:[0-9]{2}Z' <<<"$line"); break; fi
  sleep 0.05
done
secs() { IFS=: read -r h m s <<<"${1%Z}"; echo $((10#$h * 3600 + 10#$m * 60 + 10#$s)); }
if [[ -n "$seen" ]]; then
  late=$(( $(secs "$seen") - $(secs "${since:11:9}") ))
  if ((late >= 0 && late <= 600)); then ok "the breach shows in the title ${late} simulated s after it began (≤ 1 s wall at ×600)"
  else fail "breach in the title $late s after it began ($seen vs $since)" "$(screen)"; fi
else
  fail "the breach never showed in the title" "$(screen)"
fi
if screen | grep -qE '│vol +g .*1h[0-9m]*/1h ✗'; then ok "its row shows the lag against the bound, marked missed"; else fail "breached row" "$(screen)"; fi
type_keys Escape '!'
if wait_for "Alerts — 1 open (1 unacknowledged)" 5 && screen | grep -qF "pool full — expansion #1 pending"; then ok "the Alerts view lists the open breach and its cause"; else fail "Alerts view" "$(screen)"; fi
type_keys Enter
if wait_for "Alerts — 1 open (0 unacknowledged)" 5; then ok "Enter acknowledges the breach"; else fail "acknowledge" "$(screen)"; fi
type_keys Escape q
exit_code >/dev/null

# 12. vigil status as a monitoring check: 2 on a breached stored array, 0 on a healthy one,
# 3 on a missing state; Prometheus text for the textfile collector.
"$bin" simulate --scenario "$work/tight.toml" --for 3h --state "$work/tight-state" >/dev/null
out=$("$bin" status --state "$work/tight-state"); code=$?
if [[ $code == 2 && "$out" == "VIGIL CRITICAL - tight at 2026-11-21T03:00:00Z: RPO missed 1"* ]]; then ok "status on a breached array: exit 2 (${out%%|*})"; else fail "status breached (exit $code)" "$out"; fi
"$bin" simulate --scenario demo/quickstart.toml --for 2h --state "$work/healthy" >/dev/null
out=$("$bin" status --state "$work/healthy"); code=$?
if [[ $code == 0 && "$out" == "VIGIL OK - quickstart"* ]]; then ok "status on a healthy array: exit 0"; else fail "status healthy (exit $code)" "$out"; fi
out=$("$bin" status --state "$work/nothing-here" 2>/dev/null); code=$?
if [[ $code == 3 && "$out" == "VIGIL UNKNOWN - "* ]]; then ok "status on a missing state: exit 3"; else fail "status missing (exit $code)" "$out"; fi
out=$("$bin" status --format bogus 2>/dev/null); code=$?
if [[ $code == 3 && "$out" == "VIGIL UNKNOWN - "* ]]; then ok "status with a bad option: exit 3, not 64"; else fail "status bad option (exit $code)" "$out"; fi
prom=$("$bin" status --state "$work/tight-state" --format prometheus)
if grep -qx 'vigil_rpo_state{volume="vol",group="g"} 2' <<<"$prom" && grep -qx 'vigil_breaches_open{objective="rpo"} 1' <<<"$prom"; then
  ok "status --format prometheus exposes the breached state"; else fail "prometheus" "$prom"; fi

# 13. The objectives form keeps a 20-character value (it used to keep 12 and apply something else).
start 120 40 "$bin" --ephemeral --paused
wait_for " · quickstart · " 15
type_keys e Tab Tab
for c in 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5 0 G i B; do tm send-keys -t v "$c"; sleep 0.05; done
sleep 0.3
if screen | grep -qF "000050GiB"; then ok "the form shows the end of a 20-character value"; else fail "20-character field" "$(screen)"; fi
type_keys Enter
if wait_for "at 50 GiB changed" 5; then ok "a 20-character value is applied whole (50 GiB)"; else fail "20-character value applied" "$(screen)"; fi
type_keys q
exit_code >/dev/null

# 14. The way out of a stored console: q within a second, the database closed (no -wal or -shm
# left), the state sound; a signal closes it too, after giving the terminal back.
now_ms() { date +%s%3N; }
# Waits up to 10 s for the exit file; prints the milliseconds from $1 to its appearance.
exit_after() {
  local deadline=$((SECONDS + 10))
  while ((SECONDS < deadline)); do [[ -f "$work/exit" ]] && { echo $(( $(now_ms) - $1 )); return; }; sleep 0.01; done
  echo "none"
}
start 120 40 "$bin" --state "$work/quit-state" --speed 3600
wait_for " · quickstart · " 15
sleep 2
type_keys b
sleep 1
t0=$(now_ms)
tm send-keys -t v q
ms=$(exit_after "$t0")
code=$(exit_code)
if [[ "$code" == "0" && "$ms" != none && "$ms" -lt 1000 ]]; then ok "q on a stored console exits 0 in ${ms} ms (< 1 s)"; else fail "quick quit (exit $code after $ms ms)" "$(screen)"; fi
if [[ ! -e "$work/quit-state/state.sqlite-wal" && ! -e "$work/quit-state/state.sqlite-shm" ]]; then ok "q closes the database: no -wal or -shm left"
else fail "database closed on q" "$(ls -la "$work/quit-state")"; fi
if "$bin" verify --state "$work/quit-state" >/dev/null; then ok "the state left by q verifies"; else fail "verify after q"; fi
start_stty 120 40 "$bin" --state "$work/quit-state" --speed 3600
wait_for " · quickstart · " 15
sleep 1.5
pid=$(pgrep -n -f "$bin --state $work/quit-state" || true)
[[ -n "$pid" ]] && kill -TERM "$pid"
code=$(exit_code)
sleep 0.3
if [[ "$code" == "143" ]] && cooked && [[ ! -e "$work/quit-state/state.sqlite-wal" ]]; then ok "SIGTERM on a stored console: 143, terminal restored, no -wal left"
else fail "SIGTERM on a stored console (exit $code)" "$(screen; ls -la "$work/quit-state")"; fi

# 15. A checkpoint that fails (VIGIL_FAIL_COMMIT_IF injects a full disk inside the transaction)
# stops the clock and says so; Space retries once the fault is gone and the clock runs on; quitting
# while unsaved exits 74 and leaves the last good checkpoint.
fault="$work/disk-full"
rm -f "$fault"
clock_now() { screen | head -1 | grep -oE '[0-9]{2}:[0-9]{2}:[0-9]{2}Z'; }
start 140 40 VIGIL_FAIL_COMMIT_IF="$fault" "$bin" --state "$work/fault-state" --speed 3600
wait_for " · quickstart · " 15
sleep 1.5
touch "$fault"
type_keys b
if wait_for "state not saved: disk full — clock stopped" 5 && screen | head -1 | grep -qF "NOT SAVED"; then ok "a failed checkpoint says so in the status line and the title"
else fail "failed checkpoint shown" "$(screen)"; fi
c1=$(clock_now); sleep 1.5; c2=$(clock_now)
if [[ -n "$c1" && "$c1" == "$c2" ]] && screen | head -1 | grep -qF "paused"; then ok "the clock is stopped while the state is not saved ($c1)"; else fail "clock stopped ($c1 → $c2)" "$(screen)"; fi
type_keys ' '
sleep 1.5
if screen | grep -qF "state not saved" && [[ "$(clock_now)" == "$c1" ]]; then ok "Space retries, and while the fault lasts the clock stays stopped"; else fail "retry while failing" "$(screen)"; fi
rm -f "$fault"
type_keys ' '
if wait_for "state saved again" 5 && ! screen | head -1 | grep -qF "NOT SAVED"; then ok "once the fault is gone, Space saves the state"; else fail "retry after the fault" "$(screen)"; fi
sleep 1.5
if [[ "$(clock_now)" != "$c1" ]]; then ok "and the clock runs on ($c1 → $(clock_now))"; else fail "clock resumes" "$(screen)"; fi
touch "$fault"
type_keys b
wait_for "state not saved" 5
saved_at=$(screen | grep -oE 'last saved checkpoint [0-9:]+' | awk '{print $4}')
type_keys q
code=$(exit_code)
if [[ "$code" == "74" ]] && screen | grep -qF "vigil: the state was not saved: disk full"; then ok "q while unsaved exits 74 and says what is stored"; else fail "q while unsaved (exit $code)" "$(screen)"; fi
rm -f "$fault"
stored=$("$bin" status --state "$work/fault-state" --format json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["time"][11:19])' 2>/dev/null)
if "$bin" verify --state "$work/fault-state" >/dev/null && [[ -n "$saved_at" && "$stored" == "$saved_at" ]]; then ok "the state left is the last good checkpoint ($stored), and it verifies"
else fail "state after an unsaved quit (stored $stored, banner said $saved_at)"; fi

# 16. The same for real: a full tmpfs (only where this runs as root and may mount).
mnt="$work/tmpfs"
mkdir -p "$mnt"
if mount -t tmpfs -o size=3m tmpfs "$mnt" 2>/dev/null; then
  start 140 40 "$bin" --state "$mnt/s" --speed 3600
  wait_for " · quickstart · " 15
  sleep 1.5
  dd if=/dev/zero of="$mnt/filler" bs=4k 2>/dev/null
  type_keys b
  if wait_for "state not saved: disk full — clock stopped" 10; then ok "a full file system (tmpfs): the checkpoint fails, the clock stops"; else fail "tmpfs disk full" "$(screen; df -k "$mnt")"; fi
  rm -f "$mnt/filler"
  type_keys ' '
  if wait_for "state saved again" 5; then ok "space freed, Space saves it"; else fail "tmpfs retry" "$(screen)"; fi
  type_keys q
  code=$(exit_code)
  if [[ "$code" == "0" && ! -e "$mnt/s/state.sqlite-wal" ]] && "$bin" verify --state "$mnt/s" >/dev/null; then ok "then q exits 0 with the database closed and sound"
  else fail "tmpfs quit (exit $code)" "$(ls -la "$mnt/s")"; fi
  tm kill-server 2>/dev/null
  umount "$mnt"
else
  echo "skip - disk full on a real tmpfs (cannot mount here)"
fi

tm kill-server 2>/dev/null
umount "$mnt" 2>/dev/null
rm -rf "$work"
echo "e2e: $passed passed, $failed failed"
((failed == 0))
