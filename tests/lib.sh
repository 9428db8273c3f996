# tests/lib.sh - shared by the test scripts (source it from bash).
#
# TCGUI_SRCDIR, TCGUI_BUILDDIR and TCGUI_TESTENV come from meson test.
set -u

TCGUI_SRCDIR=${TCGUI_SRCDIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
TCGUI_BUILDDIR=${TCGUI_BUILDDIR:-$TCGUI_SRCDIR/build}
TCGUI_TESTENV=${TCGUI_TESTENV:-$TCGUI_SRCDIR/../shared/testenv}
FAILED=0
PASSED=0
# The failed checks of this test and of its sub-phases (the same script run again under
# polkit-bus, say): finish names them all at the end, as meson shows only a log's last lines.
# Written only when a check fails, removed by the top-level finish.
if [ -z "${TCGUI_TEST_FAILURES:-}" ]; then
  export TCGUI_TEST_FAILURES=/tmp/tcgui-test-failures.$$ TCGUI_TEST_TOP=$$
  rm -f "$TCGUI_TEST_FAILURES"
fi

# skip REASON: tell meson (exit 77) and the reader why this test did not run.
# A skip after a failed check is a failure: the skip must not hide it.
skip() {
  echo "SKIP: $*" >&2; echo "SKIP: $*"
  if [ "$TCGUI_TEST_TOP" = $$ ] && [ -e "$TCGUI_TEST_FAILURES" ]; then
    sed 's/^/# FAILED: /' "$TCGUI_TEST_FAILURES"; rm -f "$TCGUI_TEST_FAILURES"
    echo "not ok - checks had failed before this skip"; exit 1
  fi
  [ "$FAILED" = 0 ] || { echo "not ok - $FAILED check(s) had failed before this skip"; exit 1; }
  exit 77
}
pass() { echo "ok - $*"; PASSED=$((PASSED + 1)); }
fail() { echo "not ok - $*"; FAILED=$((FAILED + 1)); echo "$*" >> "$TCGUI_TEST_FAILURES"; }
# check DESC CMD...       PASS/FAIL by CMD's exit status
# check DESC 'CONDITION'  a single argument is eval'ed
check() {
  local d=$1; shift
  if { [ $# = 1 ] && eval "$1"; } || { [ $# -gt 1 ] && "$@"; }; then pass "$d"; else fail "$d"; fi
}
# finish: the exit status; a test that asserted nothing fails.
finish() {
  echo "# $PASSED passed, $FAILED failed"
  [ $((PASSED + FAILED)) -gt 0 ] || fail "the test asserted nothing"
  # A check failed in a sub-phase fails the test, whatever that phase's status was.
  if [ "$TCGUI_TEST_TOP" = $$ ] && [ -e "$TCGUI_TEST_FAILURES" ]; then
    sed 's/^/# FAILED: /' "$TCGUI_TEST_FAILURES"; rm -f "$TCGUI_TEST_FAILURES"
    FAILED=$((FAILED + 1))
  fi
  [ "$FAILED" = 0 ]
}

need_root() { [ "$(id -u)" = 0 ] || skip "needs root (network namespaces, qdiscs)"; }
need_cmd() { local c; for c; do command -v "$c" >/dev/null || skip "needs the '$c' command"; done; }
need_testenv() {
  [ -x "$TCGUI_TESTENV/$1" ] || skip "needs $1 from ../shared/testenv (not found at $TCGUI_TESTENV)"
}

# A unique, short prefix for namespaces and links this test creates.
TEST_TAG=t$$
