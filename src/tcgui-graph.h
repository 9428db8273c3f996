/* tcgui-graph.h - a live bandwidth graph: receive and transmit over time
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "tcgui-rate.h"

G_BEGIN_DECLS

#define TCGUI_TYPE_GRAPH (tcgui_graph_get_type ())

G_DECLARE_FINAL_TYPE (TcguiGraph, tcgui_graph, TCGUI, GRAPH, GtkWidget)

GtkWidget *tcgui_graph_new             (TcguiRate  *rate,
                                        gboolean    compact);
TcguiRate *tcgui_graph_get_rate        (TcguiGraph *self);
void       tcgui_graph_set_rate        (TcguiGraph *self,
                                        TcguiRate  *rate);
gboolean   tcgui_graph_get_compact     (TcguiGraph *self);
void       tcgui_graph_set_compact     (TcguiGraph *self,
                                        gboolean    compact);
guint      tcgui_graph_get_window      (TcguiGraph *self);
void       tcgui_graph_set_window      (TcguiGraph *self,
                                        guint       seconds);
void       tcgui_graph_data_changed    (TcguiGraph *self);
guint      tcgui_graph_get_n_draws     (TcguiGraph *self);
char      *tcgui_graph_dup_readout     (TcguiGraph *self,
                                        double      x);

G_END_DECLS
