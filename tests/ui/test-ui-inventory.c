/* test-ui-inventory.c - the container inventory in the real app
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by ui-inprocess.sh --docker --no-helper --no-ns (phase "containers":
 * the real helper, started by the test, on a private bus with a real
 * polkitd; a real dockerd with the fixture's containers under the prefix P
 * in TESTENV_PREFIX, plus a created, never started P-s) or by
 * ui-inprocess.sh --no-runtime --no-ns (phase "empty": no container
 * runtime on the machine). Checked on the real window's widgets: the
 * Docker section grouped by network with the internal badge, a container
 * on two networks under both, its page header, a container started while
 * the app runs (and while the helper restarts), stopped containers (listed,
 * and their page), the menu's toggles and their file, a corrupt settings
 * file, the empty states. Screenshots in <build>/tests/ui/screenshots.
 *
 * Sidebar headings are told apart by their style (the "sidebar-heading"
 * and "sidebar-subheading" classes: a heading and a subheading look so).
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "tcgui-ui-harness.h"

#define DOCKER_SOCK "/var/run/docker.sock"

static const char *prefix;
static char *config;

static char *
name (const char *suffix)
{
  return g_strdup_printf ("%s-%s", prefix, suffix);
}

static void
write_config (const char *json)
{
  g_autofree char *dir = g_build_filename (config, "tcgui", NULL);
  g_autofree char *path = g_build_filename (dir, "config.json", NULL);

  g_mkdir_with_parents (dir, 0700);
  g_assert_true (g_file_set_contents (path, json, -1, NULL));
}

static void
remove_config (void)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf %s", config);

  g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
}

/* The sidebar as a user reads it -------------------------------------- */

typedef struct
{
  GtkWidget *row;
  char      *text;               /* the row's labels: "P-s | created" */
  gboolean   selected;
  char      *group;              /* the heading above it: "Docker" */
  gboolean   group_internal;
  char      *subgroup;           /* the subheading: a network */
  gboolean   subgroup_internal;
} Entry;

static void
entry_free (gpointer data)
{
  Entry *e = data;

  g_free (e->text);
  g_free (e->group);
  g_free (e->subgroup);
  g_free (e);
}

/* A heading's text and its "internal" badge (a box of two labels). */
static void
read_heading (GtkWidget  *heading,
              char      **text,
              gboolean   *internal)
{
  g_autofree char *line = tcgui_ui_row_text (heading);
  g_auto(GStrv) parts = g_strsplit (line, " | ", 2);

  g_free (*text);
  *text = g_strdup (parts[0]);
  *internal = parts[0] != NULL && g_strcmp0 (parts[1], "internal") == 0;
}

static void
read_header (GtkWidget *header,
             Entry     *state)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  /* The header itself, or its children: a heading, then a subheading. */
  if (gtk_widget_has_css_class (header, "sidebar-heading") ||
      gtk_widget_has_css_class (header, "sidebar-subheading"))
    g_ptr_array_add (all, header);
  for (GtkWidget *c = gtk_widget_get_first_child (header); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (gtk_widget_has_css_class (c, "sidebar-heading") ||
        gtk_widget_has_css_class (c, "sidebar-subheading"))
      g_ptr_array_add (all, c);
  for (guint i = 0; i < all->len; i++)
    {
      GtkWidget *h = g_ptr_array_index (all, i);

      if (gtk_widget_has_css_class (h, "sidebar-heading"))
        {
          read_heading (h, &state->group, &state->group_internal);
          g_clear_pointer (&state->subgroup, g_free);
          state->subgroup_internal = FALSE;
        }
      else
        read_heading (h, &state->subgroup, &state->subgroup_internal);
    }
}

