#!/bin/bash
# test-helper-bus.sh - the real built tcgui-helper on a private system bus with a real polkitd
# (../shared/testenv/polkit-bus): replies read back against the kernel, typed errors, polkit
# denials for uid 65534, idle exit, --replace, SIGTERM.
#
# Usage (meson passes these): test-helper-bus.sh HELPER ACTIONS.policy BUS.conf RULES HELPER-CALL
# Run alone as root:  TCGUI_BUILDDIR=... tests/helper/test-helper-bus.sh \
#   BUILD/helper/tcgui-helper BUILD/data/io.github.tcgui.policy data/io.github.tcgui.Helper1.conf \
#   tests/helper/grant-nobody-inspect.rules BUILD/tests/helper/helper-call
. "$(dirname "$(readlink -f "$0")")/../lib.sh"

NAME=io.github.tcgui.Helper1

# ---------------------------------------------------------------- shared helpers
# call [--nobody] [--interactive] METHOD [ARGS]: helper-call's output (error: NAME: msg on failure)
call() {
  local as=()
  if [ "${1:-}" = --nobody ]; then as=("$TCGUI_TESTENV/run-as-nobody"); shift; fi
  "${as[@]}" "$HELPER_CALL" "$@" 2>&1
}
# start_helper ARGS...: starts the helper in the background, sets HPID, logs to $LOGDIR
start_helper() {
  "$HELPER" --verbose --journal "$LOGDIR/journal" --rules "$LOGDIR/rules.json" "$@" >>"$LOGDIR/helper.log" 2>&1 &
  HPID=$!
  HPIDS+=("$HPID")
  echo "$HPID" >>"$LOGDIR/pids"
}
name_owner_pid() {
  gdbus call --system --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.GetConnectionUnixProcessID "$NAME" 2>/dev/null |
    sed -n 's/^(uint32 \([0-9]*\),)$/\1/p'
}
# wait_owner PID [SECONDS]: until PID owns the name
wait_owner() {
  local i
  for ((i = 0; i < ${2:-60} * 20; i++)); do
    [ "$(name_owner_pid)" = "$1" ] && return 0
    kill -0 "$1" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}
# wait_exit PID SECONDS: waits for PID to end; sets RC (124 when it did not)
wait_exit() {
  local i
  for ((i = 0; i < $2 * 20; i++)); do
    if ! kill -0 "$1" 2>/dev/null; then wait "$1"; RC=$?; return 0; fi
    sleep 0.05
  done
  RC=124
  return 1
}
stop_helpers() {
  local p
  for p in "${HPIDS[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${HPIDS[@]}"; do wait "$p" 2>/dev/null; done
  HPIDS=()
}
# expect_error DESC EXPECTED-NAME OUTPUT
expect_error() {
  if [[ $3 == "error: $2: "* ]]; then pass "$1 → $2"; else fail "$1 → $2"; echo "#   got: $3"; fi
}
sys() { ip netns exec "$1" cat "/sys/class/net/$2/$3"; }
qdisc_of() { ip -n "$1" -o link show dev "$2" | sed -n 's/.* qdisc \([^ ]*\) .*/\1/p'; }

