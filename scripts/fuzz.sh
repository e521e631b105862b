#!/usr/bin/env bash
# Fuzzes Vigil's input readers with libFuzzer: the scenario loader (and the array it builds, run for
# ten simulated minutes), the theme loader, the file-list reader (loaded into a small array) and the
# value parsers the command line and the files share. Builds Fuzz/ (a package apart, so the main
# build is unaffected) with -sanitize=fuzzer, then runs each target for SECONDS (default 30) from
# its seed corpus: the demo scenarios, the shipped themes, the demo file list, Fuzz/corpus/ and
# every input that once crashed (Fuzz/regressions/). Prints runs and findings per target; exits 1
# on any crash or hang (> 2 s for one input), leaving the input in $FUZZ_OUT (default
# /tmp/vigil-fuzz) to be added to Fuzz/regressions/<target>/ once fixed.
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#   FUZZ_RUNS=1000000 scripts/fuzz.sh 3600    # stop each target after that many inputs instead
#   FUZZ_SEED=1 FUZZ_RUNS=100000 scripts/fuzz.sh 120   # the same inputs every time (CI's smoke)
# The TOML library leaks what it parses (BENCHMARKS.md), so one process running a million scenario
# inputs grows to about 2.5 GB: the memory limit is 6 GB (FUZZ_RSS_MB), far above any one input.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
shift || true
targets=("$@")
((${#targets[@]})) || targets=(FuzzScenario FuzzTheme FuzzFileList FuzzValues)
out="${FUZZ_OUT:-/tmp/vigil-fuzz}"
# The Swift runtime's own crash report would take the signal before libFuzzer saves the input.
export SWIFT_BACKTRACE=enable=no
mkdir -p "$out"
flags=(-c release -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library -Xcc -fsanitize=fuzzer-no-link
       -Xcxx -fsanitize=fuzzer-no-link -Xswiftc -use-ld=lld)
(cd Fuzz && swift build "${flags[@]}" 2>&1 | grep -E "error|Build complete" | tail -3) || exit 1
bin="Fuzz/.build/release"
status=0
for t in "${targets[@]}"; do
  corpus="$out/corpus-$t"
  mkdir -p "$corpus"
  case $t in
    FuzzScenario) seeds=(demo/*.toml Fuzz/corpus/scenario) ;;
    FuzzTheme) seeds=(themes/*.toml Fuzz/corpus/theme) ;;
    FuzzFileList) seeds=(demo/*.csv Fuzz/corpus/filelist) ;;
    FuzzValues) seeds=(Fuzz/corpus/values) ;;
    *) echo "fuzz: no target $t" >&2; exit 64 ;;
  esac
  for s in "${seeds[@]}" Fuzz/regressions/"$t"; do
    [[ -e "$s" ]] || continue
    if [[ -d "$s" ]]; then cp -n "$s"/* "$corpus"/ 2>/dev/null || true; else cp -n "$s" "$corpus"/; fi
  done
  log="$out/$t.log"
  limit=(-max_total_time="$seconds")
  [[ -n "${FUZZ_RUNS:-}" ]] && limit+=(-runs="$FUZZ_RUNS")
  [[ -n "${FUZZ_SEED:-}" ]] && limit+=(-seed="$FUZZ_SEED")
  started=$SECONDS
  "$bin/$t" "${limit[@]}" -timeout=2 -rss_limit_mb="${FUZZ_RSS_MB:-6144}" -print_final_stats=1 \
    -artifact_prefix="$out/$t-" "$corpus" >"$log" 2>&1
  rc=$?
  runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" | tail -1)
  if ((rc == 0)); then
    echo "fuzz $t: ${runs:-?} inputs in $((SECONDS - started))s, 0 crashes, 0 hangs"
  else
    status=1
    echo "fuzz $t: FINDING after ${runs:-?} inputs (exit $rc); input: $(ls -t "$out/$t-"* 2>/dev/null | head -1)"
    grep -E "ERROR|Assertion|Fatal error|deadly signal|timeout" "$log" | head -3 | sed 's/^/    /'
  fi
done
exit $status
