/* test-editor-live.c - the shaping editor's real widgets against the real
 * helper and kernel, in process
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by ui-inprocess.sh under a private system bus with a real
 * polkitd and the real helper (polkit-bus), on Xvfb (gui-session), with a
 * namespace NS holding a veth pair veth-a/veth-b. The editor of veth-a sits
 * in a scrolled window, as on the app's shaping page; the tests move its
 * slider, type into its fields and scroll over it as a user does (the
 * pointer and the keyboard through XTest, with xdotool), watch the app's
 * own D-Bus traffic with a connection filter and read the kernel back with
 * `tc -j`. No test hook: what is asserted is what a user sees.
 *
 * Usage: test-editor-live NS [--tap …]          the tests
 *        test-editor-live NS --bench N SECONDS   the slider benchmark
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <json-glib/json-glib.h>

#include "tcgui-error.h"
#include "tcgui-helper-client.h"
#include "tcgui-impairment-row.h"
#include "tcgui-link-row.h"
#include "tcgui-links-page.h"
#include "tcgui-namespace.h"
#include "tcgui-param-errors.h"
#include "tcgui-presets.h"
#include "tcgui-shaping-client.h"
#include "tcgui-shaping-editor.h"
#include "tcgui-ui-harness.h"

static const char *ns;
static int page_width = 800;   /* the window's width (defect 7: 360) */
static TcguiHelperClient *client;

/* The kernel ------------------------------------------------------------ */

/* The rate of the tbf on @dev in our namespace in kbit/s, 0 when there is none. */
static guint64
kernel_rate_kbps (const char *dev)
{
  return tcgui_ui_kernel_rate_kbps (ns, dev);
}

/* Each test starts from the kernel's default (the namespace is the test's own). */
static void
kernel_reset (void)
{
  tcgui_ui_kernel_reset (ns, (const char *[]) { "veth-a", "veth-b", NULL });
}

/* The widgets ---------------------------------------------------------- */

typedef struct
{
  GtkWidget          *window;
  GtkScrolledWindow  *scrolled;
  TcguiShapingEditor *editor;
  TcguiImpairmentRow *rate;        /* outgoing */
  GtkScale           *rate_scale;
  GtkSpinButton      *rate_spin;
} Page;

static gboolean
editor_idle (gpointer data)
{
  Page *page = data;

  return !tcgui_shaping_editor_get_busy (page->editor);
}

static gboolean
client_ready (gpointer data)
{
  return tcgui_helper_client_get_state (client) == TCGUI_HELPER_STATE_READY;
}

/* The editor of veth-a in a scrolled window smaller than the editor, as
 * the app's shaping page is in a window of ordinary size. */
static void
page_open (Page *page)
{
  GtkWidget *editor;

  kernel_reset ();
  if (client == NULL)
    client = tcgui_helper_client_new ();
  g_assert_true (tcgui_ui_wait_for (client_ready, NULL));
  {
    g_autofree char *id = g_strconcat ("netns:", ns, NULL);
    editor = tcgui_shaping_editor_new (client, id, "veth-a");
  }
  page->editor = TCGUI_SHAPING_EDITOR (editor);
  page->scrolled = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_policy (page->scrolled, GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (page->scrolled, editor);
  page->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (page->window), page_width, 500);
  gtk_window_set_child (GTK_WINDOW (page->window), GTK_WIDGET (page->scrolled));
  gtk_window_present (GTK_WINDOW (page->window));

  /* Outgoing is the first group: its "Rate limit" row comes first. */
  page->rate = TCGUI_IMPAIRMENT_ROW (tcgui_ui_find_any (editor, TCGUI_TYPE_IMPAIRMENT_ROW, "Rate limit"));
  g_assert_nonnull (page->rate);
  page->rate_scale = GTK_SCALE (tcgui_ui_find_any (GTK_WIDGET (page->rate), GTK_TYPE_SCALE, NULL));
  page->rate_spin = GTK_SPIN_BUTTON (tcgui_ui_find_any (GTK_WIDGET (page->rate), GTK_TYPE_SPIN_BUTTON, NULL));
  g_assert_nonnull (page->rate_scale);
  g_assert_nonnull (page->rate_spin);
  g_assert_true (tcgui_ui_wait_for (editor_idle, page));
}

static void
page_close (Page *page)
{
  gtk_window_destroy (GTK_WINDOW (page->window));
  tcgui_ui_spin_for (50);
}

/* The slider is logarithmic: its position is log10 of kbit/s. */
static void
move_slider (Page   *page,
             double  kbps)
{
  gtk_range_set_value (GTK_RANGE (page->rate_scale), log10 (kbps));
}

/* Switches the outgoing rate on (the row's switch) at @kbps, and waits
 * until the kernel has it. */
static void
rate_on (Page   *page,
         double  kbps)
{
  gtk_spin_button_set_value (page->rate_spin, kbps);
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (page->rate), TRUE);
  g_assert_true (tcgui_ui_wait_for (editor_idle, page));
  g_assert_cmpuint (kernel_rate_kbps ("veth-a"), ==, (guint64) kbps);
}

/* Live sliders --------------------------------------------------------- */

typedef struct
{
  Page   *page;
  guint   step;
  guint   replies_at_start;
  guint   replies_in_drag;
  gboolean done;
} Drag;

#define DRAG_FIRST_KBPS 2000
#define DRAG_MAX_STEPS  1000
#define DRAG_LAST_KBPS  1234

/* One step of the pointer every 10 ms, until the kernel has followed the
 * drag twice (or the steps run out), then a few more, then the end. */
