#!/bin/bash
# test-rules-engines.sh HELPER ACTIONS.policy BUS.conf HELPER-CALL - rules owned by the helper,
# with no app running, on real Docker and Podman containers (../shared/testenv fixtures, a
# prefix of this test's own) and a real private bus with polkitd: a rule for this test's own
# tag of the busybox image puts its tbf on the container's interface of the rule's network
# (read back from the kernel inside the container) on `docker run`, `podman run`, `docker
# restart`, re-creation with the same name, after the helper was SIGKILLed and started again;
# a rule that expired while the helper was down is cleared when it starts; SetShaping by hand
# makes a rule "overridden" until the next start; `shape` denied refuses a rule and stores
# nothing; a corrupt rules file is moved aside and reported by GetCapabilities.
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
source "$(dirname "$(readlink -f "$0")")/../lib.sh"

DEADLINE=60     # seconds; generous: the speed is the benchmark's (tests/bench)
RATE=1234000    # bit/s: the kernel's tbf shows 154250 bytes/s
RATE_B=154250
RATE2=800000    # the container rule that expires: 100000 bytes/s

call() { "$HELPER_CALL" "$@" 2>&1; }
# pid_of ENGINE CONTAINER
pid_of() { "$1" inspect -f '{{.State.Pid}}' "$2" 2>/dev/null; }
# tbf_rate ENGINE CONTAINER DEV: the rate (bytes/s) of DEV's root tbf inside the container
tbf_rate() {
  local pid; pid=$(pid_of "$1" "$2")
  [ -n "$pid" ] && [ "$pid" != 0 ] || return 0
  nsenter -t "$pid" -n tc -j qdisc show dev "$3" 2>/dev/null |
    jq -r '.[] | select(.root == true and .kind == "tbf") | .options.rate'
}
# dev_on ENGINE CONTAINER NETWORK: the container's interface on NETWORK, found by its MAC
dev_on() {
  local pid mac
  pid=$(pid_of "$1" "$2")
  mac=$("$1" inspect -f "{{(index .NetworkSettings.Networks \"$3\").MacAddress}}" "$2")
  nsenter -t "$pid" -n ip -j link show | jq -r --arg m "$mac" '.[] | select(.address == $m) | .ifname'
}
# wait_rate ENGINE CONTAINER DEV EXPECTED: until the tbf rate is EXPECTED ("" = none)
wait_rate() {
  local i
  for ((i = 0; i < DEADLINE * 10; i++)); do
    [ "$(tbf_rate "$1" "$2" "$3")" = "$4" ] && return 0
    sleep 0.1
  done
  echo "#   $2 $3: tbf rate '$(tbf_rate "$1" "$2" "$3")', expected '$4'"
  return 1
}
# wait_state ID STATE: until ListRules says the rule ID is in STATE
wait_state() {
  local i
  for ((i = 0; i < DEADLINE * 10; i++)); do
    call ListRules | grep "^id=$1 " | grep -q "'state': <'$2'>" && return 0
    sleep 0.1
  done
  echo "#   $1: $(call ListRules | grep "^id=$1 " | grep -o "'state': <'[a-z]*'>")"
  return 1
}
# wait_line LINE: until rules-watch printed LINE
wait_line() {
  local i
  for ((i = 0; i < DEADLINE * 10; i++)); do grep -qx "$1" "$tmp/watch" && return 0; sleep 0.1; done
  return 1
}
# start_watch: a RulesChanged listener of the running helper (a caller of its ListRules)
start_watch() {
  [ -n "${wpid:-}" ] && kill "$wpid" 2>/dev/null
  "$RULES_WATCH" 600 >"$tmp/watch" 2>&1 &
  wpid=$!
  echo $wpid >>"$tmp/pids"
  for _ in $(seq 300); do grep -q ready "$tmp/watch" && break; sleep 0.1; done
}
start_helper() {
  "$HELPER" --verbose --replace --idle-timeout "${IDLE:-600}" --journal "$tmp/journal" \
    --rules "$tmp/rules.json" >>"$tmp/helper.log" 2>&1 &
  hpid=$!
  echo "$hpid" >>"$tmp/pids"
  gdbus wait --system --timeout 30 io.github.tcgui.Helper1 || return 1
  # The name appears as soon as it is owned; wait for this helper's.
  for _ in $(seq 300); do
    [ "$(gdbus call --system --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
         --method org.freedesktop.DBus.GetConnectionUnixProcessID io.github.tcgui.Helper1 2>/dev/null |
         sed -n 's/^(uint32 \([0-9]*\),)$/\1/p')" = "$hpid" ] && return 0
    sleep 0.1
  done
  return 1
}
image_rule() {
  echo "({'name': <'slow bb $p'>, 'selector': <{'kind': <'image'>, 'image': <'localhost/bb:$p'>,
          'network': <'$p-net'>}>, 'outgoing': <{'rate-bps': <uint64 $RATE>}>},)"
}