/* Returns: (transfer full): the shown sidebar rows with their headings. */
static GPtrArray *
sidebar_entries (GtkWindow *window)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (entry_free);
  GtkWidget *list = tcgui_ui_sidebar (GTK_WIDGET (window));
  Entry state = { 0 };

  if (list == NULL)
    return out;
  for (GtkWidget *w = gtk_widget_get_first_child (list); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      Entry *e;

      if (!GTK_IS_LIST_BOX_ROW (w) || !gtk_widget_get_mapped (w))
        continue;
      if (gtk_list_box_row_get_header (GTK_LIST_BOX_ROW (w)) != NULL)
        read_header (gtk_list_box_row_get_header (GTK_LIST_BOX_ROW (w)), &state);
      e = g_new0 (Entry, 1);
      e->row = w;
      e->text = tcgui_ui_row_text (w);
      e->selected = gtk_list_box_row_is_selected (GTK_LIST_BOX_ROW (w));
      e->group = g_strdup (state.group);
      e->group_internal = state.group_internal;
      e->subgroup = g_strdup (state.subgroup);
      e->subgroup_internal = state.subgroup_internal;
      g_ptr_array_add (out, e);
    }
  g_free (state.group);
  g_free (state.subgroup);
  return out;
}

static void
log_entries (GPtrArray *entries)
{
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *e = g_ptr_array_index (entries, i);

      g_test_message ("sidebar: [%s%s / %s%s] %s%s", e->group ? e->group : "",
                      e->group_internal ? " (internal)" : "", e->subgroup ? e->subgroup : "",
                      e->subgroup_internal ? " (internal)" : "", e->text,
                      e->selected ? " [selected]" : "");
    }
}

/* How many rows say @text (exactly) under @group (and @subgroup, unless NULL). */
static guint
count_under (GPtrArray  *entries,
             const char *text,
             const char *group,
             const char *subgroup)
{
  guint n = 0;

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *e = g_ptr_array_index (entries, i);

      n += g_strcmp0 (e->text, text) == 0 &&
           (group == NULL || g_strcmp0 (e->group, group) == 0) &&
           (subgroup == NULL || g_strcmp0 (e->subgroup, subgroup) == 0);
    }
  return n;
}

static Entry *
find_entry (GPtrArray  *entries,
            const char *text)
{
  for (guint i = 0; i < entries->len; i++)
    if (g_strcmp0 (((Entry *) g_ptr_array_index (entries, i))->text, text) == 0)
      return g_ptr_array_index (entries, i);
  return NULL;
}

static gboolean
entry_selected (GPtrArray  *entries,
                const char *text)
{
  Entry *e = find_entry (entries, text);

  return e != NULL && e->selected;
}

static GtkWidget *
entry_row (GPtrArray  *entries,
           const char *text)
{
  Entry *e = find_entry (entries, text);

  return e != NULL ? e->row : NULL;
}

/* Is there a heading (or subheading when @sub) @text, internal or not? */
static gboolean
has_heading (GPtrArray  *entries,
             const char *text,
             gboolean    sub,
             gboolean    internal)
{
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *e = g_ptr_array_index (entries, i);

      if (!sub && g_strcmp0 (e->group, text) == 0 && e->group_internal == internal)
        return TRUE;
      if (sub && g_strcmp0 (e->subgroup, text) == 0 && e->subgroup_internal == internal)
        return TRUE;
    }
  return FALSE;
}

static gboolean
any_heading (GPtrArray  *entries,
             const char *text)
{
  return has_heading (entries, text, FALSE, FALSE) || has_heading (entries, text, FALSE, TRUE);
}

/* Waits ------------------------------------------------------------------ */

typedef struct
{
  GtkWindow  *window;
  const char *text;
  const char *group;
  const char *subgroup;
} Wait;

static gboolean
row_under (gpointer data)
{
  Wait *w = data;
  g_autoptr(GPtrArray) entries = sidebar_entries (w->window);

  return count_under (entries, w->text, w->group, w->subgroup) > 0;
}

static void
wait_row (GtkWindow  *window,
          const char *text,
          const char *group,
          const char *subgroup,
          guint       seconds)
{
  Wait w = { window, text, group, subgroup };

  if (!tcgui_ui_wait_for_sec (row_under, &w, seconds))
    {
      g_autoptr(GPtrArray) entries = sidebar_entries (window);

      log_entries (entries);
      g_error ("no row %s under %s / %s", text, group, subgroup ? subgroup : "*");
    }
}

/* The page of @title (a namespace or a container) with its rows shown. */
static gboolean
page_of (gpointer data)
{
  Wait *w = data;
  GtkWidget *title = tcgui_ui_find (GTK_WIDGET (w->window), ADW_TYPE_WINDOW_TITLE, w->text);

  return title != NULL && tcgui_ui_find_row (GTK_WIDGET (w->window), w->subgroup) != NULL;
}