static gboolean
drag_step_cb (gpointer data)
{
  Drag *drag = data;
  guint replies;

  tcgui_ui_traffic_get (NULL, &replies, NULL);
  drag->replies_in_drag = replies - drag->replies_at_start;
  if (drag->replies_in_drag >= 2 || drag->step >= DRAG_MAX_STEPS)
    {
      move_slider (drag->page, DRAG_LAST_KBPS);
      drag->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  move_slider (drag->page, DRAG_FIRST_KBPS + drag->step++);
  return G_SOURCE_CONTINUE;
}

static gboolean
drag_done (gpointer data)
{
  return ((Drag *) data)->done;
}

static gboolean
kernel_has_last (gpointer data)
{
  return editor_idle (data) && kernel_rate_kbps ("veth-a") == DRAG_LAST_KBPS;
}

static void
test_live_drag (void)
{
  Page page = { 0 };
  Drag drag = { &page };
  guint calls_before, calls;

  page_open (&page);
  rate_on (&page, 10000);

  tcgui_ui_traffic_get (&calls_before, &drag.replies_at_start, NULL);
  g_timeout_add (10, drag_step_cb, &drag);
  g_assert_true (tcgui_ui_wait_for (drag_done, &drag));
  tcgui_ui_traffic_get (&calls, NULL, NULL);
  g_test_message ("drag: %u steps, %u SetShaping calls, %u answered during the drag",
                  drag.step + 1, calls - calls_before, drag.replies_in_drag);
  /* With a wait for the drag to stop, nothing would be answered yet. */
  g_assert_cmpuint (drag.replies_in_drag, >=, 2);
  g_assert_cmpuint (tcgui_ui_traffic_max_in_flight (), ==, 1);

  /* The last value wins: the kernel and the field end on it. */
  g_assert_true (tcgui_ui_wait_for (kernel_has_last, &page));
  g_assert_cmpfloat (gtk_spin_button_get_value (page.rate_spin), ==, DRAG_LAST_KBPS);
  page_close (&page);
}

/* The mouse wheel ------------------------------------------------------ */


typedef struct
{
  Page  *page;
  double page_at;
  double value;
} Scroll;

static gboolean
something_moved (gpointer data)
{
  Scroll *scroll = data;
  GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (scroll->page->scrolled);

  return gtk_adjustment_get_value (v) != scroll->page_at ||
         gtk_spin_button_get_value (scroll->page->rate_spin) != scroll->value;
}

static Scroll
scroll_over (Page      *page,
             GtkWidget *control)
{
  GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (page->scrolled);
  Scroll scroll = { page, gtk_adjustment_get_value (v),
                    gtk_spin_button_get_value (page->rate_spin) };

  tcgui_ui_point_at (control);
  tcgui_ui_xdotool ("click --repeat 3 --delay 30 5");   /* three notches down */
  g_assert_true (tcgui_ui_wait_for (something_moved, &scroll));
  tcgui_ui_spin_for (200);
  g_assert_true (tcgui_ui_wait_for (editor_idle, page));
  return scroll;
}

/* Defect 2: the wheel over a field or a slider the user did not pick
 * scrolls the page and changes nothing; once picked, it does change. */
static void
test_wheel (void)
{
  Page page = { 0 };
  GtkAdjustment *v;
  GtkWidget *controls[2];
  guint calls0, calls;

  page_open (&page);
  rate_on (&page, 5000);
  controls[0] = GTK_WIDGET (page.rate_spin), controls[1] = GTK_WIDGET (page.rate_scale);
  v = gtk_scrolled_window_get_vadjustment (page.scrolled);
  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    {
      graphene_point_t top;
      Scroll scroll;

      /* The row in the upper part of the view, the page free to scroll on. */
      g_assert_true (gtk_widget_compute_point (controls[i], GTK_WIDGET (page.editor),
                                               &GRAPHENE_POINT_INIT (0, 0), &top));
      gtk_adjustment_set_value (v, top.y - 100);
      tcgui_ui_spin_for (100);
      g_assert_cmpfloat (gtk_adjustment_get_value (v) + gtk_adjustment_get_page_size (v), <,
                         gtk_adjustment_get_upper (v));
      gtk_window_set_focus (GTK_WINDOW (page.window), NULL);
      tcgui_ui_traffic_get (&calls0, NULL, NULL);
      scroll = scroll_over (&page, controls[i]);
      tcgui_ui_traffic_get (&calls, NULL, NULL);
      g_test_message ("wheel over %s: page %.0f → %.0f, field %.0f → %.0f, %u calls",
                      G_OBJECT_TYPE_NAME (controls[i]), scroll.page_at,
                      gtk_adjustment_get_value (v), scroll.value,
                      gtk_spin_button_get_value (page.rate_spin), calls - calls0);
      g_assert_cmpfloat (gtk_adjustment_get_value (v), >, scroll.page_at);
      g_assert_cmpfloat (gtk_spin_button_get_value (page.rate_spin), ==, 5000);
      g_assert_cmpuint (calls, ==, calls0);
      g_assert_cmpuint (kernel_rate_kbps ("veth-a"), ==, 5000);
    }

  /* Picked (focused) first: then the wheel is deliberate and applies.
   * The wheel above scrolled the field away: back into view. */
  tcgui_ui_scroll_to (GTK_WIDGET (page.rate_spin));
  gtk_widget_grab_focus (GTK_WIDGET (page.rate_spin));
  {
    Scroll scroll = scroll_over (&page, GTK_WIDGET (page.rate_spin));

    g_test_message ("wheel over the focused field: %.0f → %.0f", scroll.value,
                    gtk_spin_button_get_value (page.rate_spin));
    g_assert_cmpfloat (gtk_spin_button_get_value (page.rate_spin), <, 5000);
    g_assert_cmpuint (kernel_rate_kbps ("veth-a"), ==,
                      (guint64) gtk_spin_button_get_value (page.rate_spin));
  }
  page_close (&page);
}

/* Typing ------------------------------------------------------------- */

typedef struct
{
  GtkWidget *widget;
} FocusWait;

static gboolean
focus_left (gpointer data)
{
  return !gtk_widget_has_focus (gtk_widget_get_first_child (((FocusWait *) data)->widget)) &&
         !gtk_widget_has_focus (((FocusWait *) data)->widget);
}

static gboolean
focus_in (gpointer data)
{
  return !focus_left (data);
}

static gboolean
field_empty (gpointer data)
{
  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (((FocusWait *) data)->widget)), "") == 0;
}

