/* test-ui-shaping-vanish.c - the namespace goes while its page is open
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by ui-inprocess.sh. The real app shows the shaping page of veth-a in
 * NS; the test deletes NS (ip netns del), then the user turns the outgoing
 * rate on. The helper answers NoSuchNamespace: the app names the missing
 * namespace in a toast, greys the page out with an explanation and goes
 * on (no crash: the app quits normally afterwards).
 */

#include "config.h"

#include <string.h>

#include "tcgui-ui-shaping.h"

static gboolean
greyed_out (gpointer group)
{
  return !gtk_widget_is_sensitive (group);
}

static void
vanish_body (GtkWindow *window,
             gpointer   data)
{
  GtkWidget *w = GTK_WIDGET (window), *outgoing, *sw, *toast;
  g_autofree char *del_click = g_strdup_printf ("sh -c 'ip netns del %s && xdotool click 1'",
                                                tcgui_ui_ns);

  tcgui_ui_open_namespace (w);
  outgoing = tcgui_ui_open_interface (w, "veth-a");
  g_assert_true (tcgui_ui_wait_for (tcgui_ui_page_idle, outgoing));

  /* The pointer on the rate's switch; the namespace goes, then the click.
   * (At once: the page's own reads of the counters, every 2 s, would find
   * the namespace gone too, and grey the page out before the click.) */
  sw = tcgui_ui_row_switch (tcgui_ui_row (outgoing, "Rate"));
  tcgui_ui_scroll_to (sw);
  tcgui_ui_focus_window (w);
  tcgui_ui_point_at (sw);
  g_assert_true (tcgui_ui_run_ok (del_click));

  toast = tcgui_ui_wait_text ("veth-a: ");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (toast)), tcgui_ui_ns));
  tcgui_ui_wait_text ("This interface or its namespace is gone");
  g_assert_true (tcgui_ui_wait_for (greyed_out, outgoing));
  g_assert_false (gtk_widget_is_sensitive (tcgui_ui_group (w, "Incoming")));
  tcgui_ui_spin_for (500);
}

static void
test_vanish (void)
{
  tcgui_ui_set_window_size (1100, 900);
  g_assert_cmpint (tcgui_ui_app_run (vanish_body, NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  if ((rc = tcgui_ui_shaping_init (&argc, &argv)) != 0)
    return rc;
  g_test_add_func ("/shaping/vanish", test_vanish);
  return g_test_run ();
}