/* The host's page: Host selected, its loopback row shown. */
static gboolean
host_page (gpointer data)
{
  GtkWidget *sidebar = tcgui_ui_sidebar (data);
  GtkWidget *host = sidebar ? tcgui_ui_find_row (sidebar, "Host") : NULL;
  GtkWidget *lo = tcgui_ui_find_row (data, "lo");
  g_autofree char *text = lo ? tcgui_ui_row_text (lo) : NULL;

  return host != NULL && gtk_list_box_row_is_selected (GTK_LIST_BOX_ROW (host)) &&
         text != NULL && g_str_has_prefix (text, "lo | loopback");
}

static void
wait_host_page (GtkWindow *window)
{
  if (!tcgui_ui_wait_for (host_page, window))
    {
      tcgui_ui_log_tree (GTK_WIDGET (window));
      g_error ("the host's page is not shown");
    }
  tcgui_ui_spin_for (300);
}

/* Clicks @container's row in the sidebar until its page shows @first_row. */
static void
open_page (GtkWindow  *window,
           const char *container,
           const char *first_row)
{
  Wait w = { window, container, NULL, first_row };

  tcgui_ui_click_row (GTK_WIDGET (window), container, page_of, &w);
  tcgui_ui_spin_for (500);
}

static void
assert_header (GtkWindow  *window,
               const char *title,
               const char *text)
{
  GtkWidget *row = tcgui_ui_find_row (GTK_WIDGET (window), title);
  g_autofree char *line = row ? tcgui_ui_row_text (row) : NULL;

  g_test_message ("header: %s", line);
  g_assert_cmpstr (line, ==, text);
}

/* Phase "containers" ----------------------------------------------------- */

static char *
docker_inspect (const char *format,
                const char *container)
{
  g_autofree char *cmd = g_strdup_printf ("docker inspect -f '%s' %s", format, container);
  char *out = tcgui_ui_run (cmd);

  return g_strstrip (out);
}

static void
check_header (GtkWindow  *window,
              const char *c)
{
  const char *nets[] = { "int", "net" };
  GtkWidget *title = tcgui_ui_find (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE, c);
  g_autofree char *count = g_strdup_printf ("3 interfaces in %s", c);
  g_autofree char *pattern = g_strdup_printf ("^Interface eth[01] \\| %s-(int|net) · host side "
                                              "veth[0-9a-f]+ on (br-[0-9a-f]+|docker0)$", prefix);
  guint interfaces = 0;

  g_assert_nonnull (title);
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)), ==, "Docker container");
  assert_header (window, "Image", "Image | localhost/bb:latest");
  assert_header (window, "Runtime", "Runtime | Docker");
  assert_header (window, "State", "State | running");
  for (guint i = 0; i < G_N_ELEMENTS (nets); i++)
    {
      g_autofree char *net = name (nets[i]);
      g_autofree char *format = g_strdup_printf ("{{with index .NetworkSettings.Networks \"%s\"}}"
                                                 "{{.IPAddress}}/{{.IPPrefixLen}}{{end}}", net);
      g_autofree char *ip = docker_inspect (format, c);
      g_autofree char *row = g_strdup_printf ("Network %s", net);
      g_autofree char *text = g_strdup_printf ("Network %s | %s%s", net, ip,
                                               i == 0 ? " · internal" : "");

      assert_header (window, row, text);
    }
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *row = g_strdup_printf ("Interface eth%u", i);
      GtkWidget *w = tcgui_ui_find_row (GTK_WIDGET (window), row);
      g_autofree char *text = w ? tcgui_ui_row_text (w) : NULL;

      g_test_message ("header: %s", text);
      interfaces += text != NULL && g_regex_match_simple (pattern, text, 0, 0);
    }
  g_assert_cmpuint (interfaces, ==, 2);
  /* The page's own rows: eth0, eth1, lo, and how many. */
  g_assert_nonnull (tcgui_ui_find_row (GTK_WIDGET (window), "eth0"));
  g_assert_nonnull (tcgui_ui_find_row (GTK_WIDGET (window), "eth1"));
  g_assert_nonnull (tcgui_ui_find_row (GTK_WIDGET (window), "lo"));
  g_assert_cmpuint (tcgui_ui_n_rows (gtk_widget_get_ancestor (tcgui_ui_find_row (GTK_WIDGET (window), "eth0"),
                                                              GTK_TYPE_LIST_BOX)), ==, 3);
  g_assert_nonnull (tcgui_ui_find (GTK_WIDGET (window), GTK_TYPE_LABEL, count));
}

