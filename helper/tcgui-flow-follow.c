/* tcgui-flow-follow.c - flows that name a peer follow its addresses
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The helper keeps what it applied with flows in memory (at most
 * TCGUI_FLOW_FOLLOW_MAX directions), for two things. Read-back: the kernel
 * holds prefixes, not the labels and peers the caller gave; when it holds
 * exactly what the remembered flows program, GetShaping reports those
 * (tcgui_flow_follow_refine()). Peers: SetShaping resolves a flow's
 * "peer" to addresses once. A peer that
 * restarts may come back with others: the helper keeps what it applied
 * with peers (in memory, at most TCGUI_FLOW_FOLLOW_MAX directions) and,
 * when the inventory changes, resolves them again and re-applies the
 * directions whose addresses changed, in a worker thread (never on the
 * main thread). A direction cleared or set again without peers is
 * forgotten; so is one whose target is gone (its namespace, checked on
 * every inventory change). At most TCGUI_FLOW_FOLLOW_MAX_PER_UID
 * directions per uid.
 *
 * A re-apply is ordered against SetShaping, ClearShaping and batch items
 * of the same direction: they invalidate the direction (a new serial)
 * before they change it, and a re-apply checks, under the namespace's
 * lock (tcgui_qdisc_set_flows_guarded()), that the direction still has the
 * serial it was collected with. Either the re-apply ran first and the
 * caller's change, waiting for the lock, comes after it; or it sees the
 * new serial and changes nothing: a cleared tree never comes back.
 */

#define G_LOG_DOMAIN "tcgui-flow-follow"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <gio/gio.h>

#include "tcgui-error.h"
#include "tcgui-flow-follow.h"
#include "tcgui-flow-resolve.h"
#include "tcgui-netns.h"
#include "tcgui-qdisc.h"

typedef struct
{
  char           *ns_id;
  char           *ifname;
  TcguiDirection  direction;
  TcguiParams     params;
  GPtrArray      *flows;
  GPtrArray      *resolved;
  guint32         uid;
  guint64         serial;      /* changes whenever the direction is changed */
} Followed;

static GMutex lock;
static GHashTable *followed;   /* "ns\nif\ndir" → Followed */
static gboolean busy;          /* a re-apply runs: later changes wait for the next */
static guint64 next_serial = 1;

static void
followed_free (Followed *f)
{
  g_free (f->ns_id);
  g_free (f->ifname);
  g_ptr_array_unref (f->flows);
  g_ptr_array_unref (f->resolved);
  g_free (f);
}

static char *
make_key (const char     *ns_id,
          const char     *ifname,
          TcguiDirection  direction)
{
  return g_strdup_printf ("%s\n%s\n%d", ns_id, ifname, (int) direction);
}

static guint
count_uid (guint32 uid)
{
  GHashTableIter iter;
  Followed *f;
  guint n = 0;

  g_hash_table_iter_init (&iter, followed);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &f))
    n += f->uid == uid;
  return n;
}

static GPtrArray *
copy_flows (GPtrArray *flows)
{
  GPtrArray *copy = tcgui_flows_new ();

  for (guint i = 0; i < flows->len; i++)
    g_ptr_array_add (copy, tcgui_flow_copy (g_ptr_array_index (flows, i)));
  return copy;
}

