#!/bin/bash
# test-rules-rootless.sh HELPER ACTIONS.policy BUS.conf HELPER-CALL - a rule for a user's own
# rootless Podman container ("runtime": "podman-user") is applied to it, is private to that
# user: invisible to root and to uid 65534 in ListRules, and neither can be replaced nor
# deleted by uid 65534 (granted `shape` here, so that the refusal is the helper's, not
# polkit's); its owner deletes it and its tbf goes.
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# As root: creates (once) the user tcgui-rootless with subordinate ids (as
# tests/discovery/test-inventory-rootless.sh does), runs that user's `podman system service`
# and one container, then the real helper on a private bus with polkitd.
. "$(dirname "$(readlink -f "$0")")/../lib.sh"

TUSER=tcgui-rootless
RATE=1234000 RATE_B=154250
as_user() {
  local uid; uid=$(id -u $TUSER)
  runuser -u $TUSER -- env XDG_RUNTIME_DIR="/run/user/$uid" HOME="$(eval echo ~$TUSER)" "$@"
}
# tbf_rate PID: the rate (bytes/s) of a root tbf on any interface of PID's namespace
tbf_rate() {
  nsenter -t "$1" -n tc -j qdisc show 2>/dev/null |
    jq -r '[.[] | select(.root == true and .kind == "tbf") | .options.rate] | first // empty'
}
wait_rate() {
  local i
  for ((i = 0; i < 600; i++)); do [ "$(tbf_rate "$1")" = "$2" ] && return 0; sleep 0.1; done
  echo "#   tbf rate '$(tbf_rate "$1")', expected '$2'"; return 1
}

