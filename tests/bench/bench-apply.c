/* bench-apply.c - apply-latency of one shaping change, three ways
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-apply PREFIX COUNT DBUS_IFNAME TC_IFNAME ENGINE_IFNAME ROUNDS
 *
 * For each of the COUNT namespaces PREFIX-0 .. PREFIX-(COUNT-1), ROUNDS
 * times, one rate change of an interface's egress is made and timed, side
 * by side (the helper on DBUS_IFNAME, tc on TC_IFNAME, so that each sees
 * only its own trees):
 *   dbus     SetShaping on the system bus (D-Bus + polkit + setns + netlink
 *            in the real helper), a synchronous call from this client;
 *   nsenter  spawning `nsenter --net=/run/netns/NS tc qdisc replace ...`;
 *   ipnetns  spawning `ip netns exec NS tc qdisc replace ...`.
 * The three alternate per namespace so they see the same system state.
 * Two more rows show where the D-Bus time goes: "ping" is a bus round trip
 * to the helper with no authorization (Peer.Ping), "getcaps" a round trip
 * with the polkit check (GetCapabilities, answered from a cache),
 * "refused" a SetShaping with the "shape" polkit check that is then refused
 * for an unknown key before the engine runs, and "engine" the engine alone,
 * called in this process on ENGINE_IFNAME (root needed).
 * Prints p50/p90/p99/max in ms, as a Markdown table.
 *
 *   bench-apply --engine-only PREFIX COUNT ENGINE_IFNAME ROUNDS
 *
 * times only the "engine" row (no bus, no polkit, no tc): for measuring
 * the engine's own cost before and after a change to it.
 */

#include "config.h"

#include <stdlib.h>
#include <sys/wait.h>

#include <gio/gio.h>

#include "tcgui-journal.h"
#include "tcgui-netns.h"
#include "tcgui-qdisc.h"

typedef struct
{
  const char *name;
  GArray     *samples;   /* double, ms */
} Series;

static double
now_ms (void)
{
  return (double) g_get_monotonic_time () / 1000.0;
}

static double
time_dbus (GDBusConnection *bus,
           const char      *ns,
           const char      *ifname,
           guint64          rate)
{
  g_autofree char *ns_id = g_strdup_printf ("netns:%s", ns);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GVariantBuilder) params = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  double start;

  g_variant_builder_add (&params, "{sv}", "rate-bps", g_variant_new_uint64 (rate));
  start = now_ms ();
  reply = g_dbus_connection_call_sync (bus, "io.github.tcgui.Helper1",
                                       "/io/github/tcgui/Helper1",
                                       "io.github.tcgui.Helper1", "SetShaping",
                                       g_variant_new ("(sssa{sv}u)", ns_id, ifname, "outgoing",
                                                      &params, 0u),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  if (reply == NULL)
    g_error ("SetShaping in %s: %s", ns, error->message);
  return now_ms () - start;
}

/* The floor: a round trip to the helper through the bus, with no
 * authorization (org.freedesktop.DBus.Peer.Ping) or with polkit only
 * (GetCapabilities, whose kernel probe is cached after the first call). */
static double
time_call (GDBusConnection *bus,
           const char      *interface,
           const char      *method)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  double start = now_ms ();

  reply = g_dbus_connection_call_sync (bus, "io.github.tcgui.Helper1", "/io/github/tcgui/Helper1",
                                       interface, method, NULL, NULL,
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  if (reply == NULL)
    g_error ("%s: %s", method, error->message);
  return now_ms () - start;
}

/* SetShaping refused after the polkit check (an unknown key): the cost of
 * the bus and the "shape" authorization without the engine. */
