#!/bin/bash
# The container inventory in the app, against the real helper on a private
# bus with a real polkitd and a real dockerd (../shared/testenv/docker-fixture
# with a prefix of its own): the Docker section grouped by network, the
# internal badge, a container on two networks under both, its page header,
# a container started while the app runs, stopped containers (listed, and
# their page: the header and why there is nothing to shape) and the
# group-by-network toggle, the empty states, a corrupt settings file.
# Screenshots: <build>/tests/ui/screenshots/inventory.png, empty-state.png.
. "${TCGUI_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$TCGUI_SRCDIR/tests/ui/ui-lib.sh"

DOCKER_SOCK=/var/run/docker.sock
ALL_STATES=links,empty,error,helper-missing,not-authorized,helper-crashed,bus-unavailable

# run_app NAME ENV...: the app with the test hook, dump in $tmp/NAME.
run_app() {
  local name=$1; shift
  env TCGUI_TEST_DUMP="$tmp/$name" XDG_CONFIG_HOME="$tmp/config" "$@" \
    timeout 60 "$APP" >>"$tmp/app.log" 2>&1
}

# section BLOCK HEADING: the sidebar rows under that (sub)heading line.
section() {
  awk -v h="$2" '$0 == h { on = 1; next } /^sidebar-(sub)?heading: / { on = 0 }
                 on && /^sidebar: / { print }' <<<"$1"
}

write_config() {
  mkdir -p "$tmp/config/tcgui"
  printf '%s\n' "$1" >"$tmp/config/tcgui/config.json"
}

inner_empty() {
  local rc block
  write_config '{ "runtimes": { "podman": false, "other": false } }'
  rm -f "$SHOTS/empty-state.png"   # the check below must see this run's
  run_app empty TCGUI_TEST_SELECT=host TCGUI_TEST_QUIT_ON=$ALL_STATES \
    TCGUI_TEST_SCREENSHOT=$SHOTS/empty-state.png
  rc=$?
  check "no runtime: the app exits on its own (status $rc)" '[ $rc = 0 ]'
  block=$(ui_block "$tmp/empty" links)
  sed 's/^/# /' <<<"$block"
  check "no runtime: the sidebar says no container runtime was found" \
    'grep -qx "sidebar-status-title: No Container Runtime Found" <<<"$block"'
  check "no runtime: it names Docker's socket error" \
    'grep -q "^docker: .*No such file" <<<"$block"'
  check "no runtime: no Docker section" '! grep -q "^sidebar-heading: Docker" <<<"$block"'
  check "no runtime: the host is still listed" 'grep -qx "sidebar: Host \[selected\]" <<<"$block"'
  check "no runtime: a screenshot was saved" '[ -s "$SHOTS/empty-state.png" ]'

  # A socket nobody answers on: there, but not usable.
  python3 -c "import socket; socket.socket(socket.AF_UNIX).bind('$DOCKER_SOCK')" ||
    { fail "create a dead socket at $DOCKER_SOCK"; return; }
  sleep 1
  run_app dead TCGUI_TEST_SELECT=host TCGUI_TEST_QUIT_ON=$ALL_STATES
  rm -f "$DOCKER_SOCK"
  block=$(ui_block "$tmp/dead" links)
  sed 's/^/# /' <<<"$block"
  check "dead socket: the sidebar says the runtime cannot be reached" \
    'grep -qx "sidebar-status-title: Cannot Reach the Container Runtime" <<<"$block"'
  check "dead socket: with Docker's error" 'grep -q "^docker: .*refused" <<<"$block"'
}

check_header() {
  local block=$1 c=$2 net ip
  check "the page is titled with the container" 'grep -qx "title: $c | Docker container" <<<"$block"'
  check "header: image" 'grep -qx "header: Image | localhost/bb:latest" <<<"$block"'
  check "header: runtime" 'grep -qx "header: Runtime | Docker" <<<"$block"'
  check "header: state" 'grep -qx "header: State | running" <<<"$block"'
  for net in "$P-int" "$P-net"; do
    ip=$(docker inspect -f "{{with index .NetworkSettings.Networks \"$net\"}}{{.IPAddress}}/{{.IPPrefixLen}}{{end}}" "$c")
    if [ "$net" = "$P-int" ]; then
      check "header: $net with its address $ip, internal" \
        'grep -qx "header: Network $net | $ip · internal" <<<"$block"'
    else
      check "header: $net with its address $ip" 'grep -qx "header: Network $net | $ip" <<<"$block"'
    fi
  done
  check "header: two interfaces, each on its network with its host side" \
    '[ "$(grep -cE "^header: Interface eth[01] \| $P-(int|net) · host side veth[0-9a-f]+ on (br-[0-9a-f]+|docker0)$" <<<"$block")" = 2 ]'
  check "the page lists the container's links (eth0, eth1, lo)" \
    '[ "$(grep -cE "^link: (eth0|eth1|lo) \|" <<<"$block")" = 3 ]'
  check "the group says how many" 'grep -qx "label: 3 interfaces in $c" <<<"$block"'
}

