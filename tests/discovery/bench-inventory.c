/* bench-inventory.c - inventory timings with many running containers
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-inventory ENGINE SOCKET PREFIX N-EVENTS (see bench-inventory.sh)
 * Prints: the time from start to a complete inventory (cold: connect, list,
 * inspect every container, read every namespace), the time to copy the
 * live inventory (what a GetInventory call costs once it is running), and
 * the latency from each container start event (the runtime's timeNano) to
 * the ::changed emission that carries the running container.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "tcgui-discovery.h"
#include "tcgui-netns.h"

static const char *engine;
static const char *target;
static gint64 found_latency_ns;
static char *target_key;
static gboolean target_removed;

static void
changed_cb (TcguiDiscovery *inv,
            guint64         generation,
            GVariant       *changed,
            const char    **removed,
            gpointer        data)
{
  gint64 now_ns = g_get_real_time () * 1000;
  GVariantIter iter;
  GVariant *item;

  for (guint i = 0; target_key != NULL && removed[i] != NULL; i++)
    if (g_str_equal (removed[i], target_key))
      target_removed = TRUE;
  if (target == NULL)
    return;
  g_variant_iter_init (&iter, changed);
  while ((item = g_variant_iter_next_value (&iter)))
    {
      const char *name = "", *state = "", *ns = "";
      gint64 event_ns = 0;

      g_variant_lookup (item, "name", "&s", &name);
      g_variant_lookup (item, "state", "&s", &state);
      g_variant_lookup (item, "namespace", "&s", &ns);
      g_variant_lookup (item, "event-time-ns", "x", &event_ns);
      if (g_str_equal (name, target) && g_str_equal (state, "running") &&
          g_str_has_prefix (ns, "pid:") && event_ns > 0 && found_latency_ns == 0)
        {
          found_latency_ns = now_ns - event_ns;
          g_free (target_key);
          g_variant_lookup (item, "key", "s", &target_key);
        }
      g_variant_unref (item);
    }
}

static void
spawn_bg (const char *cmd)
{
  const char *argv[] = { "/bin/sh", "-c", cmd, NULL };
  g_autoptr(GError) error = NULL;

  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static int
compare_i64 (const void *a,
             const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static guint
count_running (TcguiDiscovery *inventory)
{
  guint64 generation;
  g_autoptr(GVariant) items = tcgui_discovery_dup_items (inventory, 0, &generation);
  GVariantIter iter;
  GVariant *item;
  guint n = 0;

  g_variant_iter_init (&iter, items);
  while ((item = g_variant_iter_next_value (&iter)))
    {
      const char *ns = "";

      if (g_variant_lookup (item, "namespace", "&s", &ns) && g_str_has_prefix (ns, "pid:"))
        n++;
      g_variant_unref (item);
    }
  return n;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("tcgui-bench-XXXXXX", NULL);
  g_autofree char *conf_path = g_build_filename (dir, "runtimes.conf", NULL);
  g_autofree char *conf = NULL;
  g_autoptr(TcguiDiscovery) inventory = NULL;
  g_autofree gint64 *latencies = NULL;
  guint n_events, n_ok = 0;
  gint64 t0, t1;

  if (argc != 5)
    return 2;
  engine = argv[1];
  n_events = atoi (argv[4]);
  tcgui_netns_init ();
  conf = g_strdup_printf ("[docker]\nenabled=%s\nsocket=%s\n[podman]\nenabled=%s\nsocket=%s\n",
                          g_str_equal (engine, "docker") ? "true" : "false", argv[2],
                          g_str_equal (engine, "podman") ? "true" : "false", argv[2]);
  g_file_set_contents (conf_path, conf, -1, NULL);
  g_chmod (conf_path, 0600);

  inventory = tcgui_discovery_new (conf_path);
  g_signal_connect (inventory, "changed", G_CALLBACK (changed_cb), NULL);
  t0 = g_get_monotonic_time ();
  tcgui_discovery_start (inventory);
  while (!tcgui_discovery_wait_ready (inventory, 0))
    g_main_context_iteration (NULL, TRUE);
  t1 = g_get_monotonic_time ();
  g_print ("cold-complete-ms %.1f containers-with-namespace %u\n",
           (t1 - t0) / 1000.0, count_running (inventory));

  for (guint i = 0; i < 5; i++)
    {
      guint64 generation;
      g_autoptr(GVariant) items = NULL;

      t0 = g_get_monotonic_time ();
      items = tcgui_discovery_dup_items (inventory, 0, &generation);
      t1 = g_get_monotonic_time ();
      g_print ("warm-copy-ms %.2f items %zu bytes %zu\n", (t1 - t0) / 1000.0,
               g_variant_n_children (items), g_variant_get_size (items));
    }

  latencies = g_new0 (gint64, n_events);
  for (guint i = 0; i < n_events; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s-ev%u", argv[3], i);
      g_autofree char *cmd = g_strdup_printf ("%s run -d --name %s --label io.github.tcgui.testenv=%s "
                                              "--network %s-net localhost/bb:latest sleep infinity >/dev/null",
                                              engine, name, argv[3], argv[3]);
      gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

      target = name;
      found_latency_ns = 0;
      spawn_bg (cmd);
      while (found_latency_ns == 0 && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      if (found_latency_ns > 0)
        latencies[n_ok++] = found_latency_ns;
      g_print ("event %u latency-ms %.1f\n", i, found_latency_ns / 1e6);
      /* One container at a time: wait until it is gone again. */
      g_free (cmd);
      cmd = g_strdup_printf ("%s rm -f %s %s >/dev/null", engine,
                             g_str_equal (engine, "podman") ? "-t 0" : "", name);
      target = NULL;
      target_removed = FALSE;
      spawn_bg (cmd);
      while (!target_removed && target_key != NULL && g_get_monotonic_time () < deadline + 30 * G_USEC_PER_SEC)
        g_main_context_iteration (NULL, TRUE);
      g_clear_pointer (&target_key, g_free);
    }

  qsort (latencies, n_ok, sizeof (gint64), compare_i64);
  if (n_ok > 0)
    g_print ("events %u p50-ms %.1f p99-ms %.1f max-ms %.1f\n", n_ok,
             latencies[n_ok / 2] / 1e6, latencies[MIN (n_ok - 1, (n_ok * 99) / 100)] / 1e6,
             latencies[n_ok - 1] / 1e6);

  /* Let the removals finish before the script cleans up. */
  t0 = g_get_monotonic_time ();
  while (g_get_monotonic_time () - t0 < 3 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, FALSE), g_usleep (10000);
  g_unlink (conf_path);
  g_rmdir (dir);
  return n_ok == n_events ? 0 : 1;
}
