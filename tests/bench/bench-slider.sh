#!/bin/bash
# bench-slider.sh - how long after a shaping control stops changing the kernel has the
# change: the real app under Xvfb (../shared/testenv/gui-session) against the real helper on
# a private system bus with a real polkitd (polkit-bus), a veth pair in a named namespace.
# The page of veth-a gets N single changes of its outgoing rate (the spin button, as typing
# or a slider's last step), each a new value so that every call changes the kernel, one
# every 400 ms; after each, the editor's last latency (last change → the helper's reply)
# is read. A change not answered within those 400 ms counts as 400 ms and is reported.
# Target (issue 5): ≤ 150 ms. Results: docs/benchmarks.md.
#
# Usage: bench-slider.sh [N]   (as root; meson test -C BUILD --benchmark slider-latency)
. "${TCGUI_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$TCGUI_SRCDIR/tests/ui/ui-lib.sh"
. "$TCGUI_SRCDIR/tests/ui/shaping-lib.sh"

NS=tcgui-$$-bsl

inner() {
  local ns=$1 n=$2 steps="" i rc
  tmp=$(mktemp -d /tmp/tcgui-bench.XXXXXX)   # global: the EXIT trap uses it
  trap 'ui_stop_helper; rm -rf "$tmp"' EXIT
  ui_start_helper "$tmp" || { fail "the helper starts and owns its name"; finish; exit; }
  for ((i = 1; i <= n; i++)); do
    steps+="outgoing.rate=$((1000 + 8 * i)),wait=400,settle=change$i,"
  done
  steps+="clear"
  QUIT_ON=cleared,failed,vanished,helper-missing,helper-crashed,bus-unavailable \
    shaping_run_app "$tmp/dump" TCGUI_TEST_SELECT=netns:$ns TCGUI_TEST_SHAPE=veth-a \
    TCGUI_TEST_SHAPE_STEPS="$steps"
  rc=$?
  check "the app ran the $n changes and exited on its own (status $rc)" '[ $rc = 0 ]'
  # After each "settle=changeN": the outcome line, then latency and busy.
  awk '/^shaping-outcome: change[0-9]+$/ { on = 1; next }
       on && /^shaping-latency-ms: / { lat = $2 }
       on && /^shaping-busy: / { print ($2 == 1 ? "late" : lat); on = 0 }' "$tmp/dump" >"$tmp/lat"
  check "one measurement per change ($(wc -l <"$tmp/lat") of $n)" '[ "$(wc -l <"$tmp/lat")" = "$n" ]'
  sed 's/^late$/400/' "$tmp/lat" | sort -g | awk -v late="$(grep -c late "$tmp/lat")" '
    { v[NR] = $1 } END {
      printf "# last change → kernel changed, %d changes: p50 %.1f ms, p90 %.1f ms, max %.1f ms (%d not answered within 400 ms)\n",
             NR, v[int((NR + 1) * 0.5)], v[int(NR * 0.9 + 0.5)], v[NR], late }'
  shaping_app_clean
  finish
}

if [ "${1:-}" = --inner ]; then
  inner "$2" "$3"
  exit
fi

ui_need_all
need_cmd tc awk
cleanup() { ip netns del "$NS" 2>/dev/null; }
trap cleanup EXIT
shaping_make_ns "$NS"
shaping_reexec_inner "" "$NS" "${1:-50}"
