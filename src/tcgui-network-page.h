/* tcgui-network-page.h - a network's page: the latency matrix of its containers
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tcgui-helper-client.h"
#include "tcgui-inventory.h"

G_BEGIN_DECLS

#define TCGUI_TYPE_NETWORK_PAGE (tcgui_network_page_get_type ())

G_DECLARE_FINAL_TYPE (TcguiNetworkPage, tcgui_network_page, TCGUI, NETWORK_PAGE, AdwBin)

GtkWidget  *tcgui_network_page_new      (void);
void        tcgui_network_page_load     (TcguiNetworkPage  *self,
                                         TcguiHelperClient *client,
                                         TcguiInventory    *inventory,
                                         const char        *network_key);
const char *tcgui_network_page_get_name (TcguiNetworkPage  *self);

G_END_DECLS
