/* test-flow-rules.c - flows as u32 rules and back (helper/tcgui-flow-rules.c)
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/socket.h>
#include <linux/if_ether.h>

#include <string.h>

#include "tcgui-error.h"
#include "tcgui-flow-rules.h"

static GPtrArray *
parse (const char *text)
{
  g_autoptr(GVariant) v = g_variant_parse (G_VARIANT_TYPE_VARDICT, text, NULL, NULL, NULL);
  g_autoptr(GError) error = NULL;
  GPtrArray *flows = NULL;
  TcguiParams p;

  g_assert_nonnull (v);
  g_assert_true (tcgui_params_from_variant_full (v, &p, &flows, &error));
  g_assert_no_error (error);
  return flows;
}

/* Builds every flow's rules, reads them back: the same matches. */
static void
round_trip (const char *text,
            gboolean    incoming)
{
  g_autoptr(GPtrArray) flows = parse (text);
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GArray) classids = NULL;

  for (guint i = 0; i < flows->len; i++)
    {
      const TcguiFlow *flow = g_ptr_array_index (flows, i);
      TcguiFlowPrefix prefix = { flow->match.family, { 0 }, flow->match.prefix_len };
      g_autoptr(GError) error = NULL;

      memcpy (prefix.addr, flow->match.addr, 16);
      g_assert_true (tcgui_flow_rules_build (flow, i, &prefix, flow->match.family ? 1 : 0,
                                             incoming, 0x7cc00000u | (i + 1), rules, &error));
      g_assert_no_error (error);
    }
  back = tcgui_flow_rules_read (rules, incoming, &classids);
  g_assert_cmpuint (back->len, ==, flows->len);
  for (guint i = 0; i < flows->len; i++)
    {
      TcguiFlow *a = g_ptr_array_index (flows, i), *b = g_ptr_array_index (back, i);

      /* Only the match travels in the filters. */
      tcgui_params_init (&a->params);
      a->partition = FALSE;
      g_clear_pointer (&a->label, g_free);
      g_assert_false (b->foreign);
      g_assert_cmpuint (g_array_index (classids, guint32, i), ==, 0x7cc00000u | (i + 1));
      if (!tcgui_flow_equal (a, b))
        g_error ("%s: flow %u read back as %s", text, i,
                 g_variant_print (g_variant_ref_sink (tcgui_flow_to_variant (b)), FALSE));
    }
}

static void
test_round_trip (void)
{
  const char *sets[] = {
    "{'flows': <[{'match': <{'prefix': <'10.1.0.0/16'>}>}]>}",
    "{'flows': <[{'match': <{'prefix': <'10.1.2.3'>, 'protocol': <'tcp'>, 'port-min': <uint16 1>, 'port-max': <uint16 65535>}>}]>}",
    "{'flows': <[{'match': <{'prefix': <'fd00:1:2::/48'>, 'protocol': <'udp'>, 'port-min': <uint16 1000>, 'port-max': <uint16 1999>}>}]>}",
    "{'flows': <[{'match': <{'prefix': <'fd00::1'>}>}, {'match': <{'protocol': <'icmp'>}>}, {'match': <{'protocol': <'icmpv6'>}>}]>}",
    "{'flows': <[{'match': <{'protocol': <'sctp'>, 'port-min': <uint16 5000>}>}, {'match': <{'prefix': <'0.0.0.0/0'>}>}]>}",
    "{'flows': <[{'match': <{'prefix': <'::/0'>, 'protocol': <'tcp'>, 'port-min': <uint16 22>}>}]>}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sets); i++)
    {
      round_trip (sets[i], FALSE);
      round_trip (sets[i], TRUE);
    }
}

static void
test_order_and_keys (void)
{
  g_autoptr(GPtrArray) flows = parse ("{'flows': <[{'match': <{'protocol': <'udp'>}>}, "
                                      "{'match': <{'prefix': <'10.0.0.1'>, 'protocol': <'tcp'>, "
                                      "'port-min': <uint16 80>, 'port-max': <uint16 90>}>}]>}");
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (g_free);
  TcguiFlowPrefix prefix = { 0 };
  const TcguiU32Rule *r;

  g_assert_true (tcgui_flow_rules_build (g_ptr_array_index (flows, 0), 0, NULL, 0, FALSE, 1, rules, NULL));
  /* No prefix: an IPv4 and an IPv6 rule, at the first flow's priorities. */
  g_assert_cmpuint (rules->len, ==, 2);
  r = g_ptr_array_index (rules, 0);
  g_assert_cmpuint (r->prio, ==, TCGUI_FLOW_PRIO_BASE);
  g_assert_cmpuint (r->protocol, ==, ETH_P_IP);
  r = g_ptr_array_index (rules, 1);
  g_assert_cmpuint (r->prio, ==, TCGUI_FLOW_PRIO_BASE + 1);
  g_assert_cmpuint (r->protocol, ==, ETH_P_IPV6);

  g_ptr_array_set_size (rules, 0);
  prefix.family = AF_INET;
  prefix.prefix_len = 32;
  prefix.addr[0] = 10;
  prefix.addr[3] = 1;
  g_assert_true (tcgui_flow_rules_build (g_ptr_array_index (flows, 1), 1, &prefix, 1, FALSE, 2, rules, NULL));
  /* 80-87, 88-89, 90: three aligned blocks, IPv4 only. */
  g_assert_cmpuint (rules->len, ==, 3);
  r = g_ptr_array_index (rules, 2);
  g_assert_cmpuint (r->prio, ==, TCGUI_FLOW_PRIO_BASE + 2);
  g_assert_cmpuint (r->keys[r->n_keys - 1].val, ==, 90);
  g_assert_cmpuint (r->keys[r->n_keys - 1].mask, ==, 0xffff);
  g_assert_cmpint (r->keys[r->n_keys - 1].off, ==, 20);
}

static void
test_foreign (void)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GArray) classids = NULL;
  TcguiU32Rule *r = g_new0 (TcguiU32Rule, 1);

  /* `match ip tos 0x10 0xff`: no key TC GUI writes. */
  r->prio = 1;
  r->protocol = ETH_P_IP;
  r->classid = 0x10010;
  r->understood = TRUE;
  r->n_keys = 1;
  r->keys[0] = (TcguiU32Key) { 0x00100000u, 0x00ff0000u, 0 };
  g_ptr_array_add (rules, r);
  back = tcgui_flow_rules_read (rules, FALSE, &classids);
  g_assert_cmpuint (back->len, ==, 1);
  g_assert_true (((TcguiFlow *) g_ptr_array_index (back, 0))->foreign);
  /* Read back, a foreign flow with an empty match is still valid. */
  g_assert_true (tcgui_flow_validate (g_ptr_array_index (back, 0), 0, NULL));
}

