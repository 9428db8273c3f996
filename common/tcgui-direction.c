/* tcgui-direction.c - a direction of traffic and its name on the bus
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tcgui-direction.h"
#include "tcgui-error.h"

const TcguiDirection tcgui_directions[TCGUI_N_DIRECTIONS] = {
  TCGUI_DIRECTION_OUTGOING,
  TCGUI_DIRECTION_INCOMING,
};

/* The name on the bus and on disk: "outgoing", "incoming" or "both". */
const char *
tcgui_direction_to_string (TcguiDirection direction)
{
  switch (direction)
    {
    case TCGUI_DIRECTION_OUTGOING:
      return "outgoing";
    case TCGUI_DIRECTION_INCOMING:
      return "incoming";
    case TCGUI_DIRECTION_BOTH:
      return "both";
    default:
      g_return_val_if_reached ("outgoing");
    }
}

/**
 * tcgui_direction_parse:
 * @allow_both: whether "both" is accepted
 *
 * Returns: whether @str names a direction; else an InvalidArgument error
 */
gboolean
tcgui_direction_parse (const char      *str,
                       gboolean         allow_both,
                       TcguiDirection  *direction,
                       GError         **error)
{
  if (g_strcmp0 (str, "outgoing") == 0)
    *direction = TCGUI_DIRECTION_OUTGOING;
  else if (g_strcmp0 (str, "incoming") == 0)
    *direction = TCGUI_DIRECTION_INCOMING;
  else if (allow_both && g_strcmp0 (str, "both") == 0)
    *direction = TCGUI_DIRECTION_BOTH;
  else
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "The direction must be “outgoing”%s or “incoming”, not “%s”",
                   allow_both ? ", “both”" : "", str ? str : "");
      return FALSE;
    }
  return TRUE;
}