if [ "${1:-}" = --inside ]; then
  HELPER=$2 LOGDIR=$3 CTR=$4 CALL=$5 WATCH=$6
  "$HELPER" --verbose --replace --idle-timeout 120 --journal "$LOGDIR/journal" \
    --rules "$LOGDIR/rules.json" >>"$LOGDIR/helper.log" 2>&1 &
  HPID=$!
  trap 'kill $HPID $(jobs -p) 2>/dev/null; wait' EXIT
  gdbus wait --system --timeout 30 io.github.tcgui.Helper1
  pid=$(as_user podman inspect -f '{{.State.Pid}}' "$CTR")
  # RulesChanged listeners: the owner's and root's.
  runuser -u $TUSER -- "$WATCH" 120 >"$LOGDIR/watch-user" 2>&1 &
  "$WATCH" 120 >"$LOGDIR/watch-root" 2>&1 &
  for _ in $(seq 300); do
    grep -q ready "$LOGDIR/watch-user" && grep -q ready "$LOGDIR/watch-root" && break; sleep 0.1
  done

  out=$(runuser -u $TUSER -- "$CALL" SetRule "({'name': <'mine'>, 'selector': <{'kind': <'container'>,
          'container-name': <'$CTR'>, 'runtime': <'podman-user'>}>, 'outgoing': <{'rate-bps': <uint64 $RATE>}>},)" 2>&1)
  id=$(tr -d "'" <<<"$out")
  check "$TUSER: SetRule for its rootless $CTR → $id" '[[ $id =~ ^r[0-9a-f]{16}$ ]]'
  check "$TUSER's rootless container gets the rule's tbf" wait_rate "$pid" $RATE_B
  out=$(runuser -u $TUSER -- "$CALL" ListRules 2>&1)
  check "$TUSER: ListRules shows it, owner-uid $(id -u $TUSER), applied" \
    'grep "^id=$id " <<<"$out" | grep -q "owner-uid=$(id -u $TUSER) " && grep "^id=$id " <<<"$out" | grep -q "'"'"'state'"'"': <'"'"'applied'"'"'>"'
  out=$("$CALL" ListRules 2>&1)
  check "root: ListRules does not show it" '! grep -q "$id" <<<"$out"'
  check "$TUSER's RulesChanged told it the rule was applied" 'grep -qx "changed $id applied" "$LOGDIR/watch-user"'
  check "root's RulesChanged never carried it" '! grep -q "$id" "$LOGDIR/watch-root"'
  out=$("$TCGUI_TESTENV/run-as-nobody" "$CALL" ListRules 2>&1)
  check "nobody: ListRules does not show it" '[[ $out != error* ]] && ! grep -q "$id" <<<"$out"'
  out=$("$TCGUI_TESTENV/run-as-nobody" "$CALL" SetRule "({'id': <'$id'>, 'name': <'stolen'>,
          'selector': <{'kind': <'container'>, 'container-name': <'$CTR'>}>},)" 2>&1)
  check "nobody (with shape): cannot replace it → NoSuchRule ($out)" \
    '[[ $out == "error: io.github.tcgui.Error.NoSuchRule: "* ]]'
  out=$("$TCGUI_TESTENV/run-as-nobody" "$CALL" DeleteRule "('$id',)" 2>&1)
  check "nobody (with shape): cannot delete it → NoSuchRule ($out)" \
    '[[ $out == "error: io.github.tcgui.Error.NoSuchRule: "* ]]'
  check "the rule and its tbf are still there" \
    'runuser -u $TUSER -- "$CALL" ListRules | grep -q "^id=$id name=mine " && [ "$(tbf_rate $pid)" = $RATE_B ]'
  out=$(runuser -u $TUSER -- "$CALL" DeleteRule "('$id',)" 2>&1)
  check "$TUSER: deletes its rule ($out)" '[ -z "$out" ]'
  check "and the tbf goes" wait_rate "$pid" ""
  for _ in $(seq 100); do grep -q "removed $id" "$LOGDIR/watch-user" && break; sleep 0.1; done
  check "$TUSER's RulesChanged said it was removed, root's did not" \
    'grep -qx "removed $id" "$LOGDIR/watch-user" && ! grep -q "$id" "$LOGDIR/watch-root"'

  # status_clean ID STATE: the rule is in STATE and its status names no place (the selector
  # itself names the container: only the status counts)
  status_clean() {
    local line; line=$("$CALL" ListRules | grep "^id=$1 ")
    [[ $line == *"'state': <'$2'>"* && $line == *"'applied': <@aa{sv} []>"* && $line != *"pid:$pid:"* ]]
  }
  # A public rule (no runtime) never matches a rootless container, not even its owner's: so
  # taking it over (another uid that replaces it becomes its owner) reaches nothing private,
  # and its status, which everybody reads, never names one.
  out=$(runuser -u $TUSER -- "$CALL" SetRule "({'name': <'public'>, 'selector': <{'kind': <'container'>,
          'container-name': <'$CTR'>}>, 'outgoing': <{'rate-bps': <uint64 $RATE>}>},)" 2>&1)
  pub=$(tr -d "'" <<<"$out")
  check "$TUSER: a public rule naming $CTR → $pub" '[[ $pub =~ ^r[0-9a-f]{16}$ ]]'
  for _ in $(seq 100); do grep -qx "changed $pub waiting" "$LOGDIR/watch-root" && break; sleep 0.1; done
  check "root sees it, in state waiting, its status naming no container" status_clean "$pub" waiting
  check "and $CTR has no tbf" '[ -z "$(tbf_rate $pid)" ]'
  out=$("$TCGUI_TESTENV/run-as-nobody" "$CALL" SetRule "({'id': <'$pub'>, 'name': <'taken'>,
          'selector': <{'kind': <'container'>, 'container-name': <'$CTR'>}>,
          'outgoing': <{'rate-bps': <uint64 $RATE>}>},)" 2>&1)
  check "nobody replaces $TUSER's public rule ($out)" '[ "$(tr -d "'"'"'" <<<"$out")" = "$pub" ]'
  check "nobody owns it now (owner-uid 65534), its status names no private container" \
    '"$CALL" ListRules | grep "^id=$pub " | grep -q "owner-uid=65534 " && status_clean "$pub" "waiting"'
  check "and $CTR still has no tbf" '[ -z "$(tbf_rate $pid)" ]'
  out=$("$CALL" DeleteRule "('$pub',)" 2>&1)
  check "root deletes it ($out)" '[ -z "$out" ]'
  finish
  exit
fi

