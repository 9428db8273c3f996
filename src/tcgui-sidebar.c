/* tcgui-sidebar.c - the list of namespaces and containers, grouped, with a search bar
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-sidebar"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-link-graphs.h"
#include "tcgui-namespace-row.h"
#include "tcgui-sidebar.h"

struct _TcguiSidebar
{
  AdwBin              parent_instance;

  GListModel         *namespaces;
  TcguiShapedModel   *shaped;       /* for the rows' "Shaped" badges */
  TcguiRules         *rules;        /* for the containers' "Profile" badges */
  GtkFilterListModel *filtered;
  GtkStringFilter    *filter;
  TcguiNamespace     *selected;
  gboolean            quiet_reselect;
  TcguiCountersClient *counters;     /* the app's, for the sparklines */
  TcguiHelperClient   *client;

  GtkSearchBar       *search_bar;
  GtkSearchEntry     *search_entry;
  GtkStack           *stack;
  GtkListBox         *list_box;
  GtkWidget          *no_netns_label;
  AdwStatusPage      *runtime_status;
  GtkWidget          *list_scroll;
};

G_DEFINE_FINAL_TYPE (TcguiSidebar, tcgui_sidebar, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SELECTED,
  PROP_SEARCH_MODE,
  N_PROPS
};

enum {
  NAMESPACE_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  TcguiSidebar *self = user_data;
  GtkWidget *row = tcgui_namespace_row_new (TCGUI_NAMESPACE (item));
  const char *id = tcgui_namespace_get_id (TCGUI_NAMESPACE (item));

  if (self->shaped != NULL)
    tcgui_namespace_row_follow_shaped (TCGUI_NAMESPACE_ROW (row), self->shaped);
  if (self->rules != NULL)
    tcgui_namespace_row_follow_rules (TCGUI_NAMESPACE_ROW (row), self->rules);
  /* A sparkline of the namespace's total traffic (tcgui-link-graphs.c);
   * a stopped container has no namespace. */
  if (id != NULL && id[0] != '\0' && self->counters != NULL)
    tcgui_link_graphs_add_ns_sparkline (self->counters, self->client, GTK_LIST_BOX_ROW (row), id);
  return row;
}

static TcguiNamespace *
row_namespace (GtkListBoxRow *row)
{
  return row ? tcgui_namespace_row_get_namespace (TCGUI_NAMESPACE_ROW (row)) : NULL;
}

static const char *
row_group (GtkListBoxRow *row)
{
  return row ? tcgui_namespace_get_group (row_namespace (row)) : NULL;
}

static const char *
row_subgroup (GtkListBoxRow *row)
{
  return row ? tcgui_namespace_get_subgroup (row_namespace (row)) : NULL;
}

/* A heading: the group's (a runtime, "Namespaces") or, inside it, a
 * network's, with an "internal" pill for internal networks. */
static GtkWidget *
heading_new (const char *text,
             gboolean    internal,
             const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *box, *badge;

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption-heading");
  if (!internal)
    {
      gtk_widget_add_css_class (label, css_class);
      return label;
    }

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (box, css_class);
  gtk_box_append (GTK_BOX (box), label);
  badge = gtk_label_new (_("internal"));
  gtk_widget_set_tooltip_text (badge, _("An internal network: no route to the outside"));
  gtk_widget_add_css_class (badge, "tag");
  gtk_widget_add_css_class (badge, "internal-badge");
  gtk_box_append (GTK_BOX (box), badge);
  return box;
}

/* The key of the network a heading names, if it names one of the row's
 * container's networks. */
static const char *
heading_network_key (TcguiNamespace *ns,
                     const char     *heading)
{
  TcguiContainer *container = tcgui_namespace_get_container (ns);
  GPtrArray *attachments = container != NULL ? tcgui_container_get_attachments (container) : NULL;

  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    {
      TcguiAttachment *a = attachments->pdata[i];

      if (a->network_key != NULL && g_strcmp0 (a->network, heading) == 0)
        return a->network_key;
    }
  return NULL;
}

static const char *heading_classes[] = { "sidebar-heading", "sidebar-subheading" };

/* A network's heading is a (flat) button: it opens the network's page,
 * its containers' matrix (win.show-network). */
static GtkWidget *
network_heading_new (GtkWidget  *heading,
                     const char *network,
                     const char *network_key)
{
  GtkWidget *button = gtk_button_new ();
  g_autofree char *tooltip = NULL;

  if (network_key == NULL)
    return heading;
  /* The heading's style moves to the button: it is the heading now. */
  for (guint i = 0; i < G_N_ELEMENTS (heading_classes); i++)
    if (gtk_widget_has_css_class (heading, heading_classes[i]))
      {
        gtk_widget_remove_css_class (heading, heading_classes[i]);
        gtk_widget_add_css_class (button, heading_classes[i]);
      }
  gtk_button_set_child (GTK_BUTTON (button), heading);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "sidebar-network-heading");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-network");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", network_key);
  /* Translators: %s is a container network's name */
  tooltip = g_strdup_printf (_("Show the Latency Matrix of %s (Ctrl+M)"), network);
  gtk_widget_set_tooltip_text (button, tooltip);
  return button;
}