inner() {
  local out id id2 id3 pid dev other rc
  start_helper; rc=$?
  check "the helper owns the name on the private bus" '[ $rc = 0 ]'
  start_watch

  # shape denied: refused, nothing stored
  out=$("$TCGUI_TESTENV/run-as-nobody" "$HELPER_CALL" SetRule "$(image_rule)" 2>&1)
  check "nobody: SetRule → NotAuthorized ($out)" '[[ $out == "error: io.github.tcgui.Error.NotAuthorized: "* ]]'
  check "nothing stored: no rules file, ListRules empty" \
    '[ ! -e "$tmp/rules.json" ] && [ "$(call ListRules)" = 0 ]'
  out=$(call SetRule "({'name': <'x'>, 'selector': <{'kind': <'image'>}>},)")
  check "a malformed rule → InvalidArgument naming selector.image ($out)" \
    '[[ $out == "error: io.github.tcgui.Error.InvalidArgument: "*selector.image* ]]'

  # One SetRule in flight per uid: 12 at once from root are each stored (an id) or refused
  # with Busy naming the limit, and exactly the ones that got an id are stored. (Whether any
  # is refused depends on timing: counted, not asserted.)
  burst=()
  for i in $(seq 12); do
    call SetRule "({'name': <'burst $i'>, 'selector': <{'kind': <'host'>, 'interface': <'$p-b$i'>}>},)" \
      >"$tmp/burst.$i" &
    burst+=($!)
  done
  wait "${burst[@]}"   # only these: the helper and the watcher run in the background too
  ok=0 busy=0 bad=0
  for i in $(seq 12); do
    if grep -qE "^'r[0-9a-f]{16}'$" "$tmp/burst.$i"; then ok=$((ok + 1))
    elif grep -q "^error: io.github.tcgui.Error.Busy: User 0 already has 1 SetRule calls in flight" "$tmp/burst.$i"; then busy=$((busy + 1))
    else bad=$((bad + 1)); fi
  done
  check "12 SetRule at once: each an id or Busy ($ok stored, $busy Busy, $bad other)" '[ $bad = 0 ] && [ $ok -ge 1 ]'
  check "exactly the $ok that got an id are stored" '[ "$(call ListRules | grep -c "^id=")" = $ok ]'
  for i in $(seq 12); do
    bid=$(tr -d "'" <"$tmp/burst.$i")
    [[ $bid =~ ^r[0-9a-f]{16}$ ]] && call DeleteRule "('$bid',)" >/dev/null
  done
  check "the burst's rules deleted again" '[ "$(call ListRules | grep -c "^id=")" = 0 ]'

  # the rule, then the containers: no app runs, the helper applies it on the start event
  out=$(call SetRule "$(image_rule)")
  id=$(tr -d "'" <<<"$out")
  check "root: SetRule → an id ($id)" '[[ $id =~ ^r[0-9a-f]{16}$ ]]'
  check "the rules file is root's, 0600" '[ "$(stat -c %u:%a "$tmp/rules.json")" = 0:600 ]'
  out=$(call GetCapabilities)
  check "GetCapabilities: rules=true rules-error= ($out)" '[[ " $out" == *" rules=true rules-error="* ]]'

  docker run -d --name "$p-r1" --network "$p-net" --label "io.github.tcgui.testenv=$p" \
    "localhost/bb:$p" sleep infinity >/dev/null
  check "docker run $p-r1: the rule's tbf on eth0" wait_rate docker "$p-r1" eth0 $RATE_B
  check "the rule says applied" wait_state "$id" applied
  check "RulesChanged (unicast to ListRules' caller) said it was applied" \
    'wait_line "changed $id applied"'
  check "its status names $p-r1's namespace" \
    'call ListRules | grep "^id=$id " | grep -q "pid:$(pid_of docker $p-r1):"'

  # Two networks: only the interface on the rule's network, whatever its eth number.
  docker create --name "$p-r2" --network "$p-int" --label "io.github.tcgui.testenv=$p" \
    "localhost/bb:$p" sleep infinity >/dev/null
  docker network connect "$p-net" "$p-r2"
  docker start "$p-r2" >/dev/null
  dev=$(dev_on docker "$p-r2" "$p-net"); other=$(dev_on docker "$p-r2" "$p-int")
  check "docker: $p-r2 on two networks: the tbf on $dev ($p-net)" wait_rate docker "$p-r2" "$dev" $RATE_B
  check "and none on $other ($p-int)" '[ -n "$other" ] && [ -z "$(tbf_rate docker $p-r2 $other)" ]'

  pid=$(pid_of docker "$p-r1")
  docker restart -t 0 "$p-r1" >/dev/null
  check "docker restart $p-r1: a new namespace" '[ "$(pid_of docker $p-r1)" != "$pid" ]'
  check "docker restart: applied again" wait_rate docker "$p-r1" eth0 $RATE_B

  docker rm -f "$p-r1" >/dev/null
  docker run -d --name "$p-r1" --network "$p-net" --label "io.github.tcgui.testenv=$p" \
    "localhost/bb:$p" sleep infinity >/dev/null
  check "rm + run with the same name: applied again" wait_rate docker "$p-r1" eth0 $RATE_B

  if [ -n "$podman_ok" ]; then
    podman run -d --name "$p-p1" --network "$p-net" --label "io.github.tcgui.testenv=$p" \
      "localhost/bb:$p" sleep infinity >/dev/null
    check "podman run $p-p1: the rule's tbf on eth0" wait_rate podman "$p-p1" eth0 $RATE_B
  else
    echo "# SKIP (podman part): $podman_ok_why"
  fi

  # By hand: overridden, left alone, until the next start.
  pid=$(pid_of docker "$p-r1")
  out=$(call SetShaping "('pid:$pid:$(stat -L -c %i /proc/$pid/ns/net)', 'eth0', 'outgoing', {'rate-bps': <uint64 2000000>}, uint32 0)")
  check "SetShaping by hand on $p-r1 ($out)" '[ -z "$out" ]'
  check "the rule says overridden" wait_state "$id" overridden
  check "and the hand-made rate stays" '[ "$(tbf_rate docker $p-r1 eth0)" = 250000 ]'
  docker restart -t 0 "$p-r1" >/dev/null
  check "docker restart after the override: the rule's rate again" wait_rate docker "$p-r1" eth0 $RATE_B
  check "the rule says applied again" wait_state "$id" applied

  # A container rule that expires while the helper is down.
  docker run -d --name "$p-e1" --network "$p-net" --label "io.github.tcgui.testenv=$p" \
    localhost/bb:latest sleep infinity >/dev/null
  out=$(call SetRule "({'name': <'for 8 s'>, 'selector': <{'kind': <'container'>, 'container-name': <'$p-e1'>, 'runtime': <'docker'>}>,
                         'outgoing': <{'rate-bps': <uint64 $RATE2>}>, 'duration-s': <uint32 8>},)")
  id2=$(tr -d "'" <<<"$out")
  check "a rule for $p-e1 for 8 s: applied" wait_rate docker "$p-e1" eth0 100000
  check "the expiring rule says applied" wait_state "$id2" applied

  # SIGKILL: nothing is cleaned up; while it is down r1 restarts (no tbf) and e1's rule expires.
  kill -KILL "$hpid"; wait "$hpid" 2>/dev/null
  docker restart -t 0 "$p-r1" >/dev/null
  check "helper down: $p-r1 restarted without the tbf" wait_rate docker "$p-r1" eth0 ""
  sleep 9
  check "helper down: $p-e1 keeps its tbf after the deadline" '[ "$(tbf_rate docker $p-e1 eth0)" = 100000 ]'
  start_helper; rc=$?
  check "the helper starts again" '[ $rc = 0 ]'
  start_watch
  check "after the SIGKILL: $p-r1 gets the rule again" wait_rate docker "$p-r1" eth0 $RATE_B
  check "and $p-e1's expired rule is cleared" wait_rate docker "$p-e1" eth0 ""
  check "the expired rule says expired" wait_state "$id2" expired

  # DeleteRule: what it applied goes.
  out=$(call DeleteRule "('$id',)")
  check "DeleteRule ($out)" '[ -z "$out" ]'
  check "the tbf of $p-r1 goes with the rule" wait_rate docker "$p-r1" eth0 ""
  check "and that of $p-r2 on $dev" wait_rate docker "$p-r2" "$dev" ""
  out=$(call DeleteRule "('$id',)")
  check "DeleteRule again → NoSuchRule" '[[ $out == "error: io.github.tcgui.Error.NoSuchRule: "* ]]'

  # Idle exit: not while an enabled, unexpired rule is held; once none is, as before.
  kill "$hpid"; wait "$hpid" 2>/dev/null
  out=$(call SetRule "$(image_rule)")
  check "SetRule with no helper on the private bus fails (no activation here)" '[[ $out == error* ]]'
  IDLE=2 start_helper
  out=$(call SetRule "({'name': <'keeps it'>, 'selector': <{'kind': <'host'>, 'interface': <'$p-none'>}>},)")
  id3=$(tr -d "'" <<<"$out")
  sleep 5
  check "--idle-timeout 2 with an enabled rule: still running after 5 s" 'kill -0 $hpid'
  call DeleteRule "('$id3',)" >/dev/null
  check "its last enabled, unexpired rule deleted: the helper exits when idle" \
    'for _ in $(seq $((DEADLINE * 10))); do kill -0 $hpid 2>/dev/null || break; sleep 0.1; done; ! kill -0 $hpid 2>/dev/null'

  # A corrupt file: moved aside, the helper runs, GetCapabilities says so.
  wait "$hpid" 2>/dev/null
  check "RulesChanged said the deleted rule was removed" 'wait_line "removed $id"'
  head -c 100 "$tmp/rules.json" >"$tmp/rules.json.part" && mv "$tmp/rules.json.part" "$tmp/rules.json"
  start_helper; rc=$?
  check "a truncated rules file: the helper runs" '[ $rc = 0 ] && kill -0 $hpid'
  out=$(call GetCapabilities)
  check "GetCapabilities reports it (rules-error)" '[[ $out == *"rules-error=The rules file"*corrupt* ]]'
  check "it was moved aside to rules.json.corrupt-TIME" 'ls "$tmp"/rules.json.corrupt-* >/dev/null'
  check "the previous version is kept as rules.json.old" '[ -s "$tmp/rules.json.old" ]'
  check "ListRules: no rules" '[ "$(call ListRules)" = 0 ]'
  kill "$hpid"; wait "$hpid" 2>/dev/null
  check "no sanitizer reports from the helpers (ASan build: leaks at exit)" \
    '! grep -E "^(==[0-9]+==ERROR|SUMMARY): |runtime error:" "$tmp/helper.log"'
  grep -A12 -E "^(Direct|Indirect) leak" "$tmp/helper.log" | grep -E "leak|#[0-9]+ " | head -40 | sed 's/^/#   /'
  [ "$FAILED" = 0 ] || { echo "# helper log:"; grep -v GSocketClient "$tmp/helper.log" | tail -60 | sed 's/^/#   /'; }
  finish
}