HELPER=$1 ACTIONS=$2 BUSCONF=$3 CALL=$4 WATCH=$5
need_root
need_testenv polkit-bus
need_testenv run-as-nobody
need_cmd podman gdbus runuser useradd nsenter tc jq
command -v slirp4netns >/dev/null && command -v newuidmap >/dev/null ||
  skip "rootless Podman needs slirp4netns and uidmap (apt-get install slirp4netns uidmap)"
[ -f /etc/containers/containers.conf ] ||
  skip "no /etc/containers/containers.conf (run ../shared/testenv/podman-fixture up once)"
id $TUSER >/dev/null 2>&1 || useradd -m -s /bin/sh $TUSER || skip "cannot create user $TUSER"
TUID=$(id -u $TUSER)
grep -q "^$TUSER:" /etc/subuid || echo "$TUSER:300000:65536" >>/etc/subuid
grep -q "^$TUSER:" /etc/subgid || echo "$TUSER:300000:65536" >>/etc/subgid
chmod 0666 /dev/net/tun
XDG=/run/user/$TUID
mkdir -p "$XDG/podman" && chown -R $TUSER: "$XDG" && chmod 700 "$XDG"
[ -S "$XDG/podman/podman.sock" ] && skip "$TUSER's Podman service is already running (another test uses it)"

LOGDIR=$(mktemp -d /tmp/tcgui-rules-rootless.XXXXXX)
chmod 755 "$LOGDIR"
CTR=rr$$
if ! as_user podman image exists localhost/bb:latest; then
  r=$(mktemp -d); mkdir -p "$r"/bin "$r"/etc "$r"/proc "$r"/sys "$r"/dev "$r"/tmp
  cp /bin/busybox "$r/bin/" && ln -s busybox "$r/bin/sleep" && ln -s busybox "$r/bin/sh"
  tar -C "$r" -c . | as_user podman import - localhost/bb:latest >/dev/null; rm -rf "$r"
fi
SERVICE_PID=$XDG/tcgui-test-podman-service.pid
as_user sh -c 'echo $$ >"$0" && exec podman system service --time=0 "unix://$1"' \
  "$SERVICE_PID" "$XDG/podman/podman.sock" </dev/null >"$LOGDIR/service.log" 2>&1 &
RPID=$!
cleanup() {
  as_user podman rm -f -t 0 $CTR >/dev/null 2>&1
  [ -s "$SERVICE_PID" ] && kill "$(cat "$SERVICE_PID")" 2>/dev/null
  rm -f "$SERVICE_PID"
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
    if ((action.id == "io.github.tcgui.inspect" || action.id == "io.github.tcgui.shape") &&
        (subject.user == "$TUSER" || subject.user == "nobody"))
        return polkit.Result.YES;
});
RULES
PB_ACTIONS=(--actions "$ACTIONS")
cmp -s "$ACTIONS" "/usr/share/polkit-1/actions/${ACTIONS##*/}" && PB_ACTIONS=()
"$TCGUI_TESTENV/polkit-bus" --policy "$BUSCONF" "${PB_ACTIONS[@]}" --rules "$LOGDIR/grant.rules" -- \
  "$0" --inside "$(readlink -f "$HELPER")" "$LOGDIR" "$CTR" "$(readlink -f "$CALL")" \
  "$(readlink -f "$WATCH")"; rc=$?
check "the test inside polkit-bus passed (status $rc)" '[ $rc = 0 ]'
check "no sanitizer reports from the helper" '! grep -E "^(==[0-9]+==ERROR|SUMMARY): |runtime error:" "$LOGDIR/helper.log"'
grep -A12 -E "^(Direct|Indirect) leak" "$LOGDIR/helper.log" | grep -E "leak|#[0-9]+ " | head -60 | sed 's/^/#   helper: /'
[ $rc = 0 ] || grep -v "DEBUG\|GSocketClient" "$LOGDIR/helper.log" | tail -20 | sed 's/^/#   helper: /'
[ $rc = 0 ] || grep "rules" "$LOGDIR/helper.log" | tail -20 | sed 's/^/#   helper: /'
finish
