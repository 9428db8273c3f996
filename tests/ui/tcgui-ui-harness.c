/* tcgui-ui-harness.c - in-process ui tests: the real app, its real widgets
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See tcgui-ui-harness.h. Only GTK's, libadwaita's and GLib's public API
 * reaches into the app: its window is found through GtkApplication, its
 * widgets through the widget tree, so the app's internals can change
 * without the tests following.
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gdk/x11/gdkx.h>

#include "tcgui-application.h"
#include "tcgui-ui-harness.h"

/* Setup and the app ---------------------------------------------------- */

static char *tmpdir;

static void
remove_tmpdir (void)
{
  g_autofree char *cmd = NULL;

  if (tmpdir == NULL)
    return;
  cmd = g_strdup_printf ("rm -rf %s", tmpdir);
  g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  g_clear_pointer (&tmpdir, g_free);
}

/**
 * tcgui_ui_init:
 *
 * GTK and libadwaita, then GTest. Returns 0, or 77 (a skip, with its
 * reason on stdout) when there is no display.
 */
int
tcgui_ui_init (int    *argc,
               char ***argv)
{
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display (run under gui-session: tests/ui/ui-inprocess.sh)\n");
      return 77;
    }
  adw_init ();
  g_test_init (argc, argv, NULL);
  atexit (remove_tmpdir);
  return 0;
}

/**
 * tcgui_ui_tmpdir:
 *
 * Returns: (transfer full): a private directory of this process, removed
 * at exit; its "shots" are copied to <build>/tests/ui/screenshots.
 */
char *
tcgui_ui_tmpdir (void)
{
  if (tmpdir == NULL)
    tmpdir = g_dir_make_tmp ("tcgui-ui-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);
  return g_strdup (tmpdir);
}

/* The window's size as the user left it last time: what the app restores. */
void
tcgui_ui_set_window_size (int width,
                          int height)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.tcgui.TcGui");

  g_settings_set (settings, "window-size", "(ii)", width, height);
  g_settings_set_boolean (settings, "window-maximized", FALSE);
}

typedef struct
{
  TcguiUiBody body;
  gpointer    data;
  gboolean    ran;
} Run;

static gboolean
body_idle_cb (gpointer user_data)
{
  Run *run = user_data;
  GApplication *app = g_application_get_default ();
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_nonnull (window);
  run->ran = TRUE;
  run->body (window, run->data);
  /* As Ctrl+Q: the windows close (and save their size), then the app quits. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
activate_cb (GApplication *app,
             Run          *run)
{
  /* After the app's own activate: its window exists and is presented. */
  if (!run->ran)
    g_idle_add (body_idle_cb, run);
}

/**
 * tcgui_ui_app_run:
 * @body: the test, run once the app has activated its window
 *
 * Runs the real app as main.c does (g_application_run: startup, activate,
 * shutdown), with @body on its main loop; the app quits (app.quit, as
 * Ctrl+Q) when @body returns. Non-unique, so that it never finds another
 * instance on the session bus. Returns the app's exit status.
 */
int
tcgui_ui_app_run (TcguiUiBody body,
                  gpointer    data)
{
  g_autoptr(TcguiApplication) app = tcgui_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  char *argv[] = { (char *) g_get_prgname (), NULL };
  Run run = { body, data, FALSE };
  int status;

  g_signal_connect_after (app, "activate", G_CALLBACK (activate_cb), &run);
  status = g_application_run (G_APPLICATION (app), 1, argv);
  g_assert_true (run.ran);
  return status;
}

/* The main loop -------------------------------------------------------- */

/**
 * tcgui_ui_wait_for_sec:
 *
 * Runs the main loop until @condition holds. Returns FALSE after @seconds:
 * the test then fails on what it waited for, never on how long it took.
 */
