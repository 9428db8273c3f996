#!/bin/bash
# test-watch-flood.sh - Watch floods from an inspect-only user (issue 9, defect 4), against the
# real built helper on a private system bus with a real polkitd (../shared/testenv/polkit-bus)
# and uid 65534 granted io.github.tcgui.inspect only (run-as-nobody):
#   1. a connection of nobody watches, then stops (SIGSTOP: it reads nothing any more): the
#      helper drops its watches once 4 MiB are unread; resumed, it gets WatchesDropped and
#      Unwatch answers LimitExceeded;
#   2. four connections of nobody each send 64 Watch calls of 1024 targets at 250 ms and never
#      dispatch their signals: the user's limits (counted across its connections) refuse all
#      but what one user may watch, with LimitExceeded naming the limit.
# Throughout: root watches a veth at 1 s from another connection, from before phase 1 until
# phase 2 ended, and keeps receiving its counters (during phase 1, after phase 2 started and
# after it ended) and never a WatchesDropped; root's calls are answered, the helper stays alive with a bounded RSS, logs no
# warning, and the kernel holds nothing new (Watch only reads).
#
# Usage (meson passes these): test-watch-flood.sh HELPER ACTIONS.policy BUS.conf RULES
#   WATCH-FLOOD COUNTERS-WATCH HELPER-CALL
. "$(dirname "$(readlink -f "$0")")/../../lib.sh"

NAME=io.github.tcgui.Helper1

