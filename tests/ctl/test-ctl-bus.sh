#!/bin/bash
# test-ctl-bus.sh TCGUICTL HELPER ACTIONS.policy BUS.conf - every tcguictl
# command against the real helper on a private system bus with a real
# polkitd: set, then the kernel's tree read back with `tc -j`; show, list,
# presets and reset-all --json parsed with jq; watch until SIGINT; a denied
# uid (nobody) gets exit 1 with NotAuthorized and the kernel unchanged; bad
# units and ranges exit 2 naming the option, before any call.
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
source "$(dirname "$(readlink -f "$0")")/../lib.sh"

# ctl ARGS...: runs tcguictl; its stdout in $out, stderr in $err, status in $rc.
ctl() {
  out=$("$ctl" "$@" 2>"$tmp/err"); rc=$?; err=$(cat "$tmp/err")
}
# tbf_rate NSNAME DEV: the rate (bytes/s) of DEV's root tbf, as the kernel reports it.
tbf_rate() {
  tc -j -n "$1" qdisc show dev "$2" | jq -r '.[] | select(.root == true and .kind == "tbf") | .options.rate'
}
root_kind() { tc -j -n "$1" qdisc show dev "$2" | jq -r '.[] | select(.root == true) | .kind'; }

usage_cases() {
  local before
  before=$(tc -n "$a" qdisc show dev ea)
  # option value → the option named in the error, exit 2, nothing called.
  while read -r opt value; do
    ctl --no-ask set "netns:$a" ea "--$opt" "$value"
    check "set --$opt $value: exit 2 ($rc)" "[ $rc = 2 ]"
    check "set --$opt $value: the error names --$opt ($err)" "[[ \"\$err\" == *\"--$opt\"* ]]"
  done <<'EOF'
rate 5
rate 5mb
rate 500bit
rate 1001bit
loss 101%
loss abc
delay 100
delay 61s
jitter 3s
burst 2gb
limit 0.5
distribution gaussian
EOF
  ctl --no-ask set "netns:$a" ea --jitter 10ms
  check "jitter without delay: exit 2 naming --jitter" "[ $rc = 2 ] && [[ \"\$err\" == *--jitter* ]]"
  ctl --no-ask set "netns:$a" ea
  check "set with nothing to set: exit 2" "[ $rc = 2 ]"
  ctl --no-ask set "netns:$a" ea --bogus 1
  check "an unknown option: exit 2 ($err)" "[ $rc = 2 ] && [[ \"\$err\" == *--bogus* ]]"
  ctl --no-ask set
  check "set without TARGET: exit 2" "[ $rc = 2 ]"
  ctl --no-ask set "netns:$a" ea --rate 1mbit --outgoing --incoming
  check "two directions: exit 2" "[ $rc = 2 ]"
  ctl --no-ask set "netns:$a" ea --preset nosuch
  check "an unknown preset: exit 2 naming --preset" "[ $rc = 2 ] && [[ \"\$err\" == *--preset* ]]"
  ctl --no-ask set "netns:$a" ea --preset lan --rate 1mbit
  check "--preset with other options: exit 2" "[ $rc = 2 ]"
  ctl --no-ask set host --rate 1mbit
  check "the whole host without IFACE: exit 2" "[ $rc = 2 ]"
  ctl --no-ask show pid:abc
  check "pid:abc: exit 2" "[ $rc = 2 ]"
  ctl --no-ask frobnicate
  check "an unknown command: exit 2" "[ $rc = 2 ]"
  check "no refused value reached the kernel" "[ \"\$(tc -n $a qdisc show dev ea)\" = \"\$before\" ]"
}

help_cases() {
  local c
  for c in list show set clear reset-all watch presets; do
    ctl "$c" --help
    check "$c --help: exit 0 and a usage line" "[ $rc = 0 ] && [[ \"\$out\" == *\"tcguictl [OPTION…] $c\"* ]]"
  done
  ctl --help
  check "tcguictl --help lists the commands" "[ $rc = 0 ] && [[ \"\$out\" == *reset-all* ]]"
  ctl set --help
  check "set --help describes --for DURATION" "[[ \"\$out\" == *'--for=DURATION'* ]]"
}

