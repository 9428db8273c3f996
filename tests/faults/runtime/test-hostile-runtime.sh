#!/bin/bash
# test-hostile-runtime.sh - a user's own "rootless Podman" answers the helper with hostile data
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage (meson passes these): test-hostile-runtime.sh HELPER ACTIONS.policy BUS.conf HELPER-CALL
# As root: creates (once) the user tcgui-hostile, whose socket /run/user/UID/podman/podman.sock
# is served by hostile-podman.py (running as that user, so the helper's SO_PEERCRED check
# believes it). The real helper runs on a private bus with polkitd; the user (granted
# inspect, as an active local session is by default) calls GetInventory. For each kind of
# hostile answer: the helper is alive, root is served (GetInventory, ListNamespaces), the
# user's inventory names its runtime's error, the helper applied nothing to the kernel.
. "$(dirname "$(readlink -f "$0")")/../../lib.sh"

NAME=io.github.tcgui.Helper1
OBJ=/io/github/tcgui/Helper1
TUSER=tcgui-hostile
SERVER=$(dirname "$(readlink -f "$0")")/hostile-podman.py

if [ "${1:-}" = --inside ]; then
  HELPER=$2 LOGDIR=$3 CALL=$4 TUID=$(id -u $TUSER) PYTHON=${PYTHON:-/usr/bin/python3}
  SOCK=/run/user/$TUID/podman/podman.sock
  RT=runtime:podman-user-$TUID
  "$HELPER" --verbose --journal "$LOGDIR/journal" --replace --idle-timeout 600 >>"$LOGDIR/helper.log" 2>&1 &
  HPID=$!
  SPID=
  stop_server() { [ -n "$SPID" ] && { kill "$SPID" 2>/dev/null; wait "$SPID" 2>/dev/null; }; SPID=; }
  trap 'stop_server; kill $HPID 2>/dev/null; wait' EXIT
  for _ in $(seq 200); do
    gdbus introspect --system --dest $NAME --object-path $OBJ >/dev/null 2>&1 && break; sleep 0.05
  done

  start_server() {   # start_server MODE
    stop_server
    # setpriv execs the server itself: $! is its pid (runuser would not pass a SIGTERM on).
    setpriv --reuid=$TUID --regid="$(id -g $TUSER)" --clear-groups env -i HOME=/ \
      "$PYTHON" "$SERVER" "$1" "$SOCK" >"$LOGDIR/server-$1.log" 2>&1 &
    SPID=$!
    for _ in $(seq 100); do grep -qs listening "$LOGDIR/server-$1.log" && break; sleep 0.05; done
  }
  user_call() { runuser -u $TUSER -- "$CALL" "$@" 2>&1; }
  runtime_error() {  # the user's runtime item as helper-call prints it
    user_call GetInventory | grep "^key=$RT "
  }
  # TCGUI_FAULT_CASES="deep labels" runs only these cases (to reproduce one on an old build).
  wanted() { [ -z "${TCGUI_FAULT_CASES:-}" ] || [[ " $TCGUI_FAULT_CASES " == *" $1 "* ]]; }
  rss_kib() { awk '/^VmRSS:/ { print $2 }' /proc/$HPID/status; }

  # hostile_case MODE PATTERN DESCRIPTION: the user's runtime item's error matches PATTERN
  # within a generous deadline (the helper reconnects after the previous case).
  hostile_case() {
    local mode=$1 pattern=$2 what=$3 item= out
    wanted "$mode" || return 0
    start_server "$mode"
    for _ in $(seq 240); do
      item=$(runtime_error)
      grep -qE "error=.*$pattern" <<<"$item" && break
      sleep 0.5
    done
    echo "# $mode: $item" | cut -c1-300
    check "$mode: the user's inventory names its runtime's error ($what)" \
      'grep -qE "error=.*$pattern" <<<"$item"'
    check "$mode: the helper is alive" 'kill -0 $HPID'
    out=$("$CALL" GetInventory 2>&1)
    check "$mode: root's GetInventory is served" '[ "$(head -1 <<<"$out")" = 1 ]'
    check "$mode: root does not see the user's runtime" '! grep -q "$RT" <<<"$out"'
    out=$("$CALL" ListNamespaces 2>&1)
    check "$mode: root's ListNamespaces is served" 'grep -q "^.*id=host" <<<"$out"'
    echo "# $mode: helper RSS $(rss_kib) KiB"
  }

  # A good runtime first: the set-up works and the user sees its container.
  start_server good
  for _ in $(seq 60); do user_call GetInventory | grep -q "name=hostile-0 " && break; sleep 0.5; done
  check "good: the user's GetInventory lists its fake runtime's container" \
    'user_call GetInventory | grep -q "name=hostile-0 "'
  echo "# helper RSS at start: $(rss_kib) KiB"

  hostile_case garbage         "HTTP|parse|[Mm]alformed"      "not HTTP"
  hostile_case endless-headers "HTTP|header|[Mm]alformed|too" "endless headers"
  hostile_case endless-body    "larger than 8 MiB"            "endless body"
  hostile_case huge            "larger than 8 MiB"            "64 MiB body"
  hostile_case deep            "nested too deeply"            "a list nested 200 000 deep"
  hostile_case deep-event      "nested too deeply"            "an event line nested 200 000 deep"
  hostile_case labels          "2000 containers|left out"     "2000 containers x 256 labels x 4 kB"
  wanted labels && {
  # The list comes first, each container's labels with its inspect answer (1 MiB each here):
  # under ASan on a loaded machine that takes a while, so wait for the first inspected one.
  for _ in $(seq 240); do
    out=$(user_call GetInventory)
    grep "^key=container:podman-user-$TUID:" <<<"$out" | grep -q "left-out=256" && break
    sleep 0.5
  done
  n=$(grep -c "^key=container:podman-user-$TUID:" <<<"$out")
  echo "# labels: the user sees $n containers, the reply is $(wc -c <<<"$out") bytes as text"
  check "labels: at most 1024 containers are listed ($n)" '[ "$n" -le 1024 ]'
  check "labels: the 4000-byte labels are left out and counted (left-out)" \
    'grep "^key=container:podman-user-$TUID:" <<<"$out" | grep -q "left-out=256"'
  }
  hostile_case many            "20000 containers|too many values" "20 000 small containers"
  rss=$(rss_kib)
  limit=$((256 * 1024))
  ldd "$HELPER" | grep -q libasan && limit=$((1024 * 1024))   # ASan's quarantine alone is 256 MiB
  check "the helper's RSS stays bounded after these ($rss KiB <= $limit KiB)" '[ -n "$rss" ] && [ "$rss" -le "$limit" ]'
  hostile_case trickle         "did not answer within 60 s"   "a list trickling 1 byte/s"

  # Many concurrent callers of that user while its runtime holds every connection
  # unanswered: root is still served meanwhile.
  wanted hold && {
  start_server hold
  pids=()
  for i in $(seq 40); do user_call GetInventory >"$LOGDIR/hold-$i" & pids+=($!); done
  out=$("$CALL" GetInventory 2>&1); rc=$?
  check "hold: root's GetInventory is served while 40 calls of the user wait (status $rc)" \
    '[ "$(head -1 <<<"$out")" = 1 ]'
  out=$("$CALL" ListNamespaces 2>&1)
  check "hold: root's ListNamespaces is served too" 'grep -q "id=host" <<<"$out"'
  wait "${pids[@]}"
  check "hold: every one of the user's 40 calls was answered" \
    '[ "$(cat "$LOGDIR"/hold-* | grep -c "^key=$RT ")" = 40 ]'
  check "hold: the helper is alive" 'kill -0 $HPID'
  }

  start_server good
  for _ in $(seq 120); do user_call GetInventory | grep -q "name=hostile-0 " && break; sleep 0.5; done
  check "good again: the runtime is listed again once it behaves (resync)" \
    'user_call GetInventory | grep -q "name=hostile-0 "'
  check "the helper applied nothing: its journal is empty" \
    '[ -z "$(ls -A "$LOGDIR/journal" 2>/dev/null)" ]'
  echo "# helper RSS at the end: $(rss_kib) KiB"
  stop_server
  kill $HPID; wait $HPID; hrc=$?
  check "the helper exited cleanly on SIGTERM (status $hrc)" '[ $hrc = 0 ]'
  finish
  exit
