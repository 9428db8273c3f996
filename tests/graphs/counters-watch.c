/* counters-watch.c - calls Watch on the helper and prints the Counters
 * signals it receives
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: counters-watch [--unwatch-after MS] INTERVAL-MS SECONDS NAMESPACE-ID:IFNAME...
 * Prints "watch-id=N", then per signal "signal id=N t=US" and per sample
 * "  ns=… if=… present=… index=… tx-bytes=… rx-bytes=…"; or "error: NAME: message".
 * A WatchesDropped signal prints "dropped ids=N,… reason=…".
 * With --unwatch-after, calls Unwatch after MS milliseconds and prints "unwatched" (or the error),
 * then keeps listening.
 * SECONDS 0 listens until SIGTERM or SIGINT; either ends it with status 0 and "stopped".
 */

#include "config.h"

#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcgui-error.h"
#include "tcgui-helper1-generated.h"

static void
print_sample (GVariant *sample)
{
  g_auto(GVariantDict) d = G_VARIANT_DICT_INIT (sample);
  const char *ns = "", *ifname = "";
  gboolean present = FALSE;
  guint64 tx = 0, rx = 0;
  gint32 index = 0;

  g_variant_dict_lookup (&d, "namespace", "&s", &ns);
  g_variant_dict_lookup (&d, "interface", "&s", &ifname);
  g_variant_dict_lookup (&d, "present", "b", &present);
  g_variant_dict_lookup (&d, "index", "i", &index);
  g_variant_dict_lookup (&d, "tx-bytes", "t", &tx);
  g_variant_dict_lookup (&d, "rx-bytes", "t", &rx);
  g_print ("  ns=%s if=%s present=%s index=%d tx-bytes=%" G_GUINT64_FORMAT
           " rx-bytes=%" G_GUINT64_FORMAT "\n",
           ns, ifname, present ? "true" : "false", index, tx, rx);
}

static void
counters_cb (TcguiHelper1 *proxy,
             guint         watch_id,
             guint64       timestamp_us,
             GVariant     *samples)
{
  GVariantIter iter;
  GVariant *sample;

  g_print ("signal id=%u t=%" G_GUINT64_FORMAT "\n", watch_id, timestamp_us);
  g_variant_iter_init (&iter, samples);
  while ((sample = g_variant_iter_next_value (&iter)))
    {
      print_sample (sample);
      g_variant_unref (sample);
    }
  /* A test waits for a sample in the file before it acts: line by line. */
  fflush (stdout);
}

static void
watches_dropped_cb (TcguiHelper1 *proxy,
                    GVariant     *watch_ids,
                    const char   *reason)
{
  g_autoptr(GString) ids = g_string_new (NULL);
  gsize n = 0;
  const guint32 *id = g_variant_get_fixed_array (watch_ids, &n, sizeof (guint32));

  for (gsize i = 0; i < n; i++)
    g_string_append_printf (ids, "%s%u", i ? "," : "", id[i]);
  g_print ("dropped ids=%s reason=%s\n", ids->str, reason);
  fflush (stdout);
}

typedef struct
{
  TcguiHelper1 *proxy;
  guint         watch_id;
} Unwatch;

static void print_error (GError *error);

static gboolean
unwatch_cb (gpointer data)
{
  Unwatch *u = data;
  g_autoptr(GError) error = NULL;

  if (tcgui_helper1_call_unwatch_sync (u->proxy, u->watch_id, NULL, &error))
    g_print ("unwatched\n");
  else
    print_error (error);
  return G_SOURCE_REMOVE;
}

static gboolean
quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

/* Told to stop (SECONDS 0): a clean exit, whose output is complete. */
static gboolean
stop_cb (gpointer loop)
{
  g_print ("stopped\n");
  return quit_cb (loop);
}

static void
print_error (GError *error)
{
  g_autofree char *name = g_dbus_error_get_remote_error (error);

  g_dbus_error_strip_remote_error (error);
  g_print ("error: %s: %s\n", name ? name : "?", error->message);
}

int
main (int   argc,
      char *argv[])
{
  g_auto(GVariantBuilder) targets = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a(ss)"));
  g_autoptr(TcguiHelper1) proxy = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  guint watch_id = 0;
  int unwatch_after = 0;
  Unwatch u;

  if (argc > 2 && g_str_equal (argv[1], "--unwatch-after"))
    {
      unwatch_after = atoi (argv[2]);
      argv += 2;
      argc -= 2;
    }
  if (argc < 4)
    {
      g_printerr ("usage: counters-watch INTERVAL-MS SECONDS NS:IF...\n");
      return 2;
    }
  (void) TCGUI_ERROR;

  for (int i = 3; i < argc; i++)
    {
      const char *colon = strrchr (argv[i], ':');
      g_autofree char *ns = colon ? g_strndup (argv[i], colon - argv[i]) : g_strdup (argv[i]);

      g_variant_builder_add (&targets, "(ss)", ns, colon ? colon + 1 : "");
    }

  proxy = tcgui_helper1_proxy_new_for_bus_sync (G_BUS_TYPE_SYSTEM, G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                                                "io.github.tcgui.Helper1", "/io/github/tcgui/Helper1",
                                                NULL, &error);
  if (proxy == NULL)
    return (print_error (error), 1);
  g_signal_connect (proxy, "counters", G_CALLBACK (counters_cb), NULL);
  g_signal_connect (proxy, "watches-dropped", G_CALLBACK (watches_dropped_cb), NULL);

  if (!tcgui_helper1_call_watch_sync (proxy, g_variant_builder_end (&targets),
                                      (guint) g_ascii_strtoull (argv[1], NULL, 10),
                                      &watch_id, NULL, &error))
    return (print_error (error), 1);

  g_print ("watch-id=%u\n", watch_id);
  u.proxy = proxy;
  u.watch_id = watch_id;
  if (unwatch_after > 0)
    g_timeout_add (unwatch_after, unwatch_cb, &u);
  if (g_ascii_strtoull (argv[2], NULL, 10) > 0)
    g_timeout_add (g_ascii_strtoull (argv[2], NULL, 10) * 1000, quit_cb, loop);
  g_unix_signal_add (SIGTERM, stop_cb, loop);
  g_unix_signal_add (SIGINT, stop_cb, loop);
  g_main_loop_run (loop);
  return 0;
}
