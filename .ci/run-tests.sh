#!/usr/bin/env bash
# Runs every test executable the build made, ignored tests included, without compiling anything again (test.sh
# builds the workspace first, with the same settings): first all but the window tests, one binary after another,
# each in its package's folder as `cargo test` would; then the window tests (tests/e2e*.rs: the real app under
# Xvfb, driven through tauri-driver), several binaries at a time, each on an Xvfb display of its own. Every app a
# window test starts has its own store and profile (tests/support). Running the binaries directly, rather than
# `cargo test --exclude`, keeps one package set, so no dependency is compiled twice with other features. (The
# crates have no doc tests to run: their only fenced block is text.)
# Usage: .ci/run-tests.sh [window|other]   (REINTEGRA_WINDOW_JOBS: window binaries at once, default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
# The settings test.sh builds with (see there): listing the executables with others would compile them again.
export RUSTC_WORKSPACE_WRAPPER="${RUSTC_WORKSPACE_WRAPPER:-$(command -v clippy-driver)}"
export CLIPPY_ARGS="${CLIPPY_ARGS:--D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__}"
only=${1:-}
jobs=${REINTEGRA_WINDOW_JOBS:-3}
logs=$PWD/target/test-logs
rm -rf "$logs" && mkdir -p "$logs"

mapfile -t tests < <(cargo test --workspace --no-run --message-format=json | python3 .ci/test-binaries.py | sort)
[ ${#tests[@]} -gt 0 ] || { echo "[tests] no test executables found" >&2; exit 1; }

# Runs one test executable in its package's folder; its output goes to $logs/<name>.log, its exit code to .rc.
run_one() {
  local folder=$1 bin=$2 window=$3
  local name started=$SECONDS rc=0
  # Two packages may have test files of the same name (cli/tests/users.rs, store/tests/users.rs).
  name=$(basename "$folder")-$(basename "$bin" | sed 's/-[0-9a-f]*$//')
  (
    cd "$folder"
    if [ "$window" = 1 ]; then
      unset DISPLAY WAYLAND_DISPLAY
      # shellcheck source=display.sh
      source "$OLDPWD/.ci/display.sh"
      # Stopped and waited for, so that no display server (not even a zombie) outlives the tests.
      trap '[ -n "${REINTEGRA_XVFB_PID:-}" ] && kill "$REINTEGRA_XVFB_PID" 2>/dev/null && wait "$REINTEGRA_XVFB_PID"' EXIT
    fi
    "$bin" --include-ignored
  ) >"$logs/$name.log" 2>&1 || rc=$?
  echo "$rc" >"$logs/$name.rc"
  printf '\n--- %s (%ss, exit %s)\n' "$name" "$((SECONDS - started))" "$rc"
  cat "$logs/$name.log"
}
# One line of the list ("kind<TAB>folder<TAB>executable"), as xargs hands it over.
run_line() {
  local kind folder bin
  IFS=$'\t' read -r kind folder bin <<<"$1"
  run_one "$folder" "$bin" "$([ "$kind" = window ] && echo 1 || echo 0)"
}
export -f run_one run_line
export logs

if [ "$only" != window ]; then
  for line in "${tests[@]}"; do
    if [[ $line == other$'\t'* ]]; then run_line "$line"; fi
  done
fi
if [ "$only" != other ]; then
  printf '%s\n' "${tests[@]}" | grep "^window" | xargs -P "$jobs" -d '\n' -I{} bash -c 'run_line "$1"' _ {}
fi
# Coverage-guided fuzzing, a short run of each target (.ci/fuzz.sh; its build has a target directory of its own).
# REINTEGRA_FUZZ_SECONDS=0 skips it.
fuzz_secs=${REINTEGRA_FUZZ_SECONDS:-25}
if [ "$only" != window ] && [ "$fuzz_secs" != 0 ]; then
  started=$SECONDS rc=0
  if rustup run nightly rustc -V >/dev/null 2>&1; then
    bash .ci/fuzz.sh "$fuzz_secs" >"$logs/fuzz.log" 2>&1 || rc=$?
  else
    echo "[fuzz] skipped: no nightly toolchain (rustup toolchain install nightly)" >"$logs/fuzz.log"
  fi
  echo "$rc" >"$logs/fuzz.rc"
  printf '\n--- fuzz (%ss, exit %s)\n' "$((SECONDS - started))" "$rc"
  cat "$logs/fuzz.log"
fi

status=0 failed_bins=()
for rc in "$logs"/*.rc; do
  [ "$(cat "$rc")" = 0 ] || { status=1; failed_bins+=("$(basename "$rc" .rc)"); }
done
passed=$(cat "$logs"/*.log | grep -a '^test result:' | grep -o '[0-9]* passed' | awk '{s+=$1} END {print s+0}')
failed=$(cat "$logs"/*.log | grep -a '^test result:' | grep -o '[0-9]* failed' | awk '{s+=$1} END {print s+0}')
[ $status = 0 ] || echo "failed: ${failed_bins[*]} (logs in $logs)"
echo
echo "Tests: $passed passed, $failed failed"
exit $status
