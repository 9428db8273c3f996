/* test-engine.c - the traffic-control engine on real namespaces and qdiscs
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by run-engine-test.sh, which creates two namespaces joined by a veth
 * pair (TCGUI_TEST_NS_A/IF_A — TCGUI_TEST_NS_B/IF_B) and a veth pair inside
 * A (TCGUI_TEST_IF_P1/P2), a veth from A (IF_C) to the host namespace
 * (IF_H), and one from A (IF_U) to a namespace nothing names, then runs this with TCGUI_TEST_MODE "kernel"
 * (this kernel: tbf, IFB, foreign trees, errors, journal, concurrency) or
 * "netem" (a kernel with sch_netem: every netem parameter, ping RTT).
 */

#include "config.h"

#include <fcntl.h>

#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tcgui-error.h"
#include "tcgui-journal.h"
#include "tcgui-netns.h"
#include "tcgui-params.h"
#include "tcgui-qdisc.h"

static const char *ns_a_name, *ns_b_name, *if_a, *if_b, *if_p1, *if_p2, *if_c, *if_h, *if_u;
static char *ns_a, *ns_b;

static GVariant *
parse_dict (const char *text)
{
  g_autoptr(GError) error = NULL;
  GVariant *v = g_variant_parse (G_VARIANT_TYPE_VARDICT, text, NULL, NULL, &error);

  g_assert_no_error (error);
  return v;
}

static void
params_from_text (const char  *text,
                  TcguiParams *p)
{
  g_autoptr(GVariant) v = parse_dict (text);
  g_autoptr(GError) error = NULL;

  g_assert_true (tcgui_params_from_variant (v, p, &error));
  g_assert_no_error (error);
}

static gboolean
try_set (const char      *ns,
         const char      *ifname,
         TcguiDirection   dir,
         const char      *text,
         guint            flags,
         GError         **error)
{
  TcguiParams p;

  params_from_text (text, &p);
  return tcgui_qdisc_set (ns, ifname, dir, &p, flags, error);
}

static void
set_ok (const char     *ns,
        const char     *ifname,
        TcguiDirection  dir,
        const char     *text)
{
  g_autoptr(GError) error = NULL;

  if (!try_set (ns, ifname, dir, text, 0, &error))
    g_error ("Setting %s on %s failed: %s", text, ifname, error->message);
}

static GVariant *
get_state (const char *ns,
           const char *ifname)
{
  g_autoptr(GError) error = NULL;
  GVariant *state = tcgui_qdisc_get (ns, ifname, &error);

  g_assert_no_error (error);
  g_assert_nonnull (state);
  return g_variant_ref_sink (state);
}

static char *
get_string (GVariant   *state,
            const char *key)
{
  char *s = NULL;

  g_assert_true (g_variant_lookup (state, key, "s", &s));
  return s;
}

/* Reads @dir back and compares it with @want, a parameter text. */
static void
assert_state (const char *ns,
              const char *ifname,
              const char *dir,
              const char *want,
              const char *owner,
              const char *qdisc)
{
  g_autoptr(GVariant) state = get_state (ns, ifname);
  g_autoptr(GVariant) got = g_variant_lookup_value (state, dir, G_VARIANT_TYPE_VARDICT);
  g_autofree char *owner_key = g_strconcat (dir, "-owner", NULL);
  g_autofree char *qdisc_key = g_strconcat (dir, "-qdisc", NULL);
  g_autofree char *got_owner = get_string (state, owner_key);
  g_autofree char *got_qdisc = get_string (state, qdisc_key);
  g_autofree char *got_text = g_variant_print (got, TRUE);
  TcguiParams want_p, got_p;
  g_autoptr(GError) error = NULL;

  params_from_text (want, &want_p);
  g_assert_true (tcgui_params_from_variant (got, &got_p, &error));
  g_assert_no_error (error);
  if (!tcgui_params_equal (&want_p, &got_p))
    g_error ("%s %s: read back %s, expected %s", ifname, dir, got_text, want);
  g_assert_cmpstr (got_owner, ==, owner);
  if (qdisc != NULL)
    g_assert_cmpstr (got_qdisc, ==, qdisc);
}

static void
run_cmd (const char *cmdline)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_command_line_sync (cmdline, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("“%s” failed: %s", cmdline, err);
}

static void
tc_in (const char *ns_name,
       const char *args)
{
  g_autofree char *cmd = g_strdup_printf ("ip netns exec %s tc %s", ns_name, args);

  run_cmd (cmd);
}

/* @ns_name: NULL for this (the host) namespace */
static char *
tc_show (const char *ns_name,
         const char *ifname)
{
  g_autofree char *cmd = ns_name ? g_strdup_printf ("tc -n %s qdisc show dev %s", ns_name, ifname)
                                 : g_strdup_printf ("tc qdisc show dev %s", ifname);
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_spawn_command_line_sync (cmd, &out, NULL, NULL, &error);
  g_assert_no_error (error);
  return out;
}

static void
clear_all (void)
{
  g_autoptr(GError) error = NULL;
  const char *ifs[] = { if_a, if_p1, if_p2, if_c, if_u };

  for (guint i = 0; i < G_N_ELEMENTS (ifs); i++)
    {
      g_autofree char *cmd = g_strdup_printf ("tc -n %s qdisc del dev %s root", ns_a_name, ifs[i]);

      g_autofree char *err = NULL;

      g_spawn_command_line_sync (cmd, NULL, &err, NULL, NULL);
      tcgui_qdisc_clear (ns_a, ifs[i], TCGUI_DIRECTION_BOTH, &error);
      g_assert_no_error (error);
    }
  tcgui_qdisc_clear ("host", if_h, TCGUI_DIRECTION_BOTH, &error);
  g_assert_no_error (error);
}

/* ---- kernel (tbf, IFB) -------------------------------------------------- */

static void
test_rate_outgoing (void)
{
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GVariant) stats = NULL;
  guint64 v;

  clear_all ();
  set_ok (ns_a, if_a, TCGUI_DIRECTION_OUTGOING, "{'rate-bps': <uint64 10000000>}");
  assert_state (ns_a, if_a, "outgoing", "{'rate-bps': <uint64 10000000>}", "tcgui", "tbf");

  /* Every field of the rate stage, including a 64-bit rate. */
  set_ok (ns_a, if_a, TCGUI_DIRECTION_OUTGOING,
          "{'rate-bps': <uint64 40000000000>, 'burst-bytes': <uint32 300000>, 'limit-packets': <uint32 50>}");
  assert_state (ns_a, if_a, "outgoing",
                "{'rate-bps': <uint64 40000000000>, 'burst-bytes': <uint32 300000>, 'limit-packets': <uint32 50>}",
                "tcgui", "tbf");

  state = get_state (ns_a, if_a);
  stats = g_variant_lookup_value (state, "outgoing-stats", G_VARIANT_TYPE_VARDICT);
  g_assert_nonnull (stats);
  for (guint i = 0; i < 6; i++)
    {
      const char *keys[] = { "sent-bytes", "sent-packets", "drops", "overlimits",
                             "backlog-bytes", "backlog-packets" };
      g_assert_true (g_variant_lookup (stats, keys[i], "t", &v));
    }

  /* Nothing on the other side, and incoming untouched. */
  assert_state (ns_a, if_a, "incoming", "{}", "none", NULL);
}

static void
test_rate_incoming_ifb (void)
{
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *via = NULL;
  g_autofree char *shown = NULL;

  clear_all ();
  /* The peer of IF_U is in a namespace nothing names: incoming goes
   * through an IFB. */
  set_ok (ns_a, if_u, TCGUI_DIRECTION_INCOMING, "{'rate-bps': <uint64 5000000>}");
  set_ok (ns_a, if_u, TCGUI_DIRECTION_OUTGOING, "{'rate-bps': <uint64 7000000>}");
  assert_state (ns_a, if_u, "incoming", "{'rate-bps': <uint64 5000000>}", "tcgui", "tbf");
  assert_state (ns_a, if_u, "outgoing", "{'rate-bps': <uint64 7000000>}", "tcgui", "tbf");
  state = get_state (ns_a, if_u);
  via = get_string (state, "incoming-via");
  g_assert_true (g_str_has_prefix (via, "ifb:tcgui-ifb"));
  shown = tc_show (ns_a_name, if_u);
  g_assert_nonnull (strstr (shown, "ingress"));

  /* A second change is made in place and keeps one redirect. */
  set_ok (ns_a, if_u, TCGUI_DIRECTION_INCOMING, "{'rate-bps': <uint64 6000000>}");
  assert_state (ns_a, if_u, "incoming", "{'rate-bps': <uint64 6000000>}", "tcgui", "tbf");

  g_assert_true (tcgui_qdisc_clear (ns_a, if_u, TCGUI_DIRECTION_INCOMING, &error));
  g_assert_no_error (error);
  assert_state (ns_a, if_u, "incoming", "{}", "none", NULL);
  assert_state (ns_a, if_u, "outgoing", "{'rate-bps': <uint64 7000000>}", "tcgui", "tbf");
  g_clear_pointer (&shown, g_free);
  shown = tc_show (ns_a_name, if_u);
  g_assert_null (strstr (shown, "ingress"));
}

