/* tcgui-counters-client.c - live interface counters from the helper
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-counters-client"

#include "config.h"

#include <math.h>

#include "tcgui-counters-client.h"
#include "tcgui-error.h"
#include "tcgui-helper-client-private.h"

#define HISTORY_SECONDS 900
#define RETRY_SECONDS   5

/* What the app watches: one helper watch for all targets, made again
 * (after a short idle, so that a page adding 40 interfaces makes one call)
 * whenever the set changes or the helper restarts. Rates live here, keyed by
 * target, so graphs keep their history across re-watches. */
struct _TcguiCountersClient
{
  GObject        parent_instance;

  TcguiHelperClient *client;  /* the app's helper session */
  GCancellable  *cancellable;
  guint          interval_ms;
  GHashTable    *targets;      /* "ns\nifname" → Target */
  GHashTable    *aggregates;   /* ns → Aggregate */
  guint          prune_id;     /* idle: drop the aggregates nobody holds */
  guint          watch_id;     /* 0: none */
  guint          rewatch_id;   /* idle or retry source */
  gboolean       watch_in_flight;
  gboolean       rewatch_pending;  /* targets changed while a Watch was in flight */
  guint          n_probes;     /* ListLinks in flight after a failed Watch */
  gboolean       probe_found;  /* one of them found a namespace gone */
};

/* A namespace's total, kept while a graph (a sidebar sparkline) holds it. */
typedef struct
{
  TcguiRate *rate;
  guint      n_holders;
} Aggregate;

typedef struct
{
  char      *ns;
  char      *ifname;
  TcguiRate *rate;
  guint      n_users;
  gboolean   gone;     /* its namespace cannot be opened: not watched */
} Target;

G_DEFINE_FINAL_TYPE (TcguiCountersClient, tcgui_counters_client, G_TYPE_OBJECT)

enum {
  UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void     schedule_rewatch (TcguiCountersClient *self,
                                  guint                delay_s);
static gboolean rewatch_cb       (gpointer             data);

/* Ends our watch, if any; nobody waits for the answer. */
static void
unwatch (TcguiCountersClient *self)
{
  if (self->watch_id != 0 && self->client != NULL)
    tcgui_helper_client_call_no_reply (self->client, "Unwatch",
                                       g_variant_new ("(u)", self->watch_id));
  self->watch_id = 0;
}

static void
target_free (Target *t)
{
  g_free (t->ns);
  g_free (t->ifname);
  tcgui_rate_unref (t->rate);
  g_free (t);
}

static void
aggregate_free (Aggregate *agg)
{
  tcgui_rate_unref (agg->rate);
  g_free (agg);
}

static TcguiRate *
new_rate (TcguiCountersClient *self)
{
  /* Samples further apart than 3 intervals are not joined. */
  return tcgui_rate_new (HISTORY_SECONDS * 1000 / self->interval_ms + 8,
                         3 * (gint64) self->interval_ms * 1000);
}

static void
sample_to_rate (Target   *t,
                gint64    time_us,
                GVariant *sample)
{
  g_auto(GVariantDict) d = G_VARIANT_DICT_INIT (sample);
  TcguiRateSample s = { time_us, FALSE, 0, 64, 0, 0 };

  g_variant_dict_lookup (&d, "present", "b", &s.present);
  g_variant_dict_lookup (&d, "index", "i", &s.ifindex);
  g_variant_dict_lookup (&d, "counter-bits", "u", &s.bits);
  g_variant_dict_lookup (&d, "rx-bytes", "t", &s.rx_bytes);
  g_variant_dict_lookup (&d, "tx-bytes", "t", &s.tx_bytes);
  tcgui_rate_add_sample (t->rate, &s);
}

/* Sums the interfaces of each aggregated namespace that have a point at
 * @time_us; a namespace none of which has one gets a gap. */
static void
update_aggregates (TcguiCountersClient *self,
                   gint64               time_us)
{
  GHashTableIter iter;
  const char *ns;
  Aggregate *agg;

  g_hash_table_iter_init (&iter, self->aggregates);
  while (g_hash_table_iter_next (&iter, (gpointer *) &ns, (gpointer *) &agg))
    {
      GHashTableIter ti;
      Target *t;
      double rx = 0, tx = 0;
      gboolean any = FALSE;

      g_hash_table_iter_init (&ti, self->targets);
      while (g_hash_table_iter_next (&ti, NULL, (gpointer *) &t))
        {
          const TcguiRatePoint *p = tcgui_rate_get_last (t->rate);

          if (!g_str_equal (t->ns, ns) || p == NULL || p->time_us != time_us || isnan (p->rx_bps))
            continue;
          rx += p->rx_bps;
          tx += p->tx_bps;
          any = TRUE;
        }
      tcgui_rate_push_point (agg->rate, time_us, any ? rx : NAN, any ? tx : NAN);
    }
}

static void
counters_cb (TcguiCountersClient *self,
             guint                watch_id,
             guint64              timestamp_us,
             GVariant            *samples,
             TcguiHelperClient   *client)
{
  GVariantIter iter;
  GVariant *sample;

  if (watch_id != self->watch_id)
    return;

  g_variant_iter_init (&iter, samples);
  while ((sample = g_variant_iter_next_value (&iter)))
    {
      const char *ns = NULL, *ifname = NULL;
      g_autofree char *key = NULL;
      Target *t;

      if (g_variant_lookup (sample, "namespace", "&s", &ns) &&
          g_variant_lookup (sample, "interface", "&s", &ifname) &&
          (t = g_hash_table_lookup (self->targets, (key = g_strdup_printf ("%s\n%s", ns, ifname)))))
        sample_to_rate (t, (gint64) timestamp_us, sample);
      g_variant_unref (sample);
    }

  update_aggregates (self, (gint64) timestamp_us);
  g_signal_emit (self, signals[UPDATED], 0);
}

/* Vanished namespaces ----------------------------------------------------------
 *
 * Watch fails as a whole when one of its namespaces cannot be opened (an
 * `ip netns del`, a container's process gone). Retrying the same set would
 * fail for ever and freeze every graph, so each watched namespace is asked
 * for its links: those that cannot be opened leave the watch set (their
 * graphs stop, as the interfaces are gone) and the rest is watched again at
 * once. Watching such a target again (a refresh) puts it back. */

static gboolean
mark_gone (TcguiCountersClient *self,
           const char          *ns,
           const char          *why)
{
  GHashTableIter iter;
  Target *t;
  gboolean any = FALSE;

  g_hash_table_iter_init (&iter, self->targets);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &t))
    if (!t->gone && g_str_equal (t->ns, ns))
      t->gone = any = TRUE;
  if (any)
    g_message ("No more counters from %s: %s", ns, why);
  return any;
}

