/* copy-command-cli.c - prints what "Copy as tc Commands" would copy, for
 * test-copy-tc.sh:
 *   copy-command-cli NAMESPACE IFNAME IFINDEX MTU VIA VIA-NAMESPACE \
 *                    [OPTION VALUE]... -- [OPTION VALUE]...
 * (outgoing options, "--", incoming options; names without "--")
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "tcgui-copy-command.h"
#include "tcgui-units.h"

static int
parse (char **argv, int *i, int argc, TcguiParams *p)
{
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_autoptr(GError) error = NULL;

  for (; *i + 1 < argc && g_strcmp0 (argv[*i], "--") != 0; *i += 2)
    if (!tcgui_params_add_option (&dict, argv[*i], argv[*i + 1], &error))
      break;
  if (error == NULL)
    tcgui_params_from_options (&dict, p, &error);
  if (error != NULL)
    fprintf (stderr, "copy-command-cli: %s\n", error->message);
  return error == NULL;
}

int
main (int   argc,
      char *argv[])
{
  TcguiParams out, in;
  g_autofree char *text = NULL;
  int i = 7;

  if (argc < 7)
    return 2;
  {
    TcguiCopyTarget t = { argv[1], argv[1], argv[2], atoi (argv[3]), (guint) atoi (argv[4]),
                          argv[5], argv[6] };
    if (!parse (argv, &i, argc, &out))
      return 2;
    i++;
    if (!parse (argv, &i, argc, &in))
      return 2;
    text = tcgui_copy_command_format_tc (&t, &out, &in);
  }
  fputs (text, stdout);
  return 0;
}
