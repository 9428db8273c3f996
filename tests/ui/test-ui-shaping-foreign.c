/* test-ui-shaping-foreign.c - a qdisc TC GUI cannot show, replaced when asked
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by ui-inprocess.sh. veth-a has an htb root made with tc, which TC GUI
 * cannot represent. The real app's page says so and offers "Replace…"; its
 * confirmation dialog names the qdisc and the interface; after "Replace"
 * the next change goes out with the FORCE flag and TC GUI's tbf takes the
 * htb's place (tc -j). Screenshot: foreign-qdisc-dialog.png.
 */

#include "config.h"

#include "tcgui-params.h"
#include "tcgui-ui-shaping.h"

static gboolean
dialog_shown (gpointer data)
{
  return (*(GtkWidget **) data = tcgui_ui_find_window (ADW_TYPE_MESSAGE_DIALOG)) != NULL;
}

static gboolean
dialog_gone (gpointer data)
{
  return tcgui_ui_find_window (ADW_TYPE_MESSAGE_DIALOG) == NULL;
}

/* "Replace…", then the dialog: it asks, and names what it replaces. */
static void
confirm_replace (GtkWidget *window)
{
  GtkWidget *dialog = NULL;

  tcgui_ui_click_button (window, "Replace…");
  g_assert_true (tcgui_ui_wait_for (dialog_shown, &dialog));
  tcgui_ui_wait_label (dialog, "Replace the Queueing Discipline?");
  tcgui_ui_wait_text ("A “htb” qdisc that TC GUI cannot show shapes the outgoing traffic of veth-a");
  g_assert_true (tcgui_ui_save_png (dialog, "foreign-qdisc-dialog.png"));
  tcgui_ui_answer_dialog ("Replace the Queueing Discipline?", "Replace");
  g_assert_true (tcgui_ui_wait_for (dialog_gone, NULL));
}

static void
foreign_body (GtkWindow *window,
              gpointer   data)
{
  GtkWidget *w = GTK_WIDGET (window), *outgoing, *row;
  g_autoptr(GPtrArray) calls = NULL;
  g_autofree char *root = NULL;
  guint mark, flags = 0;

  tcgui_ui_open_namespace (w);
  outgoing = tcgui_ui_open_interface (w, "veth-a");
  tcgui_ui_wait_label_prefix (outgoing, "Kernel now: htb, not one TC GUI can show");
  /* Not edited by accident: the rate is greyed out until "Replace…". */
  g_assert_false (gtk_widget_is_sensitive (tcgui_ui_row (outgoing, "Rate")));

  mark = tcgui_ui_calls_mark ();
  confirm_replace (w);
  tcgui_ui_spin_for (500);
  row = tcgui_ui_switch_on (outgoing, "Rate");
  tcgui_ui_type_into (tcgui_ui_row_field (row), "3000");
  tcgui_ui_wait_kernel_rate ("veth-a", 3000);
  root = tcgui_ui_kernel_root ("veth-a");
  g_assert_cmpstr (root, ==, "tbf");

  calls = tcgui_ui_calls_since (mark, "SetShaping", "outgoing");
  g_assert_cmpuint (calls->len, >=, 1);
  g_variant_get_child (calls->pdata[0], 4, "u", &flags);
  g_test_message ("%u SetShaping after Replace, the first with flags %u", calls->len, flags);
  g_assert_true (flags & TCGUI_SHAPING_FLAGS_FORCE);
  tcgui_ui_wait_label_prefix (outgoing, "Kernel now: tbf, set by TC GUI");
}

static void
test_foreign (void)
{
  g_autofree char *htb = g_strdup_printf ("ip netns exec %s tc qdisc replace dev veth-a root "
                                          "handle 1: htb default 1", tcgui_ui_ns);
  g_autofree char *root = NULL;

  if (!tcgui_ui_run_ok (htb))
    {
      g_test_skip ("cannot add an htb qdisc");
      return;
    }
  root = tcgui_ui_kernel_root ("veth-a");
  g_assert_cmpstr (root, ==, "htb");
  tcgui_ui_set_window_size (1100, 900);
  g_assert_cmpint (tcgui_ui_app_run (foreign_body, NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  if ((rc = tcgui_ui_shaping_init (&argc, &argv)) != 0)
    return rc;
  tcgui_ui_calls_watch ();
  g_test_add_func ("/shaping/foreign", test_foreign);
  return g_test_run ();
}