typedef struct
{
  TcguiCountersClient *self;
  char                *ns;
} Probe;

static void
probe_free (Probe *probe)
{
  g_object_unref (probe->self);
  g_free (probe->ns);
  g_free (probe);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Probe, probe_free)

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Probe) probe = user_data;
  TcguiCountersClient *self = probe->self;
  g_autoptr(GListModel) links = NULL;
  g_autoptr(GError) error = NULL;

  links = tcgui_helper_client_list_links_finish (TCGUI_HELPER_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* InvalidArgument: a container's PID now belongs to another process. */
  if (g_error_matches (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_NAMESPACE) ||
      g_error_matches (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT))
    self->probe_found |= mark_gone (self, probe->ns, error->message);
  if (--self->n_probes > 0)
    return;
  self->watch_in_flight = FALSE;
  self->rewatch_pending = FALSE;
  schedule_rewatch (self, self->probe_found ? 0 : RETRY_SECONDS);
}

static void
probe (TcguiCountersClient *self,
       const char          *ns)
{
  Probe *probe = g_new0 (Probe, 1);

  probe->self = g_object_ref (self);
  probe->ns = g_strdup (ns);
  self->n_probes++;
  tcgui_helper_client_list_links_async (self->client, ns, self->cancellable, probe_cb, probe);
}

static gboolean
probe_namespaces (TcguiCountersClient *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  const char *ns;
  Target *t;

  g_hash_table_iter_init (&iter, self->targets);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &t))
    if (!t->gone)
      g_hash_table_add (seen, t->ns);
  if (!tcgui_helper_client_get_helper_running (self->client) || g_hash_table_size (seen) == 0)
    return FALSE;

  /* Until the probes are back, as if a Watch were in flight. */
  self->watch_in_flight = TRUE;
  self->probe_found = FALSE;
  g_hash_table_iter_init (&iter, seen);
  while (g_hash_table_iter_next (&iter, (gpointer *) &ns, NULL))
    probe (self, ns);
  return TRUE;
}

/* The helper ends the watches of a connection that fell behind reading
 * them (a stopped process): watch again, once it has caught up. */
static void
watches_dropped_cb (TcguiCountersClient *self,
                    GVariant            *watch_ids,
                    const char          *reason,
                    TcguiHelperClient   *client)
{
  gsize n = 0;
  const guint32 *ids = g_variant_get_fixed_array (watch_ids, &n, sizeof (guint32));

  for (gsize i = 0; i < n; i++)
    if (self->watch_id != 0 && ids[i] == self->watch_id)
      {
        g_debug ("The helper dropped our watch: %s", reason);
        self->watch_id = 0;
        schedule_rewatch (self, RETRY_SECONDS);
      }
}

