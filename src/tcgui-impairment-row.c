/* tcgui-impairment-row.c - one impairment: a switch, a slider, a number
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The row's enable switch turns the impairment on; the slider and the spin
 * button share one adjustment in the unit shown next to them. Advanced
 * fields are rows inside the expander. Every change a user makes, to the
 * switch or to any value, is announced once as ::changed.
 *
 * The mouse wheel scrolls the page, not the values: a slider or a field
 * takes the wheel only once it has the keyboard focus (clicked or tabbed
 * to), so that scrolling past the rows never reshapes the network. A field
 * left empty or holding what is not a number in range keeps its value and
 * says why, instead of becoming the range's lower end.
 */

#define G_LOG_DOMAIN "tcgui-impairment-row"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "tcgui-impairment-row.h"
#include "tcgui-toast.h"
#include "tcgui-words.h"

struct _TcguiImpairmentRow
{
  AdwExpanderRow  parent_instance;

  GtkAdjustment  *adjustment;
  GtkAdjustment  *log_adjustment;   /* the slider's, when logarithmic */
  gboolean        syncing;
  gboolean        has_pending;      /* set while unmapped: applied on map */
  gboolean        pending_enabled;
  double          kernel_value;     /* the kernel's last, or the first value */

  GtkBox         *controls;
  GtkScale       *scale;
  GtkSpinButton  *spin;
  GtkLabel       *unit_label;
};

G_DEFINE_FINAL_TYPE (TcguiImpairmentRow, tcgui_impairment_row, ADW_TYPE_EXPANDER_ROW)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_changed (TcguiImpairmentRow *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
enabled_cb (TcguiImpairmentRow *self)
{
  self->has_pending = FALSE;
  emit_changed (self);
}

static void
apply_enabled (TcguiImpairmentRow *self,
               gboolean            enabled)
{
  g_signal_handlers_block_by_func (self, enabled_cb, self);
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (self), enabled);
  g_signal_handlers_unblock_by_func (self, enabled_cb, self);
}

static void
map_cb (TcguiImpairmentRow *self)
{
  /* The advanced rows inside were added after init. */
  tcgui_words_only (GTK_WIDGET (self));
  if (!self->has_pending)
    return;
  self->has_pending = FALSE;
  apply_enabled (self, self->pending_enabled);
}

/* The slider of a logarithmic row moves over log10 of the value, so that
 * 10 kbit/s and 10 Gbit/s are both reachable with a mouse. */
static void
log_value_changed_cb (TcguiImpairmentRow *self)
{
  double v;

  if (self->syncing)
    return;
  v = pow (10.0, gtk_adjustment_get_value (self->log_adjustment));
  self->syncing = TRUE;
  gtk_adjustment_set_value (self->adjustment, round (v));
  self->syncing = FALSE;
  emit_changed (self);
}

static void
value_changed_cb (TcguiImpairmentRow *self)
{
  double v = gtk_adjustment_get_value (self->adjustment);

  if (self->log_adjustment != NULL && !self->syncing)
    {
      self->syncing = TRUE;
      gtk_adjustment_set_value (self->log_adjustment, log10 (MAX (v, 1.0)));
      self->syncing = FALSE;
    }
  if (!self->syncing)
    emit_changed (self);
}

/* GTK's own step for one notch of the wheel over a scrolled window. */
static void
scroll_page (GtkScrolledWindow        *scrolled,
             GtkEventControllerScroll *controller,
             double                    dy)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);

  if (gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL)
    dy *= pow (gtk_adjustment_get_page_size (adjustment), 2.0 / 3.0);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + dy);
}

/* Runs in the capture phase, before the control's own scroll handler:
 * unless the control has the focus, the page scrolls instead. */
static gboolean
wheel_cb (GtkEventControllerScroll *controller,
          double                    dx,
          double                    dy)
{
  GtkWidget *control = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkRoot *root = gtk_widget_get_root (control);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *scrolled;

  if (focus != NULL && (focus == control || gtk_widget_is_ancestor (focus, control)))
    return GDK_EVENT_PROPAGATE;
  scrolled = gtk_widget_get_ancestor (control, GTK_TYPE_SCROLLED_WINDOW);
  if (scrolled != NULL)
    scroll_page (GTK_SCROLLED_WINDOW (scrolled), controller, dy);
  return GDK_EVENT_STOP;
}