void
tcgui_flow_follow_remember (const char         *ns_id,
                            const char         *ifname,
                            TcguiDirection      direction,
                            const TcguiParams  *params,
                            GPtrArray          *flows,
                            GPtrArray          *resolved,
                            guint32             uid)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  g_autofree char *key = make_key (ns_id, ifname, direction);
  Followed *f;

  if (followed == NULL)
    followed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) followed_free);
  if (g_hash_table_size (followed) >= TCGUI_FLOW_FOLLOW_MAX &&
      !g_hash_table_contains (followed, key))
    {
      g_message ("Not following the peers of %s %s: %u directions are followed already",
                 ns_id, ifname, TCGUI_FLOW_FOLLOW_MAX);
      return;
    }
  if (!g_hash_table_contains (followed, key) &&
      count_uid (uid) >= TCGUI_FLOW_FOLLOW_MAX_PER_UID)
    {
      g_message ("Not following the peers of %s %s: uid %u has %u directions followed already",
                 ns_id, ifname, uid, TCGUI_FLOW_FOLLOW_MAX_PER_UID);
      return;
    }
  f = g_new0 (Followed, 1);
  f->ns_id = g_strdup (ns_id);
  f->ifname = g_strdup (ifname);
  f->direction = direction;
  f->params = *params;
  f->flows = copy_flows (flows);
  f->resolved = g_ptr_array_ref (resolved);
  f->uid = uid;
  f->serial = next_serial++;
  g_hash_table_replace (followed, g_steal_pointer (&key), f);
}

/**
 * tcgui_flow_follow_invalidate:
 *
 * Called before @direction ("both" for both) is changed by hand: a
 * re-apply collected before does not touch it any more (see the top).
 */
void
tcgui_flow_follow_invalidate (const char     *ns_id,
                              const char     *ifname,
                              TcguiDirection  direction)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  static const TcguiDirection dirs[] = { TCGUI_DIRECTION_OUTGOING, TCGUI_DIRECTION_INCOMING };

  if (followed == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *key = make_key (ns_id, ifname, dirs[i]);
      Followed *f;

      if ((direction == dirs[i] || direction == TCGUI_DIRECTION_BOTH) &&
          (f = g_hash_table_lookup (followed, key)))
        f->serial = next_serial++;
    }
}

/* Does @job's direction still have the serial it was collected with? */
static gboolean
job_is_current_locked (Followed *job)
{
  g_autofree char *key = make_key (job->ns_id, job->ifname, job->direction);
  Followed *f;

  return followed != NULL && (f = g_hash_table_lookup (followed, key)) != NULL &&
         f->serial == job->serial;
}

/* The guard of a re-apply, run under the namespace's lock. */
static gboolean
job_is_current (gpointer data)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);

  return job_is_current_locked (data);
}

/* Remembers what a re-apply applied, unless the direction changed since. */
static void
remember_job (Followed *job)
{
  g_autofree char *key = make_key (job->ns_id, job->ifname, job->direction);
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  Followed *f;

  if (!job_is_current_locked (job))
    return;
  f = g_hash_table_lookup (followed, key);
  g_ptr_array_unref (f->resolved);
  f->resolved = g_ptr_array_ref (job->resolved);
}

void
tcgui_flow_follow_forget (const char     *ns_id,
                          const char     *ifname,
                          TcguiDirection  direction)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  g_autofree char *out = make_key (ns_id, ifname, TCGUI_DIRECTION_OUTGOING);
  g_autofree char *in = make_key (ns_id, ifname, TCGUI_DIRECTION_INCOMING);

  if (followed == NULL)
    return;
  if (direction != TCGUI_DIRECTION_INCOMING)
    g_hash_table_remove (followed, out);
  if (direction != TCGUI_DIRECTION_OUTGOING)
    g_hash_table_remove (followed, in);
}

/**
 * tcgui_flow_follow_forget_all:
 *
 * Forgets every followed direction (ResetAll, before it clears the kernel:
 * a re-apply collected before finds its direction gone and changes nothing).
 */
void
tcgui_flow_follow_forget_all (void)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);

  if (followed != NULL)
    g_hash_table_remove_all (followed);
}