/* A click into the field; then the keys go to it. A click that did not
 * focus it (the page still scrolling after the wheel test, on a loaded
 * machine) is made again, as a user would: what is checked is what the
 * field does once it has the focus. */
static void
click_into (Page      *page,
            FocusWait *w)
{
  for (int attempt = 0; attempt < 3; attempt++)
    {
      tcgui_ui_point_at (w->widget);
      tcgui_ui_xdotool ("click 1");
      if (tcgui_ui_wait_for_sec (focus_in, w, 10))
        return;
      g_test_message ("the click into the field did not focus it: again");
    }
  g_error ("three clicks into the field never focused it");
}

/* Defect 3: select the rate field, delete, Tab. The kernel keeps the last
 * applied rate, the field shows it again and says why. */
static void
test_empty_field (void)
{
  Page page = { 0 };
  FocusWait w;
  GtkAdjustment *v;
  graphene_point_t top;
  const char *tooltip;
  guint calls0, calls;

  page_open (&page);
  rate_on (&page, 5000);
  v = gtk_scrolled_window_get_vadjustment (page.scrolled);
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (page.rate_spin),
                                           GTK_WIDGET (page.editor),
                                           &GRAPHENE_POINT_INIT (0, 0), &top));
  gtk_adjustment_set_value (v, top.y - 100);
  tcgui_ui_spin_for (100);

  tcgui_ui_traffic_get (&calls0, NULL, NULL);
  w.widget = GTK_WIDGET (page.rate_spin);
  click_into (&page, &w);
  tcgui_ui_xdotool ("key --delay 30 ctrl+a BackSpace");
  g_assert_true (tcgui_ui_wait_for (field_empty, &w));
  tcgui_ui_xdotool ("key Tab");
  g_assert_true (tcgui_ui_wait_for (focus_left, &w));
  tcgui_ui_spin_for (200);
  g_assert_true (tcgui_ui_wait_for (editor_idle, &page));
  tcgui_ui_traffic_get (&calls, NULL, NULL);
  tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (page.rate_spin));
  g_test_message ("after an empty field and Tab: field “%s”, %u calls, says “%s”",
                  gtk_editable_get_text (GTK_EDITABLE (page.rate_spin)), calls - calls0, tooltip);
  g_assert_cmpuint (calls, ==, calls0);
  g_assert_cmpuint (kernel_rate_kbps ("veth-a"), ==, 5000);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (page.rate_spin)), ==, "5000");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (page.rate_spin), "error"));
  g_assert_nonnull (strstr (tooltip, "is not a number"));
  g_assert_nonnull (strstr (tooltip, "it stays 5000"));

  /* A number typed next applies, and the complaint goes. */
  click_into (&page, &w);
  tcgui_ui_xdotool ("key --delay 30 ctrl+a 2 5 0 0 Tab");
  g_assert_true (tcgui_ui_wait_for (focus_left, &w));
  tcgui_ui_spin_for (200);
  g_assert_true (tcgui_ui_wait_for (editor_idle, &page));
  g_assert_cmpuint (kernel_rate_kbps ("veth-a"), ==, 2500);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (page.rate_spin), "error"));
  page_close (&page);
}

/* Narrow windows ----------------------------------------------------- */

#define NARROW_WIDTH 360

static gboolean
window_narrow (gpointer data)
{
  Page *page = data;

  return gtk_widget_get_width (page->window) > 0 &&
         gtk_widget_get_width (page->window) <= NARROW_WIDTH;
}

/* The logical width of @label's widest word, in its own font. */
static int
widest_word (GtkWidget   *label,
             const char **word_out)
{
  g_auto(GStrv) words = g_regex_split_simple ("\\s+", gtk_label_get_text (GTK_LABEL (label)), 0, 0);
  int widest = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (label, words[i]);
      PangoRectangle logical;

      pango_layout_set_attributes (layout, pango_layout_get_attributes (gtk_label_get_layout (GTK_LABEL (label))));
      pango_layout_get_pixel_extents (layout, NULL, &logical);
      if (logical.width > widest)
        {
          widest = logical.width;
          *word_out = g_intern_string (words[i]);
        }
    }
  return widest;
}

/* Every label shown is at least as wide as its widest word: none is
 * split inside a word, none is cut. Returns how many were measured. */
static guint
assert_whole_words (GtkWidget *widget)
{
  guint n = 0;

  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      gtk_label_get_text (GTK_LABEL (widget))[0] != '\0')
    {
      PangoLayout *layout = gtk_label_get_layout (GTK_LABEL (widget));
      const char *word = NULL;
      int widest = widest_word (widget, &word);
      int width = pango_layout_get_width (layout) >= 0
                  ? PANGO_PIXELS (pango_layout_get_width (layout))
                  : gtk_widget_get_width (widget);

      if (width < widest)
        g_error ("label “%s” is %d px wide, its word “%s” %d px",
                 gtk_label_get_text (GTK_LABEL (widget)), width, word, widest);
      n++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += assert_whole_words (child);
  return n;
}

/* @widget's own centre is where a pointer there lands. */
static void
assert_reachable (Page      *page,
                  GtkWidget *widget)
{
  graphene_point_t centre;
  GtkWidget *picked;

  g_assert_true (gtk_widget_compute_point (widget, page->window,
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0,
                                                                 gtk_widget_get_height (widget) / 2.0),
                                           &centre));
  picked = gtk_widget_pick (page->window, centre.x, centre.y, GTK_PICK_DEFAULT);
  g_assert_nonnull (picked);
  g_assert_true (picked == widget || gtk_widget_is_ancestor (picked, widget));
}

