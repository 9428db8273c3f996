/* tcgui-shaping-editor.c - shape one interface: both directions, instantly
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Changes are applied as they are made: the first one goes to the helper
 * at once, so the kernel follows a slider while it is dragged. One call is
 * in flight per interface; what changes meanwhile is sent when it returns
 * (the latest state only, so the last value always wins and a fast drag
 * costs one call per round trip, not one per step). After a failure the
 * kernel's state is read back and shown, so the controls never claim what
 * the kernel does not do.
 */

#define G_LOG_DOMAIN "tcgui-shaping-editor"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "tcgui-copy-command.h"
#include "tcgui-error.h"
#include "tcgui-impairment-row.h"
#include "tcgui-presets.h"
#include "tcgui-shaping-client.h"
#include "tcgui-shaping-editor.h"
#include "tcgui-toast.h"

/* The counters of the status lines, while the editor is shown and idle. */
#define POLL_INTERVAL_SEC 2

typedef struct
{
  const char          *name;       /* "outgoing" or "incoming" */
  AdwPreferencesGroup *group;
  GtkWidget           *replace;
  TcguiImpairmentRow  *delay, *loss, *duplicate, *reorder, *corrupt, *rate, *limit;
  GtkAdjustment       *jitter, *delay_corr, *loss_corr, *ge_p, *ge_r, *ge_1h, *ge_1k;
  GtkAdjustment       *dup_corr, *reorder_corr, *reorder_gap, *corrupt_corr, *burst;
  AdwComboRow         *distribution;
  GtkSwitch           *gemodel;
  gboolean             dirty;
  gboolean             force;
  gboolean             foreign;
  char                *qdisc;
} Direction;

struct _TcguiShapingEditor
{
  GtkBox             parent_instance;

  TcguiHelperClient *client;
  char              *namespace_id;
  char              *ifname;
  GCancellable      *cancellable;
  Direction          dirs[2];
  gboolean           netem_available;
  gboolean           updating;       /* writing the controls: not a change */
  gboolean           in_flight;
  gboolean           clear_wanted;
  gboolean           reread_wanted;
  gboolean           reread_sync;    /* the read-back replaces the controls */
  gboolean           vanished;
  guint              poll_id;        /* only while mapped */
  gboolean           polling;        /* a read for the counters only */
  guint              n_rounds;       /* start_call()s, to spot stale polls */
  guint              poll_round;     /* n_rounds when the poll started */
  gint64             last_change_us;
  double             last_latency_ms;
  const char        *outcome;        /* what ::settled reports next */

  GtkLabel          *title_label;
  GtkSpinner        *spinner;
  GtkMenuButton     *presets_button;
  GtkWidget         *clear_button;
  GtkLabel          *status_label;
  AdwPreferencesGroup *outgoing_group;
  AdwPreferencesGroup *incoming_group;
  GtkWidget         *outgoing_replace;
  GtkWidget         *incoming_replace;
};

G_DEFINE_FINAL_TYPE (TcguiShapingEditor, tcgui_shaping_editor, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_VANISHED,
  N_PROPS
};

enum {
  SETTLED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void flush (TcguiShapingEditor *self);

static Direction *
find_direction (TcguiShapingEditor *self,
                const char         *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->dirs); i++)
    if (g_strcmp0 (self->dirs[i].name, name) == 0)
      return &self->dirs[i];
  return NULL;
}

/* Controls → parameters ------------------------------------------------ */

static double
field (GtkAdjustment *adjustment)
{
  return gtk_adjustment_get_value (adjustment);
}

static void
read_delay (Direction   *dir,
            TcguiParams *p)
{
  p->delay_us = (guint32) round (tcgui_impairment_row_get_value (dir->delay) * 1000);
  if (p->delay_us == 0)
    return;
  p->jitter_us = (guint32) round (field (dir->jitter) * 1000);
  p->delay_correlation = field (dir->delay_corr);
  /* A distribution shapes the jitter: without jitter there is none. */
  if (p->jitter_us != 0)
    p->distribution = adw_combo_row_get_selected (dir->distribution);
}

static void
read_loss (Direction   *dir,
           TcguiParams *p)
{
  if (!tcgui_impairment_row_get_enabled (dir->loss))
    return;
  if (gtk_switch_get_active (dir->gemodel))
    {
      p->loss_model = TCGUI_LOSS_GEMODEL;
      p->gemodel_p = field (dir->ge_p);
      p->gemodel_r = field (dir->ge_r);
      p->gemodel_1_h = field (dir->ge_1h);
      p->gemodel_1_k = field (dir->ge_1k);
      return;
    }
  p->loss = tcgui_impairment_row_get_value (dir->loss);
  p->loss_correlation = p->loss != 0 ? field (dir->loss_corr) : 0;
}

static void
read_params (Direction   *dir,
             TcguiParams *p)
{
  tcgui_params_init (p);
  read_delay (dir, p);
  read_loss (dir, p);
  p->duplicate = tcgui_impairment_row_get_value (dir->duplicate);
  p->duplicate_correlation = p->duplicate != 0 ? field (dir->dup_corr) : 0;
  p->reorder = tcgui_impairment_row_get_value (dir->reorder);
  p->reorder_correlation = p->reorder != 0 ? field (dir->reorder_corr) : 0;
  p->reorder_gap = p->reorder != 0 ? (guint32) field (dir->reorder_gap) : 0;
  p->corrupt = tcgui_impairment_row_get_value (dir->corrupt);
  p->corrupt_correlation = p->corrupt != 0 ? field (dir->corrupt_corr) : 0;
  p->rate_bps = (guint64) round (tcgui_impairment_row_get_value (dir->rate) * 1000);
  p->burst_bytes = p->rate_bps != 0 ? (guint32) field (dir->burst) : 0;
  p->limit_packets = (guint32) tcgui_impairment_row_get_value (dir->limit);
}

