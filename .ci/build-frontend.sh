#!/usr/bin/env bash
# Builds the Yew frontend to wasm and assembles frontend/dist, which the Tauri app embeds.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash .ci/wasm.sh build --release -p reintegra-frontend
dist=frontend/dist
# A folder of this run's own: two builds at once never mix their files.
tmp=$(mktemp -d "$dist.tmp.XXXX")
wasm-bindgen --target web --no-typescript --out-dir "$tmp" target/wasm/wasm32-unknown-unknown/release/reintegra_ui.wasm
cp frontend/index.html frontend/main.js assets/styles.css "$tmp/"
chmod 755 "$tmp"
rm -rf "$dist" && mv "$tmp" "$dist"
echo "[frontend] $(du -h "$dist/reintegra_ui_bg.wasm" | cut -f1) wasm in $dist"
