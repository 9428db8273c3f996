/* tcgui-actions.h - which polkit action each helper method needs
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TCGUI_ACTION_INSPECT "io.github.tcgui.inspect"
#define TCGUI_ACTION_SHAPE   "io.github.tcgui.shape"

const char *tcgui_action_for_method (const char *method_name);

G_END_DECLS
