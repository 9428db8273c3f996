/* test-app-live.c - the whole app in process against the real helper, the
 * kernel's namespaces and real containers: the sidebar and the page follow
 * the system as a user changes it
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by test-ui-app-live.sh through ui-inprocess.sh: a private system bus
 * with a real polkitd and the real helper (polkit-bus), Xvfb (gui-session).
 * The app is TcguiApplication with its real window; the test clicks with
 * the pointer (XTest, xdotool), changes the system with `ip netns`, `docker`
 * and `podman`, and reads back what the window shows (the labels of the
 * sidebar's rows, the page's title and interfaces). No test hook, no
 * "settled" signal: each step waits, with a generous deadline, for what a
 * user would see.
 *
 * Environment: TCGUI_LIVE_DOCKER=PREFIX (docker-fixture up with that
 * prefix: PREFIX-a runs), TCGUI_LIVE_PODMAN=PREFIX (podman-fixture);
 * without them those cases skip.
 *
 * Usage: test-app-live NS [--tap …]
 */

#include "config.h"

#include <string.h>
#include <adwaita.h>
#include <gdk/x11/gdkx.h>

#include "tcgui-application.h"
#include "tcgui-link.h"
#include "tcgui-links-page.h"
#include "tcgui-namespace-row.h"
#include "tcgui-sidebar.h"
#include "tcgui-window.h"

/* Generous: ASan on a loaded two-core machine. Never a timing check. */
#define DEADLINE_SEC 60

static const char *ns;
static GtkWindow *window;

/* The system -------------------------------------------------------------- */

static char *
run (const char *command)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!g_spawn_command_line_sync (command, &out, &err, &status, &error))
    g_error ("%s: %s", command, error->message);
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("%s: %s", command, err);
  return g_strstrip (g_steal_pointer (&out));
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_check_finish (G_SUBPROCESS (object), result, &error))
    g_error ("%s", error->message);
  *done = TRUE;
}

/* Runs a command while the app goes on (its main loop runs, as it does
 * while a user types in a terminal): it sees every step of a restart. */
static void
runf_ok (const char *format,
         ...) G_GNUC_PRINTF (1, 2);

static void
runf_ok (const char *format,
         ...)
{
  g_autofree char *command = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  va_list args;

  va_start (args, format);
  command = g_strdup_vprintf (format, args);
  va_end (args);
  g_test_message ("$ %s", command);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, "sh", "-c", command, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check_async (proc, NULL, wait_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* The window, as a user sees it ------------------------------------------- */

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_widget (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The text of the row's first label: its name, as shown. */
static const char *
row_text (GtkWidget *row)
{
  GtkWidget *label = find_widget (row, GTK_TYPE_LABEL);

  return label != NULL ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

/* The sidebar's row that shows @name, if one is on screen. */
static GtkWidget *
sidebar_row (const char *name)
{
  GtkWidget *sidebar = find_widget (GTK_WIDGET (window), TCGUI_TYPE_SIDEBAR);
  GtkWidget *list = find_widget (sidebar, GTK_TYPE_LIST_BOX);

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (TCGUI_IS_NAMESPACE_ROW (row) && gtk_widget_get_mapped (row) &&
        gtk_widget_get_height (row) > 0 && g_strcmp0 (row_text (row), name) == 0)
      return row;
  return NULL;
}

/* Rows whose name starts with @prefix (Podman's "netns-…"). */
static guint
count_rows_with_prefix (const char *prefix)
{
  GtkWidget *sidebar = find_widget (GTK_WIDGET (window), TCGUI_TYPE_SIDEBAR);
  GtkWidget *list = find_widget (sidebar, GTK_TYPE_LIST_BOX);
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (TCGUI_IS_NAMESPACE_ROW (row) && gtk_widget_get_mapped (row) &&
        g_str_has_prefix (row_text (row) ? row_text (row) : "", prefix))
      n++;
  return n;
}

typedef gboolean (*Condition) (gconstpointer data);

static gboolean
iterate_until (Condition     cond,
               gconstpointer data)
{
  gint64 end = g_get_monotonic_time () + DEADLINE_SEC * G_USEC_PER_SEC;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return TRUE;
}

static gboolean
row_shown (gconstpointer name)
{
  return sidebar_row (name) != NULL;
}

static gboolean
row_gone (gconstpointer name)
{
  return sidebar_row (name) == NULL;
}

static void
spin_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* As a user scrolls a long list (the machine's other namespaces) until
 * @widget is in view. */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *native = GTK_WIDGET (gtk_widget_get_native (widget));
  int height = gtk_widget_get_height (native);

  for (guint i = 0; scrolled != NULL && i < 10; i++)
    {
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
      graphene_point_t p;

      g_assert_true (gtk_widget_compute_point (widget, native, &GRAPHENE_POINT_INIT (0, 0), &p));
      if (p.y >= 80 && p.y + gtk_widget_get_height (widget) <= height - 20)
        return;
      gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + p.y - height / 2.);
      spin_for (200);
    }
}

/* A click with the pointer in the middle of @widget (XTest). */
static void
click (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t p;
  double sx, sy;
  g_autofree char *cmd = NULL;

  g_assert_nonnull (widget);
  scroll_to (widget);
  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.f,
                                                                 gtk_widget_get_height (widget) / 2.f),
                                           &p));
  gtk_native_get_surface_transform (native, &sx, &sy);
  cmd = g_strdup_printf ("xdotool mousemove --window %lu %d %d",
                         (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (native)),
                         (int) (sx + p.x), (int) (sy + p.y));
  g_test_message ("%s; window %dx%d, row %dx%d", cmd, gtk_widget_get_width (GTK_WIDGET (native)),
                  gtk_widget_get_height (GTK_WIDGET (native)), gtk_widget_get_width (widget),
                  gtk_widget_get_height (widget));
  g_free (run (cmd));
  /* GTK sees the pointer arrive before the button goes down. */
  spin_for (100);
  g_free (run ("xdotool click 1"));
  spin_for (50);
}

