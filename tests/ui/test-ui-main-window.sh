#!/bin/bash
# The app against the real helper: a namespace with a veth pair appears in
# the sidebar, and its links on the page, read back from the window's own
# widgets. Saves screenshots (light and dark) in <build>/tests/ui/screenshots.
. "${TCGUI_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$TCGUI_SRCDIR/tests/ui/ui-lib.sh"

NS=tcgui-$$-ui

inner() {
  local ns=$1 rc
  tmp=$(mktemp -d /tmp/tcgui-ui.XXXXXX)   # global: the EXIT trap uses it
  trap 'ui_stop_helper; rm -rf "$tmp"' EXIT
  ui_start_helper "$tmp" || { fail "the helper starts and owns its name"; finish; exit; }
  pass "the helper starts and owns io.github.tcgui.Helper1"

  mkdir -p "$SHOTS"
  rm -f "$SHOTS/main-window.png" "$SHOTS/main-window-dark.png"
  TCGUI_TEST_DUMP=$tmp/dump TCGUI_TEST_SELECT=netns:$ns \
    TCGUI_TEST_QUIT_ON=links,empty,error,helper-missing,not-authorized,helper-crashed,bus-unavailable \
    TCGUI_TEST_SCREENSHOT=$SHOTS/main-window.png \
    timeout 60 "$APP" >"$tmp/app.log" 2>&1
  rc=$?
  check "the app exits on its own (status $rc)" '[ $rc = 0 ]'
  cp "$tmp/dump" "$SHOTS/main-window.txt" 2>/dev/null
  sed 's/^/# /' "$tmp/dump" 2>/dev/null

  block=$(ui_block "$tmp/dump" links)
  check "the page settled on the links of $ns" '[ -n "$block" ]'
  check "the sidebar lists Host" 'grep -qx "sidebar: Host" <<<"$block"'
  check "the sidebar groups named namespaces" 'grep -qx "sidebar-heading: Namespaces" <<<"$block"'
  check "the sidebar lists $ns, selected" 'grep -qx "sidebar: $ns \[selected\]" <<<"$block"'
  check "the page is titled with the namespace" 'grep -qx "title: $ns | Network namespace" <<<"$block"'
  check "the page shows veth-a with kind, MAC, MTU" \
    'grep -qx "link: veth-a | veth · 02:42:ac:11:00:0a · MTU[^0-9]*1400 | .* | .*" <<<"$block"'
  check "veth-a is up (both ends up)" 'grep -q "^link: veth-a | .* | up$" <<<"$block"'
  check "the page shows veth-b" 'grep -q "^link: veth-b | veth · 02:42:ac:11:00:0b · MTU[^0-9]*1500" <<<"$block"'
  check "the page shows the loopback device" 'grep -q "^link: lo | loopback" <<<"$block"'
  check "the page shows exactly the namespace's 3 links" '[ "$(grep -c "^link: " <<<"$block")" = 3 ]'
  check "the group says how many" 'grep -qx "label: 3 interfaces in $ns" <<<"$block"'
  check "no status page is shown" '! grep -q "^status-title: " <<<"$block"'
  check "a PNG screenshot was saved" '[ "$(head -c 4 "$SHOTS/main-window.png" | tail -c 3)" = PNG ]'

  # The same in the dark style: only theme colours, so it must still work.
  TCGUI_TEST_DUMP=$tmp/dump-dark TCGUI_TEST_SELECT=netns:$ns TCGUI_TEST_QUIT_ON=links,error \
    TCGUI_TEST_COLOR_SCHEME=dark TCGUI_TEST_SCREENSHOT=$SHOTS/main-window-dark.png \
    timeout 60 "$APP" >>"$tmp/app.log" 2>&1
  check "the dark-style run shows the same links" \
    '[ "$(ui_block "$tmp/dump-dark" links | grep -c "^link: ")" = 3 ]'
  check "a dark PNG screenshot was saved" '[ -s "$SHOTS/main-window-dark.png" ]'

  # A phone-sized window folds to the sidebar; Ctrl+F's search filters it.
  TCGUI_TEST_DUMP=$tmp/dump-narrow TCGUI_TEST_SELECT=netns:$ns TCGUI_TEST_QUIT_ON=search,error \
    TCGUI_TEST_WINDOW_SIZE=360x640 TCGUI_TEST_SEARCH=${ns#tcgui-} \
    TCGUI_TEST_SCREENSHOT=$SHOTS/narrow-search.png timeout 60 "$APP" >>"$tmp/app.log" 2>&1
  block=$(ui_block "$tmp/dump-narrow" search)
  sed 's/^/# /' <<<"$block"
  check "the narrow window shows the sidebar, not the page" '! grep -q "^link: " <<<"$block"'
  check "the search keeps the matching namespace, selected" 'grep -qx "sidebar: $ns \[selected\]" <<<"$block"'
  check "the search hides Host" '! grep -q "^sidebar: Host" <<<"$block"'
  # Enter in the search entry opens the first match: the folded window
  # slides to the page.
  TCGUI_TEST_DUMP=$tmp/dump-narrow2 TCGUI_TEST_QUIT_ON=links,error \
    TCGUI_TEST_WINDOW_SIZE=360x640 TCGUI_TEST_SEARCH=${ns#tcgui-} TCGUI_TEST_SEARCH_ACTIVATE=1 \
    TCGUI_TEST_SCREENSHOT=$SHOTS/narrow-page.png timeout 60 "$APP" >>"$tmp/app.log" 2>&1
  block=$(ui_block "$tmp/dump-narrow2" links)   # the last one: after Enter
  sed "s/^/# /" <<<"$block"
  check "Enter opens the page of the match" 'grep -qx "title: $ns | Network namespace" <<<"$block"'
  check "the folded page shows its links" '[ "$(grep -c "^link: " <<<"$block")" = 3 ]'
  check "the folded page hides the sidebar" '! grep -q "^sidebar: " <<<"$block"'

  # The menu's actions: Refresh (F5), About (AdwAboutWindow) and Keyboard
  # Shortcuts (gtk/help-overlay.ui from the resources, what Ctrl+? opens).
  dbus-monitor --system "type='method_call',interface='io.github.tcgui.Helper1'" >"$tmp/monitor" 2>&1 &
  local monitor=$! n
  sleep 0.5
  TCGUI_TEST_DUMP=$tmp/dump-actions TCGUI_TEST_SELECT=netns:$ns TCGUI_TEST_QUIT_ON=activated,error \
    TCGUI_TEST_ACTIVATE=win.refresh,app.about,win.show-help-overlay \
    timeout 60 "$APP" >>"$tmp/app.log" 2>&1
  kill "$monitor"; wait "$monitor" 2>/dev/null
  check "win.refresh reloads the links once more" '[ "$(grep -c "^event: links" "$tmp/dump-actions")" = 2 ]'
  # The window's start and the first page may both ask before the answer comes; the
  # refreshed page reuses it (the same helper's abilities do not change).
  n=$(grep -c "member=GetCapabilities" "$tmp/monitor")

  check "GetCapabilities asked at most twice for two page loads and a start ($n)" \
    '[ "$n" -ge 1 ] && [ "$n" -le 2 ]'
  block=$(ui_block "$tmp/dump-actions" activated)
  check "after the refresh, $ns is still selected" 'grep -qx "sidebar: $ns \[selected\]" <<<"$block"'
  check "after the refresh, its 3 links are shown" '[ "$(grep -c "^link: " <<<"$block")" = 3 ]'
  check "app.about opens the About window" 'grep -qx "window: AdwAboutWindow | About" <<<"$block"'
  check "it names the app and its version" 'grep -qx "label: TC GUI" <<<"$block" && grep -qx "label: 0.1.0" <<<"$block"'
  check "win.show-help-overlay opens the shortcuts window" 'grep -q "^window: GtkShortcutsWindow" <<<"$block"'
  check "the shortcuts window lists the search shortcut" 'grep -q "Search Namespaces" <<<"$block"'

  grep -E "CRITICAL|WARNING" "$tmp/app.log" | sed 's/^/# app: /'
  check "the app logged no criticals or warnings" '! grep -qE "CRITICAL|WARNING" "$tmp/app.log"'
  finish
}

if [ "${1:-}" = --inner ]; then
  inner "$2"
  exit
fi

ui_need_all
need_cmd dbus-monitor
cleanup() { ip netns del "$NS" 2>/dev/null; }
trap cleanup EXIT
ip netns add "$NS" || skip "cannot create a network namespace"
ip -n "$NS" link add veth-a address 02:42:ac:11:00:0a mtu 1400 type veth \
  peer name veth-b address 02:42:ac:11:00:0b || { fail "create a veth pair in $NS"; finish; exit; }
ip -n "$NS" link set veth-a up && ip -n "$NS" link set veth-b up && ip -n "$NS" link set lo up
ui_reexec_inner "$NS"