set_and_show() {
  ctl --no-ask set "netns:$a" ea --rate 5mbit
  check "set --rate 5mbit: exit 0 ($rc: $err)" "[ $rc = 0 ]"
  check "the kernel's tbf on ea: 5 Mbit/s (625000 B/s)" "[ \"\$(tbf_rate $a ea)\" = 625000 ]"
  ctl --no-ask set "netns:$a" ea --incoming --rate 4mbit --limit 20
  check "set --incoming: exit 0 ($err)" "[ $rc = 0 ]"
  check "incoming is eb's egress in $b: 4 Mbit/s" "[ \"\$(tbf_rate $b eb)\" = 500000 ]"
  check "outgoing kept its 5 Mbit/s" "[ \"\$(tbf_rate $a ea)\" = 625000 ]"

  ctl --no-ask show "netns:$a" ea --json
  check "show --json: exit 0" "[ $rc = 0 ]"
  check "show --json: outgoing rate-bps 5000000" \
    "[ \"\$(jq '.interfaces[0].state.outgoing[\"rate-bps\"]' <<<\"\$out\")\" = 5000000 ]"
  check "show --json: incoming limit 20 via peer:eb" \
    "[ \"\$(jq -r '.interfaces[0].state | \"\\(.incoming[\"limit-packets\"]) \\(.[\"incoming-via\"])\"' <<<\"\$out\")\" = '20 peer:eb' ]"
  check "show --json: the target" "[ \"\$(jq -r .namespace <<<\"\$out\")\" = netns:$a ]"
  ctl --no-ask show "netns:$a"
  check "show (text, all interfaces): the set line" \
    "[ $rc = 0 ] && [[ \"\$out\" == *'outgoing  --rate 5mbit'* && \"\$out\" == *'incoming  --rate 4mbit --limit 20'* ]]"

  # pid:PID: a process in the namespace names it.
  ip netns exec "$a" sleep 600 & sleeper=$!
  wait_own_netns $sleeper || fail "ip netns exec did not enter $a"
  ctl --no-ask show "pid:$sleeper" ea --json
  check "show pid:PID ($err)" "[ $rc = 0 ] && [ \"\$(jq '.interfaces[0].state.outgoing[\"rate-bps\"]' <<<\"\$out\")\" = 5000000 ]"
  check "pid:PID became pid:PID:INODE" "[[ \"\$(jq -r .namespace <<<\"\$out\")\" == pid:$sleeper:* ]]"
  kill $sleeper; wait $sleeper 2>/dev/null

  ctl --no-ask set "netns:$a" ea --rate 2mbit --json
  check "set --json: what was applied" \
    "[ $rc = 0 ] && [ \"\$(jq -r '.applied[0] | \"\\(.interface) \\(.direction) \\(.parameters[\"rate-bps\"])\"' <<<\"\$out\")\" = 'ea outgoing 2000000' ]"
  check "the kernel follows: 2 Mbit/s" "[ \"\$(tbf_rate $a ea)\" = 250000 ]"
  ctl --no-ask set "netns:$b" --rate 3mbit
  check "set without IFACE shapes every interface of the namespace" \
    "[ $rc = 0 ] && [ \"\$(tbf_rate $b eb)\" = 375000 ]"
  ctl --no-ask set "netns:$a" nosuch0 --rate 1mbit
  check "a missing interface: exit 1, NoSuchInterface" \
    "[ $rc = 1 ] && [[ \"\$err\" == *io.github.tcgui.Error.NoSuchInterface* ]]"
  ctl --no-ask show "netns:$a-gone"
  check "a missing namespace: exit 1, NoSuchNamespace" \
    "[ $rc = 1 ] && [[ \"\$err\" == *io.github.tcgui.Error.NoSuchNamespace* ]]"
  ctl --no-ask show "nosuch-container-$TEST_TAG"
  check "a missing container: exit 1, NoSuchContainer" \
    "[ $rc = 1 ] && [[ \"\$err\" == *io.github.tcgui.Error.NoSuchContainer* ]]"
  if ! "$TCGUI_TESTENV/netem-kernel" --check >/dev/null 2>&1; then
    ctl --no-ask set "netns:$a" ea --delay 100ms
    check "no sch_netem here: exit 1, NotSupported naming sch_netem" \
      "[ $rc = 1 ] && [[ \"\$err\" == *NotSupported* && \"\$err\" == *sch_netem* ]]"
    check "the rate stayed" "[ \"\$(tbf_rate $a ea)\" = 250000 ]"
  fi
}

