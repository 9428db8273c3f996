/* test-ui-rules.c - the helper's rules through the real app's widgets
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by ui-inprocess.sh --docker --no-ns: the real helper (with rules, in
 * the test's own rules file) on a private bus with a real polkitd, a real
 * dockerd (docker-fixture, prefix P in TESTENV_PREFIX: containers P-a,
 * P-b, P-c of localhost/bb:latest).
 *
 * - An old ~/.config/tcgui/profiles.json (one image profile) is imported
 *   into the helper once: ListRules, asked directly on the bus, has a rule
 *   of kind image for it, the file is kept as profiles.json.imported and a
 *   toast says so.
 * - The profiles window (Ctrl+Alt+P): "New Profile", a name and an image
 *   typed; the live list of the containers it matches shows P-a, P-b and
 *   P-c; saved: ListRules has it. Deleted from the row's menu: ListRules no
 *   longer has it; the toast's Undo: it is back.
 * - P-a's page, a rate set through the helper, "Keep This Shaping for 5
 *   Minutes" in its "Presets for All" menu: ListRules has the timed rule
 *   with an expiry, the header shows the remaining time, the kernel holds
 *   the tbf, P-a's sidebar row has the "Profile" badge; "Cancel the Timed
 *   Shaping": the rule goes.
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include "tcgui-ui-harness.h"

#define RATE_BPS  3000000
#define RATE_KBPS (RATE_BPS / 1000)

static const char *prefix;
static char *config;
static char *old_image;   /* the old profiles.json's image: localhost/bb-P-old:latest */

static char *
name (const char *suffix)
{
  return g_strdup_printf ("%s-%s", prefix, suffix);
}

static char *
list_rules (void)
{
  return tcgui_ui_run ("gdbus call --system --dest io.github.tcgui.Helper1 "
                       "--object-path /io/github/tcgui/Helper1 "
                       "--method io.github.tcgui.Helper1.ListRules");
}

static gboolean
rules_have (gpointer data)
{
  g_autofree char *rules = list_rules ();

  return strstr (rules, data) != NULL;
}

static gboolean
rules_lack (gpointer data)
{
  return !rules_have (data);
}

static void
wait_rules (TcguiUiCondition  condition,
            const char       *text)
{
  if (!tcgui_ui_wait_for (condition, (gpointer) text))
    {
      g_autofree char *rules = list_rules ();

      g_error ("ListRules never %s “%s”: %s", condition == rules_have ? "had" : "lost", text,
               rules);
    }
}

typedef struct
{
  GtkWidget  *window;
  const char *text;
} Text;

static gboolean
label_shown (gpointer data)
{
  Text *t = data;

  return tcgui_ui_find (t->window, GTK_TYPE_LABEL, t->text) != NULL;
}

static gboolean
label_prefix_shown (gpointer data)
{
  Text *t = data;

  return tcgui_ui_find_prefix (t->window, GTK_TYPE_LABEL, t->text) != NULL;
}

static gboolean
row_shown (gpointer data)
{
  Text *t = data;

  return tcgui_ui_find_row (t->window, t->text) != NULL;
}

static void
wait_shown (GtkWidget        *window,
            TcguiUiCondition  condition,
            const char       *text)
{
  Text t = { window, text };

  if (!tcgui_ui_wait_for (condition, &t))
    {
      tcgui_ui_log_tree (window);
      g_error ("the window never showed “%s”", text);
    }
}

