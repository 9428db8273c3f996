/* test-counters-recreate.c - counters follow a named namespace that is
 * deleted and created again while it is watched
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * As root (suite kernel): namespace N holds v1, whose peer v2 is in M.
 * TcguiCounters (the helper's counters module, as the Watch sampler uses
 * it) reads v1 once; then N is deleted and created again with a new v1
 * that has sent more bytes than the old one, at the same ifindex — the case
 * in which the app's rate code (src/tcgui-rate.c) cannot see the change by
 * itself. The next round must report v1 absent (the app then starts its
 * rate afresh), and the one after that the new namespace's counters.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tcgui-counters.h"
#include "tcgui-netns.h"
#include "tcgui-rate.h"

static char *ns_n, *ns_m;

static void
sh (const char *format,
    ...) G_GNUC_PRINTF (1, 2);

static void
sh (const char *format,
    ...)
{
  g_autofree char *cmd = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  char *argv[] = { (char *) "/bin/sh", (char *) "-c", NULL, NULL };
  int status = 0;
  va_list args;

  va_start (args, format);
  cmd = g_strdup_vprintf (format, args);
  va_end (args);
  argv[2] = cmd;
  g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("“%s” failed: %s", cmd, err);
}

/* N with v1 (10.213.0.G*4+1) — v2-G (…+2) in M, and @kbytes of pings. The
 * old namespace lives on until the counters module lets go of it, and
 * its v1's peer with it: each generation @g has a peer of its own. */
static void
make_n (guint g,
        guint kbytes)
{
  sh ("ip netns add %s && ip -n %s link set lo up", ns_n, ns_n);
  sh ("ip -n %s link add v1 type veth peer name v2-%u netns %s", ns_n, g, ns_m);
  sh ("ip -n %s addr add 10.213.0.%u/30 dev v1 && ip -n %s link set v1 up", ns_n, g * 4 + 1, ns_n);
  sh ("ip -n %s addr add 10.213.0.%u/30 dev v2-%u && ip -n %s link set v2-%u up",
      ns_m, g * 4 + 2, g, ns_m, g);
  sh ("ip netns exec %s ping -q -c %u -i 0.002 -s 972 -W 2 10.213.0.%u >/dev/null || true",
      ns_n, MAX (kbytes, 1), g * 4 + 2);
}

static gboolean
read_v1 (TcguiCounters  *counters,
         const char     *id,
         gint64          round,
         TcguiLinkStats *st)
{
  return tcgui_counters_read (counters, id, "v1", round, st);
}

static void
add (TcguiRate            *rate,
     gint64                time_us,
     gboolean              present,
     const TcguiLinkStats *st)
{
  TcguiRateSample s = { time_us, present, st->index, st->bits, st->rx_bytes, st->tx_bytes };

  tcgui_rate_add_sample (rate, &s);
}

static void
test_recreate (void)
{
  g_autoptr(TcguiCounters) counters = tcgui_counters_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("netns:%s", ns_n);
  g_autoptr(TcguiRate) rate = tcgui_rate_new (60, 10 * G_USEC_PER_SEC);
  TcguiLinkStats before, gone, after;
  guint n_points;

  make_n (0, 2);
  g_assert_true (tcgui_counters_ref_namespace (counters, id, &error));
  g_assert_no_error (error);
  g_assert_true (read_v1 (counters, id, 1, &before));
  add (rate, 1 * G_USEC_PER_SEC, TRUE, &before);
  g_test_message ("old v1: index %d, tx %" G_GUINT64_FORMAT " bytes", before.index, before.tx_bytes);

  /* Deleted and created again while watched: more bytes than before. */
  sh ("ip netns del %s", ns_n);
  make_n (1, 400);

  /* The round that notices: absent, so the rate restarts. */
  g_assert_false (read_v1 (counters, id, 2, &gone));
  add (rate, 2 * G_USEC_PER_SEC, FALSE, &gone);
  n_points = tcgui_rate_get_n_points (rate);

  g_assert_true (read_v1 (counters, id, 3, &after));
  add (rate, 3 * G_USEC_PER_SEC, TRUE, &after);
  g_test_message ("new v1: index %d, tx %" G_GUINT64_FORMAT " bytes", after.index, after.tx_bytes);
  /* The new namespace's counters (400 pings of 1000 bytes), not the old. */
  g_assert_cmpuint (after.tx_bytes, >, before.tx_bytes);
  g_assert_cmpuint (after.tx_bytes, >=, 400 * 1000);
  if (after.index == before.index)
    g_test_message ("same ifindex: only the absent round tells the app");

  /* No rate point mixes the two interfaces' counters. */
  g_assert_cmpuint (tcgui_rate_get_n_points (rate), ==, n_points);

  /* Later rounds are plain samples again (one stat, no new socket). */
  g_assert_true (read_v1 (counters, id, 4, &after));
  tcgui_counters_unref_namespace (counters, id);
}

/* A namespace that goes away is absent, and present again once re-made. */
static void
test_gone_and_back (void)
{
  g_autoptr(TcguiCounters) counters = tcgui_counters_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("netns:%s", ns_n);
  TcguiLinkStats st;

  g_assert_true (tcgui_counters_ref_namespace (counters, id, &error));
  g_assert_no_error (error);
  g_assert_true (read_v1 (counters, id, 1, &st));
  sh ("ip netns del %s", ns_n);
  g_assert_false (read_v1 (counters, id, 2, &st));
  g_assert_false (read_v1 (counters, id, 3, &st));
  make_n (2, 1);
  g_assert_false (read_v1 (counters, id, 4, &st));
  g_assert_true (read_v1 (counters, id, 5, &st));
  tcgui_counters_unref_namespace (counters, id);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *ip = g_find_program_in_path ("ip");
  g_autofree char *ping = g_find_program_in_path ("ping");
  int ret;

  tcgui_netns_init ();
  g_test_init (&argc, &argv, NULL);
  if (getuid () != 0)
    {
      g_print ("SKIP: needs root (network namespaces)\n");
      return 77;
    }
  if (ip == NULL || ping == NULL)
    {
      g_print ("SKIP: needs the ip and ping commands\n");
      return 77;
    }
  ns_n = g_strdup_printf ("tcgui-%d-n", (int) getpid ());
  ns_m = g_strdup_printf ("tcgui-%d-m", (int) getpid ());
  sh ("ip netns add %s && ip -n %s link set lo up", ns_m, ns_m);

  g_test_add_func ("/counters/recreate", test_recreate);
  g_test_add_func ("/counters/gone-and-back", test_gone_and_back);
  ret = g_test_run ();

  sh ("ip netns del %s 2>/dev/null; ip netns del %s; true", ns_n, ns_m);
  g_free (ns_n);
  g_free (ns_m);
  return ret;
}
