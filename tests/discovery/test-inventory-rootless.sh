#!/bin/bash
# test-inventory-rootless.sh - a user's rootless Podman is visible to that user only
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage (meson passes these): test-inventory-rootless.sh HELPER ACTIONS.policy BUS.conf INVENTORY-WATCH
# As root: creates (once) the user tcgui-rootless with subordinate ids, runs that user's
# `podman system service` on /run/user/UID/podman/podman.sock and one container, then asks
# the real helper (private bus + polkitd) as that user, as nobody and as root.
. "$(dirname "$(readlink -f "$0")")/../lib.sh"

NAME=io.github.tcgui.Helper1
OBJ=/io/github/tcgui/Helper1
TUSER=tcgui-rootless
as_user() {
  local uid; uid=$(id -u $TUSER)
  runuser -u $TUSER -- env XDG_RUNTIME_DIR="/run/user/$uid" HOME="$(eval echo ~$TUSER)" "$@"
}
get_inventory() {
  "$@" gdbus call --system --dest $NAME --object-path $OBJ --method $NAME.GetInventory 2>&1
}

if [ "${1:-}" = --inside ]; then
  HELPER=$2 LOGDIR=$3 CTR=$4 WATCH=$5 TUID=$(id -u $TUSER)
  # TCGUI_HELPER_WRAPPER: a command the helper runs under (tests/faults/rootless: setpriv
  # with the unit's capability set); it must exec the helper.
  ${TCGUI_HELPER_WRAPPER:-} "$HELPER" --verbose --journal "$LOGDIR/journal" --replace --idle-timeout 120 >>"$LOGDIR/helper.log" 2>&1 &
  HPID=$!
  trap 'kill $HPID 2>/dev/null; wait' EXIT
  for _ in $(seq 1200); do
    gdbus introspect --system --dest $NAME --object-path $OBJ >/dev/null 2>&1 && break; sleep 0.05
  done
  out_user=$(get_inventory runuser -u $TUSER --)
  check "$TUSER: GetInventory lists its rootless container $CTR" \
    'grep -q "'"'"'name'"'"': <'"'"'$CTR'"'"'>" <<<"$out_user"'
  check "$TUSER: the container comes from runtime podman-user-$TUID, owner-uid $TUID" \
    'grep -q "'"'"'runtime'"'"': <'"'"'podman-user-$TUID'"'"'>" <<<"$out_user" &&
     grep -q "'"'"'owner-uid'"'"': <uint32 $TUID>" <<<"$out_user"'
  check "$TUSER: the container has a pid: namespace (its PID is in $TUSER's user namespace)" \
    'grep -oE "\{[^{}]*'"'"'name'"'"': <'"'"'$CTR'"'"'>.*" <<<"$out_user" | grep -qE "'"'"'namespace'"'"': <'"'"'pid:[0-9]+:[0-9]+'"'"'>"'
  out_root=$(get_inventory)
  check "root: does not see $TUSER's container" \
    '[[ $out_root == "(uint32 1,"* ]] && ! grep -q "$CTR" <<<"$out_root"'
  check "root: does not see podman-user-$TUID" '! grep -q "podman-user-$TUID" <<<"$out_root"'
  out_nobody=$(get_inventory "$TCGUI_TESTENV/run-as-nobody")
  check "nobody: does not see $TUSER's container" \
    '[[ $out_nobody == "(uint32 1,"* ]] && ! grep -q "$CTR" <<<"$out_nobody"'

  # Live: a second rootless container arrives as a signal to that user's
  # caller only (unicast); root's caller does not get it.
  runuser -u $TUSER -- "$WATCH" "$CTR-2" 20 >"$LOGDIR/watch-user" 2>&1 &
  WU=$!
  "$WATCH" "$CTR-2" 8 >"$LOGDIR/watch-root" 2>&1 &
  WR=$!
  for _ in $(seq 1200); do
    grep -q ready "$LOGDIR/watch-user" && grep -q ready "$LOGDIR/watch-root" && break; sleep 0.05
  done
  as_user podman run -d --name "$CTR-2" localhost/bb:latest sleep infinity >/dev/null
  wait $WU; ru=$?
  wait $WR; rr=$?
  check "$TUSER: a started rootless container arrives in its InventoryChanged (status $ru)" '[ $ru = 0 ]'
  check "root: that container never arrives in root's signals (status $rr)" '[ $rr = 1 ]'
  as_user podman rm -f -t 0 "$CTR-2" >/dev/null 2>&1
  finish
  exit
fi