/* The old file, read at the app's start, moved into the helper. */
static void
check_import (GtkWindow *window)
{
  g_autofree char *path = g_build_filename (config, "tcgui", "profiles.json", NULL);
  g_autofree char *backup = g_strconcat (path, ".imported", NULL);
  g_autofree char *selector = g_strdup_printf ("'image': <'%s'>", old_image);

  wait_rules (rules_have, selector);
  wait_shown (GTK_WIDGET (window), label_prefix_shown, "Moved 1 image profile to the helper");
  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static gboolean
profiles_window_shown (gpointer data)
{
  GtkWidget **window = data;

  *window = tcgui_ui_find_window (ADW_TYPE_PREFERENCES_WINDOW);
  return *window != NULL;
}

/* Into an entry row: a click on it, then the keyboard. */
static void
type_into (GtkWidget  *window,
           const char *row_title,
           const char *text)
{
  GtkWidget *row = tcgui_ui_find (window, ADW_TYPE_ENTRY_ROW, row_title);

  g_assert_nonnull (row);
  g_assert_true (tcgui_ui_click (row));
  tcgui_ui_type (window, text);
}

static void
create_rule (GtkWidget  *profiles,
             const char *rule)
{
  g_autofree char *a = name ("a"), *b = name ("b"), *c = name ("c");
  g_autofree char *saved = g_strdup_printf ("Saved “%s”", rule);
  GtkWidget *button = tcgui_ui_find_role (profiles, GTK_ACCESSIBLE_ROLE_BUTTON, "New Profile (Ctrl+N)");
  GtkWidget *toggle;

  g_assert_nonnull (button);
  /* Its shortcut, as the button's tooltip says. */
  tcgui_ui_keys (profiles, "ctrl+n");
  wait_shown (profiles, label_shown, "Containers It Matches Now");
  type_into (profiles, "Name", rule);
  /* Off: stored, never applied. The fixture's image is every test's: the
   * rule must not touch other tests' containers. */
  toggle = tcgui_ui_find (profiles, ADW_TYPE_ACTION_ROW, "Apply This Profile");
  g_assert_nonnull (toggle);
  g_assert_true (tcgui_ui_click (toggle));
  type_into (profiles, "Image or pattern (repo:tag, repo, or * and ?)", "localhost/bb:latest");
  /* The containers of the fixture's image, matched as the helper matches. */
  wait_shown (profiles, row_shown, a);
  wait_shown (profiles, row_shown, b);
  wait_shown (profiles, row_shown, c);
  tcgui_ui_log_tree (profiles);
  tcgui_ui_save_png (profiles, "rules-editor");
  tcgui_ui_keys (profiles, "ctrl+s");
  wait_shown (profiles, label_shown, saved);
  wait_rules (rules_have, rule);
  wait_rules (rules_have, "'enabled': <false>");
}

static void
delete_and_undo (GtkWidget  *profiles,
                 const char *rule)
{
  g_autofree char *deleted = g_strdup_printf ("Deleted “%s”", rule);
  g_autofree char *restored = g_strdup_printf ("Restored “%s”", rule);
  g_autoptr(GPtrArray) menus = NULL;
  GtkWidget *row, *undo;

  wait_shown (profiles, row_shown, rule);
  row = tcgui_ui_find_row (profiles, rule);
  /* The row's menu button ("Profile Menu"). */
  menus = tcgui_ui_find_all (row, GTK_TYPE_MENU_BUTTON);
  g_assert_cmpuint (menus->len, ==, 1);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (g_ptr_array_index (menus, 0)), ==, "Profile Menu");
  tcgui_ui_menu_item (g_ptr_array_index (menus, 0), "Delete");
  wait_shown (profiles, label_shown, deleted);
  wait_rules (rules_lack, rule);
  undo = tcgui_ui_find (profiles, GTK_TYPE_LABEL, "Undo");
  g_assert_nonnull (undo);
  g_assert_true (tcgui_ui_click (gtk_widget_get_ancestor (undo, GTK_TYPE_BUTTON)));
  wait_shown (profiles, label_shown, restored);
  wait_rules (rules_have, rule);
  wait_shown (profiles, row_shown, rule);
}

static gboolean
subtitle_has (gpointer data)
{
  Text *t = data;
  const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (t->window));

  return subtitle != NULL && strstr (subtitle, t->text) != NULL;
}

/* The imported profile's switch (no container runs its image), with the
 * keyboard: off, then on. Its row is updated in place when the helper
 * says so: the same row, the focus still on the switch (the row used to
 * be made again, and the focus went elsewhere). */
static void
toggle_with_keyboard (GtkWidget *profiles)
{
  g_autofree char *off = g_strdup_printf ("Turned “%s” off", old_image);
  g_autofree char *on = g_strdup_printf ("Turned “%s” on", old_image);
  /* Held: a row made again could otherwise reuse the old one's address. */
  g_autoptr(GtkWidget) row = g_object_ref (tcgui_ui_find_row (profiles, old_image));
  g_autoptr(GPtrArray) switches = tcgui_ui_find_all (row, GTK_TYPE_SWITCH);
  g_autoptr(GtkWidget) sw = g_object_ref (g_ptr_array_index (switches, 0));
  Text is_off = { row, "Off" };

  g_assert_true (gtk_switch_get_active (GTK_SWITCH (sw)));
  g_assert_true (gtk_widget_grab_focus (sw));
  tcgui_ui_keys (profiles, "space");
  wait_shown (profiles, label_shown, off);
  wait_rules (rules_have, "'enabled': <false>");
  if (!tcgui_ui_wait_for (subtitle_has, &is_off))
    g_error ("the row never said Off: %s", adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
  g_assert_true (tcgui_ui_find_row (profiles, old_image) == row);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (profiles)) == sw);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (sw)));

  tcgui_ui_keys (profiles, "space");
  wait_shown (profiles, label_shown, on);
  wait_rules (rules_lack, "'enabled': <false>");
  g_assert_true (tcgui_ui_find_row (profiles, old_image) == row);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (profiles)) == sw);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (sw)));
}

