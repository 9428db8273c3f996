#!/bin/bash
# bench-rate-change.sh ENGINE_CLI BENCH_RATE_CHANGE [ROUNDS] - recovery time after a rate is
# lowered under iperf3 load: 50→5, 5→0.5 and 1000→1 Mbit/s, outgoing, incoming through the
# veth peer and incoming through an IFB (the cases of tests/engine/test-rate-change-iperf.sh).
# For each, ROUNDS times (default 3): the FROM rate, iperf3 for 9 s, after 2.5 s the change
# made by bench-rate-change (the engine, in process), which then polls the qdisc's Sent
# every 20 ms for 5 s. Prints, per case, the median and worst time from the change until
# Sent grows again and until the first 1 s window at the new rate ±20 %.
# Goal (issue 9): ≤ 2 s. Results: docs/benchmarks.md.
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
source "${TCGUI_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

cli=$1
bench=$2
rounds=${3:-3}
need_root
need_cmd ip tc iperf3 nsenter unshare timeout awk

a=$TEST_TAG-bra
b=$TEST_TAG-brb
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
  rm -rf "$tmp"
}
trap cleanup EXIT

ip netns add "$a" && ip netns add "$b" || skip "cannot create network namespaces"
ip -n "$a" link add ea type veth peer name eb netns "$b" || skip "cannot create veth links"
ip -n "$a" addr add 10.193.0.1/24 dev ea
ip -n "$b" addr add 10.193.0.2/24 dev eb
ip -n "$a" link set ea up; ip -n "$a" link set lo up
ip -n "$b" link set eb up; ip -n "$b" link set lo up
unshare --net sleep 3600 &
holder=$!
wait_own_netns "$holder" || skip "unshare --net did not give its process a namespace of its own"
in_c() { nsenter -t "$holder" -n "$@"; }
ip -n "$a" link add ef type veth peer name eg netns "$holder" || skip "cannot move a veth end into a process's namespace"
ip -n "$a" addr add 10.192.0.1/24 dev ef
ip -n "$a" link set ef up
in_c ip addr add 10.192.0.2/24 dev eg
in_c ip link set eg up; in_c ip link set lo up

engine() { "$cli" --journal "$journal" "$@"; }

# one_round IFNAME DIRECTION ADDR SERVER_CMD... -- CLIENT_FLAGS...: prints grow_ms=… rate_ms=…
one_round() {
  local ifname=$1 dir=$2 addr=$3 srv=() flags=() out
  shift 3
  while [ "$1" != -- ]; do srv+=("$1"); shift; done
  shift; flags=("$@")
  engine set "netns:$a" "$ifname" "$dir" "{'rate-bps': <uint64 $FROM>}" || return 1
  "${srv[@]}" iperf3 -s -B "$addr" -1 >/dev/null 2>&1 &
  server=$!
  sleep 0.3
  ip netns exec "$a" timeout 25 iperf3 -c "$addr" -t 9 "${flags[@]}" >/dev/null 2>&1 &
  client=$!
  sleep 2.5
  out=$("$bench" "$journal" "netns:$a" "$ifname" "$dir" "$TO" 5)
  wait "$client"; client=
  kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; server=
  engine clear "netns:$a" "$ifname" "$dir"
  echo "$out"
}

# summary NAME: the median and worst of the rounds in $tmp/NAME
summary() {
  awk -v name="$1" '
    { split($1, g, "="); split($2, r, "="); G[NR] = g[2]; R[NR] = r[2] }
    function med(v, n,   s, i, j, t) { for (i = 1; i <= n; i++) s[i] = (v[i] < 0 ? 1e9 : v[i])
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (s[j] < s[i]) { t = s[i]; s[i] = s[j]; s[j] = t }
      return s[int((n + 1) / 2)] }
    function worst(v, n,   m, i) { m = 0; for (i = 1; i <= n; i++) { if (v[i] < 0) return 1e9; if (v[i] > m) m = v[i] }; return m }
    function ms(x) { return x >= 1e9 ? "never" : sprintf("%d", x) }
    END { printf "| %-28s | %6d | %8s | %8s | %8s | %8s |\n", name, NR,
          ms(med(G, NR)), ms(worst(G, NR)), ms(med(R, NR)), ms(worst(R, NR)) }' "$tmp/$1"
}

echo "| case (bit/s)                 | rounds | grow p50 | grow max | rate p50 | rate max |"
echo "|------------------------------|--------|----------|----------|----------|----------|"
for pair in ${PAIRS:-50000000:5000000 5000000:500000 1000000000:1000000}; do
  FROM=${pair%:*} TO=${pair#*:}
  for c in outgoing peer ifb; do
    name=$c-$FROM-$TO
    for ((i = 0; i < rounds; i++)); do
      case $c in
        outgoing) one_round ea outgoing 10.193.0.2 ip netns exec "$b" -- ;;
        peer)     one_round ea incoming 10.193.0.2 ip netns exec "$b" -- -R ;;
        ifb)      one_round ef incoming 10.192.0.2 in_c -- -R ;;
      esac
    done > "$tmp/$name"
    check "$name: $rounds rounds measured" '[ "$(grep -c grow_ms "$tmp/$name")" = "$rounds" ]' >/dev/null
    summary "$name"
  done
done
finish
