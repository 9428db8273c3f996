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

#define TCGUI_TYPE_RULE (tcgui_rule_get_type ())

G_DECLARE_FINAL_TYPE (TcguiRule, tcgui_rule, TCGUI, RULE, GObject)

TcguiRule  *tcgui_rule_new_from_variant   (GVariant    *dict);
GVariant   *tcgui_rule_get_variant        (TcguiRule   *self);
const char *tcgui_rule_get_id             (TcguiRule   *self);
const char *tcgui_rule_get_name           (TcguiRule   *self);
gboolean    tcgui_rule_get_enabled        (TcguiRule   *self);
GVariant   *tcgui_rule_get_selector       (TcguiRule   *self);
const char *tcgui_rule_get_kind           (TcguiRule   *self);
const char *tcgui_rule_get_selector_string (TcguiRule  *self,
                                           const char  *key);
GVariant   *tcgui_rule_dup_direction      (TcguiRule   *self,
                                           const char  *direction);
gint64      tcgui_rule_get_expires_at     (TcguiRule   *self);
const char *tcgui_rule_get_state          (TcguiRule   *self);
const char *tcgui_rule_get_last_error     (TcguiRule   *self);
gint64      tcgui_rule_get_last_applied_us (TcguiRule  *self);
gboolean    tcgui_rule_applies_to         (TcguiRule   *self,
                                           const char  *container_key,
                                           const char  *namespace_id,
                                           const char  *ifname);
char       *tcgui_rule_describe_selector  (TcguiRule   *self);
char       *tcgui_rule_describe_state     (TcguiRule   *self);
GVariant   *tcgui_rule_to_editable        (TcguiRule   *self,
                                           gboolean     keep_id);

#define TCGUI_TYPE_RULES (tcgui_rules_get_type ())

G_DECLARE_FINAL_TYPE (TcguiRules, tcgui_rules, TCGUI, RULES, GObject)

TcguiRules *tcgui_rules_new             (TcguiHelperClient   *client);
void        tcgui_rules_reload          (TcguiRules          *self);
gboolean    tcgui_rules_get_available   (TcguiRules          *self);
gboolean    tcgui_rules_get_loaded      (TcguiRules          *self);
const char *tcgui_rules_get_error       (TcguiRules          *self);
TcguiRule  *tcgui_rules_lookup          (TcguiRules          *self,
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
void        tcgui_rules_delete_async    (TcguiRules          *self,
                                         const char          *id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean    tcgui_rules_delete_finish   (TcguiRules          *self,
                                         GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
