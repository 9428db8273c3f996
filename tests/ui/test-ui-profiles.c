/* test-ui-profiles.c - profiles per image, on the real app's widgets
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by ui-inprocess.sh --docker --no-ns: the real helper (which keeps
 * rules, in the test's own rules file) on a private bus with a real
 * polkitd, a real dockerd (docker-fixture, prefix P in TESTENV_PREFIX).
 * The image is the fixture's busybox under a tag of this test's own,
 * localhost/bb-P:latest: a profile applies to every container of its
 * image, and other tests on the machine start containers of
 * localhost/bb:latest all the time. A rate (tbf) set on P-src's eth0 (a
 * container of that tag) through the helper is saved as the profile of the
 * image through the app (P-src's "Presets for All" menu, clicked): a rule of
 * kind image in the helper (ListRules, asked on the bus, has it) and the
 * header says so. A container of that image started while the app runs
 * gets the same tbf from the helper (a generous deadline, read back with
 * nsenter + tc) and a notification from RulesChanged says so. Then "Forget
 * Profile" (the same menu): its toast shows, ListRules no longer has the
 * image and the header's line goes; the toast's Undo, clicked, saves it
 * again (ListRules, the header). Forgotten again without Undo: once the
 * toast has gone, the profile stays forgotten.
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include "tcgui-ui-harness.h"

static char *image;   /* localhost/bb-P:latest */
#define RATE_BPS  3000000
#define RATE_KBPS (RATE_BPS / 1000)

static const char *prefix;
static char *config;

static char *
name (const char *suffix)
{
  return g_strdup_printf ("%s-%s", prefix, suffix);
}

/* A container of the test's image on the fixture's network P-net. */
static void
run_container (const char *suffix)
{
  g_autofree char *container = name (suffix);
  g_autofree char *cmd = g_strdup_printf ("docker run -d --name %s --label io.github.tcgui.testenv=%s "
                                          "--network %s-net %s sleep infinity", container, prefix,
                                          prefix, image);

  g_assert_true (tcgui_ui_run_ok (cmd));
}

/* What the helper calls the container's namespace: pid:PID:INODE. */
static char *
netns_id (const char *container)
{
  guint pid = tcgui_ui_container_pid (container);
  g_autofree char *path = g_strdup_printf ("/proc/%u/ns/net", pid);
  struct stat st;

  g_assert_cmpint (stat (path, &st), ==, 0);
  return g_strdup_printf ("pid:%u:%lu", pid, (gulong) st.st_ino);
}

/* The rate on P-a's eth0, through the helper as any client would set it. */
static void
set_rate (const char *container)
{
  g_autofree char *id = netns_id (container);
  g_autofree char *cmd = g_strdup_printf (
    "gdbus call --system --dest io.github.tcgui.Helper1 --object-path /io/github/tcgui/Helper1 "
    "--method io.github.tcgui.Helper1.SetShaping %s eth0 outgoing "
    "\"{'rate-bps': <uint64 %u>}\" 0", id, RATE_BPS);

  g_assert_true (tcgui_ui_run_ok (cmd));
}

typedef struct
{
  GtkWindow  *window;
  const char *text;
} Text;

static gboolean
label_shown (gpointer data)
{
  Text *t = data;

  return tcgui_ui_find (GTK_WIDGET (t->window), GTK_TYPE_LABEL, t->text) != NULL;
}

static gboolean
label_prefix_shown (gpointer data)
{
  Text *t = data;

  return tcgui_ui_find_prefix (GTK_WIDGET (t->window), GTK_TYPE_LABEL, t->text) != NULL;
}

static void
wait_label (GtkWindow        *window,
            TcguiUiCondition  condition,
            const char       *text)
{
  Text t = { window, text };

  if (!tcgui_ui_wait_for (condition, &t))
    {
      tcgui_ui_log_tree (GTK_WIDGET (window));
      g_error ("the window never showed “%s”", text);
    }
}

/* P-a's page: its row clicked in the sidebar, until its title shows. */
static gboolean
page_of_a_shown (gpointer data)
{
  g_autofree char *a = name ("src");
  GtkWidget *title = tcgui_ui_find (data, ADW_TYPE_WINDOW_TITLE, a);

  return title != NULL &&
         g_strcmp0 (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)), "Docker container") == 0 &&
         tcgui_ui_find_row (data, "eth0") != NULL;
}

