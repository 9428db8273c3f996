/* tcgui-flow-group.c - one flow of a direction on the interface page
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A flow is shown as an expander titled by what it matches. Inside: its
 * label, the "Partition (drop all)" switch, and the very rows of the
 * direction's default (a TcguiDirectionGroup of its own, so there is one
 * copy of the rows in the code), hidden while the flow drops everything.
 * Moving, removing and presets are actions (keyboard: Alt+Up, Alt+Down,
 * Delete on the remove button); the editor decides what they do. A flow
 * TC GUI did not make (foreign) is shown, never edited.
 */

#define G_LOG_DOMAIN "tcgui-flow-group"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-direction-group.h"
#include "tcgui-flow-group.h"
#include "tcgui-presets.h"
#include "tcgui-presets-menu.h"

struct _TcguiFlowGroup
{
  GtkBox               parent_instance;

  TcguiDirection       direction;
  TcguiFlowItem       *item;          /* the match; the rest is in the controls */
  char                *target_title;
  gboolean             updating;

  GtkExpander         *expander;
  GtkLabel            *title;
  AdwEntryRow         *label_row;
  GtkSwitch           *partition;
  GtkWidget           *foreign_note;
  TcguiDirectionGroup *shaping;
  GtkMenuButton       *presets_button;
};

G_DEFINE_FINAL_TYPE (TcguiFlowGroup, tcgui_flow_group, GTK_TYPE_BOX)

enum {
  CHANGED,
  REMOVE,
  MOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* "To web-1 · TCP 80 · “backups”" */
static void
update_title (TcguiFlowGroup *self)
{
  g_autofree char *ports = tcgui_flow_item_describe_ports (self->item);
  const char *label = gtk_editable_get_text (GTK_EDITABLE (self->label_row));
  g_autoptr(GString) text = g_string_new (NULL);

  /* Translators: the title of a flow; %s is a container, a network or an address */
  g_string_printf (text, _("To %s"), self->target_title);
  if (ports != NULL)
    g_string_append_printf (text, " · %s", ports);
  if (*label != '\0')
    g_string_append_printf (text, " · “%s”", label);
  if (gtk_switch_get_active (self->partition))
    g_string_append_printf (text, " · %s", _("partitioned"));
  gtk_label_set_label (self->title, text->str);
}

static void
changed_cb (TcguiFlowGroup *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->shaping), !gtk_switch_get_active (self->partition));
  update_title (self);
  if (!self->updating)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
label_changed_cb (TcguiFlowGroup *self)
{
  const char *label = gtk_editable_get_text (GTK_EDITABLE (self->label_row));

  /* The helper takes 64 bytes: the field says so instead of failing. */
  if (strlen (label) > TCGUI_FLOW_LABEL_MAX)
    gtk_widget_add_css_class (GTK_WIDGET (self->label_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->label_row), "error");
  update_title (self);
}

/* Actions ------------------------------------------------------------------ */

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[REMOVE], 0);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[MOVE], 0, g_str_equal (action_name, "flow.move-up") ? -1 : 1);
}

static void
preset_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TcguiFlowGroup *self = TCGUI_FLOW_GROUP (widget);
  const TcguiPreset *preset = tcgui_presets_find (g_variant_get_string (parameter, NULL));
  TcguiParams outgoing, incoming;

  g_return_if_fail (preset != NULL);

  /* The preset's side of this flow's direction: a link's two ends. */
  tcgui_preset_to_params (preset, &outgoing, &incoming);
  self->updating = TRUE;
  gtk_switch_set_active (self->partition, FALSE);
  self->updating = FALSE;
  tcgui_direction_group_show_params (self->shaping, self->direction == TCGUI_DIRECTION_OUTGOING
                                                    ? &outgoing : &incoming);
  changed_cb (self);
}

/* Building ------------------------------------------------------------------ */

static GtkWidget *
icon_button (const char *icon,
             const char *action,
             const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip, -1);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static GtkWidget *
