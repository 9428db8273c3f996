/* tcgui-direction-group.c - the shaping controls of one direction
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One group per direction of an interface: a row per impairment, built
 * from the table of row specs below, whose ranges are the parameter
 * model's (TCGUI_PARAMS_*), so the controls offer what the helper accepts.
 * The group maps its controls to one TcguiParams and back, shows the
 * kernel's qdisc and counters in its description, and announces a user's
 * change as ::changed; when and how a change is applied is the editor's.
 */

#define G_LOG_DOMAIN "tcgui-direction-group"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <glib/gi18n.h>

#include "tcgui-direction-group.h"
#include "tcgui-words.h"
#include "tcgui-impairment-row.h"

typedef enum
{
  ROW_DELAY,
  ROW_LOSS,
  ROW_DUPLICATE,
  ROW_REORDER,
  ROW_CORRUPT,
  ROW_RATE,
  ROW_LIMIT,
  N_ROWS
} RowId;

typedef enum
{
  VALUE_U32,
  VALUE_U64,
  VALUE_DOUBLE,
} ValueType;

/* Where a value lives in TcguiParams, and how many of its units one unit
 * of the control is (1000 µs in a ms). */
typedef struct
{
  gsize     offset;
  ValueType type;
  double    scale;
} Slot;

#define SLOT(field, type, scale) { G_STRUCT_OFFSET (TcguiParams, field), type, scale }

typedef struct
{
  const char *title;
  const char *unit;
  double      max;
  double      step;
  guint       digits;
  double      initial;     /* shown until a value is set */
  Slot        slot;
  gboolean    netem;       /* needs sch_netem */
  double      log_min;     /* > 0: a logarithmic slider from here */
  const char *subtitle;
} RowSpec;

static const RowSpec row_specs[N_ROWS] = {
  /* Up to a minute: logarithmic, or the slider's first pixel is 375 ms. */
  [ROW_DELAY] = { N_("Delay"), "ms", TCGUI_PARAMS_MAX_DELAY_US / 1000.0, 1, 1, 100,
                  SLOT (delay_us, VALUE_U32, 1000), TRUE, 0.1, NULL },
  [ROW_LOSS] = { N_("Loss"), "%", 100, 0.1, 2, 1,
                 SLOT (loss, VALUE_DOUBLE, 1), TRUE, 0, NULL },
  [ROW_DUPLICATE] = { N_("Duplication"), "%", 100, 0.1, 2, 1,
                      SLOT (duplicate, VALUE_DOUBLE, 1), TRUE, 0, NULL },
  [ROW_REORDER] = { N_("Reordering"), "%", 100, 0.1, 2, 10,
                    SLOT (reorder, VALUE_DOUBLE, 1), TRUE, 0, N_("Needs a delay") },
  [ROW_CORRUPT] = { N_("Corruption"), "%", 100, 0.1, 2, 1,
                    SLOT (corrupt, VALUE_DOUBLE, 1), TRUE, 0, NULL },
  [ROW_RATE] = { N_("Rate limit"), "kbit/s", TCGUI_PARAMS_MAX_RATE_BPS / 1000.0, 1, 0,
                 10000, SLOT (rate_bps, VALUE_U64, 1000), FALSE,
                 TCGUI_PARAMS_MIN_RATE_BPS / 1000.0, NULL },
  [ROW_LIMIT] = { N_("Queue limit"), N_("packets"), TCGUI_PARAMS_MAX_LIMIT, 1, 0, 1000,
                  SLOT (limit_packets, VALUE_U32, 1), FALSE, 1,
                  N_("Packets that may wait; more are dropped") },
};

typedef enum
{
  FIELD_VALUE,
  FIELD_DISTRIBUTION,     /* the jitter's distribution (a combo row) */
  FIELD_GEMODEL,          /* the switch to Gilbert-Elliott loss */
} FieldKind;

