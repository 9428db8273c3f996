/* tcgui-ui-shaping.c - in-process ui tests of the shaping page
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See tcgui-ui-shaping.h. Only what a user sees: texts, titles, widget
 * types; never the app's structs, so that the editor can be rebuilt (a
 * table-built direction group) without the tests following.
 */

#include "config.h"

#include <string.h>

#include "tcgui-ui-shaping.h"

const char *tcgui_ui_ns;

/**
 * tcgui_ui_shaping_init:
 *
 * The namespace (the program's first argument, from ui-inprocess.sh),
 * then tcgui_ui_init(). Returns 0, or 77 for a skip.
 */
int
tcgui_ui_shaping_init (int    *argc,
                       char ***argv)
{
  if (*argc < 2)
    g_error ("usage: %s NS [TEST OPTIONS]", (*argv)[0]);
  tcgui_ui_ns = (*argv)[1];
  (*argv)[1] = (*argv)[0], (*argc)--, (*argv)++;
  return tcgui_ui_init (argc, argv);
}

/* Waiting for what is shown -------------------------------------------- */

typedef struct
{
  GtkWidget  *root;     /* NULL: every window shown */
  const char *text;
  gboolean    prefix;
  GtkWidget  *found;
} Lookup;

static GtkWidget *
find_label (GtkWidget  *root,
            const char *text,
            gboolean    prefix)
{
  return prefix ? tcgui_ui_find_prefix (root, GTK_TYPE_LABEL, text)
                : tcgui_ui_find (root, GTK_TYPE_LABEL, text);
}

static gboolean
label_shown (gpointer data)
{
  Lookup *l = data;
  GListModel *toplevels = gtk_window_get_toplevels ();   /* (transfer none) */

  if (l->root != NULL)
    return (l->found = find_label (l->root, l->text, l->prefix)) != NULL;
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && l->found == NULL; i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      l->found = find_label (w, l->text, l->prefix);
    }
  return l->found != NULL;
}

static GtkWidget *
wait_label (GtkWidget  *root,
            const char *text,
            gboolean    prefix)
{
  Lookup l = { root, text, prefix, NULL };

  if (!tcgui_ui_wait_for (label_shown, &l))
    {
      GtkApplication *app = GTK_APPLICATION (g_application_get_default ());

      if (gtk_application_get_active_window (app) != NULL)
        tcgui_ui_log_tree (GTK_WIDGET (gtk_application_get_active_window (app)));
      g_error ("“%s” is not shown", text);
    }
  return l.found;
}

/* Waits until a label in @root (NULL: any window) says @text. */
GtkWidget *
tcgui_ui_wait_label (GtkWidget  *root,
                     const char *text)
{
  return wait_label (root, text, FALSE);
}

GtkWidget *
tcgui_ui_wait_label_prefix (GtkWidget  *root,
                            const char *prefix)
{
  return wait_label (root, prefix, TRUE);
}

