#!/bin/bash
# test-rate-change-iperf.sh ENGINE_CLI - lowering a rate while iperf3 sends
# keeps traffic flowing: 50→5, 5→0.5 and 1000→1 Mbit/s, each outgoing,
# incoming through the veth peer and incoming through an IFB. After the
# change the qdisc's Sent counter keeps growing (a tbf changed in place
# keeps queued GSO packets larger than its new bucket and never sends them
# again) and iperf3 goes on at the new rate, ±20 % over its last seconds.
# PAIRS="FROM:TO ..." (bit/s) runs other cases; KEEP_TMP=1 keeps iperf3's JSON output.
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
source "${TCGUI_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

cli=$1
need_root
need_cmd ip tc iperf3 nsenter unshare python3 timeout

a=$TEST_TAG-rca
b=$TEST_TAG-rcb
holder=
server=
client=
tmp=$(mktemp -d)
journal=$tmp/journal
cleanup() {
  [ -n "$client" ] && kill "$client" 2>/dev/null
  [ -n "$server" ] && kill "$server" 2>/dev/null
  [ -n "$holder" ] && kill "$holder" 2>/dev/null
  ip netns del "$a" 2>/dev/null
  ip netns del "$b" 2>/dev/null
  [ -n "${KEEP_TMP:-}" ] && echo "# kept $tmp" || rm -rf "$tmp"
}
trap cleanup EXIT

ip netns add "$a" && ip netns add "$b" || skip "cannot create network namespaces"
ip -n "$a" link add ea type veth peer name eb netns "$b" || skip "cannot create veth links"
ip -n "$a" addr add 10.195.0.1/24 dev ea
ip -n "$b" addr add 10.195.0.2/24 dev eb
ip -n "$a" link set ea up; ip -n "$a" link set lo up
ip -n "$b" link set eb up; ip -n "$b" link set lo up

# C: a namespace only a process holds; ef (in A) — eg (in C): incoming on
# ef goes through an IFB.
unshare --net sleep 900 &
holder=$!
wait_own_netns "$holder" || skip "unshare --net did not give its process a namespace of its own"
in_c() { nsenter -t "$holder" -n "$@"; }
ip -n "$a" link add ef type veth peer name eg netns "$holder" || skip "cannot move a veth end into a process's namespace"
ip -n "$a" addr add 10.194.0.1/24 dev ef
ip -n "$a" link set ef up
in_c ip addr add 10.194.0.2/24 dev eg
in_c ip link set eg up; in_c ip link set lo up

engine() { "$cli" --journal "$journal" "$@"; }
rate() { echo "{'rate-bps': <uint64 $1>}"; }

# sent NS DEV: the Sent bytes of DEV's root qdisc
sent() {
  tc -n "$1" -s qdisc show dev "$2" root | sed -n 's/^ *Sent \([0-9]*\) bytes.*/\1/p' | head -1
}

# grows S1 S2...: every sample is larger than the one before
grows() {
  local prev=-1 s
  for s; do
    [ -n "$s" ] && [ "$s" -gt "$prev" ] || return 1
    prev=$s
  done
}

# last_rate JSON SECONDS: the mean bit/s iperf3's receiver got over its last
# SECONDS intervals. Not the sender's own: it counts what it writes into its
# socket, whose buffer (filled at the old rate) holds seconds of the new one.
last_rate() {
  python3 - "$1" "$2" <<'EOF'
import json, sys
run = json.load(open(sys.argv[1]))
if not run["start"]["test_start"]["reverse"]:
    run = run["server_output_json"]
# A receiver's last interval may be a short tail after the sender stopped.
iv = [i for i in run["intervals"] if i["sum"]["seconds"] >= 0.5][-int(sys.argv[2]):]
print(int(sum(i["sum"]["bytes"] for i in iv) * 8 / sum(i["sum"]["seconds"] for i in iv)))
EOF
}

within20() { # within20 MEASURED WANTED
  python3 -c "import sys; m,w=$1,$2; sys.exit(0 if abs(m-w) <= 0.2*w else 1)"
}

DURATION=12     # iperf3 seconds; the change comes after CHANGE_AT
CHANGE_AT=2.5
LAST=4          # the seconds whose rate must be the new one

# run_case NAME IFNAME DIRECTION SHAPED_NS SHAPED_DEV SERVER_ADDR SERVER_CMD... -- CLIENT_FLAGS...
#   FROM and TO (bit/s) come from the caller's variables.
run_case() {
  local name=$1 ifname=$2 dir=$3 sns=$4 sdev=$5 addr=$6 samples=() got i
  shift 6
  local srv=() flags=()
  while [ "$1" != -- ]; do srv+=("$1"); shift; done
  shift; flags=("$@")

  check "$name: set $FROM bit/s" engine set "netns:$a" "$ifname" "$dir" "$(rate "$FROM")"
  [ "$sdev" = IFB ] && sdev=$(engine get "netns:$a" "$ifname" | sed -n "s/.*'incoming-via': <'ifb:\([^']*\)'>.*/\1/p")
  "${srv[@]}" iperf3 -s -J -B "$addr" -1 >/dev/null 2>&1 &
  server=$!
  sleep 0.3
  # A wedged link would keep iperf3 waiting for minutes.
  ip netns exec "$a" timeout $((DURATION + 15)) iperf3 -c "$addr" -t "$DURATION" -i 1 -J --get-server-output "${flags[@]}" > "$tmp/$name.json" 2>/dev/null &
  client=$!
  sleep "$CHANGE_AT"
  check "$name: loaded before the change (Sent $(sent "$sns" "$sdev"))" "[ \"$(sent "$sns" "$sdev")\" -gt 0 ]"
  check "$name: change to $TO bit/s under load" engine set "netns:$a" "$ifname" "$dir" "$(rate "$TO")"
  for i in 1 2 3 4 5; do
    sleep 0.8
    samples+=("$(sent "$sns" "$sdev")")
  done
  echo "# $name: Sent after the change: ${samples[*]}"
  check "$name: Sent of $sdev never stalls after the change" grows "${samples[@]}"
  wait "$client"; client=
  kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; server=
  got=$(last_rate "$tmp/$name.json" "$LAST" 2>/dev/null)
  echo "# $name: wanted $TO, iperf3 over its last $LAST s: ${got:-nothing} bit/s"
  check "$name: iperf3 goes on at $TO bit/s ±20 % (${got:-nothing})" within20 "${got:-0}" "$TO"
  check "$name: clear" engine clear "netns:$a" "$ifname" "$dir"
}

for pair in ${PAIRS:-50000000:5000000 5000000:500000 1000000000:1000000}; do
  FROM=${pair%:*} TO=${pair#*:}
  run_case "outgoing-$FROM-$TO" ea outgoing "$a" ea 10.195.0.2 ip netns exec "$b" --
  run_case "incoming-peer-$FROM-$TO" ea incoming "$b" eb 10.195.0.2 ip netns exec "$b" -- -R
  run_case "incoming-ifb-$FROM-$TO" ef incoming "$a" IFB 10.194.0.2 in_c -- -R
done

finish
