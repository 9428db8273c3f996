#!/bin/bash
# test-graph.sh - runs test-graph (the graph widget) under Xvfb (../shared/testenv/gui-session).
# Usage (meson passes it): test-graph.sh BUILD/tests/graphs/test-graph
. "$(dirname "$(readlink -f "$0")")/../lib.sh"
need_testenv gui-session
exec "$TCGUI_TESTENV/gui-session" -- "$1"
