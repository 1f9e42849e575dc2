#!/usr/bin/env bash
# Builds the Yew frontend to wasm and assembles frontend/dist, which the Tauri app embeds.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash .ci/wasm.sh build --release -p reintegra-frontend
dist=frontend/dist
# A folder of this run's own: two builds at once never mix their files.
tmp=$(mktemp -d "$dist.tmp.XXXX")
raw=target/wasm/wasm32-unknown-unknown/release/reintegra_ui.wasm
# wasm-opt (Debian's binaryen, installed by setup.sh) shrinks the interface by about 40% (docs/performance.md,
# "Smaller to ship"). It runs on rustc's output, before wasm-bindgen: Debian's binaryen (108) cannot read the
# table.fill that wasm-bindgen adds. It takes a minute on two cores, so its output is kept (target/wasm/opt) and reused
# while the input is unchanged (same blake2 hash). REINTEGRA_WASM_OPT=0 skips it (a quick look at a change).
if [ "${REINTEGRA_WASM_OPT:-1}" != 0 ] && command -v wasm-opt >/dev/null 2>&1; then
  hash=$(b2sum "$raw" | cut -c1-32)
  # Named as wasm-bindgen needs it (its output files take the input's name), in a folder per input.
  opt=target/wasm/opt/$hash/reintegra_ui.wasm
  if [ ! -f "$opt" ]; then
    mkdir -p "$(dirname "$opt")"
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
      --enable-reference-types --enable-multivalue "$raw" -o "$opt.tmp"
    mv "$opt.tmp" "$opt"
    echo "[frontend] wasm-opt: $(du -h "$raw" | cut -f1) -> $(du -h "$opt" | cut -f1) before wasm-bindgen"
    # Keep the three newest (another build may be reading one).
    ls -dt target/wasm/opt/*/ | tail -n +4 | xargs -r rm -rf
  fi
  raw=$opt
elif [ "${REINTEGRA_WASM_OPT:-1}" != 0 ]; then
  echo "[frontend] wasm-opt not found (binaryen: bash .ci/setup.sh): the interface is not optimised" >&2
fi
wasm-bindgen --target web --no-typescript --out-dir "$tmp" "$raw"
cp frontend/index.html frontend/main.js assets/styles.css "$tmp/"
chmod 755 "$tmp"
rm -rf "$dist" && mv "$tmp" "$dist"
echo "[frontend] $(du -h "$dist/reintegra_ui_bg.wasm" | cut -f1) wasm in $dist"
