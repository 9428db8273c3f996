#!/bin/bash
# ui-inprocess.sh - runs an in-process ui test program (tests/ui/test-*.c linking the app's
# static library and tcgui-ui-harness.c: the app's real widgets and clients) against the
# real helper on a private system bus with a real polkitd (polkit-bus), under Xvfb
# (gui-session), in a namespace of its own with a veth pair veth-a/veth-b, passed to the
# program as its first argument. Further arguments go to the program (test-editor-live
# --bench N SECONDS is the slider benchmark, tests/bench/bench-slider.sh).
# Usage (meson passes it): ui-inprocess.sh [OPTIONS] PROGRAM [ARGS...]
#   --no-helper   the program starts (and stops) the helper itself (tcgui_ui_helper_start)
#   --no-ns       no namespace: the program's first argument is "-"
#   --no-bus      no private system bus either (gui-session only): the program sets its own
#   --nobody      the program runs as uid 65534 (polkit only ever refuses others than root),
#                 in its own session bus, with the X cookie and directories it needs
#   --rules FILE  polkitd also reads this rules file (tests/helper/grant-nobody-inspect.rules)
#   --root-check  then the program runs again as root with "NS --root-check", to read back
#                 what uid 65534 cannot (the kernel, with tc)
#   --no-runtime  no container runtime may run meanwhile: under the docker fixture's lock,
#                 and skipped when a dockerd runs
#   --docker      a real dockerd with the fixture's containers (docker-fixture up) under a
#                 prefix of the test's own, exported as TESTENV_PREFIX; every container with
#                 that prefix's label goes at the end, with the fixture (and the image tag
#                 localhost/bb-PREFIX:latest a test may make, so that no one else's
#                 containers share its image)
. "${TCGUI_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$TCGUI_SRCDIR/tests/ui/ui-lib.sh"
. "$TCGUI_SRCDIR/tests/ui/shaping-lib.sh"

NS=tcgui-$$-inp

# as_nobody PROG ARGS...: PROG as uid 65534 with a home, a runtime directory and the X
# cookie of its own, in a session bus of its own.
as_nobody() {
  mkdir -p "$tmp/home" "$tmp/run"
  cp "${XAUTHORITY:-$HOME/.Xauthority}" "$tmp/xauth" 2>/dev/null
  chmod 711 "$tmp"; chmod 700 "$tmp/run"
  chown 65534:65534 "$tmp/home" "$tmp/run" "$tmp/xauth"
  "$TCGUI_TESTENV/run-as-nobody" test -x "$1" || { echo "# uid 65534 cannot run $1"; return 77; }
  "$TCGUI_TESTENV/run-as-nobody" env HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/run" \
    XAUTHORITY="$tmp/xauth" TCGUI_UI_SHOTS="$tmp/home/shots" \
    dbus-run-session -- "$@"
  local rc=$?
  mkdir -p "$SHOTS"
  cp "$tmp/home/shots/"*.png "$SHOTS/" 2>/dev/null
  return $rc
}

inner() {
  local prog=$1 ns=$2 rc; shift 2
  tmp=$(mktemp -d /tmp/tcgui-ui.XXXXXX)   # global: the EXIT trap uses it
  trap 'ui_stop_helper; rm -rf "$tmp"' EXIT
  if [ "${UI_INP_HELPER:-1}" = 1 ]; then
    ui_start_helper "$tmp" || { fail "the helper starts and owns its name"; finish; exit; }
  fi
  if [ "${UI_INP_NOBODY:-0}" = 1 ]; then
    as_nobody "$prog" "$ns" "$@" 2>&1 | tee "$tmp/app.log"
  else
    "$prog" "$ns" "$@" 2>&1 | tee "$tmp/app.log"
  fi
  rc=${PIPESTATUS[0]}
  [ $rc = 77 ] && skip "the in-process tests could not run here (see above)"
  check "the in-process tests ran and passed (status $rc)" '[ $rc = 0 ]'
  if [ "${UI_INP_ROOTCHECK:-0}" = 1 ]; then
    "$prog" "$ns" --root-check 2>&1 | tee -a "$tmp/app.log"
    rc=${PIPESTATUS[0]}
    check "the checks as root passed (status $rc)" '[ $rc = 0 ]'
  fi
  shaping_app_clean
  finish
}

