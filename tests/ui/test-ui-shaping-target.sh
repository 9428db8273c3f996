#!/bin/bash
# Shaping a whole namespace (a container's page works the same): the links
# page's "Presets for All" menu applies a preset to every interface but
# loopback, one call at a time, and "Clear All Interfaces" clears them.
# Against the real helper and kernel, read back with tc:
#  1. tbf qdiscs made with plain `tc` on veth-a and veth-b are read back as
#     representable ("set by another program") into the open editor; the
#     editor's status line refreshes its counters on its own while shown
#     (and not while hidden, see 3);
#     a preset with a delay (WebPageTest "Cable") for all: without sch_netem
#     the helper refuses it (NotSupported) and one notification names both
#     interfaces, and the kernel is unchanged; with netem both are shaped.
#  2. "Clear All Interfaces" removes both tbfs; the open editor re-reads.
#  3. A refresh (F5) keeps the open editor of an interface that is still
#     there; the editor of an interface deleted meanwhile greys out, and is
#     editable again when a refresh lists the interface again.
. "${TCGUI_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$TCGUI_SRCDIR/tests/ui/ui-lib.sh"
. "$TCGUI_SRCDIR/tests/ui/shaping-lib.sh"

NS=tcgui-$$-sht

# packets DUMP-BLOCK: the sent packets of the first "Kernel now" line.
packets() {
  grep -m1 -o "Kernel now: tbf, [^·]*· sent [^(]*([0-9]* packets)" <<<"$1" |
    sed 's/.*(\([0-9]*\) packets)/\1/'
}

# snapshot DUMP NAME KEY: KEY's value in the hook's "settle=NAME" snapshot
# (shaping-view comes just before its shaping-outcome line).
snapshot() {
  awk -v name="$2" -v key="$3: " '
    /^shaping-view: / { view = $0 }
    /^shaping-outcome: / { on = ($0 == "shaping-outcome: " name)
                           if (on && key == "shaping-view: ") { print substr(view, 15); exit } }
    on && index($0, key) == 1 { print substr($0, length(key) + 1); exit }' "$1"
}

# has_netem: can this kernel make a netem qdisc? (a throw-away namespace)
has_netem() {
  local n=tcgui-$$-probe ok=1
  ip netns add "$n" 2>/dev/null || return 1
  ip -n "$n" link add p0 type veth peer name p1 2>/dev/null &&
    ip netns exec "$n" tc qdisc add dev p0 root netem delay 1ms 2>/dev/null && ok=0
  ip netns del "$n"
  return $ok
}

