#!/bin/bash
# test-ctl-docker.sh TCGUICTL HELPER ACTIONS.policy BUS.conf - tcguictl on
# real Docker containers (../shared/testenv/docker-fixture, a prefix of its
# own): list --runtime docker, set by name, by ID prefix and --network, read
# back with `tc -j` inside the container's namespace, ambiguous ID prefixes
# refused with the candidates listed, clear.
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
source "$(dirname "$(readlink -f "$0")")/../lib.sh"

ctl() { out=$("$ctl" --no-ask "$@" 2>"$tmp/err"); rc=$?; err=$(cat "$tmp/err"); }
# ctr_tbf_rate CONTAINER DEV: the rate (bytes/s) of DEV's root tbf inside CONTAINER.
ctr_tbf_rate() {
  nsenter -t "$(docker inspect -f '{{.State.Pid}}' "$1")" -n tc -j qdisc show dev "$2" |
    jq -r '.[] | select(.root == true and .kind == "tbf") | .options.rate'
}

if [ "${1:-}" = --inner ]; then
  shift
  ctl=$1 helper=$2 p=$3 tmp=$4
  "$helper" --replace --idle-timeout 600 --journal "$tmp/journal" >"$tmp/helper.log" 2>&1 &
  hpid=$!
  trap 'kill $hpid 2>/dev/null; wait $hpid 2>/dev/null' EXIT
  gdbus wait --system --timeout 30 io.github.tcgui.Helper1 || { cat "$tmp/helper.log"; exit 1; }

  ctl list --runtime docker --json
  check "list --runtime docker: exit 0 ($err)" "[ $rc = 0 ]"
  check "list: $p-a with its image, state and network" \
    "jq -e --arg n $p-a '.targets[] | select(.target == \$n) | .runtime == \"docker\" and (.image | test(\"bb\")) and .state == \"running\" and .networks == [\"$p-net\"] and .interfaces == [\"eth0\"]' <<<\"\$out\" >/dev/null"
  check "list: only Docker's" "[ \"\$(jq -r '[.targets[].runtime] | unique | join(\" \")' <<<\"\$out\")\" = docker ]"
  check "list: the network $p-int" "jq -e --arg n $p-int '.networks[] | select(.name == \$n)' <<<\"\$out\" >/dev/null"
  ctl list --network "$p-int" --json
  check "list --network $p-int: $p-b and $p-c" \
    "[ \"\$(jq -r '[.targets[].target] | sort | join(\" \")' <<<\"\$out\")\" = '$p-b $p-c' ]"

  ctl set "$p-a" --rate 3mbit
  check "set $p-a --rate 3mbit: exit 0 ($err)" "[ $rc = 0 ]"
  check "the tbf inside $p-a on eth0: 3 Mbit/s" "[ \"\$(ctr_tbf_rate $p-a eth0)\" = 375000 ]"
  id=$(docker inspect -f '{{.Id}}' "$p-a")
  ctl show "${id:0:12}" eth0 --json
  check "show by ID prefix: the same container and rate" \
    "[ $rc = 0 ] && [ \"\$(jq '.interfaces[0].state.outgoing[\"rate-bps\"]' <<<\"\$out\")\" = 3000000 ]"
  ctl set "$p-a" --incoming --rate 2mbit
  check "set --incoming: the host side of $p-a's veth (exit $rc: $err)" "[ $rc = 0 ]"
  ctl show "$p-a" --json
  check "show: incoming via the host peer at 2 Mbit/s" \
    "[ \"\$(jq -r '.interfaces[0].state | \"\\(.incoming[\"rate-bps\"]) \\(.[\"incoming-via-namespace\"])\"' <<<\"\$out\")\" = '2000000 host' ]"

  # c is on both networks: --network picks the interface by its MAC (the inventory's).
  ctl set "$p-c" --network "$p-int" --rate 1mbit --json
  ifc=$(jq -r '.applied[0].interface' <<<"$out")
  check "set --network $p-int: one interface ($ifc)" "[ $rc = 0 ] && [ \"\$(jq '.applied | length' <<<\"\$out\")\" = 1 ]"
  mac=$(docker inspect -f "{{(index .NetworkSettings.Networks \"$p-int\").MacAddress}}" "$p-c")
  check "it is the interface with $p-int's MAC" \
    "nsenter -t \$(docker inspect -f '{{.State.Pid}}' $p-c) -n ip link show $ifc | grep -qi '$mac'"
  check "and its tbf is 1 Mbit/s" "[ \"\$(ctr_tbf_rate $p-c $ifc)\" = 125000 ]"

  # An ID prefix that two containers share: refused, both named. IDs are random: created
  # (not started) containers are added until two of this test's share a first character
  # (at most 17: pigeonhole).
  shared=
  for i in $(seq 17); do
    shared=$(docker ps -aq --no-trunc --filter "label=io.github.tcgui.testenv=$p" | cut -c1 |
             sort | uniq -d | head -1)
    [ -n "$shared" ] && break
    docker create --name "$p-x$i" --label "io.github.tcgui.testenv=$p" localhost/bb:latest \
      sleep infinity >/dev/null
  done
  for _ in $(seq 300); do
    ctl show "$shared"; [[ $err == *matches* ]] && break; sleep 0.1
  done
  check "an ambiguous ID prefix '$shared': exit 1, NoSuchContainer listing candidates ($err)" \
    "[ $rc = 1 ] && [[ \"\$err\" == *NoSuchContainer* && \"\$err\" == *'matches'* ]]"
  check "the candidates are listed one a line" "[ \$(grep -c '^  ' <<<\"\$err\") -ge 2 ]"

  docker stop -t 0 "$p-b" >/dev/null
  for _ in $(seq 300); do
    ctl show "$p-b"; [[ $err == *"not running"* ]] && break; sleep 0.1
  done
  check "a stopped container: exit 1, not running ($err)" "[ $rc = 1 ] && [[ \"\$err\" == *'not running'* ]]"

  ctl clear "$p-a"
  check "clear $p-a: exit 0" "[ $rc = 0 ] && [ -z \"\$(ctr_tbf_rate $p-a eth0)\" ]"
  ctl clear "$p-c"
  check "clear $p-c (all its interfaces): exit 0 ($err)" "[ $rc = 0 ] && [ -z \"\$(ctr_tbf_rate $p-c $ifc)\" ]"
  kill $hpid; wait $hpid 2>/dev/null
  [ "$FAILED" = 0 ] || { echo "# helper log:"; sed 's/^/#   /' "$tmp/helper.log" | tail -40; }
  finish
  exit
fi

ctl=$1 helper=$2 actions=$3 busconf=$4
need_root
need_cmd nsenter tc jq docker gdbus
need_testenv polkit-bus
need_testenv docker-fixture
export TESTENV_PREFIX=${TEST_TAG}x
tmp=$(mktemp -d)
cleanup() {
  local c
  for c in $(docker ps -aq --filter "name=^$TESTENV_PREFIX-x"); do docker rm -f "$c" >/dev/null; done
  "$TCGUI_TESTENV/docker-fixture" down >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT
"$TCGUI_TESTENV/docker-fixture" up >/dev/null || skip "docker-fixture up failed"

pb=("$TCGUI_TESTENV/polkit-bus" --policy "$busconf")
cmp -s "$actions" "/usr/share/polkit-1/actions/${actions##*/}" || pb+=(--actions "$actions")
run_phase "${pb[@]}" -- bash "$(readlink -f "$0")" --inner "$(readlink -f "$ctl")" \
  "$(readlink -f "$helper")" "$TESTENV_PREFIX" "$tmp"