/* The status page of the sidebar or of the window titled @title, if shown. */
static GtkWidget *
status (GtkWindow  *window,
        const char *title)
{
  return tcgui_ui_find (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, title);
}

static void
search (GtkWindow  *window,
        const char *text)
{
  tcgui_ui_keys (GTK_WIDGET (window), "ctrl+f");
  tcgui_ui_keys (GTK_WIDGET (window), "ctrl+a BackSpace");
  tcgui_ui_type (GTK_WIDGET (window), text);
  tcgui_ui_spin_for (1000);
}

typedef struct
{
  GtkWindow  *window;
  const char *a, *b;
} SearchWait;

static gboolean
search_shows (gpointer data)
{
  SearchWait *s = data;
  g_autoptr(GPtrArray) entries = sidebar_entries (s->window);
  gboolean only_b = s->a == NULL;

  if (find_entry (entries, "Host") != NULL || find_entry (entries, s->b) == NULL)
    return FALSE;
  if (!only_b)
    return find_entry (entries, s->a) != NULL;
  for (guint i = 0; i < entries->len; i++)
    if (g_strcmp0 (((Entry *) g_ptr_array_index (entries, i))->text, s->b) != 0)
      return FALSE;
  return TRUE;
}

static void
main_body (GtkWindow *window,
           gpointer   data)
{
  g_autofree char *a = name ("a"), *b = name ("b"), *c = name ("c"), *s = name ("s");
  g_autofree char *in = name ("int"), *net = name ("net");
  g_autoptr(GPtrArray) entries = NULL;
  SearchWait sw = { window, NULL, NULL };
  gboolean selected = FALSE;

  wait_row (window, c, "Docker", net, 60);
  wait_row (window, b, "Docker", in, 60);
  open_page (window, c, "eth1");
  entries = sidebar_entries (window);
  log_entries (entries);
  tcgui_ui_log_tree (GTK_WIDGET (window));

  g_assert_nonnull (find_entry (entries, "Host"));
  g_assert_true (any_heading (entries, "Docker"));
  g_assert_true (has_heading (entries, in, TRUE, TRUE));
  g_assert_true (has_heading (entries, net, TRUE, FALSE));
  g_assert_cmpuint (count_under (entries, b, "Docker", in), ==, 1);
  g_assert_cmpuint (count_under (entries, a, "Docker", net), ==, 1);
  g_assert_cmpuint (count_under (entries, a, "Docker", in), ==, 0);
  g_assert_cmpuint (count_under (entries, c, "Docker", in), ==, 1);
  g_assert_cmpuint (count_under (entries, c, "Docker", net), ==, 1);
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *e = g_ptr_array_index (entries, i);

      selected |= g_strcmp0 (e->text, c) == 0 && e->selected;
    }
  g_assert_true (selected);
  g_assert_null (find_entry (entries, s));
  g_assert_null (status (window, "No Container Runtime Found"));
  g_assert_null (status (window, "Cannot Reach the Container Runtime"));
  check_header (window, c);
  g_assert_true (tcgui_ui_save_png (GTK_WIDGET (window), "inventory.png"));

  /* Ctrl+F's search matches images too, and names. */
  search (window, "bb:latest");
  sw.a = a, sw.b = b;
  if (!tcgui_ui_wait_for (search_shows, &sw))
    {
      g_autoptr(GPtrArray) now = sidebar_entries (window);

      log_entries (now);
      g_error ("searching the image does not show %s and %s alone", a, b);
    }
  search (window, b);
  sw.a = NULL;
  if (!tcgui_ui_wait_for (search_shows, &sw))
    {
      g_autoptr(GPtrArray) now = sidebar_entries (window);

      log_entries (now);
      g_error ("searching %s shows other rows", b);
    }
}

static void
test_containers (void)
{
  remove_config ();
  tcgui_ui_set_window_size (1100, 760);
  g_assert_cmpint (tcgui_ui_app_run (main_body, NULL), ==, 0);
}

