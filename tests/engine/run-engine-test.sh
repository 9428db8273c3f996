#!/bin/bash
# run-engine-test.sh MODE BINARY - sets up namespaces and runs the engine test
#
# MODE "kernel": on this kernel (tbf, IFB, foreign trees, errors, journal,
#   concurrency). MODE "netem": in a kernel with sch_netem: this one when it
#   has it, otherwise the UML guest of ../shared/testenv/netem-kernel.
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
source "${TCGUI_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

mode=$1
binary=$2
inner=${3:-}

need_root
need_cmd ip tc

netem_here() {
  [ -x "$TCGUI_TESTENV/netem-kernel" ] && "$TCGUI_TESTENV/netem-kernel" --check >/dev/null 2>&1
}

if [ "$mode" = netem ] && [ -z "$inner" ] && ! netem_here; then
  need_testenv netem-kernel
  if [ "${TCGUI_SANITIZE_ADDRESS:-0}" = 1 ]; then
    skip "the host kernel has no sch_netem and ASan binaries cannot run in the UML guest (netem-kernel)"
  fi
  exec "$TCGUI_TESTENV/netem-kernel" --timeout 600 --env-all --ro "$TCGUI_SRCDIR" --rw "$TCGUI_BUILDDIR" -- \
    bash "$0" "$mode" "$binary" inner
fi

a=tcgui-$$-a
b=tcgui-$$-b
h=tch$$        # a veth end in this (the host) namespace
holder=
cleanup() {
  [ -n "$holder" ] && kill "$holder" 2>/dev/null
  ip link del "$h" 2>/dev/null
  ip netns del "$a" 2>/dev/null
  ip netns del "$b" 2>/dev/null
  ip netns del "$a-u" 2>/dev/null
  rm -rf "${TMPDIR:-/tmp}/$a"
}
trap cleanup EXIT

ip netns add "$a" && ip netns add "$b" || skip "cannot create network namespaces"
ip -n "$a" link set lo up
ip -n "$b" link set lo up
ip -n "$a" link add ea type veth peer name eb netns "$b" || skip "cannot create veth links"
ip -n "$a" link add p1 type veth peer name p2
ip -n "$a" addr add 10.199.0.1/24 dev ea
ip -n "$b" addr add 10.199.0.2/24 dev eb
for l in ea p1 p2; do ip -n "$a" link set "$l" up; done
ip -n "$b" link set eb up

# ec in A, its peer in the host namespace (a container's eth0).
ip link add "$h" type veth peer name ec netns "$a" || skip "cannot create veth links"
ip link set "$h" up
ip -n "$a" link set ec up
# eu in A, its peer in a namespace nothing names (only a process holds it):
# incoming on eu needs an IFB.
unshare --net sleep 600 &
holder=$!
wait_own_netns "$holder" || skip "unshare --net did not give its process a namespace of its own"
ip -n "$a" link add eu type veth peer name eu-peer netns "$holder" || skip "cannot move a veth end into a process's namespace"
ip -n "$a" link set eu up

if [ -n "$inner" ] || netem_here; then
  export TCGUI_TEST_HOST_NETEM=1
else
  export TCGUI_TEST_HOST_NETEM=0
fi
export TCGUI_TEST_MODE=$mode TCGUI_TEST_NS_A=$a TCGUI_TEST_NS_B=$b
export TCGUI_TEST_IF_A=ea TCGUI_TEST_IF_B=eb TCGUI_TEST_IF_P1=p1 TCGUI_TEST_IF_P2=p2
export TCGUI_TEST_IF_C=ec TCGUI_TEST_IF_H=$h TCGUI_TEST_IF_U=eu TCGUI_TEST_HOLDER_PID=$holder
"$binary" --verbose
