/* tcgui-flow-group.h - one flow of a direction on the interface page
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tcgui-direction.h"
#include "tcgui-flow-item.h"

G_BEGIN_DECLS

#define TCGUI_TYPE_FLOW_GROUP (tcgui_flow_group_get_type ())

G_DECLARE_FINAL_TYPE (TcguiFlowGroup, tcgui_flow_group, TCGUI, FLOW_GROUP, GtkBox)

GtkWidget     *tcgui_flow_group_new                 (TcguiDirection       direction,
                                                     const TcguiFlowItem *item,
                                                     const char          *target_title);
TcguiFlowItem *tcgui_flow_group_dup_item            (TcguiFlowGroup      *self);
const TcguiFlowItem *tcgui_flow_group_peek_item     (TcguiFlowGroup      *self);
void           tcgui_flow_group_show_item           (TcguiFlowGroup      *self,
                                                     const TcguiFlowItem *item);
void           tcgui_flow_group_set_position        (TcguiFlowGroup      *self,
                                                     guint                index,
                                                     guint                n_flows);
void           tcgui_flow_group_set_netem_available (TcguiFlowGroup      *self,
                                                     gboolean             available);

G_END_DECLS
