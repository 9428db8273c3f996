/* tcgui-presets.c - built-in network-condition presets
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every preset names where its numbers come from (see docs/user-guide.md).
 * "Outgoing" is what the interface sends (a container's upload), "incoming"
 * what it receives (its download).
 */

#define G_LOG_DOMAIN "tcgui-presets"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-presets.h"

#define FREENET  "Freenet test network, NetworkEmulation presets of its docker NAT backend"
#define COMCAST  "comcast (github.com/tylertreat/comcast) README"
#define WPT      "WebPageTest connectivity profiles"
#define FIREFOX  "Firefox DevTools throttling profiles " \
                 "(devtools/client/shared/components/throttling/profiles.js)"
#define ATC      "Facebook Augmented Traffic Control (utils/profiles/*.json)"

/* Firefox counts a kbit as 1024 bits. */
#define KIBIT 1024

/* Rates only, for kernels without sch_netem: the down/up rates of Firefox's
 * and ATC's profiles (their latency and loss left out, which a token
 * bucket cannot add). Down is incoming, up is outgoing.
 *
 * Freenet and comcast give netem parameters of one interface's egress: a
 * one-way added delay, applied to outgoing traffic only. WebPageTest gives
 * round-trip times and down/up rates: half the RTT goes to each direction. */
