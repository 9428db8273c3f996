/* tcgui-window.c - the main window: sidebar of namespaces, links page
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-config.h"
#include "tcgui-inventory.h"
#include "tcgui-links-page.h"
#include "tcgui-param-errors.h"
#include "tcgui-sidebar.h"
#include "tcgui-status-view.h"
#include "tcgui-toast.h"
#include "tcgui-shaped-view.h"
#include "tcgui-window-private.h"

G_DEFINE_FINAL_TYPE (TcguiWindow, tcgui_window, ADW_TYPE_APPLICATION_WINDOW)

static void rebuild_sidebar (TcguiWindow *self);

static void
show_status (TcguiWindow *self)
{
  TcguiHelperState state = tcgui_helper_client_get_state (self->client);

  tcgui_status_view_set_state (self->status_view, state,
                               tcgui_helper_client_get_message (self->client));
  gtk_stack_set_visible_child_name (self->main_stack, "status");
}

static void
capabilities_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TcguiWindow) self = user_data;
  g_autoptr(GVariant) caps = NULL;
  gboolean netem = TRUE;

  caps = tcgui_helper_client_get_capabilities_finish (TCGUI_HELPER_CLIENT (object), result, NULL);
  if (caps == NULL || self->told_capabilities)
    return;

  self->told_capabilities = TRUE;
  if (g_variant_lookup (caps, "netem", "b", &netem) && !netem)
    adw_toast_overlay_add_toast (self->toast_overlay,
                                 adw_toast_new (_("No netem in this kernel: rate limits only")));
}

static void
select_after_reload (TcguiWindow *self)
{
  TcguiNamespace *current = tcgui_sidebar_get_selected (self->sidebar);
  const char *previous_id = current ? tcgui_namespace_get_key (current) : NULL;

  if (previous_id != NULL && tcgui_sidebar_select_id (self->sidebar, previous_id))
    return;
  tcgui_sidebar_select_id (self->sidebar, NULL);
}

/* An explanation, then the runtimes' own errors if there are any. */
static char *
join_lines (const char *text,
            const char *detail)
{
  if (detail == NULL || detail[0] == '\0')
    return g_strdup (text);
  return g_strdup_printf ("%s\n%s", text, detail);
}

static void
show_runtime_status (TcguiWindow *self)
{
  g_autofree char *detail = NULL;
  TcguiRuntimeStatus status = tcgui_inventory_get_status (self->inventory, self->config, &detail);
  const char *icon = "package-x-generic-symbolic";
  const char *title = NULL;
  g_autofree char *description = NULL;

  switch (status)
    {
    case TCGUI_RUNTIME_STATUS_OK:
    case TCGUI_RUNTIME_STATUS_LOADING:
      break;
    case TCGUI_RUNTIME_STATUS_ALL_DISABLED:
      title = _("Container Runtimes Turned Off");
      description = g_strdup (_("Turn Docker, Podman or other containers on in the main menu."));
      break;
    case TCGUI_RUNTIME_STATUS_NOT_FOUND:
      title = _("No Container Runtime Found");
      description = join_lines (_("Neither Docker nor Podman is running. Start one, for "
                                  "example with “systemctl start docker”, and its "
                                  "containers appear here."), detail);
      break;
    case TCGUI_RUNTIME_STATUS_NOT_ACCESSIBLE:
      icon = "dialog-warning-symbolic";
      title = _("Cannot Reach the Container Runtime");
      description = join_lines (_("Its socket is there, but the helper cannot talk to the daemon "
                                  "behind it."), detail);
      break;
    case TCGUI_RUNTIME_STATUS_NO_CONTAINERS:
      title = tcgui_config_get_show_stopped (self->config) ? _("No Containers")
                                                           : _("No Running Containers");
      description = g_strdup (_("Start a container and it appears here."));
      break;
    case TCGUI_RUNTIME_STATUS_ERROR:
    default:
      icon = "dialog-warning-symbolic";
      title = _("Cannot List Containers");
      description = g_steal_pointer (&detail);
      break;
    }
  tcgui_sidebar_set_runtime_status (self->sidebar, icon, title, description);
}

/* The inventory's latest copy of the selected container, if one is. */
TcguiContainer *
tcgui_window_get_selected_container (TcguiWindow *self)
{
  TcguiNamespace *ns = tcgui_sidebar_get_selected (self->sidebar);
  TcguiContainer *container;

  if (ns == NULL || tcgui_namespace_get_container (ns) == NULL || self->inventory == NULL)
    return NULL;
  container = tcgui_inventory_lookup_container (self->inventory, tcgui_namespace_get_key (ns));
  return container != NULL ? container : tcgui_namespace_get_container (ns);
}

