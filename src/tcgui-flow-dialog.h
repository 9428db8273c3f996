/* tcgui-flow-dialog.h - "Only for Traffic to…": pick what a new flow matches
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tcgui-direction.h"
#include "tcgui-flow-item.h"
#include "tcgui-inventory.h"

G_BEGIN_DECLS

#define TCGUI_TYPE_FLOW_DIALOG (tcgui_flow_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TcguiFlowDialog, tcgui_flow_dialog, TCGUI, FLOW_DIALOG, AdwWindow)

GtkWidget *tcgui_flow_dialog_new          (GtkWindow      *parent,
                                           TcguiDirection  direction,
                                           TcguiInventory *inventory,
                                           const char     *namespace_id);
char      *tcgui_flow_target_title        (TcguiInventory *inventory,
                                           const TcguiFlowItem *item);

G_END_DECLS
