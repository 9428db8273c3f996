# tests/ui/shaping-lib.sh - used by ui-inprocess.sh (source it after
# tests/lib.sh and ui-lib.sh).
#
# Each test gets its own namespace with a veth pair whose both ends are in
# it (veth-a, veth-b: incoming shaping of veth-a is veth-b's egress); the
# in-process program reads the kernel's qdiscs back with tc -j.

# shaping_make_ns NS: the namespace and its veth pair, up.
shaping_make_ns() {
  ip netns add "$1" || skip "cannot create a network namespace"
  ip -n "$1" link add veth-a type veth peer name veth-b || { ip netns del "$1"; skip "cannot create a veth pair"; }
  ip -n "$1" link set veth-a up && ip -n "$1" link set veth-b up && ip -n "$1" link set lo up
}

# shaping_reexec_inner RULES ARGS...: ui_reexec_inner, with a polkit rules
# file ("" for none).
shaping_reexec_inner() {
  UI_RULES=$1 ui_reexec_inner "${@:2}"
}

SHAPING_BAD='CRITICAL|WARNING|ERROR: [A-Za-z]*Sanitizer|runtime error:'
shaping_app_clean() {
  grep -E -A30 "$SHAPING_BAD" "$tmp/app.log" | sed 's/^/# app: /'
  check "the app logged no criticals, warnings or sanitizer reports" \
    '! grep -qE "$SHAPING_BAD" "$tmp/app.log"'
}
