#!/bin/bash
# netem at the D-Bus boundary: the "Regional" preset (40 ms ±10 ms, 0.1 %
# loss, outgoing) is applied from the page. dbus-monitor on the private bus
# shows the a{sv} the app sent. On a kernel without sch_netem (this host's)
# the helper answers NotSupported: the app shows the message in a toast and
# the controls return to the kernel's state; the netem rows say why they
# are insensitive. With sch_netem, tc shows the netem qdisc.
. "${TCGUI_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$TCGUI_SRCDIR/tests/ui/ui-lib.sh"
. "$TCGUI_SRCDIR/tests/ui/shaping-lib.sh"

NS=tcgui-$$-shn

inner() {
  local ns=$1 has_netem=$2 rc dump call
  tmp=$(mktemp -d /tmp/tcgui-ui.XXXXXX)   # global: the EXIT trap uses it
  trap 'shaping_monitor_stop; ui_stop_helper; rm -rf "$tmp"' EXIT
  ui_start_helper "$tmp" || { fail "the helper starts and owns its name"; finish; exit; }
  pass "the helper starts and owns io.github.tcgui.Helper1"
  shaping_monitor "$tmp/monitor"

  dump=$tmp/dump
  shaping_run_app "$dump" TCGUI_TEST_SELECT=netns:$ns TCGUI_TEST_SHAPE=veth-a \
    TCGUI_TEST_SHAPE_STEPS=preset=regional
  rc=$?
  shaping_monitor_stop
  sed 's/^/# /' "$dump"
  check "the app exits on its own (status $rc)" '[ $rc = 0 ]'
  call=$(awk '/member=SetShaping/ { on = 1 } on { print } on && /^   uint32 [0-9]+$/ { exit }' "$tmp/monitor")
  sed 's/^/# call: /' <<<"$call"
  check "SetShaping was sent for outgoing" 'grep -q "string \"outgoing\"" <<<"$call"'
  check "with delay-us 40000" 'grep -A1 "string \"delay-us\"" <<<"$call" | grep -q "uint32 40000"'
  check "with jitter-us 10000" 'grep -A1 "string \"jitter-us\"" <<<"$call" | grep -q "uint32 10000"'
  check "with loss 0.1" 'grep -A1 "string \"loss\"" <<<"$call" | grep -q "double 0.1"'
  check "and nothing else (no rate)" '! grep -q "rate-bps" <<<"$call"'
  if [ "$has_netem" = no ]; then
    check "the netem rows explain that sch_netem is missing" \
      'grep -q "Needs the kernel module sch_netem" "$dump"'
    check "the change failed" '[ "$(shaping_last "$dump" shaping-outcome)" = failed ]'
    check "a toast shows the helper's NotSupported message naming sch_netem" \
      'grep -q "^label: veth-a: .*sch_netem" "$dump"'
    check "the controls returned to no shaping" \
      '[ "$(shaping_last "$dump" shaping-outgoing)" = "@a{sv} {}" ]'
    check "the kernel is unchanged" '! shaping_qdisc "$ns" veth-a | grep -qE "qdisc (netem|tbf)"'
  else
    check "the change was applied" '[ "$(shaping_last "$dump" shaping-outcome)" = applied ]'
    check "tc shows netem delay 40ms 10ms loss 0.1%" \
      'shaping_qdisc "$ns" veth-a | grep -q "qdisc netem .*delay 40ms  *10ms loss 0.1%"'
  fi
  shaping_app_clean
  finish
}

if [ "${1:-}" = --inner ]; then
  inner "$2" "$3"
  exit
fi

ui_need_all
need_cmd tc dbus-monitor awk
need_testenv netem-kernel
"$TCGUI_TESTENV/netem-kernel" --check; case $? in 0) netem=yes ;; 1) netem=no ;; *) skip "cannot tell whether this kernel has sch_netem" ;; esac
echo "# this kernel has sch_netem: $netem"
cleanup() { ip netns del "$NS" 2>/dev/null; }
trap cleanup EXIT
shaping_make_ns "$NS"
shaping_reexec_inner "" "$NS" "$netem"
