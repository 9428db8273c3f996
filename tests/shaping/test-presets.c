/* test-presets.c - the built-in presets are valid and say what they mean
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tcgui-presets.h"

static void
test_all_validate (void)
{
  guint n = 0;
  const TcguiPreset *all = tcgui_presets_get_all (&n);

  g_assert_cmpuint (n, >=, 15);
  for (guint i = 0; i < n; i++)
    {
      TcguiParams out, in;
      g_autoptr(GError) error = NULL;

      g_test_message ("preset %s", all[i].id);
      g_assert_nonnull (all[i].source);
      g_assert_cmpstr (all[i].source, !=, "");
      tcgui_preset_to_params (&all[i], &out, &in);
      g_assert_true (tcgui_params_validate (&out, &error));
      g_assert_no_error (error);
      g_assert_true (tcgui_params_validate (&in, &error));
      g_assert_no_error (error);
      /* A preset that changes nothing would be a mistake. */
      g_assert_false (tcgui_params_is_empty (&out) && tcgui_params_is_empty (&in));
      /* Unique ids: they are the menu's action targets. */
      g_assert_true (tcgui_presets_find (all[i].id) == &all[i]);
    }
}

/* Freenet's numbers are one interface's netem: outgoing only. */
static void
test_one_way (void)
{
  const TcguiPreset *p = tcgui_presets_find ("challenging");
  TcguiParams out, in;

  g_assert_nonnull (p);
  tcgui_preset_to_params (p, &out, &in);
  g_assert_cmpuint (out.delay_us, ==, 150000);
  g_assert_cmpuint (out.jitter_us, ==, 50000);
  g_assert_cmpfloat (out.loss, ==, 3.0);
  g_assert_cmpfloat (out.loss_correlation, ==, 50.0);
  g_assert_true (tcgui_params_is_empty (&in));

  p = tcgui_presets_find ("lan");
  tcgui_preset_to_params (p, &out, &in);
  g_assert_cmpuint (out.delay_us, ==, 1000);
  g_assert_cmpuint (out.jitter_us, ==, 1000);
}

/* WebPageTest gives RTTs and down/up rates: RTT/2 each way. */
static void
test_rtt_split (void)
{
  const TcguiPreset *p = tcgui_presets_find ("wpt-3g");
  TcguiParams out, in;

  g_assert_nonnull (p);
  tcgui_preset_to_params (p, &out, &in);
  g_assert_cmpuint (out.delay_us + in.delay_us, ==, 300000);
  g_assert_cmpuint (out.delay_us, ==, 150000);
  g_assert_cmpuint (out.rate_bps, ==, 768000);
  g_assert_cmpuint (in.rate_bps, ==, 1600000);
  g_assert_true (tcgui_params_needs_netem (&out));
}

/* comcast's rate limits the interface's sending; it gives no down rate. */
static void
test_comcast (void)
{
  const TcguiPreset *p = tcgui_presets_find ("comcast-dsl-good");
  TcguiParams out, in;

  g_assert_nonnull (p);
  tcgui_preset_to_params (p, &out, &in);
  g_assert_cmpuint (out.rate_bps, ==, 8000000);
  g_assert_cmpuint (out.delay_us, ==, 40000);
  g_assert_cmpfloat (out.loss, ==, 0.5);
  g_assert_true (tcgui_params_is_empty (&in));
  g_assert_null (tcgui_presets_find ("no-such-preset"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/presets/validate", test_all_validate);
  g_test_add_func ("/presets/one-way", test_one_way);
  g_test_add_func ("/presets/rtt-split", test_rtt_split);
  g_test_add_func ("/presets/comcast", test_comcast);
  return g_test_run ();
}
