/* test-params.c - the shaping-parameter model
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <sys/socket.h>

#include "tcgui-error.h"
#include "tcgui-params.h"

static gboolean
parse (const char   *text,
       TcguiParams  *p,
       GError      **error)
{
  g_autoptr(GVariant) v = g_variant_parse (G_VARIANT_TYPE_VARDICT, text, NULL, NULL, NULL);

  g_assert_nonnull (v);
  return tcgui_params_from_variant (v, p, error);
}

static void
assert_invalid (const char *text,
                const char *fragment)
{
  g_autoptr(GError) error = NULL;
  TcguiParams p;

  if (parse (text, &p, &error))
    g_error ("%s was accepted", text);
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT);
  if (fragment != NULL && !g_strrstr (error->message, fragment))
    g_error ("“%s” does not name “%s”", error->message, fragment);
}

static void
assert_valid (const char *text)
{
  g_autoptr(GError) error = NULL;
  TcguiParams p;

  if (!parse (text, &p, &error))
    g_error ("%s was refused: %s", text, error->message);
}

static void
test_empty (void)
{
  g_autoptr(GError) error = NULL;
  TcguiParams p;

  g_assert_true (parse ("@a{sv} {}", &p, &error));
  g_assert_true (tcgui_params_is_empty (&p));
  g_assert_false (tcgui_params_needs_netem (&p));
}

static void
test_boundaries (void)
{
  assert_valid ("{'delay-us': <uint32 60000000>}");
  assert_invalid ("{'delay-us': <uint32 60000001>}", "delay-us");
  /* netem caps the jitter at INT_MAX ns: refused above, naming the limit. */
  assert_valid ("{'delay-us': <uint32 1>, 'jitter-us': <uint32 2147483>}");
  assert_invalid ("{'delay-us': <uint32 1>, 'jitter-us': <uint32 2147484>}", "at most 2147483");
  assert_invalid ("{'delay-us': <uint32 1>, 'jitter-us': <uint32 60000000>}", "jitter-us");
  assert_valid ("{'loss': <100.0>}");
  assert_valid ("{'loss': <0.0>}");
  assert_invalid ("{'loss': <100.0000001>}", "loss");
  assert_invalid ("{'loss': <-0.5>}", "loss");
  assert_invalid ("{'duplicate': <1e308>}", "duplicate");
  assert_valid ("{'rate-bps': <uint64 1000>}");
  assert_invalid ("{'rate-bps': <uint64 999>}", "rate-bps");
  assert_valid ("{'rate-bps': <uint64 1000000000000>}");
  assert_invalid ("{'rate-bps': <uint64 1000000000001>}", "rate-bps");
  assert_invalid ("{'rate-bps': <uint64 18446744073709551615>}", "rate-bps");
  /* Whole bytes per second: 999 999 999 999 would read back 999 999 999 992. */
  assert_valid ("{'rate-bps': <uint64 999999999992>}");
  assert_invalid ("{'rate-bps': <uint64 999999999999>}", "multiple of 8");
  assert_invalid ("{'rate-bps': <uint64 1001>}", "multiple of 8");
  assert_valid ("{'rate-bps': <uint64 1000>, 'burst-bytes': <uint32 64>}");
  assert_invalid ("{'rate-bps': <uint64 1000>, 'burst-bytes': <uint32 63>}", "burst-bytes");
  assert_invalid ("{'rate-bps': <uint64 1000>, 'burst-bytes': <uint32 1073741825>}", "burst-bytes");
  /* The burst is read back as 32-bit 64 ns ticks: < 2^38 ns of the rate. */
  assert_valid ("{'rate-bps': <uint64 1000>, 'burst-bytes': <uint32 34359>}");
  assert_invalid ("{'rate-bps': <uint64 1000>, 'burst-bytes': <uint32 34360>}", "at most 34359");
  assert_invalid ("{'rate-bps': <uint64 31250000>, 'burst-bytes': <uint32 1073741824>}",
                  "at most 1073741823");
  assert_valid ("{'rate-bps': <uint64 31250008>, 'burst-bytes': <uint32 1073741824>}");
  assert_valid ("{'rate-bps': <uint64 1000000000000>, 'burst-bytes': <uint32 1073741824>}");
  assert_valid ("{'limit-packets': <uint32 100000000>}");
  assert_invalid ("{'limit-packets': <uint32 100000001>}", "limit-packets");
}

