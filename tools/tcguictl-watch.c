/* tcguictl-watch.c - live per-interface rates, one line a second
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Like ifstat: the helper's Watch sends the interfaces' counters every
 * second (the Counters signal, to this caller only); each line is the
 * difference to the one before. Ctrl+C (SIGINT, or SIGTERM) ends the watch
 * with Unwatch and exits 0.
 */

#define G_LOG_DOMAIN "tcguictl"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "tcguictl.h"

#define INTERVAL_MS 1000

typedef struct
{
  gint32  index;
  guint64 rx, tx;
} Sample;

typedef struct
{
  TcguictlContext *ctx;
  GMainLoop       *loop;
  guint32          watch_id;
  GHashTable      *prev;      /* interface → Sample */
  gint64           prev_us;
  guint            lines;
  int              count;     /* lines to print, 0: until Ctrl+C */
  GError          *error;     /* the watch was dropped */
} Watch;

static char *
format_rate (double bps)
{
  if (bps >= 1e9)
    return g_strdup_printf ("%7.2f Gbit/s", bps / 1e9);
  if (bps >= 1e6)
    return g_strdup_printf ("%7.2f Mbit/s", bps / 1e6);
  return g_strdup_printf ("%7.2f kbit/s", bps / 1e3);
}

/* bit/s between two samples; 0 when the interface was created again. */
static double
rate (guint64 now,
      guint64 before,
      double  seconds)
{
  return now >= before && seconds > 0 ? (double) (now - before) * 8 / seconds : 0;
}

static JsonObject *
sample_json (Watch      *w,
             GVariant   *sample,
             double      seconds,
             GString    *line)
{
  JsonObject *object = json_object_new ();
  const char *iface = "";
  gboolean present = FALSE;
  Sample now = { 0 }, *before;

  g_variant_lookup (sample, "interface", "&s", &iface);
  g_variant_lookup (sample, "present", "b", &present);
  json_object_set_string_member (object, "interface", iface);
  json_object_set_boolean_member (object, "present", present);
  if (!present)
    {
      /* Translators: an interface that is not there now; mind the leading spaces */
      g_string_append_printf (line, _("  %s absent"), iface);
      g_hash_table_remove (w->prev, iface);
      return object;
    }
  g_variant_lookup (sample, "index", "i", &now.index);
  g_variant_lookup (sample, "rx-bytes", "t", &now.rx);
  g_variant_lookup (sample, "tx-bytes", "t", &now.tx);
  before = g_hash_table_lookup (w->prev, iface);
  if (before != NULL && before->index == now.index)
    {
      double rx = rate (now.rx, before->rx, seconds), tx = rate (now.tx, before->tx, seconds);
      g_autofree char *rx_text = format_rate (rx);
      g_autofree char *tx_text = format_rate (tx);

      json_object_set_double_member (object, "rx-bps", rx);
      json_object_set_double_member (object, "tx-bps", tx);
      g_string_append_printf (line, "  %s rx %s tx %s", iface, rx_text, tx_text);
    }
  g_hash_table_insert (w->prev, g_strdup (iface), g_memdup2 (&now, sizeof now));
  return object;
}

static void
print_line (Watch     *w,
            GVariant  *samples,
            gint64     timestamp_us)
{
  g_autoptr(GDateTime) time = g_date_time_new_now_local ();
  g_autofree char *clock = g_date_time_format (time, "%H:%M:%S");
  g_autoptr(GString) line = g_string_new (clock);
  g_autoptr(JsonArray) array = json_array_new ();
  double seconds = (double) (timestamp_us - w->prev_us) / 1e6;
  gboolean first = w->prev_us == 0;
  GVariantIter iter;
  GVariant *sample;

  g_variant_iter_init (&iter, samples);
  while ((sample = g_variant_iter_next_value (&iter)) != NULL)
    {
      json_array_add_object_element (array, sample_json (w, sample, seconds, line));
      g_variant_unref (sample);
    }
  w->prev_us = timestamp_us;
  /* The first sample only starts the differences. */
  if (first)
    return;
  if (w->ctx->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();
      g_autofree char *text = NULL;

      json_object_set_int_member (object, "timestamp-us", timestamp_us);
      json_object_set_array_member (object, "interfaces", g_steal_pointer (&array));
      json_node_take_object (node, object);
      text = json_to_string (node, FALSE);
      g_print ("%s\n", text);
    }
  else
    g_print ("%s\n", line->str);
  if (w->count > 0 && ++w->lines >= (guint) w->count)
    g_main_loop_quit (w->loop);
}

static void
counters_cb (TcguiHelper1 *proxy,
             guint         watch_id,
             guint64       timestamp_us,
             GVariant     *samples,
             Watch        *w)
{
  if (watch_id == w->watch_id)
    print_line (w, samples, (gint64) timestamp_us);
}