inner_presets() {
  local ns=$1 rc dump pid block q first later n
  # Plain tc, no TC GUI handle: a tree TC GUI can show (owner "tc").
  for dev in veth-a veth-b; do
    ip netns exec "$ns" tc qdisc replace dev $dev root tbf rate 1mbit burst 32kbit latency 400ms
  done
  ip -n "$ns" addr add 192.0.2.1/24 dev veth-a
  shaping_monitor "$tmp/monitor"
  dump=$tmp/dump
  QUIT_ON=$SHAPING_QUIT,loaded shaping_run_app "$dump" TCGUI_TEST_SELECT=netns:$ns \
    TCGUI_TEST_SHAPE=veth-a TCGUI_TEST_SHAPE_WAIT="$tmp/go" \
    TCGUI_TEST_SHAPE_STEPS=wait=4500,settle=polled,all-preset=wpt-cable &
  pid=$!
  if ui_wait_for "$dump" "settled: shaping" 30; then
    pass "the editor of veth-a opened"
    # Traffic on veth-a while the editor is shown: ARP for a missing host.
    ip netns exec "$ns" ping -c 3 -i 0.5 -W 1 192.0.2.9 >/dev/null 2>&1
  else
    fail "the editor of veth-a opened"
  fi
  touch "$tmp/go"
  wait "$pid"; rc=$?
  shaping_monitor_stop
  sed 's/^/# /' "$dump"
  check "the app exits on its own (status $rc)" '[ $rc = 0 ]'
  block=$(ui_block "$dump" shaping)
  check "tc's tbf is representable: 'set by another program'" \
    'grep -q "Kernel now: tbf, set by another program" <<<"$block"'
  check "read into the controls: outgoing 1 Mbit/s" \
    'grep -m1 "^shaping-outgoing: " "$dump" | grep -q "rate-bps.: <uint64 1000000>"'
  first=$(packets "$block"); later=$(packets "$(ui_block "$dump" polled)")
  echo "# veth-a sent packets: $first when opened, $later after 4.5 s (no change made)"
  check "the status line's counters refreshed by themselves ($first -> $later packets)" \
    '[ -n "$first" ] && [ -n "$later" ] && [ "$later" -gt "$first" ]'
  n=$(grep -c "member=GetShaping" "$tmp/monitor")
  check "periodic reads while shown ($n GetShaping, >= 3)" '[ "$n" -ge 3 ]'
  block=$(ui_block "$dump" loaded)
  if has_netem; then
    check "one notification: applied to both" \
      'grep -qx "label: Applied “Cable” to all 2 interfaces of $ns" <<<"$block"'
    check "veth-a has netem" 'shaping_qdisc "$ns" veth-a | grep -q "qdisc netem"'
    check "veth-b has netem" 'shaping_qdisc "$ns" veth-b | grep -q "qdisc netem"'
  else
    echo "# this kernel has no sch_netem: the preset's delay is refused"
    check "one notification names both interfaces and why, once" \
      'line=$(grep "^label: Applied “Cable” to 0 of 2 interfaces of $ns: " <<<"$block") &&
       grep -Eq ": (veth-a, veth-b|veth-b, veth-a): .*netem" <<<"$line" &&
       [ "$(grep -o "veth-a" <<<"$line" | wc -l)" = 1 ]'
    for dev in veth-a veth-b; do
      q=$(shaping_qdisc "$ns" $dev); sed "s/^/# $dev: /" <<<"$q"
      check "$dev is unchanged: tc's tbf at 1 Mbit/s" 'grep -q "^qdisc tbf 8...: root .*rate 1Mbit" <<<"$q"'
    done
    check "the editor shows the kernel's truth: outgoing 1 Mbit/s" \
      '[ "$(shaping_last "$dump" shaping-outgoing)" != "@a{sv} {}" ] &&
       shaping_last "$dump" shaping-outgoing | grep -q "rate-bps.: <uint64 1000000>"'
  fi
  check "lo was left alone" '! grep -A3 "member=SetShaping" "$tmp/monitor" | grep -q "string \"lo\""'
}

inner_clear() {
  local ns=$1 rc dump block
  for dev in veth-a veth-b; do
    ip netns exec "$ns" tc qdisc replace dev $dev root tbf rate 1mbit burst 32kbit latency 400ms
  done
  dump=$tmp/dump-clear
  QUIT_ON=$SHAPING_QUIT,loaded shaping_run_app "$dump" TCGUI_TEST_SELECT=netns:$ns \
    TCGUI_TEST_SHAPE=veth-a TCGUI_TEST_SHAPE_STEPS=all-clear \
    TCGUI_TEST_SCREENSHOT="$tmp/shaping-target.png"
  rc=$?
  sed 's/^/# /' "$dump"
  check "the app exits on its own (status $rc)" '[ $rc = 0 ]'
  block=$(ui_block "$dump" loaded)
  check "one notification: both cleared" \
    'grep -qx "label: Cleared the shaping of all 2 interfaces of $ns" <<<"$block"'
  check "veth-a has no tbf any more" '! shaping_qdisc "$ns" veth-a | grep -q "qdisc tbf"'
  check "veth-b has no tbf any more" '! shaping_qdisc "$ns" veth-b | grep -q "qdisc tbf"'
  check "the open editor re-read the kernel: no shaping" \
    '[ "$(shaping_last "$dump" shaping-outgoing)" = "@a{sv} {}" ]'
  [ -s "$tmp/shaping-target.png" ] && shaping_save_shot "$tmp/shaping-target.png" shaping-target.png
}

# editor_reads FILE NS: the GetShaping calls of the monitor FILE for veth-a
# in NS (the editor's; the app's view of what is shaped reads other
# namespaces' interfaces when they appear in the sidebar meanwhile).
editor_reads() {
  awk -v ns="netns:$2" '
    /member=GetShaping/ { call = 1; next }
    call && /string/ { if (index($0, "\"" ns "\"")) n++; call = 0 }
    END { print n + 0 }' "$1"
}

