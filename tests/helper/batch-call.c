/* batch-call.c - call SetShapingBatch on the system bus and print each result
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: batch-call [--interactive] [--time] [--concurrent N] < ITEMS
 * One item per line of ITEMS:
 *   NAMESPACE INTERFACE DIRECTION FLAGS PARAMETERS
 *     PARAMETERS: the rest of the line, an a{sv} in GVariant text,
 *     e.g. {'rate-bps': <uint64 8000000>} or {}
 *   @deep NAMESPACE INTERFACE DIRECTION DEPTH
 *     {'rate-bps': <<…<uint64 8000000>…>>}, the value DEPTH variants deep
 *   @huge NAMESPACE INTERFACE DIRECTION KEYS
 *     KEYS distinct unknown keys, each with a 64-byte string
 * Prints one line per item: "ok" or "ERROR-NAME: message". A refused call
 * prints "error: ERROR-NAME: message" and exits 1. With --concurrent N the
 * same batch is sent N times at once on one connection and each call
 * prints "call K: ok A/B" (items applied / items) or its error; the exit
 * status is 0. --time prints the first call's round trip to stderr as
 * "elapsed-ms=MS".
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

static GVariant *
deep_value (guint depth)
{
  GVariant *value = g_variant_new_uint64 (8000000);

  for (guint i = 0; i < depth; i++)
    value = g_variant_new_variant (value);
  return value;
}

static GVariant *
huge_dict (guint keys)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autofree char *text = g_strnfill (64, 'x');

  for (guint i = 0; i < keys; i++)
    {
      g_autofree char *key = g_strdup_printf ("key-%u", i);

      g_variant_builder_add (&b, "{sv}", key, g_variant_new_string (text));
    }
  return g_variant_builder_end (&b);
}

static GVariant *
parse_special (const char  *line,
               GError     **error)
{
  g_auto(GStrv) w = g_strsplit (line, " ", 6);
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  GVariant *params;
  guint n;

  if (g_strv_length (w) != 5)
    return (g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "bad line: %s", line), NULL);
  n = (guint) g_ascii_strtoull (w[4], NULL, 10);
  if (g_str_equal (w[0], "@deep"))
    {
      g_variant_builder_add (&b, "{sv}", "rate-bps", deep_value (n));
      params = g_variant_builder_end (&b);
    }
  else
    params = huge_dict (n);
  return g_variant_new ("(sss@a{sv}u)", w[1], w[2], w[3], params, 0);
}

static GVariant *
parse_line (const char  *line,
            GError     **error)
{
  g_auto(GStrv) w = NULL;
  g_autoptr(GVariant) params = NULL;   /* g_variant_parse(): not floating */

  if (line[0] == '@')
    return parse_special (line, error);
  w = g_strsplit (line, " ", 5);
  if (g_strv_length (w) != 5)
    return (g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "bad line: %s", line), NULL);
  if (!(params = g_variant_parse (G_VARIANT_TYPE_VARDICT, w[4], NULL, NULL, error)))
    return NULL;
  return g_variant_new ("(sss@a{sv}u)", w[0], w[1], w[2], params,
                        (guint32) g_ascii_strtoull (w[3], NULL, 0));
}

static GVariant *
read_items (GError **error)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a(sssa{sv}u)"));
  g_autofree char *line = NULL;
  size_t size = 0;
  ssize_t len;

  while ((len = getline (&line, &size, stdin)) >= 0)
    {
      GVariant *item;

      if (len > 0 && line[len - 1] == '\n')
        line[--len] = '\0';
      if (len == 0)
        continue;
      if (!(item = parse_line (line, error)))
        return NULL;
      g_variant_builder_add_value (&b, item);
    }
  return g_variant_builder_end (&b);
}

static void
print_error (const char *prefix,
             GError     *error)
{
  g_autofree char *name = g_dbus_error_get_remote_error (error);

  g_dbus_error_strip_remote_error (error);
  g_print ("%serror: %s: %s\n", prefix, name ? name : "(local)", error->message);
}

static void
print_results (GVariant *reply)
{
  g_autoptr(GVariant) results = g_variant_get_child_value (reply, 0);
  GVariantIter iter;
  const char *name, *message;

  g_variant_iter_init (&iter, results);
  while (g_variant_iter_next (&iter, "(&s&s)", &name, &message))
    if (name[0] == '\0')
      g_print ("ok\n");
    else
      g_print ("%s: %s\n", name, message);
}

