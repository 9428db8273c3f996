/* tcgui-inventory.c - the helper's container inventory, kept live
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The protocol of docs/inventory.md: subscribe to InventoryChanged first
 * (the app's helper session's proxy subscribes before the session is
 * ready), then GetInventory (through TcguiHelperClient, so that its errors
 * set the client's state);
 * signals that arrive while the call is in flight are queued and those
 * newer than the reply's generation applied after it. A new owner of the
 * helper's name (a restarted helper) starts a full resync.
 */

#define G_LOG_DOMAIN "tcgui-inventory"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-helper-client-private.h"
#include "tcgui-inventory.h"
#include "tcgui-namespace.h"

#define INVENTORY_VERSION 1

struct _TcguiInventory
{
  GObject            parent_instance;

  TcguiHelperClient *client;
  GCancellable      *cancellable;
  GHashTable        *containers;   /* key → TcguiContainer */
  GHashTable        *networks;     /* key → TcguiNetwork */
  GHashTable        *runtimes;     /* key → GVariant a{sv} */
  GHashTable        *netns;        /* key → TcguiNamespace, `ip netns` */
  GPtrArray         *queued;       /* (ta{sv}as) signals during a load */
  guint64            generation;
  char              *owner;
  char              *error;
  guint              changed_id;
  guint              loading : 1;
  guint              loaded : 1;
  guint              reload_pending : 1;
  guint              requested : 1;
};