static void
test_rate_incoming_peer (void)
{
  g_autoptr(GVariant) state = NULL;
  g_autofree char *via = NULL;
  g_autofree char *expected = g_strdup_printf ("peer:%s", if_p2);

  clear_all ();
  /* P1 and P2 are a veth pair inside A: incoming of P1 is P2's egress. */
  set_ok (ns_a, if_p1, TCGUI_DIRECTION_INCOMING, "{'rate-bps': <uint64 3000000>}");
  assert_state (ns_a, if_p1, "incoming", "{'rate-bps': <uint64 3000000>}", "tcgui", "tbf");
  assert_state (ns_a, if_p2, "outgoing", "{'rate-bps': <uint64 3000000>}", "tcgui", "tbf");
  state = get_state (ns_a, if_p1);
  via = get_string (state, "incoming-via");
  g_assert_cmpstr (via, ==, expected);
  clear_all ();
  assert_state (ns_a, if_p2, "outgoing", "{}", "none", "noqueue");
}

/* Incoming of @ifname in @ns is @peer's egress in @peer_ns (a namespace
 * identifier; @peer_ns_name for tc, NULL for the host). */
static void
check_remote_peer (const char *ns,
                   const char *ifname,
                   const char *peer_ns,
                   const char *peer_ns_name,
                   const char *peer)
{
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *via = NULL;
  g_autofree char *via_ns = NULL;
  g_autofree char *expected = g_strdup_printf ("peer:%s", peer);
  g_autofree char *shown = NULL;
  gboolean broken = TRUE;

  set_ok (ns, ifname, TCGUI_DIRECTION_INCOMING, "{'rate-bps': <uint64 3000000>}");
  assert_state (ns, ifname, "incoming", "{'rate-bps': <uint64 3000000>}", "tcgui", "tbf");
  assert_state (peer_ns, peer, "outgoing", "{'rate-bps': <uint64 3000000>}", "tcgui", "tbf");
  state = get_state (ns, ifname);
  via = get_string (state, "incoming-via");
  via_ns = get_string (state, "incoming-via-namespace");
  g_assert_cmpstr (via, ==, expected);
  g_assert_cmpstr (via_ns, ==, peer_ns);
  g_assert_true (g_variant_lookup (state, "incoming-broken", "b", &broken));
  g_assert_false (broken);
  shown = tc_show (peer_ns_name, peer);
  g_assert_nonnull (strstr (shown, "tbf 7cc"));
  g_clear_pointer (&shown, g_free);
  /* No IFB and no ingress on this side. */
  shown = tc_show (g_str_equal (ns, "host") ? NULL : ns_a_name, ifname);
  g_assert_null (strstr (shown, "ingress"));
  g_clear_pointer (&shown, g_free);

  /* A change in place, then ClearShaping restores the peer's default. */
  set_ok (ns, ifname, TCGUI_DIRECTION_INCOMING, "{'rate-bps': <uint64 4000000>}");
  assert_state (ns, ifname, "incoming", "{'rate-bps': <uint64 4000000>}", "tcgui", "tbf");
  g_assert_true (tcgui_qdisc_clear (ns, ifname, TCGUI_DIRECTION_INCOMING, &error));
  g_assert_no_error (error);
  assert_state (ns, ifname, "incoming", "{}", "none", NULL);
  assert_state (peer_ns, peer, "outgoing", "{}", "none", "noqueue");
  shown = tc_show (peer_ns_name, peer);
  g_assert_null (strstr (shown, "tbf"));
}

static void
test_rate_incoming_remote_peer (void)
{
  clear_all ();
  /* IF_A's peer IF_B is in namespace B. */
  check_remote_peer (ns_a, if_a, ns_b, ns_b_name, if_b);
  /* IF_C's peer IF_H is in the host namespace (a container's eth0). */
  check_remote_peer (ns_a, if_c, "host", NULL, if_h);
  /* And the other way round: the host side's peer in a named namespace. */
  check_remote_peer ("host", if_h, ns_a, ns_a_name, if_c);
  clear_all ();
}

static void
run_tc (const char *ns_name,
        const char *args)
{
  g_autofree char *cmd = g_strdup_printf ("tc -n %s %s", ns_name, args);

  run_cmd (cmd);
}

static void
assert_broken (const char *ns,
               const char *ifname,
               gboolean    want)
{
  g_autoptr(GVariant) state = get_state (ns, ifname);
  gboolean broken = !want;

  g_assert_true (g_variant_lookup (state, "incoming-broken", "b", &broken));
  g_assert_cmpint (broken, ==, want);
}

/* Someone removes the redirect or the IFB behind TC GUI's back: read-back
 * says incoming is not shaped (and broken), SetShaping repairs it. */
static void
test_ifb_repair (void)
{
  g_autofree char *del_filter = g_strdup_printf ("filter del dev %s ingress", if_u);
  g_autofree char *show_filter = g_strdup_printf ("tc -n %s filter show dev %s ingress",
                                                  ns_a_name, if_u);
  g_autofree char *ifb = NULL;
  g_autofree char *del_ifb = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GError) error = NULL;
  const char *rate = "{'rate-bps': <uint64 2000000>}";

  clear_all ();
  set_ok (ns_a, if_u, TCGUI_DIRECTION_INCOMING, rate);
  assert_broken (ns_a, if_u, FALSE);
  state = get_state (ns_a, if_u);
  ifb = get_string (state, "incoming-via");
  g_assert_true (g_str_has_prefix (ifb, "ifb:"));

  /* The filter goes: nothing is shaped any more, and read-back says so. */
  run_tc (ns_a_name, del_filter);
  assert_state (ns_a, if_u, "incoming", "{}", "none", NULL);
  assert_broken (ns_a, if_u, TRUE);
  set_ok (ns_a, if_u, TCGUI_DIRECTION_INCOMING, rate);
  assert_state (ns_a, if_u, "incoming", rate, "tcgui", "tbf");
  assert_broken (ns_a, if_u, FALSE);
  g_spawn_command_line_sync (show_filter, &out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (out, "mirred"));

  /* The IFB goes: the redirect is left pointing nowhere. */
  del_ifb = g_strdup_printf ("ip -n %s link del %s", ns_a_name, ifb + strlen ("ifb:"));
  run_cmd (del_ifb);
  assert_state (ns_a, if_u, "incoming", "{}", "none", NULL);
  assert_broken (ns_a, if_u, TRUE);
  set_ok (ns_a, if_u, TCGUI_DIRECTION_INCOMING, rate);
  assert_state (ns_a, if_u, "incoming", rate, "tcgui", "tbf");
  assert_broken (ns_a, if_u, FALSE);

  /* The IFB goes again, then ClearShaping removes what is left. */
  run_cmd (del_ifb);
  g_assert_true (tcgui_qdisc_clear (ns_a, if_u, TCGUI_DIRECTION_INCOMING, &error));
  g_assert_no_error (error);
  assert_broken (ns_a, if_u, FALSE);
  g_clear_pointer (&out, g_free);
  out = tc_show (ns_a_name, if_u);
  g_assert_null (strstr (out, "ingress"));
  clear_all ();
}

/* The root handle of IF_A's tree ("7cc0" or "7cc1") and its burst. */
static char *
root_of_a (guint *burst)
{
  g_autofree char *shown = tc_show (ns_a_name, if_a);
  const char *tbf = strstr (shown, "tbf 7cc");
  const char *b = tbf ? strstr (tbf, " burst ") : NULL;

  g_assert_nonnull (b);
  *burst = (guint) g_ascii_strtoull (b + 7, NULL, 10);
  return g_strndup (tbf + 4, 4);
}

/* Lowering a rate, burst or limit grafts a new tree at the other handle
 * (a tbf changed in place keeps queued packets larger than its new bucket
 * for ever); raising them changes the tree in place. The automatic burst
 * holds a GSO packet where that is at most 50 ms of the rate. */
