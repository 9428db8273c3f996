#!/bin/bash
# test-ctl-rules.sh TCGUICTL HELPER ACTIONS.policy BUS.conf - tcguictl's rules against the
# real helper (its rules in a file of this test's own) on a private system bus with a real
# polkitd: `rule add` for a named netns puts its tbf on the interface (read back with
# `tc -j`); `rule list`/`show` (text and --json) give it with its state; `set --for` is a
# rule listed with its expiry that the helper applies, and one of 2 s is taken off again;
# disable/enable; nobody with --no-ask is refused (NotAuthorized, nothing stored); `rule
# delete` removes the rule and its tbf; unknown IDs are NoSuchRule; bad rules exit 2 before
# any call. Deadlines are generous (the speed is the benchmark's); no timing is asserted.
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
source "$(dirname "$(readlink -f "$0")")/../lib.sh"

DEADLINE=60   # seconds

# ctl ARGS...: runs tcguictl; its stdout in $out, stderr in $err, status in $rc.
ctl() { out=$("$ctl" "$@" 2>"$tmp/err"); rc=$?; err=$(cat "$tmp/err"); }
nobody() { out=$("$TCGUI_TESTENV/run-as-nobody" "$ctl" "$@" 2>"$tmp/err"); rc=$?; err=$(cat "$tmp/err"); }
# tbf_rate NSNAME DEV: the rate (bytes/s) of DEV's root tbf, as the kernel reports it ("" if none).
tbf_rate() {
  tc -j -n "$1" qdisc show dev "$2" | jq -r '.[] | select(.root == true and .kind == "tbf") | .options.rate'
}
# wait_rate NSNAME DEV RATE: until DEV's tbf has RATE ("" = no tbf), within the deadline.
wait_rate() {
  local i
  for ((i = 0; i < DEADLINE * 10; i++)); do
    [ "$(tbf_rate "$1" "$2")" = "$3" ] && return 0
    sleep 0.1
  done
  echo "#   $1 $2: tbf rate '$(tbf_rate "$1" "$2")', expected '$3'"
  return 1
}
# rule_field ID JQ: JQ of rule ID in `rule list --json`.
rule_field() { "$ctl" --no-ask rule list --json | jq -r --arg id "$1" ".[] | select(.id == \$id) | $2"; }
# wait_state ID STATE: until the helper reports STATE for rule ID.
wait_state() {
  local i
  for ((i = 0; i < DEADLINE * 10; i++)); do
    [ "$(rule_field "$1" '.status.state')" = "$2" ] && return 0
    sleep 0.1
  done
  echo "#   rule $1: state '$(rule_field "$1" '.status.state')', expected '$2'"
  return 1
}

