/* tcgui-actions.c - which polkit action each helper method needs
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The helper authorizes with it; the app uses it to tell a refused read
 * (the whole window cannot work) from a refused change (only that change
 * failed).
 */

#include "config.h"

#include <string.h>

#include "tcgui-actions.h"

/**
 * tcgui_action_for_method:
 * @method_name: a D-Bus method name
 *
 * Methods that only read ("Get…", "List…" followed by a capital letter,
 * and Watch/Unwatch, which stream counters) need the inspect action;
 * every other name, unknown ones included, needs
 * the shape action, so a method added without thought is never left open.
 *
 * Returns: (transfer none): the polkit action id for @method_name
 */
const char *
tcgui_action_for_method (const char *method_name)
{
  static const char * const read_prefixes[] = { "Get", "List" };
  /* Read-only methods whose names do not say so: they stream counters. */
  static const char * const read_methods[] = { "Watch", "Unwatch", NULL };

  if (method_name == NULL)
    return TCGUI_ACTION_SHAPE;

  if (g_strv_contains (read_methods, method_name))
    return TCGUI_ACTION_INSPECT;

  for (guint i = 0; i < G_N_ELEMENTS (read_prefixes); i++)
    {
      gsize len = strlen (read_prefixes[i]);

      if (strncmp (method_name, read_prefixes[i], len) == 0 &&
          g_ascii_isupper (method_name[len]))
        return TCGUI_ACTION_INSPECT;
    }

  return TCGUI_ACTION_SHAPE;
}
