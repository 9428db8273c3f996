/* tcgui-direction-group.h - the shaping controls of one direction
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tcgui-direction.h"
#include "tcgui-params.h"

G_BEGIN_DECLS

#define TCGUI_TYPE_DIRECTION_GROUP (tcgui_direction_group_get_type ())

G_DECLARE_FINAL_TYPE (TcguiDirectionGroup, tcgui_direction_group, TCGUI, DIRECTION_GROUP,
                      AdwPreferencesGroup)

GtkWidget      *tcgui_direction_group_new               (TcguiDirection       direction);
TcguiDirection  tcgui_direction_group_get_direction     (TcguiDirectionGroup *self);
void            tcgui_direction_group_get_params        (TcguiDirectionGroup *self,
                                                         TcguiParams         *params);
void            tcgui_direction_group_show_params       (TcguiDirectionGroup *self,
                                                         const TcguiParams   *params);
void            tcgui_direction_group_show_kernel_params (TcguiDirectionGroup *self,
                                                         const TcguiParams   *params);
void            tcgui_direction_group_show_state        (TcguiDirectionGroup *self,
                                                         GVariant            *state,
                                                         gboolean             replacing);
const char     *tcgui_direction_group_get_qdisc         (TcguiDirectionGroup *self);
void            tcgui_direction_group_set_foreign       (TcguiDirectionGroup *self,
                                                         gboolean             foreign);
void            tcgui_direction_group_set_netem_available (TcguiDirectionGroup *self,
                                                         gboolean             available);

G_END_DECLS
