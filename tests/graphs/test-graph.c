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
#include <gdk/x11/gdkx.h>

#include "tcgui-counters-client.h"
#include "tcgui-graph.h"
#include "tcgui-link-graphs.h"

/* Generous: ASan on a loaded two-core machine. Never a timing check. */
#define DEADLINE_SEC 30

typedef gboolean (*Condition) (gpointer data);

/* Runs the main loop until @cond holds or the deadline passes; returns
 * whether it holds, for the caller to assert. */
static gboolean
iterate_until (Condition cond,
               gpointer  data)
{
  gint64 end = g_get_monotonic_time () + DEADLINE_SEC * G_USEC_PER_SEC;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > end)
        return cond (data);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

typedef struct
{
  GtkWidget *graph;
  guint      n_draws;   /* more than this */
} Draws;

static gboolean
drawn_more (gpointer data)
{
  Draws *d = data;

  return tcgui_graph_get_n_draws (TCGUI_GRAPH (d->graph)) > d->n_draws;
}

/* Iterates until @graph drew again. */
static gboolean
wait_for_draw (GtkWidget *graph)
{
  Draws d = { graph, tcgui_graph_get_n_draws (TCGUI_GRAPH (graph)) };

  return iterate_until (drawn_more, &d);
}

/* Iterates until @graph drew at least once: it is on screen, allocated. */
static gboolean
wait_for_first_draw (GtkWidget *graph)
{
  Draws d = { graph, 0 };

  return iterate_until (drawn_more, &d);
}

static gboolean
count_tick (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       data)
{
  ++*(guint *) data;
  return G_SOURCE_CONTINUE;
}

static gboolean
ticked_twice (gpointer data)
{
  return *(guint *) data >= 2;
}

/* Iterates until a whole frame of @widget's clock (its layout included)
 * ran after now: the second tick begins after the first frame ended. */
static gboolean
wait_for_frame (GtkWidget *widget)
{
  guint ticks = 0;
  guint id = gtk_widget_add_tick_callback (widget, count_tick, &ticks, NULL);
  gboolean ok = iterate_until (ticked_twice, &ticks);

  gtk_widget_remove_tick_callback (widget, id);
  return ok;
}

static gboolean
nothing_pending (gpointer data)
{
  return !g_main_context_pending (NULL);
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
  g_assert_true (wait_for_first_draw (shown));

  g_assert_cmpuint (tcgui_graph_get_n_draws (TCGUI_GRAPH (shown)), >=, 1);
  g_assert_cmpuint (tcgui_graph_get_n_draws (TCGUI_GRAPH (hidden)), ==, 0);

  /* New data: the visible graph redraws each time, the hidden one never. */
  before = tcgui_graph_get_n_draws (TCGUI_GRAPH (shown));
  for (int i = 0; i < 5; i++)
    {
      tcgui_rate_push_point (rate, g_get_monotonic_time (), 1e6, 1e6);
      tcgui_graph_data_changed (TCGUI_GRAPH (shown));
      tcgui_graph_data_changed (TCGUI_GRAPH (hidden));
      g_assert_true (wait_for_draw (shown));
      g_assert_cmpuint (tcgui_graph_get_n_draws (TCGUI_GRAPH (hidden)), ==, 0);
    }
  g_assert_cmpuint (tcgui_graph_get_n_draws (TCGUI_GRAPH (shown)), >, before);
  g_assert_cmpuint (tcgui_graph_get_n_draws (TCGUI_GRAPH (hidden)), ==, 0);

  /* Shown again, it catches up. */
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "b");
  g_assert_true (wait_for_first_draw (hidden));
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
  g_assert_true (wait_for_first_draw (graph));   /* allocated: it has a width */

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
  g_assert_true (wait_for_frame (graph));   /* laid out again, compact */
  g_assert_cmpint (gtk_widget_get_height (graph), >=, 24);

  gtk_window_destroy (GTK_WINDOW (win));
}

/* What the widget puts on screen, rendered as GTK renders it (cairo): the
 * number of pixels that are not transparent. */
static guint
count_drawn_pixels (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  guint n = 0;

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return 0;
  g_assert_true (gsk_renderer_realize (renderer, NULL, NULL));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  gsk_renderer_unrealize (renderer);
  pixels = g_malloc (w * h * 4);
  gdk_texture_download (texture, pixels, w * 4);
  for (int i = 0; i < w * h; i++)
    n += pixels[i * 4 + 3] != 0;   /* premultiplied ARGB32: alpha is byte 3 */
  return n;
}

/* Defect 10: a graph with no data yet drew nothing, not even its axes,
 * and looked broken; a sparkline with none drew nothing either. */
