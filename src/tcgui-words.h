/* tcgui-words.h - labels that wrap between words only
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void tcgui_words_only (GtkWidget *root);

G_END_DECLS
