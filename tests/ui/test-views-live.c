/* test-views-live.c - the app's main window in process: what is shaped
 * (badges, "Shaped Now"), narrow windows, and the safety net, against the
 * real helper and kernel
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by ui-inprocess.sh under a private system bus with a real polkitd and
 * the real helper (its own journal), on Xvfb, with a namespace NS holding a
 * veth pair veth-a/veth-b. The real TcguiApplication and TcguiWindow; the
 * tests reach widgets by what a user sees (labels, titles, tooltips),
 * click them through XTest (xdotool) and read the kernel back with
 * `tc -j`. No test hook.
 *
 * Usage: test-views-live NS [--tap …]
 */

#include "config.h"

#include <string.h>
#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <json-glib/json-glib.h>

#include "tcgui-application.h"
#include "tcgui-ui-harness.h"
#include "tcgui-window.h"

/* Generous: ASan on a loaded two-core machine, and the app reads every
 * namespace of the machine (other tests' too). Never a timing check. */
#define DEADLINE_SEC 90

static const char *ns;
static TcguiApplication *app;
static GtkWindow *window;

/* The kernel ------------------------------------------------------------ */

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
  return g_steal_pointer (&out);
}

/* The rate of the tbf on @dev in kbit/s, 0 when there is none. */
static guint64
kernel_rate_kbps (const char *dev)
{
  g_autofree char *cmd = g_strdup_printf ("ip netns exec %s tc -j qdisc show dev %s", ns, dev);
  g_autofree char *out = run (cmd);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *qdiscs;

  if (!json_parser_load_from_data (parser, out, -1, NULL))
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

/* The main loop ---------------------------------------------------------- */

/* The harness's loop (tcgui-ui-harness.c), with this test's deadline. */
#define wait_for(condition, data) tcgui_ui_wait_for_sec ((condition), (data), DEADLINE_SEC)
#define spin_for tcgui_ui_spin_for

/* Widgets, by what a user sees ------------------------------------------ */

typedef gboolean (*Match) (GtkWidget *widget, gconstpointer data);

/* The first descendant of @widget, @widget included, that @match accepts. */
static GtkWidget *
find (GtkWidget     *widget,
      Match          match,
      gconstpointer  data)
{
  if (match (widget, data))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_label (GtkWidget     *widget,
          gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_type (GtkWidget     *widget,
         gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static gboolean
is_button_for (GtkWidget     *widget,
               gconstpointer  tooltip)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

/* The list row (sidebar) holding a label @text. */
static GtkWidget *
find_list_row (GtkWidget  *within,
               const char *text)
{
  GtkWidget *label = find (within, is_label, text);

  return label != NULL ? gtk_widget_get_ancestor (label, GTK_TYPE_LIST_BOX_ROW) : NULL;
}

/* Whether a label @text shows inside @row (mapped: on screen). */
static gboolean
shows_label (GtkWidget  *row,
             const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (row); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (is_label (child, text) && gtk_widget_get_mapped (child))
        return TRUE;
      if (shows_label (child, text))
        return TRUE;
    }
  return FALSE;
}

static void
xdotool (const char *args)
{
  g_autofree char *cmd = g_strdup_printf ("xdotool %s", args);
  g_autofree char *out = run (cmd);

  spin_for (50);
}

/* A click of the pointer's first button on the middle of @widget. */
static void
click (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t middle = GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0,
                                                 gtk_widget_get_height (widget) / 2.0);
  graphene_point_t at;
  double sx, sy;
  g_autofree char *args = NULL;

  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &middle, &at));
  gtk_native_get_surface_transform (native, &sx, &sy);
  args = g_strdup_printf ("mousemove --window %lu %d %d click 1",
                          (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (native)),
                          (int) (at.x + sx), (int) (at.y + sy));
  xdotool (args);
}

/* The screen as it looks now, into <build>/tests/ui/screenshots/NAME.png
 * (ImageMagick's import, from the X server). */
static void
screenshot_of (GtkWindow  *w,
               const char *name)
{
  g_autofree char *dir = g_build_filename (g_getenv ("TCGUI_BUILDDIR"), "tests", "ui",
                                           "screenshots", NULL);
  g_autofree char *cmd = NULL;

  g_mkdir_with_parents (dir, 0755);
  if (w != NULL)
    cmd = g_strdup_printf ("import -window %lu %s/%s.png",
                           (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (w))),
                           dir, name);
  else
    cmd = g_strdup_printf ("import -window root %s/%s.png", dir, name);
  g_free (run (cmd));
  g_test_message ("screenshot: %s/%s.png", dir, name);
}

