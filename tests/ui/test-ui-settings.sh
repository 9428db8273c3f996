#!/bin/bash
# The window size is saved in GSettings (schema io.github.tcgui.TcGui) when
# the window closes and restored at the next start. Uses the keyfile
# backend in a private directory instead of the memory one, so that the
# value outlives the process.
. "${TCGUI_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$TCGUI_SRCDIR/tests/ui/ui-lib.sh"

inner() {
  local rc
  tmp=$(mktemp -d /tmp/tcgui-ui.XXXXXX)   # global: the EXIT trap uses it
  trap 'rm -rf "$tmp"' EXIT
  export GSETTINGS_BACKEND=keyfile XDG_CONFIG_HOME=$tmp/config
  # No system bus here: the window settles on its status page at once.
  export DBUS_SYSTEM_BUS_ADDRESS=unix:path=$tmp/no-bus

  TCGUI_TEST_DUMP=$tmp/dump1 TCGUI_TEST_QUIT_ON=bus-unavailable TCGUI_TEST_WINDOW_SIZE=700x500 \
    timeout 60 "$APP" >"$tmp/app.log" 2>&1
  rc=$?
  check "the first run exits on its own (status $rc)" '[ $rc = 0 ]'
  size1=$(grep -m1 "^size: " "$tmp/dump1")
  echo "# first run: $size1"
  check "the first run has the size it was given" 'grep -q " default 700x500$" <<<"$size1"'
  sed 's/^/# keyfile: /' "$tmp/config/glib-2.0/settings/keyfile" 2>/dev/null
  check "the size was written to GSettings" \
    'grep -q "^window-size=(700, 500)" "$tmp/config/glib-2.0/settings/keyfile"'

  TCGUI_TEST_DUMP=$tmp/dump2 TCGUI_TEST_QUIT_ON=bus-unavailable \
    timeout 60 "$APP" >>"$tmp/app.log" 2>&1
  rc=$?
  check "the second run exits on its own (status $rc)" '[ $rc = 0 ]'
  size2=$(grep -m1 "^size: " "$tmp/dump2")
  echo "# second run: $size2"
  check "the second run restores 700x500" '[ -n "$size1" ] && [ "$size2" = "$size1" ]'
  grep -E "CRITICAL|WARNING" "$tmp/app.log" | sed 's/^/# app: /'
  check "the app logged no criticals or warnings" '! grep -qE "CRITICAL|WARNING" "$tmp/app.log"'
  finish
}

if [ "${1:-}" = --inner ]; then
  inner
  exit
fi

need_testenv gui-session
[ -x "$APP" ] || skip "the app is not built ($APP)"
[ -f "$GSETTINGS_SCHEMA_DIR/gschemas.compiled" ] || skip "the GSettings schema is not compiled"
run_phase "$TCGUI_TESTENV/gui-session" -- "$0" --inner
