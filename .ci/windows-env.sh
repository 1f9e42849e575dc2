# Sourced by windows.sh and windows-test.sh: the environment for building and running the Windows target from
# Linux (Debian's rustc building std, MinGW-w64 linking, Wine running the results in a prefix of the build's own).
# --- the toolchain: Debian's rustc building std for the target (rustup's cannot download it here) -------------------
target=x86_64-pc-windows-gnu
export CARGO_TARGET_DIR="$PWD/target/windows"
export RUSTC=/usr/bin/rustc
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine
export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar
export RC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-windres
unset RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS
# A Wine prefix of the build's own (the tests run in it).
export WINEPREFIX="$CARGO_TARGET_DIR/wine" WINEARCH=win64 WINEDEBUG=-all
export WINEDLLOVERRIDES="bcryptprimitives=n,b;mscoree,mshtml="
# cargo for the Windows target; RUSTC_BOOTSTRAP belongs to this one command (as for wasm32 in wasm.sh).
# The target goes right after the subcommand: arguments after `--` belong to the test binaries.
wcargo() {
  local sub=$1; shift
  PATH="/usr/bin:$PATH" RUSTC_BOOTSTRAP=1 nice -n 19 /usr/bin/cargo "$sub" --target "$target" \
    -Zbuild-std=std,panic_abort "$@"
}
export -f wcargo
export target

