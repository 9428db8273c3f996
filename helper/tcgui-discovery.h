/* tcgui-discovery.h - the helper's live picture of containers, networks and namespaces
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The schema of the items (docs/inventory.md); bump on incompatible change. */
#define TCGUI_INVENTORY_VERSION 1

/* No GetInventory reply or InventoryChanged signal is larger: the system
 * bus refuses messages over 32 MiB (its max_message_size) by closing the
 * sender's connection. What one runtime may contribute is bounded far
 * below this (docs/security.md); this is the last guard. */
#define TCGUI_INVENTORY_MAX_MESSAGE_BYTES (16u << 20)

/* The root-owned file that may move the runtimes' sockets. */
#define TCGUI_INVENTORY_CONFIG "/etc/tcgui/runtimes.conf"

#define TCGUI_TYPE_DISCOVERY (tcgui_discovery_get_type ())

G_DECLARE_FINAL_TYPE (TcguiDiscovery, tcgui_discovery, TCGUI, DISCOVERY, GObject)

TcguiDiscovery *tcgui_discovery_new            (const char      *config_path);
void            tcgui_discovery_start          (TcguiDiscovery  *self);
gboolean        tcgui_discovery_wait_ready     (TcguiDiscovery  *self,
                                                gint64           timeout_usec);
gboolean        tcgui_discovery_wait_user_ready (TcguiDiscovery *self,
                                                guint32          uid,
                                                gint64           timeout_usec);
GVariant       *tcgui_discovery_dup_items      (TcguiDiscovery  *self,
                                                guint32          uid,
                                                guint64         *generation);
GVariant       *tcgui_discovery_dup_all_items  (TcguiDiscovery  *self,
                                                guint64         *generation);
void            tcgui_discovery_add_user       (TcguiDiscovery  *self,
                                                guint32          uid);
gboolean        tcgui_discovery_item_visible   (GVariant        *item,
                                                guint32          uid);
void            tcgui_discovery_rescan         (TcguiDiscovery  *self);

G_END_DECLS