#define screenshot(name) screenshot_of (NULL, name)

/* Fails the test, with a screenshot of the main window. */
#define fail(...) G_STMT_START {                                  \
    screenshot ("views-live-failed");                             \
    g_error (__VA_ARGS__);                                        \
  } G_STMT_END

/* Activates @widget as a click or Enter does. Rows and buttons that a
 * refresh may replace under the pointer (other tests' namespaces and
 * containers come and go all the time here) are activated, not clicked. */
static void
activate (GtkWidget *widget)
{
  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_is_sensitive (widget));
  g_assert_true (gtk_widget_activate (widget));
  spin_for (50);
}

/* The app -------------------------------------------------------------- */

static gboolean
our_row_listed (gpointer data)
{
  GtkWidget *row = find_list_row (GTK_WIDGET (window), ns);

  return row != NULL && gtk_widget_get_mapped (row) && gtk_widget_get_width (row) > 0;
}

static void
window_open (int width,
             int height)
{
  window = GTK_WINDOW (tcgui_window_new (app));
  gtk_window_set_default_size (window, width, height);
  gtk_window_present (window);
  if (!wait_for (our_row_listed, NULL))
    fail ("the sidebar does not list %s", ns);
}

static void
window_close (void)
{
  gtk_window_destroy (window);
  window = NULL;
  spin_for (100);
}

/* Defect 12: what is shaped -------------------------------------------- */

/* Where a badge is looked for: found again at every look, since a refresh
 * may have made new rows. */
typedef struct
{
  GtkWidget  *within;
  gboolean    sidebar;    /* a sidebar row (a label), else a titled row */
  const char *name;
  const char *text;
  gboolean    shown;
} Shows;

static GtkWidget *
shows_row (Shows *s)
{
  return s->sidebar ? find_list_row (s->within, s->name)
                    : find (s->within, is_row_titled, s->name);
}

static gboolean
shows_is (gpointer data)
{
  Shows *s = data;
  GtkWidget *row = shows_row (s);

  return row != NULL && gtk_widget_get_mapped (row) && shows_label (row, s->text) == s->shown;
}

static void
wait_shows (GtkWidget  *within,
            gboolean    sidebar,
            const char *name,
            const char *text,
            gboolean    shown)
{
  Shows s = { within, sidebar, name, text, shown };

  if (!wait_for (shows_is, &s))
    fail ("%s: “%s” %s", name, text, shown ? "does not show" : "still shows");
}

/* Shaped Now's entry of veth-a in our namespace (other tests' helpers
 * shape interfaces of their own namespaces meanwhile: they are listed too). */
static gboolean
is_our_entry (GtkWidget     *widget,
              gconstpointer  data)
{
  g_autofree char *prefix = g_strconcat (ns, "\n", NULL);

  return is_row_titled (widget, "veth-a") && ADW_IS_ACTION_ROW (widget) &&
         g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)), prefix);
}

static gboolean
our_entry_is (gpointer data)
{
  gpointer *w = data;
  GtkWidget *entry = find (w[0], is_our_entry, NULL);

  w[2] = entry;
  return (entry != NULL && gtk_widget_get_mapped (entry)) == GPOINTER_TO_INT (w[1]);
}

static GtkWidget *
wait_our_entry (GtkWindow *shaped,
                gboolean   listed)
{
  gpointer w[3] = { shaped, GINT_TO_POINTER (listed), NULL };

  if (!wait_for (our_entry_is, w))
    fail ("Shaped Now %s veth-a of %s", listed ? "does not list" : "still lists", ns);
  return w[2];
}

/* The badge "Shaped" of @name's row, when it shows. */
static GtkWidget *
badge_of (gboolean    sidebar,
          const char *name)
{
  Shows s = { GTK_WIDGET (window), sidebar, name, "Shaped", TRUE };
  GtkWidget *row = shows_row (&s);
  GtkWidget *label = row != NULL ? find (row, is_label, "Shaped") : NULL;

  return label != NULL && gtk_widget_get_mapped (label) ? label : NULL;
}

static gboolean
row_shown (gpointer data)
{
  GtkWidget **row = data;

  *row = find (GTK_WIDGET (row[1]), is_row_titled, row[2]);
  return *row != NULL && gtk_widget_get_mapped (*row);
}

/* The row titled @title in @within, once it is on screen. */
static GtkWidget *
wait_row (GtkWidget  *within,
          const char *title)
{
  gpointer w[3] = { NULL, within, (gpointer) title };

  if (!wait_for (row_shown, w))
    fail ("no row “%s” shows", title);
  return w[0];
}

