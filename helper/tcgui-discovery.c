/* tcgui-discovery.c - the helper's live picture of containers, networks and namespaces
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-inventory"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/nsfs.h>

#include <glib-unix.h>
#include <glib/gstdio.h>

#include "tcgui-cgroup-scan.h"
#include "tcgui-docker.h"
#include "tcgui-error.h"
#include "tcgui-discovery.h"
#include "tcgui-netns.h"
#include "tcgui-nl.h"
#include "tcgui-runtime.h"

/* The inventory is a table of items, each an a{sv} with a unique "key"
 * (docs/inventory.md). It lives in the main context: the runtimes' clients
 * and monitors feed it there. The table itself is guarded by a mutex so
 * that D-Bus handler threads can copy it. Changes are collected and
 * announced in one ::changed emission a few milliseconds later. */

#define FLUSH_DELAY_MSEC    5
#define RESCAN_DELAY_MSEC   250
#define NETNS_DELAY_MSEC    20
#define HOST_LINKS_MAX_AGE  (2 * G_USEC_PER_SEC)
#define NETNS_DIR           "/run/netns"

/* What one runtime may contribute (for a user's rootless Podman: what one
 * user may), docs/security.md. Beyond them containers and networks are
 * left out and the runtime item's "error" says so; the helper goes on. */
#define RUNTIME_MAX_CONTAINERS 1024
#define RUNTIME_MAX_NETWORKS   256
#define RUNTIME_MAX_BYTES      (4u << 20)   /* its items, serialized */
#define ITEM_MAX_INTERFACES    64
/* Changes are announced at once when they reach this many bytes, so that
 * no InventoryChanged comes near the bus's message limit. */
#define FLUSH_MAX_BYTES        (1u << 20)

typedef struct _Runtime Runtime;

struct _TcguiDiscovery
{
  GObject            parent_instance;

  char              *config_path;
  GPtrArray         *runtimes;        /* Runtime */
  GFileMonitor      *netns_monitor;
  guint              flush_id;
  guint              rescan_id;
  guint              netns_id;
  gboolean           started;

  /* Keys changed or removed since the last ::changed, and their bytes. */
  GHashTable        *changed;
  GHashTable        *removed;
  gsize              pending_bytes;

  /* Host links by index, to find the host side of containers' veths. */
  GHashTable        *host_links;
  gint64             host_links_time;
  guint64            host_inode;

  /* "Other" containers: key → pidfd watch source id. */
  GHashTable        *others;

  GMutex             lock;            /* guards the members below */
  GCond              cond;
  GHashTable        *items;           /* key → GVariant a{sv} */
  guint64            generation;
  gboolean           ready;
  GHashTable        *users_ready;     /* uids whose runtime answered once */
};

struct _Runtime
{
  TcguiDiscovery    *inventory;
  TcguiDockerClient *client;
  char              *name;
  guint32            owner_uid;       /* G_MAXUINT32: everybody's */
  GHashTable        *containers;      /* id → TcguiRuntimeContainer */
  GHashTable        *networks;        /* id → TcguiRuntimeNetwork */
  GHashTable        *inspecting;      /* id → GINT_TO_POINTER (again) */
  GHashTable        *event_times;     /* id → gint64* time of the last event */
  GCancellable      *cancellable;
  gboolean           attempted;
  gboolean           syncing;
  guint              pending;         /* inspections of the resync in flight */
  char              *error;
  char              *limit_error;     /* the first limit hit since the resync */
  GHashTable        *item_bytes;      /* key → size of its published item */
  gsize              bytes;           /* the sum of item_bytes */
};

G_DEFINE_FINAL_TYPE (TcguiDiscovery, tcgui_discovery, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_ready (TcguiDiscovery *self);
static void schedule_rescan (TcguiDiscovery *self);
static void publish_runtime (Runtime *rt);

/* ---- the item table ----------------------------------------------------- */

static gboolean
flush_cb (gpointer data)
{
  TcguiDiscovery *self = data;
  g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func (g_free);
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  GHashTableIter iter;
  gpointer key;
  guint64 generation;

  self->flush_id = 0;
  self->pending_bytes = 0;
  g_mutex_lock (&self->lock);
  generation = self->generation;
  g_hash_table_iter_init (&iter, self->changed);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      GVariant *item = g_hash_table_lookup (self->items, key);

      if (item != NULL)
        g_variant_builder_add_value (&builder, item);
    }
  g_mutex_unlock (&self->lock);

  g_hash_table_iter_init (&iter, self->removed);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (removed, g_strdup (key));
  g_ptr_array_add (removed, NULL);
  g_hash_table_remove_all (self->changed);
  g_hash_table_remove_all (self->removed);

  g_signal_emit (self, signals[CHANGED], 0, generation,
                 g_variant_builder_end (&builder), (char **) removed->pdata);
  return G_SOURCE_REMOVE;
}

/* @bytes more are to be announced: at once when they add up. */
static void
schedule_flush (TcguiDiscovery *self,
                gsize           bytes)
{
  self->pending_bytes += bytes;
  if (self->pending_bytes >= FLUSH_MAX_BYTES)
    {
      g_clear_handle_id (&self->flush_id, g_source_remove);
      flush_cb (self);
    }
  else if (self->flush_id == 0)
    self->flush_id = g_timeout_add (FLUSH_DELAY_MSEC, flush_cb, self);
}

/* Takes @item (floating or full). Unchanged items are not announced. */
static void
set_item (TcguiDiscovery *self,
          const char     *key,
          GVariant       *item)
{
  g_autoptr(GVariant) owned = g_variant_ref_sink (item);
  gsize size = g_variant_get_size (owned);
  GVariant *old;

  g_mutex_lock (&self->lock);
  old = g_hash_table_lookup (self->items, key);
  if (old != NULL && g_variant_equal (old, owned))
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  g_hash_table_replace (self->items, g_strdup (key), g_steal_pointer (&owned));
  self->generation++;
  g_mutex_unlock (&self->lock);

  g_hash_table_remove (self->removed, key);
  g_hash_table_add (self->changed, g_strdup (key));
  schedule_flush (self, size);
}

static void
remove_item (TcguiDiscovery *self,
             const char     *key)
{
  gboolean removed;

  g_mutex_lock (&self->lock);
  removed = g_hash_table_remove (self->items, key);
  if (removed)
    self->generation++;
  g_mutex_unlock (&self->lock);

  if (!removed)
    return;
  g_hash_table_remove (self->changed, key);
  g_hash_table_add (self->removed, g_strdup (key));
  schedule_flush (self, strlen (key) + 8);
}

