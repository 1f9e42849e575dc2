#!/usr/bin/env bash
# Runs the window tests (tests/e2e*.rs: the real app under Xvfb, driven through tauri-driver) several test binaries
# at a time, each on an Xvfb display of its own; every app they start has its own profile and store (see
# tests/support). The binaries must be built (test.sh builds the workspace first). Prints each binary's output when
# it ends; exits non-zero if any failed.
# Usage: .ci/window-tests.sh [extra test-harness args...]   (REINTEGRA_WINDOW_JOBS: how many at once, default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
jobs=${REINTEGRA_WINDOW_JOBS:-3}
logs=target/window-tests
rm -rf "$logs" && mkdir -p "$logs"

# The test executables cargo built for the tests package (nothing is compiled here when the build is current).
mapfile -t bins < <(cargo test -p reintegra-tests --no-run --message-format=json 2>/dev/null \
  | grep -o '"executable":"[^"]*"' | sed 's/"executable":"\(.*\)"/\1/' | grep '/e2e' | sort)
[ ${#bins[@]} -gt 0 ] || { echo "[window-tests] no test binaries found" >&2; exit 1; }

run_one() {
  local bin=$1; shift
  local name; name=$(basename "$bin" | sed 's/-[0-9a-f]*$//')
  local started=$SECONDS rc=0
  (
    unset DISPLAY WAYLAND_DISPLAY
    # shellcheck source=display.sh
    source .ci/display.sh
    trap '[ -n "${REINTEGRA_XVFB_PID:-}" ] && kill "$REINTEGRA_XVFB_PID" 2>/dev/null' EXIT
    "$bin" --include-ignored "$@"
  ) >"$logs/$name.log" 2>&1 || rc=$?
  echo "$rc" >"$logs/$name.rc"
  { printf '\n--- %s (%ss, exit %s)\n' "$name" "$((SECONDS - started))" "$rc"; cat "$logs/$name.log"; } >"$logs/$name.out"
  cat "$logs/$name.out"
}
export -f run_one
export logs

printf '%s\n' "${bins[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one "$@"' _ {} "$@"

status=0
for rc in "$logs"/*.rc; do [ "$(cat "$rc")" = 0 ] || status=1; done
passed=$(cat "$logs"/*.log | grep -o '[0-9]* passed' | awk '{s+=$1} END {print s+0}')
failed=$(cat "$logs"/*.log | grep -o '[0-9]* failed' | awk '{s+=$1} END {print s+0}')
echo
echo "Window: $passed passed, $failed failed"
exit $status