static void
test_lowering_grafts (void)
{
  g_autofree char *h50 = NULL, *h5 = NULL, *h10 = NULL, *hb = NULL, *hl = NULL;
  guint burst = 0;

  clear_all ();
  set_ok (ns_a, if_a, TCGUI_DIRECTION_OUTGOING, "{'rate-bps': <uint64 50000000>}");
  h50 = root_of_a (&burst);
  g_assert_cmpuint (burst, >=, 65536);
  set_ok (ns_a, if_a, TCGUI_DIRECTION_OUTGOING, "{'rate-bps': <uint64 5000000>}");
  assert_state (ns_a, if_a, "outgoing", "{'rate-bps': <uint64 5000000>}", "tcgui", "tbf");
  h5 = root_of_a (&burst);
  g_assert_cmpstr (h5, !=, h50);
  /* 50 ms of 5 Mbit/s is less than a GSO packet. */
  g_assert_cmpuint (burst, <, 65536);
  set_ok (ns_a, if_a, TCGUI_DIRECTION_OUTGOING, "{'rate-bps': <uint64 10000000>}");
  h10 = root_of_a (&burst);
  g_assert_cmpstr (h10, ==, h5);
  set_ok (ns_a, if_a, TCGUI_DIRECTION_OUTGOING,
          "{'rate-bps': <uint64 10000000>, 'burst-bytes': <uint32 20000>}");
  hb = root_of_a (&burst);
  g_assert_cmpstr (hb, !=, h10);
  set_ok (ns_a, if_a, TCGUI_DIRECTION_OUTGOING,
          "{'rate-bps': <uint64 10000000>, 'burst-bytes': <uint32 20000>, 'limit-packets': <uint32 10>}");
  assert_state (ns_a, if_a, "outgoing",
                "{'rate-bps': <uint64 10000000>, 'burst-bytes': <uint32 20000>, 'limit-packets': <uint32 10>}",
                "tcgui", "tbf");
  hl = root_of_a (&burst);
  g_assert_cmpstr (hl, !=, hb);
  clear_all ();
}

/* The peer's namespace gets a name while an IFB shapes incoming: the IFB
 * stays in use (read back, changed, cleared) until it is cleared; the
 * next change then goes to the peer, now reachable. */
static void
test_layout_change (void)
{
  g_autofree char *named = g_strdup_printf ("%s-u", ns_a_name);
  g_autofree char *named_id = g_strdup_printf ("netns:%s", named);
  g_autofree char *attach = g_strdup_printf ("ip netns attach %s %s", named,
                                             g_getenv ("TCGUI_TEST_HOLDER_PID"));
  g_autofree char *detach = g_strdup_printf ("ip netns del %s", named);
  g_autofree char *peer = g_strdup_printf ("%s-peer", if_u);
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *via = NULL;
  g_autofree char *shown = NULL;

  clear_all ();
  set_ok (ns_a, if_u, TCGUI_DIRECTION_INCOMING, "{'rate-bps': <uint64 2000000>}");
  run_cmd (attach);
  set_ok (ns_a, if_u, TCGUI_DIRECTION_INCOMING, "{'rate-bps': <uint64 3000000>}");
  assert_state (ns_a, if_u, "incoming", "{'rate-bps': <uint64 3000000>}", "tcgui", "tbf");
  state = get_state (ns_a, if_u);
  via = get_string (state, "incoming-via");
  g_assert_true (g_str_has_prefix (via, "ifb:"));
  assert_state (named_id, peer, "outgoing", "{}", "none", NULL);

  g_assert_true (tcgui_qdisc_clear (ns_a, if_u, TCGUI_DIRECTION_INCOMING, &error));
  g_assert_no_error (error);
  shown = tc_show (ns_a_name, if_u);
  g_assert_null (strstr (shown, "ingress"));
  set_ok (ns_a, if_u, TCGUI_DIRECTION_INCOMING, "{'rate-bps': <uint64 4000000>}");
  assert_state (named_id, peer, "outgoing", "{'rate-bps': <uint64 4000000>}", "tcgui", "tbf");
  g_clear_pointer (&state, g_variant_unref);
  g_clear_pointer (&via, g_free);
  state = get_state (ns_a, if_u);
  via = get_string (state, "incoming-via");
  g_assert_true (g_str_has_prefix (via, "peer:") && g_str_equal (via + 5, peer));
  g_assert_true (tcgui_qdisc_clear (ns_a, if_u, TCGUI_DIRECTION_INCOMING, &error));
  g_assert_no_error (error);
  assert_state (named_id, peer, "outgoing", "{}", "none", NULL);
  run_cmd (detach);
  clear_all ();
}

static void
test_tc_made_tree (void)
{
  g_autofree char *args = g_strdup_printf ("qdisc add dev %s root handle 1: tbf rate 8mbit "
                                           "burst 20000 limit 100000", if_a);
  g_autoptr(GError) error = NULL;

  clear_all ();
  tc_in (ns_a_name, args);
  assert_state (ns_a, if_a, "outgoing",
                "{'rate-bps': <uint64 8000000>, 'burst-bytes': <uint32 20000>, 'limit-packets': <uint32 66>}",
                "tc", "tbf");
  /* Representable: replaced without the force flag, cleared by ClearShaping. */
  set_ok (ns_a, if_a, TCGUI_DIRECTION_OUTGOING, "{'rate-bps': <uint64 9000000>}");
  assert_state (ns_a, if_a, "outgoing", "{'rate-bps': <uint64 9000000>}", "tcgui", "tbf");
  g_assert_true (tcgui_qdisc_clear (ns_a, if_a, TCGUI_DIRECTION_OUTGOING, &error));
  g_assert_no_error (error);
  assert_state (ns_a, if_a, "outgoing", "{}", "none", "noqueue");
}

static void
test_foreign (void)
{
  g_autofree char *htb = g_strdup_printf ("qdisc add dev %s root handle 1: htb default 10", if_a);
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;

  clear_all ();
  tc_in (ns_a_name, htb);
  assert_state (ns_a, if_a, "outgoing", "{}", "foreign", "htb");

  g_assert_false (try_set (ns_a, if_a, TCGUI_DIRECTION_OUTGOING,
                           "{'rate-bps': <uint64 1000000>}", 0, &error));
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_FOREIGN_QDISC);
  g_clear_error (&error);
  g_assert_false (tcgui_qdisc_clear (ns_a, if_a, TCGUI_DIRECTION_OUTGOING, &error));
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_FOREIGN_QDISC);
  g_clear_error (&error);
  shown = tc_show (ns_a_name, if_a);
  g_assert_nonnull (strstr (shown, "htb 1:"));

  /* pfifo made by tc is foreign too (it has a handle; the default has 0:). */
  g_assert_true (try_set (ns_a, if_a, TCGUI_DIRECTION_OUTGOING,
                          "{'rate-bps': <uint64 1000000>}", TCGUI_SHAPING_FLAGS_FORCE, &error));
  g_assert_no_error (error);
  assert_state (ns_a, if_a, "outgoing", "{'rate-bps': <uint64 1000000>}", "tcgui", "tbf");
  clear_all ();
  g_free (htb);
  htb = g_strdup_printf ("qdisc add dev %s root handle 5: pfifo limit 10", if_a);
  tc_in (ns_a_name, htb);
  assert_state (ns_a, if_a, "outgoing", "{}", "foreign", "pfifo");
  clear_all ();

  /* A tbf with a peak rate is outside the model: foreign, not misread. */
  g_free (htb);
  htb = g_strdup_printf ("qdisc add dev %s root handle 1: tbf rate 1mbit burst 10000 "
                         "limit 20000 peakrate 2mbit mtu 2000", if_a);
  tc_in (ns_a_name, htb);
  assert_state (ns_a, if_a, "outgoing", "{}", "foreign", "tbf");
  clear_all ();
}

static void
test_foreign_ingress (void)
{
  g_autofree char *ingress = g_strdup_printf ("qdisc add dev %s ingress", if_u);
  g_autofree char *del = g_strdup_printf ("qdisc del dev %s ingress", if_u);
  g_autofree char *shown = NULL;
  g_autoptr(GError) error = NULL;

  clear_all ();
  tc_in (ns_a_name, ingress);
  /* Someone else's ingress qdisc: incoming needs the force flag. */
  g_assert_false (try_set (ns_a, if_u, TCGUI_DIRECTION_INCOMING,
                           "{'rate-bps': <uint64 1000000>}", 0, &error));
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_FOREIGN_QDISC);
  g_clear_error (&error);
  assert_state (ns_a, if_u, "incoming", "{}", "none", NULL);

  g_assert_true (try_set (ns_a, if_u, TCGUI_DIRECTION_INCOMING,
                          "{'rate-bps': <uint64 1000000>}", TCGUI_SHAPING_FLAGS_FORCE, &error));
  g_assert_no_error (error);
  assert_state (ns_a, if_u, "incoming", "{'rate-bps': <uint64 1000000>}", "tcgui", "tbf");

  /* Clearing removes TC GUI's redirect and IFB but keeps their ingress. */
  g_assert_true (tcgui_qdisc_clear (ns_a, if_u, TCGUI_DIRECTION_INCOMING, &error));
  g_assert_no_error (error);
  shown = tc_show (ns_a_name, if_u);
  g_assert_nonnull (strstr (shown, "ingress"));
  assert_state (ns_a, if_u, "incoming", "{}", "none", NULL);
  tc_in (ns_a_name, del);
}

/* A process in a namespace of its own, named as a container would be:
 * "pid:PID:INODE". */
