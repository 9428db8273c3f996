/* tcgui-presets-menu.h - a presets menu on a menu button, with the reason
 * its netem presets are off
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void tcgui_presets_menu_set (GtkMenuButton *button,
                             GMenuModel    *menu,
                             gboolean       netem_available);

G_END_DECLS
