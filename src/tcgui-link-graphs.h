/* tcgui-link-graphs.h - live graphs in the links page and the sidebar
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tcgui-counters-client.h"

G_BEGIN_DECLS

GtkWidget           *tcgui_link_graphs_new_graph         (TcguiCountersClient *counters,
                                                          const char          *namespace_id,
                                                          const char          *ifname,
                                                          gboolean             compact);
GtkWidget           *tcgui_link_graphs_new_total_graph   (TcguiCountersClient *counters,
                                                          TcguiHelperClient   *client,
                                                          const char          *namespace_id,
                                                          gboolean             compact);
void                 tcgui_link_graphs_add_sparkline     (TcguiCountersClient *counters,
                                                          AdwActionRow        *row,
                                                          const char          *namespace_id,
                                                          const char          *ifname);
void                 tcgui_link_graphs_add_ns_sparkline  (TcguiCountersClient *counters,
                                                          TcguiHelperClient   *client,
                                                          GtkListBoxRow       *row,
                                                          const char          *namespace_id);
AdwPreferencesGroup *tcgui_link_graphs_show              (TcguiCountersClient *counters,
                                                          AdwPreferencesGroup *links_group,
                                                          AdwPreferencesGroup *old_group,
                                                          const char          *namespace_id,
                                                          GListModel          *links);

G_END_DECLS
