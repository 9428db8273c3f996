/* bench-rate-change.c - how fast traffic recovers after a rate change
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-rate-change JOURNAL NS IFNAME DIRECTION RATE_BPS SECONDS
 *
 * Sets RATE_BPS on DIRECTION of IFNAME through the engine (in this
 * process), while the caller keeps traffic flowing, then reads the
 * direction's Sent counter back every 20 ms for SECONDS and prints
 *
 *   grow_ms=G rate_ms=R
 *
 * G: from the change until Sent grows again; R: from the change until
 * the start (G or later) of the first 1 s window whose rate, as the qdisc
 * counts bytes, is within ±20 % of RATE_BPS. -1: not within SECONDS. A tree grafted in
 * place of the old one starts its counter again from 0, which is taken as
 * a new counter, not as a step back.
 */

#include "config.h"

#include <stdlib.h>

#include <glib.h>

#include "tcgui-journal.h"
#include "tcgui-netns.h"
#include "tcgui-qdisc.h"

#define POLL_US   20000
#define WINDOW_MS 1000.0

typedef struct
{
  double  t_ms;      /* since the change */
  guint64 bytes;     /* sent since the change */
} Sample;

static gboolean
read_sent (const char  *ns,
           const char  *ifname,
           const char  *direction,
           guint64     *sent)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) state = tcgui_qdisc_get (ns, ifname, &error);
  g_autoptr(GVariant) stats = NULL;
  g_autofree char *key = g_strdup_printf ("%s-stats", direction);

  if (state == NULL)
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  g_variant_ref_sink (state);
  if (!(stats = g_variant_lookup_value (state, key, G_VARIANT_TYPE_VARDICT)) ||
      !g_variant_lookup (stats, "sent-bytes", "t", sent))
    return FALSE;
  return TRUE;
}

/* The time of the first sample, not before Sent grew again, whose
 * following window has the wanted rate. */
static double
rate_reached (GArray  *samples,
              guint64  rate_bps,
              double   grow)
{
  double want = (double) rate_bps / 8.0 / 1000.0;   /* bytes per ms */

  for (guint i = 0; grow >= 0 && i < samples->len; i++)
    {
      Sample *a = &g_array_index (samples, Sample, i);

      if (a->t_ms < grow)
        continue;

      for (guint j = i + 1; j < samples->len; j++)
        {
          Sample *b = &g_array_index (samples, Sample, j);
          double got;

          if (b->t_ms - a->t_ms < WINDOW_MS)
            continue;
          got = (double) (b->bytes - a->bytes) / (b->t_ms - a->t_ms);
          if (got >= 0.8 * want && got <= 1.2 * want)
            return a->t_ms;
          break;
        }
    }
  return -1;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (Sample));
  TcguiDirection direction;
  TcguiParams params;
  guint64 prev = 0, total = 0, cur;
  double t0, grow = -1, end;

  if (argc != 7)
    {
      g_printerr ("usage: bench-rate-change JOURNAL NS IFNAME DIRECTION RATE_BPS SECONDS\n");
      return 2;
    }
  tcgui_netns_init ();
  tcgui_journal_set_path (argv[1]);
  tcgui_params_init (&params);
  params.rate_bps = g_ascii_strtoull (argv[5], NULL, 10);
  if (!tcgui_direction_parse (argv[4], FALSE, &direction, &error) ||
      !read_sent (argv[2], argv[3], argv[4], &prev))
    {
      g_printerr ("cannot read the counters before the change\n");
      return 1;
    }

  t0 = (double) g_get_monotonic_time () / 1000.0;
  if (!tcgui_qdisc_set (argv[2], argv[3], direction, &params, 0, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  end = t0 + atof (argv[6]) * 1000.0;
  for (double t = t0; t < end; )
    {
      gboolean ok = read_sent (argv[2], argv[3], argv[4], &cur);

      t = (double) g_get_monotonic_time () / 1000.0;
      if (ok)
        {
          /* A smaller counter is the new tree's. */
          total += cur >= prev ? cur - prev : cur;
          prev = cur;
          if (grow < 0 && total > 0)
            grow = t - t0;
          g_array_append_val (samples, ((Sample) { t - t0, total }));
        }
      g_usleep (POLL_US);
    }

  g_print ("grow_ms=%.0f rate_ms=%.0f\n", grow, rate_reached (samples, params.rate_bps, grow));
  tcgui_journal_set_path (NULL);
  return 0;
}