/* Defect 7: the editor fits a 360 px window; its labels wrap between
 * words; the slider and the field are there and take input. */
static void
test_narrow (void)
{
  Page page = { 0 };
  FocusWait w;
  GtkAdjustment *v;
  graphene_point_t top;
  int minimum, natural;
  guint labels;

  page_width = NARROW_WIDTH;
  page_open (&page);
  page_width = 800;
  gtk_widget_measure (GTK_WIDGET (page.editor), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, &natural, NULL, NULL);
  g_test_message ("the editor's minimum width: %d px (natural %d px)", minimum, natural);
  g_assert_cmpint (minimum, <=, NARROW_WIDTH);

  g_assert_true (tcgui_ui_wait_for (window_narrow, &page));
  tcgui_ui_spin_for (200);
  rate_on (&page, 5000);
  tcgui_ui_spin_for (200);
  labels = assert_whole_words (GTK_WIDGET (page.editor));
  g_test_message ("%u labels shown at %d px, none narrower than its widest word",
                  labels, gtk_widget_get_width (page.window));
  g_assert_cmpuint (labels, >, 10);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (page.rate_scale)), >=, 80);
  g_assert_true (tcgui_ui_save_png (page.window, "shaping-editor-360.png"));

  /* Typed into the field at 360 px, the rate reaches the kernel. */
  v = gtk_scrolled_window_get_vadjustment (page.scrolled);
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (page.rate_spin),
                                           GTK_WIDGET (page.editor),
                                           &GRAPHENE_POINT_INIT (0, 0), &top));
  gtk_adjustment_set_value (v, top.y - 100);
  tcgui_ui_spin_for (100);
  assert_reachable (&page, GTK_WIDGET (page.rate_scale));
  assert_reachable (&page, GTK_WIDGET (page.rate_spin));
  w.widget = GTK_WIDGET (page.rate_spin);
  click_into (&page, &w);
  tcgui_ui_xdotool ("key --delay 30 ctrl+a 3 0 0 0 Tab");
  g_assert_true (tcgui_ui_wait_for (focus_left, &w));
  tcgui_ui_spin_for (200);
  g_assert_true (tcgui_ui_wait_for (editor_idle, &page));
  g_assert_cmpuint (kernel_rate_kbps ("veth-a"), ==, 3000);

  /* The slider moves the kernel's rate as well. */
  move_slider (&page, 1500);
  tcgui_ui_spin_for (200);
  g_assert_true (tcgui_ui_wait_for (editor_idle, &page));
  g_assert_cmpuint (kernel_rate_kbps ("veth-a"), ==, 1500);
  page_close (&page);
}

static gboolean
foreign_said (gpointer data)
{
  Page *page = data;

  return tcgui_ui_find_prefix (GTK_WIDGET (page->editor), GTK_TYPE_LABEL,
                               "Kernel now: htb") != NULL;
}

/* Defect 7: a qdisc TC GUI cannot show is explained in a 360 px window
 * too, the explanation wrapped between words. */
static void
test_narrow_foreign (void)
{
  g_autofree char *htb = g_strdup_printf ("ip netns exec %s tc qdisc replace dev veth-a root "
                                          "handle 1: htb default 1", ns);
  Page page = { 0 };
  guint labels;
  int minimum;

  page_width = NARROW_WIDTH;
  page_open (&page);
  page_width = 800;
  if (!tcgui_ui_run_ok (htb))
    {
      page_close (&page);
      g_test_skip ("cannot add an htb qdisc");
      return;
    }
  tcgui_shaping_editor_reload (page.editor);
  g_assert_true (tcgui_ui_wait_for (foreign_said, &page));
  g_assert_true (tcgui_ui_wait_for (editor_idle, &page));
  g_assert_true (tcgui_ui_wait_for (window_narrow, &page));
  tcgui_ui_spin_for (200);
  gtk_widget_measure (GTK_WIDGET (page.editor), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, NULL, NULL, NULL);
  g_test_message ("the editor's minimum width with a foreign qdisc: %d px", minimum);
  g_assert_cmpint (minimum, <=, NARROW_WIDTH);
  labels = assert_whole_words (GTK_WIDGET (page.editor));
  g_assert_true (tcgui_ui_save_png (page.window, "shaping-editor-360-foreign.png"));
  g_test_message ("foreign qdisc: “%s”, %u labels at %d px, none narrower than its widest word",
                  gtk_label_get_text (GTK_LABEL (tcgui_ui_find_prefix (GTK_WIDGET (page.editor), GTK_TYPE_LABEL,
                                                                       "Kernel now: htb"))),
                  labels, gtk_widget_get_width (page.window));
  page_close (&page);
  kernel_reset ();
}

/* Qdisc badges ------------------------------------------------------- */

typedef struct
{
  GAsyncResult *result;
} Async;

static void
async_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  ((Async *) user_data)->result = g_object_ref (result);
}

static gboolean
async_done (gpointer data)
{
  return ((Async *) data)->result != NULL;
}

/* Our namespace as the app lists it (ListNamespaces). */
static TcguiNamespace *
list_our_namespace (void)
{
  g_autofree char *id = g_strconcat ("netns:", ns, NULL);
  g_autoptr(GListModel) list = NULL;
  Async async = { NULL };

  tcgui_helper_client_list_namespaces_async (client, NULL, async_cb, &async);
  g_assert_true (tcgui_ui_wait_for (async_done, &async));
  list = tcgui_helper_client_list_namespaces_finish (client, async.result, NULL);
  g_clear_object (&async.result);
  g_assert_nonnull (list);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(TcguiNamespace) item = g_list_model_get_item (list, i);

      if (g_strcmp0 (tcgui_namespace_get_id (item), id) == 0)
        return g_steal_pointer (&item);
    }
  g_assert_not_reached ();
}