static void
open_page_of_a (GtkWindow *window)
{
  g_autofree char *a = name ("src");

  tcgui_ui_click_row (GTK_WIDGET (window), a, page_of_a_shown, window);
}

static char *
list_rules (void)
{
  return tcgui_ui_run ("gdbus call --system --dest io.github.tcgui.Helper1 "
                       "--object-path /io/github/tcgui/Helper1 "
                       "--method io.github.tcgui.Helper1.ListRules");
}

/* Whether the helper (ListRules on the bus) has a rule for the image. */
static gboolean
rules_have_image (gpointer data)
{
  g_autofree char *rules = list_rules ();
  g_autofree char *selector = g_strdup_printf ("'image': <'%s'>", image);

  return strstr (rules, selector) != NULL;
}

static gboolean
rules_lack_image (gpointer data)
{
  return !rules_have_image (data);
}

/* The rule for the image, with the rate, in the helper. */
static void
check_rule (void)
{
  g_autofree char *rate = g_strdup_printf ("'rate-bps': <uint64 %u>", RATE_BPS);
  g_autofree char *rules = NULL;

  if (!tcgui_ui_wait_for (rules_have_image, NULL))
    g_error ("ListRules never had a rule for %s", image);
  rules = list_rules ();
  g_assert_nonnull (strstr (rules, rate));
}

static void
check_no_rule (void)
{
  if (!tcgui_ui_wait_for (rules_lack_image, NULL))
    g_error ("ListRules kept the rule for %s", image);
}

static gboolean
label_gone (gpointer data)
{
  return !label_shown (data);
}

static gboolean
label_prefix_gone (gpointer data)
{
  return !label_prefix_shown (data);
}

/* "Forget Profile for IMAGE" in P-a's "Presets for All" menu, clicked;
 * the toast says so and the header's line about the profile goes. */
static void
forget_profile (GtkWindow  *window,
                const char *forgot,
                const char *header)
{
  g_autofree char *item = g_strdup_printf ("Forget Profile for %s", image);
  GtkWidget *presets = tcgui_ui_find (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON,
                                      "_Presets for All");

  g_assert_nonnull (presets);
  tcgui_ui_menu_item (presets, item);
  wait_label (window, label_shown, forgot);
  wait_label (window, label_prefix_gone, header);
  check_no_rule ();
}

/* Forget Profile, then the toast's Undo: the profile is saved again (the
 * file and the header); forgotten again without Undo: once the toast has
 * gone, it stays forgotten. */
static void
forget_then_undo (GtkWindow  *window,
                  const char *header)
{
  g_autofree char *forgot = g_strdup_printf ("Forgot the profile for %s", image);
  const char *restored = "Restored the profile";
  GtkWidget *undo;

  forget_profile (window, forgot, header);
  /* The toast's button: its label without the mnemonic's underscore. */
  undo = tcgui_ui_find (GTK_WIDGET (window), GTK_TYPE_LABEL, "Undo");
  g_assert_nonnull (undo);
  undo = gtk_widget_get_ancestor (undo, GTK_TYPE_BUTTON);
  g_assert_nonnull (undo);
  g_assert_true (tcgui_ui_click (undo));
  wait_label (window, label_shown, restored);
  wait_label (window, label_prefix_shown, header);
  check_rule ();
  tcgui_ui_log_tree (GTK_WIDGET (window));

  /* Again, and no Undo: the toast goes (its own timeout), nothing comes back. */
  forget_profile (window, forgot, header);
  if (!tcgui_ui_wait_for_sec (label_gone, &(Text) { window, forgot }, 120))
    {
      tcgui_ui_log_tree (GTK_WIDGET (window));
      g_error ("the toast “%s” never went", forgot);
    }
  g_assert_null (tcgui_ui_find (GTK_WIDGET (window), GTK_TYPE_LABEL, "Undo"));
  tcgui_ui_spin_for (1000);
  g_assert_null (tcgui_ui_find_prefix (GTK_WIDGET (window), GTK_TYPE_LABEL, header));
  check_no_rule ();
}

typedef struct
{
  GtkWindow *window;
  char      *container;
  char      *toast;
  gboolean   toast_seen;
  gint64     next_check;
  gboolean   shaped;
} Applied;

/* The new container's tbf (tc asked every 200 ms) and the notification,
 * which goes away after a while: seen once is enough. */
