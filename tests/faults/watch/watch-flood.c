/* watch-flood.c - a hostile Watch caller, and a probe that times another
 * caller's calls meanwhile (tests/faults/watch, tests/bench)
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage:
 *   watch-flood flood [--stop] [--hold SECONDS] CONNECTIONS WATCHES TARGETS INTERVAL-MS NS:IF
 *     Opens CONNECTIONS connections of its own to the system bus; on each,
 *     sends WATCHES Watch calls of TARGETS copies of NS:IF at once, and
 *     prints per connection "conn=I ok=N" and "conn=I error=NAME count=N
 *     first=MESSAGE". Then it never reads its signals: with --hold it sleeps
 *     SECONDS without dispatching them (GDBus still reads the socket), with
 *     --stop it stops itself (SIGSTOP: nothing reads the socket at all)
 *     until SIGCONT. After that it prints "resumed", calls Unwatch on its
 *     first watch ("unwatch=ok" or "unwatch=error NAME"), listens 2 s and
 *     prints "dropped=N" (WatchesDropped signals received) and
 *     "counters=N" (Counters signals received).
 *   watch-flood probe SECONDS PERIOD-MS [STEADY-AFTER-S]
 *     Calls GetCapabilities every PERIOD-MS for SECONDS and prints
 *     "ok=N calls=N p50-ms=… p99-ms=… max-ms=…", then the same with a
 *     "steady-" prefix for the calls made after STEADY-AFTER-S seconds.
 */

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

#define NAME  "io.github.tcgui.Helper1"
#define PATH  "/io/github/tcgui/Helper1"
#define IFACE "io.github.tcgui.Helper1"

typedef struct
{
  guint            index;
  GDBusConnection *bus;
  guint            pending;
  guint            ok;
  GArray          *ids;
  GHashTable      *errors;     /* D-Bus error name → first message */
  GHashTable      *counts;     /* D-Bus error name → count */
  guint            n_counters;
  guint            n_dropped;
} Conn;

static guint n_pending;

static void
watch_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  Conn *conn = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object),
                                                             result, &error);
  n_pending--;
  if (reply != NULL)
    {
      guint id;

      g_variant_get (reply, "(u)", &id);
      g_array_append_val (conn->ids, id);
      conn->ok++;
      return;
    }

  g_autofree char *name = g_dbus_error_get_remote_error (error);
  const char *key = name ? name : "?";

  g_dbus_error_strip_remote_error (error);
  if (!g_hash_table_contains (conn->errors, key))
    g_hash_table_insert (conn->errors, g_strdup (key), g_strdup (error->message));
  g_hash_table_insert (conn->counts, g_strdup (key),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (conn->counts, key)) + 1));
}

static void
signal_cb (GDBusConnection *bus,
           const char      *sender,
           const char      *path,
           const char      *iface,
           const char      *signal_name,
           GVariant        *parameters,
           gpointer         data)
{
  Conn *conn = data;

  if (g_str_equal (signal_name, "Counters"))
    conn->n_counters++;
  else if (g_str_equal (signal_name, "WatchesDropped"))
    conn->n_dropped++;
}

static GVariant *
make_targets (guint       n,
              const char *target)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a(ss)"));
  const char *colon = strrchr (target, ':');
  g_autofree char *ns = colon ? g_strndup (target, colon - target) : g_strdup (target);

  for (guint i = 0; i < n; i++)
    g_variant_builder_add (&b, "(ss)", ns, colon ? colon + 1 : "");
  return g_variant_ref_sink (g_variant_builder_end (&b));
}

static void
print_outcome (Conn *conn)
{
  GHashTableIter iter;
  gpointer name, message;

  g_print ("conn=%u ok=%u\n", conn->index, conn->ok);
  g_hash_table_iter_init (&iter, conn->errors);
  while (g_hash_table_iter_next (&iter, &name, &message))
    g_print ("conn=%u error=%s count=%u first=%s\n", conn->index, (char *) name,
             GPOINTER_TO_UINT (g_hash_table_lookup (conn->counts, name)), (char *) message);
}

static void
after_resume (Conn *conn)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *name = NULL;

  if (conn->ids->len == 0)
    return;
  reply = g_dbus_connection_call_sync (conn->bus, NAME, PATH, IFACE, "Unwatch",
                                       g_variant_new ("(u)", g_array_index (conn->ids, guint, 0)),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 60000, NULL, &error);
  if (reply != NULL)
    {
      g_print ("conn=%u unwatch=ok\n", conn->index);
      return;
    }
  name = g_dbus_error_get_remote_error (error);
  g_dbus_error_strip_remote_error (error);
  g_print ("conn=%u unwatch=error %s: %s\n", conn->index, name ? name : "?", error->message);
}

static void
conn_clear (Conn *conn)
{
  g_dbus_connection_close_sync (conn->bus, NULL, NULL);
  g_clear_object (&conn->bus);
  g_array_unref (conn->ids);
  g_hash_table_unref (conn->errors);
  g_hash_table_unref (conn->counts);
}

