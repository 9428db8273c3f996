/* test-ui-shaping-target.c - shaping a whole namespace, and a page that
 * follows the interfaces
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by ui-inprocess.sh; the real app against the real helper and kernel
 * (a container's page works the same as a namespace's):
 *  1. tbf qdiscs made with plain tc on veth-a and veth-b are read back as
 *     representable ("set by another program") into veth-a's page; its
 *     status line refreshes its counters by itself while shown (traffic:
 *     ARP for a missing host). "Presets for All" → WebPageTest → Cable:
 *     with netem both interfaces are shaped; without sch_netem "Cable" is
 *     greyed out, a click sends nothing, and Rates Only → Good 3G shapes
 *     both with TC GUI's tbf instead. Loopback is left alone. A preset for
 *     all is one SetShapingBatch call (the helper has "batch").
 *  2. "Clear All Interfaces…", confirmed, removes both tbfs in one
 *     SetShapingBatch; the page of veth-a reads the kernel again.
 *     Screenshot: shaping-target.png.
 *  3. A refresh (F5) keeps the open page of an interface that is still
 *     there, and reads the namespace again; a hidden page reads nothing; the
 *     page of an interface deleted meanwhile greys out, and is editable
 *     again when a refresh lists the interface again.
 */

#include "config.h"

#include <string.h>

#include "tcgui-ui-shaping.h"

static gboolean has_netem;

static void
tc_tbf_both (void)
{
  const char *devs[] = { "veth-a", "veth-b" };

  for (guint i = 0; i < G_N_ELEMENTS (devs); i++)
    {
      g_autofree char *cmd = g_strdup_printf ("ip netns exec %s tc qdisc replace dev %s root "
                                              "tbf rate 1mbit burst 32kbit latency 400ms",
                                              tcgui_ui_ns, devs[i]);

      g_assert_true (tcgui_ui_run_ok (cmd));
    }
}

static GtkWidget *
presets_for_all (GtkWidget *window)
{
  GtkWidget *button;

  tcgui_ui_wait_label (window, "Presets for All");
  button = tcgui_ui_find (window, GTK_TYPE_MENU_BUTTON, "_Presets for All");
  g_assert_nonnull (button);
  return button;
}

/* Back from an interface's page to the list ("Interfaces"). */
static void
back_to_list (GtkWidget *window)
{
  tcgui_ui_click_button (window, "Interfaces");
  presets_for_all (window);
}

/* The packets of the first "Kernel now: …" line: "sent 1.2 kB (9 packets)". */
static guint64
packets_shown (GtkWidget *group)
{
  GtkWidget *line = tcgui_ui_find_prefix (group, GTK_TYPE_LABEL, "Kernel now:");
  const char *text = line != NULL ? strstr (gtk_label_get_text (GTK_LABEL (line)), " (") : NULL;

  return text != NULL ? g_ascii_strtoull (text + 2, NULL, 10) : 0;
}

typedef struct
{
  GtkWidget *group;
  guint64    packets;
  guint      mark;
} Counters;

static gboolean
counters_refreshed (gpointer data)
{
  Counters *c = data;
  g_autoptr(GPtrArray) reads = tcgui_ui_calls_since (c->mark, "GetShaping", NULL);

  return packets_shown (c->group) > c->packets && reads->len >= 3;
}

/* The interfaces the app's changes since @mark named: SetShaping's, and
 * each item's of SetShapingBatch (Presets for All's one call). */
static GPtrArray *
changed_interfaces (guint mark)
{
  g_autoptr(GPtrArray) singles = tcgui_ui_calls_since (mark, "SetShaping", NULL);
  g_autoptr(GPtrArray) batches = tcgui_ui_calls_since (mark, "SetShapingBatch", NULL);
  GPtrArray *ifnames = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < singles->len; i++)
    {
      const char *ifname = NULL;

      g_variant_get_child (singles->pdata[i], 1, "&s", &ifname);
      g_ptr_array_add (ifnames, g_strdup (ifname));
    }
  for (guint i = 0; i < batches->len; i++)
    {
      g_autoptr(GVariant) items = g_variant_get_child_value (batches->pdata[i], 0);

      for (gsize k = 0; k < g_variant_n_children (items); k++)
        {
          const char *ifname = NULL;

          g_variant_get_child (items, k, "(&s&s&s@a{sv}u)", NULL, &ifname, NULL, NULL, NULL);
          g_ptr_array_add (ifnames, g_strdup (ifname));
        }
    }
  return ifnames;
}

