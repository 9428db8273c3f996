/* tcgui-service-watch.c - Watch/Unwatch and the Counters signal
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-watch"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "tcgui-counters.h"
#include "tcgui-error.h"
#include "tcgui-service-watch.h"

#define SAMPLER_KEY "tcgui-watch-sampler"
#define IFACE_NAME  "io.github.tcgui.Helper1"

/* All sampling runs in one thread of its own with its own main context:
 * the timers, the sockets (TcguiCounters) and the callers' name watches
 * live there, so a slow namespace never holds up calls or the idle timer,
 * and no lock is needed but for the counter the idle timer reads. */
typedef struct
{
  GThread          *thread;
  GMainContext     *context;
  GMainLoop        *loop;
  TcguiService     *service;     /* not owned: the sampler dies with it */
  int               n_watches;   /* atomic */
  guint             next_id;     /* atomic */

  /* Sampler thread only. */
  TcguiCounters    *counters;
  GHashTable       *watches;     /* id → Watch */
  GHashTable       *callers;     /* unique name → Caller */
  GHashTable       *users;       /* uid → User */
  GHashTable       *tickers;     /* interval in ms → Ticker */
  GCancellable     *cancellable; /* of the pings */
  guint             n_pings;
} Sampler;

/* What one user (uid) watches, all its connections together: the limits
 * are per user, or a user would get around them with more connections. */
typedef struct
{
  guint    n_watches;
  guint    n_targets;
  guint64  samples_per_ks;       /* Σ targets × rounds per 1000 s */
} User;

/* A connection that watched, kept until it leaves the bus. The bus daemon
 * queues what it does not read, and stops reading the helper altogether
 * when that grows too large: then nobody's calls are answered. So the
 * helper counts what it sent and asks (Peer.Ping, answered by the peer's
 * bus library after it read everything sent before) what was read. */
typedef struct
{
  char             *sender;
  GDBusConnection  *connection;
  guint             name_watch_id;
  guint             n_watches;
  guint64           sent;        /* bytes of Counters signals */
  guint64           read;        /* of them, read for sure */
  gboolean          pinging;
  GArray           *dropped;     /* ids of its watches dropped for not reading */
} Caller;

typedef struct _Ticker Ticker;

typedef struct
{
  Sampler          *sampler;
  guint             id;
  guint32           uid;
  char             *sender;
  GDBusConnection  *connection;
  GPtrArray        *namespaces;  /* one per target */
  GPtrArray        *ifnames;
  guint             interval_ms;
  Ticker           *ticker;
  gint64            first_round; /* the rounds before it are skipped */
} Watch;

/* The watches of one interval share its rounds: each target is read and
 * turned into a sample once per round, however many watches name it. */
struct _Ticker
{
  Sampler          *sampler;
  guint             interval_ms;
  GSource          *source;
  gint64            next_tick;   /* monotonic µs of the next round */
  gint64            round;       /* of the round being dispatched */
  GPtrArray        *watches;     /* Watch, not owned */
};

typedef struct
{
  Sampler               *sampler;
  GDBusMethodInvocation *invocation;
  Watch                 *watch;      /* Watch */
  guint                  watch_id;   /* Unwatch */
} Request;

typedef struct
{
  Sampler  *sampler;
  char     *sender;
  guint64   mark;                    /* Caller.sent when it was sent */
} Ping;

/* ---- watches (sampler thread) ------------------------------------------- */

static void
watch_free (Watch *watch)
{
  Sampler *sampler = watch->sampler;

  /* Only the namespaces this watch referenced (all of them once added). */
  if (watch->id != 0)
    for (guint i = 0; i < watch->namespaces->len; i++)
      tcgui_counters_unref_namespace (sampler->counters, g_ptr_array_index (watch->namespaces, i));
  g_ptr_array_unref (watch->namespaces);
  g_ptr_array_unref (watch->ifnames);
  g_clear_object (&watch->connection);
  g_free (watch->sender);
  g_free (watch);
}