/* A container started while the app runs, and while the helper restarts. */
static void
live_body (GtkWindow *window,
           gpointer   data)
{
  g_autofree char *a = name ("a"), *d = name ("d"), *e = name ("e");
  g_autofree char *in = name ("int"), *net = name ("net");
  g_autofree char *run_d = g_strdup_printf ("docker run -d --name %s --label io.github.tcgui.testenv=%s "
                                            "--network %s localhost/bb:latest sleep infinity", d, prefix, net);
  g_autofree char *run_e = g_strdup_printf ("docker run -d --name %s --label io.github.tcgui.testenv=%s "
                                            "--network %s localhost/bb:latest sleep infinity", e, prefix, in);
  g_autofree char *rm = g_strdup_printf ("docker rm -f %s %s", d, e);
  g_autoptr(GPtrArray) before = NULL, after = NULL;
  GtkWidget *lo;
  const char *kept[] = { "Host", a, NULL };

  wait_host_page (window);
  wait_row (window, a, "Docker", net, 60);
  before = sidebar_entries (window);
  lo = tcgui_ui_find_row (GTK_WIDGET (window), "lo");

  g_assert_true (tcgui_ui_run_ok (run_d));
  wait_row (window, d, "Docker", net, 60);
  tcgui_ui_spin_for (500);
  after = sidebar_entries (window);
  log_entries (after);
  g_assert_true (entry_selected (after, "Host"));
  /* The page was not reloaded by the change; the other rows stay the same widgets. */
  g_assert_true (tcgui_ui_find_row (GTK_WIDGET (window), "lo") == lo);
  for (guint i = 0; kept[i] != NULL; i++)
    if (entry_row (after, kept[i]) == NULL || entry_row (after, kept[i]) != entry_row (before, kept[i]))
      g_error ("the row %s is a new widget after %s started (rebuilt, not kept)", kept[i], d);
  g_assert_null (find_entry (before, d));

  /* The helper restarts; a container starts while none runs: the new
   * helper's inventory is loaded again. */
  tcgui_ui_helper_stop ();
  g_assert_true (tcgui_ui_run_ok (run_e));
  tcgui_ui_helper_start ();
  wait_row (window, e, "Docker", in, 90);
  tcgui_ui_run_ok (rm);
}

static void
test_live (void)
{
  g_assert_cmpint (tcgui_ui_app_run (live_body, NULL), ==, 0);
}

/* The menu's toggles regroup the sidebar and are saved. */
static gboolean
by_network (gpointer data)
{
  g_autoptr(GPtrArray) entries = sidebar_entries (data);
  g_autofree char *in = name ("int"), *s = name ("s");
  g_autofree char *stopped = g_strdup_printf ("%s | created", s);

  return has_heading (entries, in, FALSE, TRUE) && find_entry (entries, stopped) != NULL;
}

static void
main_menu (GtkWindow  *window,
           const char *item)
{
  GtkWidget *button = tcgui_ui_find_role (GTK_WIDGET (window), GTK_ACCESSIBLE_ROLE_BUTTON, "Main Menu");

  g_assert_nonnull (button);
  tcgui_ui_menu_item (button, item);
  tcgui_ui_keys (GTK_WIDGET (window), "Escape");
  tcgui_ui_spin_for (300);
}

