#!/bin/bash
# The whole app in process (test-app-live.c) while the user changes the system:
# `ip netns add/del` (defect 4), `podman restart` (no phantom netns-… row, defect 4),
# `docker restart` and stop+start with the container's page open (defect 5). Real helper on
# a private bus with a real polkitd, real dockerd and podman (../shared/testenv fixtures with
# a prefix of this test's own, taken down at the end).
# Usage (meson passes it): test-ui-app-live.sh PROGRAM
. "${TCGUI_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

prog=${1:-}
[ -x "$prog" ] || skip "the test program is not built ($prog)"
need_root
# Two prefixes: the fixtures name their containers alike (PREFIX-a).
P=tld$$ Q=tlp$$
cleanup() {
  [ -n "${DOCKER_UP:-}" ] && TESTENV_PREFIX=$P "$TCGUI_TESTENV/docker-fixture" down >/dev/null 2>&1
  [ -n "${PODMAN_UP:-}" ] && TESTENV_PREFIX=$Q "$TCGUI_TESTENV/podman-fixture" down >/dev/null 2>&1
}
trap cleanup EXIT

# Each fixture that comes up adds its cases; one that cannot skips them (said in the log).
if TESTENV_PREFIX=$P "$TCGUI_TESTENV/docker-fixture" up >/dev/null; then
  DOCKER_UP=1
  export TCGUI_LIVE_DOCKER=$P
else
  echo "# docker-fixture up failed: the docker restart cases skip"
fi
if TESTENV_PREFIX=$Q "$TCGUI_TESTENV/podman-fixture" up >/dev/null; then
  PODMAN_UP=1
  export TCGUI_LIVE_PODMAN=$Q
else
  echo "# podman-fixture up failed: the podman restart case skips"
fi

"$TCGUI_SRCDIR/tests/ui/ui-inprocess.sh" "$prog"; rc=$?
[ $rc = 77 ] && skip "the in-process test could not run"
check "the app followed the system (status $rc)" '[ $rc = 0 ]'
finish