static void
guard_wheel (GtkWidget *control)
{
  GtkEventController *controller =
    gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "scroll", G_CALLBACK (wheel_cb), NULL);
  gtk_widget_add_controller (control, controller);
}

/* A field's "input": the text, if it is a number in range. Anything else
 * is refused (GTK_UPDATE_IF_VALID then puts the value back in the field)
 * and explained; @what is the field's accessible label, "Rate in kbit/s". */
static int
input_cb (GtkSpinButton *spin,
          double        *new_value,
          const char    *what)
{
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (spin);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *message = NULL;
  int digits = (int) gtk_spin_button_get_digits (spin);
  char *end = NULL;
  double v = g_strtod (stripped, &end);

  if (stripped[0] != '\0' && *end == '\0' && v >= gtk_adjustment_get_lower (adjustment) &&
      v <= gtk_adjustment_get_upper (adjustment))
    {
      *new_value = v;
      return TRUE;
    }
  /* Translators: a field, what was typed, the allowed range, the value kept */
  message = g_strdup_printf (_("%s: “%s” is not a number from %.*f to %.*f; it stays %.*f"),
                             what, stripped, digits, gtk_adjustment_get_lower (adjustment),
                             digits, gtk_adjustment_get_upper (adjustment),
                             digits, gtk_adjustment_get_value (adjustment));
  gtk_widget_add_css_class (GTK_WIDGET (spin), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (spin), message);
  tcgui_toast_show (GTK_WIDGET (spin), message, 5);
  return GTK_INPUT_ERROR;
}

/* The row's digits, or more when a value has them (a preset's 51.2 kbit/s
 * in a field of whole kbit/s): a field never shows what it does not hold. */
static gboolean
output_cb (GtkSpinButton *spin)
{
  double v = gtk_adjustment_get_value (gtk_spin_button_get_adjustment (spin));
  guint digits = gtk_spin_button_get_digits (spin);
  g_autofree char *text = NULL;

  for (; digits < 3; digits++)
    if (fabs (round (v * pow (10, digits)) - v * pow (10, digits)) < 1e-6)
      break;
  text = g_strdup_printf ("%.*f", (int) digits, v);
  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

/* Any new value, typed or from the slider, ends the complaint. */
static void
clear_error (GtkWidget *spin)
{
  gtk_widget_remove_css_class (spin, "error");
  gtk_widget_set_tooltip_text (spin, NULL);
}

/* After gtk_spin_button_configure(): the field's adjustment is final. */
static void
guard_input (GtkWidget  *spin,
             const char *what)
{
  g_signal_connect_object (gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (spin)),
                           "value-changed", G_CALLBACK (clear_error), spin, G_CONNECT_SWAPPED);
  gtk_spin_button_set_update_policy (GTK_SPIN_BUTTON (spin), GTK_UPDATE_IF_VALID);
  g_signal_connect_data (spin, "input", G_CALLBACK (input_cb), g_strdup (what),
                         (GClosureNotify) (void (*) (void)) g_free, 0);
}

static void
tcgui_impairment_row_dispose (GObject *object)
{
  TcguiImpairmentRow *self = (TcguiImpairmentRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), TCGUI_TYPE_IMPAIRMENT_ROW);
  g_clear_object (&self->adjustment);
  g_clear_object (&self->log_adjustment);

  G_OBJECT_CLASS (tcgui_impairment_row_parent_class)->dispose (object);
}

static void
tcgui_impairment_row_class_init (TcguiImpairmentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tcgui_impairment_row_dispose;

  /* A user changed the switch or a value (not emitted for set_value). */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tcgui/TcGui/tcgui-impairment-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TcguiImpairmentRow, controls);
  gtk_widget_class_bind_template_child (widget_class, TcguiImpairmentRow, scale);
  gtk_widget_class_bind_template_child (widget_class, TcguiImpairmentRow, spin);
  gtk_widget_class_bind_template_child (widget_class, TcguiImpairmentRow, unit_label);
  gtk_widget_class_bind_template_callback (widget_class, enabled_cb);
}

