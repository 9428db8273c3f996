/* test-ui-flows.c - a flow ("Only for Traffic To…") from the shaping page
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by ui-inprocess.sh (the real helper on a private bus with a real
 * polkitd, Xvfb, a namespace NS with veth-a/veth-b). The real app; the
 * user opens veth-a, clicks "Only for Traffic To…", types a prefix with
 * host bits set (explained inline, "Add" stays off), then ports without
 * a protocol (explained), then a valid prefix and adds the flow; turns on
 * its "Rate limit" and types 2000 kbit/s. SetShaping carries "flows" with
 * the prefix and the rate (seen on the app's connection). When the helper
 * says it shapes flows (GetCapabilities "flows"), the kernel holds an htb
 * root, a tbf at 2 Mbit/s in the flow's class and a u32 filter for them and a new window reads the flow back; otherwise
 * the helper's refusal is shown and the test says the kernel part was not
 * checked. At 360 px the page with a flow still fits the window.
 */

#include "config.h"

#include <string.h>

#include "tcgui-ui-shaping.h"

#define PREFIX "10.99.0.0/16"
#define FLOW_TITLE "To " PREFIX

static gboolean narrow;

/* Whether the helper under test shapes flows (its GetCapabilities). */
static gboolean
helper_has_flows (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, NULL);
  g_autoptr(GVariant) reply = NULL, caps = NULL;
  gboolean flows = FALSE;

  g_assert_nonnull (bus);
  reply = g_dbus_connection_call_sync (bus, "io.github.tcgui.Helper1", "/io/github/tcgui/Helper1",
                                       "io.github.tcgui.Helper1", "GetCapabilities", NULL,
                                       G_VARIANT_TYPE ("(a{sv})"), G_DBUS_CALL_FLAGS_NONE, -1,
                                       NULL, NULL);
  if (reply == NULL)
    return FALSE;
  caps = g_variant_get_child_value (reply, 0);
  g_variant_lookup (caps, "flows", "b", &flows);
  return flows;
}

static gboolean
widget_sensitive (gpointer widget)
{
  return gtk_widget_get_sensitive (widget);
}

static gboolean
widget_insensitive (gpointer widget)
{
  return !gtk_widget_get_sensitive (widget);
}

static gboolean
dialog_shown (gpointer data)
{
  return tcgui_ui_find_window (ADW_TYPE_WINDOW) != NULL;
}

static gboolean
dialog_gone (gpointer data)
{
  return tcgui_ui_find_window (ADW_TYPE_WINDOW) == NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *title;
  GtkWidget  *found;
} RowWait;

static gboolean
entry_row_shown (gpointer data)
{
  RowWait *w = data;

  w->found = tcgui_ui_find_prefix (w->root, ADW_TYPE_ENTRY_ROW, w->title);
  return w->found != NULL;
}

/* Clicks into an entry row's text and types @text over what it had. */
static void
type_into_row (GtkWidget  *dialog,
               const char *title,
               const char *text)
{
  RowWait w = { dialog, title, NULL };
  GtkWidget *row;

  if (!tcgui_ui_wait_for (entry_row_shown, &w))
    {
      tcgui_ui_log_tree (dialog);
      g_error ("no field “%s” in the picker", title);
    }
  row = w.found;
  tcgui_ui_click (tcgui_ui_find (row, GTK_TYPE_TEXT, NULL));
  tcgui_ui_keys (dialog, "ctrl+a BackSpace");
  if (*text != '\0')
    tcgui_ui_type (dialog, text);
}

/* The button is below the default's rows: scrolled to, it may move when
 * the window takes the focus (its focused Presets button scrolls back
 * into view); a click that opened nothing is made again. */
static void
open_picker (GtkWidget *window)
{
  GtkWidget *button = gtk_widget_get_ancestor (tcgui_ui_wait_label (window, "Only for Traffic To…"),
                                               GTK_TYPE_BUTTON);

  for (guint i = 0; i < 5; i++)
    {
      tcgui_ui_click (button);
      if (tcgui_ui_wait_for_sec (dialog_shown, NULL, 5))
        return;
      g_test_message ("the click on “Only for Traffic To…” opened nothing: again");
    }
  tcgui_ui_log_tree (window);
  g_error ("“Only for Traffic To…” never opened the picker");
}

