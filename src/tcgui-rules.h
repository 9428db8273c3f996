/* tcgui-rules.h - the helper's rules (profiles, pins, timers), kept live
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tcgui-helper-client.h"

G_BEGIN_DECLS

#define TCGUI_TYPE_RULE_ITEM (tcgui_rule_item_get_type ())

G_DECLARE_FINAL_TYPE (TcguiRuleItem, tcgui_rule_item, TCGUI, RULE_ITEM, GObject)

TcguiRuleItem  *tcgui_rule_item_new_from_variant   (GVariant    *dict);
GVariant   *tcgui_rule_item_get_variant        (TcguiRuleItem   *self);
const char *tcgui_rule_item_get_id             (TcguiRuleItem   *self);
const char *tcgui_rule_item_get_name           (TcguiRuleItem   *self);
gboolean    tcgui_rule_item_get_enabled        (TcguiRuleItem   *self);
GVariant   *tcgui_rule_item_get_selector       (TcguiRuleItem   *self);
const char *tcgui_rule_item_get_kind           (TcguiRuleItem   *self);
const char *tcgui_rule_item_get_selector_string (TcguiRuleItem  *self,
                                           const char  *key);
GVariant   *tcgui_rule_item_dup_direction      (TcguiRuleItem   *self,
                                           const char  *direction);
gint64      tcgui_rule_item_get_expires_at     (TcguiRuleItem   *self);
const char *tcgui_rule_item_get_state          (TcguiRuleItem   *self);
const char *tcgui_rule_item_get_last_error     (TcguiRuleItem   *self);
gint64      tcgui_rule_item_get_last_applied_us (TcguiRuleItem  *self);
gboolean    tcgui_rule_item_applies_to         (TcguiRuleItem   *self,
                                           const char  *container_key,
                                           const char  *namespace_id,
                                           const char  *ifname);
char       *tcgui_rule_item_describe_selector  (TcguiRuleItem   *self);
char       *tcgui_rule_item_describe_state     (TcguiRuleItem   *self);
GVariant   *tcgui_rule_item_to_editable        (TcguiRuleItem   *self,
                                           gboolean     keep_id);

#define TCGUI_TYPE_RULES (tcgui_rules_get_type ())

G_DECLARE_FINAL_TYPE (TcguiRules, tcgui_rules, TCGUI, RULES, GObject)

TcguiRules *tcgui_rules_new             (TcguiHelperClient   *client);
void        tcgui_rules_reload          (TcguiRules          *self);
gboolean    tcgui_rules_get_available   (TcguiRules          *self);
gboolean    tcgui_rules_get_loaded      (TcguiRules          *self);
const char *tcgui_rules_get_error       (TcguiRules          *self);
const char *tcgui_rules_get_file_error  (TcguiRules          *self);
TcguiRuleItem  *tcgui_rules_lookup          (TcguiRules          *self,
                                         const char          *id);
GPtrArray  *tcgui_rules_dup_for_target  (TcguiRules          *self,
                                         const char          *container_key,
                                         const char          *namespace_id,
                                         const char          *ifname);
void        tcgui_rules_set_async       (TcguiRules          *self,
                                         GVariant            *rule,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
char       *tcgui_rules_set_finish      (TcguiRules          *self,
                                         GAsyncResult        *result,
                                         GError             **error);
void        tcgui_rules_set_all_async   (TcguiRules          *self,
                                         GPtrArray           *rules,
                                         gboolean             stop_at_failure,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean    tcgui_rules_set_all_finish  (TcguiRules          *self,
                                         GAsyncResult        *result,
                                         guint               *n_stored,
                                         guint               *n_failed,
                                         char               **failures,
                                         GError             **error);
void        tcgui_rules_delete_async    (TcguiRules          *self,
                                         const char          *id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean    tcgui_rules_delete_finish   (TcguiRules          *self,
                                         GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
