/* tcgui-link.h - a network interface inside a namespace
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TCGUI_TYPE_LINK (tcgui_link_get_type ())

G_DECLARE_FINAL_TYPE (TcguiLink, tcgui_link, TCGUI, LINK, GObject)

TcguiLink  *tcgui_link_new_from_variant (GVariant   *dict);
const char *tcgui_link_get_name         (TcguiLink  *self);
int         tcgui_link_get_index        (TcguiLink  *self);
const char *tcgui_link_get_kind         (TcguiLink  *self);
const char *tcgui_link_get_mac          (TcguiLink  *self);
guint       tcgui_link_get_mtu          (TcguiLink  *self);
const char *tcgui_link_get_operstate    (TcguiLink  *self);
const char *tcgui_link_get_qdisc        (TcguiLink  *self);
void        tcgui_link_set_qdisc        (TcguiLink  *self,
                                         const char *qdisc);
int         tcgui_link_get_peer_index   (TcguiLink  *self);
int         tcgui_link_get_master_index (TcguiLink  *self);
const char *tcgui_link_get_icon_name    (TcguiLink  *self);
char       *tcgui_link_dup_description  (TcguiLink  *self);

G_END_DECLS
