#!/bin/bash
# The shaping page against the real helper and kernel: moving the rate
# slider (its spin button, as typing does; several values 20 ms apart, like
# a drag) puts a tbf on veth-a, read back with tc, the last value winning;
# incoming shaping goes to the veth peer; the page reads the kernel's state back when opened again; Clear removes it all, and so
# does the primary menu's app.reset-all (ResetAll).
# Screenshot: shaping-page.png (in <build>/tests/ui/screenshots and
# <build>/meson-logs/screenshots).
. "${TCGUI_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$TCGUI_SRCDIR/tests/ui/ui-lib.sh"
. "$TCGUI_SRCDIR/tests/ui/shaping-lib.sh"

NS=tcgui-$$-shr

inner() {
  local ns=$1 rc q dump
  tmp=$(mktemp -d /tmp/tcgui-ui.XXXXXX)   # global: the EXIT trap uses it
  trap 'shaping_monitor_stop; ui_stop_helper; rm -rf "$tmp"' EXIT
  ui_start_helper "$tmp" || { fail "the helper starts and owns its name"; finish; exit; }
  pass "the helper starts and owns io.github.tcgui.Helper1"
  shaping_monitor "$tmp/monitor"

  # A drag: four values 20 ms apart, then the slider stops at 4096 kbit/s.
  dump=$tmp/dump
  shaping_run_app "$dump" TCGUI_TEST_SELECT=netns:$ns TCGUI_TEST_SHAPE=veth-a \
    TCGUI_TEST_SHAPE_STEPS=outgoing.rate=500,outgoing.rate=1000,outgoing.rate=2000,outgoing.rate=4096,incoming.rate=1000
  rc=$?
  sed 's/^/# /' "$dump"
  check "the app exits on its own (status $rc)" '[ $rc = 0 ]'
  check "the editor opened and read the kernel" 'grep -qx "settled: shaping" "$dump"'
  check "the change was applied" '[ "$(shaping_last "$dump" shaping-outcome)" = applied ]'
  q=$(shaping_qdisc "$ns" veth-a); sed 's/^/# veth-a: /' <<<"$q"
  check "the kernel has a tbf at 4096 kbit/s on veth-a" 'grep -q "^qdisc tbf .* rate 4096Kbit" <<<"$q"'
  q=$(shaping_qdisc "$ns" veth-b); sed 's/^/# veth-b: /' <<<"$q"
  check "incoming: a tbf at 1 Mbit/s on the peer veth-b" 'grep -q "^qdisc tbf .* rate 1Mbit" <<<"$q"'
  # Timings are a benchmark's (tests/bench/bench-slider.sh), not a timed test's: here only
  # that the editor measured one. The live slider itself: tests/ui/test-editor-live.c.
  latency=$(shaping_last "$dump" shaping-latency-ms)
  echo "# last change -> helper reply (kernel changed): $latency ms"
  check "the editor measured the change ($latency ms)" '[ -n "$latency" ]'
  shaping_monitor_stop
  # Five outgoing changes: the first step turns the row's switch on (applied at once, at the
  # row's 10 Mbit/s), then four values 20 ms apart. A change goes out at once when no call is
  # in flight, else rides on the next one, so at most one call per change; the last wins.
  n=$(grep -A4 "member=SetShaping" "$tmp/monitor" | grep -c 'string "outgoing"')
  echo "# SetShaping calls for outgoing: $n (the switch and 4 values)"
  check "no more than one outgoing SetShaping per change ($n for the switch and 4 values)" \
    '[ "$n" -ge 1 ] && [ "$n" -le 5 ]'
  # Incoming: the row's switch (applied at once, at the row's value), then the typed value.
  n=$(grep -A4 "member=SetShaping" "$tmp/monitor" | grep -c 'string "incoming"')
  check "at most two SetShaping for incoming, the switch and the value ($n)" '[ "$n" -ge 1 ] && [ "$n" -le 2 ]'
  check "the a{sv} carries rate-bps 4096000" 'grep -A12 "member=SetShaping" "$tmp/monitor" | grep -q "uint64 4096000"'

  # Opened again: the controls show what the kernel has; then Clear.
  dump=$tmp/dump2
  shaping_run_app "$dump" TCGUI_TEST_SELECT=netns:$ns TCGUI_TEST_SHAPE=veth-a \
    TCGUI_TEST_SHAPE_STEPS=clear
  rc=$?
  sed 's/^/# /' "$dump"
  check "the app exits on its own (status $rc)" '[ $rc = 0 ]'
  check "read back into the controls: outgoing 4096 kbit/s" \
    'grep -m1 "^shaping-outgoing: " "$dump" | grep -q "rate-bps.: <uint64 4096000>"'
  check "read back: incoming 1 Mbit/s" \
    'grep -m1 "^shaping-incoming: " "$dump" | grep -q "rate-bps.: <uint64 1000000>"'
  check "the page shows the kernel's qdisc" 'grep -q "Kernel now: tbf, set by TC GUI" "$dump"'
  check "Clear finished" '[ "$(shaping_last "$dump" shaping-outcome)" = cleared ]'
  check "veth-a has no tbf any more" '! shaping_qdisc "$ns" veth-a | grep -q "qdisc tbf"'
  check "veth-b has no tbf any more" '! shaping_qdisc "$ns" veth-b | grep -q "qdisc tbf"'
  check "the controls show no shaping" '[ "$(shaping_last "$dump" shaping-outgoing)" = "@a{sv} {}" ]'

  # The primary menu's "Clear Everything TC GUI Applied" (app.reset-all):
  # shape again, then a new app instance resets all (the helper's journal).
  # (The screenshot once the window's own notifications are gone.)
  shaping_run_app "$tmp/dump3" TCGUI_TEST_SELECT=netns:$ns TCGUI_TEST_SHAPE=veth-a \
    TCGUI_TEST_SHAPE_STEPS=wait=5500,outgoing.rate=2000,incoming.rate=8000 \
    TCGUI_TEST_SCREENSHOT="$tmp/shaping-page.png"
  check "shaped again" 'shaping_qdisc "$ns" veth-a | grep -q "^qdisc tbf .* rate 2Mbit"'
  check "a PNG screenshot of the page was saved" '[ -s "$tmp/shaping-page.png" ]'
  shaping_save_shot "$tmp/shaping-page.png" shaping-page.png
  dump=$tmp/dump4
  QUIT_ON=activated,error shaping_run_app "$dump" TCGUI_TEST_SELECT=netns:$ns \
    TCGUI_TEST_ACTIVATE=app.reset-all
  rc=$?
  block=$(ui_block "$dump" activated)
  sed 's/^/# /' <<<"$block"
  check "the app exits on its own (status $rc)" '[ $rc = 0 ]'
  check "the window's menu source has the item" 'grep -q "_Clear Everything TC GUI Applied" "$TCGUI_SRCDIR/src/tcgui-window.ui"'
  # The menu item asks first (tcgui-confirm.c; the dialog itself is tested with "Clear All
  # Interfaces" in test-editor-live); app.reset-all is what its "Clear Everything" runs.
  check "the menu item asks first (app.confirm-reset-all)" \
    'grep -A1 "_Clear Everything TC GUI Applied…" "$TCGUI_SRCDIR/src/tcgui-window.ui" | grep -q "app.confirm-reset-all"'
  check "a toast says what ResetAll cleared" 'grep -q "^label: Cleared [1-9][0-9]* shaping" <<<"$block"'
  check "ResetAll removed the tbf" '! shaping_qdisc "$ns" veth-a | grep -q "qdisc tbf"'
  shaping_app_clean
  finish
}

if [ "${1:-}" = --inner ]; then
  inner "$2"
  exit
fi

ui_need_all
need_cmd tc dbus-monitor awk
cleanup() { ip netns del "$NS" 2>/dev/null; }
trap cleanup EXIT
shaping_make_ns "$NS"
shaping_reexec_inner "" "$NS"
