/* tcgui-shaping-client.h - the helper's shaping methods, asynchronously
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tcgui-helper-client.h"
#include "tcgui-params.h"

G_BEGIN_DECLS

void      tcgui_shaping_client_get_shaping_async    (TcguiHelperClient    *client,
                                                     const char           *namespace_id,
                                                     const char           *ifname,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GVariant *tcgui_shaping_client_get_shaping_finish   (TcguiHelperClient    *client,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void      tcgui_shaping_client_set_shaping_async    (TcguiHelperClient    *client,
                                                     const char           *namespace_id,
                                                     const char           *ifname,
                                                     const char           *direction,
                                                     const TcguiParams    *params,
                                                     TcguiShapingFlags     flags,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
void      tcgui_shaping_client_set_shaping_dict_async (TcguiHelperClient *client,
                                                     const char           *namespace_id,
                                                     const char           *ifname,
                                                     const char           *direction,
                                                     GVariant             *dict,
                                                     TcguiShapingFlags     flags,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean  tcgui_shaping_client_set_shaping_finish   (TcguiHelperClient    *client,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void      tcgui_shaping_client_clear_shaping_async  (TcguiHelperClient    *client,
                                                     const char           *namespace_id,
                                                     const char           *ifname,
                                                     const char           *direction,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean  tcgui_shaping_client_clear_shaping_finish (TcguiHelperClient    *client,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void      tcgui_shaping_client_set_shaping_batch_async  (TcguiHelperClient    *client,
                                                         GVariant             *items,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GVariant *tcgui_shaping_client_set_shaping_batch_finish (TcguiHelperClient    *client,
                                                         GAsyncResult         *result,
                                                         GError              **error);
void      tcgui_shaping_client_reset_all_async      (TcguiHelperClient    *client,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean  tcgui_shaping_client_reset_all_finish     (TcguiHelperClient    *client,
                                                     GAsyncResult         *result,
                                                     guint                *cleared,
                                                     GError              **error);

G_END_DECLS
