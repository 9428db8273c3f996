#!/bin/bash
# test-flows-kernel.sh ENGINE_CLI - per-destination flows on this kernel:
# rates per destination measured with iperf3 (±10 %), partitions between
# namespaces on a bridge (IPv4 and IPv6, both directions), the tree as
# `tc -j` reads it after apply and after clear, and an htb tree built with
# `tc` read back as foreign flows and protected.
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
source "${TCGUI_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

cli=$1
need_root
need_cmd ip tc iperf3 ping python3

s=$TEST_TAG-s      # the sender
p=$TEST_TAG-p      # the peers' addresses (A .2, B .3, C .4)
br=$TEST_TAG-br    # a bridge for the partition test
servers=()
journal=$(mktemp -d)/journal
cleanup() {
  local pid
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null; done
  for ns in "$s" "$p" "$br" "$TEST_TAG-a" "$TEST_TAG-b" "$TEST_TAG-c"; do
    ip netns del "$ns" 2>/dev/null
  done
  rm -rf "$(dirname "$journal")"
}
trap cleanup EXIT

engine() { "$cli" --journal "$journal" "$@"; }
within() { # within MEASURED WANTED
  python3 -c "import sys; m,w=$1,$2; sys.exit(0 if abs(m-w) <= 0.1*w else 1)"
}

ip netns add "$s" && ip netns add "$p" || skip "cannot create network namespaces"
ip -n "$s" link add es type veth peer name ep netns "$p" || skip "cannot create veth links"
ip -n "$s" addr add 10.196.0.1/24 dev es
for a in 2 3 4; do ip -n "$p" addr add 10.196.0.$a/24 dev ep; done
ip -n "$s" link set es up; ip -n "$s" link set lo up
ip -n "$p" link set ep up; ip -n "$p" link set lo up

# --- rates per destination ---------------------------------------------------

rate_a=2000000
rate_b=8000000
check "set flows: $rate_a bit/s to A, $rate_b bit/s to B, default unlimited" \
  engine set "netns:$s" es outgoing "{'flows': <[
    {'match': <{'prefix': <'10.196.0.2'>}>, 'rate-bps': <uint64 $rate_a>, 'label': <'A'>},
    {'match': <{'prefix': <'10.196.0.3/32'>}>, 'rate-bps': <uint64 $rate_b>}]>}"