usage_cases() {
  ctl --no-ask rule add bad --netns "$a" --image busybox --rate 1mbit
  check "two kinds: exit 2 ($err)" "[ $rc = 2 ] && [[ \"\$err\" == *'--image'* ]]"
  ctl --no-ask rule add bad --netns "$a" --network front --rate 1mbit
  check "a key the kind does not take: exit 2, the helper's validator says so ($err)" \
    "[ $rc = 2 ] && [[ \"\$err\" == *selector.network* ]]"
  ctl --no-ask rule add bad --netns "$a" --rate 5
  check "a bad value: exit 2 naming --rate" "[ $rc = 2 ] && [[ \"\$err\" == *--rate* ]]"
  ctl --no-ask rule add bad --netns "$a" --rate 1mbit --for 8d
  check "--for beyond 7 days: exit 2 ($err)" "[ $rc = 2 ] && [[ \"\$err\" == *duration-s* ]]"
  ctl --no-ask set "netns:$a" ea --rate 1mbit --for soon
  check "set --for soon: exit 2 naming --for" "[ $rc = 2 ] && [[ \"\$err\" == *--for* ]]"
  ctl --no-ask set "pid:$$" --rate 1mbit --for 1m
  check "set pid: --for: exit 2" "[ $rc = 2 ]"
  ctl --no-ask rule add dry --netns "$a" --interface ea --incoming --rate 1mbit --for 90s --dry-run
  check "--dry-run prints the rule it would send" \
    "[ $rc = 0 ] && [ \"\$(jq -c '[.selector.kind, .selector.netns, .selector.interface, .incoming[\"rate-bps\"], .[\"duration-s\"], has(\"outgoing\")]' <<<\"\$out\")\" = '[\"netns\",\"$a\",\"ea\",1000000,90,false]' ]"
  # Rules do not carry flows yet: SetRule refuses them rather than drop them.
  out=$(gdbus call --system --dest io.github.tcgui.Helper1 --object-path /io/github/tcgui/Helper1 \
          --method io.github.tcgui.Helper1.SetRule \
          "{'name': <'flows'>, 'selector': <{'kind': <'netns'>, 'netns': <'$a'>, 'interface': <'ea'>}>,
            'outgoing': <{'rate-bps': <uint64 1000000>,
                          'flows': <[{'match': <{'prefix': <'10.9.0.0/16'>}>, 'delay-us': <uint32 1000>}]>}>}" 2>&1)
  check "SetRule with flows: InvalidArgument, rules do not carry flows yet ($out)" \
    "[[ \"\$out\" == *io.github.tcgui.Error.InvalidArgument*'rules do not carry flows yet'* ]]"
  ctl --no-ask rule list --json
  check "none of them reached the helper" "[ $rc = 0 ] && [ \"\$(jq length <<<\"\$out\")\" = 0 ]"
}

add_list_show() {
  ctl --no-ask rule add "lab $a" --netns "$a" --interface ea --rate 1mbit
  id=$out
  check "rule add: exit 0 and the new rule's id ($id $err)" "[ $rc = 0 ] && [[ \$id =~ ^r[0-9a-f]{16}\$ ]]"
  check "the helper applies it: ea has a 1 Mbit/s tbf" wait_rate "$a" ea 125000
  check "… and reports it applied" wait_state "$id" applied
  ctl --no-ask rule list --json
  check "rule list --json: the rule, its selector and shaping" \
    "[ \"\$(jq -r --arg id $id '.[] | select(.id == \$id) | \"\\(.name)|\\(.selector.kind)|\\(.selector.netns)|\\(.outgoing[\"rate-bps\"])|\\(.enabled)\"' <<<\"\$out\")\" = 'lab $a|netns|$a|1000000|true' ]"
  ctl --no-ask rule list
  check "rule list: the id, name and state" "[[ \"\$out\" == *\"$id  lab $a  [applied]\"* ]]"
  check "rule list: the shaping as set takes it" "[[ \"\$out\" == *'outgoing: --rate 1mbit'* ]]"
  ctl --no-ask rule show "$id"
  check "rule show: where it is applied" "[ $rc = 0 ] && [[ \"\$out\" == *'applied to ea in netns:$a'* ]]"
  ctl --no-ask rule show "$id" --json
  check "rule show --json: the rule" "[ \"\$(jq -r .id <<<\"\$out\")\" = $id ]"
}

timed_cases() {
  local now exp
  now=$(date +%s)
  ctl --no-ask set "netns:$b" eb --rate 2mbit --for 10m --json
  tid=$(jq -r .id <<<"$out" 2>/dev/null)
  check "set --for 10m: a rule ($tid $err)" "[ $rc = 0 ] && [[ \$tid =~ ^r[0-9a-f]{16}\$ ]]"
  check "set --for: the helper applies it (eb 2 Mbit/s)" wait_rate "$b" eb 250000
  exp=$(rule_field "$tid" '.["expires-at"]')
  check "set --for: listed with its expiry, 10 minutes on ($exp, now $now)" \
    "[ -n '$exp' ] && [ $exp -ge $((now + 600)) ] && [ $exp -le \$((\$(date +%s) + 600)) ]"
  check "set --for: a container/netns/host rule, netns $b eb" \
    "[ \"\$(rule_field $tid '\"\\(.selector.kind) \\(.selector.netns) \\(.selector.interface)\"')\" = 'netns $b eb' ]"
  ctl --no-ask rule list
  check "rule list: the timed rule's expiry" "[[ \"\$out\" == *'expires '*' (in '* ]]"
  ctl --no-ask rule delete "$tid"
  check "the timed rule deleted early" "[ $rc = 0 ]"
  check "… and its tbf taken off eb" wait_rate "$b" eb ""
}