static void
test_wrong_input (void)
{
  assert_invalid ("{'delay': <uint32 1>}", "delay");
  assert_invalid ("{'delay-us': <1.5>}", "type");
  assert_invalid ("{'delay-us': <int32 5>}", "delay-us");
  assert_invalid ("{'rate-bps': <uint32 5000>}", "rate-bps");
  assert_invalid ("{'loss': <uint32 5>}", "loss");
  assert_invalid ("{'distribution': <'gauss'>}", "distribution");
  assert_invalid ("{'loss-model': <'gi'>}", "loss-model");
  assert_invalid ("{'distribution': <uint32 1>}", "distribution");
  assert_invalid ("{'delay-us': <uint32 5>, 'delay-us': <uint32 6>}", "twice");
}

static void
test_nan (void)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(GVariant) v = NULL;
  g_autoptr(GError) error = NULL;
  TcguiParams p;

  g_variant_builder_add (&b, "{sv}", "corrupt", g_variant_new_double (NAN));
  v = g_variant_ref_sink (g_variant_builder_end (&b));
  g_assert_false (tcgui_params_from_variant (v, &p, &error));
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  tcgui_params_init (&p);
  p.loss = INFINITY;
  g_assert_false (tcgui_params_validate (&p, &error));
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Not an a{sv} at all. */
  g_clear_pointer (&v, g_variant_unref);
  v = g_variant_ref_sink (g_variant_new_string ("x"));
  g_assert_false (tcgui_params_from_variant (v, &p, &error));
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT);
}

static void
test_dependencies (void)
{
  assert_invalid ("{'jitter-us': <uint32 5>}", "delay-us");
  assert_invalid ("{'delay-us': <uint32 5>, 'distribution': <'normal'>}", "jitter-us");
  assert_valid ("{'delay-us': <uint32 5>, 'jitter-us': <uint32 1>, 'distribution': <'normal'>}");
  assert_invalid ("{'reorder': <5.0>}", "reorder");
  assert_invalid ("{'delay-us': <uint32 5>, 'reorder-gap': <uint32 5>}", "reorder");
  assert_invalid ("{'loss-correlation': <5.0>}", "loss");
  assert_invalid ("{'loss-model': <'gemodel'>, 'loss': <5.0>}", "gemodel");
  assert_invalid ("{'gemodel-p': <5.0>}", "gemodel");
  assert_invalid ("{'burst-bytes': <uint32 5000>}", "rate-bps");
  assert_invalid ("{'duplicate-correlation': <5.0>}", "duplicate");
  assert_invalid ("{'corrupt-correlation': <5.0>}", "corrupt");
}

static void
test_round_trip (void)
{
  const char *sets[] = {
    ("{'delay-us': <uint32 20000>, 'jitter-us': <uint32 5000>, 'delay-correlation': <25.0>, "
    "'distribution': <'paretonormal'>, 'loss': <1.5>, 'loss-correlation': <2.0>, "
    "'duplicate': <1.0>, 'duplicate-correlation': <3.0>, 'reorder': <4.0>, "
    "'reorder-correlation': <5.0>, 'reorder-gap': <uint32 3>, 'corrupt': <0.5>, "
    "'corrupt-correlation': <6.0>, 'rate-bps': <uint64 100000000000>, "
    "'burst-bytes': <uint32 100000>, 'limit-packets': <uint32 5000>}"),
    ("{'loss-model': <'gemodel'>, 'gemodel-p': <1.0>, 'gemodel-r': <20.0>, "
     "'gemodel-1-h': <30.0>, 'gemodel-1-k': <0.5>}"),
    "{'loss-model': <'gemodel'>, 'gemodel-p': <1.0>}",
    "{'rate-bps': <uint64 8000>}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sets); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariant) out = NULL;
      TcguiParams a, b;

      g_assert_true (parse (sets[i], &a, &error));
      out = g_variant_ref_sink (tcgui_params_to_variant (&a));
      g_assert_true (tcgui_params_from_variant (out, &b, &error));
      g_assert_no_error (error);
      g_assert_true (tcgui_params_equal (&a, &b));
    }
}

