/* rules-watch.c - print the helper's RulesChanged signals to this caller
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: rules-watch SECONDS
 * Subscribes to RulesChanged on the system bus, calls ListRules (RulesChanged
 * is unicast to the callers of ListRules, a private rule to its owner's
 * only), prints "ready", then one line per rule in each signal for SECONDS
 * (or until killed): "changed ID STATE" and "removed ID". Exit 2 on errors.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <gio/gio.h>

static void
signal_cb (GDBusConnection *connection,
           const char      *sender,
           const char      *path,
           const char      *iface,
           const char      *signal,
           GVariant        *parameters,
           gpointer         data)
{
  g_autoptr(GVariant) changed = g_variant_get_child_value (parameters, 1);
  g_autoptr(GVariant) removed = g_variant_get_child_value (parameters, 2);
  GVariantIter iter;
  GVariant *rule;
  const char *id;

  g_variant_iter_init (&iter, changed);
  while ((rule = g_variant_iter_next_value (&iter)))
    {
      g_autoptr(GVariant) status = g_variant_lookup_value (rule, "status", G_VARIANT_TYPE_VARDICT);
      const char *state = "?";

      g_variant_lookup (rule, "id", "&s", &id);
      if (status != NULL)
        g_variant_lookup (status, "state", "&s", &state);
      printf ("changed %s %s\n", id, state);
      g_variant_unref (rule);
    }
  g_variant_iter_init (&iter, removed);
  while (g_variant_iter_next (&iter, "&s", &id))
    printf ("removed %s\n", id);
  fflush (stdout);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean timed_out = FALSE;

  if (argc != 2)
    return 2;
  if (!(bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, &error)))
    {
      g_printerr ("rules-watch: %s\n", error->message);
      return 2;
    }
  g_dbus_connection_signal_subscribe (bus, HELPER_BUS_NAME, HELPER_BUS_NAME, "RulesChanged",
                                      HELPER_OBJECT_PATH, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                      signal_cb, NULL, NULL);
  reply = g_dbus_connection_call_sync (bus, HELPER_BUS_NAME, HELPER_OBJECT_PATH, HELPER_BUS_NAME,
                                       "ListRules", NULL, G_VARIANT_TYPE ("(taa{sv})"),
                                       G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
  if (reply == NULL)
    {
      g_printerr ("rules-watch: %s\n", error->message);
      return 2;
    }
  printf ("ready\n");
  fflush (stdout);

  g_timeout_add_seconds (atoi (argv[1]), timeout_cb, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}
