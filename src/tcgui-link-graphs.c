/* tcgui-link-graphs.c - live graphs in the links page and the sidebar
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-link-graphs"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-graph.h"
#include "tcgui-link.h"
#include "tcgui-link-graphs.h"

/* What a graph watches, while it lives: freed when the graph is finalized
 * (a weak reference, not data stored on the widget), and kept alive by a
 * ListLinks in flight for a whole namespace's total. */
typedef struct
{
  TcguiCountersClient *counters;
  GtkWidget           *graph;    /* weak: NULL once finalized */
  char                *ns;
  char                *ifname;   /* NULL: a namespace's total */
  GPtrArray           *ifnames;  /* watched for a whole namespace */
} GraphWatch;

static void
graph_watch_clear (gpointer data)
{
  GraphWatch *gw = data;

  if (gw->ifname != NULL)
    tcgui_counters_client_unwatch (gw->counters, gw->ns, gw->ifname);
  else
    tcgui_counters_client_release_aggregate (gw->counters, gw->ns);
  for (guint i = 0; gw->ifnames != NULL && i < gw->ifnames->len; i++)
    tcgui_counters_client_unwatch (gw->counters, gw->ns, g_ptr_array_index (gw->ifnames, i));
  g_clear_pointer (&gw->ifnames, g_ptr_array_unref);
  g_object_unref (gw->counters);
  g_free (gw->ns);
  g_free (gw->ifname);
}

static void
graph_finalized_cb (gpointer  data,
                    GObject  *where_the_object_was)
{
  GraphWatch *gw = data;

  gw->graph = NULL;
  g_rc_box_release_full (gw, graph_watch_clear);
}

static GtkWidget *
watch_graph (TcguiCountersClient *counters,
             GraphWatch          *gw,
             TcguiRate           *rate,
             gboolean             compact)
{
  gw->graph = tcgui_graph_new (rate, compact);
  g_object_weak_ref (G_OBJECT (gw->graph), graph_finalized_cb, gw);
  /* Redrawn after each sample, while it is on screen. */
  g_signal_connect_object (counters, "updated", G_CALLBACK (tcgui_graph_data_changed),
                           gw->graph, G_CONNECT_SWAPPED);
  return gw->graph;
}

/**
 * tcgui_link_graphs_new_graph:
 *
 * Returns: (transfer floating): a #TcguiGraph of @ifname in @namespace_id
 *   that watches it until the graph is finalized
 */
GtkWidget *
tcgui_link_graphs_new_graph (TcguiCountersClient *counters,
                             const char          *namespace_id,
                             const char          *ifname,
                             gboolean             compact)
{
  GraphWatch *gw = g_rc_box_new0 (GraphWatch);

  gw->counters = g_object_ref (counters);
  gw->ns = g_strdup (namespace_id);
  gw->ifname = g_strdup (ifname);
  return watch_graph (counters, gw,
                      tcgui_counters_client_watch (counters, namespace_id, ifname), compact);
}

static void
list_links_for_total_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GraphWatch *gw = user_data;
  g_autoptr(GListModel) links = NULL;

  links = tcgui_helper_client_list_links_finish (TCGUI_HELPER_CLIENT (object), result, NULL);
  for (guint i = 0; links != NULL && gw->graph != NULL && i < g_list_model_get_n_items (links); i++)
    {
      g_autoptr(TcguiLink) link = g_list_model_get_item (links, i);
      const char *name = tcgui_link_get_name (link);

      /* Loopback is not the container's traffic. */
      if (g_strcmp0 (tcgui_link_get_kind (link), "loopback") == 0)
        continue;
      tcgui_counters_client_watch (gw->counters, gw->ns, name);
      g_ptr_array_add (gw->ifnames, g_strdup (name));
    }
  g_rc_box_release_full (gw, graph_watch_clear);
}

/**
 * tcgui_link_graphs_new_total_graph:
 * @client: (nullable): to list and watch every interface of @namespace_id
 *   (but loopback) now; %NULL: the total is of what others watch
 *
 * Returns: (transfer floating): a #TcguiGraph of the sum of the rates of
 *   @namespace_id's interfaces (a container's total)
 */
