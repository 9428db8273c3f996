#!/bin/bash
# test-cleanup-faults.sh CASE HELPER ACTIONS.policy BUS.conf HELPER-CALL - the real helper on a
# private system bus with a real polkitd, under faults that must leave nothing behind:
#
#   kill        50 apply/clear cycles (outgoing; incoming through an IFB and through a veth
#               peer in another namespace and in the same one; tbf only, this kernel has no
#               netem) with the helper SIGKILLed at random points and restarted on the same
#               journal, three runs; then ResetAll. Nothing of TC GUI may be left in the test's
#               namespaces: no IFB, no qdisc with TC GUI's handles, no ingress qdisc or redirect.
#   netns-gone  a namespace deleted while two callers loop SetShaping/ClearShaping in it:
#               typed errors only, the helper holds nothing of the deleted namespace, ResetAll
#               drops its entries.
#
# In both: the helper is alive (or was restarted cleanly), another caller is served, no
# sanitizer report. The kill case restarts the helper itself, so it needs the real process.
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$(readlink -f "$0")")/../../lib.sh"

NAME=io.github.tcgui.Helper1
CYCLES=50
RUNS=3

# ---------------------------------------------------------------- shared helpers
call() { "$HELPER_CALL" "$@" 2>&1; }
start_helper() {
  # Not the killers' lock (9) or the event fifo (8): a helper must not hold them.
  "$HELPER" --verbose --replace --idle-timeout 600 --journal "$LOGDIR/journal" \
    >>"$LOGDIR/helper.log" 2>&1 8>&- 9>&- &
  HPID=$!
  echo "$HPID" >"$LOGDIR/hpid"
  echo "$HPID" >>"$LOGDIR/pids"
  echo "$HPID $(pid_start "$HPID")" >>"$LOGDIR/pidstarts"
}
name_owner_pid() {
  gdbus call --system --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.GetConnectionUnixProcessID "$NAME" 2>/dev/null |
    sed -n 's/^(uint32 \([0-9]*\),)$/\1/p'
}
# wait_owner PID: until PID owns the name (generous: ASan on a loaded machine)
wait_owner() {
  local i
  for ((i = 0; i < 600; i++)); do
    [ "$(name_owner_pid)" = "$1" ] && return 0
    kill -0 "$1" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}
# pid_start PID: when PID started (field 22 of its stat, after the command's parentheses)
pid_start() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20; }
# dead PID: gone, a zombie (a helper started by a subshell is not ours to wait for), or
# its number taken by a newer process (pid_max is 32768 here: a loaded CI machine wraps
# it within minutes)
dead() {
  local st want
  kill -0 "$1" 2>/dev/null || return 0
  st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null)
  [ "${st%% *}" = Z ] && return 0
  want=$(awk -v p="$1" '$1 == p { s = $2 } END { print s }' "$LOGDIR/pidstarts" 2>/dev/null)
  [ -n "$want" ] && [ -n "$st" ] && [ "$(cut -d' ' -f20 <<<"$st")" != "$want" ]
}
kill_helper() {
  local i
  kill -KILL "$1" 2>/dev/null || return 1
  wait "$1" 2>/dev/null
  for ((i = 0; i < 600; i++)); do dead "$1" && return 0; sleep 0.05; done
  return 1
}
# stop_helper: SIGTERM to every helper this test started, and wait until each is gone (one
# started by a subshell is not this shell's child: wait does not wait for it; ASan's exit
# takes a while).
stop_helper() {
  local p i
  for p in $(cat "$LOGDIR/pids" 2>/dev/null); do kill "$p" 2>/dev/null; done
  for p in $(cat "$LOGDIR/pids" 2>/dev/null); do
    wait "$p" 2>/dev/null
    for ((i = 0; i < 1200; i++)); do dead "$p" && break; sleep 0.05; done
  done
}
rate() { echo "('$1', '$2', '$3', {'rate-bps': <uint64 $4>}, uint32 0)"; }