static gboolean
lo_left_alone (guint mark)
{
  g_autoptr(GPtrArray) ifnames = changed_interfaces (mark);

  for (guint i = 0; i < ifnames->len; i++)
    if (g_strcmp0 (ifnames->pdata[i], "lo") == 0)
      return FALSE;
  return ifnames->len > 0 || !has_netem;
}

/* Presets for All made one SetShapingBatch call since @mark (the helper
 * has "batch"), and no SetShaping. */
static void
assert_one_batch (guint mark)
{
  g_autoptr(GPtrArray) singles = tcgui_ui_calls_since (mark, "SetShaping", NULL);
  g_autoptr(GPtrArray) batches = tcgui_ui_calls_since (mark, "SetShapingBatch", NULL);

  g_test_message ("Presets for All: %u SetShapingBatch, %u SetShaping calls",
                  batches->len, singles->len);
  g_assert_cmpuint (batches->len, ==, 1);
  g_assert_cmpuint (singles->len, ==, 0);
}

/* tc's own tbf at 1 Mbit/s (handle 8001: and so on: not TC GUI's). */
static void
assert_tc_tbf (const char *dev)
{
  g_autoptr(JsonArray) qdiscs = tcgui_ui_tc_qdiscs (tcgui_ui_ns, dev);
  JsonObject *q;

  g_assert_nonnull (qdiscs);
  q = json_array_get_object_element (qdiscs, 0);
  g_test_message ("%s: %s %s", dev, json_object_get_string_member (q, "kind"),
                  json_object_get_string_member (q, "handle"));
  g_assert_cmpstr (json_object_get_string_member (q, "kind"), ==, "tbf");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (q, "handle"), "8"));
  g_assert_cmpuint (tcgui_ui_kernel_rate_kbps (tcgui_ui_ns, dev), ==, 1000);
}

static void
cable_greyed_out (GtkWidget *window,
                  guint      mark)
{
  GtkWidget *button = presets_for_all (window);
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  g_autofree char *all = g_strdup_printf ("Applied “Good 3G” to all 2 interfaces of %s",
                                          tcgui_ui_ns);
  g_autoptr(GPtrArray) calls = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  GtkWidget *outgoing;

  g_assert_false (gtk_widget_is_sensitive (tcgui_ui_find (popover, GTK_TYPE_LABEL, "Cable")));
  tcgui_ui_spin_for (1000);
  calls = changed_interfaces (mark);
  g_assert_cmpuint (calls->len, ==, 0);
  assert_tc_tbf ("veth-a");
  gtk_popover_popdown (GTK_POPOVER (popover));
  tcgui_ui_spin_for (300);
  mark = tcgui_ui_calls_mark ();
  tcgui_ui_submenu_item (button, "Rates Only", "Good 3G");
  tcgui_ui_wait_text (all);
  assert_one_batch (mark);
  a = tcgui_ui_kernel_root ("veth-a");
  b = tcgui_ui_kernel_root ("veth-b");
  g_assert_cmpstr (a, ==, "tbf");
  g_assert_cmpstr (b, ==, "tbf");
  /* The page shows the kernel's truth: a rate limit, set by TC GUI. */
  outgoing = tcgui_ui_open_interface (window, "veth-a");
  g_assert_true (tcgui_ui_wait_for (tcgui_ui_page_idle, outgoing));
  tcgui_ui_wait_label_prefix (outgoing, "Kernel now: tbf, set by TC GUI");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (tcgui_ui_row_switch (tcgui_ui_row (outgoing, "Rate")))));
}

static void
cable_applied (void)
{
  g_autofree char *all = g_strdup_printf ("Applied “Cable” to all 2 interfaces of %s", tcgui_ui_ns);
  g_autofree char *a = NULL, *b = NULL;

  tcgui_ui_wait_text (all);
  a = tcgui_ui_kernel_root ("veth-a");
  b = tcgui_ui_kernel_root ("veth-b");
  g_assert_cmpstr (a, ==, "netem");
  g_assert_cmpstr (b, ==, "netem");
}

