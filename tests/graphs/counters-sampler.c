/* counters-sampler.c - the helper's counters module and the app's rate
 * computation on a real interface, for the accuracy test and the benchmark
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: counters-sampler [--interval MS] [--quiet] SECONDS NAMESPACE-ID:IFNAME...
 * Prints one line per second and target ("t=… ns=… if=… rx-bps=… tx-bps=…"),
 * then "cpu-user-s=… cpu-sys-s=…" (getrusage of this process).
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "tcgui-counters.h"
#include "tcgui-netns.h"
#include "tcgui-rate.h"

typedef struct
{
  char      *ns;
  char      *ifname;
  TcguiRate *rate;
} Target;

static gboolean
parse_targets (int        argc,
               char     **argv,
               GArray    *targets,
               TcguiCounters *counters,
               GError   **error)
{
  for (int i = 0; i < argc; i++)
    {
      const char *colon = strrchr (argv[i], ':');
      Target t;

      if (colon == NULL)
        return (g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                             "%s: expected NAMESPACE-ID:IFNAME", argv[i]), FALSE);
      t.ns = g_strndup (argv[i], colon - argv[i]);
      t.ifname = g_strdup (colon + 1);
      t.rate = tcgui_rate_new (900, 5 * G_USEC_PER_SEC);
      g_array_append_val (targets, t);
      if (!tcgui_counters_check_target (t.ns, t.ifname, error) ||
          !tcgui_counters_ref_namespace (counters, t.ns, error))
        return FALSE;
    }
  return TRUE;
}

static void
sample_all (TcguiCounters *counters,
            GArray        *targets,
            gboolean       quiet)
{
  gint64 now = g_get_monotonic_time ();

  for (guint i = 0; i < targets->len; i++)
    {
      Target *t = &g_array_index (targets, Target, i);
      TcguiLinkStats st;
      TcguiRateSample s = { now, FALSE, 0, 0, 0, 0 };

      if ((s.present = tcgui_counters_read (counters, t->ns, t->ifname, now, &st)))
        {
          s.ifindex = st.index;
          s.bits = st.bits;
          s.rx_bytes = st.rx_bytes;
          s.tx_bytes = st.tx_bytes;
        }
      if (tcgui_rate_add_sample (t->rate, &s) && !quiet)
        g_print ("t=%.3f ns=%s if=%s rx-bps=%.0f tx-bps=%.0f tx-bytes=%" G_GUINT64_FORMAT "\n",
                 now / 1e6, t->ns, t->ifname, tcgui_rate_get_last (t->rate)->rx_bps,
                 tcgui_rate_get_last (t->rate)->tx_bps, st.tx_bytes);
      else if (!s.present && !quiet)
        g_print ("t=%.3f ns=%s if=%s absent\n", now / 1e6, t->ns, t->ifname);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("SECONDS NAMESPACE-ID:IFNAME...");
  g_autoptr(TcguiCounters) counters = tcgui_counters_new ();
  g_autoptr(GArray) targets = g_array_new (FALSE, FALSE, sizeof (Target));
  int interval_ms = 1000;
  gboolean quiet = FALSE;
  const GOptionEntry entries[] = {
    { "interval", 0, 0, G_OPTION_ARG_INT, &interval_ms, "Sampling interval", "MS" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print only the CPU time", NULL },
    { NULL }
  };
  struct rusage ru;
  gint64 start, seconds;

  tcgui_netns_init ();
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc < 3 ||
      (seconds = g_ascii_strtoll (argv[1], NULL, 10)) <= 0 ||
      !parse_targets (argc - 2, argv + 2, targets, counters, &error))
    {
      g_printerr ("counters-sampler: %s\n", error ? error->message : "usage: SECONDS NS:IF...");
      return 2;
    }

  /* Sleeps to absolute deadlines: the interval does not drift. */
  start = g_get_monotonic_time ();
  for (gint64 k = 0; k <= seconds * 1000 / interval_ms; k++)
    {
      gint64 wait = start + k * interval_ms * 1000 - g_get_monotonic_time ();

      if (wait > 0)
        g_usleep (wait);
      sample_all (counters, targets, quiet);
    }

  getrusage (RUSAGE_SELF, &ru);
  g_print ("namespaces=%u cpu-user-s=%.3f cpu-sys-s=%.3f\n",
           tcgui_counters_get_n_namespaces (counters),
           ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6,
           ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6);

  for (guint i = 0; i < targets->len; i++)
    {
      Target *t = &g_array_index (targets, Target, i);

      g_free (t->ns);
      g_free (t->ifname);
      tcgui_rate_unref (t->rate);
    }
  return 0;
}
