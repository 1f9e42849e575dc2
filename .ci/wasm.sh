#!/usr/bin/env bash
# Runs a cargo command for the wasm32 target, on whichever road this machine has: rustup's wasm32 target where it
# is installed, otherwise Debian's Rust building the standard library from source (see the README).
# Usage: .ci/wasm.sh build|clippy|check [cargo args...]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
# A target directory of its own: the two roads use different compilers, which would otherwise evict each other.
export CARGO_TARGET_DIR="$PWD/target/wasm"
sub="$1"; shift
if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  exec cargo "$sub" --target wasm32-unknown-unknown "$@"
else
  # Debian's cargo, rustc and clippy first on PATH; -Zbuild-std needs RUSTC_BOOTSTRAP, scoped to this command.
  PATH="/usr/bin:$PATH" RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc exec /usr/bin/cargo "$sub" \
    --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort "$@"
fi
