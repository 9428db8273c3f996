#!/bin/bash
# test-editor-live.sh - the shaping editor's real widgets (test-editor-live.c, in process)
# against the real helper on a private system bus with a real polkitd (polkit-bus), under
# Xvfb (gui-session), in a namespace of its own with a veth pair; the kernel read back with tc.
# With --bench N SECONDS the program is the slider benchmark (tests/bench/bench-slider.sh).
# Usage (meson passes it): test-editor-live.sh BUILD/tests/ui/test-editor-live [--bench N S]
. "${TCGUI_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$TCGUI_SRCDIR/tests/ui/ui-lib.sh"
. "$TCGUI_SRCDIR/tests/ui/shaping-lib.sh"

NS=tcgui-$$-live

inner() {
  local prog=$1 ns=$2 rc; shift 2
  tmp=$(mktemp -d /tmp/tcgui-ui.XXXXXX)   # global: the EXIT trap uses it
  trap 'ui_stop_helper; rm -rf "$tmp"' EXIT
  ui_start_helper "$tmp" || { fail "the helper starts and owns its name"; finish; exit; }
  "$prog" "$ns" "$@" 2>&1 | tee "$tmp/app.log"
  rc=${PIPESTATUS[0]}
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
cleanup() { ip netns del "$NS" 2>/dev/null; }
trap cleanup EXIT
shaping_make_ns "$NS"
prog=$1; shift
shaping_reexec_inner "" "$prog" "$NS" "$@"
