/* test-ui-helper-crashed.c - the helper dies with a call in flight
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by ui-inprocess.sh --no-helper --no-ns (polkit-bus, gui-session).
 * The real helper is stopped (SIGSTOP) so that the app's first calls wait
 * in its socket, then killed (SIGKILL). The real app's window must say the
 * helper stopped unexpectedly, and reload by itself when a new helper
 * takes the name.
 */

#include "config.h"

#include <signal.h>

#include "tcgui-ui-harness.h"

#define CRASHED_TITLE "The Helper Stopped Unexpectedly"

static gboolean
call_sent (gpointer data)
{
  return tcgui_ui_traffic_calls ("ListNamespaces") > 0;
}

static gboolean
crashed_shown (gpointer data)
{
  return tcgui_ui_find (data, ADW_TYPE_STATUS_PAGE, CRASHED_TITLE) != NULL;
}

/* The host's page: Host selected in the sidebar, its loopback row shown. */
static gboolean
host_links_shown (gpointer data)
{
  GtkWidget *sidebar = tcgui_ui_sidebar (data);
  GtkWidget *host = sidebar ? tcgui_ui_find_row (sidebar, "Host") : NULL;
  GtkWidget *lo = tcgui_ui_find_row (data, "lo");
  g_autofree char *text = lo ? tcgui_ui_row_text (lo) : NULL;

  return host != NULL && gtk_list_box_row_is_selected (GTK_LIST_BOX_ROW (host)) &&
         text != NULL && g_str_has_prefix (text, "lo | loopback");
}

static void
crashed_body (GtkWindow *window,
              gpointer   data)
{
  GtkWidget *page;

  /* The app asks the stopped helper: nothing can be shown yet. */
  g_assert_true (tcgui_ui_wait_for (call_sent, NULL));
  tcgui_ui_spin_for (1000);   /* GDBus's worker thread writes the call to the socket */
  g_assert_null (tcgui_ui_sidebar (GTK_WIDGET (window)));
  g_assert_null (tcgui_ui_find_row (GTK_WIDGET (window), "lo"));

  tcgui_ui_helper_signal (SIGKILL);
  tcgui_ui_helper_stop ();
  if (!tcgui_ui_wait_for (crashed_shown, window))
    {
      tcgui_ui_log_tree (GTK_WIDGET (window));
      g_error ("the window does not say that the helper stopped");
    }
  tcgui_ui_spin_for (300);
  tcgui_ui_log_tree (GTK_WIDGET (window));
  page = tcgui_ui_find (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, CRASHED_TITLE);
  g_assert_nonnull (tcgui_ui_find (page, GTK_TYPE_LABEL, "Try Again"));

  /* A new helper: the window reloads by itself. */
  tcgui_ui_helper_start ();
  if (!tcgui_ui_wait_for (host_links_shown, window))
    {
      tcgui_ui_log_tree (GTK_WIDGET (window));
      g_error ("the window did not reload by itself when a new helper started");
    }
}

static void
test_crashed (void)
{
  tcgui_ui_helper_start ();
  tcgui_ui_helper_signal (SIGSTOP);
  g_assert_cmpint (tcgui_ui_app_run (crashed_body, NULL), ==, 0);
  tcgui_ui_helper_stop ();
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  argv[1] = argv[0], argc--, argv++;   /* no namespace: "-" */
  if ((rc = tcgui_ui_init (&argc, &argv)) != 0)
    return rc;
  tcgui_ui_traffic_watch (NULL);
  g_test_add_func ("/helper-crashed/killed-with-a-call-in-flight", test_crashed);
  return g_test_run ();
}
