/* tcgui-service-inventory.c - D-Bus glue of the container inventory
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-service"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tcgui-error.h"
#include "tcgui-discovery.h"
#include "tcgui-service.h"
#include "tcgui-service-inventory.h"

/* The inventory starts with the first GetInventory call (a helper started
 * for shaping does not talk to the runtimes) and lives in the main context
 * until the helper exits. GetInventory runs in a GDBus worker thread: it
 * hands the start to the main context and waits for the first picture. */

#define READY_TIMEOUT_USEC  (5 * G_USEC_PER_SEC)
#define INTERFACE_NAME      "io.github.tcgui.Helper1"

typedef struct
{
  GMutex           lock;
  GCond            cond;
  TcguiDiscovery  *inventory;
  GDBusConnection *connection;
  GHashTable      *callers;     /* unique name → Caller, main context only */
} InventoryService;

/* A connection that called GetInventory, watched until it leaves the bus. */
typedef struct
{
  guint32 uid;
  guint   name_watch_id;
} Caller;

static InventoryService service = { 0 };

typedef struct
{
  TcguiHelper1 *object;
  char         *sender;
  guint32       uid;
  gboolean      done;
} StartRequest;

/* "runtime:podman-user-UID", "container:podman-user-UID:ID", ... */
static guint32
key_owner (const char *key)
{
  const char *p = strstr (key, ":podman-user-");
  guint32 uid;

  if (p == NULL || sscanf (p, ":podman-user-%u", &uid) != 1)
    return G_MAXUINT32;
  return uid;
}

/* What a connection of @uid sees of a change: the items of nobody in
 * particular (no owner-uid) and @uid's own rootless ones. */
static GVariant *
filter_changes (guint64      generation,
                GVariant    *changed,
                const char **removed,
                guint32      uid,
                gboolean    *any)
{
  g_auto(GVariantBuilder) items = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_auto(GVariantBuilder) keys = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("as"));
  GVariantIter iter;
  GVariant *item;

  *any = FALSE;
  g_variant_iter_init (&iter, changed);
  while ((item = g_variant_iter_next_value (&iter)))
    {
      guint32 owner = G_MAXUINT32;

      g_variant_lookup (item, "owner-uid", "u", &owner);
      if (owner == G_MAXUINT32 || owner == uid)
        {
          g_variant_builder_add_value (&items, item);
          *any = TRUE;
        }
      g_variant_unref (item);
    }
  for (guint i = 0; removed[i] != NULL; i++)
    if (key_owner (removed[i]) == G_MAXUINT32 || key_owner (removed[i]) == uid)
      {
        g_variant_builder_add (&keys, "s", removed[i]);
        *any = TRUE;
      }
  return g_variant_new ("(t@aa{sv}@as)", generation,
                        g_variant_builder_end (&items), g_variant_builder_end (&keys));
}

/* Unicast only, to the connections that called GetInventory (and so passed
 * polkit's inspect check): each gets the items of nobody in particular and
 * its own user's rootless ones. A broadcast would reach any client on the
 * system bus, authorized or not. */
static void
inventory_changed_cb (TcguiDiscovery  *inventory,
                      guint64          generation,
                      GVariant        *changed,
                      const char     **removed,
                      gpointer         data)
{
  GHashTableIter iter;
  gpointer sender;
  Caller *caller;
  gboolean any;

  g_hash_table_iter_init (&iter, service.callers);
  while (g_hash_table_iter_next (&iter, &sender, (gpointer *) &caller))
    {
      g_autoptr(GVariant) mine = NULL;

      mine = g_variant_ref_sink (filter_changes (generation, changed, removed,
                                                 caller->uid, &any));
      /* Never reached (changes are sent once they reach 1 MiB): a message
       * the bus refuses would cost the helper its connection. */
      if (g_variant_get_size (mine) > TCGUI_INVENTORY_MAX_MESSAGE_BYTES)
        {
          g_debug ("InventoryChanged for %s too large (%zu bytes): not sent",
                   (const char *) sender, g_variant_get_size (mine));
          continue;
        }
      if (any && service.connection != NULL)
        g_dbus_connection_emit_signal (service.connection, sender, HELPER_OBJECT_PATH,
                                       INTERFACE_NAME, "InventoryChanged", mine, NULL);
    }
}

static void
caller_free (gpointer data)
{
  Caller *caller = data;

  g_bus_unwatch_name (caller->name_watch_id);
  g_free (caller);
}

static void
caller_vanished_cb (GDBusConnection *connection,
                    const char      *name,
                    gpointer         data)
{
  /* Ends the name watch too: a long-lived helper keeps none for callers gone. */
  g_hash_table_remove (service.callers, name);
}