gboolean
tcgui_ui_wait_for_sec (TcguiUiCondition condition,
                       gpointer         data,
                       guint            seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

gboolean
tcgui_ui_wait_for (TcguiUiCondition condition,
                   gpointer         data)
{
  return tcgui_ui_wait_for_sec (condition, data, TCGUI_UI_DEADLINE_SEC);
}

/* Runs the main loop for @msec: what the app does meanwhile, it does. */
void
tcgui_ui_spin_for (guint msec)
{
  gint64 end = g_get_monotonic_time () + msec * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* Widgets, by what a user sees ----------------------------------------- */

/**
 * tcgui_ui_widget_text:
 *
 * What @widget says by itself: a label's text, a button's label, a row's,
 * status page's or window title's title, a window's title; else %NULL.
 */
const char *
tcgui_ui_widget_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    return gtk_button_get_label (GTK_BUTTON (widget));
  if (GTK_IS_MENU_BUTTON (widget))
    return gtk_menu_button_get_label (GTK_MENU_BUTTON (widget));
  if (ADW_IS_PREFERENCES_ROW (widget))
    return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
  if (ADW_IS_STATUS_PAGE (widget))
    return adw_status_page_get_title (ADW_STATUS_PAGE (widget));
  if (ADW_IS_WINDOW_TITLE (widget))
    return adw_window_title_get_title (ADW_WINDOW_TITLE (widget));
  if (GTK_IS_WINDOW (widget))
    return gtk_window_get_title (GTK_WINDOW (widget));
  return NULL;
}

static void
collect_labels (GtkWidget *widget,
                GString   *line)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget) && gtk_label_get_text (GTK_LABEL (widget))[0] != '\0')
    {
      if (line->len > 0)
        g_string_append (line, " | ");
      g_string_append (line, gtk_label_get_text (GTK_LABEL (widget)));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, line);
}

/**
 * tcgui_ui_row_text:
 *
 * Returns: (transfer full): the shown labels under @widget, in the order
 * they are in the tree, joined with " | " ("veth-a | veth · 02:… | up").
 */
char *
tcgui_ui_row_text (GtkWidget *widget)
{
  GString *line = g_string_new (NULL);

  collect_labels (widget, line);
  return g_string_free (line, FALSE);
}

typedef gboolean (*Match) (GtkWidget *widget, gconstpointer data, gconstpointer data2);

/* Only shown (mapped) widgets, unless a test looks for a control that is
 * not shown yet (the widgets of a row that is not expanded). */
static gboolean shown_only = TRUE;

static void
collect (GtkWidget     *widget,
         Match          match,
         gconstpointer  data,
         gconstpointer  data2,
         GPtrArray     *out,
         gboolean       first_only)
{
  if ((shown_only && !gtk_widget_get_mapped (widget)) || (first_only && out->len > 0))
    return;
  if (match (widget, data, data2))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, match, data, data2, out, first_only);
}

static GtkWidget *
first (GtkWidget     *root,
       Match          match,
       gconstpointer  data,
       gconstpointer  data2)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new ();

  collect (root, match, data, data2, out, TRUE);
  return out->len > 0 ? g_ptr_array_index (out, 0) : NULL;
}

static gboolean
match_type_text (GtkWidget     *widget,
                 gconstpointer  type,
                 gconstpointer  text)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type)) &&
         (text == NULL || g_strcmp0 (tcgui_ui_widget_text (widget), text) == 0);
}

static gboolean
match_type_prefix (GtkWidget     *widget,
                   gconstpointer  type,
                   gconstpointer  prefix)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type)) &&
         tcgui_ui_widget_text (widget) != NULL &&
         g_str_has_prefix (tcgui_ui_widget_text (widget), prefix);
}

/**
 * tcgui_ui_find:
 * @text: (nullable): what it says (tcgui_ui_widget_text), %NULL for any
 *
 * Returns: (nullable): the first shown (mapped) descendant of @root (or
 * @root) of @type that says @text.
 */
GtkWidget *
tcgui_ui_find (GtkWidget  *root,
               GType       type,
               const char *text)
{
  return first (root, match_type_text, GSIZE_TO_POINTER (type), text);
}

GtkWidget *
tcgui_ui_find_prefix (GtkWidget  *root,
                      GType       type,
                      const char *prefix)
{
  return first (root, match_type_prefix, GSIZE_TO_POINTER (type), prefix);
}

