#!/bin/bash
# The helper dies with a call in flight: the real helper is stopped
# (SIGSTOP) so that the app's first calls wait in its socket, then killed
# (SIGKILL). The window must say the helper stopped unexpectedly, and
# reload by itself when a new helper takes the name.
. "${TCGUI_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$TCGUI_SRCDIR/tests/ui/ui-lib.sh"

inner() {
  local rc app_pid
  tmp=$(mktemp -d /tmp/tcgui-ui.XXXXXX)   # global: the EXIT trap uses it
  trap 'ui_stop_helper; rm -rf "$tmp"' EXIT
  mkdir -p "$SHOTS"
  ui_start_helper "$tmp" || { fail "the helper starts and owns its name"; finish; exit; }
  pass "the helper starts and owns io.github.tcgui.Helper1"
  kill -STOP "$HELPER_PID"

  # The client's debug messages say when it is ready: it then sends
  # ListNamespaces at once, to the stopped helper.
  G_MESSAGES_DEBUG=tcgui-helper-client TCGUI_TEST_DUMP=$tmp/dump TCGUI_TEST_QUIT_ON=links \
    TCGUI_TEST_SELECT=host timeout 60 "$APP" >"$tmp/app.log" 2>&1 &
  app_pid=$!
  check "the app connects to the bus" 'ui_wait_for "$tmp/app.log" "→ ready" 30'
  sleep 1    # let GDBus's worker thread write the call to the socket
  check "the app waits for the stopped helper" '! grep -q "^settled: " "$tmp/dump" 2>/dev/null'
  kill -KILL "$HELPER_PID"; wait "$HELPER_PID" 2>/dev/null; HELPER_PID=
  check "the window shows helper-crashed" 'ui_wait_for "$tmp/dump" "settled: helper-crashed" 20'
  block=$(ui_block "$tmp/dump" helper-crashed)
  sed 's/^/# /' <<<"$block"
  check "the status page says the helper stopped" \
    'grep -qx "status-title: The Helper Stopped Unexpectedly" <<<"$block"'
  check "it offers to try again" 'grep -qx "label: Try Again" <<<"$block"'

  ui_start_helper "$tmp" && pass "a new helper starts" || fail "a new helper starts"
  wait "$app_pid"; rc=$?
  check "the app reloaded by itself and exited (status $rc)" '[ $rc = 0 ]'
  block=$(ui_block "$tmp/dump" links)
  check "after the restart, the host's links are shown" 'grep -qx "sidebar: Host \[selected\]" <<<"$block"'
  check "the host has a loopback row" 'grep -q "^link: lo | loopback" <<<"$block"'
  grep -E "CRITICAL|WARNING" "$tmp/app.log" | sed 's/^/# app: /'
  check "the app logged no criticals or warnings" '! grep -qE "CRITICAL|WARNING" "$tmp/app.log"'
  finish
}

if [ "${1:-}" = --inner ]; then
  inner
  exit
fi

ui_need_all
ui_reexec_inner
