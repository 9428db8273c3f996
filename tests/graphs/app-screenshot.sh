#!/bin/bash
# app-screenshot.sh - the real app with live graphs under load, for docs/screenshots/.
# A namespace with two veth ends into a peer namespace; iperf3 through TBFs (10 Mbit/s out, 20 Mbit/s in) on one
# and pings on the other; the app shows the namespace's page after 70 s.
# Usage (as root): TCGUI_BUILDDIR=BUILD tests/graphs/app-screenshot.sh OUT.png
. "$(dirname "$(readlink -f "$0")")/../lib.sh"
if [ "${1:-}" = --inner ]; then
  "$TCGUI_BUILDDIR/helper/tcgui-helper" --replace --idle-timeout 600 --journal "$2.journal" >"$2.log" 2>&1 &
  trap 'kill $!' EXIT
  gdbus wait --system --timeout 15 io.github.tcgui.Helper1
  "$TCGUI_TESTENV/gui-session" --size 1100x1000x24 --screenshot "$3" --delay 70 -- \
    "$0" --drive "$TCGUI_BUILDDIR/src/tcgui"
  exit
fi
# The app as a user opens it: sized as a window manager would, the namespace found with
# the sidebar's search (Ctrl+F, its name, Enter). No test hook: tcgui has none.
if [ "${1:-}" = --drive ]; then
  "$2" & app=$!
  win=$(xdotool search --sync --onlyvisible --name '^TC GUI$' | head -n1)
  xdotool windowsize "$win" 1100 1000
  sleep 3
  xdotool key --window "$win" ctrl+f && sleep 1 && xdotool type --delay 50 "$NS" && sleep 1 && xdotool key Return
  wait $app
  exit
fi
need_root
need_cmd xdotool iperf3
OUT=$(readlink -f "${1:?usage: app-screenshot.sh OUT.png}")
export NS=tcgui-$$-web PEER=tcgui-$$-db
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; ip netns del $NS; ip netns del $PEER; rm -rf "$tmp"' EXIT
ip netns add "$NS" && ip netns add "$PEER"
ip -n "$NS" link add eth0 type veth peer name w0 netns "$PEER"
ip -n "$NS" link add eth1 type veth peer name w1 netns "$PEER"
ip -n "$NS" addr add 10.219.0.1/30 dev eth0 && ip -n "$PEER" addr add 10.219.0.2/30 dev w0
ip -n "$NS" addr add 10.219.1.1/30 dev eth1 && ip -n "$PEER" addr add 10.219.1.2/30 dev w1
for l in eth0 eth1 lo; do ip -n "$NS" link set "$l" up; done
for l in w0 w1 lo; do ip -n "$PEER" link set "$l" up; done
tc -n "$NS" qdisc add dev eth0 root tbf rate 10mbit burst 32kb latency 100ms
tc -n "$PEER" qdisc add dev w0 root tbf rate 20mbit burst 32kb latency 100ms
ip netns exec "$PEER" iperf3 -s -B 10.219.0.2 >/dev/null 2>&1 &
( while :; do ip netns exec "$NS" iperf3 -c 10.219.0.2 -t 12 >/dev/null 2>&1; sleep 4
             ip netns exec "$NS" iperf3 -c 10.219.0.2 -t 8 -R >/dev/null 2>&1; sleep 3; done ) &
ip netns exec "$NS" ping -q -i 0.05 -s 1200 10.219.1.2 >/dev/null 2>&1 &
"$TCGUI_TESTENV/polkit-bus" --policy "$TCGUI_SRCDIR/data/io.github.tcgui.Helper1.conf" \
  --actions "$TCGUI_BUILDDIR/data/io.github.tcgui.policy" -- "$0" --inner "$tmp/helper" "$OUT"
check "the screenshot was written" '[ -s "$OUT" ]'
finish