static void
watch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TcguiCountersClient) self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint watch_id = 0;

  self->watch_in_flight = FALSE;
  reply = tcgui_helper_client_call_finish (TCGUI_HELPER_CLIENT (object), result,
                                           rewatch_cb, "(u)", &error);
  if (reply == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Cannot watch counters: %s", error->message);
      /* A namespace went away: find it, so that the others go on. */
      if (g_error_matches (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_NAMESPACE) &&
          probe_namespaces (self))
        return;
      schedule_rewatch (self, RETRY_SECONDS);
      return;
    }
  watch_id = g_variant_get_uint32 (reply);
  self->watch_id = watch_id;
  /* That Watch was built before the latest targets: send them now. */
  if (self->rewatch_pending)
    {
      self->rewatch_pending = FALSE;
      schedule_rewatch (self, 0);
    }
}

static GVariant *
build_targets (TcguiCountersClient *self)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a(ss)"));
  GHashTableIter iter;
  Target *t;

  g_hash_table_iter_init (&iter, self->targets);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &t))
    if (!t->gone)
      g_variant_builder_add (&b, "(ss)", t->ns, t->ifname);
  return g_variant_builder_end (&b);
}

static guint
count_watched (TcguiCountersClient *self)
{
  GHashTableIter iter;
  Target *t;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->targets);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &t))
    n += !t->gone;
  return n;
}

static gboolean
rewatch_cb (gpointer data)
{
  TcguiCountersClient *self = data;

  self->rewatch_id = 0;
  if (tcgui_helper_client_get_state (self->client) != TCGUI_HELPER_STATE_READY)
    return G_SOURCE_REMOVE;
  if (self->watch_in_flight)
    {
      self->rewatch_pending = TRUE;
      return G_SOURCE_REMOVE;
    }

  unwatch (self);
  if (count_watched (self) == 0)
    return G_SOURCE_REMOVE;

  self->watch_in_flight = TRUE;
  tcgui_helper_client_call_async (self->client, "Watch",
                                  g_variant_new ("(@a(ss)u)", build_targets (self),
                                                 self->interval_ms),
                                  rewatch_cb, self->cancellable, watch_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
schedule_rewatch (TcguiCountersClient *self,
                  guint                delay_s)
{
  g_clear_handle_id (&self->rewatch_id, g_source_remove);
  if (delay_s == 0)
    self->rewatch_id = g_idle_add (rewatch_cb, self);
  else
    self->rewatch_id = g_timeout_add_seconds (delay_s, rewatch_cb, self);
}

/* A new helper (activated again after idling, or replaced) knows nothing
 * of our watch; nor does a gone one. */
static void
helper_running_cb (TcguiCountersClient *self)
{
  if (!tcgui_helper_client_get_helper_running (self->client))
    self->watch_id = 0;
  else if (self->watch_id == 0 && !self->watch_in_flight)
    schedule_rewatch (self, 0);
}

/* Ready again (the bus came back, a retry): watch what is wanted. */
static void
state_cb (TcguiCountersClient *self)
{
  if (tcgui_helper_client_get_state (self->client) == TCGUI_HELPER_STATE_READY &&
      self->watch_id == 0)
    schedule_rewatch (self, 0);
}

static void
tcgui_counters_client_dispose (GObject *object)
{
  TcguiCountersClient *self = (TcguiCountersClient *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->rewatch_id, g_source_remove);
  g_clear_handle_id (&self->prune_id, g_source_remove);
  unwatch (self);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->targets, g_hash_table_unref);
  g_clear_pointer (&self->aggregates, g_hash_table_unref);

  G_OBJECT_CLASS (tcgui_counters_client_parent_class)->dispose (object);
}

static void
tcgui_counters_client_class_init (TcguiCountersClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tcgui_counters_client_dispose;

  /**
   * TcguiCountersClient::updated:
   *
   * New samples were added to the rates (once per sampling interval).
   */
  signals[UPDATED] =
    g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
tcgui_counters_client_init (TcguiCountersClient *self)
{
  self->interval_ms = 1000;
  self->cancellable = g_cancellable_new ();
  self->targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) target_free);
  self->aggregates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) aggregate_free);
}

/* ---- public API ------------------------------------------------------------ */

/**
 * tcgui_counters_client_new:
 * @client: the app's helper session, whose calls and signals it uses
 * @interval_ms: the sampling interval, 250..5000
 */
