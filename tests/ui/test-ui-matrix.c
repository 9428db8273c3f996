/* test-ui-matrix.c - a network's latency matrix: a partition between two containers
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by ui-inprocess.sh --docker --no-ns (the real helper on a private
 * bus with a real polkitd; a real dockerd with the fixture's containers
 * under the prefix P: P-a on P-net, P-b on P-int, P-c on both). The user
 * clicks the heading "P-net" in the sidebar: the network's page shows the
 * matrix of P-a and P-c. The cell P-a → P-c is opened, its "Partition"
 * switched on (Symmetric: P-c → P-a too), and "Apply Matrix" clicked: the
 * calls carry an outgoing flow per row, matching the other container as a
 * "peer", partitioned. With a helper that shapes flows, ping between P-a
 * and P-c fails both ways, and works again after "Clear Matrix"; without
 * one the rows' failure is shown on their cells and the test says what
 * it could not check. With a helper that has SetShapingBatch, Apply Matrix
 * is that one call: the partition is then checked through the batch path.
 * The internal network P-int with P-b stopped (one
 * running container left) shows the empty state.
 */

#include "config.h"

#include <string.h>

#include "tcgui-ui-harness.h"

static const char *prefix;

static char *
name (const char *suffix)
{
  return g_strdup_printf ("%s-%s", prefix, suffix);
}

static gboolean
helper_has (const char *key)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, NULL);
  g_autoptr(GVariant) reply = NULL, caps = NULL;
  gboolean has = FALSE;

  reply = g_dbus_connection_call_sync (bus, "io.github.tcgui.Helper1", "/io/github/tcgui/Helper1",
                                       "io.github.tcgui.Helper1", "GetCapabilities", NULL,
                                       G_VARIANT_TYPE ("(a{sv})"), G_DBUS_CALL_FLAGS_NONE, -1,
                                       NULL, NULL);
  if (reply == NULL)
    return FALSE;
  caps = g_variant_get_child_value (reply, 0);
  g_variant_lookup (caps, key, "b", &has);
  return has;
}

/* The helper's calls, with their arguments ----------------------------- */

static GMutex calls_lock;
static GPtrArray *calls;

static GDBusMessage *
filter_cb (GDBusConnection *connection,
           GDBusMessage    *message,
           gboolean         incoming,
           gpointer         user_data)
{
  const char *member = g_dbus_message_get_member (message);

  if (!incoming && (g_strcmp0 (member, "SetShaping") == 0 ||
                    g_strcmp0 (member, "SetShapingBatch") == 0 ||
                    g_strcmp0 (member, "ClearShaping") == 0))
    {
      g_mutex_lock (&calls_lock);
      g_ptr_array_add (calls, g_object_ref (message));
      g_mutex_unlock (&calls_lock);
    }
  return message;
}

/* Every (params) a SetShaping or SetShapingBatch item sent outgoing. */
static GPtrArray *
sent_params (void)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);

  g_mutex_lock (&calls_lock);
  for (guint i = 0; i < calls->len; i++)
    {
      GDBusMessage *m = calls->pdata[i];
      GVariant *body = g_dbus_message_get_body (m);

      if (g_strcmp0 (g_dbus_message_get_member (m), "SetShaping") == 0)
        g_ptr_array_add (out, g_variant_get_child_value (body, 3));
      else if (g_strcmp0 (g_dbus_message_get_member (m), "SetShapingBatch") == 0)
        {
          g_autoptr(GVariant) items = g_variant_get_child_value (body, 0);

          for (gsize j = 0; j < g_variant_n_children (items); j++)
            {
              g_autoptr(GVariant) item = g_variant_get_child_value (items, j);

              g_ptr_array_add (out, g_variant_get_child_value (item, 3));
            }
        }
    }
  g_mutex_unlock (&calls_lock);
  return out;
}

/* How many calls named @member were sent. */
static guint
n_sent (const char *member)
{
  guint n = 0;

  g_mutex_lock (&calls_lock);
  for (guint i = 0; i < calls->len; i++)
    n += g_strcmp0 (g_dbus_message_get_member (calls->pdata[i]), member) == 0;
  g_mutex_unlock (&calls_lock);
  return n;
}

