/* tcgui-service-inventory.h - D-Bus glue of the container inventory
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tcgui-helper1-generated.h"

G_BEGIN_DECLS

gboolean tcgui_service_handle_get_inventory  (TcguiHelper1          *object,
                                              GDBusMethodInvocation *invocation);
void     tcgui_service_inventory_iface_init  (TcguiHelper1Iface     *iface);

#include "tcgui-discovery.h"

TcguiDiscovery *tcgui_service_inventory_ensure (TcguiHelper1 *object);

G_END_DECLS