static gboolean
row_selected (gconstpointer name)
{
  GtkWidget *row = sidebar_row (name);

  return row != NULL && gtk_list_box_row_is_selected (GTK_LIST_BOX_ROW (row));
}

/* Clicks the sidebar's row of @name. The machine's other namespaces and
 * containers come and go meanwhile (the sidebar follows them), moving the
 * rows: a click that hit another row is made again, as a user would. */
static void
click_row (const char *name)
{
  for (guint i = 0; i < 5; i++)
    {
      g_assert_true (iterate_until (row_shown, name));
      click (sidebar_row (name));
      spin_for (300);
      if (row_selected (name))
        return;
      g_test_message ("the click missed %s: again", name);
    }
  g_assert_true (row_selected (name));
}

static TcguiLinksPage *
links_page (void)
{
  return TCGUI_LINKS_PAGE (find_widget (GTK_WIDGET (window), TCGUI_TYPE_LINKS_PAGE));
}

static const char *page_title (void);

/* What the page shows, for the log when a wait fails. */
static void
log_page (void)
{
  TcguiNamespace *shown = tcgui_links_page_get_namespace (links_page ());

  GListModel *links = tcgui_links_page_get_links (links_page ());

  g_test_message ("the page shows %s (%s), %u interfaces, titled %s",
                  shown ? tcgui_namespace_get_id (shown) : "nothing",
                  tcgui_links_page_get_view (links_page ()),
                  links ? g_list_model_get_n_items (links) : 0, page_title ());
}

/* The page's title: the AdwWindowTitle above the page, not the sidebar's. */
static const char *
page_title (void)
{
  GtkWidget *page = GTK_WIDGET (links_page ());
  GtkWidget *box = gtk_widget_get_parent (page);

  for (; box != NULL; box = gtk_widget_get_parent (box))
    {
      GtkWidget *title = find_widget (box, ADW_TYPE_WINDOW_TITLE);

      if (title != NULL)
        return adw_window_title_get_title (ADW_WINDOW_TITLE (title));
    }
  return NULL;
}