/* The selected container may have changed (state, networks): the header
 * shows the inventory's latest copy. */
static void
update_target_header (TcguiWindow *self)
{
  TcguiTargetHeader *header = tcgui_links_page_get_target_header (self->links_page);

  tcgui_target_header_set_container (header, tcgui_window_get_selected_container (self));
  tcgui_window_update_profile_ui (self);
}

/* Podman names its containers' namespaces (/run/netns/netns-UUID): such a
 * namespace is listed as its container, not twice. */
static gboolean
is_container_netns (TcguiNamespace *ns,
                    GPtrArray      *rows)
{
  guint64 inode = tcgui_namespace_get_inode (ns);

  if (inode == 0 || g_strcmp0 (tcgui_namespace_get_kind (ns), "netns") != 0)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      TcguiContainer *container = tcgui_namespace_get_container (g_ptr_array_index (rows, i));

      if (tcgui_container_get_netns_inode (container) == inode)
        return TRUE;
    }
  return FALSE;
}

static gboolean
row_equal (GListModel *model,
           guint       position,
           gpointer    item)
{
  g_autoptr(TcguiNamespace) old = g_list_model_get_item (model, position);

  return tcgui_namespace_equal (old, item);
}

/* Whether the row at @position is among @items from @from on. */
static gboolean
row_wanted_later (GListModel *model,
                  guint       position,
                  GPtrArray  *items,
                  guint       from,
                  guint       end)
{
  for (guint k = from; k < end; k++)
    if (row_equal (model, position, items->pdata[k]))
      return TRUE;
  return FALSE;
}

/* Between the unchanged head and tail, every row whose item is still
 * there keeps its widget, sparkline and selection, in order: a container
 * starting while a namespace goes (two changes around the same rows) then
 * changes those two rows only. Rows are dropped or added one by one; a
 * change too large for that (a regrouping) is one splice. */
static void
update_middle (GListStore *store,
               guint       at,
               guint       n_old,
               GPtrArray  *items,
               guint       from,
               guint       end)
{
  GListModel *model = G_LIST_MODEL (store);
  guint i = at, j = from, old_end = at + n_old;

  if ((guint64) n_old * (end - from) > 10000)
    {
      g_list_store_splice (store, at, n_old, items->pdata + from, end - from);
      return;
    }
  while (j < end)
    {
      if (i < old_end && row_equal (model, i, items->pdata[j]))
        {
          i++;
          j++;
        }
      else if (i < old_end && !row_wanted_later (model, i, items, j + 1, end))
        {
          g_list_store_remove (store, i);   /* gone */
          old_end--;
        }
      else
        {
          g_list_store_insert (store, i++, items->pdata[j++]);   /* new */
          old_end++;
        }
    }
  if (old_end > i)
    g_list_store_splice (store, i, old_end - i, NULL, 0);
}

/* Only the run of rows between the unchanged head and tail changes: the
 * other rows keep their widgets (a change is mostly one container
 * starting, stopping or changing). */
static void
update_rows (GListStore *store,
             GPtrArray  *items)
{
  GListModel *model = G_LIST_MODEL (store);
  guint n_old = g_list_model_get_n_items (model);
  guint head = 0, tail = 0;

  while (head < n_old && head < items->len && row_equal (model, head, items->pdata[head]))
    head++;
  while (tail < n_old - head && tail < items->len - head &&
         row_equal (model, n_old - 1 - tail, items->pdata[items->len - 1 - tail]))
    tail++;
  if (n_old == 0 || head + tail == n_old)
    g_list_store_splice (store, head, n_old - head - tail, items->pdata + head,
                         items->len - head - tail);
  else if (head + tail < MAX (n_old, items->len))
    update_middle (store, head, n_old - head - tail, items, head, items->len - tail);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (tcgui_namespace_get_name (*(TcguiNamespace **) a),
                    tcgui_namespace_get_name (*(TcguiNamespace **) b));
}

/* A deleted namespace whose page is open stays listed until the user
 * leaves it: the page, not a jump to Host, says it is gone (its editor
 * greys out at the next change). */