build_buttons (TcguiFlowGroup *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 3);

  self->presets_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_icon_name (self->presets_button, "view-more-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->presets_button), _("Presets for This Flow"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->presets_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Presets for This Flow"), -1);
  gtk_widget_add_css_class (GTK_WIDGET (self->presets_button), "flat");
  gtk_box_append (GTK_BOX (box), icon_button ("go-up-symbolic", "flow.move-up",
                                              _("Move Up (Alt+Up): Matched Earlier")));
  gtk_box_append (GTK_BOX (box), icon_button ("go-down-symbolic", "flow.move-down",
                                              _("Move Down (Alt+Down): Matched Later")));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->presets_button));
  gtk_box_append (GTK_BOX (box), icon_button ("user-trash-symbolic", "flow.remove",
                                              _("Remove This Flow")));
  return box;
}

static GtkWidget *
build_header (TcguiFlowGroup *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title, 0);
  gtk_label_set_wrap (self->title, TRUE);
  gtk_label_set_wrap_mode (self->title, PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (GTK_WIDGET (self->title), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "heading");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->title));
  return box;
}

static GtkWidget *
build_rows (TcguiFlowGroup *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row = adw_action_row_new ();

  self->label_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->label_row), _("Label"));
  g_signal_connect_object (self->label_row, "changed", G_CALLBACK (label_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->label_row, "apply", G_CALLBACK (changed_cb), self,
                           G_CONNECT_SWAPPED);
  adw_entry_row_set_show_apply_button (self->label_row, TRUE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->label_row));

  self->partition = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->partition), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->partition), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Partition (drop all)"), -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Partition (drop all)"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Drops all of this traffic; works without netem"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->partition));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (self->partition));
  g_signal_connect_object (self->partition, "notify::active", G_CALLBACK (changed_cb), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return group;
}

static void
build (TcguiFlowGroup *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *header = build_header (self);

  self->expander = GTK_EXPANDER (gtk_expander_new (NULL));
  gtk_expander_set_expanded (self->expander, TRUE);
  gtk_expander_set_label_widget (self->expander, header);
  gtk_widget_set_margin_top (content, 6);

  gtk_box_append (GTK_BOX (content), build_buttons (self));
  gtk_widget_set_halign (gtk_widget_get_first_child (content), GTK_ALIGN_END);
  self->foreign_note = gtk_label_new (_("Another program made this flow: TC GUI shows it but "
                                        "does not change it. Replace the direction’s qdisc to "
                                        "make its flows TC GUI’s."));
  gtk_label_set_wrap (GTK_LABEL (self->foreign_note), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->foreign_note), 0);
  gtk_widget_add_css_class (self->foreign_note, "dim-label");
  gtk_widget_set_visible (self->foreign_note, FALSE);
  gtk_box_append (GTK_BOX (content), self->foreign_note);
  gtk_box_append (GTK_BOX (content), build_rows (self));
  gtk_expander_set_child (self->expander, content);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->expander));
  gtk_widget_add_css_class (GTK_WIDGET (self), "flow-group");
}

/* GObject ------------------------------------------------------------------ */

static void
tcgui_flow_group_finalize (GObject *object)
{
  TcguiFlowGroup *self = (TcguiFlowGroup *)object;

  tcgui_flow_item_free (self->item);
  g_free (self->target_title);
  G_OBJECT_CLASS (tcgui_flow_group_parent_class)->finalize (object);
}

