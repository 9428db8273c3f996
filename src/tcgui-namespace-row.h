/* tcgui-namespace-row.h - a row of the sidebar: one namespace
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "tcgui-namespace.h"
#include "tcgui-rules.h"
#include "tcgui-shaped-model.h"

G_BEGIN_DECLS

#define TCGUI_TYPE_NAMESPACE_ROW (tcgui_namespace_row_get_type ())

G_DECLARE_FINAL_TYPE (TcguiNamespaceRow, tcgui_namespace_row, TCGUI, NAMESPACE_ROW, GtkListBoxRow)

GtkWidget      *tcgui_namespace_row_new           (TcguiNamespace    *ns);
TcguiNamespace *tcgui_namespace_row_get_namespace (TcguiNamespaceRow *self);

void            tcgui_namespace_row_follow_shaped (TcguiNamespaceRow *self,
                                                   TcguiShapedModel  *shaped);

void               tcgui_namespace_row_follow_rules (TcguiNamespaceRow *self,
                                                     TcguiRules        *rules);

G_END_DECLS
