/* tcgui-shaped-model.c - what TC GUI shapes now, read back from the kernel
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The helper has no call that lists its journal, so what is shaped is read
 * the way the editor reads one interface: ListLinks for every namespace the
 * sidebar lists, then GetShaping for each interface that can carry TC GUI's
 * shaping (see read_link()), keeping those whose outgoing or incoming owner
 * is "tcgui". One call is in flight at a time (the helper serves others
 * too). When the sidebar's list changes, only the namespaces it did not
 * list before are read, and those it no longer lists leave. After this app changed an interface
 * (TcguiHelperClient::shaping-changed) only that interface is read again,
 * once its changes have paused: a dragged slider does not make it read the
 * kernel at every step. ResetAll, a new list of namespaces or a helper
 * that restarted read everything again. Calls in flight hold no
 * reference: disposing the model cancels them, and their callbacks return
 * on G_IO_ERROR_CANCELLED before they touch it.
 */

#define G_LOG_DOMAIN "tcgui-shaped-model"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "tcgui-error.h"
#include "tcgui-link.h"
#include "tcgui-namespace.h"
#include "tcgui-rate.h"
#include "tcgui-shaped-model.h"
#include "tcgui-shaping-client.h"

/* How long an interface's changes must pause before it is read again. */
#define SETTLE_MS 300

/* TcguiShapedItem ------------------------------------------------------ */

struct _TcguiShapedItem
{
  GObject   parent_instance;

  char     *namespace_id;
  char     *namespace_name;
  char     *ifname;
  GVariant *state;          /* GetShaping's a{sv} */
  char     *summary;        /* what its entry shows of @state */
};

G_DEFINE_FINAL_TYPE (TcguiShapedItem, tcgui_shaped_item, G_TYPE_OBJECT)

static void
tcgui_shaped_item_finalize (GObject *object)
{
  TcguiShapedItem *self = (TcguiShapedItem *)object;

  g_free (self->namespace_id);
  g_free (self->namespace_name);
  g_free (self->ifname);
  g_free (self->summary);
  g_clear_pointer (&self->state, g_variant_unref);

  G_OBJECT_CLASS (tcgui_shaped_item_parent_class)->finalize (object);
}

static void
tcgui_shaped_item_class_init (TcguiShapedItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tcgui_shaped_item_finalize;
}

static void
tcgui_shaped_item_init (TcguiShapedItem *self)
{
}

static gboolean
owned (GVariant   *state,
       const char *key)
{
  const char *owner = NULL;

  return g_variant_lookup (state, key, "&s", &owner) && g_strcmp0 (owner, "tcgui") == 0;
}

/* NULL when GetShaping says TC GUI shapes neither direction. */
static TcguiShapedItem *
shaped_item_new (const char *namespace_id,
                 const char *namespace_name,
                 const char *ifname,
                 GVariant   *state)
{
  TcguiShapedItem *self;

  if (!owned (state, "outgoing-owner") && !owned (state, "incoming-owner"))
    return NULL;
  self = g_object_new (TCGUI_TYPE_SHAPED_ITEM, NULL);
  self->namespace_id = g_strdup (namespace_id);
  self->namespace_name = g_strdup (namespace_name);
  self->ifname = g_strdup (ifname);
  self->state = g_variant_ref (state);
  self->summary = tcgui_shaped_item_dup_summary (self);
  return self;
}

const char *
tcgui_shaped_item_get_namespace_id (TcguiShapedItem *self)
{
  g_return_val_if_fail (TCGUI_IS_SHAPED_ITEM (self), NULL);
  return self->namespace_id;
}

const char *
tcgui_shaped_item_get_namespace_name (TcguiShapedItem *self)
{
  g_return_val_if_fail (TCGUI_IS_SHAPED_ITEM (self), NULL);
  return self->namespace_name;
}

const char *
tcgui_shaped_item_get_ifname (TcguiShapedItem *self)
{
  g_return_val_if_fail (TCGUI_IS_SHAPED_ITEM (self), NULL);
  return self->ifname;
}

