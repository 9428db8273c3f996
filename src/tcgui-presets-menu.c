/* tcgui-presets-menu.c - a presets menu on a menu button, with the reason
 * its netem presets are off
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the shaping editor's Presets and the links page's Presets for
 * All. tcgui-presets.c builds the GMenu and stays free of GTK (tcguictl
 * and the unit tests compile it alone).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-presets.h"
#include "tcgui-presets-menu.h"

/* GTK 4.8 popovers show no section titles: the reason is the custom item
 * that tcgui_presets_build_menu_full() left for it, a wrapped label. */
static void
add_reason (GtkMenuButton *button)
{
  GtkPopover *popover = gtk_menu_button_get_popover (button);
  GtkWidget *label = gtk_label_new (tcgui_presets_netem_missing_reason ());

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_popover_menu_add_child (GTK_POPOVER_MENU (popover), label,
                              TCGUI_PRESETS_NETEM_MISSING_ID);
}

/**
 * tcgui_presets_menu_set:
 * @menu: a menu holding tcgui_presets_build_menu_full()'s, built with the
 *   reason when @netem_available is %FALSE
 *
 * Puts @menu on @button and fills its reason item.
 */
void
tcgui_presets_menu_set (GtkMenuButton *button,
                        GMenuModel    *menu,
                        gboolean       netem_available)
{
  g_return_if_fail (GTK_IS_MENU_BUTTON (button));

  gtk_menu_button_set_menu_model (button, menu);
  if (!netem_available)
    add_reason (button);
}
