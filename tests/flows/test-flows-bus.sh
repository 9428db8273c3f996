#!/bin/bash
# test-flows-bus.sh HELPER ACTIONS.policy BUS.conf - flows through the real
# helper on a private system bus with a real polkitd: GetCapabilities
# "flows", SetShaping with flows and GetShaping's read-back, typed refusals
# naming the flow, a tc-built htb tree shown and protected, a caller
# without the shape authorization refused.
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
source "$(dirname "$(readlink -f "$0")")/../lib.sh"

if [ "${1:-}" = --inner ]; then
  shift
  helper=$1 a=$2 journal=$3
  "$helper" --verbose --replace --idle-timeout 120 --journal "$journal" >"$journal.log" 2>&1 &
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
  expect_error() { # DESC ERROR-NAME OUTPUT [FRAGMENT]
    if [[ $3 == *"$2"* && $3 == *"${4:-}"* ]]; then pass "$1 → $2"; else fail "$1 → $2"; echo "#   got: $3"; fi
  }

  out=$(call GetCapabilities)
  check "GetCapabilities: flows true" "[[ \"\$out\" == *\"'flows': <true>\"* ]]"

  flows="[{'match': <{'prefix': <'10.193.0.2'>}>, 'rate-bps': <uint64 2000000>, 'label': <'to A'>},
          {'match': <{'prefix': <'fd00:193::/64'>, 'protocol': <'udp'>, 'port-min': <uint16 53>}>, 'partition': <true>}]"
  out=$(call SetShaping "netns:$a" ea outgoing "{'rate-bps': <uint64 8000000>, 'flows': <$flows>}" 0)
  check "SetShaping with flows ($out)" "[ \"$out\" = '()' ]"
  out=$(call GetShaping "netns:$a" ea)
  echo "# $out"
  check "GetShaping: the default and both flows as set, the label too" \
    "[[ \"\$out\" == *\"'outgoing': <{'rate-bps': <uint64 8000000>, 'flows': <[{'match': <{'prefix': <'10.193.0.2'>}>, 'label': <'to A'>, 'rate-bps': <uint64 2000000>}, {'match': <{'prefix': <'fd00:193::/64'>, 'protocol': <'udp'>, 'port-min': <uint16 53>}>, 'partition': <true>}]>}>, 'outgoing-owner': <'tcgui'>, 'outgoing-qdisc': <'htb'>\"* ]]"
  # Changed behind the helper's back: the kernel's flows, without the label.
  tc -n "$a" filter del dev ea parent "$(tc -n "$a" qdisc show dev ea | sed -n 's/^qdisc htb \([0-9a-f]*:\) root.*/\1/p')" prio 259
  out=$(call GetShaping "netns:$a" ea)
  check "a filter removed with tc: read back as the kernel holds it, no label" \
    "[[ \"\$out\" == *\"'flows': <[{'match': <{'prefix': <'10.193.0.2'>}>, 'rate-bps': <uint64 2000000>}]>\"* ]]"

  before=$(tc -n "$a" filter show dev ea; tc -n "$a" qdisc show dev ea)
  expect_error "a bad prefix" io.github.tcgui.Error.InvalidArgument \
    "$(call SetShaping "netns:$a" ea outgoing "{'flows': <[{'match': <{'protocol': <'tcp'>}>}, {'match': <{'prefix': <'10.0.0.1/40'>}>}]>}" 0)" \
    "flows[1].match.prefix"
  expect_error "a port without tcp/udp/sctp" io.github.tcgui.Error.InvalidArgument \
    "$(call SetShaping "netns:$a" ea outgoing "{'flows': <[{'match': <{'protocol': <'icmp'>, 'port-min': <uint16 1>}>}]>}" 0)" \
    "flows[0].match.port-min"
  expect_error "a flow's parameter out of range" io.github.tcgui.Error.InvalidArgument \
    "$(call SetShaping "netns:$a" ea outgoing "{'flows': <[{'match': <{'protocol': <'tcp'>}>, 'loss': <101.0>}]>}" 0)" \
    "flows[0]: "
  expect_error "foreign is read back only" io.github.tcgui.Error.InvalidArgument \
    "$(call SetShaping "netns:$a" ea outgoing "{'flows': <[{'match': <{'protocol': <'tcp'>}>, 'foreign': <true>}]>}" 0)" \
    "flows[0].foreign"
  many=$(python3 -c "print('[' + ', '.join(\"{'match': <{'prefix': <'10.9.%d.0/24'>}>}\" % i for i in range(65)) + ']')")
  expect_error "65 flows" io.github.tcgui.Error.InvalidArgument \
    "$(call SetShaping "netns:$a" ea outgoing "{'flows': <$many>}" 0)" "at most 64"
  expect_error "a peer the inventory does not know" io.github.tcgui.Error.InvalidArgument \
    "$(call SetShaping "netns:$a" ea outgoing "{'flows': <[{'match': <{'peer': <'$a-no-such-container'>}>}]>}" 0)" \
    "flows[0].match.peer"
  expect_error "nobody may not shape" io.github.tcgui.Error.NotAuthorized \
    "$("$TCGUI_TESTENV/run-as-nobody" gdbus call --system --dest io.github.tcgui.Helper1 \
        --object-path /io/github/tcgui/Helper1 --method io.github.tcgui.Helper1.SetShaping \
        "netns:$a" ea outgoing "{'flows': <[{'match': <{'protocol': <'tcp'>}>, 'partition': <true>}]>}" 0 2>&1)"
  after=$(tc -n "$a" filter show dev ea; tc -n "$a" qdisc show dev ea)
  check "the refusals changed nothing in the kernel" "[ \"\$before\" = \"\$after\" ]"

  out=$(call ClearShaping "netns:$a" ea outgoing)
  check "ClearShaping ($out)" "[ \"$out\" = '()' ]"
  check "nothing left: no htb, no filter" \
    "tc -n $a qdisc show dev ea | grep -q 'noqueue 0: root' && [ -z \"\$(tc -n $a filter show dev ea)\" ]"

  tc -n "$a" qdisc add dev ea root handle 1: htb default 20
  tc -n "$a" class add dev ea parent 1: classid 1:10 htb rate 5mbit quantum 1514
  tc -n "$a" filter add dev ea parent 1: protocol ip prio 1 u32 match ip dst 10.193.0.9/32 classid 1:10
  out=$(call GetShaping "netns:$a" ea)
  check "a tc-built htb tree: foreign, its filter shown as a foreign flow" \
    "[[ \"\$out\" == *\"'outgoing': <{'flows': <[{'match': <{'prefix': <'10.193.0.9'>}>, 'foreign': <true>}]>}>, 'outgoing-owner': <'foreign'>\"* ]]"
  expect_error "SetShaping over it without FORCE" io.github.tcgui.Error.ForeignQdisc \
    "$(call SetShaping "netns:$a" ea outgoing "{'flows': <[{'match': <{'protocol': <'tcp'>}>, 'partition': <true>}]>}" 0)"
  check "the tc tree is still there" "tc -n $a class show dev ea | grep -q '1:10'"
  tc -n "$a" qdisc del dev ea root
  finish
  exit
fi

helper=$1 actions=$2 busconf=$3
need_root
need_cmd ip tc gdbus python3
need_testenv polkit-bus
need_testenv run-as-nobody

a=$TEST_TAG-fa
tmp=$(mktemp -d)
chmod 755 "$tmp"
cleanup() { ip netns del "$a" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
ip netns add "$a" || skip "cannot create network namespaces"
ip -n "$a" link add ea type veth peer name eb || skip "cannot create veth links"
ip -n "$a" link set ea up
ip -n "$a" link set eb up

pb=("$TCGUI_TESTENV/polkit-bus" --policy "$busconf")
cmp -s "$actions" "/usr/share/polkit-1/actions/${actions##*/}" || pb+=(--actions "$actions")
run_phase "${pb[@]}" -- \
  bash "$(readlink -f "$0")" --inner "$(readlink -f "$helper")" "$a" "$tmp/journal"