static void
toggles_body (GtkWindow *window,
              gpointer   data)
{
  g_autofree char *c = name ("c"), *in = name ("int"), *net = name ("net");
  g_autofree char *path = g_build_filename (config, "tcgui", "config.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  wait_host_page (window);
  wait_row (window, c, "Docker", net, 60);
  main_menu (window, "Show Stopped Containers");
  main_menu (window, "Group by Network First");
  if (!tcgui_ui_wait_for (by_network, window))
    {
      g_autoptr(GPtrArray) now = sidebar_entries (window);

      log_entries (now);
      g_error ("the toggles did not regroup the sidebar");
    }
  tcgui_ui_spin_for (500);
  entries = sidebar_entries (window);
  log_entries (entries);
  g_assert_true (has_heading (entries, net, FALSE, FALSE));
  g_assert_true (has_heading (entries, "Docker", TRUE, FALSE));
  g_assert_cmpuint (count_under (entries, c, NULL, NULL), ==, 2);
  g_assert_true (tcgui_ui_save_png (GTK_WIDGET (window), "inventory-by-network.png"));

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_test_message ("config.json: %s", text);
  g_assert_nonnull (strstr (text, "\"show-stopped\" : true"));
  g_assert_nonnull (strstr (text, "\"group-by-network\" : true"));
}

static void
reread_body (GtkWindow *window,
             gpointer   data)
{
  wait_host_page (window);
  g_assert_true (tcgui_ui_wait_for (by_network, window));
}

/* The stopped container's page: its header and why there is nothing to shape. */
static gboolean
stopped_page (gpointer data)
{
  g_autoptr(GPtrArray) pages = tcgui_ui_find_all (data, ADW_TYPE_STATUS_PAGE);

  for (guint i = 0; i < pages->len; i++)
    {
      const char *d = adw_status_page_get_description (g_ptr_array_index (pages, i));

      if (d != NULL && g_str_has_prefix (d, "This container is stopped: it has no network to shape"))
        return TRUE;
    }
  return FALSE;
}

static void
stopped_body (GtkWindow *window,
              gpointer   data)
{
  g_autofree char *s = name ("s");
  GtkWidget *title;

  wait_host_page (window);
  g_assert_true (tcgui_ui_wait_for (by_network, window));
  tcgui_ui_click_row (GTK_WIDGET (window), s, stopped_page, window);
  tcgui_ui_spin_for (500);
  tcgui_ui_log_tree (GTK_WIDGET (window));
  assert_header (window, "State", "State | created");
  title = tcgui_ui_find (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE, s);
  g_assert_nonnull (title);
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)), ==, "Docker container");
  g_assert_null (status (window, "Cannot Read This Namespace"));
  g_assert_true (tcgui_ui_save_png (GTK_WIDGET (window), "stopped-container.png"));
}

/* Docker turned off in the file: its section goes (it never comes). */
static void
docker_off_body (GtkWindow *window,
                 gpointer   data)
{
  g_autoptr(GPtrArray) entries = NULL;

  wait_host_page (window);
  tcgui_ui_spin_for (3000);
  entries = sidebar_entries (window);
  log_entries (entries);
  g_assert_false (any_heading (entries, "Docker"));
}

/* A corrupt file is kept aside, the user is told, the defaults are used. */
static gboolean
damaged_said (gpointer data)
{
  return tcgui_ui_find_prefix (data, GTK_TYPE_LABEL, "Your settings file was damaged") != NULL;
}

static void
corrupt_body (GtkWindow *window,
              gpointer   data)
{
  g_autofree char *c = name ("c"), *s = name ("s"), *net = name ("net");
  g_autoptr(GPtrArray) entries = NULL;

  wait_host_page (window);
  if (!tcgui_ui_wait_for (damaged_said, window))
    {
      tcgui_ui_log_tree (GTK_WIDGET (window));
      g_error ("the window does not say that the settings file was damaged");
    }
  wait_row (window, c, "Docker", net, 60);
  entries = sidebar_entries (window);
  g_assert_null (find_entry (entries, s));
}