# ---------------------------------------------------------------- phase 1: no rules
phase_deny() {
  local out expected caps

  start_helper --replace --idle-timeout 60
  check "the helper owns $NAME on the private bus" wait_owner "$HPID"

  # GetCapabilities as root, against what tc itself finds in a scratch namespace
  caps=$(call GetCapabilities)
  echo "# GetCapabilities: $caps"
  expected="version=$("$HELPER" --version | cut -d' ' -f2) api-version=1 netem=$EXP_NETEM"
  expected+=" netem-module=sch_netem tbf=$EXP_TBF ifb=$EXP_IFB"
  # Keys added later (batch, rules, flows…) follow these; each has its own test.
  check "root: GetCapabilities = $expected …" '[[ "$caps " == "$expected "* ]]'

  # ListNamespaces: host first (the test's own namespace), ours with its inode, sorted
  out=$(call ListNamespaces)
  check "root: ListNamespaces starts with the host namespace" \
    '[ "$(head -n1 <<<"$out")" = "id=host kind=host name=Host inode=$(stat -L -c %i /proc/self/ns/net)" ]'
  check "root: ListNamespaces lists netns:$NSA with its inode" \
    'grep -qxF "id=netns:$NSA kind=netns name=$NSA inode=$(stat -L -c %i /run/netns/$NSA)" <<<"$out"'
  check "root: ListNamespaces lists the named namespaces sorted by name" \
    'sed -n "2,\$s/.* name=\([^ ]*\) .*/\1/p" <<<"$out" | LC_ALL=C sort -c'

  # ListLinks: exactly lo and the veth, as the kernel reports them
  out=$(call ListLinks "('netns:$NSA',)")
  echo "$out" | sed 's/^/#   /'
  expected="name=lo index=1 kind=loopback mac=$(sys "$NSA" lo address) mtu=65536"
  expected+=" operstate=$(sys "$NSA" lo operstate) qdisc=$(qdisc_of "$NSA" lo) master-index=0"
  expected+=$'\n'"name=$VA index=$(sys "$NSA" "$VA" ifindex) kind=veth mac=$(sys "$NSA" "$VA" address)"
  expected+=" mtu=1400 operstate=$(sys "$NSA" "$VA" operstate) qdisc=$(qdisc_of "$NSA" "$VA")"
  expected+=" peer-index=$(sys "$NSB" "$VB" ifindex) link-netnsid=$NSID master-index=0"
  [ "$out" = "$expected" ] || echo "$expected" | sed 's/^/#   expected: /'
  check "root: ListLinks netns:$NSA = lo + $VA, matching the kernel" '[ "$out" = "$expected" ]'
  out_a=$out
  check "the veth end whose peer is down reads lowerlayerdown or down, as set up" \
    '[ "$(sys "$NSA" "$VA" operstate)" = lowerlayerdown ] || [ "$(sys "$NSA" "$VA" operstate)" = down ]'

  # pid:PID:INODE: a process living in namespace B
  out=$(call ListLinks "('pid:$SLEEP_PID:$(stat -L -c %i /proc/$SLEEP_PID/ns/net)',)")
  check "root: ListLinks pid:PID:INODE reads the process's namespace ($VB, mtu 1400)" \
    '[ "$(wc -l <<<"$out")" = 2 ] && grep -q "^name=$VB .* mtu=1400 .* link-netnsid=[0-9]" <<<"$out"'

  # Calls run in threads that enter namespaces and come back: many at once,
  # then the host namespace must still be the host's.
  local i pids=() good=0
  for i in $(seq 12); do
    if ((i % 2)); then call ListLinks "('netns:$NSA',)" >"$LOGDIR/par.$i" & else
      call ListLinks "('netns:$NSB',)" >"$LOGDIR/par.$i" & fi
    pids+=($!)
  done
  wait "${pids[@]}"
  for i in $(seq 12); do
    if ((i % 2)); then cmp -s <(echo "$out_a") "$LOGDIR/par.$i" && good=$((good + 1))
    else grep -q "^name=$VB " "$LOGDIR/par.$i" && good=$((good + 1)); fi
  done
  check "12 concurrent ListLinks in two namespaces all answered correctly ($good)" '[ $good = 12 ]'
  out=$(call ListLinks "('host',)")
  check "ListLinks host afterwards lists the host's links, not a test namespace's" \
    'grep -q "^name=lo index=1 " <<<"$out" && ! grep -qE "^name=($VA|$VB) " <<<"$out" &&
     sed "s/^name=\([^ ]*\) .*/\1/" <<<"$out" | while read -r n; do [ -e "/sys/class/net/$n" ] || exit 1; done'

  # bad identifiers: typed errors
  expect_error "netns:../etc" io.github.tcgui.Error.InvalidArgument "$(call ListLinks "('netns:../etc',)")"
  expect_error "netns:a/b" io.github.tcgui.Error.InvalidArgument "$(call ListLinks "('netns:a/b',)")"
  expect_error "empty identifier" io.github.tcgui.Error.InvalidArgument "$(call ListLinks "('',)")"
  expect_error "bogus" io.github.tcgui.Error.InvalidArgument "$(call ListLinks "('bogus',)")"
  expect_error "netns:missing-$$" io.github.tcgui.Error.NoSuchNamespace "$(call ListLinks "('netns:missing-$$',)")"
  expect_error "pid:1:1" io.github.tcgui.Error.NoSuchNamespace "$(call ListLinks "('pid:1:1',)")"
  expect_error "pid:$$:1 (wrong inode)" io.github.tcgui.Error.NoSuchNamespace "$(call ListLinks "('pid:$$:1',)")"
  expect_error "a /run/netns file that is no namespace" io.github.tcgui.Error.NoSuchNamespace \
    "$(call ListLinks "('netns:$FAKE',)")"
  check "ListNamespaces leaves out a /run/netns file that is no namespace" \
    '! call ListNamespaces | grep -q "name=$FAKE "'

  # nobody, no rule: polkit says auth_admin → challenge → NotAuthorized
  out=$(call --nobody ListLinks "('netns:$NSA',)")
  expect_error "nobody: ListLinks" io.github.tcgui.Error.NotAuthorized "$out"
  check "the denial says authentication is needed and names the action" \
    '[[ $out == *"needs authentication"*"io.github.tcgui.inspect"* ]]'
  expect_error "nobody: GetCapabilities" io.github.tcgui.Error.NotAuthorized "$(call --nobody GetCapabilities)"
  expect_error "nobody: ListNamespaces" io.github.tcgui.Error.NotAuthorized "$(call --nobody ListNamespaces)"
  out=$(call --nobody ClearShaping "('netns:$NSA', '$VA', 'outgoing')")
  expect_error "nobody: ClearShaping" io.github.tcgui.Error.NotAuthorized "$out"
  check "…needing io.github.tcgui.shape" '[[ $out == *io.github.tcgui.shape* ]]'

  # the bus policy: anyone may introspect and ping, only root may own the name
  out=$("$TCGUI_TESTENV/run-as-nobody" gdbus introspect --system --dest "$NAME" \
        --object-path /io/github/tcgui/Helper1 2>&1)
  check "nobody may introspect the helper (bus policy)" '[[ $out == *"ListLinks("* ]]'
  out=$("$TCGUI_TESTENV/run-as-nobody" gdbus call --system --dest "$NAME" \
        --object-path /io/github/tcgui/Helper1 --method org.freedesktop.DBus.Peer.Ping 2>&1)
  check "nobody may ping the helper (bus policy)" '[ "$out" = "()" ]'
  out=$("$TCGUI_TESTENV/run-as-nobody" "$HELPER" --replace --idle-timeout 5 --journal /nonexistent 2>&1)
  RC=$?
  check "nobody cannot own $NAME, even with --replace (status $RC)" \
    '[ $RC = 1 ] && [[ $out == *"cannot own the bus name"* ]] && [ "$(name_owner_pid)" = "$HPID" ]'

  # malformed calls: D-Bus errors, and the helper keeps serving
  expect_error "ListLinks with a wrong signature" org.freedesktop.DBus.Error.InvalidArgs "$(call ListLinks "(1,)")"
  expect_error "ListLinks without its argument" org.freedesktop.DBus.Error.InvalidArgs "$(call ListLinks)"
  expect_error "GetCapabilities with an extra argument" org.freedesktop.DBus.Error.InvalidArgs \
    "$(call GetCapabilities "('x',)")"
  expect_error "an unknown method" org.freedesktop.DBus.Error.UnknownMethod "$(call Frobnicate)"
  check "the helper still runs and answers after the malformed calls" \
    'kill -0 $HPID && [ "$(call GetCapabilities)" = "$caps" ]'

  # a second helper without --replace gives up with status 1
  local first=$HPID
  start_helper --idle-timeout 60
  wait_exit "$HPID" 60
  check "a second helper without --replace exits with status 1 (got $RC)" '[ $RC = 1 ]'
  check "…with a clear message" 'grep -q "cannot own the bus name" "$LOGDIR/helper.log"'

  # --replace takes over; the replaced helper exits cleanly
  # Its idle timeout is generous (30 s): under ASan on a loaded machine one helper-call can take
  # close to 2 s, so a short timeout could expire between two calls that do keep coming.
  start_helper --replace --idle-timeout 30
  local second=$HPID
  check "--replace: the new helper owns the name" wait_owner "$second"
  wait_exit "$first" 60
  check "--replace: the replaced helper exits with status 0 (got $RC)" '[ $RC = 0 ]'

  # idle exit: not while calls keep coming, then by itself (the new one has --idle-timeout 30)
  local i alive=1
  # A call every 0.25 s for a few seconds, far inside the 30 s timeout.
  for i in $(seq 16); do
    call ListNamespaces >/dev/null
    sleep 0.25
    kill -0 "$second" 2>/dev/null || alive=0
  done
  check "the helper stays while calls keep coming (a call every 0.25 s, timeout 30 s)" '[ $alive = 1 ]'
  # Outcome with a generous deadline; how soon after the timeout it exits is a benchmark
  # (tests/bench/bench-watch-grid.sh prints idle-exit-ms).
  wait_exit "$second" 180
  check "then it exits by itself (--idle-timeout 30) with status 0 (got $RC)" '[ $RC = 0 ]'
  check "…and releases the name" \
    'gdbus call --system --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
       --method org.freedesktop.DBus.NameHasOwner "$NAME" | grep -q "(false,)"'

  start_helper --replace --idle-timeout 2
  wait_owner "$HPID"
  wait_exit "$HPID" 120
  check "a helper that gets no call exits by itself (--idle-timeout 2) with status 0 (got $RC)" \
    '[ $RC = 0 ]'

  start_helper --replace --idle-timeout 60
  wait_owner "$HPID"
  kill -TERM "$HPID"
  wait_exit "$HPID" 60
  check "SIGTERM: the helper exits with status 0 (got $RC)" '[ $RC = 0 ]'
  start_helper --replace --idle-timeout 60
  wait_owner "$HPID"
  kill -INT "$HPID"
  wait_exit "$HPID" 60
  check "SIGINT: the helper exits with status 0 (got $RC)" '[ $RC = 0 ]'
}