typedef struct
{
  TcguiLinksPage *page;
  const char     *view;
  GtkLabel       *badge;
  const char     *text;
} PageWait;

static gboolean
view_is (gpointer data)
{
  PageWait *w = data;

  return g_strcmp0 (tcgui_links_page_get_view (w->page), w->view) == 0;
}

static gboolean
badge_is (gpointer data)
{
  PageWait *w = data;

  return g_strcmp0 (gtk_label_get_label (w->badge), w->text) == 0;
}

static gboolean
find_qdisc_label (GtkWidget  *widget,
                  GtkLabel  **out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "qdisc"))
    {
      *out = GTK_LABEL (widget);
      return TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (find_qdisc_label (child, out))
      return TRUE;
  return FALSE;
}

static void
wait_badge (PageWait   *w,
            const char *text)
{
  w->text = text;
  if (!tcgui_ui_wait_for (badge_is, w))
    g_error ("the badge says “%s”, not “%s”", gtk_label_get_label (w->badge), text);
}

static gboolean
no_dialog (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        {
          *(AdwMessageDialog **) data = ADW_MESSAGE_DIALOG (w);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
dialog_shown (gpointer data)
{
  return !no_dialog (data);
}

/* "Clear All Interfaces…" of the page's menu, then a button of the dialog. */
static void
press_dialog_button (PageWait   *w,
                     const char *label)
{
  AdwMessageDialog *dialog = NULL;
  GtkWidget *button;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (w->page), "links.confirm-clear-all", NULL));
  g_assert_true (tcgui_ui_wait_for (dialog_shown, &dialog));
  g_test_message ("dialog: %s", adw_message_dialog_get_heading (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "Clear All Interfaces of"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  button = tcgui_ui_find_any (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, label);
  g_assert_nonnull (button);
  gtk_widget_activate (button);
  g_assert_true (tcgui_ui_wait_for (no_dialog, &dialog));
  tcgui_ui_spin_for (200);
}

/* Defect 6: the interface row keeps "noqueue" after a tbf is applied, and
 * "tbf" after a clear: every badge follows the kernel. */
static void
test_badges (void)
{
  g_autoptr(TcguiNamespace) our = NULL;
  PageWait w = { NULL };
  GtkWidget *window, *row;
  Page page = { 0 };
  const char *initial;

  kernel_reset ();
  if (client == NULL)
    client = tcgui_helper_client_new ();
  g_assert_true (tcgui_ui_wait_for (client_ready, NULL));
  our = list_our_namespace ();
  w.page = g_object_new (TCGUI_TYPE_LINKS_PAGE, NULL);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (w.page));
  gtk_window_present (GTK_WINDOW (window));
  tcgui_links_page_load (w.page, client, our);
  w.view = "links";
  g_assert_true (tcgui_ui_wait_for (view_is, &w));

  row = tcgui_ui_find_any (GTK_WIDGET (w.page), TCGUI_TYPE_LINK_ROW, "veth-a");
  g_assert_nonnull (row);
  g_assert_true (find_qdisc_label (row, &w.badge));
  initial = g_intern_string (gtk_label_get_label (w.badge));
  g_test_message ("veth-a's badge before: %s", initial);
  g_assert_cmpstr (initial, !=, "tbf");

  /* Its row opens the editor; the rate goes on: the badge says tbf. */
  gtk_widget_activate (row);
  w.view = "shaping";
  g_assert_true (tcgui_ui_wait_for (view_is, &w));
  page.window = window;
  page.editor = TCGUI_SHAPING_EDITOR (tcgui_ui_find_any (GTK_WIDGET (w.page), TCGUI_TYPE_SHAPING_EDITOR, NULL));
  page.rate = TCGUI_IMPAIRMENT_ROW (tcgui_ui_find_any (GTK_WIDGET (page.editor), TCGUI_TYPE_IMPAIRMENT_ROW,
                                          "Rate limit"));
  page.rate_spin = GTK_SPIN_BUTTON (tcgui_ui_find_any (GTK_WIDGET (page.rate), GTK_TYPE_SPIN_BUTTON, NULL));
  g_assert_true (tcgui_ui_wait_for (editor_idle, &page));
  rate_on (&page, 3000);
  wait_badge (&w, "tbf");

  /* The editor's Clear: back to what it was. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page.editor), "shaping.clear", NULL));
  wait_badge (&w, initial);
  g_assert_cmpuint (kernel_rate_kbps ("veth-a"), ==, 0);

  /* Again, then "Clear All Interfaces" of the namespace. */
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (page.rate), FALSE);
  g_assert_true (tcgui_ui_wait_for (editor_idle, &page));
  rate_on (&page, 4000);
  wait_badge (&w, "tbf");
  /* Defect 9: the menu item asks first; Cancel changes nothing. */
  press_dialog_button (&w, "_Cancel");
  g_assert_cmpuint (kernel_rate_kbps ("veth-a"), ==, 4000);
  press_dialog_button (&w, "_Clear All");
  wait_badge (&w, initial);
  g_assert_cmpuint (kernel_rate_kbps ("veth-a"), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  tcgui_ui_spin_for (50);
}

/* Shortcuts and menus ------------------------------------------------- */

static gboolean
popover_shown (gpointer data)
{
  GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (data));

  return popover != NULL && gtk_widget_get_visible (GTK_WIDGET (popover));
}


#define NO_NETEM_REASON "Needs the kernel module sch_netem, which this kernel lacks"

static gboolean kernel_has_netem (void);