if [ "${1:-}" = --inner ]; then
  HELPER=$2 HELPER_CALL=$3 RULES_WATCH=$4 p=$5 tmp=$6 podman_ok=$7 podman_ok_why=${8:-}
  trap 'for h in $(cat "$tmp/pids" 2>/dev/null); do kill $h 2>/dev/null; done' EXIT
  inner
  exit
fi

HELPER=$1 ACTIONS=$2 BUSCONF=$3 HELPER_CALL=$4 RULES_WATCH=$5
need_root
need_cmd nsenter tc jq docker gdbus
need_testenv polkit-bus
need_testenv docker-fixture
need_testenv run-as-nobody
export TESTENV_PREFIX=${TEST_TAG}r
p=$TESTENV_PREFIX
tmp=$(mktemp -d)
cleanup() {
  local c
  for c in $(docker ps -aq --filter "label=io.github.tcgui.testenv=$p"); do docker rm -f "$c" >/dev/null; done
  docker rmi "localhost/bb:$p" >/dev/null 2>&1
  "$TCGUI_TESTENV/docker-fixture" down >/dev/null 2>&1
  if command -v podman >/dev/null; then
    for c in $(podman ps -aq --filter "label=io.github.tcgui.testenv=$p"); do podman rm -f "$c" >/dev/null 2>&1; done
    podman rmi "localhost/bb:$p" >/dev/null 2>&1
    "$TCGUI_TESTENV/podman-fixture" down >/dev/null 2>&1
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
"$TCGUI_TESTENV/docker-fixture" up >/dev/null || skip "docker-fixture up failed"
# This test's own tag of the image: the rule never matches another test's containers.
docker tag localhost/bb:latest "localhost/bb:$p"
podman_ok= podman_ok_why="podman is not installed"
if command -v podman >/dev/null && [ -x "$TCGUI_TESTENV/podman-fixture" ]; then
  if "$TCGUI_TESTENV/podman-fixture" up >/dev/null 2>&1 && podman tag localhost/bb:latest "localhost/bb:$p"; then
    podman_ok=1
  else
    podman_ok_why="podman-fixture up failed"
  fi
fi

pb=("$TCGUI_TESTENV/polkit-bus" --policy "$BUSCONF")
cmp -s "$ACTIONS" "/usr/share/polkit-1/actions/${ACTIONS##*/}" || pb+=(--actions "$ACTIONS")
run_phase "${pb[@]}" -- bash "$(readlink -f "$0")" --inner "$(readlink -f "$HELPER")" \
  "$(readlink -f "$HELPER_CALL")" "$(readlink -f "$RULES_WATCH")" "$p" "$tmp" "$podman_ok" "$podman_ok_why"
