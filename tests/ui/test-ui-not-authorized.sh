#!/bin/bash
# polkit refuses: the app runs as uid 65534 (polkit always authorizes root),
# with no session and no authentication agent, so io.github.tcgui.inspect
# (auth_admin for such callers) is not granted. The real helper returns
# io.github.tcgui.Error.NotAuthorized and the window explains polkit.
. "${TCGUI_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$TCGUI_SRCDIR/tests/ui/ui-lib.sh"

inner() {
  local rc
  tmp=$(mktemp -d /tmp/tcgui-ui.XXXXXX)   # global: the EXIT trap uses it
  trap 'ui_stop_helper; rm -rf "$tmp"' EXIT
  mkdir -p "$SHOTS" "$tmp/home" "$tmp/run"
  rm -f "$SHOTS/not-authorized.png"   # the check below must see this run's
  ui_start_helper "$tmp" || { fail "the helper starts and owns its name"; finish; exit; }
  pass "the helper starts and owns io.github.tcgui.Helper1"

  # The X cookie and the directories the app writes must be nobody's.
  cp "${XAUTHORITY:-$HOME/.Xauthority}" "$tmp/xauth" 2>/dev/null
  chmod 711 "$tmp"; chmod 700 "$tmp/run"
  chown 65534:65534 "$tmp/home" "$tmp/run" "$tmp/xauth"
  touch "$tmp/dump" && chown 65534:65534 "$tmp/dump"
  "$TCGUI_TESTENV/run-as-nobody" test -x "$APP" || skip "uid 65534 cannot run $APP"

  "$TCGUI_TESTENV/run-as-nobody" env HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/run" \
    XAUTHORITY="$tmp/xauth" TCGUI_TEST_DUMP="$tmp/dump" \
    TCGUI_TEST_QUIT_ON=not-authorized,links,error,helper-missing,helper-crashed,bus-unavailable \
    TCGUI_TEST_SCREENSHOT="$tmp/home/not-authorized.png" \
    timeout 60 dbus-run-session -- "$APP" >"$tmp/app.log" 2>&1
  rc=$?
  cp "$tmp/home/not-authorized.png" "$SHOTS/" 2>/dev/null
  check "the app exits on its own (status $rc)" '[ $rc = 0 ]'
  sed 's/^/# /' "$tmp/dump"
  block=$(ui_block "$tmp/dump" not-authorized)
  check "the window settled on not-authorized" '[ -n "$block" ]'
  check "the status page explains the refusal" \
    'grep -qx "status-title: Not Allowed to Inspect the Network" <<<"$block"'
  check "it names the polkit action" 'grep -q "^status-description: .*io.github.tcgui.inspect" <<<"$block"'
  check "it offers to try again" 'grep -qx "label: Try Again" <<<"$block"'
  check "no namespace is shown" '! grep -q "^sidebar: " <<<"$block"'
  check "a PNG screenshot was saved" '[ -s "$SHOTS/not-authorized.png" ]'
  grep -E "CRITICAL|WARNING" "$tmp/app.log" | sed 's/^/# app: /'
  check "the app logged no criticals or warnings" '! grep -qE "CRITICAL|WARNING" "$tmp/app.log"'
  finish
}

if [ "${1:-}" = --inner ]; then
  inner
  exit
fi

ui_need_all
need_testenv run-as-nobody
need_cmd dbus-run-session
[ -f "$POLKIT_ACTIONS" ] || skip "the polkit actions are not built ($POLKIT_ACTIONS)"
ui_reexec_inner