static double
time_refused (GDBusConnection *bus,
              const char      *ns)
{
  g_autofree char *ns_id = g_strdup_printf ("netns:%s", ns);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GVariantBuilder) params = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  double start;

  g_variant_builder_add (&params, "{sv}", "no-such-key", g_variant_new_uint32 (1));
  start = now_ms ();
  reply = g_dbus_connection_call_sync (bus, "io.github.tcgui.Helper1", "/io/github/tcgui/Helper1",
                                       "io.github.tcgui.Helper1", "SetShaping",
                                       g_variant_new ("(sssa{sv}u)", ns_id, "lo", "outgoing",
                                                      &params, 0u),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  if (reply != NULL || !g_dbus_error_is_remote_error (error) ||
      g_strcmp0 (g_dbus_error_get_remote_error (error), "io.github.tcgui.Error.InvalidArgument") != 0)
    g_error ("SetShaping with an unknown key was not refused as InvalidArgument");
  return now_ms () - start;
}

/* The engine alone, in this process: setns + netlink + journal, the part
 * of a SetShaping that is not the bus or polkit. */
static double
time_engine (const char *ns,
             const char *ifname,
             guint64     rate)
{
  g_autofree char *ns_id = g_strdup_printf ("netns:%s", ns);
  g_autoptr(GError) error = NULL;
  TcguiParams params;
  double start;

  tcgui_params_init (&params);
  params.rate_bps = rate;
  start = now_ms ();
  if (!tcgui_qdisc_set (ns_id, ifname, TCGUI_DIRECTION_OUTGOING, &params, 0, &error))
    g_error ("tcgui_qdisc_set in %s: %s", ns, error->message);
  return now_ms () - start;
}

