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
# polkit-bus, say): the top-level script names them all at the end of the log (finish, or
# run_phase when a phase is its last word), as meson shows only a log's last lines.
# Written only when a check fails; removed when reported.
if [ -z "${TCGUI_TEST_FAILURES:-}" ]; then
  export TCGUI_TEST_FAILURES=/tmp/tcgui-test-failures.$$ TCGUI_TEST_TOP=$$
  rm -f "$TCGUI_TEST_FAILURES"
fi

# skip REASON: tell meson (exit 77) and the reader why this test did not run.
# A skip after a failed check is a failure: the skip must not hide it.
skip() {
  echo "SKIP: $*" >&2; echo "SKIP: $*"
  report_failures || { echo "not ok - checks had failed before this skip"; exit 1; }
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
# report_failures: in the top-level script, names every failed check (sub-phases' too) and
# forgets them; status 1 when there were any. Elsewhere (a sub-phase) it does nothing.
report_failures() {
  [ "$TCGUI_TEST_TOP" = $$ ] && [ -e "$TCGUI_TEST_FAILURES" ] || return 0
  sed 's/^/# FAILED: /' "$TCGUI_TEST_FAILURES"; rm -f "$TCGUI_TEST_FAILURES"
  return 1
}
# run_phase CMD...: runs a sub-phase (this script again, under polkit-bus or a display), then
# reports; the status is CMD's, or 1 if a check failed in it whatever CMD's status was.
run_phase() {
  local rc
  "$@"; rc=$?
  report_failures || [ $rc != 0 ] || rc=1
  return $rc
}
# finish: the exit status; a test that asserted nothing fails. A check failed in a sub-phase
# fails the test, whatever that phase's status was.
finish() {
  echo "# $PASSED passed, $FAILED failed"
  [ $((PASSED + FAILED)) -gt 0 ] || fail "the test asserted nothing"
  report_failures || FAILED=$((FAILED + 1))
  [ "$FAILED" = 0 ]
}

need_root() { [ "$(id -u)" = 0 ] || skip "needs root (network namespaces, qdiscs)"; }
need_cmd() { local c; for c; do command -v "$c" >/dev/null || skip "needs the '$c' command"; done; }
need_testenv() {
  [ -x "$TCGUI_TESTENV/$1" ] || skip "needs $1 from ../shared/testenv (not found at $TCGUI_TESTENV)"
}

# wait_own_netns PID: until PID, just started by `unshare -n` or `ip netns
# exec`, is in a network namespace of its own: until then it is in ours
# (creating a namespace took seconds on a loaded CI machine). Fails when
# PID ends first or after a minute.
wait_own_netns() {
  local i ours theirs
  ours=$(readlink /proc/$$/ns/net)
  for ((i = 0; i < 1200; i++)); do
    theirs=$(readlink "/proc/$1/ns/net" 2>/dev/null) || return 1   # it ended
    [ "$theirs" != "$ours" ] && return 0
    sleep 0.05
  done
  return 1
}

# A unique, short prefix for namespaces and links this test creates.
TEST_TAG=t$$