foreign_cases() {
  tc -n "$b" qdisc replace dev eb root handle 1: htb default 1
  ctl --no-ask set "netns:$b" eb --rate 1mbit
  check "a foreign htb: exit 1, ForeignQdisc, with the --force hint" \
    "[ $rc = 1 ] && [[ \"\$err\" == *ForeignQdisc* && \"\$err\" == *--force* ]]"
  check "the htb is still there" "[ \"\$(root_kind $b eb)\" = htb ]"
  ctl --no-ask set "netns:$b" eb --rate 1mbit --force
  check "--force replaces it" "[ $rc = 0 ] && [ \"\$(tbf_rate $b eb)\" = 125000 ]"
}

denied_cases() {
  local before
  before=$(tc -n "$a" qdisc show dev ea)
  out=$("$TCGUI_TESTENV/run-as-nobody" "$ctl" --no-ask set "netns:$a" ea --rate 1mbit 2>"$tmp/err"); rc=$?
  err=$(cat "$tmp/err")
  check "nobody: set exits 1 ($rc)" "[ $rc = 1 ]"
  check "nobody: the NotAuthorized message ($err)" "[[ \"\$err\" == *'io.github.tcgui.Error.NotAuthorized'* ]]"
  out=$("$TCGUI_TESTENV/run-as-nobody" "$ctl" clear "netns:$a" ea </dev/null 2>"$tmp/err"); rc=$?
  err=$(cat "$tmp/err")
  check "nobody without --no-ask and no terminal: clear exits 1, NotAuthorized" \
    "[ $rc = 1 ] && [[ \"\$err\" == *NotAuthorized* ]]"
  out=$("$TCGUI_TESTENV/run-as-nobody" "$ctl" --no-ask reset-all 2>"$tmp/err"); rc=$?
  check "nobody: reset-all exits 1" "[ $rc = 1 ]"
  check "nobody changed nothing in the kernel" "[ \"\$(tc -n $a qdisc show dev ea)\" = \"\$before\" ]"
}

list_and_presets() {
  ctl --no-ask list --json
  check "list --json: exit 0" "[ $rc = 0 ]"
  check "list --json: host first" "[ \"\$(jq -r '.targets[0].target' <<<\"\$out\")\" = host ]"
  check "list --json: netns:$a with its interface ea" \
    "jq -e --arg t netns:$a '.targets[] | select(.target == \$t) | .interfaces == [\"ea\"]' <<<\"\$out\" >/dev/null"
  ctl --no-ask list
  check "list (text) names netns:$a" "[[ \"\$out\" == *\"netns:$a \"* ]]"
  ctl --no-ask list --runtime nosuch
  check "list --runtime nosuch: exit 2" "[ $rc = 2 ]"
  ctl presets --json
  check "presets --json: 15 or more, each with a source" \
    "[ \"\$(jq '[.[] | select(.source != \"\")] | length' <<<\"\$out\")\" -ge 15 ]"
  check "presets --json: wpt-3g halves its 300 ms RTT, 768 kbit up" \
    "[ \"\$(jq -c '.[] | select(.id == \"wpt-3g\") | [.outgoing[\"delay-us\"], .outgoing[\"rate-bps\"], .[\"incoming-options\"]]' <<<\"\$out\")\" = '[150000,768000,\"--delay 150ms --rate 1600kbit\"]' ]"
  ctl presets
  check "presets (text): names and sources" "[[ \"\$out\" == *wpt-3g* && \"\$out\" == *WebPageTest* ]]"
  if ! "$TCGUI_TESTENV/netem-kernel" --check >/dev/null 2>&1; then
    ctl --no-ask set "netns:$a" ea --preset wpt-3g
    check "--preset needing netem: exit 1, NotSupported" "[ $rc = 1 ] && [[ \"\$err\" == *NotSupported* ]]"
  fi
}