static void
keep_selected_netns (TcguiWindow *self,
                     GPtrArray   *named)
{
  TcguiNamespace *selected = tcgui_sidebar_get_selected (self->sidebar);

  if (selected == NULL || tcgui_namespace_get_container (selected) != NULL ||
      g_strcmp0 (tcgui_namespace_get_kind (selected), "netns") != 0)
    return;
  for (guint i = 0; i < named->len; i++)
    if (g_strcmp0 (tcgui_namespace_get_id (g_ptr_array_index (named, i)),
                   tcgui_namespace_get_id (selected)) == 0)
      return;
  g_ptr_array_add (named, g_object_ref (selected));
  g_ptr_array_sort (named, compare_names);
}

/* The host, then the `ip netns` namespaces: the inventory's, which follow
 * InventoryChanged (an `ip netns add/del`, a Podman restart's new
 * namespace), once it is loaded; ListNamespaces' until then. */
static GPtrArray *
namespace_rows (TcguiWindow *self)
{
  g_autoptr(GPtrArray) named = tcgui_inventory_dup_named_namespaces (self->inventory);
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (self->namespaces); i++)
    {
      TcguiNamespace *ns = g_list_model_get_item (self->namespaces, i);

      if (named == NULL || g_strcmp0 (tcgui_namespace_get_kind (ns), "netns") != 0)
        g_ptr_array_add (items, ns);
      else
        g_object_unref (ns);
    }
  if (named != NULL)
    {
      keep_selected_netns (self, named);
      g_ptr_array_extend_and_steal (items, g_steal_pointer (&named));
    }
  return items;
}

/* The container whose page is open: it stays listed (and open) while it
 * restarts, even when stopped containers are hidden. */
static const char *
selected_container_key (TcguiWindow *self)
{
  TcguiNamespace *ns = tcgui_sidebar_get_selected (self->sidebar);

  return ns != NULL && tcgui_namespace_get_container (ns) != NULL ? tcgui_namespace_get_key (ns)
                                                                  : NULL;
}

/* The sidebar's rows: the namespaces, then the inventory's containers as
 * the settings group them. */
static void
rebuild_sidebar_full (TcguiWindow *self,
                      gboolean     quiet)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) namespaces = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->namespaces == NULL)
    return;

  rows = tcgui_inventory_build_rows (self->inventory, self->config, selected_container_key (self));
  namespaces = namespace_rows (self);
  for (guint i = 0; i < namespaces->len; i++)
    {
      TcguiNamespace *ns = g_ptr_array_index (namespaces, i);

      if (!is_container_netns (ns, rows))
        g_ptr_array_add (items, g_object_ref (ns));
    }
  g_ptr_array_extend_and_steal (items, g_steal_pointer (&rows));
  update_rows (self->rows, items);

  tcgui_sidebar_set_quiet_reselect (self->sidebar, quiet);
  tcgui_sidebar_set_namespaces (self->sidebar, G_LIST_MODEL (self->rows));
  select_after_reload (self);
  tcgui_sidebar_set_quiet_reselect (self->sidebar, FALSE);
  show_runtime_status (self);
  update_target_header (self);
}

/* A live change (inventory, settings): the selected item's page stays. */
static void
rebuild_sidebar (TcguiWindow *self)
{
  rebuild_sidebar_full (self, TRUE);
}

static void
inventory_changed_cb (TcguiWindow *self)
{
  if (self->namespaces == NULL)
    return;
  rebuild_sidebar (self);
}

/* The app's models could not be read as they were: until dismissed, the
 * user should know where their old file went. */
static void
notice_cb (TcguiWindow *self,
           const char  *message)
{
  tcgui_toast_show (GTK_WIDGET (self->toast_overlay), message, 0);
}

static void selected_cb (TcguiWindow *self);

static void
list_namespaces_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(TcguiWindow) self = user_data;
  g_autoptr(GListModel) namespaces = NULL;
  g_autoptr(TcguiNamespace) selected = NULL;
  g_autoptr(GError) error = NULL;

  namespaces = tcgui_helper_client_list_namespaces_finish (TCGUI_HELPER_CLIENT (object),
                                                           result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Errors that change the helper's state already show their page. */
  if (namespaces == NULL)
    {
      if (tcgui_helper_client_get_state (self->client) == TCGUI_HELPER_STATE_READY)
        {
          g_autofree char *message = tcgui_user_error_message (error);

          tcgui_status_view_set_error (self->status_view, _("Cannot List Namespaces"), message);
          gtk_stack_set_visible_child_name (self->main_stack, "status");
        }
      return;
    }

  /* A row that changed is a new object: selecting it notifies and its page
   * reloads in selected_cb(). A row that stayed is reloaded here: this is
   * a refresh. */
  selected = tcgui_sidebar_get_selected (self->sidebar);
  if (selected != NULL)
    g_object_ref (selected);
  g_set_object (&self->namespaces, namespaces);
  rebuild_sidebar_full (self, FALSE);
  if (selected != NULL && selected == tcgui_sidebar_get_selected (self->sidebar))
    selected_cb (self);
  gtk_stack_set_visible_child_name (self->main_stack, "main");
}

