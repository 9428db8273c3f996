/* tcgui-flow-dialog.c - "Only for Traffic to…": pick what a new flow matches
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The peer picker: the running containers that share a network with the
 * interface's container and those networks (both from the app's
 * inventory), or an address or prefix typed in; then optionally a
 * protocol and a port range. Every change is checked at once and a
 * mistake is explained below the fields; "Add" works only on a valid
 * match and emits ::add with the new flow.
 */

#define G_LOG_DOMAIN "tcgui-flow-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-flow-dialog.h"

typedef struct
{
  TcguiFlowTarget target;
  char           *value;
  char           *title;
} Choice;

struct _TcguiFlowDialog
{
  AdwWindow       parent_instance;

  TcguiDirection  direction;
  GArray         *choices;        /* of Choice, in the combo's order */
  GtkStringList  *choice_names;

  AdwComboRow    *target_row;
  AdwEntryRow    *address_row;
  AdwComboRow    *protocol_row;
  AdwEntryRow    *ports_row;
  GtkLabel       *error_label;
  GtkWidget      *add_button;
};

G_DEFINE_FINAL_TYPE (TcguiFlowDialog, tcgui_flow_dialog, ADW_TYPE_WINDOW)

enum {
  ADD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The protocol combo's entries; the first is "any". */
static const struct
{
  const char *wire;
  const char *title;
} protocol_choices[] = {
  { NULL, N_("Any") },
  { "tcp", "TCP" },
  { "udp", "UDP" },
  { "sctp", "SCTP" },
  { "icmp", "ICMP" },
  { "icmpv6", "ICMPv6" },
};

static void
choice_clear (gpointer data)
{
  Choice *c = data;

  g_free (c->value);
  g_free (c->title);
}

static void
add_choice (TcguiFlowDialog *self,
            TcguiFlowTarget  target,
            const char      *value,
            const char      *title)
{
  Choice c = { target, g_strdup (value), g_strdup (title) };

  g_array_append_val (self->choices, c);
  gtk_string_list_append (self->choice_names, title);
}

/* Checking ------------------------------------------------------------------ */

static const Choice *
selected_choice (TcguiFlowDialog *self)
{
  guint i = adw_combo_row_get_selected (self->target_row);

  return i < self->choices->len ? &g_array_index (self->choices, Choice, i) : NULL;
}

/* The flow the fields describe, or NULL with the reason. */
static TcguiFlowItem *
build_item (TcguiFlowDialog  *self,
            GError          **error)
{
  const Choice *choice = selected_choice (self);
  guint proto = adw_combo_row_get_selected (self->protocol_row);
  g_autoptr(TcguiFlowItem) item = NULL;
  g_autofree char *address = NULL;

  g_return_val_if_fail (choice != NULL, NULL);

  address = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->address_row))));
  item = tcgui_flow_item_new (choice->target, choice->value != NULL ? choice->value : address);
  if (!tcgui_flow_item_set_match (item,
                                  proto < G_N_ELEMENTS (protocol_choices)
                                  ? protocol_choices[proto].wire : NULL,
                                  gtk_editable_get_text (GTK_EDITABLE (self->ports_row)),
                                  error))
    return NULL;
  return g_steal_pointer (&item);
}

/* Nothing typed yet is no mistake to point out: "Add" just waits. */
static gboolean
untouched (TcguiFlowDialog *self)
{
  const Choice *choice = selected_choice (self);

  return choice != NULL && choice->value == NULL &&
         *gtk_editable_get_text (GTK_EDITABLE (self->address_row)) == '\0' &&
         *gtk_editable_get_text (GTK_EDITABLE (self->ports_row)) == '\0';
}

static void
check_cb (TcguiFlowDialog *self)
{
  const Choice *choice = selected_choice (self);
  g_autoptr(TcguiFlowItem) item = NULL;
  g_autoptr(GError) error = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->address_row),
                          choice != NULL && choice->value == NULL);
  item = build_item (self, &error);
  gtk_widget_set_sensitive (self->add_button, item != NULL);
  gtk_label_set_label (self->error_label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL && !untouched (self));
}

static void
add_clicked_cb (TcguiFlowDialog *self)
{
  g_autoptr(TcguiFlowItem) item = NULL;
  g_autoptr(GError) error = NULL;
  const Choice *choice = selected_choice (self);
  g_autofree char *title = NULL;

  item = build_item (self, &error);
  if (item == NULL)
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  /* A container or network chosen: its name is the flow's label. */
  if (choice->value != NULL)
    item->label = g_strdup (choice->title);
  title = g_strdup (choice->value != NULL ? choice->title : item->value);
  g_signal_emit (self, signals[ADD], 0, item, title);
  gtk_window_close (GTK_WINDOW (self));
}