/* Parameters → controls ------------------------------------------------ */

static void
write_loss (Direction         *dir,
            const TcguiParams *p)
{
  gboolean ge = p->loss_model == TCGUI_LOSS_GEMODEL;

  gtk_switch_set_active (dir->gemodel, ge);
  if (!ge)
    {
      tcgui_impairment_row_set_value (dir->loss, p->loss);
      gtk_adjustment_set_value (dir->loss_corr, p->loss_correlation);
      return;
    }
  tcgui_impairment_row_set_enabled (dir->loss, TRUE);
  gtk_adjustment_set_value (dir->ge_p, p->gemodel_p);
  gtk_adjustment_set_value (dir->ge_r, p->gemodel_r);
  gtk_adjustment_set_value (dir->ge_1h, p->gemodel_1_h);
  gtk_adjustment_set_value (dir->ge_1k, p->gemodel_1_k);
}

static void
write_params (TcguiShapingEditor *self,
              Direction          *dir,
              const TcguiParams  *p)
{
  self->updating = TRUE;
  tcgui_impairment_row_set_value (dir->delay, p->delay_us / 1000.0);
  gtk_adjustment_set_value (dir->jitter, p->jitter_us / 1000.0);
  gtk_adjustment_set_value (dir->delay_corr, p->delay_correlation);
  adw_combo_row_set_selected (dir->distribution, p->distribution);
  write_loss (dir, p);
  tcgui_impairment_row_set_value (dir->duplicate, p->duplicate);
  gtk_adjustment_set_value (dir->dup_corr, p->duplicate_correlation);
  tcgui_impairment_row_set_value (dir->reorder, p->reorder);
  gtk_adjustment_set_value (dir->reorder_corr, p->reorder_correlation);
  gtk_adjustment_set_value (dir->reorder_gap, p->reorder_gap);
  tcgui_impairment_row_set_value (dir->corrupt, p->corrupt);
  gtk_adjustment_set_value (dir->corrupt_corr, p->corrupt_correlation);
  tcgui_impairment_row_set_value (dir->rate, p->rate_bps / 1000.0);
  gtk_adjustment_set_value (dir->burst, p->burst_bytes);
  tcgui_impairment_row_set_value (dir->limit, p->limit_packets);
  self->updating = FALSE;
}

/* Feedback --------------------------------------------------------------- */

static void
update_busy (TcguiShapingEditor *self)
{
  gboolean busy = tcgui_shaping_editor_get_busy (self);

  if (busy == gtk_widget_get_visible (GTK_WIDGET (self->spinner)))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Toasts go to the window's overlay: the editor does not own one. */
static void
toast (TcguiShapingEditor *self,
       const char         *message)
{
  g_autofree char *text = g_strdup_printf ("%s: %s", self->ifname, message);

  tcgui_toast_show (GTK_WIDGET (self), text, 8);
}

static void
set_status (TcguiShapingEditor *self,
            const char         *text)
{
  gtk_label_set_label (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
}

static void
set_vanished (TcguiShapingEditor *self,
              const char         *message)
{
  g_autofree char *text = NULL;

  /* Translators: %s is the helper's explanation */
  text = g_strdup_printf (_("This interface or its namespace is gone (%s). Refresh to see "
                            "what exists now."), message);
  self->vanished = TRUE;
  self->outcome = "vanished";
  set_status (self, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->outgoing_group), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->incoming_group), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->presets_button), FALSE);
  gtk_widget_set_sensitive (self->clear_button, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VANISHED]);
}

static void
maybe_settle (TcguiShapingEditor *self)
{
  update_busy (self);
  if (tcgui_shaping_editor_get_busy (self) || self->outcome == NULL)
    return;
  g_signal_emit (self, signals[SETTLED], 0, self->outcome);
  self->outcome = NULL;
}

static void
handle_error (TcguiShapingEditor *self,
              const GError       *error)
{
  toast (self, error->message);
  for (guint i = 0; i < G_N_ELEMENTS (self->dirs); i++)
    self->dirs[i].dirty = self->dirs[i].force = FALSE;
  self->clear_wanted = FALSE;

  if (g_error_matches (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_NAMESPACE) ||
      g_error_matches (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_INTERFACE))
    {
      set_vanished (self, error->message);
      return;
    }
  /* Back to the truth: the kernel's state replaces the controls. */
  self->outcome = "failed";
  self->reread_wanted = self->reread_sync = TRUE;
}

/* The kernel's state -------------------------------------------------- */

static guint64
stat_value (GVariant   *stats,
            const char *key)
{
  guint64 v = 0;

  if (stats != NULL)
    g_variant_lookup (stats, key, "t", &v);
  return v;
}

