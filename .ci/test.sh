#!/usr/bin/env bash
# Sets everything up and runs every check and test: formatting, lints (host and wasm32), unit and property tests,
# the CLI as a black box, and the real app window end to end under Xvfb.
#
# The tree is compiled once for lints and tests: `cargo clippy` is `cargo check` with clippy-driver as the
# workspace's compiler, and the same driver in a `cargo build` lints and compiles in one pass. So the build runs with
# RUSTC_WORKSPACE_WRAPPER=clippy-driver and CLIPPY_ARGS="-D warnings" (exactly what `cargo clippy -- -D warnings`
# sets), over one package set (--workspace) so that features unify once, and the tests run with the same settings so
# that they reuse every artifact.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never

started=$SECONDS
step() { printf '\n\033[1m== %s\033[0m (at %dm%02ds)\n' "$*" $(((SECONDS - started) / 60)) $(((SECONDS - started) % 60)); }

step "format"
cargo fmt --all --check
step "no import loops between modules"
for crate in src-tauri/crates/*/src src-tauri/src frontend/src; do python3 .ci/modgraph.py "$crate"; done
step "Windows packaging scripts (the full Windows build, bash .ci/windows.sh, runs before every release)"
bash .ci/windows.sh check
step "frontend (wasm32): build and lints"
REINTEGRA_LINT=1 bash .ci/build-frontend.sh
step "build and lints (host: every crate and target)"
export RUSTC_WORKSPACE_WRAPPER
RUSTC_WORKSPACE_WRAPPER=$(command -v clippy-driver)
export CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
cargo build --workspace --all-targets
step "tests"
bash .ci/run-tests.sh
step "done"
