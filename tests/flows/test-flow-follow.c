/* test-flow-follow.c - a peer's re-apply never brings a cleared tree back
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * As root, in a namespace of its own with a veth pair: a partition towards
 * a peer (by its inventory key) applied and remembered; the peer's address
 * changes (tcgui_flow_follow_inventory_changed() starts the re-apply in a
 * worker thread) and at once the direction is cleared by hand, as
 * ClearShaping does (invalidate, clear, forget). Whichever runs first, the
 * re-apply or the clear, the kernel holds nothing at the end. Then the
 * follow itself: the peer moves again, nothing clears, the kernel holds the
 * new address. The test waits for the worker's own log line (generous
 * deadline) and asserts outcomes, never timings.
 */

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "tcgui-flow-follow.h"
#include "tcgui-flow-resolve.h"
#include "tcgui-journal.h"
#include "tcgui-qdisc.h"

static char *ns_name, *ns_id, *journal_dir;
static char peer_ip[32] = "172.30.0.4";
static gint worker_said;   /* the worker logged what it did with a job */

static GVariant *
dup_items (guint32  uid,
           gpointer data)
{
  g_autofree char *text = g_strdup_printf (
    "[{'key': <'network:docker:n1'>, 'kind': <'network'>, 'name': <'net1'>, 'subnet': <'172.30.0.0/16'>},"
    " {'key': <'container:docker:cc'>, 'kind': <'container'>, 'name': <'C'>, 'namespace': <'pid:3:3'>,"
    "  'networks': <[{'network-key': <'network:docker:n1'>, 'ip': <'%s'>}]>}]", peer_ip);

  return g_variant_parse (G_VARIANT_TYPE ("aa{sv}"), text, NULL, NULL, NULL);
}

static GLogWriterOutput
writer (GLogLevelFlags   level,
        const GLogField *fields,
        gsize            n_fields,
        gpointer         data)
{
  const char *domain = NULL, *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0)
      domain = fields[i].value;
    else if (g_strcmp0 (fields[i].key, "MESSAGE") == 0)
      message = fields[i].value;
  if (g_strcmp0 (domain, "tcgui-flow-follow") == 0 && message != NULL &&
      (strstr (message, "follow their peers") || strstr (message, "changed meanwhile") ||
       strstr (message, "Cannot re-apply")))
    {
      g_test_message ("worker: %s", message);
      g_atomic_int_inc (&worker_said);
    }
  return g_log_writer_default (level, fields, n_fields, data);
}