static const char *
owner_text (const char *owner)
{
  if (g_strcmp0 (owner, "tcgui") == 0)
    return _("set by TC GUI");
  if (g_strcmp0 (owner, "tc") == 0)
    return _("set by another program");
  if (g_strcmp0 (owner, "foreign") == 0)
    return _("not one TC GUI can show");
  return _("the kernel’s default");
}

/* "Kernel: tbf, set by TC GUI · sent 1.2 MB (900 packets) · …" */
static char *
describe_direction (GVariant   *state,
                    const char *name)
{
  g_autofree char *key = NULL, *qdisc = NULL, *owner = NULL, *sent = NULL, *backlog = NULL;
  g_autoptr(GVariant) stats = NULL;

  key = g_strconcat (name, "-qdisc", NULL);
  g_variant_lookup (state, key, "s", &qdisc);
  g_free (key), key = g_strconcat (name, "-owner", NULL);
  g_variant_lookup (state, key, "s", &owner);
  g_free (key), key = g_strconcat (name, "-stats", NULL);
  stats = g_variant_lookup_value (state, key, G_VARIANT_TYPE_VARDICT);
  sent = g_format_size (stat_value (stats, "sent-bytes"));
  backlog = g_format_size (stat_value (stats, "backlog-bytes"));

  /* Translators: the kernel's queueing discipline and its counters */
  return g_strdup_printf (_("Kernel now: %s, %s · sent %s (%" G_GUINT64_FORMAT " packets) · "
                            "dropped %" G_GUINT64_FORMAT " · overlimits %" G_GUINT64_FORMAT
                            " · backlog %s"),
                          qdisc != NULL && qdisc[0] != '\0' ? qdisc : _("none"),
                          owner_text (owner), sent, stat_value (stats, "sent-packets"),
                          stat_value (stats, "drops"), stat_value (stats, "overlimits"), backlog);
}

static void
set_foreign (TcguiShapingEditor *self,
             Direction          *dir,
             gboolean            foreign)
{
  /* A tree TC GUI cannot show is not edited by accident: "Replace…" first. */
  dir->foreign = foreign;
  gtk_widget_set_visible (dir->replace, foreign);
  gtk_widget_set_sensitive (GTK_WIDGET (dir->delay), !foreign && self->netem_available);
  gtk_widget_set_sensitive (GTK_WIDGET (dir->loss), !foreign && self->netem_available);
  gtk_widget_set_sensitive (GTK_WIDGET (dir->duplicate), !foreign && self->netem_available);
  gtk_widget_set_sensitive (GTK_WIDGET (dir->reorder), !foreign && self->netem_available);
  gtk_widget_set_sensitive (GTK_WIDGET (dir->corrupt), !foreign && self->netem_available);
  gtk_widget_set_sensitive (GTK_WIDGET (dir->rate), !foreign);
  gtk_widget_set_sensitive (GTK_WIDGET (dir->limit), !foreign);
}

static void
show_direction (TcguiShapingEditor *self,
                Direction          *dir,
                GVariant           *state)
{
  g_autofree char *description = describe_direction (state, dir->name);
  g_autofree char *owner_key = g_strconcat (dir->name, "-owner", NULL);
  g_autofree char *qdisc_key = g_strconcat (dir->name, "-qdisc", NULL);
  g_autofree char *owner = NULL;
  g_autoptr(GVariant) dict = NULL;
  g_autoptr(GError) error = NULL;
  TcguiParams params;

  adw_preferences_group_set_description (dir->group, description);
  g_variant_lookup (state, owner_key, "s", &owner);
  g_clear_pointer (&dir->qdisc, g_free);
  g_variant_lookup (state, qdisc_key, "s", &dir->qdisc);
  /* Unless the user agreed to replace it: then the next change does. */
  set_foreign (self, dir, g_strcmp0 (owner, "foreign") == 0 && !dir->force);

  if (!self->reread_sync || dir->dirty)
    return;
  dict = g_variant_lookup_value (state, dir->name, G_VARIANT_TYPE_VARDICT);
  if (dict != NULL && !tcgui_params_from_variant (dict, &params, &error))
    g_warning ("Cannot show the %s state: %s", dir->name, error->message);
  else
    {
      if (dict == NULL)
        tcgui_params_init (&params);
      write_params (self, dir, &params);
    }
}

/* Calls ------------------------------------------------------------------ */

static void
call_done (TcguiShapingEditor *self,
           const GError       *error)
{
  self->in_flight = FALSE;
  if (error != NULL)
    handle_error (self, error);
  flush (self);
}

static void
get_shaping_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TcguiShapingEditor) self = user_data;
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GError) error = NULL;

  state = tcgui_shaping_client_get_shaping_finish (TCGUI_HELPER_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (state != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (self->dirs); i++)
        show_direction (self, &self->dirs[i], state);
      if (self->outcome == NULL)
        self->outcome = "loaded";
    }
  self->reread_sync = FALSE;
  if (error != NULL)
    {
      handle_error (self, error);
      /* A failed read-back is not retried: that could loop. */
      self->reread_wanted = self->reread_sync = FALSE;
    }
  call_done (self, NULL);
}

static void
set_shaping_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TcguiShapingEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tcgui_shaping_client_set_shaping_finish (TCGUI_HELPER_CLIENT (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error == NULL)
    {
      self->last_latency_ms = (g_get_monotonic_time () - self->last_change_us) / 1000.0;
      g_debug ("applied %.1f ms after the last change", self->last_latency_ms);
      if (self->outcome == NULL)
        self->outcome = "applied";
      /* The foreign tree is gone now: later calls need no FORCE. */
      for (guint i = 0; i < G_N_ELEMENTS (self->dirs); i++)
        self->dirs[i].force = FALSE;
      self->reread_wanted = TRUE;   /* for the counters and the owner */
    }
  call_done (self, error);
}

