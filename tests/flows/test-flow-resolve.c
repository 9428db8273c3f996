/* test-flow-resolve.c - a flow's peer and network from the inventory
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/socket.h>

#include "tcgui-error.h"
#include "tcgui-flow-resolve.h"

/* Target A (namespace pid:1:1) on net1; peer C on net1 and net2; B on
 * net2 only; network net1 with its subnet. */
static const char *inventory =
  "[{'key': <'network:docker:n1'>, 'kind': <'network'>, 'name': <'net1'>, 'subnet': <'172.30.0.0/16'>},"
  " {'key': <'network:docker:n2'>, 'kind': <'network'>, 'name': <'net2'>, 'subnet': <''>},"
  " {'key': <'container:docker:aa'>, 'kind': <'container'>, 'name': <'A'>, 'namespace': <'pid:1:1'>,"
  "  'networks': <[{'network-key': <'network:docker:n1'>, 'ip': <'172.30.0.2'>}]>},"
  " {'key': <'container:docker:bb'>, 'kind': <'container'>, 'name': <'B'>, 'namespace': <'pid:2:2'>,"
  "  'networks': <[{'network-key': <'network:docker:n2'>, 'ip': <'172.31.0.3'>}]>},"
  " {'key': <'container:docker:cc'>, 'kind': <'container'>, 'name': <'C'>, 'namespace': <'pid:3:3'>,"
  "  'networks': <[{'network-key': <'network:docker:n1'>, 'ip': <'172.30.0.4'>},"
  "               {'network-key': <'network:docker:n2'>, 'ip': <'172.31.0.4'>}]>}]";

static GPtrArray *
resolve (const char  *flows_text,
         const char  *ns_id,
         GError     **error)
{
  g_autoptr(GVariant) items = g_variant_parse (G_VARIANT_TYPE ("aa{sv}"), inventory, NULL, NULL, NULL);
  g_autoptr(GVariant) dict = g_variant_parse (G_VARIANT_TYPE_VARDICT, flows_text, NULL, NULL, NULL);
  g_autoptr(GPtrArray) flows = NULL;
  GPtrArray *resolved = NULL;
  TcguiParams p;

  g_assert_nonnull (items);
  g_assert_true (tcgui_params_from_variant_full (dict, &p, &flows, NULL));
  g_assert_true (tcgui_flows_need_inventory (flows));
  if (!tcgui_flows_resolve (items, ns_id, flows, &resolved, error))
    return NULL;
  return resolved;
}

static char *
prefix_at (GPtrArray *resolved,
           guint      flow,
           guint      i)
{
  GArray *a = g_ptr_array_index (resolved, flow);
  TcguiFlowPrefix *p = &g_array_index (a, TcguiFlowPrefix, i);

  return tcgui_flow_prefix_to_string (p->family, p->addr, p->prefix_len);
}

static void
test_peer (void)
{
  g_autoptr(GPtrArray) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *c = NULL, *c2 = NULL, *net = NULL;

  /* C by name from A: only its address on the network they share. */
  r = resolve ("{'flows': <[{'match': <{'peer': <'C'>}>}, {'match': <{'network': <'network:docker:n1'>}>}, "
               "{'match': <{'prefix': <'10.0.0.0/8'>}>}]>}", "pid:1:1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (((GArray *) g_ptr_array_index (r, 0))->len, ==, 1);
  c = prefix_at (r, 0, 0);
  g_assert_cmpstr (c, ==, "172.30.0.4");
  net = prefix_at (r, 1, 0);
  g_assert_cmpstr (net, ==, "172.30.0.0/16");
  g_clear_pointer (&r, g_ptr_array_unref);

  /* By key, from a target that is no container: every address. */
  r = resolve ("{'flows': <[{'match': <{'peer': <'container:docker:cc'>}>}]>}", "netns:x", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (((GArray *) g_ptr_array_index (r, 0))->len, ==, 2);
  c2 = prefix_at (r, 0, 1);
  g_assert_cmpstr (c2, ==, "172.31.0.4");
}

static void
test_refused (void)
{
  const struct { const char *flows; const char *fragment; } cases[] = {
    { "{'flows': <[{'match': <{'peer': <'B'>}>}]>}", "shares with the target" },
    { "{'flows': <[{'match': <{'peer': <'Z'>}>}]>}", "no container “Z”" },
    { "{'flows': <[{'match': <{'network': <'network:docker:n2'>}>}]>}", "no subnet" },
    { "{'flows': <[{'match': <{'protocol': <'tcp'>}>}, {'match': <{'network': <'nope'>}>}]>}", "flows[1].match.network" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) r = resolve (cases[i].flows, "pid:1:1", &error);

      g_assert_null (r);
      g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT);
      if (!g_strrstr (error->message, cases[i].fragment))
        g_error ("“%s” does not say “%s”", error->message, cases[i].fragment);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flow-resolve/peer", test_peer);
  g_test_add_func ("/flow-resolve/refused", test_refused);

  return g_test_run ();
}