typedef enum
{
  WHEN_ROW_SET,           /* read when the row's value is not 0 */
  WHEN_RANDOM_LOSS,       /* … and the loss is random */
  WHEN_GEMODEL,           /* read when the row is on with Gilbert-Elliott */
} FieldWhen;

/* The advanced values inside a row's expander, in the order shown. */
typedef struct
{
  RowId       row;
  FieldKind   kind;
  const char *title;
  const char *unit;
  double      max;
  double      step;
  guint       digits;
  Slot        slot;
  FieldWhen   when;
} FieldSpec;

#define PERCENT "%", 100
#define CORRELATION(row, field, when) \
  { row, FIELD_VALUE, N_("Correlation"), PERCENT, 1, 1, SLOT (field, VALUE_DOUBLE, 1), when }
#define GE(title, field) \
  { ROW_LOSS, FIELD_VALUE, title, PERCENT, 0.1, 2, SLOT (field, VALUE_DOUBLE, 1), WHEN_GEMODEL }

static const FieldSpec field_specs[] = {
  /* The kernel's jitter ends at 2.147 s (TCGUI_PARAMS_MAX_JITTER_US). */
  { ROW_DELAY, FIELD_VALUE, N_("Jitter"), "ms", TCGUI_PARAMS_MAX_JITTER_US / 1000.0, 1, 1,
    SLOT (jitter_us, VALUE_U32, 1000), WHEN_ROW_SET },
  CORRELATION (ROW_DELAY, delay_correlation, WHEN_ROW_SET),
  { ROW_DELAY, FIELD_DISTRIBUTION, N_("Jitter distribution"), NULL, 0, 0, 0, { 0 }, 0 },
  CORRELATION (ROW_LOSS, loss_correlation, WHEN_RANDOM_LOSS),
  { ROW_LOSS, FIELD_GEMODEL, N_("Burst losses (Gilbert-Elliott)"), NULL, 0, 0, 0, { 0 }, 0 },
  GE (N_("Good to bad (p)"), gemodel_p),
  GE (N_("Bad to good (r)"), gemodel_r),
  GE (N_("Loss when bad (1-h)"), gemodel_1_h),
  GE (N_("Loss when good (1-k)"), gemodel_1_k),
  CORRELATION (ROW_DUPLICATE, duplicate_correlation, WHEN_ROW_SET),
  CORRELATION (ROW_REORDER, reorder_correlation, WHEN_ROW_SET),
  /* Any gap the kernel takes is possible; beyond 1000 is no test anyone runs. */
  { ROW_REORDER, FIELD_VALUE, N_("Gap"), N_("packets"), 1000, 1, 0,
    SLOT (reorder_gap, VALUE_U32, 1), WHEN_ROW_SET },
  CORRELATION (ROW_CORRUPT, corrupt_correlation, WHEN_ROW_SET),
  { ROW_RATE, FIELD_VALUE, N_("Burst (0: automatic)"), N_("bytes"),
    TCGUI_PARAMS_MAX_BURST_BYTES, 1000, 0, SLOT (burst_bytes, VALUE_U32, 1), WHEN_ROW_SET },
};

#define N_FIELDS G_N_ELEMENTS (field_specs)

/* The title, the Replace button's label and its accessible label. */
static const struct
{
  TcguiDirection direction;
  const char    *title;
  const char    *replace;
  const char    *replace_a11y;
} direction_texts[] = {
  { TCGUI_DIRECTION_OUTGOING, N_("Outgoing"), N_("_Replace…"),
    N_("Replace the outgoing queueing discipline") },
  { TCGUI_DIRECTION_INCOMING, N_("Incoming"), N_("R_eplace…"),
    N_("Replace the incoming queueing discipline") },
};

struct _TcguiDirectionGroup
{
  AdwPreferencesGroup  parent_instance;