/* Removes the items whose key starts with @prefix and is not in @keep. */
static void
remove_items_except (TcguiDiscovery *self,
                     const char     *prefix,
                     GHashTable     *keep)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_str_has_prefix (key, prefix) && !g_hash_table_contains (keep, key))
      g_ptr_array_add (gone, g_strdup (key));
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < gone->len; i++)
    remove_item (self, g_ptr_array_index (gone, i));
}

/* ---- namespaces and links ----------------------------------------------- */

static void
refresh_host_links (TcguiDiscovery *self)
{
  g_autoptr(TcguiNsRef) ref = tcgui_ns_ref_parse ("host", NULL);
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(TcguiNl) nl = NULL;
  g_autoptr(GError) error = NULL;
  int fd = tcgui_netns_open (ref, NULL);

  if (fd >= 0)
    {
      tcgui_netns_get_inode (fd, &self->host_inode, NULL);
      nl = tcgui_nl_new_in (fd, &error);
      close (fd);
    }
  if (nl == NULL || !(links = tcgui_nl_list_links (nl, &error)))
    {
      g_debug ("Cannot list the host's links: %s", error ? error->message : "no namespace");
      return;
    }

  g_hash_table_remove_all (self->host_links);
  for (guint i = 0; i < links->len; i++)
    {
      TcguiLinkInfo *link = g_ptr_array_steal_index_fast (links, i--);

      g_hash_table_insert (self->host_links, GINT_TO_POINTER (link->index), link);
    }
  self->host_links_time = g_get_monotonic_time ();
}

/* The host end of a container's veth: the host link @link points at, which
 * points back at @link. */
static TcguiLinkInfo *
find_host_peer (TcguiDiscovery  *self,
                const TcguiLinkInfo *link,
                gboolean        *refreshed)
{
  TcguiLinkInfo *peer;

  if (link->peer_index <= 0 || link->link_netnsid < 0 || g_strcmp0 (link->kind, "veth") != 0)
    return NULL;

  if (g_get_monotonic_time () - self->host_links_time > HOST_LINKS_MAX_AGE)
    refresh_host_links (self);
  peer = g_hash_table_lookup (self->host_links, GINT_TO_POINTER (link->peer_index));
  if ((peer == NULL || peer->peer_index != link->index) && !*refreshed)
    {
      *refreshed = TRUE;   /* A new veth: read the host's links once more. */
      refresh_host_links (self);
      peer = g_hash_table_lookup (self->host_links, GINT_TO_POINTER (link->peer_index));
    }
  if (peer == NULL || peer->peer_index != link->index)
    return NULL;
  return peer;
}

typedef struct
{
  char      *id;        /* "pid:PID:INODE" or "host" */
  guint64    inode;
  GPtrArray *links;     /* TcguiLinkInfo, the namespace's (none for "host") */
} NsView;

static void
ns_view_clear (NsView *view)
{
  g_clear_pointer (&view->id, g_free);
  g_clear_pointer (&view->links, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (NsView, ns_view_clear)

/* A rootless runtime's PIDs are only believed when the process is in a
 * user namespace that @owner_uid created. */
static gboolean
pid_owned_by (guint32 pid,
              guint32 owner_uid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%u/ns/user", pid);
  uid_t uid = (uid_t) -1;
  int fd;

  if (owner_uid == G_MAXUINT32)
    return TRUE;
  if ((fd = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)) < 0)
    return FALSE;
  if (ioctl (fd, NS_GET_OWNER_UID, &uid) != 0)
    uid = (uid_t) -1;
  close (fd);
  return uid == owner_uid;
}

static gboolean
read_namespace (TcguiDiscovery *self,
                guint32         pid,
                guint32         owner_uid,
                NsView         *view)
{
  g_autofree char *path = g_strdup_printf ("/proc/%u/ns/net", pid);
  g_autoptr(TcguiNl) nl = NULL;
  int fd;

  if (pid == 0 || !pid_owned_by (pid, owner_uid) ||
      (fd = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)) < 0)
    return FALSE;

  if (!tcgui_netns_get_inode (fd, &view->inode, NULL))
    {
      close (fd);
      return FALSE;
    }
  if (self->host_inode == 0)
    refresh_host_links (self);
  if (view->inode == self->host_inode)
    {
      view->id = g_strdup ("host");   /* --network host */
      close (fd);
      return TRUE;
    }

  view->id = g_strdup_printf ("pid:%u:%" G_GUINT64_FORMAT, pid, view->inode);
  if ((nl = tcgui_nl_new_in (fd, NULL)) != NULL)
    view->links = tcgui_nl_list_links (nl, NULL);
  close (fd);
  return TRUE;
}

/* ---- items -------------------------------------------------------------- */

#define ADD(b, k, v) g_variant_builder_add (b, "{sv}", k, v)

static const TcguiRuntimeAttachment *
attachment_for_mac (const TcguiRuntimeContainer *c,
                    const char           *mac)
{
  if (c == NULL || mac == NULL || *mac == '\0')
    return NULL;
  for (guint i = 0; i < c->attachments->len; i++)
    {
      const TcguiRuntimeAttachment *a = g_ptr_array_index (c->attachments, i);

      if (g_ascii_strcasecmp (a->mac, mac) == 0)
        return a;
    }
  return NULL;
}

static const TcguiLinkInfo *
link_for_mac (const NsView *view,
              const char   *mac)
{
  if (view->links == NULL || *mac == '\0')
    return NULL;
  for (guint i = 0; i < view->links->len; i++)
    {
      const TcguiLinkInfo *link = g_ptr_array_index (view->links, i);

      if (g_ascii_strcasecmp (link->mac, mac) == 0)
        return link;
    }
  return NULL;
}

static const char *
host_link_name (TcguiDiscovery *self,
                int             index)
{
  TcguiLinkInfo *link = index > 0 ? g_hash_table_lookup (self->host_links, GINT_TO_POINTER (index)) : NULL;

  return link ? link->name : "";
}

static GVariant *
interface_to_variant (TcguiDiscovery       *self,
                      const TcguiLinkInfo      *link,
                      const TcguiRuntimeContainer *c,
                      gboolean             *refreshed)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  const TcguiRuntimeAttachment *a = attachment_for_mac (c, link->mac);
  TcguiLinkInfo *peer = find_host_peer (self, link, refreshed);

  ADD (&b, "name", g_variant_new_string (link->name));
  ADD (&b, "index", g_variant_new_int32 (link->index));
  ADD (&b, "kind", g_variant_new_string (link->kind));
  ADD (&b, "mac", g_variant_new_string (link->mac));
  ADD (&b, "network", g_variant_new_string (a ? a->network_name : ""));
  ADD (&b, "host-interface", g_variant_new_string (peer ? peer->name : ""));
  ADD (&b, "host-index", g_variant_new_int32 (peer ? peer->index : 0));
  ADD (&b, "bridge", g_variant_new_string (peer ? host_link_name (self, peer->master_index) : ""));
  return g_variant_builder_end (&b);
}

