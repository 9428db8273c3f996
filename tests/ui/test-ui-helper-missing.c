/* test-ui-helper-missing.c - no helper on the bus, then the real one
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by ui-inprocess.sh --no-helper --no-ns (polkit-bus, gui-session):
 * no helper on the bus and none that D-Bus could start. The real app's
 * window says so and shows the install command; then the real helper
 * appears on the bus and the window reloads by itself, without a click.
 */

#include "config.h"

#include "tcgui-ui-harness.h"

#define MISSING_TITLE "TC GUI’s Helper Is Not Installed"

static gboolean
missing_shown (gpointer data)
{
  return tcgui_ui_find (data, ADW_TYPE_STATUS_PAGE, MISSING_TITLE) != NULL;
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
missing_body (GtkWindow *window,
              gpointer   data)
{
  GtkWidget *page, *retry;

  if (!tcgui_ui_wait_for (missing_shown, window))
    {
      tcgui_ui_log_tree (GTK_WIDGET (window));
      g_error ("the window does not say that the helper is missing");
    }
  tcgui_ui_spin_for (300);
  tcgui_ui_log_tree (GTK_WIDGET (window));
  page = tcgui_ui_find (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, MISSING_TITLE);
  /* The install command from the README, and a way to try again. */
  g_assert_nonnull (tcgui_ui_find (page, GTK_TYPE_LABEL, "build-aux/tcgui-dev run"));
  retry = tcgui_ui_find (page, GTK_TYPE_BUTTON, "_Try Again");
  g_assert_nonnull (retry);
  g_assert_nonnull (tcgui_ui_find (retry, GTK_TYPE_LABEL, "Try Again"));
  g_assert_null (tcgui_ui_sidebar (GTK_WIDGET (window)));
  g_assert_true (tcgui_ui_save_png (GTK_WIDGET (window), "helper-missing.png"));

  /* The helper appears while the window says it is missing. */
  tcgui_ui_helper_start ();
  if (!tcgui_ui_wait_for (host_links_shown, window))
    {
      tcgui_ui_log_tree (GTK_WIDGET (window));
      g_error ("the window did not reload by itself when the helper appeared");
    }
  g_assert_null (tcgui_ui_find (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, MISSING_TITLE));
}

static void
test_missing_then_recovered (void)
{
  g_assert_false (tcgui_ui_helper_on_bus ());
  g_assert_cmpint (tcgui_ui_app_run (missing_body, NULL), ==, 0);
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
  g_test_add_func ("/helper-missing/missing-then-recovered", test_missing_then_recovered);
  return g_test_run ();
}