TcguiCountersClient *
tcgui_counters_client_new (TcguiHelperClient *client,
                           guint              interval_ms)
{
  TcguiCountersClient *self;

  g_return_val_if_fail (TCGUI_IS_HELPER_CLIENT (client), NULL);

  self = g_object_new (TCGUI_TYPE_COUNTERS_CLIENT, NULL);
  self->client = g_object_ref (client);
  self->interval_ms = CLAMP (interval_ms, 250, 5000);
  g_signal_connect_object (client, "counters", G_CALLBACK (counters_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "watches-dropped", G_CALLBACK (watches_dropped_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "notify::helper-running", G_CALLBACK (helper_running_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "notify::state", G_CALLBACK (state_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

/**
 * tcgui_counters_client_watch:
 *
 * Starts (or shares) watching @ifname in @namespace_id. Pair each call with
 * tcgui_counters_client_unwatch().
 *
 * Returns: (transfer none): the interface's rates, valid until unwatched
 */
TcguiRate *
tcgui_counters_client_watch (TcguiCountersClient *self,
                             const char          *namespace_id,
                             const char          *ifname)
{
  g_autofree char *key = g_strdup_printf ("%s\n%s", namespace_id, ifname);
  Target *t = g_hash_table_lookup (self->targets, key);

  if (t == NULL)
    {
      t = g_new0 (Target, 1);
      t->ns = g_strdup (namespace_id);
      t->ifname = g_strdup (ifname);
      t->rate = new_rate (self);
      g_hash_table_insert (self->targets, g_steal_pointer (&key), t);
      schedule_rewatch (self, 0);
    }
  else if (t->gone)
    {
      /* Asked for again (a refresh): perhaps it is back. */
      t->gone = FALSE;
      schedule_rewatch (self, 0);
    }
  t->n_users++;
  return t->rate;
}

void
tcgui_counters_client_unwatch (TcguiCountersClient *self,
                               const char          *namespace_id,
                               const char          *ifname)
{
  g_autofree char *key = g_strdup_printf ("%s\n%s", namespace_id, ifname);
  Target *t = g_hash_table_lookup (self->targets, key);

  g_return_if_fail (t != NULL);

  if (--t->n_users == 0)
    {
      g_hash_table_remove (self->targets, key);
      schedule_rewatch (self, 0);
    }
}

/**
 * tcgui_counters_client_hold_aggregate:
 *
 * Returns: (transfer none): the sum of the rates of the watched interfaces
 *   of @namespace_id (a container's total), kept until as many
 *   tcgui_counters_client_release_aggregate() calls
 */
TcguiRate *
tcgui_counters_client_hold_aggregate (TcguiCountersClient *self,
                                      const char          *namespace_id)
{
  Aggregate *agg = g_hash_table_lookup (self->aggregates, namespace_id);

  if (agg == NULL)
    {
      agg = g_new0 (Aggregate, 1);
      agg->rate = new_rate (self);
      g_hash_table_insert (self->aggregates, g_strdup (namespace_id), agg);
    }
  agg->n_holders++;
  return agg->rate;
}

static gboolean
prune_aggregates_cb (gpointer data)
{
  TcguiCountersClient *self = data;
  GHashTableIter iter;
  Aggregate *agg;

  self->prune_id = 0;
  g_hash_table_iter_init (&iter, self->aggregates);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &agg))
    if (agg->n_holders == 0)
      g_hash_table_iter_remove (&iter);
  return G_SOURCE_REMOVE;
}

/**
 * tcgui_counters_client_release_aggregate:
 *
 * Ends a tcgui_counters_client_hold_aggregate(). The last release drops
 * the total from an idle callback: a sidebar row replaced by an updated
 * copy holds it again first, and its sparkline keeps its history.
 */
void
tcgui_counters_client_release_aggregate (TcguiCountersClient *self,
                                         const char          *namespace_id)
{
  Aggregate *agg = g_hash_table_lookup (self->aggregates, namespace_id);

  g_return_if_fail (agg != NULL && agg->n_holders > 0);

  if (--agg->n_holders == 0 && self->prune_id == 0)
    self->prune_id = g_idle_add (prune_aggregates_cb, self);
}

/**
 * tcgui_counters_client_get_n_aggregates:
 *
 * Returns: how many namespace totals are kept (tests)
 */
guint
tcgui_counters_client_get_n_aggregates (TcguiCountersClient *self)
{
  return g_hash_table_size (self->aggregates);
}

guint
tcgui_counters_client_get_interval (TcguiCountersClient *self)
{
  return self->interval_ms;
}

guint
tcgui_counters_client_get_n_targets (TcguiCountersClient *self)
{
  return g_hash_table_size (self->targets);
}
