#!/bin/bash
# A foreign qdisc: veth-a has an htb root (made with tc), which TC GUI
# cannot represent. The page says so and offers "Replace…"; its
# confirmation dialog (AdwMessageDialog) names the qdisc; after "Replace"
# the next change is sent with the FORCE flag and replaces the htb with
# TC GUI's tbf. Screenshot: foreign-qdisc-dialog.png.
. "${TCGUI_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$TCGUI_SRCDIR/tests/ui/ui-lib.sh"
. "$TCGUI_SRCDIR/tests/ui/shaping-lib.sh"

NS=tcgui-$$-shf

inner() {
  local ns=$1 rc dump block q
  tmp=$(mktemp -d /tmp/tcgui-ui.XXXXXX)   # global: the EXIT trap uses it
  trap 'ui_stop_helper; rm -rf "$tmp"' EXIT
  ui_start_helper "$tmp" || { fail "the helper starts and owns its name"; finish; exit; }
  pass "the helper starts and owns io.github.tcgui.Helper1"

  dump=$tmp/dump
  shaping_run_app "$dump" TCGUI_TEST_SELECT=netns:$ns TCGUI_TEST_SHAPE=veth-a \
    TCGUI_TEST_SHAPE_STEPS=replace=outgoing,wait=2000,outgoing.rate=3000 \
    TCGUI_TEST_SHAPE_CONFIRM=1 TCGUI_TEST_SHAPE_DIALOG_SHOT="$tmp/foreign-qdisc-dialog.png"
  rc=$?
  sed 's/^/# /' "$dump"
  check "the app exits on its own (status $rc)" '[ $rc = 0 ]'
  block=$(ui_block "$dump" shaping)
  check "the page shows the foreign htb" 'grep -q "Kernel now: htb, not one TC GUI can show" <<<"$block"'
  check "it offers Replace…" 'grep -qx "label: _Replace…\|label: Replace…" <<<"$block"'
  block=$(ui_block "$dump" dialog)
  check "the confirmation dialog is shown" 'grep -q "^window: AdwMessageDialog" <<<"$block"'
  check "it asks to replace" 'grep -q "Replace the Queueing Discipline?" <<<"$block"'
  check "it names the htb qdisc and the interface" 'grep -q "“htb” qdisc .* of veth-a" <<<"$block"'
  check "a PNG screenshot of the dialog was saved" '[ -s "$tmp/foreign-qdisc-dialog.png" ]'
  shaping_save_shot "$tmp/foreign-qdisc-dialog.png" foreign-qdisc-dialog.png
  check "the change after Replace was applied" '[ "$(shaping_last "$dump" shaping-outcome)" = applied ]'
  q=$(shaping_qdisc "$ns" veth-a); sed 's/^/# veth-a: /' <<<"$q"
  check "the htb is gone" '! grep -q "qdisc htb" <<<"$q"'
  check "TC GUI's tbf at 3000 kbit/s replaced it" 'grep -q "^qdisc tbf .* rate 3Mbit" <<<"$q"'
  shaping_app_clean
  finish
}

if [ "${1:-}" = --inner ]; then
  inner "$2"
  exit
fi

ui_need_all
need_cmd tc
cleanup() { ip netns del "$NS" 2>/dev/null; }
trap cleanup EXIT
shaping_make_ns "$NS"
ip netns exec "$NS" tc qdisc replace dev veth-a root handle 1: htb default 1 ||
  skip "cannot add an htb qdisc"
shaping_reexec_inner "" "$NS"
