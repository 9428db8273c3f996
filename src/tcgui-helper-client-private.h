/* tcgui-helper-client-private.h - for the files that wrap groups of helper methods
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tcgui-helper-client.h"

G_BEGIN_DECLS

void      tcgui_helper_client_call_async  (TcguiHelperClient    *self,
                                           const char           *method,
                                           GVariant             *parameters,
                                           gpointer              source_tag,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
GVariant *tcgui_helper_client_call_finish (TcguiHelperClient    *self,
                                           GAsyncResult         *result,
                                           gpointer              source_tag,
                                           const char           *type,
                                           GError              **error);

GVariant *tcgui_helper_client_call_finish_reply (TcguiHelperClient    *self,
                                                 GAsyncResult         *result,
                                                 gpointer              source_tag,
                                                 const char           *type,
                                                 GError              **error);

void      tcgui_helper_client_shaping_changed (TcguiHelperClient *self,
                                               const char        *namespace_id,
                                               const char        *ifname);

G_END_DECLS