static GVariant *
sample_to_variant (Sampler    *sampler,
                   const char *ns,
                   const char *ifname,
                   gint64      generation)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  TcguiLinkStats s;
  gboolean present;

  present = tcgui_counters_read (sampler->counters, ns, ifname, generation, &s);
  g_variant_builder_add (&b, "{sv}", "namespace", g_variant_new_string (ns));
  g_variant_builder_add (&b, "{sv}", "interface", g_variant_new_string (ifname));
  g_variant_builder_add (&b, "{sv}", "present", g_variant_new_boolean (present));
  if (present)
    {
      g_variant_builder_add (&b, "{sv}", "index", g_variant_new_int32 (s.index));
      g_variant_builder_add (&b, "{sv}", "counter-bits", g_variant_new_uint32 (s.bits));
      g_variant_builder_add (&b, "{sv}", "rx-bytes", g_variant_new_uint64 (s.rx_bytes));
      g_variant_builder_add (&b, "{sv}", "tx-bytes", g_variant_new_uint64 (s.tx_bytes));
      g_variant_builder_add (&b, "{sv}", "rx-packets", g_variant_new_uint64 (s.rx_packets));
      g_variant_builder_add (&b, "{sv}", "tx-packets", g_variant_new_uint64 (s.tx_packets));
      g_variant_builder_add (&b, "{sv}", "rx-dropped", g_variant_new_uint64 (s.rx_dropped));
      g_variant_builder_add (&b, "{sv}", "tx-dropped", g_variant_new_uint64 (s.tx_dropped));
    }
  return g_variant_ref_sink (g_variant_builder_end (&b));
}

static GHashTable *
sample_cache_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                (GDestroyNotify) g_variant_unref);
}

/* The sample of target @i of @watch in round @generation, built once per
 * round whichever watches (or copies in one watch) name the same target. */
static GVariant *
sample_lookup (Watch      *watch,
               guint       i,
               gint64      generation,
               GHashTable *cache)
{
  const char *ns = g_ptr_array_index (watch->namespaces, i);
  const char *ifname = g_ptr_array_index (watch->ifnames, i);
  g_autofree char *key = g_strconcat (ns, "\n", ifname, NULL);
  GVariant *sample = g_hash_table_lookup (cache, key);

  if (sample == NULL)
    {
      sample = sample_to_variant (watch->sampler, ns, ifname, generation);
      g_hash_table_insert (cache, g_steal_pointer (&key), sample);
    }
  return sample;
}

static gboolean
caller_is_behind (Caller *caller)
{
  return caller->sent - caller->read > TCGUI_WATCH_MAX_UNREAD_BYTES;
}

/* Sends @watch's samples of round @generation; @now is their timestamp. */
static void
watch_emit (Watch      *watch,
            Caller     *caller,
            gint64      generation,
            gint64      now,
            GHashTable *cache)
{
  g_auto(GVariantBuilder) samples = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(GVariant) body = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < watch->namespaces->len; i++)
    g_variant_builder_add_value (&samples, sample_lookup (watch, i, generation, cache));
  body = g_variant_ref_sink (g_variant_new ("(utaa{sv})", watch->id, (guint64) now, &samples));

  /* Unicast: only the caller that asked receives its counters. */
  if (!g_dbus_connection_emit_signal (watch->connection, watch->sender, HELPER_OBJECT_PATH,
                                      IFACE_NAME, "Counters", body, &error))
    g_debug ("Cannot send counters to %s: %s", watch->sender, error->message);
  else
    caller->sent += g_variant_get_size (body);
}

/* ---- who reads what (sampler thread) ------------------------------------ */

static void
ping_free (Ping *ping)
{
  g_free (ping->sender);
  g_free (ping);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Ping, ping_free)

/* An answer, an error from the peer too, means it has read all that was
 * sent before the Ping; a timeout or a closed bus tells nothing. A bus
 * whose policy forbids the Ping (an old copy of our bus policy) cannot
 * tell either: then the helper trusts every reader rather than drop
 * everybody's watches. */