static const TcguiPreset presets[] = {
  { "firefox-gprs", N_("GPRS"), N_("Firefox DevTools"), FIREFOX, FALSE, 50, 20, 0, 0, 0, 0, KIBIT },
  { "firefox-2g-regular", N_("Regular 2G"), N_("Firefox DevTools"), FIREFOX, FALSE,
    250, 50, 0, 0, 0, 0, KIBIT },
  { "firefox-2g-good", N_("Good 2G"), N_("Firefox DevTools"), FIREFOX, FALSE,
    450, 150, 0, 0, 0, 0, KIBIT },
  { "firefox-3g-regular", N_("Regular 3G"), N_("Firefox DevTools"), FIREFOX, FALSE,
    750, 250, 0, 0, 0, 0, KIBIT },
  { "firefox-3g-good", N_("Good 3G"), N_("Firefox DevTools"), FIREFOX, FALSE,
    1500, 750, 0, 0, 0, 0, KIBIT },
  { "firefox-4g", N_("Regular 4G/LTE"), N_("Firefox DevTools"), FIREFOX, FALSE,
    4000, 3000, 0, 0, 0, 0, KIBIT },
  { "firefox-dsl", N_("DSL"), N_("Firefox DevTools"), FIREFOX, FALSE, 2000, 1000, 0, 0, 0, 0, KIBIT },
  { "firefox-wifi", N_("Wi-Fi"), N_("Firefox DevTools"), FIREFOX, FALSE,
    30000, 15000, 0, 0, 0, 0, KIBIT },
  { "atc-2g-rural", N_("2G, Developing Rural"), N_("Augmented Traffic Control"), ATC, FALSE,
    20, 18, 0, 0, 0, 0, 0 },
  { "atc-2g-urban", N_("2G, Developing Urban"), N_("Augmented Traffic Control"), ATC, FALSE,
    35, 32, 0, 0, 0, 0, 0 },
  { "atc-edge-average", N_("EDGE, Average"), N_("Augmented Traffic Control"), ATC, FALSE,
    240, 200, 0, 0, 0, 0, 0 },
  { "atc-edge-good", N_("EDGE, Good"), N_("Augmented Traffic Control"), ATC, FALSE,
    250, 200, 0, 0, 0, 0, 0 },
  { "atc-3g-average", N_("3G, Average"), N_("Augmented Traffic Control"), ATC, FALSE,
    780, 330, 0, 0, 0, 0, 0 },
  { "atc-3g-good", N_("3G, Good"), N_("Augmented Traffic Control"), ATC, FALSE,
    850, 420, 0, 0, 0, 0, 0 },
  { "atc-dsl", N_("DSL"), N_("Augmented Traffic Control"), ATC, FALSE, 2000, 256, 0, 0, 0, 0, 0 },
  { "atc-cable", N_("Cable"), N_("Augmented Traffic Control"), ATC, FALSE,
    6000, 1000, 0, 0, 0, 0, 0 },
  { "atc-no-connectivity", N_("No Connectivity"), N_("Augmented Traffic Control"), ATC, FALSE,
    1, 1, 0, 0, 0, 0, 0 },
  { "lan", N_("LAN"), N_("Test Network"), FREENET, FALSE, 0, 0, 1, 1, 0, 0 },
  { "regional", N_("Regional"), N_("Test Network"), FREENET, FALSE, 0, 0, 40, 10, 0.1, 0 },
  { "intercontinental", N_("Intercontinental"), N_("Test Network"), FREENET, FALSE,
    0, 0, 125, 25, 0.5, 0 },
  { "high-latency", N_("High Latency"), N_("Test Network"), FREENET, FALSE,
    0, 0, 200, 30, 1.0, 0 },
  { "challenging", N_("Challenging"), N_("Test Network"), FREENET, FALSE,
    0, 0, 150, 50, 3.0, 50 },
  { "wpt-cable", N_("Cable"), N_("WebPageTest"), WPT, TRUE, 5000, 1000, 28, 0, 0, 0 },
  { "wpt-dsl", N_("DSL"), N_("WebPageTest"), WPT, TRUE, 1500, 384, 50, 0, 0, 0 },
  { "wpt-fios", N_("FIOS"), N_("WebPageTest"), WPT, TRUE, 20000, 5000, 4, 0, 0, 0 },
  { "wpt-dial", N_("Dial-up"), N_("WebPageTest"), WPT, TRUE, 49, 30, 120, 0, 0, 0 },
  { "wpt-3g", N_("3G"), N_("WebPageTest"), WPT, TRUE, 1600, 768, 300, 0, 0, 0 },
  { "wpt-3g-fast", N_("3G Fast"), N_("WebPageTest"), WPT, TRUE, 1600, 768, 150, 0, 0, 0 },
  { "wpt-3g-slow", N_("3G Slow"), N_("WebPageTest"), WPT, TRUE, 780, 330, 200, 0, 0, 0 },
  { "wpt-edge", N_("EDGE"), N_("WebPageTest"), WPT, TRUE, 240, 200, 840, 0, 0, 0 },
  { "wpt-2g", N_("2G"), N_("WebPageTest"), WPT, TRUE, 35, 32, 1300, 0, 0, 0 },
  { "comcast-gprs", N_("GPRS"), N_("comcast"), COMCAST, FALSE, 0, 50, 500, 0, 2.0, 0 },
  { "comcast-edge", N_("EDGE"), N_("comcast"), COMCAST, FALSE, 0, 250, 300, 0, 1.5, 0 },
  { "comcast-3g", N_("3G/HSDPA"), N_("comcast"), COMCAST, FALSE, 0, 750, 250, 0, 1.5, 0 },
  { "comcast-dialup", N_("Dial-up"), N_("comcast"), COMCAST, FALSE, 0, 40, 185, 0, 2.0, 0 },
  { "comcast-dsl-poor", N_("DSL (Poor)"), N_("comcast"), COMCAST, FALSE,
    0, 2000, 70, 0, 2.0, 0 },
  { "comcast-dsl-good", N_("DSL (Good)"), N_("comcast"), COMCAST, FALSE,
    0, 8000, 40, 0, 0.5, 0 },
  { "comcast-wifi", N_("Wi-Fi"), N_("comcast"), COMCAST, FALSE, 0, 30000, 40, 0, 0.2, 0 },
};

const TcguiPreset *
tcgui_presets_get_all (guint *n_presets)
{
  *n_presets = G_N_ELEMENTS (presets);
  return presets;
}

const TcguiPreset *
tcgui_presets_find (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (g_strcmp0 (presets[i].id, id) == 0)
      return &presets[i];
  return NULL;
}

static void
set_direction (TcguiParams *params,
               guint64      rate_bps,
               guint        delay_us,
               guint        jitter_us,
               double       loss,
               double       loss_correlation)
{
  tcgui_params_init (params);
  params->rate_bps = rate_bps;
  params->delay_us = delay_us;
  /* netem cannot vary a delay that is not there. */
  params->jitter_us = delay_us != 0 ? jitter_us : 0;
  params->loss = loss;
  params->loss_correlation = loss != 0 ? loss_correlation : 0;
}

/**
 * tcgui_preset_to_params:
 *
 * The two directions' parameters of @preset: an RTT is halved over both
 * directions (and so is its jitter), a one-way delay and the loss go to
 * outgoing traffic only; down is incoming, up is outgoing.
 */