/* "3.00 Mbit/s, 40 ms delay, 1 % loss" */
static char *
describe_params (const TcguiParams *p)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (p->rate_bps > 0)
    g_ptr_array_add (parts, tcgui_rate_format_bps (p->rate_bps));
  if (p->delay_us > 0 && p->jitter_us > 0)
    g_ptr_array_add (parts, g_strdup_printf (_("%g ± %g ms delay"), p->delay_us / 1000.0,
                                             p->jitter_us / 1000.0));
  else if (p->delay_us > 0)
    g_ptr_array_add (parts, g_strdup_printf (_("%g ms delay"), p->delay_us / 1000.0));
  if (p->loss > 0 || p->loss_model == TCGUI_LOSS_GEMODEL)
    g_ptr_array_add (parts, g_strdup_printf (_("%g %% loss"), p->loss));
  if (p->duplicate > 0)
    g_ptr_array_add (parts, g_strdup_printf (_("%g %% duplicated"), p->duplicate));
  if (p->reorder > 0)
    g_ptr_array_add (parts, g_strdup_printf (_("%g %% reordered"), p->reorder));
  if (p->corrupt > 0)
    g_ptr_array_add (parts, g_strdup_printf (_("%g %% corrupted"), p->corrupt));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (char **) parts->pdata);
}

static char *
describe_direction (GVariant   *state,
                    const char *direction,
                    const char *title)
{
  g_autofree char *owner_key = g_strconcat (direction, "-owner", NULL);
  g_autoptr(GVariant) dict = NULL;
  g_autofree char *what = NULL;
  const char *via = NULL;
  TcguiParams params;

  if (!owned (state, owner_key))
    return NULL;
  dict = g_variant_lookup_value (state, direction, G_VARIANT_TYPE_VARDICT);
  tcgui_params_init (&params);
  if (dict == NULL || !tcgui_params_from_variant (dict, &params, NULL))
    what = g_strdup (_("shaped"));
  else
    what = describe_params (&params);
  /* What arrives at a veth is shaped on its peer: say where. */
  if (g_strcmp0 (direction, "incoming") == 0 &&
      g_variant_lookup (state, "incoming-via", "&s", &via) && g_str_has_prefix (via, "peer:"))
    /* Translators: "Incoming (shaped on veth1): 3.00 Mbit/s" */
    return g_strdup_printf (_("%s (shaped on %s): %s"), title, via + strlen ("peer:"), what);
  /* Translators: "Outgoing: 3.00 Mbit/s, 40 ms delay" */
  return g_strdup_printf (_("%s: %s"), title, what);
}

/**
 * tcgui_shaped_item_dup_summary:
 *
 * Returns: (transfer full): what TC GUI's shaping does, one line per
 *   direction, e.g. "Outgoing: 3.00 Mbit/s\nIncoming: 40 ms delay"
 */
char *
tcgui_shaped_item_dup_summary (TcguiShapedItem *self)
{
  g_autofree char *out = NULL, *in = NULL;

  g_return_val_if_fail (TCGUI_IS_SHAPED_ITEM (self), NULL);

  out = describe_direction (self->state, "outgoing", _("Outgoing"));
  in = describe_direction (self->state, "incoming", _("Incoming"));
  if (out != NULL && in != NULL)
    return g_strconcat (out, "\n", in, NULL);
  return g_strdup (out != NULL ? out : in);
}

/* TcguiShapedModel ----------------------------------------------------- */

typedef struct
{
  char *id;
  char *name;
} Target;

static void
target_free (gpointer data)
{
  Target *target = data;

  g_free (target->id);
  g_free (target->name);
  g_free (target);
}

struct _TcguiShapedModel
{
  GObject            parent_instance;

  TcguiHelperClient *client;
  GListModel        *namespaces;
  GListStore        *items;

