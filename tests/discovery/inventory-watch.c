/* inventory-watch.c - wait for a container in the helper's InventoryChanged signals
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: inventory-watch NAME SECONDS
 *        inventory-watch --print SECONDS
 * Subscribes to InventoryChanged on the system bus, calls GetInventory (so
 * that the helper knows this caller: InventoryChanged is unicast to the
 * callers of GetInventory, a user's rootless items to that user's only),
 * prints "ready" and then waits until a signal carries a running container
 * called NAME. Exit 0 when one came, 1 when none came within SECONDS, 2 on
 * errors. With --print, prints every signal as "InventoryChanged
 * (PARAMETERS)" for SECONDS (or until killed), then exits 0.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <gio/gio.h>

static const char *wanted;   /* NULL: --print */
static gboolean seen;

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
  GVariantIter iter;
  GVariant *item;

  if (wanted == NULL)
    {
      g_autofree char *text = g_variant_print (parameters, TRUE);

      printf ("InventoryChanged %s\n", text);
      fflush (stdout);
      return;
    }
  g_variant_iter_init (&iter, changed);
  while ((item = g_variant_iter_next_value (&iter)))
    {
      const char *name = "", *state = "";

      g_variant_lookup (item, "name", "&s", &name);
      g_variant_lookup (item, "state", "&s", &state);
      if (g_str_equal (name, wanted) && g_str_equal (state, "running"))
        seen = TRUE;
      g_variant_unref (item);
    }
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

  if (argc != 3)
    return 2;
  wanted = g_str_equal (argv[1], "--print") ? NULL : argv[1];

  if (!(bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, &error)))
    {
      g_printerr ("inventory-watch: %s\n", error->message);
      return 2;
    }
  g_dbus_connection_signal_subscribe (bus, HELPER_BUS_NAME, HELPER_BUS_NAME, "InventoryChanged",
                                      HELPER_OBJECT_PATH, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                      signal_cb, NULL, NULL);
  reply = g_dbus_connection_call_sync (bus, HELPER_BUS_NAME, HELPER_OBJECT_PATH, HELPER_BUS_NAME,
                                       "GetInventory", NULL, G_VARIANT_TYPE ("(utaa{sv})"),
                                       G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
  if (reply == NULL)
    {
      g_printerr ("inventory-watch: %s\n", error->message);
      return 2;
    }
  printf ("ready\n");
  fflush (stdout);

  g_timeout_add_seconds (atoi (argv[2]), timeout_cb, &timed_out);
  while (!seen && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (wanted == NULL)
    return 0;
  printf ("%s\n", seen ? "seen" : "not seen");
  return seen ? 0 : 1;
}
