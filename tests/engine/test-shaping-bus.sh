#!/bin/bash
# test-shaping-bus.sh HELPER ACTIONS.policy BUS.conf - the shaping methods
# through the real helper on a private system bus with a real polkitd:
# SetShaping/GetShaping/ClearShaping/ResetAll, typed errors over the bus,
# incoming on a veth whose peer is in another namespace, and two clients
# applying at once.
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
source "$(dirname "$(readlink -f "$0")")/../lib.sh"

if [ "${1:-}" = --inner ]; then
  shift
  helper=$1 a=$2 b=$3 journal=$4
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
  # expect_error DESC ERROR-NAME OUTPUT
  expect_error() {
    if [[ $3 == *"$2"* ]]; then pass "$1 → $2"; else fail "$1 → $2"; echo "#   got: $3"; fi
  }

  out=$(call SetShaping "netns:$a" ea outgoing "{'rate-bps': <uint64 10000000>}" 0)
  check "SetShaping outgoing rate" "[ \"$out\" = '()' ]"
  out=$(call SetShaping "netns:$a" ea incoming "{'rate-bps': <uint64 4000000>, 'limit-packets': <uint32 20>}" 0)
  check "SetShaping incoming rate" "[ \"$out\" = '()' ]"
  out=$(call GetShaping "netns:$a" ea)
  echo "# $out"
  check "GetShaping: outgoing rate" "[[ \"\$out\" == *\"'outgoing': <{'rate-bps': <uint64 10000000>}>\"* ]]"
  check "GetShaping: incoming rate and limit" \
    "[[ \"\$out\" == *\"'incoming': <{'rate-bps': <uint64 4000000>, 'limit-packets': <uint32 20>}>\"* ]]"
  check "GetShaping: owners" "[[ \"\$out\" == *\"'outgoing-owner': <'tcgui'>\"* && \"\$out\" == *\"'incoming-owner': <'tcgui'>\"* ]]"
  check "GetShaping: stats" "[[ \"\$out\" == *\"'outgoing-stats': <{'sent-bytes': <uint64 \"* ]]"
  check "the kernel has the tbf" "tc -n $a qdisc show dev ea | grep -q 'tbf 7cc.: root.*rate 10Mbit'"
  # ea's peer eb is in namespace b: incoming is eb's egress there.
  check "GetShaping: incoming via the peer in $b" \
    "[[ \"\$out\" == *\"'incoming-via': <'peer:eb'>, 'incoming-via-namespace': <'netns:$b'>\"* ]]"
  check "the kernel has the incoming tbf on eb in $b" "tc -n $b qdisc show dev eb | grep -q 'tbf 7cc.: root.*rate 4Mbit'"
  out=$(call ClearShaping "netns:$a" ea incoming)
  check "ClearShaping incoming ($out)" "[ \"$out\" = '()' ]"
  check "eb in $b has its default again" "tc -n $b qdisc show dev eb | grep -q 'noqueue 0: root'"

  out=$(call SetShaping "netns:$a" ea outgoing "{'rate-bps': <uint64 10000000>, 'bogus': <1>}" 0)
  expect_error "unknown key" io.github.tcgui.Error.InvalidArgument "$out"
  out=$(call SetShaping "netns:$a" ea outgoing "{'loss': <101.0>}" 0)
  expect_error "loss 101 %" io.github.tcgui.Error.InvalidArgument "$out"
  out=$(call SetShaping "netns:$a" ea sideways "{'loss': <1.0>}" 0)
  expect_error "bad direction" io.github.tcgui.Error.InvalidArgument "$out"
  out=$(call SetShaping "netns:$a-gone" ea outgoing "{'rate-bps': <uint64 1000000>}" 0)
  expect_error "vanished namespace" io.github.tcgui.Error.NoSuchNamespace "$out"
  out=$(call SetShaping "netns:$a" nosuch0 outgoing "{'rate-bps': <uint64 1000000>}" 0)
  expect_error "vanished interface" io.github.tcgui.Error.NoSuchInterface "$out"
  if ! "$TCGUI_TESTENV/netem-kernel" --check >/dev/null 2>&1; then
    out=$(call SetShaping "netns:$a" ea outgoing "{'delay-us': <uint32 1000>}" 0)
    expect_error "no sch_netem" io.github.tcgui.Error.NotSupported "$out"
    check "the message names sch_netem" "[[ \"\$out\" == *sch_netem* ]]"
  fi
  # One interface-name check for every method: malformed is InvalidArgument, whether the
  # namespace exists or not; well-formed but missing is NoSuchInterface.
  for ns in "netns:$a" "netns:$a-gone"; do
    for n in 'a b' 'x:y' 'abcdefghijklmnop' 'a/b' '..'; do
      expect_error "GetShaping $ns '$n'" io.github.tcgui.Error.InvalidArgument "$(call GetShaping "$ns" "$n")"
      expect_error "SetShaping $ns '$n'" io.github.tcgui.Error.InvalidArgument \
        "$(call SetShaping "$ns" "$n" outgoing "{'rate-bps': <uint64 1000000>}" 0)"
      expect_error "ClearShaping $ns '$n'" io.github.tcgui.Error.InvalidArgument \
        "$(call ClearShaping "$ns" "$n" both)"
      expect_error "Watch $ns '$n'" io.github.tcgui.Error.InvalidArgument \
        "$(call Watch "[('$ns', '$n')]" 1000)"
    done
  done
  expect_error "ClearShaping of a well-formed missing name" io.github.tcgui.Error.NoSuchInterface \
    "$(call ClearShaping "netns:$a" nosuch0 both)"
  check "nothing changed by the refused calls" "tc -n $a qdisc show dev ea | grep -q 'rate 10Mbit'"

  tc -n "$b" qdisc add dev eb root handle 1: htb default 1
  out=$(call SetShaping "netns:$b" eb outgoing "{'rate-bps': <uint64 1000000>}" 0)
  expect_error "foreign htb without force" io.github.tcgui.Error.ForeignQdisc "$out"
  check "the htb is still there" "tc -n $b qdisc show dev eb | grep -q 'htb 1:'"
  out=$(call GetShaping "netns:$b" eb)
  check "GetShaping reports it foreign" "[[ \"\$out\" == *\"'outgoing-owner': <'foreign'>\"* ]]"
  out=$(call SetShaping "netns:$b" eb outgoing "{'rate-bps': <uint64 1000000>}" 1)
  check "foreign htb replaced with force" "[ \"$out\" = '()' ]"

  # Two clients at once, 20 changes each, on the same interface.
  clients=()
  for c in 1 2; do
    (trap - EXIT
     for i in $(seq 20); do
       call SetShaping "netns:$a" ea outgoing "{'rate-bps': <uint64 $(( (c * 1000 + i) * 8000 ))>}" 0 |
         grep -qx '()' || echo FAIL
     done) >"$journal.client$c" &
    clients+=($!)
  done
  wait "${clients[@]}"
  check "two concurrent clients: every call succeeded" "! grep -q FAIL $journal.client1 $journal.client2"
  out=$(call GetShaping "netns:$a" ea)
  check "two concurrent clients: one client's last rate" \
    "echo \"\$out\" | grep -qE \"'rate-bps': <uint64 (8160000|16160000)>\""
  check "two concurrent clients: one root qdisc" "[ \$(tc -n $a qdisc show dev ea | grep -c ' root ') = 1 ]"

  # Not "both": ea's incoming is eb's egress, which now has eb's own shaping.
  out=$(call ClearShaping "netns:$a" ea outgoing)
  check "ClearShaping outgoing ($out)" "[ \"$out\" = '()' ]"
  check "the kernel default is back" "tc -n $a qdisc show dev ea | grep -q 'noqueue 0: root'"
  call SetShaping "netns:$a" ea outgoing "{'rate-bps': <uint64 10000000>}" 0 >/dev/null

  # ResetAll after a helper restart: the journal is on disk.
  kill $hpid; wait $hpid 2>/dev/null
  "$helper" --replace --idle-timeout 120 --journal "$journal" >>"$journal.log" 2>&1 &
  hpid=$!
  sleep 0.5
  out=$(call ResetAll)
  check "ResetAll after a restart clears 2 shapings ($out)" "[ \"$out\" = '(uint32 2,)' ]"
  check "ea back to the default" "tc -n $a qdisc show dev ea | grep -q 'noqueue 0: root'"
  check "eb back to the default" "tc -n $b qdisc show dev eb | grep -q 'noqueue 0: root'"
  kill $hpid; wait $hpid 2>/dev/null
  check "the helper reported no sanitizer error" "! grep -qE 'Sanitizer|runtime error' $journal.log"
  [ "$FAILED" = 0 ] || { echo "# helper log:"; sed 's/^/#   /' "$journal.log"; }
  finish
  exit
fi

helper=$1 actions=$2 busconf=$3
need_root
need_cmd ip tc gdbus
need_testenv polkit-bus

a=tcgui-$$-a
b=tcgui-$$-b
tmp=$(mktemp -d)
cleanup() { ip netns del "$a" 2>/dev/null; ip netns del "$b" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
ip netns add "$a" && ip netns add "$b" || skip "cannot create network namespaces"
ip -n "$a" link add ea type veth peer name eb netns "$b" || skip "cannot create veth links"
ip -n "$a" link set ea up
ip -n "$b" link set eb up

# An installed identical copy of the actions (build-aux/tcgui-dev run installs one) is what
# polkitd reads anyway, and polkit-bus refuses to copy over it (as tests/ui/ui-lib.sh does).
pb=("$TCGUI_TESTENV/polkit-bus" --policy "$busconf")
cmp -s "$actions" "/usr/share/polkit-1/actions/${actions##*/}" || pb+=(--actions "$actions")
run_phase "${pb[@]}" -- \
  bash "$(readlink -f "$0")" --inner "$(readlink -f "$helper")" "$a" "$b" "$tmp/journal"