/* The picker: two mistakes explained inline, then a valid prefix added. */
static void
pick_prefix (GtkWidget *window)
{
  GtkWidget *dialog, *add, *error;

  open_picker (window);
  dialog = tcgui_ui_find_window (ADW_TYPE_WINDOW);
  add = gtk_widget_get_ancestor (tcgui_ui_wait_label (dialog, "Add"), GTK_TYPE_BUTTON);
  g_assert_false (gtk_widget_get_sensitive (add));

  type_into_row (dialog, "Address or prefix", "10.99.1.1/16");
  error = tcgui_ui_wait_label (dialog, "“10.99.1.1/16” has address bits set after the prefix "
                                       "length");
  g_assert_true (gtk_widget_get_mapped (error));
  g_assert_false (gtk_widget_get_sensitive (add));

  type_into_row (dialog, "Address or prefix", PREFIX);
  g_assert_true (tcgui_ui_wait_for (widget_sensitive, add));
  type_into_row (dialog, "Destination port", "80");
  tcgui_ui_wait_label (dialog, "Ports need the protocol TCP, UDP or SCTP");
  g_assert_true (tcgui_ui_wait_for (widget_insensitive, add));
  type_into_row (dialog, "Destination port", "");
  g_assert_true (tcgui_ui_wait_for (widget_sensitive, add));
  g_assert_true (tcgui_ui_save_png (dialog, narrow ? "flow-picker-360.png" : "flow-picker.png"));

  tcgui_ui_click (add);
  g_assert_true (tcgui_ui_wait_for (dialog_gone, NULL));
}

/* A SetShaping of veth-a's outgoing side with the flow and its rate. */
static gboolean
carries_flow (GPtrArray *bodies,
              guint64    want_rate)
{
  for (guint i = 0; i < bodies->len; i++)
    {
      g_autoptr(GVariant) params = g_variant_get_child_value (bodies->pdata[i], 3);
      g_autoptr(GVariant) flows = g_variant_lookup_value (params, "flows",
                                                          G_VARIANT_TYPE ("aa{sv}"));
      g_autoptr(GVariant) flow = NULL, match = NULL;
      const char *prefix = NULL;
      guint64 rate = 0;

      if (flows == NULL || g_variant_n_children (flows) != 1)
        continue;
      flow = g_variant_get_child_value (flows, 0);
      match = g_variant_lookup_value (flow, "match", G_VARIANT_TYPE_VARDICT);
      if (match != NULL && g_variant_lookup (match, "prefix", "&s", &prefix) &&
          g_str_equal (prefix, PREFIX) && !g_variant_lookup_value (params, "rate-bps", NULL))
        {
          g_variant_lookup (flow, "rate-bps", "t", &rate);
          if (rate == want_rate)
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
kernel_has_flow (gpointer data)
{
  g_autofree char *classes_cmd = g_strdup_printf ("ip netns exec %s tc qdisc show dev veth-a",
                                                  tcgui_ui_ns);
  g_autofree char *filters_cmd = g_strdup_printf ("ip netns exec %s tc filter show dev veth-a",
                                                  tcgui_ui_ns);
  g_autofree char *classes = tcgui_ui_run (classes_cmd);
  g_autofree char *filters = tcgui_ui_run (filters_cmd);

  /* The flow's class holds a tbf at its rate; u32 prints the prefix as
   * value/mask at the IPv4 destination (offset 16). */
  return classes != NULL && filters != NULL && strstr (classes, "qdisc htb") != NULL &&
         strstr (classes, "rate 2Mbit") != NULL && strstr (filters, "flowid") != NULL &&
         (strstr (filters, "0a630000/ffff0000 at 16") != NULL ||
          strstr (filters, "dst_ip " PREFIX) != NULL);
}

static GtkWidget *
flow_of (GtkWidget *window)
{
  GtkWidget *title = tcgui_ui_wait_label_prefix (window, FLOW_TITLE);
  GtkWidget *expander = gtk_widget_get_ancestor (title, GTK_TYPE_EXPANDER);

  g_assert_nonnull (expander);
  return expander;
}

static gboolean
switch_active (gpointer sw)
{
  return gtk_switch_get_active (sw);
}

/* The row's switch on. The first click after the picker closed may land
 * while the main window, focused again, scrolls its focus into view: a
 * switch still off is clicked again. */
static GtkWidget *
flow_switch_on (GtkWidget  *flow,
                const char *title)
{
  GtkWidget *row = tcgui_ui_row (flow, title);
  GtkWidget *sw = tcgui_ui_row_switch (row);

  for (guint i = 0; i < 5 && !gtk_switch_get_active (GTK_SWITCH (sw)); i++)
    {
      tcgui_ui_click (sw);
      if (tcgui_ui_wait_for_sec (switch_active, sw, 5))
        break;
      g_test_message ("the click on the flow's “%s” switch did not turn it on: again", title);
    }
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (sw)));
  return row;
}

static gboolean
flow_gone (gpointer window)
{
  return tcgui_ui_find_prefix (window, GTK_TYPE_LABEL, FLOW_TITLE) == NULL;
}

/* The picked flow goes out at once, a match without shaping yet. */
static void
add_flow (GtkWidget *window)
{
  GtkWidget *outgoing = tcgui_ui_group (window, "Outgoing");
  g_autoptr(GPtrArray) out = NULL;
  guint mark = tcgui_ui_calls_mark ();

  pick_prefix (window);
  g_assert_true (tcgui_ui_wait_for (tcgui_ui_page_idle, outgoing));
  out = tcgui_ui_calls_since (mark, "SetShaping", "outgoing");
  g_assert_true (carries_flow (out, 0));
}

/* A helper without flows refuses them ("Unknown parameter"): the page
 * says so, and the kernel's state (no flow) replaces the controls. */
static void
check_refused (GtkWidget *window)
{
  tcgui_ui_wait_text ("veth-a: ");
  g_assert_true (tcgui_ui_wait_for (flow_gone, window));
  g_test_message ("SKIPPED PART: the helper under test does not shape flows (GetCapabilities "
                  "has no \"flows\"): sent parameters checked, the flow's rate, the kernel's "
                  "class and filter and the read-back were not");
}

static void
shape_flow (GtkWidget *window)
{
  GtkWidget *outgoing = tcgui_ui_group (window, "Outgoing"), *row;
  g_autoptr(GPtrArray) out = NULL;
  guint mark = tcgui_ui_calls_mark ();

  row = flow_switch_on (flow_of (window), "Rate");
  tcgui_ui_type_into (tcgui_ui_row_field (row), "2000");
  g_assert_true (tcgui_ui_wait_for (tcgui_ui_page_idle, outgoing));
  out = tcgui_ui_calls_since (mark, "SetShaping", "outgoing");
  g_test_message ("SetShaping outgoing: %u calls", out->len);
  g_assert_true (carries_flow (out, 2000000));
  /* The default was left alone: no switch of "Outgoing" is on. */
  g_assert_true (tcgui_ui_group_unshaped (outgoing));
}

static void
check_kernel (GtkWidget *window)
{
  GtkWidget *flow;

  if (!tcgui_ui_wait_for (kernel_has_flow, NULL))
    {
      g_autofree char *cmd = g_strdup_printf ("ip netns exec %s tc qdisc show dev veth-a",
                                              tcgui_ui_ns);
      g_autofree char *cmd2 = g_strdup_printf ("ip netns exec %s tc filter show dev veth-a",
                                               tcgui_ui_ns);
      g_autofree char *classes = tcgui_ui_run (cmd);
      g_autofree char *filters = tcgui_ui_run (cmd2);

      g_error ("no class and filter for the flow:\n%s\n%s", classes, filters);
    }
  /* A new window reads the flow back from the kernel. */
  window = tcgui_ui_new_window (window);
  tcgui_ui_open_namespace (window);
  tcgui_ui_open_interface (window, "veth-a");
  flow = flow_of (window);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (tcgui_ui_row_field (tcgui_ui_row (flow, "Rate")))), ==, 2000);
  tcgui_ui_click_button (window, "Clear");
  g_assert_true (tcgui_ui_wait_for (tcgui_ui_group_unshaped, tcgui_ui_group (window, "Outgoing")));
  g_assert_true (tcgui_ui_wait_for (flow_gone, window));
}