  TcguiDirection       direction;
  TcguiImpairmentRow  *rows[N_ROWS];
  GtkAdjustment       *fields[N_FIELDS];    /* NULL for the special ones */
  AdwComboRow         *distribution;
  GtkSwitch           *gemodel;
  gboolean             netem_available;
  gboolean             foreign;
  gboolean             updating;             /* writing the controls: no change */
  char                *qdisc;

  GtkWidget           *replace_button;
};

G_DEFINE_FINAL_TYPE (TcguiDirectionGroup, tcgui_direction_group, ADW_TYPE_PREFERENCES_GROUP)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
changed_cb (TcguiDirectionGroup *self)
{
  if (!self->updating)
    g_signal_emit (self, signals[CHANGED], 0);
}

/* Slots ------------------------------------------------------------------- */

static void
slot_set (const Slot  *slot,
          TcguiParams *p,
          double       shown)
{
  gpointer at = G_STRUCT_MEMBER_P (p, slot->offset);
  double v = shown * slot->scale;

  if (slot->type == VALUE_U32)
    *(guint32 *) at = (guint32) round (v);
  else if (slot->type == VALUE_U64)
    *(guint64 *) at = (guint64) round (v);
  else
    *(double *) at = v;
}

static double
slot_get (const Slot        *slot,
          const TcguiParams *p)
{
  gconstpointer at = G_STRUCT_MEMBER_P (p, slot->offset);
  double v;

  if (slot->type == VALUE_U32)
    v = *(const guint32 *) at;
  else if (slot->type == VALUE_U64)
    v = (double) *(const guint64 *) at;
  else
    v = *(const double *) at;
  return v / slot->scale;
}

/* Controls → parameters ------------------------------------------------ */

