#!/bin/bash
# test-rootless-caps.sh - rootless Podman under the unit's capability set; hostile user sockets
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage (meson passes these):
#   test-rootless-caps.sh HELPER ACTIONS.policy BUS.conf INVENTORY-WATCH UNIT DISCOVERY-TEST
# The helper runs as systemd would run it from UNIT: root with the unit's
# CapabilityBoundingSet (and AmbientCapabilities) only, no new privileges, no
# supplementary groups (setpriv), in a mount namespace with the unit's view of /proc
# (ProtectProc=ptraceable) and of the homes and /run/user (ProtectHome=, BindReadOnlyPaths=). Phase 1 is tests/discovery/test-inventory-rootless.sh
# with the helper so wrapped: the user's rootless containers are discovered (the helper
# has no CAP_DAC_OVERRIDE: it reaches the 0600 socket with the user's fsuid). Phase 2:
# the user's socket is a symlink to a root-only socket, then to root's Podman socket;
# neither is ever connected to, the helper stays alive and serves root.
. "$(dirname "$(readlink -f "$0")")/../../lib.sh"

NAME=io.github.tcgui.Helper1
OBJ=/io/github/tcgui/Helper1
TUSER=tcgui-rootless

# unit_caps KEY: "+cap_a,+cap_b" from the unit's KEY= lines ("" when none).
unit_caps() {
  sed -n "s/^$1=//p" "$UNIT" | tr ' ' '\n' | sed -n 's/^CAP_\(.*\)$/+\L\1/p' | paste -sd, -
}
unit_has() { grep -qx "$1" "$UNIT"; }
# write_wrapper FILE: a script that sets up what of the unit's sandbox bears on reaching
# sockets and processes (run it in a mount namespace of its own: unshare -m), then execs
# its arguments under the unit's capabilities.
write_wrapper() {
  local bounding ambient
  bounding=$(unit_caps CapabilityBoundingSet) ambient=$(unit_caps AmbientCapabilities)
  {
    echo '#!/bin/sh'
    echo 'set -e'
    unit_has ProtectProc=ptraceable && echo 'mount -t proc -o hidepid=ptraceable proc /proc'
    unit_has ProtectHome=tmpfs && echo 'for d in /home /root; do mount -t tmpfs -o ro tmpfs $d; done'
    unit_has ProtectHome=read-only && echo 'for d in /home /root /run/user; do mount --rbind $d $d; mount -o remount,bind,ro $d; done'
    { unit_has BindReadOnlyPaths=/run/user || unit_has BindReadOnlyPaths=-/run/user; } && echo 'mount --rbind /run/user /run/user; mount -o remount,bind,ro /run/user'
    echo "exec setpriv --no-new-privs --clear-groups --bounding-set=-all${bounding:+,$bounding}" \
         "--inh-caps=-all${ambient:+,$ambient} --ambient-caps=-all${ambient:+,$ambient} -- \"\$@\""
  } >"$1"
  chmod 755 "$1"
}
get_inventory() {
  "$@" gdbus call --system --dest $NAME --object-path $OBJ --method $NAME.GetInventory 2>&1
}
# cap_bit PID N: is capability N in PID's effective set?
cap_bit() {
  local eff; eff=$(sed -n 's/^CapEff:\t//p' "/proc/$1/status") && [ -n "$eff" ] || return 2
  (( (0x$eff >> $2) & 1 ))
}

if [ "${1:-}" = --inside ]; then
  HELPER=$2 LOGDIR=$3 TUID=$(id -u $TUSER)
  SOCK=/run/user/$TUID/podman/podman.sock
  $WRAPPER "$HELPER" --verbose --journal "$LOGDIR/journal" --replace --idle-timeout 120 \
    >>"$LOGDIR/helper.log" 2>&1 &
  HPID=$!
  trap 'kill $HPID 2>/dev/null; wait' EXIT
  for _ in $(seq 100); do
    gdbus introspect --system --dest $NAME --object-path $OBJ >/dev/null 2>&1 && break; sleep 0.05
  done
  check "the helper (pid $HPID) is on the bus" \
    'gdbus introspect --system --dest $NAME --object-path $OBJ >/dev/null 2>&1 && kill -0 $HPID'
  check "the helper has no CAP_DAC_OVERRIDE (1) nor CAP_DAC_READ_SEARCH (2)" \
    'cap_bit $HPID 1; [ $? = 1 ] && { cap_bit $HPID 2; [ $? = 1 ]; }'
  check "the helper has the unit's CAP_NET_ADMIN (12) and CAP_SETUID (7)" 'cap_bit $HPID 12 && cap_bit $HPID 7'

  n=0
  for target in "$LOGDIR/root-only.sock" /run/podman/podman.sock; do
    [ -S "$target" ] || { echo "# no $target here: case skipped"; continue; }
    n=$((n + 1))
    ln -sfn "$target" "$SOCK" && chown -h $TUSER: "$SOCK"
    out_user=$(get_inventory runuser -u $TUSER --)
    check "$TUSER (socket -> $target): GetInventory answers" '[[ $out_user == "(uint32 1,"* ]]'
    # The runtime's attempt is refused (symlink), and retried on its timer: wait for two.
    for _ in $(seq 200); do
      [ "$(grep -c "$SOCK is not a socket owned by uid $TUID" "$LOGDIR/helper.log")" -ge $((2 * n)) ] && break
      sleep 0.1
    done
    check "the helper refused $SOCK -> $target (not a socket owned by uid $TUID)" \
      '[ "$(grep -c "$SOCK is not a socket owned by uid $TUID" "$LOGDIR/helper.log")" -ge $((2 * n)) ]'
    out_user=$(get_inventory runuser -u $TUSER --)
    # Its only item is the runtime itself, unavailable, saying why.
    check "$TUSER: podman-user-$TUID has no item but itself, and says why" \
      '[ "$(grep -o "'"'"'owner-uid'"'"'" <<<"$out_user" | wc -l)" = 1 ] &&
       grep -q "not a socket owned by uid $TUID" <<<"$out_user"'
    check "the helper is alive" 'kill -0 $HPID'
  done
  check "the root-only socket never saw a connection" '[ ! -s "$LOGDIR/accepted" ]'
  [ -S /run/podman/podman.sock ] &&
    check "root's Podman was never asked by the user's runtime" \
      '! grep -q "podman-user-$TUID: connected" "$LOGDIR/helper.log"'
  out_root=$(get_inventory)
  check "root is still served" '[[ $out_root == "(uint32 1,"* ]]'
  rm -f "$SOCK"
  finish
  exit
