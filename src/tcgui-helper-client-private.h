/* tcgui-helper-client-private.h - for the files that wrap groups of helper methods
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tcgui-helper-client.h"

G_BEGIN_DECLS

/* The parts of the app's one helper session (tcgui-shaping-client.c,
 * tcgui-counters-client.c, tcgui-inventory.c, tcgui-rules.c) call through the
 * client and listen to its signals "counters" (u, t, aa{sv}), "watches-dropped"
 * (au, s), "inventory-changed" and "rules-changed" (t, aa{sv}, as), the
 * helper's own, forwarded from
 * the client's proxy; "notify::helper-running" tells of a new helper. */

const char *tcgui_helper_client_get_owner      (TcguiHelperClient *self);
void        tcgui_helper_client_call_no_reply (TcguiHelperClient *self,
                                               const char        *method,
                                               GVariant          *parameters);

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