static void
test_settings (void)
{
  g_autofree char *dir = g_build_filename (config, "tcgui", NULL);
  g_autofree char *path = g_build_filename (dir, "config.json", NULL);
  g_autoptr(GDir) d = NULL;
  const char *file;
  gboolean kept = FALSE;

  remove_config ();
  g_assert_cmpint (tcgui_ui_app_run (toggles_body, NULL), ==, 0);
  g_assert_cmpint (tcgui_ui_app_run (reread_body, NULL), ==, 0);
  g_assert_cmpint (tcgui_ui_app_run (stopped_body, NULL), ==, 0);

  write_config ("{ \"runtimes\": { \"docker\": false } }\n");
  g_assert_cmpint (tcgui_ui_app_run (docker_off_body, NULL), ==, 0);

  write_config ("{ \"show-stopped\": tru\n");
  g_assert_cmpint (tcgui_ui_app_run (corrupt_body, NULL), ==, 0);
  d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  while ((file = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (file, "config.json.corrupt-"))
      {
        g_autofree char *full = g_build_filename (dir, file, NULL);
        g_autofree char *text = NULL;

        g_assert_true (g_file_get_contents (full, &text, NULL, NULL));
        kept = g_str_equal (text, "{ \"show-stopped\": tru\n");
      }
  g_assert_true (kept);
  /* Not written again without a change. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* Phase "empty" ----------------------------------------------------------- */

typedef struct
{
  GtkWindow  *window;
  const char *title;
  const char *error;
} Empty;

static gboolean
runtime_status (gpointer data)
{
  Empty *e = data;
  g_autoptr(GPtrArray) labels = NULL;

  if (status (e->window, e->title) == NULL)
    return FALSE;
  labels = tcgui_ui_find_all (GTK_WIDGET (e->window), GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    {
      const char *text = gtk_label_get_text (g_ptr_array_index (labels, i));

      for (const char *l = text; l != NULL; l = strchr (l, '\n') ? strchr (l, '\n') + 1 : NULL)
        if (g_str_has_prefix (l, "docker: ") && strstr (l, e->error) != NULL)
          return TRUE;
    }
  return FALSE;
}

static void
empty_body (GtkWindow *window,
            gpointer   data)
{
  Empty *e = data;
  g_autoptr(GPtrArray) entries = NULL;

  e->window = window;
  wait_host_page (window);
  if (!tcgui_ui_wait_for (runtime_status, e))
    {
      tcgui_ui_log_tree (GTK_WIDGET (window));
      g_error ("the sidebar does not say “%s” with Docker's “%s”", e->title, e->error);
    }
  entries = sidebar_entries (window);
  log_entries (entries);
  g_assert_false (any_heading (entries, "Docker"));
  g_assert_true (entry_selected (entries, "Host"));
  if (g_str_equal (e->title, "No Container Runtime Found"))
    g_assert_true (tcgui_ui_save_png (GTK_WIDGET (window), "empty-state.png"));
}

static void
test_empty (void)
{
  Empty none = { NULL, "No Container Runtime Found", "No such file" };
  Empty dead = { NULL, "Cannot Reach the Container Runtime", "refused" };
  g_autofree char *bind = g_strdup_printf ("python3 -c \"import socket; "
                                           "socket.socket(socket.AF_UNIX).bind('%s')\"", DOCKER_SOCK);

  write_config ("{ \"runtimes\": { \"podman\": false, \"other\": false } }\n");
  g_assert_cmpint (tcgui_ui_app_run (empty_body, &none), ==, 0);

  /* A socket nobody answers on: there, but not usable. */
  g_assert_true (tcgui_ui_run_ok (bind));
  g_assert_cmpint (tcgui_ui_app_run (empty_body, &dead), ==, 0);
  g_unlink (DOCKER_SOCK);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  const char *phase;
  int rc;

  if (argc < 3)
    g_error ("usage: test-ui-inventory - containers|empty");
  phase = argv[2];
  argv[1] = argv[0], argv[2] = NULL, argc = 2, argv++;
  argc--;
  prefix = g_getenv ("TESTENV_PREFIX");
  /* Before GTK starts its threads: the settings file in a directory of our own. */
  dir = tcgui_ui_tmpdir ();
  config = g_build_filename (dir, "config", NULL);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  if ((rc = tcgui_ui_init (&argc, &argv)) != 0)
    return rc;
  if (g_str_equal (phase, "empty"))
    {
      g_test_add_func ("/inventory/empty-states", test_empty);
    }
  else
    {
      g_autofree char *create = NULL;

      if (prefix == NULL)
        g_error ("run by ui-inprocess.sh --docker (TESTENV_PREFIX)");
      /* Stopped (created, never started): listed only when asked for. */
      create = g_strdup_printf ("docker create --name %s-s --label io.github.tcgui.testenv=%s "
                                "--network %s-net localhost/bb:latest sleep infinity",
                                prefix, prefix, prefix);
      g_assert_true (tcgui_ui_run_ok (create));
      tcgui_ui_helper_start ();
      g_test_add_func ("/inventory/containers", test_containers);
      g_test_add_func ("/inventory/live", test_live);
      g_test_add_func ("/inventory/settings", test_settings);
    }
  rc = g_test_run ();
  tcgui_ui_helper_stop ();
  g_free (config);
  return rc;
}