static void
profiles_window (GtkWindow *window)
{
  g_autofree char *rule = name ("rule");
  GtkWidget *profiles = NULL;

  tcgui_ui_keys (GTK_WIDGET (window), "ctrl+alt+p");
  if (!tcgui_ui_wait_for (profiles_window_shown, &profiles))
    g_error ("Ctrl+Alt+P never opened the profiles window");
  /* The imported one is listed. */
  wait_shown (profiles, row_shown, old_image);
  toggle_with_keyboard (profiles);
  create_rule (profiles, rule);
  delete_and_undo (profiles, rule);
  gtk_window_close (GTK_WINDOW (profiles));
}

/* P-a's page: its row clicked in the sidebar, until its interfaces show. */
static gboolean
page_of_a_shown (gpointer data)
{
  g_autofree char *a = name ("a");
  GtkWidget *title = tcgui_ui_find (data, ADW_TYPE_WINDOW_TITLE, a);

  return title != NULL && tcgui_ui_find_row (data, "eth0") != NULL;
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

static gboolean
kernel_rate (gpointer data)
{
  return tcgui_ui_container_rate_kbps (data, "eth0") == RATE_KBPS;
}

static gboolean
badge_shown (gpointer data)
{
  g_autofree char *a = name ("a");
  GtkWidget *row = tcgui_ui_find_row (tcgui_ui_sidebar (data), a);

  return row != NULL && tcgui_ui_find (row, GTK_TYPE_LABEL, "Profile") != NULL;
}

static void
timed_apply (GtkWindow *window)
{
  g_autofree char *a = name ("a");
  g_autofree char *rule = g_strdup_printf ("%s for 5 minutes", a);
  g_autofree char *header = g_strdup_printf ("Profile “%s” applied for a while: 5 minutes left",
                                             rule);
  g_autofree char *id = netns_id (a);
  g_autofree char *set = NULL;
  GtkWidget *presets;

  /* Through the helper, as any client would set it. */
  set = g_strdup_printf ("gdbus call --system --dest io.github.tcgui.Helper1 "
                         "--object-path /io/github/tcgui/Helper1 "
                         "--method io.github.tcgui.Helper1.SetShaping %s eth0 outgoing "
                         "\"{'rate-bps': <uint64 %u>}\" 0", id, RATE_BPS);
  g_assert_true (tcgui_ui_run_ok (set));
  tcgui_ui_click_row (GTK_WIDGET (window), a, page_of_a_shown, window);
  presets = tcgui_ui_find (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, "_Presets for All");
  g_assert_nonnull (presets);
  tcgui_ui_menu_item (presets, "Keep This Shaping for 5 Minutes");
  wait_rules (rules_have, rule);
  wait_rules (rules_have, "'expires-at'");
  wait_shown (GTK_WIDGET (window), label_shown, header);
  if (!tcgui_ui_wait_for (kernel_rate, a))
    g_error ("%s: no tbf at %u kbit/s", a, RATE_KBPS);
  /* The sidebar's badge on P-a's row. */
  if (!tcgui_ui_wait_for (badge_shown, window))
    {
      tcgui_ui_log_tree (GTK_WIDGET (window));
      g_error ("%s's row never showed the “Profile” badge", a);
    }
  tcgui_ui_save_png (GTK_WIDGET (window), "rules-timed");
  tcgui_ui_menu_item (presets, "Cancel the Timed Shaping");
  wait_rules (rules_lack, rule);
}

static void
body (GtkWindow *window,
      gpointer   data)
{
  check_import (window);
  profiles_window (window);
  timed_apply (window);
}

static void
write_old_profiles (void)
{
  g_autofree char *dir = g_build_filename (config, "tcgui", NULL);
  g_autofree char *path = g_build_filename (dir, "profiles.json", NULL);
  g_autofree char *json = g_strdup_printf ("{\"version\": 1, \"images\": {\"%s\": {\"eth0\": "
                                           "{\"outgoing\": {\"rate-bps\": %u}}}}}",
                                           old_image, RATE_BPS);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, json, -1, NULL));
}

static void
test_rules (void)
{
  g_assert_cmpint (tcgui_ui_app_run (body, NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  int rc;

  prefix = g_getenv ("TESTENV_PREFIX");
  if (prefix == NULL)
    {
      g_printerr ("TESTENV_PREFIX is not set: run by ui-inprocess.sh --docker\n");
      return 77;
    }
  dir = tcgui_ui_tmpdir ();
  config = g_build_filename (dir, "config", NULL);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  old_image = g_strdup_printf ("localhost/bb-%s-old:latest", prefix);
  write_old_profiles ();
  if ((rc = tcgui_ui_init (&argc, &argv)) != 0)
    return rc;
  tcgui_ui_set_window_size (1100, 900);
  g_test_add_func ("/ui/rules", test_rules);
  rc = g_test_run ();
  g_free (config);
  g_free (old_image);
  return rc;
}