static gboolean
ping_was_answered (GVariant *reply,
                   GError   *error)
{
  static gsize warned = 0;
  g_autofree char *name = NULL;

  if (reply != NULL)
    return TRUE;
  if (!g_dbus_error_is_remote_error (error))
    return FALSE;
  name = g_dbus_error_get_remote_error (error);
  if (g_str_equal (name, "org.freedesktop.DBus.Error.AccessDenied"))
    {
      if (g_once_init_enter (&warned))
        {
          g_message ("The bus policy does not let the helper ping its watchers: "
                     "slow readers cannot be told apart (%s)", error->message);
          g_once_init_leave (&warned, 1);
        }
      return TRUE;
    }
  return g_str_has_prefix (name, "org.freedesktop.DBus.Error.Unknown");
}

static void
ping_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(Ping) ping = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object),
                                                             result, &error);
  Sampler *sampler = ping->sampler;
  Caller *caller;

  sampler->n_pings--;
  /* The sampler is stopping, or the caller has left the bus. */
  if (sampler->callers == NULL || !(caller = g_hash_table_lookup (sampler->callers, ping->sender)))
    return;
  caller->pinging = FALSE;
  if (ping_was_answered (reply, error))
    caller->read = MAX (caller->read, ping->mark);
  else
    g_debug ("%s did not answer a ping: %s", ping->sender, error->message);
}

/* One Ping in flight per connection, sent after the signals it measures. */
static void
caller_ping (Sampler *sampler,
             Caller  *caller)
{
  Ping *ping;

  if (caller->pinging || caller->read == caller->sent)
    return;
  ping = g_new0 (Ping, 1);
  ping->sampler = sampler;
  ping->sender = g_strdup (caller->sender);
  ping->mark = caller->sent;
  caller->pinging = TRUE;
  sampler->n_pings++;
  g_dbus_connection_call (caller->connection, caller->sender, "/", "org.freedesktop.DBus.Peer",
                          "Ping", NULL, NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START,
                          TCGUI_WATCH_PING_TIMEOUT_MS, sampler->cancellable, ping_done_cb, ping);
}

static void remove_watch (Sampler *sampler,
                          guint    id);

static GArray *
watch_ids_of (Sampler    *sampler,
              const char *sender)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  Watch *watch;

  g_hash_table_iter_init (&iter, sampler->watches);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &watch))
    if (g_str_equal (watch->sender, sender))
      g_array_append_val (ids, watch->id);
  return ids;
}

static void
emit_watches_dropped (Caller     *caller,
                      GArray     *ids,
                      const char *reason)
{
  g_autoptr(GError) error = NULL;
  GVariant *body;

  body = g_variant_new ("(@aus)",
                        g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, ids->data, ids->len,
                                                   sizeof (guint)),
                        reason);
  if (!g_dbus_connection_emit_signal (caller->connection, caller->sender, HELPER_OBJECT_PATH,
                                      IFACE_NAME, "WatchesDropped", body, &error))
    g_debug ("Cannot tell %s: %s", caller->sender, error->message);
}

/* A connection that does not read its signals loses its watches, rather
 * than have the helper (or the bus daemon) queue them without end. */
static void
caller_drop_watches (Sampler *sampler,
                     Caller  *caller)
{
  g_autoptr(GArray) ids = watch_ids_of (sampler, caller->sender);
  g_autofree char *reason = NULL;

  reason = g_strdup_printf (_("The connection left %" PRIu64 " KiB of Counters "
                              "signals unread, more than the %u KiB a connection may "
                              "(unread bytes per connection): its watches were dropped"),
                            (caller->sent - caller->read) / 1024,
                            TCGUI_WATCH_MAX_UNREAD_BYTES / 1024);
  g_message ("%s: %s (%u)", caller->sender, reason, ids->len);
  for (guint i = 0; i < ids->len; i++)
    remove_watch (sampler, g_array_index (ids, guint, i));
  /* Remembered until Unwatch asks, bounded: the latest ones are kept. */
  g_array_append_vals (caller->dropped, ids->data, ids->len);
  if (caller->dropped->len > TCGUI_WATCH_MAX_WATCHES_PER_USER)
    g_array_remove_range (caller->dropped, 0,
                          caller->dropped->len - TCGUI_WATCH_MAX_WATCHES_PER_USER);
  emit_watches_dropped (caller, ids, reason);
}

/* After a round: ask what was read, drop the watches of a reader that fell
 * too far behind. */