static void
test_pid_namespace (void)
{
  char *argv[] = { "unshare", "--net", "sleep", "60", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *ns_path = NULL;
  g_autofree char *ns_id = NULL;
  struct stat self, st = { 0 };
  GPid pid;

  g_assert_true (g_spawn_async (NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  ns_path = g_strdup_printf ("/proc/%d/ns/net", pid);
  g_assert_cmpint (stat ("/proc/self/ns/net", &self), ==, 0);
  /* unshare(1) is in our namespace until it has unshared. */
  for (guint i = 0; i < 200 && (stat (ns_path, &st) != 0 || st.st_ino == self.st_ino); i++)
    g_usleep (10000);
  g_assert_cmpuint (st.st_ino, !=, self.st_ino);

  ns_id = g_strdup_printf ("pid:%d:%" G_GUINT64_FORMAT, pid, (guint64) st.st_ino);
  set_ok (ns_id, "lo", TCGUI_DIRECTION_OUTGOING, "{'rate-bps': <uint64 3000000>}");
  assert_state (ns_id, "lo", "outgoing", "{'rate-bps': <uint64 3000000>}", "tcgui", "tbf");

  /* The process ends: its namespace is gone, and so is a recycled PID's. */
  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);
  g_assert_false (try_set (ns_id, "lo", TCGUI_DIRECTION_OUTGOING,
                           "{'rate-bps': <uint64 1000000>}", 0, &error));
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_NAMESPACE);
  g_clear_error (&error);
  g_free (ns_id);
  ns_id = g_strdup_printf ("pid:%d:%" G_GUINT64_FORMAT, getpid (), (guint64) st.st_ino);
  g_assert_null (tcgui_qdisc_get (ns_id, "lo", &error));
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_NAMESPACE);
}

/* ---- boundaries: every accepted value reads back as sent --------------- */

/* What the kernel holds for @ifname's root tbf, read with tc itself
 * (tc -j -r): the rate in bytes/s, the bucket in 64 ns ticks and the byte
 * limit. */
typedef struct
{
  guint64 rate_bytes;
  guint64 buffer_ticks;
  guint64 limit_bytes;
} KernelTbf;

static guint64
match_u64 (const char *text,
           const char *pattern,
           guint       base)
{
  g_autoptr(GRegex) re = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) info = NULL;
  g_autofree char *digits = NULL;

  if (!g_regex_match (re, text, 0, &info))
    g_error ("“%s” not found in: %s", pattern, text);
  digits = g_match_info_fetch (info, 1);
  return g_ascii_strtoull (digits, NULL, base);
}

static void
kernel_tbf (const char *ifname,
            KernelTbf  *k)
{
  g_autofree char *cmd = g_strdup_printf ("tc -n %s -j -r qdisc show dev %s", ns_a_name, ifname);
  g_autofree char *json = NULL;

  g_assert_true (g_spawn_command_line_sync (cmd, &json, NULL, NULL, NULL));
  k->rate_bytes = match_u64 (json, "\"kind\":\"tbf\".*?\"rate\":([0-9]+)", 10);
  k->buffer_ticks = match_u64 (json, "\"burst_raw\":\"([0-9a-f]+)\"", 16);
  k->limit_bytes = match_u64 (json, "\"limit\":([0-9]+)", 10);
}

static guint
link_sysfs_uint (const char *ifname,
                 const char *attribute)
{
  g_autofree char *cmd = g_strdup_printf ("ip netns exec %s cat /sys/class/net/%s/%s",
                                          ns_a_name, ifname, attribute);
  g_autofree char *out = NULL;

  g_assert_true (g_spawn_command_line_sync (cmd, &out, NULL, NULL, NULL));
  return (guint) g_ascii_strtoull (out, NULL, 10);
}

static guint
link_mtu (const char *ifname)
{
  return link_sysfs_uint (ifname, "mtu");
}

/* IFLA_GSO_MAX_SIZE, which sysfs does not show */
static guint
link_gso_max (const char *ifname)
{
  g_autofree char *cmd = g_strdup_printf ("ip -n %s -d -o link show dev %s", ns_a_name, ifname);
  g_autofree char *out = NULL;
  const char *at;

  g_assert_true (g_spawn_command_line_sync (cmd, &out, NULL, NULL, NULL));
  at = strstr (out, " gso_max_size ");
  g_assert_nonnull (at);
  return (guint) g_ascii_strtoull (at + strlen (" gso_max_size "), NULL, 10);
}

/* The kernel holds exactly what @p programs: the rate in whole bytes, the
 * bucket as the kernel's ticks of the burst, the limit in bytes. */
static void
assert_kernel_holds (const char        *ifname,
                     const TcguiParams *p)
{
  guint mtu = link_mtu (ifname);
  guint64 frame = mtu + 14;
  guint64 rate_bytes = p->rate_bps / 8;
  guint gso_max = link_gso_max (ifname);
  guint64 burst = p->burst_bytes ? p->burst_bytes
                                 : tcgui_qdisc_default_burst (p->rate_bps, mtu, gso_max);
  guint64 want_ticks = burst * 1000000000 / rate_bytes / 64;
  guint64 want_limit = p->limit_packets ? p->limit_packets * frame
                                        : MIN (burst + rate_bytes / 20, G_MAXUINT32);
  KernelTbf k;

  kernel_tbf (ifname, &k);
  g_assert_cmpuint (k.rate_bytes * 8, ==, p->rate_bps);
  /* The kernel's ns per byte is a multiply and shift: one tick either way. */
  g_assert_cmpuint (k.buffer_ticks + 1, >=, want_ticks);
  g_assert_cmpuint (k.buffer_ticks, <=, want_ticks + 1);
  g_assert_cmpuint (k.limit_bytes, ==, want_limit);
}

/* Accepted at the edges of their ranges (docs/security.md): each must
 * read back as sent, through the engine and in the kernel. */
static const char * const tbf_boundaries[] = {
  "{'rate-bps': <uint64 1000>}",
  "{'rate-bps': <uint64 1000000000000>}",
  "{'rate-bps': <uint64 999999999992>}",
  "{'rate-bps': <uint64 4294967288>}",
  "{'rate-bps': <uint64 34359738368>}",          /* 2^32 bytes/s: TCA_TBF_RATE64 */
  "{'rate-bps': <uint64 1000>, 'burst-bytes': <uint32 34359>}",
  "{'rate-bps': <uint64 1000>, 'burst-bytes': <uint32 1514>}",
  "{'rate-bps': <uint64 1000000000000>, 'burst-bytes': <uint32 1514>}",   /* 0 ticks */
  "{'rate-bps': <uint64 1000000000000>, 'burst-bytes': <uint32 1073741824>}",
  "{'rate-bps': <uint64 31250008>, 'burst-bytes': <uint32 1073741824>}",
  "{'rate-bps': <uint64 8000000>, 'limit-packets': <uint32 1>}",
  "{'rate-bps': <uint64 8000000>, 'limit-packets': <uint32 40>}",
  /* At 1 Tbit/s the default limit is the 32-bit maximum, as is this one. */
  "{'rate-bps': <uint64 1000000000000>, 'limit-packets': <uint32 2836834>}",
};

/* Without the journal (a tree `tc` made, or a lost journal) the documented
 * rounding applies: the rate is exact, the burst within one 64 ns tick of
 * the rate, a byte limit in whole frames. */
static void
assert_read_without_journal (const TcguiParams *sent)
{
  g_autofree char *empty = g_build_filename (g_get_tmp_dir (), ns_a_name, "no-journal", NULL);
  g_autofree char *journal = g_build_filename (g_get_tmp_dir (), ns_a_name, "journal", NULL);
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GVariant) got = NULL;
  g_autoptr(GError) error = NULL;
  guint64 tick_bytes = sent->rate_bps / 8 * 64 / 1000000000 + 2;
  TcguiParams p;

  tcgui_journal_set_path (empty);
  state = get_state (ns_a, if_a);
  tcgui_journal_set_path (journal);
  got = g_variant_lookup_value (state, "outgoing", G_VARIANT_TYPE_VARDICT);
  g_assert_true (tcgui_params_from_variant (got, &p, &error));
  g_assert_cmpuint (p.rate_bps, ==, sent->rate_bps);
  if (sent->burst_bytes != 0 && p.burst_bytes != 0)
    g_assert_cmpuint (ABS ((gint64) p.burst_bytes - (gint64) sent->burst_bytes), <=, tick_bytes);
  /* A limit is shown in whole frames, or as the default when its bytes
   * are the default's. */
  if (p.limit_packets != 0)
    g_assert_cmpuint (p.limit_packets, ==, sent->limit_packets);
}

static void
test_boundaries_accepted (void)
{
  g_assert_cmpuint (link_mtu (if_a), ==, 1500);
  clear_all ();
  for (guint i = 0; i < G_N_ELEMENTS (tbf_boundaries); i++)
    {
      TcguiParams p;

      g_test_message ("%s", tbf_boundaries[i]);
      params_from_text (tbf_boundaries[i], &p);
      set_ok (ns_a, if_a, TCGUI_DIRECTION_OUTGOING, tbf_boundaries[i]);
      assert_state (ns_a, if_a, "outgoing", tbf_boundaries[i], "tcgui", "tbf");
      assert_kernel_holds (if_a, &p);
      assert_read_without_journal (&p);
    }
  clear_all ();
}

typedef struct
{
  const char *ifname;    /* NULL: if_a */
  const char *params;
  const char *names;     /* the error names the limit */
} Refused;

