#!/usr/bin/env bash
# The Windows build's command line, tested under Wine (run by `.ci/windows.sh test` after the build):
#   1. the CLI's black-box tests (src-tauri/crates/cli/tests), built for Windows and run under Wine against
#      reintegra.exe, and the store's folder-sync tests (a bundle held open by another program: Windows' sharing
#      violation);
#   2. Windows scenarios with the packaged reintegra.exe: a user folder with spaces and accents
#      (C:\Users\José Núñez\Documentos\…), input files with Windows line endings, a store and a sync folder on
#      another drive letter (D:, a Wine drive mapping), a bundle still arriving in the sync folder;
#   3. files crossing platforms with the Linux CLI (target/debug/reintegra, as built by the Linux tests; not rebuilt
#      here): bundles both ways, a store created on one opening on the other, XLSX and PDF compared byte for byte.
# Prints a count of what passed; exits non-zero if anything failed. REINTEGRA_WINDOWS_PARTS=scenarios runs sections
# 2 to 4 only (no build: the packaged exe), in a work folder of its own.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# shellcheck source=windows-env.sh
source .ci/windows-env.sh
log() { printf '\033[1m[windows-test]\033[0m %s\n' "$*"; }
passed=0 failed=0 failures=()
pass() { passed=$((passed + 1)); printf '  ok    %s\n' "$1"; }
fail() { failed=$((failed + 1)); failures+=("$1"); printf '  FAIL  %s\n' "$1"; }
check() { # check NAME COMMAND...: passes when the command succeeds
  local name=$1; shift
  # The output lands in out.txt once the command ended: a check can grep what the previous one printed.
  if "$@" >"$work/cur.txt" 2>"$work/err.txt"; then pass "$name"; else fail "$name"; sed 's/^/        /' "$work/err.txt" | head -5; fi
  mv "$work/cur.txt" "$work/out.txt"
}

# --- the Wine prefix --------------------------------------------------------------------------------------------------
export LC_ALL=C.UTF-8   # Wine turns arguments and the environment into UTF-16 with the locale's encoding
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  log "creating the Wine prefix $WINEPREFIX"
  wine wineboot --init >/dev/null 2>&1 || true
  wineserver -w
fi
# Wine 8 lacks ProcessPrng (bcryptprimitives.dll), which every Rust program imports: a test-bench shim (see the file).
shim="$CARGO_TARGET_DIR/bcryptprimitives.dll"
if [ ! -f "$shim" ] || [ packaging/windows/processprng.c -nt "$shim" ]; then
  x86_64-w64-mingw32-gcc -O2 -shared -s -o "$shim" packaging/windows/processprng.c -ladvapi32
fi
cp "$shim" "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"

# D: is a folder of this run's own (a USB stick, a second disk).
parts=${REINTEGRA_WINDOWS_PARTS:-all}
work="$CARGO_TARGET_DIR/wine-test"
[ "$parts" = all ] || work="$CARGO_TARGET_DIR/wine-test-$parts"
rm -rf "$work" && mkdir -p "$work/d"
ln -sfn "$work/d" "$WINEPREFIX/dosdevices/d:"

# --- 1. the black-box tests, built for Windows, run under Wine ----------------------------------------------------------
if [ "$parts" = all ]; then
log "the CLI's black-box tests under Wine (reintegra.exe)"
start=$SECONDS
# Not run under Wine: the PDF tests that read the PDF back with poppler (pdftotext, pdfinfo, pdftoppm), Linux
# programs a Windows process cannot start. Section 3 checks the Windows build's PDF against the Linux build's.
needs_poppler=(the_attendance_sheet_shows_the_session_and_its_roster_to_sign
  a_roster_of_forty_continues_on_a_second_page_with_the_header_repeated
  the_payroll_lists_the_payable_people_with_the_total_and_the_lines_to_sign
  the_case_summary_shows_profile_family_voucher_months_and_activity)
