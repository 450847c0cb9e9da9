#!/usr/bin/env bash
# The test command: installs what the tests need, then runs the checks that
# CI runs: formatting, lints, the test suite and the docs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export NEWSGRAPH_PYTHON="$PWD/.venv/bin/python"
cargo fmt --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --locked