static gboolean
field_applies (TcguiDirectionGroup *self,
               const FieldSpec     *spec,
               const TcguiParams   *p)
{
  gboolean row_set = slot_get (&row_specs[spec->row].slot, p) != 0;
  gboolean ge = tcgui_impairment_row_get_enabled (self->rows[spec->row]) &&
                gtk_switch_get_active (self->gemodel);

  switch (spec->when)
    {
    case WHEN_ROW_SET:
      return row_set;
    case WHEN_RANDOM_LOSS:
      return row_set && !ge;
    case WHEN_GEMODEL:
      return ge;
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* What the controls say, as the parameter model has it: a value that
 * needs another (a correlation its impairment) is only read with it. */
void
tcgui_direction_group_get_params (TcguiDirectionGroup *self,
                                  TcguiParams         *p)
{
  g_return_if_fail (TCGUI_IS_DIRECTION_GROUP (self));

  tcgui_params_init (p);
  for (guint i = 0; i < N_ROWS; i++)
    slot_set (&row_specs[i].slot, p, tcgui_impairment_row_get_value (self->rows[i]));
  if (tcgui_impairment_row_get_enabled (self->rows[ROW_LOSS]) &&
      gtk_switch_get_active (self->gemodel))
    {
      p->loss_model = TCGUI_LOSS_GEMODEL;
      p->loss = 0;
    }
  for (guint i = 0; i < N_FIELDS; i++)
    if (self->fields[i] != NULL && field_applies (self, &field_specs[i], p))
      slot_set (&field_specs[i].slot, p, gtk_adjustment_get_value (self->fields[i]));
  /* A distribution shapes the jitter: without jitter there is none. */
  if (p->jitter_us != 0)
    p->distribution = adw_combo_row_get_selected (self->distribution);
}

/* Parameters → controls ------------------------------------------------ */

static void
write_rows (TcguiDirectionGroup *self,
            const TcguiParams   *p,
            gboolean             from_kernel)
{
  gboolean ge = p->loss_model == TCGUI_LOSS_GEMODEL;

  for (guint i = 0; i < N_ROWS; i++)
    {
      double v = slot_get (&row_specs[i].slot, p);

      /* Gilbert-Elliott loss has no loss %: the row is on, its value kept. */
      if (i == ROW_LOSS && ge)
        tcgui_impairment_row_set_enabled (self->rows[i], TRUE);
      else if (from_kernel)
        tcgui_impairment_row_show_kernel_value (self->rows[i], v);
      else
        tcgui_impairment_row_set_value (self->rows[i], v);
    }
  gtk_switch_set_active (self->gemodel, ge);
  adw_combo_row_set_selected (self->distribution, p->distribution);
}

static void
write_params (TcguiDirectionGroup *self,
              const TcguiParams   *p,
              gboolean             from_kernel)
{
  self->updating = TRUE;
  write_rows (self, p, from_kernel);
  for (guint i = 0; i < N_FIELDS; i++)
    if (self->fields[i] != NULL)
      gtk_adjustment_set_value (self->fields[i], slot_get (&field_specs[i].slot, p));
  self->updating = FALSE;
}

/**
 * tcgui_direction_group_show_params:
 *
 * Shows @params (a preset's, a profile's) without announcing a change.
 */
void
tcgui_direction_group_show_params (TcguiDirectionGroup *self,
                                   const TcguiParams   *params)
{
  g_return_if_fail (TCGUI_IS_DIRECTION_GROUP (self));
  write_params (self, params, FALSE);
}

/**
 * tcgui_direction_group_show_kernel_params:
 *
 * Shows what the kernel has. A row the kernel does not shape is switched
 * off and its field shows the kernel's last value of it (or the row's
 * first), never a value the kernel refused.
 */
void
tcgui_direction_group_show_kernel_params (TcguiDirectionGroup *self,
                                          const TcguiParams   *params)
{
  g_return_if_fail (TCGUI_IS_DIRECTION_GROUP (self));
  write_params (self, params, TRUE);
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

/* GetShaping's "outgoing-qdisc" and the like. */
static char *
state_key (TcguiDirectionGroup *self,
           const char          *suffix)
{
  return g_strconcat (tcgui_direction_to_string (self->direction), suffix, NULL);
}

/* "Kernel now: tbf, set by TC GUI · sent 1.2 MB (900 packets) · …" */
static char *
describe_state (TcguiDirectionGroup *self,
                GVariant            *state,
                const char          *owner)
{
  g_autofree char *key = state_key (self, "-stats");
  g_autoptr(GVariant) stats = g_variant_lookup_value (state, key, G_VARIANT_TYPE_VARDICT);
  g_autofree char *sent = g_format_size (stat_value (stats, "sent-bytes"));
  g_autofree char *backlog = g_format_size (stat_value (stats, "backlog-bytes"));

  /* Translators: the kernel's queueing discipline and its counters */
  return g_strdup_printf (_("Kernel now: %s, %s · sent %s (%" PRIu64 " packets) · "
                            "dropped %" PRIu64 " · overlimits %" PRIu64
                            " · backlog %s"),
                          self->qdisc != NULL && self->qdisc[0] != '\0' ? self->qdisc : _("none"),
                          owner_text (owner), sent, stat_value (stats, "sent-packets"),
                          stat_value (stats, "drops"), stat_value (stats, "overlimits"), backlog);
}

/**
 * tcgui_direction_group_show_state:
 * @state: GetShaping's reply
 * @replacing: the user agreed to replace a foreign qdisc: it stays editable
 *
 * Shows the kernel's qdisc, its owner and counters in the description
 * (not the parameters: see tcgui_direction_group_show_kernel_params()).
 */
void
tcgui_direction_group_show_state (TcguiDirectionGroup *self,
                                  GVariant            *state,
                                  gboolean             replacing)
{
  g_autofree char *owner_key = state_key (self, "-owner");
  g_autofree char *qdisc_key = state_key (self, "-qdisc");
  g_autofree char *owner = NULL, *description = NULL;

  g_return_if_fail (TCGUI_IS_DIRECTION_GROUP (self));

  g_variant_lookup (state, owner_key, "s", &owner);
  g_clear_pointer (&self->qdisc, g_free);
  g_variant_lookup (state, qdisc_key, "s", &self->qdisc);
  description = describe_state (self, state, owner);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), description);
  tcgui_direction_group_set_foreign (self, g_strcmp0 (owner, "foreign") == 0 && !replacing);
}

/* Building the rows -------------------------------------------------------- */

static void
add_distribution (TcguiDirectionGroup *self,
                  const FieldSpec     *spec)
{
  const char *names[] = { N_("None"), N_("Uniform"), N_("Normal"), N_("Pareto"),
                          N_("Pareto-normal"), NULL };
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();

  /* In the order of TcguiDistribution: the index is the value. */
  for (guint i = 0; names[i] != NULL; i++)
    gtk_string_list_append (model, _(names[i]));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(spec->title));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self->rows[spec->row]), row);
  self->distribution = ADW_COMBO_ROW (row);
  g_signal_connect_object (row, "notify::selected", G_CALLBACK (changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
add_gemodel (TcguiDirectionGroup *self,
             const FieldSpec     *spec)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *sw = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(spec->title));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Instead of random loss: a good and a bad state"));
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (sw), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(spec->title), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self->rows[spec->row]), row);
  self->gemodel = GTK_SWITCH (sw);
  g_signal_connect_object (sw, "notify::active", G_CALLBACK (changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
add_field (TcguiDirectionGroup *self,
           guint                i)
{
  const FieldSpec *spec = &field_specs[i];

  if (spec->kind == FIELD_DISTRIBUTION)
    add_distribution (self, spec);
  else if (spec->kind == FIELD_GEMODEL)
    add_gemodel (self, spec);
  else
    self->fields[i] = tcgui_impairment_row_add_field (self->rows[spec->row], _(spec->title),
                                                      _(spec->unit), spec->max, spec->step,
                                                      spec->digits);
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
    text = g_strdup_printf (_("%g kbit/s, as a token bucket (tbf)"), kbps);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), text);
}

