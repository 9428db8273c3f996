/* tcgui-flow-follow.h - flows that name a peer follow its addresses
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

/* Directions with peer flows the helper keeps in memory. */
#define TCGUI_FLOW_FOLLOW_MAX 1024
/* … and of those, per uid: one user cannot stop following for others. */
#define TCGUI_FLOW_FOLLOW_MAX_PER_UID 256

void tcgui_flow_follow_remember (const char         *ns_id,
                                 const char         *ifname,
                                 TcguiDirection      direction,
                                 const TcguiParams  *params,
                                 GPtrArray          *flows,
                                 GPtrArray          *resolved,
                                 guint32             uid);
void tcgui_flow_follow_forget   (const char         *ns_id,
                                 const char         *ifname,
                                 TcguiDirection      direction);
void tcgui_flow_follow_forget_all (void);
void tcgui_flow_follow_invalidate (const char         *ns_id,
                                   const char         *ifname,
                                   TcguiDirection      direction);
GVariant *tcgui_flow_follow_refine (const char *ns_id,
                                    const char *ifname,
                                    GVariant   *state);
/* @dup_items: the inventory as a uid sees it */
typedef GVariant *(*TcguiFlowFollowItemsFunc) (guint32 uid, gpointer data);
void tcgui_flow_follow_inventory_changed (TcguiFlowFollowItemsFunc dup_items,
                                          gpointer                 data);

G_END_DECLS
