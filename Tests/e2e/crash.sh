#!/usr/bin/env bash
# Crash tests of `vigil simulate --state`: kill -9 at named crash points and at random moments.
# After every kill: `vigil verify` passes; every generation reported complete (and not reported
# pruned) before the kill is in the catalog, complete; the run resumes; and the events printed
# across all the runs of a chain are exactly the events of one uninterrupted run.
# Prints "crash: N passed, N failed"; RANDOM_KILLS (default 100) sets how many random kills.
set -uo pipefail
cd "$(dirname "$0")/../.."
swift build --product vigil >/dev/null || exit 1
bin="$(swift build --show-bin-path)/vigil"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
until_t="2026-11-23T00:00:00Z"
kills="${RANDOM_KILLS:-100}"
passed=0 failed=0
ok() { passed=$((passed + 1)); }
fail() { echo "FAIL - $1"; failed=$((failed + 1)); }

# Expansion requests are approved (--approve-expansions auto) so that the array keeps backing up,
# merging and pruning for the two days: unanswered, quickstart's pool fills by late morning and the
# later crash points (mid-prune, the 200th catalog commit) are never reached.
# The uninterrupted stream every chain of runs must add up to.
"$bin" simulate --scenario demo/quickstart.toml --until "$until_t" --approve-expansions auto --format jsonl | grep -v '"simulation.summary"' > "$work/straight.jsonl"

# check_reported DIR OUTPUTS…: every generation the outputs reported complete is still kept,
# unless pruned since; and exactly: the catalog's complete records are the generations one
# uninterrupted run has complete and kept at the checkpoint's clock.
check_reported() {
  local dir=$1; shift
  "$bin" catalog list --state "$dir" --format json > "$work/catalog.json" 2>"$work/catalog.err" || { echo "catalog: $(cat "$work/catalog.err")"; return 1; }
  local clock
  clock=$(sqlite3 "file:$dir/state.sqlite?mode=ro" "SELECT clock FROM sim_state" 2>/dev/null) || clock=""
  python3 - "$work/catalog.json" "$work/straight.jsonl" "$clock" "$@" <<'PY'
import json, sys, datetime
catalog = {(r["volume"], r["generation"]) for r in json.load(open(sys.argv[1])) if r["state"] == "complete"}
clock = int(sys.argv[3]) if sys.argv[3] else None
def seconds(t):
    return int(datetime.datetime.strptime(t, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc).timestamp())
def kept(lines, until=None):
    keep, reported = set(), set()
    for line in lines:
        e = json.loads(line)
        if until is not None and seconds(e["time"]) > until: break
        k = e["event"]
        if k == "backup.completed": keep.add((e["volume"], e["generation"])); reported.add((e["volume"], e["generation"]))
        elif k == "generation.invalidated": keep.discard((e["volume"], e["generation"]))
        elif k == "generation.merged": keep.discard((e["volume"], e["base"]))
    return keep, reported
straight = open(sys.argv[2]).read().splitlines()
if clock is not None:
    expected, _ = kept(straight, clock)
    if expected != catalog:
        print("catalog differs from an uninterrupted run at its clock: missing",
              sorted(expected - catalog)[:4], "unexpected", sorted(catalog - expected)[:4])
        sys.exit(1)
# Everything the killed runs reported complete was complete in the catalog at some point: it is
# kept now, or the uninterrupted run pruned it by the checkpoint's clock.
_, reported = kept(line for p in sys.argv[4:] for line in open(p))
pruned_by_then = kept(straight)[1] - (kept(straight, clock)[0] if clock is not None else set())
lost = sorted(g for g in reported if g not in catalog and g not in pruned_by_then)
if lost:
    print("reported complete but lost:", lost[:5])
    sys.exit(1)
PY
}