# Last: a rule of 2 s on ea (no other rule there now) expires and the
# helper takes its tbf off.
expiry_cases() {
  ctl --no-ask set "netns:$a" ea --rate 3mbit --for 2s
  sid=$(sed -n 's/.*\(r[0-9a-f]\{16\}\).*/\1/p' <<<"$out")
  check "set --for 2s: exit 0 and the rule's id ($out $err)" "[ $rc = 0 ] && [ -n '$sid' ]"
  check "… it expires: the helper reports it expired" wait_state "$sid" expired
  check "… and took its tbf off ea" wait_rate "$a" ea ""
  ctl --no-ask rule show "$sid"
  check "rule show: [expired], and when" "[[ \"\$out\" == *'[expired]'* && \"\$out\" == *'    expired 20'* ]]"
  ctl --no-ask rule delete "$sid"
  check "the expired rule can be deleted" "[ $rc = 0 ]"
}

# ea's rule stays applied while eb, its veth peer, gets two timed rules:
# the newer wins the tie, and when it goes the older comes back. (The
# kernel's read-back of a veth's incoming is its peer's egress: the helper
# once compared that direction too, logged the newer rule "overridden" and
# from then on left every rule's tbf on ea and eb when they were deleted.)
tie_cases() {
  local t1 t2
  ctl --no-ask set "netns:$b" eb --rate 2mbit --for 10m --json
  t1=$(jq -r .id <<<"$out" 2>/dev/null)
  check "tie: a first timed rule on eb ($t1 $err)" "[ $rc = 0 ] && wait_rate $b eb 250000"
  ctl --no-ask set "netns:$b" eb --rate 3mbit --for 1h --json
  t2=$(jq -r .id <<<"$out" 2>/dev/null)
  check "tie: the newer rule on eb wins ($t2 $err)" "[ $rc = 0 ] && wait_rate $b eb 375000"
  check "… reported applied" wait_state "$t2" applied
  check "… the older one superseded" wait_state "$t1" superseded
  check "… ea's rule still applied (1 Mbit/s)" "[ \"\$(tbf_rate $a ea)\" = 125000 ] && wait_state $id applied"
  ctl --no-ask rule delete "$t2"
  check "tie: the newer rule deleted, the older one is back on eb" "[ $rc = 0 ] && wait_rate $b eb 250000"
  check "… reported applied" wait_state "$t1" applied
  ctl --no-ask rule delete "$t1"
  check "tie: the older rule deleted, its tbf taken off eb" "[ $rc = 0 ] && wait_rate $b eb ''"
  check "… ea keeps its rule's tbf" "[ \"\$(tbf_rate $a ea)\" = 125000 ]"
}

# A rule for every interface of $b (no --interface) is overridden by a
# change by hand of one of them, and its deletion leaves that change alone.
manual_cases() {
  local w
  ctl --no-ask rule add "all of $b" --netns "$b" --rate 2mbit
  w=$out
  check "netns-wide rule: applied to eb ($w $err)" "[ $rc = 0 ] && wait_rate $b eb 250000 && wait_state $w applied"
  ctl --no-ask set "netns:$b" eb --rate 5mbit
  check "eb set by hand (5 Mbit/s)" "[ $rc = 0 ] && wait_rate $b eb 625000"
  check "… the netns-wide rule is overridden" wait_state "$w" overridden
  ctl --no-ask rule delete "$w"
  check "… deleted, it leaves the change by hand on eb" "[ $rc = 0 ] && [ -z \"\$(rule_field $w .id)\" ]"
  check "… still 5 Mbit/s" "[ \"\$(tbf_rate $b eb)\" = 625000 ]"
  ctl --no-ask clear "netns:$b" eb
  check "eb cleared by hand" "[ $rc = 0 ] && wait_rate $b eb ''"
}

