/* tcgui-impairment-row.h - one impairment: a switch, a slider, a number
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TCGUI_TYPE_IMPAIRMENT_ROW (tcgui_impairment_row_get_type ())

G_DECLARE_FINAL_TYPE (TcguiImpairmentRow, tcgui_impairment_row, TCGUI, IMPAIRMENT_ROW, AdwExpanderRow)

GtkWidget     *tcgui_impairment_row_new         (const char         *title,
                                                 const char         *unit,
                                                 double              max,
                                                 double              step,
                                                 guint               digits,
                                                 double              initial);
void           tcgui_impairment_row_set_logarithmic (TcguiImpairmentRow *self,
                                                 double              min);
GtkAdjustment *tcgui_impairment_row_get_adjustment (TcguiImpairmentRow *self);
gboolean       tcgui_impairment_row_get_enabled (TcguiImpairmentRow *self);
void           tcgui_impairment_row_set_enabled (TcguiImpairmentRow *self,
                                                 gboolean            enabled);
double         tcgui_impairment_row_get_value   (TcguiImpairmentRow *self);
void           tcgui_impairment_row_set_value   (TcguiImpairmentRow *self,
                                                 double              value);
void           tcgui_impairment_row_show_kernel_value (TcguiImpairmentRow *self,
                                                 double              value);
GtkAdjustment *tcgui_impairment_row_add_field   (TcguiImpairmentRow *self,
                                                 const char         *title,
                                                 const char         *unit,
                                                 double              max,
                                                 double              step,
                                                 guint               digits);
GtkSpinButton *tcgui_impairment_row_get_spin    (TcguiImpairmentRow *self);

G_END_DECLS
