#!/usr/bin/env bash
# Builds the Yew frontend to wasm and assembles frontend/dist, which the Tauri app embeds.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash .ci/wasm.sh build --release -p reintegra-frontend
dist=frontend/dist
rm -rf "$dist.tmp" && mkdir -p "$dist.tmp"
wasm-bindgen --target web --no-typescript --out-dir "$dist.tmp" target/wasm/wasm32-unknown-unknown/release/reintegra_ui.wasm
cp frontend/index.html frontend/main.js assets/styles.css "$dist.tmp/"
rm -rf "$dist" && mv "$dist.tmp" "$dist"
echo "[frontend] $(du -h "$dist/reintegra_ui_bg.wasm" | cut -f1) wasm in $dist"