# A rule of its own for eb within a rule for all of $b's interfaces: eb
# gets its own, the others the netns-wide one, and neither is overridden;
# with its own rule gone, eb gets the netns-wide one again. (Both used to
# be applied to eb, the later job winning.)
narrow_cases() {
  local w n
  check "two more interfaces in $b: ec, ed" \
    "ip -n $b link add ec type veth peer name ed && ip -n $b link set ec up && ip -n $b link set ed up"
  ctl --no-ask rule add "all of $b" --netns "$b" --rate 2mbit
  w=$out
  check "netns-wide rule: eb, ec and ed 2 Mbit/s ($w $err)" \
    "[ $rc = 0 ] && wait_rate $b eb 250000 && wait_rate $b ec 250000 && wait_rate $b ed 250000"
  ctl --no-ask rule add "eb of $b" --netns "$b" --interface eb --rate 5mbit
  n=$out
  check "eb's own rule: eb 5 Mbit/s ($n $err)" "[ $rc = 0 ] && wait_rate $b eb 625000 && wait_state $n applied"
  check "… the netns-wide rule stays applied, not overridden" wait_state "$w" applied
  check "… eb keeps its own 5 Mbit/s, ec the netns-wide 2 Mbit/s" \
    "[ \"\$(tbf_rate $b eb)\" = 625000 ] && [ \"\$(tbf_rate $b ec)\" = 250000 ]"
  ctl --no-ask rule delete "$n"
  check "eb's own rule deleted: the netns-wide rule is back on eb" "[ $rc = 0 ] && wait_rate $b eb 250000"
  check "… and still applied" wait_state "$w" applied

  # eb's own rule again, then eb set by hand: deleting that rule leaves the
  # change by hand alone (the netns-wide rule does not take eb back).
  ctl --no-ask rule add "eb of $b" --netns "$b" --interface eb --rate 5mbit
  n=$out
  check "eb's own rule again ($n $err)" "[ $rc = 0 ] && wait_rate $b eb 625000 && wait_state $n applied"
  ctl --no-ask set "netns:$b" eb --rate 7mbit
  check "eb set by hand: its rule overridden, the netns-wide one not" \
    "[ $rc = 0 ] && wait_state $n overridden && wait_state $w applied"
  ctl --no-ask rule delete "$n"
  # A later rule's apply comes after anything the deletion made the helper do.
  ctl --no-ask rule add "ed of $b" --netns "$b" --interface ed --rate 3mbit
  n=$out
  check "(a rule on ed, applied after the deletion was handled: $n $err)" \
    "[ $rc = 0 ] && wait_rate $b ed 375000 && wait_state $n applied"
  check "… eb keeps the 7 Mbit/s set by hand" "[ \"\$(tbf_rate $b eb)\" = 875000 ]"
  ctl --no-ask rule delete "$n"
  check "ed's rule deleted: the netns-wide rule is back on ed" "[ $rc = 0 ] && wait_rate $b ed 250000"

  ctl --no-ask rule delete "$w"
  check "the netns-wide rule deleted: no tbf left on ec, ed; eb's set by hand stays" \
    "[ $rc = 0 ] && wait_rate $b ec '' && wait_rate $b ed '' && [ \"\$(tbf_rate $b eb)\" = 875000 ]"
  ctl --no-ask clear "netns:$b" eb
  check "eb cleared by hand" "[ $rc = 0 ] && wait_rate $b eb ''"
  ip -n "$b" link del ec
}

# rate_of NSNAME DEV DIRECTION: the rate (bit/s) TC GUI shapes there, per `show --json`.
rate_of() {
  "$ctl" --no-ask show "netns:$1" "$2" --json | jq -r ".interfaces[0].state.$3[\"rate-bps\"] // empty"
}
wait_rate_of() {
  local i
  for ((i = 0; i < DEADLINE * 10; i++)); do
    [ "$(rate_of "$1" "$2" "$3")" = "$4" ] && return 0
    sleep 0.2
  done
  echo "#   $1 $2 $3: '$(rate_of "$1" "$2" "$3")', expected '$4'"
  return 1
}