static void
test_gemodel_defaults (void)
{
  g_autoptr(GError) error = NULL;
  TcguiParams p;

  g_assert_true (parse ("{'loss-model': <'gemodel'>, 'gemodel-p': <1.0>}", &p, &error));
  g_assert_cmpfloat (p.gemodel_r, ==, 99.0);
  g_assert_cmpfloat (p.gemodel_1_h, ==, 100.0);
  g_assert_cmpfloat (p.gemodel_1_k, ==, 0.0);
  g_assert_true (tcgui_params_needs_netem (&p));
}

static void
test_percent_scale (void)
{
  g_assert_cmpuint (tcgui_percent_to_u32 (100.0), ==, G_MAXUINT32);
  g_assert_cmpuint (tcgui_percent_to_u32 (0.0), ==, 0);
  g_assert_cmpfloat (tcgui_percent_from_u32 (tcgui_percent_to_u32 (12.5)), ==, 12.5);
  g_assert_cmpfloat (tcgui_percent_from_u32 (tcgui_percent_to_u32 (0.001)), ==, 0.001);
  g_assert_cmpfloat (tcgui_percent_from_u32 (G_MAXUINT32), ==, 100.0);
}

static gboolean
parse_flows (const char   *text,
             GPtrArray   **flows,
             GError      **error)
{
  g_autoptr(GVariant) v = g_variant_parse (G_VARIANT_TYPE_VARDICT, text, NULL, NULL, NULL);
  TcguiParams p;

  g_assert_nonnull (v);
  return tcgui_params_from_variant_full (v, &p, flows, error);
}