  /* The full scan in flight */
  GCancellable      *scan_cancellable;
  GPtrArray         *targets;        /* of Target: the namespaces it reads */
  guint              target_index;
  GListModel        *links;          /* of the target being read */
  guint              link_index;
  GPtrArray         *found;          /* of TcguiShapedItem */
  guint              was_scanning : 1;   /* as last notified */
  guint              scan_again : 1;     /* asked for while one ran */
  guint              scan_full : 1;      /* the next scan reads all */
  guint              running_full : 1;   /* the running scan reads all */
  guint              scan_idle;
  GHashTable        *scanned;            /* namespace ids read so far */

  /* Interfaces to read again after a change: "NAMESPACE\nIFNAME" */
  GHashTable        *dirty;
  guint              settle_source;
  GCancellable      *update_cancellable;
};

G_DEFINE_FINAL_TYPE (TcguiShapedModel, tcgui_shaped_model, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SCANNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void scan_next (TcguiShapedModel *self);
static void schedule_scan (TcguiShapedModel *self);

static void
notify_scanning (TcguiShapedModel *self)
{
  gboolean scanning = tcgui_shaped_model_get_scanning (self);

  if (scanning == self->was_scanning)
    return;
  self->was_scanning = scanning;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCANNING]);
}
static void update_next (TcguiShapedModel *self);

static void
tcgui_shaped_model_dispose (GObject *object)
{
  TcguiShapedModel *self = (TcguiShapedModel *)object;

  g_cancellable_cancel (self->scan_cancellable);
  g_clear_object (&self->scan_cancellable);
  g_cancellable_cancel (self->update_cancellable);
  g_clear_object (&self->update_cancellable);
  g_clear_handle_id (&self->scan_idle, g_source_remove);
  g_clear_handle_id (&self->settle_source, g_source_remove);
  if (self->namespaces != NULL)
    g_signal_handlers_disconnect_by_data (self->namespaces, self);
  g_clear_object (&self->namespaces);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);
  g_clear_object (&self->links);
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  g_clear_pointer (&self->found, g_ptr_array_unref);
  g_clear_pointer (&self->dirty, g_hash_table_unref);
  g_clear_pointer (&self->scanned, g_hash_table_unref);
  g_clear_object (&self->items);

  G_OBJECT_CLASS (tcgui_shaped_model_parent_class)->dispose (object);
}

