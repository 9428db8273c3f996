/* tcgui-helper-client.h - the app's connection to tcgui-helper
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * TcguiHelperState:
 * @TCGUI_HELPER_STATE_CONNECTING: connecting to the system bus
 * @TCGUI_HELPER_STATE_READY: calls can be made (the helper may still be
 *   started by D-Bus activation on the next call)
 * @TCGUI_HELPER_STATE_HELPER_MISSING: the helper is not installed: its name
 *   has no owner and cannot be activated
 * @TCGUI_HELPER_STATE_NOT_AUTHORIZED: polkit refused a call
 * @TCGUI_HELPER_STATE_HELPER_CRASHED: the helper left the bus while calls
 *   were in flight, or did not answer
 * @TCGUI_HELPER_STATE_BUS_UNAVAILABLE: there is no system bus
 */
typedef enum
{
  TCGUI_HELPER_STATE_CONNECTING,
  TCGUI_HELPER_STATE_READY,
  TCGUI_HELPER_STATE_HELPER_MISSING,
  TCGUI_HELPER_STATE_NOT_AUTHORIZED,
  TCGUI_HELPER_STATE_HELPER_CRASHED,
  TCGUI_HELPER_STATE_BUS_UNAVAILABLE,
} TcguiHelperState;

#define TCGUI_TYPE_HELPER_STATE (tcgui_helper_state_get_type ())
GType tcgui_helper_state_get_type (void);
const char *tcgui_helper_state_to_string (TcguiHelperState state);

#define TCGUI_TYPE_HELPER_CLIENT (tcgui_helper_client_get_type ())

G_DECLARE_FINAL_TYPE (TcguiHelperClient, tcgui_helper_client, TCGUI, HELPER_CLIENT, GObject)

TcguiHelperClient *tcgui_helper_client_new                     (void);
TcguiHelperState   tcgui_helper_client_get_state               (TcguiHelperClient    *self);
const char        *tcgui_helper_client_get_message             (TcguiHelperClient    *self);
gboolean           tcgui_helper_client_get_helper_running      (TcguiHelperClient    *self);
void               tcgui_helper_client_retry                   (TcguiHelperClient    *self);
void               tcgui_helper_client_get_capabilities_async  (TcguiHelperClient    *self,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
GVariant          *tcgui_helper_client_get_capabilities_finish (TcguiHelperClient    *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);
void               tcgui_helper_client_list_namespaces_async   (TcguiHelperClient    *self,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
GListModel        *tcgui_helper_client_list_namespaces_finish  (TcguiHelperClient    *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);
void               tcgui_helper_client_list_links_async        (TcguiHelperClient    *self,
                                                                const char           *namespace_id,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
GListModel        *tcgui_helper_client_list_links_finish       (TcguiHelperClient    *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);

G_END_DECLS