static char *
run (const char *cmd)
{
  char *out = NULL;
  int status;

  g_assert_true (g_spawn_command_line_sync (cmd, &out, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static char *
tc_state (void)
{
  g_autofree char *cmd = g_strdup_printf ("sh -c 'tc -n %s qdisc show dev v0; tc -n %s filter show dev v0'",
                                          ns_name, ns_name);

  return run (cmd);
}

/* Waits until the worker logged @n times (the main context iterated: its
 * GTask completes there). */
static void
wait_worker (int n)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (g_atomic_int_get (&worker_said) < n && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (10000);
  g_assert_cmpint (g_atomic_int_get (&worker_said), >=, n);
  /* The task's callback (busy = FALSE) runs on this context. */
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE), g_usleep (10000);
}

/* A partition towards the peer C on v0's outgoing, applied and followed
 * (as SetShaping does); @out_flows/@out_resolved keep what was applied. */
static void
apply_following (GPtrArray **out_flows,
                 GPtrArray **out_resolved)
{
  g_autoptr(GVariant) dict = g_variant_parse (G_VARIANT_TYPE_VARDICT,
    "{'flows': <[{'match': <{'peer': <'container:docker:cc'>}>, 'partition': <true>}]>}",
    NULL, NULL, NULL);
  g_autoptr(GVariant) items = dup_items (0, NULL);
  g_autoptr(GError) error = NULL;
  TcguiParams p;

  g_assert_true (tcgui_params_from_variant_full (dict, &p, out_flows, NULL));
  g_assert_true (tcgui_flows_resolve (items, ns_id, *out_flows, out_resolved, NULL));
  g_assert_true (tcgui_qdisc_set_flows (ns_id, "v0", TCGUI_DIRECTION_OUTGOING, &p, *out_flows,
                                        *out_resolved, 0, &error));
  g_assert_no_error (error);
  tcgui_flow_follow_remember (ns_id, "v0", TCGUI_DIRECTION_OUTGOING, &p, *out_flows,
                              *out_resolved, 0);
}

static void
test_clear_wins (void)
{
  g_autoptr(GPtrArray) flows = NULL, resolved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;

  apply_following (&flows, &resolved);
  state = tc_state ();
  g_assert_nonnull (strstr (state, "ac1e0004"));
  g_clear_pointer (&state, g_free);

  /* The peer moves; at once the direction is cleared by hand. */
  g_strlcpy (peer_ip, "172.30.0.9", sizeof peer_ip);
  tcgui_flow_follow_inventory_changed (dup_items, NULL);
  tcgui_flow_follow_invalidate (ns_id, "v0", TCGUI_DIRECTION_OUTGOING);
  g_assert_true (tcgui_qdisc_clear (ns_id, "v0", TCGUI_DIRECTION_OUTGOING, &error));
  g_assert_no_error (error);
  tcgui_flow_follow_forget (ns_id, "v0", TCGUI_DIRECTION_OUTGOING);
  wait_worker (1);

  state = tc_state ();
  g_test_message ("after the clear: %s", state);
  g_assert_null (strstr (state, "htb"));
  g_assert_null (strstr (state, "u32"));
}

static void
test_follow (void)
{
  g_autoptr(GPtrArray) flows = NULL, resolved = NULL;
  g_autofree char *state = NULL;
  int before = g_atomic_int_get (&worker_said);

  apply_following (&flows, &resolved);

  g_strlcpy (peer_ip, "172.30.0.11", sizeof peer_ip);
  tcgui_flow_follow_inventory_changed (dup_items, NULL);
  wait_worker (before + 1);
  state = tc_state ();
  g_assert_nonnull (strstr (state, "ac1e000b"));
  g_assert_true (tcgui_qdisc_clear (ns_id, "v0", TCGUI_DIRECTION_OUTGOING, NULL));
  tcgui_flow_follow_forget (ns_id, "v0", TCGUI_DIRECTION_OUTGOING);
}

/* ResetAll forgets every followed direction before it clears: a peer that
 * moves afterwards brings nothing back. */
static void
test_reset_forgets (void)
{
  g_autoptr(GPtrArray) flows = NULL, resolved = NULL;
  g_autofree char *state = NULL;
  int before = g_atomic_int_get (&worker_said);

  apply_following (&flows, &resolved);

  /* As the ResetAll handler does: forget, then clear (not by direction). */
  tcgui_flow_follow_forget_all ();
  g_assert_true (tcgui_qdisc_clear (ns_id, "v0", TCGUI_DIRECTION_OUTGOING, NULL));
  g_strlcpy (peer_ip, "172.30.0.13", sizeof peer_ip);
  tcgui_flow_follow_inventory_changed (dup_items, NULL);
  /* Nothing is followed, so no re-apply starts; give one a chance anyway. */
  for (int i = 0; i < 200 && g_atomic_int_get (&worker_said) == before; i++)
    g_main_context_iteration (NULL, FALSE), g_usleep (10000);
  g_assert_cmpint (g_atomic_int_get (&worker_said), ==, before);
  state = tc_state ();
  g_assert_null (strstr (state, "htb"));
  g_assert_null (strstr (state, "u32"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cmd = NULL, *out = NULL, *rm = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (writer, NULL, NULL);
  if (getuid () != 0)
    {
      g_test_skip ("needs root (network namespaces, qdiscs)");
      return g_test_run ();
    }
  ns_name = g_strdup_printf ("tff%d", (int) getpid ());
  ns_id = g_strdup_printf ("netns:%s", ns_name);
  journal_dir = g_dir_make_tmp ("tcgui-follow-XXXXXX", NULL);
  g_assert_nonnull (journal_dir);
  tcgui_journal_set_path (journal_dir);
  cmd = g_strdup_printf ("sh -c 'ip netns add %1$s && ip -n %1$s link add v0 type veth peer name v1 && "
                         "ip -n %1$s link set v0 up && ip -n %1$s link set v1 up'", ns_name);
  out = run (cmd);

  g_test_add_func ("/flow-follow/clear-wins-over-reapply", test_clear_wins);
  g_test_add_func ("/flow-follow/follows-the-peer", test_follow);
  g_test_add_func ("/flow-follow/reset-forgets", test_reset_forgets);
  rc = g_test_run ();

  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("ip netns del %s", ns_name);
  g_free (run (cmd));
  rm = g_strdup_printf ("rm -rf %s", journal_dir);
  g_free (run (rm));
  g_free (ns_name);
  g_free (ns_id);
  g_free (journal_dir);
  return rc;
}
