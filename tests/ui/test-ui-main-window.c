/* test-ui-main-window.c - the app's main window against the real helper
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by ui-inprocess.sh (polkit-bus, gui-session, the real helper) with a
 * namespace NS holding veth-a/veth-b. The real app: NS is clicked in the
 * sidebar, its links are read back from the window's widgets, in the light
 * and the dark style (screenshots in <build>/tests/ui/screenshots); a
 * phone-sized window folds to the sidebar, whose search (Ctrl+F) filters
 * it and opens the match with Enter; F5 reloads, the main menu's About and
 * Ctrl+? open their windows.
 */

#include "config.h"

#include <string.h>

#include "tcgui-ui-harness.h"

static const char *ns;

static GtkWidget *
sidebar_list (GtkWindow *window)
{
  return tcgui_ui_sidebar (GTK_WIDGET (window));
}

/* The page's interface list: the list with the loopback row "lo". */
static GtkWidget *
links_list (GtkWindow *window)
{
  GtkWidget *lo = tcgui_ui_find_row (GTK_WIDGET (window), "lo");

  return lo != NULL ? gtk_widget_get_ancestor (lo, GTK_TYPE_LIST_BOX) : NULL;
}

/* The page has NS's three links shown (veth-a, veth-b, lo). */
static gboolean
page_shows_links (gpointer data)
{
  GtkWindow *window = data;
  GtkWidget *list = links_list (window);
  GtkWidget *title = tcgui_ui_find (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE, ns);

  return title != NULL && list != NULL && tcgui_ui_n_rows (list) == 3;
}

static gboolean
row_selected (gpointer data)
{
  GtkWidget *row = tcgui_ui_find_row (GTK_WIDGET (data), ns);

  /* Selected, or folded away to its page (a narrow window). */
  return (row != NULL && gtk_list_box_row_is_selected (GTK_LIST_BOX_ROW (row))) ||
         (sidebar_list (data) == NULL && tcgui_ui_find (data, ADW_TYPE_WINDOW_TITLE, ns) != NULL);
}

/* NS clicked in the sidebar, as a user does, until it is selected. */
static void
click_sidebar_row (GtkWindow *window)
{
  tcgui_ui_click_row (GTK_WIDGET (window), ns, row_selected, window);
}

static void
wait_links (GtkWindow *window)
{
  if (!tcgui_ui_wait_for (page_shows_links, window))
    {
      tcgui_ui_log_tree (GTK_WIDGET (window));
      g_error ("the page of %s does not show its three links", ns);
    }
  /* Lets layout and painting catch up before the window is read. */
  tcgui_ui_spin_for (300);
}

static void
assert_row_matches (GtkWindow  *window,
                    const char *first,
                    const char *pattern)
{
  GtkWidget *row = tcgui_ui_find_row (GTK_WIDGET (window), first);
  g_autofree char *text = NULL;

  g_assert_nonnull (row);
  text = tcgui_ui_row_text (row);
  g_test_message ("row: %s", text);
  if (!g_regex_match_simple (pattern, text, 0, 0))
    g_error ("the row “%s” does not match “%s”", text, pattern);
}

static void
assert_selected_in_sidebar (GtkWindow *window)
{
  GtkWidget *row = tcgui_ui_find_row (GTK_WIDGET (window), ns);
  g_autofree char *text = NULL;

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_ancestor (row, GTK_TYPE_LIST_BOX) == sidebar_list (window));
  text = tcgui_ui_row_text (row);
  g_assert_cmpstr (text, ==, ns);
  g_assert_true (gtk_list_box_row_is_selected (GTK_LIST_BOX_ROW (row)));
}

/* The window's own status page (not the sidebar's), when one is shown. */
static GtkWidget *
window_status_page (GtkWindow *window)
{
  g_autoptr(GPtrArray) pages = tcgui_ui_find_all (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE);
  GtkWidget *sidebar = sidebar_list (window);
  GtkWidget *pane = sidebar ? gtk_widget_get_ancestor (sidebar, GTK_TYPE_SCROLLED_WINDOW) : NULL;
  GtkWidget *side = pane ? gtk_widget_get_parent (gtk_widget_get_parent (pane)) : NULL;

  for (guint i = 0; i < pages->len; i++)
    if (side == NULL || !gtk_widget_is_ancestor (g_ptr_array_index (pages, i), side))
      return g_ptr_array_index (pages, i);
  return NULL;
}

/* 1. The light style: what the page shows. --------------------------- */