/* A container's namespace is its owner's: the first interfaces by index
 * only, the rest counted in @left_out. */
static GVariant *
interfaces_to_variant (TcguiDiscovery       *self,
                       const NsView         *view,
                       const TcguiRuntimeContainer *c,
                       guint                *left_out)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  gboolean refreshed = FALSE;
  guint n = 0;

  for (guint i = 0; view->links != NULL && i < view->links->len; i++)
    {
      const TcguiLinkInfo *link = g_ptr_array_index (view->links, i);

      if (g_strcmp0 (link->kind, "loopback") == 0)
        continue;
      if (n++ < ITEM_MAX_INTERFACES)
        g_variant_builder_add_value (&b, interface_to_variant (self, link, c, &refreshed));
      else
        (*left_out)++;
    }
  return g_variant_builder_end (&b);
}

static TcguiRuntimeNetwork *
runtime_find_network (Runtime    *rt,
                      const char *id,
                      const char *name)
{
  GHashTableIter iter;
  gpointer value;
  TcguiRuntimeNetwork *network = g_hash_table_lookup (rt->networks, id);

  if (network != NULL)
    return network;
  g_hash_table_iter_init (&iter, rt->networks);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_str_equal (((TcguiRuntimeNetwork *) value)->name, name))
      return value;
  return NULL;
}

static GVariant *
attachment_to_variant (Runtime               *rt,
                       const TcguiRuntimeAttachment *a,
                       const NsView          *view)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  TcguiRuntimeNetwork *net = runtime_find_network (rt, a->network_id, a->network_name);
  const TcguiLinkInfo *link = link_for_mac (view, a->mac);

  ADD (&b, "network", g_variant_new_string (a->network_name));
  ADD (&b, "network-id", g_variant_new_string (net ? net->id : a->network_id));
  ADD (&b, "network-key", g_variant_new_take_string (net ? g_strdup_printf ("network:%s:%s", rt->name, net->id)
                                                         : g_strdup ("")));
  ADD (&b, "internal", g_variant_new_boolean (net ? net->internal : FALSE));
  ADD (&b, "ip", g_variant_new_string (a->ip));
  ADD (&b, "prefix", g_variant_new_uint32 (a->prefix));
  ADD (&b, "gateway", g_variant_new_string (a->gateway));
  ADD (&b, "mac", g_variant_new_string (a->mac));
  ADD (&b, "interface", g_variant_new_string (link ? link->name : ""));
  return g_variant_builder_end (&b);
}

static GVariant *
labels_to_variant (GHashTable *labels)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{ss}"));
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, labels);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_variant_builder_add (&b, "{ss}", key, value);
  return g_variant_builder_end (&b);
}

static void
add_namespace (GVariantBuilder *b,
               TcguiDiscovery  *self,
               const NsView    *view,
               const TcguiRuntimeContainer *c,
               guint           *left_out)
{
  ADD (b, "namespace", g_variant_new_string (view->id ? view->id : ""));
  ADD (b, "netns-inode", g_variant_new_uint64 (view->inode));
  ADD (b, "interfaces", interfaces_to_variant (self, view, c, left_out));
}

static GVariant *
container_to_variant (Runtime              *rt,
                      const TcguiRuntimeContainer *c,
                      const NsView         *view,
                      char                **key)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_auto(GVariantBuilder) nets = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  const char *project = tcgui_runtime_container_get_label (c, "com.docker.compose.project");
  gint64 *event_time = g_hash_table_lookup (rt->event_times, c->id);
  guint left_out = c->left_out;

  *key = g_strdup_printf ("container:%s:%s", rt->name, c->id);
  for (guint i = 0; i < c->attachments->len; i++)
    g_variant_builder_add_value (&nets, attachment_to_variant (rt, g_ptr_array_index (c->attachments, i), view));

  ADD (&b, "key", g_variant_new_string (*key));
  ADD (&b, "kind", g_variant_new_string ("container"));
  ADD (&b, "runtime", g_variant_new_string (rt->name));
  ADD (&b, "id", g_variant_new_string (c->id));
  ADD (&b, "name", g_variant_new_string (c->name));
  ADD (&b, "image", g_variant_new_string (c->image));
  ADD (&b, "state", g_variant_new_string (c->state));
  ADD (&b, "pid", g_variant_new_uint32 (view->id ? c->pid : 0));
  ADD (&b, "created", g_variant_new_int64 (c->created));
  ADD (&b, "labels", labels_to_variant (c->labels));
  if (*project == '\0')
    project = tcgui_runtime_container_get_label (c, "io.podman.compose.project");
  ADD (&b, "compose-project", g_variant_new_string (project));
  ADD (&b, "compose-service", g_variant_new_string (tcgui_runtime_container_get_label (c, "com.docker.compose.service")));
  ADD (&b, "networks", g_variant_builder_end (&nets));
  add_namespace (&b, rt->inventory, view, c, &left_out);
  ADD (&b, "event-time-ns", g_variant_new_int64 (event_time ? *event_time : 0));
  if (left_out > 0)
    ADD (&b, "left-out", g_variant_new_uint32 (left_out));
  if (rt->owner_uid != G_MAXUINT32)
    ADD (&b, "owner-uid", g_variant_new_uint32 (rt->owner_uid));
  return g_variant_builder_end (&b);
}

/* ---- what one runtime may contribute ----------------------------------- */

/* The first limit @rt hit since its last resync becomes its item's error
 * while it stays available: the user learns why something is missing. */
G_GNUC_PRINTF (2, 3)
static void
runtime_note_limit (Runtime    *rt,
                    const char *format,
                    ...)
{
  va_list args;

  if (rt->limit_error != NULL)
    return;
  va_start (args, format);
  rt->limit_error = g_strdup_vprintf (format, args);
  va_end (args);
  g_debug ("%s: %s", rt->name, rt->limit_error);
  publish_runtime (rt);
}

/* An answer that failed (refused, too large, too late...) says more than
 * a limit: it replaces what was noted. */
static void
runtime_note_failure (Runtime      *rt,
                      const GError *error)
{
  g_clear_pointer (&rt->limit_error, g_free);
  runtime_note_limit (rt, "%s", error->message);
}

/* Whether @item fits in what @rt may have published; if so it is counted
 * under @key (replacing what was counted for it). */
