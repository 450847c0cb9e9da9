#!/usr/bin/env bash
# Runs each fuzz target of fuzz/ for a given number of seconds, one after the
# other, and prints libFuzzer's final figures (inputs tried, corpus size).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     default: 600 seconds, every target
#
# The targets are cargo-fuzz (libFuzzer) targets. cargo-fuzz needs nightly
# flags (-Zsanitizer); on a stable toolchain RUSTC_BOOTSTRAP=1 lets it use
# them. Install it once with `cargo install cargo-fuzz`. Crashes land in
# fuzz/artifacts/TARGET/; the corpus grows in fuzz/corpus/TARGET/. Logs go to
# $FUZZ_LOG_DIR (default target/fuzz-logs). FUZZ_CMIN=1 minimizes each corpus
# after its run (libFuzzer's -set_cover_merge). Set FUZZ_JOBS_NICE=0 to run at
# normal priority.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-600}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(normalize_match rules export extract)
fi
if ! command -v cargo-fuzz >/dev/null; then
  echo "fuzz: cargo-fuzz is missing: cargo install cargo-fuzz" >&2
  exit 2
fi
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
log_dir="${FUZZ_LOG_DIR:-$PWD/../target/fuzz-logs}"
mkdir -p "$log_dir"
# Build once, then run the binaries: a source change during the runs does not
# rebuild between targets.
nice -n "${FUZZ_JOBS_NICE:-10}" cargo fuzz build -O --fuzz-dir .
triple="$(rustc -vV | sed -n 's/^host: //p')"
status=0
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target" "artifacts/$target"
  echo "fuzz: $target for ${seconds}s (log: $log_dir/$target.log)"
  if nice -n "${FUZZ_JOBS_NICE:-10}" "$CARGO_TARGET_DIR/$triple/release/$target" "corpus/$target" \
      -artifact_prefix="artifacts/$target/" -max_total_time="$seconds" -max_len=4096 -timeout=30 \
      -print_final_stats=1 >"$log_dir/$target.log" 2>&1; then
    result=ok
  else
    result="FAILED (see the log and fuzz/artifacts/$target/)"
    status=1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log_dir/$target.log" | grep -o '[0-9]*$' || echo '?')
  echo "fuzz: $target: $result, $runs inputs tried"
  if [ "${FUZZ_CMIN:-0}" = 1 ]; then
    # Keep the corpus small enough to commit: a set cover of its coverage.
    min="$(mktemp -d)"
    "$CARGO_TARGET_DIR/$triple/release/$target" -set_cover_merge=1 -use_counters=0 -max_len=4096 -timeout=30 \
      "$min" "corpus/$target" >>"$log_dir/$target.log" 2>&1
    rm -rf "corpus/$target" && mv "$min" "corpus/$target"
    echo "fuzz: $target: corpus minimized to $(ls "corpus/$target" | wc -l) files"
  fi
done
exit "$status"
