/* tcgui-config.h - the user's settings in ~/.config/tcgui/config.json
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TCGUI_TYPE_CONFIG (tcgui_config_get_type ())

G_DECLARE_FINAL_TYPE (TcguiConfig, tcgui_config, TCGUI, CONFIG, GObject)

TcguiConfig *tcgui_config_new               (GFile               *file);
GFile       *tcgui_config_get_file          (TcguiConfig         *self);
void         tcgui_config_load_async        (TcguiConfig         *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean     tcgui_config_load_finish       (TcguiConfig         *self,
                                             GAsyncResult        *result,
                                             GError             **error);
gboolean     tcgui_config_get_loaded        (TcguiConfig         *self);
const char  *tcgui_config_get_backup_path   (TcguiConfig         *self);
const char  *tcgui_config_get_load_error    (TcguiConfig         *self);
void         tcgui_config_save_async        (TcguiConfig         *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean     tcgui_config_save_finish       (TcguiConfig         *self,
                                             GAsyncResult        *result,
                                             GError             **error);
void         tcgui_config_flush             (TcguiConfig         *self);
void         tcgui_config_set_autosave      (TcguiConfig         *self,
                                             gboolean             autosave);
gboolean     tcgui_config_get_runtime_enabled (TcguiConfig       *self,
                                               const char        *runtime);
gboolean     tcgui_config_get_show_stopped  (TcguiConfig         *self);
gboolean     tcgui_config_get_group_by_network (TcguiConfig      *self);

G_END_DECLS
