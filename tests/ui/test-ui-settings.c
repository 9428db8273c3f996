/* test-ui-settings.c - the window's size outlives the app
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by ui-inprocess.sh --no-bus (gui-session only): with no system bus
 * the window shows its status page at once. The window is resized (an X
 * resize, as a window manager does it for a user) and the app quits: the
 * size is written to GSettings (schema io.github.tcgui.TcGui, the keyfile
 * backend in a private directory, so that it lands in a file) and the next
 * start of the app opens the window at that size.
 */

#include "config.h"

#include <string.h>
#include <gdk/x11/gdkx.h>

#include "tcgui-ui-harness.h"

static char *config;
static int saved_width, saved_height;   /* the first run's default size */

typedef struct
{
  GtkWindow *window;
  int        width, height;
} Size;

static gboolean
size_is (gpointer data)
{
  Size *size = data;

  return gtk_widget_get_width (GTK_WIDGET (size->window)) == size->width &&
         gtk_widget_get_height (GTK_WIDGET (size->window)) == size->height;
}

static gboolean
status_shown (gpointer data)
{
  return tcgui_ui_find (data, ADW_TYPE_STATUS_PAGE, "No System Bus") != NULL;
}

static void
resize (gulong xid,
        int    width,
        int    height)
{
  g_autofree char *args = g_strdup_printf ("windowsize --sync %lu %d %d", xid, width, height);

  tcgui_ui_xdotool (args);
}

static void
resize_body (GtkWindow *window,
             gpointer   data)
{
  Size size = { window, 700, 500 };
  gulong xid = gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window)));
  int dx, dy;

  g_assert_true (tcgui_ui_wait_for (status_shown, window));
  /* The X window holds the client-side decoration's margin too: measured
   * with the first resize, added to the second. */
  resize (xid, 700, 500);
  size.width = 0;
  tcgui_ui_wait_for_sec (size_is, &size, 2);
  dx = 700 - gtk_widget_get_width (GTK_WIDGET (window));
  dy = 500 - gtk_widget_get_height (GTK_WIDGET (window));
  size.width = 700;
  resize (xid, 700 + dx, 500 + dy);
  if (!tcgui_ui_wait_for (size_is, &size))
    g_error ("the window is %dx%d after the resize to 700x500",
             gtk_widget_get_width (GTK_WIDGET (window)), gtk_widget_get_height (GTK_WIDGET (window)));
  tcgui_ui_spin_for (300);
  gtk_window_get_default_size (window, &saved_width, &saved_height);
  g_test_message ("first run: %dx%d default %dx%d", gtk_widget_get_width (GTK_WIDGET (window)),
                  gtk_widget_get_height (GTK_WIDGET (window)), saved_width, saved_height);
}

static void
restored_body (GtkWindow *window,
               gpointer   data)
{
  Size size = { window, 700, 500 };
  int width, height;

  g_assert_true (tcgui_ui_wait_for (status_shown, window));
  if (!tcgui_ui_wait_for (size_is, &size))
    g_error ("the window opened at %dx%d, not 700x500", gtk_widget_get_width (GTK_WIDGET (window)),
             gtk_widget_get_height (GTK_WIDGET (window)));
  gtk_window_get_default_size (window, &width, &height);
  g_test_message ("second run: %dx%d default %dx%d", gtk_widget_get_width (GTK_WIDGET (window)),
                  gtk_widget_get_height (GTK_WIDGET (window)), width, height);
  g_assert_cmpint (width, ==, saved_width);
  g_assert_cmpint (height, ==, saved_height);
}

static void
test_size_saved (void)
{
  g_autofree char *keyfile = g_build_filename (config, "glib-2.0", "settings", "keyfile", NULL);
  g_autofree char *text = NULL;

  g_assert_cmpint (tcgui_ui_app_run (resize_body, NULL), ==, 0);
  g_assert_true (g_file_get_contents (keyfile, &text, NULL, NULL));
  g_test_message ("keyfile: %s", text);
  {
    g_autofree char *line = g_strdup_printf ("\nwindow-size=(%d, %d)", saved_width, saved_height);

    g_assert_nonnull (strstr (text, line));
  }

  g_assert_cmpint (tcgui_ui_app_run (restored_body, NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL, *no_bus = NULL;
  int rc;

  argv[1] = argv[0], argc--, argv++;   /* no namespace: "-" */
  /* Before GTK: GSettings picks its backend once, at its first use. */
  dir = g_dir_make_tmp ("tcgui-ui-settings-XXXXXX", NULL);
  g_assert_nonnull (dir);
  config = g_build_filename (dir, "config", NULL);
  no_bus = g_strdup_printf ("unix:path=%s/no-bus", dir);
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", no_bus, TRUE);
  if ((rc = tcgui_ui_init (&argc, &argv)) != 0)
    return rc;
  g_test_add_func ("/settings/size-saved-and-restored", test_size_saved);
  rc = g_test_run ();
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf %s", dir);

    g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  }
  g_free (config);
  return rc;
}