static gboolean
text_shown (GtkWidget     *widget,
            gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

typedef struct
{
  const char *text;
  GtkWidget  *found;
} Text;

static GtkWidget *
find_text (GtkWidget  *widget,
           const char *text)
{
  if (!gtk_widget_get_mapped (widget))
    return NULL;
  if (text_shown (widget, text))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_text (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
any_text_shown (gpointer data)
{
  Text *t = data;
  GListModel *toplevels = gtk_window_get_toplevels ();   /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && t->found == NULL; i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      t->found = find_text (w, t->text);
    }
  return t->found != NULL;
}

/* Waits until some shown label (a toast's, a line's) has @text in it. */
GtkWidget *
tcgui_ui_wait_text (const char *text)
{
  Text t = { text, NULL };

  if (!tcgui_ui_wait_for (any_text_shown, &t))
    g_error ("no shown text has “%s” in it", text);
  g_test_message ("shown: %s", gtk_label_get_text (GTK_LABEL (t.found)));
  return t.found;
}

/* Clicks the shown button whose label says @label ("Clear", no mnemonic). */
void
tcgui_ui_click_button (GtkWidget  *root,
                       const char *label)
{
  GtkWidget *text = wait_label (root, label, FALSE);
  GtkWidget *button = gtk_widget_get_ancestor (text, GTK_TYPE_BUTTON);

  g_assert_nonnull (button);
  tcgui_ui_click (button);
}

static gboolean
window_gone (gpointer window)
{
  return !gtk_widget_get_mapped (window);
}

/**
 * tcgui_ui_answer_dialog:
 *
 * Waits for the dialog that asks @heading, then clicks its @button. A
 * window that has just appeared may still be placed (there is no window
 * manager on Xvfb): a click that did not close it is made again.
 * Returns the dialog (gone by then).
 */
GtkWidget *
tcgui_ui_answer_dialog (const char *heading,
                        const char *button)
{
  GtkWidget *dialog = gtk_widget_get_ancestor (tcgui_ui_wait_label (NULL, heading), GTK_TYPE_WINDOW);
  g_autoptr(GtkWidget) keep = g_object_ref (dialog);

  for (guint i = 0; i < 3 && gtk_widget_get_mapped (dialog); i++)
    {
      tcgui_ui_spin_for (300);
      if (gtk_widget_get_mapped (dialog))
        tcgui_ui_click_button (dialog, button);
      if (!tcgui_ui_wait_for_sec (window_gone, dialog, TCGUI_UI_DEADLINE_SEC / 3))
        g_test_message ("the click on %s did not close the dialog: again", button);
    }
  g_assert_false (gtk_widget_get_mapped (dialog));
  return dialog;
}

/* The app's window and its shaping page -------------------------------- */

/**
 * tcgui_ui_new_window:
 *
 * Closes @old, then the app is opened again (activate): a new window that
 * reads everything anew, as after a restart of the app.
 */
GtkWidget *
tcgui_ui_new_window (GtkWidget *old)
{
  GApplication *app = g_application_get_default ();
  GtkWindow *window;

  /* A mark, not the pointer: the new window may be allocated where the
   * old one was freed. */
  g_object_set_data (G_OBJECT (old), "tcgui-ui-old-window", GINT_TO_POINTER (1));
  /* The app stays while it has no window. */
  g_application_hold (app);
  gtk_window_close (GTK_WINDOW (old));
  tcgui_ui_spin_for (100);
  g_application_activate (app);
  g_application_release (app);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_nonnull (window);
  g_assert_null (g_object_get_data (G_OBJECT (window), "tcgui-ui-old-window"));
  return GTK_WIDGET (window);
}

static gboolean
has_focus (gpointer data)
{
  GtkRoot *root = gtk_widget_get_root (data);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == data || gtk_widget_is_ancestor (focus, data));
}

static gboolean
lost_focus (gpointer data)
{
  return !has_focus (data);
}

static gboolean
search_shown (gpointer window)
{
  return tcgui_ui_find (window, GTK_TYPE_SEARCH_ENTRY, NULL) != NULL;
}

/* The test's namespace, found with the sidebar's search (Ctrl+F, its name,
 * Enter: the first match opens). */
void
tcgui_ui_open_namespace (GtkWidget *window)
{
  GtkWidget *entry;

  tcgui_ui_wait_label (window, tcgui_ui_ns);
  tcgui_ui_keys (window, "ctrl+f");
  g_assert_true (tcgui_ui_wait_for (search_shown, window));
  entry = tcgui_ui_find (window, GTK_TYPE_SEARCH_ENTRY, NULL);
  g_assert_true (tcgui_ui_wait_for (has_focus, entry));
  tcgui_ui_type (window, tcgui_ui_ns);
  tcgui_ui_keys (window, "Return");
  tcgui_ui_wait_label (window, "veth-a");
}

static gboolean
group_shown (gpointer data)
{
  Lookup *l = data;
  GtkWidget *title = tcgui_ui_find (l->root, GTK_TYPE_LABEL, l->text);

  l->found = title != NULL ? gtk_widget_get_ancestor (title, ADW_TYPE_PREFERENCES_GROUP) : NULL;
  return l->found != NULL;
}

/* A shown group of rows by its title ("Outgoing", "Incoming"). */
GtkWidget *
tcgui_ui_group (GtkWidget  *root,
                const char *title)
{
  Lookup l = { root, title, FALSE, NULL };

  if (!tcgui_ui_wait_for (group_shown, &l))
    {
      tcgui_ui_log_tree (root);
      g_error ("no group “%s” is shown", title);
    }
  return l.found;
}

/**
 * tcgui_ui_open_interface:
 *
 * Clicks the interface's row (again if the list moved under the pointer);
 * its page opens and shows what the kernel has ("Kernel now: …"). Returns
 * the "Outgoing" group.
 */
GtkWidget *
tcgui_ui_open_interface (GtkWidget  *window,
                         const char *ifname)
{
  Lookup l = { window, "Outgoing", FALSE, NULL };

  tcgui_ui_click_row (window, ifname, group_shown, &l);
  tcgui_ui_wait_label_prefix (l.found, "Kernel now:");
  return l.found;
}

/* The page's spinner ("Applying changes"), shown while a call is in
 * flight: in the nearest ancestor of @group that has one. */
static GtkWidget *
page_spinner (GtkWidget *group)
{
  for (GtkWidget *w = gtk_widget_get_parent (group); w != NULL; w = gtk_widget_get_parent (w))
    {
      GtkWidget *spinner = tcgui_ui_find_any (w, GTK_TYPE_SPINNER, NULL);

      if (spinner != NULL)
        return spinner;
    }
  g_error ("no spinner on the page");
}

/* Nothing in flight: the page's spinner is hidden. */
gboolean
tcgui_ui_page_idle (gpointer group)
{
  return !gtk_widget_get_visible (page_spinner (group));
}

/* The row of @group whose title starts with @title ("Rate" finds "Rate limit"). */
GtkWidget *
tcgui_ui_row (GtkWidget  *group,
              const char *title)
{
  GtkWidget *row = tcgui_ui_find_prefix (group, ADW_TYPE_PREFERENCES_ROW, title);

  g_assert_nonnull (row);
  return row;
}

/* A row's switch and field: its header's (found before its expanded rows'). */
GtkWidget *
tcgui_ui_row_switch (GtkWidget *row)
{
  GtkWidget *sw = tcgui_ui_find (row, GTK_TYPE_SWITCH, NULL);

  g_assert_nonnull (sw);
  return sw;
}

GtkWidget *
tcgui_ui_row_field (GtkWidget *row)
{
  GtkWidget *field = tcgui_ui_find (row, GTK_TYPE_SPIN_BUTTON, NULL);

  g_assert_nonnull (field);
  return field;
}

static gboolean
switch_active (gpointer sw)
{
  return gtk_switch_get_active (GTK_SWITCH (sw));
}

/* The row @title of @group, its switch turned on with a click. */
GtkWidget *
tcgui_ui_switch_on (GtkWidget  *group,
                    const char *title)
{
  GtkWidget *row = tcgui_ui_row (group, title);
  GtkWidget *sw = tcgui_ui_row_switch (row);

  if (!gtk_switch_get_active (GTK_SWITCH (sw)))
    tcgui_ui_click (sw);
  g_assert_true (tcgui_ui_wait_for (switch_active, sw));
  return row;
}

/* Clicks into a field's text, types @value over what it had, then Tab. */
void
tcgui_ui_type_into (GtkWidget  *field,
                    const char *value)
{
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (field));

  /* Its text, not the −/+ buttons beside it. */
  tcgui_ui_click (tcgui_ui_find (field, GTK_TYPE_TEXT, NULL));
  g_assert_true (tcgui_ui_wait_for (has_focus, field));
  tcgui_ui_keys (window, "ctrl+a");
  tcgui_ui_type (window, value);
  tcgui_ui_keys (window, "Tab");
  g_assert_true (tcgui_ui_wait_for (lost_focus, field));
}

