/* tcgui-direction.h - a direction of traffic and its name on the bus
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * TcguiDirection:
 * @TCGUI_DIRECTION_OUTGOING: what an interface sends (a container's upload)
 * @TCGUI_DIRECTION_INCOMING: what it receives (a container's download)
 * @TCGUI_DIRECTION_BOTH: both, where a call allows it (ClearShaping)
 *
 * The direction argument of SetShaping and ClearShaping, the keys of
 * GetShaping's reply and of a profile: spelled "outgoing", "incoming" and
 * "both" on the bus and on disk, by tcgui_direction_to_string() only.
 */
typedef enum
{
  TCGUI_DIRECTION_OUTGOING = 1 << 0,
  TCGUI_DIRECTION_INCOMING = 1 << 1,
  TCGUI_DIRECTION_BOTH     = TCGUI_DIRECTION_OUTGOING | TCGUI_DIRECTION_INCOMING,
} TcguiDirection;

/* The two single directions, in the order the app shows them. */
#define TCGUI_N_DIRECTIONS 2
extern const TcguiDirection tcgui_directions[TCGUI_N_DIRECTIONS];

const char *tcgui_direction_to_string (TcguiDirection   direction);
gboolean    tcgui_direction_parse     (const char      *str,
                                       gboolean         allow_both,
                                       TcguiDirection  *direction,
                                       GError         **error);

G_END_DECLS