static gboolean
kernel_rate_is (gpointer data)
{
  return kernel_rate_kbps ("veth-a") == GPOINTER_TO_UINT (data);
}

static GtkWindow *
find_toplevel (const char *title)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_window_get_title (w), title) == 0 &&
          gtk_widget_get_visible (GTK_WIDGET (w)))
        return w;
    }
  return NULL;
}

static gboolean
toplevel_shown (gpointer data)
{
  return find_toplevel (data) != NULL && gtk_widget_get_mapped (GTK_WIDGET (find_toplevel (data)));
}

/* The outgoing rate of the open editor on at @kbps: its field, then its
 * switch clicked, as a user does. */
static void
editor_rate_on (guint kbps)
{
  GtkWidget *rate = wait_row (GTK_WIDGET (window), "Rate limit");
  GtkWidget *spin = find (rate, is_type, GSIZE_TO_POINTER (GTK_TYPE_SPIN_BUTTON));
  GtkWidget *sw = find (rate, is_type, GSIZE_TO_POINTER (GTK_TYPE_SWITCH));

  g_assert_nonnull (spin);
  g_assert_nonnull (sw);
  /* The editor reads the kernel first; its controls wait for that. */
  g_assert_true (wait_for ((TcguiUiCondition) gtk_widget_is_sensitive, sw));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), kbps);
  spin_for (200);
  activate (sw);
  if (!wait_for (kernel_rate_is, GUINT_TO_POINTER (kbps)))
    fail ("the kernel has %" G_GUINT64_FORMAT " kbit/s, not %u", kernel_rate_kbps ("veth-a"),
             kbps);
}

#define SIDEBAR   TRUE
#define INTERFACE FALSE

/* Shaped Now's Refresh shows its icon, not the spinner of a scan. */
static gboolean
refresh_idle (gpointer refresh)
{
  return GTK_IS_IMAGE (gtk_button_get_child (refresh));
}

static void
test_shaped_now (void)
{
  g_autofree char *tooltip = g_strdup_printf ("Clear Shaping of veth-a in %s", ns);
  GtkWidget *win, *entry, *back, *clear, *badge, *refresh;
  GtkWindow *shaped;
  const char *subtitle;

  window_open (1000, 800);
  win = GTK_WIDGET (window);
  click (find_list_row (win, ns));
  wait_shows (win, INTERFACE, "veth-a", "Shaped", FALSE);
  wait_shows (win, INTERFACE, "veth-b", "Shaped", FALSE);
  wait_shows (win, SIDEBAR, ns, "Shaped", FALSE);

  /* Its row opens the editor; the rate goes on. */
  activate (wait_row (win, "veth-a"));
  editor_rate_on (3000);
  wait_shows (win, SIDEBAR, ns, "Shaped", TRUE);
  /* (Not: "Host has none": other tests' helpers shape host interfaces.) */

  /* Back to the interfaces: veth-a is shaped, and so is what arrives at
   * its peer veth-b (the same qdisc: GetShaping reports it as veth-b's
   * incoming); the badge's tooltip says which direction. */
  back = gtk_widget_get_ancestor (find (win, is_label, "Interfaces"), GTK_TYPE_BUTTON);
  g_assert_nonnull (back);
  activate (back);
  wait_shows (win, INTERFACE, "veth-a", "Shaped", TRUE);
  badge = badge_of (INTERFACE, "veth-a");
  g_test_message ("veth-a's badge: %s", gtk_widget_get_tooltip_text (badge));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (badge), "Outgoing: 3.00 Mbit/s"));
  wait_shows (win, INTERFACE, "veth-b", "Shaped", TRUE);
  badge = badge_of (INTERFACE, "veth-b");
  g_test_message ("veth-b's badge: %s", gtk_widget_get_tooltip_text (badge));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (badge), "Incoming"));
  g_assert_null (strstr (gtk_widget_get_tooltip_text (badge), "Outgoing"));

  /* "Shaped Now" (the main menu's item) lists it with what it does. */
  g_assert_true (gtk_widget_activate_action (win, "win.shaped-now", NULL));
  g_assert_true (wait_for (toplevel_shown, "Shaped Now"));
  shaped = find_toplevel ("Shaped Now");
  entry = wait_our_entry (shaped, TRUE);
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (entry));
  g_test_message ("Shaped Now: veth-a: %s", subtitle);
  g_assert_nonnull (strstr (subtitle, "Outgoing: 3.00 Mbit/s"));

  /* Its Refresh reads every namespace again, a spinner in its button
   * meanwhile; an entry that did not change keeps its row, and the
   * keyboard focus on its Clear stays (a refresh used to rebuild every
   * row: a click then could be lost). */
  refresh = find (GTK_WIDGET (shaped), is_button_for, "Refresh");
  g_assert_nonnull (refresh);
  g_assert_true (wait_for (refresh_idle, refresh));
  entry = wait_our_entry (shaped, TRUE);
  clear = g_object_ref (find (entry, is_button_for, tooltip));
  g_assert_true (gtk_widget_grab_focus (clear));
  g_assert_true (gtk_window_get_focus (shaped) == clear);
  g_signal_emit_by_name (refresh, "clicked");
  g_assert_true (GTK_IS_SPINNER (gtk_button_get_child (GTK_BUTTON (refresh))));
  g_assert_true (wait_for (refresh_idle, refresh));
  g_assert_true (gtk_widget_get_root (clear) == GTK_ROOT (shaped));
  g_assert_true (gtk_window_get_focus (shaped) == clear);

  /* Its Clear: the kernel's default again, not listed, no badge. */
  activate (clear);
  g_object_unref (clear);
  g_assert_true (wait_for (kernel_rate_is, GUINT_TO_POINTER (0)));
  wait_our_entry (shaped, FALSE);
  wait_shows (win, INTERFACE, "veth-a", "Shaped", FALSE);
  wait_shows (win, INTERFACE, "veth-b", "Shaped", FALSE);
  wait_shows (win, SIDEBAR, ns, "Shaped", FALSE);

  gtk_window_destroy (shaped);
  window_close ();
}

