/* tcgui-counters-client.h - live interface counters from the helper
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tcgui-helper-client.h"
#include "tcgui-rate.h"

G_BEGIN_DECLS

#define TCGUI_TYPE_COUNTERS_CLIENT (tcgui_counters_client_get_type ())

G_DECLARE_FINAL_TYPE (TcguiCountersClient, tcgui_counters_client, TCGUI, COUNTERS_CLIENT, GObject)

TcguiCountersClient *tcgui_counters_client_new           (TcguiHelperClient    *client,
                                                          guint                 interval_ms);
TcguiRate           *tcgui_counters_client_watch         (TcguiCountersClient  *self,
                                                          const char           *namespace_id,
                                                          const char           *ifname);
void                 tcgui_counters_client_unwatch       (TcguiCountersClient  *self,
                                                          const char           *namespace_id,
                                                          const char           *ifname);
TcguiRate           *tcgui_counters_client_hold_aggregate (TcguiCountersClient *self,
                                                          const char           *namespace_id);
void                 tcgui_counters_client_release_aggregate (TcguiCountersClient *self,
                                                          const char           *namespace_id);
guint                tcgui_counters_client_get_n_aggregates (TcguiCountersClient *self);
guint                tcgui_counters_client_get_interval  (TcguiCountersClient  *self);
guint                tcgui_counters_client_get_n_targets (TcguiCountersClient  *self);

G_END_DECLS