/* What a user sees as "no shaping": no switch of the group is on. */
gboolean
tcgui_ui_group_unshaped (gpointer group)
{
  g_autoptr(GPtrArray) switches = tcgui_ui_find_all (group, GTK_TYPE_SWITCH);

  for (guint i = 0; i < switches->len; i++)
    if (gtk_switch_get_active (switches->pdata[i]))
      return FALSE;
  return TRUE;
}

typedef struct
{
  GtkWidget  *popover;
  const char *item;
} Item;

static gboolean
item_shown (gpointer data)
{
  Item *i = data;

  return tcgui_ui_find (i->popover, GTK_TYPE_LABEL, i->item) != NULL;
}

/* Opens @menu_button's menu, its @submenu, then clicks @item there. */
void
tcgui_ui_submenu_item (GtkWidget  *menu_button,
                       const char *submenu,
                       const char *item)
{
  Item i = { NULL, item };

  tcgui_ui_menu_item (menu_button, submenu);
  i.popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)));
  if (!tcgui_ui_wait_for (item_shown, &i))
    g_error ("the submenu %s has no item “%s”", submenu, item);
  /* It slides in: clicked once it stands still. */
  tcgui_ui_spin_for (200);
  tcgui_ui_click (tcgui_ui_find (i.popover, GTK_TYPE_LABEL, item));
}

/* The kernel and the calls --------------------------------------------- */

/* Can this kernel make a netem qdisc? (a namespace of its own, thrown away) */
gboolean
tcgui_ui_kernel_has_netem (void)
{
  g_autofree char *probe = g_strdup_printf (
    "sh -c 'ip netns add %s-probe && ip -n %s-probe link add p0 type veth peer name p1 && "
    "ip netns exec %s-probe tc qdisc add dev p0 root netem delay 1ms; rc=$?; "
    "ip netns del %s-probe; exit $rc'", tcgui_ui_ns, tcgui_ui_ns, tcgui_ui_ns, tcgui_ui_ns);

  return tcgui_ui_run_ok (probe);
}