void
tcgui_preset_to_params (const TcguiPreset *preset,
                        TcguiParams       *outgoing,
                        TcguiParams       *incoming)
{
  guint delay_us = preset->latency_ms * 1000;
  guint jitter_us = preset->jitter_ms * 1000;
  guint kbit = preset->bits_per_kbit != 0 ? preset->bits_per_kbit : 1000;
  guint64 up_bps = (guint64) preset->up_kbps * kbit;
  guint64 down_bps = (guint64) preset->down_kbps * kbit;

  if (!preset->latency_is_rtt)
    {
      set_direction (outgoing, up_bps, delay_us, jitter_us,
                     preset->loss, preset->loss_correlation);
      set_direction (incoming, down_bps, 0, 0, 0, 0);
      return;
    }

  set_direction (outgoing, up_bps, delay_us / 2, jitter_us / 2,
                 preset->loss, preset->loss_correlation);
  set_direction (incoming, down_bps, delay_us / 2, jitter_us / 2,
                 preset->loss, preset->loss_correlation);
}

/* Latency or loss: netem. Rates alone are a token bucket. */
gboolean
tcgui_preset_needs_netem (const TcguiPreset *preset)
{
  g_return_val_if_fail (preset != NULL, FALSE);
  return preset->latency_ms != 0 || preset->jitter_ms != 0 || preset->loss != 0;
}

/* The presets of the group starting at @first (the table keeps a group's
 * presets together); @next is where the next group starts. */
static GMenu *
group_items (guint       first,
             const char *action,
             const char *netem_action,
             gboolean   *needs_netem,
             guint      *next)
{
  GMenu *items = g_menu_new ();
  guint i;

  *needs_netem = FALSE;
  for (i = first; i < G_N_ELEMENTS (presets) &&
                  g_strcmp0 (presets[i].group, presets[first].group) == 0; i++)
    {
      gboolean netem = tcgui_preset_needs_netem (&presets[i]);
      g_autofree char *detailed = g_strdup_printf ("%s::%s", netem ? netem_action : action,
                                                   presets[i].id);

      *needs_netem |= netem;
      g_menu_append (items, _(presets[i].name), detailed);
    }
  *next = i;
  return items;
}

/* Without netem: the reason, as a custom item its owner fills with a
 * label (GTK 4.8's popover menus show no section titles). */
static void
insert_netem_missing (GMenu      *menu,
                      const char *netem_missing)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (netem_missing, NULL);

  g_menu_item_set_attribute (item, "custom", "s", TCGUI_PRESETS_NETEM_MISSING_ID);
  g_menu_insert_item (menu, 1, item);
}

/* Why the presets that need sch_netem are off on this kernel. */
const char *
tcgui_presets_netem_missing_reason (void)
{
  return _("Needs the kernel module sch_netem, which this kernel lacks");
}

/**
 * tcgui_presets_build_menu_full:
 * @action: a detailed action's name taking the preset's id, e.g.
 *   "shaping.preset"
 * @netem_action: the same for the presets that need sch_netem, an action
 *   its owner disables on a kernel without it
 * @netem_missing: (nullable): why those are disabled: then the second
 *   item is a custom one, %TCGUI_PRESETS_NETEM_MISSING_ID, labelled with it
 *
 * Returns: (transfer full): first "Rates Only" (one section per source),
 *   then one submenu per source of netem presets, in the order of the
 *   table: 21 items in one list overflowed a window and buried the items
 *   after them
 */
GMenuModel *
tcgui_presets_build_menu_full (const char *action,
                               const char *netem_action,
                               const char *netem_missing)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) rates = g_menu_new ();
  guint next;

  for (guint i = 0; i < G_N_ELEMENTS (presets); i = next)
    {
      gboolean netem;
      g_autoptr(GMenu) items = group_items (i, action, netem_action, &netem, &next);

      if (!netem)
        g_menu_append_section (rates, _(presets[i].group), G_MENU_MODEL (items));
      else
        g_menu_append_submenu (menu, _(presets[i].group), G_MENU_MODEL (items));
    }
  g_menu_prepend_submenu (menu, _("Rates Only"), G_MENU_MODEL (rates));
  if (netem_missing != NULL)
    insert_netem_missing (menu, netem_missing);
  return G_MENU_MODEL (menu);
}

/**
 * tcgui_presets_build_menu:
 *
 * Returns: (transfer full): tcgui_presets_build_menu_full() with one
 *   action for all presets
 */
GMenuModel *
tcgui_presets_build_menu (const char *action)
{
  return tcgui_presets_build_menu_full (action, action, NULL);
}