/* 1. tc's tbfs read back; the counters refresh; a preset for all. */
static void
presets_part (GtkWidget *window)
{
  g_autofree char *ping = g_strdup_printf ("ip netns exec %s ping -c 3 -i 0.5 -W 1 192.0.2.9",
                                           tcgui_ui_ns);
  g_autofree char *out = NULL;
  Counters c = { NULL, 0, tcgui_ui_calls_mark () };
  guint mark;

  tcgui_ui_open_namespace (window);
  c.group = tcgui_ui_open_interface (window, "veth-a");
  tcgui_ui_wait_label_prefix (c.group, "Kernel now: tbf, set by another program");
  g_assert_true (tcgui_ui_wait_for (tcgui_ui_page_idle, c.group));
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (tcgui_ui_row_field (tcgui_ui_row (c.group, "Rate")))), ==, 1000);

  /* Traffic while the page is shown (ARP for a host that is not there). */
  c.packets = packets_shown (c.group);
  out = tcgui_ui_run (ping);
  g_assert_true (tcgui_ui_wait_for (counters_refreshed, &c));
  g_test_message ("veth-a sent packets: %" G_GUINT64_FORMAT " when opened, %" G_GUINT64_FORMAT
                  " later (no change made)", c.packets, packets_shown (c.group));

  back_to_list (window);
  mark = tcgui_ui_calls_mark ();
  tcgui_ui_submenu_item (presets_for_all (window), "WebPageTest", "Cable");
  if (has_netem)
    {
      cable_applied ();
      assert_one_batch (mark);
    }
  else
    cable_greyed_out (window, mark);
  g_assert_true (lo_left_alone (mark));
}

/* 2. "Clear All Interfaces…", confirmed. */
static void
clear_part (GtkWidget *window)
{
  g_autofree char *cleared = g_strdup_printf ("Cleared the shaping of all 2 interfaces of %s",
                                              tcgui_ui_ns);
  g_autofree char *ask = g_strdup_printf ("Clear All Interfaces of %s?", tcgui_ui_ns);
  g_autoptr(GPtrArray) clears = NULL;
  GtkWidget *outgoing;
  guint mark;

  tc_tbf_both ();
  tcgui_ui_open_namespace (window);
  outgoing = tcgui_ui_open_interface (window, "veth-a");
  g_assert_true (tcgui_ui_wait_for (tcgui_ui_page_idle, outgoing));
  g_assert_false (tcgui_ui_group_unshaped (outgoing));
  back_to_list (window);
  mark = tcgui_ui_calls_mark ();
  tcgui_ui_menu_item (presets_for_all (window), "Clear All Interfaces…");
  tcgui_ui_answer_dialog (ask, "Clear All");
  tcgui_ui_wait_text (cleared);
  assert_one_batch (mark);
  clears = tcgui_ui_calls_since (mark, "ClearShaping", NULL);
  g_assert_cmpuint (clears->len, ==, 0);
  tcgui_ui_wait_kernel_rate ("veth-a", 0);
  tcgui_ui_wait_kernel_rate ("veth-b", 0);
  g_assert_true (tcgui_ui_save_png (window, "shaping-target.png"));
  /* The page of veth-a read the kernel again. */
  outgoing = tcgui_ui_open_interface (window, "veth-a");
  g_assert_true (tcgui_ui_wait_for (tcgui_ui_group_unshaped, outgoing));
}

/* The GetShaping calls for veth-a of the test's namespace since @mark: the
 * editor's reads (the view of what is shaped reads namespaces that other
 * tests create meanwhile). */
static guint
editor_reads (guint mark)
{
  g_autoptr(GPtrArray) reads = tcgui_ui_calls_since (mark, "GetShaping", NULL);
  g_autofree char *target = g_strconcat ("netns:", tcgui_ui_ns, NULL);
  guint n = 0;

  for (guint i = 0; i < reads->len; i++)
    {
      const char *id = NULL, *ifname = NULL;

      if (g_variant_is_of_type (reads->pdata[i], G_VARIANT_TYPE ("(ss)")))
        g_variant_get (reads->pdata[i], "(&s&s)", &id, &ifname);
      if (g_strcmp0 (id, target) == 0 && g_strcmp0 (ifname, "veth-a") == 0)
        n++;
    }
  return n;
}

