/* tcgui-shaping-editor.h - shape one interface: both directions, instantly
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tcgui-helper-client.h"
#include "tcgui-params.h"

G_BEGIN_DECLS

#define TCGUI_TYPE_SHAPING_EDITOR (tcgui_shaping_editor_get_type ())

G_DECLARE_FINAL_TYPE (TcguiShapingEditor, tcgui_shaping_editor, TCGUI, SHAPING_EDITOR, GtkBox)

GtkWidget  *tcgui_shaping_editor_new               (TcguiHelperClient  *client,
                                                    const char         *namespace_id,
                                                    const char         *ifname);
void        tcgui_shaping_editor_reload            (TcguiShapingEditor *self);
void        tcgui_shaping_editor_set_netem_available (TcguiShapingEditor *self,
                                                    gboolean            available);
void        tcgui_shaping_editor_set_flows_available (TcguiShapingEditor *self,
                                                    gboolean            available);
const char *tcgui_shaping_editor_get_ifname        (TcguiShapingEditor *self);
gboolean    tcgui_shaping_editor_get_busy          (TcguiShapingEditor *self);
void        tcgui_shaping_editor_get_params        (TcguiShapingEditor *self,
                                                    const char         *direction,
                                                    TcguiParams        *params);
void        tcgui_shaping_editor_show_params       (TcguiShapingEditor *self,
                                                    const char         *direction,
                                                    const TcguiParams  *params);

void        tcgui_shaping_editor_discard_changes   (TcguiShapingEditor *self);
void        tcgui_shaping_editor_set_gone          (TcguiShapingEditor *self,
                                                    const char         *message);

G_END_DECLS
