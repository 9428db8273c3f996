/* tcgui-links-page.h - the network interfaces of one namespace
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tcgui-counters-client.h"
#include "tcgui-helper-client.h"
#include "tcgui-namespace.h"
#include "tcgui-shaped-model.h"
#include "tcgui-target-header.h"

G_BEGIN_DECLS

#define TCGUI_TYPE_LINKS_PAGE (tcgui_links_page_get_type ())

G_DECLARE_FINAL_TYPE (TcguiLinksPage, tcgui_links_page, TCGUI, LINKS_PAGE, AdwBin)

void            tcgui_links_page_load          (TcguiLinksPage    *self,
                                                TcguiHelperClient *client,
                                                TcguiNamespace    *ns);
void            tcgui_links_page_cancel        (TcguiLinksPage    *self);
TcguiNamespace *tcgui_links_page_get_namespace (TcguiLinksPage    *self);
const char     *tcgui_links_page_get_view      (TcguiLinksPage    *self);
GListModel     *tcgui_links_page_get_links     (TcguiLinksPage    *self);
GtkWidget      *tcgui_links_page_show_shaping  (TcguiLinksPage    *self,
                                                const char        *ifname);
void            tcgui_links_page_reload_shaping (TcguiLinksPage   *self);
void            tcgui_links_page_set_extra_menu (TcguiLinksPage   *self,
                                                 GMenuModel       *section);

TcguiTargetHeader *tcgui_links_page_get_target_header (TcguiLinksPage *self);
void            tcgui_links_page_set_counters  (TcguiLinksPage      *self,
                                                TcguiCountersClient *counters);

void            tcgui_links_page_set_shaped_model (TcguiLinksPage   *self,
                                                   TcguiShapedModel *shaped);

G_END_DECLS
