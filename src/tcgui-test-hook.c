/* tcgui-test-hook.c - lets tests/ui see what the window shows
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only active when TCGUI_TEST_DUMP is set (tests/ui sets it):
 *   TCGUI_TEST_DUMP=FILE           append what the window shows to FILE each
 *                                  time it settles (a block ending in "END")
 *   TCGUI_TEST_SELECT=ID           select namespace ID (e.g. "netns:foo")
 *   TCGUI_TEST_QUIT_ON=WHAT[,...]  quit once the window settles on WHAT:
 *                                  "links", "empty", "error" or a helper
 *                                  state such as "helper-missing"; "links"
 *                                  counts only for the namespace of
 *                                  TCGUI_TEST_SELECT when that is set
 *   TCGUI_TEST_SCREENSHOT=FILE     before quitting, save the window as PNG
 *   TCGUI_TEST_WINDOW_SIZE=WxH     open the window at that size
 *   TCGUI_TEST_ACTIVATE=A[,B...]   once settled on "links", activate these
 *                                  actions (e.g. "app.about"), then settle
 *                                  as "activated"; the dump then also lists
 *                                  the other windows that are open
 * The dump is read from the widgets themselves (mapped rows and labels),
 * not from the models behind them.
 */

#define G_LOG_DOMAIN "tcgui-test-hook"

#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "tcgui-links-page.h"
#include "tcgui-sidebar.h"
#include "tcgui-target-header.h"
#include "tcgui-test-hook.h"

/* Lets layout and painting catch up before the window is read. */
#define SETTLE_DELAY_MSEC 400

typedef struct
{
  TcguiWindow *window;
  char        *what;
} Pending;

static void walk (GtkWidget *widget, GString *out);

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

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, line);
}

static void
dump_row (GtkWidget *row,
          GString   *out)
{
  g_autoptr(GString) line = g_string_new (NULL);
  const char *kind = "row";

  if (gtk_widget_get_ancestor (row, TCGUI_TYPE_SIDEBAR) != NULL)
    kind = "sidebar";
  else if (gtk_widget_get_ancestor (row, TCGUI_TYPE_TARGET_HEADER) != NULL)
    kind = "header";
  else if (gtk_widget_get_ancestor (row, TCGUI_TYPE_LINKS_PAGE) != NULL)
    kind = "link";

  collect_labels (row, line);
  g_string_append_printf (out, "%s: %s%s\n", kind, line->str,
                          gtk_list_box_row_is_selected (GTK_LIST_BOX_ROW (row))
                          ? " [selected]" : "");
}

static void
dump_status_page (AdwStatusPage *page,
                  GString       *out)
{
  GtkWidget *child = adw_status_page_get_child (page);
  /* The sidebar's container status is not the window's status page. */
  const char *prefix = gtk_widget_get_ancestor (GTK_WIDGET (page), TCGUI_TYPE_SIDEBAR)
                       ? "sidebar-status" : "status";

  g_string_append_printf (out, "%s-title: %s\n", prefix, adw_status_page_get_title (page));
  if (adw_status_page_get_description (page) != NULL)
    g_string_append_printf (out, "%s-description: %s\n", prefix,
                            adw_status_page_get_description (page));
  if (child != NULL)
    walk (child, out);
}

/* Sidebar headings: "sidebar-heading: Docker", "sidebar-subheading:
 * NET | internal" (a heading with its badge is a box of labels). */
static gboolean
dump_heading (GtkWidget *widget,
              GString   *out)
{
  static const char *classes[] = { "sidebar-heading", "sidebar-subheading" };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    if (gtk_widget_has_css_class (widget, classes[i]))
      {
        g_autoptr(GString) line = g_string_new (NULL);

        collect_labels (widget, line);
        g_string_append_printf (out, "%s: %s\n", classes[i], line->str);
        return TRUE;
      }
  return FALSE;
}