static gboolean
resolved_equal (GPtrArray *a,
                GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      GArray *x = g_ptr_array_index (a, i), *y = g_ptr_array_index (b, i);

      if (x->len != y->len || memcmp (x->data, y->data, x->len * sizeof (TcguiFlowPrefix)) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Re-applies are done one batch at a time; a change that arrives
 * meanwhile is looked at when the batch is done. */
static gboolean pending;
static TcguiFlowFollowItemsFunc last_dup_items;
static gpointer last_dup_data;

static void
reapply_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GPtrArray *jobs = task_data;

  for (guint i = 0; i < jobs->len; i++)
    {
      Followed *job = g_ptr_array_index (jobs, i);
      g_autoptr(GError) error = NULL;

      if (tcgui_qdisc_set_flows_guarded (job->ns_id, job->ifname, job->direction, &job->params,
                                         job->flows, job->resolved, 0, job_is_current, job,
                                         &error))
        {
          g_message ("Flows of %s %s follow their peers' new addresses", job->ns_id, job->ifname);
          remember_job (job);
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Not re-applying the flows of %s %s: changed meanwhile", job->ns_id, job->ifname);
      else
        {
          g_message ("Cannot re-apply the flows of %s %s for their peers' new addresses: %s",
                     job->ns_id, job->ifname, error->message);
          /* The target itself is gone, or someone else's tree is there. */
          if (g_error_matches (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_NAMESPACE) ||
              g_error_matches (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_INTERFACE) ||
              g_error_matches (error, TCGUI_ERROR, TCGUI_ERROR_FOREIGN_QDISC))
            tcgui_flow_follow_forget (job->ns_id, job->ifname, job->direction);
        }
    }
}

static void
reapply_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  gboolean again;

  g_mutex_lock (&lock);
  busy = FALSE;
  again = pending;
  pending = FALSE;
  g_mutex_unlock (&lock);
  if (again)
    tcgui_flow_follow_inventory_changed (last_dup_items, last_dup_data);
}

/* Whether the namespace @ns_id no longer exists (a pid's was replaced). */
static gboolean
namespace_gone (const char *ns_id)
{
  g_autoptr(TcguiNsRef) ref = tcgui_ns_ref_parse (ns_id, NULL);
  g_autoptr(GError) error = NULL;
  int fd;

  if (ref == NULL || ref->kind == TCGUI_NS_HOST)
    return FALSE;
  if ((fd = tcgui_netns_open (ref, &error)) >= 0)
    close (fd);
  return g_error_matches (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_NAMESPACE);
}

/* The directions whose peers now resolve to other addresses; forgets
 * those whose namespace is gone. A peer that
 * resolves to nothing (stopped) is left as it was until it is back. */
static GPtrArray *
collect_jobs (TcguiFlowFollowItemsFunc dup_items,
              gpointer                 data)
{
  GPtrArray *jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) followed_free);
  /* One copy of the inventory per uid and pass, not per direction. */
  g_autoptr(GHashTable) views = g_hash_table_new_full (NULL, NULL, NULL,
                                                       (GDestroyNotify) g_variant_unref);
  GHashTableIter iter;
  Followed *f;

  g_hash_table_iter_init (&iter, followed);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &f))
    {
      GVariant *items;
      g_autoptr(GPtrArray) now = NULL;
      Followed *job;

      if (namespace_gone (f->ns_id))
        {
          g_message ("No longer following the peers of %s %s: the namespace is gone",
                     f->ns_id, f->ifname);
          g_hash_table_iter_remove (&iter);
          continue;
        }
      if (!tcgui_flows_need_inventory (f->flows))
        continue;
      if (!(items = g_hash_table_lookup (views, GUINT_TO_POINTER (f->uid))))
        {
          items = dup_items (f->uid, data);
          g_hash_table_insert (views, GUINT_TO_POINTER (f->uid), items);
        }
      if (!tcgui_flows_resolve (items, f->ns_id, f->flows, &now, NULL) ||
          resolved_equal (now, f->resolved))
        continue;
      job = g_new0 (Followed, 1);
      *job = *f;
      job->ns_id = g_strdup (f->ns_id);
      job->ifname = g_strdup (f->ifname);
      job->flows = copy_flows (f->flows);
      job->resolved = g_steal_pointer (&now);
      g_ptr_array_add (jobs, job);
    }
  return jobs;
}

