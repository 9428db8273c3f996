/* tcgui-target-header.h - what a container is, above its interfaces
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tcgui-container.h"

G_BEGIN_DECLS

#define TCGUI_TYPE_TARGET_HEADER (tcgui_target_header_get_type ())

G_DECLARE_FINAL_TYPE (TcguiTargetHeader, tcgui_target_header, TCGUI, TARGET_HEADER, AdwPreferencesGroup)

void            tcgui_target_header_set_container (TcguiTargetHeader *self,
                                                   TcguiContainer    *container);
TcguiContainer *tcgui_target_header_get_container (TcguiTargetHeader *self);
void            tcgui_target_header_set_profile_image (TcguiTargetHeader *self,
                                                       const char        *image);

void               tcgui_target_header_set_profile_text  (TcguiTargetHeader *self,
                                                          const char        *text);

G_END_DECLS
