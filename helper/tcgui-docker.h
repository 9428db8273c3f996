/* tcgui-docker.h - a client of the Docker Engine API (Docker, Podman) on a unix socket
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tcgui-runtime.h"

G_BEGIN_DECLS

#define TCGUI_TYPE_DOCKER_CLIENT (tcgui_docker_client_get_type ())

G_DECLARE_FINAL_TYPE (TcguiDockerClient, tcgui_docker_client, TCGUI, DOCKER_CLIENT, GObject)

TcguiDockerClient *tcgui_docker_client_new           (const char          *name,
                                                      const char          *socket_path,
                                                      gboolean             libpod);
const char        *tcgui_docker_client_get_name      (TcguiDockerClient   *self);
const char        *tcgui_docker_client_get_socket_path (TcguiDockerClient *self);
gboolean           tcgui_docker_client_get_connected (TcguiDockerClient   *self);
void               tcgui_docker_client_start         (TcguiDockerClient   *self);
void               tcgui_docker_client_stop          (TcguiDockerClient   *self);
void               tcgui_docker_client_get_async     (TcguiDockerClient   *self,
                                                      const char          *path,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GBytes            *tcgui_docker_client_get_finish    (TcguiDockerClient   *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
const char        *tcgui_docker_client_networks_path (TcguiDockerClient   *self);
void               tcgui_docker_client_set_expected_uid (TcguiDockerClient *self,
                                                      guint32            uid);

G_END_DECLS
