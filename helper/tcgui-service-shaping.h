/* tcgui-service-shaping.h - D-Bus handlers of the shaping methods
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tcgui-direction.h"
#include "tcgui-helper1-generated.h"
#include "tcgui-params.h"

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

/* Shared with SetShapingBatch (tcgui-service-batch.c). */
gboolean tcgui_service_resolve_flows        (TcguiHelper1           *object,
                                             GDBusMethodInvocation  *invocation,
                                             const char             *namespace_id,
                                             GPtrArray              *flows,
                                             GVariant              **items,
                                             GPtrArray             **resolved,
                                             guint32                *uid,
                                             GError                **error);
void     tcgui_service_shaping_applied      (const char             *namespace_id,
                                             const char             *ifname,
                                             TcguiDirection          direction,
                                             const TcguiParams      *params,
                                             GPtrArray              *flows,
                                             GPtrArray              *resolved,
                                             guint32                 uid);
void     tcgui_service_shaping_cleared      (const char             *namespace_id,
                                             const char             *ifname,
                                             TcguiDirection          direction);

void     tcgui_service_shaping_iface_init   (TcguiHelper1Iface     *iface);

G_END_DECLS
