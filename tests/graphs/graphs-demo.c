/* graphs-demo.c - many live graphs against the real helper: the app-side
 * benchmark (CPU, RSS) and the screenshot in docs/
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: graphs-demo [--seconds S] [--warmup W] [--columns C] [--window 60|300|900]
 *                    [--hidden N] [--total NAMESPACE-ID] NAMESPACE-ID:IFNAME...
 * Shows a container total and one graph (with a sparkline) per target, plus N
 * graphs on a hidden page; after S seconds prints the CPU time used after the
 * warm-up, the RSS, and how often the visible and hidden graphs were drawn.
 */

#include "config.h"

#include <string.h>
#include <sys/resource.h>

#include <gtk/gtk.h>

#include "tcgui-counters-client.h"
#include "tcgui-graph.h"

static char *total_ns;
static int seconds = 40, warmup = 10, columns = 5, window_s = 60, n_hidden = 10;
static double cpu_at_warmup;
static GPtrArray *visible, *hidden;
static gboolean done;
static TcguiCountersClient *counters;

static double
cpu_seconds (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static long
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      !(line = strstr (status, "VmRSS:")))
    return -1;
  return strtol (line + 6, NULL, 10);
}

static guint
sum_draws (GPtrArray *graphs)
{
  guint n = 0;

  for (guint i = 0; i < graphs->len; i++)
    n += tcgui_graph_get_n_draws (g_ptr_array_index (graphs, i));
  return n;
}

static gboolean
warmup_cb (gpointer data)
{
  cpu_at_warmup = cpu_seconds ();
  return G_SOURCE_REMOVE;
}

static gboolean
report_cb (gpointer data)
{
  double cpu = cpu_seconds () - cpu_at_warmup;
  int measured = seconds - warmup;

  g_print ("graphs-visible=%u graphs-hidden=%u measured-s=%d cpu-s=%.2f cpu-percent=%.2f rss-kb=%ld "
           "draws-visible=%u draws-hidden=%u targets=%u\n",
           visible->len, hidden->len, measured, cpu, cpu / measured * 100, rss_kb (),
           sum_draws (visible), sum_draws (hidden),
           tcgui_counters_client_get_n_targets (counters));
  done = TRUE;
  g_main_context_wakeup (NULL);
  return G_SOURCE_REMOVE;
}

static GtkWidget *
graph_cell (TcguiCountersClient *client,
            const char          *ns,
            const char          *ifname,
            GPtrArray           *graphs)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *text = g_strdup_printf ("%s · %s", ns, ifname);
  GtkWidget *label = gtk_label_new (text);
  TcguiRate *rate = tcgui_counters_client_watch (client, ns, ifname);
  GtkWidget *full = tcgui_graph_new (rate, FALSE);
  GtkWidget *spark = tcgui_graph_new (rate, TRUE);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_START);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (head), label);
  gtk_box_append (GTK_BOX (head), spark);
  tcgui_graph_set_window (TCGUI_GRAPH (full), window_s);
  gtk_widget_set_vexpand (full, TRUE);
  gtk_box_append (GTK_BOX (box), head);
  gtk_box_append (GTK_BOX (box), full);
  g_signal_connect_object (client, "updated", G_CALLBACK (tcgui_graph_data_changed), full,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "updated", G_CALLBACK (tcgui_graph_data_changed), spark,
                           G_CONNECT_SWAPPED);
  g_ptr_array_add (graphs, full);
  return box;
}

static GtkWidget *
build_grid (TcguiCountersClient  *client,
            char                **targets,
            int                   n,
            GPtrArray            *graphs)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  for (int i = 0; i < n; i++)
    {
      const char *colon = strrchr (targets[i], ':');
      g_autofree char *ns = g_strndup (targets[i], colon - targets[i]);

      gtk_grid_attach (GTK_GRID (grid), graph_cell (client, ns, colon + 1, graphs),
                       i % columns, i / columns, 1, 1);
    }
  return grid;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("NAMESPACE-ID:IFNAME...");
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds, "Run for S seconds", "S" },
    { "warmup", 0, 0, G_OPTION_ARG_INT, &warmup, "Measure CPU after W seconds", "W" },
    { "columns", 0, 0, G_OPTION_ARG_INT, &columns, "Graphs per row", "C" },
    { "window", 0, 0, G_OPTION_ARG_INT, &window_s, "Time span of the graphs", "SECONDS" },
    { "hidden", 0, 0, G_OPTION_ARG_INT, &n_hidden, "Graphs on a hidden page", "N" },
    { "total", 0, 0, G_OPTION_ARG_STRING, &total_ns, "Namespace of the total graph", "ID" },
    { NULL }
  };
  TcguiCountersClient *client;
  GtkWidget *win, *vbox, *stack, *label, *total, *scroller;
  g_autofree char *first_ns = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc < 2 || !strchr (argv[1], ':'))
    {
      g_printerr ("graphs-demo: %s\n", error ? error->message : "give NAMESPACE-ID:IFNAME targets");
      return 2;
    }
  gtk_init ();
  client = counters = tcgui_counters_client_new (tcgui_helper_client_new (), 1000);
  visible = g_ptr_array_new ();
  hidden = g_ptr_array_new ();

  win = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (win), "TC GUI — live graphs");
  gtk_window_set_default_size (GTK_WINDOW (win), 1270, 1010);
  vbox = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (vbox, 12);
  gtk_widget_set_margin_end (vbox, 12);
  gtk_widget_set_margin_top (vbox, 8);
  gtk_widget_set_margin_bottom (vbox, 8);

  /* A container page's total: the sum of its interfaces. */
  first_ns = total_ns ? g_strdup (total_ns) : g_strndup (argv[1], strrchr (argv[1], ':') - argv[1]);
  label = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (label), "<b>Container total</b> (the sum of all its watched interfaces)");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  total = tcgui_graph_new (tcgui_counters_client_hold_aggregate (client, first_ns), FALSE);
  tcgui_graph_set_window (TCGUI_GRAPH (total), window_s);
  g_signal_connect_object (client, "updated", G_CALLBACK (tcgui_graph_data_changed), total,
                           G_CONNECT_SWAPPED);
  g_ptr_array_add (visible, total);
  gtk_box_append (GTK_BOX (vbox), label);
  gtk_box_append (GTK_BOX (vbox), total);

  stack = gtk_stack_new ();
  gtk_widget_set_vexpand (stack, TRUE);
  gtk_stack_add_named (GTK_STACK (stack), build_grid (client, argv + 1, argc - 1, visible), "shown");
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller),
                                 build_grid (client, argv + 1, MIN (n_hidden, argc - 1), hidden));
  gtk_stack_add_named (GTK_STACK (stack), scroller, "hidden");
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "shown");
  gtk_box_append (GTK_BOX (vbox), stack);
  gtk_window_set_child (GTK_WINDOW (win), vbox);
  gtk_window_present (GTK_WINDOW (win));

  g_timeout_add_seconds (warmup, warmup_cb, NULL);
  g_timeout_add_seconds (seconds, report_cb, NULL);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  gtk_window_destroy (GTK_WINDOW (win));
  g_ptr_array_unref (visible);
  g_ptr_array_unref (hidden);
  g_free (total_ns);
  return 0;
}
