#!/bin/bash
# bench-batch.sh HELPER ACTIONS.policy BUS.conf BATCH-CALL [NAMESPACES] [PAIRS] [ROUNDS]
#
# Creates NAMESPACES (20) namespaces with PAIRS (5) veth pairs each, both ends inside: 200
# interfaces. Starts the real helper on a private system bus with a real polkitd
# (../shared/testenv/polkit-bus), then per round sets a tbf rate on all 200 interfaces three
# ways, one after the other, each with a rate of its own so that every change is real:
#   batch    one SetShapingBatch of 200 items (batch-call: bus, one polkit check, each
#            namespace entered once, netlink, journal), until its reply; helper-ms is the
#            helper's own part and helper-cpu the CPU time its thread used (its --verbose log)
#   ipnetns  a loop of `ip netns exec NS tc qdisc replace dev IF root handle 1: tbf …`
#   nsenter  a loop of `nsenter --net=/run/netns/NS tc qdisc replace dev IF root handle 1: tbf …`
# and prints the times and the ratios. Results: docs/benchmarks.md. Nothing is asserted.
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
source "$(dirname "$(readlink -f "$0")")/../lib.sh"

now_ns() { date +%s%N; }
ms_since() { echo "scale=3; ($(now_ns) - $1) / 1000000" | bc; }

# items RATE-MBIT: the 200 interfaces at RATE-MBIT Mbit/s
items() {
  local k i
  for ((k = 0; k < count; k++)); do
    for ((i = 0; i < 2 * pairs; i++)); do
      echo "netns:$prefix-$k v$i outgoing 0 {'rate-bps': <uint64 $(($1 * 1000000))>}"
    done
  done
}
# tc_loop WAY RATE-MBIT: every interface with `tc` spawned the WAY way
tc_loop() {
  local k i
  for ((k = 0; k < count; k++)); do
    for ((i = 0; i < 2 * pairs; i++)); do
      if [ "$1" = ipnetns ]; then
        ip netns exec "$prefix-$k" tc qdisc replace dev "v$i" root handle 1: tbf rate "$2mbit" burst 20000 limit 100000
      else
        nsenter --net="/run/netns/$prefix-$k" tc qdisc replace dev "v$i" root handle 1: tbf rate "$2mbit" burst 20000 limit 100000
      fi
    done
  done
}

if [ "${1:-}" = --inner ]; then
  shift
  helper=$1 bc_=$2 prefix=$3 count=$4 pairs=$5 rounds=$6 journal=$7
  "$helper" --replace --verbose --idle-timeout 600 --journal "$journal" >"$journal.log" 2>&1 &
  hpid=$!
  trap 'kill $hpid 2>/dev/null; wait $hpid 2>/dev/null' EXIT
  for _ in $(seq 100); do
    gdbus introspect --system --dest io.github.tcgui.Helper1 \
      --object-path /io/github/tcgui/Helper1 >/dev/null 2>&1 && break
    sleep 0.05
  done
  # Warm-up (polkit authority, kernel probe), not counted.
  echo "netns:$prefix-0 v0 outgoing 0 {'rate-bps': <uint64 1000000>}" | "$bc_" >/dev/null
  n=$((count * 2 * pairs))
  printf '%-6s %10s %10s %10s %10s %10s %14s %14s\n' round batch-ms helper-ms helper-cpu ipnetns-ms nsenter-ms \
    ipnetns/batch nsenter/batch
  for ((r = 1; r <= rounds; r++)); do
    out=$(items $((3 * r)) | "$bc_" --time 2>"$journal.time")
    ok=$(grep -c '^ok$' <<<"$out")
    [ "$ok" = "$n" ] || echo "# round $r: only $ok of $n items applied: $(grep -v '^ok$' <<<"$out" | head -n 3)"
    batch=$(sed -n 's/^elapsed-ms=//p' "$journal.time")
    # The helper's own time for the batch (its --verbose log): checks, namespaces, netlink, journal.
    line=$(grep "SetShapingBatch: $n items" "$journal.log" | tail -n 1)
    inside=$(sed -n 's/.* failed, \([0-9.]*\) ms .*/\1/p' <<<"$line")
    cpu=$(sed -n 's/.*(CPU \([0-9.]*\) ms)$/\1/p' <<<"$line")
    t=$(now_ns); tc_loop ipnetns $((3 * r + 1)); ipnetns=$(ms_since "$t")
    t=$(now_ns); tc_loop nsenter $((3 * r + 2)); nsenter=$(ms_since "$t")
    printf '%-6s %10.1f %10.1f %10.1f %10.1f %10.1f %14.1f %14.1f\n' "$r" "$batch" "${inside:-0}" "${cpu:-0}" \
      "$ipnetns" "$nsenter" \
      "$(echo "$ipnetns / $batch" | bc -l)" "$(echo "$nsenter / $batch" | bc -l)"
  done
  exit
fi

[ $# -ge 4 ] || { echo "usage: $0 HELPER ACTIONS.policy BUS.conf BATCH-CALL [NAMESPACES] [PAIRS] [ROUNDS]" >&2; exit 2; }
helper=$1 actions=$2 busconf=$3 bc_=$4 count=${5:-20} pairs=${6:-5} rounds=${7:-3}
need_root
need_cmd ip tc nsenter gdbus bc
need_testenv polkit-bus

prefix=$TEST_TAG-bb
tmp=$(mktemp -d)
cleanup() {
  for ((k = 0; k < count; k++)); do ip netns del "$prefix-$k" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

for ((k = 0; k < count; k++)); do
  ip netns add "$prefix-$k" || skip "cannot create network namespaces"
  for ((i = 0; i < pairs; i++)); do
    ip -n "$prefix-$k" link add "v$((2 * i))" type veth peer name "v$((2 * i + 1))"
  done
  for ((i = 0; i < 2 * pairs; i++)); do ip -n "$prefix-$k" link set "v$i" up; done
done

echo "# $((count * 2 * pairs)) veth interfaces in $count namespaces, $rounds round(s);" \
     "kernel $(uname -r), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
pb=("$TCGUI_TESTENV/polkit-bus" --policy "$busconf")
cmp -s "$actions" "/usr/share/polkit-1/actions/${actions##*/}" || pb+=(--actions "$actions")
"${pb[@]}" -- bash "$(readlink -f "$0")" --inner "$(readlink -f "$helper")" "$(readlink -f "$bc_")" \
  "$prefix" "$count" "$pairs" "$rounds" "$tmp/journal"
