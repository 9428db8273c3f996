/* tcgui-links-page.c - the network interfaces of one namespace
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-links-page"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-link-graphs.h"
#include "tcgui-link-row.h"
#include "tcgui-links-page.h"

struct _TcguiLinksPage
{
  AdwBin               parent_instance;

  TcguiNamespace      *ns;
  GListModel          *links;
  GCancellable        *cancellable;

  GtkStack            *stack;
  AdwPreferencesGroup *group;
  GtkListBox          *list_box;
  AdwStatusPage       *empty_page;
  AdwStatusPage       *error_page;
};

G_DEFINE_FINAL_TYPE (TcguiLinksPage, tcgui_links_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_NAMESPACE,
  PROP_VIEW,
  N_PROPS
};

enum {
  SETTLED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  TcguiLinksPage *self = user_data;
  GtkWidget *row = tcgui_link_row_new (TCGUI_LINK (item));

  /* A sparkline of the interface's traffic (tcgui-link-graphs.c). */
  tcgui_link_graphs_add_sparkline (ADW_ACTION_ROW (row), tcgui_namespace_get_id (self->ns),
                                   tcgui_link_get_name (TCGUI_LINK (item)));
  return row;
}

static void
set_view (TcguiLinksPage *self,
          const char     *view)
{
  gtk_stack_set_visible_child_name (self->stack, view);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

static void
show_links (TcguiLinksPage *self,
            GListModel     *links)
{
  guint n = g_list_model_get_n_items (links);
  g_autofree char *description = NULL;

  g_set_object (&self->links, links);
  gtk_list_box_bind_model (self->list_box, links, create_row_cb, self, NULL);

  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u interface in %s",
                                              "%u interfaces in %s", n),
                                 n, tcgui_namespace_get_name (self->ns));
  adw_preferences_group_set_description (self->group, description);
  /* The namespace's total and a full graph per interface, below the list. */
  tcgui_link_graphs_show (self->group, tcgui_namespace_get_id (self->ns), links);

  set_view (self, n > 0 ? "links" : "empty");
}

static void
list_links_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TcguiLinksPage) self = user_data;
  g_autoptr(GListModel) links = NULL;
  g_autoptr(GError) error = NULL;

  links = tcgui_helper_client_list_links_finish (TCGUI_HELPER_CLIENT (object), result, &error);

  /* A newer load, or the window closing, replaced this one. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (links == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      set_view (self, "error");
    }
  else
    show_links (self, links);

  g_signal_emit (self, signals[SETTLED], 0);
}

static void
tcgui_links_page_dispose (GObject *object)
{
  TcguiLinksPage *self = (TcguiLinksPage *)object;

  tcgui_links_page_cancel (self);
  /* AdwBin unparents its child itself: drop it first, then the rest. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TCGUI_TYPE_LINKS_PAGE);
  g_clear_object (&self->ns);
  g_clear_object (&self->links);

  G_OBJECT_CLASS (tcgui_links_page_parent_class)->dispose (object);
}

static void
tcgui_links_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TcguiLinksPage *self = TCGUI_LINKS_PAGE (object);

  switch (prop_id)
    {
    case PROP_NAMESPACE:
      g_value_set_object (value, self->ns);
      break;
    case PROP_VIEW:
      g_value_set_string (value, tcgui_links_page_get_view (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tcgui_links_page_class_init (TcguiLinksPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tcgui_links_page_dispose;
  object_class->get_property = tcgui_links_page_get_property;

  properties[PROP_NAMESPACE] =
    g_param_spec_object ("namespace", NULL, NULL, TCGUI_TYPE_NAMESPACE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* "loading", "links", "empty" or "error". */
  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A load finished: the page shows links, the empty state or an error. */
  signals[SETTLED] =
    g_signal_new ("settled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tcgui/TcGui/tcgui-links-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TcguiLinksPage, stack);
  gtk_widget_class_bind_template_child (widget_class, TcguiLinksPage, group);
  gtk_widget_class_bind_template_child (widget_class, TcguiLinksPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, TcguiLinksPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, TcguiLinksPage, error_page);
}

static void
tcgui_links_page_init (TcguiLinksPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * tcgui_links_page_load:
 *
 * Shows a spinner, then the links of @ns as @client reports them. A load
 * still in flight is cancelled. Emits #TcguiLinksPage::settled when done.
 */
void
tcgui_links_page_load (TcguiLinksPage    *self,
                       TcguiHelperClient *client,
                       TcguiNamespace    *ns)
{
  g_return_if_fail (TCGUI_IS_LINKS_PAGE (self));
  g_return_if_fail (TCGUI_IS_HELPER_CLIENT (client));
  g_return_if_fail (TCGUI_IS_NAMESPACE (ns));

  tcgui_links_page_cancel (self);
  self->cancellable = g_cancellable_new ();

  if (g_set_object (&self->ns, ns))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAMESPACE]);
  set_view (self, "loading");

  tcgui_helper_client_list_links_async (client, tcgui_namespace_get_id (ns),
                                        self->cancellable, list_links_cb,
                                        g_object_ref (self));
}

/**
 * tcgui_links_page_cancel:
 *
 * Cancels the load in flight, if any (the window calls this on close).
 */
void
tcgui_links_page_cancel (TcguiLinksPage *self)
{
  g_return_if_fail (TCGUI_IS_LINKS_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

TcguiNamespace *
tcgui_links_page_get_namespace (TcguiLinksPage *self)
{
  g_return_val_if_fail (TCGUI_IS_LINKS_PAGE (self), NULL);
  return self->ns;
}

const char *
tcgui_links_page_get_view (TcguiLinksPage *self)
{
  g_return_val_if_fail (TCGUI_IS_LINKS_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * tcgui_links_page_get_links:
 *
 * Returns: (nullable) (transfer none): the #TcguiLink list shown
 */
GListModel *
tcgui_links_page_get_links (TcguiLinksPage *self)
{
  g_return_val_if_fail (TCGUI_IS_LINKS_PAGE (self), NULL);
  return self->links;
}
