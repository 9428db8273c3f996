/* tcgui-link-graphs.h - live graphs in the links page and the sidebar
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void tcgui_link_graphs_add_sparkline     (AdwActionRow        *row,
                                          const char          *namespace_id,
                                          const char          *ifname);
void tcgui_link_graphs_add_ns_sparkline  (GtkListBoxRow       *row,
                                          const char          *namespace_id);
void tcgui_link_graphs_show              (AdwPreferencesGroup *links_group,
                                          const char          *namespace_id,
                                          GListModel          *links);

G_END_DECLS