/* 64 peer addresses, each with a port range of ~30 blocks, in both
 * families: refused with LimitExceeded before anything is written. */
static void
test_limit (void)
{
  g_autoptr(GPtrArray) flows = parse ("{'flows': <[{'match': <{'protocol': <'tcp'>, 'port-min': "
                                      "<uint16 1>, 'port-max': <uint16 65534>}>}]>}");
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  TcguiFlowPrefix prefixes[64];
  guint i;

  for (i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      prefixes[i] = (TcguiFlowPrefix) { i % 2 ? AF_INET6 : AF_INET, { 10, 0, 0, (guint8) i }, 0 };
      prefixes[i].prefix_len = i % 2 ? 128 : 32;
    }
  /* A few flows fit. */
  for (i = 0; i < 3; i++)
    g_assert_true (tcgui_flow_rules_build (g_ptr_array_index (flows, 0), i, prefixes, 2, FALSE,
                                           0x7cc00001u, rules, NULL));
  g_assert_cmpuint (rules->len, <=, TCGUI_FLOW_RULES_MAX);
  g_assert_false (tcgui_flow_rules_build (g_ptr_array_index (flows, 0), 3, prefixes,
                                          G_N_ELEMENTS (prefixes), FALSE, 0x7cc00004u,
                                          rules, &error));
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_LIMIT_EXCEEDED);
  g_assert_nonnull (strstr (error->message, "flows[3]"));
  g_assert_nonnull (strstr (error->message, "1024"));
}

static TcguiU32Rule *
plain_rule (guint i)
{
  TcguiU32Rule *r = g_new0 (TcguiU32Rule, 1);

  /* One /32 per rule: each its own flow when read back. */
  r->prio = (guint16) (TCGUI_FLOW_PRIO_BASE + 2 * (i % 64));
  r->protocol = ETH_P_IP;
  r->classid = 0x7cc00001u + i % 64;
  r->understood = TRUE;
  r->n_keys = 1;
  r->keys[0] = (TcguiU32Key) { 0x0a000000u | i, 0xffffffffu, 16 };
  return r;
}

/* More rules than TC GUI writes, or a dump cut at its cap: the list ends
 * in a foreign flow, never a silent part of the tree. */
static void
test_read_cap (void)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GArray) classids = NULL;

  for (guint i = 0; i < TCGUI_FLOW_RULES_MAX; i++)
    g_ptr_array_add (rules, plain_rule (i));
  back = tcgui_flow_rules_read (rules, FALSE, &classids);
  g_assert_cmpuint (back->len, ==, TCGUI_FLOW_RULES_MAX);
  for (guint i = 0; i < back->len; i++)
    g_assert_false (((TcguiFlow *) g_ptr_array_index (back, i))->foreign);
  g_clear_pointer (&back, g_ptr_array_unref);
  g_clear_pointer (&classids, g_array_unref);

  /* One more, at the last priority (where a cut would hide it). */
  g_ptr_array_add (rules, plain_rule (TCGUI_FLOW_RULES_MAX));
  back = tcgui_flow_rules_read (rules, FALSE, &classids);
  g_assert_cmpuint (back->len, ==, TCGUI_FLOW_RULES_MAX + 1);
  g_assert_true (((TcguiFlow *) g_ptr_array_index (back, back->len - 1))->foreign);
  g_clear_pointer (&back, g_ptr_array_unref);
  g_clear_pointer (&classids, g_array_unref);

  /* A short list with the dump's "(more)" marker (prio 0): foreign too. */
  g_ptr_array_set_size (rules, 4);
  g_ptr_array_add (rules, g_new0 (TcguiU32Rule, 1));
  back = tcgui_flow_rules_read (rules, FALSE, &classids);
  g_assert_true (((TcguiFlow *) g_ptr_array_index (back, 0))->foreign);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flow-rules/round-trip", test_round_trip);
  g_test_add_func ("/flow-rules/order-and-keys", test_order_and_keys);
  g_test_add_func ("/flow-rules/foreign", test_foreign);
  g_test_add_func ("/flow-rules/limit", test_limit);
  g_test_add_func ("/flow-rules/read-cap", test_read_cap);

  return g_test_run ();
}
