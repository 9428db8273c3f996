/* tcgui-flow-resolve.h - a flow's "peer" and "network" as addresses
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "tcgui-flow-rules.h"
#include "tcgui-params.h"

G_BEGIN_DECLS

/* A peer on many networks: at most this many addresses per flow. */
#define TCGUI_FLOW_MAX_PREFIXES 32

gboolean tcgui_flows_need_inventory (GPtrArray   *flows);
gboolean tcgui_flows_resolve        (GVariant    *items,
                                     const char  *ns_id,
                                     GPtrArray   *flows,
                                     GPtrArray  **resolved,
                                     GError     **error);

G_END_DECLS
