/* tcgui-profile-applier.h - applies an image's profile to its new containers
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tcgui-helper-client.h"
#include "tcgui-inventory.h"
#include "tcgui-profiles.h"

G_BEGIN_DECLS

#define TCGUI_TYPE_PROFILE_APPLIER (tcgui_profile_applier_get_type ())

G_DECLARE_FINAL_TYPE (TcguiProfileApplier, tcgui_profile_applier, TCGUI, PROFILE_APPLIER, GObject)

TcguiProfileApplier *tcgui_profile_applier_new   (TcguiHelperClient   *client,
                                                  TcguiInventory      *inventory,
                                                  TcguiProfiles       *profiles);
void                 tcgui_profile_applier_apply (TcguiProfileApplier *self,
                                                  TcguiContainer      *container);
void                 tcgui_profile_applier_set_suspended (TcguiProfileApplier *self,
                                                  gboolean             suspended);

G_END_DECLS