/**
 * tcgui_flow_follow_inventory_changed:
 *
 * Called on the main thread when the inventory changed: starts the
 * re-applies it needs in a worker thread.
 */
void
tcgui_flow_follow_inventory_changed (TcguiFlowFollowItemsFunc dup_items,
                                     gpointer                 data)
{
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GTask) task = NULL;

  g_mutex_lock (&lock);
  last_dup_items = dup_items;
  last_dup_data = data;
  if (followed == NULL || g_hash_table_size (followed) == 0 || busy)
    {
      pending = busy;
      g_mutex_unlock (&lock);
      return;
    }
  jobs = collect_jobs (dup_items, data);
  busy = jobs->len > 0;
  g_mutex_unlock (&lock);
  if (jobs->len == 0)
    return;

  task = g_task_new (NULL, NULL, reapply_done, NULL);
  g_task_set_source_tag (task, tcgui_flow_follow_inventory_changed);
  g_task_set_task_data (task, g_steal_pointer (&jobs), (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, reapply_thread);
}

/* What the kernel holds for @flows resolved to @resolved, as read back:
 * one flow per address, without labels and peers. */
static GPtrArray *
expected_read_back (GPtrArray *flows,
                    GPtrArray *resolved)
{
  GPtrArray *out = tcgui_flows_new ();

  for (guint i = 0; i < flows->len; i++)
    {
      const TcguiFlow *flow = g_ptr_array_index (flows, i);
      GArray *prefixes = g_ptr_array_index (resolved, i);

      for (guint j = 0; j < MAX (prefixes->len, 1u); j++)
        {
          TcguiFlow *copy = tcgui_flow_copy (flow);

          g_clear_pointer (&copy->label, g_free);
          g_clear_pointer (&copy->match.peer, g_free);
          g_clear_pointer (&copy->match.network, g_free);
          if (prefixes->len > 0)
            {
              TcguiFlowPrefix *p = &g_array_index (prefixes, TcguiFlowPrefix, j);

              copy->match.family = p->family;
              copy->match.prefix_len = p->prefix_len;
              memcpy (copy->match.addr, p->addr, sizeof copy->match.addr);
            }
          g_ptr_array_add (out, copy);
        }
    }
  return out;
}

static GVariant *
refine_direction (const char     *ns_id,
                  const char     *ifname,
                  TcguiDirection  direction,
                  GVariant       *dict)
{
  g_autofree char *key = make_key (ns_id, ifname, direction);
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  TcguiParams params;
  Followed *f;

  if (followed == NULL || !(f = g_hash_table_lookup (followed, key)) ||
      !tcgui_params_from_variant_full (dict, &params, &read, NULL) || read->len == 0)
    return NULL;
  expected = expected_read_back (f->flows, f->resolved);
  if (!tcgui_flows_equal (read, expected))
    return NULL;
  return tcgui_params_to_variant_full (&params, f->flows);
}

/**
 * tcgui_flow_follow_refine:
 * @state: GetShaping's state
 *
 * Returns: (transfer floating): @state, with the flows the caller gave
 *   (labels, peers, networks) where the kernel holds exactly what they
 *   program
 */
GVariant *
tcgui_flow_follow_refine (const char *ns_id,
                          const char *ifname,
                          GVariant   *state)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  for (gsize i = 0; i < g_variant_n_children (state); i++)
    {
      g_autoptr(GVariant) value = NULL;
      GVariant *refined = NULL;
      const char *key;

      g_variant_get_child (state, i, "{&sv}", &key, &value);
      if (strcmp (key, "outgoing") == 0)
        refined = refine_direction (ns_id, ifname, TCGUI_DIRECTION_OUTGOING, value);
      else if (strcmp (key, "incoming") == 0)
        refined = refine_direction (ns_id, ifname, TCGUI_DIRECTION_INCOMING, value);
      g_variant_builder_add (&b, "{sv}", key, refined ? refined : value);
    }
  return g_variant_builder_end (&b);
}