/**
 * tcgui_window_reload:
 *
 * Reads the namespaces again, then the links of the selected one.
 */
void
tcgui_window_reload (TcguiWindow *self)
{
  g_return_if_fail (TCGUI_IS_WINDOW (self));

  if (tcgui_helper_client_get_state (self->client) != TCGUI_HELPER_STATE_READY)
    {
      tcgui_helper_client_retry (self->client);
      return;
    }

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "main") != 0)
    {
      tcgui_status_view_set_loading (self->status_view);
      gtk_stack_set_visible_child_name (self->main_stack, "status");
    }

  tcgui_helper_client_list_namespaces_async (self->client, self->cancellable,
                                             list_namespaces_cb, g_object_ref (self));
  tcgui_inventory_reload (self->inventory);
  if (!self->told_capabilities)
    tcgui_helper_client_get_capabilities_async (self->client, self->cancellable,
                                                capabilities_cb, g_object_ref (self));
}

static void
client_state_cb (TcguiWindow *self)
{
  if (tcgui_helper_client_get_state (self->client) == TCGUI_HELPER_STATE_READY)
    tcgui_window_reload (self);
  else
    show_status (self);
}

static gboolean
regroup_cb (gpointer data)
{
  TcguiWindow *self = data;

  self->regroup_id = 0;
  rebuild_sidebar (self);
  return G_SOURCE_REMOVE;
}

static void
selected_cb (TcguiWindow *self)
{
  TcguiNamespace *ns = tcgui_sidebar_get_selected (self->sidebar);

  /* A row kept only because its page was open (a deleted namespace, a
   * stopped container) goes once the user has left it. */
  if (self->regroup_id == 0)
    self->regroup_id = g_idle_add (regroup_cb, self);
  if (ns == NULL)
    return;

  adw_window_title_set_title (self->content_title, tcgui_namespace_get_name (ns));
  if (tcgui_namespace_get_container (ns) != NULL)
    {
      TcguiContainer *container = tcgui_namespace_get_container (ns);
      g_autofree char *runtime = tcgui_container_dup_runtime_label (container);
      g_autofree char *subtitle = g_strdup_printf (_("%s container"), runtime);

      adw_window_title_set_subtitle (self->content_title, subtitle);
    }
  else
    adw_window_title_set_subtitle (self->content_title,
                                   g_strcmp0 (tcgui_namespace_get_kind (ns), "host") == 0
                                   ? _("The host’s network") : _("Network namespace"));
  update_target_header (self);
  gtk_stack_set_visible_child_name (self->content_stack, "links");
  tcgui_links_page_load (self->links_page, self->client, ns);
}

/* A network's heading in the sidebar (or Ctrl+M on a container of it):
 * the network's page, its containers' matrix. */
static void
show_network (TcguiWindow *self,
              const char  *network_key)
{
  TcguiNetwork *network = tcgui_inventory_lookup_network (self->inventory, network_key);

  if (network == NULL)
    return;
  tcgui_network_page_load (self->network_page, self->client, self->inventory, network_key);
  adw_window_title_set_title (self->content_title, tcgui_network_get_name (network));
  adw_window_title_set_subtitle (self->content_title, _("Container network"));
  gtk_stack_set_visible_child_name (self->content_stack, "network");
  adw_leaflet_set_visible_child (self->leaflet, self->content_box);
}

