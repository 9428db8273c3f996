#!/bin/bash
# No helper on the bus (and none that D-Bus could start): the window says
# so and shows the install command. Then the real helper appears on the bus
# and the window reloads by itself, without a click.
. "${TCGUI_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$TCGUI_SRCDIR/tests/ui/ui-lib.sh"

inner() {
  local rc
  tmp=$(mktemp -d /tmp/tcgui-ui.XXXXXX)   # global: the EXIT trap uses it
  trap 'ui_stop_helper; [ -n "${app_pid:-}" ] && kill "$app_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
  mkdir -p "$SHOTS"; app_pid=
  rm -f "$SHOTS/helper-missing.png"   # the check below must see this run's

  check "no helper owns the name" \
    '! gdbus call --system --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
       --method org.freedesktop.DBus.GetNameOwner io.github.tcgui.Helper1 >/dev/null 2>&1'

  # 1. Missing: the app settles on the status page.
  TCGUI_TEST_DUMP=$tmp/dump TCGUI_TEST_QUIT_ON=helper-missing,links,error,bus-unavailable \
    TCGUI_TEST_SCREENSHOT=$SHOTS/helper-missing.png timeout 60 "$APP" >"$tmp/app.log" 2>&1
  rc=$?
  check "the app exits on its own (status $rc)" '[ $rc = 0 ]'
  sed 's/^/# /' "$tmp/dump" 2>/dev/null
  block=$(ui_block "$tmp/dump" helper-missing)
  check "the window settled on helper-missing" '[ -n "$block" ]'
  check "the status page says the helper is not installed" \
    'grep -qx "status-title: TC GUI’s Helper Is Not Installed" <<<"$block"'
  check "it shows the install command from the README" 'grep -qx "label: build-aux/tcgui-dev run" <<<"$block"'
  check "it offers to try again" 'grep -qx "label: Try Again" <<<"$block"'
  check "no sidebar is shown" '! grep -q "^sidebar: " <<<"$block"'
  check "a PNG screenshot was saved" '[ -s "$SHOTS/helper-missing.png" ]'

  # 2. Recovery: the helper appears while the app shows the status page.
  TCGUI_TEST_DUMP=$tmp/dump2 TCGUI_TEST_QUIT_ON=links TCGUI_TEST_SELECT=host \
    timeout 60 "$APP" >>"$tmp/app.log" 2>&1 &
  app_pid=$!
  check "the second window first shows helper-missing" 'ui_wait_for "$tmp/dump2" "settled: helper-missing" 20'
  ui_start_helper "$tmp" && pass "the real helper starts (--replace)" || fail "the real helper starts"
  wait "$app_pid"; rc=$?; app_pid=
  check "the app reloaded by itself and exited (status $rc)" '[ $rc = 0 ]'
  block=$(ui_block "$tmp/dump2" links)
  check "after the helper appeared, the host's links are shown" 'grep -qx "sidebar: Host \[selected\]" <<<"$block"'
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
