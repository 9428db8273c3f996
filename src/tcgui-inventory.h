/* tcgui-inventory.h - the helper's container inventory, kept live
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tcgui-config.h"
#include "tcgui-container.h"
#include "tcgui-helper-client.h"

G_BEGIN_DECLS

/**
 * TcguiRuntimeStatus:
 * @TCGUI_RUNTIME_STATUS_OK: containers to show
 * @TCGUI_RUNTIME_STATUS_LOADING: GetInventory has not answered yet
 * @TCGUI_RUNTIME_STATUS_ALL_DISABLED: the user turned every runtime off
 * @TCGUI_RUNTIME_STATUS_NOT_FOUND: no enabled runtime has its socket
 * @TCGUI_RUNTIME_STATUS_NOT_ACCESSIBLE: a socket is there, but the helper
 *   cannot talk to the daemon behind it
 * @TCGUI_RUNTIME_STATUS_NO_CONTAINERS: runtimes answer, nothing to show
 * @TCGUI_RUNTIME_STATUS_ERROR: GetInventory failed
 */
typedef enum
{
  TCGUI_RUNTIME_STATUS_OK,
  TCGUI_RUNTIME_STATUS_LOADING,
  TCGUI_RUNTIME_STATUS_ALL_DISABLED,
  TCGUI_RUNTIME_STATUS_NOT_FOUND,
  TCGUI_RUNTIME_STATUS_NOT_ACCESSIBLE,
  TCGUI_RUNTIME_STATUS_NO_CONTAINERS,
  TCGUI_RUNTIME_STATUS_ERROR,
} TcguiRuntimeStatus;

#define TCGUI_TYPE_INVENTORY (tcgui_inventory_get_type ())

G_DECLARE_FINAL_TYPE (TcguiInventory, tcgui_inventory, TCGUI, INVENTORY, GObject)

TcguiInventory    *tcgui_inventory_new              (TcguiHelperClient *client);
void               tcgui_inventory_reload           (TcguiInventory    *self);
gboolean           tcgui_inventory_get_loaded       (TcguiInventory    *self);
guint64            tcgui_inventory_get_generation   (TcguiInventory    *self);
TcguiContainer    *tcgui_inventory_lookup_container (TcguiInventory    *self,
                                                     const char        *key);
GPtrArray         *tcgui_inventory_dup_containers   (TcguiInventory    *self);
GPtrArray         *tcgui_inventory_dup_named_namespaces (TcguiInventory *self);
TcguiNetwork      *tcgui_inventory_lookup_network   (TcguiInventory    *self,
                                                     const char        *key);
GPtrArray         *tcgui_inventory_build_rows       (TcguiInventory    *self,
                                                     TcguiConfig       *config,
                                                     const char        *keep_key);
TcguiRuntimeStatus tcgui_inventory_get_status       (TcguiInventory    *self,
                                                     TcguiConfig       *config,
                                                     char             **detail);

G_END_DECLS
