/* tcgui-namespace-row.c - a row of the sidebar: one namespace
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-namespace-row"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-namespace-row.h"

struct _TcguiNamespaceRow
{
  GtkListBoxRow   parent_instance;

  TcguiNamespace *ns;

  GtkImage       *icon;
  GtkLabel       *label;
  GtkLabel       *detail;
  GtkLabel       *shaped_label;
  GtkLabel       *ruled_label;

  TcguiShapedModel *shaped;
  TcguiRules       *rules;
};

G_DEFINE_FINAL_TYPE (TcguiNamespaceRow, tcgui_namespace_row, GTK_TYPE_LIST_BOX_ROW)

static void
tcgui_namespace_row_dispose (GObject *object)
{
  TcguiNamespaceRow *self = (TcguiNamespaceRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), TCGUI_TYPE_NAMESPACE_ROW);
  g_clear_object (&self->ns);
  g_clear_object (&self->shaped);
  g_clear_object (&self->rules);

  G_OBJECT_CLASS (tcgui_namespace_row_parent_class)->dispose (object);
}

static void
tcgui_namespace_row_class_init (TcguiNamespaceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tcgui_namespace_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tcgui/TcGui/tcgui-namespace-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TcguiNamespaceRow, icon);
  gtk_widget_class_bind_template_child (widget_class, TcguiNamespaceRow, label);
  gtk_widget_class_bind_template_child (widget_class, TcguiNamespaceRow, detail);
  gtk_widget_class_bind_template_child (widget_class, TcguiNamespaceRow, shaped_label);
  gtk_widget_class_bind_template_child (widget_class, TcguiNamespaceRow, ruled_label);
}

static void
tcgui_namespace_row_init (TcguiNamespaceRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tcgui_namespace_row_new (TcguiNamespace *ns)
{
  TcguiNamespaceRow *self;

  g_return_val_if_fail (TCGUI_IS_NAMESPACE (ns), NULL);

  self = g_object_new (TCGUI_TYPE_NAMESPACE_ROW, NULL);
  self->ns = g_object_ref (ns);
  gtk_image_set_from_icon_name (self->icon, tcgui_namespace_get_icon_name (ns));
  gtk_label_set_label (self->label, tcgui_namespace_get_name (ns));
  /* A stopped container says so ("exited"), next to its name. */
  if (tcgui_namespace_get_detail (ns) != NULL)
    {
      gtk_label_set_label (self->detail, tcgui_namespace_get_detail (ns));
      gtk_widget_set_visible (GTK_WIDGET (self->detail), TRUE);
    }
  if (tcgui_namespace_get_container (ns) != NULL)
    {
      TcguiContainer *container = tcgui_namespace_get_container (ns);
      g_autofree char *tooltip = g_strdup_printf ("%s\n%s", tcgui_container_get_image (container),
                                                  tcgui_namespace_get_id (ns));

      gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
    }
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self), tcgui_namespace_get_id (ns));

  return GTK_WIDGET (self);
}

TcguiNamespace *
tcgui_namespace_row_get_namespace (TcguiNamespaceRow *self)
{
  g_return_val_if_fail (TCGUI_IS_NAMESPACE_ROW (self), NULL);
  return self->ns;
}

static void
update_shaped (TcguiNamespaceRow *self)
{
  guint n = tcgui_shaped_model_count_in (self->shaped, tcgui_namespace_get_id (self->ns));
  g_autofree char *tooltip = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->shaped_label), n > 0);
  tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "TC GUI shapes %u interface here",
                                          "TC GUI shapes %u interfaces here", n), n);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->shaped_label), tooltip);
}

/**
 * tcgui_namespace_row_follow_shaped:
 *
 * Shows a "Shaped" badge while @shaped lists an interface of the row's
 * namespace.
 */
void
tcgui_namespace_row_follow_shaped (TcguiNamespaceRow *self,
                                   TcguiShapedModel  *shaped)
{
  g_return_if_fail (TCGUI_IS_NAMESPACE_ROW (self));
  g_return_if_fail (TCGUI_IS_SHAPED_MODEL (shaped));

  g_set_object (&self->shaped, shaped);
  g_signal_connect_object (tcgui_shaped_model_get_items (shaped), "items-changed",
                           G_CALLBACK (update_shaped), self, G_CONNECT_SWAPPED);
  update_shaped (self);
}

/* The profiles the helper says hold on the row's container (its status,
 * never matched again here). */
static void
update_ruled (TcguiNamespaceRow *self)
{
  TcguiContainer *container = tcgui_namespace_get_container (self->ns);
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *tooltip = NULL;

  if (container == NULL)
    return;
  rules = tcgui_rules_dup_for_target (self->rules, tcgui_container_get_key (container), NULL, NULL);
  for (guint i = 0; i < rules->len; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "",
                            tcgui_rule_item_get_name (g_ptr_array_index (rules, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->ruled_label), rules->len > 0);
  /* Translators: the names of the helper's profiles that hold on a container */
  tooltip = g_strdup_printf (_("Kept by the profiles: %s"), names->str);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->ruled_label), tooltip);
}

/**
 * tcgui_namespace_row_follow_rules:
 *
 * Shows a "Profile" badge on a container's row while one of the helper's
 * rules holds on it.
 */
void
tcgui_namespace_row_follow_rules (TcguiNamespaceRow *self,
                                  TcguiRules        *rules)
{
  g_return_if_fail (TCGUI_IS_NAMESPACE_ROW (self));
  g_return_if_fail (TCGUI_IS_RULES (rules));

  if (self->rules != NULL)
    g_signal_handlers_disconnect_by_data (self->rules, self);
  g_set_object (&self->rules, rules);
  g_signal_connect_object (rules, "items-changed", G_CALLBACK (update_ruled), self,
                           G_CONNECT_SWAPPED);
  update_ruled (self);
}
