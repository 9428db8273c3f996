/* tcgui-rules-file.h - rules as JSON (export, import) and from old profiles
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tcgui-profiles.h"
#include "tcgui-rules.h"

G_BEGIN_DECLS

char      *tcgui_rules_file_to_json      (GPtrArray     *rules);
GPtrArray *tcgui_rules_file_parse        (const char    *data,
                                          gsize          length,
                                          GError       **error);
/* A rules file larger than this is refused before it is read. */
#define TCGUI_RULES_FILE_MAX (16u * 1024 * 1024)

void       tcgui_rules_file_load_async   (GFile               *file,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
GPtrArray *tcgui_rules_file_load_finish  (GFile               *file,
                                          GAsyncResult        *result,
                                          GError             **error);
GPtrArray *tcgui_rules_from_profiles     (TcguiProfiles *profiles,
                                          GString       *notes);

G_END_DECLS