/* A partitioned flow to the container: its "peer" key (ending in its ID)
 * or its address on the network as the "prefix". */
static gboolean
partition_sent_to (const char *peer_id,
                   const char *address)
{
  g_autoptr(GPtrArray) params = sent_params ();

  for (guint i = 0; i < params->len; i++)
    {
      g_autoptr(GVariant) flows = g_variant_lookup_value (params->pdata[i], "flows",
                                                          G_VARIANT_TYPE ("aa{sv}"));

      for (gsize j = 0; flows != NULL && j < g_variant_n_children (flows); j++)
        {
          g_autoptr(GVariant) flow = g_variant_get_child_value (flows, j);
          g_autoptr(GVariant) match = g_variant_lookup_value (flow, "match",
                                                              G_VARIANT_TYPE_VARDICT);
          const char *peer = NULL, *sent = NULL;
          gboolean partition = FALSE;

          g_variant_lookup (flow, "partition", "b", &partition);
          if (match == NULL || !partition)
            continue;
          if (g_variant_lookup (match, "peer", "&s", &peer) && g_str_has_suffix (peer, peer_id))
            return TRUE;
          if (g_variant_lookup (match, "prefix", "&s", &sent) &&
              (g_str_equal (sent, address) || g_str_has_prefix (sent, address)))
            return TRUE;
        }
    }
  return FALSE;
}

/* The page ----------------------------------------------------------------- */

static gboolean
matrix_shown (gpointer window)
{
  return tcgui_ui_find (window, GTK_TYPE_LABEL, "From ↓ To →") != NULL;
}

static gboolean
empty_shown (gpointer window)
{
  return tcgui_ui_find (window, ADW_TYPE_STATUS_PAGE, "Fewer Than Two Running Containers") != NULL;
}

static GtkWidget *
wait_heading (GtkWidget  *window,
              const char *network)
{
  for (guint i = 0; i < TCGUI_UI_DEADLINE_SEC * 10; i++)
    {
      GtkWidget *label = tcgui_ui_find (window, GTK_TYPE_LABEL, network);
      GtkWidget *button = label != NULL ? gtk_widget_get_ancestor (label, GTK_TYPE_BUTTON) : NULL;

      if (button != NULL)
        return button;
      tcgui_ui_spin_for (100);
    }
  tcgui_ui_log_tree (window);
  g_error ("no heading “%s” to click in the sidebar", network);
}

static void
open_network (GtkWidget        *window,
              const char       *network,
              TcguiUiCondition  shown)
{
  for (guint i = 0; i < 5; i++)
    {
      tcgui_ui_click (wait_heading (window, network));
      if (tcgui_ui_wait_for_sec (shown, window, 10))
        return;
      g_test_message ("the click on the heading %s showed nothing: again", network);
    }
  tcgui_ui_log_tree (window);
  g_error ("the heading %s never opened its page", network);
}

/* The cell where the row of @from (its header button) meets the column of @to. */
static GtkWidget *
cell_of (GtkWidget  *window,
         const char *from,
         const char *to)
{
  GtkWidget *corner = tcgui_ui_find (window, GTK_TYPE_LABEL, "From ↓ To →");
  GtkGrid *grid = GTK_GRID (gtk_widget_get_parent (corner));
  GtkWidget *row = NULL, *column = NULL;
  int x, y, unused;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (grid)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      gtk_grid_query_child (grid, c, &x, &y, NULL, NULL);
      if (x == 0 && GTK_IS_MENU_BUTTON (c) &&
          g_strcmp0 (gtk_menu_button_get_label (GTK_MENU_BUTTON (c)), from) == 0)
        row = c;
      if (y == 0 && GTK_IS_LABEL (c) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (c)), to) == 0)
        column = c;
    }
  g_assert_nonnull (row);
  g_assert_nonnull (column);
  gtk_grid_query_child (grid, row, &unused, &y, NULL, NULL);
  gtk_grid_query_child (grid, column, &x, &unused, NULL, NULL);
  return gtk_grid_get_child_at (grid, x, y);
}

