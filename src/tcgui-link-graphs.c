/* tcgui-link-graphs.c - live graphs in the links page and the sidebar
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-link-graphs"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-counters-client.h"
#include "tcgui-graph.h"
#include "tcgui-link.h"
#include "tcgui-link-graphs.h"

#define GROUP_KEY "tcgui-graphs-group"

/**
 * tcgui_link_graphs_add_sparkline:
 *
 * Adds a sparkline of @ifname's traffic at the end of a links page row. In a
 * narrow window it gives way (the full graphs below show the same): the
 * row's title keeps room for its words.
 */
void
tcgui_link_graphs_add_sparkline (AdwActionRow *row,
                                 const char   *namespace_id,
                                 const char   *ifname)
{
  GtkWidget *spark = tcgui_counters_client_new_graph (tcgui_counters_client_get_default (),
                                                      namespace_id, ifname, TRUE);

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
tcgui_link_graphs_add_ns_sparkline (GtkListBoxRow *row,
                                    const char    *namespace_id)
{
  GtkWidget *box = gtk_list_box_row_get_child (row);
  GtkWidget *spark;

  if (!GTK_IS_BOX (box))
    return;
  spark = tcgui_counters_client_new_total_graph (tcgui_counters_client_get_default (),
                                                 namespace_id, TRUE, TRUE);
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
new_group (const char *namespace_id,
           GListModel *links)
{
  TcguiCountersClient *client = tcgui_counters_client_get_default ();
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  guint n = g_list_model_get_n_items (links);

  adw_preferences_group_set_title (group, _("Throughput"));
  adw_preferences_group_set_description (group,
    _("Receive (blue area) and transmit (orange line) rates. Point at a graph for the "
      "exact values; click it to switch between 1, 5 and 15 minutes."));
  adw_preferences_group_add (group,
    titled_graph (_("All interfaces"),
                  tcgui_counters_client_new_total_graph (client, namespace_id, FALSE, FALSE)));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TcguiLink) link = g_list_model_get_item (links, i);
      const char *name = tcgui_link_get_name (link);

      adw_preferences_group_add (group,
        titled_graph (name, tcgui_counters_client_new_graph (client, namespace_id, name, FALSE)));
    }
  return group;
}

/**
 * tcgui_link_graphs_show:
 * @links_group: the links page's group of interfaces
 * @links: (element-type TcguiLink): the interfaces shown
 *
 * Puts (or replaces) a "Throughput" group under @links_group: the total of
 * the namespace (a container's page shows its aggregate) and a full graph
 * per interface. Graphs watch their interfaces while they exist.
 */
void
tcgui_link_graphs_show (AdwPreferencesGroup *links_group,
                        const char          *namespace_id,
                        GListModel          *links)
{
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (links_group), ADW_TYPE_PREFERENCES_PAGE);
  AdwPreferencesGroup *old;

  if (page == NULL)
    return;
  if ((old = g_object_get_data (G_OBJECT (page), GROUP_KEY)))
    adw_preferences_page_remove (ADW_PREFERENCES_PAGE (page), old);
  g_object_set_data (G_OBJECT (page), GROUP_KEY, NULL);

  if (g_list_model_get_n_items (links) == 0)
    return;

  old = new_group (namespace_id, links);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), old);
  g_object_set_data (G_OBJECT (page), GROUP_KEY, old);
}
