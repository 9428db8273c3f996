/* tcgui-words.c - labels that wrap between words only
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libadwaita 1.2 wraps its row titles, subtitles and group descriptions
 * with PANGO_WRAP_WORD_CHAR: such a label may be as narrow as one letter,
 * so a narrow window got titles broken one character a line. With
 * PANGO_WRAP_WORD a label is never narrower than its widest word, and the
 * window's minimum width says so.
 */

#define G_LOG_DOMAIN "tcgui-words"

#include "config.h"

#include "tcgui-words.h"

/**
 * tcgui_words_only:
 * @root: a widget
 *
 * Every wrapping label in @root (and @root itself) splits lines between
 * words only from now on. Call it again for rows added later.
 */
void
tcgui_words_only (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_LABEL (root) && gtk_label_get_wrap (GTK_LABEL (root)))
    gtk_label_set_wrap_mode (GTK_LABEL (root), PANGO_WRAP_WORD);
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    tcgui_words_only (child);
}
