/* tcgui-link-row.c - a row of the links page: one network interface
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-link-row"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-link-row.h"

struct _TcguiLinkRow
{
  AdwActionRow  parent_instance;

  TcguiLink    *link;

  GtkImage     *icon;
  GtkLabel     *state_label;
  GtkLabel     *qdisc_label;
  GtkLabel     *shaped_label;

  TcguiShapedModel *shaped;
  char         *namespace_id;
};

G_DEFINE_FINAL_TYPE (TcguiLinkRow, tcgui_link_row, ADW_TYPE_ACTION_ROW)

static void
tcgui_link_row_dispose (GObject *object)
{
  TcguiLinkRow *self = (TcguiLinkRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), TCGUI_TYPE_LINK_ROW);
  g_clear_object (&self->link);
  g_clear_object (&self->shaped);
  g_clear_pointer (&self->namespace_id, g_free);

  G_OBJECT_CLASS (tcgui_link_row_parent_class)->dispose (object);
}

static void
tcgui_link_row_class_init (TcguiLinkRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tcgui_link_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tcgui/TcGui/tcgui-link-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TcguiLinkRow, icon);
  gtk_widget_class_bind_template_child (widget_class, TcguiLinkRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, TcguiLinkRow, qdisc_label);
  gtk_widget_class_bind_template_child (widget_class, TcguiLinkRow, shaped_label);
}

/* AdwActionRow (libadwaita 1.2) wraps its title and subtitle anywhere,
 * down to one character per line in a narrow window; at word boundaries
 * only, a label asks for its widest word and the row gets that room. */
static void
wrap_words (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_label_get_wrap (GTK_LABEL (widget)))
    gtk_label_set_wrap_mode (GTK_LABEL (widget), PANGO_WRAP_WORD);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    wrap_words (child);
}

static void
tcgui_link_row_init (TcguiLinkRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  wrap_words (GTK_WIDGET (self));
}

/* The pill's colour says up (green) or down (red); anything else, such as
 * "unknown" for loopback and tunnels, stays neutral. */
static void
update_state_label (TcguiLinkRow *self)
{
  const char *operstate = tcgui_link_get_operstate (self->link);
  g_autofree char *tooltip = NULL;

  gtk_label_set_label (self->state_label, operstate);
  if (g_strcmp0 (operstate, "up") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "success");
  else if (g_strcmp0 (operstate, "down") == 0 ||
           g_strcmp0 (operstate, "lowerlayerdown") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "error");

  /* Translators: %s is an operational state such as "up" or "down" */
  tooltip = g_strdup_printf (_("Operational state: %s"), operstate);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->state_label), tooltip);
}

static void
update_qdisc_label (TcguiLinkRow *self)
{
  const char *qdisc = tcgui_link_get_qdisc (self->link);
  g_autofree char *tooltip = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->qdisc_label), qdisc[0] != '\0');
  gtk_label_set_label (self->qdisc_label, qdisc);

  /* Translators: %s is a queueing discipline such as "noqueue" or "tbf" */
  tooltip = g_strdup_printf (_("Root queueing discipline: %s"), qdisc);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->qdisc_label), tooltip);
}

GtkWidget *
tcgui_link_row_new (TcguiLink *link)
{
  TcguiLinkRow *self;
  g_autofree char *description = NULL;

  g_return_val_if_fail (TCGUI_IS_LINK (link), NULL);

  self = g_object_new (TCGUI_TYPE_LINK_ROW, NULL);
  self->link = g_object_ref (link);
  description = tcgui_link_dup_description (link);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), tcgui_link_get_name (link));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), description);
  gtk_image_set_from_icon_name (self->icon, tcgui_link_get_icon_name (link));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->icon), tcgui_link_get_kind (link));
  update_state_label (self);
  update_qdisc_label (self);
  /* The badge follows the kernel (the page reads it again after changes). */
  g_signal_connect_object (link, "notify::qdisc", G_CALLBACK (update_qdisc_label), self,
                           G_CONNECT_SWAPPED);

  return GTK_WIDGET (self);
}

TcguiLink *
tcgui_link_row_get_link (TcguiLinkRow *self)
{
  g_return_val_if_fail (TCGUI_IS_LINK_ROW (self), NULL);
  return self->link;
}

static void
update_shaped (TcguiLinkRow *self)
{
  TcguiShapedItem *item = tcgui_shaped_model_lookup (self->shaped, self->namespace_id,
                                                     tcgui_link_get_name (self->link));
  g_autofree char *summary = item != NULL ? tcgui_shaped_item_dup_summary (item) : NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->shaped_label), item != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->shaped_label), summary);
}

/**
 * tcgui_link_row_follow_shaped:
 * @namespace_id: the namespace of the row's link
 *
 * Shows a "Shaped" badge (what the shaping does as its tooltip) while
 * @shaped lists the row's interface.
 */
void
tcgui_link_row_follow_shaped (TcguiLinkRow     *self,
                              TcguiShapedModel *shaped,
                              const char       *namespace_id)
{
  g_return_if_fail (TCGUI_IS_LINK_ROW (self));
  g_return_if_fail (TCGUI_IS_SHAPED_MODEL (shaped));

  g_set_object (&self->shaped, shaped);
  g_free (self->namespace_id);
  self->namespace_id = g_strdup (namespace_id);
  g_signal_connect_object (tcgui_shaped_model_get_items (shaped), "items-changed",
                           G_CALLBACK (update_shaped), self, G_CONNECT_SWAPPED);
  update_shaped (self);
}