/* The menu of @data (a GtkMenuButton) says why its netem presets are off. */
static gboolean
reason_in_menu (gpointer data)
{
  GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (data));

  return popover != NULL &&
         tcgui_ui_find_any (GTK_WIDGET (popover), GTK_TYPE_LABEL, NO_NETEM_REASON) != NULL;
}

/* Defect 11: Ctrl+Shift+P did nothing while the focus was in the sidebar
 * (outside the page); "Presets for All" had 22 items and overflowed. */
static void
test_presets_for_all_shortcut (void)
{
  g_autoptr(TcguiNamespace) our = NULL;
  GtkWidget *window, *box, *sidebar, *button;
  PageWait w = { NULL };
  GMenuModel *menu;
  g_autofree char *args = NULL;

  if (client == NULL)
    client = tcgui_helper_client_new ();
  g_assert_true (tcgui_ui_wait_for (client_ready, NULL));
  our = list_our_namespace ();
  w.page = g_object_new (TCGUI_TYPE_LINKS_PAGE, NULL);
  sidebar = gtk_entry_new ();    /* any focusable widget outside the page */
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_box_append (GTK_BOX (box), sidebar);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (w.page));
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  tcgui_links_page_load (w.page, client, our);
  w.view = "links";
  g_assert_true (tcgui_ui_wait_for (view_is, &w));

  button = tcgui_ui_find_any (GTK_WIDGET (w.page), GTK_TYPE_MENU_BUTTON, "_Presets for All");
  g_assert_nonnull (button);

  /* Short: Clear, then a submenu per source of presets (no profile here). */
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  g_test_message ("Presets for All: %d top-level sections", g_menu_model_get_n_items (menu));
  g_assert_cmpint (g_menu_model_get_n_items (menu), <=, 3);
  {
    g_autoptr(GMenuModel) presets = g_menu_model_get_item_link (menu, 1, G_MENU_LINK_SECTION);
    g_autoptr(GMenuModel) first = NULL;

    guint submenus = 0;

    g_assert_nonnull (presets);
    for (int i = 0; i < g_menu_model_get_n_items (presets); i++)
      {
        g_autoptr(GMenuModel) sub = g_menu_model_get_item_link (presets, i, G_MENU_LINK_SUBMENU);

        submenus += sub != NULL;
      }
    g_assert_cmpuint (submenus, <=, 4);
    first = g_menu_model_get_item_link (presets, 0, G_MENU_LINK_SUBMENU);
    g_assert_nonnull (first);
    /* Without sch_netem: its presets off, under the reason (defect 8). */
    if (!kernel_has_netem ())
      g_assert_true (tcgui_ui_wait_for (reason_in_menu, button));
  }

  /* The focus in the "sidebar"; the keys through XTest. */
  gtk_widget_grab_focus (sidebar);
  args = g_strdup_printf ("windowfocus --sync %lu",
                          (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))));
  tcgui_ui_xdotool (args);
  tcgui_ui_spin_for (200);
  g_assert_true (gtk_widget_has_focus (gtk_widget_get_first_child (sidebar)) ||
                 gtk_widget_has_focus (sidebar));
  tcgui_ui_xdotool ("key ctrl+shift+p");
  g_assert_true (tcgui_ui_wait_for (popover_shown, button));

  gtk_window_destroy (GTK_WINDOW (window));
  tcgui_ui_spin_for (50);
}

/* Kernels without netem (defect 8) --------------------------------- */


/* Whether the helper says this kernel has sch_netem. */
static gboolean
kernel_has_netem (void)
{
  g_autoptr(GVariant) caps = NULL;
  Async async = { NULL };
  gboolean netem = TRUE;

  tcgui_helper_client_get_capabilities_async (client, NULL, async_cb, &async);
  g_assert_true (tcgui_ui_wait_for (async_done, &async));
  caps = tcgui_helper_client_get_capabilities_finish (client, async.result, NULL);
  g_clear_object (&async.result);
  g_assert_nonnull (caps);
  g_variant_lookup (caps, "netem", "b", &netem);
  return netem;
}

/* The helper's own words for the refusal of @params on veth-a outgoing. */
static char *
helper_refusal (const TcguiParams *params)
{
  g_autofree char *id = g_strconcat ("netns:", ns, NULL);
  g_autoptr(GError) error = NULL;
  Async async = { NULL };

  tcgui_shaping_client_set_shaping_async (client, id, "veth-a", "outgoing", params,
                                          TCGUI_SHAPING_FLAGS_NONE, NULL, async_cb, &async);
  g_assert_true (tcgui_ui_wait_for (async_done, &async));
  g_assert_false (tcgui_shaping_client_set_shaping_finish (client, async.result, &error));
  g_clear_object (&async.result);
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_NOT_SUPPORTED);
  /* As the app words it for users: the one mapping of the helper's errors. */
  return tcgui_user_error_message (error);
}

/* The popover's menu item showing @text (GTK's model buttons are private:
 * they are found by their "text"); the first, in the order of the menu. */