GtkWidget *
tcgui_link_graphs_new_total_graph (TcguiCountersClient *counters,
                                   TcguiHelperClient   *client,
                                   const char          *namespace_id,
                                   gboolean             compact)
{
  GraphWatch *gw = g_rc_box_new0 (GraphWatch);
  GtkWidget *graph;

  gw->counters = g_object_ref (counters);
  gw->ns = g_strdup (namespace_id);
  gw->ifnames = g_ptr_array_new_with_free_func (g_free);
  graph = watch_graph (counters, gw,
                       tcgui_counters_client_hold_aggregate (counters, namespace_id), compact);
  if (client != NULL)
    tcgui_helper_client_list_links_async (client, namespace_id, NULL,
                                          list_links_for_total_cb, g_rc_box_acquire (gw));
  return graph;
}

/**
 * tcgui_link_graphs_add_sparkline:
 *
 * Adds a sparkline of @ifname's traffic at the end of a links page row. In a
 * narrow window it gives way (the full graphs below show the same): the
 * row's title keeps room for its words.
 */
void
tcgui_link_graphs_add_sparkline (TcguiCountersClient *counters,
                                 AdwActionRow        *row,
                                 const char          *namespace_id,
                                 const char          *ifname)
{
  GtkWidget *spark = tcgui_link_graphs_new_graph (counters, namespace_id, ifname, TRUE);

  GtkWidget *squeezer = adw_squeezer_new ();

  gtk_widget_set_valign (spark, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (spark, 80, -1);
  adw_squeezer_set_allow_none (ADW_SQUEEZER (squeezer), TRUE);
  adw_squeezer_set_transition_type (ADW_SQUEEZER (squeezer), ADW_SQUEEZER_TRANSITION_TYPE_NONE);
  adw_squeezer_add (ADW_SQUEEZER (squeezer), spark);
  adw_action_row_add_suffix (row, squeezer);
}

/**
 * tcgui_link_graphs_add_ns_sparkline:
 * @row: a sidebar row whose child is a horizontal #GtkBox
 *
 * Adds a sparkline of the total traffic of @namespace_id's interfaces.
 */
void
tcgui_link_graphs_add_ns_sparkline (TcguiCountersClient *counters,
                                    TcguiHelperClient   *client,
                                    GtkListBoxRow       *row,
                                    const char          *namespace_id)
{
  GtkWidget *box = gtk_list_box_row_get_child (row);
  GtkWidget *spark;

  if (!GTK_IS_BOX (box))
    return;
  spark = tcgui_link_graphs_new_total_graph (counters, client, namespace_id, TRUE);
  gtk_widget_set_valign (spark, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (spark, 56, -1);
  gtk_box_append (GTK_BOX (box), spark);
}

static GtkWidget *
titled_graph (const char *title,
              GtkWidget  *graph)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), graph);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  return box;
}

static AdwPreferencesGroup *
new_group (TcguiCountersClient *counters,
           const char          *namespace_id,
           GListModel          *links)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  guint n = g_list_model_get_n_items (links);

  adw_preferences_group_set_title (group, _("Throughput"));
  adw_preferences_group_set_description (group,
    _("Receive (blue area) and transmit (orange line) rates. Point at a graph for the "
      "exact values; click it to switch between 1, 5 and 15 minutes."));
  adw_preferences_group_add (group,
    titled_graph (_("All interfaces"),
                  tcgui_link_graphs_new_total_graph (counters, NULL, namespace_id, FALSE)));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TcguiLink) link = g_list_model_get_item (links, i);
      const char *name = tcgui_link_get_name (link);

      adw_preferences_group_add (group,
        titled_graph (name, tcgui_link_graphs_new_graph (counters, namespace_id, name, FALSE)));
    }
  return group;
}

/**
 * tcgui_link_graphs_show:
 * @links_group: the links page's group of interfaces
 * @old_group: (nullable): what the last call returned, replaced
 * @links: (element-type TcguiLink): the interfaces shown
 *
 * Puts a "Throughput" group under @links_group: the total of the namespace
 * (a container's page shows its aggregate) and a full graph per interface.
 * Graphs watch their interfaces while they exist.
 *
 * Returns: (transfer none) (nullable): the group, for the next call
 */
AdwPreferencesGroup *
tcgui_link_graphs_show (TcguiCountersClient *counters,
                        AdwPreferencesGroup *links_group,
                        AdwPreferencesGroup *old_group,
                        const char          *namespace_id,
                        GListModel          *links)
{
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (links_group), ADW_TYPE_PREFERENCES_PAGE);
  AdwPreferencesGroup *group;

  if (page == NULL)
    return NULL;
  if (old_group != NULL)
    adw_preferences_page_remove (ADW_PREFERENCES_PAGE (page), old_group);
  if (counters == NULL || g_list_model_get_n_items (links) == 0)
    return NULL;

  group = new_group (counters, namespace_id, links);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), group);
  return group;
}