static void
clear_shaping_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TcguiShapingEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tcgui_shaping_client_clear_shaping_finish (TCGUI_HELPER_CLIENT (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error == NULL && self->outcome == NULL)
    self->outcome = "cleared";
  self->reread_wanted = self->reread_sync = TRUE;
  call_done (self, error);
}

static gboolean
send_direction (TcguiShapingEditor *self,
                Direction          *dir)
{
  g_autoptr(GError) error = NULL;
  TcguiParams params;

  dir->dirty = FALSE;
  read_params (dir, &params);
  /* Explained here, before anything reaches the helper. */
  if (!tcgui_params_validate (&params, &error))
    {
      handle_error (self, error);
      return FALSE;
    }
  self->in_flight = TRUE;
  tcgui_shaping_client_set_shaping_async (self->client, self->namespace_id, self->ifname,
                                          dir->name, &params,
                                          dir->force ? TCGUI_SHAPING_FLAGS_FORCE
                                                     : TCGUI_SHAPING_FLAGS_NONE,
                                          self->cancellable, set_shaping_cb,
                                          g_object_ref (self));
  return TRUE;
}

static void
start_call (TcguiShapingEditor *self)
{
  self->n_rounds++;
  if (self->clear_wanted)
    {
      self->clear_wanted = FALSE;
      self->in_flight = TRUE;
      tcgui_shaping_client_clear_shaping_async (self->client, self->namespace_id, self->ifname,
                                                "both", self->cancellable, clear_shaping_cb,
                                                g_object_ref (self));
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (self->dirs); i++)
    if (self->dirs[i].dirty && send_direction (self, &self->dirs[i]))
      return;
  if (self->reread_wanted)
    {
      self->reread_wanted = FALSE;
      self->in_flight = TRUE;
      tcgui_shaping_client_get_shaping_async (self->client, self->namespace_id, self->ifname,
                                              self->cancellable, get_shaping_cb,
                                              g_object_ref (self));
    }
}

/* Counters ------------------------------------------------------------------ */

static void
poll_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TcguiShapingEditor) self = user_data;
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GError) error = NULL;

  state = tcgui_shaping_client_get_shaping_finish (TCGUI_HELPER_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->polling = FALSE;
  /* A change (or a read) started meanwhile: its read-back is newer. */
  if (tcgui_shaping_editor_get_busy (self) || self->vanished ||
      self->poll_round != self->n_rounds)
    return;
  if (g_error_matches (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_NAMESPACE) ||
      g_error_matches (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_INTERFACE))
    {
      set_vanished (self, error->message);
      maybe_settle (self);
      return;
    }
  if (state == NULL)
    {
      g_debug ("Cannot read the counters of %s: %s", self->ifname, error->message);
      return;
    }
  /* Only the headings' labels: reread_sync is FALSE, the controls stay.
   * A direction the user agreed to replace keeps saying what comes next. */
  for (guint i = 0; i < G_N_ELEMENTS (self->dirs); i++)
    if (!self->dirs[i].force)
      show_direction (self, &self->dirs[i], state);
}

static gboolean
poll_timeout_cb (gpointer user_data)
{
  TcguiShapingEditor *self = user_data;

  /* Not while a change is waiting or in flight: it reads back anyway. */
  if (self->polling || self->vanished || tcgui_shaping_editor_get_busy (self))
    return G_SOURCE_CONTINUE;
  self->polling = TRUE;
  self->poll_round = self->n_rounds;
  tcgui_shaping_client_get_shaping_async (self->client, self->namespace_id, self->ifname,
                                          self->cancellable, poll_cb, g_object_ref (self));
  return G_SOURCE_CONTINUE;
}

/* No timers for editors nobody sees (a hidden stack page is unmapped). */
static void
tcgui_shaping_editor_map (GtkWidget *widget)
{
  TcguiShapingEditor *self = TCGUI_SHAPING_EDITOR (widget);

  GTK_WIDGET_CLASS (tcgui_shaping_editor_parent_class)->map (widget);
  if (self->poll_id == 0)
    self->poll_id = g_timeout_add_seconds (POLL_INTERVAL_SEC, poll_timeout_cb, self);
}

static void
tcgui_shaping_editor_unmap (GtkWidget *widget)
{
  TcguiShapingEditor *self = TCGUI_SHAPING_EDITOR (widget);

  g_clear_handle_id (&self->poll_id, g_source_remove);
  GTK_WIDGET_CLASS (tcgui_shaping_editor_parent_class)->unmap (widget);
}

/* Starts the next call unless one is in flight: its reply starts it. */
static void
flush (TcguiShapingEditor *self)
{
  if (!self->in_flight && !self->vanished)
    start_call (self);
  maybe_settle (self);
}

/* No waiting for a drag to stop: with no call in flight the change goes
 * out now; otherwise it rides on the next call, which reads the controls
 * when it starts and so carries whatever they say by then. */
static void
schedule_apply (TcguiShapingEditor *self,
                Direction          *dir)
{
  dir->dirty = TRUE;
  self->last_change_us = g_get_monotonic_time ();
  flush (self);
}