static void
tcgui_shaped_model_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TcguiShapedModel *self = TCGUI_SHAPED_MODEL (object);

  switch (prop_id)
    {
    case PROP_SCANNING:
      g_value_set_boolean (value, tcgui_shaped_model_get_scanning (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tcgui_shaped_model_class_init (TcguiShapedModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tcgui_shaped_model_dispose;
  object_class->get_property = tcgui_shaped_model_get_property;

  properties[PROP_SCANNING] =
    g_param_spec_boolean ("scanning", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tcgui_shaped_model_init (TcguiShapedModel *self)
{
  self->items = g_list_store_new (TCGUI_TYPE_SHAPED_ITEM);
  self->dirty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->scanned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* The full scan --------------------------------------------------------- */

static GPtrArray *
snapshot_targets (TcguiShapedModel *self)
{
  GPtrArray *targets = g_ptr_array_new_with_free_func (target_free);
  guint n = self->namespaces != NULL ? g_list_model_get_n_items (self->namespaces) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TcguiNamespace) ns = g_list_model_get_item (self->namespaces, i);
      const char *id = tcgui_namespace_get_id (ns);
      Target *target;

      /* A stopped container has no namespace to read; a partial scan
       * reads only what was not read yet. */
      if (id == NULL || id[0] == '\0' ||
          (!self->running_full && g_hash_table_contains (self->scanned, id)))
        continue;
      target = g_new0 (Target, 1);
      target->id = g_strdup (id);
      target->name = g_strdup (tcgui_namespace_get_name (ns));
      g_ptr_array_add (targets, target);
    }
  return targets;
}

static gboolean scan_idle_cb (gpointer data);

/* Equal in what an entry shows (the state's counters change all along). */
static gboolean
shaped_item_equal (TcguiShapedItem *a,
                   TcguiShapedItem *b)
{
  return g_strcmp0 (a->namespace_id, b->namespace_id) == 0 &&
         g_strcmp0 (a->namespace_name, b->namespace_name) == 0 &&
         g_strcmp0 (a->ifname, b->ifname) == 0 &&
         g_strcmp0 (a->summary, b->summary) == 0;
}

static gboolean
item_at_equals (TcguiShapedModel *self,
                guint             position,
                TcguiShapedItem  *item)
{
  g_autoptr(TcguiShapedItem) at = g_list_model_get_item (G_LIST_MODEL (self->items), position);

  return shaped_item_equal (at, item);
}

static gboolean
wanted_after (GPtrArray        *want,
              guint             j,
              TcguiShapedModel *self,
              guint             position)
{
  g_autoptr(TcguiShapedItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), position);

  for (guint i = j + 1; i < want->len; i++)
    if (shaped_item_equal (item, g_ptr_array_index (want, i)))
      return TRUE;
  return FALSE;
}

/* Makes the list @want, keeping the entries that did not change: a
 * scan that found the same replaces no row, so the keyboard focus or a
 * click on a row's Clear is not lost to a refresh of the list. (An entry
 * that moved up is made again; those it passed keep their rows.) */
static void
merge_items (TcguiShapedModel *self,
             GPtrArray        *want)
{
  guint at = 0, j = 0, n;

  while (j < want->len)
    {
      n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
      if (at < n && item_at_equals (self, at, g_ptr_array_index (want, j)))
        at++, j++;
      else if (at < n && !wanted_after (want, j, self, at))
        g_list_store_remove (self->items, at);   /* gone or changed */
      else
        g_list_store_insert (self->items, at++, g_ptr_array_index (want, j++));
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  if (n > at)
    g_list_store_splice (self->items, at, n - at, NULL, 0);
}

static gboolean
is_target (TcguiShapedModel *self,
           const char       *namespace_id)
{
  for (guint i = 0; i < self->targets->len; i++)
    if (g_strcmp0 (((Target *) g_ptr_array_index (self->targets, i))->id, namespace_id) == 0)
      return TRUE;
  return FALSE;
}

static void
add_found_of (TcguiShapedModel *self,
              GPtrArray        *want,
              const char       *namespace_id)
{
  for (guint i = 0; i < self->found->len; i++)
    {
      TcguiShapedItem *item = g_ptr_array_index (self->found, i);

      if (g_strcmp0 (item->namespace_id, namespace_id) == 0)
        g_ptr_array_add (want, g_object_ref (item));
    }
}

/* After a scan of some namespaces: the list with their entries read
 * again, where their entries were (a new namespace's at the end). */
static GPtrArray *
partial_want (TcguiShapedModel *self)
{
  GPtrArray *want = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) placed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TcguiShapedItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (!is_target (self, item->namespace_id))
        g_ptr_array_add (want, g_steal_pointer (&item));
      else if (!g_hash_table_contains (placed, item->namespace_id))
        {
          g_hash_table_add (placed, g_strdup (item->namespace_id));
          add_found_of (self, want, item->namespace_id);
        }
    }
  for (guint i = 0; i < self->targets->len; i++)
    {
      Target *target = g_ptr_array_index (self->targets, i);

      if (!g_hash_table_contains (placed, target->id))
        add_found_of (self, want, target->id);
    }
  return want;
}

static void
scan_done (TcguiShapedModel *self)
{
  g_autoptr(GPtrArray) want = NULL;

  for (guint i = 0; i < self->targets->len; i++)
    g_hash_table_add (self->scanned,
                      g_strdup (((Target *) g_ptr_array_index (self->targets, i))->id));
  want = self->running_full ? g_ptr_array_ref (self->found) : partial_want (self);
  merge_items (self, want);
  g_clear_pointer (&self->found, g_ptr_array_unref);
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  g_clear_object (&self->scan_cancellable);
  if (self->scan_again)
    {
      self->scan_again = FALSE;
      self->scan_idle = g_idle_add (scan_idle_cb, self);
      return;
    }
  notify_scanning (self);
  /* Changes made while everything was read are read again now. */
  update_next (self);
}

static void
shaping_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  TcguiShapedModel *self = user_data;
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GError) error = NULL;
  Target *target;
  TcguiLink *link;

  state = tcgui_shaping_client_get_shaping_finish (TCGUI_HELPER_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->found == NULL)
    return;
  target = g_ptr_array_index (self->targets, self->target_index);
  link = g_list_model_get_item (self->links, self->link_index);
  /* An interface that went meanwhile is simply not shaped. */
  if (state != NULL)
    {
      TcguiShapedItem *item = shaped_item_new (target->id, target->name,
                                               tcgui_link_get_name (link), state);
      if (item != NULL)
        g_ptr_array_add (self->found, item);
    }
  g_object_unref (link);
  self->link_index++;
  scan_next (self);
}

