/* tcgui-test-hook.h - lets tests/ui see what the window shows
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tcgui-window.h"

G_BEGIN_DECLS

void     tcgui_test_hook_attach          (TcguiWindow *window);

/* The dump and its pictures. */
void     tcgui_test_hook_append_to_dump  (const char  *text);
gboolean tcgui_test_hook_save_png        (GtkWidget   *widget,
                                          const char  *path);

G_END_DECLS