static void
changed_cb (GObject  *object,
            gpointer  user_data)
{
  TcguiShapingEditor *self = TCGUI_SHAPING_EDITOR (user_data);
  Direction *dir = g_object_get_data (object, "tcgui-direction");

  if (self->updating || dir == NULL)
    return;
  schedule_apply (self, dir);
}

static void
notify_changed_cb (GObject    *object,
                   GParamSpec *pspec,
                   gpointer    user_data)
{
  changed_cb (object, user_data);
}

/* Building the rows -------------------------------------------------------- */

static void
watch_changes (TcguiShapingEditor *self,
               Direction          *dir,
               gpointer            object,
               const char         *signal)
{
  g_object_set_data (G_OBJECT (object), "tcgui-direction", dir);
  if (g_str_has_prefix (signal, "notify::"))
    g_signal_connect_object (object, signal, G_CALLBACK (notify_changed_cb), self, 0);
  else
    g_signal_connect_object (object, signal, G_CALLBACK (changed_cb), self, 0);
}

static TcguiImpairmentRow *
add_impairment (TcguiShapingEditor *self,
                Direction          *dir,
                const char         *title,
                const char         *unit,
                double              max,
                double              step,
                guint               digits,
                double              initial)
{
  GtkWidget *row = tcgui_impairment_row_new (title, unit, max, step, digits, initial);

  watch_changes (self, dir, row, "changed");
  adw_preferences_group_add (dir->group, row);
  return TCGUI_IMPAIRMENT_ROW (row);
}

static void
add_distribution (TcguiShapingEditor *self,
                  Direction          *dir)
{
  const char *names[] = { N_("None"), N_("Uniform"), N_("Normal"), N_("Pareto"),
                          N_("Pareto-normal"), NULL };
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();

  /* In the order of TcguiDistribution: the index is the value. */
  for (guint i = 0; names[i] != NULL; i++)
    gtk_string_list_append (model, _(names[i]));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Jitter distribution"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (dir->delay), row);
  dir->distribution = ADW_COMBO_ROW (row);
  watch_changes (self, dir, row, "notify::selected");
}

static void
add_gemodel (TcguiShapingEditor *self,
             Direction          *dir)
{
  TcguiImpairmentRow *loss = dir->loss;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *sw = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Burst losses (Gilbert-Elliott)"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Instead of random loss: a good and a bad state"));
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (sw), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Burst losses (Gilbert-Elliott)"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (loss), row);
  dir->gemodel = GTK_SWITCH (sw);
  watch_changes (self, dir, sw, "notify::active");

  dir->ge_p = tcgui_impairment_row_add_field (loss, _("Good to bad (p)"), "%", 100, 0.1, 2);
  dir->ge_r = tcgui_impairment_row_add_field (loss, _("Bad to good (r)"), "%", 100, 0.1, 2);
  dir->ge_1h = tcgui_impairment_row_add_field (loss, _("Loss when bad (1-h)"), "%", 100, 0.1, 2);
  dir->ge_1k = tcgui_impairment_row_add_field (loss, _("Loss when good (1-k)"), "%", 100, 0.1, 2);
}

static void
rate_changed_cb (GtkAdjustment      *adjustment,
                 TcguiImpairmentRow *row)
{
  g_autofree char *text = NULL;
  double kbps = gtk_adjustment_get_value (adjustment);

  /* The spin button counts kbit/s; big numbers read better in Mbit/s. */
  if (kbps >= 1000)
    text = g_strdup_printf (_("%.3g Mbit/s, as a token bucket (tbf)"), kbps / 1000);
  else
    text = g_strdup_printf (_("%.0f kbit/s, as a token bucket (tbf)"), kbps);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), text);
}

static void
add_rate_rows (TcguiShapingEditor *self,
               Direction          *dir)
{
  GtkAdjustment *adjustment;

  dir->rate = add_impairment (self, dir, _("Rate limit"), "kbit/s", 10000000, 1, 0, 10000);
  tcgui_impairment_row_set_logarithmic (dir->rate, 1);
  adjustment = tcgui_impairment_row_get_adjustment (dir->rate);
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (rate_changed_cb),
                           dir->rate, 0);
  rate_changed_cb (adjustment, dir->rate);
  dir->burst = tcgui_impairment_row_add_field (dir->rate, _("Burst (0: automatic)"), _("bytes"),
                                               100000000, 1000, 0);
  dir->limit = add_impairment (self, dir, _("Queue limit"), _("packets"), 1000000, 1, 0, 1000);
  tcgui_impairment_row_set_logarithmic (dir->limit, 1);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (dir->limit),
                                 _("Packets that may wait; more are dropped"));
}

