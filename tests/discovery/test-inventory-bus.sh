#!/bin/bash
# test-inventory-bus.sh - GetInventory and InventoryChanged through the real helper on a
# private system bus with a real polkitd, against a real dockerd (../shared/testenv).
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage (meson passes these): test-inventory-bus.sh HELPER ACTIONS.policy BUS.conf RULES WATCH
. "$(dirname "$(readlink -f "$0")")/../lib.sh"

NAME=io.github.tcgui.Helper1
OBJ=/io/github/tcgui/Helper1

get_inventory() {   # get_inventory [run-as-nobody]
  "$@" gdbus call --system --dest $NAME --object-path $OBJ --method $NAME.GetInventory 2>&1
}

# ---------------------------------------------------------------- inside polkit-bus
if [ "${1:-}" = --inside ]; then
  HELPER=$2 LOGDIR=$3 P=$4 WATCH=$5
  "$HELPER" --verbose --journal "$LOGDIR/journal" --replace --idle-timeout 120 >>"$LOGDIR/helper.log" 2>&1 &
  HPID=$!
  trap 'kill $HPID 2>/dev/null; kill $MPID $BPID 2>/dev/null; wait' EXIT
  for _ in $(seq 1200); do
    gdbus introspect --system --dest $NAME --object-path $OBJ >/dev/null 2>&1 && break; sleep 0.05
  done

  start=$(date +%s%N)
  out=$(get_inventory)
  echo "# first GetInventory (helper just started): $(( ($(date +%s%N) - start) / 1000000 )) ms"
  check "root: GetInventory answers (version 1)" '[[ $out == "(uint32 1, uint64 "* ]]'
  for c in a b c; do
    check "root: container $P-$c is listed (and the answer has the image and pid: namespaces)" \
      'grep -qE "'"'"'name'"'"': <'"'"'$P-$c'"'"'>" <<<"$out" && grep -q "localhost/bb:latest" <<<"$out" &&
       grep -qE "'"'"'namespace'"'"': <'"'"'pid:[0-9]+:[0-9]+'"'"'>" <<<"$out"'
  done
  check "root: network $P-int is listed as internal" \
    'grep -oE "\{[^{}]*'"'"'name'"'"': <'"'"'$P-int'"'"'>[^{}]*\}" <<<"$out" | grep -q "'"'"'internal'"'"': <true>"'

  # InventoryChanged is unicast to the callers of GetInventory: a client that has called it
  # (inventory-watch) receives the changes, a bystander on the bus (gdbus monitor, which
  # only subscribes) receives none of them.
  "$WATCH" --print 120 >"$LOGDIR/monitor" 2>&1 &
  MPID=$!
  gdbus monitor --system --dest $NAME --object-path $OBJ >"$LOGDIR/bystander" 2>&1 &
  BPID=$!
  for _ in $(seq 1200); do grep -q ready "$LOGDIR/monitor" && break; sleep 0.05; done
  docker run -d --name "$P-d" --label "io.github.tcgui.testenv=$P" --network "$P-net" \
    localhost/bb:latest sleep infinity >/dev/null
  for _ in $(seq 600); do grep -q "'$P-d'" "$LOGDIR/monitor" && break; sleep 0.1; done
  check "a started container arrives in an InventoryChanged signal" \
    'grep "InventoryChanged" "$LOGDIR/monitor" | grep -q "'"'"'$P-d'"'"'"'
  docker rm -f "$P-d" >/dev/null
  for _ in $(seq 600); do grep -q "'container:docker:[0-9a-f]*'\]" "$LOGDIR/monitor" && break; sleep 0.1; done
  check "a container removal arrives as a removed key" 'grep -q "InventoryChanged.*\[.container:docker:[0-9a-f]*.\]" "$LOGDIR/monitor"'

  # Named namespaces: /run/netns is watched.
  ip netns add "$P-ns"
  for _ in $(seq 600); do grep -q "'netns:$P-ns'" "$LOGDIR/monitor" && break; sleep 0.1; done
  check "ip netns add: netns:$P-ns arrives in InventoryChanged" 'grep -q "'"'"'netns:$P-ns'"'"'" "$LOGDIR/monitor"'
  ip netns del "$P-ns"
  for _ in $(seq 600); do [ "$(grep -c "'netns:$P-ns'" "$LOGDIR/monitor")" -ge 2 ] && break; sleep 0.1; done
  check "ip netns del: netns:$P-ns is removed" \
    'grep "InventoryChanged" "$LOGDIR/monitor" | grep -q "\[.netns:$P-ns.\]"'

  # "Other": a process in a cgroup named like a container of an unknown
  # runtime, in its own network namespace, that no API reports.
  OTHER=$(printf '%064x' $$)
  CG=/sys/fs/cgroup/pids/tcgui-test-$$/$OTHER
  if mkdir -p "$CG" 2>/dev/null; then
    unshare -n sleep 300 </dev/null >/dev/null 2>&1 &
    SPID=$!
    # (Until unshare has run it is in the host's namespace: listed as "host".)
    wait_own_netns $SPID || fail "unshare -n did not give sleep a namespace of its own"
    echo $SPID >"$CG/cgroup.procs"
    out=$(get_inventory)
    check "other: GetInventory lists container:other:$OTHER with its pid: namespace" \
      'grep -oE "\{[^{}]*'"'"'key'"'"': <'"'"'container:other:$OTHER'"'"'>[^{}]*" <<<"$out" |
       grep -qE "'"'"'namespace'"'"': <'"'"'pid:$SPID:[0-9]+'"'"'>"'
    kill $SPID; wait $SPID 2>/dev/null
    for _ in $(seq 600); do grep -q "\[.container:other:$OTHER.\]" "$LOGDIR/monitor" && break; sleep 0.1; done
    check "other: its exit is noticed (pidfd) and it is removed" \
      'grep -q "\[.container:other:$OTHER.\]" "$LOGDIR/monitor"'
    rmdir "$CG" "$(dirname "$CG")"
  else
    echo "# other: cannot create a cgroup under /sys/fs/cgroup/pids here: not checked"
  fi
  grep -c "^InventoryChanged" "$LOGDIR/monitor" | sed 's/^/# InventoryChanged signals to the GetInventory caller: /'
  check "a bystander that never called GetInventory received none of them" \
    'kill -0 $BPID && grep -q "^Monitoring signals" "$LOGDIR/bystander" &&
     ! grep -q "InventoryChanged" "$LOGDIR/bystander"'

  # A user's rootless Podman is that user's: nobody sees their own runtime
  # item (there is no podman socket for 65534 here, so it is unavailable),
  # root does not see it.
  # nobody's "rootless Podman socket" leads to root's dockerd: the helper
  # must notice that the daemon is not nobody's (SO_PEERCRED) and refuse it.
  NOBODY_RUN=/run/user/65534
  made_run=false
  [ -e $NOBODY_RUN ] || { mkdir -p $NOBODY_RUN/podman && made_run=true; }
  [ -e $NOBODY_RUN/podman/podman.sock ] || ln -s /var/run/docker.sock $NOBODY_RUN/podman/podman.sock
  out_nobody=$(get_inventory "$TCGUI_TESTENV/run-as-nobody")
  rm -f $NOBODY_RUN/podman/podman.sock
  $made_run && rm -rf $NOBODY_RUN
  check "nobody: a socket that leads to a daemon of another uid is refused (runtime unavailable)" \
    'grep -oE "\{[^{}]*'"'"'key'"'"': <'"'"'runtime:podman-user-65534'"'"'>[^{}]*\}" <<<"$out_nobody" |
     grep -q "'"'"'available'"'"': <false>"'
  check "nobody: no container arrives through that socket" \
    '! grep -q "'"'"'runtime'"'"': <'"'"'podman-user-65534'"'"'>" <<<"$out_nobody"'

  check "nobody (inspect granted): GetInventory lists the containers too" \
    'grep -q "'"'"'$P-a'"'"'" <<<"$out_nobody"'
  check "nobody: its own rootless runtime item is there" \
    'grep -q "runtime:podman-user-65534" <<<"$out_nobody"'
  check "root: nobody's rootless runtime is not visible to root" \
    '! get_inventory | grep -q "podman-user-65534"'
  check "the helper is still running" 'kill -0 $HPID'
  kill $HPID; wait $HPID; hrc=$?
  check "the helper exited cleanly on SIGTERM (status $hrc)" '[ $hrc = 0 ]'
  finish
  exit