static const Refused refused[] = {
  { NULL, "{'rate-bps': <uint64 999999999999>}", "multiple of 8" },
  { NULL, "{'rate-bps': <uint64 1000000000008>}", "1000000000000" },
  { NULL, "{'rate-bps': <uint64 1000>, 'burst-bytes': <uint32 34360>}", "at most 34359" },
  { NULL, "{'rate-bps': <uint64 8000000>, 'burst-bytes': <uint32 1513>}", "1514" },
  { NULL, "{'delay-us': <uint32 10>, 'jitter-us': <uint32 2147484>}", "at most 2147483" },
  { NULL, "{'rate-bps': <uint64 1000000000000>, 'limit-packets': <uint32 2836835>}", "at most 2836834" },
  { NULL, "{'rate-bps': <uint64 8000000>, 'limit-packets': <uint32 100000001>}", "100000000" },
  /* lo's MTU is 65536: one frame does not fit 274.9 s at 1000 bit/s. */
  { "lo", "{'rate-bps': <uint64 1000>}", "at least 1912" },
};

static void
test_boundaries_refused (void)
{
  clear_all ();
  set_ok (ns_a, if_a, TCGUI_DIRECTION_OUTGOING, "{'rate-bps': <uint64 2000000>}");
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      const char *ifname = refused[i].ifname ? refused[i].ifname : if_a;
      g_autoptr(GVariant) dict = parse_dict (refused[i].params);
      g_autofree char *before = tc_show (ns_a_name, ifname);
      g_autofree char *after = NULL;
      g_autoptr(GError) error = NULL;
      TcguiParams p;

      g_test_message ("%s on %s", refused[i].params, ifname);
      /* Refused by the shared model, or by the engine for the link's MTU. */
      if (tcgui_params_from_variant (dict, &p, &error))
        g_assert_false (tcgui_qdisc_set (ns_a, ifname, TCGUI_DIRECTION_OUTGOING, &p, 0, &error));
      g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT);
      if (strstr (error->message, refused[i].names) == NULL)
        g_error ("“%s” does not name “%s”", error->message, refused[i].names);
      after = tc_show (ns_a_name, ifname);
      g_assert_cmpstr (before, ==, after);
    }
  clear_all ();
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  TcguiParams p;

  clear_all ();
  set_ok (ns_a, if_a, TCGUI_DIRECTION_OUTGOING, "{'rate-bps': <uint64 2000000>}");
  before = tc_show (ns_a_name, if_a);

  g_assert_false (try_set ("netns:tcgui-no-such-ns-xyz", if_a, TCGUI_DIRECTION_OUTGOING,
                           "{'rate-bps': <uint64 1000000>}", 0, &error));
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_NAMESPACE);
  g_clear_error (&error);
  g_assert_null (tcgui_qdisc_get ("netns:tcgui-no-such-ns-xyz", if_a, &error));
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_NAMESPACE);
  g_clear_error (&error);
  g_assert_false (try_set (ns_a, "nosuchif0", TCGUI_DIRECTION_OUTGOING,
                           "{'rate-bps': <uint64 1000000>}", 0, &error));
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_INTERFACE);
  g_clear_error (&error);
  g_assert_false (try_set (ns_a, if_a, TCGUI_DIRECTION_OUTGOING,
                           "{'rate-bps': <uint64 1000000>, 'burst-bytes': <uint32 100>}", 0, &error));
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (try_set (ns_a, if_a, TCGUI_DIRECTION_OUTGOING,
                           "{'rate-bps': <uint64 1000000>}", 0x10, &error));
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* A call refused before any namespace was opened closes nothing of the
   * process's (it once closed fd 0, which a later open() then reused). */
  g_assert_cmpint (fcntl (0, F_GETFD), >=, 0);

  /* Out of range even when built by hand, past the a{sv} parser. */
  tcgui_params_init (&p);
  p.loss = 150;
  g_assert_false (tcgui_qdisc_set (ns_a, if_a, TCGUI_DIRECTION_OUTGOING, &p, 0, &error));
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  if (g_strcmp0 (g_getenv ("TCGUI_TEST_HOST_NETEM"), "0") == 0)
    {
      /* This kernel lacks sch_netem: a typed error naming the module. */
      g_assert_false (try_set (ns_a, if_a, TCGUI_DIRECTION_OUTGOING,
                               "{'delay-us': <uint32 10000>, 'rate-bps': <uint64 1000000>}", 0, &error));
      g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_NOT_SUPPORTED);
      g_assert_nonnull (strstr (error->message, "sch_netem"));
      g_clear_error (&error);
    }

  after = tc_show (ns_a_name, if_a);
  g_assert_cmpstr (before, ==, after);
  clear_all ();
}

static void
test_clear_restores_default (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;

  clear_all ();
  set_ok (ns_a, if_a, TCGUI_DIRECTION_OUTGOING, "{'rate-bps': <uint64 2000000>}");
  g_assert_true (tcgui_qdisc_clear (ns_a, if_a, TCGUI_DIRECTION_OUTGOING, &error));
  g_assert_no_error (error);
  shown = tc_show (ns_a_name, if_a);
  g_assert_nonnull (strstr (shown, "noqueue 0: root"));
  /* Clearing twice is fine. */
  g_assert_true (tcgui_qdisc_clear (ns_a, if_a, TCGUI_DIRECTION_BOTH, &error));
  g_assert_no_error (error);
  /* An empty set clears as well. */
  set_ok (ns_a, if_a, TCGUI_DIRECTION_OUTGOING, "{'rate-bps': <uint64 2000000>}");
  set_ok (ns_a, if_a, TCGUI_DIRECTION_OUTGOING, "{}");
  assert_state (ns_a, if_a, "outgoing", "{}", "none", "noqueue");
}

static void
test_journal_reset_all (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *tc_args = g_strdup_printf ("qdisc add dev %s root handle 1: tbf rate 1mbit "
                                              "burst 10000 limit 20000", if_p2);
  guint cleared = 0;

  clear_all ();
  /* Earlier tests may leave entries of namespaces that are gone now (the
   * pid test's): ResetAll drops them without counting them. */
  g_assert_true (tcgui_qdisc_reset_all (&cleared, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cleared, ==, 0);
  entries = tcgui_journal_list (&error);
  g_assert_cmpuint (entries->len, ==, 0);
  g_clear_pointer (&entries, g_ptr_array_unref);

  set_ok (ns_a, if_a, TCGUI_DIRECTION_OUTGOING, "{'rate-bps': <uint64 2000000>}");
  set_ok (ns_a, if_a, TCGUI_DIRECTION_INCOMING, "{'rate-bps': <uint64 3000000>}");
  assert_state (ns_b, if_b, "outgoing", "{'rate-bps': <uint64 3000000>}", "tcgui", "tbf");
  set_ok (ns_a, if_p1, TCGUI_DIRECTION_OUTGOING, "{'rate-bps': <uint64 4000000>}");
  tc_in (ns_a_name, tc_args);

  entries = tcgui_journal_list (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 3);

  /* A journal entry of a namespace that is gone is dropped. */
  {
    TcguiJournalEntry gone = { .ns_id = (char *) "netns:tcgui-gone-xyz", .inode = 1,
                               .ifname = (char *) "eth0", .direction = (char *) "outgoing",
                               .device = (char *) "eth0", .via = (char *) "", .handle = 0x7cc00000 };
    g_assert_true (tcgui_journal_record (&gone, &error));
    g_assert_no_error (error);
  }

  g_assert_true (tcgui_qdisc_reset_all (&cleared, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cleared, ==, 3);
  assert_state (ns_a, if_a, "outgoing", "{}", "none", "noqueue");
  assert_state (ns_a, if_a, "incoming", "{}", "none", NULL);
  /* Incoming of IF_A was applied on its peer in namespace B. */
  assert_state (ns_b, if_b, "outgoing", "{}", "none", "noqueue");
  assert_state (ns_a, if_p1, "outgoing", "{}", "none", "noqueue");
  /* Only what TC GUI applied: the tree made with tc stays. */
  assert_state (ns_a, if_p2, "outgoing",
                "{'rate-bps': <uint64 1000000>, 'burst-bytes': <uint32 10000>, 'limit-packets': <uint32 13>}",
                "tc", "tbf");

  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = tcgui_journal_list (&error);
  g_assert_cmpuint (entries->len, ==, 0);
  clear_all ();
}

/* A change rewrites its journal entry in place: a shorter entry after a
 * longer one must leave nothing of the old text behind. */
static void
test_journal_rewrite (void)
{
  const char *longer = "{'rate-bps': <uint64 40000000000>, 'burst-bytes': <uint32 300000>, "
                       "'limit-packets': <uint32 50>}";
  const char *shorter = "{'rate-bps': <uint64 1000000>}";
  g_autoptr(TcguiJournalEntry) entry = NULL;
  TcguiParams want;

  clear_all ();
  set_ok (ns_a, if_p1, TCGUI_DIRECTION_OUTGOING, shorter);
  set_ok (ns_a, if_p1, TCGUI_DIRECTION_OUTGOING, longer);
  set_ok (ns_a, if_p1, TCGUI_DIRECTION_OUTGOING, shorter);
  assert_state (ns_a, if_p1, "outgoing", shorter, "tcgui", "tbf");
  {
    g_autoptr(GPtrArray) entries = tcgui_journal_list (NULL);

    for (guint i = 0; entries != NULL && i < entries->len; i++)
      {
        TcguiJournalEntry *e = g_ptr_array_index (entries, i);

        if (g_str_equal (e->ifname, if_p1) && g_str_equal (e->direction, "outgoing"))
          entry = tcgui_journal_lookup (e->inode, e->ifname, e->direction);
      }
  }
  g_assert_nonnull (entry);
  params_from_text (shorter, &want);
  g_assert_true (tcgui_params_equal (&entry->params, &want));
  g_assert_cmpuint (entry->handle >> 16, >=, TCGUI_HANDLE_MAJOR_A);
  clear_all ();
}

static gpointer
concurrent_thread (gpointer data)
{
  guint64 base = GPOINTER_TO_UINT (data);

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *text = g_strdup_printf ("{'rate-bps': <uint64 %" G_GUINT64_FORMAT ">}",
                                               (base + i) * 8000);
      g_autoptr(GError) error = NULL;

      if (!try_set (ns_a, if_a, i % 2 ? TCGUI_DIRECTION_INCOMING : TCGUI_DIRECTION_OUTGOING,
                    text, 0, &error))
        return g_strdup (error->message);
    }
  return NULL;
}

static void
test_concurrent (void)
{
  GThread *t1, *t2;
  char *e1, *e2;
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GVariant) out = NULL;
  g_autofree char *shown = NULL;
  guint64 rate = 0;

  clear_all ();
  t1 = g_thread_new ("client-1", concurrent_thread, GUINT_TO_POINTER (1000));
  t2 = g_thread_new ("client-2", concurrent_thread, GUINT_TO_POINTER (2000));
  e1 = g_thread_join (t1);
  e2 = g_thread_join (t2);
  g_assert_null (e1);
  g_assert_null (e2);

  /* Each direction ends with one client's last value and one tree. */
  state = get_state (ns_a, if_a);
  out = g_variant_lookup_value (state, "outgoing", G_VARIANT_TYPE_VARDICT);
  g_assert_true (g_variant_lookup (out, "rate-bps", "t", &rate));
  g_assert_true (rate == 1038 * 8000 || rate == 2038 * 8000);
  shown = tc_show (ns_a_name, if_a);
  g_assert_nonnull (strstr (shown, "tbf 7cc"));
  clear_all ();
}