name_has_owner() {
  gdbus call --system --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.NameHasOwner "$NAME" 2>/dev/null | grep -q true
}
wait_for() {   # wait_for SECONDS CMD...
  local i n=$(($1 * 10)); shift
  for ((i = 0; i < n; i++)); do "$@" && return 0; sleep 0.1; done
  return 1
}
rss_kb() { awk '$1 == "VmHWM:" { print $2 }' "/proc/$HPID/status"; }
# The qdiscs of the links the flood watches (others' tests change the rest of the host).
kernel_state() { { tc qdisc show dev lo; ip netns exec "$NS" tc qdisc show; } 2>&1 | sort; }
is_stopped() { [ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" = T ]; }
served() { "$CALL" GetCapabilities | grep -q '^version='; }
lines() { wc -l <"$LOGDIR/root-watch"; }
# root_signal_after LINE: a Counters signal of root's watch came after that line of its output.
root_signal_after() { tail -n +"$(($1 + 1))" "$LOGDIR/root-watch" | grep -q "^signal id=$RID "; }

phase_flood() {
  local out before

  before=$(kernel_state)
  "$HELPER" --replace --verbose --idle-timeout 60 --journal "$LOGDIR/journal" \
    >"$LOGDIR/helper.log" 2>&1 &
  HPID=$!
  check "the helper owns $NAME" wait_for 20 name_has_owner

  # Root, another uid and connection, watches all along: until stopped after phase 2.
  "$WATCH" 1000 0 "netns:$NS:$VA" >"$LOGDIR/root-watch" 2>&1 &
  RPID=$!
  check "root's watch was accepted (within 60 s)" wait_for 60 grep -q "^watch-id=[1-9]" "$LOGDIR/root-watch"
  RID=$(sed -n 's/^watch-id=//p' "$LOGDIR/root-watch")

  echo "# 1. a reader that stopped reading"
  local mark
  mark=$(lines)
  "$TCGUI_TESTENV/run-as-nobody" "$FLOOD" flood --stop 1 64 1024 250 host:lo \
    >"$LOGDIR/stopped" 2>&1 &
  SPID=$!
  check "the reader stopped itself after its Watch calls (within 120 s)" wait_for 120 is_stopped "$SPID"
  # A slow client (ASan) may fall 4 MiB behind before it even stops: dropped either way.
  check "the helper dropped the stopped reader's watches (within 120 s)" \
    wait_for 120 grep -q "its watches were dropped" "$LOGDIR/helper.log"
  check "root's calls are served meanwhile" served
  kill -CONT "$SPID"
  wait "$SPID"
  sed 's/^/# stopped: /' "$LOGDIR/stopped" | cut -c1-240
  check "the stopped reader's first watch was accepted" grep -q "^conn=0 ok=1$" "$LOGDIR/stopped"
  check "its other calls were refused: LimitExceeded, naming the limit" \
    'grep -qE "^conn=0 error=io.github.tcgui.Error.LimitExceeded count=[0-9]+ first=.*\((samples per second per user|unread bytes per connection|Watch calls in flight per user)\)$" "$LOGDIR/stopped"'
  local n
  n=$(awk '/^conn=0 error=io.github.tcgui.Error.(LimitExceeded|Failed) count=/ && !/Failed/ || /Failed .*Timeout was reached/ { sub(/.*count=/, ""); n += $1 } END { print n + 0 }' "$LOGDIR/stopped")
  check "all 63 of them (LimitExceeded, or a timeout on an overloaded machine: $n)" '[ "$n" = 63 ]'
  check "resumed, it received WatchesDropped" 'grep -q "^conn=0 dropped=1 " "$LOGDIR/stopped"'
  check "Unwatch of its dropped watch → LimitExceeded (unread bytes per connection)" \
    'grep -q "^conn=0 unwatch=error io.github.tcgui.Error.LimitExceeded: .*(unread bytes per connection)" "$LOGDIR/stopped"'
  check "root's watch received counters during phase 1 (within 60 s)" wait_for 60 root_signal_after "$mark"

  echo "# 2. four connections that never dispatch their signals"
  mark=$(lines)
  local log_mark
  log_mark=$(wc -l <"$LOGDIR/helper.log")
  "$TCGUI_TESTENV/run-as-nobody" "$FLOOD" flood --hold 5 4 64 1024 250 host:lo \
    >"$LOGDIR/holding" 2>&1 &
  FPID=$!
  # Root's connection that reads (GDBus does, in a thread of its own) but never dispatches.
  "$FLOOD" flood --hold 8 1 1 1 250 "netns:$NS:$VA" >"$LOGDIR/root-holding" 2>&1 &
  HOLD_PID=$!
  check "the Watch calls were all answered (within 120 s)" \
    wait_for 120 grep -q "^flooding" "$LOGDIR/holding"
  check "root's calls are served during the flood" served
  check "root's watch receives counters after phase 2 started (within 120 s)" \
    wait_for 120 root_signal_after "$mark"
  wait "$FPID" "$HOLD_PID"
  mark=$(lines)
  sed 's/^/# holding: /' "$LOGDIR/holding" | cut -c1-240
  local ok refused dropped
  ok=$(awk -F'ok=' '/^conn=[0-9]+ ok=/ { n += $2 } END { print n + 0 }' "$LOGDIR/holding")
  refused=$(awk '/error=io.github.tcgui.Error.LimitExceeded/ { sub(/.*count=/, ""); n += $1 } END { print n + 0 }' "$LOGDIR/holding")
  # The helper logs each drop: "… its watches were dropped (N)".
  dropped=$(tail -n +"$((log_mark + 1))" "$LOGDIR/helper.log" |
            sed -n 's/.*its watches were dropped (\([0-9]*\))$/\1/p' | awk '{ n += $1 } END { print n + 0 }')
  # One watch of 1024 targets at 250 ms is all the user may hold at a time; a client too slow
  # to keep up (ASan) has it dropped, which frees the user's share for the next connection.
  check "the user's limits hold across its connections: $ok accepted, at most one more than the $dropped dropped" \
    '[ "$ok" -ge 1 ] && [ $((ok - 1)) -le "$dropped" ]'
  # On an overloaded machine (ASan, load ≫ cores) GDBus parses the 4 MB of queued calls for
  # longer than a D-Bus timeout (25 s): a round trip the helper makes for a call behind them
  # (the caller's uid, polkit) times out, a typed Failed that changes nothing.
  local timed_out
  timed_out=$(awk '/error=io.github.tcgui.Error.Failed count=[0-9]+ first=.*Timeout was reached/ { sub(/.*count=/, ""); n += $1 } END { print n + 0 }' "$LOGDIR/holding")
  check "the other $refused → LimitExceeded ($timed_out timed out on an overloaded machine)" \
    '[ $((ok + refused + timed_out)) = 256 ]'
  check "no other error" \
    '! grep "error=" "$LOGDIR/holding" | grep -v -e "error=io.github.tcgui.Error.LimitExceeded" -e "error=io.github.tcgui.Error.Failed .*Timeout was reached"'
  sed 's/^/# root-holding: /' "$LOGDIR/root-holding"
  check "a reader that reads but never dispatches keeps its watch (Unwatch succeeds)" \
    'grep -q "^conn=0 ok=1$" "$LOGDIR/root-holding" && grep -q "^conn=0 unwatch=ok$" "$LOGDIR/root-holding"'

  check "root's watch receives counters after phase 2 ended (within 60 s)" \
    wait_for 60 root_signal_after "$mark"
  # The last phase ended: stop root's watch (SIGTERM: it prints "stopped" and exits 0).
  kill -TERM "$RPID"
  wait "$RPID"; out=$?
  RPID=
  check "root's watch ran until stopped (status $out)" '[ "$out" = 0 ] && grep -q "^stopped$" "$LOGDIR/root-watch"'
  check "root never received WatchesDropped" '! grep "^dropped " "$LOGDIR/root-watch"'
  check "root's samples are of its veth" 'grep -q "if=$VA present=true" "$LOGDIR/root-watch"'
  check "the helper is alive" 'kill -0 "$HPID"'
  out=$(rss_kb)
  check "its peak RSS ($out kB) stayed under $RSS_BOUND_KB kB" '[ "$out" -lt "$RSS_BOUND_KB" ]'
  check "root's calls are served after the flood" served
  check "the kernel holds nothing new (Watch only reads)" '[ "$(kernel_state)" = "$before" ]'
  check "the helper journalled nothing" '[ ! -s "$LOGDIR/journal" ] || [ -z "$(ls -A "$LOGDIR/journal" 2>/dev/null)" ]'
  kill "$HPID"; wait "$HPID"
}

if [ "${1:-}" = --phase ]; then
  trap 'kill -CONT $SPID 2>/dev/null; kill $SPID $FPID $HOLD_PID $RPID $HPID 2>/dev/null' EXIT
  SPID= FPID= HOLD_PID= RPID= HPID= RID=
  "phase_$2"
  finish
  exit
fi

[ $# = 7 ] || { echo "usage: $0 HELPER ACTIONS BUSCONF RULES WATCH-FLOOD COUNTERS-WATCH HELPER-CALL" >&2; exit 2; }
need_root
need_cmd ip tc gdbus
need_testenv polkit-bus
need_testenv run-as-nobody
export HELPER=$1 ACTIONS=$2 BUSCONF=$3 RULES=$4 FLOOD=$5 WATCH=$6 CALL=$7 TCGUI_TESTENV
LOGDIR=$(mktemp -d /tmp/tcgui-faults-watch.XXXXXX)
chmod 755 "$LOGDIR"
export LOGDIR NS=tcgui-$TEST_TAG-fw VA=$TEST_TAG-fwa VB=$TEST_TAG-fwb
# Generous: the peak comes from GDBus parsing the queued calls; ASan keeps freed memory in
# quarantine. A helper that queued the signals nobody reads grows without end.
RSS_BOUND_KB=$((400 * 1024))
ldd "$HELPER" | grep -q libasan && RSS_BOUND_KB=$((1024 * 1024))
export RSS_BOUND_KB
cleanup() {
  ip netns del "$NS" 2>/dev/null
  if [ "$FAILED" != 0 ] || [ -n "${TCGUI_TEST_VERBOSE:-}" ]; then sed 's/^/# helper: /' "$LOGDIR/helper.log" | tail -40; fi
  rm -rf "$LOGDIR"
}
trap cleanup EXIT

ip netns add "$NS" && ip -n "$NS" link add "$VA" type veth peer name "$VB" &&
  ip -n "$NS" link set "$VA" up && ip -n "$NS" link set "$VB" up ||
  { echo "Bail out! cannot create the test namespace"; exit 1; }

PB=("$TCGUI_TESTENV/polkit-bus" --policy "$BUSCONF" --rules "$RULES")
cmp -s "$ACTIONS" "/usr/share/polkit-1/actions/${ACTIONS##*/}" || PB+=(--actions "$ACTIONS")
run_phase "${PB[@]}" -- "$0" --phase flood; rc=$?
check "the flood phase passed (status $rc)" '[ $rc = 0 ]'
check "the helper logged no GLib warning or critical" '! grep -E "(WARNING|CRITICAL) \*\*" "$LOGDIR/helper.log"'
check "no sanitizer reports from the helper" '! grep -E "^(==[0-9]+==ERROR|SUMMARY): |runtime error:" "$LOGDIR/helper.log"'
finish
