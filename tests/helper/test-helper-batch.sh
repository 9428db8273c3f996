#!/bin/bash
# test-helper-batch.sh - SetShapingBatch on the real built tcgui-helper, on a private system bus
# with a real polkitd (../shared/testenv/polkit-bus): 20 interfaces in 5 namespaces set in one
# call and read back with `tc -j`, a veth's incoming shaped on its peer in another namespace,
# bad items refused alone, clearing, uid 65534 denied with nothing changed, 0 and 1025 items
# refused whole, two batches at once from one uid (the second is Busy), hostile items (a value
# nested deep, a huge dictionary, a call beyond 16 MiB), the helper SIGKILLed in a batch (its
# successor's ResetAll leaves nothing), each namespace entered once (setns counted by strace),
# flows in items (a prefix flow and a partition read back with tc -j, an unknown peer refused).
#
# Usage (meson passes these): test-helper-batch.sh HELPER ACTIONS.policy BUS.conf BATCH-CALL HELPER-CALL
. "$(dirname "$(readlink -f "$0")")/../lib.sh"

NAME=io.github.tcgui.Helper1
N_NS=5

# ---------------------------------------------------------------- shared helpers
start_helper() {
  "$HELPER" --verbose --journal "$LOGDIR/journal" "$@" >>"$LOGDIR/helper.log" 2>&1 &
  HPID=$!
  echo "$HPID" >>"$LOGDIR/pids"
}
name_owner_pid() {
  gdbus call --system --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.GetConnectionUnixProcessID "$NAME" 2>/dev/null |
    sed -n 's/^(uint32 \([0-9]*\),)$/\1/p'
}
wait_owner() {
  local i
  for ((i = 0; i < 60 * 20; i++)); do
    [ "$(name_owner_pid)" = "$1" ] && return 0
    kill -0 "$1" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}
# batch [--nobody] [ARGS...] < ITEMS: batch-call's output
batch() {
  local as=()
  if [ "${1:-}" = --nobody ]; then as=("$TCGUI_TESTENV/run-as-nobody"); shift; fi
  LC_ALL=C.UTF-8 "${as[@]}" "$BATCH_CALL" "$@" 2>&1
}
# The outer script's tag: the phase runs as another process (another $$).
export BATCH_TAG=${BATCH_TAG:-$TEST_TAG}
ns() { echo "$BATCH_TAG-b$1"; }
# rate_of NS IF: the root tbf's rate in bytes/s as `tc -j` reports it, or "none"
rate_of() {
  local r
  r=$(tc -j -n "$1" qdisc show dev "$2" |
      grep -o '"kind":"tbf","handle":"[0-9a-f]*:","root":true,[^{]*"options":{"rate":[0-9]*' |
      sed 's/.*"rate"://')
  echo "${r:-none}"
}
# every_rate: "NS/IF=RATE" for the 20 interfaces and the peer, one line
every_rate() {
  local k i
  for ((k = 0; k < N_NS; k++)); do
    for i in 0 1 2 3; do echo -n "$k/v$i=$(rate_of "$(ns $k)" "v$i") "; done
  done
  echo "peer=$(rate_of "$(ns 1)" p1)"
}
kernel_state() { local k; for ((k = 0; k < N_NS; k++)); do tc -n "$(ns $k)" qdisc show; done; }
n_journal() { find "$LOGDIR/journal" -maxdepth 1 -type f 2>/dev/null | wc -l; }
# items_20 RATE-BASE: the 20 interfaces, interface number n (0..19) at (n + RATE-BASE) Mbit/s
items_20() {
  local k i
  for ((k = 0; k < N_NS; k++)); do
    for i in 0 1 2 3; do
      echo "netns:$(ns $k) v$i outgoing 0 {'rate-bps': <uint64 $(((k * 4 + i + $1) * 1000000))>}"
    done
  done
}
expected_20() {
  local k i
  for ((k = 0; k < N_NS; k++)); do
    for i in 0 1 2 3; do echo -n "$k/v$i=$(((k * 4 + i + $1) * 125000)) "; done
  done
}