static double
time_spawn (char **argv)
{
  g_autoptr(GError) error = NULL;
  int status = 0;
  double start = now_ms ();

  if (!g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("%s: %s", argv[0], error->message);
  return now_ms () - start;
}

static double
time_nsenter (const char *ns,
              const char *ifname,
              guint64     rate)
{
  g_autofree char *net = g_strdup_printf ("--net=/run/netns/%s", ns);
  g_autofree char *r = g_strdup_printf ("%" G_GUINT64_FORMAT "bit", rate);
  char *argv[] = { "nsenter", net, "tc", "qdisc", "replace", "dev", (char *) ifname,
                   "root", "handle", "1:", "tbf", "rate", r, "burst", "20000",
                   "limit", "100000", NULL };

  return time_spawn (argv);
}

static double
time_ipnetns (const char *ns,
              const char *ifname,
              guint64     rate)
{
  g_autofree char *r = g_strdup_printf ("%" G_GUINT64_FORMAT "bit", rate);
  char *argv[] = { "ip", "netns", "exec", (char *) ns, "tc", "qdisc", "replace", "dev",
                   (char *) ifname, "root", "handle", "2:", "tbf", "rate", r, "burst",
                   "20000", "limit", "100000", NULL };

  return time_spawn (argv);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *sorted,
            double  p)
{
  guint i = (guint) (p / 100.0 * (sorted->len - 1) + 0.5);

  return g_array_index (sorted, double, MIN (i, sorted->len - 1));
}

static void
print_series (Series *s,
              double  reference_p50)
{
  g_array_sort (s->samples, compare_double);
  g_print ("| %-8s | %6u | %8.3f | %8.3f | %8.3f | %8.3f | %8.2f |\n",
           s->name, s->samples->len, percentile (s->samples, 50), percentile (s->samples, 90),
           percentile (s->samples, 99), percentile (s->samples, 100),
           percentile (s->samples, 50) / reference_p50);
}

/* The engine row alone; "engine" is also the reference of the last column. */
static int
engine_only (const char *prefix,
             guint       count,
             const char *ifname,
             guint       rounds)
{
  Series s = { "engine", g_array_new (FALSE, FALSE, sizeof (double)) };
  g_autofree char *first = g_strdup_printf ("%s-0", prefix);

  /* Warm-up: the first call loads what later calls find cached. */
  time_engine (first, ifname, 1000000);
  for (guint r = 0; r < rounds; r++)
    for (guint n = 0; n < count; n++)
      {
        g_autofree char *ns = g_strdup_printf ("%s-%u", prefix, n);
        double t = time_engine (ns, ifname, 1000000 + 8000 * (guint64) (r * count + n));

        g_array_append_val (s.samples, t);
      }
  g_print ("| method   | calls  | p50 ms   | p90 ms   | p99 ms   | max ms   | p50 / engine p50 |\n");
  g_print ("|----------|--------|----------|----------|----------|----------|----------|\n");
  g_array_sort (s.samples, compare_double);
  print_series (&s, percentile (s.samples, 50));
  g_array_unref (s.samples);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  Series series[7] = { { "dbus", NULL }, { "nsenter", NULL }, { "ipnetns", NULL },
                       { "ping", NULL }, { "getcaps", NULL }, { "refused", NULL },
                       { "engine", NULL } };
  guint count, rounds;
  double dbus_p50;

  g_autofree char *first = NULL;
  g_autofree char *journal = NULL;
  const char *engine_ifname;

  /* Before any thread: the namespace the engine's setns() returns to. */
  tcgui_netns_init ();

  if (argc == 6 && g_str_equal (argv[1], "--engine-only"))
    {
      journal = g_build_filename (g_get_tmp_dir (), argv[2], NULL);
      tcgui_journal_set_path (journal);
      engine_only (argv[2], (guint) atoi (argv[3]), argv[4], (guint) atoi (argv[5]));
      tcgui_journal_set_path (NULL);
      return 0;
    }
  if (argc != 7)
    {
      g_printerr ("usage: bench-apply PREFIX COUNT DBUS_IFNAME TC_IFNAME ENGINE_IFNAME ROUNDS\n");
      return 2;
    }
  engine_ifname = argv[5];
  journal = g_build_filename (g_get_tmp_dir (), argv[1], NULL);
  tcgui_journal_set_path (journal);
  count = (guint) atoi (argv[2]);
  rounds = (guint) atoi (argv[6]);
  if (!(bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, &error)))
    g_error ("%s", error->message);

  for (guint i = 0; i < G_N_ELEMENTS (series); i++)
    series[i].samples = g_array_new (FALSE, FALSE, sizeof (double));

  /* One warm-up call: D-Bus activation, the polkit authority, the probe. */
  first = g_strdup_printf ("%s-0", argv[1]);
  time_dbus (bus, first, argv[3], 1000000);

  for (guint r = 0; r < rounds; r++)
    for (guint n = 0; n < count; n++)
      {
        g_autofree char *ns = g_strdup_printf ("%s-%u", argv[1], n);
        guint64 rate = 1000000 + 8000 * (guint64) (r * count + n);
        double t;

        t = time_dbus (bus, ns, argv[3], rate);
        g_array_append_val (series[0].samples, t);
        t = time_nsenter (ns, argv[4], rate);
        g_array_append_val (series[1].samples, t);
        t = time_ipnetns (ns, argv[4], rate);
        g_array_append_val (series[2].samples, t);
        t = time_call (bus, "org.freedesktop.DBus.Peer", "Ping");
        g_array_append_val (series[3].samples, t);
        t = time_call (bus, "io.github.tcgui.Helper1", "GetCapabilities");
        g_array_append_val (series[4].samples, t);
        t = time_refused (bus, ns);
        g_array_append_val (series[5].samples, t);
        t = time_engine (ns, engine_ifname, rate);
        g_array_append_val (series[6].samples, t);
      }

  g_print ("| method   | calls  | p50 ms   | p90 ms   | p99 ms   | max ms   | p50 / dbus p50 |\n");
  g_print ("|----------|--------|----------|----------|----------|----------|----------|\n");
  g_array_sort (series[0].samples, compare_double);
  dbus_p50 = percentile (series[0].samples, 50);
  for (guint i = 0; i < G_N_ELEMENTS (series); i++)
    {
      print_series (&series[i], dbus_p50);
      g_array_unref (series[i].samples);
    }
  tcgui_journal_set_path (NULL);
  return 0;
}
