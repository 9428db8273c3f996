/* tcgui-service.h - the io.github.tcgui.Helper1 object of the helper
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tcgui-helper1-generated.h"
#include "tcgui-nl.h"

G_BEGIN_DECLS

#define TCGUI_TYPE_SERVICE (tcgui_service_get_type ())

G_DECLARE_FINAL_TYPE (TcguiService, tcgui_service, TCGUI, SERVICE, TcguiHelper1Skeleton)

TcguiService *tcgui_service_new                  (void);
guint         tcgui_service_get_n_calls          (TcguiService  *self);
TcguiNl      *tcgui_service_open_namespace       (const char    *namespace_id,
                                                  GError       **error);
gboolean      tcgui_service_get_caller_uid       (GDBusMethodInvocation  *invocation,
                                                  guint32                *uid,
                                                  GError                **error);


G_END_DECLS