/* ---- cleanup: ClearShaping, ResetAll, the journal ----------------------- */

static char *
ifb_of (const char *ns,
        const char *ifname)
{
  g_autoptr(GVariant) state = get_state (ns, ifname);
  g_autofree char *via = get_string (state, "incoming-via");

  g_assert_true (g_str_has_prefix (via, "ifb:"));
  return g_strdup (via + strlen ("ifb:"));
}

/* Whether @ns_name has a link @name (of @kind, when not NULL). */
static gboolean
link_exists (const char *ns_name,
             const char *name,
             const char *kind)
{
  g_autofree char *cmd = g_strdup_printf ("ip -n %s -d -o link show dev %s", ns_name, name);
  g_autofree char *out = NULL;
  int status = 0;

  g_spawn_command_line_sync (cmd, &out, NULL, &status, NULL);
  if (!g_spawn_check_wait_status (status, NULL))
    return FALSE;
  return kind == NULL || strstr (out, kind) != NULL;
}

static gboolean
has_entry (const char *ifname,
           const char *dir)
{
  g_autoptr(GPtrArray) entries = tcgui_journal_list (NULL);

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      TcguiJournalEntry *e = g_ptr_array_index (entries, i);

      if (g_str_equal (e->ifname, ifname) && g_str_equal (e->direction, dir))
        return TRUE;
    }
  return FALSE;
}

static void
assert_no_ingress (const char *ifname)
{
  g_autofree char *shown = tc_show (ns_a_name, ifname);

  if (strstr (shown, "ingress") != NULL)
    g_error ("%s still has an ingress qdisc: %s", ifname, shown);
}

/* Issue 9, defect 6: the ingress qdisc removed by hand once made
 * ClearShaping fail with InvalidArgument and left the IFB for good. */
static void
test_clear_ingress_deleted (void)
{
  g_autofree char *del = g_strdup_printf ("qdisc del dev %s ingress", if_u);
  g_autofree char *ifb = NULL;
  g_autoptr(GError) error = NULL;

  clear_all ();
  set_ok (ns_a, if_u, TCGUI_DIRECTION_INCOMING, "{'rate-bps': <uint64 2000000>}");
  ifb = ifb_of (ns_a, if_u);
  tc_in (ns_a_name, del);
  g_assert_true (tcgui_qdisc_clear (ns_a, if_u, TCGUI_DIRECTION_INCOMING, &error));
  g_assert_no_error (error);
  g_assert_false (link_exists (ns_a_name, ifb, NULL));
  g_assert_false (has_entry (if_u, "incoming"));

  /* The IFB without its redirect (filter deleted), and a redirect left
   * without its IFB: both cleared, nothing left. */
  set_ok (ns_a, if_u, TCGUI_DIRECTION_INCOMING, "{'rate-bps': <uint64 2000000>}");
  g_free (del);
  del = g_strdup_printf ("filter del dev %s ingress", if_u);
  tc_in (ns_a_name, del);
  g_assert_true (tcgui_qdisc_clear (ns_a, if_u, TCGUI_DIRECTION_BOTH, &error));
  g_assert_no_error (error);
  g_assert_false (link_exists (ns_a_name, ifb, NULL));
  assert_no_ingress (if_u);
  clear_all ();
}

/* A clear that fails keeps its entry: ResetAll reports the error, and the
 * next ResetAll, once the cause is gone, removes what was left. */
static void
test_reset_keeps_failed (void)
{
  g_autofree char *ifb = NULL;
  g_autofree char *cmd = NULL;
  g_autoptr(GError) error = NULL;
  guint cleared = 0;

  clear_all ();
  set_ok (ns_a, if_u, TCGUI_DIRECTION_INCOMING, "{'rate-bps': <uint64 2000000>}");
  set_ok (ns_a, if_a, TCGUI_DIRECTION_OUTGOING, "{'rate-bps': <uint64 3000000>}");
  ifb = ifb_of (ns_a, if_u);
  /* Someone replaces the IFB with a bridge of the same name. */
  cmd = g_strdup_printf ("ip -n %s link del %s", ns_a_name, ifb);
  run_cmd (cmd);
  g_free (cmd);
  cmd = g_strdup_printf ("ip -n %s link add %s type bridge", ns_a_name, ifb);
  run_cmd (cmd);

  g_assert_false (tcgui_qdisc_reset_all (&cleared, &error));
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_FOREIGN_QDISC);
  g_test_message ("ResetAll: %s", error->message);
  g_clear_error (&error);
  /* The other entry was cleared; this one stays, and so does the bridge. */
  assert_state (ns_a, if_a, "outgoing", "{}", "none", "noqueue");
  g_assert_false (has_entry (if_a, "outgoing"));
  g_assert_true (has_entry (if_u, "incoming"));
  g_assert_true (link_exists (ns_a_name, ifb, "bridge"));

  g_free (cmd);
  cmd = g_strdup_printf ("ip -n %s link del %s", ns_a_name, ifb);
  run_cmd (cmd);
  g_assert_true (tcgui_qdisc_reset_all (&cleared, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cleared, ==, 1);
  g_assert_false (has_entry (if_u, "incoming"));
  assert_no_ingress (if_u);
  clear_all ();
}

/* Issue 9, defect 9: "both" checks both directions before changing either. */
static void
test_clear_both_checks_first (void)
{
  g_autofree char *htb = g_strdup_printf ("qdisc add dev %s root handle 1: htb default 10", if_p2);
  g_autofree char *del = g_strdup_printf ("qdisc del dev %s root", if_p2);
  g_autoptr(GError) error = NULL;

  clear_all ();
  set_ok (ns_a, if_p1, TCGUI_DIRECTION_OUTGOING, "{'rate-bps': <uint64 3000000>}");
  /* Incoming of P1 is P2's egress, where someone put an htb. */
  tc_in (ns_a_name, htb);
  g_assert_false (tcgui_qdisc_clear (ns_a, if_p1, TCGUI_DIRECTION_BOTH, &error));
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_FOREIGN_QDISC);
  g_clear_error (&error);
  assert_state (ns_a, if_p1, "outgoing", "{'rate-bps': <uint64 3000000>}", "tcgui", "tbf");
  g_assert_true (has_entry (if_p1, "outgoing"));
  tc_in (ns_a_name, del);
  g_assert_true (tcgui_qdisc_clear (ns_a, if_p1, TCGUI_DIRECTION_BOTH, &error));
  g_assert_no_error (error);
  assert_state (ns_a, if_p1, "outgoing", "{}", "none", "noqueue");
  clear_all ();
}

