#!/bin/bash
# run-graphs-demo.sh - graphs-demo against the real helper, with traffic: the app-side
# benchmark (50 graphs visible: CPU, RSS) and the screenshot in docs/.
#
# 25 namespaces, each joined to a hub namespace by a veth pair (50 interfaces: both ends).
# iperf3 runs through four of them, limited by TBF to 2, 5, 10 and 20 Mbit/s (toggled on and
# off); pings keep others busy. The helper runs on a private system bus with a real polkitd
# (polkit-bus), the demo under Xvfb (gui-session).
#
# Usage: run-graphs-demo.sh HELPER ACTIONS.policy BUS.conf GRAPHS-DEMO [--screenshot FILE] [DEMO-ARGS...]
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
source "$(dirname "$(readlink -f "$0")")/../lib.sh"

if [ "${1:-}" = --inner ]; then
  shift
  helper=$1 log=$2; shift 2
  "$helper" --replace --idle-timeout 600 --journal "$log.journal" >"$log" 2>&1 &
  hpid=$!
  trap 'kill $hpid 2>/dev/null; wait $hpid 2>/dev/null' EXIT
  for _ in $(seq 100); do
    gdbus introspect --system --dest io.github.tcgui.Helper1 \
      --object-path /io/github/tcgui/Helper1 >/dev/null 2>&1 && break
    sleep 0.05
  done
  "$@"
  rc=$?
  echo "helper-cpu-ticks=$(awk '{ print $14 + $15 }' /proc/$hpid/stat) clk-tck=$(getconf CLK_TCK)"
  exit $rc
fi

helper=$1 actions=$2 busconf=$3 demo=$4; shift 4
shot=
if [ "${1:-}" = --screenshot ]; then shot=$2; shift 2; fi
need_root
need_cmd ip tc iperf3 ping gdbus
need_testenv polkit-bus
need_testenv gui-session

P=tcgui-$$-g HUB=tcgui-$$-hub N=25
tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  for ((i = 0; i < N; i++)); do ip netns del "$P$i" 2>/dev/null; done
  ip netns del "$HUB" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

ip netns add "$HUB" && ip -n "$HUB" link set lo up || skip "cannot create network namespaces"
targets=()
for ((i = 0; i < N; i++)); do
  ip netns add "$P$i"
  ip -n "$P$i" link add "a$i" type veth peer name "b$i" netns "$HUB"
  ip -n "$P$i" addr add "10.217.$i.1/30" dev "a$i" && ip -n "$HUB" addr add "10.217.$i.2/30" dev "b$i"
  ip -n "$P$i" link set "a$i" up && ip -n "$HUB" link set "b$i" up
  targets+=("netns:$P$i:a$i")
done
for ((i = 0; i < N; i++)); do targets+=("netns:$HUB:b$i"); done

# Traffic: iperf3 under TBF on a0..a3, on for 20 s and off for 5 s; pings elsewhere.
rates=(2mbit 5mbit 10mbit 20mbit)
for i in 0 1 2 3; do
  tc -n "$P$i" qdisc add dev "a$i" root tbf rate "${rates[$i]}" burst 32kb latency 100ms
  ip netns exec "$HUB" iperf3 -s -p $((5201 + i)) -B "10.217.$i.2" >/dev/null 2>&1 &
  pids+=($!)
  ( while :; do ip netns exec "$P$i" iperf3 -c "10.217.$i.2" -p $((5201 + i)) -t $((12 + 4 * i)) \
                 >/dev/null 2>&1; sleep 5; done ) &
  pids+=($!)
done
for ((i = 4; i < N; i++)); do
  ip netns exec "$P$i" ping -q -i 0.$((i % 9 + 1)) -s $((200 * (i % 7) + 100)) "10.217.$i.2" >/dev/null 2>&1 &
  pids+=($!)
done

gs=("$TCGUI_TESTENV/gui-session")
[ -n "$shot" ] && gs+=(--screenshot "$shot" --delay 70)
out=$("$TCGUI_TESTENV/polkit-bus" --policy "$busconf" --actions "$actions" -- \
      "$0" --inner "$helper" "$tmp/helper.log" "${gs[@]}" -- "$demo" --total "netns:$HUB" "$@" "${targets[@]}" 2>&1)
rc=$?
echo "$out"
check "graphs-demo ran (status $rc)" '[ $rc = 0 ]'
if [ -z "$shot" ]; then
  check "the demo reported its measurements" 'grep -q "cpu-percent=" <<<"$out"'
else
  check "the screenshot was written" '[ -s "$shot" ]'
fi
finish
