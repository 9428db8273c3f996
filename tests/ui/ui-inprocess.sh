#!/bin/bash
# ui-inprocess.sh - runs an in-process ui test program (test-editor-live.c,
# test-counters-live.c: the app's real widgets and clients, linking its static library)
# against the real helper on a private system bus with a real polkitd (polkit-bus), under
# Xvfb (gui-session), in a namespace of its own with a veth pair veth-a/veth-b, passed to the
# program as its first argument. Further arguments go to the program (test-editor-live
# --bench N SECONDS is the slider benchmark, tests/bench/bench-slider.sh).
# Usage (meson passes it): ui-inprocess.sh PROGRAM [ARGS...]
. "${TCGUI_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$TCGUI_SRCDIR/tests/ui/ui-lib.sh"
. "$TCGUI_SRCDIR/tests/ui/shaping-lib.sh"

NS=tcgui-$$-inp

inner() {
  local prog=$1 ns=$2 rc; shift 2
  tmp=$(mktemp -d /tmp/tcgui-ui.XXXXXX)   # global: the EXIT trap uses it
  trap 'ui_stop_helper; rm -rf "$tmp"' EXIT
  ui_start_helper "$tmp" || { fail "the helper starts and owns its name"; finish; exit; }
  "$prog" "$ns" "$@" 2>&1 | tee "$tmp/app.log"
  rc=${PIPESTATUS[0]}
  [ $rc = 77 ] && skip "the in-process tests could not run here (see above)"
  check "the in-process tests ran and passed (status $rc)" '[ $rc = 0 ]'
  shaping_app_clean
  finish
}

if [ "${1:-}" = --inner ]; then
  shift
  inner "$@"
  exit
fi

ui_need_all
need_cmd tc xdotool
[ -x "${1:-}" ] || skip "the test program is not built (${1:-})"
# $NS-x: test-counters-live's namespace, deleted by the test itself unless an assertion aborted it.
cleanup() {
  ip netns del "$NS" 2>/dev/null; ip netns del "$NS-x" 2>/dev/null
  # test-app-live's, deleted by the test itself unless an assertion aborted it.
  ip netns del "$NS-live" 2>/dev/null; ip netns del "$NS-live2" 2>/dev/null
}
trap cleanup EXIT
shaping_make_ns "$NS"
prog=$1; shift
shaping_reexec_inner "" "$prog" "$NS" "$@"
