/* tcgui-rules.h - the rules engine: the user's intent, kept and applied by the helper
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tcgui-discovery.h"
#include "tcgui-rule.h"

G_BEGIN_DECLS

#define TCGUI_TYPE_RULES (tcgui_rules_get_type ())

G_DECLARE_FINAL_TYPE (TcguiRules, tcgui_rules, TCGUI, RULES, GObject)

void        tcgui_rules_set_default_path  (const char      *path);
const char *tcgui_rules_get_default_path  (void);

TcguiRules *tcgui_rules_new               (const char      *path);
const char *tcgui_rules_get_problem       (TcguiRules      *self);
guint       tcgui_rules_get_n_enabled     (TcguiRules      *self);
guint       tcgui_rules_get_n_rules       (TcguiRules      *self);
GVariant   *tcgui_rules_list              (TcguiRules      *self,
                                           guint32          uid,
                                           guint64         *generation);
char       *tcgui_rules_set               (TcguiRules      *self,
                                           GVariant        *dict,
                                           guint32          uid,
                                           GError         **error);
gboolean    tcgui_rules_delete            (TcguiRules      *self,
                                           const char      *id,
                                           guint32          uid,
                                           GError         **error);
void        tcgui_rules_start             (TcguiRules      *self,
                                           TcguiDiscovery  *inventory);
void        tcgui_rules_note_manual_change (TcguiRules     *self,
                                            const char     *ns_id,
                                            const char     *ifname);
void        tcgui_rules_note_reset_all     (TcguiRules     *self);

G_END_DECLS