fi

HELPER=$1 ACTIONS=$2 BUSCONF=$3 CALL=$4
need_root
need_testenv polkit-bus
need_cmd gdbus runuser setpriv useradd flock
# The system's: a python3 first in root's PATH may be in a directory the user cannot enter.
export PYTHON=/usr/bin/python3
[ -x $PYTHON ] || skip "needs $PYTHON"
id $TUSER >/dev/null 2>&1 || useradd -M -s /usr/sbin/nologin $TUSER || skip "cannot create user $TUSER"
TUID=$(id -u $TUSER)
# One run at a time uses the user's socket (the plain and the ASan build may run together).
exec 9>/run/lock/tcgui-hostile-runtime.lock
flock 9
XDG=/run/user/$TUID
mkdir -p "$XDG/podman" && chown -R $TUSER: "$XDG" && chmod 700 "$XDG"

LOGDIR=$(mktemp -d /tmp/tcgui-hostile-runtime.XXXXXX)
chmod 755 "$LOGDIR"
trap 'rm -f "$XDG/podman/podman.sock"; rm -rf "$LOGDIR"' EXIT
cat >"$LOGDIR/grant.rules" <<RULES
polkit.addRule(function(action, subject) {
    if (action.id == "io.github.tcgui.inspect" && subject.user == "$TUSER")
        return polkit.Result.YES;
});
RULES
PB_ACTIONS=(--actions "$ACTIONS")
cmp -s "$ACTIONS" "/usr/share/polkit-1/actions/${ACTIONS##*/}" && PB_ACTIONS=()
"$TCGUI_TESTENV/polkit-bus" --policy "$BUSCONF" "${PB_ACTIONS[@]}" --rules "$LOGDIR/grant.rules" -- \
  "$0" --inside "$HELPER" "$LOGDIR" "$CALL"; rc=$?
check "the test inside polkit-bus passed (status $rc)" '[ $rc = 0 ]'
check "no sanitizer reports from the helper" '! grep -E "^(==[0-9]+==ERROR|SUMMARY): |runtime error:" "$LOGDIR/helper.log"'
check "the helper logged no GLib warning or critical" '! grep -E "(WARNING|CRITICAL) \*\*" "$LOGDIR/helper.log"'
[ $rc = 0 ] || grep -v DEBUG "$LOGDIR/helper.log" | tail -20 | sed 's/^/#   helper: /'
finish