static void
remember_caller (const char *sender,
                 guint32     uid)
{
  Caller *caller;

  if (g_hash_table_contains (service.callers, sender) || service.connection == NULL)
    return;
  caller = g_new0 (Caller, 1);
  caller->uid = uid;
  g_hash_table_insert (service.callers, g_strdup (sender), caller);
  caller->name_watch_id = g_bus_watch_name_on_connection (service.connection, sender,
                                                          G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                          NULL, caller_vanished_cb, NULL, NULL);
}

/**
 * tcgui_service_inventory_ensure:
 * @object: the exported service
 *
 * Creates and starts the inventory if nobody did yet: GetInventory's first
 * call, or the rules engine when the helper holds rules. Main context only.
 *
 * Returns: (transfer none): the inventory
 */
TcguiDiscovery *
tcgui_service_inventory_ensure (TcguiHelper1 *object)
{
  g_mutex_lock (&service.lock);
  if (service.inventory == NULL)
    {
      service.connection = g_dbus_interface_skeleton_get_connection (G_DBUS_INTERFACE_SKELETON (object));
      if (service.connection != NULL)
        g_object_ref (service.connection);
      service.callers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, caller_free);
      service.inventory = tcgui_discovery_new (TCGUI_INVENTORY_CONFIG);
      g_signal_connect (service.inventory, "changed", G_CALLBACK (inventory_changed_cb), NULL);
    }
  g_mutex_unlock (&service.lock);

  tcgui_discovery_start (service.inventory);
  return service.inventory;
}

static gboolean
start_in_main_cb (gpointer data)
{
  StartRequest *request = data;

  tcgui_service_inventory_ensure (request->object);
  /* Each call looks for "Other" containers again: /proc has no events. */
  tcgui_discovery_rescan (service.inventory);
  if (request->uid != 0)
    tcgui_discovery_add_user (service.inventory, request->uid);
  remember_caller (request->sender, request->uid);

  g_mutex_lock (&service.lock);
  request->done = TRUE;
  g_cond_broadcast (&service.cond);
  g_mutex_unlock (&service.lock);
  return G_SOURCE_REMOVE;
}

static TcguiDiscovery *
ensure_started (TcguiHelper1 *object,
                const char   *sender,
                guint32       uid)
{
  StartRequest request = { object, (char *) sender, uid, FALSE };
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = NULL;

  g_main_context_invoke (NULL, start_in_main_cb, &request);
  locker = g_mutex_locker_new (&service.lock);
  while (!request.done)
    g_cond_wait (&service.cond, &service.lock);
  return g_object_ref (service.inventory);
}

gboolean
tcgui_service_handle_get_inventory (TcguiHelper1          *object,
                                    GDBusMethodInvocation *invocation)
{
  const char *sender = g_dbus_method_invocation_get_sender (invocation);
  g_autoptr(TcguiDiscovery) inventory = NULL;
  g_autoptr(GVariant) items = NULL;
  g_autoptr(GError) error = NULL;
  guint64 generation = 0;
  guint32 uid = 0;

  if (sender == NULL || !tcgui_service_get_caller_uid (invocation, &uid, &error))
    {
      g_dbus_method_invocation_return_error (invocation, TCGUI_ERROR, TCGUI_ERROR_FAILED,
                                             "Cannot tell who the caller is: %s",
                                             error ? error->message : "no sender");
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  inventory = ensure_started (object, sender, uid);
  if (!tcgui_discovery_wait_ready (inventory, READY_TIMEOUT_USEC))
    g_debug ("GetInventory: answering before every runtime answered");
  /* The caller's own rootless Podman too (a missing socket fails at once). */
  if (uid != 0 && !tcgui_discovery_wait_user_ready (inventory, uid, READY_TIMEOUT_USEC))
    g_debug ("GetInventory: answering before the rootless Podman of %u answered", uid);

  items = tcgui_discovery_dup_items (inventory, uid, &generation);
  /* Each runtime's part is bounded well below; this is the last guard
   * against a reply the bus would refuse (and close our connection). */
  if (g_variant_get_size (items) > TCGUI_INVENTORY_MAX_MESSAGE_BYTES)
    {
      g_dbus_method_invocation_return_error (invocation, TCGUI_ERROR, TCGUI_ERROR_FAILED,
                                             "The inventory is too large to send (%zu MiB, at most %u)",
                                             g_variant_get_size (items) >> 20,
                                             TCGUI_INVENTORY_MAX_MESSAGE_BYTES >> 20);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  tcgui_helper1_complete_get_inventory (object, invocation, TCGUI_INVENTORY_VERSION,
                                        generation, items);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

void
tcgui_service_inventory_iface_init (TcguiHelper1Iface *iface)
{
  iface->handle_get_inventory = tcgui_service_handle_get_inventory;
}
