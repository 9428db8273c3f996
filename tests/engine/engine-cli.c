/* engine-cli.c - drives the traffic-control engine from test scripts
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   engine-cli [--journal PATH] get NS IFNAME
 *   engine-cli [--journal PATH] set NS IFNAME DIRECTION 'a{sv} text' [FLAGS]
 *   engine-cli [--journal PATH] clear NS IFNAME DIRECTION
 *   engine-cli [--journal PATH] reset-all
 *
 * The same calls the helper's D-Bus handlers make, without the bus: for
 * tests that measure what the engine programs (iperf3, benchmarks).
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tcgui-error.h"
#include "tcgui-journal.h"
#include "tcgui-netns.h"
#include "tcgui-params.h"
#include "tcgui-qdisc.h"

static gboolean
do_set (char    **argv,
        int       argc,
        GError  **error)
{
  g_autoptr(GVariant) dict = NULL;
  g_autoptr(GPtrArray) flows = NULL;
  TcguiDirection dir;
  TcguiParams params;

  if (argc < 4)
    return FALSE;
  if (!(dict = g_variant_parse (G_VARIANT_TYPE_VARDICT, argv[3], NULL, NULL, error)))
    return FALSE;
  return tcgui_direction_parse (argv[2], FALSE, &dir, error) &&
         tcgui_params_from_variant_full (dict, &params, &flows, error) &&
         tcgui_qdisc_set_flows (argv[0], argv[1], dir, &params, flows, NULL,
                                argc > 4 ? (guint) atoi (argv[4]) : 0, error);
}

static gboolean
run (char    **argv,
     int       argc,
     GError  **error)
{
  const char *cmd = argv[0];
  TcguiDirection dir;

  if (g_str_equal (cmd, "get") && argc == 3)
    {
      g_autoptr(GVariant) state = tcgui_qdisc_get (argv[1], argv[2], error);
      g_autofree char *text = NULL;

      if (state == NULL)
        return FALSE;
      /* Sunk once; the g_autoptr drops that reference. */
      text = g_variant_print (g_variant_ref_sink (state), TRUE);
      g_print ("%s\n", text);
      return TRUE;
    }
  if (g_str_equal (cmd, "set"))
    return do_set (argv + 1, argc - 1, error);
  if (g_str_equal (cmd, "clear") && argc == 4)
    return tcgui_direction_parse (argv[3], TRUE, &dir, error) &&
           tcgui_qdisc_clear (argv[1], argv[2], dir, error);
  if (g_str_equal (cmd, "reset-all"))
    {
      guint cleared = 0;

      if (!tcgui_qdisc_reset_all (&cleared, error))
        return FALSE;
      g_print ("%u\n", cleared);
      return TRUE;
    }
  g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT, "usage: see engine-cli.c");
  return FALSE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  tcgui_netns_init ();
  if (argc > 2 && g_str_equal (argv[1], "--journal"))
    {
      tcgui_journal_set_path (argv[2]);
      argv += 2;
      argc -= 2;
    }
  if (argc < 2)
    {
      g_printerr ("usage: see engine-cli.c\n");
      return 2;
    }
  if (!run (argv + 1, argc - 1, &error))
    {
      g_printerr ("%s: %s\n",
                  error && error->domain == TCGUI_ERROR ? tcgui_error_to_dbus_name (error->code) : "error",
                  error ? error->message : "see engine-cli.c");
      tcgui_journal_set_path (NULL);
      return 1;
    }
  tcgui_journal_set_path (NULL);
  return 0;
}
