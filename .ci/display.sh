#!/usr/bin/env bash
# Sourced: gives this shell a display, starting Xvfb when there is none (servers, CI).
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  for n in $(seq 90 120); do
    # A lock left by an Xvfb that was killed would otherwise hold its number for good.
    lock="/tmp/.X$n-lock"
    if [ -e "$lock" ] && ! kill -0 "$(tr -d ' ' < "$lock")" 2>/dev/null; then
      rm -f "$lock" "/tmp/.X11-unix/X$n" 2>/dev/null || true
    fi
    if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then
      Xvfb ":$n" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
      export REINTEGRA_XVFB_PID=$!
      export DISPLAY=":$n"
      for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
      break
    fi
  done
fi