/* The choices ---------------------------------------------------------------- */

static TcguiContainer *
find_own_container (GPtrArray  *containers,
                    const char *namespace_id)
{
  for (guint i = 0; i < containers->len; i++)
    if (g_strcmp0 (tcgui_container_get_namespace_id (containers->pdata[i]), namespace_id) == 0)
      return containers->pdata[i];
  return NULL;
}

/* A container's address on one of @networks (the first it shares), or
 * NULL when it shares none. */
static const char *
shared_address (TcguiContainer *container,
                GHashTable     *networks)
{
  GPtrArray *attachments = tcgui_container_get_attachments (container);

  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    {
      TcguiAttachment *a = attachments->pdata[i];

      if (a->network_key != NULL && a->ip != NULL && *a->ip != '\0' &&
          g_hash_table_contains (networks, a->network_key))
        return a->ip;
    }
  return NULL;
}

/* The containers of the same networks, then the networks themselves: as
 * "peer" (the helper follows it to new addresses) and "network" matches,
 * their names kept as the flows' labels. */
static void
add_peer_choices (TcguiFlowDialog *self,
                  TcguiInventory  *inventory,
                  const char      *namespace_id)
{
  g_autoptr(GPtrArray) containers = tcgui_inventory_dup_containers (inventory);
  g_autoptr(GHashTable) networks = g_hash_table_new (g_str_hash, g_str_equal);
  TcguiContainer *own = find_own_container (containers, namespace_id);
  GPtrArray *attachments = own != NULL ? tcgui_container_get_attachments (own) : NULL;

  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    {
      TcguiAttachment *a = attachments->pdata[i];

      if (a->network_key != NULL)
        g_hash_table_insert (networks, a->network_key, a->network);
    }
  for (guint i = 0; i < containers->len; i++)
    {
      TcguiContainer *c = containers->pdata[i];
      const char *ip = shared_address (c, networks);

      if (c != own && tcgui_container_is_running (c) && ip != NULL)
        add_choice (self, TCGUI_FLOW_TO_PEER, tcgui_container_get_key (c),
                    tcgui_container_get_name (c));
    }
  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    {
      TcguiAttachment *a = attachments->pdata[i];
      g_autofree char *title = NULL;

      if (a->network_key == NULL)
        continue;
      /* Translators: a choice of the peer picker; %s is a container network's name */
      title = g_strdup_printf (_("Network %s"), a->network);
      add_choice (self, TCGUI_FLOW_TO_NETWORK, a->network_key, title);
    }
}

/* Building ------------------------------------------------------------------ */

static AdwComboRow *
combo_row (AdwPreferencesGroup *group,
           const char          *title,
           GListModel          *model)
{
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), model);
  adw_preferences_group_add (group, row);
  return ADW_COMBO_ROW (row);
}