# run_chain NAME ENV…: runs with the given environment until killed or done, then restarts
# (without it) until done, checking after every kill. Returns the runs' outputs in order.
chain_outputs=()
run_once() {
  local dir=$1 out=$2; shift 2
  env "$@" "$bin" simulate --scenario demo/quickstart.toml --state "$dir" --until "$until_t" --approve-expansions auto --checkpoint-every 1h --format jsonl \
    2>>"$work/stderr" | grep -v '"simulation.summary"' > "$out"
  return "${PIPESTATUS[0]}"
}
after_kill() {
  local name=$1 dir=$2; shift 2
  if ! "$bin" verify --state "$dir" > "$work/verify.txt" 2>&1; then
    # A kill during the very first migration leaves no schema to verify yet; the restart migrates.
    if ! grep -q "open it once with a writer\|holds no checkpoint" "$work/verify.txt"; then
      fail "$name: verify after the kill: $(tail -3 "$work/verify.txt")"; return
    fi
  fi
  if [[ -s "$dir/last-checkpoint" ]] && ! check_reported "$dir" "$@"; then fail "$name: reported generations lost"; return; fi
  ok
}
# The runs of a chain print what one uninterrupted run prints, in order. Events are printed only
# after the checkpoint that makes them durable, so a kill between that commit and the print loses
# the printout (never the data) of one checkpoint: at most one contiguous gap per kill is allowed.
finish_chain() {
  local name=$1 dir=$2; shift 2
  local kills_in_chain=$(($# - 1))
  cat "$@" > "$work/chain.jsonl"
  if python3 - "$work/chain.jsonl" "$work/straight.jsonl" "$kills_in_chain" <<'PY'
import sys
chain = open(sys.argv[1]).read().splitlines()
straight = open(sys.argv[2]).read().splitlines()
allowed = int(sys.argv[3])
i = gaps = 0
for line in chain:
    if i < len(straight) and straight[i] == line:
        i += 1
        continue
    # Skip a gap in the straight run until this line; it must appear later.
    try:
        j = straight.index(line, i)
    except ValueError:
        print(f"line not in the uninterrupted run: {line[:120]}")
        sys.exit(1)
    gaps += 1
    i = j + 1
if i < len(straight):
    gaps += 1
if gaps > allowed:
    print(f"{gaps} gaps for {allowed} kill(s)")
    sys.exit(1)
if gaps:
    print(f"  ({gaps} printout gap(s): a kill fell between a commit and its print)")
PY
  then ok; else fail "$name: the runs' events are not those of one uninterrupted run"; fi
  if "$bin" verify --state "$dir" >/dev/null 2>&1; then ok; else fail "$name: verify at the end"; fi
}

# 1. Named crash points, each hit on its Nth pass.
for point in after-area-allocation:3 mid-copy:5 before-catalog-commit:7 after-catalog-commit:9 mid-prune:2 \
             mid-merge:4 mid-prune-store:2 mid-migration:1 mid-copy:40 before-catalog-commit:40; do
  dir="$work/named-${point//:/-}"
  outs=()
  run_once "$dir" "$work/n1.jsonl" VIGIL_CRASH_AT="$point"; code=$?
  outs+=("$work/n1.jsonl")
  if [[ $code -ne 137 ]]; then fail "$point: expected a kill (137), got $code"; continue; fi
  after_kill "$point" "$dir" "${outs[@]}"
  run_once "$dir" "$work/n2.jsonl"; code=$?
  outs+=("$work/n2.jsonl")
  if [[ $code -ne 0 ]]; then fail "$point: the restart exited $code: $(tail -2 "$work/stderr")"; continue; fi
  finish_chain "$point" "$dir" "${outs[@]}"
  echo "ok   - crash at $point: verified, nothing reported was lost, the restart continued identically"
done

# 2. Random kills: each chain runs until a run finishes; the next kill starts a new chain.
done_kills=0 chains=0
while ((done_kills < kills)); do
  chains=$((chains + 1))
  dir="$work/random-$chains"
  outs=()
  k=0
  while :; do
    k=$((k + 1))
    out="$work/r-$chains-$k.jsonl"
    outs+=("$out")
    (run_once "$dir" "$out") &
    pid=$!
    sleep "$(python3 -c "import random; print(round(random.uniform(0.05, 0.9), 3))")"
    if kill -0 "$pid" 2>/dev/null; then
      pkill -KILL -f -- "--state $dir " 2>/dev/null
      wait "$pid" 2>/dev/null
      done_kills=$((done_kills + 1))
      after_kill "random kill $done_kills" "$dir" "${outs[@]}"
      ((done_kills >= kills)) && break
    else
      wait "$pid"
      break
    fi
  done
  # Finish the chain without kills and compare.
  out="$work/r-$chains-final.jsonl"
  outs+=("$out")
  run_once "$dir" "$out" || fail "chain $chains: final run failed"
  finish_chain "random chain $chains" "$dir" "${outs[@]}"
done
echo "ok   - $done_kills random kills over $chains chains: each verified, nothing reported lost, every chain equal to one uninterrupted run"

echo "crash: $passed passed, $failed failed"
((failed == 0))