static void
test_empty_draws_frame (void)
{
  g_autoptr(TcguiRate) rate = tcgui_rate_new (900, 5 * G_USEC_PER_SEC);
  GtkWidget *win = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *full = tcgui_graph_new (rate, FALSE);
  GtkWidget *spark = tcgui_graph_new (rate, TRUE);
  guint n_full, n_spark;

  gtk_box_append (GTK_BOX (box), full);
  gtk_box_append (GTK_BOX (box), spark);
  gtk_window_set_child (GTK_WINDOW (win), box);
  gtk_window_set_default_size (GTK_WINDOW (win), 600, 200);
  gtk_window_present (GTK_WINDOW (win));
  g_assert_true (wait_for_first_draw (full));
  g_assert_true (wait_for_first_draw (spark));

  n_full = count_drawn_pixels (full);
  n_spark = count_drawn_pixels (spark);
  g_test_message ("empty graph: %u pixels drawn of %d; sparkline: %u of %d", n_full,
                  gtk_widget_get_width (full) * gtk_widget_get_height (full), n_spark,
                  gtk_widget_get_width (spark) * gtk_widget_get_height (spark));
  /* The grid's five lines alone cover five rows of the width. */
  g_assert_cmpuint (n_full, >=, 5 * (guint) gtk_widget_get_width (full));
  g_assert_cmpuint (n_spark, >=, (guint) gtk_widget_get_width (spark));

  gtk_window_destroy (GTK_WINDOW (win));
}

/* Defect 10: the drawn readout and a tooltip showed different times and
 * values at once. The pointer (XTest, xdotool) over the graph for longer
 * than a tooltip takes: the only readout is the drawn one. */
static void
test_one_readout (void)
{
  g_autoptr(TcguiRate) rate = steady_rate (9.87e6, 1.2e5);
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  g_autofree char *cmd = NULL;
  GtkWidget *win, *graph;
  guint before;
  double sx, sy;

  if (xdotool == NULL)
    {
      g_test_skip ("needs xdotool (apt install xdotool) to move the pointer");
      return;
    }
  win = gtk_window_new ();
  graph = tcgui_graph_new (rate, FALSE);
  gtk_window_set_child (GTK_WINDOW (win), graph);
  gtk_window_set_default_size (GTK_WINDOW (win), 600, 200);
  gtk_window_present (GTK_WINDOW (win));
  g_assert_true (wait_for_first_draw (graph));

  before = tcgui_graph_get_n_draws (TCGUI_GRAPH (graph));
  gtk_native_get_surface_transform (GTK_NATIVE (win), &sx, &sy);
  cmd = g_strdup_printf ("xdotool mousemove --window %lu %d %d",
                         (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (win))),
                         (int) (sx + gtk_widget_get_width (graph) / 2),
                         (int) (sy + gtk_widget_get_height (graph) / 2));
  g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL));

  /* Drawn again for the hover line and its readout; no tooltip beside it
   * (the widget offers none, however long the pointer stays). */
  g_assert_true (iterate_until (drawn_more, &(Draws) { graph, before }));
  g_assert_cmpuint (tcgui_graph_get_n_draws (TCGUI_GRAPH (graph)), >, before);
  g_assert_false (gtk_widget_get_has_tooltip (graph));
  g_assert_null (gtk_widget_get_tooltip_text (graph));

  gtk_window_destroy (GTK_WINDOW (win));
}

static gboolean
no_aggregates (gpointer client)
{
  return tcgui_counters_client_get_n_aggregates (client) == 0;
}

/* A namespace's total lives while a graph shows it: a sidebar row replaced
 * by an updated copy keeps its history, a container gone frees its total. */
static void
test_total_released_with_last_graph (void)
{
  g_autoptr(TcguiHelperClient) session = tcgui_helper_client_new ();
  g_autoptr(TcguiCountersClient) client = tcgui_counters_client_new (session, 1000);
  GtkWidget *old_row, *new_row;
  TcguiRate *rate;

  old_row = g_object_ref_sink (tcgui_link_graphs_new_total_graph (client, NULL, "netns:t", TRUE));
  rate = tcgui_graph_get_rate (TCGUI_GRAPH (old_row));
  tcgui_rate_push_point (rate, g_get_monotonic_time (), 1000, 2000);
  g_assert_cmpuint (tcgui_counters_client_get_n_aggregates (client), ==, 1);

  /* The row is replaced: the new graph comes before the old one goes. */
  new_row = g_object_ref_sink (tcgui_link_graphs_new_total_graph (client, NULL, "netns:t", TRUE));
  g_object_unref (old_row);
  /* The release prunes from an idle callback: let it run. */
  g_assert_true (iterate_until (nothing_pending, NULL));
  g_assert_true (tcgui_graph_get_rate (TCGUI_GRAPH (new_row)) == rate);
  g_assert_cmpuint (tcgui_rate_get_n_points (rate), ==, 1);
  g_assert_cmpuint (tcgui_counters_client_get_n_aggregates (client), ==, 1);

  /* The last graph of the namespace goes: so does its total. */
  g_object_unref (new_row);
  g_assert_true (iterate_until (no_aggregates, client));
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
  g_test_add_func ("/graph/empty-draws-frame", test_empty_draws_frame);
  g_test_add_func ("/graph/one-readout", test_one_readout);

  return g_test_run ();
}
