#!/bin/bash
# test-netns-odd-files.sh - the real helper with FIFOs, sockets, symlinks, directories, device
# nodes and plain files in /run/netns, and namespaces deleted while it works on them.
#
# Each case asserts the outcome, never a time: the helper answers (helper-call's own 30 s
# deadline), stays alive, still lists the real namespaces, ends on SIGTERM, and the kernel holds
# nothing TC GUI cannot account for. The test runs in a private mount namespace with a tmpfs on
# /run/netns, so the odd files it plants are seen by its own helper only (helpers other tests
# run at the same time never see them).
#
# Usage (meson passes these): test-netns-odd-files.sh HELPER ACTIONS.policy BUS.conf HELPER-CALL
. "$(dirname "$(readlink -f "$0")")/../../lib.sh"

NAME=io.github.tcgui.Helper1

call() { timeout 120 "$HELPER_CALL" "$@" 2>&1; }
name_owner_pid() {
  gdbus call --system --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.GetConnectionUnixProcessID "$NAME" 2>/dev/null |
    sed -n 's/^(uint32 \([0-9]*\),)$/\1/p'
}
# wait_until SECONDS CMD...: generous deadlines, never asserted as times
wait_until() {
  local n=$(($1 * 10)); shift
  while ((n-- > 0)); do "$@" && return 0; sleep 0.1; done
  return 1
}
owns_name() { [ "$(name_owner_pid)" = "$HPID" ]; }
gone() { ! kill -0 "$HPID" 2>/dev/null; }
alive() { kill -0 "$HPID" 2>/dev/null; }

# The odd entries: NAME TYPE. Names are this test's own.
plant_odd_files() {
  local d=/run/netns p=$TEST_TAG
  mkfifo "$d/$p-fifo"
  echo "not a namespace" >"$d/$p-file"
  mkdir "$d/$p-dir"
  ln -s /dev/zero "$d/$p-link-zero"
  ln -s "$d/$p-fifo" "$d/$p-link-fifo"
  ln -s "$d/$p-nowhere" "$d/$p-dangling"
  mknod "$d/$p-null" c 1 3
  python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$d/$p-sock"
  ODD="$p-fifo $p-file $p-dir $p-link-zero $p-link-fifo $p-dangling $p-null $p-sock"
}

# Everything listed and the odd entries refused with a typed error, the real namespaces kept.
phase_odd() {
  local out name ns_inode

  "$HELPER" --verbose --journal "$LOGDIR/journal" --replace --idle-timeout 600 \
    >>"$LOGDIR/helper.log" 2>&1 &
  HPID=$!
  check "the helper owns $NAME on the private bus" wait_until 60 owns_name
  # The inventory's monitor of /run/netns fires on every one of these.
  plant_odd_files

  out=$(call ListNamespaces)
  check "ListNamespaces answers with odd files in /run/netns" '[[ $out == id=host* ]]'
  ns_inode=$(stat -L -c %i "/run/netns/$NSA")
  check "ListNamespaces still lists netns:$NSA with its inode" \
    'grep -qx "id=netns:$NSA kind=netns name=$NSA inode=$ns_inode" <<<"$out"'
  check "ListNamespaces lists none of the odd entries" '! grep -q "$TEST_TAG-" <<<"$out"'

  for name in $ODD; do
    out=$(call ListLinks "('netns:$name',)")
    check "ListLinks netns:$name → NoSuchNamespace" \
      '[[ $out == "error: io.github.tcgui.Error.NoSuchNamespace: "* ]]'
  done
  out=$(call ListLinks "('netns:$NSA',)")
  check "ListLinks netns:$NSA still answers (lo, $VA)" \
    'grep -q "name=lo " <<<"$out" && grep -q "name=$VA " <<<"$out"'
  out=$(call Watch "([('netns:$TEST_TAG-fifo', 'lo')], uint32 500)")
  check "Watch of a FIFO's name → NoSuchNamespace" \
    '[[ $out == "error: io.github.tcgui.Error.NoSuchNamespace: "* ]]'
  out=$(call GetInventory)
  check "GetInventory answers after the monitor saw them" '[[ $out == *"netns:$NSA"* ]]'
  check "GetInventory lists none of the odd entries" '! grep -q "netns:$TEST_TAG-" <<<"$out"'
  check "the helper holds no descriptor of any odd entry" \
    '! ls -l "/proc/$HPID/fd" 2>/dev/null | grep -q "/run/netns/$TEST_TAG-"'

  # A namespace created after the odd files is still noticed.
  ip netns add "$NSB"
  check "a namespace added later appears in GetInventory" \
    wait_until 60 eval '[[ $(call GetInventory) == *"netns:$NSB"* ]]'

  # A FIFO where the journal keeps $VA's outgoing entry: reading or rewriting it must not
  # block (it is skipped, then replaced by a regular file).
  local entry
  entry=$LOGDIR/journal/$ns_inode-$(printf %s "$VA" | od -An -tx1 | tr -d ' \n')-outgoing
  mkdir -p -m 0700 "$LOGDIR/journal" && mkfifo "$entry"
  out=$(call GetShaping "('netns:$NSA', '$VA')")
  check "GetShaping answers with a FIFO as the journal entry" '[[ $out == *"outgoing-owner=none"* ]]'
  out=$(call SetShaping "('netns:$NSA', '$VA', 'outgoing', {'rate-bps': <uint64 8000000>}, uint32 0)")
  check "SetShaping answers and writes the entry over the FIFO" '[ -z "$out" ] && [ -f "$entry" ]'
  out=$(call ClearShaping "('netns:$NSA', '$VA', 'outgoing')")
  check "ClearShaping answers; the kernel holds no qdisc of this test" \
    '[ -z "$out" ] && ! tc -n "$NSA" qdisc show dev "$VA" | grep -qE "^qdisc (tbf|netem) "'

  check "the helper is alive" alive
  kill -TERM "$HPID"
  check "SIGTERM ends the helper" wait_until 60 gone
  wait "$HPID"; RC=$?
  check "the helper exited with status 0 (got $RC)" '[ $RC = 0 ]'
}

