#!/usr/bin/env bash
# Sets everything up and runs every check and test: formatting, lints (host and wasm32), unit and property tests,
# the CLI as a black box, and the real app window end to end under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "format"
cargo fmt --all --check
step "frontend (wasm32)"
bash .ci/build-frontend.sh
step "lints (wasm32)"
bash .ci/wasm.sh clippy --release -p reintegra-frontend -p reintegra-core -- -D warnings
step "lints (host)"
cargo clippy --workspace --all-targets -- -D warnings
step "build the app and the CLI"
cargo build -p reintegra-app -p reintegra-cli
step "tests"
# shellcheck source=display.sh
source .ci/display.sh
status=0
cargo test --workspace -- --include-ignored || status=$?
[ -n "${REINTEGRA_XVFB_PID:-}" ] && kill "$REINTEGRA_XVFB_PID" 2>/dev/null || true
exit $status