static void
flow_body (GtkWindow *window,
           gpointer   data)
{
  GtkWidget *w = GTK_WIDGET (window);

  tcgui_ui_open_namespace (w);
  tcgui_ui_open_interface (w, "veth-a");
  add_flow (w);
  if (!helper_has_flows ())
    {
      check_refused (w);
      return;
    }
  shape_flow (w);
  g_assert_true (tcgui_ui_save_png (w, "flow-page.png"));
  check_kernel (w);
}

static void
test_flow (void)
{
  tcgui_ui_set_window_size (1100, 900);
  g_assert_cmpint (tcgui_ui_app_run (flow_body, NULL), ==, 0);
}

/* 360 px: the page with a flow fits; its rate field is there. */
static void
narrow_body (GtkWindow *window,
             gpointer   data)
{
  GtkWidget *w = GTK_WIDGET (window), *flow;
  int minimum;

  tcgui_ui_open_namespace (w);
  tcgui_ui_open_interface (w, "veth-a");
  pick_prefix (w);
  flow = flow_of (w);
  tcgui_ui_spin_for (300);
  gtk_widget_measure (flow, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_test_message ("at %d px: a flow's minimum width %d px", gtk_widget_get_width (w), minimum);
  g_assert_cmpint (gtk_widget_get_width (w), <=, 360);
  g_assert_cmpint (minimum, <=, gtk_widget_get_width (w));
  g_assert_true (gtk_widget_get_mapped (tcgui_ui_row_field (tcgui_ui_row (flow, "Rate"))));
  tcgui_ui_scroll_to (flow);
  g_assert_true (tcgui_ui_save_png (w, "flow-page-360.png"));
  tcgui_ui_click_button (w, "Clear");
}

static void
test_narrow (void)
{
  if (!helper_has_flows ())
    {
      g_test_skip ("the helper under test does not shape flows: a flow it refuses is not shown");
      return;
    }
  narrow = TRUE;
  tcgui_ui_set_window_size (360, 800);
  g_assert_cmpint (tcgui_ui_app_run (narrow_body, NULL), ==, 0);
  narrow = FALSE;
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  if ((rc = tcgui_ui_shaping_init (&argc, &argv)) != 0)
    return rc;
  tcgui_ui_calls_watch ();
  g_test_add_func ("/flows/prefix-rate", test_flow);
  g_test_add_func ("/flows/narrow", test_narrow);
  return g_test_run ();
}