/* Returns: (transfer container): every shown descendant of @type. */
/* As tcgui_ui_find, shown or not (a control in a folded expander row). */
GtkWidget *
tcgui_ui_find_any (GtkWidget  *root,
                   GType       type,
                   const char *text)
{
  GtkWidget *found;

  shown_only = FALSE;
  found = first (root, match_type_text, GSIZE_TO_POINTER (type), text);
  shown_only = TRUE;
  return found;
}

GPtrArray *
tcgui_ui_find_all (GtkWidget *root,
                   GType      type)
{
  GPtrArray *out = g_ptr_array_new ();

  collect (root, match_type_text, GSIZE_TO_POINTER (type), NULL, out, FALSE);
  return out;
}

static gboolean
match_role (GtkWidget     *widget,
            gconstpointer  role,
            gconstpointer  text)
{
  return gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) ==
           (GtkAccessibleRole) GPOINTER_TO_INT (role) &&
         (text == NULL || g_strcmp0 (tcgui_ui_widget_text (widget), text) == 0 ||
          g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) == 0);
}

/**
 * tcgui_ui_find_role:
 * @text: (nullable): its text or its tooltip
 *
 * The first shown widget with accessible @role (e.g. a button with the
 * tooltip "Main Menu": %GTK_ACCESSIBLE_ROLE_BUTTON).
 */
GtkWidget *
tcgui_ui_find_role (GtkWidget         *root,
                    GtkAccessibleRole  role,
                    const char        *text)
{
  return first (root, match_role, GINT_TO_POINTER (role), text);
}

static gboolean
match_row (GtkWidget     *widget,
           gconstpointer  label,
           gconstpointer  unused)
{
  if (!GTK_IS_LIST_BOX_ROW (widget))
    return FALSE;
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), label) == 0)
    return TRUE;
  {
    g_autofree char *line = tcgui_ui_row_text (widget);
    g_auto(GStrv) parts = g_strsplit (line, " | ", 2);

    return parts[0] != NULL && g_strcmp0 (parts[0], label) == 0;
  }
}

/**
 * tcgui_ui_find_row:
 *
 * Returns: (nullable): the first shown list row whose first shown label
 * (or title) is @first_label: a sidebar entry, an interface row.
 */
GtkWidget *
tcgui_ui_find_row (GtkWidget  *root,
                   const char *first_label)
{
  return first (root, match_row, first_label, NULL);
}

/**
 * tcgui_ui_sidebar:
 *
 * Returns: (nullable): the shown list in GNOME's sidebar style
 * ("navigation-sidebar") under @root: the app's sidebar when it is shown.
 */
GtkWidget *
tcgui_ui_sidebar (GtkWidget *root)
{
  g_autoptr(GPtrArray) lists = tcgui_ui_find_all (root, GTK_TYPE_LIST_BOX);

  for (guint i = 0; i < lists->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (lists, i), "navigation-sidebar"))
      return g_ptr_array_index (lists, i);
  return NULL;
}

/* The shown rows of @list itself (not the rows inside its rows). */
guint
tcgui_ui_n_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *w = gtk_widget_get_first_child (list); w != NULL; w = gtk_widget_get_next_sibling (w))
    n += GTK_IS_LIST_BOX_ROW (w) && gtk_widget_get_mapped (w);
  return n;
}

/**
 * tcgui_ui_row_heading:
 *
 * Returns: (nullable): the heading shown above @row in its list, or above
 * the nearest row before it that has one (the group the row is in).
 */
GtkWidget *
tcgui_ui_row_heading (GtkWidget *row)
{
  for (GtkWidget *w = row; w != NULL; w = gtk_widget_get_prev_sibling (w))
    if (GTK_IS_LIST_BOX_ROW (w) && gtk_list_box_row_get_header (GTK_LIST_BOX_ROW (w)) != NULL &&
        gtk_widget_get_mapped (w))
      return gtk_list_box_row_get_header (GTK_LIST_BOX_ROW (w));
  return NULL;
}

