/* tcgui-service-watch.c - Watch/Unwatch and the Counters signal
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-watch"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-counters.h"
#include "tcgui-error.h"
#include "tcgui-service-watch.h"

#define SAMPLER_KEY "tcgui-watch-sampler"

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
} Sampler;

typedef struct
{
  guint   name_watch_id;
  guint   n_watches;
} Caller;

typedef struct
{
  Sampler          *sampler;
  guint             id;
  char             *sender;
  GDBusConnection  *connection;
  GPtrArray        *namespaces;  /* one per target */
  GPtrArray        *ifnames;
  guint             interval_ms;
  GSource          *timer;
  gint64            next_tick;   /* monotonic µs of the next round */
} Watch;

typedef struct
{
  Sampler               *sampler;
  GDBusMethodInvocation *invocation;
  Watch                 *watch;      /* Watch */
  guint                  watch_id;   /* Unwatch */
} Request;

/* ---- watches (sampler thread) ------------------------------------------- */

static void
watch_free (Watch *watch)
{
  Sampler *sampler = watch->sampler;

  if (watch->timer != NULL)
    {
      g_source_destroy (watch->timer);
      g_source_unref (watch->timer);
    }
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
sample_to_variant (Watch  *watch,
                   guint   i,
                   gint64  generation)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  const char *ns = g_ptr_array_index (watch->namespaces, i);
  const char *ifname = g_ptr_array_index (watch->ifnames, i);
  TcguiLinkStats s;
  gboolean present;

  present = tcgui_counters_read (watch->sampler->counters, ns, ifname, generation, &s);
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
  return g_variant_builder_end (&b);
}

static gboolean watch_tick_cb (gpointer data);

/* A GTimeoutSource counts each interval from its late dispatch, so rounds
 * drift later and later on a loaded machine. This source keeps a fixed
 * grid (start + k × interval), skipping the rounds it missed rather than
 * sending a burst of them: graphs get evenly spaced samples. */
static gboolean
tick_source_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     data)
{
  Watch *watch = data;
  gint64 interval = (gint64) watch->interval_ms * 1000;
  gint64 now = g_source_get_time (source);

  watch->next_tick += interval;
  if (watch->next_tick <= now)
    watch->next_tick += ((now - watch->next_tick) / interval + 1) * interval;
  g_source_set_ready_time (source, watch->next_tick);
  return callback (data);
}

static GSourceFuncs tick_source_funcs = { .dispatch = tick_source_dispatch };

static GSource *
tick_source_new (Watch  *watch,
                 gint64  first_tick)
{
  GSource *source = g_source_new (&tick_source_funcs, sizeof (GSource));

  g_source_set_static_name (source, "[tcgui] counters tick");
  watch->next_tick = first_tick + (gint64) watch->interval_ms * 1000;
  g_source_set_ready_time (source, watch->next_tick);
  g_source_set_callback (source, watch_tick_cb, watch, NULL);
  return source;
}

static gboolean
watch_tick_cb (gpointer data)
{
  Watch *watch = data;
  g_auto(GVariantBuilder) samples = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_monotonic_time ();

  /* @now is the round: each namespace is dumped once, however many of its
   * interfaces this watch names. */
  for (guint i = 0; i < watch->namespaces->len; i++)
    g_variant_builder_add_value (&samples, sample_to_variant (watch, i, now));

  /* Unicast: only the caller that asked receives its counters. */
  if (!g_dbus_connection_emit_signal (watch->connection, watch->sender,
                                      HELPER_OBJECT_PATH, "io.github.tcgui.Helper1",
                                      "Counters",
                                      g_variant_new ("(utaa{sv})", watch->id, (guint64) now,
                                                     &samples),
                                      &error))
    g_debug ("Cannot send counters to %s: %s", watch->sender, error->message);

  return G_SOURCE_CONTINUE;
}

static void remove_watch (Sampler *sampler,
                          guint    id);

static void
caller_vanished_cb (GDBusConnection *connection,
                    const char      *name,
                    gpointer         data)
{
  Sampler *sampler = data;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  Watch *watch;

  g_hash_table_iter_init (&iter, sampler->watches);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &watch))
    if (g_str_equal (watch->sender, name))
      g_array_append_val (ids, watch->id);

  g_debug ("%s left the bus: ending its %u watches", name, ids->len);
  for (guint i = 0; i < ids->len; i++)
    remove_watch (sampler, g_array_index (ids, guint, i));
}

static void
caller_free (Caller *caller)
{
  g_bus_unwatch_name (caller->name_watch_id);
  g_free (caller);
}

