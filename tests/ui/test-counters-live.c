/* test-counters-live.c - the app's counters client against the real
 * helper and real namespaces, in process
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by ui-inprocess.sh under a private system bus with a real polkitd
 * and the real helper, with a namespace NS holding veth-a/veth-b. The
 * graphs of the app draw what TcguiCountersClient's rates hold: a point in
 * a rate is a point in the graph.
 *
 * Usage: test-counters-live NS [--tap …]
 */

#include "config.h"

#include <gio/gio.h>

#include "tcgui-counters-client.h"
#include "tcgui-rate.h"

/* Generous: ASan on a loaded two-core machine. Never a timing check. */
#define DEADLINE_SEC 40

static const char *ns;

static void
run (const char *command)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_command_line_sync (command, NULL, &err, &status, &error))
    g_error ("%s: %s", command, error->message);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", command, err);
}

typedef struct
{
  TcguiRate *rate;
  guint      n_points;   /* more than this */
} Growth;

static gboolean
grown (Growth *g)
{
  return tcgui_rate_get_n_points (g->rate) > g->n_points;
}

/* Runs the main loop until @rate has a point more than now. */
static gboolean
wait_for_point (TcguiRate *rate)
{
  Growth g = { rate, tcgui_rate_get_n_points (rate) };
  gint64 end = g_get_monotonic_time () + DEADLINE_SEC * G_USEC_PER_SEC;

  while (!grown (&g))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  return TRUE;
}

/* Defect 1: `ip netns add x` + a veth in it, listed by the app; `ip netns
 * del x`; the graphs of a page made from that list (x until F5, with an
 * interface of ns) watch both namespaces: Watch failed with NoSuchNamespace
 * every 5 s and no counters came for anything. */
static void
test_vanished_namespace (void)
{
  g_autoptr(TcguiCountersClient) client = tcgui_counters_client_new (250);
  g_autofree char *x = g_strdup_printf ("%s-x", ns);
  g_autofree char *x_id = g_strdup_printf ("netns:%s", x);
  g_autofree char *ns_id = g_strdup_printf ("netns:%s", ns);
  g_autofree char *cmd = NULL;
  TcguiRate *a, *b;

  cmd = g_strdup_printf ("ip netns add %s", x), run (cmd);
  g_free (cmd), cmd = g_strdup_printf ("ip -n %s link add vx type veth peer name vy", x), run (cmd);
  g_free (cmd), cmd = g_strdup_printf ("ip netns del %s", x), run (cmd);

  a = tcgui_counters_client_watch (client, ns_id, "veth-a");
  tcgui_counters_client_watch (client, x_id, "vx");
  g_assert_true (wait_for_point (a));
  g_assert_true (wait_for_point (a));

  /* The set changes (another graph): the vanished target stays out. */
  b = tcgui_counters_client_watch (client, ns_id, "veth-b");
  g_assert_true (wait_for_point (b));
  g_assert_true (wait_for_point (a));
  g_test_message ("with %s gone: veth-a %u points, veth-b %u points", x,
                  tcgui_rate_get_n_points (a), tcgui_rate_get_n_points (b));

  tcgui_counters_client_unwatch (client, ns_id, "veth-b");
  tcgui_counters_client_unwatch (client, x_id, "vx");
  tcgui_counters_client_unwatch (client, ns_id, "veth-a");
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  if (argc < 2)
    g_error ("usage: test-counters-live NS");
  ns = argv[1];
  argv[1] = argv[0], argc--, argv++;
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/counters-live/vanished-namespace", test_vanished_namespace);
  return g_test_run ();
}