static void
tcgui_flow_group_class_init (TcguiFlowGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = tcgui_flow_group_finalize;

  /* A user changed the flow (its label, partition or parameters). */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The user asked to remove it. */
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The user asked to move it by the int (-1 up, +1 down). */
  signals[MOVE] = g_signal_new ("move", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_install_action (widget_class, "flow.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "flow.move-up", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "flow.move-down", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "flow.preset", "s", preset_action);
  gtk_widget_class_install_action (widget_class, "flow.netem-preset", "s", preset_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK,
                                       "flow.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK,
                                       "flow.move-down", NULL);
}

static void
tcgui_flow_group_init (TcguiFlowGroup *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  build (self);
}

/* Public API ------------------------------------------------------------------ */

/**
 * tcgui_flow_group_new:
 * @item: the flow: its match, label, partition and parameters
 * @target_title: what it matches, for a user: "web-1", "10.1.0.0/16"
 *
 * Returns: (transfer floating): the flow's expander and controls
 */
GtkWidget *
tcgui_flow_group_new (TcguiDirection       direction,
                      const TcguiFlowItem *item,
                      const char          *target_title)
{
  TcguiFlowGroup *self = g_object_new (TCGUI_TYPE_FLOW_GROUP, NULL);
  GtkWidget *content = gtk_expander_get_child (self->expander);
  g_autoptr(GMenuModel) menu = NULL;

  self->direction = direction;
  self->target_title = g_strdup (target_title);
  /* The default's rows, reused; no title: the expander names the flow. */
  self->shaping = TCGUI_DIRECTION_GROUP (tcgui_direction_group_new (direction));
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->shaping), "");
  g_signal_connect_object (self->shaping, "changed", G_CALLBACK (changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->shaping));
  menu = tcgui_presets_build_menu_full ("flow.preset", "flow.netem-preset", NULL);
  tcgui_presets_menu_set (self->presets_button, menu, TRUE);
  tcgui_flow_group_show_item (self, item);
  return GTK_WIDGET (self);
}

/* Shows @item (its match is kept) without announcing a change. */
void
tcgui_flow_group_show_item (TcguiFlowGroup      *self,
                            const TcguiFlowItem *item)
{
  g_return_if_fail (TCGUI_IS_FLOW_GROUP (self));

  if (item != self->item)
    {
      tcgui_flow_item_free (self->item);
      self->item = tcgui_flow_item_copy (item);
    }
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->label_row), item->label != NULL ? item->label : "");
  gtk_switch_set_active (self->partition, item->partition);
  tcgui_direction_group_show_params (self->shaping, &item->params);
  self->updating = FALSE;
  gtk_widget_set_visible (self->foreign_note, item->foreign);
  gtk_widget_set_sensitive (gtk_widget_get_next_sibling (self->foreign_note), !item->foreign);
  gtk_widget_set_sensitive (GTK_WIDGET (self->shaping), !item->foreign);
  gtk_widget_set_visible (GTK_WIDGET (self->shaping), !item->partition);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flow.preset", !item->foreign);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flow.netem-preset", !item->foreign);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flow.remove", !item->foreign);
  update_title (self);
}

const TcguiFlowItem *
tcgui_flow_group_peek_item (TcguiFlowGroup *self)
{
  g_return_val_if_fail (TCGUI_IS_FLOW_GROUP (self), NULL);
  return self->item;
}

/* The flow as the controls say now. */
TcguiFlowItem *
tcgui_flow_group_dup_item (TcguiFlowGroup *self)
{
  TcguiFlowItem *item;

  g_return_val_if_fail (TCGUI_IS_FLOW_GROUP (self), NULL);

  item = tcgui_flow_item_copy (self->item);
  if (item->foreign)
    return item;
  g_free (item->label);
  item->label = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->label_row)));
  item->partition = gtk_switch_get_active (self->partition);
  tcgui_direction_group_get_params (self->shaping, &item->params);
  return item;
}

/* Up and down only where there is room (first match wins: order matters). */
void
tcgui_flow_group_set_position (TcguiFlowGroup *self,
                               guint           index,
                               guint           n_flows)
{
  gboolean mine = !self->item->foreign;

  g_return_if_fail (TCGUI_IS_FLOW_GROUP (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flow.move-up", mine && index > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flow.move-down",
                                 mine && index + 1 < n_flows);
}

void
tcgui_flow_group_set_netem_available (TcguiFlowGroup *self,
                                      gboolean        available)
{
  g_autoptr(GMenuModel) menu = NULL;

  g_return_if_fail (TCGUI_IS_FLOW_GROUP (self));

  tcgui_direction_group_set_netem_available (self->shaping, available);
  menu = tcgui_presets_build_menu_full ("flow.preset", "flow.netem-preset",
                                        available ? NULL : tcgui_presets_netem_missing_reason ());
  tcgui_presets_menu_set (self->presets_button, menu, available);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flow.netem-preset",
                                 available && !self->item->foreign);
}
