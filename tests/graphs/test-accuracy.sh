#!/bin/bash
# test-accuracy.sh - the rate TC GUI computes from interface counters, against iperf3's.
#
# Two namespaces joined by a veth pair (MTU 9000, so that headers are < 1 % of the bytes),
# a 10 Mbit/s TBF on the sender's end, iperf3 for 8 s. counters-sampler reads the sender's
# counters at 1 Hz with the helper's counters module (helper/tcgui-counters.c: one netlink
# socket kept in the namespace) and turns them into rates with the app's src/tcgui-rate.c.
# The mean tx rate over the steady seconds must agree with iperf3's within 5 %.
#
# Usage (meson passes it): test-accuracy.sh BUILD/tests/graphs/counters-sampler
. "$(dirname "$(readlink -f "$0")")/../lib.sh"

SAMPLER=${1:?usage: test-accuracy.sh COUNTERS-SAMPLER}
need_root
need_cmd ip tc iperf3 awk

NSA=tcgui-$$-a NSB=tcgui-$$-b VA=tg$$a VB=tg$$b
LOGDIR=$(mktemp -d /tmp/tcgui-accuracy.XXXXXX)
cleanup() {
  [ -n "${SRV_PID:-}" ] && kill "$SRV_PID" 2>/dev/null
  ip netns del "$NSA" 2>/dev/null; ip netns del "$NSB" 2>/dev/null
  rm -rf "$LOGDIR"
}
trap cleanup EXIT

ip netns add "$NSA" && ip netns add "$NSB" &&
  ip -n "$NSA" link add "$VA" mtu 9000 type veth peer name "$VB" mtu 9000 netns "$NSB" &&
  ip -n "$NSA" addr add 10.214.0.1/30 dev "$VA" && ip -n "$NSB" addr add 10.214.0.2/30 dev "$VB" &&
  ip -n "$NSA" link set "$VA" up && ip -n "$NSB" link set "$VB" up &&
  ip -n "$NSA" link set lo up && ip -n "$NSB" link set lo up ||
  { echo "Bail out! cannot create the test namespaces"; exit 1; }
tc -n "$NSA" qdisc add dev "$VA" root tbf rate 10mbit burst 32kb latency 100ms ||
  skip "the kernel refused a tbf qdisc"

ip netns exec "$NSB" iperf3 -s -1 -J -B 10.214.0.2 >"$LOGDIR/server.json" 2>"$LOGDIR/server.err" &
SRV_PID=$!
sleep 0.5

# The sampler starts first and runs past the end of the transfer.
"$SAMPLER" 11 "netns:$NSA:$VA" >"$LOGDIR/sampler.log" 2>&1 &
SAMPLER_PID=$!
sleep 1.2
T0=$(awk '{print $1}' /proc/uptime)
ip netns exec "$NSA" iperf3 -c 10.214.0.2 -t 8 -J >"$LOGDIR/iperf.json" 2>"$LOGDIR/iperf.err"
IPERF_RC=$?
wait "$SAMPLER_PID"; SAMPLER_RC=$?
wait "$SRV_PID"; SRV_PID=

check "iperf3 ran (status $IPERF_RC)" '[ $IPERF_RC = 0 ]'
check "counters-sampler ran (status $SAMPLER_RC)" '[ $SAMPLER_RC = 0 ]'
sed 's/^/# sampler: /' "$LOGDIR/sampler.log"

# iperf3's receiver rate over seconds 2..8 (after TCP's start), from the server's per-second
# intervals (the sender's count what entered its socket buffer, not what left): their median,
# because a server that was not scheduled for a moment (a loaded CI machine) reads a second's
# worth of queued data late, making one interval short and a later one long.
IPERF_BPS=$(python3 -c '
import json,sys,statistics
j=json.load(open(sys.argv[1]))
iv=[i["sum"] for i in j["intervals"] if i["sum"]["start"]>=1.99 and i["sum"]["seconds"]>0.5]
print("%.0f" % statistics.median(i["bytes"]*8/i["seconds"] for i in iv))' "$LOGDIR/server.json")
# Ours: the rate points while iperf3 ran at full speed: > 5 Mbit/s, minus the first
# and the last (partly idle seconds).
OUR_BPS=$(awk '/ tx-bps=/ { sub("tx-bps=", "", $5); if ($5 + 0 > 5e6) v[n++] = $5 + 0 }
  END { if (n < 4) { print 0; exit } for (i = 1; i < n - 1; i++) s += v[i]; printf "%.0f\n", s / (n - 2) }' \
  "$LOGDIR/sampler.log")
echo "# iperf3: $IPERF_BPS bit/s; TC GUI (tx counters, 1 Hz): $OUR_BPS bit/s"
check "the sampler produced at least 6 rate points of 1 Mbit/s or more" \
  '[ "$(grep -c " tx-bps=[0-9]\{7,\}" "$LOGDIR/sampler.log")" -ge 6 ]'
check "the TBF held the rate near 10 Mbit/s (iperf3: $IPERF_BPS)" \
  'awk -v r="$IPERF_BPS" "BEGIN { exit !(r > 8e6 && r < 11e6) }"'
check "our rate ($OUR_BPS) agrees with iperf3's ($IPERF_BPS) within 5 %" \
  'awk -v a="$OUR_BPS" -v b="$IPERF_BPS" "BEGIN { d = (a - b) / b; if (d < 0) d = -d; print \"# deviation: \" d * 100 \" %\"; exit !(d <= 0.05) }"'
# The interface's own counter agrees with what tc's qdisc counted (counters read, not computed).
QDISC_BYTES=$(tc -n "$NSA" -s qdisc show dev "$VA" | awk '/Sent/ { print $2; exit }')
LINK_BYTES=$(ip -n "$NSA" -s -j link show dev "$VA" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["stats64"]["tx"]["bytes"])')
LAST_SAMPLED=$(awk '/tx-bytes=/ { sub("tx-bytes=", "", $6); v = $6 } END { print v }' "$LOGDIR/sampler.log")
echo "# tx bytes: link $LINK_BYTES, qdisc $QDISC_BYTES, last sampled $LAST_SAMPLED"
check "the last sampled tx counter is the kernel's (±1 %)" \
  'awk -v a="$LAST_SAMPLED" -v b="$LINK_BYTES" "BEGIN { exit !(b > 0 && a <= b && a >= b * 0.99) }"'
finish
