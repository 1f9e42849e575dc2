#!/usr/bin/env bash
# Builds Reintegra for Windows 10/11 (x86-64) from this Linux machine, and packages it for a USB stick:
#   dist/windows/Reintegra-<version>-setup.exe      per-user installer (no administrator rights), Start-menu entry
#   dist/windows/Reintegra-<version>-portable.zip   the same files, to unpack anywhere
# The road (docs/windows.md, ../shared/WINDOWS.md): Debian's rustc builds std for x86_64-pc-windows-gnu itself
# (-Zbuild-std), MinGW-w64 links, Debian's makensis writes the installer from packaging/windows/reintegra.nsi.
# Usage: .ci/windows.sh            build and package
#        .ci/windows.sh test       build, then run the command line's tests under Wine (.ci/windows-test.sh)
#        .ci/windows.sh test-only  the tests only, on what the last build left
#        .ci/windows.sh check      what CI runs every time: the scripts parse, the installer script compiles
# Installs what it needs (as root, or through sudo; never asks); safe to run again. Slow when cold (about half an
# hour on two cores): it is run before every release, not on every CI run. Builds run at the lowest priority in a
# target folder of their own (target/windows), so they never evict the Linux or wasm builds.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
log() { printf '\033[1m[windows]\033[0m %s\n' "$*"; }
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -E "$@"; fi
}
mode=${1:-build}

# What CI checks on every run (seconds, installs nothing): the scripts parse, and the installer script compiles
# with makensis (when installed) on stand-in files. The full build is run before every release.
if [ "$mode" = check ]; then
  for f in .ci/windows.sh .ci/windows-env.sh .ci/windows-test.sh; do bash -n "$f"; done
  if command -v makensis >/dev/null 2>&1; then
    stub=$(mktemp -d) && trap 'rm -rf "$stub"' EXIT
    mkdir -p "$stub/cli" && touch "$stub/Reintegra.exe" "$stub/cli/reintegra.exe" "$stub/WebView2Loader.dll"
    cp assets/icons/icon.ico "$stub/Reintegra.ico" && cp packaging/windows/LEEME.txt "$stub/"
    makensis -V1 -INPUTCHARSET UTF8 -DVERSION=0.0.0 -DSTAGE="$stub" -DICON="$PWD/assets/icons/icon.ico" \
      -DOUTFILE="$stub/setup.exe" packaging/windows/reintegra.nsi
    log "scripts parse, the installer script compiles"
  else
    log "scripts parse (makensis not installed: the installer script was not compiled)"
  fi
  exit 0
fi

# --- what it needs -------------------------------------------------------------------------------------------------
packages=(gcc-mingw-w64-x86-64 wine64 wine nsis zip python3 rustc-web cargo-web rust-web-src)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing system packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# shellcheck source=windows-env.sh
source .ci/windows-env.sh

version=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' src-tauri/tauri.conf.json)
release="$CARGO_TARGET_DIR/$target/release"
out="$root/dist/windows"
stage="$CARGO_TARGET_DIR/package/Reintegra"

build() {
  log "frontend (wasm)"
  bash .ci/build-frontend.sh
  log "release build of reintegra-app.exe and reintegra.exe for $target"
  local start=$SECONDS
  wcargo build --release -p reintegra-app -p reintegra-cli
  log "cargo build took $((SECONDS - start)) s"

  log "staging $stage"
  rm -rf "$stage" && mkdir -p "$stage"
  x86_64-w64-mingw32-strip -o "$stage/Reintegra.exe" "$release/reintegra-app.exe"
  # The command line in a folder of its own: Windows file names ignore case (reintegra.exe is Reintegra.exe).
  mkdir -p "$stage/cli"
  x86_64-w64-mingw32-strip -o "$stage/cli/reintegra.exe" "$release/reintegra.exe"
  # The WebView2 loader the app needs beside it (webview2-com-sys copies it next to the exe).
  cp "$release/WebView2Loader.dll" "$stage/"
  cp assets/icons/icon.ico "$stage/Reintegra.ico"
  cp packaging/windows/LEEME.txt "$stage/LEEME.txt"

  mkdir -p "$out"
  log "installer (makensis)"
  makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$version" -DSTAGE="$stage" -DICON="$root/assets/icons/icon.ico" \
    -DOUTFILE="$out/Reintegra-$version-setup.exe" packaging/windows/reintegra.nsi
  log "portable zip"
  rm -f "$out/Reintegra-$version-portable.zip"
  (cd "$(dirname "$stage")" && zip -qr -X "$out/Reintegra-$version-portable.zip" Reintegra)
  ls -l "$out"
}

case "$mode" in
  build) build ;;
  test)
    build
    bash .ci/windows-test.sh
    ;;
  test-only) bash .ci/windows-test.sh ;;
  *) echo "usage: $0 [build|test|test-only]" >&2; exit 2 ;;
esac