tree=$(tc -n "$s" -j qdisc show dev es)
echo "# tc -j qdisc: $tree"
check "tc -j: an htb root at TC GUI's handle, two tbf leaves" "echo '$tree' | python3 -c '
import json, sys
q = json.load(sys.stdin)
root = [x for x in q if x.get(\"root\")]
tbf = sorted(x[\"options\"][\"rate\"] for x in q if x[\"kind\"] == \"tbf\")
sys.exit(0 if root and root[0][\"kind\"] == \"htb\" and root[0][\"handle\"].startswith(\"7cc\") and len(tbf) == 2 else 1)'"
filters=$(tc -n "$s" -j filter show dev es parent "$(tc -n "$s" -j qdisc show dev es | python3 -c 'import json,sys; print([x for x in json.load(sys.stdin) if x.get("root")][0]["handle"])')")
check "tc -j: u32 filters for both flows" "echo '$filters' | python3 -c '
import json, sys
f = [x for x in json.load(sys.stdin) if x.get(\"options\", {}).get(\"flowid\")]
sys.exit(0 if len({x[\"options\"][\"flowid\"] for x in f}) == 2 else 1)'"
check "read back: two flows, A's rate and label-less prefix, owner tcgui" \
  "engine get netns:$s es | grep -q \"'outgoing': <{'flows': <\[{'match': <{'prefix': <'10.196.0.2'>}>, 'rate-bps': <uint64 $rate_a>}, {'match': <{'prefix': <'10.196.0.3'>}>, 'rate-bps': <uint64 $rate_b>}\]>}>, 'outgoing-owner': <'tcgui'>, 'outgoing-qdisc': <'htb'>\""

# nothing_left NS DEV: tc -j shows the default root only, no class, no filter
nothing_left() {
  tc -n "$1" -j qdisc show dev "$2" | python3 -c '
import json, sys
q = json.load(sys.stdin)
sys.exit(0 if len(q) == 1 and q[0]["handle"] == "0:" else 1)' &&
  [ -z "$(tc -n "$1" -j class show dev "$2" | tr -d '[]\n')" ] &&
  [ -z "$(tc -n "$1" -j filter show dev "$2" | tr -d '[]\n')" ]
}

# measure ADDR: bit/s received from S, 5 s of TCP
measure() {
  local addr=$1 out=
  ip netns exec "$p" iperf3 -s -B "$addr" -1 >/dev/null 2>&1 &
  servers+=($!)
  sleep 0.3
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    out=$(ip netns exec "$s" iperf3 -c "$addr" -t 5 -O 1 -J 2>/dev/null) && break
    sleep 0.3
  done
  echo "$out" | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]))'
}

got=$(measure 10.196.0.2)
echo "# to A: wanted $rate_a, measured $got bit/s"
check "to A within ±10 % of $rate_a ($got)" within "$got" "$rate_a"
got=$(measure 10.196.0.3)
echo "# to B: wanted $rate_b, measured $got bit/s"
check "to B within ±10 % of $rate_b ($got)" within "$got" "$rate_b"
got=$(measure 10.196.0.4)
echo "# to C (default, unlimited): measured $got bit/s"
check "to C unlimited: far above B's rate ($got)" "[ $got -gt $((rate_b * 4)) ]"

check "clear outgoing" engine clear "netns:$s" es outgoing
check "tc -j after clear: the default root, no classes, no filters" nothing_left "$s" es

# --- incoming flows ------------------------------------------------------------

check "set incoming flow: from A (source) $rate_a bit/s" \
  engine set "netns:$s" es incoming "{'flows': <[{'match': <{'prefix': <'10.196.0.2'>}>, 'rate-bps': <uint64 $rate_a>}]>}"
check "the peer ep in $p holds the htb and a source match" \
  "tc -n $p qdisc show dev ep | grep -q 'htb 7cc' && tc -n $p filter show dev ep | grep -q 'match 0ac40002/ffffffff at 12'"
check "read back: incoming flow from A" \
  "engine get netns:$s es | grep -q \"'incoming': <{'flows': <\[{'match': <{'prefix': <'10.196.0.2'>}>, 'rate-bps': <uint64 $rate_a>}\]>}>\""
check "clear incoming" engine clear "netns:$s" es incoming
check "the peer has its default qdisc again" "tc -n $p qdisc show dev ep | grep -q 'noqueue 0: root'"

# --- partitions --------------------------------------------------------------

# A, B and C on one bridge, IPv4 and IPv6.
ip netns add "$br" && ip -n "$br" link add br0 type bridge && ip -n "$br" link set br0 up ||
  skip "cannot create a bridge"
for n in a b c; do
  ns=$TEST_TAG-$n
  ip netns add "$ns"
  ip -n "$ns" link add "e$n" type veth peer name "p$n" netns "$br"
  ip -n "$br" link set "p$n" master br0 up
  ip -n "$ns" link set "e$n" up; ip -n "$ns" link set lo up
done
ip -n "$TEST_TAG-a" addr add 10.195.0.1/24 dev ea; ip -n "$TEST_TAG-a" addr add fd00:195::1/64 dev ea nodad
ip -n "$TEST_TAG-b" addr add 10.195.0.2/24 dev eb; ip -n "$TEST_TAG-b" addr add fd00:195::2/64 dev eb nodad
ip -n "$TEST_TAG-c" addr add 10.195.0.3/24 dev ec; ip -n "$TEST_TAG-c" addr add fd00:195::3/64 dev ec nodad

# reach FROM TO: ping (v4 or v6 by the address) succeeds within a few tries
reach() {
  local i
  for i in 1 2 3; do ip netns exec "$TEST_TAG-$1" ping -c 1 -W 1 "$2" >/dev/null 2>&1 && return 0; done
  return 1
}
check "before: A reaches B and C (IPv4, IPv6)" \
  "reach a 10.195.0.2 && reach a 10.195.0.3 && reach a fd00:195::2 && reach b fd00:195::1"

check "partition A→B on A's interface (IPv4 and IPv6 flows)" \
  engine set "netns:$TEST_TAG-a" ea outgoing "{'flows': <[
    {'match': <{'prefix': <'10.195.0.2'>}>, 'partition': <true>},
    {'match': <{'prefix': <'fd00:195::2'>}>, 'partition': <true>}]>}"
check "partition B→A on B's interface" \
  engine set "netns:$TEST_TAG-b" eb outgoing "{'flows': <[
    {'match': <{'prefix': <'10.195.0.1'>}>, 'partition': <true>},
    {'match': <{'prefix': <'fd00:195::1'>}>, 'partition': <true>}]>}"
check "A→B fails (IPv4)" "! reach a 10.195.0.2"
check "B→A fails (IPv4)" "! reach b 10.195.0.1"
check "A→B fails (IPv6)" "! reach a fd00:195::2"
check "B→A fails (IPv6)" "! reach b fd00:195::1"
check "A→C works (IPv4, IPv6)" "reach a 10.195.0.3 && reach a fd00:195::3"
check "B→C works (IPv4, IPv6)" "reach b 10.195.0.3 && reach b fd00:195::3"
check "read back: A's flows are partitions" \
  "engine get netns:$TEST_TAG-a ea | grep -q \"'outgoing': <{'flows': <\[{'match': <{'prefix': <'10.195.0.2'>}>, 'partition': <true>}, {'match': <{'prefix': <'fd00:195::2'>}>, 'partition': <true>}\]>}>\""
check "tc: a blackhole leaf on A" "tc -n $TEST_TAG-a qdisc show dev ea | grep -q blackhole"
check "clear A and B" \
  "engine clear netns:$TEST_TAG-a ea both && engine clear netns:$TEST_TAG-b eb both"
check "after clear: A↔B works again (IPv4, IPv6)" \
  "reach a 10.195.0.2 && reach b 10.195.0.1 && reach a fd00:195::2 && reach b fd00:195::1"
check "after clear: nothing left on A or B (tc -j)" \
  "nothing_left $TEST_TAG-a ea && nothing_left $TEST_TAG-b eb"

# --- a tree built with tc ------------------------------------------------------

ns=$TEST_TAG-c
tc -n "$ns" qdisc add dev ec root handle 1: htb default 20
tc -n "$ns" class add dev ec parent 1: classid 1:10 htb rate 5mbit quantum 1514
tc -n "$ns" class add dev ec parent 1: classid 1:20 htb rate 100mbit quantum 1514
if tc -n "$ns" filter add dev ec parent 1: protocol ip prio 1 flower dst_ip 10.195.0.1 classid 1:10 2>/dev/null; then
  kind=flower
else
  # This kernel has no cls_flower (the host here): the same tree with u32.
  echo "# no cls_flower on this kernel: the foreign tree's filter is u32"
  kind=u32
  tc -n "$ns" filter add dev ec parent 1: protocol ip prio 1 u32 match ip dst 10.195.0.1/32 classid 1:10
fi
state=$(engine get "netns:$ns" ec)
echo "# read back ($kind): $state"
check "a $kind tree made with tc: owner foreign, its filter shown as a foreign flow" \
  "echo \"\$state\" | grep -q \"'foreign': <true>\" && echo \"\$state\" | grep -q \"'outgoing-owner': <'foreign'>\""
check "SetShaping without FORCE is refused with ForeignQdisc" \
  "engine set netns:$ns ec outgoing \"{'rate-bps': <uint64 8000000>}\" 2>&1 | grep -q ForeignQdisc"
check "the tc tree is untouched" "tc -n $ns class show dev ec | grep -q '1:10'"
check "with FORCE it is replaced" engine set "netns:$ns" ec outgoing "{'rate-bps': <uint64 8000000>}" 1
check "clear it" engine clear "netns:$ns" ec outgoing

# --- refusals change nothing -------------------------------------------------

check "a bad flow is refused naming its path" \
  "engine set netns:$ns ec outgoing \"{'flows': <[{'match': <{'protocol': <'icmp'>, 'port-min': <uint16 80>}>}]>}\" 2>&1 | grep -q 'flows\[0\].match.port-min'"
check "a flow's burst below one frame is refused naming the flow" \
  "engine set netns:$ns ec outgoing \"{'flows': <[{'match': <{'protocol': <'tcp'>}>, 'rate-bps': <uint64 1000000>, 'burst-bytes': <uint32 1000>}]>}\" 2>&1 | grep -q 'flows\[0\]: .burst-bytes. must be at least one full frame'"
check "… and changed nothing" "! tc -n $ns qdisc show dev ec | grep -q 7cc"
check "a flow's burst of two frames is taken" \
  engine set "netns:$ns" ec outgoing "{'flows': <[{'match': <{'protocol': <'tcp'>}>, 'rate-bps': <uint64 1000000>, 'burst-bytes': <uint32 3028>}]>}"
check "read back with its burst" \
  "engine get netns:$ns ec | grep -q \"'flows': <\[{'match': <{'protocol': <'tcp'>}>, 'rate-bps': <uint64 1000000>, 'burst-bytes': <uint32 3028>}\]>\""
check "clear: nothing left" "engine clear netns:$ns ec outgoing && nothing_left $ns ec"

finish