static Caller *
caller_ref (Sampler         *sampler,
            GDBusConnection *connection,
            const char      *sender)
{
  Caller *caller = g_hash_table_lookup (sampler->callers, sender);

  if (caller == NULL)
    {
      caller = g_new0 (Caller, 1);
      /* Called from the sampler thread: the callbacks run there too. */
      caller->name_watch_id =
        g_bus_watch_name_on_connection (connection, sender, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                        NULL, caller_vanished_cb, sampler, NULL);
      g_hash_table_insert (sampler->callers, g_strdup (sender), caller);
    }
  caller->n_watches++;
  return caller;
}

static void
remove_watch (Sampler *sampler,
              guint    id)
{
  Watch *watch = g_hash_table_lookup (sampler->watches, GUINT_TO_POINTER (id));
  Caller *caller;

  if (watch == NULL)
    return;

  caller = g_hash_table_lookup (sampler->callers, watch->sender);
  if (caller != NULL && --caller->n_watches == 0)
    g_hash_table_remove (sampler->callers, watch->sender);

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

static guint
caller_n_watches (Sampler    *sampler,
                  const char *sender)
{
  Caller *caller = g_hash_table_lookup (sampler->callers, sender);

  return caller != NULL ? caller->n_watches : 0;
}

static gboolean
add_watch_in_sampler_cb (gpointer data)
{
  Request *request = data;
  Sampler *sampler = request->sampler;
  Watch *watch = g_steal_pointer (&request->watch);
  g_autoptr(GError) error = NULL;

  if (caller_n_watches (sampler, watch->sender) >= TCGUI_WATCH_MAX_WATCHES_PER_CALLER)
    g_set_error (&error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                 _("A caller may hold at most %u watches"), TCGUI_WATCH_MAX_WATCHES_PER_CALLER);
  else
    watch_ref_namespaces (watch, &error);

  if (error != NULL)
    {
      watch_free (watch);
      g_dbus_method_invocation_take_error (request->invocation, g_steal_pointer (&error));
      return G_SOURCE_REMOVE;
    }

  watch->id = g_atomic_int_add (&sampler->next_id, 1) + 1;
  caller_ref (sampler, watch->connection, watch->sender);
  g_hash_table_insert (sampler->watches, GUINT_TO_POINTER (watch->id), watch);
  g_atomic_int_inc (&sampler->n_watches);

  /* The reply goes out first: the signals that follow carry its id. */
  tcgui_helper1_complete_watch (TCGUI_HELPER1 (sampler->service), request->invocation, watch->id);
  watch->timer = tick_source_new (watch, g_get_monotonic_time ());
  watch_tick_cb (watch);
  g_source_attach (watch->timer, sampler->context);

  g_debug ("Watch %u for %s: %u targets every %u ms", watch->id, watch->sender,
           watch->namespaces->len, watch->interval_ms);
  return G_SOURCE_REMOVE;
}

static gboolean
remove_watch_in_sampler_cb (gpointer data)
{
  Request *request = data;
  Sampler *sampler = request->sampler;
  const char *sender = g_dbus_method_invocation_get_sender (request->invocation);
  Watch *watch = g_hash_table_lookup (sampler->watches, GUINT_TO_POINTER (request->watch_id));

  /* Another caller's watch is as unknown as one that never existed. */
  if (watch == NULL || g_strcmp0 (watch->sender, sender) != 0)
    {
      g_dbus_method_invocation_return_error (request->invocation, TCGUI_ERROR,
                                             TCGUI_ERROR_INVALID_ARGUMENT,
                                             _("There is no watch %u of this caller"),
                                             request->watch_id);
      return G_SOURCE_REMOVE;
    }

  remove_watch (sampler, request->watch_id);
  tcgui_helper1_complete_unwatch (TCGUI_HELPER1 (sampler->service), request->invocation);
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
  sampler->callers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) caller_free);

  g_main_loop_run (sampler->loop);

  /* Watches first: they hold references on the namespaces' sockets. */
  g_clear_pointer (&sampler->watches, g_hash_table_unref);
  g_clear_pointer (&sampler->callers, g_hash_table_unref);
  g_clear_pointer (&sampler->counters, tcgui_counters_free);
  /* Let the name watches' pending destroy notifications run. */
  while (g_main_context_iteration (sampler->context, FALSE))
    ;
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
                         _("A watch needs 1 to %u targets, not %" G_GSIZE_FORMAT),
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

  if (!(watch = watch_new_from_targets (targets, interval_ms, &error)))
    {
      g_dbus_method_invocation_take_error (invocation, g_steal_pointer (&error));
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  watch->sampler = sampler;
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
