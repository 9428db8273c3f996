#!/bin/bash
# test-rate-iperf.sh ENGINE_CLI - rate limits measured with iperf3, both
# directions, between two namespaces over veth: within ±10 %.
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
source "${TCGUI_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

cli=$1
need_root
need_cmd ip iperf3

a=tcgui-$$-a
b=tcgui-$$-b
journal=$(mktemp -d)/journal
cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null
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

ip netns exec "$b" iperf3 -s -B 10.198.0.2 -1 >/dev/null 2>&1 &
server=$!

engine() { "$cli" --journal "$journal" "$@"; }

# measure [-R]: bit/s received, A -> B (or B -> A with -R), 5 s, TCP
measure() {
  local out
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    ip netns exec "$b" true
    out=$(ip netns exec "$a" iperf3 -c 10.198.0.2 -t 5 -O 1 -J "$@" 2>/dev/null) && break
    sleep 0.3
  done
  echo "$out" | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]))'
}

start_server() {
  ip netns exec "$b" iperf3 -s -B 10.198.0.2 -1 >/dev/null 2>&1 &
  server=$!
  sleep 0.3
}

within() { # within MEASURED WANTED
  python3 -c "import sys; m,w=$1,$2; sys.exit(0 if abs(m-w) <= 0.1*w else 1)"
}

sleep 0.3
rate_out=20000000
rate_in=12000000
check "set outgoing $rate_out bit/s on ea" engine set "netns:$a" ea outgoing "{'rate-bps': <uint64 $rate_out>}"
check "set incoming $rate_in bit/s on ea (IFB)" engine set "netns:$a" ea incoming "{'rate-bps': <uint64 $rate_in>}"

got=$(measure)
echo "# outgoing: wanted $rate_out, measured $got bit/s"
check "outgoing rate within ±10 % ($got)" within "$got" "$rate_out"

start_server
got=$(measure -R)
echo "# incoming: wanted $rate_in, measured $got bit/s"
check "incoming rate within ±10 % ($got)" within "$got" "$rate_in"

check "clear both" engine clear "netns:$a" ea both
start_server
got=$(measure)
echo "# unshaped: $got bit/s"
check "unshaped is much faster than the limit ($got)" "[ $got -gt $((rate_out * 3)) ]"

finish