inner_containers() {
  local rc block id
  id=$(docker inspect -f '{{.Id}}' "$P-c")
  rm -rf "$tmp/config" "$SHOTS/inventory.png"
  run_app main TCGUI_TEST_SELECT=container:docker:$id TCGUI_TEST_QUIT_ON=$ALL_STATES \
    TCGUI_TEST_SCREENSHOT=$SHOTS/inventory.png TCGUI_TEST_WINDOW_SIZE=1100x760
  rc=$?
  check "the app exits on its own (status $rc)" '[ $rc = 0 ]'
  cp "$tmp/main" "$SHOTS/inventory.txt" 2>/dev/null
  block=$(ui_block "$tmp/main" links)
  sed 's/^/# /' <<<"$block"
  check "the page settled on the links of $P-c" '[ -n "$block" ]'
  check "the sidebar lists Host" 'grep -q "^sidebar: Host" <<<"$block"'
  check "the sidebar has a Docker section" 'grep -qx "sidebar-heading: Docker" <<<"$block"'
  check "network $P-int is a subheading with the internal badge" \
    'grep -qx "sidebar-subheading: $P-int | internal" <<<"$block"'
  check "network $P-net is a subheading without it" 'grep -qx "sidebar-subheading: $P-net" <<<"$block"'
  int=$(section "$block" "sidebar-subheading: $P-int | internal")
  net=$(section "$block" "sidebar-subheading: $P-net")
  check "$P-b (internal network only) is under $P-int" 'grep -qx "sidebar: $P-b" <<<"$int"'
  check "$P-a is under $P-net only" 'grep -qx "sidebar: $P-a" <<<"$net" && ! grep -q "$P-a" <<<"$int"'
  check "$P-c (both networks) is under $P-int" 'grep -q "^sidebar: $P-c" <<<"$int"'
  check "$P-c is under $P-net too" 'grep -q "^sidebar: $P-c" <<<"$net"'
  check "$P-c is selected" 'grep -qx "sidebar: $P-c \[selected\]" <<<"$block"'
  check "the stopped $P-s is hidden by default" '! grep -q "sidebar: $P-s" <<<"$block"'
  check "no runtime status is shown" '! grep -q "^sidebar-status-title: " <<<"$block"'
  check "no status page is shown" '! grep -q "^status-title: " <<<"$block"'
  check_header "$block" "$P-c"
  check "a PNG screenshot was saved" '[ "$(head -c 4 "$SHOTS/inventory.png" | tail -c 3)" = PNG ]'

  # Ctrl+F's search matches images too.
  run_app search TCGUI_TEST_SELECT=host TCGUI_TEST_QUIT_ON=search,error TCGUI_TEST_SEARCH=bb:latest
  block=$(ui_block "$tmp/search" search)
  check "searching an image hides Host" '! grep -q "^sidebar: Host" <<<"$block"'
  check "searching an image shows the containers" \
    'grep -q "^sidebar: $P-a" <<<"$block" && grep -q "^sidebar: $P-b" <<<"$block"'
  run_app search2 TCGUI_TEST_SELECT=host TCGUI_TEST_QUIT_ON=search,error TCGUI_TEST_SEARCH="$P-b"
  block=$(ui_block "$tmp/search2" search)
  grep "^sidebar" <<<"$block" | sed 's/^/# /'
  check "searching a name shows that container only" \
    '[ "$(grep "^sidebar: " <<<"$block" | sed "s/ \[selected\]$//" | sort -u)" = "sidebar: $P-b" ]'
}

