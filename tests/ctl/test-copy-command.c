/* test-copy-command.c - the lines "Copy as Command" and "Copy as tc
 * Commands" write (no display: the formatter only)
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "tcgui-copy-command.h"
#include "tcgui-units.h"

static void
params (TcguiParams *p,
        const char  *const *argv)
{
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; argv[i] != NULL; i += 2)
    g_assert_true (tcgui_params_add_option (&dict, argv[i], argv[i + 1], &error));
  g_assert_true (tcgui_params_from_options (&dict, p, &error));
  g_assert_no_error (error);
}

static void
test_ctl (void)
{
  TcguiCopyTarget t = { "web", "pid:42:4026532", "eth0", 7, 1500, "peer:veth1", "host" };
  TcguiParams out, in, none;
  g_autofree char *both = NULL;
  g_autofree char *split = NULL;
  g_autofree char *cleared = NULL;
  g_autofree char *odd = NULL;
  TcguiCopyTarget quoted = { "my web", "host", "eth0", 2, 1500, "", "" };

  params (&out, (const char *[]) { "delay", "100ms", "jitter", "10ms", "loss", "1%", NULL });
  params (&in, (const char *[]) { "rate", "5mbit", NULL });
  tcgui_params_init (&none);
  both = tcgui_copy_command_format_ctl (&t, &out, &out);
  g_assert_cmpstr (both, ==, "tcguictl set web eth0 --both --delay 100ms --jitter 10ms --loss 1%\n");
  split = tcgui_copy_command_format_ctl (&t, &out, &in);
  g_assert_cmpstr (split, ==, "tcguictl set web eth0 --outgoing --delay 100ms --jitter 10ms --loss 1%\n"
                              "tcguictl set web eth0 --incoming --rate 5mbit\n");
  cleared = tcgui_copy_command_format_ctl (&t, &none, &none);
  g_assert_cmpstr (cleared, ==, "tcguictl clear web eth0\n");
  odd = tcgui_copy_command_format_ctl (&quoted, &none, &in);
  g_assert_cmpstr (odd, ==, "tcguictl clear 'my web' eth0 --outgoing\n"
                            "tcguictl set 'my web' eth0 --incoming --rate 5mbit\n");
}

/* netem with a tbf child, incoming on the veth peer in the host. */
static void
test_tc_netem_peer (void)
{
  TcguiCopyTarget t = { "web", "pid:42:4026532", "eth0", 7, 1500, "peer:veth1", "host" };
  TcguiParams out, in;
  g_autofree char *text = NULL;

  params (&out, (const char *[]) { "delay", "100ms", "jitter", "10ms", "distribution", "normal",
                                   "loss", "1%", "loss-correlation", "25%", "reorder", "5%",
                                   "reorder-gap", "3", "rate", "5mbit", "limit", "500", NULL });
  params (&in, (const char *[]) { "rate", "5mbit", "burst", "32kb", NULL });
  text = tcgui_copy_command_format_tc (&t, &out, &in);
  g_assert_cmpstr (text, ==,
    "# eth0 of web: outgoing\n"
    "nsenter -t 42 -n tc qdisc replace dev eth0 root handle 1: netem limit 500 delay 100ms 10ms "
    "distribution normal loss random 1% 25% reorder 5% gap 3\n"
    "nsenter -t 42 -n tc qdisc replace dev eth0 parent 1:1 handle 10: tbf rate 5mbit "
    "burst 31250b limit 62500b\n"
    "# incoming: the egress of its veth peer veth1\n"
    "tc qdisc replace dev veth1 root handle 1: tbf rate 5mbit burst 32768b limit 64018b\n");
}

/* Incoming through the helper's IFB; a named namespace; gemodel. */
static void
test_tc_ifb (void)
{
  TcguiCopyTarget t = { "netns:lab", "netns:lab", "br0", 12, 9000, "", "" };
  TcguiParams out, in;
  g_autofree char *text = NULL;

  params (&out, (const char *[]) { "delay", "20ms", "gemodel-p", "1%", "corrupt", "0.5%", NULL });
  params (&in, (const char *[]) { "rate", "1mbit", "limit", "10", NULL });
  text = tcgui_copy_command_format_tc (&t, &out, &in);
  g_assert_cmpstr (text, ==,
    "# br0 of netns:lab: outgoing\n"
    "ip netns exec lab tc qdisc replace dev br0 root handle 1: netem delay 20ms "
    "loss gemodel 1% 99% 100% 0% corrupt 0.5%\n"
    "# incoming: an IFB device fed by a redirect of what br0 receives\n"
    "ip netns exec lab ip link add tcgui-ifb12 type ifb\n"
    "ip netns exec lab ip link set tcgui-ifb12 up\n"
    "ip netns exec lab tc qdisc add dev br0 handle ffff: ingress\n"
    "ip netns exec lab tc filter add dev br0 parent ffff: protocol all prio 31936 u32 "
    "match u32 0 0 action mirred egress redirect dev tcgui-ifb12\n"
    "ip netns exec lab tc qdisc replace dev tcgui-ifb12 root handle 1: tbf rate 1mbit "
    "burst 36056b limit 90140b\n");
}

/* A namespace named with a newline (ip netns add takes it): the comment
 * line stays one line, the name one quoted shell word. */
static void
test_tc_newline_name (void)
{
  TcguiCopyTarget t = { "netns:a\nreboot", "netns:a\nreboot", "eth0", 3, 1500, "", "" };
  TcguiParams out, none;
  g_autofree char *text = NULL;

  params (&out, (const char *[]) { "rate", "1mbit", NULL });
  params (&none, (const char *[]) { NULL });
  text = tcgui_copy_command_format_tc (&t, &out, &none);
  g_assert_true (g_str_has_prefix (text, "# eth0 of netns:a?reboot: outgoing\n"
                                         "ip netns exec 'a\nreboot' tc qdisc replace dev eth0 "));
  g_assert_null (strstr (text, "\nreboot "));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/copy-command/ctl", test_ctl);
  g_test_add_func ("/copy-command/tc-netem-peer", test_tc_netem_peer);
  g_test_add_func ("/copy-command/tc-ifb", test_tc_ifb);
  g_test_add_func ("/copy-command/tc-newline-name", test_tc_newline_name);
  return g_test_run ();
}
