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

/* Freenet and comcast give netem parameters of one interface's egress: a
 * one-way added delay, applied to outgoing traffic only. WebPageTest gives
 * round-trip times and down/up rates: half the RTT goes to each direction. */
static const TcguiPreset presets[] = {
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
               guint        rate_kbps,
               guint        delay_us,
               guint        jitter_us,
               double       loss,
               double       loss_correlation)
{
  tcgui_params_init (params);
  params->rate_bps = (guint64) rate_kbps * 1000;
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

  if (!preset->latency_is_rtt)
    {
      set_direction (outgoing, preset->up_kbps, delay_us, jitter_us,
                     preset->loss, preset->loss_correlation);
      set_direction (incoming, preset->down_kbps, 0, 0, 0, 0);
      return;
    }

  set_direction (outgoing, preset->up_kbps, delay_us / 2, jitter_us / 2,
                 preset->loss, preset->loss_correlation);
  set_direction (incoming, preset->down_kbps, delay_us / 2, jitter_us / 2,
                 preset->loss, preset->loss_correlation);
}

/**
 * tcgui_presets_build_menu:
 * @action: a detailed action's name taking the preset's id, e.g.
 *   "shaping.preset"
 *
 * Returns: (transfer full): one submenu per source, in the order of the
 *   table (the editor's and the links page's Presets menus): 21 items in
 *   one list overflowed a window and buried the items after them
 */
GMenuModel *
tcgui_presets_build_menu (const char *action)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) section = NULL;
  const char *group = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    {
      g_autofree char *detailed = NULL;

      if (g_strcmp0 (group, presets[i].group) != 0)
        {
          if (section != NULL)
            g_menu_append_submenu (menu, _(group), G_MENU_MODEL (section));
          g_clear_object (&section);
          section = g_menu_new ();
          group = presets[i].group;
        }
      detailed = g_strdup_printf ("%s::%s", action, presets[i].id);
      g_menu_append (section, _(presets[i].name), detailed);
    }
  if (section != NULL)
    g_menu_append_submenu (menu, _(group), G_MENU_MODEL (section));
  return G_MENU_MODEL (menu);
}