G_DEFINE_FINAL_TYPE (TcguiInventory, tcgui_inventory, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOADED,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_load (TcguiInventory *self);

static gboolean
emit_changed_cb (gpointer data)
{
  TcguiInventory *self = data;

  self->changed_id = 0;
  g_signal_emit (self, signals[CHANGED], 0);
  return G_SOURCE_REMOVE;
}

/* Signals come in bursts (a container start: create, connect, start):
 * the sidebar is rebuilt once per main loop iteration at most. */
static void
schedule_changed (TcguiInventory *self)
{
  if (self->changed_id == 0)
    self->changed_id = g_idle_add (emit_changed_cb, self);
}

static void
remove_key (TcguiInventory *self,
            const char     *key)
{
  g_hash_table_remove (self->containers, key);
  g_hash_table_remove (self->networks, key);
  g_hash_table_remove (self->runtimes, key);
  g_hash_table_remove (self->netns, key);
}

/* A /run/netns entry, as ListNamespaces would list it: the sidebar
 * follows the helper's GFileMonitor through InventoryChanged. */
static TcguiNamespace *
netns_from_item (GVariant *dict)
{
  g_auto(GVariantDict) d = G_VARIANT_DICT_INIT (dict);
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(GVariant) entry = NULL;
  const char *id = NULL, *name = NULL;
  guint64 inode = 0;

  if (!g_variant_dict_lookup (&d, "namespace", "&s", &id))
    return NULL;
  g_variant_dict_lookup (&d, "name", "&s", &name);
  g_variant_dict_lookup (&d, "netns-inode", "t", &inode);
  g_variant_builder_add (&b, "{sv}", "id", g_variant_new_string (id));
  g_variant_builder_add (&b, "{sv}", "kind", g_variant_new_string ("netns"));
  g_variant_builder_add (&b, "{sv}", "name", g_variant_new_string (name ? name : id));
  g_variant_builder_add (&b, "{sv}", "inode", g_variant_new_uint64 (inode));
  entry = g_variant_ref_sink (g_variant_builder_end (&b));
  return tcgui_namespace_new_from_variant (entry);
}

static void
apply_item (TcguiInventory *self,
            GVariant       *dict)
{
  const char *kind = NULL;
  const char *key = NULL;

  if (!g_variant_lookup (dict, "key", "&s", &key) ||
      !g_variant_lookup (dict, "kind", "&s", &kind))
    return;

  /* A changed item is complete: it replaces the old one. */
  remove_key (self, key);
  if (g_strcmp0 (kind, "container") == 0)
    {
      TcguiContainer *container = tcgui_container_new_from_variant (dict);

      if (container != NULL)
        g_hash_table_insert (self->containers, g_strdup (key), container);
    }
  else if (g_strcmp0 (kind, "network") == 0)
    {
      TcguiNetwork *network = tcgui_network_new_from_variant (dict);

      if (network != NULL)
        g_hash_table_insert (self->networks, g_strdup (key), network);
    }
  else if (g_strcmp0 (kind, "runtime") == 0)
    g_hash_table_insert (self->runtimes, g_strdup (key), g_variant_ref (dict));
  else if (g_strcmp0 (kind, "netns") == 0)
    {
      TcguiNamespace *ns = netns_from_item (dict);

      if (ns != NULL)
        g_hash_table_insert (self->netns, g_strdup (key), ns);
    }
}

static void
apply_items (TcguiInventory *self,
             GVariant       *items)
{
  GVariantIter iter;
  GVariant *dict;

  g_variant_iter_init (&iter, items);
  while ((dict = g_variant_iter_next_value (&iter)))
    {
      apply_item (self, dict);
      g_variant_unref (dict);
    }
}

static void
apply_change (TcguiInventory *self,
              guint64         generation,
              GVariant       *changed,
              const char    **removed)
{
  /* Older than what GetInventory returned: already in the table. */
  if (generation <= self->generation)
    return;

  self->generation = generation;
  apply_items (self, changed);
  for (guint i = 0; removed != NULL && removed[i] != NULL; i++)
    remove_key (self, removed[i]);
  schedule_changed (self);
}

static void
inventory_changed_cb (TcguiInventory     *self,
                      guint64             generation,
                      GVariant           *changed,
                      const char        **removed,
                      TcguiHelperClient  *client)
{
  if (self->loading)
    {
      g_ptr_array_add (self->queued,
                       g_variant_ref_sink (g_variant_new ("(t@aa{sv}^as)", generation,
                                                          changed, removed)));
      return;
    }
  if (self->loaded)
    apply_change (self, generation, changed, removed);
}

static void
apply_queued (TcguiInventory *self)
{
  for (guint i = 0; i < self->queued->len; i++)
    {
      g_autoptr(GVariant) changed = NULL;
      g_autofree const char **removed = NULL;
      guint64 generation;

      g_variant_get (g_ptr_array_index (self->queued, i), "(t@aa{sv}^a&s)",
                     &generation, &changed, &removed);
      apply_change (self, generation, changed, removed);
    }
  g_ptr_array_set_size (self->queued, 0);
}

static void
set_error (TcguiInventory *self,
           const char     *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
}

static void
apply_reply (TcguiInventory *self,
             GVariant       *reply)
{
  g_autoptr(GVariant) items = NULL;
  guint32 version;

  g_variant_get (reply, "(ut@aa{sv})", &version, &self->generation, &items);
  if (version != INVENTORY_VERSION)
    {
      /* Keys are only added within a version; another one is unknown. */
      g_autofree char *message =
        g_strdup_printf (_("The helper’s inventory has version %u; this app reads version %u"),
                         version, INVENTORY_VERSION);
      set_error (self, message);
      return;
    }

  g_hash_table_remove_all (self->containers);
  g_hash_table_remove_all (self->networks);
  g_hash_table_remove_all (self->runtimes);
  g_hash_table_remove_all (self->netns);
  apply_items (self, items);
  set_error (self, NULL);
  apply_queued (self);
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
}

static void
get_inventory_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TcguiInventory) self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = tcgui_helper_client_call_finish_reply (TCGUI_HELPER_CLIENT (object), result,
                                                 tcgui_inventory_reload, "(utaa{sv})", &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading = FALSE;
  if (reply == NULL)
    {
      g_debug ("GetInventory failed: %s", error->message);
      set_error (self, error->message);
      g_ptr_array_set_size (self->queued, 0);
    }
  else
    apply_reply (self, reply);
  schedule_changed (self);

  if (self->reload_pending)
    start_load (self);
}

static void
start_load (TcguiInventory *self)
{
  self->reload_pending = FALSE;
  self->loading = TRUE;
  g_ptr_array_set_size (self->queued, 0);
  tcgui_helper_client_call_async (self->client, "GetInventory", NULL, tcgui_inventory_reload,
                                  self->cancellable, get_inventory_cb, g_object_ref (self));
}

