/* tcgui-status-view.h - what the window shows when it cannot show namespaces
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tcgui-helper-client.h"

G_BEGIN_DECLS

#define TCGUI_TYPE_STATUS_VIEW (tcgui_status_view_get_type ())

G_DECLARE_FINAL_TYPE (TcguiStatusView, tcgui_status_view, TCGUI, STATUS_VIEW, AdwBin)

void        tcgui_status_view_set_state   (TcguiStatusView  *self,
                                           TcguiHelperState  state,
                                           const char       *message);
void        tcgui_status_view_set_loading (TcguiStatusView  *self);
void        tcgui_status_view_set_error   (TcguiStatusView  *self,
                                           const char       *title,
                                           const char       *message);
const char *tcgui_status_view_get_title   (TcguiStatusView  *self);
gboolean    tcgui_status_view_describe_state (TcguiHelperState   state,
                                              gboolean           in_flatpak,
                                              const char       **title,
                                              const char       **description);

G_END_DECLS