static void
add_row (TcguiDirectionGroup *self,
         RowId                id)
{
  const RowSpec *spec = &row_specs[id];
  GtkWidget *row = tcgui_impairment_row_new (_(spec->title), _(spec->unit), spec->max,
                                             spec->step, spec->digits, spec->initial);

  self->rows[id] = TCGUI_IMPAIRMENT_ROW (row);
  if (spec->log_min > 0)
    tcgui_impairment_row_set_logarithmic (self->rows[id], spec->log_min);
  if (spec->subtitle != NULL)
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), _(spec->subtitle));
  g_signal_connect_object (row, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
}

static void
build_rows (TcguiDirectionGroup *self)
{
  GtkAdjustment *rate;

  for (RowId id = 0; id < N_ROWS; id++)
    add_row (self, id);
  /* A field's changes are its row's ::changed. */
  for (guint i = 0; i < N_FIELDS; i++)
    add_field (self, i);
  rate = tcgui_impairment_row_get_adjustment (self->rows[ROW_RATE]);
  g_signal_connect_object (rate, "value-changed", G_CALLBACK (rate_changed_cb),
                           self->rows[ROW_RATE], 0);
  rate_changed_cb (rate, self->rows[ROW_RATE]);
}

/* GObject ------------------------------------------------------------------ */

static void
tcgui_direction_group_dispose (GObject *object)
{
  TcguiDirectionGroup *self = (TcguiDirectionGroup *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), TCGUI_TYPE_DIRECTION_GROUP);
  G_OBJECT_CLASS (tcgui_direction_group_parent_class)->dispose (object);
}

static void
tcgui_direction_group_finalize (GObject *object)
{
  TcguiDirectionGroup *self = (TcguiDirectionGroup *)object;

  g_free (self->qdisc);
  G_OBJECT_CLASS (tcgui_direction_group_parent_class)->finalize (object);
}

