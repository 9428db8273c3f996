/* test-ui-shaping-rate.c - rate limits from the shaping page, in the kernel
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by ui-inprocess.sh (the real helper on a private bus with a real
 * polkitd, Xvfb, a namespace NS with veth-a/veth-b). The real app; the user
 * finds NS with the sidebar's search, clicks veth-a, turns the outgoing
 * "Rate limit" on and types four values one after the other: a tbf on
 * veth-a, the last value winning, at most one SetShaping per change;
 * incoming goes to the peer veth-b. The app opened again reads the kernel
 * back into the controls; Clear removes it all, and so does the main
 * menu's "Clear Everything TC GUI Applied…" once confirmed (ResetAll, the
 * helper's journal). Screenshot: shaping-page.png.
 */

#include "config.h"

#include "tcgui-ui-shaping.h"

static gboolean
carries_rate (GPtrArray *bodies,
              guint64    bps)
{
  for (guint i = 0; i < bodies->len; i++)
    {
      g_autoptr(GVariant) params = g_variant_get_child_value (bodies->pdata[i], 3);
      guint64 v = 0;

      if (g_variant_lookup (params, "rate-bps", "t", &v) && v == bps)
        return TRUE;
    }
  return FALSE;
}

/* The row's switch, then four values typed one after the other (each
 * applied when the field is left): a change per step, the last wins. */
static void
shape_rates (GtkWidget *window)
{
  const char *values[] = { "500", "1000", "2000", "4096" };
  GtkWidget *outgoing = tcgui_ui_group (window, "Outgoing"), *row;
  g_autoptr(GPtrArray) out = NULL, in = NULL;
  guint mark = tcgui_ui_calls_mark ();

  row = tcgui_ui_switch_on (outgoing, "Rate");
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    tcgui_ui_type_into (tcgui_ui_row_field (row), values[i]);
  tcgui_ui_wait_kernel_rate ("veth-a", 4096);

  /* Incoming: the switch (at the row's value), then the typed value. */
  row = tcgui_ui_switch_on (tcgui_ui_group (window, "Incoming"), "Rate");
  tcgui_ui_type_into (tcgui_ui_row_field (row), "1000");
  tcgui_ui_wait_kernel_rate ("veth-b", 1000);
  g_assert_true (tcgui_ui_wait_for (tcgui_ui_page_idle, outgoing));
  g_assert_cmpuint (tcgui_ui_kernel_rate_kbps (tcgui_ui_ns, "veth-a"), ==, 4096);

  out = tcgui_ui_calls_since (mark, "SetShaping", "outgoing");
  in = tcgui_ui_calls_since (mark, "SetShaping", "incoming");
  g_test_message ("SetShaping: %u outgoing (the switch and 4 values), %u incoming (2 changes)",
                  out->len, in->len);
  g_assert_cmpuint (out->len, >=, 1);
  g_assert_cmpuint (out->len, <=, 5);
  g_assert_cmpuint (in->len, >=, 1);
  g_assert_cmpuint (in->len, <=, 2);
  g_assert_true (carries_rate (out, 4096000));
}

/* Opened again: the controls show what the kernel has; then Clear. */
static void
read_back_and_clear (GtkWidget *window)
{
  GtkWidget *outgoing, *incoming;

  tcgui_ui_open_namespace (window);
  outgoing = tcgui_ui_open_interface (window, "veth-a");
  incoming = tcgui_ui_group (window, "Incoming");
  g_assert_true (tcgui_ui_wait_for (tcgui_ui_page_idle, outgoing));
  tcgui_ui_wait_label_prefix (outgoing, "Kernel now: tbf, set by TC GUI");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (tcgui_ui_row_switch (tcgui_ui_row (outgoing, "Rate")))));
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (tcgui_ui_row_field (tcgui_ui_row (outgoing, "Rate")))), ==, 4096);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (tcgui_ui_row_field (tcgui_ui_row (incoming, "Rate")))), ==, 1000);

  tcgui_ui_click_button (window, "Clear");
  g_assert_true (tcgui_ui_wait_for (tcgui_ui_group_unshaped, outgoing));
  g_assert_true (tcgui_ui_wait_for (tcgui_ui_group_unshaped, incoming));
  tcgui_ui_wait_kernel_rate ("veth-a", 0);
  tcgui_ui_wait_kernel_rate ("veth-b", 0);
}

/* Shaped again, then the main menu's item, which asks first: ResetAll. */
static void
clear_everything (GtkWidget *window)
{
  GtkWidget *outgoing = tcgui_ui_group (window, "Outgoing"), *row, *menu, *toast;

  row = tcgui_ui_switch_on (outgoing, "Rate");
  tcgui_ui_type_into (tcgui_ui_row_field (row), "2000");
  row = tcgui_ui_switch_on (tcgui_ui_group (window, "Incoming"), "Rate");
  tcgui_ui_type_into (tcgui_ui_row_field (row), "8000");
  tcgui_ui_wait_kernel_rate ("veth-a", 2000);
  tcgui_ui_wait_kernel_rate ("veth-b", 8000);
  g_assert_true (tcgui_ui_save_png (window, "shaping-page.png"));

  menu = tcgui_ui_find_role (window, GTK_ACCESSIBLE_ROLE_BUTTON, "Main Menu");
  if (menu != NULL && !GTK_IS_MENU_BUTTON (menu))
    menu = gtk_widget_get_ancestor (menu, GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (menu);
  tcgui_ui_menu_item (menu, "Clear Everything TC GUI Applied…");
  tcgui_ui_answer_dialog ("Clear Everything TC GUI Applied?", "Clear Everything");
  toast = tcgui_ui_wait_text ("Cleared ");
  g_assert_true (g_regex_match_simple ("^Cleared [1-9][0-9]* shapings? TC GUI applied$",
                                       gtk_label_get_text (GTK_LABEL (toast)), 0, 0));
  tcgui_ui_wait_kernel_rate ("veth-a", 0);
  tcgui_ui_wait_kernel_rate ("veth-b", 0);
  /* The open page read the kernel again. */
  g_assert_true (tcgui_ui_wait_for (tcgui_ui_group_unshaped, outgoing));
}

static void
rate_body (GtkWindow *window,
           gpointer   data)
{
  GtkWidget *w = GTK_WIDGET (window);

  tcgui_ui_open_namespace (w);
  tcgui_ui_open_interface (w, "veth-a");
  shape_rates (w);

  w = tcgui_ui_new_window (w);
  read_back_and_clear (w);
  clear_everything (w);
}

static void
test_rate (void)
{
  tcgui_ui_set_window_size (1100, 900);
  g_assert_cmpint (tcgui_ui_app_run (rate_body, NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  if ((rc = tcgui_ui_shaping_init (&argc, &argv)) != 0)
    return rc;
  tcgui_ui_calls_watch ();
  g_test_add_func ("/shaping/rate", test_rate);
  return g_test_run ();
}