# ---------------------------------------------------------------- the phase under polkit-bus
phase_main() {
  local out expected before after

  start_helper --replace --idle-timeout 600
  check "the helper owns $NAME on the private bus" wait_owner "$HPID"
  out=$("$HELPER_CALL" GetCapabilities 2>&1)
  check "GetCapabilities says batch=true ($out)" '[[ " $out " == *" batch=true "* ]]'

  # 20 interfaces in 5 namespaces, and the incoming of p0 (its peer p1 is in another namespace),
  # with the helper's setns() calls counted by strace when there is one
  local tracer= i
  if command -v strace >/dev/null; then
    strace -f -qq -e trace=setns -o "$LOGDIR/setns.trace" -p "$HPID" 2>>"$LOGDIR/strace.log" &
    tracer=$!
    for ((i = 0; i < 600; i++)); do
      ! grep -q "^TracerPid:[[:space:]]*0$" /proc/"$HPID"/task/*/status 2>/dev/null && break
      sleep 0.1
    done
  fi
  out=$({ items_20 1; echo "netns:$(ns 0) p0 incoming 0 {'rate-bps': <uint64 24000000>}"; } | batch)
  if [ -n "$tracer" ]; then
    kill "$tracer"; wait "$tracer" 2>/dev/null
    # 5 namespaces and p1's: each entered and left once (a loop of SetShaping: 21 × 2 + 2).
    i=$(grep -c "setns(" "$LOGDIR/setns.trace")
    check "the helper entered each namespace once: 12 setns() calls for 6 namespaces (got $i)" \
      '[ "$i" = 12 ]' || sed 's/^/#   /' "$LOGDIR/setns.trace" "$LOGDIR/strace.log" | head -n 40
  else
    echo "# no strace here: the helper's setns() calls are not counted"
  fi
  check "a batch of 21 items: 21 results, all ok" \
    '[ "$(grep -c "^ok$" <<<"$out")" = 21 ] && [ "$(wc -l <<<"$out")" = 21 ]' ||
    echo "$out" | sed 's/^/#   /'
  expected="$(expected_20 1)peer=3000000"
  after=$(every_rate)
  check "tc -j reads each of the 20 rates back (1..20 Mbit/s), p0's incoming on p1 in $(ns 1)" \
    '[ "$after" = "$expected" ]' || echo "#   got: $after"
  out=$("$HELPER_CALL" GetShaping "('netns:$(ns 3)', 'v2')" 2>&1)
  check "GetShaping reads v2 of $(ns 3) back as TC GUI's, 15 Mbit/s" \
    '[[ $out == *"outgoing={'"'"'rate-bps'"'"': <uint64 15000000>}"*"outgoing-owner=tcgui"* ]]' ||
    echo "#   got: $out"
  check "the journal has an entry per item, as SetShaping writes them (21)" '[ "$(n_journal)" = 21 ]'
  check "…naming each change (v3 of $(ns 4), outgoing, its rate)" \
    'grep -l "^interface=v3$" "$LOGDIR"/journal/* | xargs grep -l "^namespace=netns:$(ns 4)$" |
     xargs grep -q "^parameters=.*uint64 20000000"'

  # bad items: each gets its own error, in order; the others are applied
  before=$(every_rate)
  out=$(batch <<EOF
netns:$(ns 0) v0 outgoing 0 {'rate-bps': <uint64 30000000>}
netns:$(ns 0) v1 outgoing 0 {'bogus': <1>}
netns:$(ns 0) v2 both 0 {'rate-bps': <uint64 8000000>}
netns:$BATCH_TAG-missing v0 outgoing 0 {'rate-bps': <uint64 8000000>}
netns:$(ns 1) nosuch0 outgoing 0 {'rate-bps': <uint64 8000000>}
netns:$(ns 1) a/b outgoing 0 {'rate-bps': <uint64 8000000>}
netns:../etc v0 outgoing 0 {'rate-bps': <uint64 8000000>}
netns:$(ns 1) v0 outgoing 2 {'rate-bps': <uint64 8000000>}
netns:$(ns 1) v0 sideways 0 {'rate-bps': <uint64 8000000>}
netns:$(ns 1) v0 outgoing 0 {'rate-bps': <uint64 999>}
netns:$BATCH_TAG-missing v1 outgoing 0 {}
netns:$(ns 1) v1 outgoing 0 {'rate-bps': <uint64 31000000>}
EOF
)
  echo "$out" | sed 's/^/#   /'
  expected="ok
io.github.tcgui.Error.InvalidArgument
io.github.tcgui.Error.InvalidArgument
io.github.tcgui.Error.NoSuchNamespace
io.github.tcgui.Error.NoSuchInterface
io.github.tcgui.Error.InvalidArgument
io.github.tcgui.Error.InvalidArgument
io.github.tcgui.Error.InvalidArgument
io.github.tcgui.Error.InvalidArgument
io.github.tcgui.Error.InvalidArgument
io.github.tcgui.Error.NoSuchNamespace
ok"
  check "12 items with 10 bad ones: each its own error, in order, the 2 good ones ok" \
    '[ "$(cut -d: -f1 <<<"$out")" = "$expected" ]'
  check "…the messages name what is wrong (the key, both, the flags, the rate's limit)" \
    '[[ $out == *"Unknown parameter “bogus”"*"“both” is only for clearing"* ]] &&
     [[ $out == *"Unknown flags 0x2"*"rate-bps"* ]]'
  after=$(every_rate)
  expected=$(sed -e 's| 0/v0=[0-9]*| 0/v0=3750000|' -e 's|^0/v0=[0-9]*|0/v0=3750000|' \
                 -e 's| 1/v1=[0-9]*| 1/v1=3875000|' <<<"$before")
  check "only the 2 good items changed the kernel (v0 of $(ns 0) 30 Mbit/s, v1 of $(ns 1) 31)" \
    '[ "$after" = "$expected" ]' || { echo "#   before: $before"; echo "#   after:  $after"; }

  # uid 65534 is refused by polkit (no rule): nothing changes
  before=$(kernel_state)
  out=$(items_20 40 | batch --nobody)
  check "nobody: SetShapingBatch → NotAuthorized, needing io.github.tcgui.shape" \
    '[[ $out == "error: io.github.tcgui.Error.NotAuthorized: "*io.github.tcgui.shape* ]]' ||
    echo "#   got: $out"
  check "…and the kernel is unchanged" '[ "$(kernel_state)" = "$before" ]'

  # the call as a whole: no item, 1025 items
  out=$(batch </dev/null)
  check "0 items → InvalidArgument (1 to 1024)" \
    '[[ $out == "error: io.github.tcgui.Error.InvalidArgument: A batch holds 1 to 1024 items, not 0" ]]' ||
    echo "#   got: $out"
  out=$(for r in $(seq 52); do items_20 $((r + 50)); done | head -n 1025 | batch)
  check "1025 items → InvalidArgument, refused whole" \
    '[[ $out == "error: io.github.tcgui.Error.InvalidArgument: A batch holds 1 to 1024 items, not 1025" ]]' ||
    echo "#   got: $out"
  check "…and the kernel is unchanged" '[ "$(kernel_state)" = "$before" ]'

  # hostile items: refused alone, the others applied; a call beyond 16 MiB refused whole
  out=$(batch <<EOF
netns:$(ns 2) v0 outgoing 0 {'rate-bps': <uint64 32000000>}
@deep netns:$(ns 2) v1 outgoing 30
@huge netns:$(ns 2) v2 outgoing 1000
@huge netns:$(ns 2) v3 outgoing 100000
netns:$(ns 2) v3 outgoing 0 {'rate-bps': <uint64 33000000>}
EOF
)
  echo "$out" | cut -c1-200 | sed 's/^/#   /'
  check "a value 30 variants deep, a dictionary of 1000 keys (64 KiB+) and one of 100000: each InvalidArgument, the others ok" \
    '[ "$(cut -d: -f1 <<<"$out" | tr "\n" " ")" = "ok io.github.tcgui.Error.InvalidArgument io.github.tcgui.Error.InvalidArgument io.github.tcgui.Error.InvalidArgument ok " ]'
  check "…the huge ones named by their size (at most 65536 bytes)" \
    '[ "$(grep -c "at most 65536 bytes serialized" <<<"$out")" = 2 ]'
  check "…the deep one refused as not a uint64 rate" '[[ $(sed -n 2p <<<"$out") == *rate-bps* ]]'
  check "…and the good ones applied (v0, v3 of $(ns 2): 32, 33 Mbit/s), v1 and v2 unchanged" \
    '[ "$(rate_of "$(ns 2)" v0) $(rate_of "$(ns 2)" v1) $(rate_of "$(ns 2)" v2) $(rate_of "$(ns 2)" v3)" = "4000000 1250000 1375000 4125000" ]'
  before=$(kernel_state)
  out=$(for i in $(seq 1024); do echo "@huge netns:$(ns 2) v0 outgoing 220"; done | batch)
  check "1024 items of 220 keys each (over 16 MiB) → LimitExceeded, refused whole" \
    '[[ $out == "error: io.github.tcgui.Error.LimitExceeded: A batch may be at most 16777216 bytes"* ]]' ||
    echo "#   got: ${out:0:300}"
  check "…and the kernel is unchanged" '[ "$(kernel_state)" = "$before" ]'
  out=$(for i in $(seq 300); do echo "@deep netns:$(ns 2) v0 outgoing 300"; done | batch)
  check "300 values nested 300 deep: refused (by the bus or the helper), nothing else" \
    '[[ $out == error:* ]] || [ "$(grep -c "^io.github.tcgui.Error.InvalidArgument: " <<<"$out")" = 300 ]' ||
    echo "#   got: ${out:0:300}"
  check "…the kernel is unchanged and the helper still answers" \
    '[ "$(kernel_state)" = "$before" ] && kill -0 $HPID && [[ $("$HELPER_CALL" GetCapabilities) == version=* ]]'

  # Two batches of 1024 items at once from one uid: the second is refused with Busy while the
  # first runs (one batch in flight per user), or both run when the first was already answered.
  # Items for the same interface are applied in their order: the last of each wins.
  local attempt busy=0 bad=0
  for attempt in 1 2 3 4 5; do
    out=$({ for r in $(seq 51); do items_20 $((r + 100)); done | head -n 1004; items_20 $((attempt + 200)); } |
          batch --concurrent 2)
    echo "$out" | cut -c1-160 | sed "s/^/#   attempt $attempt: /"
    grep -q "^call [12]: error: io.github.tcgui.Error.Busy: User 0 already has 1 SetShapingBatch calls in flight" \
      <<<"$out" && busy=$((busy + 1))
    grep -vqE "^call [12]: (ok 1024/1024|error: io.github.tcgui.Error.Busy: .*)$" <<<"$out" && bad=$((bad + 1))
    grep -q "^call [12]: ok 1024/1024$" <<<"$out" || bad=$((bad + 1))
    [ "$(every_rate | sed 's/ peer=.*//')" = "$(expected_20 $((attempt + 200)) | sed 's/ $//')" ] || bad=$((bad + 1))
    [ $busy -gt 0 ] && break
  done
  check "two batches at once: each applied whole (1024/1024) or refused with Busy, and the last item of each interface holds ($attempt attempts)" \
    '[ $bad = 0 ]'
  check "…the second was refused with Busy while the first ran (one batch in flight per user)" \
    '[ $busy -gt 0 ]'

  # SIGKILL in the middle of a batch: every change it made was journalled first, so the
  # restarted helper's ResetAll leaves none of TC GUI's qdiscs (handles 7cc0:/7cc1:) behind.
  local bp cleared
  { for r in $(seq 51); do items_20 $((r + 300)); done | head -n 1004; items_20 400; } >"$LOGDIR/killed.in"
  touch "$LOGDIR/killed.mark"
  batch <"$LOGDIR/killed.in" >"$LOGDIR/killed.out" &
  bp=$!
  # Once the batch has rewritten a journal entry it is applying: then a random moment later.
  for ((i = 0; i < 1200; i++)); do
    [ -n "$(find "$LOGDIR/journal" -type f -newer "$LOGDIR/killed.mark" | head -n 1)" ] && break
    sleep 0.05
  done
  sleep "0.0$((RANDOM % 5))"
  kill -KILL "$HPID"
  wait "$HPID" 2>/dev/null
  wait "$bp"
  echo "# the killed batch's caller got: $(head -c 200 "$LOGDIR/killed.out");" \
       "$(find "$LOGDIR/journal" -type f -newer "$LOGDIR/killed.mark" | wc -l) entries rewritten"
  start_helper --replace --idle-timeout 600
  check "killed in a batch: a new helper owns $NAME" wait_owner "$HPID"
  cleared=$("$HELPER_CALL" ResetAll 2>&1)
  check "…its ResetAll succeeds ($cleared cleared)" '[[ $cleared =~ ^[0-9]+$ ]]'
  check "…and no qdisc of TC GUI is left on the 20 interfaces or the peer" \
    '! kernel_state | grep -qE "qdisc [a-z]+ 7cc[01]:" && ! tc -n "$(ns 1)" qdisc show dev p1 | grep -q 7cc'
  check "…and the journal is empty" '[ "$(n_journal)" = 0 ]'

  # flows in batch items, as SetShaping takes them: a prefix flow with its own tbf rate and a
  # partition, read back from the kernel (`tc -j`) and with their labels by GetShaping
  local t0 htb
  out=$(batch <<EOF
netns:$(ns 0) v0 outgoing 0 {'rate-bps': <uint64 8000000>, 'flows': <[{'match': <{'prefix': <'10.77.0.0/16'>}>, 'rate-bps': <uint64 2000000>, 'label': <'to 10.77'>}]>}
netns:$(ns 0) v1 outgoing 0 {'flows': <[{'match': <{'prefix': <'10.78.0.0/16'>}>, 'partition': <true>, 'label': <'cut'>}]>}
netns:$(ns 0) v2 outgoing 0 {'flows': <[{'match': <{'peer': <'$BATCH_TAG-no-such-container'>}>}]>}
EOF
)
  echo "$out" | sed 's/^/#   /'
  check "a batch with a prefix flow, a partition and an unknown peer: ok, ok, InvalidArgument naming the peer" \
    '[ "$(cut -d: -f1 <<<"$out" | tr "\n" " ")" = "ok ok io.github.tcgui.Error.InvalidArgument " ] &&
     [[ $(sed -n 3p <<<"$out") == *"flows[0].match.peer"* ]]'
  t0=$(tc -j -n "$(ns 0)" qdisc show dev v0)
  htb=$(grep -o '"kind":"htb","handle":"7cc[01]:","root":true' <<<"$t0" | grep -o '7cc[01]:')
  check "tc -j: v0's root is TC GUI's htb ($htb)" '[ -n "$htb" ]' || echo "#   got: $t0"
  check "…with a tbf leaf at 2 Mbit/s (250000 bytes/s) for the flow and one at 8 Mbit/s (the default)" \
    'grep -qE "\"kind\":\"tbf\",\"handle\":\"[0-9a-f]+:\",\"parent\":\"$htb[0-9a-f]+\"[^{]*\"options\":\{\"rate\":250000," <<<"$t0" &&
     grep -qE "\"kind\":\"tbf\",\"handle\":\"[0-9a-f]+:\",\"parent\":\"$htb[0-9a-f]+\"[^{]*\"options\":\{\"rate\":1000000," <<<"$t0"' ||
    echo "#   got: $t0"
  t0=$(tc -j -n "$(ns 0)" filter show dev v0 parent "$htb")
  check "…and a u32 filter matching 10.77.0.0/16 (tc -j filter show) into one of its classes" \
    '[[ $t0 == *"\"kind\":\"u32\""* && $t0 == *"\"value\":\"a4d0000\",\"mask\":\"ffff0000\","*"\"off\":16"* &&
        $t0 == *"\"flowid\":\"$htb"* ]]' || echo "#   got: $t0"
  t0=$(tc -n "$(ns 0)" qdisc show dev v1)
  check "v1: the partition is a blackhole leaf under TC GUI's htb" \
    '[[ $t0 == *"qdisc htb 7cc"*"root"* && $t0 == *"qdisc blackhole"* ]]' || echo "#   got: $t0"
  out=$("$HELPER_CALL" GetShaping "('netns:$(ns 0)', 'v0')" 2>&1)
  check "GetShaping reads v0's flow back with its label (remembered as for SetShaping)" \
    '[[ $out == *"label"*"to 10.77"* ]]' || echo "#   got: $out"
  out=$("$HELPER_CALL" GetShaping "('netns:$(ns 0)', 'v1')" 2>&1)
  check "…and v1's partition with its label" '[[ $out == *partition* && $out == *"label"*"cut"* ]]' ||
    echo "#   got: $out"

  # clearing: {} per direction, "both" too; the journal is empty again
  out=$(items_20 1 | batch)
  check "a batch of 20 after the restart: all ok" '[ "$(grep -c "^ok$" <<<"$out")" = 20 ]'
  out=$(for ((k = 0; k < N_NS; k++)); do
          for i in 0 1; do echo "netns:$(ns $k) v$i both 0 {}"; done
          for i in 2 3; do echo "netns:$(ns $k) v$i outgoing 0 {}"; done
        done; echo "netns:$(ns 0) p0 incoming 0 {}")
  out=$(batch <<<"$out")
  check "a batch of 21 clears ({} outgoing, both, incoming): all ok" \
    '[ "$(grep -c "^ok$" <<<"$out")" = 21 ]' || echo "$out" | sed 's/^/#   /'
  expected=$(for ((k = 0; k < N_NS; k++)); do for i in 0 1 2 3; do echo -n "$k/v$i=none "; done; done
             echo "peer=none")
  check "…tc shows no tbf left on any of them" '[ "$(every_rate)" = "$expected" ]'
  check "…and the journal is empty" '[ "$(n_journal)" = 0 ]'

  check "the helper still runs" 'kill -0 $HPID'
  kill -TERM "$HPID"
  wait "$HPID"
  check "SIGTERM: the helper exits with status 0 (got $?)" '[ $? = 0 ]'
}

