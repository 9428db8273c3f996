/* tcgui-presets.h - built-in network-condition presets
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tcgui-params.h"

G_BEGIN_DECLS

/* The custom item of a presets menu that says why netem presets are off. */
#define TCGUI_PRESETS_NETEM_MISSING_ID "netem-missing"

/**
 * TcguiPreset:
 * @id: stable identifier, e.g. "wpt-3g" (the action target)
 * @name: the name shown in the menu (translatable)
 * @group: the menu section: where the numbers come from
 * @source: the published source of the numbers
 * @latency_is_rtt: %TRUE when the source gives a round-trip time, which
 *   is split in half over both directions
 * @bits_per_kbit: the source's kbit: 1024 (Firefox) or, when 0, 1000
 *
 * One preset: the numbers as the source publishes them. Rates are kbit/s,
 * times ms, loss %; 0 means "not set". A preset with neither latency nor
 * loss is rates only: a token bucket, which needs no sch_netem.
 */
typedef struct
{
  const char *id;
  const char *name;
  const char *group;
  const char *source;
  gboolean    latency_is_rtt;
  guint       down_kbps;
  guint       up_kbps;
  guint       latency_ms;
  guint       jitter_ms;
  double      loss;
  double      loss_correlation;
  guint       bits_per_kbit;
} TcguiPreset;

const TcguiPreset *tcgui_presets_get_all  (guint             *n_presets);
const TcguiPreset *tcgui_presets_find     (const char        *id);
void               tcgui_preset_to_params (const TcguiPreset *preset,
                                           TcguiParams       *outgoing,
                                           TcguiParams       *incoming);
gboolean           tcgui_preset_needs_netem (const TcguiPreset *preset);
const char        *tcgui_presets_netem_missing_reason (void);
GMenuModel        *tcgui_presets_build_menu (const char      *action);
GMenuModel        *tcgui_presets_build_menu_full (const char *action,
                                                 const char *netem_action,
                                                 const char *netem_missing);

G_END_DECLS