static void
dropped_cb (TcguiHelper1       *proxy,
            GVariant           *watch_ids,
            const char         *reason,
            Watch              *w)
{
  /* Translators: %s is the helper's (English) reason */
  g_set_error (&w->error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The helper ended the watch: %s"),
               reason);
  g_main_loop_quit (w->loop);
}

/* A helper that crashed or was replaced sends no WatchesDropped: its
 * watches went with it, so the lines would stop without a word. */
static void
owner_cb (GDBusProxy *proxy,
          GParamSpec *pspec,
          Watch      *w)
{
  g_set_error_literal (&w->error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("The helper stopped or was replaced: the watch ended"));
  g_main_loop_quit (w->loop);
}

static gboolean
quit_cb (gpointer user_data)
{
  Watch *w = user_data;

  g_main_loop_quit (w->loop);
  return G_SOURCE_CONTINUE;
}

static GVariant *
watch_targets (const char *ns_id,
               GStrv       ifaces)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ss)"));
  for (guint i = 0; ifaces[i] != NULL; i++)
    g_variant_builder_add (&builder, "(ss)", ns_id, ifaces[i]);
  return g_variant_builder_end (&builder);
}

static gboolean
run_watch (Watch           *w,
           TcguictlTarget  *target,
           GStrv            ifaces,
           GError         **error)
{
  g_autoptr(GVariant) reply = NULL;
  guint sigint, sigterm;
  gulong counters, dropped, owner;

  reply = tcguictl_call (w->ctx, "Watch", g_variant_new ("(@a(ss)u)",
                                                         watch_targets (target->ns_id, ifaces),
                                                         INTERVAL_MS), "(u)", error);
  if (reply == NULL)
    return FALSE;
  g_variant_get (reply, "(u)", &w->watch_id);
  counters = g_signal_connect (w->ctx->proxy, "counters", G_CALLBACK (counters_cb), w);
  dropped = g_signal_connect (w->ctx->proxy, "watches-dropped", G_CALLBACK (dropped_cb), w);
  owner = g_signal_connect (w->ctx->proxy, "notify::g-name-owner", G_CALLBACK (owner_cb), w);
  sigint = g_unix_signal_add (SIGINT, quit_cb, w);
  sigterm = g_unix_signal_add (SIGTERM, quit_cb, w);
  g_main_loop_run (w->loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_signal_handler_disconnect (w->ctx->proxy, counters);
  g_signal_handler_disconnect (w->ctx->proxy, dropped);
  g_signal_handler_disconnect (w->ctx->proxy, owner);
  if (w->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&w->error));
      return FALSE;
    }
  /* Best effort: leaving the bus ends the watch anyway. */
  g_clear_pointer (&reply, g_variant_unref);
  reply = tcguictl_call (w->ctx, "Unwatch", g_variant_new ("(u)", w->watch_id), "()", NULL);
  return TRUE;
}

gboolean
tcguictl_cmd_watch (TcguictlContext  *ctx,
                    int               argc,
                    char            **argv,
                    GError          **error)
{
  Watch w = { ctx, NULL, 0, NULL, 0, 0, 0, NULL };
  GOptionEntry entries[] = {
    { "count", 0, 0, G_OPTION_ARG_INT, &w.count, N_("Exit after N lines"), N_("N") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new (N_("watch TARGET [IFACE]"));
  g_auto(TcguictlTarget) target = { 0 };
  g_auto(GStrv) ifaces = NULL;
  gboolean ok;

  g_option_context_set_summary (context, N_("Prints the receive and send rates of TARGET's "
                                   "interfaces (or IFACE), one line a second, until Ctrl+C."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tcguictl_parse_options (context, ctx, &argc, &argv, error))
    return FALSE;
  if (argc < 2 || argc > 3 || w.count < 0)
    {
      g_set_error_literal (error, TCGUICTL_USAGE_ERROR, 0,
                           w.count < 0 ? _("--count must be 0 or more")
                                       : _("Usage: watch TARGET [IFACE]"));
      return FALSE;
    }
  if (!tcguictl_target_resolve (ctx, argv[1], &target, error))
    return FALSE;
  if (argc == 3)
    ifaces = g_strdupv ((char *[]) { argv[2], NULL });
  else if (!(ifaces = tcguictl_target_interfaces (ctx, &target, NULL, error)))
    return FALSE;
  w.loop = g_main_loop_new (NULL, FALSE);
  w.prev = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ok = run_watch (&w, &target, ifaces, error);
  g_main_loop_unref (w.loop);
  g_hash_table_unref (w.prev);
  return ok;
}
