/* tcgui-inventory.h - the live picture of containers, networks and namespaces
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

#define TCGUI_TYPE_INVENTORY (tcgui_inventory_get_type ())

G_DECLARE_FINAL_TYPE (TcguiInventory, tcgui_inventory, TCGUI, INVENTORY, GObject)

TcguiInventory *tcgui_inventory_new            (const char      *config_path);
void            tcgui_inventory_start          (TcguiInventory  *self);
gboolean        tcgui_inventory_wait_ready     (TcguiInventory  *self,
                                                gint64           timeout_usec);
gboolean        tcgui_inventory_wait_user_ready (TcguiInventory *self,
                                                guint32          uid,
                                                gint64           timeout_usec);
GVariant       *tcgui_inventory_dup_items      (TcguiInventory  *self,
                                                guint32          uid,
                                                guint64         *generation);
void            tcgui_inventory_add_user       (TcguiInventory  *self,
                                                guint32          uid);
gboolean        tcgui_inventory_item_visible   (GVariant        *item,
                                                guint32          uid);
void            tcgui_inventory_rescan         (TcguiInventory  *self);

G_END_DECLS