static void
caller_account (Sampler *sampler,
                Caller  *caller)
{
  if (caller_is_behind (caller) && caller->n_watches > 0)
    caller_drop_watches (sampler, caller);
  caller_ping (sampler, caller);
}

static gboolean
caller_take_dropped (Caller *caller,
                     guint   id)
{
  for (guint i = 0; caller != NULL && i < caller->dropped->len; i++)
    if (g_array_index (caller->dropped, guint, i) == id)
      {
        g_array_remove_index_fast (caller->dropped, i);
        return TRUE;
      }
  return FALSE;
}

static void
caller_vanished_cb (GDBusConnection *connection,
                    const char      *name,
                    gpointer         data)
{
  Sampler *sampler = data;
  g_autoptr(GArray) ids = watch_ids_of (sampler, name);

  g_debug ("%s left the bus: ending its %u watches", name, ids->len);
  for (guint i = 0; i < ids->len; i++)
    remove_watch (sampler, g_array_index (ids, guint, i));
  g_hash_table_remove (sampler->callers, name);
}

static void
caller_free (Caller *caller)
{
  g_bus_unwatch_name (caller->name_watch_id);
  g_array_unref (caller->dropped);
  g_clear_object (&caller->connection);
  g_free (caller->sender);
  g_free (caller);
}

static Caller *
caller_get (Sampler         *sampler,
            GDBusConnection *connection,
            const char      *sender)
{
  Caller *caller = g_hash_table_lookup (sampler->callers, sender);

  if (caller == NULL)
    {
      caller = g_new0 (Caller, 1);
      caller->sender = g_strdup (sender);
      caller->connection = g_object_ref (connection);
      caller->dropped = g_array_new (FALSE, FALSE, sizeof (guint));
      /* Called from the sampler thread: the callbacks run there too. */
      caller->name_watch_id =
        g_bus_watch_name_on_connection (connection, sender, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                        NULL, caller_vanished_cb, sampler, NULL);
      g_hash_table_insert (sampler->callers, caller->sender, caller);
    }
  return caller;
}

/* ---- users' limits (sampler thread) ------------------------------------- */

static guint64
watch_samples_per_ks (Watch *watch)
{
  return (guint64) watch->namespaces->len * 1000000 / watch->interval_ms;
}

static User *
user_lookup (Sampler *sampler,
             guint32  uid)
{
  return g_hash_table_lookup (sampler->users, GUINT_TO_POINTER (uid));
}

/* Typed errors that name the limit a new watch would exceed. */
static gboolean
user_check_limits (const User *user,
                   Watch      *watch,
                   GError    **error)
{
  static const User nobody_yet = { 0 };
  guint n_targets = watch->namespaces->len;
  guint64 samples = watch_samples_per_ks (watch);

  if (user == NULL)
    user = &nobody_yet;
  if (user->n_watches >= TCGUI_WATCH_MAX_WATCHES_PER_USER)
    g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_LIMIT_EXCEEDED,
                 _("User %u already holds %u watches, the most a user may hold "
                   "(watches per user)"), watch->uid, user->n_watches);
  else if (user->n_targets + n_targets > TCGUI_WATCH_MAX_TARGETS_PER_USER)
    g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_LIMIT_EXCEEDED,
                 _("User %u would watch %u targets, more than the %u a user may "
                   "(targets per user)"), watch->uid, user->n_targets + n_targets,
                 TCGUI_WATCH_MAX_TARGETS_PER_USER);
  else if (user->samples_per_ks + samples > (guint64) TCGUI_WATCH_MAX_SAMPLES_PER_USER * 1000)
    g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_LIMIT_EXCEEDED,
                 _("User %u would sample %" PRIu64 " targets per second, more than "
                   "the %u a user may (samples per second per user)"), watch->uid,
                 (user->samples_per_ks + samples) / 1000, TCGUI_WATCH_MAX_SAMPLES_PER_USER);
  else
    return TRUE;
  return FALSE;
}

static void
user_add_watch (Sampler *sampler,
                Watch   *watch)
{
  User *user = user_lookup (sampler, watch->uid);

  if (user == NULL)
    {
      user = g_new0 (User, 1);
      g_hash_table_insert (sampler->users, GUINT_TO_POINTER (watch->uid), user);
    }
  user->n_watches++;
  user->n_targets += watch->namespaces->len;
  user->samples_per_ks += watch_samples_per_ks (watch);
}

