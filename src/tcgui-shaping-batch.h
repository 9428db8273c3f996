/* tcgui-shaping-batch.h - one preset (or clearing) for several interfaces
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tcgui-helper-client.h"
#include "tcgui-presets.h"
#include "tcgui-profiles.h"

G_BEGIN_DECLS

void     tcgui_shaping_batch_apply_async  (TcguiHelperClient   *client,
                                           const char          *namespace_id,
                                           const char * const  *ifnames,
                                           const TcguiPreset   *preset,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
void     tcgui_shaping_batch_apply_each_async (TcguiHelperClient   *client,
                                               const char          *namespace_id,
                                               GPtrArray           *interfaces,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean tcgui_shaping_batch_apply_finish (TcguiHelperClient   *client,
                                           GAsyncResult        *result,
                                           guint               *n_done,
                                           guint               *n_total,
                                           char               **failures,
                                           GError             **error);

G_END_DECLS