/* The page shows the interfaces of namespace @id (ListLinks answered). */
static gboolean
page_on_namespace (gconstpointer id)
{
  TcguiLinksPage *page = links_page ();
  TcguiNamespace *shown = tcgui_links_page_get_namespace (page);

  return shown != NULL && g_strcmp0 (tcgui_namespace_get_id (shown), id) == 0 &&
         g_strcmp0 (tcgui_links_page_get_view (page), "links") == 0;
}

/* A row titled @title is on the page (an interface of its list). */
static gboolean
shows_row (GtkWidget  *widget,
           const char *title)
{
  if (ADW_IS_ACTION_ROW (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (shows_row (c, title))
      return TRUE;
  return FALSE;
}

static gboolean
page_lists (const char *ifname)
{
  return shows_row (GTK_WIDGET (links_page ()), ifname);
}

/* Defect 4 ---------------------------------------------------------------- */

/* `ip netns add` and `ip netns del` with the app open: the sidebar lists
 * the new namespace and drops the deleted one, without F5. One whose page
 * is open stays until the user leaves it (its page says it is gone, see
 * test-ui-shaping-vanish.sh), then goes. */
static void
test_netns_follow (void)
{
  g_autofree char *name = g_strdup_printf ("%s-live", ns);
  g_autofree char *other = g_strdup_printf ("%s-live2", ns);
  g_autofree char *id = g_strdup_printf ("netns:%s", name);

  g_assert_true (iterate_until (row_shown, "Host"));
  g_assert_true (iterate_until (row_shown, ns));

  runf_ok ("ip netns add %s", name);
  runf_ok ("ip netns add %s", other);
  g_assert_true (iterate_until (row_shown, name));
  g_assert_true (iterate_until (row_shown, other));

  /* Deleted while another page is open: it goes. */
  runf_ok ("ip netns del %s", other);
  g_assert_true (iterate_until (row_gone, other));

  /* Its page open, as a user who clicked it would have, then deleted. */
  click_row (name);
  if (!iterate_until (page_on_namespace, id))
    log_page ();
  g_assert_true (page_on_namespace (id));
  runf_ok ("ip netns del %s", name);
  /* The user leaves it: it goes; the others stay. */
  click_row ("Host");
  g_assert_true (iterate_until (row_gone, name));
  g_assert_true (iterate_until (row_shown, ns));
  g_assert_true (iterate_until (row_shown, "Host"));
}

/* A Podman container's namespace (/run/netns/netns-UUID) is listed as its
 * container; `podman restart` deletes it and makes another: no row of the
 * old, deleted one may be left ("Cannot Read This Namespace"). */
static gboolean
no_netns_rows (gconstpointer data)
{
  return count_rows_with_prefix ("netns-") == 0 && sidebar_row (data) != NULL;
}

static void
test_podman_restart_no_phantom (void)
{
  const char *prefix = g_getenv ("TCGUI_LIVE_PODMAN");
  g_autofree char *c = NULL, *before = NULL, *after = NULL;

  if (prefix == NULL)
    {
      g_test_skip ("no podman-fixture (TCGUI_LIVE_PODMAN)");
      return;
    }
  c = g_strdup_printf ("%s-a", prefix);
  g_assert_true (iterate_until (row_shown, c));
  g_assert_true (iterate_until (no_netns_rows, c));
  before = run ("sh -c 'ls /run/netns | grep ^netns- | sort'");

  runf_ok ("podman restart -t 0 %s", c);
  after = run ("sh -c 'ls /run/netns | grep ^netns- | sort'");
  g_test_message ("Podman's namespaces before: %s; after: %s", before, after);
  /* Listed as the container only: no phantom of the old namespace nor a
   * second row of the new one, once the sidebar has caught up. */
  g_assert_true (iterate_until (no_netns_rows, c));
}

/* Defect 5 ---------------------------------------------------------------- */

static char *
docker_namespace_pid (const char *c)
{
  g_autofree char *cmd = g_strdup_printf ("docker inspect -f '{{.State.Pid}}' %s", c);

  return run (cmd);
}

static gboolean
page_on_pid (gconstpointer data)
{
  TcguiLinksPage *page = links_page ();
  TcguiNamespace *shown = tcgui_links_page_get_namespace (page);

  return shown != NULL && g_str_has_prefix (tcgui_namespace_get_id (shown), data) &&
         g_strcmp0 (tcgui_links_page_get_view (page), "links") == 0 && page_lists ("eth0");
}

static void
restart_keeps_page (const char *how)
{
  const char *prefix = g_getenv ("TCGUI_LIVE_DOCKER");
  g_autofree char *c = NULL, *pid = NULL, *old_id = NULL, *want = NULL;

  if (prefix == NULL)
    {
      g_test_skip ("no docker-fixture (TCGUI_LIVE_DOCKER)");
      return;
    }
  c = g_strdup_printf ("%s-a", prefix);
  g_assert_true (iterate_until (row_shown, c));

  /* The user opens the container's page: its interfaces. */
  click_row (c);
  pid = docker_namespace_pid (c);
  want = g_strdup_printf ("pid:%s:", pid);
  if (!iterate_until (page_on_pid, want))
    log_page ();
  g_test_message ("want %s, eth0 listed: %d", want, page_lists ("eth0"));
  g_assert_true (page_on_pid (want));
  g_assert_cmpstr (page_title (), ==, c);
  old_id = g_strdup (tcgui_namespace_get_id (tcgui_links_page_get_namespace (links_page ())));

  if (g_str_equal (how, "restart"))
    runf_ok ("docker restart -t 0 %s", c);
  else
    {
      runf_ok ("docker stop -t 0 %s", c);
      runf_ok ("docker start %s", c);
    }

  /* The page stays on the container and shows its new namespace. */
  g_free (pid);
  g_free (want);
  pid = docker_namespace_pid (c);
  want = g_strdup_printf ("pid:%s:", pid);
  g_test_message ("%s: %s → pid %s", how, old_id, pid);
  g_assert_false (g_str_has_prefix (old_id, want));
  if (!iterate_until (page_on_pid, want))
    log_page ();
  g_assert_true (page_on_pid (want));
  g_assert_cmpstr (page_title (), ==, c);
  g_assert_true (page_lists ("eth0"));
}

static void
test_docker_restart_keeps_page (void)
{
  restart_keeps_page ("restart");
}

static void
test_docker_stop_start_keeps_page (void)
{
  restart_keeps_page ("stop-start");
}

/* The app ------------------------------------------------------------------ */

static int status;

static gboolean
run_tests_cb (gpointer app)
{
  window = gtk_application_get_active_window (app);
  g_assert_nonnull (window);
  gtk_window_set_default_size (window, 1000, 760);
  status = g_test_run ();
  /* As app.quit does: the window goes first, then the app's models. */
  gtk_window_destroy (window);
  g_application_quit (app);
  return G_SOURCE_REMOVE;
}

static void
activate_cb (GApplication *app)
{
  g_idle_add (run_tests_cb, app);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TcguiApplication) app = NULL;
  g_autofree char *config = NULL, *rm = NULL, *xdotool = NULL;

  g_test_init (&argc, &argv, NULL);
  if (argc < 2)
    {
      g_printerr ("usage: test-app-live NS\n");
      return 2;
    }
  ns = argv[1];
  /* The user's own files are never read nor written. */
  config = g_dir_make_tmp ("tcgui-live-XXXXXX", NULL);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  if ((xdotool = g_find_program_in_path ("xdotool")) == NULL)
    {
      g_printerr ("SKIP: needs xdotool\n");
      return 77;
    }

  g_test_add_func ("/sidebar/netns-follows-ip-netns", test_netns_follow);
  g_test_add_func ("/sidebar/podman-restart-no-phantom", test_podman_restart_no_phantom);
  g_test_add_func ("/page/docker-restart-keeps-page", test_docker_restart_keeps_page);
  g_test_add_func ("/page/docker-stop-start-keeps-page", test_docker_stop_start_keeps_page);

  app = tcgui_application_new ("io.github.tcgui.TcGui.LiveTest", G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_cb), NULL);
  g_application_run (G_APPLICATION (app), 0, NULL);
  rm = g_strdup_printf ("rm -rf %s", config);
  g_free (run (rm));
  return status;
}
