# tests/ui/ui-lib.sh - shared by the ui tests (source it after tests/lib.sh).
#
# A ui test runs twice: first as the "outer" part (checks, creates the
# namespace, re-runs itself under polkit-bus and gui-session), then as the
# "inner" part, with DBUS_SYSTEM_BUS_ADDRESS pointing at a private system bus
# with a real polkitd, and DISPLAY at Xvfb.

APP=$TCGUI_BUILDDIR/src/tcgui
HELPER=$TCGUI_BUILDDIR/helper/tcgui-helper
BUS_POLICY=$TCGUI_SRCDIR/data/io.github.tcgui.Helper1.conf
POLKIT_ACTIONS=$TCGUI_BUILDDIR/data/io.github.tcgui.policy
SHOTS=$TCGUI_BUILDDIR/tests/ui/screenshots
export GSETTINGS_SCHEMA_DIR=$TCGUI_BUILDDIR/data
export GSETTINGS_BACKEND=memory

ui_need_all() {
  need_root
  need_cmd ip gdbus timeout
  need_testenv polkit-bus
  need_testenv gui-session
  [ -x "$APP" ] || skip "the app is not built ($APP)"
  [ -x "$HELPER" ] || skip "the helper is not built ($HELPER)"
  [ -f "$BUS_POLICY" ] || skip "the helper's bus policy is missing ($BUS_POLICY)"
  [ -f "$GSETTINGS_SCHEMA_DIR/gschemas.compiled" ] || skip "the GSettings schema is not compiled"
}

# ui_reexec_inner ARGS...: runs this script again inside the private system
# bus and the headless display; with UI_RULES set, polkitd also reads that
# rules file. On that bus root may run dbus-monitor (tests/ui/monitor.conf).
ui_reexec_inner() {
  local args=(--policy "$BUS_POLICY" --policy "$TCGUI_SRCDIR/tests/ui/monitor.conf")
  [ -n "${UI_RULES:-}" ] && args+=(--rules "$UI_RULES")
  # An installed identical copy (build-aux/tcgui-dev run installs one) is
  # what polkitd reads anyway, and polkit-bus refuses to copy over it.
  if [ -f "$POLKIT_ACTIONS" ] &&
     ! cmp -s "$POLKIT_ACTIONS" "/usr/share/polkit-1/actions/${POLKIT_ACTIONS##*/}"; then
    args+=(--actions "$POLKIT_ACTIONS")
  fi
  local rc
  "$TCGUI_TESTENV/polkit-bus" "${args[@]}" -- \
    "$TCGUI_TESTENV/gui-session" -- "$0" --inner "$@"; rc=$?
  # 125: the bus, polkitd or the display did not come up, before the test
  # ran (seen once on a loaded CI machine: "polkitd did not appear on the
  # bus"). One more try; the inner test itself never exits 125.
  if [ $rc = 125 ]; then
    echo "# the test environment did not start (status 125): trying once more"
    "$TCGUI_TESTENV/polkit-bus" "${args[@]}" -- \
      "$TCGUI_TESTENV/gui-session" -- "$0" --inner "$@"; rc=$?
  fi
  # The inner run's failed checks, named again at the end of the log.
  report_failures || [ $rc != 0 ] || rc=1
  return $rc
}

HELPER_PID=
# ui_start_helper DIR: the real helper, taking the name over (--replace).
ui_start_helper() {
  local args=(--replace --idle-timeout 600)
  "$HELPER" --help 2>&1 | grep -q -- --journal && args+=(--journal "$1/journal")
  # The rules of this test alone, never the machine's /var/lib/tcgui/rules.json.
  "$HELPER" --help 2>&1 | grep -q -- --rules && args+=(--rules "$1/rules.json")
  "$HELPER" "${args[@]}" >"$1/helper.log" 2>&1 &
  HELPER_PID=$!
  if ! gdbus wait --system --timeout 15 io.github.tcgui.Helper1; then
    cat "$1/helper.log" >&2
    return 1
  fi
}

ui_stop_helper() {
  [ -n "$HELPER_PID" ] || return 0
  kill "$HELPER_PID" 2>/dev/null
  wait "$HELPER_PID" 2>/dev/null
  HELPER_PID=
}