static void
test_flows_valid (void)
{
  g_autoptr(GPtrArray) flows = NULL;
  g_autoptr(GError) error = NULL;
  TcguiFlow *f;

  g_assert_true (parse_flows ("{'rate-bps': <uint64 8000>, 'flows': <[{'match': <{'prefix': <'10.1.0.0/16'>}>, "
                              "'rate-bps': <uint64 2000000>, 'label': <'to A'>}, "
                              "{'match': <{'prefix': <'fd00::1'>, 'protocol': <'tcp'>, 'port-min': <uint16 80>, "
                              "'port-max': <uint16 90>}>, 'partition': <true>}, "
                              "{'match': <{'peer': <'container:docker:abc'>}>}, "
                              "{'match': <{'network': <'network:docker:n1'>, 'protocol': <'icmp'>}>, "
                              "'delay-us': <uint32 5000>}]>}", &flows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (flows->len, ==, 4);
  f = g_ptr_array_index (flows, 0);
  g_assert_cmpint (f->match.family, ==, AF_INET);
  g_assert_cmpuint (f->match.prefix_len, ==, 16);
  g_assert_cmpuint (f->params.rate_bps, ==, 2000000);
  g_assert_cmpstr (f->label, ==, "to A");
  f = g_ptr_array_index (flows, 1);
  g_assert_cmpint (f->match.family, ==, AF_INET6);
  g_assert_cmpuint (f->match.prefix_len, ==, 128);
  g_assert_cmpuint (f->match.port_min, ==, 80);
  g_assert_cmpuint (f->match.port_max, ==, 90);
  g_assert_true (f->partition);
  f = g_ptr_array_index (flows, 2);
  g_assert_cmpstr (f->match.peer, ==, "container:docker:abc");
  g_assert_true (tcgui_params_is_empty (&f->params));

  /* port-min alone is one port. */
  g_clear_pointer (&flows, g_ptr_array_unref);
  g_assert_true (parse_flows ("{'flows': <[{'match': <{'protocol': <'udp'>, 'port-min': <uint16 53>}>}]>}",
                              &flows, &error));
  f = g_ptr_array_index (flows, 0);
  g_assert_cmpuint (f->match.port_max, ==, 53);

  /* A caller that does not take flows still gets them validated. */
  assert_valid ("{'flows': <[{'match': <{'protocol': <'udp'>}>}]>}");
  assert_invalid ("{'flows': <[{'match': <{'protocol': <'udpx'>}>}]>}", "flows[0].match.protocol");
}

static void
test_flows_invalid (void)
{
  const struct { const char *text; const char *fragment; } cases[] = {
    { "{'flows': <[{'match': <{'prefix': <'10.1.0.0/16'>}>}, {'match': <{'protocol': <'udp'>, 'port-min': <uint16 5>, 'port-max': <uint16 4>}>}]>}",
      "flows[1].match.port-max" },
    { "{'flows': <[{'match': <{'prefix': <'10.1.0.0/16'>, 'port-min': <uint16 80>}>}]>}",
      "flows[0].match.port-min" },
    { "{'flows': <[{'match': <{'protocol': <'icmp'>, 'port-min': <uint16 80>}>}]>}",
      "flows[0].match.port-min" },
    { "{'flows': <[{'match': <{'protocol': <'tcp'>, 'port-max': <uint16 80>}>}]>}",
      "flows[0].match.port-max" },
    { "{'flows': <[{'match': <{'protocol': <'tcp'>, 'port-min': <uint16 0>}>}]>}",
      "flows[0].match.port-min" },
    { "{'flows': <[{'match': <{'prefix': <'10.1.2.3/16'>}>}]>}", "beyond the prefix" },
    { "{'flows': <[{'match': <{'prefix': <'10.1.0.0/33'>}>}]>}", "flows[0].match.prefix" },
    { "{'flows': <[{'match': <{'prefix': <'10.1.0.0/'>}>}]>}", "flows[0].match.prefix" },
    { "{'flows': <[{'match': <{'prefix': <'fd00::/129'>}>}]>}", "flows[0].match.prefix" },
    { "{'flows': <[{'match': <{'prefix': <'example.org'>}>}]>}", "flows[0].match.prefix" },
    { "{'flows': <[{'match': <{'prefix': <'fd00::1'>, 'protocol': <'icmp'>}>}]>}", "flows[0].match.protocol" },
    { "{'flows': <[{'match': <{'prefix': <'10.0.0.1'>, 'protocol': <'icmpv6'>}>}]>}", "flows[0].match.protocol" },
    { "{'flows': <[{'match': <{'prefix': <'10.0.0.1'>, 'peer': <'a'>}>}]>}", "flows[0].match" },
    { "{'flows': <[{'match': <{'peer': <''>}>}]>}", "flows[0].match.peer" },
    { "{'flows': <[{'match': <{'network': <'a\nb'>}>}]>}", "flows[0].match.network" },
    { "{'flows': <[{'match': <@a{sv} {}>}]>}", "flows[0].match" },
    { "{'flows': <[{'match': <{'port': <uint16 1>}>}]>}", "flows[0].match.port" },
    { "{'flows': <[{'match': <{'protocol': <'tcp'>, 'protocol': <'udp'>}>}]>}", "twice" },
    { "{'flows': <[{'rate-bps': <uint64 8000>}]>}", "flows[0].match" },
    { "{'flows': <[{'match': <{'protocol': <'tcp'>}>, 'rate-bps': <uint64 999>}]>}", "flows[0]: “rate-bps”" },
    { "{'flows': <[{'match': <{'protocol': <'tcp'>}>, 'jitter-us': <uint32 5>}]>}", "flows[0]: " },
    { "{'flows': <[{'match': <{'protocol': <'tcp'>}>, 'partition': <true>, 'delay-us': <uint32 5>}]>}", "flows[0].partition" },
    { "{'flows': <[{'match': <{'protocol': <'tcp'>}>, 'label': <'0123456789012345678901234567890123456789012345678901234567890123456789'>}]>}", "flows[0].label" },
    { "{'flows': <[{'match': <{'protocol': <'tcp'>}>, 'flows': <@aa{sv} []>}]>}", "flows[0].flows" },
    { "{'flows': <[{'match': <{'protocol': <'tcp'>}>, 'partition': <uint32 1>}]>}", "flows[0].partition" },
    { "{'flows': <{'match': <{'protocol': <'tcp'>}>}>}", "aa{sv}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_invalid (cases[i].text, cases[i].fragment);
}

static void
test_flows_limit (void)
{
  g_autoptr(GString) text = g_string_new ("{'flows': <[");
  g_autoptr(GPtrArray) flows = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < TCGUI_FLOWS_MAX; i++)
    g_string_append_printf (text, "%s{'match': <{'prefix': <'10.0.%u.0/24'>}>}", i ? ", " : "", i);
  g_string_append (text, "]>}");
  g_assert_true (parse_flows (text->str, &flows, &error));
  g_assert_cmpuint (flows->len, ==, TCGUI_FLOWS_MAX);

  g_string_truncate (text, text->len - 3);
  g_string_append (text, ", {'match': <{'protocol': <'udp'>}>}]>}");
  assert_invalid (text->str, "at most 64");
}

static void
test_flows_round_trip (void)
{
  const char *text =
    "{'delay-us': <uint32 1000>, 'flows': <[{'match': <{'prefix': <'10.1.0.0/16'>}>, "
    "'rate-bps': <uint64 2000000>, 'label': <'to A'>}, "
    "{'match': <{'prefix': <'fd00::/64'>, 'protocol': <'sctp'>, 'port-min': <uint16 80>, "
    "'port-max': <uint16 90>}>, 'partition': <true>}, "
    "{'match': <{'peer': <'c1'>}>, 'foreign': <true>, 'loss-model': <'gemodel'>, 'gemodel-p': <1.0>}, "
    "{'match': <{'network': <'n'>, 'protocol': <'udp'>, 'port-min': <uint16 53>}>}]>}";
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  g_autoptr(GVariant) out = NULL;
  g_autoptr(GError) error = NULL;
  TcguiParams pa, pb;
  g_autoptr(GVariant) v = g_variant_parse (G_VARIANT_TYPE_VARDICT, text, NULL, NULL, NULL);

  g_assert_true (tcgui_params_from_variant_full (v, &pa, &a, &error));
  out = g_variant_ref_sink (tcgui_params_to_variant_full (&pa, a));
  g_assert_true (tcgui_params_from_variant_full (out, &pb, &b, &error));
  g_assert_no_error (error);
  g_assert_true (tcgui_params_equal (&pa, &pb));
  g_assert_true (tcgui_flows_equal (a, b));
  g_assert_false (tcgui_flows_equal (a, NULL));

  /* No flows: today's dictionary, without the key. */
  g_clear_pointer (&out, g_variant_unref);
  out = g_variant_ref_sink (tcgui_params_to_variant_full (&pa, NULL));
  g_assert_false (g_variant_lookup (out, "flows", "*", NULL));

  /* A copy is equal and owns its strings. */
  {
    g_autoptr(TcguiFlow) copy = tcgui_flow_copy (g_ptr_array_index (a, 2));

    g_assert_true (tcgui_flow_equal (copy, g_ptr_array_index (a, 2)));
    g_assert_true (copy->match.peer != ((TcguiFlow *) g_ptr_array_index (a, 2))->match.peer);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/params/empty", test_empty);
  g_test_add_func ("/params/boundaries", test_boundaries);
  g_test_add_func ("/params/wrong-input", test_wrong_input);
  g_test_add_func ("/params/nan", test_nan);
  g_test_add_func ("/params/dependencies", test_dependencies);
  g_test_add_func ("/params/round-trip", test_round_trip);
  g_test_add_func ("/params/gemodel-defaults", test_gemodel_defaults);
  g_test_add_func ("/params/percent-scale", test_percent_scale);
  g_test_add_func ("/params/flows/valid", test_flows_valid);
  g_test_add_func ("/params/flows/invalid", test_flows_invalid);
  g_test_add_func ("/params/flows/limit", test_flows_limit);
  g_test_add_func ("/params/flows/round-trip", test_flows_round_trip);

  return g_test_run ();
}
