/* tcgui-window.h - the main window: sidebar of namespaces, links page
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tcgui-application.h"

G_BEGIN_DECLS

#define TCGUI_TYPE_WINDOW (tcgui_window_get_type ())

G_DECLARE_FINAL_TYPE (TcguiWindow, tcgui_window, TCGUI, WINDOW, AdwApplicationWindow)

TcguiWindow *tcgui_window_new              (TcguiApplication *application);
void         tcgui_window_reload           (TcguiWindow      *self);

void         tcgui_window_shaping_changed  (TcguiWindow      *self,
                                            const char       *message);

G_END_DECLS