/* A heading above the first row of each group (the host's group is "" and
 * gets none), and one above the first row of each subgroup (a network of
 * a runtime, or a runtime of a network). */
static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  TcguiNamespace *ns = row_namespace (row);
  const char *group = row_group (row);
  const char *subgroup = row_subgroup (row);
  gboolean new_group = group != NULL && group[0] != '\0' &&
                       g_strcmp0 (group, row_group (before)) != 0;
  gboolean new_subgroup = subgroup != NULL &&
                          (new_group || g_strcmp0 (subgroup, row_subgroup (before)) != 0);
  GtkWidget *header, *heading;

  if (!new_group && !new_subgroup)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  if (new_group)
    {
      heading = heading_new (group, tcgui_namespace_get_group_internal (ns), "sidebar-heading");
      gtk_box_append (GTK_BOX (header),
                      network_heading_new (heading, group, heading_network_key (ns, group)));
    }
  if (new_subgroup)
    {
      heading = heading_new (subgroup, tcgui_namespace_get_subgroup_internal (ns),
                             "sidebar-subheading");
      gtk_box_append (GTK_BOX (header),
                      network_heading_new (heading, subgroup, heading_network_key (ns, subgroup)));
    }
  gtk_list_box_row_set_header (row, header);
}

static void
set_selected (TcguiSidebar   *self,
              TcguiNamespace *ns)
{
  /* The same container (or namespace) in a rebuilt list: no reload of
   * its page, the window updates what changed itself. */
  if (self->quiet_reselect && self->selected != NULL && ns != NULL && self->selected != ns &&
      g_strcmp0 (tcgui_namespace_get_key (self->selected), tcgui_namespace_get_key (ns)) == 0 &&
      g_strcmp0 (tcgui_namespace_get_id (self->selected), tcgui_namespace_get_id (ns)) == 0)
    {
      g_set_object (&self->selected, ns);
      return;
    }
  if (g_set_object (&self->selected, ns))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

static void
row_selected_cb (TcguiSidebar  *self,
                 GtkListBoxRow *row)
{
  /* Rows go away while the list is rebuilt or filtered: keep showing the
   * namespace that was selected until another one is. */
  if (row == NULL)
    return;

  set_selected (self, tcgui_namespace_row_get_namespace (TCGUI_NAMESPACE_ROW (row)));
}

static void
row_activated_cb (TcguiSidebar  *self,
                  GtkListBoxRow *row)
{
  g_signal_emit (self, signals[NAMESPACE_ACTIVATED], 0,
                 tcgui_namespace_row_get_namespace (TCGUI_NAMESPACE_ROW (row)));
}

static guint
count_kind (GListModel *model,
            const char *kind)
{
  guint n = 0;

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TcguiNamespace) ns = g_list_model_get_item (model, i);

      n += g_strcmp0 (tcgui_namespace_get_kind (ns), kind) == 0;
    }
  return n;
}

static void
update_views (TcguiSidebar *self)
{
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  gboolean searching = gtk_string_filter_get_search (self->filter) != NULL &&
                       gtk_string_filter_get_search (self->filter)[0] != '\0';

  gtk_stack_set_visible_child_name (self->stack, n_shown > 0 ? "list" : "no-results");
  /* Only the host: say how named namespaces come about. */
  gtk_widget_set_visible (self->no_netns_label,
                          !searching && count_kind (self->namespaces, "netns") == 0 &&
                          count_kind (self->namespaces, "host") == 1);
}

static void
search_changed_cb (TcguiSidebar   *self,
                   GtkSearchEntry *entry)
{
  gtk_string_filter_set_search (self->filter, gtk_editable_get_text (GTK_EDITABLE (entry)));
  update_views (self);

  /* Keep the selection on a shown row so the page matches the sidebar. */
  if (self->selected != NULL)
    tcgui_sidebar_select_id (self, tcgui_namespace_get_key (self->selected));
}

static void
search_activate_cb (TcguiSidebar   *self,
                    GtkSearchEntry *entry)
{
  GtkListBoxRow *row;

  /* The entry reports changes after a delay: Enter right after typing
   * must act on what was typed, not on the previous filter. */
  search_changed_cb (self, entry);

  row = gtk_list_box_get_row_at_index (self->list_box, 0);
  if (row != NULL)
    {
      gtk_list_box_select_row (self->list_box, row);
      g_signal_emit_by_name (row, "activate");
    }
}

