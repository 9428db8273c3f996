/* tcgui-shaped-view.c - "Shaped Now": every interface TC GUI shapes
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A list of what TcguiShapedModel read back from the kernel: per interface
 * its namespace, what its shaping does and a Clear button (ClearShaping of
 * both directions). The model follows every change this app makes, so a
 * cleared interface leaves the list once the kernel says so.
 */

#define G_LOG_DOMAIN "tcgui-shaped-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-param-errors.h"
#include "tcgui-shaped-view.h"
#include "tcgui-shaping-client.h"
#include "tcgui-toast.h"

struct _TcguiShapedView
{
  AdwBin                parent_instance;

  TcguiShapedModel     *model;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwPreferencesGroup  *group;
  GtkListBox           *list_box;
};

G_DEFINE_FINAL_TYPE (TcguiShapedView, tcgui_shaped_view, ADW_TYPE_BIN)

/* Clearing one interface ----------------------------------------------- */

typedef struct
{
  TcguiShapedView *view;
  GtkWidget       *button;
  char            *ifname;
  char            *namespace_name;
} Clear;

static void
clear_free (Clear *clear)
{
  g_object_unref (clear->view);
  g_object_unref (clear->button);
  g_free (clear->ifname);
  g_free (clear->namespace_name);
  g_free (clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Clear, clear_free)

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Clear) clear = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *why = NULL;

  if (tcgui_shaping_client_clear_shaping_finish (TCGUI_HELPER_CLIENT (object), result, &error))
    /* Translators: "veth0 in Host: shaping cleared" */
    message = g_strdup_printf (_("%s in %s: shaping cleared"), clear->ifname,
                               clear->namespace_name);
  else
    {
      why = tcgui_user_error_message (error);
      message = g_strdup_printf (_("Could not clear %s in %s: %s"), clear->ifname,
                                 clear->namespace_name, why);
    }
  /* On success the row goes when the model has read the kernel again; it
   * stays (with a Clear that works) if someone shaped it again meanwhile. */
  gtk_widget_set_sensitive (clear->button, TRUE);
  tcgui_toast_show (GTK_WIDGET (clear->view->toast_overlay), message, error ? 0 : 3);
}

/* @user_data: the row's item (the signal's closure holds a reference) */
static void
clear_clicked_cb (GtkButton *button,
                  gpointer   user_data)
{
  TcguiShapedItem *item = user_data;
  TcguiShapedView *self;
  Clear *clear;

  self = TCGUI_SHAPED_VIEW (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                     TCGUI_TYPE_SHAPED_VIEW));
  clear = g_new0 (Clear, 1);
  clear->view = g_object_ref (self);
  clear->button = g_object_ref (GTK_WIDGET (button));
  clear->ifname = g_strdup (tcgui_shaped_item_get_ifname (item));
  clear->namespace_name = g_strdup (tcgui_shaped_item_get_namespace_name (item));
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  tcgui_shaping_client_clear_shaping_async (tcgui_shaped_model_get_client (self->model),
                                            tcgui_shaped_item_get_namespace_id (item),
                                            clear->ifname, "both", NULL, clear_cb, clear);
}

/* The list -------------------------------------------------------------- */