# The netns-wide rule shapes the other direction than eb's own rule: eb
# keeps nothing of the netns-wide one (its incoming used to stay for good).
# Bridges: their incoming goes through an IFB, with no veth peer between.
narrow_direction_cases() {
  local c=$TEST_TAG-rc w n
  check "a namespace with two bridges" \
    "ip netns add $c && ip -n $c link add br0 type bridge && ip -n $c link add br1 type bridge &&
     ip -n $c link set br0 up && ip -n $c link set br1 up"
  ctl --no-ask rule add "incoming of $c" --netns "$c" --incoming --rate 2mbit
  w=$out
  check "netns-wide incoming rule: br0 and br1 ($w $err)" \
    "[ $rc = 0 ] && wait_rate_of $c br0 incoming 2000000 && wait_rate_of $c br1 incoming 2000000"
  ctl --no-ask rule add "br0 of $c" --netns "$c" --interface br0 --outgoing --rate 5mbit
  n=$out
  check "br0's own outgoing rule applies ($n $err)" \
    "[ $rc = 0 ] && wait_rate_of $c br0 outgoing 5000000 && wait_state $n applied"
  check "… br0's incoming from the netns-wide rule is taken off" wait_rate_of "$c" br0 incoming ""
  check "… br1 keeps it; the netns-wide rule stays applied" \
    "[ \"\$(rate_of $c br1 incoming)\" = 2000000 ] && wait_state $w applied"
  ctl --no-ask rule delete "$n"
  check "br0's rule deleted: the netns-wide incoming is back on br0, its outgoing gone" \
    "[ $rc = 0 ] && wait_rate_of $c br0 incoming 2000000 && wait_rate_of $c br0 outgoing ''"
  ctl --no-ask rule delete "$w"
  check "both deleted: nothing left on br0 and br1" \
    "[ $rc = 0 ] && wait_rate_of $c br0 incoming '' && wait_rate_of $c br1 incoming ''"
  ip netns del "$c"
}

# reset-all clears what a rule applied too: the rule, kept, says
# "overridden" (not "applied") until its target's next start.
reset_cases() {
  local r
  ctl --no-ask rule add "reset me" --netns "$b" --interface eb --rate 2mbit
  r=$out
  check "a rule on eb, applied ($r $err)" "[ $rc = 0 ] && wait_rate $b eb 250000 && wait_state $r applied"
  ctl --no-ask reset-all
  check "reset-all: exit 0, eb's tbf gone ($out $err)" "[ $rc = 0 ] && wait_rate $b eb ''"
  check "… the rule is kept and says overridden" wait_state "$r" overridden
  ctl --no-ask rule delete "$r"
  check "… deleted: eb still has no tbf" "[ $rc = 0 ] && [ -z \"\$(tbf_rate $b eb)\" ]"
}

enable_cases() {
  ctl --no-ask rule disable "$id"
  check "rule disable: exit 0" "[ $rc = 0 ]"
  check "… stored disabled" "[ \"\$(rule_field $id .enabled)\" = false ]"
  check "… and reported disabled" wait_state "$id" disabled
  ctl --no-ask rule enable "$id"
  check "rule enable: exit 0, enabled again" "[ $rc = 0 ] && [ \"\$(rule_field $id .enabled)\" = true ]"
  check "… applied again (ea 1 Mbit/s)" wait_rate "$a" ea 125000
}

