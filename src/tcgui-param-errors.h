/* tcgui-param-errors.h - the helper's parameter errors in the user's words
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *tcgui_param_key_title   (const char   *key);
char       *tcgui_param_error_message (const GError *error);
char       *tcgui_user_error_message  (const GError *error);

G_END_DECLS