/**
 * tcgui_ui_find_window:
 *
 * Returns: (nullable): a shown toplevel of @type (an About window, a
 * dialog), other than the app's main window when @type is GTK_TYPE_WINDOW.
 */
GtkWidget *
tcgui_ui_find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_mapped (w))
        return w;
    }
  return NULL;
}

static void
describe (GtkWidget *widget,
          GString   *out,
          guint      depth)
{
  const char *text;

  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LIST_BOX_ROW (widget))
    {
      g_autofree char *line = tcgui_ui_row_text (widget);

      g_string_append_printf (out, "%*s%s: %s%s\n", depth, "", G_OBJECT_TYPE_NAME (widget), line,
                              gtk_list_box_row_is_selected (GTK_LIST_BOX_ROW (widget))
                              ? " [selected]" : "");
      return;
    }
  text = tcgui_ui_widget_text (widget);
  if (text != NULL && text[0] != '\0')
    g_string_append_printf (out, "%*s%s: %s\n", depth, "", G_OBJECT_TYPE_NAME (widget), text);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    describe (child, out, depth + (text != NULL ? 1 : 0));
}

/* Returns: (transfer full): what @root shows, one line per text, for logs. */
char *
tcgui_ui_describe (GtkWidget *root)
{
  GString *out = g_string_new (NULL);

  describe (root, out, 0);
  return g_string_free (out, FALSE);
}

void
tcgui_ui_log_tree (GtkWidget *root)
{
  g_autofree char *text = tcgui_ui_describe (root);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_test_message ("%s", lines[i]);
}

/* Input, through XTest ------------------------------------------------- */

/* xdotool, through XTest: the X server's own pointer and key events. */
void
tcgui_ui_xdotool (const char *args)
{
  g_autofree char *cmd = g_strdup_printf ("xdotool %s", args);
  g_autofree char *out = tcgui_ui_run (cmd);

  tcgui_ui_spin_for (50);
}

static gulong
xid_of (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);

  g_assert_nonnull (native);
  return (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (native));
}

/* Puts the pointer on the middle of @widget. */
void
tcgui_ui_point_at (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t middle = GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0,
                                                 gtk_widget_get_height (widget) / 2.0);
  graphene_point_t at;
  double sx, sy;
  g_autofree char *args = NULL;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &middle, &at));
  gtk_native_get_surface_transform (native, &sx, &sy);
  args = g_strdup_printf ("mousemove --window %lu %d %d", xid_of (widget),
                          (int) (at.x + sx), (int) (at.y + sy));
  tcgui_ui_xdotool (args);
}

/* Scrolls every scrolled window around @widget so that it is in view, as
 * a user scrolls to what they want to click. */
void
tcgui_ui_scroll_to (GtkWidget *widget)
{
  for (GtkWidget *sw = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW); sw != NULL;
       sw = gtk_widget_get_ancestor (gtk_widget_get_parent (sw), GTK_TYPE_SCROLLED_WINDOW))
    {
      GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (sw));
      graphene_point_t top;
      double page = gtk_adjustment_get_page_size (v), at = gtk_adjustment_get_value (v);

      /* Where @widget is in the view (the scrolled window's own
       * coordinates: a GtkViewport child's are the view's too, not the
       * content's). */
      if (!gtk_widget_compute_point (widget, sw, &GRAPHENE_POINT_INIT (0, 0), &top))
        continue;
      if (top.y < 0 || top.y + gtk_widget_get_height (widget) > page)
        gtk_adjustment_set_value (v, at + top.y - page / 3);
      if (gtk_widget_get_parent (sw) == NULL)
        break;
    }
  tcgui_ui_spin_for (100);
}

/**
 * tcgui_ui_click:
 *
 * A click of the first button on the middle of @widget, scrolled into
 * view first. Returns FALSE when @widget went away meanwhile (a list that
 * changed under the pointer: the caller finds it again and retries).
 */
