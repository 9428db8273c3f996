#!/bin/bash
# test-copy-tc.sh TCGUICTL COPY-COMMAND-CLI HELPER ACTIONS.policy BUS.conf -
# "Copy as tc Commands" reproduces the helper's trees: the helper shapes
# interfaces of one pair of namespaces (outgoing, incoming via the veth peer,
# incoming via an IFB), the lines the app would copy (written from what
# GetShaping read back) are run with tc/ip in a fresh pair of the same
# topology, and both are read back: the kernel's trees (`tc -j`, without
# handles) and the helper's GetShaping parameters must be the same.
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
source "$(dirname "$(readlink -f "$0")")/../lib.sh"

# tree NS DEV: DEV's qdiscs as tc reports them, without handles and counters.
tree() {
  tc -j -n "$1" qdisc show dev "$2" |
    jq -c '[.[] | {kind, root: (.root // false), parent: (if .root then "root"
                   elif .parent == "ffff:fff1" then "ingress" else "child" end), options}] | sort_by(.kind)'
}
# options JSON: SetShaping's keys as tcguictl's option/value pairs (what this kernel shapes).
options() {
  jq -r 'to_entries[] | if .key == "rate-bps" then "rate \(.value)bit"
         elif .key == "burst-bytes" then "burst \(.value)b"
         elif .key == "limit-packets" then "limit \(.value)" else "unknown \(.key)" end' <<<"$1"
}

