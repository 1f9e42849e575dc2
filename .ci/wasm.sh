#!/usr/bin/env bash
# Runs a cargo command for the wasm32 target, on whichever road this machine has: rustup's wasm32 target where it
# is installed, otherwise Debian's Rust building the standard library from source (see the README).
# Usage: .ci/wasm.sh build|clippy|check [cargo args...]
# With REINTEGRA_LINT=1 a build also runs clippy (-D warnings) on the workspace's crates, in the same pass (see
# test.sh): clippy-driver is the workspace's compiler.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
# A target directory of its own: the two roads use different compilers, which would otherwise evict each other.
export CARGO_TARGET_DIR="$PWD/target/wasm"
unset RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS
lint() {
  if [ "${REINTEGRA_LINT:-}" = 1 ]; then
    export RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
    RUSTC_WORKSPACE_WRAPPER=$(command -v clippy-driver)
  fi
}
sub="$1"; shift
if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  lint
  exec cargo "$sub" --target wasm32-unknown-unknown "$@"
else
  # Debian's cargo, rustc and clippy first on PATH; -Zbuild-std needs RUSTC_BOOTSTRAP, scoped to this command.
  export PATH="/usr/bin:$PATH"
  lint
  RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc exec /usr/bin/cargo "$sub" \
    --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort "$@"
fi