fi

HELPER=$1 ACTIONS=$2 BUSCONF=$3 WATCH=$4 UNIT=$5 DISCOVERY=$6
need_root
need_testenv polkit-bus
need_cmd setpriv python3 runuser gdbus
[ -f "$UNIT" ] || skip "no unit $UNIT"
grep -q '^CapabilityBoundingSet=' "$UNIT" || skip "$UNIT has no CapabilityBoundingSet="
WRAP=$(mktemp /tmp/tcgui-rootless-caps-wrap.XXXXXX)
trap 'rm -f "$WRAP"' EXIT
write_wrapper "$WRAP"
WRAPPER="unshare -m --propagation slave $WRAP"
echo "# the helper runs under: $WRAPPER:"; sed 's/^/#   /' "$WRAP"

# Phase 1: discovery, as in tests/discovery, under the unit's capabilities.
TCGUI_HELPER_WRAPPER=$WRAPPER run_phase "$DISCOVERY" "$HELPER" "$ACTIONS" "$BUSCONF" "$WATCH"; rc=$?
[ $rc = 77 ] && skip "the rootless discovery test skipped (see above)"
check "phase 1: $TUSER's rootless containers are discovered under the unit's capabilities (status $rc)" \
  '[ $rc = 0 ]'

# Phase 2: hostile sockets. The user (set up by phase 1) has no podman service now.
TUID=$(id -u $TUSER)
[ -d /run/user/$TUID/podman ] || skip "no /run/user/$TUID/podman (phase 1 did not set up $TUSER)"
LOGDIR=$(mktemp -d /tmp/tcgui-rootless-caps.XXXXXX)
chmod 755 "$LOGDIR"
# A root-only socket the user's fsuid cannot connect to (0600, root), in a directory it can
# search: it logs each connection it accepts.
python3 - "$LOGDIR/root-only.sock" "$LOGDIR/accepted" <<'PY' &
import os, socket, sys
s = socket.socket(socket.AF_UNIX)
os.umask(0o177)
s.bind(sys.argv[1]); s.listen(8)
while True:
    c, _ = s.accept()
    open(sys.argv[2], "a").write("accepted\n"); c.close()
PY
LPID=$!
for _ in $(seq 100); do [ -S "$LOGDIR/root-only.sock" ] && break; sleep 0.05; done
cleanup() {
  kill $LPID 2>/dev/null; wait $LPID 2>/dev/null
  rm -f "/run/user/$TUID/podman/podman.sock"
  rm -rf "$LOGDIR" "$WRAP"
}
trap cleanup EXIT
cat >"$LOGDIR/grant.rules" <<RULES
polkit.addRule(function(action, subject) {
    if (action.id == "io.github.tcgui.inspect" && subject.user == "$TUSER")
        return polkit.Result.YES;
});
RULES
PB_ACTIONS=(--actions "$ACTIONS")
cmp -s "$ACTIONS" "/usr/share/polkit-1/actions/${ACTIONS##*/}" && PB_ACTIONS=()
run_phase "$TCGUI_TESTENV/polkit-bus" --policy "$BUSCONF" "${PB_ACTIONS[@]}" --rules "$LOGDIR/grant.rules" -- \
  env WRAPPER="$WRAPPER" "$0" --inside "$HELPER" "$LOGDIR"; rc=$?
check "phase 2: hostile sockets (status $rc)" '[ $rc = 0 ]'
check "no sanitizer reports from the helper" '! grep -E "^(==[0-9]+==ERROR|SUMMARY): |runtime error:" "$LOGDIR/helper.log"'
[ $rc = 0 ] || grep -v DEBUG "$LOGDIR/helper.log" | tail -20 | sed 's/^/#   helper: /'
finish
