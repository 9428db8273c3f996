#!/bin/bash
# test-flows-peer.sh HELPER ACTIONS.policy BUS.conf - a flow that names a
# peer container (docker-fixture, own TESTENV_PREFIX) through the real
# helper: SetShaping on container A's eth0 with a partition towards peer C
# (by name) drops A→C and nothing else; when C comes back on the network
# with a new address, the helper re-applies the flow to it (a generous
# deadline: how fast is not asserted).
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
source "$(dirname "$(readlink -f "$0")")/../lib.sh"

if [ "${1:-}" = --inner ]; then
  shift
  helper=$1 journal=$2 px=$3
  "$helper" --verbose --replace --idle-timeout 300 --journal "$journal" >"$journal.log" 2>&1 &
  hpid=$!
  trap 'kill $hpid 2>/dev/null; wait $hpid 2>/dev/null' EXIT
  for _ in $(seq 100); do
    gdbus introspect --system --dest io.github.tcgui.Helper1 \
      --object-path /io/github/tcgui/Helper1 >/dev/null 2>&1 && break
    sleep 0.05
  done
  call() {
    gdbus call --system --dest io.github.tcgui.Helper1 --object-path /io/github/tcgui/Helper1 \
      --method "io.github.tcgui.Helper1.$1" "${@:2}" 2>&1
  }
  ip_of() { docker inspect "$1" -f "{{(index .NetworkSettings.Networks \"$px-net\").IPAddress}}"; }
  hex_of() { printf '%02x%02x%02x%02x' ${1//./ }; }
  pid=$(docker inspect "$px-a" -f '{{.State.Pid}}')
  ns="pid:$pid:$(stat -L -c %i "/proc/$pid/ns/net")"
  c_ip=$(ip_of "$px-c")
  gw=$(docker network inspect "$px-net" -f '{{(index .IPAM.Config 0).Gateway}}')
  echo "# A's namespace $ns, C on $px-net: $c_ip, gateway $gw"
  reach() { docker exec "$px-a" ping -c 1 -W 1 "$1" >/dev/null 2>&1 ||
            docker exec "$px-a" ping -c 1 -W 1 "$1" >/dev/null 2>&1; }
  check "before: A reaches C ($c_ip)" reach "$c_ip"

  out=$(call SetShaping "$ns" eth0 outgoing "{'flows': <[{'match': <{'peer': <'$px-c'>}>, 'partition': <true>}]>}" 0)
  check "SetShaping on A's eth0: partition towards peer $px-c ($out)" "[ \"$out\" = '()' ]"
  out=$(call GetShaping "$ns" eth0)
  check "read back: the peer as it was given (the kernel holds its address)" \
    "[[ \"\$out\" == *\"'outgoing': <{'flows': <[{'match': <{'peer': <'$px-c'>}>, 'partition': <true>}]>}>\"* ]]"
  check "the kernel matches the peer's address on the shared network" \
    "nsenter -t $pid -n tc filter show dev eth0 | grep -q 'match $(hex_of "$c_ip")/ffffffff at 16'"
  check "A→C fails" "! reach $c_ip"
  check "A→gateway works" reach "$gw"

  # C comes back on the network with another address: B (on the other
  # network only) takes C's old one first (the fixture's networks have no
  # user-configured subnet, so `connect --ip` is refused).
  docker network disconnect "$px-net" "$px-c" && docker network connect "$px-net" "$px-b" &&
    docker network connect "$px-net" "$px-c"
  new_ip=$(ip_of "$px-c")
  echo "# C's new address: $new_ip"
  check "C is on $px-net again with another address ($new_ip)" "[ -n '$new_ip' ] && [ '$new_ip' != '$c_ip' ]"
  followed=false
  for _ in $(seq 120); do
    if nsenter -t "$pid" -n tc filter show dev eth0 2>/dev/null | grep -q "match $(hex_of "$new_ip")/ffffffff at 16"; then
      followed=true; break
    fi
    sleep 0.5
  done
  check "within 60 s the helper re-applied the flow to C's new address" $followed
  check "A→C (new address) fails" "! reach $new_ip"
  check "A→gateway still works" reach "$gw"
  check "A→B (now at C's old address) works" reach "$c_ip"
  check "the old address is no longer matched" \
    "! nsenter -t $pid -n tc filter show dev eth0 | grep -q 'match $(hex_of "$c_ip")/ffffffff'"

  out=$(call ClearShaping "$ns" eth0 outgoing)
  check "ClearShaping ($out)" "[ \"$out\" = '()' ]"
  check "after clear: A→C works" reach "$new_ip"

  # A's namespace goes away (A stops): the helper forgets the direction
  # on the next inventory change instead of keeping it forever.
  out=$(call SetShaping "$ns" eth0 outgoing "{'flows': <[{'match': <{'peer': <'$px-c'>}>, 'partition': <true>}]>}" 0)
  check "SetShaping again ($out)" "[ \"$out\" = '()' ]"
  docker stop -t 1 "$px-a" >/dev/null
  forgot=false
  for _ in $(seq 120); do
    grep -q "No longer following the peers of $ns eth0: the namespace is gone" "$journal.log" &&
      { forgot=true; break; }
    sleep 0.5
  done
  check "within 60 s the helper forgot the direction of the stopped container" $forgot
  finish
  exit
fi

helper=$1 actions=$2 busconf=$3
need_root
need_cmd ip tc gdbus docker nsenter
need_testenv polkit-bus
need_testenv docker-fixture

export TESTENV_PREFIX=$TEST_TAG
tmp=$(mktemp -d)
cleanup() { "$TCGUI_TESTENV/docker-fixture" down >/dev/null 2>&1; rm -rf "$tmp"; }
trap cleanup EXIT
"$TCGUI_TESTENV/docker-fixture" up >/dev/null || skip "docker-fixture up failed (no Docker here)"

pb=("$TCGUI_TESTENV/polkit-bus" --policy "$busconf")
cmp -s "$actions" "/usr/share/polkit-1/actions/${actions##*/}" || pb+=(--actions "$actions")
run_phase "${pb[@]}" -- \
  bash "$(readlink -f "$0")" --inner "$(readlink -f "$helper")" "$tmp/journal" "$TEST_TAG"
