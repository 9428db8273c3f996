#!/bin/bash
# bench-slider.sh - the live slider: how soon the kernel has a change of the rate slider,
# and how closely it follows a drag. The editor's real widgets in process
# (tests/ui/test-editor-live.c --bench), against the real helper on a private system bus
# with a real polkitd (polkit-bus), under Xvfb (gui-session), a veth pair in a named namespace.
#   1. N single changes of the outgoing rate slider of veth-a, each from an idle editor:
#      change → the helper's reply to SetShaping (the kernel has it then). Target: p50 ≤ 20 ms.
#   2. A drag of S seconds, one pointer step per 16 ms: how many times the kernel changed
#      (SetShaping answered) while it lasted. Target: ≥ 10 changes/s; the kernel ends on the
#      last value (read back with tc).
# No test hook: the program moves the GtkScale and watches its own bus connection.
# Results: docs/benchmarks.md.
#
# Usage: bench-slider.sh PROGRAM [N [S]]   (as root; meson test -C BUILD --benchmark slider-latency)
. "${TCGUI_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
[ -x "${1:-}" ] || skip "the benchmark program is not built (${1:-})"
exec "$TCGUI_SRCDIR/tests/ui/ui-inprocess.sh" "$1" --bench "${2:-50}" "${3:-2}"