gboolean
tcgui_ui_click (GtkWidget *widget)
{
  g_autoptr(GtkWidget) keep = g_object_ref (widget);

  g_assert_true (gtk_widget_get_mapped (widget));
  tcgui_ui_scroll_to (widget);
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  tcgui_ui_focus_window (GTK_WIDGET (gtk_widget_get_native (widget)));
  /* From elsewhere: a pointer already there (a window opened under it)
   * sends no motion, and some controls only take a click after one. */
  tcgui_ui_xdotool ("mousemove 0 0");
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  tcgui_ui_point_at (widget);
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  tcgui_ui_xdotool ("click 1");
  return TRUE;
}

typedef struct
{
  GtkWidget  *root;
  const char *label;
} RowWait;

static gboolean
row_there (gpointer data)
{
  RowWait *w = data;

  return tcgui_ui_find_row (w->root, w->label) != NULL;
}

/**
 * tcgui_ui_click_row:
 * @done: what the click shows (the row selected, a page opened)
 *
 * Clicks the first row under @root whose first label is @label until
 * @done holds. Other tests on the machine add and remove namespaces and
 * containers all the time: a row inserted above between pointing and
 * clicking makes a click land on another row; a user then clicks again.
 */
void
tcgui_ui_click_row (GtkWidget        *root,
                    const char       *label,
                    TcguiUiCondition  done,
                    gpointer          data)
{
  RowWait w = { root, label };

  for (guint i = 0; i < 5; i++)
    {
      if (!tcgui_ui_wait_for (row_there, &w))
        break;
      if (tcgui_ui_click (tcgui_ui_find_row (root, label)) &&
          tcgui_ui_wait_for_sec (done, data, 10))
        return;
      g_test_message ("the click on the row %s did not do it (the list moved?): again", label);
    }
  tcgui_ui_log_tree (root);
  g_error ("clicks on the row %s never did what they should", label);
}

/* The window manager's part (there is none on Xvfb): the keyboard's focus. */
void
tcgui_ui_focus_window (GtkWidget *window)
{
  g_autofree char *args = g_strdup_printf ("windowfocus --sync %lu", xid_of (window));

  tcgui_ui_xdotool (args);
}

/* Keys as xdotool names them ("ctrl+f", "Return"), into @window. */
void
tcgui_ui_keys (GtkWidget  *window,
               const char *keys)
{
  g_autofree char *args = g_strdup_printf ("key --delay 30 %s", keys);

  tcgui_ui_focus_window (window);
  tcgui_ui_xdotool (args);
}

/* Text typed on the keyboard into @window's focus. */
void
tcgui_ui_type (GtkWidget  *window,
               const char *text)
{
  g_autofree char *quoted = g_shell_quote (text);
  g_autofree char *args = g_strdup_printf ("type --delay 30 %s", quoted);

  tcgui_ui_focus_window (window);
  tcgui_ui_xdotool (args);
}

static gboolean
popover_item_shown (gpointer data)
{
  gpointer *args = data;

  return tcgui_ui_find (args[0], GTK_TYPE_LABEL, args[1]) != NULL;
}

/**
 * tcgui_ui_menu_item:
 * @button: a GtkMenuButton (or a widget inside one)
 * @item: the item's text as shown (without the mnemonic's underscore)
 *
 * Opens the menu with a click on @button, then clicks the item.
 */
