/* tcgui-sidebar.h - the list of namespaces, grouped, with a search bar
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tcgui-rules.h"

#include "tcgui-counters-client.h"
#include "tcgui-namespace.h"
#include "tcgui-shaped-model.h"

G_BEGIN_DECLS

#define TCGUI_TYPE_SIDEBAR (tcgui_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (TcguiSidebar, tcgui_sidebar, TCGUI, SIDEBAR, AdwBin)

void            tcgui_sidebar_set_namespaces    (TcguiSidebar *self,
                                                 GListModel   *namespaces);
TcguiNamespace *tcgui_sidebar_get_selected      (TcguiSidebar *self);
gboolean        tcgui_sidebar_select_id         (TcguiSidebar *self,
                                                 const char   *namespace_id);
gboolean        tcgui_sidebar_get_search_mode   (TcguiSidebar *self);
void            tcgui_sidebar_set_search_mode   (TcguiSidebar *self,
                                                 gboolean      search_mode);
void            tcgui_sidebar_set_quiet_reselect (TcguiSidebar *self,
                                                  gboolean      quiet);
void            tcgui_sidebar_set_runtime_status (TcguiSidebar *self,
                                                  const char   *icon_name,
                                                  const char   *title,
                                                  const char   *description);
void            tcgui_sidebar_set_key_capture_widget (TcguiSidebar *self,
                                                      GtkWidget    *widget);

void            tcgui_sidebar_set_counters      (TcguiSidebar        *self,
                                                 TcguiCountersClient *counters,
                                                 TcguiHelperClient   *client);
void            tcgui_sidebar_set_shaped_model   (TcguiSidebar     *self,
                                                  TcguiShapedModel *shaped);

void           tcgui_sidebar_set_rules          (TcguiSidebar     *self,
                                                 TcguiRules       *rules);

G_END_DECLS