static void
links_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  TcguiShapedModel *self = user_data;
  g_autoptr(GError) error = NULL;
  GListModel *links;

  links = tcgui_helper_client_list_links_finish (TCGUI_HELPER_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->found == NULL)
    {
      g_clear_object (&links);
      return;
    }
  /* A namespace that went meanwhile has nothing shaped. */
  self->links = links != NULL ? links : G_LIST_MODEL (g_list_store_new (TCGUI_TYPE_LINK));
  self->link_index = 0;
  scan_next (self);
}

static gboolean
is_tcgui_ifb (TcguiLink *link)
{
  return g_strcmp0 (tcgui_link_get_kind (link), "ifb") == 0 &&
         (g_str_has_prefix (tcgui_link_get_name (link), "tcgui-ifb") ||
          g_str_has_prefix (tcgui_link_get_name (link), "tcgifb"));
}

/* Whether @link may carry TC GUI's shaping, from what ListLinks says, so
 * that a machine with hundreds of interfaces costs a few GetShaping calls:
 * its root qdisc is TC GUI's kind (outgoing, or a peer's incoming); or its
 * namespace has TC GUI's IFB (incoming through it); or, outside the host,
 * it has a peer (incoming shaped on the peer's egress, such as a
 * container's eth0). TC GUI's IFB devices are read through the interface
 * they serve. */
static gboolean
read_link (TcguiShapedModel *self,
           TcguiLink        *link)
{
  Target *target = g_ptr_array_index (self->targets, self->target_index);
  const char *qdisc = tcgui_link_get_qdisc (link);
  gboolean has_ifb = FALSE;

  if (g_strcmp0 (tcgui_link_get_kind (link), "ifb") == 0)
    return FALSE;
  if (g_strcmp0 (qdisc, "tbf") == 0 || g_strcmp0 (qdisc, "netem") == 0)
    return TRUE;
  if (g_strcmp0 (target->id, "host") != 0 && tcgui_link_get_peer_index (link) > 0)
    return TRUE;
  for (guint i = 0; i < g_list_model_get_n_items (self->links) && !has_ifb; i++)
    {
      g_autoptr(TcguiLink) other = g_list_model_get_item (self->links, i);

      has_ifb = is_tcgui_ifb (other);
    }
  return has_ifb;
}

static void
scan_next (TcguiShapedModel *self)
{
  Target *target;

  while (self->links != NULL && self->link_index < g_list_model_get_n_items (self->links))
    {
      g_autoptr(TcguiLink) link = g_list_model_get_item (self->links, self->link_index);

      if (read_link (self, link))
        {
          target = g_ptr_array_index (self->targets, self->target_index);
          tcgui_shaping_client_get_shaping_async (self->client, target->id,
                                                  tcgui_link_get_name (link),
                                                  self->scan_cancellable, shaping_cb, self);
          return;
        }
      self->link_index++;
    }
  if (self->links != NULL)
    {
      g_clear_object (&self->links);
      self->target_index++;
    }
  if (self->target_index >= self->targets->len)
    {
      scan_done (self);
      return;
    }
  target = g_ptr_array_index (self->targets, self->target_index);
  tcgui_helper_client_list_links_async (self->client, target->id, self->scan_cancellable,
                                        links_cb, self);
}