static void
walk (GtkWidget *widget,
      GString   *out)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_LIST_BOX_ROW (widget))
    {
      /* A row's header (a sidebar heading) before the row: the dump
       * then shows which rows are under which heading. */
      GtkWidget *header = gtk_list_box_row_get_header (GTK_LIST_BOX_ROW (widget));

      if (header != NULL)
        {
          g_object_set_data (G_OBJECT (header), "tcgui-test-walking-header", GINT_TO_POINTER (1));
          walk (header, out);
          g_object_set_data (G_OBJECT (header), "tcgui-test-walking-header", NULL);
        }
      return dump_row (widget, out);
    }
  /* Headers are the list box's children too: walked with their rows. */
  if (GTK_IS_LIST_BOX (gtk_widget_get_parent (widget)) && !GTK_IS_LIST_BOX_ROW (widget) &&
      g_object_get_data (G_OBJECT (widget), "tcgui-test-walking-header") == NULL)
    return;
  if (ADW_IS_STATUS_PAGE (widget))
    return dump_status_page (ADW_STATUS_PAGE (widget), out);
  if (ADW_IS_WINDOW_TITLE (widget))
    {
      g_string_append_printf (out, "title: %s | %s\n",
                              adw_window_title_get_title (ADW_WINDOW_TITLE (widget)),
                              adw_window_title_get_subtitle (ADW_WINDOW_TITLE (widget)));
      return;
    }
  if (dump_heading (widget, out))
    return;
  if (GTK_IS_LABEL (widget) && gtk_label_get_text (GTK_LABEL (widget))[0] != '\0')
    g_string_append_printf (out, "label: %s\n", gtk_label_get_text (GTK_LABEL (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    walk (child, out);
}

static void
dump_other_windows (TcguiWindow *window,
                    GString     *out)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) other = g_list_model_get_item (toplevels, i);

      if (other == GTK_WIDGET (window) || !gtk_widget_get_mapped (other))
        continue;
      g_string_append_printf (out, "window: %s | %s\n", G_OBJECT_TYPE_NAME (other),
                              gtk_window_get_title (GTK_WINDOW (other)));
      walk (other, out);
    }
}

/**
 * tcgui_test_hook_append_to_dump:
 *
 * Appends @text to the file TCGUI_TEST_DUMP names (tests only).
 */
void
tcgui_test_hook_append_to_dump (const char *text)
{
  const char *path = g_getenv ("TCGUI_TEST_DUMP");
  FILE *file;

  /* Appending, so that a test sees every state the window went through. */
  file = fopen (path, "a");
  if (file == NULL)
    {
      g_warning ("Cannot open %s: %s", path, g_strerror (errno));
      return;
    }
  fputs (text, file);
  fclose (file);
}