static void
user_remove_watch (Sampler *sampler,
                   Watch   *watch)
{
  User *user = user_lookup (sampler, watch->uid);

  user->n_targets -= watch->namespaces->len;
  user->samples_per_ks -= watch_samples_per_ks (watch);
  if (--user->n_watches == 0)
    g_hash_table_remove (sampler->users, GUINT_TO_POINTER (watch->uid));
}

/* ---- rounds (sampler thread) -------------------------------------------- */

static gboolean
ticker_round_cb (gpointer data)
{
  Ticker *ticker = data;
  Sampler *sampler = ticker->sampler;
  g_autoptr(GHashTable) cache = sample_cache_new ();
  g_autoptr(GPtrArray) callers = g_ptr_array_new ();
  gint64 now = g_get_monotonic_time ();

  /* The round's grid time is its generation: each namespace is dumped once
   * per round, however many watches and targets read it. */
  for (guint i = 0; i < ticker->watches->len; i++)
    {
      Watch *watch = g_ptr_array_index (ticker->watches, i);
      Caller *caller = g_hash_table_lookup (sampler->callers, watch->sender);

      if (watch->first_round > ticker->round)
        continue;
      watch_emit (watch, caller, ticker->round, now, cache);
      if (!g_ptr_array_find (callers, caller, NULL))
        g_ptr_array_add (callers, caller);
    }

  /* This may drop watches, and with the last one this ticker: it is not
   * touched any more. */
  for (guint i = 0; i < callers->len; i++)
    caller_account (sampler, g_ptr_array_index (callers, i));
  return G_SOURCE_CONTINUE;
}

/* A GTimeoutSource counts each interval from its late dispatch, so rounds
 * drift later and later on a loaded machine. This source keeps a fixed
 * grid (start + k × interval), skipping the rounds it missed rather than
 * sending a burst of them: graphs get evenly spaced samples. */
static gboolean
ticker_dispatch (GSource     *source,
                 GSourceFunc  callback,
                 gpointer     data)
{
  Ticker *ticker = data;
  gint64 interval = (gint64) ticker->interval_ms * 1000;
  gint64 now = g_source_get_time (source);

  ticker->round = ticker->next_tick;
  ticker->next_tick += interval;
  if (ticker->next_tick <= now)
    ticker->next_tick += ((now - ticker->next_tick) / interval + 1) * interval;
  g_source_set_ready_time (source, ticker->next_tick);
  return callback (data);
}

static GSourceFuncs ticker_funcs = { .dispatch = ticker_dispatch };

static void
ticker_free (Ticker *ticker)
{
  g_source_destroy (ticker->source);
  g_source_unref (ticker->source);
  g_ptr_array_unref (ticker->watches);
  g_free (ticker);
}

/* The ticker of @interval_ms; a new one starts its grid at @now. */
static Ticker *
ticker_get (Sampler *sampler,
            guint    interval_ms,
            gint64   now)
{
  Ticker *ticker = g_hash_table_lookup (sampler->tickers, GUINT_TO_POINTER (interval_ms));

  if (ticker != NULL)
    return ticker;
  ticker = g_new0 (Ticker, 1);
  ticker->sampler = sampler;
  ticker->interval_ms = interval_ms;
  ticker->watches = g_ptr_array_new ();
  ticker->next_tick = now + (gint64) interval_ms * 1000;
  ticker->source = g_source_new (&ticker_funcs, sizeof (GSource));
  g_source_set_static_name (ticker->source, "[tcgui] counters round");
  g_source_set_ready_time (ticker->source, ticker->next_tick);
  g_source_set_callback (ticker->source, ticker_round_cb, ticker, NULL);
  g_source_attach (ticker->source, sampler->context);
  g_hash_table_insert (sampler->tickers, GUINT_TO_POINTER (interval_ms), ticker);
  return ticker;
}

