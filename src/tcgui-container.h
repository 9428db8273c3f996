/* tcgui-container.h - a container the helper's inventory reported
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One attachment of the container to a network ("networks" of the item). */
typedef struct
{
  char     *network;
  char     *network_key;
  char     *ip;
  guint     prefix;
  gboolean  internal;
} TcguiAttachment;

/* One interface of the container's namespace ("interfaces" of the item). */
typedef struct
{
  char *name;
  char *network;
  char *mac;
  char *host_interface;
  char *bridge;
} TcguiContainerInterface;

#define TCGUI_TYPE_CONTAINER (tcgui_container_get_type ())

G_DECLARE_FINAL_TYPE (TcguiContainer, tcgui_container, TCGUI, CONTAINER, GObject)

TcguiContainer *tcgui_container_new_from_variant    (GVariant       *dict);
GVariant       *tcgui_container_get_variant         (TcguiContainer *self);
const char     *tcgui_container_get_key             (TcguiContainer *self);
const char     *tcgui_container_get_id              (TcguiContainer *self);
const char     *tcgui_container_get_name            (TcguiContainer *self);
const char     *tcgui_container_get_image           (TcguiContainer *self);
const char     *tcgui_container_get_runtime         (TcguiContainer *self);
const char     *tcgui_container_get_state           (TcguiContainer *self);
gboolean        tcgui_container_is_running          (TcguiContainer *self);
const char     *tcgui_container_get_namespace_id    (TcguiContainer *self);
guint64         tcgui_container_get_netns_inode     (TcguiContainer *self);
const char     *tcgui_container_get_compose_project (TcguiContainer *self);
const char     *tcgui_container_get_compose_service (TcguiContainer *self);
GPtrArray      *tcgui_container_get_attachments     (TcguiContainer *self);
GPtrArray      *tcgui_container_get_interfaces      (TcguiContainer *self);
char           *tcgui_container_dup_runtime_label   (TcguiContainer *self);
const char     *tcgui_runtime_group_label           (const char     *runtime);

#define TCGUI_TYPE_NETWORK (tcgui_network_get_type ())

G_DECLARE_FINAL_TYPE (TcguiNetwork, tcgui_network, TCGUI, NETWORK, GObject)

TcguiNetwork *tcgui_network_new_from_variant (GVariant     *dict);
const char   *tcgui_network_get_key          (TcguiNetwork *self);
const char   *tcgui_network_get_runtime      (TcguiNetwork *self);
const char   *tcgui_network_get_name         (TcguiNetwork *self);
const char   *tcgui_network_get_driver       (TcguiNetwork *self);
gboolean      tcgui_network_get_internal     (TcguiNetwork *self);

G_END_DECLS