inner_live() {
  local app_pid rc block
  run_app live TCGUI_TEST_SELECT=host TCGUI_TEST_QUIT_ON_TEXT="sidebar: $P-d" &
  app_pid=$!
  check "the app shows the host's links" 'ui_wait_for "$tmp/live" "settled: links" 30'
  docker run -d --name "$P-d" --label "io.github.tcgui.testenv=$P" --network "$P-net" \
    localhost/bb:latest sleep infinity >/dev/null
  wait "$app_pid"; rc=$?
  check "a started container appears in the sidebar (the app quit on it, status $rc)" '[ $rc = 0 ]'
  block=$(ui_block "$tmp/live" inventory)
  sed 's/^/# /' <<<"$block"
  check "it came through a live inventory change" 'grep -qx "sidebar: $P-d" <<<"$(section "$block" "sidebar-subheading: $P-net")"'
  check "the host stayed selected" 'grep -qx "sidebar: Host \[selected\]" <<<"$block"'
  check "the page was not reloaded by the change" '[ "$(grep -c "^event: links" "$tmp/live")" = 1 ]'
  # The change adds one row; the other rows stay the same widgets (their sparklines go on).
  local seen
  seen=($(sed -n 's/^sidebar-rows-seen: //p' "$tmp/live"))
  check "the change created one row, the $(grep -c "^sidebar: " <<<"$block") others were kept (rows seen: ${seen[*]})" \
    '[ ${#seen[@]} -ge 2 ] && [ $((seen[-1] - seen[-2])) = 1 ]'
  docker rm -f "$P-d" >/dev/null

  # The helper restarts while the app runs, and a container starts while
  # no helper runs: the new helper's inventory is loaded again (resync).
  run_app restart TCGUI_TEST_SELECT=host TCGUI_TEST_QUIT_ON_TEXT="sidebar: $P-e" &
  app_pid=$!
  check "restart: the app shows the host's links" 'ui_wait_for "$tmp/restart" "settled: links" 30'
  ui_stop_helper
  docker run -d --name "$P-e" --label "io.github.tcgui.testenv=$P" --network "$P-int" \
    localhost/bb:latest sleep infinity >/dev/null
  ui_start_helper "$tmp" || fail "restart: a new helper starts"
  wait "$app_pid"; rc=$?
  check "restart: the container started meanwhile appears (status $rc)" '[ $rc = 0 ]'
  block=$(awk '/^settled: /{b=""} {b=b $0 "\n"} /^END$/{last=b} END{printf "%s", last}' "$tmp/restart")
  check "restart: it is under $P-int" \
    'grep -qx "sidebar: $P-e" <<<"$(section "$block" "sidebar-subheading: $P-int | internal")"'
  docker rm -f "$P-e" >/dev/null
}

inner_settings() {
  local block
  # The menu's toggles: they regroup the sidebar and are saved.
  rm -rf "$tmp/config"
  run_app toggles TCGUI_TEST_SELECT=host TCGUI_TEST_QUIT_ON=activated,error \
    TCGUI_TEST_ACTIVATE=inventory.show-stopped,inventory.group-by-network \
    TCGUI_TEST_SCREENSHOT=$SHOTS/inventory-by-network.png TCGUI_TEST_WINDOW_SIZE=1100x760
  block=$(ui_block "$tmp/toggles" activated)
  sed 's/^/# /' <<<"$block"
  check "show stopped: $P-s is listed with its state" 'grep -qx "sidebar: $P-s | created" <<<"$block"'
  check "network first: $P-int is a heading with the badge" \
    'grep -qx "sidebar-heading: $P-int | internal" <<<"$block"'
  check "network first: $P-net is a heading" 'grep -qx "sidebar-heading: $P-net" <<<"$block"'
  check "network first: the runtime is the subheading" \
    'grep -qx "sidebar-subheading: Docker" <<<"$block"'
  check "network first: $P-c is under both networks" \
    '[ "$(grep -c "^sidebar: $P-c" <<<"$block")" = 2 ]'
  sed 's/^/# config.json: /' "$tmp/config/tcgui/config.json" 2>/dev/null
  check "the toggles were saved to config.json" \
    'grep -q "\"show-stopped\" : true" "$tmp/config/tcgui/config.json" &&
     grep -q "\"group-by-network\" : true" "$tmp/config/tcgui/config.json"'
  run_app reread TCGUI_TEST_SELECT=host TCGUI_TEST_QUIT_ON=links,error
  check "the next start groups by network again" \
    'grep -qx "sidebar-heading: $P-int | internal" <<<"$(ui_block "$tmp/reread" links)"'

  # The stopped container's page (show-stopped is on): its header and why
  # there is nothing to shape, not a failed ListLinks.
  run_app stopped TCGUI_TEST_SELECT="container:docker:$(docker inspect -f '{{.Id}}' "$P-s")" \
    TCGUI_TEST_QUIT_ON=stopped,error TCGUI_TEST_SCREENSHOT=$SHOTS/stopped-container.png
  rc=$?
  [ $rc = 0 ] || tail -n 30 "$tmp/app.log" | sed "s/^/# app: /"
  check "stopped: the app exits on its own (status $rc)" "[ $rc = 0 ]"
  block=$(ui_block "$tmp/stopped" stopped)
  grep "^settled: " "$tmp/stopped" | sed 's/^/# stopped run: /'
  sed 's/^/# /' <<<"$block"
  check "stopped: the page says why there is nothing to shape" \
    'grep -q "^status-description: This container is stopped: it has no network to shape" <<<"$block"'
  check "stopped: the header shows the container" \
    'grep -qx "header: State | created" <<<"$block" && grep -qx "title: $P-s | Docker container" <<<"$block"'
  check "stopped: no ListLinks error" \
    '! grep -q "Cannot Read This Namespace" "$tmp/stopped" && ! grep -qx "settled: error" "$tmp/stopped"'

  # Docker turned off in the file: its section goes.
  write_config '{ "runtimes": { "docker": false } }'
  run_app off TCGUI_TEST_SELECT=host TCGUI_TEST_QUIT_ON=links,error
  block=$(ui_block "$tmp/off" links)
  check "docker turned off: no Docker section" \
    '[ -n "$block" ] && ! grep -q "^sidebar-heading: Docker" <<<"$block"'

  # A corrupt file is kept aside, the user is told, the defaults are used.
  write_config '{ "show-stopped": tru'
  run_app corrupt TCGUI_TEST_SELECT=host TCGUI_TEST_QUIT_ON=links,error
  block=$(ui_block "$tmp/corrupt" links)
  grep "damaged" <<<"$block" | sed 's/^/# /'
  check "corrupt: the window tells the user" 'grep -q "^label: Your settings file was damaged" <<<"$block"'
  check "corrupt: the file was kept as config.json.corrupt-*" \
    'grep -qx "{ \"show-stopped\": tru" "$tmp"/config/tcgui/config.json.corrupt-*'
  check "corrupt: it was not overwritten (no new file without a change)" \
    '[ ! -e "$tmp/config/tcgui/config.json" ]'
  check "corrupt: the defaults are used (Docker shown, stopped hidden)" \
    'grep -qx "sidebar-heading: Docker" <<<"$block" && ! grep -q "sidebar: $P-s" <<<"$block"'
}

