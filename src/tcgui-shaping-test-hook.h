/* tcgui-shaping-test-hook.h - lets tests/ui drive the shaping editor
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tcgui-window.h"

G_BEGIN_DECLS

void tcgui_shaping_test_hook_attach (TcguiWindow *window);

G_END_DECLS