# ---------------------------------------------------------------- phase 2: nobody may inspect
phase_grant() {
  local out before after

  start_helper --replace --idle-timeout 60
  check "the helper owns $NAME on the private bus" wait_owner "$HPID"

  out=$(call --nobody ListLinks "('netns:$NSA',)")
  check "nobody with the inspect rule: ListLinks works (lo + $VA)" \
    '[ "$(cut -d" " -f1 <<<"$out" | tr "\n" " ")" = "name=lo name=$VA " ]'
  check "nobody with the inspect rule: GetCapabilities works" '[[ $(call --nobody GetCapabilities) == version=* ]]'

  # A shape method is still denied, by polkit, and changes nothing.
  tc -n "$NSA" qdisc replace dev "$VA" root tbf rate 1mbit burst 32kbit latency 400ms
  before=$(tc -n "$NSA" qdisc show; tc -n "$NSB" qdisc show)
  out=$(call --nobody ClearShaping "('netns:$NSA', '$VA', 'outgoing')")
  expect_error "nobody with inspect only: ClearShaping" io.github.tcgui.Error.NotAuthorized "$out"
  check "…denied by polkit for io.github.tcgui.shape" '[[ $out == *io.github.tcgui.shape* ]]'
  out=$(call --nobody --interactive ClearShaping "('netns:$NSA', '$VA', 'outgoing')")
  expect_error "…also when it allows interaction (no agent)" io.github.tcgui.Error.NotAuthorized "$out"
  after=$(tc -n "$NSA" qdisc show; tc -n "$NSB" qdisc show)
  check "the qdiscs are unchanged after the denied calls (tbf still on $VA)" \
    '[ "$before" = "$after" ] && grep -q "qdisc tbf" <<<"$after"'
  check "the helper still runs" 'kill -0 $HPID'
  out=$(call ListLinks "('netns:$NSA',)")
  check "root: ListLinks reports the tbf root qdisc" 'grep -q "^name=$VA .* qdisc=tbf " <<<"$out"'

  kill -TERM "$HPID"
  wait_exit "$HPID" 60
  check "SIGTERM: the helper exits with status 0 (got $RC)" '[ $RC = 0 ]'
}

