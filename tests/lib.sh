# tests/lib.sh - shared by the test scripts (source it from bash).
#
# TCGUI_SRCDIR, TCGUI_BUILDDIR and TCGUI_TESTENV come from meson test.
set -u

TCGUI_SRCDIR=${TCGUI_SRCDIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
TCGUI_BUILDDIR=${TCGUI_BUILDDIR:-$TCGUI_SRCDIR/build}
TCGUI_TESTENV=${TCGUI_TESTENV:-$TCGUI_SRCDIR/../shared/testenv}
FAILED=0
PASSED=0

# skip REASON: tell meson (exit 77) and the reader why this test did not run.
# A skip after a failed check is a failure: the skip must not hide it.
skip() {
  echo "SKIP: $*" >&2; echo "SKIP: $*"
  [ "$FAILED" = 0 ] || { echo "not ok - $FAILED check(s) had failed before this skip"; exit 1; }
  exit 77
}
pass() { echo "ok - $*"; PASSED=$((PASSED + 1)); }
fail() { echo "not ok - $*"; FAILED=$((FAILED + 1)); }
# check DESC CMD...       PASS/FAIL by CMD's exit status
# check DESC 'CONDITION'  a single argument is eval'ed
check() {
  local d=$1; shift
  if { [ $# = 1 ] && eval "$1"; } || { [ $# -gt 1 ] && "$@"; }; then pass "$d"; else fail "$d"; fi
}
# finish: the exit status; a test that asserted nothing fails.
finish() {
  echo "# $PASSED passed, $FAILED failed"
  [ "$PASSED" -gt 0 ] || { echo "not ok - the test asserted nothing"; exit 1; }
  [ "$FAILED" = 0 ]
}

need_root() { [ "$(id -u)" = 0 ] || skip "needs root (network namespaces, qdiscs)"; }
need_cmd() { local c; for c; do command -v "$c" >/dev/null || skip "needs the '$c' command"; done; }
need_testenv() {
  [ -x "$TCGUI_TESTENV/$1" ] || skip "needs $1 from ../shared/testenv (not found at $TCGUI_TESTENV)"
}

# A unique, short prefix for namespaces and links this test creates.
TEST_TAG=t$$
