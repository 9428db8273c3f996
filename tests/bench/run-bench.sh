#!/bin/bash
# run-bench.sh HELPER ACTIONS.policy BUS.conf BENCH-APPLY [COUNT] [ROUNDS]
#
# Creates COUNT (200) namespaces with two veth pairs each, starts the real
# helper on a private system bus with a real polkitd (../shared/testenv/
# polkit-bus) and runs bench-apply: one SetShaping per namespace through
# D-Bus + polkit + setns + netlink, side by side with spawning
# `nsenter --net=... tc qdisc replace ...` and `ip netns exec ... tc ...`.
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
source "$(dirname "$(readlink -f "$0")")/../lib.sh"

if [ "${1:-}" = --inner ]; then
  shift
  helper=$1 bench=$2 prefix=$3 count=$4 rounds=$5 journal=$6
  "$helper" --replace --idle-timeout 600 --journal "$journal" >"$journal.log" 2>&1 &
  hpid=$!
  trap 'kill $hpid 2>/dev/null; wait $hpid 2>/dev/null' EXIT
  for _ in $(seq 100); do
    gdbus introspect --system --dest io.github.tcgui.Helper1 \
      --object-path /io/github/tcgui/Helper1 >/dev/null 2>&1 && break
    sleep 0.05
  done
  "$bench" "$prefix" "$count" b0 c0 b1 "$rounds"
  exit
fi

engine_only=
if [ "${1:-}" = --engine-only ]; then
  # run-bench.sh --engine-only BENCH-APPLY [COUNT] [ROUNDS]: the engine row
  # alone, in-process, no bus or polkit.
  engine_only=1 bench=$2 count=${3:-200} rounds=${4:-1}
else
  helper=$1 actions=$2 busconf=$3 bench=$4 count=${5:-200} rounds=${6:-1}
fi
need_root
need_cmd ip tc nsenter gdbus
[ -n "$engine_only" ] || need_testenv polkit-bus

prefix=tcgui-$$-bench
tmp=$(mktemp -d)
cleanup() {
  for ((i = 0; i < count; i++)); do ip netns del "$prefix-$i" 2>/dev/null; done
  rm -rf "$tmp" "${TMPDIR:-/tmp}/$prefix"
}
trap cleanup EXIT

for ((i = 0; i < count; i++)); do
  ns=$prefix-$i
  ip netns add "$ns" || skip "cannot create network namespaces"
  ip -n "$ns" link add b0 type veth peer name b1
  ip -n "$ns" link add c0 type veth peer name c1
  for l in b0 b1 c0 c1; do ip -n "$ns" link set "$l" up; done
done

echo "# $count namespaces, $rounds round(s); kernel $(uname -r), $(nproc) CPUs"
if [ -n "$engine_only" ]; then
  "$bench" --engine-only "$prefix" "$count" b1 "$rounds"
  exit
fi
# An installed identical copy of the actions (build-aux/tcgui-dev run installs one) is what
# polkitd reads anyway, and polkit-bus refuses to copy over it (as tests/ui/ui-lib.sh does).
pb=("$TCGUI_TESTENV/polkit-bus" --policy "$busconf")
cmp -s "$actions" "/usr/share/polkit-1/actions/${actions##*/}" || pb+=(--actions "$actions")
run_phase "${pb[@]}" -- \
  bash "$(readlink -f "$0")" --inner "$(readlink -f "$helper")" "$(readlink -f "$bench")" \
  "$prefix" "$count" "$rounds" "$tmp/journal"