static void
links_body (GtkWindow *window,
            gpointer   data)
{
  const char *shot = data;
  GtkWidget *title, *heading;
  g_autofree char *count = g_strdup_printf ("3 interfaces in %s", ns);
  g_autofree char *pattern = NULL;

  click_sidebar_row (window);
  wait_links (window);
  tcgui_ui_log_tree (GTK_WIDGET (window));

  g_assert_nonnull (tcgui_ui_find_row (GTK_WIDGET (window), "Host"));
  heading = tcgui_ui_row_heading (tcgui_ui_find_row (GTK_WIDGET (window), ns));
  g_assert_nonnull (heading);
  g_assert_nonnull (tcgui_ui_find (heading, GTK_TYPE_LABEL, "Namespaces"));
  assert_selected_in_sidebar (window);

  title = tcgui_ui_find (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE, ns);
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)), ==, "Network namespace");

  assert_row_matches (window, "veth-a", "^veth-a \\| veth · 02:42:ac:11:00:0a · MTU[^0-9]*1400 \\| .* \\| up$");
  assert_row_matches (window, "veth-b", "^veth-b \\| veth · 02:42:ac:11:00:0b · MTU[^0-9]*1500");
  assert_row_matches (window, "lo", "^lo \\| loopback");
  g_assert_cmpuint (tcgui_ui_n_rows (links_list (window)), ==, 3);
  g_assert_nonnull (tcgui_ui_find (GTK_WIDGET (window), GTK_TYPE_LABEL, count));
  g_assert_null (window_status_page (window));
  g_assert_true (tcgui_ui_save_png (GTK_WIDGET (window), shot));
}

static void
test_links (void)
{
  g_assert_cmpint (tcgui_ui_app_run (links_body, "main-window.png"), ==, 0);
}

/* The same in the dark style: only theme colours, so it must still work. */
static void
test_links_dark (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_cmpint (tcgui_ui_app_run (links_body, "main-window-dark.png"), ==, 0);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

/* 2. A phone-sized window: the sidebar, its search ------------------- */

static gboolean
search_filtered (gpointer data)
{
  GtkWindow *window = data;

  return tcgui_ui_find_row (GTK_WIDGET (window), "Host") == NULL &&
         tcgui_ui_find_row (GTK_WIDGET (window), ns) != NULL;
}

static gboolean
sidebar_shown (gpointer data)
{
  return tcgui_ui_find_row (GTK_WIDGET (data), "Host") != NULL &&
         links_list (data) == NULL;
}

static GtkWidget *
search_entry (GtkWindow *window)
{
  return tcgui_ui_find (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY, NULL);
}

static gboolean
search_entry_shown (gpointer data)
{
  return search_entry (data) != NULL;
}

/* Ctrl+F, then the text typed: the sidebar keeps the matches. */
static void
search (GtkWindow *window)
{
  const char *text = ns + strlen ("tcgui-");

  tcgui_ui_keys (GTK_WIDGET (window), "ctrl+f");
  g_assert_true (tcgui_ui_wait_for (search_entry_shown, window));
  tcgui_ui_type (GTK_WIDGET (window), text);
  if (!tcgui_ui_wait_for (search_filtered, window))
    {
      tcgui_ui_log_tree (GTK_WIDGET (window));
      g_error ("the search for %s did not filter the sidebar", text);
    }
  tcgui_ui_spin_for (300);
}

static void
narrow_search_body (GtkWindow *window,
                    gpointer   data)
{
  GtkWidget *back;

  /* Folded: the sidebar alone. The row opens the page; Back returns. */
  g_assert_true (tcgui_ui_wait_for (sidebar_shown, window));
  click_sidebar_row (window);
  wait_links (window);
  g_assert_null (sidebar_list (window));
  back = tcgui_ui_find_role (GTK_WIDGET (window), GTK_ACCESSIBLE_ROLE_BUTTON, "Back");
  g_assert_nonnull (back);
  tcgui_ui_click (back);
  g_assert_true (tcgui_ui_wait_for (sidebar_shown, window));

  search (window);
  tcgui_ui_log_tree (GTK_WIDGET (window));
  g_assert_null (links_list (window));
  assert_selected_in_sidebar (window);
  g_assert_null (tcgui_ui_find_row (GTK_WIDGET (window), "Host"));
  g_assert_true (tcgui_ui_save_png (GTK_WIDGET (window), "narrow-search.png"));
}

/* Enter in the search entry opens the first match: the page slides in. */
static void
narrow_enter_body (GtkWindow *window,
                   gpointer   data)
{
  GtkWidget *title;

  g_assert_true (tcgui_ui_wait_for (sidebar_shown, window));
  search (window);
  tcgui_ui_keys (GTK_WIDGET (window), "Return");
  wait_links (window);
  tcgui_ui_log_tree (GTK_WIDGET (window));
  title = tcgui_ui_find (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE, ns);
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)), ==, "Network namespace");
  g_assert_cmpuint (tcgui_ui_n_rows (links_list (window)), ==, 3);
  g_assert_null (sidebar_list (window));
  g_assert_true (tcgui_ui_save_png (GTK_WIDGET (window), "narrow-page.png"));
}

static void
test_narrow (void)
{
  tcgui_ui_set_window_size (360, 640);
  g_assert_cmpint (tcgui_ui_app_run (narrow_search_body, NULL), ==, 0);
  tcgui_ui_set_window_size (360, 640);
  g_assert_cmpint (tcgui_ui_app_run (narrow_enter_body, NULL), ==, 0);
  tcgui_ui_set_window_size (1024, 768);
}

/* 3. The menu's actions: Refresh (F5), About, Keyboard Shortcuts ------ */

static guint capabilities_at_start;

