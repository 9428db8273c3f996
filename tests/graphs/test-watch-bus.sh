#!/bin/bash
# test-watch-bus.sh - Watch/Unwatch and the Counters signal of the real built helper on a
# private system bus with a real polkitd (../shared/testenv/polkit-bus): samples in order with
# growing counters that match the kernel's, unicast delivery, typed errors, the watch ends
# when its caller leaves the bus, the helper does not idle-exit while watched, and only
# io.github.tcgui.inspect is needed.
#
# Usage (meson passes these): test-watch-bus.sh HELPER ACTIONS.policy BUS.conf RULES COUNTERS-WATCH
. "$(dirname "$(readlink -f "$0")")/../lib.sh"

NAME=io.github.tcgui.Helper1

start_helper() {
  "$HELPER" --verbose --journal "$LOGDIR/journal" "$@" >>"$LOGDIR/helper.log" 2>&1 &
  HPID=$!
}
name_has_owner() {
  gdbus call --system --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.NameHasOwner "$NAME" 2>/dev/null | grep -q true
}
wait_for() {   # wait_for SECONDS CMD...
  local i n=$(($1 * 20)); shift
  for ((i = 0; i < n; i++)); do "$@" && return 0; sleep 0.05; done
  return 1
}
# signal_times FILE: the timestamps (µs) of the Counters signals in FILE
signal_times() { sed -n 's/^signal id=[0-9]* t=\([0-9]*\)$/\1/p' "$1"; }

