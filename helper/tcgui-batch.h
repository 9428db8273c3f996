/* tcgui-batch.h - many shaping changes at once, each namespace entered once
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "tcgui-direction.h"
#include "tcgui-params.h"

G_BEGIN_DECLS

/* The most items one batch may hold (SetShapingBatch). */
#define TCGUI_BATCH_MAX_ITEMS 1024

/* One change of a batch: SetShaping's arguments, parsed. */
typedef struct
{
  char           *ns_id;
  char           *ifname;
  TcguiDirection  direction;   /* BOTH only with empty @params (a clear) */
  TcguiParams     params;
  GPtrArray      *flows;       /* of TcguiFlow, as SetShaping's "flows"; NULL or empty: none */
  GPtrArray      *resolved;    /* their "peer"/"network" addresses; NULL: none named */
  guint           flags;
  GError         *error;       /* set: refused before, or failed */
} TcguiBatchItem;

void     tcgui_batch_item_clear    (TcguiBatchItem *item);
gboolean tcgui_batch_item_is_clear (const TcguiBatchItem *item);
void     tcgui_batch_apply         (TcguiBatchItem *items,
                                    guint           n_items);

G_END_DECLS
