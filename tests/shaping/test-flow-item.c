/* test-flow-item.c - the app's flows: the picker's checks and the wire format
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * src/tcgui-flow-item.c without GTK: the messages a user sees for a bad
 * prefix or port range, a flow sent as SetShaping's "flows" and parsed back
 * by the parameter model the helper uses (common/tcgui-params.c), a read-
 * back split from the default, and a network's subnet from an address.
 */

#include "config.h"

#include "tcgui-error.h"
#include "tcgui-flow-item.h"

static void
check_match (const char *prefix,
             const char *protocol,
             const char *ports,
             const char *message)
{
  g_autoptr(TcguiFlowItem) item = tcgui_flow_item_new (TCGUI_FLOW_TO_PREFIX, prefix);
  g_autoptr(GError) error = NULL;
  gboolean ok = tcgui_flow_item_set_match (item, protocol, ports, &error);

  if (message == NULL)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      return;
    }
  g_assert_false (ok);
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_checks (void)
{
  check_match ("10.1.0.0/16", NULL, NULL, NULL);
  check_match ("fd00::1", "icmpv6", "", NULL);
  check_match ("10.1.0.0/16", "tcp", "8000-8100", NULL);
  check_match ("", NULL, NULL, "Enter an address or a prefix, such as 10.1.0.0/16 or fd00::1");
  check_match ("10.1.2.3/16", NULL, NULL,
               "“10.1.2.3/16” has address bits set after the prefix length");
  check_match ("10.1.0.0/33", NULL, NULL,
               "“10.1.0.0/33” is not an IPv4 or IPv6 address or prefix (such as 10.1.0.0/16 or "
               "fd00::1)");
  check_match ("web", NULL, NULL,
               "“web” is not an IPv4 or IPv6 address or prefix (such as 10.1.0.0/16 or fd00::1)");
  check_match ("10.1.0.0/16", NULL, "80", "Ports need the protocol TCP, UDP or SCTP");
  check_match ("10.1.0.0/16", "icmp", "80", "Ports need the protocol TCP, UDP or SCTP");
  check_match ("10.1.0.0/16", "udp", "0", "“0” is not a port or a range of ports from 1 to "
               "65535 (such as 80 or 8000-8100)");
  check_match ("10.1.0.0/16", "udp", "70000", "“70000” is not a port or a range of ports from "
               "1 to 65535 (such as 80 or 8000-8100)");
  check_match ("10.1.0.0/16", "tcp", "90-80", "The range “90-80” ends before it starts");
  check_match ("fd00::/8", "icmp", NULL, "An IPv6 address needs ICMPv6, not ICMP");
  check_match ("10.0.0.1", "icmpv6", NULL, "An IPv4 address needs ICMP, not ICMPv6");
}

/* Sent as the app sends it, parsed as the helper parses it. */
static void
test_wire (void)
{
  g_autoptr(GPtrArray) flows = g_ptr_array_new_with_free_func ((GDestroyNotify) tcgui_flow_item_free);
  g_autoptr(GPtrArray) parsed = NULL, split = NULL;
  g_autoptr(GVariant) dict = NULL, top = NULL;
  g_autoptr(GError) error = NULL;
  TcguiFlowItem *a = tcgui_flow_item_new (TCGUI_FLOW_TO_PREFIX, "10.99.0.0/16");
  TcguiFlowItem *b = tcgui_flow_item_new (TCGUI_FLOW_TO_PREFIX, "fd00::1");
  TcguiParams defaults, back;
  const TcguiFlow *f;

  g_assert_true (tcgui_flow_item_set_match (a, "tcp", "8000-8100", NULL));
  a->params.rate_bps = 2000000;
  a->label = g_strdup ("web");
  b->partition = TRUE;
  b->params.rate_bps = 1000000;   /* a partition sends no parameters */
  g_ptr_array_add (flows, a);
  g_ptr_array_add (flows, b);
  tcgui_params_init (&defaults);
  defaults.rate_bps = 8000000;
  dict = g_variant_ref_sink (tcgui_flows_build_params (&defaults, flows));

  g_assert_true (tcgui_params_from_variant_full (dict, &back, &parsed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (back.rate_bps, ==, 8000000);
  g_assert_cmpuint (parsed->len, ==, 2);
  f = parsed->pdata[0];
  g_assert_cmpuint (f->match.prefix_len, ==, 16);
  g_assert_cmpint (f->match.protocol, ==, TCGUI_FLOW_PROTO_TCP);
  g_assert_cmpuint (f->match.port_min, ==, 8000);
  g_assert_cmpuint (f->match.port_max, ==, 8100);
  g_assert_cmpuint (f->params.rate_bps, ==, 2000000);
  g_assert_cmpstr (f->label, ==, "web");
  f = parsed->pdata[1];
  g_assert_true (f->partition);
  g_assert_cmpuint (f->match.prefix_len, ==, 128);
  g_assert_cmpuint (f->params.rate_bps, ==, 0);

  /* Read back: the default without "flows", the flows in order. */
  top = tcgui_flows_split_state (dict, &split, &error);
  g_assert_no_error (error);
  g_assert_true (tcgui_params_from_variant (top, &back, NULL));
  g_assert_false (g_variant_lookup_value (top, "flows", NULL));
  g_assert_cmpuint (split->len, ==, 2);
  g_assert_cmpstr (((TcguiFlowItem *) split->pdata[0])->value, ==, "10.99.0.0/16");
  g_assert_cmpuint (((TcguiFlowItem *) split->pdata[0])->params.rate_bps, ==, 2000000);
  g_assert_true (((TcguiFlowItem *) split->pdata[1])->partition);

  /* No flows: no "flows" key, as old helpers expect. */
  g_clear_pointer (&dict, g_variant_unref);
  dict = g_variant_ref_sink (tcgui_flows_build_params (&defaults, NULL));
  g_assert_false (g_variant_lookup_value (dict, "flows", NULL));
}

static void
test_subnet (void)
{
  g_autofree char *v4 = tcgui_flow_subnet_of ("172.18.3.7", 16);
  g_autofree char *v6 = tcgui_flow_subnet_of ("fd00:1:2::5", 64);
  g_autofree char *odd = tcgui_flow_subnet_of ("10.0.0.255", 25);

  g_assert_cmpstr (v4, ==, "172.18.0.0/16");
  g_assert_cmpstr (v6, ==, "fd00:1:2::/64");
  g_assert_cmpstr (odd, ==, "10.0.0.128/25");
  g_assert_null (tcgui_flow_subnet_of ("nonsense", 8));
  g_assert_null (tcgui_flow_subnet_of ("10.0.0.1", 33));
  g_assert_true (tcgui_flow_prefix_same ("10.0.0.5", "10.0.0.5/32"));
  g_assert_false (tcgui_flow_prefix_same ("10.0.0.5", "10.0.0.6"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/flow-item/checks", test_checks);
  g_test_add_func ("/flow-item/wire", test_wire);
  g_test_add_func ("/flow-item/subnet", test_subnet);
  return g_test_run ();
}
