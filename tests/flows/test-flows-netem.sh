#!/bin/bash
# test-flows-netem.sh ENGINE_CLI - a 3×3 latency matrix with flows in a
# kernel with sch_netem (this one, or the UML guest of netem-kernel): A, B
# and C reach each other through a router namespace; each one's outgoing
# interface has a flow per destination with its own delay; the ping RTT of
# each pair is the sum of both directions within 5 %.
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
source "${TCGUI_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

cli=$1
inner=${2:-}

need_root
need_cmd ip tc ping python3

netem_here() {
  [ -x "$TCGUI_TESTENV/netem-kernel" ] && "$TCGUI_TESTENV/netem-kernel" --check >/dev/null 2>&1
}

if [ -z "$inner" ] && ! netem_here; then
  need_testenv netem-kernel
  if [ "${TCGUI_SANITIZE_ADDRESS:-0}" = 1 ]; then
    skip "the host kernel has no sch_netem and ASan binaries cannot run in the UML guest (netem-kernel)"
  fi
  exec "$TCGUI_TESTENV/netem-kernel" --timeout 600 --env-all --ro "$TCGUI_SRCDIR" --rw "$TCGUI_BUILDDIR" -- \
    bash "$0" "$cli" inner
fi

r=$TEST_TAG-r
journal=$(mktemp -d)/journal
cleanup() {
  for n in r a b c; do ip netns del "$TEST_TAG-$n" 2>/dev/null; done
  rm -rf "$(dirname "$journal")"
}
trap cleanup EXIT
engine() { "$cli" --journal "$journal" "$@"; }

ip netns add "$r" || skip "cannot create network namespaces"
ip -n "$r" link set lo up
ip netns exec "$r" sysctl -qw net.ipv4.ip_forward=1
i=1
for n in a b c; do
  ns=$TEST_TAG-$n
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip -n "$ns" link add "e$n" type veth peer name "r$n" netns "$r" || skip "cannot create veth links"
  ip -n "$ns" addr add "10.194.$i.2/24" dev "e$n"
  ip -n "$r" addr add "10.194.$i.1/24" dev "r$n"
  ip -n "$ns" link set "e$n" up
  ip -n "$r" link set "r$n" up
  ip -n "$ns" route add default via "10.194.$i.1"
  i=$((i + 1))
done
addr() { case $1 in a) echo 10.194.1.2;; b) echo 10.194.2.2;; c) echo 10.194.3.2;; esac; }

# The matrix, ms: delay[FROM-TO] on FROM's outgoing interface.
declare -A delay=([a-b]=20 [a-c]=40 [b-a]=25 [b-c]=50 [c-a]=35 [c-b]=45)

for from in a b c; do
  flows=
  for to in a b c; do
    [ "$from" = "$to" ] && continue
    flows+="${flows:+, }{'match': <{'prefix': <'$(addr "$to")'>}>, 'delay-us': <uint32 $((delay[$from-$to] * 1000))>}"
  done
  check "set $from's flows: $flows" engine set "netns:$TEST_TAG-$from" "e$from" outgoing "{'flows': <[$flows]>}"
done
check "read back: a's flows with their delays" \
  "engine get netns:$TEST_TAG-a ea | grep -q \"'outgoing': <{'flows': <\[{'match': <{'prefix': <'10.194.2.2'>}>, 'delay-us': <uint32 20000>}, {'match': <{'prefix': <'10.194.3.2'>}>, 'delay-us': <uint32 40000>}\]>}>\""

# rtt FROM TO: the smallest of 5 pings, ms
rtt() {
  ip netns exec "$TEST_TAG-$1" ping -c 5 -i 0.3 -W 3 "$(addr "$2")" 2>/dev/null |
    sed -n 's|.*= \([0-9.]*\)/.*|\1|p'
}
for pair in a-b a-c b-c; do
  from=${pair%-*} to=${pair#*-}
  want=$((delay[$from-$to] + delay[$to-$from]))
  for dir in "$from $to" "$to $from"; do
    got=$(rtt $dir)
    echo "# RTT ${dir/ /→}: wanted $want ms, measured ${got:-nothing} ms"
    check "RTT ${dir/ /→} is $want ms ±5 % (${got:-no reply})" \
      "[ -n '$got' ] && python3 -c 'import sys; sys.exit(0 if abs($got - $want) <= 0.05 * $want else 1)'"
  done
done

for n in a b c; do
  check "clear $n" engine clear "netns:$TEST_TAG-$n" "e$n" outgoing
done
got=$(rtt a c)
echo "# RTT a→c after clear: $got ms"
check "after clear the RTT is small again (${got:-no reply})" \
  "[ -n '$got' ] && python3 -c 'import sys; sys.exit(0 if $got < 10 else 1)'"

finish