HELPER=$1 ACTIONS=$2 BUSCONF=$3 WATCH=$4
need_root
need_testenv polkit-bus
need_testenv run-as-nobody
# podman-fixture installs Podman and writes the containers.conf these machines need (testenv
# README); on a fresh machine no engine test may have run yet: bring a set of its own up and
# down once.
if [ ! -f /etc/containers/containers.conf ] && [ -x "$TCGUI_TESTENV/podman-fixture" ]; then
  TESTENV_PREFIX=rl$$ "$TCGUI_TESTENV/podman-fixture" up >/dev/null &&
    TESTENV_PREFIX=rl$$ "$TCGUI_TESTENV/podman-fixture" down >/dev/null
fi
need_cmd podman gdbus runuser useradd
command -v slirp4netns >/dev/null && command -v newuidmap >/dev/null ||
  skip "rootless Podman needs slirp4netns and uidmap (apt-get install slirp4netns uidmap)"
[ -f /etc/containers/containers.conf ] ||
  skip "no /etc/containers/containers.conf (run ../shared/testenv/podman-fixture up once)"

id $TUSER >/dev/null 2>&1 || useradd -m -s /bin/sh $TUSER || skip "cannot create user $TUSER"
TUID=$(id -u $TUSER)
grep -q "^$TUSER:" /etc/subuid || echo "$TUSER:300000:65536" >>/etc/subuid
grep -q "^$TUSER:" /etc/subgid || echo "$TUSER:300000:65536" >>/etc/subgid
chmod 0666 /dev/net/tun                      # rootless networking (testenv README)
XDG=/run/user/$TUID
mkdir -p "$XDG/podman" && chown -R $TUSER: "$XDG" && chmod 700 "$XDG"

LOGDIR=$(mktemp -d /tmp/tcgui-inventory-rootless.XXXXXX)
chmod 755 "$LOGDIR"
CTR=rl$$
if ! as_user podman image exists localhost/bb:latest; then
  r=$(mktemp -d); mkdir -p "$r"/bin "$r"/etc "$r"/proc "$r"/sys "$r"/dev "$r"/tmp
  cp /bin/busybox "$r/bin/" && ln -s busybox "$r/bin/sleep" && ln -s busybox "$r/bin/sh"
  tar -C "$r" -c . | as_user podman import - localhost/bb:latest >/dev/null; rm -rf "$r"
fi
# runuser does not pass SIGTERM on: the service writes its own pid.
SERVICE_PID=$XDG/tcgui-test-podman-service.pid
as_user sh -c 'echo $$ >"$0" && exec podman system service --time=0 "unix://$1"' \
  "$SERVICE_PID" "$XDG/podman/podman.sock" </dev/null >"$LOGDIR/service.log" 2>&1 &
RPID=$!
cleanup() {
  as_user podman rm -f -t 0 $CTR >/dev/null 2>&1
  as_user podman rm -f -t 0 $CTR-2 >/dev/null 2>&1
  [ -s "$SERVICE_PID" ] && kill "$(cat "$SERVICE_PID")" 2>/dev/null
  rm -f "$SERVICE_PID"
  # Rootless Podman's pause process holds the user namespace: ours to end.
  [ -s "$XDG/libpod/tmp/pause.pid" ] && kill "$(cat "$XDG/libpod/tmp/pause.pid")" 2>/dev/null
  wait $RPID 2>/dev/null
  rm -rf "$LOGDIR"
}
trap cleanup EXIT
as_user podman run -d --name $CTR localhost/bb:latest sleep infinity >"$LOGDIR/run.log" 2>&1 ||
  { cat "$LOGDIR/run.log"; skip "rootless podman run failed here"; }
for _ in $(seq 600); do [ -S "$XDG/podman/podman.sock" ] && break; sleep 0.1; done

cat >"$LOGDIR/grant.rules" <<RULES
polkit.addRule(function(action, subject) {
    if (action.id == "io.github.tcgui.inspect" &&
        (subject.user == "$TUSER" || subject.user == "nobody"))
        return polkit.Result.YES;
});
RULES
# An installed identical copy of the actions (build-aux/tcgui-dev run installs one) is what
# polkitd reads anyway, and polkit-bus refuses to copy over it (as tests/ui/ui-lib.sh does).
PB_ACTIONS=(--actions "$ACTIONS")
cmp -s "$ACTIONS" "/usr/share/polkit-1/actions/${ACTIONS##*/}" && PB_ACTIONS=()
"$TCGUI_TESTENV/polkit-bus" --policy "$BUSCONF" "${PB_ACTIONS[@]}" --rules "$LOGDIR/grant.rules" -- \
  "$0" --inside "$HELPER" "$LOGDIR" "$CTR" "$WATCH"; rc=$?
check "the test inside polkit-bus passed (status $rc)" '[ $rc = 0 ]'
check "no sanitizer reports from the helper" '! grep -E "^(==[0-9]+==ERROR|SUMMARY): |runtime error:" "$LOGDIR/helper.log"'
[ $rc = 0 ] || grep -v DEBUG "$LOGDIR/helper.log" | tail -20 | sed 's/^/#   helper: /'
finish