fi

# ---------------------------------------------------------------- outside
HELPER=$1 ACTIONS=$2 BUSCONF=$3 RULES=$4 WATCH=$5
need_root
need_testenv polkit-bus
need_testenv docker-fixture
need_testenv run-as-nobody
need_cmd gdbus
LOGDIR=$(mktemp -d /tmp/tcgui-inventory-bus.XXXXXX)
chmod 755 "$LOGDIR"
export TESTENV_PREFIX=tb$$
"$TCGUI_TESTENV/docker-fixture" up >/dev/null || skip "docker-fixture up failed"
trap '"$TCGUI_TESTENV/docker-fixture" down >/dev/null 2>&1; docker rm -f "$TESTENV_PREFIX-d" >/dev/null 2>&1
      ip netns del "$TESTENV_PREFIX-ns" 2>/dev/null; rm -rf "$LOGDIR"' EXIT

# An installed identical copy of the actions (build-aux/tcgui-dev run installs one) is what
# polkitd reads anyway, and polkit-bus refuses to copy over it (as tests/ui/ui-lib.sh does).
PB_ACTIONS=(--actions "$ACTIONS")
cmp -s "$ACTIONS" "/usr/share/polkit-1/actions/${ACTIONS##*/}" && PB_ACTIONS=()
"$TCGUI_TESTENV/polkit-bus" --policy "$BUSCONF" "${PB_ACTIONS[@]}" --rules "$RULES" -- \
  "$0" --inside "$HELPER" "$LOGDIR" "$TESTENV_PREFIX" "$WATCH"; rc=$?
check "the test inside polkit-bus passed (status $rc)" '[ $rc = 0 ]'
check "the helper logged no GLib warning or critical" '! grep -E "(WARNING|CRITICAL) \*\*" "$LOGDIR/helper.log"'
check "no sanitizer reports from the helper" '! grep -E "^(==[0-9]+==ERROR|SUMMARY): |runtime error:" "$LOGDIR/helper.log"'
[ $rc = 0 ] || sed 's/^/#   helper: /' "$LOGDIR/helper.log" | grep -v DEBUG | tail -20
finish