# Namespaces deleted while ListLinks, GetShaping, SetShaping and Watch work on them: typed
# errors or answers, never a crash, and nothing left behind in the kernel.
phase_vanish() {
  local i m f out bad=0 pids=()

  # The odd files of phase 1 are still there: this helper meets them when its inventory
  # starts (the first GetInventory) and lists /run/netns in the main thread.
  check "the odd entries are in /run/netns before the helper starts" \
    '[ -n "$(find /run/netns -maxdepth 1 -type p)" ] && [ -n "$(find /run/netns -maxdepth 1 -type s)" ]'
  "$HELPER" --verbose --journal "$LOGDIR/journal" --replace --idle-timeout 600 \
    >>"$LOGDIR/helper.log" 2>&1 &
  HPID=$!
  check "the helper starts and owns $NAME on the private bus" wait_until 60 owns_name
  out=$(call GetInventory)
  check "its first GetInventory answers, the odd entries already there" '[[ $out == *"netns:$NSA"* ]]'

  for i in $(seq 1 8); do
    ip netns add "$NSV-$i" && ip -n "$NSV-$i" link add v0 type veth peer name v1 &&
      ip -n "$NSV-$i" link set v0 up || { fail "cannot create $NSV-$i"; continue; }
    # Calls race the deletion below; each answer must be a reply or a typed error.
    for m in "ListLinks ('netns:$NSV-$i',)" \
             "GetShaping ('netns:$NSV-$i', 'v0')" \
             "SetShaping ('netns:$NSV-$i', 'v0', 'outgoing', {'rate-bps': <uint64 8000000>}, uint32 0)" \
             "Watch ([('netns:$NSV-$i', 'v0')], uint32 1000)"; do
      # shellcheck disable=SC2086
      (out=$(call ${m%% *} "${m#* }"); echo "rc=$? $out" >"$LOGDIR/vanish-$i-${m%% *}") &
      pids+=($!)
    done
    ip netns del "$NSV-$i"
  done
  wait "${pids[@]}"
  for f in "$LOGDIR"/vanish-*; do
    out=$(head -n1 "$f")
    # A reply (status 0; SetShaping's is empty) or a typed error (status 1); a timeout is 124.
    if [[ $out != "rc=0"* && $out != "rc=1 error: io.github.tcgui.Error."* ]]; then
      bad=$((bad + 1)); echo "# untyped or no answer: ${f##*/}: $out"
    fi
  done
  check "every call on a vanishing namespace got a reply or a typed io.github.tcgui.Error" \
    '[ $bad = 0 ]'
  check "the helper is alive after the namespaces vanished" alive
  out=$(call ListLinks "('netns:$NSA',)")
  check "another caller is served: ListLinks netns:$NSA" 'grep -q "name=$VA " <<<"$out"'
  out=$(call ListNamespaces)
  check "no deleted namespace is listed" '! grep -q "netns:$NSV-" <<<"$out"'
  check "no namespace of the vanish loop is left mounted" '! ls /run/netns | grep -q "^$NSV-"'
  check "the surviving namespace holds no qdisc of this test (its root is still the default)" \
    '! tc -n "$NSA" qdisc show dev "$VA" | grep -qE "^qdisc (tbf|netem) "'
  kill -TERM "$HPID"
  check "SIGTERM ends the helper" wait_until 60 gone
  wait "$HPID"; RC=$?
  check "the helper exited with status 0 (got $RC)" '[ $RC = 0 ]'
}

