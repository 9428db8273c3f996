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

#include <string.h>

#include <gio/gio.h>

#include "tcgui-counters-client.h"
#include "tcgui-rate.h"

/* Generous: ASan on a loaded two-core machine. Never a timing check. */
#define DEADLINE_SEC 40

static const char *ns;

/* Runs @command; FALSE (with what it printed as a test message) if it fails. */
static gboolean
try_run (const char *command)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_command_line_sync (command, NULL, &err, &status, &error))
    return (g_test_message ("%s: %s", command, error->message), FALSE);
  if (!g_spawn_check_wait_status (status, NULL))
    return (g_test_message ("%s failed: %s", command, err), FALSE);
  return TRUE;
}

/* The client says so when it drops a namespace from its watch set:
 * "No more counters from NS: why". */
static char *dropped_ns;

static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  const char *prefix = "No more counters from ";

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0 &&
        g_str_has_prefix (fields[i].value, prefix) && dropped_ns == NULL)
      {
        const char *ns_id = (const char *) fields[i].value + strlen (prefix);
        const char *colon = strstr (ns_id, ": ");

        dropped_ns = colon ? g_strndup (ns_id, colon - ns_id) : g_strdup (ns_id);
      }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static gboolean
wait_for_drop (void)
{
  gint64 end = g_get_monotonic_time () + DEADLINE_SEC * G_USEC_PER_SEC;

  while (dropped_ns == NULL)
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  return TRUE;
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

/* Defect 1: a veth in namespace x is watched with the others (the graphs
 * of a page), then `ip netns del x` while watched: Watch failed with
 * NoSuchNamespace every 5 s and no counters came for anything. */
static void
watch_then_delete (TcguiCountersClient *client,
                   const char          *x)
{
  g_autofree char *x_id = g_strdup_printf ("netns:%s", x);
  g_autofree char *ns_id = g_strdup_printf ("netns:%s", ns);
  g_autofree char *cmd = g_strdup_printf ("ip netns del %s", x);
  TcguiRate *a, *vx, *b;

  a = tcgui_counters_client_watch (client, ns_id, "veth-a");
  vx = tcgui_counters_client_watch (client, x_id, "vx");
  g_assert_true (wait_for_point (a));
  g_assert_true (wait_for_point (vx));
  g_assert_null (dropped_ns);

  /* Deleted while watched: the others go on. */
  g_assert_true (try_run (cmd));
  for (guint i = 0; i < 3; i++)
    g_assert_true (wait_for_point (a));
  g_test_message ("with %s deleted: veth-a %u points", x, tcgui_rate_get_n_points (a));

  /* The set changes (another graph): the client drops x from its watch
   * set, and watches the rest. */
  b = tcgui_counters_client_watch (client, ns_id, "veth-b");
  g_assert_true (wait_for_drop ());
  g_assert_cmpstr (dropped_ns, ==, x_id);
  g_assert_true (wait_for_point (b));
  g_assert_true (wait_for_point (b));
  g_assert_true (wait_for_point (a));
  g_test_message ("with %s dropped: veth-a %u points, veth-b %u points", x,
                  tcgui_rate_get_n_points (a), tcgui_rate_get_n_points (b));

  tcgui_counters_client_unwatch (client, ns_id, "veth-b");
  tcgui_counters_client_unwatch (client, x_id, "vx");
  tcgui_counters_client_unwatch (client, ns_id, "veth-a");
}

static void
test_vanished_namespace (void)
{
  g_autoptr(TcguiHelperClient) session = tcgui_helper_client_new ();
  g_autoptr(TcguiCountersClient) client = tcgui_counters_client_new (session, 250);
  g_autofree char *x = g_strdup_printf ("%s-x", ns);
  g_autofree char *add = g_strdup_printf ("ip netns add %s", x);
  g_autofree char *veth = g_strdup_printf ("ip -n %s link add vx type veth peer name vy", x);
  g_autofree char *up = g_strdup_printf ("ip -n %s link set vx up", x);
  g_autofree char *del = g_strdup_printf ("ip netns del %s", x);

  g_assert_true (try_run (add));
  /* x never outlives a failed step here (ui-inprocess.sh also deletes it
   * should an assertion abort the test). */
  if (!try_run (veth) || !try_run (up))
    {
      try_run (del);
      g_test_fail_printf ("cannot create a veth pair in %s", x);
      return;
    }
  watch_then_delete (client, x);
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
  g_log_set_writer_func (log_writer, NULL, NULL);
  g_test_add_func ("/counters-live/vanished-namespace", test_vanished_namespace);
  return g_test_run ();
}
