/* tcgui-shaping-actions.h - app-wide shaping actions (app.reset-all)
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tcgui-application.h"

G_BEGIN_DECLS

void tcgui_shaping_actions_install (TcguiApplication *app);

G_END_DECLS
