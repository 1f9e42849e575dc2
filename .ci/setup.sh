#!/usr/bin/env bash
# Installs what Reintegra needs to build, run and test, on Debian 12+ or Ubuntu 22.04+. Safe to run again: it only
# installs what is missing. As root it calls apt-get directly; otherwise through sudo. Never asks a question.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen crate pinned in Cargo.toml
TAURI_DRIVER_VERSION=2.1.0

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -E "$@"; fi
}

export PATH="$HOME/.cargo/bin:$PATH"

packages=(
  # Tauri 2 on Linux
  libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev pkg-config libssl-dev build-essential
  # a display for machines without one, and the WebDriver server for end-to-end tests
  xvfb xauth webkit2gtk-driver
  # the test runner reads cargo's JSON messages, and checks the module graph, with Python
  python3
  # to look at what the app produces (screenshots, PDFs)
  imagemagick poppler-utils
  # the Windows installer script is compiled on every test run (bash .ci/windows.sh check)
  nsis
  # wasm-opt, which shrinks the interface's wasm (.ci/build-frontend.sh)
  binaryen
)
if ! command -v npm >/dev/null 2>&1; then
  # axe-core, the accessibility checks the window tests run, comes from the npm registry.
  packages+=(nodejs npm)
fi
if ! command -v cargo >/dev/null 2>&1; then
  # No rustup toolchain: Debian's newer Rust serves for everything.
  packages+=(rustc-web cargo-web)
fi
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  # No wasm32 standard library from rustup (offline machines): Debian's Rust builds it from source.
  packages+=(rustc-web cargo-web rust-web-src rust-web-llvm rust-web-clippy)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing system packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Debian's rust-lld is a link to the versioned lld (e.g. lld-22) that rust-web-llvm only recommends.
if [ -L /usr/bin/rust-lld ] && [ ! -e /usr/bin/rust-lld ]; then
  lld_pkg=$(basename "$(readlink /usr/bin/rust-lld)")
  log "installing $lld_pkg (the linker for wasm32)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$lld_pkg"
fi

if ! command -v cargo >/dev/null 2>&1 && [ -x /usr/bin/cargo ]; then
  log "using Debian's cargo ($(/usr/bin/cargo --version))"
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: one of its locked dependencies is no longer on the registry.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi
# tauri-driver has no --version: ask cargo what it installed.
if ! cargo install --list 2>/dev/null | grep -qx "tauri-driver v$TAURI_DRIVER_VERSION:"; then
  log "installing tauri-driver $TAURI_DRIVER_VERSION"
  cargo install tauri-driver --version "$TAURI_DRIVER_VERSION" --locked
fi
# axe-core at the version (and hash) tests/a11y/package-lock.json pins, for the window tests' accessibility checks.
if [ ! -f tests/a11y/node_modules/axe-core/axe.min.js ] ||
  ! grep -q "\"version\": \"$(node -p "require('./tests/a11y/package-lock.json').packages['node_modules/axe-core'].version")\"" \
    tests/a11y/node_modules/axe-core/package.json; then
  log "installing axe-core (npm ci in tests/a11y)"
  npm ci --prefix tests/a11y --no-audit --no-fund --silent
fi
log "ready"
