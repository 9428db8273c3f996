/* tcgui-confirm.h - asks before an action that cannot be undone
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void tcgui_confirm (GtkWidget  *within,
                    const char *heading,
                    const char *body,
                    const char *verb,
                    GtkWidget  *target,
                    const char *action_name);

G_END_DECLS
