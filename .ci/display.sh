#!/usr/bin/env bash
# Sourced: gives this shell a display, starting Xvfb when there is none (servers, CI). Xvfb picks a free display
# number itself (-displayfd), so several shells can start one at the same time without taking the same number.
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  _reintegra_fd_file=$(mktemp)
  Xvfb -displayfd 3 -screen 0 1366x768x24 -nolisten tcp 3>"$_reintegra_fd_file" >/dev/null 2>&1 &
  export REINTEGRA_XVFB_PID=$!
  for _ in $(seq 1 100); do [ -s "$_reintegra_fd_file" ] && break; sleep 0.1; done
  if [ -s "$_reintegra_fd_file" ]; then
    export DISPLAY=":$(tr -d ' \n' < "$_reintegra_fd_file")"
  else
    echo "[display] Xvfb did not start" >&2
  fi
  rm -f "$_reintegra_fd_file"
  unset _reintegra_fd_file
fi
