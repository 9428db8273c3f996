/* test-ui-not-authorized.c - polkit refuses, the window explains
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by ui-inprocess.sh --nobody --no-ns: the real helper (root) on the
 * private bus with a real polkitd, this program as uid 65534 (polkit
 * always authorizes root), with no session and no authentication agent,
 * so io.github.tcgui.inspect (auth_admin for such callers) is not granted.
 * The helper answers io.github.tcgui.Error.NotAuthorized and the real
 * app's window explains polkit.
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "tcgui-ui-harness.h"

#define REFUSED_TITLE "Not Allowed to Inspect the Network"

static gboolean
refused_shown (gpointer data)
{
  return tcgui_ui_find (data, ADW_TYPE_STATUS_PAGE, REFUSED_TITLE) != NULL;
}

static void
refused_body (GtkWindow *window,
              gpointer   data)
{
  GtkWidget *page, *retry;
  const char *description;

  if (!tcgui_ui_wait_for (refused_shown, window))
    {
      tcgui_ui_log_tree (GTK_WIDGET (window));
      g_error ("the window does not say that polkit refused");
    }
  tcgui_ui_spin_for (300);
  tcgui_ui_log_tree (GTK_WIDGET (window));
  page = tcgui_ui_find (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, REFUSED_TITLE);
  description = adw_status_page_get_description (ADW_STATUS_PAGE (page));
  g_assert_nonnull (description);
  g_assert_nonnull (strstr (description, "io.github.tcgui.inspect"));
  retry = tcgui_ui_find (page, GTK_TYPE_BUTTON, "_Try Again");
  g_assert_nonnull (retry);
  g_assert_nonnull (tcgui_ui_find (retry, GTK_TYPE_LABEL, "Try Again"));
  g_assert_null (tcgui_ui_sidebar (GTK_WIDGET (window)));
  g_assert_true (tcgui_ui_save_png (GTK_WIDGET (window), "not-authorized.png"));
}

static void
test_refused (void)
{
  g_assert_cmpint (getuid (), ==, 65534);
  g_assert_true (tcgui_ui_helper_on_bus ());
  g_assert_cmpint (tcgui_ui_app_run (refused_body, NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  argv[1] = argv[0], argc--, argv++;   /* no namespace: "-" */
  if ((rc = tcgui_ui_init (&argc, &argv)) != 0)
    return rc;
  g_test_add_func ("/not-authorized/refused", test_refused);
  return g_test_run ();
}
