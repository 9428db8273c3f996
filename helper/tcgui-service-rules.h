/* tcgui-service-rules.h - D-Bus glue of the rules
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tcgui-helper1-generated.h"

G_BEGIN_DECLS

void     tcgui_service_rules_start            (TcguiHelper1          *object);
void     tcgui_service_rules_stop             (void);
void     tcgui_service_rules_add_capabilities (GVariantBuilder       *builder);
guint    tcgui_service_rules_get_n_enabled    (void);
void     tcgui_service_rules_note_manual_change (const char          *ns_id,
                                                 const char          *ifname);
void     tcgui_service_rules_note_reset_all     (void);
void     tcgui_service_rules_iface_init       (TcguiHelper1Iface     *iface);

G_END_DECLS