inner() {
  local phase=$1
  P=$2
  tmp=$(mktemp -d /tmp/tcgui-ui.XXXXXX)   # global: the EXIT trap uses it
  trap 'ui_stop_helper; rm -rf "$tmp"' EXIT
  mkdir -p "$SHOTS"
  ui_start_helper "$tmp" || { fail "the helper starts and owns its name"; finish; exit; }
  pass "the helper starts and owns io.github.tcgui.Helper1"

  case $phase in
    empty) inner_empty ;;
    containers) inner_containers; inner_live; inner_settings ;;
  esac

  grep -E "CRITICAL|WARNING|ERROR: |runtime error:" "$tmp/app.log" | sed 's/^/# app: /'
  check "the app logged no criticals, warnings or sanitizer reports" \
    '! grep -qE "CRITICAL|WARNING|^==[0-9]+==ERROR|runtime error:" "$tmp/app.log"'
  finish
}

if [ "${1:-}" = --inner ]; then
  inner "$2" "$3"
  exit
fi

ui_need_all
need_testenv docker-fixture
need_cmd docker python3
export TESTENV_PREFIX=${TESTENV_PREFIX:-tu$$}   # kept by the --empty-locked re-run
P=$TESTENV_PREFIX
cleanup() {
  docker rm -f "$P-d" "$P-e" "$P-s" >/dev/null 2>&1
  "$TCGUI_TESTENV/docker-fixture" down >/dev/null 2>&1
}

# The empty states need a machine where no dockerd runs (yet). The
# fixture's lock keeps other tests' docker-fixture from starting one (or
# finding our dead socket) meanwhile.
if [ "${1:-}" = --empty-locked ]; then
  if [ -e "$DOCKER_SOCK" ] || docker info >/dev/null 2>&1; then
    echo "SKIP: a dockerd runs here: the 'no runtime' states are not checked"
    exit 77
  fi
  ui_reexec_inner empty "$P"
  exit
fi
STATE=${TESTENV_STATE:-/run/tcgui-testenv}
mkdir -p "$STATE"
flock -o "$STATE/docker.lock" "$0" --empty-locked; rc_empty=$?
# Counted before the fixture, whose failure would skip the rest.
if [ $rc_empty = 77 ]; then
  echo "# the empty-state part did not run (a dockerd was already running): not counted"
else
  check "the empty-state part passed (status $rc_empty)" '[ $rc_empty = 0 ]'
fi

# Other tests share dockerd and may be stopping it: one more try.
"$TCGUI_TESTENV/docker-fixture" up >/dev/null ||
  { sleep 5; "$TCGUI_TESTENV/docker-fixture" up >/dev/null; } ||
  skip "docker-fixture up failed (see ${TESTENV_STATE:-/run/tcgui-testenv}/dockerd.log)"
trap cleanup EXIT
docker create --name "$P-s" --label "io.github.tcgui.testenv=$P" --network "$P-net" \
  localhost/bb:latest sleep infinity >/dev/null || { fail "create a stopped container"; finish; exit; }
ui_reexec_inner containers "$P"; rc=$?
check "the container part passed (status $rc)" '[ $rc = 0 ]'
finish