void
tcgui_ui_menu_item (GtkWidget  *button,
                    const char *item)
{
  GtkWidget *popover;
  gpointer args[2];

  if (!GTK_IS_MENU_BUTTON (button))
    button = gtk_widget_get_ancestor (button, GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (button);
  tcgui_ui_click (button);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  g_assert_nonnull (popover);
  args[0] = popover, args[1] = (gpointer) item;
  if (!tcgui_ui_wait_for (popover_item_shown, args))
    {
      tcgui_ui_log_tree (popover);
      g_error ("no item “%s” in the menu", item);
    }
  tcgui_ui_spin_for (200);
  tcgui_ui_click (tcgui_ui_find (popover, GTK_TYPE_LABEL, item));
}

/* Pictures ------------------------------------------------------------- */

static gboolean
render_png (GtkWidget  *widget,
            const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return FALSE;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  return gdk_texture_save_to_png (texture, path);
}

typedef struct
{
  GtkWidget  *widget;
  const char *path;
} Shot;

static gboolean
shot_saved (gpointer data)
{
  Shot *shot = data;

  return render_png (shot->widget, shot->path);
}

/**
 * tcgui_ui_save_png:
 * @name: a file name, e.g. "main-window.png"
 *
 * Renders @widget as it is now (GtkSnapshot, the window's renderer) into
 * <build>/tests/ui/screenshots/@name (or $TCGUI_UI_SHOTS/@name, where a test
 * running as another user keeps them for ui-inprocess.sh). A widget waiting for its allocation
 * has nothing to render (live labels queue resizes): tried on later frames.
 */
gboolean
tcgui_ui_save_png (GtkWidget  *widget,
                   const char *name)
{
  const char *build = g_getenv ("TCGUI_BUILDDIR");
  g_autofree char *dir = g_getenv ("TCGUI_UI_SHOTS") != NULL
                         ? g_strdup (g_getenv ("TCGUI_UI_SHOTS"))
                         : g_build_filename (build ? build : ".", "tests", "ui", "screenshots", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  Shot shot = { widget, path };

  g_mkdir_with_parents (dir, 0755);
  g_unlink (path);
  if (!tcgui_ui_wait_for (shot_saved, &shot))
    return FALSE;
  g_test_message ("screenshot: %s", path);
  return TRUE;
}

/* Commands, the kernel ------------------------------------------------- */

/* Returns: (transfer full): the command's stdout; its stderr is logged. */
char *
tcgui_ui_run (const char *command)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!g_spawn_command_line_sync (command, &out, &err, &status, &error))
    g_error ("%s: %s", command, error->message);
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("%s: %s", command, err);
  return g_steal_pointer (&out);
}

gboolean
tcgui_ui_run_ok (const char *command)
{
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;

  if (!g_spawn_command_line_sync (command, &out, &err, &status, NULL))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_test_message ("%s: %s", command, err);
      return FALSE;
    }
  return TRUE;
}

/* Returns: (transfer full) (nullable): `tc -j qdisc show dev DEV` in @ns. */
JsonArray *
tcgui_ui_tc_qdiscs (const char *ns,
                    const char *dev)
{
  g_autofree char *cmd = g_strdup_printf ("ip netns exec %s tc -j qdisc show dev %s", ns, dev);
  g_autofree char *out = tcgui_ui_run (cmd);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, out, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return NULL;
  return json_array_ref (json_node_get_array (root));
}

/* The rate of the tbf on @dev in @ns in kbit/s, 0 when there is none. */
guint64
tcgui_ui_kernel_rate_kbps (const char *ns,
                           const char *dev)
{
  g_autoptr(JsonArray) qdiscs = tcgui_ui_tc_qdiscs (ns, dev);

  for (guint i = 0; qdiscs != NULL && i < json_array_get_length (qdiscs); i++)
    {
      JsonObject *q = json_array_get_object_element (qdiscs, i);

      if (g_strcmp0 (json_object_get_string_member (q, "kind"), "tbf") == 0)
        return json_object_get_int_member (json_object_get_object_member (q, "options"),
                                           "rate") * 8 / 1000;
    }
  return 0;
}

/* The pid of a running container (docker inspect), 0 when it is not running. */
guint
tcgui_ui_container_pid (const char *container)
{
  g_autofree char *cmd = g_strdup_printf ("docker inspect -f {{.State.Pid}} %s", container);
  g_autofree char *out = tcgui_ui_run (cmd);

  return out ? (guint) g_ascii_strtoull (out, NULL, 10) : 0;
}

/* The rate of the tbf on @dev inside @container (nsenter: only the test
 * enters namespaces so, never the helper) in kbit/s, 0 when there is none. */