static gboolean
popover_open (gpointer cell)
{
  GtkPopover *popover = gtk_menu_button_get_popover (cell);

  return popover != NULL && gtk_widget_get_mapped (GTK_WIDGET (popover));
}

static gboolean
switch_on (gpointer sw)
{
  return gtk_switch_get_active (sw);
}

static gboolean
cell_says (GtkWidget  *cell,
           const char *text)
{
  return g_strcmp0 (gtk_menu_button_get_label (GTK_MENU_BUTTON (cell)), text) == 0;
}

/* The cell's popover, its Partition switch on, closed with Escape. */
static void
partition_cell (GtkWidget  *window,
                GtkWidget  *cell)
{
  GtkWidget *sw;

  for (guint i = 0; i < 5 && !popover_open (cell); i++)
    {
      tcgui_ui_click (cell);
      tcgui_ui_wait_for_sec (popover_open, cell, 5);
    }
  g_assert_true (popover_open (cell));
  sw = tcgui_ui_find (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (cell))),
                      GTK_TYPE_SWITCH, NULL);
  g_assert_nonnull (sw);
  tcgui_ui_click (sw);
  g_assert_true (tcgui_ui_wait_for (switch_on, sw));
  tcgui_ui_save_png (window, "matrix-cell-editor.png");
  tcgui_ui_keys (window, "Escape");
}

typedef struct
{
  GtkWidget  *window;
  const char *status;    /* NULL: any outcome */
} StatusWait;

static gboolean
status_shown (gpointer data)
{
  StatusWait *w = data;
  gboolean failed = tcgui_ui_find_prefix (w->window, GTK_TYPE_LABEL,
                                          "2 of 2 containers failed") != NULL;

  if (w->status == NULL)
    return failed || tcgui_ui_find (w->window, GTK_TYPE_LABEL, "Applied") != NULL;
  return failed || tcgui_ui_find (w->window, GTK_TYPE_LABEL, w->status) != NULL;
}

static void
click_and_wait (GtkWidget  *window,
                const char *button,
                const char *status)
{
  GtkWidget *label = tcgui_ui_find (window, GTK_TYPE_LABEL, button);
  StatusWait w = { window, status };

  g_assert_nonnull (label);
  /* A click while the window takes the focus back may miss: again. */
  for (guint i = 0; i < 3; i++)
    {
      tcgui_ui_click (gtk_widget_get_ancestor (label, GTK_TYPE_BUTTON));
      if (tcgui_ui_wait_for_sec (status_shown, &w, 15))
        break;
      g_test_message ("the click on “%s” did nothing seen: again", button);
    }
  if (!status_shown (&w))
    {
      tcgui_ui_save_png (window, "matrix-debug.png");
      tcgui_ui_log_tree (window);
      g_error ("“%s” showed no outcome", button);
    }
  if (status != NULL && tcgui_ui_find (window, GTK_TYPE_LABEL, status) == NULL)
    {
      tcgui_ui_log_tree (window);
      g_error ("after “%s”: not “%s”", button, status);
    }
}

/* A container's address on P-net. */
static char *
address_of (const char *container)
{
  g_autofree char *network = name ("net");
  g_autofree char *inspect = g_strdup_printf ("docker inspect -f "
                                              "'{{(index .NetworkSettings.Networks \"%s\").IPAddress}}' %s",
                                              network, container);
  char *ip = tcgui_ui_run (inspect);

  g_assert_nonnull (ip);
  return g_strstrip (ip);
}

/* ping, from one container to the other's address on P-net. */
static gboolean
pings (const char *from,
       const char *to)
{
  g_autofree char *ip = address_of (to);
  g_autofree char *cmd = NULL;

  cmd = g_strdup_printf ("docker exec %s ping -c 2 -W 1 %s", from, ip);
  return tcgui_ui_run_ok (cmd);
}

