#!/bin/bash
# bench-counters.sh - CPU cost of watching interface counters (docs/benchmarks.md).
#
# COUNT (200) namespaces with a veth pair each (2 × COUNT interfaces), all watched at 1 Hz for
# SECONDS (30):
#   A. the real helper on a private system bus with a real polkitd (../shared/testenv/
#      polkit-bus), one Watch of all interfaces, Counters signals to a client: the helper's CPU
#      time from /proc/PID/stat;
#   B. the helper's counters module alone (counters-sampler: tcgui-counters.c + tcgui-rate.c,
#      one process, getrusage);
#   C. the same counters read by running `ip -n NS -s link` for each namespace every second
#      (CPU of all the ip processes, from /usr/bin/time).
#
# Usage: bench-counters.sh HELPER ACTIONS.policy BUS.conf COUNTERS-SAMPLER COUNTERS-WATCH [COUNT] [SECONDS]
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
source "$(dirname "$(readlink -f "$0")")/../lib.sh"

ticks_of() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

if [ "${1:-}" = --inner ]; then
  shift
  helper=$1 watch=$2 seconds=$3 log=$4; shift 4
  "$helper" --replace --idle-timeout 600 --journal "$log.journal" >"$log" 2>&1 &
  hpid=$!
  trap 'kill $hpid 2>/dev/null; wait $hpid 2>/dev/null' EXIT
  for _ in $(seq 100); do
    gdbus introspect --system --dest io.github.tcgui.Helper1 \
      --object-path /io/github/tcgui/Helper1 >/dev/null 2>&1 && break
    sleep 0.05
  done
  t0=$(ticks_of "$hpid")
  "$watch" 1000 "$seconds" "$@" >"$log.signals"
  t1=$(ticks_of "$hpid")
  hz=$(getconf CLK_TCK)
  n=$(grep -c '^signal ' "$log.signals")
  echo "helper-cpu-s=$(awk -v a="$t0" -v b="$t1" -v hz="$hz" 'BEGIN { printf "%.2f", (b - a) / hz }') signals=$n" \
       "rss-kb=$(awk '/^VmRSS/ { print $2 }' "/proc/$hpid/status")"
  exit
fi

[ $# -ge 5 ] || { echo "usage: $0 HELPER ACTIONS BUSCONF SAMPLER WATCH [COUNT] [SECONDS]" >&2; exit 2; }
helper=$1 actions=$2 busconf=$3 sampler=$4 watch=$5 count=${6:-200} seconds=${7:-30}
need_root
need_cmd ip gdbus /usr/bin/time
need_testenv polkit-bus

prefix=tcgui-$$-c
tmp=$(mktemp -d)
cleanup() {
  for ((i = 0; i < count; i++)); do ip netns del "$prefix-$i" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

targets=()
for ((i = 0; i < count; i++)); do
  ns=$prefix-$i
  ip netns add "$ns" || skip "cannot create network namespaces"
  ip -n "$ns" link add x0 type veth peer name x1 && ip -n "$ns" link set x0 up && ip -n "$ns" link set x1 up
  targets+=("netns:$ns:x0" "netns:$ns:x1")
done
echo "# $count namespaces, ${#targets[@]} interfaces, ${seconds} s at 1 Hz; kernel $(uname -r), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"

# A: the real helper, through D-Bus.
# An installed identical copy of the actions (build-aux/tcgui-dev run installs one) is what
# polkitd reads anyway, and polkit-bus refuses to copy over it (as tests/ui/ui-lib.sh does).
pb=("$TCGUI_TESTENV/polkit-bus" --policy "$busconf")
cmp -s "$actions" "/usr/share/polkit-1/actions/${actions##*/}" || pb+=(--actions "$actions")
out=$("${pb[@]}" -- \
      "$0" --inner "$helper" "$watch" "$seconds" "$tmp/helper.log" "${targets[@]}")
echo "A helper (D-Bus Watch, Counters signals): $out"
cpu=$(sed -n 's/.*helper-cpu-s=\([0-9.]*\).*/\1/p' <<<"$out")
echo "A helper CPU: $(awk -v c="$cpu" -v s="$seconds" 'BEGIN { printf "%.2f", c / s * 100 }') % of one core"

# B: the counters module alone.
out=$("$sampler" --quiet "$seconds" "${targets[@]}")
echo "B counters module alone: $out"
cpu=$(sed -n 's/.*cpu-user-s=\([0-9.]*\) cpu-sys-s=\([0-9.]*\).*/\1 \2/p' <<<"$out")
echo "B module CPU: $(awk -v c="$cpu" -v s="$seconds" 'BEGIN { split(c, a, " "); printf "%.2f", (a[1] + a[2]) / s * 100 }') % of one core"

# C: `ip -n NS -s link` in each namespace, every second.
cat >"$tmp/ip-loop.sh" <<EOS
start=\$(date +%s%N)
for ((k = 0; k < $seconds; k++)); do
  for ((i = 0; i < $count; i++)); do ip -n $prefix-\$i -s link >/dev/null; done
  now=\$(date +%s%N); wait_ns=\$((start + (k + 1) * 1000000000 - now))
  if [ \$wait_ns -gt 0 ]; then sleep "\$(awk -v n=\$wait_ns 'BEGIN { printf "%.3f", n / 1e9 }')"; else late=\$((late + 1)); fi
done
echo "rounds-late=\${late:-0}"
EOS
out=$( { /usr/bin/time -f "time-user-s=%U time-sys-s=%S wall-s=%e" bash "$tmp/ip-loop.sh"; } 2>&1 )
echo "C ip -n NS -s link per namespace per second: $(tr '\n' ' ' <<<"$out")"
cpu=$(sed -n 's/.*time-user-s=\([0-9.]*\) time-sys-s=\([0-9.]*\).*/\1 \2/p' <<<"$out")
echo "C ip CPU: $(awk -v c="$cpu" -v s="$seconds" 'BEGIN { split(c, a, " "); printf "%.2f", (a[1] + a[2]) / s * 100 }') % of one core"
pass "benchmark ran"
finish
