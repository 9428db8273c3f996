/* tcgui-profile-capture.h - reads a container's shaping as a profile
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tcgui-helper-client.h"
#include "tcgui-profiles.h"

G_BEGIN_DECLS

void       tcgui_profile_capture_async  (TcguiHelperClient   *client,
                                         const char          *namespace_id,
                                         const char * const  *ifnames,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
GPtrArray *tcgui_profile_capture_finish (TcguiHelperClient   *client,
                                         GAsyncResult        *result,
                                         char               **notes,
                                         GError             **error);

G_END_DECLS
