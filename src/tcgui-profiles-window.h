/* tcgui-profiles-window.h - the helper's rules: list, edit, import, export
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tcgui-inventory.h"
#include "tcgui-rules.h"

G_BEGIN_DECLS

#define TCGUI_TYPE_PROFILES_WINDOW (tcgui_profiles_window_get_type ())

G_DECLARE_FINAL_TYPE (TcguiProfilesWindow, tcgui_profiles_window, TCGUI, PROFILES_WINDOW,
                      AdwPreferencesWindow)

GtkWidget *tcgui_profiles_window_new (GtkWindow      *parent,
                                      TcguiRules     *rules,
                                      TcguiInventory *inventory);

G_END_DECLS