/* The controls' layout: slider, field and unit on one line when the
 * slider gets at least SLIDER_WIDE px of it, else the slider on a line of
 * its own above the field, as wide as the row: a 360 px window still has
 * a slider worth dragging. */
#define SLIDER_WIDE 120
#define SPACING       6

struct _TcguiControlsLayout
{
  GtkLayoutManager parent_instance;
};

G_DECLARE_FINAL_TYPE (TcguiControlsLayout, tcgui_controls_layout, TCGUI, CONTROLS_LAYOUT, GtkLayoutManager)
G_DEFINE_FINAL_TYPE (TcguiControlsLayout, tcgui_controls_layout, GTK_TYPE_LAYOUT_MANAGER)

typedef struct
{
  GtkWidget *child[3];   /* the slider, the field, the unit */
  int        min[3];
  int        nat[3];
  int        height[3];
} Controls;

static gboolean
controls_get (GtkWidget *widget,
              Controls  *c)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  for (guint i = 0; i < 3; i++, child = gtk_widget_get_next_sibling (child))
    {
      if (child == NULL)
        return FALSE;
      c->child[i] = child;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &c->min[i], &c->nat[i], NULL, NULL);
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, -1, NULL, &c->height[i], NULL, NULL);
    }
  return TRUE;
}

/* The width of the field and its unit. */
static int
field_width (const Controls *c)
{
  return c->nat[1] + SPACING + c->nat[2];
}

static gboolean
one_line (const Controls *c,
          int             width)
{
  return width < 0 || width - field_width (c) - SPACING >= SLIDER_WIDE;
}

static GtkSizeRequestMode
controls_request_mode (GtkLayoutManager *manager,
                       GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
controls_measure (GtkLayoutManager *manager,
                  GtkWidget        *widget,
                  GtkOrientation    orientation,
                  int               for_size,
                  int              *minimum,
                  int              *natural,
                  int              *minimum_baseline,
                  int              *natural_baseline)
{
  Controls c;
  int field_height;

  if (!controls_get (widget, &c))
    return;
  field_height = MAX (c.height[1], c.height[2]);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MAX (c.min[0], field_width (&c));
      *natural = SLIDER_WIDE + SPACING + field_width (&c);
    }
  else if (one_line (&c, for_size))
    *minimum = *natural = MAX (c.height[0], field_height);
  else
    *minimum = *natural = c.height[0] + SPACING + field_height;
}

static void
place (GtkWidget *child,
       int        x,
       int        y,
       int        width,
       int        height)
{
  gtk_widget_size_allocate (child, &(GtkAllocation) { x, y, width, height }, -1);
}

static void
controls_allocate (GtkLayoutManager *manager,
                   GtkWidget        *widget,
                   int               width,
                   int               height,
                   int               baseline)
{
  Controls c;
  int field_x, field_y, line;

  if (!controls_get (widget, &c))
    return;
  if (one_line (&c, width))
    {
      field_x = width - field_width (&c);
      line = height;
      place (c.child[0], 0, (line - c.height[0]) / 2, field_x - SPACING, c.height[0]);
      field_y = 0;
    }
  else
    {
      place (c.child[0], 0, 0, width, c.height[0]);
      field_x = 0;
      field_y = c.height[0] + SPACING;
      line = height - field_y;
    }
  place (c.child[1], field_x, field_y + (line - c.height[1]) / 2, c.nat[1], c.height[1]);
  place (c.child[2], field_x + c.nat[1] + SPACING, field_y + (line - c.height[2]) / 2,
         c.nat[2], c.height[2]);
}

static void
tcgui_controls_layout_class_init (TcguiControlsLayoutClass *klass)
{
  GtkLayoutManagerClass *layout_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  layout_class->get_request_mode = controls_request_mode;
  layout_class->measure = controls_measure;
  layout_class->allocate = controls_allocate;
}

static void
tcgui_controls_layout_init (TcguiControlsLayout *self)
{
}

