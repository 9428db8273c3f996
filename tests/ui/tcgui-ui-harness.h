/* tcgui-ui-harness.h - in-process ui tests: the real app, its real widgets
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A test links the app's static library, runs the real TcguiApplication
 * (tcgui_ui_app_run: startup, activate, its window, shutdown, as main.c
 * does) and reaches its widgets by what a user sees: label texts, titles,
 * tooltips, GTK/libadwaita widget types and accessible roles in the tree
 * under the window, never the app's private structs or functions. It waits
 * for what a user would see (tcgui_ui_wait_for, a generous deadline, never
 * a timing check), clicks and types through XTest (xdotool), reads the
 * kernel back with `tc -j` and counts the app's D-Bus calls with a filter
 * on its connection. Run under ui-inprocess.sh (gui-session, polkit-bus).
 */

#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Generous: ASan on a loaded two-core machine. Never a timing check. */
#define TCGUI_UI_DEADLINE_SEC 30

typedef gboolean (*TcguiUiCondition) (gpointer data);
typedef void     (*TcguiUiBody)      (GtkWindow *window,
                                      gpointer   data);

/* Setup and the app ---------------------------------------------------- */

int        tcgui_ui_init             (int          *argc,
                                      char       ***argv);
int        tcgui_ui_app_run          (TcguiUiBody   body,
                                      gpointer      data);
void       tcgui_ui_set_window_size  (int           width,
                                      int           height);
char      *tcgui_ui_tmpdir           (void);

/* The main loop -------------------------------------------------------- */

gboolean   tcgui_ui_wait_for         (TcguiUiCondition condition,
                                      gpointer         data);
gboolean   tcgui_ui_wait_for_sec     (TcguiUiCondition condition,
                                      gpointer         data,
                                      guint            seconds);
void       tcgui_ui_spin_for         (guint         msec);

/* Widgets, by what a user sees ----------------------------------------- */

const char *tcgui_ui_widget_text     (GtkWidget    *widget);
char       *tcgui_ui_row_text        (GtkWidget    *widget);
GtkWidget  *tcgui_ui_find            (GtkWidget    *root,
                                      GType         type,
                                      const char   *text);
GtkWidget  *tcgui_ui_find_any        (GtkWidget    *root,
                                      GType         type,
                                      const char   *text);
GtkWidget  *tcgui_ui_find_prefix     (GtkWidget    *root,
                                      GType         type,
                                      const char   *prefix);
GPtrArray  *tcgui_ui_find_all        (GtkWidget    *root,
                                      GType         type);
GtkWidget  *tcgui_ui_find_role       (GtkWidget    *root,
                                      GtkAccessibleRole role,
                                      const char   *text);
GtkWidget  *tcgui_ui_find_row        (GtkWidget    *root,
                                      const char   *first_label);
GtkWidget  *tcgui_ui_sidebar         (GtkWidget    *root);
guint       tcgui_ui_n_rows          (GtkWidget    *list);
GtkWidget  *tcgui_ui_row_heading     (GtkWidget    *row);
GtkWidget  *tcgui_ui_find_window     (GType         type);
char       *tcgui_ui_describe        (GtkWidget    *root);
void        tcgui_ui_log_tree        (GtkWidget    *root);

/* Input, through XTest ------------------------------------------------- */

void        tcgui_ui_xdotool         (const char   *args);
void        tcgui_ui_point_at        (GtkWidget    *widget);
void        tcgui_ui_scroll_to       (GtkWidget    *widget);
gboolean    tcgui_ui_click           (GtkWidget    *widget);
void        tcgui_ui_click_row       (GtkWidget    *root,
                                      const char   *label,
                                      TcguiUiCondition done,
                                      gpointer      data);
void        tcgui_ui_menu_item       (GtkWidget    *button,
                                      const char   *item);
void        tcgui_ui_focus_window    (GtkWidget    *window);
void        tcgui_ui_keys            (GtkWidget    *window,
                                      const char   *keys);
void        tcgui_ui_type            (GtkWidget    *window,
                                      const char   *text);

/* Pictures ------------------------------------------------------------- */

gboolean    tcgui_ui_save_png        (GtkWidget    *widget,
                                      const char   *name);

/* Commands, the kernel ------------------------------------------------- */

char       *tcgui_ui_run             (const char   *command);
gboolean    tcgui_ui_run_ok          (const char   *command);
JsonArray  *tcgui_ui_tc_qdiscs       (const char   *ns,
                                      const char   *dev);
guint64     tcgui_ui_kernel_rate_kbps (const char  *ns,
                                      const char   *dev);
guint       tcgui_ui_container_pid   (const char   *container);
guint64     tcgui_ui_container_rate_kbps (const char *container,
                                      const char   *dev);
void        tcgui_ui_kernel_reset    (const char   *ns,
                                      const char  **devs);

/* The real helper, started by the test ---------------------------------- */

void        tcgui_ui_helper_start    (void);
void        tcgui_ui_helper_signal   (int           signum);
void        tcgui_ui_helper_stop     (void);
gboolean    tcgui_ui_helper_on_bus   (void);

/* The app's D-Bus traffic ---------------------------------------------- */

void        tcgui_ui_traffic_watch   (const char   *tracked_member);
guint       tcgui_ui_traffic_calls   (const char   *member);
void        tcgui_ui_traffic_get     (guint        *calls,
                                      guint        *replies,
                                      gint64       *last_reply_us);
guint       tcgui_ui_traffic_max_in_flight (void);

G_END_DECLS
