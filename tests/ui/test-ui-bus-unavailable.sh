#!/bin/bash
# No system bus: the window says so. Then a bus appears at the address and
# the app connects by itself (it retries every few seconds); with no helper
# on that bus, it then says the helper is missing.
. "${TCGUI_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$TCGUI_SRCDIR/tests/ui/ui-lib.sh"

inner() {
  local rc app_pid
  bus_pid=                                 # global: the EXIT trap uses it
  tmp=$(mktemp -d /tmp/tcgui-ui.XXXXXX)   # global: the EXIT trap uses it
  trap '[ -n "${bus_pid:-}" ] && kill "$bus_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
  mkdir -p "$SHOTS"
  export DBUS_SYSTEM_BUS_ADDRESS=unix:path=$tmp/system_bus_socket

  TCGUI_TEST_DUMP=$tmp/dump TCGUI_TEST_QUIT_ON=helper-missing,links,error \
    TCGUI_TEST_SCREENSHOT=$SHOTS/bus-unavailable-recovered.png \
    timeout 60 "$APP" >"$tmp/app.log" 2>&1 &
  app_pid=$!
  check "the window shows bus-unavailable" 'ui_wait_for "$tmp/dump" "settled: bus-unavailable" 20'
  block=$(ui_block "$tmp/dump" bus-unavailable)
  sed 's/^/# /' <<<"$block"
  check "the status page says there is no system bus" 'grep -qx "status-title: No System Bus" <<<"$block"'
  check "it offers to try again" 'grep -qx "label: Try Again" <<<"$block"'

  # A bus at that address (a plain one: no helper, no activation).
  dbus-daemon --session --nofork --nopidfile --address="$DBUS_SYSTEM_BUS_ADDRESS" \
    >"$tmp/bus.log" 2>&1 &
  bus_pid=$!
  wait "$app_pid"; rc=$?
  check "the app connected by itself and exited (status $rc)" '[ $rc = 0 ]'
  check "then it says the helper is missing" 'grep -qx "settled: helper-missing" "$tmp/dump"'
  grep -E "CRITICAL|WARNING" "$tmp/app.log" | sed 's/^/# app: /'
  check "the app logged no criticals or warnings" '! grep -qE "CRITICAL|WARNING" "$tmp/app.log"'
  kill "$bus_pid" 2>/dev/null && wait "$bus_pid" 2>/dev/null
  bus_pid=
  finish
}

if [ "${1:-}" = --inner ]; then
  inner
  exit
fi

need_cmd dbus-daemon
need_testenv gui-session
[ -x "$APP" ] || skip "the app is not built ($APP)"
[ -f "$GSETTINGS_SCHEMA_DIR/gschemas.compiled" ] || skip "the GSettings schema is not compiled"
run_phase "$TCGUI_TESTENV/gui-session" -- "$0" --inner
