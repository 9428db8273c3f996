/* tcgui-rule-store.h - the rules' file: /var/lib/tcgui/rules.json
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "tcgui-rule.h"

G_BEGIN_DECLS

#define TCGUI_RULE_STORE_DEFAULT_PATH "/var/lib/tcgui/rules.json"
#define TCGUI_RULE_STORE_MAX_BYTES    (16u << 20)
#define TCGUI_RULE_STORE_VERSION      1
#define TCGUI_RULE_STORE_MAX_CORRUPT  3     /* rules.json.corrupt-* copies kept */

GPtrArray *tcgui_rule_store_load (const char  *path,
                                  char       **problem,
                                  GError     **error);
gboolean   tcgui_rule_store_save (const char  *path,
                                  GPtrArray   *rules,
                                  GError     **error);
GBytes    *tcgui_rule_store_serialize (GPtrArray *rules,
                                       GError   **error);
gboolean   tcgui_rule_store_save_bytes (const char  *path,
                                        GBytes      *bytes,
                                        GError     **error);

G_END_DECLS