static void
search_mode_cb (TcguiSidebar *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_MODE]);
}

static void
tcgui_sidebar_dispose (GObject *object)
{
  TcguiSidebar *self = (TcguiSidebar *)object;

  /* AdwBin unparents its child itself: drop it first, then the rest. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TCGUI_TYPE_SIDEBAR);
  g_clear_object (&self->filtered);
  g_clear_object (&self->namespaces);
  g_clear_object (&self->selected);
  g_clear_object (&self->counters);
  g_clear_object (&self->client);
  g_clear_object (&self->shaped);
  g_clear_object (&self->rules);

  G_OBJECT_CLASS (tcgui_sidebar_parent_class)->dispose (object);
}

static void
tcgui_sidebar_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TcguiSidebar *self = TCGUI_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_set_object (value, self->selected);
      break;
    case PROP_SEARCH_MODE:
      g_value_set_boolean (value, tcgui_sidebar_get_search_mode (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tcgui_sidebar_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TcguiSidebar *self = TCGUI_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_SEARCH_MODE:
      tcgui_sidebar_set_search_mode (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tcgui_sidebar_class_init (TcguiSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tcgui_sidebar_dispose;
  object_class->get_property = tcgui_sidebar_get_property;
  object_class->set_property = tcgui_sidebar_set_property;

  properties[PROP_SELECTED] =
    g_param_spec_object ("selected", NULL, NULL, TCGUI_TYPE_NAMESPACE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH_MODE] =
    g_param_spec_boolean ("search-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The user picked a row (click, Enter): a folded window shows the page. */
  signals[NAMESPACE_ACTIVATED] =
    g_signal_new ("namespace-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, TCGUI_TYPE_NAMESPACE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tcgui/TcGui/tcgui-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, TcguiSidebar, search_bar);
  gtk_widget_class_bind_template_child (widget_class, TcguiSidebar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TcguiSidebar, stack);
  gtk_widget_class_bind_template_child (widget_class, TcguiSidebar, list_box);
  gtk_widget_class_bind_template_child (widget_class, TcguiSidebar, no_netns_label);
  gtk_widget_class_bind_template_child (widget_class, TcguiSidebar, runtime_status);
  gtk_widget_class_bind_template_child (widget_class, TcguiSidebar, list_scroll);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_mode_cb);
}

static void
tcgui_sidebar_init (TcguiSidebar *self)
{
  GtkExpression *expression;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Names, and a container's image too. */
  expression = gtk_property_expression_new (TCGUI_TYPE_NAMESPACE, NULL, "search-text");
  self->filter = gtk_string_filter_new (expression);
  gtk_string_filter_set_match_mode (self->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk_string_filter_set_ignore_case (self->filter, TRUE);
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));

  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->filtered),
                           create_row_cb, self, NULL);
  gtk_list_box_set_header_func (self->list_box, header_func, NULL, NULL);
}

/**
 * tcgui_sidebar_set_namespaces:
 * @namespaces: a list of #TcguiNamespace, in display order
 *
 * Replaces the rows. Select a row afterwards with tcgui_sidebar_select_id().
 */
void
tcgui_sidebar_set_namespaces (TcguiSidebar *self,
                              GListModel   *namespaces)
{
  g_return_if_fail (TCGUI_IS_SIDEBAR (self));
  g_return_if_fail (G_IS_LIST_MODEL (namespaces));

  g_set_object (&self->namespaces, namespaces);
  gtk_filter_list_model_set_model (self->filtered, namespaces);
  update_views (self);
}

TcguiNamespace *
tcgui_sidebar_get_selected (TcguiSidebar *self)
{
  g_return_val_if_fail (TCGUI_IS_SIDEBAR (self), NULL);
  return self->selected;
}

static gboolean
row_has_id (GtkListBoxRow *row,
            const char    *namespace_id)
{
  TcguiNamespace *ns = tcgui_namespace_row_get_namespace (TCGUI_NAMESPACE_ROW (row));

  return g_strcmp0 (tcgui_namespace_get_key (ns), namespace_id) == 0 ||
         g_strcmp0 (tcgui_namespace_get_id (ns), namespace_id) == 0;
}

/**
 * tcgui_sidebar_select_id:
 * @namespace_id: (nullable): an identifier such as "host" or "netns:NAME",
 *   or a container's key ("container:docker:ID"); %NULL selects the first
 *   row
 *
 * Returns: whether a row with that identifier is shown and now selected
 */