static void
ticker_remove_watch (Sampler *sampler,
                     Watch   *watch)
{
  Ticker *ticker = g_steal_pointer (&watch->ticker);

  if (ticker == NULL)
    return;
  g_ptr_array_remove (ticker->watches, watch);
  if (ticker->watches->len == 0)
    g_hash_table_remove (sampler->tickers, GUINT_TO_POINTER (ticker->interval_ms));
}

/* ---- adding and removing watches (sampler thread) ----------------------- */

static void
remove_watch (Sampler *sampler,
              guint    id)
{
  Watch *watch = g_hash_table_lookup (sampler->watches, GUINT_TO_POINTER (id));
  Caller *caller;

  if (watch == NULL)
    return;

  ticker_remove_watch (sampler, watch);
  user_remove_watch (sampler, watch);
  if ((caller = g_hash_table_lookup (sampler->callers, watch->sender)))
    caller->n_watches--;
  g_hash_table_remove (sampler->watches, GUINT_TO_POINTER (id));
  g_atomic_int_dec_and_test (&sampler->n_watches);
  /* The idle timer counts from now, not from the last call. */
  g_signal_emit_by_name (sampler->service, "activity");
}

/* Opens the namespaces of @watch; on failure releases those it took. */
static gboolean
watch_ref_namespaces (Watch   *watch,
                      GError **error)
{
  Sampler *sampler = watch->sampler;

  for (guint i = 0; i < watch->namespaces->len; i++)
    if (!tcgui_counters_ref_namespace (sampler->counters,
                                       g_ptr_array_index (watch->namespaces, i), error))
      {
        while (i-- > 0)
          tcgui_counters_unref_namespace (sampler->counters,
                                          g_ptr_array_index (watch->namespaces, i));
        return FALSE;
      }
  return TRUE;
}

/* Whether @watch may start: its connection reads its signals, its user
 * stays within the limits, its namespaces can be opened. */
static gboolean
watch_admit (Sampler  *sampler,
             Watch    *watch,
             GError  **error)
{
  Caller *caller = g_hash_table_lookup (sampler->callers, watch->sender);

  if (caller != NULL && caller_is_behind (caller))
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_LIMIT_EXCEEDED,
                   _("This connection has not read %" PRIu64 " KiB of Counters "
                     "signals, more than the %u KiB a connection may (unread bytes per "
                     "connection): read them, then watch again"),
                   (caller->sent - caller->read) / 1024, TCGUI_WATCH_MAX_UNREAD_BYTES / 1024);
      /* Its answer lets the next Watch in once the signals are read. */
      caller_ping (sampler, caller);
      return FALSE;
    }
  return user_check_limits (user_lookup (sampler, watch->uid), watch, error) &&
         watch_ref_namespaces (watch, error);
}

static gboolean
add_watch_in_sampler_cb (gpointer data)
{
  Request *request = data;
  Sampler *sampler = request->sampler;
  Watch *watch = g_steal_pointer (&request->watch);
  g_autoptr(GHashTable) cache = sample_cache_new ();
  g_autoptr(GError) error = NULL;
  Caller *caller;
  gint64 now;

  if (!watch_admit (sampler, watch, &error))
    {
      watch_free (watch);
      g_dbus_method_invocation_take_error (request->invocation, g_steal_pointer (&error));
      return G_SOURCE_REMOVE;
    }

  watch->id = g_atomic_int_add (&sampler->next_id, 1) + 1;
  caller = caller_get (sampler, watch->connection, watch->sender);
  caller->n_watches++;
  user_add_watch (sampler, watch);
  g_hash_table_insert (sampler->watches, GUINT_TO_POINTER (watch->id), watch);
  g_atomic_int_inc (&sampler->n_watches);

  /* The reply goes out first: the signals that follow carry its id. */
  tcgui_helper1_complete_watch (TCGUI_HELPER1 (sampler->service), request->invocation, watch->id);
  /* The first sample at once, the next ones on the grid of its interval,
   * the second at least half an interval later. */
  now = g_get_monotonic_time ();
  watch->first_round = now + (gint64) watch->interval_ms * 500;
  watch_emit (watch, caller, now, now, cache);
  watch->ticker = ticker_get (sampler, watch->interval_ms, now);
  g_ptr_array_add (watch->ticker->watches, watch);

  g_debug ("Watch %u for %s (uid %u): %u targets every %u ms", watch->id, watch->sender,
           watch->uid, watch->namespaces->len, watch->interval_ms);
  caller_account (sampler, caller);
  return G_SOURCE_REMOVE;
}

