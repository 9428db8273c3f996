/* tcgui-toast.h - the answer to what the user just did, as a toast
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void tcgui_toast_show (GtkWidget  *within,
                       const char *message,
                       guint       timeout);

G_END_DECLS