static gboolean
links_read (gpointer mark)
{
  g_autoptr(GPtrArray) calls = tcgui_ui_calls_since (GPOINTER_TO_UINT (mark), "ListLinks", NULL);

  return calls->len > 0;
}

/* F5, and the namespace's interfaces are read again. */
static void
refresh (GtkWidget *window)
{
  guint mark = tcgui_ui_calls_mark ();

  tcgui_ui_keys (window, "F5");
  g_assert_true (tcgui_ui_wait_for (links_read, GUINT_TO_POINTER (mark)));
  tcgui_ui_spin_for (500);
}

static gboolean
greyed_out (gpointer group)
{
  return !gtk_widget_is_sensitive (group);
}

static gboolean
editable (gpointer group)
{
  return gtk_widget_is_sensitive (group) && gtk_widget_get_mapped (group);
}

static void
link_cmd (const char *what)
{
  g_autofree char *cmd = g_strdup_printf ("ip -n %s link %s", tcgui_ui_ns, what);

  g_assert_true (tcgui_ui_run_ok (cmd));
}

/* 3. Refreshes, a hidden page, an interface that goes and comes back. */
static void
refresh_part (GtkWidget *window)
{
  GtkWidget *outgoing;
  guint before, after;

  /* veth-a's page is open (2.). */
  outgoing = tcgui_ui_group (window, "Outgoing");
  refresh (window);
  g_assert_true (tcgui_ui_wait_for (tcgui_ui_page_idle, outgoing));
  g_assert_true (editable (outgoing));
  g_assert_null (tcgui_ui_find_prefix (window, GTK_TYPE_LABEL, "This interface or its namespace is gone"));

  /* Back to the list: the page is hidden, its counters are not read. */
  back_to_list (window);
  tcgui_ui_spin_for (500);
  before = tcgui_ui_calls_mark ();
  tcgui_ui_spin_for (4500);
  {
    guint n = editor_reads (before);

    g_test_message ("GetShaping of veth-a while the page was hidden for 4.5 s: %u", n);
    g_assert_cmpuint (n, ==, 0);
  }

  /* veth-c: listed, opened, deleted, listed again. */
  link_cmd ("add veth-c type veth peer name veth-d");
  refresh (window);
  outgoing = tcgui_ui_open_interface (window, "veth-c");
  link_cmd ("del veth-c");
  refresh (window);
  /* "(not listed any more)" from the refresh, or the helper's answer to
   * the page's own read of the counters if that came first. */
  tcgui_ui_wait_text ("This interface or its namespace is gone (");
  g_assert_true (tcgui_ui_wait_for (greyed_out, outgoing));
  g_assert_true (gtk_widget_get_mapped (outgoing));
  link_cmd ("add veth-c type veth peer name veth-d");
  refresh (window);
  g_assert_true (tcgui_ui_wait_for (editable, outgoing));
  after = tcgui_ui_calls_mark ();
  g_assert_cmpuint (after, >, before);
}

static void
target_body (GtkWindow *window,
             gpointer   data)
{
  GtkWidget *w = GTK_WIDGET (window);

  presets_part (w);
  w = tcgui_ui_new_window (w);
  clear_part (w);
  refresh_part (w);
}

static void
test_target (void)
{
  g_autofree char *addr = g_strdup_printf ("ip -n %s addr add 192.0.2.1/24 dev veth-a", tcgui_ui_ns);

  has_netem = tcgui_ui_kernel_has_netem ();
  g_test_message ("this kernel has sch_netem: %s", has_netem ? "yes" : "no");
  tc_tbf_both ();
  g_assert_true (tcgui_ui_run_ok (addr));
  tcgui_ui_set_window_size (1100, 900);
  g_assert_cmpint (tcgui_ui_app_run (target_body, NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  if ((rc = tcgui_ui_shaping_init (&argc, &argv)) != 0)
    return rc;
  tcgui_ui_calls_watch ();
  g_test_add_func ("/shaping/target", test_target);
  return g_test_run ();
}