skip=()
for t in "${needs_poppler[@]}"; do skip+=(--skip "$t"); done
# The app is selected too so that every dependency has the features of the release build (nothing compiled again);
# only the CLI's own tests are named.
tests=()
for f in src-tauri/crates/cli/tests/*.rs; do tests+=(--test "$(basename "$f" .rs)"); done
wcargo test --release -p reintegra-app -p reintegra-cli --bin reintegra "${tests[@]}" --no-fail-fast -- "${skip[@]}" \
  >"$work/cli-tests.log" 2>&1
log "built and ran in $((SECONDS - start)) s; log: $work/cli-tests.log"
grep -E '^test .* \.\.\. (ok|FAILED|ignored)' "$work/cli-tests.log" | sed 's/^/  /'
cli_pass=$(grep -cE '^test .* \.\.\. ok$' "$work/cli-tests.log")
cli_fail=$(grep -cE '^test .* \.\.\. FAILED$' "$work/cli-tests.log")
log "black-box tests under Wine: $cli_pass passed, $cli_fail failed; not run (need poppler): ${#needs_poppler[@]}"
passed=$((passed + cli_pass)) failed=$((failed + cli_fail))
[ "$cli_fail" -eq 0 ] || failures+=("$cli_fail black-box test(s), see $work/cli-tests.log")

log "the store's folder-sync tests under Wine (a bundle still arriving, a file another program holds open)"
wcargo test --release -p reintegra-store --lib -- sync::tests::a_bundle >"$work/store-tests.log" 2>&1
store_pass=$(grep -cE '^test .* \.\.\. ok$' "$work/store-tests.log")
store_fail=$(grep -cE '^test .* \.\.\. FAILED$' "$work/store-tests.log")
grep -E '^test .* \.\.\. ' "$work/store-tests.log" | sed 's/^/  /'
passed=$((passed + store_pass)) failed=$((failed + store_fail))
[ "$store_fail" -eq 0 ] && [ "$store_pass" -gt 0 ] || failures+=("store folder tests, see $work/store-tests.log")
fi

# --- 2. Windows scenarios with the packaged exe ---------------------------------------------------------------------------
log "Windows scenarios with the packaged reintegra.exe"
exe="$CARGO_TARGET_DIR/package/Reintegra/cli/reintegra.exe"
[ -f "$exe" ] || exe="$CARGO_TARGET_DIR/$target/release/reintegra.exe"
export REINTEGRA_PASSPHRASE="una frase de prueba" LANG=C.UTF-8
unset REINTEGRA_DB REINTEGRA_LANG REINTEGRA_USER
W() { wine "$exe" "$@"; }
# The user's documents folder, as Windows names it and as this machine sees it.
docs='C:\Users\José Núñez\Documentos\Reintegra datos'
udocs="$WINEPREFIX/drive_c/users/José Núñez/Documentos/Reintegra datos"
rm -rf "$WINEPREFIX/drive_c/users/José Núñez" && mkdir -p "$udocs" "$work/d/Reintegra" "$work/d/Sincronización USB"
central="$docs\\central.db" laptop='D:\Reintegra\portátil.db' stick='D:\Sincronización USB'
# Input files with Windows line endings.
sed 's/$/\r/' docs/examples/records.jsonl >"$udocs/registros de ejemplo.jsonl"
sed 's/$/\r/' docs/examples/persons.csv >"$udocs/personas ñandú.csv"
grep -q $'\r$' "$udocs/personas ñandú.csv" || fail "CRLF input prepared"

check "init a central store under C:\\Users\\José Núñez\\Documentos (spaces, accents)" \
  W --db "$central" init --device Central --role supervisor
check "load a JSON Lines file with CRLF line endings" W --db "$central" load "$docs\\registros de ejemplo.jsonl"
check "import-csv a spreadsheet with CRLF line endings" W --db "$central" import-csv persons --json "$docs\\personas ñandú.csv"
check "… its 3 lines read" grep -q '"lines": *3' "$work/out.txt"
check "the CRLF-loaded text has no carriage return" \
  bash -c "! wine '$exe' --db '$central' persons search 'Núñez' --json | grep -q '\\\\r'"
check "verify the store" W --db "$central" verify
check "a laptop store on drive D:" \
  W --db "$laptop" init --device "Portátil Ana" --role field --worker "Lcda. Ana Portillo"
check "… its file is on D:" test -s "$work/d/Reintegra/portátil.db"
W --db "$central" keys public --json >"$udocs/tarjeta central.json"
W --db "$laptop" keys public --json >"$work/d/Reintegra/tarjeta portátil.json"
check "the central file trusts the laptop" W --db "$central" devices add 'D:\Reintegra\tarjeta portátil.json'
check "the laptop trusts the central file" W --db "$laptop" devices add "$docs\\tarjeta central.json"
check "sync through a folder on D: (central leaves a bundle)" W --db "$central" sync --folder "$stick"
check "… the laptop takes it in" W --db "$laptop" sync --folder "$stick"
check "… and receives its caseload" bash -c "wine '$exe' --db '$laptop' persons search 'Núñez' --json | grep -q 'José Ángel'"
# A bundle still arriving (a cloud-synced folder): cut short, it waits with a Spanish reason and changes nothing.
W --db "$laptop" load "$docs\\registros de ejemplo.jsonl" >/dev/null 2>&1 || true
before=$(W --db "$laptop" digest)
W --db "$laptop" bundle export --to Central --out 'D:\entero.rgb' >/dev/null
bytes=$(stat -c %s "$work/d/entero.rgb")
head -c $((bytes / 2)) "$work/d/entero.rgb" >"$work/d/Sincronización USB/a-medias.rgb"
check "a half-written bundle in the sync folder waits for the next round" W --db "$central" sync
check "… with a Spanish reason" grep -q 'a-medias.rgb: en espera, el paquete aún se está copiando' "$work/out.txt"
rm -f "$work/d/Sincronización USB/a-medias.rgb"
check "… and the laptop was not changed by it" test "$before" = "$(W --db "$laptop" digest)"
# Concurrent edits of one record on both sides: a conflict, listed.
person=0192a000-0000-7000-8000-000000000001
line='{"type":"person","id":"'$person'","role":"participant","given_names":"José Ángel","first_surname":"Núñez","second_surname":"Hernández","birth_date":"1995-02-14","sex":"male","dui":"00016297-5","municipality":"San Salvador Este","district":"Soyapango","address":"Colonia Las Margaritas, pasaje \"B\", casa 14","phone":"PHONE","release_date":"2023-10-02","consent_date":"2023-11-06","assigned_worker":"Lcda. Ana Portillo"}'
printf '%s\r\n' "${line/PHONE/7111-1111}" >"$udocs/edición central.jsonl"
printf '%s\r\n' "${line/PHONE/7222-2222}" >"$work/d/Reintegra/edición portátil.jsonl"
W --db "$central" load "$docs\\edición central.jsonl" >/dev/null
W --db "$laptop" load 'D:\Reintegra\edición portátil.jsonl' >/dev/null
W --db "$laptop" sync >/dev/null
W --db "$central" sync >/dev/null
check "conflicts: the two edits are listed on the central file" \
  bash -c "wine '$exe' --db '$central' conflicts list --json | grep -q '$person'"
check "vouchers evaluate a month" W --db "$central" vouchers evaluate --month 2026-01
check "users list" W --db "$central" users list
check "export a spreadsheet into the accented folder" W --db "$central" export --out "$docs\\informe.xlsx"
check "pdf: a case summary" W --db "$central" pdf case --person "$person" --out "$docs\\resumen de caso.pdf"
check "… it reads as text on Linux (pdftotext), with the accents" \
  bash -c "pdftotext '$udocs/resumen de caso.pdf' - | grep -q 'José Ángel'"
check "passphrase change on a copy (same file, new passphrase)" bash -c "
  cp '$udocs/central.db' '$udocs/copia.db' && cp '$udocs/central.db.keys' '$udocs/copia.db.keys' &&
  REINTEGRA_NEW_PASSPHRASE='otra frase más larga' wine '$exe' --db '$docs\\copia.db' passphrase change &&
  REINTEGRA_PASSPHRASE='otra frase más larga' wine '$exe' --db '$docs\\copia.db' verify"
# The USB stick taken out: its drive letter is gone.
check "a sync folder on a drive that is not there (USB taken out): a clear Spanish error" bash -c "
  ! wine '$exe' --db '$central' sync --folder 'F:\\USB Reintegra' 2>'$work/usb.txt' &&
  grep -q 'no está disponible (¿memoria USB conectada?)' '$work/usb.txt'"

# --- 3. files across platforms ---------------------------------------------------------------------------------------
linux="$root/target/debug/reintegra"
if [ ! -x "$linux" ]; then
  fail "the Linux CLI target/debug/reintegra is missing (build the Linux tests first): cross-platform checks skipped"
else
  log "files across platforms (Linux CLI: $linux)"
  L() { "$linux" "$@"; }
  lx="$work/linux" && mkdir -p "$lx"
  check "a store created on Windows opens on Linux (same passphrase)" L --db "$udocs/central.db" verify
  check "… and holds the same data (digest)" test "$(L --db "$udocs/central.db" digest)" = "$(W --db "$central" digest)"
  check "a store created on Linux" L --db "$lx/central linux.db" init --device "Central Linux" --role supervisor
  check "… opens on Windows (Z:)" W --db "Z:$lx/central linux.db" verify
  L --db "$lx/central linux.db" keys public --json >"$lx/tarjeta linux.json"
  check "the Windows central trusts the Linux one" W --db "$central" devices add "Z:$lx/tarjeta linux.json"
  check "the Linux central trusts the Windows one" L --db "$lx/central linux.db" devices add "$udocs/tarjeta central.json"
  check "a bundle written on Windows" W --db "$central" bundle export --to "Central Linux" --out "$docs\\para linux.rgb"
  check "… imports on Linux" L --db "$lx/central linux.db" bundle import "$udocs/para linux.rgb"
  printf '%s\n' '{"type":"person","id":"0192a000-0000-7000-8000-0000000000aa","role":"participant","given_names":"Wendy Linux","first_surname":"Ramos","birth_date":"1990-01-01","municipality":"San Salvador Sur","assigned_worker":"Lcda. Ana Portillo"}' >"$lx/nueva.jsonl"
  check "a record written on Linux" L --db "$lx/central linux.db" load "$lx/nueva.jsonl"
  check "a bundle written on Linux" L --db "$lx/central linux.db" bundle export --to Central --out "$lx/para windows.rgb"
  check "… imports on Windows" W --db "$central" bundle import "Z:$lx/para windows.rgb"
  check "… the record is there" bash -c "wine '$exe' --db '$central' persons search 'Wendy Linux' --json | grep -q 0000000000aa"
  check "both centrals converge (digest)" \
    test "$(L --db "$lx/central linux.db" digest)" = "$(W --db "$central" digest)"

  # The same data exported by both builds: the same store file, read by each.
  W --db "$central" export --out "$docs\\win.xlsx" >/dev/null
  L --db "$udocs/central.db" export --out "$udocs/linux.xlsx" >/dev/null
  if cmp -s "$udocs/win.xlsx" "$udocs/linux.xlsx"; then pass "XLSX: byte for byte the same from both builds"
  else
    mkdir -p "$work/xw" "$work/xl"
    (cd "$work/xw" && unzip -qo "$udocs/win.xlsx") && (cd "$work/xl" && unzip -qo "$udocs/linux.xlsx")
    differ=$(diff -rq "$work/xw" "$work/xl" | sed "s|$work/||g")
    if [ "$(diff -rq "$work/xw" "$work/xl" | grep -vc 'docProps/core.xml')" -eq 0 ]; then
      pass "XLSX: every part the same except docProps/core.xml (the creation time)"
    else fail "XLSX differs: $differ"; fi
  fi
  W --db "$central" pdf case --person "$person" --out "$docs\\win.pdf" >/dev/null
  L --db "$udocs/central.db" pdf case --person "$person" --out "$udocs/linux.pdf" >/dev/null
  if cmp -s "$udocs/win.pdf" "$udocs/linux.pdf"; then pass "PDF: byte for byte the same from both builds"
  else
    echo "        first differences (offset, Windows byte, Linux byte):"; cmp -l "$udocs/win.pdf" "$udocs/linux.pdf" | head -5
    strings "$udocs/win.pdf" | grep -E 'CreationDate|ModDate|/ID' | head -3 | sed 's/^/        win:   /'
    strings "$udocs/linux.pdf" | grep -E 'CreationDate|ModDate|/ID' | head -3 | sed 's/^/        linux: /'
    if [ "$(cmp -l "$udocs/win.pdf" "$udocs/linux.pdf" | wc -l)" -lt 100 ] &&
       [ "$(stat -c %s "$udocs/win.pdf")" = "$(stat -c %s "$udocs/linux.pdf")" ]; then
      pass "PDF: same length, differing only in a few bytes (shown above)"
    else fail "PDF differs between builds"; fi
  fi
fi

# --- 4. the installer, run silently under Wine (a per-user install; the uninstaller keeps the data) --------------------
version=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' src-tauri/tauri.conf.json)
setup="$root/dist/windows/Reintegra-$version-setup.exe"
if [ -f "$setup" ]; then
  log "the installer under Wine: $setup /S"
  user_dir=$(dirname "$(winepath -u 'C:\users\Public' 2>/dev/null)")/$(whoami)
  wine "$setup" /S; wineserver -w
  inst="$user_dir/AppData/Local/Programs/Reintegra"
  check "installs per user into %LOCALAPPDATA%\Programs\Reintegra" test -f "$inst/Reintegra.exe"
  check "… with the command line, the WebView2 loader and the uninstaller" \
    test -f "$inst/cli/reintegra.exe" -a -f "$inst/WebView2Loader.dll" -a -f "$inst/Desinstalar Reintegra.exe"
  check "… a Start-menu entry Reintegra" \
    test -f "$user_dir/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Reintegra.lnk"
  key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\org.reintegra.app'
  check "… listed in Apps & features (HKCU), with its version" \
    bash -c "wine reg query '$key' /v DisplayVersion | grep -q '$version'"
  check "the installed command line runs" wine "$inst/cli/reintegra.exe" --version
  # The data folder, with a store in it, as the app would have left it.
  data="$user_dir/AppData/Roaming/org.reintegra.app"
  mkdir -p "$data" && echo "datos" >"$data/reintegra.db"
  wine "$inst/Desinstalar Reintegra.exe" /S; wineserver -w; sleep 1; wineserver -w
  check "the uninstaller removes the program" test ! -e "$inst/Reintegra.exe"
  check "… and its Start-menu entry and registry entry" bash -c "
    test ! -e '$user_dir/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Reintegra.lnk' &&
    ! wine reg query '$key' >/dev/null 2>&1"
  check "… and never the data folder %APPDATA%\org.reintegra.app" test "$(cat "$data/reintegra.db")" = datos
  rm -rf "$data"
else
  fail "no installer at $setup (run .ci/windows.sh first)"
fi

log "passed: $passed, failed: $failed"
for f in "${failures[@]}"; do echo "  failed: $f"; done
[ "$failed" -eq 0 ]