phase_watch() {
  local out ids n

  start_helper --replace --idle-timeout 2
  check "the helper owns $NAME" wait_for 10 name_has_owner

  # Traffic through the veth while two clients watch.
  ip netns exec "$NSA" ping -q -i 0.2 -s 1000 10.215.0.2 >/dev/null 2>&1 &
  local ping_pid=$!
  "$WATCH" 1000 5 "netns:$NSA:$VA" "netns:$NSA:nosuch0" >"$LOGDIR/w1" 2>&1 &
  local w1=$!
  "$WATCH" 500 3 "netns:$NSB:$VB" >"$LOGDIR/w2" 2>&1 &
  local w2=$!
  wait "$w1" "$w2"
  check "the helper did not idle-exit (timeout 2 s) while watched for 5 s" 'kill -0 "$HPID"'
  kill "$ping_pid" 2>/dev/null
  sed 's/^/# w1: /' "$LOGDIR/w1" | head -12

  check "Watch replied with an id" 'grep -q "^watch-id=[1-9][0-9]*$" "$LOGDIR/w1"'
  # Outcomes only: signals arrive, in order, each a fresh round. How many per second and how
  # evenly spaced (the helper's fixed grid) is timing: tests/bench/bench-watch-grid.sh.
  n=$(signal_times "$LOGDIR/w1" | wc -l)
  check "a 5 s watch at 1000 ms received Counters signals (got $n, at least 2)" '[ "$n" -ge 2 ]'
  n=$(signal_times "$LOGDIR/w2" | wc -l)
  check "a 3 s watch at 500 ms received Counters signals (got $n, at least 2)" '[ "$n" -ge 2 ]'
  local f
  for f in w1 w2; do
    check "$f: the signals' timestamps strictly increase (one round each, in order)" \
      'signal_times "$LOGDIR/$f" | awk "NR > 1 && \$1 <= p { bad = 1 } { p = \$1 } END { exit bad }"'
  done
  ids=$(sed -n 's/^signal id=\([0-9]*\) .*/\1/p' "$LOGDIR/w1" | sort -u)
  check "unicast: client 1 receives only its own watch's signals" \
    '[ "$ids" = "$(sed -n "s/^watch-id=//p" "$LOGDIR/w1")" ]'
  check "unicast: client 2 never sees client 1's interface" '! grep -q "if=$VA " "$LOGDIR/w2"'
  check "the tx counter of $VA never goes back and grows over the watch" \
    'grep "if=$VA " "$LOGDIR/w1" | sed "s/.*tx-bytes=\([0-9]*\).*/\1/" | awk "NR == 1 { f = \$1 } NR > 1 && \$1 < p { bad = 1 } { p = \$1 } END { exit bad || NR < 2 || p <= f }"'
  check "the index is the kernel's" \
    'grep -q "if=$VA present=true index=$(ip netns exec "$NSA" cat /sys/class/net/$VA/ifindex) " "$LOGDIR/w1"'
  # Traffic stopped: a fresh sample must be the kernel's counter itself.
  local last_tx kern_tx
  sleep 0.3
  "$WATCH" 1000 1 "netns:$NSA:$VA" >"$LOGDIR/w3" 2>&1
  kern_tx=$(ip netns exec "$NSA" cat "/sys/class/net/$VA/statistics/tx_bytes")
  last_tx=$(grep "if=$VA " "$LOGDIR/w3" | tail -n1 | sed "s/.*tx-bytes=\([0-9]*\).*/\1/")
  check "the sampled tx counter ($last_tx) is the kernel's ($kern_tx; IPv6 chatter aside)" \
    '[ -n "$last_tx" ] && [ "$last_tx" -le "$kern_tx" ] && [ $((kern_tx - last_tx)) -le 500 ]'
  check "a missing interface is reported with present=false" \
    'grep -q "if=nosuch0 present=false" "$LOGDIR/w1"'

  # The callers have left the bus: their watches end, so the helper goes idle.
  check "with its callers gone, the helper exits when idle" \
    'wait_for 60 eval "! kill -0 $HPID 2>/dev/null"'
  check "the helper ended the watches of the callers that left" \
    grep -q "left the bus: ending" "$LOGDIR/helper.log"

  # Typed errors; nothing is watched after them.
  start_helper --replace --idle-timeout 30
  wait_for 10 name_has_owner
  # A named namespace deleted and created again: the helper follows the new one (a new
  # socket), never the old one its socket keeps alive. The new cx0 gets another index.
  ip netns add "$NSC" && ip -n "$NSC" link add cx0 type veth peer name cx1
  # Re-created once the old one was sampled (order, not a delay), then sampled again.
  "$WATCH" 1000 12 "netns:$NSC:cx0" >"$LOGDIR/w5" 2>&1 &
  local w5=$!
  wait_for 60 grep -q "if=cx0 present=true" "$LOGDIR/w5"
  ip netns del "$NSC" && ip netns add "$NSC" && ip -n "$NSC" link add pad0 type veth peer name pad1 &&
    ip -n "$NSC" link add cx0 type veth peer name cx1 || echo "# cannot re-create $NSC"
  wait "$w5"
  sed 's/^/# w5: /' "$LOGDIR/w5"
  local first_index last_index
  first_index=$(grep -m1 "if=cx0 present=true" "$LOGDIR/w5" | sed 's/.* index=\([0-9]*\) .*/\1/')
  last_index=$(grep "if=cx0 present=true" "$LOGDIR/w5" | tail -n1 | sed 's/.* index=\([0-9]*\) .*/\1/')
  check "re-created namespace: cx0 was index $first_index, then the new one's $last_index is read" \
    '[ -n "$first_index" ] && [ -n "$last_index" ] && [ "$first_index" != "$last_index" ]'
  # Between the two, one sample says absent: the app's rates restart even where the
  # new interface has the old one's index (tests/graphs/test-counters-recreate.c).
  check "re-created namespace: cx0 reported absent between the old and the new one" \
    'grep "if=cx0 " "$LOGDIR/w5" | awk -v a="$first_index" -v b="$last_index" "
       /present=true/ && \$0 ~ \" index=\" a \" \" && !gap { old = 1 }
       /present=false/ && old { gap = 1 }
       /present=true/ && \$0 ~ \" index=\" b \" \" && gap { ok = 1 }
       END { exit !ok }"'
  ip netns del "$NSC"

  # Unwatch: the reply comes, and no signal of that watch follows it.
  # Unwatch at 2.5 s, between the rounds at 2 s and 3 s.
  "$WATCH" --unwatch-after 2500 1000 4 "netns:$NSA:$VA" >"$LOGDIR/w4" 2>&1
  check "Unwatch of the caller's own watch succeeds" 'grep -qx unwatched "$LOGDIR/w4"'
  check "no Counters signal after Unwatch" '[ "$(sed -n "/^unwatched$/,\$p" "$LOGDIR/w4" | grep -c "^signal ")" = 0 ]'
  n=$(grep -c "^signal " "$LOGDIR/w4")
  check "signals came before Unwatch (got $n)" '[ "$n" -ge 1 ]'
  out=$("$WATCH" 100 1 "netns:$NSA:$VA")
  check "interval 100 ms → InvalidArgument" '[[ $out == "error: io.github.tcgui.Error.InvalidArgument: "* ]]'
  out=$("$WATCH" 1000 1 "netns:../etc:$VA")
  check "a malformed namespace → InvalidArgument" '[[ $out == "error: io.github.tcgui.Error.InvalidArgument: "* ]]'
  out=$("$WATCH" 1000 1 "netns:$NSA:bad/name")
  check "a malformed interface name → InvalidArgument" '[[ $out == "error: io.github.tcgui.Error.InvalidArgument: "* ]]'
  out=$("$WATCH" 1000 1 "netns:tcgui-$$-none:$VA")
  check "a namespace that does not exist → NoSuchNamespace" '[[ $out == "error: io.github.tcgui.Error.NoSuchNamespace: "* ]]'
  out=$(gdbus call --system --dest "$NAME" --object-path /io/github/tcgui/Helper1 \
        --method io.github.tcgui.Helper1.Unwatch 424242 2>&1)
  check "Unwatch of an unknown id → InvalidArgument" 'grep -q "io.github.tcgui.Error.InvalidArgument" <<<"$out"'
  out=$("$TCGUI_TESTENV/run-as-nobody" "$WATCH" 1000 1 "netns:$NSA:$VA" 2>&1)
  check "$POLKIT_EXPECT" '[[ $out == $POLKIT_PATTERN ]]'
  kill "$HPID"; wait "$HPID"
}