static void
build_direction (TcguiShapingEditor  *self,
                 Direction           *dir,
                 const char          *name,
                 AdwPreferencesGroup *group,
                 GtkWidget           *replace)
{
  dir->name = name;
  dir->group = group;
  dir->replace = replace;
  dir->delay = add_impairment (self, dir, _("Delay"), "ms", 5000, 1, 1, 100);
  /* The kernel's jitter ends at 2.147 s (TCGUI_PARAMS_MAX_JITTER_US). */
  dir->jitter = tcgui_impairment_row_add_field (dir->delay, _("Jitter"), "ms",
                                                TCGUI_PARAMS_MAX_JITTER_US / 1000, 1, 1);
  dir->delay_corr = tcgui_impairment_row_add_field (dir->delay, _("Correlation"), "%", 100, 1, 1);
  add_distribution (self, dir);
  dir->loss = add_impairment (self, dir, _("Loss"), "%", 100, 0.1, 2, 1);
  dir->loss_corr = tcgui_impairment_row_add_field (dir->loss, _("Correlation"), "%", 100, 1, 1);
  add_gemodel (self, dir);
  dir->duplicate = add_impairment (self, dir, _("Duplication"), "%", 100, 0.1, 2, 1);
  dir->dup_corr = tcgui_impairment_row_add_field (dir->duplicate, _("Correlation"), "%", 100, 1, 1);
  dir->reorder = add_impairment (self, dir, _("Reordering"), "%", 100, 0.1, 2, 10);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (dir->reorder), _("Needs a delay"));
  dir->reorder_corr = tcgui_impairment_row_add_field (dir->reorder, _("Correlation"), "%", 100, 1, 1);
  dir->reorder_gap = tcgui_impairment_row_add_field (dir->reorder, _("Gap"), _("packets"), 1000, 1, 0);
  dir->corrupt = add_impairment (self, dir, _("Corruption"), "%", 100, 0.1, 2, 1);
  dir->corrupt_corr = tcgui_impairment_row_add_field (dir->corrupt, _("Correlation"), "%", 100, 1, 1);
  add_rate_rows (self, dir);
}

/* Actions ------------------------------------------------------------------ */

static void
apply_now (TcguiShapingEditor *self)
{
  self->last_change_us = g_get_monotonic_time ();
  flush (self);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  TcguiShapingEditor *self = TCGUI_SHAPING_EDITOR (widget);

  /* What was about to be sent is moot: the interface goes back to default. */
  for (guint i = 0; i < G_N_ELEMENTS (self->dirs); i++)
    self->dirs[i].dirty = FALSE;
  self->clear_wanted = TRUE;
  apply_now (self);
}

static void
preset_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TcguiShapingEditor *self = TCGUI_SHAPING_EDITOR (widget);
  const TcguiPreset *preset = tcgui_presets_find (g_variant_get_string (parameter, NULL));
  TcguiParams outgoing, incoming;

  g_return_if_fail (preset != NULL);

  tcgui_preset_to_params (preset, &outgoing, &incoming);
  write_params (self, &self->dirs[0], &outgoing);
  write_params (self, &self->dirs[1], &incoming);
  self->dirs[0].dirty = self->dirs[1].dirty = TRUE;
  apply_now (self);
}

static void
presets_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TcguiShapingEditor *self = TCGUI_SHAPING_EDITOR (widget);

  if (gtk_widget_is_sensitive (GTK_WIDGET (self->presets_button)))
    gtk_menu_button_popup (self->presets_button);
}

/* "ctl": the tcguictl line; "tc": the tc lines (tcgui-copy-command.c). */
static void
copy_command_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TcguiShapingEditor *self = TCGUI_SHAPING_EDITOR (widget);

  tcgui_copy_command_copy (widget, self->client, self->namespace_id, self->ifname,
                           g_str_equal (g_variant_get_string (parameter, NULL), "tc"));
}

static void
replace_response_cb (AdwMessageDialog   *dialog,
                     const char         *response,
                     TcguiShapingEditor *self)
{
  Direction *dir = g_object_get_data (G_OBJECT (dialog), "tcgui-direction");
  g_autofree char *text = NULL;
  TcguiParams params;

  if (g_strcmp0 (response, "replace") != 0 || dir == NULL)
    return;
  /* The next call of this direction carries FORCE: the user agreed to it.
   * Nothing set yet means nothing to send: the controls open for it. */
  dir->force = TRUE;
  set_foreign (self, dir, FALSE);
  read_params (dir, &params);
  if (!tcgui_params_is_empty (&params))
    {
      dir->dirty = TRUE;
      apply_now (self);
      return;
    }
  /* Translators: %s is a qdisc kind such as "htb" */
  text = g_strdup_printf (_("The first value you set replaces the “%s” qdisc."),
                          dir->qdisc != NULL ? dir->qdisc : "?");
  adw_preferences_group_set_description (dir->group, text);
}