# leftovers NS...: what TC GUI could have left in these namespaces, one line each
leftovers() {
  local ns
  for ns; do
    ip -n "$ns" -o link show type ifb 2>/dev/null | sed "s/^/$ns: ifb: /"
    ip -n "$ns" -o link show 2>/dev/null | grep -E ': (tcgui-ifb|tcgifb)' | sed "s/^/$ns: ifb-named: /"
    tc -n "$ns" qdisc show | grep -E ' (7cc0|7cc1|7cd0|7cd1|ffff): ' | sed "s/^/$ns: qdisc: /"
    for l in $(ip -n "$ns" -o link show 2>/dev/null | sed -n 's/^[0-9]*: \([^:@]*\)[:@].*/\1/p'); do
      tc -n "$ns" filter show dev "$l" ingress 2>/dev/null | grep -q . &&
        echo "$ns: filter on $l: $(tc -n "$ns" filter show dev "$l" ingress | tr '\n' ' ')"
    done
  done
  return 0
}

# ---------------------------------------------------------------- case: kill
# One caller: CYCLES cycles, each a random apply or clear of a random direction and interface.
cycle_loop() {
  local i r target out
  local targets=("$NSA ea outgoing" "$NSA ea incoming" "$NSA br0 incoming" "$NSA p1 incoming"
                 "$NSA br0 outgoing" "$NSA p2 outgoing")
  for ((i = 0; i < CYCLES; i++)); do
    target=(${targets[RANDOM % ${#targets[@]}]})
    r=$((RANDOM % 3))
    if [ $r = 0 ]; then
      out=$(call ClearShaping "('netns:${target[0]}', '${target[1]}', '${target[2]}')")
    else
      out=$(call SetShaping "$(rate "netns:${target[0]}" "${target[1]}" "${target[2]}" \
                               $(( (RANDOM % 900 + 100) * 10000 )))")
    fi
    # A call that reached a dying helper, or none: fine. Any other error is not.
    [ -z "$out" ] || [[ $out == *org.freedesktop.DBus.Error.* ]] || echo "$out"
  done >"$LOGDIR/cycles.$1"
}

# kill_restart: SIGKILL the helper and start another on the same journal (one at a time)
kill_restart() {
  (
    flock 9
    local hpid
    hpid=$(cat "$LOGDIR/hpid")
    kill_helper "$hpid" && echo kill >>"$LOGDIR/kills"
    start_helper
    wait_owner "$HPID" || echo "restart failed" >>"$LOGDIR/killer.err"
  ) 9>"$LOGDIR/kill.lock"
}

# Kills at random moments (idle, in a call, in a journal write).
timed_killer() {
  while [ -e "$LOGDIR/running" ]; do
    sleep "0.$((RANDOM % 8))$((RANDOM % 10))"
    [ -e "$LOGDIR/running" ] && kill_restart
  done
}

# Kills in the middle of applies: right after one of the helper's kernel changes (a link, a
# qdisc or a filter made or removed) seen by `ip monitor` / `tc monitor`, one in three.
event_killer() {
  local line hpid
  while read -r line; do
    if [ -e "$LOGDIR/final" ]; then
      # The last change of a run: killed at its first step (no fork on the way: the helper
      # goes on meanwhile), and not restarted.
      read -r hpid <"$LOGDIR/hpid"
      kill_helper "$hpid" && echo kill >>"$LOGDIR/kills"
      rm -f "$LOGDIR/final"
    fi
    [ -e "$LOGDIR/running" ] || continue
    ((RANDOM % 3 == 0)) && kill_restart
  done
}

# The run ends as a crash would end it: the helper SIGKILLed in the middle of a change that
# creates an IFB, its ingress qdisc and redirect (the most pieces), with no call after it.
final_kill() {
  local i
  call ClearShaping "('netns:$NSA', 'br0', 'incoming')" >/dev/null
  touch "$LOGDIR/final"
  call SetShaping "$(rate "netns:$NSA" br0 incoming 3000000)" >/dev/null &
  for ((i = 0; i < 600; i++)); do [ -e "$LOGDIR/final" ] || break; sleep 0.05; done
  wait $!
  # No event came (the helper was killed before it changed anything): kill it now.
  rm -f "$LOGDIR/final"
  kill_helper "$(cat "$LOGDIR/hpid")"
}

start_monitors() {
  MONPIDS=()
  mkfifo "$LOGDIR/events"
  event_killer <"$LOGDIR/events" & MONPIDS+=($!)
  exec 8>"$LOGDIR/events"
  ip -n "$NSA" monitor link >&8 2>/dev/null & MONPIDS+=($!)
  tc -n "$NSA" monitor >&8 2>/dev/null & MONPIDS+=($!)
  tc -n "$NSB" monitor >&8 2>/dev/null & MONPIDS+=($!)
}
stop_monitors() {
  local p
  for p in "${MONPIDS[@]:1}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  exec 8>&-
  wait "${MONPIDS[0]}" 2>/dev/null
  rm -f "$LOGDIR/events"
}

case_kill() {
  local run out left c1 c2 k cleared
  start_helper
  check "the helper owns $NAME" wait_owner "$HPID"
  for ((run = 1; run <= RUNS; run++)); do
    rm -f "$LOGDIR/kills"
    touch "$LOGDIR/running"
    start_monitors
    timed_killer & k=$!
    cycle_loop 1 & c1=$!
    cycle_loop 2 & c2=$!
    wait "$c1" "$c2"
    rm -f "$LOGDIR/running"
    wait "$k"
    final_kill
    stop_monitors
    echo "# run $run: $(cat "$LOGDIR/kills" 2>/dev/null | wc -l) kills (the last in a change) during $((2 * CYCLES)) calls;" \
         "before ResetAll: $(leftovers "$NSA" "$NSB" | wc -l) TC GUI pieces," \
         "$(ls "$LOGDIR/journal" 2>/dev/null | wc -l) journal entries"
    check "run $run: no unexpected error from the cycles" \
      '! grep -v "^$" "$LOGDIR/cycles.1" "$LOGDIR/cycles.2"'
    check "run $run: every restart after a kill took the name" '[ ! -e "$LOGDIR/killer.err" ]'

    start_helper
    check "run $run: the helper restarted cleanly on the same journal" wait_owner "$HPID"
    out=$(call ResetAll)
    cleared=${out//[^0-9]/}
    check "run $run: ResetAll succeeds (cleared ${cleared:-?}: $out)" '[[ $out =~ ^[0-9]+$ ]]'
    left=$(leftovers "$NSA" "$NSB")
    [ -z "$left" ] || echo "$left" | sed 's/^/#   left: /'
    check "run $run: nothing of TC GUI is left in $NSA and $NSB" '[ -z "$left" ]'
    check "run $run: the journal is empty" '[ -z "$(ls -A "$LOGDIR/journal" 2>/dev/null)" ]'
    check "run $run: the helper is alive" 'kill -0 $HPID'
    out=$(call ListLinks "('netns:$NSB',)")
    check "run $run: another caller is served (ListLinks netns:$NSB)" '[[ $out == *"name=eb "* ]]'
  done
  # A ResetAll with nothing left changes nothing and clears nothing.
  out=$(call ResetAll)
  check "a second ResetAll clears nothing ($out)" '[ "$out" = 0 ]'
}

# ---------------------------------------------------------------- case: netns-gone
gone_loop() {
  local i out targets=("br0 incoming" "ea outgoing" "ea incoming" "p1 incoming")
  for ((i = 0; i < 400; i++)); do
    [ -e "$LOGDIR/stop" ] && break
    t=(${targets[RANDOM % ${#targets[@]}]})
    if ((RANDOM % 3)); then
      out=$(call SetShaping "$(rate "netns:$NSG" "${t[0]}" "${t[1]}" $(( (RANDOM % 900 + 100) * 10000 )))")
    else
      out=$(call ClearShaping "('netns:$NSG', '${t[0]}', '${t[1]}')")
    fi
    [ -z "$out" ] && echo ok || echo "$out"
  done >"$LOGDIR/gone.$1"
}

case_netns_gone() {
  local out c1 c2 ino errors oks p
  start_helper
  check "the helper owns $NAME" wait_owner "$HPID"
  ino=$(stat -L -c %i "/run/netns/$NSG")
  rm -f "$LOGDIR/stop"
  gone_loop 1 & c1=$!
  gone_loop 2 & c2=$!
  # Let the callers apply for a while, then the namespace goes under them.
  for _ in $(seq 200); do
    [ "$(cat "$LOGDIR"/gone.* 2>/dev/null | grep -c '^ok$')" -ge 10 ] && break
    sleep 0.05
  done
  ip netns del "$NSG"
  ip netns del "$NSG-b"
  sleep 1
  touch "$LOGDIR/stop"
  wait "$c1" "$c2"
  oks=$(cat "$LOGDIR"/gone.* | grep -c '^ok$')
  errors=$(cat "$LOGDIR"/gone.* | grep -v '^ok$' | sed 's/^error: \([^:]*\):.*/\1/' | sort | uniq -c)
  echo "# $oks calls succeeded; errors:"; echo "$errors" | sed 's/^/#   /'
  check "calls succeeded before the namespace went ($oks)" '[ "$oks" -ge 10 ]'
  check "then they failed with NoSuchNamespace" 'grep -q io.github.tcgui.Error.NoSuchNamespace <<<"$errors"'
  check "every error is a typed NoSuchNamespace or NoSuchInterface" \
    '! cat "$LOGDIR"/gone.* | grep -v "^ok$" |
       grep -vE "^error: io\.github\.tcgui\.Error\.(NoSuchNamespace|NoSuchInterface): "'
  check "the helper is alive" 'kill -0 $HPID'
  check "it holds no descriptor of the deleted namespace (net:[$ino])" \
    '! ls -l /proc/$HPID/fd 2>/dev/null | grep -qF "net:[$ino]"'
  # A thread may be inside a namespace for a moment (enter, create a socket, leave) and a
  # pooled thread may end while it is read: "stayed" is a thread found elsewhere each time.
  check "no thread of the helper stayed in another namespace" '[ -z "$(threads_elsewhere_each_time)" ]'
  out=$(call ListNamespaces)
  check "another caller is served, without the deleted namespace" \
    '[[ $out == *"id=host "* && $out != *"netns:$NSG "* ]]'
  out=$(call ResetAll)
  check "ResetAll drops the entries of the deleted namespace ($out)" \
    '[ "$out" = 0 ] && [ -z "$(ls -A "$LOGDIR/journal" 2>/dev/null)" ]'
}

# threads_elsewhere_each_time: the helper's threads that are in another network namespace
# than ours in each of 5 looks, 0.3 s apart (none, normally).
threads_elsewhere_each_time() {
  local host p tid ns common= i
  host=$(readlink /proc/self/ns/net)
  for i in 1 2 3 4 5; do
    local now=
    for p in /proc/$HPID/task/*; do
      tid=${p##*/}
      ns=$(readlink "$p/ns/net" 2>/dev/null) || continue
      [ "$ns" = "$host" ] || now+=" $tid"
    done
    if [ $i = 1 ]; then common=$now; else
      local kept=
      for tid in $common; do [[ " $now " == *" $tid "* ]] && kept+=" $tid"; done
      common=$kept
    fi
    [ -n "$common" ] || break
    sleep 0.3
  done
  echo $common
}

# Inside polkit-bus: run the case, print ok/not ok lines, exit with the result.
if [ "${1:-}" = --inner ]; then
  trap stop_helper EXIT
  "case_${2//-/_}"
  finish
  exit
fi

# ---------------------------------------------------------------- outer: set up, run the case
[ $# = 5 ] || { echo "usage: $0 kill|netns-gone HELPER ACTIONS.policy BUS.conf HELPER-CALL" >&2; exit 2; }
need_root
need_cmd ip tc gdbus stat flock mkfifo
need_testenv polkit-bus
CASE=$1
HELPER=$(readlink -f "$2") ACTIONS=$3 BUSCONF=$4 HELPER_CALL=$(readlink -f "$5")
LOGDIR=$(mktemp -d /tmp/tcgui-faults-cleanup.XXXXXX)
NSA=tcgui-$TEST_TAG-a NSB=tcgui-$TEST_TAG-b NSG=tcgui-$TEST_TAG-g
export HELPER HELPER_CALL LOGDIR NSA NSB NSG TCGUI_TESTENV CYCLES RUNS
cleanup() {
  local ns
  for ns in "$NSA" "$NSB" "$NSG" "$NSG-b"; do ip netns del "$ns" 2>/dev/null; done
  if [ "$FAILED" != 0 ] || [ -n "${TCGUI_TEST_VERBOSE:-}" ]; then
    tail -n 60 "$LOGDIR/helper.log" | sed 's/^/# helper: /'
  fi
  rm -rf "$LOGDIR"
}
trap cleanup EXIT

# setup NS PEER-NS: a veth ea/eb to PEER-NS (incoming via a peer elsewhere), a pair p1/p2
# inside (incoming via a peer in the same namespace), a bridge br0 (incoming via an IFB).
setup() {
  ip netns add "$1" && ip netns add "$2" &&
    ip -n "$1" link add ea type veth peer name eb netns "$2" &&
    ip -n "$1" link add p1 type veth peer name p2 &&
    ip -n "$1" link add br0 type bridge &&
    for l in ea p1 p2 br0; do ip -n "$1" link set "$l" up || return 1; done &&
    ip -n "$2" link set eb up
}
case $CASE in
  kill) setup "$NSA" "$NSB" || skip "cannot create namespaces, veth and bridge links" ;;
  netns-gone) setup "$NSG" "$NSG-b" || skip "cannot create namespaces, veth and bridge links" ;;
  *) echo "unknown case $CASE" >&2; exit 2 ;;
esac
ip -n "${NSA}" link add tcgifbprobe type ifb 2>/dev/null ||
  ip -n "${NSG}" link add tcgifbprobe type ifb 2>/dev/null || skip "the kernel cannot create IFB devices"
ip -n "${NSA}" link del tcgifbprobe 2>/dev/null || ip -n "${NSG}" link del tcgifbprobe

PB=("$TCGUI_TESTENV/polkit-bus" --policy "$BUSCONF")
cmp -s "$ACTIONS" "/usr/share/polkit-1/actions/${ACTIONS##*/}" || PB+=(--actions "$ACTIONS")
run_phase "${PB[@]}" -- bash "$(readlink -f "$0")" --inner "$CASE"; rc=$?
check "the $CASE case passed (status $rc)" '[ $rc = 0 ]'
# A zombie is not running (the helpers' parent, the phase's shell, has ended: whoever
# adopted them reaps them in its own time); an exiting ASan helper gets 60 s.
all_dead() {
  local p i
  for p in $(cat "$LOGDIR/pids"); do
    for ((i = 0; i < 1200; i++)); do dead "$p" && break; sleep 0.05; done
    dead "$p" || return 1
  done
}
check "no helper this test started is left running" all_dead
check "no sanitizer report from the helpers" \
  '! grep -E "^(==[0-9]+==ERROR|SUMMARY): |runtime error:" "$LOGDIR/helper.log"'
finish