# Inside polkit-bus: run one phase, print ok/not ok lines, exit with the result.
if [ "${1:-}" = --phase ]; then
  HPIDS=()
  trap stop_helpers EXIT
  "phase_$2"
  finish
  exit
fi

# ---------------------------------------------------------------- outer: set up, run the phases
[ $# = 5 ] || { echo "usage: $0 HELPER ACTIONS.policy BUS.conf RULES HELPER-CALL" >&2; exit 2; }
need_root
need_cmd ip tc gdbus setpriv stat
need_testenv polkit-bus
need_testenv run-as-nobody
HELPER=$(readlink -f "$1") HELPER_CALL=$(readlink -f "$5")
export HELPER ACTIONS=$2 BUSCONF=$3 RULES=$4 HELPER_CALL TCGUI_TESTENV

LOGDIR=$(mktemp -d /tmp/tcgui-helper-test.XXXXXX)
chmod 755 "$LOGDIR"
export LOGDIR NSA=tcgui-$$-a NSB=tcgui-$$-b NSC=tcgui-$$-c FAKE=tcgui-$$-fake VA=tcg$$a VB=tcg$$b
cleanup() {
  [ -n "${SLEEP_PID:-}" ] && kill "$SLEEP_PID" 2>/dev/null
  local ns; for ns in "$NSA" "$NSB" "$NSC"; do ip netns del "$ns" 2>/dev/null; done
  rm -f "/run/netns/$FAKE"
  if [ "$FAILED" != 0 ] || [ -n "${TCGUI_TEST_VERBOSE:-}" ]; then sed 's/^/# helper: /' "$LOGDIR/helper.log"; fi
  rm -rf "$LOGDIR"
}
trap cleanup EXIT

# Two namespaces joined by a veth pair: A's end up with MTU 1400, B's end down.
ip netns add "$NSA" && ip netns add "$NSB" && ip netns add "$NSC" &&
  ip -n "$NSA" link add "$VA" type veth peer name "$VB" netns "$NSB" &&
  ip -n "$NSA" link set "$VA" mtu 1400 && ip -n "$NSB" link set "$VB" mtu 1400 &&
  ip -n "$NSA" addr add 10.213.0.1/30 dev "$VA" && ip -n "$NSB" addr add 10.213.0.2/30 dev "$VB" &&
  ip -n "$NSA" link set "$VA" up || { echo "Bail out! cannot create the test namespaces"; exit 1; }
touch "/run/netns/$FAKE"      # a plain file where a namespace mount would be
NSID=$(ip -n "$NSA" netns list-id | sed -n "s/^nsid \([0-9]*\) (iproute2 netns name: $NSB)\$/\1/p")
[ -n "$NSID" ] || NSID=-1
ip netns exec "$NSB" sleep 600 </dev/null >/dev/null 2>&1 &
SLEEP_PID=$!
wait_own_netns $SLEEP_PID || skip "ip netns exec did not enter $NSB"
export NSID SLEEP_PID

# What the kernel offers, found with tc/ip in a scratch namespace.
yes_no() { if "$@" >/dev/null 2>&1; then echo true; else echo false; fi; }
EXP_NETEM=$(yes_no tc -n "$NSC" qdisc add dev lo root handle 1: netem delay 1ms)
tc -n "$NSC" qdisc del dev lo root 2>/dev/null
EXP_TBF=$(yes_no tc -n "$NSC" qdisc add dev lo root handle 1: tbf rate 1mbit burst 10kb latency 50ms)
EXP_IFB=$(yes_no ip -n "$NSC" link add "tcgifb$$" type ifb)
EXP_HTB=$(yes_no tc -n "$NSC" qdisc replace dev lo root handle 2: htb)
export EXP_NETEM EXP_TBF EXP_IFB EXP_HTB

# An installed identical copy of the actions (build-aux/tcgui-dev run installs one) is what
# polkitd reads anyway, and polkit-bus refuses to copy over it (as tests/ui/ui-lib.sh does).
PB=("$TCGUI_TESTENV/polkit-bus" --policy "$BUSCONF")
cmp -s "$ACTIONS" "/usr/share/polkit-1/actions/${ACTIONS##*/}" || PB+=(--actions "$ACTIONS")
echo "# phase 1: no polkit rule (nobody is denied everything)"
"${PB[@]}" -- "$0" --phase deny; rc=$?
check "phase 1 passed (status $rc)" '[ $rc = 0 ]'
echo "# phase 2: a rule grants nobody io.github.tcgui.inspect only"
"${PB[@]}" --rules "$RULES" -- "$0" --phase grant; rc=$?
check "phase 2 passed (status $rc)" '[ $rc = 0 ]'
check "no helper this test started is left running" \
  '(for p in $(cat "$LOGDIR/pids"); do ! kill -0 "$p" 2>/dev/null || exit 1; done)'
check "the helpers logged no GLib warning or critical" '! grep -E "(WARNING|CRITICAL) \*\*" "$LOGDIR/helper.log"'
check "no sanitizer reports from the helpers" '! grep -E "^(==[0-9]+==ERROR|SUMMARY): |runtime error:" "$LOGDIR/helper.log"'
finish