denied_cases() {
  local before
  before=$("$ctl" --no-ask rule list --json | jq -c 'map(.id)')
  nobody --no-ask rule add nope --netns "$a" --rate 5mbit
  check "nobody: rule add exits 1 with NotAuthorized ($err)" \
    "[ $rc = 1 ] && [[ \"\$err\" == *io.github.tcgui.Error.NotAuthorized* ]]"
  nobody --no-ask rule delete "$id"
  check "nobody: rule delete exits 1 with NotAuthorized" \
    "[ $rc = 1 ] && [[ \"\$err\" == *NotAuthorized* ]]"
  nobody --no-ask set "netns:$a" ea --rate 5mbit --for 1m
  check "nobody: set --for exits 1 with NotAuthorized" "[ $rc = 1 ] && [[ \"\$err\" == *NotAuthorized* ]]"
  check "nothing stored or deleted for nobody" \
    "[ \"\$(\"\$ctl\" --no-ask rule list --json | jq -c 'map(.id)')\" = '$before' ]"
  check "ea still 1 Mbit/s" "[ \"\$(tbf_rate $a ea)\" = 125000 ]"
}

delete_cases() {
  ctl --no-ask rule delete "$id"
  check "rule delete: exit 0" "[ $rc = 0 ]"
  check "… the helper takes its tbf off ea" wait_rate "$a" ea ""
  check "… not listed any more" "[ -z \"\$(rule_field $id .id)\" ]"
  ctl --no-ask rule delete "$id"
  check "deleting it again: exit 1, NoSuchRule ($err)" "[ $rc = 1 ] && [[ \"\$err\" == *NoSuchRule* ]]"
  ctl --no-ask rule show r0000000000000000
  check "rule show of an unknown ID: exit 1, NoSuchRule" "[ $rc = 1 ] && [[ \"\$err\" == *NoSuchRule* ]]"
}

if [ "${1:-}" = --inner ]; then
  shift
  ctl=$1 helper=$2 a=$3 b=$4 tmp=$5
  "$helper" --replace --idle-timeout 600 --journal "$tmp/journal" --rules "$tmp/rules.json" \
    >"$tmp/helper.log" 2>&1 &
  hpid=$!
  trap 'kill $hpid 2>/dev/null; wait $hpid 2>/dev/null' EXIT
  gdbus wait --system --timeout 30 io.github.tcgui.Helper1 || { cat "$tmp/helper.log"; exit 1; }
  caps=$(gdbus call --system --dest io.github.tcgui.Helper1 --object-path /io/github/tcgui/Helper1 \
           --method io.github.tcgui.Helper1.GetCapabilities 2>&1)
  [[ $caps == *"'rules': <true>"* ]] || skip "this helper keeps no rules (GetCapabilities: $caps)"
  usage_cases
  add_list_show
  enable_cases
  denied_cases
  tie_cases
  manual_cases
  narrow_cases
  narrow_direction_cases
  delete_cases
  timed_cases
  expiry_cases
  reset_cases
  kill $hpid 2>/dev/null; wait $hpid 2>/dev/null
  check "the helper reported no sanitizer error" "! grep -qE 'Sanitizer|runtime error' $tmp/helper.log"
  [ "$FAILED" = 0 ] || { echo "# helper log:"; sed 's/^/#   /' "$tmp/helper.log" | tail -40; }
  finish
  exit
fi

ctl=$1 helper=$2 actions=$3 busconf=$4
need_root
need_cmd ip tc gdbus jq
need_testenv polkit-bus
need_testenv run-as-nobody

a=$TEST_TAG-ra
b=$TEST_TAG-rb
tmp=$(mktemp -d)
chmod 755 "$tmp"
cleanup() {
  ip netns del "$a" 2>/dev/null; ip netns del "$b" 2>/dev/null; ip netns del "$TEST_TAG-rc" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
ip netns add "$a" && ip netns add "$b" || skip "cannot create network namespaces"
ip -n "$a" link add ea type veth peer name eb netns "$b" || skip "cannot create veth links"
ip -n "$a" link set ea up
ip -n "$b" link set eb up

pb=("$TCGUI_TESTENV/polkit-bus" --policy "$busconf")
cmp -s "$actions" "/usr/share/polkit-1/actions/${actions##*/}" || pb+=(--actions "$actions")
run_phase "${pb[@]}" -- bash "$(readlink -f "$0")" --inner "$(readlink -f "$ctl")" \
  "$(readlink -f "$helper")" "$a" "$b" "$tmp"