static AdwEntryRow *
entry_row (TcguiFlowDialog     *self,
           AdwPreferencesGroup *group,
           const char          *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_signal_connect_object (row, "changed", G_CALLBACK (check_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "entry-activated", G_CALLBACK (add_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_group_add (group, row);
  return ADW_ENTRY_ROW (row);
}

static GtkWidget *
build_header_bar (TcguiFlowDialog *self)
{
  GtkWidget *bar = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (bar), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (bar), FALSE);
  g_signal_connect_object (cancel, "clicked", G_CALLBACK (gtk_window_close), self,
                           G_CONNECT_SWAPPED);
  adw_header_bar_pack_start (ADW_HEADER_BAR (bar), cancel);
  self->add_button = gtk_button_new_with_mnemonic (_("_Add"));
  gtk_widget_add_css_class (self->add_button, "suggested-action");
  g_signal_connect_object (self->add_button, "clicked", G_CALLBACK (add_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  adw_header_bar_pack_end (ADW_HEADER_BAR (bar), self->add_button);
  return bar;
}

static void
build (TcguiFlowDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  g_autoptr(GtkStringList) protocols = gtk_string_list_new (NULL);
  gboolean out = self->direction == TCGUI_DIRECTION_OUTGOING;

  for (guint i = 0; i < G_N_ELEMENTS (protocol_choices); i++)
    gtk_string_list_append (protocols, i == 0 ? _(protocol_choices[i].title)
                                              : protocol_choices[i].title);
  gtk_box_append (GTK_BOX (box), build_header_bar (self));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         out ? _("Only the traffic this interface sends there is "
                                                 "shaped by the new flow; the rest keeps the "
                                                 "default.")
                                             : _("Only the traffic this interface receives from "
                                                 "there is shaped by the new flow; the rest keeps "
                                                 "the default."));
  self->target_row = combo_row (ADW_PREFERENCES_GROUP (group),
                                out ? _("Traffic to") : _("Traffic from"),
                                G_LIST_MODEL (self->choice_names));
  self->address_row = entry_row (self, ADW_PREFERENCES_GROUP (group), _("Address or prefix"));
  self->protocol_row = combo_row (ADW_PREFERENCES_GROUP (group), _("Protocol"),
                                  G_LIST_MODEL (protocols));
  self->ports_row = entry_row (self, ADW_PREFERENCES_GROUP (group),
                               out ? _("Destination port or range (optional)")
                                   : _("Source port or range (optional)"));
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_set_margin_top (GTK_WIDGET (self->error_label), 12);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->error_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Problem"), -1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->error_label));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (self), box);
  g_signal_connect_object (self->target_row, "notify::selected", G_CALLBACK (check_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->protocol_row, "notify::selected", G_CALLBACK (check_cb), self,
                           G_CONNECT_SWAPPED);
}

/* GObject ------------------------------------------------------------------ */

static void
tcgui_flow_dialog_finalize (GObject *object)
{
  TcguiFlowDialog *self = (TcguiFlowDialog *)object;

  g_array_unref (self->choices);
  g_object_unref (self->choice_names);
  G_OBJECT_CLASS (tcgui_flow_dialog_parent_class)->finalize (object);
}

static void
tcgui_flow_dialog_class_init (TcguiFlowDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = tcgui_flow_dialog_finalize;

  /* The user added the flow (a TcguiFlowItem, owned by the dialog) with
   * the title that names its target. */
  signals[ADD] = g_signal_new ("add", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                               0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_POINTER,
                               G_TYPE_STRING);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tcgui_flow_dialog_init (TcguiFlowDialog *self)
{
  self->choices = g_array_new (FALSE, TRUE, sizeof (Choice));
  g_array_set_clear_func (self->choices, choice_clear);
  self->choice_names = gtk_string_list_new (NULL);
}

/* Public API ------------------------------------------------------------------ */

/**
 * tcgui_flow_dialog_new:
 * @inventory: (nullable): the app's, for the peers
 * @namespace_id: the interface's namespace: its container's networks
 *
 * Returns: (transfer none): the dialog, modal on @parent, not shown yet
 */
GtkWidget *
tcgui_flow_dialog_new (GtkWindow      *parent,
                       TcguiDirection  direction,
                       TcguiInventory *inventory,
                       const char     *namespace_id)
{
  TcguiFlowDialog *self = g_object_new (TCGUI_TYPE_FLOW_DIALOG,
                                        "modal", TRUE,
                                        "transient-for", parent,
                                        "default-width", 420,
                                        "default-height", 460,
                                        NULL);

  self->direction = direction;
  gtk_window_set_title (GTK_WINDOW (self), direction == TCGUI_DIRECTION_OUTGOING
                                            ? _("Only for Traffic To")
                                            : _("Only for Traffic From"));
  add_choice (self, TCGUI_FLOW_TO_PREFIX, NULL, _("An address or prefix"));
  if (inventory != NULL)
    add_peer_choices (self, inventory, namespace_id);
  build (self);
  check_cb (self);
  return GTK_WIDGET (self);
}

/* A user's name for @item's target: a container's or network's name
 * (the inventory knows them), else the address itself. */
char *
tcgui_flow_target_title (TcguiInventory      *inventory,
                         const TcguiFlowItem *item)
{
  if (inventory != NULL && item->target == TCGUI_FLOW_TO_PEER)
    {
      TcguiContainer *c = tcgui_inventory_lookup_container (inventory, item->value);

      if (c != NULL)
        return g_strdup (tcgui_container_get_name (c));
    }
  if (inventory != NULL && item->target == TCGUI_FLOW_TO_NETWORK)
    {
      TcguiNetwork *n = tcgui_inventory_lookup_network (inventory, item->value);

      if (n != NULL)
        /* Translators: %s is a container network's name */
        return g_strdup_printf (_("Network %s"), tcgui_network_get_name (n));
    }
  return g_strdup (item->value);
}