gboolean
tcgui_sidebar_select_id (TcguiSidebar *self,
                         const char   *namespace_id)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (TCGUI_IS_SIDEBAR (self), FALSE);

  /* A container on two networks has two rows: the one selected stays. */
  row = gtk_list_box_get_selected_row (self->list_box);
  if (row != NULL && namespace_id != NULL && row_has_id (row, namespace_id))
    {
      set_selected (self, tcgui_namespace_row_get_namespace (TCGUI_NAMESPACE_ROW (row)));
      return TRUE;
    }

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list_box, i)); i++)
    if (namespace_id == NULL || row_has_id (row, namespace_id))
      {
        gtk_list_box_select_row (self->list_box, row);
        set_selected (self, tcgui_namespace_row_get_namespace (TCGUI_NAMESPACE_ROW (row)));
        return TRUE;
      }

  return FALSE;
}

gboolean
tcgui_sidebar_get_search_mode (TcguiSidebar *self)
{
  g_return_val_if_fail (TCGUI_IS_SIDEBAR (self), FALSE);
  return gtk_search_bar_get_search_mode (self->search_bar);
}

void
tcgui_sidebar_set_search_mode (TcguiSidebar *self,
                               gboolean      search_mode)
{
  g_return_if_fail (TCGUI_IS_SIDEBAR (self));

  gtk_search_bar_set_search_mode (self->search_bar, search_mode);
  if (search_mode)
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/**
 * tcgui_sidebar_set_key_capture_widget:
 *
 * Typing into @widget (the window) starts a search.
 */
void
tcgui_sidebar_set_key_capture_widget (TcguiSidebar *self,
                                      GtkWidget    *widget)
{
  g_return_if_fail (TCGUI_IS_SIDEBAR (self));

  gtk_search_bar_set_key_capture_widget (self->search_bar, widget);
}

/**
 * tcgui_sidebar_set_quiet_reselect:
 *
 * While set, selecting a new row for the item already selected (same key,
 * same namespace) after tcgui_sidebar_set_namespaces() does not notify
 * #TcguiSidebar:selected: a live inventory change does not reload the
 * page. Unset, any new row notifies (an explicit refresh reloads).
 */
void
tcgui_sidebar_set_quiet_reselect (TcguiSidebar *self,
                                  gboolean      quiet)
{
  g_return_if_fail (TCGUI_IS_SIDEBAR (self));
  self->quiet_reselect = !!quiet;
}

/**
 * tcgui_sidebar_set_runtime_status:
 * @title: (nullable): %NULL hides the status
 * @description: (nullable): the details
 *
 * What to say below the list where containers would be: no runtime found,
 * a socket the helper cannot use, no containers.
 */
void
tcgui_sidebar_set_runtime_status (TcguiSidebar *self,
                                  const char   *icon_name,
                                  const char   *title,
                                  const char   *description)
{
  g_return_if_fail (TCGUI_IS_SIDEBAR (self));

  gtk_widget_set_visible (GTK_WIDGET (self->runtime_status), title != NULL);
  /* The list as tall as its rows, the status below it in the rest. */
  gtk_widget_set_vexpand (self->list_scroll, title == NULL);
  adw_status_page_set_icon_name (self->runtime_status, icon_name);
  adw_status_page_set_title (self->runtime_status, title ? title : "");
  adw_status_page_set_description (self->runtime_status, description);
}

/**
 * tcgui_sidebar_set_counters:
 *
 * The app's counters and helper session, for the rows' sparklines of
 * their namespace's total; rows made before have none.
 */
void
tcgui_sidebar_set_counters (TcguiSidebar        *self,
                            TcguiCountersClient *counters,
                            TcguiHelperClient   *client)
{
  g_return_if_fail (TCGUI_IS_SIDEBAR (self));
  g_set_object (&self->counters, counters);
  g_set_object (&self->client, client);
}

/**
 * tcgui_sidebar_set_shaped_model:
 *
 * Rows show a "Shaped" badge while @shaped lists an interface of theirs.
 */
void
tcgui_sidebar_set_shaped_model (TcguiSidebar     *self,
                                TcguiShapedModel *shaped)
{
  g_return_if_fail (TCGUI_IS_SIDEBAR (self));
  g_return_if_fail (TCGUI_IS_SHAPED_MODEL (shaped));

  g_set_object (&self->shaped, shaped);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (TCGUI_IS_NAMESPACE_ROW (row))
      tcgui_namespace_row_follow_shaped (TCGUI_NAMESPACE_ROW (row), shaped);
}

/**
 * tcgui_sidebar_set_rules:
 *
 * Containers' rows show a "Profile" badge while one of @rules holds on them.
 */
void
tcgui_sidebar_set_rules (TcguiSidebar *self,
                         TcguiRules   *rules)
{
  g_return_if_fail (TCGUI_IS_SIDEBAR (self));
  g_return_if_fail (TCGUI_IS_RULES (rules));

  g_set_object (&self->rules, rules);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (TCGUI_IS_NAMESPACE_ROW (row))
      tcgui_namespace_row_follow_rules (TCGUI_NAMESPACE_ROW (row), rules);
}