guint64
tcgui_ui_container_rate_kbps (const char *container,
                              const char *dev)
{
  guint pid = tcgui_ui_container_pid (container);
  g_autofree char *cmd = g_strdup_printf ("nsenter -t %u -n tc -j qdisc show dev %s", pid, dev);
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *qdiscs;

  if (pid == 0)
    return 0;
  out = tcgui_ui_run (cmd);
  if (!json_parser_load_from_data (parser, out, -1, NULL) ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    return 0;
  qdiscs = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (qdiscs); i++)
    {
      JsonObject *q = json_array_get_object_element (qdiscs, i);

      if (g_strcmp0 (json_object_get_string_member (q, "kind"), "tbf") == 0)
        return json_object_get_int_member (json_object_get_object_member (q, "options"),
                                           "rate") * 8 / 1000;
    }
  return 0;
}

/* The kernel's default root qdisc on @devs (the namespace is the test's own). */
void
tcgui_ui_kernel_reset (const char  *ns,
                       const char **devs)
{
  for (guint i = 0; devs[i] != NULL; i++)
    {
      g_autofree char *cmd = g_strdup_printf ("ip netns exec %s tc qdisc del dev %s root",
                                              ns, devs[i]);

      /* Fails when there is nothing to delete: that is fine. */
      g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
    }
}

/* The real helper, started by the test ---------------------------------- */

static GSubprocess *helper;

typedef struct
{
  GSubprocess *process;
  gboolean     done;
} Child;

static void
child_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  ((Child *) user_data)->done = TRUE;
}

static gboolean
child_done (gpointer data)
{
  return ((Child *) data)->done;
}

/* Runs argv to its end with the main loop running (the app goes on). */
static gboolean
run_async (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  Child child = { g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error), FALSE };

  g_assert_no_error (error);
  g_subprocess_wait_async (child.process, NULL, child_done_cb, &child);
  g_assert_true (tcgui_ui_wait_for_sec (child_done, &child, 60));
  {
    gboolean ok = g_subprocess_get_successful (child.process);

    g_object_unref (child.process);
    return ok;
  }
}

/**
 * tcgui_ui_helper_start:
 *
 * The real helper ($TCGUI_BUILDDIR/helper/tcgui-helper) on the system bus
 * the test runs on, taking the name over (--replace), with its journal in
 * the test's own directory; returns once it owns its name.
 */
void
tcgui_ui_helper_start (void)
{
  g_autofree char *dir = tcgui_ui_tmpdir ();
  g_autofree char *path = g_build_filename (g_getenv ("TCGUI_BUILDDIR"), "helper", "tcgui-helper", NULL);
  g_autofree char *journal = g_build_filename (dir, "journal", NULL);
  g_autofree char *log = g_build_filename (dir, "helper.log", NULL);
  const char *wait[] = { "gdbus", "wait", "--system", "--timeout", "30",
                         "io.github.tcgui.Helper1", NULL };
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;

  g_assert_null (helper);
  g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  helper = g_subprocess_launcher_spawn (launcher, &error, path, "--replace", "--idle-timeout",
                                        "600", "--journal", journal, NULL);
  g_assert_no_error (error);
  g_test_message ("helper started (pid %s)", g_subprocess_get_identifier (helper));
  g_assert_true (run_async (wait));
}

void
tcgui_ui_helper_signal (int signum)
{
  g_assert_nonnull (helper);
  g_subprocess_send_signal (helper, signum);
}

/* Stops the helper this test started (SIGTERM) and reaps it. */
void
tcgui_ui_helper_stop (void)
{
  Child child = { helper, FALSE };

  if (helper == NULL)
    return;
  g_subprocess_send_signal (helper, SIGTERM);
  g_subprocess_send_signal (helper, SIGCONT);
  g_subprocess_wait_async (helper, NULL, child_done_cb, &child);
  g_assert_true (tcgui_ui_wait_for (child_done, &child));
  g_clear_object (&helper);
}

/* Does anyone own io.github.tcgui.Helper1 (asked on a bus connection of its own)? */
gboolean
tcgui_ui_helper_on_bus (void)
{
  return tcgui_ui_run_ok ("gdbus call --system --dest org.freedesktop.DBus "
                          "--object-path /org/freedesktop/DBus "
                          "--method org.freedesktop.DBus.GetNameOwner io.github.tcgui.Helper1");
}