# reproduce IFACE: copies H's IFACE into T's and compares.
reproduce() {
  local ifc=$1 hstate tstate via vians idx
  hstate=$("$ctl" --no-ask show "netns:$h1" "$ifc" --json | jq -c '.interfaces[0].state')
  via=$(jq -r '.["incoming-via"]' <<<"$hstate")
  vians=$(jq -r '.["incoming-via-namespace"]' <<<"$hstate")
  vians=${vians/#netns:$h2/netns:$t2}
  idx=$(ip -n "$t1" -j link show "$ifc" | jq '.[0].ifindex')
  # shellcheck disable=SC2046
  "$cli" "netns:$t1" "$ifc" "$idx" 1500 "${via/#ifb:*/}" "$vians" \
    $(options "$(jq -c .outgoing <<<"$hstate")") -- $(options "$(jq -c .incoming <<<"$hstate")") \
    >"$tmp/$ifc.sh"
  check "$ifc: the copied lines were written" "[ -s $tmp/$ifc.sh ]"
  sed 's/^/#   /' "$tmp/$ifc.sh"
  check "$ifc: the copied lines run with tc and ip" bash -e "$tmp/$ifc.sh"
  tstate=$("$ctl" --no-ask show "netns:$t1" "$ifc" --json | jq -c '.interfaces[0].state')
  check "$ifc: GetShaping reads the same outgoing back" \
    "[ \"\$(jq -c .outgoing <<<'$tstate')\" = \"\$(jq -c .outgoing <<<'$hstate')\" ]"
  check "$ifc: GetShaping reads the same incoming back" \
    "[ \"\$(jq -c .incoming <<<'$tstate')\" = \"\$(jq -c .incoming <<<'$hstate')\" ]"
  check "$ifc: made with tc, not by TC GUI" \
    "[ \"\$(jq -r '.[\"outgoing-owner\"] + \" \" + .[\"incoming-owner\"]' <<<'$tstate')\" = 'tc tc' ]"
  check "$ifc: incoming goes the same way (${via%%:*})" \
    "[ \"\$(jq -r '.[\"incoming-via\"]' <<<'$tstate' | cut -d: -f1)\" = '${via%%:*}' ]"
  check "$ifc: the kernel's outgoing tree is the same" "[ \"\$(tree $t1 $ifc)\" = \"\$(tree $h1 $ifc)\" ]"
  echo "#   $(tree "$h1" "$ifc")"
}

if [ "${1:-}" = --inner ]; then
  shift
  ctl=$1 cli=$2 helper=$3 h1=$4 h2=$5 t1=$6 t2=$7 tmp=$8
  "$helper" --replace --idle-timeout 600 --journal "$tmp/journal" >"$tmp/helper.log" 2>&1 &
  hpid=$!
  trap 'kill $hpid 2>/dev/null; wait $hpid 2>/dev/null' EXIT
  gdbus wait --system --timeout 30 io.github.tcgui.Helper1 || { cat "$tmp/helper.log"; exit 1; }

  # Outgoing, and incoming through ea's peer eb in the other namespace.
  "$ctl" --no-ask set "netns:$h1" ea --outgoing --rate 5mbit --limit 30 &&
    "$ctl" --no-ask set "netns:$h1" ea --incoming --rate 3mbit --burst 20kb
  check "the helper shaped ea both ways" "[ $? = 0 ]"
  reproduce ea
  check "ea: the peer's tree (eb) is the same" "[ \"\$(tree $t2 eb)\" = \"\$(tree $h2 eb)\" ]"
  echo "#   $(tree "$h2" eb)"

  # A bridge has no peer: incoming goes through an IFB.
  "$ctl" --no-ask set "netns:$h1" br0 --outgoing --rate 2mbit &&
    "$ctl" --no-ask set "netns:$h1" br0 --incoming --rate 1mbit
  check "the helper shaped br0 both ways" "[ $? = 0 ]"
  reproduce br0
  hifb=$("$ctl" --no-ask show "netns:$h1" br0 --json | jq -r '.interfaces[0].state["incoming-via"]')
  tifb=$("$ctl" --no-ask show "netns:$t1" br0 --json | jq -r '.interfaces[0].state["incoming-via"]')
  check "br0: incoming via an IFB on both sides ($hifb, $tifb)" "[[ $hifb == ifb:* && $tifb == ifb:* ]]"
  check "br0: the IFB's tree is the same" "[ \"\$(tree $t1 ${tifb#ifb:})\" = \"\$(tree $h1 ${hifb#ifb:})\" ]"
  echo "#   $(tree "$h1" "${hifb#ifb:}")"
  check "tcguictl show without IFACE leaves the helper's IFB out" \
    "[ \"\$(\"\$ctl\" --no-ask show netns:$h1 --json | jq -r '[.interfaces[].interface] | sort | join(\" \")')\" = 'br0 ea' ]"
  check "br0: the ingress redirect is the same" \
    "[ \"\$(tc -j -n $t1 filter show dev br0 ingress | jq -c '[.[] | {protocol, pref, kind}]')\" = \
       \"\$(tc -j -n $h1 filter show dev br0 ingress | jq -c '[.[] | {protocol, pref, kind}]')\" ]"
  kill $hpid; wait $hpid 2>/dev/null
  [ "$FAILED" = 0 ] || { echo "# helper log:"; sed 's/^/#   /' "$tmp/helper.log" | tail -40; }
  finish
  exit
fi

ctl=$1 cli=$2 helper=$3 actions=$4 busconf=$5
need_root
need_cmd ip tc jq gdbus
need_testenv polkit-bus
h1=$TEST_TAG-h1 h2=$TEST_TAG-h2 t1=$TEST_TAG-t1 t2=$TEST_TAG-t2
tmp=$(mktemp -d)
cleanup() { local n; for n in "$h1" "$h2" "$t1" "$t2"; do ip netns del "$n" 2>/dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT
# The same topology twice: ea in 1 with its peer eb in 2, and a bridge br0 in 1.
for s in h t; do
  n1=$TEST_TAG-${s}1 n2=$TEST_TAG-${s}2
  ip netns add "$n1" && ip netns add "$n2" || skip "cannot create network namespaces"
  ip -n "$n1" link add ea type veth peer name eb netns "$n2" || skip "cannot create veth links"
  ip -n "$n1" link add br0 type bridge || skip "cannot create a bridge"
  ip -n "$n1" link set ea up; ip -n "$n2" link set eb up; ip -n "$n1" link set br0 up
done

pb=("$TCGUI_TESTENV/polkit-bus" --policy "$busconf")
cmp -s "$actions" "/usr/share/polkit-1/actions/${actions##*/}" || pb+=(--actions "$actions")
run_phase "${pb[@]}" -- bash "$(readlink -f "$0")" --inner "$(readlink -f "$ctl")" \
  "$(readlink -f "$cli")" "$(readlink -f "$helper")" "$h1" "$h2" "$t1" "$t2" "$tmp"