static gboolean
runtime_account (Runtime    *rt,
                 const char *key,
                 GVariant   *item)
{
  gsize old = GPOINTER_TO_SIZE (g_hash_table_lookup (rt->item_bytes, key));
  gsize size = g_variant_get_size (item);

  if (rt->bytes - old + size > RUNTIME_MAX_BYTES)
    {
      runtime_note_limit (rt, "its containers and networks exceed %u MiB: some are left out",
                          RUNTIME_MAX_BYTES >> 20);
      return FALSE;
    }
  rt->bytes = rt->bytes - old + size;
  g_hash_table_replace (rt->item_bytes, g_strdup (key), GSIZE_TO_POINTER (size));
  return TRUE;
}

static void
runtime_unaccount (Runtime    *rt,
                   const char *key)
{
  rt->bytes -= GPOINTER_TO_SIZE (g_hash_table_lookup (rt->item_bytes, key));
  g_hash_table_remove (rt->item_bytes, key);
}

static void
runtime_unaccount_prefix (Runtime    *rt,
                          const char *prefix)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, rt->item_bytes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_str_has_prefix (key, prefix))
      {
        rt->bytes -= GPOINTER_TO_SIZE (value);
        g_hash_table_iter_remove (&iter);
      }
}

/* Returns FALSE when @rt has no room left for @c's item: it is not published. */
static gboolean
publish_container (Runtime              *rt,
                   const TcguiRuntimeContainer *c)
{
  g_auto(NsView) view = { 0 };
  g_autofree char *key = NULL;
  g_autoptr(GVariant) item = NULL;
  guint32 left_out = 0;

  if (c->pid != 0)
    read_namespace (rt->inventory, c->pid, rt->owner_uid, &view);
  item = g_variant_ref_sink (container_to_variant (rt, c, &view, &key));
  if (!runtime_account (rt, key, item))
    return FALSE;
  if (g_variant_lookup (item, "left-out", "u", &left_out))
    runtime_note_limit (rt, "container %.12s: %u labels, networks or interfaces over the limits are left out",
                        c->id, left_out);
  set_item (rt->inventory, key, item);
  return TRUE;
}

static GVariant *
network_to_variant (Runtime            *rt,
                    const TcguiRuntimeNetwork *n,
                    char              **key)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  *key = g_strdup_printf ("network:%s:%s", rt->name, n->id);
  ADD (&b, "key", g_variant_new_string (*key));
  ADD (&b, "kind", g_variant_new_string ("network"));
  ADD (&b, "runtime", g_variant_new_string (rt->name));
  ADD (&b, "id", g_variant_new_string (n->id));
  ADD (&b, "name", g_variant_new_string (n->name));
  ADD (&b, "driver", g_variant_new_string (n->driver));
  ADD (&b, "internal", g_variant_new_boolean (n->internal));
  ADD (&b, "bridge", g_variant_new_string (n->bridge));
  ADD (&b, "subnet", g_variant_new_string (n->subnet));
  ADD (&b, "gateway", g_variant_new_string (n->gateway));
  if (rt->owner_uid != G_MAXUINT32)
    ADD (&b, "owner-uid", g_variant_new_uint32 (rt->owner_uid));
  return g_variant_builder_end (&b);
}

static void
publish_runtime (Runtime *rt)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autofree char *key = g_strdup_printf ("runtime:%s", rt->name);

  ADD (&b, "key", g_variant_new_string (key));
  ADD (&b, "kind", g_variant_new_string ("runtime"));
  ADD (&b, "name", g_variant_new_string (rt->name));
  ADD (&b, "available", g_variant_new_boolean (tcgui_docker_client_get_connected (rt->client)));
  /* Why it is unavailable, or else which limit it hit. */
  ADD (&b, "error", g_variant_new_string (rt->error ? rt->error :
                                          rt->limit_error ? rt->limit_error : ""));
  if (rt->owner_uid != G_MAXUINT32)
    ADD (&b, "owner-uid", g_variant_new_uint32 (rt->owner_uid));
  set_item (rt->inventory, key, g_variant_builder_end (&b));
}

/* ---- runtimes ----------------------------------------------------------- */

static void
runtime_free (Runtime *rt)
{
  g_cancellable_cancel (rt->cancellable);
  g_clear_object (&rt->cancellable);
  if (rt->client != NULL)
    {
      g_signal_handlers_disconnect_by_data (rt->client, rt);
      tcgui_docker_client_stop (rt->client);
    }
  g_clear_object (&rt->client);
  g_clear_pointer (&rt->containers, g_hash_table_unref);
  g_clear_pointer (&rt->networks, g_hash_table_unref);
  g_clear_pointer (&rt->inspecting, g_hash_table_unref);
  g_clear_pointer (&rt->event_times, g_hash_table_unref);
  g_clear_pointer (&rt->item_bytes, g_hash_table_unref);
  g_free (rt->name);
  g_free (rt->error);
  g_free (rt->limit_error);
  g_free (rt);
}

static void runtime_forget_container (Runtime *rt, const char *id);

static void
runtime_publish_all (Runtime *rt)
{
  g_autoptr(GPtrArray) no_room = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, rt->containers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!publish_container (rt, value))
      g_ptr_array_add (no_room, g_strdup (key));
  for (guint i = 0; i < no_room->len; i++)
    runtime_forget_container (rt, g_ptr_array_index (no_room, i));
}

static void
runtime_forget_container (Runtime    *rt,
                          const char *id)
{
  g_autofree char *key = g_strdup_printf ("container:%s:%s", rt->name, id);

  runtime_unaccount (rt, key);
  g_hash_table_remove (rt->containers, id);
  g_hash_table_remove (rt->event_times, id);
  remove_item (rt->inventory, key);
}

static void inspect_container (Runtime *rt, const char *id);

/* Takes @c; leaves it out when @rt has no room for it. */
static void
runtime_store_container (Runtime        *rt,
                         TcguiRuntimeContainer *c)
{
  if (!g_hash_table_contains (rt->containers, c->id) &&
      g_hash_table_size (rt->containers) >= RUNTIME_MAX_CONTAINERS)
    {
      runtime_note_limit (rt, "more than %u containers: some are left out", RUNTIME_MAX_CONTAINERS);
      tcgui_runtime_container_free (c);
      return;
    }
  if (!publish_container (rt, c))
    {
      runtime_forget_container (rt, c->id);
      tcgui_runtime_container_free (c);
      return;
    }
  g_hash_table_replace (rt->containers, c->id, c);
}

static void
resync_step_done (Runtime *rt)
{
  if (rt->pending > 0 && --rt->pending > 0)
    return;
  if (rt->syncing)
    {
      rt->syncing = FALSE;
      g_debug ("%s: resync complete, %u containers", rt->name, g_hash_table_size (rt->containers));
      update_ready (rt->inventory);
      schedule_rescan (rt->inventory);
    }
}