/* The app's D-Bus traffic ---------------------------------------------- */

typedef struct
{
  GMutex      lock;
  char       *tracked;        /* the member whose replies are waited for */
  GHashTable *members;        /* member → calls sent (GUINT) */
  GHashTable *serials;        /* of tracked calls not answered yet */
  guint       calls;
  guint       replies;
  guint       max_in_flight;
  gint64      last_reply_us;
} Traffic;

static Traffic traffic;

static void
count_call (GDBusMessage *message)
{
  const char *member = g_dbus_message_get_member (message);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (traffic.members, member));

  g_hash_table_insert (traffic.members, g_strdup (member), GUINT_TO_POINTER (n + 1));
  if (g_strcmp0 (member, traffic.tracked) != 0)
    return;
  g_hash_table_add (traffic.serials, GUINT_TO_POINTER (g_dbus_message_get_serial (message)));
  traffic.calls++;
  traffic.max_in_flight = MAX (traffic.max_in_flight, g_hash_table_size (traffic.serials));
}

/* Runs in GDBus's worker thread, for every message in either direction. */
static GDBusMessage *
filter_cb (GDBusConnection *connection,
           GDBusMessage    *message,
           gboolean         incoming,
           gpointer         user_data)
{
  GDBusMessageType type = g_dbus_message_get_message_type (message);

  g_mutex_lock (&traffic.lock);
  if (!incoming && type == G_DBUS_MESSAGE_TYPE_METHOD_CALL)
    count_call (message);
  else if (incoming && (type == G_DBUS_MESSAGE_TYPE_METHOD_RETURN ||
                        type == G_DBUS_MESSAGE_TYPE_ERROR) &&
           g_hash_table_remove (traffic.serials,
                                GUINT_TO_POINTER (g_dbus_message_get_reply_serial (message))))
    {
      traffic.replies++;
      traffic.last_reply_us = g_get_monotonic_time ();
    }
  g_mutex_unlock (&traffic.lock);
  return message;
}

/* The shared connection, which the app's client uses too, is kept: the
 * process's singleton goes (with its filter) when its last reference does. */
static GDBusConnection *bus;

/**
 * tcgui_ui_traffic_watch:
 * @tracked_member: (nullable): a method (e.g. "SetShaping") whose calls in
 *   flight and replies are counted too
 *
 * A filter on the system bus connection the app shares (the process's
 * singleton): counts the calls it sends, by method. Call it before the app
 * starts, on a test with a system bus.
 */
void
tcgui_ui_traffic_watch (const char *tracked_member)
{
  g_assert_null (bus);
  bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, NULL);
  g_assert_nonnull (bus);
  g_mutex_init (&traffic.lock);
  traffic.tracked = g_strdup (tracked_member);
  traffic.members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  traffic.serials = g_hash_table_new (NULL, NULL);
  g_dbus_connection_add_filter (bus, filter_cb, NULL, NULL);
}

/* How many calls of @member the app has sent so far. */
guint
tcgui_ui_traffic_calls (const char *member)
{
  guint n;

  g_assert_nonnull (bus);
  g_mutex_lock (&traffic.lock);
  n = GPOINTER_TO_UINT (g_hash_table_lookup (traffic.members, member));
  g_mutex_unlock (&traffic.lock);
  return n;
}

/* The tracked member's calls, their replies and when the last one came. */
void
tcgui_ui_traffic_get (guint  *calls,
                      guint  *replies,
                      gint64 *last_reply_us)
{
  g_mutex_lock (&traffic.lock);
  if (calls != NULL)
    *calls = traffic.calls;
  if (replies != NULL)
    *replies = traffic.replies;
  if (last_reply_us != NULL)
    *last_reply_us = traffic.last_reply_us;
  g_mutex_unlock (&traffic.lock);
}

guint
tcgui_ui_traffic_max_in_flight (void)
{
  guint n;

  g_mutex_lock (&traffic.lock);
  n = traffic.max_in_flight;
  g_mutex_unlock (&traffic.lock);
  return n;
}
