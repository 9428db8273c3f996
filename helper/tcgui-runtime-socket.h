/* tcgui-runtime-socket.h - connect to a container runtime's socket with its owner's file permissions
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define TCGUI_TYPE_RUNTIME_SOCKET (tcgui_runtime_socket_get_type ())

G_DECLARE_FINAL_TYPE (TcguiRuntimeSocket, tcgui_runtime_socket, TCGUI, RUNTIME_SOCKET, GObject)

TcguiRuntimeSocket *tcgui_runtime_socket_new         (const char          *path,
                                                      guint32              owner_uid);
const char         *tcgui_runtime_socket_get_path    (TcguiRuntimeSocket  *self);
void                tcgui_runtime_socket_open_async  (TcguiRuntimeSocket  *self,
                                                      guint                timeout,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
SoupSession        *tcgui_runtime_socket_open_finish (TcguiRuntimeSocket  *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
