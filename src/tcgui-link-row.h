/* tcgui-link-row.h - a row of the links page: one network interface
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tcgui-link.h"
#include "tcgui-shaped-model.h"

G_BEGIN_DECLS

#define TCGUI_TYPE_LINK_ROW (tcgui_link_row_get_type ())

G_DECLARE_FINAL_TYPE (TcguiLinkRow, tcgui_link_row, TCGUI, LINK_ROW, AdwActionRow)

GtkWidget *tcgui_link_row_new      (TcguiLink    *link);
TcguiLink *tcgui_link_row_get_link (TcguiLinkRow *self);

void       tcgui_link_row_follow_shaped (TcguiLinkRow     *self,
                                         TcguiShapedModel *shaped,
                                         const char       *namespace_id);

G_END_DECLS