typedef struct
{
  guint      pending;
  GVariant **replies;
  GError   **errors;
} Concurrent;

typedef struct
{
  Concurrent *c;
  guint       index;
} CallData;

static void
concurrent_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  CallData *data = user_data;

  data->c->replies[data->index] =
    g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result,
                                   &data->c->errors[data->index]);
  data->c->pending--;
  g_free (data);
}

static void
print_concurrent (Concurrent *c,
                  guint       n)
{
  for (guint k = 0; k < n; k++)
    {
      g_autofree char *prefix = g_strdup_printf ("call %u: ", k + 1);
      g_autoptr(GVariant) results = NULL;
      GVariantIter iter;
      const char *name;
      guint ok = 0, total = 0;

      if (c->errors[k] != NULL)
        {
          print_error (prefix, c->errors[k]);
          g_error_free (c->errors[k]);
          continue;
        }
      results = g_variant_get_child_value (c->replies[k], 0);
      g_variant_iter_init (&iter, results);
      while (g_variant_iter_next (&iter, "(&s&s)", &name, NULL))
        ok += name[0] == '\0', total++;
      g_print ("%sok %u/%u\n", prefix, ok, total);
      g_variant_unref (c->replies[k]);
    }
}

static void
run_concurrent (GDBusConnection *bus,
                GVariant        *args,
                GDBusCallFlags   flags,
                guint            n)
{
  Concurrent c = { n, g_new0 (GVariant *, n), g_new0 (GError *, n) };

  for (guint k = 0; k < n; k++)
    {
      CallData *data = g_new0 (CallData, 1);

      data->c = &c;
      data->index = k;
      g_dbus_connection_call (bus, HELPER_BUS_NAME, HELPER_OBJECT_PATH, HELPER_BUS_NAME,
                              "SetShapingBatch", args, G_VARIANT_TYPE ("(a(ss))"), flags,
                              600000, NULL, concurrent_cb, data);
    }
  while (c.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  print_concurrent (&c, n);
  g_free (c.replies);
  g_free (c.errors);
}

int
main (int   argc,
      char *argv[])
{
  GDBusCallFlags flags = G_DBUS_CALL_FLAGS_NONE;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) items = NULL;
  g_autoptr(GVariant) args = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean timed = FALSE;
  guint concurrent = 0;
  gint64 start;

  /* g_print() writes the helper's messages in the locale's charset. */
  setlocale (LC_ALL, "");
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--interactive"))
      flags |= G_DBUS_CALL_FLAGS_ALLOW_INTERACTIVE_AUTHORIZATION;
    else if (g_str_equal (argv[i], "--time"))
      timed = TRUE;
    else if (g_str_equal (argv[i], "--concurrent") && i + 1 < argc)
      concurrent = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
    else
      {
        g_printerr ("usage: batch-call [--interactive] [--time] [--concurrent N] < ITEMS\n");
        return 2;
      }

  if (!(items = read_items (&error)))
    {
      g_printerr ("batch-call: %s\n", error->message);
      return 2;
    }
  g_variant_ref_sink (items);
  args = g_variant_ref_sink (g_variant_new ("(@a(sssa{sv}u))", items));
  if (!(bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, &error)))
    {
      g_printerr ("batch-call: %s\n", error->message);
      return 2;
    }
  if (concurrent > 0)
    {
      run_concurrent (bus, args, flags, concurrent);
      return EXIT_SUCCESS;
    }

  start = g_get_monotonic_time ();
  reply = g_dbus_connection_call_sync (bus, HELPER_BUS_NAME, HELPER_OBJECT_PATH,
                                       HELPER_BUS_NAME, "SetShapingBatch", args,
                                       G_VARIANT_TYPE ("(a(ss))"), flags, 600000, NULL, &error);
  if (timed)
    g_printerr ("elapsed-ms=%.3f\n", (g_get_monotonic_time () - start) / 1000.0);
  if (reply == NULL)
    {
      print_error ("", error);
      return 1;
    }
  print_results (reply);
  return EXIT_SUCCESS;
}