static void
inspect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autofree char *id = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  TcguiRuntimeContainer *c = NULL;
  Runtime *rt;
  gboolean again;

  body = tcgui_docker_client_get_finish (TCGUI_DOCKER_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  rt = g_object_get_data (object, "tcgui-runtime");
  again = GPOINTER_TO_INT (g_hash_table_lookup (rt->inspecting, id));
  g_hash_table_remove (rt->inspecting, id);

  if (body != NULL)
    c = tcgui_runtime_parse_container (g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  if (c != NULL)
    runtime_store_container (rt, c);
  else if (g_error_matches (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_CONTAINER))
    runtime_forget_container (rt, id);
  else
    runtime_note_failure (rt, error);

  if (again)
    inspect_container (rt, id);
  resync_step_done (rt);
}

/* Several events for one container arrive together (connect, start):
 * one request at a time, and one more if events came meanwhile. */
static void
inspect_container (Runtime    *rt,
                   const char *id)
{
  g_autofree char *path = g_strdup_printf ("/containers/%s/json", id);

  /* No request for a container there is no room for. */
  if (!g_hash_table_contains (rt->containers, id) &&
      g_hash_table_size (rt->containers) >= RUNTIME_MAX_CONTAINERS)
    {
      runtime_note_limit (rt, "more than %u containers: some are left out", RUNTIME_MAX_CONTAINERS);
      return;
    }
  if (g_hash_table_contains (rt->inspecting, id))
    {
      g_hash_table_replace (rt->inspecting, g_strdup (id), GINT_TO_POINTER (TRUE));
      return;
    }
  g_hash_table_replace (rt->inspecting, g_strdup (id), GINT_TO_POINTER (FALSE));
  rt->pending++;
  tcgui_docker_client_get_async (rt->client, path, rt->cancellable, inspect_cb, g_strdup (id));
}

/* Forgets the containers whose item keys are not in @keep. */
static void
runtime_forget_except (Runtime    *rt,
                       GHashTable *keep)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer id;

  g_hash_table_iter_init (&iter, rt->containers);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      g_autofree char *key = g_strdup_printf ("container:%s:%s", rt->name, (char *) id);

      if (!g_hash_table_contains (keep, key))
        g_ptr_array_add (gone, g_strdup (id));
    }
  for (guint i = 0; i < gone->len; i++)
    runtime_forget_container (rt, g_ptr_array_index (gone, i));
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Runtime *rt = user_data;
  g_autoptr(GHashTable) keep = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *prefix = NULL;

  if (!(body = tcgui_docker_client_get_finish (TCGUI_DOCKER_CLIENT (object), result, &error)) ||
      !(list = tcgui_runtime_parse_container_list (g_bytes_get_data (body, NULL),
                                                   g_bytes_get_size (body), &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          runtime_note_failure (rt, error);
          resync_step_done (rt);
        }
      return;
    }

  /* The first ones, in the runtime's order (Docker's: newest first). */
  if (list->len > RUNTIME_MAX_CONTAINERS)
    {
      runtime_note_limit (rt, "it reported %u containers: only the first %u are listed",
                          list->len, RUNTIME_MAX_CONTAINERS);
      g_ptr_array_set_size (list, RUNTIME_MAX_CONTAINERS);
    }
  for (guint i = 0; i < list->len; i++)
    g_hash_table_add (keep, g_strdup_printf ("container:%s:%s", rt->name,
                                             ((TcguiRuntimeContainer *) g_ptr_array_index (list, i))->id));

  /* Whatever the runtime no longer lists is gone (it restarted, say). */
  prefix = g_strdup_printf ("container:%s:", rt->name);
  runtime_forget_except (rt, keep);
  remove_items_except (rt->inventory, prefix, keep);

  for (guint i = 0; i < list->len; i++)
    {
      TcguiRuntimeContainer *c = g_ptr_array_index (list, i);

      if (g_str_equal (c->state, "running"))
        inspect_container (rt, c->id);
      else
        runtime_store_container (rt, g_steal_pointer (&list->pdata[i]));
    }
  resync_step_done (rt);
}

static void
networks_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Runtime *rt = user_data;
  g_autoptr(GHashTable) keep = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *prefix = NULL;

  if (!(body = tcgui_docker_client_get_finish (TCGUI_DOCKER_CLIENT (object), result, &error)) ||
      !(list = tcgui_runtime_parse_networks (g_bytes_get_data (body, NULL),
                                             g_bytes_get_size (body), &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        runtime_note_failure (rt, error);
      return;
    }

  if (list->len > RUNTIME_MAX_NETWORKS)
    {
      runtime_note_limit (rt, "it reported %u networks: only the first %u are listed",
                          list->len, RUNTIME_MAX_NETWORKS);
      g_ptr_array_set_size (list, RUNTIME_MAX_NETWORKS);
    }
  prefix = g_strdup_printf ("network:%s:", rt->name);
  runtime_unaccount_prefix (rt, prefix);
  g_hash_table_remove_all (rt->networks);
  for (guint i = 0; i < list->len; i++)
    {
      TcguiRuntimeNetwork *n = g_ptr_array_index (list, i);
      g_autofree char *key = NULL;
      g_autoptr(GVariant) item = g_variant_ref_sink (network_to_variant (rt, n, &key));

      if (!runtime_account (rt, key, item))
        continue;
      set_item (rt->inventory, key, item);
      g_hash_table_add (keep, g_steal_pointer (&key));
      g_hash_table_replace (rt->networks, n->id, g_steal_pointer (&list->pdata[i]));
    }
  remove_items_except (rt->inventory, prefix, keep);
  /* Containers carry their networks' internal flags: refresh them. */
  runtime_publish_all (rt);
}

static void
refresh_networks (Runtime *rt)
{
  tcgui_docker_client_get_async (rt->client, tcgui_docker_client_networks_path (rt->client),
                                 rt->cancellable, networks_cb, rt);
}

static void
runtime_connected_cb (TcguiDockerClient *client,
                      Runtime           *rt)
{
  g_clear_pointer (&rt->error, g_free);
  g_clear_pointer (&rt->limit_error, g_free);
  publish_runtime (rt);
  rt->attempted = TRUE;
  rt->syncing = TRUE;
  rt->pending++;
  /* Networks first: a request each, the session keeps them in order. */
  refresh_networks (rt);
  tcgui_docker_client_get_async (client, "/containers/json?all=true", rt->cancellable, list_cb, rt);
}

static void
runtime_disconnected_cb (TcguiDockerClient *client,
                         const char        *why,
                         Runtime           *rt)
{
  g_free (rt->error);
  rt->error = g_strdup (why);
  rt->attempted = TRUE;
  /* What was asked of the daemon that went away is abandoned (the resync
   * asks again): its late answers must not count against the next one. */
  g_cancellable_cancel (rt->cancellable);
  g_object_unref (rt->cancellable);
  rt->cancellable = g_cancellable_new ();
  g_hash_table_remove_all (rt->inspecting);
  rt->pending = 0;
  rt->syncing = FALSE;
  publish_runtime (rt);
  update_ready (rt->inventory);
}

static void
runtime_event_cb (TcguiDockerClient       *client,
                  const TcguiRuntimeEvent *event,
                  Runtime                 *rt)
{
  g_debug ("%s: %s %s %s", rt->name, event->type, event->action, event->id);

  switch (event->kind)
    {
    case TCGUI_RUNTIME_EVENT_CONTAINER_CHANGED:
      {
        gint64 *time = g_new (gint64, 1);

        *time = event->time_nano;
        g_hash_table_replace (rt->event_times, g_strdup (event->id), time);
        inspect_container (rt, event->id);
        break;
      }
    case TCGUI_RUNTIME_EVENT_CONTAINER_REMOVED:
      runtime_forget_container (rt, event->id);
      break;
    case TCGUI_RUNTIME_EVENT_NETWORKS_CHANGED:
      refresh_networks (rt);
      break;
    case TCGUI_RUNTIME_EVENT_IGNORED:
    default:
      return;
    }
  schedule_rescan (rt->inventory);
}

static Runtime *
runtime_new (TcguiDiscovery *self,
             const char     *name,
             const char     *socket_path,
             gboolean        libpod,
             guint32         owner_uid)
{
  Runtime *rt = g_new0 (Runtime, 1);

  rt->inventory = self;
  rt->name = g_strdup (name);
  rt->owner_uid = owner_uid;
  rt->client = tcgui_docker_client_new (name, socket_path, libpod);
  rt->cancellable = g_cancellable_new ();
  rt->containers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) tcgui_runtime_container_free);
  rt->networks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                        (GDestroyNotify) tcgui_runtime_network_free);
  rt->inspecting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  rt->event_times = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  rt->item_bytes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_object_set_data (G_OBJECT (rt->client), "tcgui-runtime", rt);
  g_signal_connect (rt->client, "connected", G_CALLBACK (runtime_connected_cb), rt);
  g_signal_connect (rt->client, "disconnected", G_CALLBACK (runtime_disconnected_cb), rt);
  g_signal_connect (rt->client, "event", G_CALLBACK (runtime_event_cb), rt);
  return rt;
}