static GtkWidget *
find_menu_item (GtkWidget  *widget,
                const char *text)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkModelButton"))
    {
      g_autofree char *label = NULL;

      g_object_get (widget, "text", &label, NULL);
      if (g_strcmp0 (label, text) == 0)
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_menu_item (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

typedef struct
{
  Page         page;
  GtkMenuButton *presets;
  GtkRevealer  *error;
  GtkLabel     *error_label;
  TcguiImpairmentRow *delay;      /* outgoing */
} NoNetem;

/* The links page of our namespace, veth-a's editor opened from its row,
 * as the app does: the page tells its editors what the kernel can do. */
static GtkWidget *
open_editor_from_page (NoNetem *t)
{
  g_autoptr(TcguiNamespace) our = list_our_namespace ();
  PageWait w = { NULL };
  GtkWidget *row;

  w.page = g_object_new (TCGUI_TYPE_LINKS_PAGE, NULL);
  t->page.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (t->page.window), 900, 700);
  gtk_window_set_child (GTK_WINDOW (t->page.window), GTK_WIDGET (w.page));
  gtk_window_present (GTK_WINDOW (t->page.window));
  tcgui_links_page_load (w.page, client, our);
  w.view = "links";
  g_assert_true (tcgui_ui_wait_for (view_is, &w));
  row = tcgui_ui_find_any (GTK_WIDGET (w.page), TCGUI_TYPE_LINK_ROW, "veth-a");
  g_assert_nonnull (row);
  gtk_widget_activate (row);
  w.view = "shaping";
  g_assert_true (tcgui_ui_wait_for (view_is, &w));
  return tcgui_ui_find_any (GTK_WIDGET (w.page), TCGUI_TYPE_SHAPING_EDITOR, NULL);
}

static gboolean
netem_presets_off (gpointer data)
{
  NoNetem *t = data;
  GtkPopover *popover = gtk_menu_button_get_popover (t->presets);
  GtkWidget *regional = popover ? find_menu_item (GTK_WIDGET (popover), "Regional") : NULL;

  return regional != NULL && !gtk_widget_is_sensitive (regional);
}

static void
find_editor_parts (NoNetem   *t,
                   GtkWidget *editor)
{
  t->page.editor = TCGUI_SHAPING_EDITOR (editor);
  t->page.rate = TCGUI_IMPAIRMENT_ROW (tcgui_ui_find_any (editor, TCGUI_TYPE_IMPAIRMENT_ROW, "Rate limit"));
  t->page.rate_spin = GTK_SPIN_BUTTON (tcgui_ui_find_any (GTK_WIDGET (t->page.rate), GTK_TYPE_SPIN_BUTTON,
                                             NULL));
  t->delay = TCGUI_IMPAIRMENT_ROW (tcgui_ui_find_any (editor, TCGUI_TYPE_IMPAIRMENT_ROW, "Delay"));
  t->presets = GTK_MENU_BUTTON (tcgui_ui_find_any (editor, GTK_TYPE_MENU_BUTTON, "_Presets"));
  t->error = GTK_REVEALER (tcgui_ui_find_any (editor, GTK_TYPE_REVEALER, NULL));
  g_assert_nonnull (t->page.rate_spin);
  g_assert_nonnull (t->delay);
  g_assert_nonnull (t->presets);
  g_assert_nonnull (t->error);
  t->error_label = GTK_LABEL (tcgui_ui_find_any (GTK_WIDGET (t->error), GTK_TYPE_LABEL, NULL));
  g_assert_nonnull (t->error_label);
}

static gboolean
kernel_has_good_3g (gpointer data)
{
  /* Firefox's "Good 3G" up: 750 kbit of 1024 bits = 768 kbit/s. */
  return editor_idle (data) && kernel_rate_kbps ("veth-a") == 768;
}

/* The menu: netem presets greyed out under the reason, rates-only presets
 * usable; one is chosen (a click on its item) and the kernel has it. */
static void
choose_rates_only_preset (NoNetem *t)
{
  GtkWidget *popover, *good_3g;

  gtk_menu_button_popup (t->presets);
  g_assert_true (tcgui_ui_wait_for (netem_presets_off, t));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (t->presets));
  g_assert_true (has_label (popover, NO_NETEM_REASON));
  g_assert_false (gtk_widget_is_sensitive (find_menu_item (popover, "Intercontinental")));
  g_assert_false (gtk_widget_is_sensitive (find_menu_item (popover, "3G Fast")));
  good_3g = find_menu_item (popover, "Good 3G");
  g_assert_nonnull (good_3g);
  g_assert_true (gtk_widget_is_sensitive (good_3g));
  g_signal_emit_by_name (good_3g, "clicked");
  g_assert_true (tcgui_ui_wait_for (kernel_has_good_3g, &t->page));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (t->page.rate_spin)), ==, "768");
  g_assert_false (gtk_revealer_get_reveal_child (t->error));
}

static gboolean
error_shown (gpointer data)
{
  NoNetem *t = data;

  return editor_idle (&t->page) && gtk_revealer_get_child_revealed (t->error);
}

/* A netem preset all the same (as a stale menu or a profile would): the
 * helper refuses; its whole message is shown, and every field is the
 * kernel's again (the delay field not the refused 40 ms). */
static void
refused_netem_preset (NoNetem *t)
{
  const TcguiPreset *regional = tcgui_presets_find ("regional");
  GtkSpinButton *delay_spin = tcgui_impairment_row_get_spin (t->delay);
  TcguiParams out, in;
  g_autofree char *refusal = NULL, *expected = NULL;
  double delay_before = gtk_spin_button_get_value (delay_spin);

  tcgui_preset_to_params (regional, &out, &in);
  refusal = helper_refusal (&out);
  expected = g_strconcat ("veth-a: ", refusal, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (t->page.editor), "shaping.preset", "s",
                                             "regional"));
  g_assert_true (tcgui_ui_wait_for (error_shown, t));
  g_test_message ("shown: %s", gtk_label_get_text (t->error_label));
  g_assert_cmpstr (gtk_label_get_text (t->error_label), ==, expected);
  g_assert_nonnull (strstr (refusal, "sch_netem"));
  g_assert_true (gtk_label_get_wrap (t->error_label));
  g_assert_cmpint (gtk_label_get_ellipsize (t->error_label), ==, PANGO_ELLIPSIZE_NONE);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (t->error_label)));

  /* The kernel kept Good 3G, and so do the controls. */
  g_assert_cmpuint (kernel_rate_kbps ("veth-a"), ==, 768);
  g_assert_true (tcgui_impairment_row_get_enabled (t->page.rate));
  g_assert_cmpfloat (gtk_spin_button_get_value (t->page.rate_spin), ==, 768);
  g_assert_false (tcgui_impairment_row_get_enabled (t->delay));
  g_test_message ("delay field: %.1f before, %.1f after the refusal", delay_before,
                  gtk_spin_button_get_value (delay_spin));
  g_assert_cmpfloat (gtk_spin_button_get_value (delay_spin), ==, delay_before);
  g_assert_cmpfloat (gtk_spin_button_get_value (delay_spin), !=, 40);
}

