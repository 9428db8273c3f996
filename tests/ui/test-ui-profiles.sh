#!/bin/bash
# Profiles per image, against the real helper on a private bus with a real
# polkitd and a real dockerd (../shared/testenv/docker-fixture with a prefix
# of its own): a rate (tbf) set on PREFIX-a's eth0 through the helper is
# saved as the profile of localhost/bb:latest through the app (its
# win.save-profile action, as the "Presets for All" menu item); the header
# then says so. A container of that image started while the app runs gets
# the same tbf (a generous deadline, read back with nsenter + tc: only the test uses
# nsenter, never the helper) and one notification says so. Containers that
# already ran when the app started are left alone.
. "${TCGUI_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$TCGUI_SRCDIR/tests/ui/ui-lib.sh"

IMAGE=localhost/bb:latest
RATE=3000000   # bit/s: tc shows "rate 3Mbit"
QUIT=profile-applied,helper-missing,not-authorized,helper-crashed,bus-unavailable

# netns_id CONTAINER: the helper's namespace id of a running container.
netns_id() {
  local pid
  pid=$(docker inspect -f '{{.State.Pid}}' "$1") || return 1
  echo "pid:$pid:$(stat -L -c %i "/proc/$pid/ns/net")"
}

# qdisc CONTAINER: tc's view of the container's eth0, from inside.
qdisc() {
  nsenter -t "$(docker inspect -f '{{.State.Pid}}' "$1")" -n tc qdisc show dev eth0 2>&1
}

set_rate() {
  gdbus call --system --dest io.github.tcgui.Helper1 --object-path /io/github/tcgui/Helper1 \
    --method io.github.tcgui.Helper1.SetShaping "$(netns_id "$1")" eth0 outgoing \
    "{'rate-bps': <uint64 $RATE>}" 0 >/dev/null
}

inner() {
  local app_pid rc block i ok id json
  P=$1
  tmp=$(mktemp -d /tmp/tcgui-ui-profiles.XXXXXX)
  ui_start_helper "$tmp" || { fail "the helper starts and owns its name"; finish; exit; }
  pass "the helper starts and owns io.github.tcgui.Helper1"

  check "a tbf at 3 Mbit/s is set on $P-a's eth0 through the helper" set_rate "$P-a"
  check "tc sees it" 'qdisc "$P-a" | grep -q "qdisc tbf .*rate 3Mbit"'

  id=$(docker inspect -f '{{.Id}}' "$P-a")
  env TCGUI_TEST_DUMP="$tmp/dump" XDG_CONFIG_HOME="$tmp/config" \
    TCGUI_TEST_SELECT="container:docker:$id" TCGUI_TEST_SHAPE=eth0 \
    TCGUI_TEST_SHAPE_STEPS=action=win.save-profile,back TCGUI_TEST_QUIT_ON=$QUIT \
    TCGUI_TEST_WINDOW_SIZE=1100x900 timeout 60 "$APP" >>"$tmp/app.log" 2>&1 &
  app_pid=$!
  if ! ui_wait_for "$tmp/dump" "settled: profile-saved" 40; then
    fail "the app saved the profile"
    kill "$app_pid" 2>/dev/null; wait "$app_pid"
    sed 's/^/# app: /' "$tmp/app.log"
    grep -E "^(event|settled|shaping-step|label|title|header): " "$tmp/dump" | sed 's/^/# dump: /'
    finish; exit
  fi
  block=$(ui_block "$tmp/dump" profile-saved)
  sed 's/^/# /' <<<"$block"
  check "one notification: saved as the profile of $IMAGE" \
    'grep -q "^label: Saved the shaping of $P-a as the profile for $IMAGE$" <<<"$block"'
  check "the header says that the profile is applied to new containers" \
    'grep -q "Profile for $IMAGE: applied when a container of this image starts" <<<"$block"'
  json=$tmp/config/tcgui/profiles.json
  sed 's/^/# profiles.json: /' "$json"
  check "profiles.json has eth0's outgoing rate for $IMAGE" \
    'python3 -c "import json,sys; d=json.load(open(sys.argv[1]));
assert d[\"version\"] == 1
assert d[\"images\"][sys.argv[2]][\"eth0\"][\"outgoing\"][\"rate-bps\"] == $RATE" "$json" "$IMAGE"'
  check "profiles.json is private (mode 600)" '[ "$(stat -c %a "$json")" = 600 ]'

  docker run -d --name "$P-new" --label "io.github.tcgui.testenv=$P" --network "$P-net" \
    "$IMAGE" sleep infinity >/dev/null || fail "start $P-new"
  ok=1
  # Until the tbf is there or the app (which applies it, under its own 60 s timeout) has
  # quit: a generous deadline, not a timing check; how soon is bench-inventory's question.
  local t0=$SECONDS
  while :; do
    qdisc "$P-new" | grep -q "qdisc tbf .*rate 3Mbit" && { ok=0; break; }
    kill -0 "$app_pid" 2>/dev/null && ((SECONDS - t0 < 90)) || break
    sleep 0.1
  done
  qdisc "$P-new" | grep -q "qdisc tbf .*rate 3Mbit" && ok=0
  qdisc "$P-new" | sed "s/^/# $P-new eth0: /"
  check "after its start, $P-new's eth0 gets the tbf at 3 Mbit/s (seen after ~$((SECONDS - t0)) s)" \
    '[ $ok = 0 ]'
  wait "$app_pid"; rc=$?
  check "the app quit on the applied profile (status $rc)" '[ $rc = 0 ]'
  block=$(ui_block "$tmp/dump" profile-applied)
  sed 's/^/# /' <<<"$block"
  check "one notification: applied the profile of $IMAGE to $P-new" \
    'grep -q "^label: Applied the profile of $IMAGE to $P-new$" <<<"$block"'
  check "$P-c, running before the app started, was left alone" \
    '! qdisc "$P-c" | grep -q "qdisc tbf"'
  check "the app applied a profile once (one 'Applied the profile' message in its log)" \
    '[ "$(grep -c "Applied the profile of" "$tmp/app.log")" = 1 ]'
  docker rm -f "$P-new" >/dev/null

  grep -E -A40 "CRITICAL|WARNING|ERROR: |runtime error:" "$tmp/app.log" | sed 's/^/# app: /'
  check "the app logged no criticals, warnings or sanitizer reports" \
    '! grep -qE "CRITICAL|WARNING|^==[0-9]+==ERROR|runtime error:" "$tmp/app.log"'
  ui_stop_helper
  rm -rf "$tmp"
  finish
}

if [ "${1:-}" = --inner ]; then
  inner "$2"
  exit
fi

ui_need_all
need_testenv docker-fixture
need_cmd docker nsenter tc python3 stat
export TESTENV_PREFIX=tp$$
P=$TESTENV_PREFIX
cleanup() {
  docker rm -f "$P-new" >/dev/null 2>&1
  "$TCGUI_TESTENV/docker-fixture" down >/dev/null 2>&1
}
# Other tests share dockerd and may be stopping it: one more try.
"$TCGUI_TESTENV/docker-fixture" up >/dev/null ||
  { sleep 5; "$TCGUI_TESTENV/docker-fixture" up >/dev/null; } ||
  skip "docker-fixture up failed (see ${TESTENV_STATE:-/run/tcgui-testenv}/dockerd.log)"
trap cleanup EXIT
docker image inspect localhost/bb:latest >/dev/null 2>&1 || skip "no image localhost/bb:latest"
ui_reexec_inner "$P"; rc=$?
check "the app part passed (status $rc)" '[ $rc = 0 ]'
finish
