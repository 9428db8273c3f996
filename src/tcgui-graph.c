/* tcgui-graph.c - a live bandwidth graph: receive and transmit over time
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-graph"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "tcgui-graph.h"

#define COMPACT_HEIGHT 24
#define FULL_HEIGHT    160
#define LABEL_MARGIN   4

struct _TcguiGraph
{
  GtkWidget   parent_instance;

  TcguiRate  *rate;
  guint       window_s;
  gboolean    compact;

  double      hover_x;     /* widget coordinates; < 0: not hovering */
  guint64     drawn_generation;
  guint       n_draws;
};

G_DEFINE_FINAL_TYPE (TcguiGraph, tcgui_graph, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_COMPACT,
  PROP_WINDOW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* GNOME's palette: blue for receive, orange for transmit, in both styles. */
static const GdkRGBA rx_color = { 0.208, 0.518, 0.894, 1 };
static const GdkRGBA tx_color = { 0.902, 0.380, 0.000, 1 };

typedef struct
{
  double  width;
  double  height;
  gint64  right_us;   /* time at the right edge: the newest point */
  gint64  left_us;
  double  top_bps;    /* rate at the top of the plot */
  double  plot_top;   /* y of the plot's top: room for the labels above */
  const char *unit;
  double  divisor;
} Frame;

static gboolean
get_frame (TcguiGraph *self,
           Frame      *f)
{
  const TcguiRatePoint *last;

  f->width = gtk_widget_get_width (GTK_WIDGET (self));
  f->height = gtk_widget_get_height (GTK_WIDGET (self));
  if (self->rate == NULL || !(last = tcgui_rate_get_last (self->rate)) ||
      f->width < 2 || f->height < 2)
    return FALSE;

  f->plot_top = self->compact ? 1 : 20;
  f->right_us = last->time_us;
  f->left_us = f->right_us - (gint64) self->window_s * G_USEC_PER_SEC;
  f->top_bps = tcgui_rate_nice_scale (tcgui_rate_get_max (self->rate, f->left_us),
                                      &f->unit, &f->divisor);
  return TRUE;
}

static double
x_of (const Frame *f,
      gint64       time_us)
{
  return f->width * (double) (time_us - f->left_us) / (double) (f->right_us - f->left_us);
}

static double
y_of (const Frame *f,
      double       bps)
{
  return f->height - (f->height - f->plot_top) * MIN (bps, f->top_bps) / f->top_bps;
}

/* Traces one direction as a path of runs between gaps. Points closer than a
 * pixel are merged, keeping the peak: a 15-minute window never costs more
 * segments than the graph has pixels. */
static void
trace (cairo_t     *cr,
       TcguiRate   *rate,
       const Frame *f,
       gboolean     tx,
       gboolean     close_to_bottom)
{
  guint n = tcgui_rate_get_n_points (rate);
  gboolean in_run = FALSE;
  double run_start = 0, last_x = -1, peak = 0;

  for (guint i = tcgui_rate_find (rate, f->left_us); i < n; i++)
    {
      const TcguiRatePoint *p = tcgui_rate_get_point (rate, i);
      double v = tx ? p->tx_bps : p->rx_bps;
      double x = x_of (f, p->time_us);

      if (isnan (v))
        {
          if (in_run && close_to_bottom)
            {
              cairo_line_to (cr, last_x, f->height);
              cairo_line_to (cr, run_start, f->height);
              cairo_close_path (cr);
            }
          in_run = FALSE;
          continue;
        }

      if (in_run && x - last_x < 1 && i + 1 < n)
        {
          peak = MAX (peak, v);
          continue;
        }
      v = MAX (v, peak);
      peak = 0;

      if (!in_run)
        {
          run_start = x;
          cairo_move_to (cr, x, y_of (f, v));
          in_run = TRUE;
        }
      else
        cairo_line_to (cr, x, y_of (f, v));
      last_x = x;
    }

  if (in_run && close_to_bottom)
    {
      cairo_line_to (cr, last_x, f->height);
      cairo_line_to (cr, run_start, f->height);
      cairo_close_path (cr);
    }
}

static void
draw_series (TcguiGraph  *self,
             cairo_t     *cr,
             const Frame *f)
{
  /* Receive: a filled area; transmit: a line over it. */
  trace (cr, self->rate, f, FALSE, TRUE);
  cairo_set_source_rgba (cr, rx_color.red, rx_color.green, rx_color.blue, 0.3);
  cairo_fill (cr);

  cairo_set_line_width (cr, self->compact ? 1.0 : 1.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  trace (cr, self->rate, f, FALSE, FALSE);
  gdk_cairo_set_source_rgba (cr, &rx_color);
  cairo_stroke (cr);
  trace (cr, self->rate, f, TRUE, FALSE);
  gdk_cairo_set_source_rgba (cr, &tx_color);
  cairo_stroke (cr);
}

static void
draw_text (TcguiGraph    *self,
           cairo_t       *cr,
           const GdkRGBA *fg,
           double         x,
           double         y,
           const char    *text,
           gboolean       right_aligned)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, right_aligned ? x - w : x, y);
  gdk_cairo_set_source_rgba (cr, fg);
  pango_cairo_show_layout (cr, layout);
}