static void
replace_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TcguiShapingEditor *self = TCGUI_SHAPING_EDITOR (widget);
  Direction *dir = find_direction (self, g_variant_get_string (parameter, NULL));
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  g_return_if_fail (dir != NULL);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Replace the Queueing Discipline?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  /* Translators: qdisc kind, direction, interface */
                                  _("A “%s” qdisc that TC GUI cannot show shapes the %s "
                                    "traffic of %s. Replacing it deletes its settings: "
                                    "TC GUI’s shaping takes its place."),
                                  dir->qdisc != NULL ? dir->qdisc : "?",
                                  g_strcmp0 (dir->name, "outgoing") == 0 ? _("outgoing")
                                                                         : _("incoming"),
                                  self->ifname);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "replace", _("_Replace"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replace",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "tcgui-direction", dir);
  g_signal_connect_object (dialog, "response", G_CALLBACK (replace_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject ------------------------------------------------------------------ */

static void
tcgui_shaping_editor_dispose (GObject *object)
{
  TcguiShapingEditor *self = (TcguiShapingEditor *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), TCGUI_TYPE_SHAPING_EDITOR);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (tcgui_shaping_editor_parent_class)->dispose (object);
}

static void
tcgui_shaping_editor_finalize (GObject *object)
{
  TcguiShapingEditor *self = (TcguiShapingEditor *)object;

  g_free (self->namespace_id);
  g_free (self->ifname);
  for (guint i = 0; i < G_N_ELEMENTS (self->dirs); i++)
    g_free (self->dirs[i].qdisc);

  G_OBJECT_CLASS (tcgui_shaping_editor_parent_class)->finalize (object);
}

static void
tcgui_shaping_editor_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TcguiShapingEditor *self = TCGUI_SHAPING_EDITOR (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, tcgui_shaping_editor_get_busy (self));
      break;
    case PROP_VANISHED:
      g_value_set_boolean (value, self->vanished);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "shaping.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "shaping.preset", "s", preset_action);
  gtk_widget_class_install_action (widget_class, "shaping.presets", NULL, presets_action);
  gtk_widget_class_install_action (widget_class, "shaping.replace", "s", replace_action);
  gtk_widget_class_install_action (widget_class, "shaping.copy-command", "s", copy_command_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "shaping.presets", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "shaping.clear", NULL);
}

static void
tcgui_shaping_editor_class_init (TcguiShapingEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tcgui_shaping_editor_dispose;
  object_class->finalize = tcgui_shaping_editor_finalize;
  object_class->get_property = tcgui_shaping_editor_get_property;
  widget_class->map = tcgui_shaping_editor_map;
  widget_class->unmap = tcgui_shaping_editor_unmap;

  /* A change is waiting or being applied. */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The interface or its namespace is gone. */
  properties[PROP_VANISHED] =
    g_param_spec_boolean ("vanished", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Nothing is waiting any more: "loaded", "applied", "cleared", "failed"
   * or "vanished" says how the last round ended. */
  signals[SETTLED] =
    g_signal_new ("settled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tcgui/TcGui/tcgui-shaping-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, TcguiShapingEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, TcguiShapingEditor, spinner);
  gtk_widget_class_bind_template_child (widget_class, TcguiShapingEditor, presets_button);
  gtk_widget_class_bind_template_child (widget_class, TcguiShapingEditor, clear_button);
  gtk_widget_class_bind_template_child (widget_class, TcguiShapingEditor, status_label);
  gtk_widget_class_bind_template_child (widget_class, TcguiShapingEditor, outgoing_group);
  gtk_widget_class_bind_template_child (widget_class, TcguiShapingEditor, incoming_group);
  gtk_widget_class_bind_template_child (widget_class, TcguiShapingEditor, outgoing_replace);
  gtk_widget_class_bind_template_child (widget_class, TcguiShapingEditor, incoming_replace);
  install_actions (widget_class);
}

static void
tcgui_shaping_editor_init (TcguiShapingEditor *self)
{
  g_autoptr(GMenuModel) menu = tcgui_presets_build_menu ("shaping.preset");
  g_autoptr(GMenu) copy = g_menu_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_menu_append (copy, _("Copy as _Command"), "shaping.copy-command::ctl");
  g_menu_append (copy, _("Copy as _tc Commands"), "shaping.copy-command::tc");
  g_menu_append_section (G_MENU (menu), NULL, G_MENU_MODEL (copy));
  self->cancellable = g_cancellable_new ();
  self->netem_available = TRUE;
  gtk_menu_button_set_menu_model (self->presets_button, menu);
  build_direction (self, &self->dirs[0], "outgoing", self->outgoing_group,
                   self->outgoing_replace);
  build_direction (self, &self->dirs[1], "incoming", self->incoming_group,
                   self->incoming_replace);
}

/* Public API ------------------------------------------------------------------ */

/**
 * tcgui_shaping_editor_new:
 *
 * Returns: (transfer floating): an editor that reads @ifname's shaping at once
 */
GtkWidget *
tcgui_shaping_editor_new (TcguiHelperClient *client,
                          const char        *namespace_id,
                          const char        *ifname)
{
  TcguiShapingEditor *self;

  g_return_val_if_fail (TCGUI_IS_HELPER_CLIENT (client), NULL);

  self = g_object_new (TCGUI_TYPE_SHAPING_EDITOR, NULL);
  self->client = g_object_ref (client);
  self->namespace_id = g_strdup (namespace_id);
  self->ifname = g_strdup (ifname);
  gtk_label_set_label (self->title_label, ifname);
  tcgui_shaping_editor_reload (self);
  return GTK_WIDGET (self);
}

/* Reads the kernel's state again and shows it in the controls. */
void
tcgui_shaping_editor_reload (TcguiShapingEditor *self)
{
  g_return_if_fail (TCGUI_IS_SHAPING_EDITOR (self));

  self->reread_wanted = self->reread_sync = TRUE;
  flush (self);
}

/* Without sch_netem only the token bucket works: say so on the rest. */
void
tcgui_shaping_editor_set_netem_available (TcguiShapingEditor *self,
                                          gboolean            available)
{
  const char *why = available ? NULL : _("Needs the kernel module sch_netem, which this "
                                         "kernel lacks");

  g_return_if_fail (TCGUI_IS_SHAPING_EDITOR (self));

  self->netem_available = available;
  for (guint i = 0; i < G_N_ELEMENTS (self->dirs); i++)
    {
      Direction *dir = &self->dirs[i];

      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (dir->delay), why);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (dir->loss), why);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (dir->duplicate), why);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (dir->reorder),
                                     available ? _("Needs a delay") : why);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (dir->corrupt), why);
      set_foreign (self, dir, dir->foreign);
    }
}