inner_refresh() {
  local ns=$1 rc dump pid before after
  dump=$tmp/dump-refresh
  shaping_monitor "$tmp/monitor-refresh"
  QUIT_ON=$SHAPING_QUIT,hidden shaping_run_app "$dump" TCGUI_TEST_SELECT=netns:$ns \
    TCGUI_TEST_SHAPE=veth-a \
    TCGUI_TEST_SHAPE_STEPS=refresh,wait=2500,settle=refreshed,back,wait=5000,settle=hidden &
  pid=$!
  # Back to the list: the editor is hidden, its counters are not read.
  ui_wait_for "$dump" "shaping-step: back" 40 && sleep 0.5
  before=$(editor_reads "$tmp/monitor-refresh" "$ns")
  ui_wait_for "$dump" "shaping-outcome: hidden" 40
  after=$(editor_reads "$tmp/monitor-refresh" "$ns")
  wait "$pid"; rc=$?
  shaping_monitor_stop
  sed 's/^/# /' "$dump"
  check "the app exits on its own (status $rc)" '[ $rc = 0 ]'
  echo "# GetShaping calls: $before before the editor was hidden, $after 4.5 s later"
  check "no reads while the editor is hidden ($before -> $after GetShaping)" \
    '[ "$before" -ge 2 ] && [ "$after" = "$before" ]'
  check "the list is shown" '[ "$(snapshot "$dump" hidden shaping-view)" = links ]'
  check "the namespace was read again (the page settled after the refresh)" \
    'sed -n "/^shaping-step: refresh$/,\$p" "$dump" | grep -qx "event: shaping"'
  check "after a refresh the editor is still shown" \
    '[ "$(snapshot "$dump" refreshed shaping-view)" = shaping ]'
  check "and not greyed out (veth-a is still there)" \
    '[ "$(snapshot "$dump" refreshed shaping-vanished)" = 0 ]'

  # veth-c is deleted while its editor is open, then made again.
  ip -n "$ns" link add veth-c type veth peer name veth-d
  dump=$tmp/dump-refresh2
  QUIT_ON=$SHAPING_QUIT,back shaping_run_app "$dump" TCGUI_TEST_SELECT=netns:$ns \
    TCGUI_TEST_SHAPE=veth-c TCGUI_TEST_SHAPE_WAIT="$tmp/go2" \
    TCGUI_TEST_SHAPE_STEPS=refresh,wait=2500,settle=gone,wait=3000,refresh,wait=2500,settle=back &
  pid=$!
  if ui_wait_for "$dump" "settled: shaping" 30; then
    ip -n "$ns" link del veth-c
    check "veth-c is deleted" '! ip -n "$ns" link show veth-c >/dev/null 2>&1'
  else
    fail "the editor of veth-c opened"
  fi
  touch "$tmp/go2"
  if ui_wait_for "$dump" "settled: gone" 30; then
    ip -n "$ns" link add veth-c type veth peer name veth-d
  fi
  wait "$pid"; rc=$?
  sed 's/^/# /' "$dump"
  check "the app exits on its own (status $rc)" '[ $rc = 0 ]'
  check "the editor of the deleted veth-c stays shown" \
    '[ "$(snapshot "$dump" gone shaping-view)" = shaping ]'
  check "greyed out, with the explanation" \
    '[ "$(snapshot "$dump" gone shaping-vanished)" = 1 ] &&
     grep -q "This interface or its namespace is gone (not listed any more)" "$dump"'
  check "veth-c made again, refreshed: the editor is editable again" \
    '[ "$(snapshot "$dump" back shaping-view)" = shaping ] &&
     [ "$(snapshot "$dump" back shaping-vanished)" = 0 ] &&
     [ "$(snapshot "$dump" back shaping-sensitive)" = 1 ]'
}

inner() {
  local ns=$1
  tmp=$(mktemp -d /tmp/tcgui-ui.XXXXXX)   # global: the EXIT trap uses it
  trap 'shaping_monitor_stop; ui_stop_helper; rm -rf "$tmp"' EXIT
  ui_start_helper "$tmp" || { fail "the helper starts and owns its name"; finish; exit; }
  pass "the helper starts and owns io.github.tcgui.Helper1"
  check "the links page's source has the menu" \
    'grep -q "_Presets for All" "$TCGUI_SRCDIR/src/tcgui-links-page.ui"'
  inner_presets "$ns"
  inner_clear "$ns"
  inner_refresh "$ns"
  shaping_app_clean
  finish
}

if [ "${1:-}" = --inner ]; then
  inner "$2"
  exit
fi

ui_need_all
need_cmd tc ping dbus-monitor awk
cleanup() { ip netns del "$NS" 2>/dev/null; }
trap cleanup EXIT
shaping_make_ns "$NS"
shaping_reexec_inner "" "$NS"