if [ "${1:-}" = --phase ]; then
  trap 'kill $HPID 2>/dev/null' EXIT
  "phase_$2"
  finish
  exit
fi

[ $# = 5 ] || { echo "usage: $0 HELPER ACTIONS.policy BUS.conf RULES COUNTERS-WATCH" >&2; exit 2; }
need_root
need_cmd ip gdbus ping
need_testenv polkit-bus
need_testenv run-as-nobody
export HELPER=$1 ACTIONS=$2 BUSCONF=$3 RULES=$4 WATCH=$5 TCGUI_TESTENV
LOGDIR=$(mktemp -d /tmp/tcgui-watch-test.XXXXXX)
chmod 755 "$LOGDIR"
export LOGDIR NSA=tcgui-$$-a NSB=tcgui-$$-b NSC=tcgui-$$-c VA=tcw$$a VB=tcw$$b
cleanup() {
  ip netns del "$NSA" 2>/dev/null; ip netns del "$NSB" 2>/dev/null; ip netns del "$NSC" 2>/dev/null
  if [ "$FAILED" != 0 ] || [ -n "${TCGUI_TEST_VERBOSE:-}" ]; then sed 's/^/# helper: /' "$LOGDIR/helper.log" | tail -40; fi
  rm -rf "$LOGDIR"
}
trap cleanup EXIT

ip netns add "$NSA" && ip netns add "$NSB" &&
  ip -n "$NSA" link add "$VA" type veth peer name "$VB" netns "$NSB" &&
  ip -n "$NSA" addr add 10.215.0.1/30 dev "$VA" && ip -n "$NSB" addr add 10.215.0.2/30 dev "$VB" &&
  ip -n "$NSA" link set "$VA" up && ip -n "$NSB" link set "$VB" up ||
  { echo "Bail out! cannot create the test namespaces"; exit 1; }

# An installed identical copy of the actions (build-aux/tcgui-dev run installs one) is what
# polkitd reads anyway, and polkit-bus refuses to copy over it (as tests/ui/ui-lib.sh does).
PB=("$TCGUI_TESTENV/polkit-bus" --policy "$BUSCONF")
cmp -s "$ACTIONS" "/usr/share/polkit-1/actions/${ACTIONS##*/}" || PB+=(--actions "$ACTIONS")
echo "# phase 1: no polkit rule: nobody may not watch"
POLKIT_EXPECT="nobody without a rule → NotAuthorized" POLKIT_PATTERN="error: io.github.tcgui.Error.NotAuthorized: *" \
  "${PB[@]}" -- "$0" --phase watch; rc=$?
check "phase 1 passed (status $rc)" '[ $rc = 0 ]'
echo "# phase 2: nobody is granted io.github.tcgui.inspect only, which is enough to watch"
POLKIT_EXPECT="nobody with inspect only → Watch works" POLKIT_PATTERN="watch-id=*" \
  "${PB[@]}" --rules "$RULES" -- "$0" --phase watch; rc=$?
check "phase 2 passed (status $rc)" '[ $rc = 0 ]'
check "the helpers logged no GLib warning or critical" '! grep -E "(WARNING|CRITICAL) \*\*" "$LOGDIR/helper.log"'
check "no sanitizer reports from the helpers" '! grep -E "^(==[0-9]+==ERROR|SUMMARY): |runtime error:" "$LOGDIR/helper.log"'
finish