/* A new helper knows nothing of the generations of the old one. */
static void
helper_running_cb (TcguiInventory *self)
{
  const char *owner = tcgui_helper_client_get_owner (self->client);

  g_debug ("Helper name owner: %s", owner ? owner : "(none)");
  if (owner == NULL)
    return;
  if (g_strcmp0 (owner, self->owner) != 0 && self->requested)
    {
      self->generation = 0;
      tcgui_inventory_reload (self);
    }
  g_free (self->owner);
  self->owner = g_strdup (owner);
}

static void
tcgui_inventory_dispose (GObject *object)
{
  TcguiInventory *self = (TcguiInventory *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->changed_id, g_source_remove);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (tcgui_inventory_parent_class)->dispose (object);
}

static void
tcgui_inventory_finalize (GObject *object)
{
  TcguiInventory *self = (TcguiInventory *)object;

  g_clear_object (&self->cancellable);
  g_hash_table_unref (self->containers);
  g_hash_table_unref (self->networks);
  g_hash_table_unref (self->runtimes);
  g_hash_table_unref (self->netns);
  g_ptr_array_unref (self->queued);
  g_free (self->owner);
  g_free (self->error);

  G_OBJECT_CLASS (tcgui_inventory_parent_class)->finalize (object);
}

static void
tcgui_inventory_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TcguiInventory *self = TCGUI_INVENTORY (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tcgui_inventory_class_init (TcguiInventoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tcgui_inventory_dispose;
  object_class->finalize = tcgui_inventory_finalize;
  object_class->get_property = tcgui_inventory_get_property;

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Items were loaded, changed or removed, or a load failed. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
tcgui_inventory_init (TcguiInventory *self)
{
  self->cancellable = g_cancellable_new ();
  self->containers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->networks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->runtimes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_variant_unref);
  self->netns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->queued = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
}

/**
 * tcgui_inventory_new:
 *
 * Subscribes to InventoryChanged at once; call tcgui_inventory_reload()
 * to load (the window does when the client is ready).
 */
TcguiInventory *
tcgui_inventory_new (TcguiHelperClient *client)
{
  TcguiInventory *self;

  g_return_val_if_fail (TCGUI_IS_HELPER_CLIENT (client), NULL);

  self = g_object_new (TCGUI_TYPE_INVENTORY, NULL);
  self->client = g_object_ref (client);
  self->owner = g_strdup (tcgui_helper_client_get_owner (client));
  g_signal_connect_object (client, "inventory-changed", G_CALLBACK (inventory_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "notify::helper-running", G_CALLBACK (helper_running_cb),
                           self, G_CONNECT_SWAPPED);
  return self;
}

/**
 * tcgui_inventory_reload:
 *
 * Loads the whole inventory again (once subscribed to its signal). Emits
 * #TcguiInventory::changed when done, also on failure.
 */
void
tcgui_inventory_reload (TcguiInventory *self)
{
  g_return_if_fail (TCGUI_IS_INVENTORY (self));

  self->requested = TRUE;
  if (self->loading)
    {
      self->reload_pending = TRUE;
      return;
    }
  start_load (self);
}

gboolean
tcgui_inventory_get_loaded (TcguiInventory *self)
{
  g_return_val_if_fail (TCGUI_IS_INVENTORY (self), FALSE);
  return self->loaded;
}

guint64
tcgui_inventory_get_generation (TcguiInventory *self)
{
  g_return_val_if_fail (TCGUI_IS_INVENTORY (self), 0);
  return self->generation;
}

/**
 * tcgui_inventory_lookup_container:
 *
 * Returns: (nullable) (transfer none): the container with that key
 */
TcguiContainer *
tcgui_inventory_lookup_container (TcguiInventory *self,
                                  const char     *key)
{
  g_return_val_if_fail (TCGUI_IS_INVENTORY (self), NULL);
  return key ? g_hash_table_lookup (self->containers, key) : NULL;
}

/**
 * tcgui_inventory_dup_containers:
 *
 * Returns: (transfer container) (element-type TcguiContainer): every
 *   container of the inventory, whatever the settings hide
 */
GPtrArray *
tcgui_inventory_dup_containers (TcguiInventory *self)
{
  GPtrArray *containers = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (TCGUI_IS_INVENTORY (self), containers);

  g_hash_table_iter_init (&iter, self->containers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (containers, g_object_ref (value));
  return containers;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (tcgui_namespace_get_name (*(TcguiNamespace **) a),
                    tcgui_namespace_get_name (*(TcguiNamespace **) b));
}

/**
 * tcgui_inventory_dup_named_namespaces:
 *
 * Returns: (transfer container) (nullable) (element-type TcguiNamespace):
 *   the `ip netns` namespaces sorted by name as the helper sees them now,
 *   or %NULL until the inventory is loaded (or when its load failed)
 */
GPtrArray *
tcgui_inventory_dup_named_namespaces (TcguiInventory *self)
{
  GPtrArray *list;
  GHashTableIter iter;
  TcguiNamespace *ns;

  g_return_val_if_fail (TCGUI_IS_INVENTORY (self), NULL);

  if (!self->loaded || self->error != NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func (g_object_unref);
  g_hash_table_iter_init (&iter, self->netns);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &ns))
    g_ptr_array_add (list, g_object_ref (ns));
  g_ptr_array_sort (list, compare_names);
  return list;
}

/**
 * tcgui_inventory_lookup_network:
 *
 * Returns: (nullable) (transfer none): the network with that key
 */
TcguiNetwork *
tcgui_inventory_lookup_network (TcguiInventory *self,
                                const char     *key)
{
  g_return_val_if_fail (TCGUI_IS_INVENTORY (self), NULL);
  return key ? g_hash_table_lookup (self->networks, key) : NULL;
}

/* @keep_key: the container whose page is open, listed also while it is
 * stopped: a restart (stop, then start) must not take the user's place. */
static gboolean
container_shown (TcguiContainer *container,
                 TcguiConfig    *config,
                 const char     *keep_key)
{
  return tcgui_config_get_runtime_enabled (config, tcgui_container_get_runtime (container)) &&
         (tcgui_container_is_running (container) || tcgui_config_get_show_stopped (config) ||
          g_strcmp0 (tcgui_container_get_key (container), keep_key) == 0);
}

/* The network's own flag wins over the attachment's copy of it. */
static gboolean
attachment_internal (TcguiInventory  *self,
                     TcguiAttachment *a)
{
  TcguiNetwork *network = tcgui_inventory_lookup_network (self, a->network_key);

  return network != NULL ? tcgui_network_get_internal (network) : a->internal;
}

static void
add_rows (TcguiInventory *self,
          TcguiContainer *container,
          gboolean        network_first,
          GPtrArray      *rows)
{
  GPtrArray *attachments = tcgui_container_get_attachments (container);
  const char *runtime = tcgui_runtime_group_label (tcgui_container_get_runtime (container));

  if (attachments->len == 0)
    g_ptr_array_add (rows, tcgui_namespace_new_for_container (container, runtime, FALSE,
                                                              NULL, FALSE));
  for (guint i = 0; i < attachments->len; i++)
    {
      TcguiAttachment *a = g_ptr_array_index (attachments, i);
      gboolean internal = attachment_internal (self, a);

      if (network_first)
        g_ptr_array_add (rows, tcgui_namespace_new_for_container (container, a->network, internal,
                                                                  runtime, FALSE));
      else
        g_ptr_array_add (rows, tcgui_namespace_new_for_container (container, runtime, FALSE,
                                                                  a->network, internal));
    }
}

/* Docker, Podman, Other in that order; networks (network-first) before
 * the runtimes' containers that have none. */
static int
group_rank (const char *group)
{
  if (g_strcmp0 (group, _("Docker")) == 0)
    return 1;
  if (g_strcmp0 (group, _("Podman")) == 0)
    return 2;
  if (g_strcmp0 (group, _("Other")) == 0)
    return 3;
  return 0;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  TcguiNamespace *x = *(TcguiNamespace **) a;
  TcguiNamespace *y = *(TcguiNamespace **) b;
  int diff;

  diff = group_rank (tcgui_namespace_get_group (x)) - group_rank (tcgui_namespace_get_group (y));
  if (diff == 0)
    diff = g_strcmp0 (tcgui_namespace_get_group (x), tcgui_namespace_get_group (y));
  if (diff == 0)
    diff = g_strcmp0 (tcgui_namespace_get_subgroup (x), tcgui_namespace_get_subgroup (y));
  if (diff == 0)
    diff = g_utf8_collate (tcgui_namespace_get_name (x), tcgui_namespace_get_name (y));
  if (diff == 0)
    diff = g_strcmp0 (tcgui_namespace_get_key (x), tcgui_namespace_get_key (y));
  return diff;
}

/**
 * tcgui_inventory_build_rows:
 *
 * The sidebar's container rows as @config wants them: runtimes turned off
 * and (unless shown) stopped containers left out, one row per network a
 * container is on, grouped by runtime then network or the other way round.
 * @keep_key (nullable), the key of the container whose page is open, is
 * listed also while stopped: its page stays through a restart.
 *
 * Returns: (transfer container) (element-type TcguiNamespace): sorted
 */
GPtrArray *
tcgui_inventory_build_rows (TcguiInventory *self,
                            TcguiConfig    *config,
                            const char     *keep_key)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean network_first = tcgui_config_get_group_by_network (config);
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (TCGUI_IS_INVENTORY (self), rows);

  g_hash_table_iter_init (&iter, self->containers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (container_shown (value, config, keep_key))
      add_rows (self, value, network_first, rows);

  g_ptr_array_sort (rows, compare_rows);
  return rows;
}

/* The errno text of a missing socket, as GIO words it. */
static gboolean
error_means_missing (const char *error)
{
  return error != NULL && (strstr (error, "No such file") != NULL ||
                           strstr (error, "not found") != NULL);
}

static void
append_detail (GString    *detail,
               const char *name,
               const char *error)
{
  if (detail->len > 0)
    g_string_append_c (detail, '\n');
  g_string_append_printf (detail, "%s: %s", name, error[0] ? error : _("not connected"));
}

static TcguiRuntimeStatus
runtimes_status (TcguiInventory *self,
                 TcguiConfig    *config,
                 GString        *detail)
{
  g_autoptr(GString) missing = g_string_new (NULL);
  gboolean any_available = FALSE;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->runtimes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const char *name = "", *error = "";
      gboolean available = FALSE;

      g_variant_lookup (value, "name", "&s", &name);
      g_variant_lookup (value, "available", "b", &available);
      g_variant_lookup (value, "error", "&s", &error);
      if (!tcgui_config_get_runtime_enabled (config, name))
        continue;
      if (available)
        any_available = TRUE;
      else
        append_detail (error_means_missing (error) ? missing : detail, name, error);
    }

  if (detail->len > 0)
    return TCGUI_RUNTIME_STATUS_NOT_ACCESSIBLE;
  if (!any_available)
    {
      g_string_assign (detail, missing->str);
      return TCGUI_RUNTIME_STATUS_NOT_FOUND;
    }
  return TCGUI_RUNTIME_STATUS_NO_CONTAINERS;
}

/**
 * tcgui_inventory_get_status:
 * @detail: (out) (optional): the runtimes' errors, one per line
 *
 * What the sidebar says instead of containers when it has none to show.
 */
TcguiRuntimeStatus
tcgui_inventory_get_status (TcguiInventory  *self,
                            TcguiConfig     *config,
                            char           **detail)
{
  g_autoptr(GString) text = g_string_new (NULL);
  TcguiRuntimeStatus status = TCGUI_RUNTIME_STATUS_OK;
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (TCGUI_IS_INVENTORY (self), TCGUI_RUNTIME_STATUS_LOADING);

  if (self->error != NULL)
    {
      status = TCGUI_RUNTIME_STATUS_ERROR;
      g_string_assign (text, self->error);
    }
  else if (!self->loaded)
    status = TCGUI_RUNTIME_STATUS_LOADING;
  else if (!tcgui_config_get_runtime_enabled (config, "docker") &&
           !tcgui_config_get_runtime_enabled (config, "podman") &&
           !tcgui_config_get_runtime_enabled (config, "other"))
    status = TCGUI_RUNTIME_STATUS_ALL_DISABLED;
  else if ((rows = tcgui_inventory_build_rows (self, config, NULL))->len == 0)
    status = runtimes_status (self, config, text);

  if (detail != NULL)
    *detail = g_strdup (text->str);
  return status;
}