/* Defect 8: all presets needed netem and were offered; choosing one gave
 * a truncated toast and left the refused value in the greyed field. */
static void
test_no_netem (void)
{
  NoNetem t = { { 0 } };

  kernel_reset ();
  if (client == NULL)
    client = tcgui_helper_client_new ();
  g_assert_true (tcgui_ui_wait_for (client_ready, NULL));
  if (kernel_has_netem ())
    {
      g_test_skip ("this kernel has sch_netem");
      return;
    }
  find_editor_parts (&t, open_editor_from_page (&t));
  g_assert_true (tcgui_ui_wait_for (editor_idle, &t.page));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (t.delay)));
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (t.delay)), ==,
                   NO_NETEM_REASON);
  choose_rates_only_preset (&t);
  refused_netem_preset (&t);

  /* Closed by the user, it stays closed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (t.page.editor), "shaping.dismiss-error",
                                             NULL));
  g_assert_false (gtk_revealer_get_reveal_child (t.error));
  gtk_window_destroy (GTK_WINDOW (t.page.window));
  tcgui_ui_spin_for (50);
}

/* The benchmark -------------------------------------------------------- */

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

typedef struct
{
  guint replies;
} ReplyWait;

static gboolean
reply_arrived (gpointer data)
{
  guint replies;

  tcgui_ui_traffic_get (NULL, &replies, NULL);
  return replies > ((ReplyWait *) data)->replies;
}

/* N single changes of the slider, each from an idle editor: from the
 * change to the helper's reply to SetShaping (the kernel has it then). */
static void
bench_first_change (Page  *page,
                    guint  n)
{
  g_autofree double *ms = g_new0 (double, n);

  for (guint i = 0; i < n; i++)
    {
      ReplyWait w;
      gint64 t0, t1;

      g_assert_true (tcgui_ui_wait_for (editor_idle, page));
      tcgui_ui_spin_for (100);
      tcgui_ui_traffic_get (NULL, &w.replies, NULL);
      t0 = g_get_monotonic_time ();
      move_slider (page, 3000 + 10 * i);
      g_assert_true (tcgui_ui_wait_for (reply_arrived, &w));
      tcgui_ui_traffic_get (NULL, NULL, &t1);
      ms[i] = (t1 - t0) / 1000.0;
    }
  qsort (ms, n, sizeof *ms, compare_double);
  g_print ("# first change → kernel changed, %u changes: p50 %.1f ms, p90 %.1f ms, "
           "max %.1f ms\n", n, ms[(n - 1) / 2], ms[(guint) (n * 0.9 + 0.5) - 1], ms[n - 1]);
}

/* A drag of @seconds, one pointer step per 16 ms (a 60 Hz motion): how
 * many times the kernel changed meanwhile, and whether it ends on the last. */
static void
bench_drag (Page  *page,
            guint  seconds)
{
  gint64 end;
  guint calls0, replies0, calls1, replies1, steps = 0;
  guint64 last = 0, kernel;

  g_assert_true (tcgui_ui_wait_for (editor_idle, page));
  tcgui_ui_traffic_get (&calls0, &replies0, NULL);
  end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end)
    {
      last = 5000 + 7 * steps++;
      move_slider (page, last);
      tcgui_ui_spin_for (16);
    }
  tcgui_ui_traffic_get (&calls1, &replies1, NULL);
  g_assert_true (tcgui_ui_wait_for (editor_idle, page));
  kernel = kernel_rate_kbps ("veth-a");
  g_print ("# drag of %u s, %u steps: %u SetShaping calls, kernel changed %u times "
           "(%.1f changes/s); last value %" G_GUINT64_FORMAT " kbit/s, kernel %"
           G_GUINT64_FORMAT " kbit/s: %s\n", seconds, steps, calls1 - calls0,
           replies1 - replies0, (replies1 - replies0) / (double) seconds, last, kernel,
           last == kernel ? "the last value wins" : "WRONG");
  g_assert_cmpuint (kernel, ==, last);
}

static int
bench (guint n,
       guint seconds)
{
  Page page = { 0 };

  page_open (&page);
  rate_on (&page, 10000);
  bench_first_change (&page, n);
  bench_drag (&page, seconds);
  page_close (&page);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display (run under gui-session)\n");
      return 77;
    }
  adw_init ();
  if (argc < 2)
    g_error ("usage: test-editor-live NS [--bench N SECONDS]");
  ns = argv[1];
  tcgui_ui_traffic_watch ("SetShaping");
  if (argc == 5 && g_str_equal (argv[2], "--bench"))
    return bench (atoi (argv[3]), atoi (argv[4]));

  argv[1] = argv[0], argc--, argv++;
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/editor-live/drag", test_live_drag);
  g_test_add_func ("/editor-live/wheel", test_wheel);
  g_test_add_func ("/editor-live/empty-field", test_empty_field);
  g_test_add_func ("/editor-live/narrow", test_narrow);
  g_test_add_func ("/editor-live/narrow-foreign", test_narrow_foreign);
  g_test_add_func ("/editor-live/badges", test_badges);
  g_test_add_func ("/editor-live/presets-for-all-shortcut", test_presets_for_all_shortcut);
  g_test_add_func ("/editor-live/no-netem", test_no_netem);
  return g_test_run ();
}