static void
scan_start (TcguiShapedModel *self)
{
  g_cancellable_cancel (self->scan_cancellable);
  g_clear_object (&self->scan_cancellable);
  self->scan_cancellable = g_cancellable_new ();
  g_clear_object (&self->links);
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  g_clear_pointer (&self->found, g_ptr_array_unref);
  self->running_full = self->scan_full;
  self->scan_full = FALSE;
  if (self->running_full)
    g_hash_table_remove_all (self->scanned);
  self->targets = snapshot_targets (self);
  self->found = g_ptr_array_new_with_free_func (g_object_unref);
  self->target_index = 0;
  scan_next (self);
}

static gboolean
scan_idle_cb (gpointer data)
{
  TcguiShapedModel *self = data;

  self->scan_idle = 0;
  scan_start (self);
  return G_SOURCE_REMOVE;
}

/* A scan in flight ends first (then another starts): cancelling it would
 * never show anything while the sidebar changes often. */
static void
schedule_scan (TcguiShapedModel *self)
{
  if (self->scan_cancellable != NULL)
    self->scan_again = TRUE;
  else if (self->scan_idle == 0)
    self->scan_idle = g_idle_add (scan_idle_cb, self);
  notify_scanning (self);
}

/**
 * tcgui_shaped_model_refresh:
 *
 * Reads everything again (soon: several requests in a row make one scan;
 * a scan in flight finishes its call first).
 */
void
tcgui_shaped_model_refresh (TcguiShapedModel *self)
{
  g_return_if_fail (TCGUI_IS_SHAPED_MODEL (self));

  self->scan_full = TRUE;
  schedule_scan (self);
}

/* One interface after a change ----------------------------------------- */

static const char *
namespace_name (TcguiShapedModel *self,
                const char       *namespace_id)
{
  guint n = self->namespaces != NULL ? g_list_model_get_n_items (self->namespaces) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TcguiNamespace) ns = g_list_model_get_item (self->namespaces, i);

      if (g_strcmp0 (tcgui_namespace_get_id (ns), namespace_id) == 0)
        return g_intern_string (tcgui_namespace_get_name (ns));
    }
  return namespace_id;
}

static gboolean
find_item (TcguiShapedModel *self,
           const char       *namespace_id,
           const char       *ifname,
           guint            *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TcguiShapedItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (g_strcmp0 (item->namespace_id, namespace_id) == 0 &&
          g_strcmp0 (item->ifname, ifname) == 0)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Replaces, adds or removes the interface's entry, as @state says. */
static void
update_item (TcguiShapedModel *self,
             const char       *namespace_id,
             const char       *ifname,
             GVariant         *state)
{
  g_autoptr(TcguiShapedItem) item = NULL;
  guint position, n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  gboolean had = find_item (self, namespace_id, ifname, &position);

  if (state != NULL)
    item = shaped_item_new (namespace_id, namespace_name (self, namespace_id), ifname, state);
  if (had && item != NULL && item_at_equals (self, position, item))
    return;   /* its row stays */
  if (had)
    g_list_store_splice (self->items, position, 1, (gpointer *) &item, item != NULL);
  else if (item != NULL)
    g_list_store_insert (self->items, n, item);
}

typedef struct
{
  TcguiShapedModel *model;           /* no reference: see above */
  char             *namespace_id;
  char             *ifname;
} Update;

static void
update_free (Update *update)
{
  g_free (update->namespace_id);
  g_free (update->ifname);
  g_free (update);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Update, update_free)

static void
update_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Update) update = user_data;
  TcguiShapedModel *self = update->model;
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GError) error = NULL;

  state = tcgui_shaping_client_get_shaping_finish (TCGUI_HELPER_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->update_cancellable);
  /* Only a gone interface or namespace says it is not shaped any more. */
  if (state != NULL || g_error_matches (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_INTERFACE) ||
      g_error_matches (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_NAMESPACE))
    update_item (self, update->namespace_id, update->ifname, state);
  update_next (self);
}