/* Quarter lines: light enough not to compete with the data. */
static void
draw_grid (cairo_t       *cr,
           double         width,
           double         height,
           double         plot_top,
           const GdkRGBA *fg)
{
  GdkRGBA grid = *fg;

  grid.alpha *= 0.15;
  gdk_cairo_set_source_rgba (cr, &grid);
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i <= 4; i++)
    {
      double y = floor (plot_top + (height - plot_top) * i / 4.0) + 0.5;

      cairo_move_to (cr, 0, y);
      cairo_line_to (cr, width, y);
    }
  cairo_stroke (cr);
}

static char *
dup_span (TcguiGraph *self)
{
  return g_strdup_printf (_("%u min"), self->window_s / 60);
}

static void
draw_axes (TcguiGraph    *self,
           cairo_t       *cr,
           const Frame   *f,
           const GdkRGBA *fg)
{
  g_autofree char *top = g_strdup_printf ("%g %s", f->top_bps / f->divisor, f->unit);
  g_autofree char *span = dup_span (self);

  draw_grid (cr, f->width, f->height, f->plot_top, fg);
  draw_text (self, cr, fg, LABEL_MARGIN, LABEL_MARGIN, top, FALSE);
  draw_text (self, cr, fg, f->width - LABEL_MARGIN, LABEL_MARGIN, span, TRUE);
}

/* No point yet (the first counters take a second or two, a vanished
 * namespace sends none): the frame and why it is empty, so the graph does
 * not look broken. A sparkline shows its baseline. */
static void
draw_empty (TcguiGraph    *self,
            cairo_t       *cr,
            double         width,
            double         height,
            const GdkRGBA *fg)
{
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *span = NULL;
  GdkRGBA dim = *fg;
  int w, h;

  if (self->compact)
    {
      dim.alpha *= 0.3;
      gdk_cairo_set_source_rgba (cr, &dim);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, 0, height - 0.5);
      cairo_line_to (cr, width, height - 0.5);
      cairo_stroke (cr);
      return;
    }
  span = dup_span (self);
  draw_grid (cr, width, height, 20, fg);
  draw_text (self, cr, fg, width - LABEL_MARGIN, LABEL_MARGIN, span, TRUE);
  dim.alpha *= 0.55;
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), _("No traffic data yet"));
  pango_layout_get_pixel_size (layout, &w, &h);
  draw_text (self, cr, &dim, (width + w) / 2, (height + 20 - h) / 2, _("No traffic data yet"),
             TRUE);
}

static void
draw_hover (TcguiGraph    *self,
            cairo_t       *cr,
            const Frame   *f,
            const GdkRGBA *fg)
{
  g_autofree char *readout = tcgui_graph_dup_readout (self, self->hover_x);
  g_autoptr(PangoLayout) layout = NULL;
  int w, h;
  double x;

  if (readout == NULL)
    return;

  gdk_cairo_set_source_rgba (cr, fg);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, floor (self->hover_x) + 0.5, 0);
  cairo_line_to (cr, floor (self->hover_x) + 0.5, f->height);
  cairo_stroke (cr);

  /* The readout sits beside the cursor, flipped at the right edge. */
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), readout);
  pango_layout_get_pixel_size (layout, &w, &h);
  x = self->hover_x + 8 + w > f->width ? self->hover_x - 8 - w : self->hover_x + 8;
  cairo_rectangle (cr, x - 4, f->height - h - 12, w + 8, h + 8);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.7);
  cairo_fill (cr);
  cairo_move_to (cr, x, f->height - h - 8);
  cairo_set_source_rgb (cr, 1, 1, 1);
  pango_cairo_show_layout (cr, layout);
}

