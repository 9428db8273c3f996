/* test-graph.c - the graph widget: drawn only while on screen, readout of
 * the exact value under the pointer, window and compact properties
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs a display: run under ../shared/testenv/gui-session (test-graph.sh).
 */

#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "tcgui-counters-client.h"
#include "tcgui-graph.h"

static void
iterate (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static TcguiRate *
steady_rate (double rx_bps,
             double tx_bps)
{
  TcguiRate *rate = tcgui_rate_new (900, 5 * G_USEC_PER_SEC);
  gint64 now = g_get_monotonic_time ();

  for (int i = 120; i >= 1; i--)
    tcgui_rate_push_point (rate, now - i * G_USEC_PER_SEC, rx_bps, tx_bps);
  return rate;
}

static void
test_hidden_does_not_draw (void)
{
  g_autoptr(TcguiRate) rate = steady_rate (9.87e6, 1.2e5);
  GtkWidget *win = gtk_window_new ();
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *shown = tcgui_graph_new (rate, FALSE);
  GtkWidget *hidden = tcgui_graph_new (rate, FALSE);
  guint before;

  gtk_stack_add_named (GTK_STACK (stack), shown, "a");
  gtk_stack_add_named (GTK_STACK (stack), hidden, "b");
  gtk_window_set_child (GTK_WINDOW (win), stack);
  gtk_window_set_default_size (GTK_WINDOW (win), 600, 300);
  gtk_window_present (GTK_WINDOW (win));
  iterate (500);

  g_assert_cmpuint (tcgui_graph_get_n_draws (TCGUI_GRAPH (shown)), >=, 1);
  g_assert_cmpuint (tcgui_graph_get_n_draws (TCGUI_GRAPH (hidden)), ==, 0);

  /* New data: the visible graph redraws, the hidden one does not. */
  before = tcgui_graph_get_n_draws (TCGUI_GRAPH (shown));
  for (int i = 0; i < 5; i++)
    {
      tcgui_rate_push_point (rate, g_get_monotonic_time (), 1e6, 1e6);
      tcgui_graph_data_changed (TCGUI_GRAPH (shown));
      tcgui_graph_data_changed (TCGUI_GRAPH (hidden));
      iterate (100);
    }
  g_assert_cmpuint (tcgui_graph_get_n_draws (TCGUI_GRAPH (shown)), >, before);
  g_assert_cmpuint (tcgui_graph_get_n_draws (TCGUI_GRAPH (hidden)), ==, 0);

  /* Shown again, it catches up. */
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "b");
  iterate (300);
  g_assert_cmpuint (tcgui_graph_get_n_draws (TCGUI_GRAPH (hidden)), >=, 1);

  gtk_window_destroy (GTK_WINDOW (win));
}

static void
test_readout_and_properties (void)
{
  g_autoptr(TcguiRate) rate = steady_rate (9.87e6, 1.2e5);
  GtkWidget *win = gtk_window_new ();
  GtkWidget *graph = tcgui_graph_new (rate, FALSE);
  g_autofree char *readout = NULL;
  g_autofree char *outside = NULL;

  gtk_window_set_child (GTK_WINDOW (win), graph);
  gtk_window_set_default_size (GTK_WINDOW (win), 600, 200);
  gtk_window_present (GTK_WINDOW (win));
  iterate (300);

  g_assert_cmpuint (tcgui_graph_get_window (TCGUI_GRAPH (graph)), ==, 300);
  tcgui_graph_set_window (TCGUI_GRAPH (graph), 60);
  g_assert_cmpuint (tcgui_graph_get_window (TCGUI_GRAPH (graph)), ==, 60);

  readout = tcgui_graph_dup_readout (TCGUI_GRAPH (graph), gtk_widget_get_width (graph) / 2.0);
  g_assert_nonnull (readout);
  g_assert_nonnull (strstr (readout, "↓ 9.87 Mbit/s"));
  g_assert_nonnull (strstr (readout, "↑ 120 kbit/s"));
  outside = tcgui_graph_dup_readout (TCGUI_GRAPH (graph), -5);
  g_assert_null (outside);

  g_assert_false (tcgui_graph_get_compact (TCGUI_GRAPH (graph)));
  tcgui_graph_set_compact (TCGUI_GRAPH (graph), TRUE);
  g_assert_true (gtk_widget_has_css_class (graph, "compact"));
  iterate (200);
  g_assert_cmpint (gtk_widget_get_height (graph), >=, 24);

  gtk_window_destroy (GTK_WINDOW (win));
}

/* A namespace's total lives while a graph shows it: a sidebar row replaced
 * by an updated copy keeps its history, a container gone frees its total. */
static void
test_total_released_with_last_graph (void)
{
  g_autoptr(TcguiCountersClient) client = tcgui_counters_client_new (1000);
  GtkWidget *old_row, *new_row;
  TcguiRate *rate;

  old_row = g_object_ref_sink (tcgui_counters_client_new_total_graph (client, "netns:t", FALSE, TRUE));
  rate = tcgui_graph_get_rate (TCGUI_GRAPH (old_row));
  tcgui_rate_push_point (rate, g_get_monotonic_time (), 1000, 2000);
  g_assert_cmpuint (tcgui_counters_client_get_n_aggregates (client), ==, 1);

  /* The row is replaced: the new graph comes before the old one goes. */
  new_row = g_object_ref_sink (tcgui_counters_client_new_total_graph (client, "netns:t", FALSE, TRUE));
  g_object_unref (old_row);
  iterate (50);
  g_assert_true (tcgui_graph_get_rate (TCGUI_GRAPH (new_row)) == rate);
  g_assert_cmpuint (tcgui_rate_get_n_points (rate), ==, 1);
  g_assert_cmpuint (tcgui_counters_client_get_n_aggregates (client), ==, 1);

  /* The last graph of the namespace goes: so does its total. */
  g_object_unref (new_row);
  iterate (50);
  g_assert_cmpuint (tcgui_counters_client_get_n_aggregates (client), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  if (!gtk_init_check ())
    {
      g_print ("SKIP: no display (run under gui-session)\n");
      return 77;
    }
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/graph/hidden-does-not-draw", test_hidden_does_not_draw);
  g_test_add_func ("/graph/readout-and-properties", test_readout_and_properties);
  g_test_add_func ("/graph/total-released-with-last-graph", test_total_released_with_last_graph);

  return g_test_run ();
}