/* Reads the next changed interface, one at a time, unless a full scan
 * (which reads it anyway) or a read is in flight. */
static void
update_next (TcguiShapedModel *self)
{
  GHashTableIter iter;
  g_auto(GStrv) key = NULL;
  Update *update;
  gpointer k;

  if (self->update_cancellable != NULL || self->scan_cancellable != NULL ||
      self->settle_source != 0)
    return;
  g_hash_table_iter_init (&iter, self->dirty);
  if (!g_hash_table_iter_next (&iter, &k, NULL))
    return;
  key = g_strsplit (k, "\n", 2);
  g_hash_table_iter_remove (&iter);
  update = g_new0 (Update, 1);
  update->model = self;
  update->namespace_id = g_strdup (key[0]);
  update->ifname = g_strdup (key[1]);
  self->update_cancellable = g_cancellable_new ();
  tcgui_shaping_client_get_shaping_async (self->client, key[0], key[1],
                                          self->update_cancellable, update_cb, update);
}

/* The changed interfaces' namespaces are read again whole: what arrives
 * at a veth is shaped on its peer, whose entry changes too. */
static gboolean
settle_cb (gpointer data)
{
  TcguiShapedModel *self = data;
  GHashTableIter iter;
  gpointer key;

  self->settle_source = 0;
  g_hash_table_iter_init (&iter, self->dirty);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_auto(GStrv) parts = g_strsplit (key, "\n", 2);

      g_hash_table_remove (self->scanned, parts[0]);
      g_hash_table_iter_remove (&iter);
    }
  schedule_scan (self);
  return G_SOURCE_REMOVE;
}

static void
shaping_changed_cb (TcguiShapedModel  *self,
                    const char        *namespace_id,
                    const char        *ifname,
                    TcguiHelperClient *client)
{
  /* ResetAll: anything may have gone. */
  if (namespace_id == NULL || ifname == NULL)
    {
      tcgui_shaped_model_refresh (self);
      return;
    }
  g_hash_table_add (self->dirty, g_strconcat (namespace_id, "\n", ifname, NULL));
  g_clear_handle_id (&self->settle_source, g_source_remove);
  self->settle_source = g_timeout_add (SETTLE_MS, settle_cb, self);
}

/* A helper that started again may have found its journal, or lost it. */
static void
helper_running_cb (TcguiShapedModel  *self,
                   GParamSpec        *pspec,
                   TcguiHelperClient *client)
{
  if (tcgui_helper_client_get_helper_running (client))
    tcgui_shaped_model_refresh (self);
}

static void
remove_namespace_items (TcguiShapedModel *self,
                        const char       *namespace_id)
{
  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (self->items)); i > 0; i--)
    {
      g_autoptr(TcguiShapedItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i - 1);

      if (g_strcmp0 (item->namespace_id, namespace_id) == 0)
        g_list_store_remove (self->items, i - 1);
    }
}

static gboolean
listed (TcguiShapedModel *self,
        const char       *namespace_id)
{
  guint n = self->namespaces != NULL ? g_list_model_get_n_items (self->namespaces) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TcguiNamespace) ns = g_list_model_get_item (self->namespaces, i);

      if (g_strcmp0 (tcgui_namespace_get_id (ns), namespace_id) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The sidebar's list changed: what it no longer lists leaves, what it
 * lists for the first time is read. */
static void
namespaces_changed_cb (TcguiShapedModel *self)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer id;

  g_hash_table_iter_init (&iter, self->scanned);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    if (!listed (self, id))
      g_ptr_array_add (gone, g_strdup (id));
  for (guint i = 0; i < gone->len; i++)
    {
      g_hash_table_remove (self->scanned, g_ptr_array_index (gone, i));
      remove_namespace_items (self, g_ptr_array_index (gone, i));
    }
  schedule_scan (self);
}

