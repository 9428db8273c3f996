/* tcgui-shaped-model.h - what TC GUI shapes now, read back from the kernel
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tcgui-helper-client.h"

G_BEGIN_DECLS

#define TCGUI_TYPE_SHAPED_ITEM (tcgui_shaped_item_get_type ())

G_DECLARE_FINAL_TYPE (TcguiShapedItem, tcgui_shaped_item, TCGUI, SHAPED_ITEM, GObject)

const char *tcgui_shaped_item_get_namespace_id   (TcguiShapedItem *self);
const char *tcgui_shaped_item_get_namespace_name (TcguiShapedItem *self);
const char *tcgui_shaped_item_get_ifname         (TcguiShapedItem *self);
char       *tcgui_shaped_item_dup_summary        (TcguiShapedItem *self);

#define TCGUI_TYPE_SHAPED_MODEL (tcgui_shaped_model_get_type ())

G_DECLARE_FINAL_TYPE (TcguiShapedModel, tcgui_shaped_model, TCGUI, SHAPED_MODEL, GObject)

TcguiShapedModel *tcgui_shaped_model_new            (TcguiHelperClient *client);
void              tcgui_shaped_model_set_namespaces (TcguiShapedModel  *self,
                                                     GListModel        *namespaces);
void              tcgui_shaped_model_refresh        (TcguiShapedModel  *self);
gboolean          tcgui_shaped_model_get_scanning   (TcguiShapedModel  *self);
GListModel       *tcgui_shaped_model_get_items      (TcguiShapedModel  *self);
TcguiShapedItem  *tcgui_shaped_model_lookup         (TcguiShapedModel  *self,
                                                     const char        *namespace_id,
                                                     const char        *ifname);
guint             tcgui_shaped_model_count_in       (TcguiShapedModel  *self,
                                                     const char        *namespace_id);
TcguiHelperClient *tcgui_shaped_model_get_client    (TcguiShapedModel  *self);

G_END_DECLS