# Inside the private mount namespace and polkit-bus: one phase.
if [ "${1:-}" = --phase ]; then
  HPID=
  trap '[ -n "$HPID" ] && kill "$HPID" 2>/dev/null' EXIT
  "phase_$2"
  finish
  exit
fi

# Inside the private mount namespace: a tmpfs /run/netns of our own, then the phases.
if [ "${1:-}" = --private ]; then
  mount -t tmpfs -o mode=0755 tcgui-test /run/netns || skip "cannot mount a tmpfs on /run/netns"
  ip netns add "$NSA" && ip -n "$NSA" link add "$VA" type veth peer name "$VB" &&
    ip -n "$NSA" link set "$VA" up || { echo "Bail out! cannot create the test namespace"; exit 1; }
  PB=("$TCGUI_TESTENV/polkit-bus" --policy "$BUSCONF")
  cmp -s "$ACTIONS" "/usr/share/polkit-1/actions/${ACTIONS##*/}" || PB+=(--actions "$ACTIONS")
  echo "# phase 1: FIFOs, sockets, symlinks, directories, device nodes, plain files"
  run_phase "${PB[@]}" -- "$0" --phase odd; rc=$?
  check "phase odd passed (status $rc)" '[ $rc = 0 ]'
  echo "# phase 2: namespaces deleted mid-call"
  run_phase "${PB[@]}" -- "$0" --phase vanish; rc=$?
  check "phase vanish passed (status $rc)" '[ $rc = 0 ]'
  for ns in $(ls /run/netns); do ip netns del "$ns" 2>/dev/null; done
  finish
  exit
fi

[ $# = 4 ] || { echo "usage: $0 HELPER ACTIONS.policy BUS.conf HELPER-CALL" >&2; exit 2; }
need_root
need_cmd ip gdbus unshare mkfifo mknod python3 timeout
need_testenv polkit-bus
HELPER=$(readlink -f "$1") HELPER_CALL=$(readlink -f "$4")
export HELPER ACTIONS=$2 BUSCONF=$3 HELPER_CALL TCGUI_TESTENV TEST_TAG
LOGDIR=$(mktemp -d /tmp/tcgui-netns-fault.XXXXXX)
chmod 755 "$LOGDIR"
export LOGDIR NSA=$TEST_TAG-a NSB=$TEST_TAG-b NSV=$TEST_TAG-v VA=${TEST_TAG}va VB=${TEST_TAG}vb
cleanup() {
  if [ "$FAILED" != 0 ] || [ -n "${TCGUI_TEST_VERBOSE:-}" ]; then sed 's/^/# helper: /' "$LOGDIR/helper.log"; fi
  rm -rf "$LOGDIR"
}
trap cleanup EXIT

mkdir -p /run/netns
unshare -m --propagation private -- "$0" --private; rc=$?
[ $rc = 77 ] && skip "the private mount namespace could not be set up"
check "the phases passed (status $rc)" '[ $rc = 0 ]'
check "the helper logged no GLib warning or critical" '! grep -E "(WARNING|CRITICAL) \*\*" "$LOGDIR/helper.log"'
check "no sanitizer reports from the helper" '! grep -E "^(==[0-9]+==ERROR|SUMMARY): |runtime error:" "$LOGDIR/helper.log"'
finish