static void
show_network_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  show_network (TCGUI_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* Ctrl+M: the network of the selected container's row (its heading's). */
static void
network_matrix_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TcguiWindow *self = TCGUI_WINDOW (widget);
  TcguiNamespace *ns = tcgui_sidebar_get_selected (self->sidebar);
  TcguiContainer *container = ns != NULL ? tcgui_namespace_get_container (ns) : NULL;
  GPtrArray *attachments = container != NULL ? tcgui_container_get_attachments (container) : NULL;

  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    {
      TcguiAttachment *a = attachments->pdata[i];

      if (g_strcmp0 (a->network, tcgui_namespace_get_subgroup (ns)) == 0 ||
          g_strcmp0 (a->network, tcgui_namespace_get_group (ns)) == 0 || attachments->len == 1)
        {
          show_network (self, a->network_key);
          return;
        }
    }
}

static void
namespace_activated_cb (TcguiWindow *self)
{
  /* The row selected already: back from a network's page to its own. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "links") != 0 &&
      tcgui_sidebar_get_selected (self->sidebar) != NULL)
    selected_cb (self);
  adw_leaflet_set_visible_child (self->leaflet, self->content_box);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  tcgui_window_reload (TCGUI_WINDOW (widget));
}

/* "Shaped Now" (tcgui-shaped-view.c), in a window of its own. */
static void
shaped_now_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  tcgui_shaped_view_present (GTK_WINDOW (widget), TCGUI_WINDOW (widget)->shaped);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  tcgui_window_reload (TCGUI_WINDOW (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TcguiWindow *self = TCGUI_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "main") != 0)
    return;

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  tcgui_sidebar_set_search_mode (self->sidebar, !tcgui_sidebar_get_search_mode (self->sidebar));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  adw_leaflet_navigate (TCGUI_WINDOW (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
restore_window_state (TcguiWindow      *self,
                      TcguiApplication *app)
{
  GSettings *settings = tcgui_application_get_settings (app);
  int width, height;

  if (settings == NULL)
    return;

  g_settings_get (settings, "window-size", "(ii)", &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_window_state (TcguiWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GSettings *settings;
  int width, height;

  if (app == NULL || !(settings = tcgui_application_get_settings (TCGUI_APPLICATION (app))))
    return;

  /* The default size is the unmaximized one, which is what to restore. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set (settings, "window-size", "(ii)", width, height);
  g_settings_set_boolean (settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
tcgui_window_close_request (GtkWindow *window)
{
  TcguiWindow *self = TCGUI_WINDOW (window);

  g_cancellable_cancel (self->cancellable);
  tcgui_links_page_cancel (self->links_page);
  save_window_state (self);

  return GTK_WINDOW_CLASS (tcgui_window_parent_class)->close_request (window);
}

/* The menu's toggles act on the app's settings (tcgui-config.c), which
 * save themselves; a change, or the file read, regroups the sidebar. */
static void
setup_config (TcguiWindow *self)
{
  static const struct { const char *action; const char *property; } toggles[] = {
    { "group-by-network", "group-by-network" },
    { "show-stopped", "show-stopped" },
    { "runtime-docker", "docker-enabled" },
    { "runtime-podman", "podman-enabled" },
    { "runtime-other", "other-enabled" },
  };
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();

  g_signal_connect_object (self->config, "notify::loaded", G_CALLBACK (rebuild_sidebar), self,
                           G_CONNECT_SWAPPED);
  for (guint i = 0; i < G_N_ELEMENTS (toggles); i++)
    {
      g_autoptr(GPropertyAction) action = g_property_action_new (toggles[i].action, self->config,
                                                                 toggles[i].property);
      g_autofree char *signal = g_strdup_printf ("notify::%s", toggles[i].property);

      g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
      g_signal_connect_object (self->config, signal, G_CALLBACK (rebuild_sidebar), self,
                               G_CONNECT_SWAPPED);
    }
  gtk_widget_insert_action_group (GTK_WIDGET (self), "inventory", G_ACTION_GROUP (group));
}

static void
tcgui_window_dispose (GObject *object)
{
  TcguiWindow *self = (TcguiWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->regroup_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), TCGUI_TYPE_WINDOW);
  g_clear_object (&self->client);
  if (self->inventory != NULL)
    g_signal_handlers_disconnect_by_data (self->inventory, self);
  if (self->config != NULL)
    g_signal_handlers_disconnect_by_data (self->config, self);
  tcgui_window_profiles_dispose (self);
  g_clear_object (&self->inventory);
  g_clear_object (&self->config);
  g_clear_object (&self->namespaces);
  g_clear_object (&self->rows);
  g_clear_object (&self->shaped);

  G_OBJECT_CLASS (tcgui_window_parent_class)->dispose (object);
}

static void
tcgui_window_finalize (GObject *object)
{
  TcguiWindow *self = (TcguiWindow *)object;

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (tcgui_window_parent_class)->finalize (object);
}

static void
tcgui_window_class_init (TcguiWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = tcgui_window_dispose;
  object_class->finalize = tcgui_window_finalize;
  window_class->close_request = tcgui_window_close_request;

  g_type_ensure (TCGUI_TYPE_LINKS_PAGE);
  g_type_ensure (TCGUI_TYPE_TARGET_HEADER);
  g_type_ensure (TCGUI_TYPE_SIDEBAR);
  g_type_ensure (TCGUI_TYPE_STATUS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tcgui/TcGui/tcgui-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TcguiWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TcguiWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, TcguiWindow, status_view);
  gtk_widget_class_bind_template_child (widget_class, TcguiWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, TcguiWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, TcguiWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, TcguiWindow, links_page);
  gtk_widget_class_bind_template_child (widget_class, TcguiWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, TcguiWindow, content_stack);
  gtk_widget_class_bind_template_callback (widget_class, selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, namespace_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.shaped-now", NULL, shaped_now_action);
  gtk_widget_class_install_action (widget_class, "win.show-network", "s", show_network_action);
  gtk_widget_class_install_action (widget_class, "win.network-matrix", NULL,
                                   network_matrix_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK,
                                       "win.network-matrix", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);
  tcgui_window_profiles_class_init (widget_class);
}

static void
tcgui_window_init (TcguiWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->rows = g_list_store_new (TCGUI_TYPE_NAMESPACE);
  tcgui_sidebar_set_key_capture_widget (self->sidebar, GTK_WIDGET (self));
  self->network_page = TCGUI_NETWORK_PAGE (tcgui_network_page_new ());
  gtk_stack_add_named (self->content_stack, GTK_WIDGET (self->network_page), "network");
  tcgui_window_profiles_init (self);
  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

TcguiWindow *
tcgui_window_new (TcguiApplication *application)
{
  TcguiWindow *self;

  g_return_val_if_fail (TCGUI_IS_APPLICATION (application), NULL);

  self = g_object_new (TCGUI_TYPE_WINDOW,
                       "application", application,
                       NULL);
  restore_window_state (self, application);

  /* Views of the app's models (docs/architecture.md). */
  self->client = g_object_ref (tcgui_application_get_client (application));
  self->config = g_object_ref (tcgui_application_get_config (application));
  self->inventory = g_object_ref (tcgui_application_get_inventory (application));
  self->profiles = g_object_ref (tcgui_application_get_profiles (application));
  self->applier = g_object_ref (tcgui_application_get_applier (application));
  self->rules = g_object_ref (tcgui_application_get_rules (application));
  setup_config (self);
  g_signal_connect_object (application, "notice", G_CALLBACK (notice_cb), self,
                           G_CONNECT_SWAPPED);
  tcgui_sidebar_set_counters (self->sidebar, tcgui_application_get_counters (application),
                              self->client);
  tcgui_links_page_set_counters (self->links_page, tcgui_application_get_counters (application));
  /* What TC GUI shapes, for the rows' badges and "Shaped Now". */
  self->shaped = tcgui_shaped_model_new (self->client);
  tcgui_shaped_model_set_namespaces (self->shaped, G_LIST_MODEL (self->rows));
  tcgui_sidebar_set_shaped_model (self->sidebar, self->shaped);
  tcgui_sidebar_set_rules (self->sidebar, self->rules);
  tcgui_links_page_set_shaped_model (self->links_page, self->shaped);
  g_signal_connect_object (self->inventory, "changed", G_CALLBACK (inventory_changed_cb), self,
                           G_CONNECT_SWAPPED);
  tcgui_window_profiles_start (self);
  g_signal_connect_object (self->client, "notify::state",
                           G_CALLBACK (client_state_cb), self, G_CONNECT_SWAPPED);
  client_state_cb (self);

  return self;
}

/**
 * tcgui_window_shaping_changed:
 * @message: what changed, for a toast
 *
 * Shaping changed outside the window (app.reset-all): tells the user and
 * reads the open editors' kernel state again.
 */
void
tcgui_window_shaping_changed (TcguiWindow *self,
                              const char  *message)
{
  g_return_if_fail (TCGUI_IS_WINDOW (self));

  tcgui_toast_show (GTK_WIDGET (self->toast_overlay), message, 5);
  tcgui_links_page_reload_shaping (self->links_page);
}