static char *
write_dump (TcguiWindow *window,
            const char  *what)
{
  g_autoptr(GString) out = g_string_new (NULL);
  int width, height;

  g_string_append_printf (out, "settled: %s\n", what);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_string_append_printf (out, "size: %dx%d default %dx%d%s\n",
                          gtk_widget_get_width (GTK_WIDGET (window)),
                          gtk_widget_get_height (GTK_WIDGET (window)),
                          width, height,
                          gtk_window_is_maximized (GTK_WINDOW (window)) ? " maximized" : "");
  walk (GTK_WIDGET (window), out);
  dump_other_windows (window, out);
  g_string_append (out, "END\n");
  tcgui_test_hook_append_to_dump (out->str);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * tcgui_test_hook_save_png:
 *
 * Renders @widget as it is now into a PNG at @path (tests only).
 */
gboolean
tcgui_test_hook_save_png (GtkWidget  *widget,
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

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  return gdk_texture_save_to_png (texture, path);
}

static gboolean
should_quit (TcguiWindow *window,
             const char  *what)
{
  const char *quit_on = g_getenv ("TCGUI_TEST_QUIT_ON");
  const char *wanted = g_getenv ("TCGUI_TEST_SELECT");
  g_auto(GStrv) names = NULL;
  TcguiLinksPage *page;
  TcguiNamespace *ns;

  if (quit_on == NULL)
    return FALSE;
  names = g_strsplit (quit_on, ",", -1);
  if (!g_strv_contains ((const char * const *) names, what))
    return FALSE;
  if (g_strcmp0 (what, "links") != 0 || wanted == NULL)
    return TRUE;

  page = g_object_get_data (G_OBJECT (window), "tcgui-test-links-page");
  ns = page ? tcgui_links_page_get_namespace (page) : NULL;
  return ns != NULL && (g_strcmp0 (tcgui_namespace_get_id (ns), wanted) == 0 ||
                        g_strcmp0 (tcgui_namespace_get_key (ns), wanted) == 0);
}

static GtkWidget *find_widget  (GtkWidget *widget, GType type);
static void       settle_later (TcguiWindow *window, const char *what, guint delay_msec);

static gboolean
apply_actions (TcguiWindow *window)
{
  const char *actions = g_getenv ("TCGUI_TEST_ACTIVATE");
  g_auto(GStrv) names = NULL;

  if (actions == NULL || g_object_get_data (G_OBJECT (window), "tcgui-test-activated"))
    return FALSE;
  g_object_set_data (G_OBJECT (window), "tcgui-test-activated", GINT_TO_POINTER (TRUE));

  names = g_strsplit (actions, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    if (!gtk_widget_activate_action (GTK_WIDGET (window), names[i], NULL))
      g_warning ("No action %s", names[i]);
  /* Longer: new windows map, and win.refresh makes two calls. */
  settle_later (window, "activated", 4 * SETTLE_DELAY_MSEC);
  return TRUE;
}

/* A widget waiting for its allocation has nothing to snapshot (live
 * labels and sparklines queue resizes every second): try again on later
 * frames for a while before giving up. */
static gboolean
screenshot_then_quit_cb (gpointer data)
{
  TcguiWindow *window = data;
  const char *shot = g_getenv ("TCGUI_TEST_SCREENSHOT");
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (window));
  int tries = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (window), "tcgui-test-shot-tries"));

  if (!tcgui_test_hook_save_png (GTK_WIDGET (window), shot))
    {
      g_object_set_data (G_OBJECT (window), "tcgui-test-shot-tries", GINT_TO_POINTER (tries + 1));
      if (tries < 40)
        {
          g_timeout_add_full (G_PRIORITY_DEFAULT, 25, screenshot_then_quit_cb,
                              g_object_ref (window), g_object_unref);
          return G_SOURCE_REMOVE;
        }
      g_warning ("Cannot save the screenshot %s", shot);
    }
  if (app != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
settled_timeout_cb (gpointer data)
{
  Pending *pending = data;
  const char *shot = g_getenv ("TCGUI_TEST_SCREENSHOT");
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (pending->window));
  TcguiLinksPage *page = g_object_get_data (G_OBJECT (pending->window), "tcgui-test-links-page");
  g_autofree char *dump = NULL;

  /* A page that settled and then began another load (a selection made
   * meanwhile) is not settled: it says so again when that load is done. */
  if (page != NULL && g_strv_contains ((const char *[]) { "links", "shaping", "stopped", NULL },
                                       pending->what) &&
      g_strcmp0 (tcgui_links_page_get_view (page), "loading") == 0)
    return G_SOURCE_REMOVE;
  dump = write_dump (pending->window, pending->what);

  if (g_strcmp0 (pending->what, "links") == 0 && apply_actions (pending->window))
    return G_SOURCE_REMOVE;

  if (g_object_get_data (G_OBJECT (pending->window), "tcgui-test-quitting") == NULL &&
      should_quit (pending->window, pending->what))
    {
      g_object_set_data (G_OBJECT (pending->window), "tcgui-test-quitting", GINT_TO_POINTER (1));
      if (shot != NULL)
        g_timeout_add_full (G_PRIORITY_DEFAULT, 0, screenshot_then_quit_cb,
                            g_object_ref (pending->window), g_object_unref);
      else if (app != NULL)
        g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
    }

  return G_SOURCE_REMOVE;
}

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  g_object_unref (pending->window);
  g_free (pending->what);
  g_free (pending);
}

static void
settle_later (TcguiWindow *window,
              const char  *what,
              guint        delay_msec)
{
  Pending *pending = g_new0 (Pending, 1);
  g_autofree char *event = g_strdup_printf ("event: %s\n", what);

  /* At once, without waiting: a test can count the loads. */
  tcgui_test_hook_append_to_dump (event);
  pending->window = g_object_ref (window);
  pending->what = g_strdup (what);
  g_timeout_add_full (G_PRIORITY_DEFAULT, delay_msec,
                      settled_timeout_cb, pending, pending_free);
}

static void
settled_cb (TcguiWindow *window,
            const char  *what)
{
  settle_later (window, what, SETTLE_DELAY_MSEC);
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

void
tcgui_test_hook_attach (TcguiWindow *window)
{
  const char *select = g_getenv ("TCGUI_TEST_SELECT");
  const char *size = g_getenv ("TCGUI_TEST_WINDOW_SIZE");
  int width, height;

  g_return_if_fail (TCGUI_IS_WINDOW (window));

  if (g_getenv ("TCGUI_TEST_DUMP") == NULL)
    return;

  g_message ("Test hook active: dumping to %s", g_getenv ("TCGUI_TEST_DUMP"));
  g_object_set_data (G_OBJECT (window), "tcgui-test-links-page",
                     find_widget (GTK_WIDGET (window), TCGUI_TYPE_LINKS_PAGE));
  if (select != NULL)
    tcgui_window_select_namespace (window, select);
  if (size != NULL && sscanf (size, "%dx%d", &width, &height) == 2)
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);

  g_signal_connect (window, "settled", G_CALLBACK (settled_cb), NULL);
}
