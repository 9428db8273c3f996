#!/bin/bash
# test-shaping-editor.sh - runs test-shaping-editor under Xvfb (../shared/testenv/gui-session).
# Usage (meson passes it): test-shaping-editor.sh BUILD/tests/shaping/test-shaping-editor
. "$(dirname "$(readlink -f "$0")")/../lib.sh"
need_testenv gui-session
exec "$TCGUI_TESTENV/gui-session" -- "$1"