static gboolean
runtime_is_running (Runtime *rt)
{
  return rt->attempted && !rt->syncing;
}

/* ---- "Other": containers only /proc knows ------------------------------- */

static gboolean
known_to_runtime (TcguiDiscovery             *self,
                  const TcguiCgroupContainer *cc)
{
  for (guint i = 0; i < self->runtimes->len; i++)
    {
      Runtime *rt = g_ptr_array_index (self->runtimes, i);

      if (g_hash_table_contains (rt->containers, cc->id))
        return TRUE;
      /* A container its connected runtime has not reported yet is on its
       * way through the event stream: not an "Other". */
      if (g_str_equal (rt->name, cc->runtime) && tcgui_docker_client_get_connected (rt->client))
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  TcguiDiscovery *inventory;
  int             fd;
} PidWatch;

static void
pid_watch_free (gpointer data)
{
  PidWatch *watch = data;

  close (watch->fd);
  g_free (watch);
}

static gboolean
other_exited_cb (gint         fd,
                 GIOCondition condition,
                 gpointer     data)
{
  PidWatch *watch = data;

  schedule_rescan (watch->inventory);
  return G_SOURCE_CONTINUE;   /* The rescan removes the watch. */
}

/* A pidfd becomes readable when the process exits: no polling needed to
 * notice that an "Other" container stopped. */
static guint
watch_pid (TcguiDiscovery *self,
           guint32         pid)
{
  int fd = (int) syscall (SYS_pidfd_open, (pid_t) pid, 0);
  PidWatch *watch;

  if (fd < 0)
    return 0;
  watch = g_new0 (PidWatch, 1);
  watch->inventory = self;
  watch->fd = fd;
  return g_unix_fd_add_full (G_PRIORITY_DEFAULT, fd, G_IO_IN, other_exited_cb,
                             watch, pid_watch_free);
}

static void
source_remove (gpointer data)
{
  guint id = GPOINTER_TO_UINT (data);

  if (id != 0)
    g_source_remove (id);
}

static void
publish_other (TcguiDiscovery             *self,
               const TcguiCgroupContainer *cc,
               GHashTable                 *keep)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autofree char *key = g_strdup_printf ("container:other:%s", cc->id);
  g_autofree char *name = g_strndup (cc->id, 12);
  g_auto(NsView) view = { 0 };
  guint left_out = 0;

  if (!read_namespace (self, cc->pid, G_MAXUINT32, &view))
    return;

  ADD (&b, "key", g_variant_new_string (key));
  ADD (&b, "kind", g_variant_new_string ("container"));
  ADD (&b, "runtime", g_variant_new_string ("other"));
  ADD (&b, "detected-runtime", g_variant_new_string (cc->runtime));
  ADD (&b, "id", g_variant_new_string (cc->id));
  ADD (&b, "name", g_variant_new_string (name));
  ADD (&b, "state", g_variant_new_string ("running"));
  ADD (&b, "pid", g_variant_new_uint32 (cc->pid));
  add_namespace (&b, self, &view, NULL, &left_out);
  if (left_out > 0)
    ADD (&b, "left-out", g_variant_new_uint32 (left_out));
  set_item (self, key, g_variant_builder_end (&b));

  if (!g_hash_table_contains (self->others, key))
    g_hash_table_insert (self->others, g_strdup (key), GUINT_TO_POINTER (watch_pid (self, cc->pid)));
  g_hash_table_add (keep, g_steal_pointer (&key));
}

static void
rescan_others (TcguiDiscovery *self)
{
  g_autoptr(GHashTable) keep = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) found = tcgui_cgroup_scan ("/proc");
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < found->len; i++)
    {
      TcguiCgroupContainer *cc = g_ptr_array_index (found, i);

      if (!known_to_runtime (self, cc))
        publish_other (self, cc, keep);
    }

  g_hash_table_iter_init (&iter, self->others);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (keep, key))
      {
        remove_item (self, key);
        g_hash_table_iter_remove (&iter);
      }
}

