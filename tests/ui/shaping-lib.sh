# tests/ui/shaping-lib.sh - shared by the test-ui-shaping-*.sh tests (source
# it after tests/lib.sh and ui-lib.sh).
#
# Each test makes its own namespace with a veth pair whose both ends are in
# it (veth-a, veth-b: incoming shaping of veth-a is veth-b's egress), runs
# the app with the shaping test hook (src/tcgui-shaping-test-hook.c) and
# reads the kernel's qdiscs back with tc.

SHAPING_QUIT=applied,cleared,failed,vanished,no-dialog,helper-missing,helper-crashed,bus-unavailable

# shaping_make_ns NS: the namespace and its veth pair, up.
shaping_make_ns() {
  ip netns add "$1" || skip "cannot create a network namespace"
  ip -n "$1" link add veth-a type veth peer name veth-b || { ip netns del "$1"; skip "cannot create a veth pair"; }
  ip -n "$1" link set veth-a up && ip -n "$1" link set veth-b up && ip -n "$1" link set lo up
}

# shaping_qdisc NS DEV: `tc -s qdisc show` inside NS, on one line per qdisc.
shaping_qdisc() {
  ip netns exec "$1" tc -s qdisc show dev "$2" 2>&1
}

# shaping_reexec_inner RULES ARGS...: ui_reexec_inner, with a polkit rules
# file ("" for none).
shaping_reexec_inner() {
  UI_RULES=$1 ui_reexec_inner "${@:2}"
}

# shaping_run_app DUMP ENV...: the app (as root) with the shaping hook; the
# extra ENV assignments come first. Returns the app's status.
shaping_run_app() {
  local dump=$1; shift
  env "$@" TCGUI_TEST_DUMP="$dump" TCGUI_TEST_QUIT_ON="${QUIT_ON:-$SHAPING_QUIT}" \
    TCGUI_TEST_WINDOW_SIZE=1100x900 timeout 60 "$APP" >>"$tmp/app.log" 2>&1
}

# shaping_last DUMP KEY: the value of the last "KEY: value" line.
shaping_last() {
  grep "^$2: " "$1" | tail -n 1 | cut -d' ' -f2-
}

# shaping_monitor FILE: dbus-monitor of SetShaping/ClearShaping calls on the
# private system bus, in the background (SHAPING_MONITOR_PID).
SHAPING_MONITOR_PID=
shaping_monitor() {
  dbus-monitor --system "type='method_call',interface='io.github.tcgui.Helper1'" >"$1" 2>&1 &
  SHAPING_MONITOR_PID=$!
  sleep 0.5
}
shaping_monitor_stop() {
  [ -n "$SHAPING_MONITOR_PID" ] || return 0
  kill "$SHAPING_MONITOR_PID" 2>/dev/null
  wait "$SHAPING_MONITOR_PID" 2>/dev/null
  SHAPING_MONITOR_PID=
}

# shaping_save_shot SRC NAME: keeps a screenshot as a test artifact.
shaping_save_shot() {
  mkdir -p "$SHOTS" "$TCGUI_BUILDDIR/meson-logs/screenshots"
  cp "$1" "$SHOTS/$2" && cp "$1" "$TCGUI_BUILDDIR/meson-logs/screenshots/$2"
}

SHAPING_BAD='CRITICAL|WARNING|ERROR: [A-Za-z]*Sanitizer|runtime error:'
shaping_app_clean() {
  grep -E -A30 "$SHAPING_BAD" "$tmp/app.log" | sed 's/^/# app: /'
  check "the app logged no criticals, warnings or sanitizer reports" \
    '! grep -qE "$SHAPING_BAD" "$tmp/app.log"'
}