/* The kind of the root qdisc on @dev in the test's namespace ("" for none). */
char *
tcgui_ui_kernel_root (const char *dev)
{
  g_autoptr(JsonArray) qdiscs = tcgui_ui_tc_qdiscs (tcgui_ui_ns, dev);

  for (guint i = 0; qdiscs != NULL && i < json_array_get_length (qdiscs); i++)
    {
      JsonObject *q = json_array_get_object_element (qdiscs, i);

      if (json_object_has_member (q, "root"))
        return g_strdup (json_object_get_string_member (q, "kind"));
    }
  return g_strdup ("");
}

typedef struct
{
  const char *dev;
  guint64     kbps;
} Rate;

static gboolean
kernel_rate_is (gpointer data)
{
  Rate *r = data;

  /* Not at every turn of the main loop: tc is a process. */
  tcgui_ui_spin_for (20);
  return tcgui_ui_kernel_rate_kbps (tcgui_ui_ns, r->dev) == r->kbps;
}

/* Waits until the kernel has a tbf at @kbps on @dev (0: none). */
void
tcgui_ui_wait_kernel_rate (const char *dev,
                           guint64     kbps)
{
  Rate r = { dev, kbps };

  if (!tcgui_ui_wait_for (kernel_rate_is, &r))
    g_error ("%s: the kernel has a tbf at %" G_GUINT64_FORMAT " kbit/s, not %" G_GUINT64_FORMAT,
             dev, tcgui_ui_kernel_rate_kbps (tcgui_ui_ns, dev), kbps);
}

/* The app's calls with their arguments (tcgui_ui_traffic_* counts them). */
static GMutex calls_lock;
static GPtrArray *calls;   /* of GDBusMessage, the helper's method calls in order */
static GDBusConnection *calls_bus;

/* Runs in GDBus's worker thread. A sent message is locked: kept as it is. */
static GDBusMessage *
keep_call_cb (GDBusConnection *connection,
              GDBusMessage    *message,
              gboolean         incoming,
              gpointer         user_data)
{
  if (!incoming && g_dbus_message_get_message_type (message) == G_DBUS_MESSAGE_TYPE_METHOD_CALL &&
      g_strcmp0 (g_dbus_message_get_interface (message), "io.github.tcgui.Helper1") == 0)
    {
      g_mutex_lock (&calls_lock);
      g_ptr_array_add (calls, g_object_ref (message));
      g_mutex_unlock (&calls_lock);
    }
  return message;
}

/* Keeps the app's calls to the helper from now on (before the app starts). */
void
tcgui_ui_calls_watch (void)
{
  calls_bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, NULL);
  g_assert_nonnull (calls_bus);
  calls = g_ptr_array_new_with_free_func (g_object_unref);
  g_dbus_connection_add_filter (calls_bus, keep_call_cb, NULL, NULL);
}

/* How many calls were kept so far: a mark for tcgui_ui_calls_since(). */
guint
tcgui_ui_calls_mark (void)
{
  guint n;

  g_mutex_lock (&calls_lock);
  n = calls->len;
  g_mutex_unlock (&calls_lock);
  return n;
}

/**
 * tcgui_ui_calls_since:
 * @direction: (nullable): only calls whose third argument (SetShaping's
 *   direction) is this
 *
 * Returns: (transfer container): the argument tuples (GVariant) of the
 * calls of @member since @mark.
 */
GPtrArray *
tcgui_ui_calls_since (guint       mark,
                      const char *member,
                      const char *direction)
{
  GPtrArray *bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);

  g_mutex_lock (&calls_lock);
  for (guint i = mark; i < calls->len; i++)
    {
      GDBusMessage *m = g_ptr_array_index (calls, i);
      GVariant *body = g_dbus_message_get_body (m);
      g_autoptr(GVariant) third = NULL;
      const char *dir = NULL;

      if (g_strcmp0 (g_dbus_message_get_member (m), member) != 0)
        continue;
      if (body != NULL && g_variant_n_children (body) > 2)
        third = g_variant_get_child_value (body, 2);
      if (third != NULL && g_variant_is_of_type (third, G_VARIANT_TYPE_STRING))
        dir = g_variant_get_string (third, NULL);
      if (direction == NULL || g_strcmp0 (dir, direction) == 0)
        g_ptr_array_add (bodies, body != NULL ? g_variant_ref (body)
                                              : g_variant_ref_sink (g_variant_new ("()")));
    }
  g_mutex_unlock (&calls_lock);
  return bodies;
}