static gboolean
rescan_cb (gpointer data)
{
  TcguiDiscovery *self = data;

  self->rescan_id = 0;
  rescan_others (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_rescan (TcguiDiscovery *self)
{
  if (self->rescan_id == 0 && self->started)
    self->rescan_id = g_timeout_add (RESCAN_DELAY_MSEC, rescan_cb, self);
}

/* ---- named namespaces (/run/netns) -------------------------------------- */

static void
refresh_netns (TcguiDiscovery *self)
{
  g_autoptr(GHashTable) keep = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) list = tcgui_netns_list (NULL);

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      TcguiNsInfo *info = g_ptr_array_index (list, i);
      g_autofree char *key = NULL;

      if (!g_str_equal (info->kind, "netns"))
        continue;
      key = g_strdup (info->id);   /* "netns:NAME" is unique already */
      ADD (&b, "key", g_variant_new_string (key));
      ADD (&b, "kind", g_variant_new_string ("netns"));
      ADD (&b, "name", g_variant_new_string (info->name));
      ADD (&b, "namespace", g_variant_new_string (info->id));
      ADD (&b, "netns-inode", g_variant_new_uint64 (info->inode));
      set_item (self, key, g_variant_builder_end (&b));
      g_hash_table_add (keep, g_steal_pointer (&key));
    }
  remove_items_except (self, "netns:", keep);
}

static gboolean
netns_cb (gpointer data)
{
  TcguiDiscovery *self = data;

  self->netns_id = 0;
  refresh_netns (self);
  return G_SOURCE_REMOVE;
}

static void
netns_changed_cb (GFileMonitor      *monitor,
                  GFile             *file,
                  GFile             *other,
                  GFileMonitorEvent  event,
                  TcguiDiscovery    *self)
{
  /* `ip netns add` creates the file, then bind-mounts over it: wait a
   * moment so the mount is there when we look. */
  if (self->netns_id == 0)
    self->netns_id = g_timeout_add (NETNS_DELAY_MSEC, netns_cb, self);
}

static void
watch_netns (TcguiDiscovery *self)
{
  g_autoptr(GFile) dir = g_file_new_for_path (NETNS_DIR);
  g_autoptr(GError) error = NULL;

  /* As `ip netns` does: the directory may not exist yet. */
  g_mkdir_with_parents (NETNS_DIR, 0755);
  self->netns_monitor = g_file_monitor_directory (dir, G_FILE_MONITOR_NONE, NULL, &error);
  if (self->netns_monitor == NULL)
    {
      g_warning ("Cannot watch %s: %s", NETNS_DIR, error->message);
      return;
    }
  g_file_monitor_set_rate_limit (self->netns_monitor, 0);
  g_signal_connect_object (self->netns_monitor, "changed",
                           G_CALLBACK (netns_changed_cb), self, 0);
}

/* ---- configuration ------------------------------------------------------ */

/* The file may move the sockets, and only root may write it: a socket
 * location never comes from a caller. */
static GKeyFile *
load_config (const char *path)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  struct stat st;

  if (path == NULL || stat (path, &st) != 0)
    return NULL;
  if (st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH)) != 0 || !S_ISREG (st.st_mode))
    {
      g_warning ("Ignoring %s: it must be a regular file only root can write", path);
      return NULL;
    }
  if (!g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, &error))
    {
      g_warning ("Ignoring %s: %s", path, error->message);
      return NULL;
    }
  return g_steal_pointer (&keyfile);
}

static void
add_configured_runtime (TcguiDiscovery *self,
                        GKeyFile       *config,
                        const char     *name,
                        const char     *default_socket,
                        gboolean        libpod)
{
  g_autofree char *socket = NULL;
  g_autoptr(GError) error = NULL;

  if (config != NULL && g_key_file_has_group (config, name))
    {
      gboolean enabled = g_key_file_get_boolean (config, name, "enabled", &error);

      if (error == NULL && !enabled)
        return;
      socket = g_key_file_get_string (config, name, "socket", NULL);
    }
  if (socket == NULL || !g_path_is_absolute (socket))
    {
      g_free (socket);
      socket = g_strdup (default_socket);
    }

  g_ptr_array_add (self->runtimes, runtime_new (self, name, socket, libpod, G_MAXUINT32));
}

/* ---- readiness ---------------------------------------------------------- */

