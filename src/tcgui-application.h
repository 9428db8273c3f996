/* tcgui-application.h - the TC GUI application
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tcgui-config.h"
#include "tcgui-counters-client.h"
#include "tcgui-inventory.h"
#include "tcgui-profile-applier.h"
#include "tcgui-profiles.h"
#include "tcgui-rules.h"
#include "tcgui-helper-client.h"

G_BEGIN_DECLS

#define TCGUI_TYPE_APPLICATION (tcgui_application_get_type ())

G_DECLARE_FINAL_TYPE (TcguiApplication, tcgui_application, TCGUI, APPLICATION, AdwApplication)

TcguiApplication  *tcgui_application_new        (const char        *application_id,
                                                 GApplicationFlags  flags);
TcguiHelperClient *tcgui_application_get_client (TcguiApplication  *self);
GSettings         *tcgui_application_get_settings (TcguiApplication *self);
TcguiCountersClient *tcgui_application_get_counters (TcguiApplication *self);
TcguiConfig       *tcgui_application_get_config   (TcguiApplication *self);
TcguiProfiles     *tcgui_application_get_profiles (TcguiApplication *self);
TcguiInventory    *tcgui_application_get_inventory (TcguiApplication *self);
TcguiProfileApplier *tcgui_application_get_applier (TcguiApplication *self);
TcguiRules        *tcgui_application_get_rules    (TcguiApplication *self);

G_END_DECLS