static void
tcgui_direction_group_class_init (TcguiDirectionGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tcgui_direction_group_dispose;
  object_class->finalize = tcgui_direction_group_finalize;

  /* A user changed a control (not emitted for what the group is shown). */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tcgui/TcGui/tcgui-direction-group.ui");
  gtk_widget_class_bind_template_child (widget_class, TcguiDirectionGroup, replace_button);
}

static void
tcgui_direction_group_init (TcguiDirectionGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->netem_available = TRUE;
  build_rows (self);
  /* The group's title and its state/kernel description, and every row's
   * title: a narrow window wraps them between words, never inside one. */
  tcgui_words_only (GTK_WIDGET (self));
}

/* Public API ------------------------------------------------------------------ */

/**
 * tcgui_direction_group_new:
 * @direction: %TCGUI_DIRECTION_OUTGOING or %TCGUI_DIRECTION_INCOMING
 *
 * Returns: (transfer floating): the group, every row off
 */
GtkWidget *
tcgui_direction_group_new (TcguiDirection direction)
{
  TcguiDirectionGroup *self;

  g_return_val_if_fail (direction == TCGUI_DIRECTION_OUTGOING ||
                        direction == TCGUI_DIRECTION_INCOMING, NULL);

  self = g_object_new (TCGUI_TYPE_DIRECTION_GROUP, NULL);
  self->direction = direction;
  for (guint i = 0; i < G_N_ELEMENTS (direction_texts); i++)
    if (direction_texts[i].direction == direction)
      {
        adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _(direction_texts[i].title));
        gtk_button_set_label (GTK_BUTTON (self->replace_button), _(direction_texts[i].replace));
        gtk_accessible_update_property (GTK_ACCESSIBLE (self->replace_button),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _(direction_texts[i].replace_a11y), -1);
      }
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->replace_button), "s",
                                    tcgui_direction_to_string (direction));
  return GTK_WIDGET (self);
}

TcguiDirection
tcgui_direction_group_get_direction (TcguiDirectionGroup *self)
{
  g_return_val_if_fail (TCGUI_IS_DIRECTION_GROUP (self), TCGUI_DIRECTION_OUTGOING);
  return self->direction;
}

/* The kind of the kernel's qdisc, as last shown; NULL before. */
const char *
tcgui_direction_group_get_qdisc (TcguiDirectionGroup *self)
{
  g_return_val_if_fail (TCGUI_IS_DIRECTION_GROUP (self), NULL);
  return self->qdisc;
}

/* The rows a user may change now: none on a foreign tree, which is not
 * edited by accident ("Replace…" first), and no netem row without netem. */
static void
update_sensitive (TcguiDirectionGroup *self)
{
  gtk_widget_set_visible (self->replace_button, self->foreign);
  for (guint i = 0; i < N_ROWS; i++)
    gtk_widget_set_sensitive (GTK_WIDGET (self->rows[i]),
                              !self->foreign && (!row_specs[i].netem || self->netem_available));
}

void
tcgui_direction_group_set_foreign (TcguiDirectionGroup *self,
                                   gboolean             foreign)
{
  g_return_if_fail (TCGUI_IS_DIRECTION_GROUP (self));

  self->foreign = foreign;
  update_sensitive (self);
}

/* Without sch_netem only the token bucket works: the others say why. */
void
tcgui_direction_group_set_netem_available (TcguiDirectionGroup *self,
                                           gboolean             available)
{
  const char *why = _("Needs the kernel module sch_netem, which this kernel lacks");

  g_return_if_fail (TCGUI_IS_DIRECTION_GROUP (self));

  self->netem_available = available;
  for (guint i = 0; i < N_ROWS; i++)
    if (row_specs[i].netem)
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self->rows[i]),
                                     !available ? why
                                     : row_specs[i].subtitle != NULL ? _(row_specs[i].subtitle)
                                     : NULL);
  update_sensitive (self);
}