static gboolean
profile_applied (gpointer data)
{
  Applied *a = data;

  if (!a->toast_seen && tcgui_ui_find (GTK_WIDGET (a->window), GTK_TYPE_LABEL, a->toast) != NULL)
    a->toast_seen = TRUE;
  if (!a->shaped && g_get_monotonic_time () > a->next_check)
    {
      a->shaped = tcgui_ui_container_rate_kbps (a->container, "eth0") == RATE_KBPS;
      a->next_check = g_get_monotonic_time () + 200 * 1000;
    }
  return a->shaped && a->toast_seen;
}

static gboolean
rate_set (gpointer data)
{
  return tcgui_ui_container_rate_kbps (data, "eth0") == RATE_KBPS;
}

static void
profiles_body (GtkWindow *window,
               gpointer   data)
{
  g_autofree char *a = name ("src"), *old = name ("old");
  g_autofree char *saved = g_strdup_printf ("Saved the profile “%s”: the helper applies it at "
                                            "each start", image);
  g_autofree char *item = g_strdup_printf ("Save as Profile for Image %s", image);
  g_autofree char *header = g_strdup_printf ("Profile “%s” applied", image);
  g_autofree char *cmd = NULL;
  Applied applied = { window, name ("new"), NULL, FALSE, 0, FALSE };
  GtkWidget *presets;

  open_page_of_a (window);
  presets = tcgui_ui_find (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, "_Presets for All");
  g_assert_nonnull (presets);
  tcgui_ui_menu_item (presets, item);
  wait_label (window, label_shown, saved);
  wait_label (window, label_prefix_shown, header);
  tcgui_ui_log_tree (GTK_WIDGET (window));
  check_rule ();

  /* A container of that image starts while the app runs. */
  run_container ("new");
  applied.toast = g_strdup_printf ("Applied the profile “%s” to %s", image, applied.container);
  if (!tcgui_ui_wait_for_sec (profile_applied, &applied, 90))
    {
      tcgui_ui_log_tree (GTK_WIDGET (window));
      g_error ("%s: tbf at %u kbit/s %s, notification %s", applied.container, RATE_KBPS,
               applied.shaped ? "set" : "not set", applied.toast_seen ? "seen" : "not seen");
    }
  /* Running before the rule was made: the helper applies it there too. */
  if (!tcgui_ui_wait_for (rate_set, old))
    g_error ("%s: no tbf at %u kbit/s", old, RATE_KBPS);

  cmd = g_strdup_printf ("docker rm -f %s", applied.container);
  tcgui_ui_run_ok (cmd);

  forget_then_undo (window, header);
  g_free (applied.container);
  g_free (applied.toast);
}

static void
test_profile (void)
{
  g_autofree char *a = name ("src");
  g_autofree char *tag = g_strdup_printf ("docker tag localhost/bb:latest %s", image);

  g_assert_true (tcgui_ui_run_ok (tag));
  run_container ("src");
  run_container ("old");
  set_rate (a);
  g_assert_cmpuint (tcgui_ui_container_rate_kbps (a, "eth0"), ==, RATE_KBPS);
  g_assert_cmpint (tcgui_ui_app_run (profiles_body, NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  int rc;

  argv[1] = argv[0], argc--, argv++;   /* no namespace: "-" */
  prefix = g_getenv ("TESTENV_PREFIX");
  if (prefix == NULL)
    g_error ("run by ui-inprocess.sh --docker (TESTENV_PREFIX)");
  image = g_strdup_printf ("localhost/bb-%s:latest", prefix);
  /* Before GTK starts its threads: the profiles file in a directory of our own. */
  dir = tcgui_ui_tmpdir ();
  config = g_build_filename (dir, "config", NULL);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  if ((rc = tcgui_ui_init (&argc, &argv)) != 0)
    return rc;
  tcgui_ui_set_window_size (1100, 900);
  g_test_add_func ("/profiles/saved-applied-forgotten-undone", test_profile);
  rc = g_test_run ();
  {
    g_autofree char *cmd = g_strdup_printf ("docker rm -f %s-src %s-old", prefix, prefix);
    g_autofree char *rmi = g_strdup_printf ("docker rmi %s", image);

    tcgui_ui_run_ok (cmd);
    tcgui_ui_run_ok (rmi);
  }
  g_free (config);
  g_free (image);
  return rc;
}
