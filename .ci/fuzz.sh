#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer, through libfuzzer-sys on the nightly toolchain) of the readers of outside input:
# the bundle reader, the JSON Lines loader, the CSV/XLSX/ODS import and the instrument definition reader
# (fuzz/fuzz_targets). Seeds come from the repository's own test files; what the fuzzer learns is kept in
# fuzz/target/corpus (not committed). A crash leaves its input in fuzz/artifacts/TARGET/ and fails the run: turn it
# into a test beside the code it broke, then keep the input in fuzz/regressions/TARGET/ (replayed on every run).
# Usage: bash .ci/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (the test command runs 25 s each; longer by hand)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
secs=${1:-25}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(bundle jsonl sheet instrument)
root=$PWD
cd fuzz
# Its own target directory (the instrumented build shares nothing with the main one) and its own lock file, pinned
# from the main one. Instrumentation as cargo-fuzz sets it; --target keeps it off build scripts and proc macros.
export CARGO_TARGET_DIR="$PWD/target"
triple=$(rustc +nightly -vV | sed -n 's/^host: //p')
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
cargo +nightly build --release --locked --target "$triple" --bins
bin=$CARGO_TARGET_DIR/$triple/release

seed() {
  local t=$1 dir=$CARGO_TARGET_DIR/corpus/$1
  mkdir -p "$dir"
  case $t in
    jsonl) cp "$root"/docs/examples/records.jsonl "$dir/" ;;
    sheet) cp "$root"/docs/examples/persons.csv "$root"/src-tauri/crates/spreadsheet/tests/data/* "$dir/" ;;
    instrument) cp "$root"/src-tauri/crates/core/instruments/*.json "$dir/" ;;
    bundle)
      # A real bundle, made once by the command line if it is built (the fuzzer also starts from nothing).
      local cli=$root/target/debug/reintegra
      if [ ! -f "$dir/seed.rgb" ] && [ -x "$cli" ]; then
        local tmp
        tmp=$(mktemp -d)
        export REINTEGRA_PASSPHRASE="frase de paso del fuzzer"
        "$cli" --db "$tmp/a.db" init --device A --role supervisor >/dev/null
        "$cli" --db "$tmp/b.db" init --device B --role supervisor >/dev/null
        "$cli" --db "$tmp/b.db" keys public --json >"$tmp/b.json"
        "$cli" --db "$tmp/a.db" devices add "$tmp/b.json" >/dev/null
        "$cli" --db "$tmp/a.db" load "$root/docs/examples/records.jsonl" >/dev/null
        "$cli" --db "$tmp/a.db" bundle export --to B --out "$dir/seed.rgb" >/dev/null || true
        rm -rf "$tmp"
      fi
      ;;
  esac
}

status=0
for t in "${targets[@]}"; do
  seed "$t"
  mkdir -p "artifacts/$t" "regressions/$t"
  # The inputs that once crashed it first (each must now pass), then a timed run from the corpus.
  if compgen -G "regressions/$t/*" >/dev/null; then
    "$bin/$t" -runs=0 regressions/"$t"/* || status=1
  fi
  echo "[fuzz] $t: ${secs}s"
  "$bin/$t" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
    -artifact_prefix="artifacts/$t/" "$CARGO_TARGET_DIR/corpus/$t" 2>&1 | grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::new_units_added|==|thread|panicked|SUMMARY|Test unit written)" || true
  if compgen -G "artifacts/$t/*" >/dev/null; then
    echo "[fuzz] $t: a crash, input in fuzz/artifacts/$t/" >&2
    status=1
  fi
done
exit $status
