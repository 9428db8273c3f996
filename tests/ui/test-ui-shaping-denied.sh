#!/bin/bash
# polkit denies shaping: the app runs as uid 65534, which a rules file lets
# read (io.github.tcgui.inspect) but not shape (polkit always authorizes
# root). Moving the rate slider sends SetShaping; the real helper answers
# NotAuthorized; the app shows the helper's message in a toast, reads the
# kernel back and the controls return to "no shaping". The kernel is
# unchanged.
. "${TCGUI_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$TCGUI_SRCDIR/tests/ui/ui-lib.sh"
. "$TCGUI_SRCDIR/tests/ui/shaping-lib.sh"

NS=tcgui-$$-shd
RULES=$TCGUI_SRCDIR/tests/helper/grant-nobody-inspect.rules

inner() {
  local ns=$1 rc dump
  tmp=$(mktemp -d /tmp/tcgui-ui.XXXXXX)   # global: the EXIT trap uses it
  trap 'ui_stop_helper; rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/home" "$tmp/run"
  ui_start_helper "$tmp" || { fail "the helper starts and owns its name"; finish; exit; }
  pass "the helper starts and owns io.github.tcgui.Helper1"

  # The X cookie and the directories the app writes must be nobody's.
  cp "${XAUTHORITY:-$HOME/.Xauthority}" "$tmp/xauth" 2>/dev/null
  chmod 711 "$tmp"; chmod 700 "$tmp/run"
  chown 65534:65534 "$tmp/home" "$tmp/run" "$tmp/xauth"
  dump=$tmp/dump
  touch "$dump" && chown 65534:65534 "$dump"
  # gui-session's settings.ini (animations off) is in a directory only root
  # may read: the same for uid 65534, or animations still running when the
  # app quits show up as leaks in the ASan build.
  mkdir -p "$tmp/xdg/gtk-4.0"
  printf '[Settings]\ngtk-enable-animations=false\n' >"$tmp/xdg/gtk-4.0/settings.ini"
  chmod -R a+rX "$tmp/xdg"
  "$TCGUI_TESTENV/run-as-nobody" test -x "$APP" || skip "uid 65534 cannot run $APP"

  "$TCGUI_TESTENV/run-as-nobody" env HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/run" \
    XAUTHORITY="$tmp/xauth" XDG_CONFIG_DIRS="$tmp/xdg" \
    TCGUI_TEST_DUMP="$dump" TCGUI_TEST_WINDOW_SIZE=1100x900 \
    TCGUI_TEST_SELECT=netns:$ns TCGUI_TEST_SHAPE=veth-a TCGUI_TEST_SHAPE_STEPS=outgoing.rate=2000 \
    TCGUI_TEST_QUIT_ON=applied,failed,vanished,helper-missing,helper-crashed,bus-unavailable,error \
    timeout 60 dbus-run-session -- "$APP" >"$tmp/app.log" 2>&1
  rc=$?
  sed 's/^/# /' "$dump"
  check "the app exits on its own (status $rc)" '[ $rc = 0 ]'
  check "uid 65534 may read: the editor opened" 'grep -qx "settled: shaping" "$dump"'
  check "the controls had the rate set before the call" \
    'grep -q "^shaping-step: outgoing.rate=2000" "$dump"'
  check "the change failed" '[ "$(shaping_last "$dump" shaping-outcome)" = failed ]'
  check "a refused change does not replace the window with the not-authorized page" \
    '! grep -qx "settled: not-authorized" "$dump"'
  check "a toast shows the helper's message" \
    'grep -q "^label: veth-a: Not authorized to call SetShaping (polkit action io.github.tcgui.shape)" "$dump"'
  check "the controls returned to the kernel's state (no shaping)" \
    '[ "$(shaping_last "$dump" shaping-outgoing)" = "@a{sv} {}" ]'
  q=$(shaping_qdisc "$ns" veth-a); sed 's/^/# veth-a: /' <<<"$q"
  check "the kernel is unchanged (no tbf on veth-a)" '! grep -q "qdisc tbf" <<<"$q"'
  shaping_app_clean
  finish
}

if [ "${1:-}" = --inner ]; then
  inner "$2"
  exit
fi

ui_need_all
need_cmd tc dbus-run-session
need_testenv run-as-nobody
[ -f "$POLKIT_ACTIONS" ] || skip "the polkit actions are not built ($POLKIT_ACTIONS)"
cleanup() { ip netns del "$NS" 2>/dev/null; }
trap cleanup EXIT
shaping_make_ns "$NS"
shaping_reexec_inner "$RULES" "$NS"