watch_cases() {
  local w lines=0
  ctl --no-ask watch "netns:$a" ea --count 2 --json
  check "watch --count 2 --json: exit 0 ($err)" "[ $rc = 0 ]"
  check "watch --json: 2 lines, each JSON naming ea" \
    "[ \"\$(jq -r '.interfaces[0].interface' <<<\"\$out\" | grep -c '^ea$')\" = 2 ]"
  check "watch --json: rates are numbers" "jq -e '.interfaces[0][\"tx-bps\"] >= 0' <<<\"\$out\" >/dev/null"
  # Until Ctrl+C: waits for a line (no time asserted), then SIGINT.
  "$ctl" --no-ask watch "netns:$a" >"$tmp/watch" 2>&1 & w=$!
  for _ in $(seq 600); do
    lines=$(grep -c ' ea rx ' "$tmp/watch"); [ "$lines" -ge 1 ] && break
    kill -0 $w 2>/dev/null || break
    sleep 0.1
  done
  check "watch prints 'ea rx … tx …' lines" "[ $lines -ge 1 ]"
  kill -INT $w; wait $w; rc=$?
  check "watch ends on SIGINT with exit 0 ($rc)" "[ $rc = 0 ]"
}

# The helper killed under a running watch: no WatchesDropped comes, the
# watch still ends, with exit 1 and a reason (not silence forever).
watch_helper_killed() {
  local w lines=0
  "$ctl" --no-ask watch "netns:$a" >"$tmp/watch2" 2>&1 & w=$!
  for _ in $(seq 600); do
    lines=$(grep -c ' ea rx ' "$tmp/watch2"); [ "$lines" -ge 1 ] && break
    kill -0 $w 2>/dev/null || break
    sleep 0.1
  done
  check "watch runs before the helper is killed" "[ $lines -ge 1 ]"
  kill -KILL $hpid; wait $hpid 2>/dev/null
  for _ in $(seq 600); do kill -0 $w 2>/dev/null || break; sleep 0.1; done
  kill -0 $w 2>/dev/null && kill -INT $w
  wait $w; rc=$?
  check "watch ends with exit 1 when the helper is gone ($rc)" "[ $rc = 1 ]"
  check "watch says why" "grep -q 'helper stopped or was replaced' '$tmp/watch2'"
}

clear_and_reset() {
  ctl --no-ask clear "netns:$a" ea --outgoing
  check "clear --outgoing: exit 0" "[ $rc = 0 ] && [ \"\$(root_kind $a ea)\" = noqueue ]"
  check "clear --outgoing kept incoming" "[ \"\$(tbf_rate $b eb)\" = 125000 ]"
  ctl --no-ask clear "netns:$a" ea --json
  check "clear (both) --json" "[ $rc = 0 ] && [ \"\$(jq -r '.cleared[0]' <<<\"\$out\")\" = ea ]"
  check "eb has its default again" "[ \"\$(root_kind $b eb)\" = noqueue ]"
  ctl --no-ask set "netns:$a" ea --rate 6mbit
  ctl --no-ask reset-all --json
  check "reset-all --json: cleared ($out)" "[ $rc = 0 ] && [ \"\$(jq .cleared <<<\"\$out\")\" -ge 1 ]"
  check "reset-all: ea is back to the default" "[ \"\$(root_kind $a ea)\" = noqueue ]"
}

if [ "${1:-}" = --inner ]; then
  shift
  ctl=$1 helper=$2 a=$3 b=$4 tmp=$5
  "$helper" --replace --idle-timeout 600 --journal "$tmp/journal" >"$tmp/helper.log" 2>&1 &
  hpid=$!
  trap 'kill $hpid 2>/dev/null; wait $hpid 2>/dev/null' EXIT
  gdbus wait --system --timeout 30 io.github.tcgui.Helper1 || { cat "$tmp/helper.log"; exit 1; }
  help_cases
  usage_cases
  set_and_show
  foreign_cases
  denied_cases
  list_and_presets
  watch_cases
  clear_and_reset
  watch_helper_killed
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

a=$TEST_TAG-ca
b=$TEST_TAG-cb
tmp=$(mktemp -d)
chmod 755 "$tmp"
cleanup() { ip netns del "$a" 2>/dev/null; ip netns del "$b" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
ip netns add "$a" && ip netns add "$b" || skip "cannot create network namespaces"
ip -n "$a" link add ea type veth peer name eb netns "$b" || skip "cannot create veth links"
ip -n "$a" link set ea up
ip -n "$b" link set eb up

pb=("$TCGUI_TESTENV/polkit-bus" --policy "$busconf")
cmp -s "$actions" "/usr/share/polkit-1/actions/${actions##*/}" || pb+=(--actions "$actions")
run_phase "${pb[@]}" -- bash "$(readlink -f "$0")" --inner "$(readlink -f "$ctl")" \
  "$(readlink -f "$helper")" "$a" "$b" "$tmp"
