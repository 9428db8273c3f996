/* tcgui-namespace.h - a network namespace the helper reported
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tcgui-container.h"

G_BEGIN_DECLS

#define TCGUI_TYPE_NAMESPACE (tcgui_namespace_get_type ())

G_DECLARE_FINAL_TYPE (TcguiNamespace, tcgui_namespace, TCGUI, NAMESPACE, GObject)

TcguiNamespace *tcgui_namespace_new_from_variant (GVariant        *dict);
const char     *tcgui_namespace_get_id           (TcguiNamespace  *self);
const char     *tcgui_namespace_get_kind         (TcguiNamespace  *self);
const char     *tcgui_namespace_get_name         (TcguiNamespace  *self);
const char     *tcgui_namespace_get_group        (TcguiNamespace  *self);
const char     *tcgui_namespace_get_icon_name    (TcguiNamespace  *self);
guint64         tcgui_namespace_get_inode        (TcguiNamespace  *self);
TcguiNamespace *tcgui_namespace_new_for_container (TcguiContainer *container,
                                                   const char     *group,
                                                   gboolean        group_internal,
                                                   const char     *subgroup,
                                                   gboolean        subgroup_internal);
const char     *tcgui_namespace_get_key          (TcguiNamespace  *self);
const char     *tcgui_namespace_get_subgroup     (TcguiNamespace  *self);
gboolean        tcgui_namespace_get_subgroup_internal (TcguiNamespace *self);
gboolean        tcgui_namespace_get_group_internal (TcguiNamespace *self);
TcguiContainer *tcgui_namespace_get_container    (TcguiNamespace  *self);
const char     *tcgui_namespace_get_detail       (TcguiNamespace  *self);
gboolean        tcgui_namespace_equal            (TcguiNamespace  *a,
                                                  TcguiNamespace  *b);

G_END_DECLS
