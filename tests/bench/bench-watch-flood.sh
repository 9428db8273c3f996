#!/bin/bash
# bench-watch-flood.sh - root's call latency and the helper's cost while an inspect-only user
# floods it with Watch calls it never reads (issue 9, defect 4; docs/benchmarks.md).
#
# The real helper on a private system bus with a real polkitd (../shared/testenv/polkit-bus);
# uid 65534, granted io.github.tcgui.inspect only, opens CONNS (4) connections and sends 64
# Watch calls of 1024 targets at 250 ms on each, then holds them without dispatching its
# signals. Root calls GetCapabilities every 20 ms for SECONDS (30), from 1 s before the flood's
# calls (so the burst of Watch calls is in it too): the latency of these calls (p50/p99/max),
# and, apart, of those made 10 s after the start (steady-: the flood's calls answered, its
# watches held), the helper's CPU over that time (% of one core, /proc/PID/stat) and its RSS.
#
# Usage: bench-watch-flood.sh HELPER ACTIONS.policy BUS.conf RULES WATCH-FLOOD [CONNS] [SECONDS]
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
source "$(dirname "$(readlink -f "$0")")/../lib.sh"

ticks_of() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
rss_of() { awk -v k="$2" '$1 == k ":" { print $2 }' "/proc/$1/status"; }

if [ "${1:-}" = --inner ]; then
  shift
  helper=$1 flood=$2 conns=$3 seconds=$4 log=$5
  "$helper" --replace --idle-timeout 600 --journal "$log.journal" >"$log" 2>&1 &
  hpid=$!
  fpid=
  trap 'kill $fpid $hpid 2>/dev/null; wait $hpid 2>/dev/null' EXIT
  for _ in $(seq 100); do
    gdbus introspect --system --dest io.github.tcgui.Helper1 \
      --object-path /io/github/tcgui/Helper1 >/dev/null 2>&1 && break
    sleep 0.05
  done
  rss0=$(rss_of "$hpid" VmRSS)
  # Root's calls are timed from before the flood's calls arrive until SECONDS later: the
  # burst of Watch calls, then the watches held unread.
  t0=$(ticks_of "$hpid")
  "$flood" probe "$seconds" 20 10 >"$log.probe" &
  ppid=$!
  sleep 1
  "$TCGUI_TESTENV/run-as-nobody" "$flood" flood --hold $((seconds + 30)) "$conns" 64 1024 250 host:lo \
    >"$log.flood" 2>&1 &
  fpid=$!
  wait "$ppid"
  t1=$(ticks_of "$hpid")
  grep -v '^flooding' "$log.flood" | sed 's/^/# flood: /' | cut -c1-200 >&2
  grep -q '^flooding' "$log.flood" || echo "# the flood's Watch calls were not all answered yet" >&2
  hz=$(getconf CLK_TCK)
  echo "$(cat "$log.probe") helper-cpu-pct=$(awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s="$seconds" \
        'BEGIN { printf "%.1f", (b - a) / hz / s * 100 }')" \
       "rss-kb-before=$rss0 rss-kb=$(rss_of "$hpid" VmRSS) rss-peak-kb=$(rss_of "$hpid" VmHWM)"
  exit
fi

[ $# -ge 5 ] || { echo "usage: $0 HELPER ACTIONS BUSCONF RULES WATCH-FLOOD [CONNS] [SECONDS]" >&2; exit 2; }
helper=$1 actions=$2 busconf=$3 rules=$4 flood=$5 conns=${6:-4} seconds=${7:-30}
need_root
need_cmd gdbus
need_testenv polkit-bus
need_testenv run-as-nobody

tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
echo "# $conns connections of uid 65534 × 64 Watch × 1024 targets at 250 ms, held unread;" \
     "root calls GetCapabilities every 20 ms for $seconds s from 1 s before; kernel $(uname -r), $(nproc) CPUs"
pb=("$TCGUI_TESTENV/polkit-bus" --policy "$busconf" --rules "$rules")
cmp -s "$actions" "/usr/share/polkit-1/actions/${actions##*/}" || pb+=(--actions "$actions")
out=$("${pb[@]}" -- "$0" --inner "$helper" "$flood" "$conns" "$seconds" "$tmp/helper.log")
echo "watch flood: $out"