static gboolean
remove_watch_in_sampler_cb (gpointer data)
{
  Request *request = data;
  Sampler *sampler = request->sampler;
  const char *sender = g_dbus_method_invocation_get_sender (request->invocation);
  Watch *watch = g_hash_table_lookup (sampler->watches, GUINT_TO_POINTER (request->watch_id));

  if (watch == NULL &&
      caller_take_dropped (g_hash_table_lookup (sampler->callers, sender), request->watch_id))
    g_dbus_method_invocation_return_error (request->invocation, TCGUI_ERROR,
                                           TCGUI_ERROR_LIMIT_EXCEEDED,
                                           _("Watch %u was dropped: this connection did not "
                                             "read its Counters signals (unread bytes per "
                                             "connection)"), request->watch_id);
  /* Another caller's watch is as unknown as one that never existed. */
  else if (watch == NULL || g_strcmp0 (watch->sender, sender) != 0)
    g_dbus_method_invocation_return_error (request->invocation, TCGUI_ERROR,
                                           TCGUI_ERROR_INVALID_ARGUMENT,
                                           _("There is no watch %u of this caller"),
                                           request->watch_id);
  else
    {
      remove_watch (sampler, request->watch_id);
      tcgui_helper1_complete_unwatch (TCGUI_HELPER1 (sampler->service), request->invocation);
    }
  return G_SOURCE_REMOVE;
}

static void
request_free (Request *request)
{
  if (request->watch != NULL)
    watch_free (request->watch);
  g_clear_object (&request->invocation);
  g_free (request);
}

/* ---- the sampler thread --------------------------------------------------- */

static gpointer
sampler_thread (gpointer data)
{
  Sampler *sampler = data;

  g_main_context_push_thread_default (sampler->context);
  sampler->counters = tcgui_counters_new ();
  sampler->watches = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) watch_free);
  sampler->callers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify) caller_free);
  sampler->users = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  sampler->tickers = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) ticker_free);
  sampler->cancellable = g_cancellable_new ();

  g_main_loop_run (sampler->loop);

  g_cancellable_cancel (sampler->cancellable);
  /* Watches before the sockets: they hold references on them. */
  g_clear_pointer (&sampler->tickers, g_hash_table_unref);
  g_clear_pointer (&sampler->watches, g_hash_table_unref);
  g_clear_pointer (&sampler->callers, g_hash_table_unref);
  g_clear_pointer (&sampler->users, g_hash_table_unref);
  g_clear_pointer (&sampler->counters, tcgui_counters_free);
  /* The cancelled pings' callbacks, the name watches' destroy notifications. */
  while (sampler->n_pings > 0)
    g_main_context_iteration (sampler->context, TRUE);
  while (g_main_context_iteration (sampler->context, FALSE))
    ;
  g_clear_object (&sampler->cancellable);
  g_main_context_pop_thread_default (sampler->context);
  return NULL;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
sampler_free (Sampler *sampler)
{
  g_main_context_invoke (sampler->context, quit_cb, sampler->loop);
  g_thread_join (sampler->thread);
  g_main_loop_unref (sampler->loop);
  g_main_context_unref (sampler->context);
  g_free (sampler);
}

static Sampler *
get_sampler (TcguiService *service)
{
  static GMutex lock;
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  Sampler *sampler = g_object_get_data (G_OBJECT (service), SAMPLER_KEY);

  if (sampler == NULL)
    {
      sampler = g_new0 (Sampler, 1);
      sampler->service = service;
      sampler->context = g_main_context_new ();
      sampler->loop = g_main_loop_new (sampler->context, FALSE);
      sampler->thread = g_thread_new ("tcgui-sampler", sampler_thread, sampler);
      /* Stopped and joined when the service is finalized. */
      g_object_set_data_full (G_OBJECT (service), SAMPLER_KEY, sampler,
                              (GDestroyNotify) sampler_free);
    }
  return sampler;
}

