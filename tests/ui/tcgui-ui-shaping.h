/* tcgui-ui-shaping.h - in-process ui tests of the shaping page
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On top of tcgui-ui-harness.h: the shaping page of the real app, reached
 * as a user reaches it (the sidebar's search, a click on the interface's
 * row) and worked through what a user sees: the "Outgoing" and "Incoming"
 * groups, rows by their titles ("Rate", "Delay", …), their switches and
 * fields, labelled buttons, toasts. The app's SetShaping calls are kept
 * with their arguments; the kernel is read back with `tc -j`.
 */

#pragma once

#include "tcgui-ui-harness.h"

G_BEGIN_DECLS

/* The namespace of the test (ui-inprocess.sh makes it: veth-a, veth-b). */
extern const char *tcgui_ui_ns;

int         tcgui_ui_shaping_init        (int          *argc,
                                          char       ***argv);

/* Waiting for what is shown -------------------------------------------- */

GtkWidget  *tcgui_ui_wait_label          (GtkWidget    *root,
                                          const char   *text);
GtkWidget  *tcgui_ui_wait_label_prefix   (GtkWidget    *root,
                                          const char   *prefix);
GtkWidget  *tcgui_ui_wait_text           (const char   *text);
void        tcgui_ui_click_button        (GtkWidget    *root,
                                          const char   *label);
GtkWidget  *tcgui_ui_answer_dialog       (const char   *heading,
                                          const char   *button);

/* The app's window and its shaping page -------------------------------- */

GtkWidget  *tcgui_ui_new_window          (GtkWidget    *old);
void        tcgui_ui_open_namespace      (GtkWidget    *window);
GtkWidget  *tcgui_ui_open_interface      (GtkWidget    *window,
                                          const char   *ifname);
GtkWidget  *tcgui_ui_group               (GtkWidget    *root,
                                          const char   *title);
gboolean    tcgui_ui_page_idle           (gpointer      group);
GtkWidget  *tcgui_ui_row                 (GtkWidget    *group,
                                          const char   *title);
GtkWidget  *tcgui_ui_row_switch          (GtkWidget    *row);
GtkWidget  *tcgui_ui_row_field           (GtkWidget    *row);
GtkWidget  *tcgui_ui_switch_on           (GtkWidget    *group,
                                          const char   *title);
void        tcgui_ui_type_into           (GtkWidget    *field,
                                          const char   *value);
gboolean    tcgui_ui_group_unshaped      (gpointer      group);
void        tcgui_ui_submenu_item        (GtkWidget    *menu_button,
                                          const char   *submenu,
                                          const char   *item);

/* The kernel and the calls --------------------------------------------- */

char       *tcgui_ui_kernel_root         (const char   *dev);
gboolean    tcgui_ui_kernel_has_netem    (void);
void        tcgui_ui_wait_kernel_rate    (const char   *dev,
                                          guint64       kbps);
void        tcgui_ui_calls_watch         (void);
guint       tcgui_ui_calls_mark          (void);
GPtrArray  *tcgui_ui_calls_since         (guint         mark,
                                          const char   *member,
                                          const char   *direction);

G_END_DECLS
