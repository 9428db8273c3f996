/* test-ui-shaping-denied.c - polkit refuses shaping: the page says so
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by ui-inprocess.sh --nobody --rules grant-nobody-inspect.rules
 * --root-check: the real helper (root) on the private bus with a real
 * polkitd whose rules let uid 65534 read (io.github.tcgui.inspect) but not
 * shape (polkit always authorizes root). The real app, as uid 65534, opens
 * veth-a's page (reading is allowed); the user turns the rate on; the
 * helper answers NotAuthorized: a toast shows its message, the page reads
 * the kernel back (no shaping) and the window is not replaced by the
 * not-authorized page. Then, as root ("NS --root-check"), tc -j: veth-a
 * is unchanged.
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "tcgui-ui-shaping.h"

static gboolean
shaping_sent (gpointer data)
{
  g_autoptr(GPtrArray) calls = tcgui_ui_calls_since (GPOINTER_TO_UINT (data), "SetShaping",
                                                     "outgoing");

  return calls->len > 0;
}

static void
denied_body (GtkWindow *window,
             gpointer   data)
{
  GtkWidget *w = GTK_WIDGET (window), *outgoing, *sw;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GVariant) params = NULL;
  guint mark;

  tcgui_ui_open_namespace (w);
  outgoing = tcgui_ui_open_interface (w, "veth-a");
  g_assert_true (tcgui_ui_wait_for (tcgui_ui_page_idle, outgoing));

  mark = tcgui_ui_calls_mark ();
  sw = tcgui_ui_row_switch (tcgui_ui_row (outgoing, "Rate"));
  tcgui_ui_click (sw);
  g_assert_true (tcgui_ui_wait_for (shaping_sent, GUINT_TO_POINTER (mark)));
  tcgui_ui_wait_text ("veth-a: You are not authorized to do this: "
                      "Not authorized to call SetShaping (polkit action io.github.tcgui.shape)");

  /* The call carried the rate the controls had; they show the kernel's
   * state again: no shaping. */
  calls = tcgui_ui_calls_since (mark, "SetShaping", "outgoing");
  params = g_variant_get_child_value (calls->pdata[0], 3);
  g_assert_true (g_variant_lookup (params, "rate-bps", "t", NULL));
  g_assert_true (tcgui_ui_wait_for (tcgui_ui_group_unshaped, outgoing));
  g_assert_true (tcgui_ui_wait_for (tcgui_ui_page_idle, outgoing));
  /* A refused change is no reason to leave the page. */
  g_assert_null (tcgui_ui_find (w, ADW_TYPE_STATUS_PAGE, "Not Allowed to Inspect the Network"));
  g_assert_true (gtk_widget_get_mapped (outgoing));
  g_assert_nonnull (tcgui_ui_sidebar (w));
}

static void
test_denied (void)
{
  g_assert_cmpint (getuid (), ==, 65534);
  tcgui_ui_set_window_size (1100, 900);
  g_assert_cmpint (tcgui_ui_app_run (denied_body, NULL), ==, 0);
}

/* As root, after the app: the kernel kept veth-a as it was. */
static void
test_kernel_unchanged (void)
{
  g_autofree char *root = tcgui_ui_kernel_root ("veth-a");

  g_test_message ("veth-a's root qdisc: “%s”", root);
  g_assert_cmpuint (tcgui_ui_kernel_rate_kbps (tcgui_ui_ns, "veth-a"), ==, 0);
  g_assert_cmpstr (root, !=, "tbf");
}

int
main (int   argc,
      char *argv[])
{
  gboolean root_check = argc > 2 && g_str_equal (argv[2], "--root-check");
  int rc;

  if (root_check)
    argc--;
  if ((rc = tcgui_ui_shaping_init (&argc, &argv)) != 0)
    return rc;
  if (root_check)
    {
      g_test_add_func ("/shaping/denied/kernel-unchanged", test_kernel_unchanged);
      return g_test_run ();
    }
  tcgui_ui_calls_watch ();
  g_test_add_func ("/shaping/denied", test_denied);
  return g_test_run ();
}