static void
get_fg_color (TcguiGraph *self,
              GdkRGBA    *fg)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
tcgui_graph_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  TcguiGraph *self = TCGUI_GRAPH (widget);
  cairo_t *cr;
  GdkRGBA fg;
  Frame f;

  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  if (width < 2 || height < 2)
    return;
  self->n_draws++;
  get_fg_color (self, &fg);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!get_frame (self, &f))
    {
      draw_empty (self, cr, width, height, &fg);
      cairo_destroy (cr);
      return;
    }

  self->drawn_generation = tcgui_rate_get_generation (self->rate);

  if (!self->compact)
    draw_axes (self, cr, &f, &fg);
  draw_series (self, cr, &f);
  if (!self->compact && self->hover_x >= 0)
    draw_hover (self, cr, &f, &fg);
  cairo_destroy (cr);
}

static void
tcgui_graph_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  TcguiGraph *self = TCGUI_GRAPH (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = self->compact ? 48 : 200;
      *natural = self->compact ? 96 : 480;
    }
  else
    {
      *minimum = self->compact ? COMPACT_HEIGHT : FULL_HEIGHT / 2;
      *natural = self->compact ? COMPACT_HEIGHT : FULL_HEIGHT;
    }
}

static void
motion_cb (TcguiGraph               *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  g_autofree char *readout = NULL;

  if (self->compact)
    return;
  self->hover_x = x;
  /* One readout on screen, the drawn one (a tooltip beside it showed
   * another time and value as points came in); screen readers get the
   * same text as the description. */
  readout = tcgui_graph_dup_readout (self, x);
  if (readout != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    readout, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (TcguiGraph               *self,
          GtkEventControllerMotion *controller)
{
  self->hover_x = -1;
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* A click cycles the time span: 1, 5, 15 minutes. */
static void
pressed_cb (TcguiGraph      *self,
            int              n_press,
            double           x,
            double           y,
            GtkGestureClick *gesture)
{
  if (self->compact)
    return;
  tcgui_graph_set_window (self, self->window_s == 60 ? 300 : self->window_s == 300 ? 900 : 60);
}

static void
tcgui_graph_map (GtkWidget *widget)
{
  TcguiGraph *self = TCGUI_GRAPH (widget);

  GTK_WIDGET_CLASS (tcgui_graph_parent_class)->map (widget);

  /* Data that came while hidden was not drawn: catch up once. */
  if (self->rate != NULL && tcgui_rate_get_generation (self->rate) != self->drawn_generation)
    gtk_widget_queue_draw (widget);
}

static void
tcgui_graph_dispose (GObject *object)
{
  TcguiGraph *self = (TcguiGraph *)object;

  g_clear_pointer (&self->rate, tcgui_rate_unref);

  G_OBJECT_CLASS (tcgui_graph_parent_class)->dispose (object);
}

static void
tcgui_graph_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TcguiGraph *self = TCGUI_GRAPH (object);

  switch (prop_id)
    {
    case PROP_COMPACT:
      g_value_set_boolean (value, self->compact);
      break;
    case PROP_WINDOW:
      g_value_set_uint (value, self->window_s);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tcgui_graph_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TcguiGraph *self = TCGUI_GRAPH (object);

  switch (prop_id)
    {
    case PROP_COMPACT:
      tcgui_graph_set_compact (self, g_value_get_boolean (value));
      break;
    case PROP_WINDOW:
      tcgui_graph_set_window (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tcgui_graph_class_init (TcguiGraphClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tcgui_graph_dispose;
  object_class->get_property = tcgui_graph_get_property;
  object_class->set_property = tcgui_graph_set_property;

  widget_class->snapshot = tcgui_graph_snapshot;
  widget_class->measure = tcgui_graph_measure;
  widget_class->map = tcgui_graph_map;

  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The time span shown, in seconds: 60, 300 or 900. */
  properties[PROP_WINDOW] =
    g_param_spec_uint ("window", NULL, NULL, 60, 900, 300,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "tcgui-graph");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
tcgui_graph_init (TcguiGraph *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  self->window_s = 300;
  self->hover_x = -1;
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

/* ---- public API ------------------------------------------------------------ */

GtkWidget *
tcgui_graph_new (TcguiRate *rate,
                 gboolean   compact)
{
  TcguiGraph *self = g_object_new (TCGUI_TYPE_GRAPH, "compact", compact, NULL);

  tcgui_graph_set_rate (self, rate);
  return GTK_WIDGET (self);
}

TcguiRate *
tcgui_graph_get_rate (TcguiGraph *self)
{
  g_return_val_if_fail (TCGUI_IS_GRAPH (self), NULL);

  return self->rate;
}

void
tcgui_graph_set_rate (TcguiGraph *self,
                      TcguiRate  *rate)
{
  g_return_if_fail (TCGUI_IS_GRAPH (self));

  if (rate == self->rate)
    return;
  if (rate != NULL)
    tcgui_rate_ref (rate);
  g_clear_pointer (&self->rate, tcgui_rate_unref);
  self->rate = rate;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
tcgui_graph_get_compact (TcguiGraph *self)
{
  g_return_val_if_fail (TCGUI_IS_GRAPH (self), FALSE);

  return self->compact;
}

void
tcgui_graph_set_compact (TcguiGraph *self,
                         gboolean    compact)
{
  g_return_if_fail (TCGUI_IS_GRAPH (self));

  compact = !!compact;
  if (compact == self->compact)
    return;
  self->compact = compact;
  if (compact)
    gtk_widget_add_css_class (GTK_WIDGET (self), "compact");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "compact");
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPACT]);
}

guint
tcgui_graph_get_window (TcguiGraph *self)
{
  g_return_val_if_fail (TCGUI_IS_GRAPH (self), 0);

  return self->window_s;
}

/**
 * tcgui_graph_set_window:
 * @seconds: the time span shown: 60, 300 or 900 (1, 5 or 15 minutes)
 */
void
tcgui_graph_set_window (TcguiGraph *self,
                        guint       seconds)
{
  g_return_if_fail (TCGUI_IS_GRAPH (self));
  g_return_if_fail (seconds >= 60 && seconds <= 900);

  if (seconds == self->window_s)
    return;
  self->window_s = seconds;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW]);
}

/**
 * tcgui_graph_data_changed:
 *
 * Tells the graph that its rate got new points. Only a graph on screen
 * redraws; a hidden one catches up when it is mapped again.
 */
void
tcgui_graph_data_changed (TcguiGraph *self)
{
  g_return_if_fail (TCGUI_IS_GRAPH (self));

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * tcgui_graph_get_n_draws:
 *
 * Returns: how many times the graph was drawn (for tests: hidden graphs
 *   must not be)
 */
guint
tcgui_graph_get_n_draws (TcguiGraph *self)
{
  g_return_val_if_fail (TCGUI_IS_GRAPH (self), 0);

  return self->n_draws;
}

/**
 * tcgui_graph_dup_readout:
 * @x: a position in the widget
 *
 * Returns: (transfer full) (nullable): the time and exact rates of the
 *   point under @x, e.g. "14:03:12  ↓ 9.87 Mbit/s  ↑ 120 kbit/s"
 */
char *
tcgui_graph_dup_readout (TcguiGraph *self,
                         double      x)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *rx = NULL;
  g_autofree char *tx = NULL;
  g_autofree char *clock = NULL;
  const TcguiRatePoint *p;
  gint64 t, wall;
  guint i;
  Frame f;

  if (!get_frame (self, &f) || x < 0 || x > f.width)
    return NULL;

  /* The point nearest to @x: each covers the interval that ends at it. */
  t = f.left_us + (gint64) (x / f.width * (f.right_us - f.left_us));
  i = tcgui_rate_find (self->rate, t);
  if (i >= tcgui_rate_get_n_points (self->rate))
    return NULL;
  p = tcgui_rate_get_point (self->rate, i);

  /* The helper stamps with CLOCK_MONOTONIC, the same clock as ours. */
  wall = g_get_real_time () - (g_get_monotonic_time () - p->time_us);
  when = g_date_time_new_from_unix_local (wall / G_USEC_PER_SEC);
  clock = g_date_time_format (when, "%X");
  if (isnan (p->rx_bps))
    return g_strdup_printf (_("%s  no data"), clock);

  rx = tcgui_rate_format_bps (p->rx_bps);
  tx = tcgui_rate_format_bps (p->tx_bps);
  return g_strdup_printf (_("%s  ↓ %s  ↑ %s"), clock, rx, tx);
}