static void
sampler_invoke (Sampler     *sampler,
                GSourceFunc  func,
                Request     *request)
{
  g_main_context_invoke_full (sampler->context, G_PRIORITY_DEFAULT, func, request,
                              (GDestroyNotify) request_free);
}

/* ---- handlers (worker threads) -------------------------------------------- */

static Watch *
watch_new_from_targets (GVariant  *targets,
                        guint      interval_ms,
                        GError   **error)
{
  g_autoptr(GPtrArray) namespaces = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ifnames = g_ptr_array_new_with_free_func (g_free);
  gsize n = g_variant_n_children (targets);
  Watch *watch;

  if (interval_ms < TCGUI_WATCH_INTERVAL_MIN_MS || interval_ms > TCGUI_WATCH_INTERVAL_MAX_MS)
    return (g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                         _("The interval must be %u to %u ms, not %u"),
                         TCGUI_WATCH_INTERVAL_MIN_MS, TCGUI_WATCH_INTERVAL_MAX_MS,
                         interval_ms), NULL);
  if (n == 0 || n > TCGUI_WATCH_MAX_TARGETS)
    return (g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                         _("A watch needs 1 to %u targets, not %zu"),
                         TCGUI_WATCH_MAX_TARGETS, n), NULL);

  for (gsize i = 0; i < n; i++)
    {
      const char *ns, *ifname;

      g_variant_get_child (targets, i, "(&s&s)", &ns, &ifname);
      if (!tcgui_counters_check_target (ns, ifname, error))
        return NULL;
      g_ptr_array_add (namespaces, g_strdup (ns));
      g_ptr_array_add (ifnames, g_strdup (ifname));
    }

  watch = g_new0 (Watch, 1);
  watch->namespaces = g_steal_pointer (&namespaces);
  watch->ifnames = g_steal_pointer (&ifnames);
  watch->interval_ms = interval_ms;
  return watch;
}

static gboolean
handle_watch (TcguiHelper1          *object,
              GDBusMethodInvocation *invocation,
              GVariant              *targets,
              guint                  interval_ms)
{
  Sampler *sampler = get_sampler (TCGUI_SERVICE (object));
  g_autoptr(GError) error = NULL;
  const char *sender = g_dbus_method_invocation_get_sender (invocation);
  Request *request;
  Watch *watch;
  guint32 uid = 0;

  /* The uid the limits are counted for comes from the bus, not the caller. */
  if (!(watch = watch_new_from_targets (targets, interval_ms, &error)) ||
      !tcgui_service_get_caller_uid (invocation, &uid, &error))
    {
      g_clear_pointer (&watch, watch_free);
      g_dbus_method_invocation_take_error (invocation, g_steal_pointer (&error));
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  watch->sampler = sampler;
  watch->uid = uid;
  watch->sender = g_strdup (sender);
  watch->connection = g_object_ref (g_dbus_method_invocation_get_connection (invocation));

  request = g_new0 (Request, 1);
  request->sampler = sampler;
  request->invocation = g_object_ref (invocation);
  request->watch = watch;
  sampler_invoke (sampler, add_watch_in_sampler_cb, request);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_unwatch (TcguiHelper1          *object,
                GDBusMethodInvocation *invocation,
                guint                  watch_id)
{
  Sampler *sampler = get_sampler (TCGUI_SERVICE (object));
  Request *request = g_new0 (Request, 1);

  request->sampler = sampler;
  request->invocation = g_object_ref (invocation);
  request->watch_id = watch_id;
  sampler_invoke (sampler, remove_watch_in_sampler_cb, request);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* ---- public API ------------------------------------------------------------ */

void
tcgui_service_watch_iface_init (TcguiHelper1Iface *iface)
{
  iface->handle_watch = handle_watch;
  iface->handle_unwatch = handle_unwatch;
}

/**
 * tcgui_service_watch_get_n_watches:
 *
 * Returns: how many watches are active; the helper does not exit while
 *   there are any
 */
guint
tcgui_service_watch_get_n_watches (TcguiService *service)
{
  Sampler *sampler = g_object_get_data (G_OBJECT (service), SAMPLER_KEY);

  return sampler != NULL ? (guint) g_atomic_int_get (&sampler->n_watches) : 0;
}