static void
item_unref (gpointer  data,
            GClosure *closure)
{
  g_object_unref (data);
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  TcguiShapedItem *shaped = item;
  const char *ifname = tcgui_shaped_item_get_ifname (shaped);
  const char *ns_name = tcgui_shaped_item_get_namespace_name (shaped);
  g_autofree char *summary = tcgui_shaped_item_dup_summary (shaped);
  g_autofree char *subtitle = g_strdup_printf ("%s\n%s", ns_name, summary);
  g_autofree char *what = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Clear"));

  /* Names and summaries are not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ifname);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  /* Translators: "Clear Shaping of veth0 in Host" */
  what = g_strdup_printf (_("Clear Shaping of %s in %s"), ifname, ns_name);
  gtk_widget_set_tooltip_text (button, what);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  what, -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_data (button, "clicked", G_CALLBACK (clear_clicked_cb),
                         g_object_ref (shaped), item_unref, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
update_view (TcguiShapedView *self)
{
  GListModel *items = tcgui_shaped_model_get_items (self->model);
  guint n = g_list_model_get_n_items (items);
  g_autofree char *description = NULL;

  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "TC GUI shapes %u interface",
                                              "TC GUI shapes %u interfaces", n), n);
  adw_preferences_group_set_description (self->group, description);
  if (n > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else
    gtk_stack_set_visible_child_name (self->stack,
                                      tcgui_shaped_model_get_scanning (self->model)
                                      ? "scanning" : "empty");
}

static void
tcgui_shaped_view_dispose (GObject *object)
{
  TcguiShapedView *self = (TcguiShapedView *)object;

  if (self->model != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->model, self);
      g_signal_handlers_disconnect_by_data (tcgui_shaped_model_get_items (self->model), self);
    }
  /* AdwBin unparents its child itself: drop it first, then the rest. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TCGUI_TYPE_SHAPED_VIEW);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (tcgui_shaped_view_parent_class)->dispose (object);
}

static void
tcgui_shaped_view_class_init (TcguiShapedViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tcgui_shaped_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tcgui/TcGui/tcgui-shaped-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TcguiShapedView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TcguiShapedView, stack);
  gtk_widget_class_bind_template_child (widget_class, TcguiShapedView, group);
  gtk_widget_class_bind_template_child (widget_class, TcguiShapedView, list_box);
}

static void
tcgui_shaped_view_init (TcguiShapedView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * tcgui_shaped_view_new:
 *
 * The list of @model, which it reads again (the kernel may have changed
 * behind TC GUI's back since).
 */
GtkWidget *
tcgui_shaped_view_new (TcguiShapedModel *model)
{
  TcguiShapedView *self;
  GListModel *items;

  g_return_val_if_fail (TCGUI_IS_SHAPED_MODEL (model), NULL);

  self = g_object_new (TCGUI_TYPE_SHAPED_VIEW, NULL);
  self->model = g_object_ref (model);
  items = tcgui_shaped_model_get_items (model);
  gtk_list_box_bind_model (self->list_box, items, create_row_cb, self, NULL);
  g_signal_connect_object (items, "items-changed", G_CALLBACK (update_view), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "notify::scanning", G_CALLBACK (update_view), self,
                           G_CONNECT_SWAPPED);
  tcgui_shaped_model_refresh (model);
  update_view (self);
  return GTK_WIDGET (self);
}

static void
refresh_clicked_cb (GtkButton        *button,
                    TcguiShapedModel *model)
{
  tcgui_shaped_model_refresh (model);
}

/* While every namespace is read again (slow with many), Refresh shows a
 * spinner: the button stays, and so does the keyboard focus on it. */
static void
scanning_changed_cb (TcguiShapedModel *model,
                     GParamSpec       *pspec,
                     GtkButton        *refresh)
{
  gboolean scanning = tcgui_shaped_model_get_scanning (model);
  GtkWidget *spinner;

  gtk_accessible_update_state (GTK_ACCESSIBLE (refresh), GTK_ACCESSIBLE_STATE_BUSY, scanning, -1);
  if (!scanning)
    {
      gtk_button_set_icon_name (refresh, "view-refresh-symbolic");
      return;
    }
  spinner = gtk_spinner_new ();
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_button_set_child (refresh, spinner);
}

static GtkWidget *
header_new (TcguiShapedModel *model)
{
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *refresh = gtk_button_new_from_icon_name ("view-refresh-symbolic");

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (_("Shaped Now"), NULL));
  gtk_widget_set_tooltip_text (refresh, _("Refresh"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (refresh), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Refresh"), -1);
  g_signal_connect_object (refresh, "clicked", G_CALLBACK (refresh_clicked_cb), model, 0);
  g_signal_connect_object (model, "notify::scanning", G_CALLBACK (scanning_changed_cb),
                           refresh, 0);
  scanning_changed_cb (model, NULL, GTK_BUTTON (refresh));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), refresh);
  return header;
}

/**
 * tcgui_shaped_view_present:
 * @parent: the main window
 *
 * Shows "Shaped Now" in a window of its own over @parent (the one already
 * open, if any), so that it can stay open next to the main window.
 *
 * Returns: (transfer none): that window
 */
GtkWindow *
tcgui_shaped_view_present (GtkWindow        *parent,
                           TcguiShapedModel *model)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWidget *window, *box;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) open = g_list_model_get_item (toplevels, i);

      if (gtk_window_get_transient_for (open) == parent &&
          g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (open)), "shaped-now") == 0)
        {
          tcgui_shaped_model_refresh (model);
          gtk_window_present (open);
          return open;
        }
    }

  window = adw_window_new ();
  gtk_widget_set_name (window, "shaped-now");
  gtk_window_set_title (GTK_WINDOW (window), _("Shaped Now"));
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 560);
  gtk_widget_set_size_request (window, 360, 294);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), header_new (model));
  gtk_box_append (GTK_BOX (box), tcgui_shaped_view_new (model));
  gtk_widget_set_vexpand (gtk_widget_get_last_child (box), TRUE);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}
