/* tcgui-shaped-view.h - "Shaped Now": every interface TC GUI shapes
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tcgui-shaped-model.h"

G_BEGIN_DECLS

#define TCGUI_TYPE_SHAPED_VIEW (tcgui_shaped_view_get_type ())

G_DECLARE_FINAL_TYPE (TcguiShapedView, tcgui_shaped_view, TCGUI, SHAPED_VIEW, AdwBin)

GtkWidget *tcgui_shaped_view_new     (TcguiShapedModel *model);
GtkWindow *tcgui_shaped_view_present (GtkWindow        *parent,
                                      TcguiShapedModel *model);

G_END_DECLS