const char *
tcgui_shaping_editor_get_ifname (TcguiShapingEditor *self)
{
  g_return_val_if_fail (TCGUI_IS_SHAPING_EDITOR (self), NULL);
  return self->ifname;
}

gboolean
tcgui_shaping_editor_get_busy (TcguiShapingEditor *self)
{
  g_return_val_if_fail (TCGUI_IS_SHAPING_EDITOR (self), FALSE);

  if (self->vanished)
    return self->in_flight;
  return self->in_flight || self->clear_wanted ||
         self->reread_wanted || self->dirs[0].dirty || self->dirs[1].dirty;
}

gboolean
tcgui_shaping_editor_get_vanished (TcguiShapingEditor *self)
{
  g_return_val_if_fail (TCGUI_IS_SHAPING_EDITOR (self), FALSE);
  return self->vanished;
}

/* From the last change to the helper's reply, for the last applied change. */
double
tcgui_shaping_editor_get_last_latency_ms (TcguiShapingEditor *self)
{
  g_return_val_if_fail (TCGUI_IS_SHAPING_EDITOR (self), 0);
  return self->last_latency_ms;
}

/* What the controls of @direction say now. */
void
tcgui_shaping_editor_get_params (TcguiShapingEditor *self,
                                 const char         *direction,
                                 TcguiParams        *params)
{
  Direction *dir;

  g_return_if_fail (TCGUI_IS_SHAPING_EDITOR (self));
  dir = find_direction (self, direction);
  g_return_if_fail (dir != NULL);
  read_params (dir, params);
}

/**
 * tcgui_shaping_editor_show_params:
 *
 * Shows @params in the controls of @direction without applying them.
 */
void
tcgui_shaping_editor_show_params (TcguiShapingEditor *self,
                                  const char         *direction,
                                  const TcguiParams  *params)
{
  Direction *dir;

  g_return_if_fail (TCGUI_IS_SHAPING_EDITOR (self));
  dir = find_direction (self, direction);
  g_return_if_fail (dir != NULL);
  write_params (self, dir, params);
}

/**
 * tcgui_shaping_editor_set_control:
 * @control: "delay", "loss", "duplicate", "reorder", "corrupt", "rate" or "limit"
 *
 * Switches the impairment on and types @value into its spin button, as a
 * user would (tests use this): the change is applied like any other.
 *
 * Returns: whether such a control exists
 */
gboolean
tcgui_shaping_editor_set_control (TcguiShapingEditor *self,
                                  const char         *direction,
                                  const char         *control,
                                  double              value)
{
  Direction *dir = find_direction (self, direction);
  const char *names[] = { "delay", "loss", "duplicate", "reorder", "corrupt", "rate", "limit" };
  TcguiImpairmentRow *rows[G_N_ELEMENTS (names)];

  if (dir == NULL)
    return FALSE;
  rows[0] = dir->delay, rows[1] = dir->loss, rows[2] = dir->duplicate, rows[3] = dir->reorder;
  rows[4] = dir->corrupt, rows[5] = dir->rate, rows[6] = dir->limit;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (names[i], control) == 0)
      {
        adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (rows[i]), value != 0);
        if (value != 0)
          gtk_spin_button_set_value (tcgui_impairment_row_get_spin (rows[i]), value);
        return TRUE;
      }
  return FALSE;
}

/**
 * tcgui_shaping_editor_discard_changes:
 *
 * Forgets the changes not sent yet (a call in flight still ends): what
 * the links page applies to all interfaces replaces them.
 */
void
tcgui_shaping_editor_discard_changes (TcguiShapingEditor *self)
{
  g_return_if_fail (TCGUI_IS_SHAPING_EDITOR (self));

  for (guint i = 0; i < G_N_ELEMENTS (self->dirs); i++)
    self->dirs[i].dirty = FALSE;
  self->clear_wanted = FALSE;
  maybe_settle (self);
}

/* The interface is listed again (same name): editable, and read anew. */
static void
set_back (TcguiShapingEditor *self)
{
  self->vanished = FALSE;
  set_status (self, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->outgoing_group), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->incoming_group), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->presets_button), TRUE);
  gtk_widget_set_sensitive (self->clear_button, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VANISHED]);
}

/**
 * tcgui_shaping_editor_set_gone:
 * @message: (nullable): why the interface is gone, e.g. "not listed any
 *   more"; %NULL when a refresh lists it (again)
 *
 * What a refresh of the interface list found: a gone interface's editor
 * greys out and says so, as when a call finds it missing; one that is
 * listed reads the kernel again (and is editable again if it was gone).
 */
void
tcgui_shaping_editor_set_gone (TcguiShapingEditor *self,
                               const char         *message)
{
  g_return_if_fail (TCGUI_IS_SHAPING_EDITOR (self));

  if (message == NULL)
    {
      if (self->vanished)
        set_back (self);
      tcgui_shaping_editor_reload (self);
      return;
    }
  if (self->vanished)
    return;
  set_vanished (self, message);
  maybe_settle (self);
}
