/* tcgui-tree.c - the names in TC GUI's kernel tree
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "tcgui-tree.h"

/* "tcgui-ifb<INDEX>", or a shorter hex form when a large index would not
 * fit in an interface name (15 bytes). */
char *
tcgui_tree_ifb_name (int ifindex)
{
  char *name = g_strdup_printf ("tcgui-ifb%d", ifindex);

  if (strlen (name) < 16)
    return name;
  g_free (name);
  return g_strdup_printf ("tcgifb%x", (guint) ifindex);
}

/* Whether @name is one of the IFB devices the helper makes (both forms). */
gboolean
tcgui_tree_is_ifb_name (const char *name)
{
  return name != NULL && (g_str_has_prefix (name, "tcgui-ifb") || g_str_has_prefix (name, "tcgifb"));
}
