/* tcgui-error-text.h - the helper's typed errors in the user's language
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *tcgui_error_describe (const GError *error);

G_END_DECLS