/* Defect 7: narrow windows ------------------------------------------- */

#define NARROW 360

/* The widest word of @label's text in pixels, in its own font: a word runs
 * from one line-break opportunity (UAX #14, as Pango finds them) to the
 * next; wrapping anywhere else splits a word ("veth-a" as "vet/h-a"). */
static int
widest_word (GtkLabel *label)
{
  const char *text = gtk_label_get_text (label);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (label), text);
  const PangoLogAttr *attrs;
  int n_attrs, widest = 0, start = 0;

  attrs = pango_layout_get_log_attrs_readonly (layout, &n_attrs);
  for (int i = 1; i < n_attrs; i++)
    {
      if (!attrs[i].is_line_break && i < n_attrs - 1)
        continue;
      {
        const char *from = g_utf8_offset_to_pointer (text, start);
        const char *to = g_utf8_offset_to_pointer (text, i);
        g_autofree char *word = g_strstrip (g_strndup (from, to - from));
        g_autoptr(PangoLayout) w = gtk_widget_create_pango_layout (GTK_WIDGET (label), word);
        int width;

        pango_layout_get_pixel_size (w, &width, NULL);
        widest = MAX (widest, width);
        start = i;
      }
    }
  return widest;
}

typedef struct
{
  guint      checked;
  GPtrArray *split;     /* descriptions of labels that split a word */
} Narrow;

/* Every label on screen is at least as wide as its widest word (one that
 * ellipsizes shows "…" instead, which is what it is for). */
static void
check_labels (GtkWidget *widget,
              Narrow    *narrow)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget) && gtk_label_get_ellipsize (GTK_LABEL (widget)) == PANGO_ELLIPSIZE_NONE &&
      gtk_label_get_text (GTK_LABEL (widget))[0] != '\0')
    {
      GtkLabel *label = GTK_LABEL (widget);
      int word = widest_word (label), width = gtk_widget_get_width (widget);

      narrow->checked++;
      /* One pixel of rounding; 0: a row just added, not laid out yet. */
      if (width > 0 && width + 1 < word)
        g_ptr_array_add (narrow->split,
                         g_strdup_printf ("“%s”: %d px for a word of %d px",
                                          gtk_label_get_text (label), width, word));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_labels (child, narrow);
}

/* Which widgets ask for more than @narrow, deepest first (to see why). */
static gboolean
report_wide (GtkWidget *widget,
             int        depth)
{
  gboolean child_wide = FALSE;
  int min;

  if (!gtk_widget_get_visible (widget))
    return FALSE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    child_wide |= report_wide (child, depth + 1);
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  if (min > NARROW && !child_wide)
    {
      g_autoptr(GString) path = g_string_new (G_OBJECT_TYPE_NAME (widget));

      for (GtkWidget *p = gtk_widget_get_parent (widget); p != NULL; p = gtk_widget_get_parent (p))
        g_string_prepend (g_string_prepend (path, " > "), G_OBJECT_TYPE_NAME (p));
      g_test_message ("  asks for %d px: %s", min, path->str);
      for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
        {
          int cmin = 0;

          if (gtk_widget_get_visible (c))
            gtk_widget_measure (c, GTK_ORIENTATION_HORIZONTAL, -1, &cmin, NULL, NULL, NULL);
          g_test_message ("    child %s: %d px", G_OBJECT_TYPE_NAME (c), cmin);
        }
    }
  return min > NARROW;
}

