/* test-ui-shaping-netem.c - a netem preset at the D-Bus boundary and in the kernel
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by ui-inprocess.sh. On the real app's page of veth-a the user picks
 * the preset "Regional" (Presets → Test Network: 40 ms ±10 ms, 0.1 % loss,
 * outgoing). With sch_netem the SetShaping call carries exactly those (a
 * filter on the app's connection) and tc -j shows the netem qdisc. On a
 * kernel without it (this host's) the preset is greyed out: a click sends
 * nothing, the netem rows say why they are greyed out and the kernel is
 * unchanged. (The helper's refusal, should a netem change be sent anyway,
 * is test-editor-live's /editor-live/no-netem.)
 */

#include "config.h"

#include <string.h>

#include "tcgui-ui-shaping.h"

/* The outgoing call, checked argument by argument. */
static void
check_call (guint mark)
{
  g_autoptr(GPtrArray) calls = tcgui_ui_calls_since (mark, "SetShaping", "outgoing");
  g_autoptr(GVariant) params = NULL;
  g_autofree char *text = NULL;
  guint32 delay = 0, jitter = 0;
  double loss = 0;

  g_assert_cmpuint (calls->len, >=, 1);
  params = g_variant_get_child_value (calls->pdata[0], 3);
  text = g_variant_print (params, TRUE);
  g_test_message ("SetShaping outgoing: %s", text);
  g_assert_true (g_variant_lookup (params, "delay-us", "u", &delay));
  g_assert_true (g_variant_lookup (params, "jitter-us", "u", &jitter));
  g_assert_true (g_variant_lookup (params, "loss", "d", &loss));
  g_assert_cmpuint (delay, ==, 40000);
  g_assert_cmpuint (jitter, ==, 10000);
  g_assert_cmpfloat_with_epsilon (loss, 0.1, 1e-9);
  g_assert_false (g_variant_lookup (params, "rate-bps", "t", NULL));
}

static void
greyed_out (GtkWidget *presets,
            GtkWidget *outgoing,
            guint      mark)
{
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (presets)));
  GtkWidget *item = tcgui_ui_find (popover, GTK_TYPE_LABEL, "Regional");
  GtkWidget *delay = tcgui_ui_row (outgoing, "Delay");
  g_autoptr(GPtrArray) calls = NULL;
  g_autofree char *root = NULL;

  g_assert_nonnull (item);
  g_assert_false (gtk_widget_is_sensitive (item));
  /* The click landed on a greyed item: nothing may reach the helper. */
  tcgui_ui_spin_for (1000);
  calls = tcgui_ui_calls_since (mark, "SetShaping", "outgoing");
  g_assert_cmpuint (calls->len, ==, 0);
  gtk_popover_popdown (GTK_POPOVER (popover));
  g_assert_false (gtk_widget_is_sensitive (delay));
  g_assert_nonnull (tcgui_ui_find_prefix (delay, GTK_TYPE_LABEL, "Needs the kernel module sch_netem"));
  root = tcgui_ui_kernel_root ("veth-a");
  g_assert_cmpstr (root, !=, "netem");
  g_assert_cmpstr (root, !=, "tbf");
}

static void
applied (GtkWidget *outgoing)
{
  g_autoptr(JsonArray) qdiscs = NULL;
  JsonObject *netem;

  tcgui_ui_wait_label_prefix (outgoing, "Kernel now: netem, set by TC GUI");
  qdiscs = tcgui_ui_tc_qdiscs (tcgui_ui_ns, "veth-a");
  g_assert_nonnull (qdiscs);
  netem = json_array_get_object_element (qdiscs, 0);
  g_assert_cmpstr (json_object_get_string_member (netem, "kind"), ==, "netem");
  g_test_message ("veth-a: %s", json_to_string (json_array_get_element (qdiscs, 0), FALSE));
}

static void
netem_body (GtkWindow *window,
            gpointer   data)
{
  gboolean has_netem = GPOINTER_TO_INT (data);
  GtkWidget *w = GTK_WIDGET (window), *outgoing, *presets;
  guint mark;

  tcgui_ui_open_namespace (w);
  outgoing = tcgui_ui_open_interface (w, "veth-a");
  g_assert_true (tcgui_ui_wait_for (tcgui_ui_page_idle, outgoing));
  presets = tcgui_ui_find (w, GTK_TYPE_MENU_BUTTON, "_Presets");
  g_assert_nonnull (presets);

  mark = tcgui_ui_calls_mark ();
  tcgui_ui_submenu_item (presets, "Test Network", "Regional");
  if (has_netem)
    {
      applied (outgoing);
      check_call (mark);
    }
  else
    greyed_out (presets, outgoing, mark);
}

static void
test_netem (void)
{
  gboolean has_netem = tcgui_ui_kernel_has_netem ();

  g_test_message ("this kernel has sch_netem: %s", has_netem ? "yes" : "no");
  tcgui_ui_set_window_size (1100, 900);
  g_assert_cmpint (tcgui_ui_app_run (netem_body, GINT_TO_POINTER (has_netem)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  if ((rc = tcgui_ui_shaping_init (&argc, &argv)) != 0)
    return rc;
  tcgui_ui_calls_watch ();
  g_test_add_func ("/shaping/netem", test_netem);
  return g_test_run ();
}