/* The page was built again: veth-a's row is a new widget, all three shown. */
static gboolean
page_rebuilt (gpointer data)
{
  gpointer *args = data;
  GtkWindow *window = args[0];
  GtkWidget *row = tcgui_ui_find_row (GTK_WIDGET (window), "veth-a");

  return row != NULL && row != args[1] && page_shows_links (window);
}

static gboolean
about_shown (gpointer data)
{
  return tcgui_ui_find_window (ADW_TYPE_ABOUT_WINDOW) != NULL;
}

static gboolean
shortcuts_shown (gpointer data)
{
  return tcgui_ui_find_window (GTK_TYPE_SHORTCUTS_WINDOW) != NULL;
}

/* The main menu (the button with the tooltip "Main Menu"), then its item. */
static void
menu_item (GtkWindow  *window,
           const char *item)
{
  GtkWidget *button = tcgui_ui_find_role (GTK_WIDGET (window), GTK_ACCESSIBLE_ROLE_BUTTON,
                                          "Main Menu");

  if (button == NULL)
    button = tcgui_ui_find (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, NULL);
  g_assert_nonnull (button);
  tcgui_ui_menu_item (button, item);
}

static void
actions_body (GtkWindow *window,
              gpointer   data)
{
  GtkWidget *about, *shortcuts, *row;
  gpointer args[2];
  guint capabilities;

  click_sidebar_row (window);
  wait_links (window);

  /* F5 reloads the page once more (its rows are built again), and once. */
  row = tcgui_ui_find_row (GTK_WIDGET (window), "veth-a");
  args[0] = window, args[1] = row;
  tcgui_ui_keys (GTK_WIDGET (window), "F5");
  g_assert_true (tcgui_ui_wait_for (page_rebuilt, args));
  args[1] = tcgui_ui_find_row (GTK_WIDGET (window), "veth-a");
  tcgui_ui_spin_for (2000);
  g_assert_true (tcgui_ui_find_row (GTK_WIDGET (window), "veth-a") == args[1]);
  /* The window's start and the first page may both ask before the answer
   * comes; the refreshed page reuses it (the helper's abilities stay). */
  capabilities = tcgui_ui_traffic_calls ("GetCapabilities") - capabilities_at_start;
  g_test_message ("GetCapabilities asked %u times for two page loads and a start", capabilities);
  g_assert_cmpuint (capabilities, >=, 1);
  g_assert_cmpuint (capabilities, <=, 2);
  assert_selected_in_sidebar (window);
  g_assert_cmpuint (tcgui_ui_n_rows (links_list (window)), ==, 3);

  menu_item (window, "About TC GUI");
  g_assert_true (tcgui_ui_wait_for (about_shown, NULL));
  about = tcgui_ui_find_window (ADW_TYPE_ABOUT_WINDOW);
  tcgui_ui_spin_for (300);
  tcgui_ui_log_tree (about);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (about)), ==, "About");
  g_assert_nonnull (tcgui_ui_find (about, GTK_TYPE_LABEL, "TC GUI"));
  g_assert_nonnull (tcgui_ui_find (about, GTK_TYPE_LABEL, PACKAGE_VERSION));
  gtk_window_close (GTK_WINDOW (about));

  /* Ctrl+? (gtk/help-overlay.ui from the resources). */
  tcgui_ui_keys (GTK_WIDGET (window), "ctrl+question");
  g_assert_true (tcgui_ui_wait_for (shortcuts_shown, NULL));
  shortcuts = tcgui_ui_find_window (GTK_TYPE_SHORTCUTS_WINDOW);
  tcgui_ui_spin_for (300);
  tcgui_ui_log_tree (shortcuts);
  g_assert_nonnull (tcgui_ui_find_prefix (shortcuts, GTK_TYPE_LABEL, "Search Namespaces"));
  gtk_window_close (GTK_WINDOW (shortcuts));
}

static void
test_actions (void)
{
  capabilities_at_start = tcgui_ui_traffic_calls ("GetCapabilities");
  g_assert_cmpint (tcgui_ui_app_run (actions_body, NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  if (argc < 2)
    g_error ("usage: test-ui-main-window NS");
  ns = argv[1];
  argv[1] = argv[0], argc--, argv++;
  if ((rc = tcgui_ui_init (&argc, &argv)) != 0)
    return rc;

  /* The links as the shell test had them: a MAC and an MTU to read back. */
  {
    g_autofree char *a = g_strdup_printf ("ip -n %s link set veth-a address 02:42:ac:11:00:0a mtu 1400", ns);
    g_autofree char *b = g_strdup_printf ("ip -n %s link set veth-b address 02:42:ac:11:00:0b", ns);

    g_assert_true (tcgui_ui_run_ok (a) && tcgui_ui_run_ok (b));
  }
  tcgui_ui_traffic_watch (NULL);
  tcgui_ui_set_window_size (1024, 768);
  g_test_add_func ("/main-window/links", test_links);
  g_test_add_func ("/main-window/links-dark", test_links_dark);
  g_test_add_func ("/main-window/narrow", test_narrow);
  g_test_add_func ("/main-window/actions", test_actions);
  return g_test_run ();
}