static void
update_ready (TcguiDiscovery *self)
{
  gboolean ready = self->started;

  for (guint i = 0; ready && i < self->runtimes->len; i++)
    {
      Runtime *rt = g_ptr_array_index (self->runtimes, i);

      /* Users' runtimes come later and do not hold up the others. */
      if (rt->owner_uid == G_MAXUINT32 && !runtime_is_running (rt))
        ready = FALSE;
    }

  /* The first scan of /proc waits for the runtimes: before they answered,
   * every container would look like an "Other". */
  if (ready && !self->ready)
    rescan_others (self);

  g_mutex_lock (&self->lock);
  if (ready && !self->ready)
    self->ready = TRUE;
  for (guint i = 0; i < self->runtimes->len; i++)
    {
      Runtime *rt = g_ptr_array_index (self->runtimes, i);

      if (rt->owner_uid != G_MAXUINT32 && runtime_is_running (rt))
        g_hash_table_add (self->users_ready, GUINT_TO_POINTER (rt->owner_uid));
    }
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

/* ---- object ------------------------------------------------------------- */

static void
tcgui_discovery_dispose (GObject *object)
{
  TcguiDiscovery *self = (TcguiDiscovery *)object;

  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_clear_handle_id (&self->rescan_id, g_source_remove);
  g_clear_handle_id (&self->netns_id, g_source_remove);
  if (self->netns_monitor != NULL)
    g_file_monitor_cancel (self->netns_monitor);
  g_clear_object (&self->netns_monitor);
  g_clear_pointer (&self->runtimes, g_ptr_array_unref);
  g_clear_pointer (&self->others, g_hash_table_unref);

  G_OBJECT_CLASS (tcgui_discovery_parent_class)->dispose (object);
}

static void
tcgui_discovery_finalize (GObject *object)
{
  TcguiDiscovery *self = (TcguiDiscovery *)object;

  g_free (self->config_path);
  g_clear_pointer (&self->changed, g_hash_table_unref);
  g_clear_pointer (&self->removed, g_hash_table_unref);
  g_clear_pointer (&self->host_links, g_hash_table_unref);
  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_pointer (&self->users_ready, g_hash_table_unref);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (tcgui_discovery_parent_class)->finalize (object);
}

static void
tcgui_discovery_class_init (TcguiDiscoveryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tcgui_discovery_dispose;
  object_class->finalize = tcgui_discovery_finalize;

  /**
   * TcguiDiscovery::changed:
   * @generation: the table's generation after these changes
   * @changed: (type GVariant): aa{sv}, the items added or changed
   * @removed: (array zero-terminated=1): keys of the items removed
   *
   * Emitted in the main context a few milliseconds after changes.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_UINT64, G_TYPE_VARIANT, G_TYPE_STRV);
}

static void
tcgui_discovery_init (TcguiDiscovery *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->runtimes = g_ptr_array_new_with_free_func ((GDestroyNotify) runtime_free);
  self->changed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->removed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->host_links = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) tcgui_link_info_free);
  self->others = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, source_remove);
  self->items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_variant_unref);
  self->users_ready = g_hash_table_new (NULL, NULL);
}

/* ---- public API --------------------------------------------------------- */

/**
 * tcgui_discovery_new:
 * @config_path: (nullable): the runtimes' configuration, normally
 *   %TCGUI_INVENTORY_CONFIG; %NULL for the standard sockets
 *
 * The rootful runtimes are Docker (/var/run/docker.sock) and Podman
 * (/run/podman/podman.sock), unless the file says otherwise:
 *   [docker]            [podman]
 *   socket=/path        socket=/path
 *   enabled=false       enabled=false
 */
TcguiDiscovery *
tcgui_discovery_new (const char *config_path)
{
  TcguiDiscovery *self = g_object_new (TCGUI_TYPE_DISCOVERY, NULL);
  g_autoptr(GKeyFile) config = load_config (config_path);

  self->config_path = g_strdup (config_path);
  add_configured_runtime (self, config, "docker", "/var/run/docker.sock", FALSE);
  add_configured_runtime (self, config, "podman", "/run/podman/podman.sock", TRUE);
  return self;
}

/**
 * tcgui_discovery_start:
 *
 * Connects to the runtimes and starts watching. Call it in the main
 * context the inventory is to live in.
 */
void
tcgui_discovery_start (TcguiDiscovery *self)
{
  g_return_if_fail (TCGUI_IS_DISCOVERY (self));

  if (self->started)
    return;
  self->started = TRUE;
  refresh_host_links (self);
  watch_netns (self);
  refresh_netns (self);
  for (guint i = 0; i < self->runtimes->len; i++)
    {
      Runtime *rt = g_ptr_array_index (self->runtimes, i);

      publish_runtime (rt);
      tcgui_docker_client_start (rt->client);
    }
  update_ready (self);
}

/**
 * tcgui_discovery_wait_ready:
 * @timeout_usec: how long to wait at most
 *
 * Blocks the calling thread (not the inventory's) until every rootful
 * runtime answered once (or failed) and the first scans are done.
 *
 * Returns: whether the inventory is complete
 */
gboolean
tcgui_discovery_wait_ready (TcguiDiscovery *self,
                            gint64          timeout_usec)
{
  gint64 end = g_get_monotonic_time () + timeout_usec;
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  while (!self->ready)
    if (!g_cond_wait_until (&self->cond, &self->lock, end))
      break;
  return self->ready;
}

/**
 * tcgui_discovery_wait_user_ready:
 * @uid: a user tcgui_discovery_add_user() was called for
 *
 * Like tcgui_discovery_wait_ready() for @uid's rootless runtime.
 */
gboolean
tcgui_discovery_wait_user_ready (TcguiDiscovery *self,
                                 guint32         uid,
                                 gint64          timeout_usec)
{
  gint64 end = g_get_monotonic_time () + timeout_usec;
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  while (!g_hash_table_contains (self->users_ready, GUINT_TO_POINTER (uid)))
    if (!g_cond_wait_until (&self->cond, &self->lock, end))
      return FALSE;
  return TRUE;
}

/**
 * tcgui_discovery_item_visible:
 * @item: an a{sv} item
 * @uid: the caller's uid
 *
 * Items of a user's rootless runtime ("owner-uid") are that user's only.
 */
gboolean
tcgui_discovery_item_visible (GVariant *item,
                              guint32   uid)
{
  guint32 owner;

  if (!g_variant_lookup (item, "owner-uid", "u", &owner))
    return TRUE;
  return owner == uid;
}

static int
compare_keys (const void *a,
              const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * tcgui_discovery_dup_items:
 * @uid: the caller's uid: items of other users' runtimes are left out
 * @generation: (out): the generation of the copy
 *
 * Thread-safe.
 *
 * Returns: (transfer full): aa{sv}, the items sorted by key
 */
GVariant *
tcgui_discovery_dup_items (TcguiDiscovery *self,
                           guint32         uid,
                           guint64        *generation)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autofree gpointer *keys = NULL;
  guint n = 0;

  keys = g_hash_table_get_keys_as_array (self->items, &n);
  qsort (keys, n, sizeof (gpointer), compare_keys);
  for (guint i = 0; i < n; i++)
    {
      GVariant *item = g_hash_table_lookup (self->items, keys[i]);

      if (tcgui_discovery_item_visible (item, uid))
        g_variant_builder_add_value (&b, item);
    }
  *generation = self->generation;
  return g_variant_ref_sink (g_variant_builder_end (&b));
}

/**
 * tcgui_discovery_dup_all_items:
 * @generation: (out): the generation of the copy
 *
 * Every item, every user's rootless ones too: for the helper's own use (the
 * rules engine), never for a caller. Thread-safe.
 *
 * Returns: (transfer full): aa{sv}, the items in no particular order
 */
GVariant *
tcgui_discovery_dup_all_items (TcguiDiscovery *self,
                               guint64        *generation)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, &item))
    g_variant_builder_add_value (&b, item);
  *generation = self->generation;
  return g_variant_ref_sink (g_variant_builder_end (&b));
}

/**
 * tcgui_discovery_add_user:
 * @uid: a caller's uid, as the bus reported it
 *
 * Watches @uid's rootless Podman at /run/user/UID/podman/podman.sock; its
 * items carry "owner-uid". Call in the inventory's main context.
 */
void
tcgui_discovery_add_user (TcguiDiscovery *self,
                          guint32         uid)
{
  g_autofree char *name = g_strdup_printf ("podman-user-%u", uid);
  g_autofree char *socket = g_strdup_printf ("/run/user/%u/podman/podman.sock", uid);
  Runtime *rt;

  if (uid == 0 || uid == G_MAXUINT32)
    return;
  for (guint i = 0; i < self->runtimes->len; i++)
    if (g_str_equal (((Runtime *) g_ptr_array_index (self->runtimes, i))->name, name))
      return;

  rt = runtime_new (self, name, socket, TRUE, uid);
  tcgui_docker_client_set_expected_uid (rt->client, uid);
  g_ptr_array_add (self->runtimes, rt);
  publish_runtime (rt);
  tcgui_docker_client_start (rt->client);
}

/**
 * tcgui_discovery_rescan:
 *
 * Looks for "Other" containers in /proc again, now: the caller's copy of
 * the items includes them. Call in the inventory's main context. Before
 * the runtimes answered once, this waits for them (every container would
 * look like an "Other").
 */
void
tcgui_discovery_rescan (TcguiDiscovery *self)
{
  gboolean ready;

  g_return_if_fail (TCGUI_IS_DISCOVERY (self));

  g_mutex_lock (&self->lock);
  ready = self->ready;
  g_mutex_unlock (&self->lock);
  if (ready)
    rescan_others (self);
}