if [ "${1:-}" = --phase ]; then
  "phase_$2"
  finish
  exit
fi

# ---------------------------------------------------------------- outer: set up, run the phase
[ $# = 5 ] || { echo "usage: $0 HELPER ACTIONS.policy BUS.conf BATCH-CALL HELPER-CALL" >&2; exit 2; }
need_root
need_cmd ip tc gdbus
need_testenv polkit-bus
need_testenv run-as-nobody
HELPER=$(readlink -f "$1") BATCH_CALL=$(readlink -f "$4") HELPER_CALL=$(readlink -f "$5")
export HELPER ACTIONS=$2 BUSCONF=$3 BATCH_CALL HELPER_CALL TCGUI_TESTENV

LOGDIR=$(mktemp -d /tmp/tcgui-batch-test.XXXXXX)
chmod 755 "$LOGDIR"
export LOGDIR
cleanup() {
  local k; for ((k = 0; k < N_NS; k++)); do ip netns del "$(ns $k)" 2>/dev/null; done
  if [ "$FAILED" != 0 ] || [ -n "${TCGUI_TEST_VERBOSE:-}" ]; then
    sed 's/^/# helper: /' "$LOGDIR/helper.log" | tail -n 200
  fi
  [ -e "$LOGDIR/pids" ] && for p in $(cat "$LOGDIR/pids"); do kill "$p" 2>/dev/null; done
  rm -rf "$LOGDIR"
}
trap cleanup EXIT

# 5 namespaces with two veth pairs inside each (v0-v1, v2-v3), and a pair p0 (in b0) - p1 (in b1).
for ((k = 0; k < N_NS; k++)); do
  n=$(ns $k)
  ip netns add "$n" && ip -n "$n" link add v0 type veth peer name v1 &&
    ip -n "$n" link add v2 type veth peer name v3 &&
    for i in 0 1 2 3; do ip -n "$n" link set "v$i" up || exit 1; done ||
    { echo "Bail out! cannot create the test namespaces"; exit 1; }
done
ip -n "$(ns 0)" link add p0 type veth peer name p1 netns "$(ns 1)" &&
  ip -n "$(ns 0)" link set p0 up && ip -n "$(ns 1)" link set p1 up ||
  { echo "Bail out! cannot create the veth pair across namespaces"; exit 1; }

PB=("$TCGUI_TESTENV/polkit-bus" --policy "$BUSCONF")
cmp -s "$ACTIONS" "/usr/share/polkit-1/actions/${ACTIONS##*/}" || PB+=(--actions "$ACTIONS")
run_phase "${PB[@]}" -- "$0" --phase main; rc=$?
check "the phase passed (status $rc)" '[ $rc = 0 ]'
check "the helper logged no GLib warning or critical" '! grep -E "(WARNING|CRITICAL) \*\*" "$LOGDIR/helper.log"'
check "no sanitizer reports from the helper" '! grep -E "^(==[0-9]+==ERROR|SUMMARY): |runtime error:" "$LOGDIR/helper.log"'
finish