static gboolean
quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static int
flood (int    argc,
       char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) targets = NULL;
  g_autofree char *address = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  gboolean stop = FALSE;
  int hold = 0;
  guint n_conns, n_watches, interval;
  Conn *conns;

  for (; argc > 1 && g_str_has_prefix (argv[1], "--"); argc--, argv++)
    if (g_str_equal (argv[1], "--stop"))
      stop = TRUE;
    else if (g_str_equal (argv[1], "--hold") && argc > 2)
      hold = atoi ((argc--, ++argv)[1]);
  if (argc != 6)
    return (g_printerr ("usage: watch-flood flood [--stop] [--hold S] CONNS WATCHES TARGETS MS NS:IF\n"), 2);
  n_conns = atoi (argv[1]);
  n_watches = atoi (argv[2]);
  targets = make_targets (atoi (argv[3]), argv[5]);
  interval = atoi (argv[4]);

  if (!(address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SYSTEM, NULL, &error)))
    return (g_printerr ("%s\n", error->message), 1);
  conns = g_new0 (Conn, n_conns);
  for (guint c = 0; c < n_conns; c++)
    {
      Conn *conn = &conns[c];

      conn->index = c;
      conn->ids = g_array_new (FALSE, FALSE, sizeof (guint));
      conn->errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      conn->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      conn->bus = g_dbus_connection_new_for_address_sync (address,
                                                          G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                          G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                          NULL, NULL, &error);
      if (conn->bus == NULL)
        return (g_printerr ("%s\n", error->message), 1);
      /* Only a stopped flooder counts its signals: a holding one would
       * queue them all in its own memory. */
      if (stop)
        g_dbus_connection_signal_subscribe (conn->bus, NAME, IFACE, NULL, PATH, NULL,
                                            G_DBUS_SIGNAL_FLAGS_NONE, signal_cb, conn, NULL);
      for (guint w = 0; w < n_watches; w++, n_pending++)
        g_dbus_connection_call (conn->bus, NAME, PATH, IFACE, "Watch",
                                g_variant_new ("(@a(ss)u)", targets, interval),
                                G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, 120000, NULL,
                                watch_done_cb, conn);
    }
  while (n_pending > 0)
    g_main_context_iteration (NULL, TRUE);
  for (guint c = 0; c < n_conns; c++)
    print_outcome (&conns[c]);
  g_print ("flooding\n");

  /* Never read the signals: sleep without dispatching, or stop altogether. */
  if (hold > 0)
    g_usleep ((gulong) hold * G_USEC_PER_SEC);
  if (stop)
    raise (SIGSTOP);
  g_print ("resumed\n");

  for (guint c = 0; c < n_conns; c++)
    after_resume (&conns[c]);
  g_timeout_add (2000, quit_cb, loop);
  g_main_loop_run (loop);
  for (guint c = 0; c < n_conns; c++)
    {
      g_print ("conn=%u dropped=%u counters=%u\n", c, conns[c].n_dropped, conns[c].n_counters);
      conn_clear (&conns[c]);
    }
  g_free (conns);
  return 0;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
print_percentiles (const char *label,
                   GArray     *times)
{
  g_array_sort (times, compare_gint64);
#define PCT(p) (times->len ? g_array_index (times, gint64, MIN (times->len - 1, times->len * (p) / 100)) / 1000.0 : 0)
  g_print ("%scalls=%u p50-ms=%.1f p99-ms=%.1f max-ms=%.1f", label, times->len, PCT (50), PCT (99),
           times->len ? g_array_index (times, gint64, times->len - 1) / 1000.0 : 0);
#undef PCT
}

static int
probe (int    argc,
       char **argv)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) steady = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 start, end, period, steady_from;
  guint ok = 0;

  if (argc != 3 && argc != 4)
    return (g_printerr ("usage: watch-flood probe SECONDS PERIOD-MS [STEADY-AFTER-S]\n"), 2);
  if (!(bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, &error)))
    return (g_printerr ("%s\n", error->message), 1);
  start = g_get_monotonic_time ();
  end = start + atoi (argv[1]) * G_USEC_PER_SEC;
  period = atoi (argv[2]) * 1000;
  steady_from = argc == 4 ? start + atoi (argv[3]) * G_USEC_PER_SEC : G_MAXINT64;

  while (g_get_monotonic_time () < end)
    {
      gint64 t0 = g_get_monotonic_time (), dt;
      g_autoptr(GVariant) reply = NULL;
      g_autoptr(GError) call_error = NULL;

      reply = g_dbus_connection_call_sync (bus, NAME, PATH, IFACE, "GetCapabilities", NULL,
                                           NULL, G_DBUS_CALL_FLAGS_NONE, 120000, NULL, &call_error);
      dt = g_get_monotonic_time () - t0;
      if (reply != NULL)
        ok++;
      else
        g_printerr ("probe: %s\n", call_error->message);
      g_array_append_val (times, dt);
      if (t0 >= steady_from)
        g_array_append_val (steady, dt);
      if (dt < period)
        g_usleep (period - dt);
    }
  g_print ("ok=%u ", ok);
  print_percentiles ("", times);
  if (argc == 4)
    print_percentiles (" steady-", steady);
  g_print ("\n");
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc > 1 && g_str_equal (argv[1], "flood"))
    return flood (argc - 1, argv + 1);
  if (argc > 1 && g_str_equal (argv[1], "probe"))
    return probe (argc - 1, argv + 1);
  g_printerr ("usage: watch-flood flood|probe ...\n");
  return 2;
}