/* The first box of @root's header that holds its title and subtitle. */
static GtkWidget *
find_title_box (GtkWidget *root)
{
  if (GTK_IS_BOX (root) && gtk_widget_has_css_class (root, "title"))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_title_box (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The slider, field and unit go on a line of their own below the title
 * and subtitle: on the title's line they made every row, and so the
 * window, at least 514 px wide. Below the title, the slider takes what
 * the line has, and the row fits a 360 px phone. */
static void
controls_below_title (TcguiImpairmentRow *self)
{
  GtkWidget *controls = GTK_WIDGET (self->controls);
  GtkWidget *actions = gtk_widget_get_parent (controls);
  GtkWidget *title_box = find_title_box (GTK_WIDGET (self));

  if (title_box == NULL || !GTK_IS_BOX (actions))
    {
      g_warning ("libadwaita's expander row has no title box: the controls stay on the title's line");
      return;
    }
  g_object_ref (controls);
  gtk_box_remove (GTK_BOX (actions), controls);
  gtk_widget_set_visible (actions, gtk_widget_get_first_child (actions) != NULL);
  gtk_widget_set_margin_top (controls, 6);
  gtk_widget_set_layout_manager (controls, g_object_new (tcgui_controls_layout_get_type (), NULL));
  gtk_box_append (GTK_BOX (title_box), controls);
  g_object_unref (controls);
}

static void
tcgui_impairment_row_init (TcguiImpairmentRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  controls_below_title (self);
  tcgui_words_only (GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
  guard_wheel (GTK_WIDGET (self->scale));
  guard_wheel (GTK_WIDGET (self->spin));
  g_signal_connect (self->spin, "output", G_CALLBACK (output_cb), NULL);
}

/* Names a control for screen readers: "Delay in ms". A field also says
 * so when it refuses what was typed. */
static void
label_control (GtkWidget  *widget,
               const char *title,
               const char *unit)
{
  /* Translators: an accessible label such as "Delay in ms" */
  g_autofree char *label = g_strdup_printf (_("%s in %s"), title, unit);

  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  if (GTK_IS_SPIN_BUTTON (widget))
    guard_input (widget, label);
}

/**
 * tcgui_impairment_row_new:
 * @initial: the value the controls show until one is set
 *
 * Returns: (transfer floating): a row for values 0..@max in @unit
 */
GtkWidget *
tcgui_impairment_row_new (const char *title,
                          const char *unit,
                          double      max,
                          double      step,
                          guint       digits,
                          double      initial)
{
  TcguiImpairmentRow *self = g_object_new (TCGUI_TYPE_IMPAIRMENT_ROW, "title", title, NULL);

  self->adjustment = g_object_ref_sink (gtk_adjustment_new (initial, 0, max, step,
                                                            step * 10, 0));
  self->kernel_value = initial;
  gtk_range_set_adjustment (GTK_RANGE (self->scale), self->adjustment);
  gtk_spin_button_configure (self->spin, self->adjustment, step, digits);
  gtk_label_set_label (self->unit_label, unit);
  label_control (GTK_WIDGET (self->scale), title, unit);
  label_control (GTK_WIDGET (self->spin), title, unit);
  g_signal_connect_object (self->adjustment, "value-changed",
                           G_CALLBACK (value_changed_cb), self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

/* For rates: the slider covers @min..max logarithmically. */
void
tcgui_impairment_row_set_logarithmic (TcguiImpairmentRow *self,
                                      double              min)
{
  double max = gtk_adjustment_get_upper (self->adjustment);
  double v = gtk_adjustment_get_value (self->adjustment);

  self->log_adjustment = g_object_ref_sink (gtk_adjustment_new (log10 (MAX (v, min)),
                                                                log10 (min), log10 (max),
                                                                0.01, 0.1, 0));
  gtk_adjustment_set_lower (self->adjustment, min);
  gtk_range_set_adjustment (GTK_RANGE (self->scale), self->log_adjustment);
  g_signal_connect_object (self->log_adjustment, "value-changed",
                           G_CALLBACK (log_value_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkAdjustment *
tcgui_impairment_row_get_adjustment (TcguiImpairmentRow *self)
{
  g_return_val_if_fail (TCGUI_IS_IMPAIRMENT_ROW (self), NULL);
  return self->adjustment;
}

GtkSpinButton *
tcgui_impairment_row_get_spin (TcguiImpairmentRow *self)
{
  g_return_val_if_fail (TCGUI_IS_IMPAIRMENT_ROW (self), NULL);
  return self->spin;
}

gboolean
tcgui_impairment_row_get_enabled (TcguiImpairmentRow *self)
{
  g_return_val_if_fail (TCGUI_IS_IMPAIRMENT_ROW (self), FALSE);

  if (self->has_pending)
    return self->pending_enabled;
  return adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (self));
}

/**
 * tcgui_impairment_row_set_enabled:
 *
 * Switches the impairment on or off without announcing a change. While
 * the row is not shown the switch moves when it is shown again, so that no
 * collapse animation starts on a row nobody sees.
 */
void
tcgui_impairment_row_set_enabled (TcguiImpairmentRow *self,
                                  gboolean            enabled)
{
  g_return_if_fail (TCGUI_IS_IMPAIRMENT_ROW (self));

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->has_pending = FALSE;
      apply_enabled (self, enabled);
      return;
    }
  self->has_pending = TRUE;
  self->pending_enabled = enabled;
}

/* The slider and the field show @value; no change is announced. */
static void
show_value (TcguiImpairmentRow *self,
            double              value)
{
  self->syncing = TRUE;
  gtk_adjustment_set_value (self->adjustment, value);
  if (self->log_adjustment != NULL)
    gtk_adjustment_set_value (self->log_adjustment, log10 (MAX (value, 1.0)));
  self->syncing = FALSE;
}

/* 0 when switched off: the parameter's "off". */
double
tcgui_impairment_row_get_value (TcguiImpairmentRow *self)
{
  g_return_val_if_fail (TCGUI_IS_IMPAIRMENT_ROW (self), 0);

  if (!tcgui_impairment_row_get_enabled (self))
    return 0;
  return gtk_adjustment_get_value (self->adjustment);
}

/* Shows @value without announcing a change; 0 switches the row off and
 * keeps the last value in the controls for when it is switched on again. */
void
tcgui_impairment_row_set_value (TcguiImpairmentRow *self,
                                double              value)
{
  g_return_if_fail (TCGUI_IS_IMPAIRMENT_ROW (self));

  tcgui_impairment_row_set_enabled (self, value != 0);
  if (value != 0)
    show_value (self, value);
}

/**
 * tcgui_impairment_row_show_kernel_value:
 *
 * Shows the kernel's @value without announcing a change. For 0 (the
 * kernel does not do this) the row is switched off and its field shows the
 * kernel's last value (or the row's first), not one the kernel refused.
 */
void
tcgui_impairment_row_show_kernel_value (TcguiImpairmentRow *self,
                                        double              value)
{
  g_return_if_fail (TCGUI_IS_IMPAIRMENT_ROW (self));

  if (value != 0)
    self->kernel_value = value;
  tcgui_impairment_row_set_enabled (self, value != 0);
  show_value (self, self->kernel_value);
}

/**
 * tcgui_impairment_row_add_field:
 *
 * Adds an advanced value inside the expander; its changes are the row's.
 *
 * Returns: (transfer none): its adjustment, 0..@max in @unit
 */
GtkAdjustment *
tcgui_impairment_row_add_field (TcguiImpairmentRow *self,
                                const char         *title,
                                const char         *unit,
                                double              max,
                                double              step,
                                guint               digits)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (0, max, step);
  GtkWidget *unit_label = gtk_label_new (unit);
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (spin));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 0);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_label_set_width_chars (GTK_LABEL (unit_label), 6);
  gtk_label_set_xalign (GTK_LABEL (unit_label), 0);
  gtk_widget_add_css_class (unit_label, "dim-label");
  label_control (spin, title, unit);
  guard_wheel (spin);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), unit_label);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);

  g_signal_connect_object (adjustment, "value-changed",
                           G_CALLBACK (emit_changed), self, G_CONNECT_SWAPPED);
  return adjustment;
}