/* ResetAll sweeps the namespaces its journal names: TC GUI's IFBs and
 * redirects no entry names go; links that only look like them stay. */
static void
test_reset_sweeps (void)
{
  g_autofree char *ifb = NULL;
  g_autofree char *cmd = NULL;
  g_autoptr(GError) error = NULL;
  guint cleared = 0;

  clear_all ();
  set_ok (ns_a, if_u, TCGUI_DIRECTION_INCOMING, "{'rate-bps': <uint64 2000000>}");
  set_ok (ns_a, if_a, TCGUI_DIRECTION_OUTGOING, "{'rate-bps': <uint64 3000000>}");
  ifb = ifb_of (ns_a, if_u);
  /* The entry of the IFB is lost (an older helper's journal, say). */
  {
    g_autoptr(GPtrArray) entries = tcgui_journal_list (NULL);

    for (guint i = 0; i < entries->len; i++)
      {
        TcguiJournalEntry *e = g_ptr_array_index (entries, i);

        if (g_str_equal (e->ifname, if_u))
          g_assert_true (tcgui_journal_remove (e->inode, e->ifname, e->direction, NULL));
      }
  }
  cmd = g_strdup_printf ("ip -n %s link add tcgifbfff0 type bridge", ns_a_name);
  run_cmd (cmd);
  g_free (cmd);
  cmd = g_strdup_printf ("ip -n %s link add tcgx-ifb1 type ifb", ns_a_name);
  run_cmd (cmd);

  g_assert_true (tcgui_qdisc_reset_all (&cleared, &error));
  g_assert_no_error (error);
  /* The tbf of IF_A, and the stray IFB. */
  g_assert_cmpuint (cleared, ==, 2);
  g_assert_false (link_exists (ns_a_name, ifb, NULL));
  assert_no_ingress (if_u);
  g_assert_true (link_exists (ns_a_name, "tcgifbfff0", "bridge"));
  g_assert_true (link_exists (ns_a_name, "tcgx-ifb1", "ifb"));
  g_free (cmd);
  cmd = g_strdup_printf ("ip -n %s link del tcgifbfff0", ns_a_name);
  run_cmd (cmd);
  g_free (cmd);
  cmd = g_strdup_printf ("ip -n %s link del tcgx-ifb1", ns_a_name);
  run_cmd (cmd);
  clear_all ();
}

/* The journal comes before the kernel: a journal that cannot be written
 * refuses the change, and the kernel is left as it was. */
static void
test_journal_first (void)
{
  g_autofree char *journal = g_strdup (tcgui_journal_get_path ());
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  clear_all ();
  before = tc_show (ns_a_name, if_u);
  tcgui_journal_set_path ("/dev/null/journal");
  g_assert_false (try_set (ns_a, if_u, TCGUI_DIRECTION_INCOMING,
                           "{'rate-bps': <uint64 2000000>}", 0, &error));
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (try_set (ns_a, if_u, TCGUI_DIRECTION_OUTGOING,
                           "{'rate-bps': <uint64 2000000>}", 0, &error));
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_FAILED);
  g_clear_error (&error);
  tcgui_journal_set_path (journal);
  after = tc_show (ns_a_name, if_u);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (link_exists (ns_a_name, "tcgui-ifb1", NULL));

  /* A refused change leaves no entry behind. */
  {
    g_autofree char *htb = g_strdup_printf ("qdisc add dev %s root handle 1: htb", if_p1);
    g_autofree char *del = g_strdup_printf ("qdisc del dev %s root", if_p1);

    tc_in (ns_a_name, htb);
    g_assert_false (try_set (ns_a, if_p1, TCGUI_DIRECTION_OUTGOING,
                             "{'rate-bps': <uint64 2000000>}", 0, &error));
    g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_FOREIGN_QDISC);
    g_clear_error (&error);
    g_assert_false (has_entry (if_p1, "outgoing"));
    tc_in (ns_a_name, del);
  }
  clear_all ();
}

/* One interface-name check for every method: InvalidArgument for a name
 * no interface can have, whether the namespace exists or not. */
static void
test_ifname_checks (void)
{
  const char *bad[] = { "", "a b", "x:y", "abcdefghijklmnop", "a/b", ".", "..", "\xff\xfe",
                        "tab\there", "nl\n", "\xc3\xa0" /* à: the kernel's 0xa0 space */ };
  const char *namespaces[] = { ns_a, "netns:tcgui-no-such-ns-xyz" };
  TcguiParams p;

  params_from_text ("{'rate-bps': <uint64 1000000>}", &p);
  for (guint n = 0; n < G_N_ELEMENTS (namespaces); n++)
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GError) e1 = NULL;
        g_autoptr(GError) e2 = NULL;
        g_autoptr(GError) e3 = NULL;
        g_autoptr(GError) e4 = NULL;

        g_assert_null (tcgui_qdisc_get (namespaces[n], bad[i], &e1));
        g_assert_error (e1, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT);
        g_assert_true (g_utf8_validate (e1->message, -1, NULL));
        g_assert_false (tcgui_qdisc_set (namespaces[n], bad[i], TCGUI_DIRECTION_OUTGOING, &p, 0, &e2));
        g_assert_error (e2, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT);
        g_assert_false (tcgui_qdisc_clear (namespaces[n], bad[i], TCGUI_DIRECTION_BOTH, &e3));
        g_assert_error (e3, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT);
        g_assert_false (tcgui_netns_check_ifname (bad[i], &e4));
        g_assert_error (e4, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT);
      }
  {
    g_autoptr(GError) error = NULL;

    /* Well-formed, UTF-8 included: looked up, and not there. */
    g_assert_null (tcgui_qdisc_get (ns_a, "nosuch0", &error));
    g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_INTERFACE);
    g_clear_error (&error);
    g_assert_null (tcgui_qdisc_get (ns_a, "ñu0", &error));
    g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_INTERFACE);
    g_clear_error (&error);
    g_assert_true (tcgui_netns_check_ifname ("abcdefghijklmno", NULL));
  }
}

/* ---- netem -------------------------------------------------------------- */

static const char * const netem_sets[] = {
  "{'delay-us': <uint32 100000>}",
  "{'delay-us': <uint32 60000000>}",
  "{'delay-us': <uint32 100000>, 'jitter-us': <uint32 10000>, 'delay-correlation': <25.0>}",
  "{'delay-us': <uint32 100000>, 'jitter-us': <uint32 20000>, 'distribution': <'normal'>}",
  "{'delay-us': <uint32 100000>, 'jitter-us': <uint32 20000>, 'distribution': <'pareto'>}",
  "{'delay-us': <uint32 100000>, 'jitter-us': <uint32 20000>, 'distribution': <'paretonormal'>}",
  "{'delay-us': <uint32 100000>, 'jitter-us': <uint32 20000>, 'distribution': <'uniform'>}",
  "{'delay-us': <uint32 100000>, 'jitter-us': <uint32 20000>}",
  "{'loss': <12.5>, 'loss-correlation': <50.0>}",
  "{'loss-model': <'gemodel'>, 'gemodel-p': <1.0>, 'gemodel-r': <20.0>, 'gemodel-1-h': <30.0>, 'gemodel-1-k': <0.5>}",
  "{'loss-model': <'gemodel'>, 'gemodel-p': <5.0>}",
  "{'loss': <3.0>}",
  "{'duplicate': <2.5>, 'duplicate-correlation': <10.0>}",
  "{'delay-us': <uint32 10000>, 'reorder': <25.0>, 'reorder-correlation': <50.0>, 'reorder-gap': <uint32 5>}",
  "{'corrupt': <0.1>, 'corrupt-correlation': <5.0>}",
  "{'delay-us': <uint32 50000>, 'limit-packets': <uint32 100>}",
  "{'delay-us': <uint32 50000>, 'loss': <1.0>, 'rate-bps': <uint64 8000000>}",
  "{'delay-us': <uint32 50000>, 'rate-bps': <uint64 8000000>, 'burst-bytes': <uint32 30000>, 'limit-packets': <uint32 200>}",
  "{'rate-bps': <uint64 8000000>}",
  /* Boundaries (docs/security.md): each reads back as sent. */
  "{'delay-us': <uint32 60000000>, 'jitter-us': <uint32 2147483>}",
  "{'delay-us': <uint32 1>, 'jitter-us': <uint32 1>}",
  "{'delay-us': <uint32 100000>, 'jitter-us': <uint32 2147483>, 'distribution': <'normal'>}",
  "{'delay-us': <uint32 1>, 'limit-packets': <uint32 100000000>}",
  "{'delay-us': <uint32 1>, 'limit-packets': <uint32 1>}",
  "{'delay-us': <uint32 10>, 'reorder': <100.0>, 'reorder-gap': <uint32 4294967295>}",
  "{'loss': <100.0>}",
  "{'loss': <0.000001>, 'loss-correlation': <100.0>}",
  "{'duplicate': <99.999999>}",
  "{'delay-us': <uint32 1000>, 'rate-bps': <uint64 1000000000000>, 'burst-bytes': <uint32 1073741824>, "
  "'limit-packets': <uint32 100000000>}",
  "{'delay-us': <uint32 1000>, 'rate-bps': <uint64 1000>, 'burst-bytes': <uint32 34359>}",
  "{'delay-us': <uint32 20000>, 'jitter-us': <uint32 5000>, 'delay-correlation': <10.0>, 'distribution': <'normal'>, "
  "'loss': <1.5>, 'loss-correlation': <2.0>, 'duplicate': <1.0>, 'duplicate-correlation': <3.0>, "
  "'reorder': <4.0>, 'reorder-correlation': <5.0>, 'reorder-gap': <uint32 3>, 'corrupt': <0.5>, "
  "'corrupt-correlation': <6.0>, 'rate-bps': <uint64 100000000>, 'limit-packets': <uint32 5000>}",
};

