/* helper-call.c - call the helper on the system bus and print the reply
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: helper-call [--interactive] METHOD [ARGS]
 *   ARGS is a GVariant text tuple, e.g. "('netns:foo',)".
 * A reply of dictionaries (a{sv} or aa{sv}) is printed one dictionary per
 * line as "key=value key=value ...", in the order the helper sent them;
 * strings are printed as they are, other values in GVariant text without
 * type annotations. An error prints "error: D-BUS-ERROR-NAME: message" on
 * stdout and exits 1, so shell tests can compare both with plain text.
 */

#include "config.h"

#include <stdlib.h>

#include <gio/gio.h>

static void
print_dict (GVariant *dict)
{
  g_autoptr(GString) line = g_string_new (NULL);
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_variant_iter_init (&iter, dict);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      g_autofree char *text = NULL;

      if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        text = g_variant_dup_string (value, NULL);
      else
        text = g_variant_print (value, FALSE);
      g_string_append_printf (line, "%s%s=%s", line->len ? " " : "", key, text);
      g_variant_unref (value);
    }
  g_print ("%s\n", line->str);
}

static void
print_reply (GVariant *reply)
{
  for (gsize i = 0; i < g_variant_n_children (reply); i++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (reply, i);

      if (g_variant_is_of_type (child, G_VARIANT_TYPE_VARDICT))
        print_dict (child);
      else if (g_variant_is_of_type (child, G_VARIANT_TYPE ("aa{sv}")))
        for (gsize j = 0; j < g_variant_n_children (child); j++)
          {
            g_autoptr(GVariant) dict = g_variant_get_child_value (child, j);
            print_dict (dict);
          }
      else
        {
          g_autofree char *text = g_variant_print (child, FALSE);
          g_print ("%s\n", text);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  GDBusCallFlags flags = G_DBUS_CALL_FLAGS_NONE;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) args = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  int first = 1;

  if (argc > 1 && g_str_equal (argv[1], "--interactive"))
    {
      flags |= G_DBUS_CALL_FLAGS_ALLOW_INTERACTIVE_AUTHORIZATION;
      first++;
    }
  if (argc - first < 1 || argc - first > 2)
    {
      g_printerr ("usage: helper-call [--interactive] METHOD [ARGS]\n");
      return 2;
    }

  if (argc - first == 2 &&
      !(args = g_variant_parse (NULL, argv[first + 1], NULL, NULL, &error)))
    {
      g_printerr ("helper-call: bad ARGS: %s\n", error->message);
      return 2;
    }
  if (args != NULL && !g_variant_is_of_type (args, G_VARIANT_TYPE_TUPLE))
    {
      g_printerr ("helper-call: ARGS must be a tuple\n");
      return 2;
    }

  if (!(bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, &error)))
    {
      g_printerr ("helper-call: %s\n", error->message);
      return 2;
    }

  reply = g_dbus_connection_call_sync (bus, HELPER_BUS_NAME, HELPER_OBJECT_PATH,
                                       HELPER_BUS_NAME, argv[first],
                                       args, NULL, flags,
                                       30000, NULL, &error);
  if (reply == NULL)
    {
      g_autofree char *name = g_dbus_error_get_remote_error (error);

      g_dbus_error_strip_remote_error (error);
      g_print ("error: %s: %s\n", name ? name : "(local)", error->message);
      return 1;
    }

  print_reply (reply);
  return EXIT_SUCCESS;
}
