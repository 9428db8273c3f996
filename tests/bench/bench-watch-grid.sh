#!/bin/bash
# bench-watch-grid.sh - the timing of Counters signals and of the idle exit (docs/benchmarks.md).
#
# The real helper on a private system bus with a real polkitd (../shared/testenv/polkit-bus):
#   * a Watch at 1000 ms for SECONDS (20) and one at 500 ms for SECONDS / 2: the number of
#     signals against the number of grid rounds in the window, and the gaps between their
#     timestamps on the helper's clock (min / mean / max, and how many were off by > 25 %);
#   * the idle exit: a helper with --idle-timeout 2 that gets no call, from owning the name to
#     its exit (idle-exit-ms; 2000 is the timeout itself).
# These were pass/fail checks of tests/graphs/test-watch-bus.sh and tests/helper/
# test-helper-bus.sh; tests assert order and outcome only, timings are measured here.
#
# Usage: bench-watch-grid.sh HELPER ACTIONS.policy BUS.conf COUNTERS-WATCH [SECONDS]
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
source "$(dirname "$(readlink -f "$0")")/../lib.sh"

NAME=io.github.tcgui.Helper1
owner() {
  gdbus call --system --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.NameHasOwner "$NAME" 2>/dev/null | grep -q true
}
wait_owner() { for _ in $(seq 1200); do owner && return 0; sleep 0.05; done; return 1; }

# gap_stats FILE INTERVAL-MS SECONDS: one line of statistics of the Counters signals in FILE
gap_stats() {
  sed -n 's/^signal id=[0-9]* t=\([0-9]*\)$/\1/p' "$1" |
    awk -v iv="$2" -v s="$3" '
      NR > 1 { d = ($1 - p) / 1000; n++; sum += d; if (n == 1 || d < min) min = d; if (d > max) max = d
               if (d < iv * 0.75 || d > iv * 1.25) off++ }
      { p = $1 }
      END { printf "interval-ms=%d window-s=%d signals=%d grid-rounds=%d gap-min-ms=%.1f gap-mean-ms=%.1f gap-max-ms=%.1f gaps-off-by-25%%=%d\n",
                   iv, s, NR, s * 1000 / iv, min, (n ? sum / n : 0), max, off + 0 }'
}

if [ "${1:-}" = --inner ]; then
  helper=$2 watch=$3 seconds=$4 target=$5 tmp=$6
  "$helper" --replace --idle-timeout 600 --journal "$tmp/journal" >"$tmp/helper.log" 2>&1 &
  hpid=$!
  wait_owner || { echo "the helper did not start"; kill $hpid; exit 1; }
  "$watch" 1000 "$seconds" "$target" >"$tmp/w1000" 2>&1 &
  w1=$!
  "$watch" 500 $((seconds / 2)) "$target" >"$tmp/w500" 2>&1
  wait $w1
  gap_stats "$tmp/w1000" 1000 "$seconds"
  gap_stats "$tmp/w500" 500 $((seconds / 2))
  kill $hpid; wait $hpid
  for _ in 1 2 3; do
    "$helper" --replace --idle-timeout 2 --journal "$tmp/journal" >>"$tmp/helper.log" 2>&1 &
    hpid=$!
    wait_owner
    t0=$(date +%s%N)
    wait $hpid
    echo "idle-timeout-ms=2000 idle-exit-ms=$(( ($(date +%s%N) - t0) / 1000000 ))"
  done
  exit 0
fi

[ $# -ge 4 ] || { echo "usage: $0 HELPER ACTIONS BUSCONF COUNTERS-WATCH [SECONDS]" >&2; exit 2; }
helper=$(readlink -f "$1") actions=$2 busconf=$3 watch=$(readlink -f "$4") seconds=${5:-20}
need_root
need_cmd ip gdbus
need_testenv polkit-bus
ns=$TEST_TAG-grid
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'ip netns del "$ns" 2>/dev/null; rm -rf "$tmp"' EXIT
ip netns add "$ns" && ip -n "$ns" link add g0 type veth peer name g1 || skip "cannot create a namespace"
echo "# kernel $(uname -r), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
pb=("$TCGUI_TESTENV/polkit-bus" --policy "$busconf")
cmp -s "$actions" "/usr/share/polkit-1/actions/${actions##*/}" || pb+=(--actions "$actions")
"${pb[@]}" -- "$0" --inner "$helper" "$watch" "$seconds" "netns:$ns:g0" "$tmp"; rc=$?
check "benchmark ran (status $rc)" '[ $rc = 0 ]'
finish
