#!/bin/bash
# test-rate-iperf.sh ENGINE_CLI - rate limits measured with iperf3 over veth,
# within ±10 %: outgoing; incoming on a veth whose peer is in another named
# namespace (shaped on the peer's egress there); incoming on a veth whose
# peer is in a namespace nothing names (shaped through an IFB).
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
source "${TCGUI_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

cli=$1
need_root
need_cmd ip tc iperf3 nsenter unshare

a=tcgui-$$-a
b=tcgui-$$-b
holder=
server=
journal=$(mktemp -d)/journal
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  [ -n "$holder" ] && kill "$holder" 2>/dev/null
  ip netns del "$a" 2>/dev/null
  ip netns del "$b" 2>/dev/null
  rm -rf "$(dirname "$journal")"
}
trap cleanup EXIT

ip netns add "$a" && ip netns add "$b" || skip "cannot create network namespaces"
ip -n "$a" link add ea type veth peer name eb netns "$b" || skip "cannot create veth links"
ip -n "$a" addr add 10.198.0.1/24 dev ea
ip -n "$b" addr add 10.198.0.2/24 dev eb
ip -n "$a" link set ea up; ip -n "$a" link set lo up
ip -n "$b" link set eb up; ip -n "$b" link set lo up

# C: a namespace only a process holds; ef (in A) — eg (in C).
unshare --net sleep 600 &
holder=$!
wait_own_netns "$holder" || skip "unshare --net did not give its process a namespace of its own"
in_c() { nsenter -t "$holder" -n "$@"; }
ip -n "$a" link add ef type veth peer name eg netns "$holder" || skip "cannot move a veth end into a process's namespace"
ip -n "$a" addr add 10.197.0.1/24 dev ef
ip -n "$a" link set ef up
in_c ip addr add 10.197.0.2/24 dev eg
in_c ip link set eg up; in_c ip link set lo up

engine() { "$cli" --journal "$journal" "$@"; }

# start_server IN-NS... ADDR: an iperf3 server for one test
start_server() {
  local addr=${*: -1}
  "${@:1:$#-1}" iperf3 -s -B "$addr" -1 >/dev/null 2>&1 &
  server=$!
  sleep 0.3
}

# measure ADDR [-R]: bit/s received, A -> ADDR (or back with -R), 5 s, TCP
measure() {
  local addr=$1 out
  shift
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    out=$(ip netns exec "$a" iperf3 -c "$addr" -t 5 -O 1 -J "$@" 2>/dev/null) && break
    sleep 0.3
  done
  echo "$out" | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]))'
}

within() { # within MEASURED WANTED
  python3 -c "import sys; m,w=$1,$2; sys.exit(0 if abs(m-w) <= 0.1*w else 1)"
}

rate_out=20000000
rate_in=8000000
rate_ifb=12000000
check "set outgoing $rate_out bit/s on ea" engine set "netns:$a" ea outgoing "{'rate-bps': <uint64 $rate_out>}"
check "set incoming $rate_in bit/s on ea (peer eb in $b)" engine set "netns:$a" ea incoming "{'rate-bps': <uint64 $rate_in>}"
check "tc on the peer eb shows TC GUI's tbf" "tc -n $b qdisc show dev eb | grep -q 'tbf 7cc.*rate 8Mbit'"
check "no IFB and no ingress in $a" "! ip -n $a link show | grep -q tcgui-ifb && ! tc -n $a qdisc show dev ea | grep -q ingress"
check "read back: incoming via peer:eb in netns:$b" \
  "engine get netns:$a ea | grep -q \"'incoming-via': <'peer:eb'>, 'incoming-via-namespace': <'netns:$b'>\""

start_server ip netns exec "$b" 10.198.0.2
got=$(measure 10.198.0.2)
echo "# outgoing: wanted $rate_out, measured $got bit/s"
check "outgoing rate within ±10 % ($got)" within "$got" "$rate_out"

start_server ip netns exec "$b" 10.198.0.2
got=$(measure 10.198.0.2 -R)
echo "# incoming (peer in another namespace): wanted $rate_in, measured $got bit/s"
check "incoming rate within ±10 % ($got)" within "$got" "$rate_in"

check "clear both" engine clear "netns:$a" ea both
check "the peer eb has its default qdisc again" "tc -n $b qdisc show dev eb | grep -q 'noqueue 0: root'"
start_server ip netns exec "$b" 10.198.0.2
got=$(measure 10.198.0.2 -R)
echo "# unshaped incoming: $got bit/s"
check "unshaped is much faster than the limit ($got)" "[ $got -gt $((rate_in * 3)) ]"

check "set incoming $rate_ifb bit/s on ef (peer in an unnamed namespace: IFB)" \
  engine set "netns:$a" ef incoming "{'rate-bps': <uint64 $rate_ifb>}"
check "read back: incoming via an IFB" "engine get netns:$a ef | grep -q \"'incoming-via': <'ifb:tcgui-ifb\""
start_server in_c 10.197.0.2
got=$(measure 10.197.0.2 -R)
echo "# incoming (IFB): wanted $rate_ifb, measured $got bit/s"
check "incoming rate through the IFB within ±10 % ($got)" within "$got" "$rate_ifb"
check "clear incoming on ef" engine clear "netns:$a" ef incoming
check "the IFB is gone" "! ip -n $a link show | grep -q tcgui-ifb"

finish