/* Public --------------------------------------------------------------- */

TcguiShapedModel *
tcgui_shaped_model_new (TcguiHelperClient *client)
{
  TcguiShapedModel *self;

  g_return_val_if_fail (TCGUI_IS_HELPER_CLIENT (client), NULL);

  self = g_object_new (TCGUI_TYPE_SHAPED_MODEL, NULL);
  self->client = g_object_ref (client);
  g_signal_connect_object (client, "shaping-changed", G_CALLBACK (shaping_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "notify::helper-running", G_CALLBACK (helper_running_cb),
                           self, G_CONNECT_SWAPPED);
  return self;
}

/**
 * tcgui_shaped_model_set_namespaces:
 * @namespaces: (nullable): of #TcguiNamespace, such as the sidebar's rows
 *
 * The namespaces to read; followed as they change.
 */
void
tcgui_shaped_model_set_namespaces (TcguiShapedModel *self,
                                   GListModel       *namespaces)
{
  g_return_if_fail (TCGUI_IS_SHAPED_MODEL (self));

  if (self->namespaces == namespaces)
    {
      tcgui_shaped_model_refresh (self);
      return;
    }
  if (self->namespaces != NULL)
    g_signal_handlers_disconnect_by_data (self->namespaces, self);
  g_set_object (&self->namespaces, namespaces);
  if (namespaces != NULL)
    g_signal_connect_object (namespaces, "items-changed",
                             G_CALLBACK (namespaces_changed_cb), self, G_CONNECT_SWAPPED);
  tcgui_shaped_model_refresh (self);
}

gboolean
tcgui_shaped_model_get_scanning (TcguiShapedModel *self)
{
  g_return_val_if_fail (TCGUI_IS_SHAPED_MODEL (self), FALSE);
  return self->scan_cancellable != NULL || self->scan_idle != 0;
}

/**
 * tcgui_shaped_model_get_items:
 *
 * Returns: (transfer none): of #TcguiShapedItem, in the namespaces' order
 *   after a full scan, changed interfaces last
 */
GListModel *
tcgui_shaped_model_get_items (TcguiShapedModel *self)
{
  g_return_val_if_fail (TCGUI_IS_SHAPED_MODEL (self), NULL);
  return G_LIST_MODEL (self->items);
}

/**
 * tcgui_shaped_model_lookup:
 *
 * Returns: (transfer none) (nullable): the entry of @ifname in @namespace_id
 */
TcguiShapedItem *
tcgui_shaped_model_lookup (TcguiShapedModel *self,
                           const char       *namespace_id,
                           const char       *ifname)
{
  TcguiShapedItem *item;
  guint position;

  g_return_val_if_fail (TCGUI_IS_SHAPED_MODEL (self), NULL);

  if (!find_item (self, namespace_id, ifname, &position))
    return NULL;
  item = g_list_model_get_item (G_LIST_MODEL (self->items), position);
  /* The store keeps its reference. */
  g_object_unref (item);
  return item;
}

/**
 * tcgui_shaped_model_count_in:
 *
 * Returns: how many interfaces of @namespace_id TC GUI shapes
 */
guint
tcgui_shaped_model_count_in (TcguiShapedModel *self,
                             const char       *namespace_id)
{
  guint n, count = 0;

  g_return_val_if_fail (TCGUI_IS_SHAPED_MODEL (self), 0);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TcguiShapedItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      count += g_strcmp0 (item->namespace_id, namespace_id) == 0;
    }
  return count;
}

TcguiHelperClient *
tcgui_shaped_model_get_client (TcguiShapedModel *self)
{
  g_return_val_if_fail (TCGUI_IS_SHAPED_MODEL (self), NULL);
  return self->client;
}