static void
test_netem_params (void)
{
  clear_all ();
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < G_N_ELEMENTS (netem_sets); i++)
      {
        const char *want = netem_sets[i];
        TcguiParams p;

        params_from_text (want, &p);
        set_ok (ns_a, if_a, round ? TCGUI_DIRECTION_INCOMING : TCGUI_DIRECTION_OUTGOING, want);
        assert_state (ns_a, if_a, round ? "incoming" : "outgoing", want, "tcgui",
                      tcgui_params_needs_netem (&p) ? "netem" : "tbf");
      }
  clear_all ();
}

static void
test_netem_tc_made (void)
{
  g_autofree char *args = g_strdup_printf ("qdisc add dev %s root handle 1: netem delay 30ms 5ms 20%% "
                                           "loss gemodel 2%% 30%% 10%% 1%% duplicate 3%%", if_a);
  g_autofree char *child = g_strdup_printf ("qdisc add dev %s parent 1:1 handle 2: tbf rate 2mbit "
                                            "burst 12000 limit 40000", if_a);

  clear_all ();
  tc_in (ns_a_name, args);
  tc_in (ns_a_name, child);
  assert_state (ns_a, if_a, "outgoing",
                "{'delay-us': <uint32 30000>, 'jitter-us': <uint32 5000>, 'delay-correlation': <20.0>,"
                " 'loss-model': <'gemodel'>, 'gemodel-p': <2.0>, 'gemodel-r': <30.0>, 'gemodel-1-h': <10.0>,"
                " 'gemodel-1-k': <1.0>, 'duplicate': <3.0>, 'rate-bps': <uint64 2000000>,"
                " 'burst-bytes': <uint32 12000>}", "tc", "netem");
  clear_all ();

  /* netem's own rate is outside the model: foreign, not misread. */
  g_free (args);
  args = g_strdup_printf ("qdisc add dev %s root handle 1: netem delay 10ms rate 1mbit", if_a);
  tc_in (ns_a_name, args);
  assert_state (ns_a, if_a, "outgoing", "{}", "foreign", "netem");
  clear_all ();
}

static double
ping_min_rtt_ms (void)
{
  g_autofree char *cmd = g_strdup_printf ("ip netns exec %s ping -c 5 -i 0.2 -q 10.199.0.2", ns_a_name);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *p;

  g_spawn_command_line_sync (cmd, &out, NULL, NULL, &error);
  g_assert_no_error (error);
  /* rtt min/avg/max/mdev = 80.1/80.3/... ms */
  p = strstr (out, " = ");
  g_assert_nonnull (p);
  return g_ascii_strtod (p + 3, NULL);
}

static void
test_netem_ping (void)
{
  g_autofree char *ping = g_find_program_in_path ("ping");
  double base, rtt;

  if (ping == NULL)
    {
      g_test_skip ("ping is not installed (apt install iputils-ping)");
      return;
    }
  clear_all ();
  base = ping_min_rtt_ms ();
  set_ok (ns_a, if_a, TCGUI_DIRECTION_OUTGOING, "{'delay-us': <uint32 80000>}");
  rtt = ping_min_rtt_ms ();
  g_test_message ("RTT without delay %.2f ms, with 80 ms outgoing %.2f ms", base, rtt);
  g_assert_cmpfloat (rtt, >=, 80.0);
  g_assert_cmpfloat (rtt, <, 80.0 + base + 30.0);

  set_ok (ns_a, if_a, TCGUI_DIRECTION_INCOMING, "{'delay-us': <uint32 40000>}");
  rtt = ping_min_rtt_ms ();
  g_test_message ("with 80 ms outgoing and 40 ms incoming %.2f ms", rtt);
  g_assert_cmpfloat (rtt, >=, 120.0);
  g_assert_cmpfloat (rtt, <, 120.0 + base + 30.0);
  clear_all ();
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *journal = NULL;
  g_autoptr(GError) error = NULL;
  const char *mode = g_getenv ("TCGUI_TEST_MODE");
  int ret;

  /* Before any thread: the namespace the engine's setns() returns to. */
  tcgui_netns_init ();
  g_test_init (&argc, &argv, NULL);

  ns_a_name = g_getenv ("TCGUI_TEST_NS_A");
  ns_b_name = g_getenv ("TCGUI_TEST_NS_B");
  if_a = g_getenv ("TCGUI_TEST_IF_A");
  if_b = g_getenv ("TCGUI_TEST_IF_B");
  if_p1 = g_getenv ("TCGUI_TEST_IF_P1");
  if_p2 = g_getenv ("TCGUI_TEST_IF_P2");
  if_c = g_getenv ("TCGUI_TEST_IF_C");
  if_h = g_getenv ("TCGUI_TEST_IF_H");
  if_u = g_getenv ("TCGUI_TEST_IF_U");
  if (!ns_a_name || !ns_b_name || !if_a || !if_b || !if_p1 || !if_p2 || !if_c || !if_h ||
      !if_u || !mode)
    {
      g_print ("SKIP: run through run-engine-test.sh (it creates the namespaces)\n");
      return 77;
    }
  ns_a = g_strdup_printf ("netns:%s", ns_a_name);
  ns_b = g_strdup_printf ("netns:%s", ns_b_name);

  /* A journal of this test's own. */
  journal = g_build_filename (g_get_tmp_dir (), ns_a_name, "journal", NULL);
  tcgui_journal_set_path (journal);

  if (g_str_equal (mode, "kernel"))
    {
      g_test_add_func ("/engine/kernel/rate-outgoing", test_rate_outgoing);
      g_test_add_func ("/engine/kernel/rate-incoming-ifb", test_rate_incoming_ifb);
      g_test_add_func ("/engine/kernel/rate-incoming-peer", test_rate_incoming_peer);
      g_test_add_func ("/engine/kernel/rate-incoming-remote-peer", test_rate_incoming_remote_peer);
      g_test_add_func ("/engine/kernel/ifb-repair", test_ifb_repair);
      g_test_add_func ("/engine/kernel/layout-change", test_layout_change);
      g_test_add_func ("/engine/kernel/lowering-grafts", test_lowering_grafts);
      g_test_add_func ("/engine/kernel/tc-made-tree", test_tc_made_tree);
      g_test_add_func ("/engine/kernel/foreign", test_foreign);
      g_test_add_func ("/engine/kernel/foreign-ingress", test_foreign_ingress);
      g_test_add_func ("/engine/kernel/pid-namespace", test_pid_namespace);
      g_test_add_func ("/engine/kernel/errors", test_errors);
      g_test_add_func ("/engine/kernel/boundaries-accepted", test_boundaries_accepted);
      g_test_add_func ("/engine/kernel/boundaries-refused", test_boundaries_refused);
      g_test_add_func ("/engine/kernel/clear-restores-default", test_clear_restores_default);
      g_test_add_func ("/engine/kernel/journal-reset-all", test_journal_reset_all);
      g_test_add_func ("/engine/kernel/journal-rewrite", test_journal_rewrite);
      g_test_add_func ("/engine/kernel/concurrent", test_concurrent);
      g_test_add_func ("/engine/kernel/clear-ingress-deleted", test_clear_ingress_deleted);
      g_test_add_func ("/engine/kernel/reset-keeps-failed", test_reset_keeps_failed);
      g_test_add_func ("/engine/kernel/clear-both-checks-first", test_clear_both_checks_first);
      g_test_add_func ("/engine/kernel/reset-sweeps", test_reset_sweeps);
      g_test_add_func ("/engine/kernel/journal-first", test_journal_first);
      g_test_add_func ("/engine/kernel/ifname-checks", test_ifname_checks);
    }
  else
    {
      g_test_add_func ("/engine/netem/parameters", test_netem_params);
      g_test_add_func ("/engine/netem/tc-made-tree", test_netem_tc_made);
      g_test_add_func ("/engine/netem/ping-rtt", test_netem_ping);
    }

  ret = g_test_run ();

  g_free (ns_a);
  g_free (ns_b);
  tcgui_journal_set_path (NULL);
  (void) error;
  return ret;
}