/* @strict: FALSE for a page known not to fit yet: measured and shown, the
 * test marked incomplete (TAP "TODO"), not passed. */
static void
check_narrow_full (GtkWindow  *w,
                   const char *what,
                   gboolean    strict)
{
  Narrow narrow = { 0, g_ptr_array_new_with_free_func (g_free) };
  GtkWidget *content;
  int min;

  spin_for (500);
  /* The window's content: its frame (CSD borders, shadows) is not the app's. */
  content = ADW_IS_APPLICATION_WINDOW (w) ? adw_application_window_get_content (ADW_APPLICATION_WINDOW (w))
                                          : adw_window_get_content (ADW_WINDOW (w));
  gtk_widget_measure (content, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  check_labels (GTK_WIDGET (w), &narrow);
  g_test_message ("%s: width %d px (asks for at least %d), %u labels, %u split a word",
                  what, gtk_widget_get_width (content), min, narrow.checked,
                  narrow.split->len);
  for (guint i = 0; i < narrow.split->len; i++)
    g_test_message ("  %s", (char *) g_ptr_array_index (narrow.split, i));
  if (min > NARROW || narrow.split->len > 0)
    {
      report_wide (GTK_WIDGET (w), 0);
      g_autofree char *name = g_strdup_printf ("views-live-narrow-%s", what);

      screenshot (name);
    }
  if (!strict && (min > NARROW || narrow.split->len > 0))
    {
      g_autofree char *why = g_strdup_printf ("%s asks for %d px and splits %u labels "
                                              "inside a word", what, min, narrow.split->len);

      g_test_incomplete (why);
      g_ptr_array_unref (narrow.split);
      return;
    }
  g_assert_cmpint (min, <=, NARROW);
  g_assert_cmpint (gtk_widget_get_width (content), <=, NARROW);
  g_assert_cmpuint (narrow.split->len, ==, 0);
  g_ptr_array_unref (narrow.split);
}

#define check_narrow(w, what) check_narrow_full (w, what, TRUE)

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  tooltip)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

static gboolean
shows_back (gpointer data)
{
  return find (GTK_WIDGET (window), is_button_labelled, "Back") != NULL;
}

static void
test_narrow (void)
{
  GtkWidget *win;
  GtkWindow *shaped;

  window_open (NARROW, 720);
  win = GTK_WIDGET (window);
  check_narrow (window, "sidebar");

  /* The sidebar and the page are one above the other: a row opens the
   * page, which has a Back button. */
  click (find_list_row (win, ns));
  g_assert_true (wait_for (shows_back, NULL));
  wait_row (win, "veth-a");
  check_narrow (window, "interfaces");

  activate (wait_row (win, "veth-a"));
  wait_row (win, "Rate limit");
  /* The shaping editor's impairment rows (slider, field and switch on the
   * title's line) do not fit yet: that is the editor's own work
   * (wip/editor), measured here so that it shows. */
  check_narrow_full (window, "editor", FALSE);

  g_assert_true (gtk_widget_activate_action (win, "win.shaped-now", NULL));
  g_assert_true (wait_for (toplevel_shown, "Shaped Now"));
  shaped = find_toplevel ("Shaped Now");
  gtk_window_set_default_size (shaped, NARROW, 600);
  check_narrow (shaped, "shaped-now");
  gtk_window_destroy (shaped);

  /* Back: the sidebar again. */
  activate (find (win, is_button_labelled, "Back"));
  g_assert_true (wait_for (our_row_listed, NULL));
  window_close ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display (run under gui-session)\n");
      return 77;
    }
  adw_init ();
  if (argc < 2)
    g_error ("usage: test-views-live NS");
  ns = argv[1];
  argv[1] = argv[0], argc--, argv++;
  g_test_init (&argc, &argv, NULL);

  /* The real application, registered (its startup connects to the helper)
   * but not run: the tests iterate the main loop themselves. */
  app = tcgui_application_new ("io.github.tcgui.TcGui.ViewsTest", G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/views-live/shaped-now", test_shaped_now);
  g_test_add_func ("/views-live/narrow", test_narrow);
  status = g_test_run ();
  g_object_unref (app);
  return status;
}
