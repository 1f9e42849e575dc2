#!/usr/bin/env bash
# Builds what one test needs, with the same settings as test.sh (so nothing compiles twice), and runs that one test
# binary; a window test gets an Xvfb display of its own. For working on a piece without the whole suite.
# Usage: .ci/one-test.sh PACKAGE TEST [FILTER]     e.g. .ci/one-test.sh reintegra-tests e2e_admin pairing
#        (PACKAGE reintegra-tests builds the interface and the app first)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
package=$1 test=$2 filter=${3:-}
export RUSTC_WORKSPACE_WRAPPER="${RUSTC_WORKSPACE_WRAPPER:-$(command -v clippy-driver)}"
export CLIPPY_ARGS="${CLIPPY_ARGS:--D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__}"
if [ "$package" = reintegra-tests ]; then
  bash .ci/build-frontend.sh
  cargo build --workspace --bins
fi
# The test executables of that name in that package (a library and a binary may share a name; two packages may
# have test files of the same name).
mapfile -t found < <(cargo test --workspace --no-run --message-format=json | python3 .ci/test-binaries.py |
  while IFS=$'\t' read -r _ folder exe; do
    name=$(basename "$exe" | sed 's/-[0-9a-f]*$//')
    if [ "$name" = "$test" ] && grep -q "^name = \"$package\"" "$folder/Cargo.toml"; then
      printf '%s\t%s\n' "$folder" "$exe"
    fi
  done)
[ ${#found[@]} -gt 0 ] || { echo "[one-test] no test binary named $test (did the workspace build? see above)" >&2; exit 1; }
if [[ $test == e2e* ]]; then
  unset DISPLAY WAYLAND_DISPLAY
  # shellcheck source=display.sh
  source .ci/display.sh
  trap '[ -n "${REINTEGRA_XVFB_PID:-}" ] && kill "$REINTEGRA_XVFB_PID" 2>/dev/null && wait "$REINTEGRA_XVFB_PID"' EXIT
fi
for line in "${found[@]}"; do
  IFS=$'\t' read -r folder exe <<<"$line"
  (cd "$folder" && "$exe" --include-ignored ${filter:+"$filter"})
done
