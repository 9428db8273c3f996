/* tcgui-service-shaping.h - D-Bus handlers of the shaping methods
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tcgui-helper1-generated.h"

G_BEGIN_DECLS

gboolean tcgui_service_handle_get_shaping   (TcguiHelper1          *object,
                                             GDBusMethodInvocation *invocation,
                                             const char            *namespace_id,
                                             const char            *ifname);
gboolean tcgui_service_handle_set_shaping   (TcguiHelper1          *object,
                                             GDBusMethodInvocation *invocation,
                                             const char            *namespace_id,
                                             const char            *ifname,
                                             const char            *direction,
                                             GVariant              *parameters,
                                             guint                  flags);
gboolean tcgui_service_handle_clear_shaping (TcguiHelper1          *object,
                                             GDBusMethodInvocation *invocation,
                                             const char            *namespace_id,
                                             const char            *ifname,
                                             const char            *direction);
gboolean tcgui_service_handle_reset_all     (TcguiHelper1          *object,
                                             GDBusMethodInvocation *invocation);

void     tcgui_service_shaping_iface_init   (TcguiHelper1Iface     *iface);

G_END_DECLS
