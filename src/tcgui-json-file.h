/* tcgui-json-file.h - the app's JSON files under ~/.config/tcgui
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Decides whether a parsed file is usable; %FALSE makes it corrupt. Runs
 * in the loading thread: it must not touch the caller's objects. */
typedef gboolean (*TcguiJsonFileCheck) (JsonNode  *root,
                                        GError   **error);

/**
 * TcguiJsonFileContents:
 * @root: (nullable): what was read; %NULL when the file is missing or was
 *   corrupt
 * @backup_path: (nullable): where a corrupt file was moved
 * @corrupt_reason: (nullable): why it was corrupt
 */
typedef struct
{
  JsonNode *root;
  char     *backup_path;
  char     *corrupt_reason;
} TcguiJsonFileContents;

void                   tcgui_json_file_contents_free (TcguiJsonFileContents *contents);
TcguiJsonFileContents *tcgui_json_file_load          (GFile                 *file,
                                                      TcguiJsonFileCheck     check,
                                                      GCancellable          *cancellable,
                                                      GError               **error);
gboolean               tcgui_json_file_save          (GFile                 *file,
                                                      const char            *contents,
                                                      GError               **error);
char                  *tcgui_json_file_serialize     (JsonObject            *object);
JsonObject            *tcgui_json_file_copy_object   (JsonNode              *node);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcguiJsonFileContents, tcgui_json_file_contents_free)

G_END_DECLS
