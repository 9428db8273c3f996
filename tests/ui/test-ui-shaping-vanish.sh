#!/bin/bash
# The target vanishes mid-edit: the editor of veth-a is open, the test
# deletes the namespace, then the rate slider moves. The helper answers
# NoSuchNamespace; the app shows it in a toast, greys the editor out with
# an explanation and does not crash.
. "${TCGUI_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$TCGUI_SRCDIR/tests/ui/ui-lib.sh"
. "$TCGUI_SRCDIR/tests/ui/shaping-lib.sh"

NS=tcgui-$$-shv

inner() {
  local ns=$1 rc dump pid
  tmp=$(mktemp -d /tmp/tcgui-ui.XXXXXX)   # global: the EXIT trap uses it
  trap 'ui_stop_helper; rm -rf "$tmp"' EXIT
  ui_start_helper "$tmp" || { fail "the helper starts and owns its name"; finish; exit; }
  pass "the helper starts and owns io.github.tcgui.Helper1"

  dump=$tmp/dump
  shaping_run_app "$dump" TCGUI_TEST_SELECT=netns:$ns TCGUI_TEST_SHAPE=veth-a \
    TCGUI_TEST_SHAPE_WAIT="$tmp/go" TCGUI_TEST_SHAPE_STEPS=outgoing.rate=2000 &
  pid=$!
  if ui_wait_for "$dump" "settled: shaping" 30; then
    pass "the editor of veth-a opened"
    ip netns del "$ns"
    check "the namespace is deleted" '! ip netns list | grep -qw "$ns"'
  else
    fail "the editor of veth-a opened"
  fi
  touch "$tmp/go"
  wait "$pid"; rc=$?
  sed 's/^/# /' "$dump"
  check "the app exits on its own, no crash (status $rc)" '[ $rc = 0 ]'
  check "the editor says the target vanished" \
    '[ "$(shaping_last "$dump" shaping-outcome)" = vanished ]'
  check "the editor is greyed out" '[ "$(shaping_last "$dump" shaping-sensitive)" = 0 ]'
  check "a toast names the missing namespace" 'grep -q "^label: veth-a: .*$ns" "$dump"'
  check "the page explains it" 'grep -q "This interface or its namespace is gone" "$dump"'
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
shaping_reexec_inner "" "$NS"
