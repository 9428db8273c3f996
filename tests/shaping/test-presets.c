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

/* The rate-only presets carry the down/up rates of
 * ../shared/reference/presets.md: Firefox DevTools (kbit = 1024 bit) and
 * Facebook's Augmented Traffic Control; down is incoming, up outgoing. */
static const struct
{
  const char *id;
  guint       down;
  guint       up;
  guint       kbit;
} published[] = {
  { "firefox-gprs", 50, 20, 1024 },
  { "firefox-2g-regular", 250, 50, 1024 },
  { "firefox-2g-good", 450, 150, 1024 },
  { "firefox-3g-regular", 750, 250, 1024 },
  { "firefox-3g-good", 1500, 750, 1024 },
  { "firefox-4g", 4000, 3000, 1024 },
  { "firefox-dsl", 2000, 1000, 1024 },
  { "firefox-wifi", 30000, 15000, 1024 },
  { "atc-2g-rural", 20, 18, 1000 },
  { "atc-2g-urban", 35, 32, 1000 },
  { "atc-3g-average", 780, 330, 1000 },
  { "atc-3g-good", 850, 420, 1000 },
  { "atc-edge-good", 250, 200, 1000 },
  { "atc-edge-average", 240, 200, 1000 },
  { "atc-dsl", 2000, 256, 1000 },
  { "atc-cable", 6000, 1000, 1000 },
  { "atc-no-connectivity", 1, 1, 1000 },
};

static void
test_rates_only (void)
{
  guint n = 0, n_rates_only = 0;
  const TcguiPreset *all = tcgui_presets_get_all (&n);

  for (guint i = 0; i < G_N_ELEMENTS (published); i++)
    {
      const TcguiPreset *p = tcgui_presets_find (published[i].id);
      TcguiParams out, in, rates_only;

      g_test_message ("preset %s: %u/%u kbit/s", published[i].id, published[i].down,
                      published[i].up);
      g_assert_nonnull (p);
      g_assert_false (tcgui_preset_needs_netem (p));
      tcgui_preset_to_params (p, &out, &in);
      g_assert_cmpuint (in.rate_bps, ==, (guint64) published[i].down * published[i].kbit);
      g_assert_cmpuint (out.rate_bps, ==, (guint64) published[i].up * published[i].kbit);
      /* Nothing but the rate: what a kernel without sch_netem can do. */
      tcgui_params_init (&rates_only);
      rates_only.rate_bps = out.rate_bps;
      g_assert_true (tcgui_params_equal (&out, &rates_only));
      g_assert_false (tcgui_params_needs_netem (&out));
      g_assert_false (tcgui_params_needs_netem (&in));
    }
  /* And no other preset claims to be rates only. */
  for (guint i = 0; i < n; i++)
    n_rates_only += !tcgui_preset_needs_netem (&all[i]);
  g_assert_cmpuint (n_rates_only, ==, G_N_ELEMENTS (published));
  g_assert_true (tcgui_preset_needs_netem (tcgui_presets_find ("wpt-cable")));
  g_assert_true (tcgui_preset_needs_netem (tcgui_presets_find ("lan")));
}

/* The first item of @menu's submenu @index, its action and target. */
static void
first_item (GMenuModel  *menu,
            int          index,
            char       **action,
            char       **target)
{
  g_autoptr(GMenuModel) sub = g_menu_model_get_item_link (menu, index, G_MENU_LINK_SUBMENU);
  g_autoptr(GMenuModel) section = g_menu_model_get_item_link (sub, 0, G_MENU_LINK_SECTION);
  GMenuModel *items = section != NULL ? section : sub;

  g_assert_true (g_menu_model_get_item_attribute (items, 0, G_MENU_ATTRIBUTE_ACTION, "s",
                                                  action));
  g_assert_true (g_menu_model_get_item_attribute (items, 0, G_MENU_ATTRIBUTE_TARGET, "s",
                                                  target));
}

/* Rates only first; without netem the reason next (a custom item), and
 * the others' action is the one their owner disables. */
static void
test_menu (void)
{
  g_autoptr(GMenuModel) menu = tcgui_presets_build_menu_full ("x.rate", "x.netem",
                                                              "Needs sch_netem");
  g_autoptr(GMenuModel) plain = tcgui_presets_build_menu ("x.any");
  g_autofree char *action = NULL, *target = NULL, *action2 = NULL, *target2 = NULL;
  g_autofree char *label = NULL, *custom = NULL;

  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 5);
  first_item (menu, 0, &action, &target);
  g_assert_cmpstr (action, ==, "x.rate");
  g_assert_cmpstr (target, ==, "firefox-gprs");
  g_assert_true (g_menu_model_get_item_attribute (menu, 1, G_MENU_ATTRIBUTE_LABEL, "s", &label));
  g_assert_cmpstr (label, ==, "Needs sch_netem");
  g_assert_true (g_menu_model_get_item_attribute (menu, 1, "custom", "s", &custom));
  g_assert_cmpstr (custom, ==, TCGUI_PRESETS_NETEM_MISSING_ID);
  first_item (menu, 2, &action2, &target2);
  g_assert_cmpstr (action2, ==, "x.netem");
  g_assert_cmpstr (target2, ==, "lan");
  /* With netem (or for all interfaces): no reason, four submenus. */
  g_assert_cmpint (g_menu_model_get_n_items (plain), ==, 4);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/presets/validate", test_all_validate);
  g_test_add_func ("/presets/one-way", test_one_way);
  g_test_add_func ("/presets/rtt-split", test_rtt_split);
  g_test_add_func ("/presets/comcast", test_comcast);
  g_test_add_func ("/presets/rates-only", test_rates_only);
  g_test_add_func ("/presets/menu", test_menu);
  return g_test_run ();
}