if [ "${1:-}" = --inner ]; then
  shift
  inner "$@"
  exit
fi

export UI_INP_HELPER=1 UI_INP_NOBODY=0 UI_INP_ROOTCHECK=0
make_ns=1 bus=1 docker=0 rules=
while :; do
  case ${1:-} in
    --no-helper) UI_INP_HELPER=0 ;;
    --no-ns) make_ns=0 ;;
    --no-bus) bus=0 UI_INP_HELPER=0 ;;
    --nobody) UI_INP_NOBODY=1 ;;
    --rules) rules=$2; shift ;;
    --root-check) UI_INP_ROOTCHECK=1 ;;
    --docker) docker=1 ;;
    --no-runtime)
      # The fixture's lock keeps other tests' docker-fixture from starting a dockerd (or
      # finding a socket a test leaves) meanwhile.
      state=${TESTENV_STATE:-/run/tcgui-testenv}
      mkdir -p "$state"
      shift
      exec flock -o "$state/docker.lock" "$0" --no-runtime-locked "$@" ;;
    --no-runtime-locked)
      if [ -e /var/run/docker.sock ] || docker info >/dev/null 2>&1; then
        skip "a dockerd runs here: the states without a container runtime are not checked"
      fi ;;
    *) break ;;
  esac
  shift
done
need_cmd xdotool
[ -x "${1:-}" ] || skip "the test program is not built (${1:-})"
prog=$1; shift
if [ $bus = 0 ]; then
  need_testenv gui-session
  [ -f "$GSETTINGS_SCHEMA_DIR/gschemas.compiled" ] || skip "the GSettings schema is not compiled"
  run_phase "$TCGUI_TESTENV/gui-session" -- "$0" --inner "$prog" - "$@"
  exit
fi
ui_need_all
need_cmd tc
[ $UI_INP_NOBODY = 1 ] && { need_testenv run-as-nobody; need_cmd dbus-run-session; }
docker_down() {
  local id
  for id in $(docker ps -aq --filter "label=io.github.tcgui.testenv=$TESTENV_PREFIX" 2>/dev/null); do
    docker rm -f "$id" >/dev/null 2>&1
  done
  docker rmi "localhost/bb-$TESTENV_PREFIX:latest" >/dev/null 2>&1
  "$TCGUI_TESTENV/docker-fixture" down >/dev/null 2>&1
}
if [ $docker = 1 ]; then
  need_testenv docker-fixture
  need_cmd docker nsenter
  export TESTENV_PREFIX=${TESTENV_PREFIX:-ti$$}
  # Other tests share dockerd and may be stopping it: one more try.
  "$TCGUI_TESTENV/docker-fixture" up >/dev/null ||
    { sleep 5; "$TCGUI_TESTENV/docker-fixture" up >/dev/null; } ||
    skip "docker-fixture up failed (see ${TESTENV_STATE:-/run/tcgui-testenv}/dockerd.log)"
  trap docker_down EXIT
  docker image inspect localhost/bb:latest >/dev/null 2>&1 || skip "no image localhost/bb:latest"
fi
if [ $make_ns = 0 ]; then
  shaping_reexec_inner "$rules" "$prog" - "$@"
  exit
fi
# $NS-x: test-counters-live's namespace, deleted by the test itself unless an assertion aborted it.
cleanup() {
  ip netns del "$NS" 2>/dev/null; ip netns del "$NS-x" 2>/dev/null
  # test-app-live's, deleted by the test itself unless an assertion aborted it.
  ip netns del "$NS-live" 2>/dev/null; ip netns del "$NS-live2" 2>/dev/null
  [ $docker = 1 ] && docker_down
}
trap cleanup EXIT
shaping_make_ns "$NS"
shaping_reexec_inner "$rules" "$prog" "$NS" "$@"
