/* test-ui-bus-unavailable.c - no system bus, then one appears
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by ui-inprocess.sh --no-bus (gui-session only). The system bus
 * address points at a socket nobody listens on: the real app's window
 * says there is no system bus. Then a bus appears at that address (a plain
 * dbus-daemon: no helper, no activation) and the app connects by itself
 * (it retries every few seconds); it then says the helper is missing.
 */

#include "config.h"

#include <signal.h>

#include "tcgui-ui-harness.h"

#define NO_BUS_TITLE  "No System Bus"
#define MISSING_TITLE "TC GUI’s Helper Is Not Installed"

static char *address;

static gboolean
status_shown (gpointer data)
{
  gpointer *args = data;

  return tcgui_ui_find (args[0], ADW_TYPE_STATUS_PAGE, args[1]) != NULL;
}

static void
wait_status (GtkWindow  *window,
             const char *title)
{
  gpointer args[] = { window, (gpointer) title };

  if (!tcgui_ui_wait_for (status_shown, args))
    {
      tcgui_ui_log_tree (GTK_WIDGET (window));
      g_error ("the window does not show “%s”", title);
    }
}

static void
bus_body (GtkWindow *window,
          gpointer   data)
{
  g_autoptr(GSubprocess) bus = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *arg = g_strdup_printf ("--address=%s", address);
  GtkWidget *page;

  wait_status (window, NO_BUS_TITLE);
  tcgui_ui_spin_for (300);
  tcgui_ui_log_tree (GTK_WIDGET (window));
  page = tcgui_ui_find (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, NO_BUS_TITLE);
  g_assert_nonnull (tcgui_ui_find (page, GTK_TYPE_LABEL, "Try Again"));

  /* A bus at that address, with nothing on it. */
  bus = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, "dbus-daemon", "--session",
                          "--nofork", "--nopidfile", arg, NULL);
  g_assert_no_error (error);
  wait_status (window, MISSING_TITLE);
  tcgui_ui_spin_for (300);
  g_assert_true (tcgui_ui_save_png (GTK_WIDGET (window), "bus-unavailable-recovered.png"));
  g_subprocess_send_signal (bus, SIGTERM);
  g_subprocess_wait (bus, NULL, NULL);
}

static void
test_bus_appears (void)
{
  g_assert_cmpint (tcgui_ui_app_run (bus_body, NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  int rc;

  argv[1] = argv[0], argc--, argv++;   /* no namespace: "-" */
  /* Before GTK starts its threads. */
  dir = tcgui_ui_tmpdir ();
  address = g_strdup_printf ("unix:path=%s/system_bus_socket", dir);
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", address, TRUE);
  if ((rc = tcgui_ui_init (&argc, &argv)) != 0)
    return rc;
  g_test_add_func ("/bus-unavailable/bus-appears", test_bus_appears);
  rc = g_test_run ();
  g_free (address);
  return rc;
}