/* P-int with P-b stopped: P-c alone runs there, no matrix to make. */
static void
check_empty (GtkWidget *window)
{
  g_autofree char *b = name ("b"), *internal = name ("int");
  g_autofree char *cmd = g_strdup_printf ("docker stop -t 1 %s", b);

  g_assert_true (tcgui_ui_run_ok (cmd));
  open_network (window, internal, empty_shown);
  g_assert_true (tcgui_ui_save_png (window, "matrix-empty.png"));
}

static void
matrix_body (GtkWindow *window,
             gpointer   data)
{
  GtkWidget *w = GTK_WIDGET (window), *ac, *ca;
  g_autofree char *a = name ("a"), *c = name ("c"), *net = name ("net");
  g_autofree char *inspect = g_strdup_printf ("docker inspect -f '{{.Id}}' %s", c);
  g_autofree char *c_id = tcgui_ui_run (inspect);
  gboolean flows = helper_has ("flows");
  gboolean batch = helper_has ("batch");

  g_strstrip (c_id);
  g_assert_true (pings (a, c));
  open_network (w, net, matrix_shown);
  ac = cell_of (w, a, c);
  ca = cell_of (w, c, a);
  g_assert_true (cell_says (ac, "—"));
  partition_cell (w, ac);
  /* Symmetric (on by default): the mirror too. */
  g_assert_true (cell_says (ac, "partitioned"));
  g_assert_true (cell_says (ca, "partitioned"));

  click_and_wait (w, "Apply Matrix", flows ? "Applied" : NULL);
  g_assert_true (tcgui_ui_save_png (w, "matrix.png"));
  {
    g_autofree char *c_ip = address_of (c);

    g_assert_true (partition_sent_to (c_id, c_ip));
  }
  /* A helper with SetShapingBatch gets the whole matrix in one call, its
   * items' flows applied as SetShaping's: the ping below checks them. */
  if (batch)
    {
      g_assert_cmpuint (n_sent ("SetShapingBatch"), ==, 1);
      g_assert_cmpuint (n_sent ("SetShaping"), ==, 0);
    }
  else
    g_test_message ("the helper under test has no SetShapingBatch: the matrix went row by row");
  if (!flows)
    {
      /* Each row's failure is on its shaped cells. */
      g_assert_nonnull (tcgui_ui_find_prefix (w, GTK_TYPE_LABEL, "2 of 2 containers failed"));
      g_assert_true (gtk_widget_has_css_class (ac, "error"));
      g_assert_nonnull (gtk_widget_get_tooltip_text (ac));
      g_test_message ("SKIPPED PART: the helper under test does not shape flows "
                      "(GetCapabilities has no \"flows\"): the sent flows were checked, "
                      "ping through the partition was not");
      check_empty (w);
      return;
    }
  g_assert_false (pings (a, c));
  g_assert_false (pings (c, a));
  click_and_wait (w, "Clear Matrix", "Cleared");
  g_assert_true (cell_says (ac, "—"));
  g_assert_true (pings (a, c));
  g_assert_true (pings (c, a));
  check_empty (w);
}

static void
test_matrix (void)
{
  g_assert_cmpint (tcgui_ui_app_run (matrix_body, NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GDBusConnection) bus = NULL;
  int rc;

  argv[1] = argv[0], argc--, argv++;   /* no namespace: "-" */
  prefix = g_getenv ("TESTENV_PREFIX");
  if (prefix == NULL)
    g_error ("run by ui-inprocess.sh --docker (TESTENV_PREFIX)");
  if ((rc = tcgui_ui_init (&argc, &argv)) != 0)
    return rc;
  calls = g_ptr_array_new_with_free_func (g_object_unref);
  bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, NULL);
  g_assert_nonnull (bus);
  g_dbus_connection_add_filter (bus, filter_cb, NULL, NULL);
  tcgui_ui_set_window_size (1100, 900);
  g_test_add_func ("/matrix/partition", test_matrix);
  rc = g_test_run ();
  g_ptr_array_unref (calls);
  return rc;
}
