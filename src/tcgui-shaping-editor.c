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
#include <string.h>
#include <glib/gi18n.h>

#include "tcgui-copy-command.h"
#include "tcgui-application.h"
#include "tcgui-direction-group.h"
#include "tcgui-error.h"
#include "tcgui-flow-dialog.h"
#include "tcgui-flow-group.h"
#include "tcgui-presets.h"
#include "tcgui-presets-menu.h"
#include "tcgui-shaping-client.h"
#include "tcgui-shaping-editor.h"
#include "tcgui-param-errors.h"

/* The counters of the status lines, while the editor is shown and idle. */
#define POLL_INTERVAL_SEC 2

/* One direction: its controls, and what the next call of it carries. */
typedef struct
{
  TcguiDirectionGroup *group;
  GtkBox              *flows_box;   /* its TcguiFlowGroups, in match order */
  GtkWidget           *add_flow_button;
  gboolean             dirty;
  gboolean             force;    /* the user agreed to replace a foreign qdisc */
} Side;

struct _TcguiShapingEditor
{
  GtkBox             parent_instance;

  TcguiHelperClient *client;
  char              *namespace_id;
  char              *ifname;
  GCancellable      *cancellable;
  Side               sides[TCGUI_N_DIRECTIONS];
  gboolean           netem_available;
  gboolean           flows_available;
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

  GtkLabel          *title_label;
  GtkSpinner        *spinner;
  GtkMenuButton     *presets_button;
  GtkWidget         *clear_button;
  GtkLabel          *status_label;
  GtkRevealer       *error_revealer;
  GtkLabel          *error_label;
};

G_DEFINE_FINAL_TYPE (TcguiShapingEditor, tcgui_shaping_editor, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_VANISHED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void flush (TcguiShapingEditor *self);

static Side *
find_side (TcguiShapingEditor *self,
           const char         *name)
{
  TcguiDirection direction;

  if (!tcgui_direction_parse (name, FALSE, &direction, NULL))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (self->sides); i++)
    if (tcgui_direction_group_get_direction (self->sides[i].group) == direction)
      return &self->sides[i];
  return NULL;
}

static const char *
side_name (Side *side)
{
  return tcgui_direction_to_string (tcgui_direction_group_get_direction (side->group));
}

static void
read_params (Side        *side,
             TcguiParams *params)
{
  tcgui_direction_group_get_params (side->group, params);
}

/* The side's flows as the controls say now, in their order. */
static GPtrArray *
read_flows (Side *side)
{
  GPtrArray *flows = g_ptr_array_new_with_free_func ((GDestroyNotify) tcgui_flow_item_free);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (side->flows_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    g_ptr_array_add (flows, tcgui_flow_group_dup_item (TCGUI_FLOW_GROUP (child)));
  return flows;
}

static guint
count_flows (Side *side)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (side->flows_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

static TcguiInventory *
app_inventory (void)
{
  GApplication *app = g_application_get_default ();

  return TCGUI_IS_APPLICATION (app) ? tcgui_application_get_inventory (TCGUI_APPLICATION (app))
                                    : NULL;
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

/* The helper's refusals are often long ("… needs the kernel module
 * sch_netem, which this kernel lacks …"): a toast cut them short, so
 * they are shown in full above the controls until dismissed or until the
 * next change is applied. They go to the journal too. */
static void
show_error (TcguiShapingEditor *self,
            const char         *message)
{
  g_autofree char *text = g_strdup_printf ("%s: %s", self->ifname, message);

  g_message ("%s", text);
  gtk_label_set_label (self->error_label, text);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

static void
hide_error (TcguiShapingEditor *self)
{
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
}

static void
set_status (TcguiShapingEditor *self,
            const char         *text)
{
  gtk_label_set_label (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
}

/* The controls a user may use: none once the interface is gone. */
static void
set_editable (TcguiShapingEditor *self,
              gboolean            editable)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->sides); i++)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->sides[i].group), editable);
      gtk_widget_set_sensitive (GTK_WIDGET (self->sides[i].flows_box), editable);
      gtk_widget_set_sensitive (self->sides[i].add_flow_button,
                                editable && self->flows_available);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->presets_button), editable);
  gtk_widget_set_sensitive (self->clear_button, editable);
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
  set_status (self, text);
  set_editable (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VANISHED]);
}

static void
handle_error (TcguiShapingEditor *self,
              const GError       *error)
{
  /* A refused value names its control, any other error is a translated
   * sentence around the helper's words; those (the wire key, the exact
   * range) go to the journal too. */
  g_autofree char *friendly = tcgui_user_error_message (error);

  g_message ("%s: %s", self->ifname, error->message);
  show_error (self, friendly);
  for (guint i = 0; i < G_N_ELEMENTS (self->sides); i++)
    self->sides[i].dirty = self->sides[i].force = FALSE;
  self->clear_wanted = FALSE;

  if (g_error_matches (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_NAMESPACE) ||
      g_error_matches (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_INTERFACE))
    {
      set_vanished (self, error->message);
      return;
    }
  /* Back to the truth: the kernel's state replaces the controls. */
  self->reread_wanted = self->reread_sync = TRUE;
}

/* Flows ------------------------------------------------------------------ */

static void schedule_apply (TcguiShapingEditor *self,
                            Side               *side);

static Side *
side_of_flow (TcguiShapingEditor *self,
              GtkWidget          *flow)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->sides); i++)
    if (gtk_widget_get_parent (flow) == GTK_WIDGET (self->sides[i].flows_box))
      return &self->sides[i];
  return NULL;
}

/* Up/down where there is room; no more flows than the helper takes. */
static void
update_flow_positions (TcguiShapingEditor *self,
                       Side               *side)
{
  guint n = count_flows (side), i = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (side->flows_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    tcgui_flow_group_set_position (TCGUI_FLOW_GROUP (child), i++, n);
  gtk_widget_set_sensitive (side->add_flow_button,
                            n < TCGUI_FLOWS_MAX && !self->vanished && self->flows_available);
}

static void
flow_changed_cb (TcguiFlowGroup     *flow,
                 TcguiShapingEditor *self)
{
  Side *side = side_of_flow (self, GTK_WIDGET (flow));

  if (side != NULL)
    schedule_apply (self, side);
}

static void
flow_remove_cb (TcguiFlowGroup     *flow,
                TcguiShapingEditor *self)
{
  Side *side = side_of_flow (self, GTK_WIDGET (flow));

  g_return_if_fail (side != NULL);
  /* Focus goes to the button that adds one, not to the window's start. */
  gtk_widget_grab_focus (side->add_flow_button);
  gtk_box_remove (side->flows_box, GTK_WIDGET (flow));
  update_flow_positions (self, side);
  schedule_apply (self, side);
}

static void
flow_move_cb (TcguiFlowGroup     *flow,
              int                 delta,
              TcguiShapingEditor *self)
{
  Side *side = side_of_flow (self, GTK_WIDGET (flow));
  GtkWidget *prev = gtk_widget_get_prev_sibling (GTK_WIDGET (flow));
  GtkWidget *next = gtk_widget_get_next_sibling (GTK_WIDGET (flow));

  g_return_if_fail (side != NULL);
  if (delta < 0 && prev != NULL)
    gtk_box_reorder_child_after (side->flows_box, GTK_WIDGET (flow),
                                 gtk_widget_get_prev_sibling (prev));
  else if (delta > 0 && next != NULL)
    gtk_box_reorder_child_after (side->flows_box, GTK_WIDGET (flow), next);
  else
    return;
  update_flow_positions (self, side);
  schedule_apply (self, side);
}

static GtkWidget *
add_flow_group (TcguiShapingEditor  *self,
                Side                *side,
                const TcguiFlowItem *item,
                const char          *title)
{
  TcguiDirection direction = tcgui_direction_group_get_direction (side->group);
  g_autofree char *own_title = title == NULL ? tcgui_flow_target_title (app_inventory (), item)
                                             : NULL;
  GtkWidget *flow = tcgui_flow_group_new (direction, item, title != NULL ? title : own_title);

  tcgui_flow_group_set_netem_available (TCGUI_FLOW_GROUP (flow), self->netem_available);
  g_signal_connect_object (flow, "changed", G_CALLBACK (flow_changed_cb), self, 0);
  g_signal_connect_object (flow, "remove", G_CALLBACK (flow_remove_cb), self, 0);
  g_signal_connect_object (flow, "move", G_CALLBACK (flow_move_cb), self, 0);
  gtk_box_append (side->flows_box, flow);
  return flow;
}

/* The kernel's flows replace the shown ones (in place, when they match). */
static void
show_flows (TcguiShapingEditor *self,
            Side               *side,
            GPtrArray          *flows)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (side->flows_box))) != NULL)
    gtk_box_remove (side->flows_box, child);
  for (guint i = 0; flows != NULL && i < flows->len; i++)
    add_flow_group (self, side, flows->pdata[i], NULL);
  update_flow_positions (self, side);
}

static void
flow_dialog_add_cb (TcguiFlowDialog    *dialog,
                    TcguiFlowItem      *item,
                    const char         *title,
                    TcguiShapingEditor *self)
{
  Side *side = g_object_get_data (G_OBJECT (dialog), "tcgui-side");
  GtkWidget *flow;

  g_return_if_fail (side != NULL);
  /* A new flow starts as nothing but a match: traffic to it is not
   * shaped until a row is on (or the partition), as the default. */
  flow = add_flow_group (self, side, item, title);
  update_flow_positions (self, side);
  gtk_widget_grab_focus (flow);
  schedule_apply (self, side);
}

static void
add_flow_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TcguiShapingEditor *self = TCGUI_SHAPING_EDITOR (widget);
  Side *side = find_side (self, g_variant_get_string (parameter, NULL));
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  g_return_if_fail (side != NULL);
  if (count_flows (side) >= TCGUI_FLOWS_MAX)
    return;
  dialog = tcgui_flow_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                  tcgui_direction_group_get_direction (side->group),
                                  app_inventory (), self->namespace_id);
  g_object_set_data (G_OBJECT (dialog), "tcgui-side", side);
  g_signal_connect_object (dialog, "add", G_CALLBACK (flow_dialog_add_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The kernel's state -------------------------------------------------- */

static void
show_side (TcguiShapingEditor *self,
           Side               *side,
           GVariant           *state)
{
  g_autoptr(GVariant) dict = NULL, top = NULL;
  g_autoptr(GPtrArray) flows = NULL;
  g_autoptr(GError) error = NULL;
  TcguiParams params;

  /* Unless the user agreed to replace a foreign qdisc: the next change does. */
  tcgui_direction_group_show_state (side->group, state, side->force);
  if (!self->reread_sync || side->dirty)
    return;
  dict = g_variant_lookup_value (state, side_name (side), G_VARIANT_TYPE_VARDICT);
  if (dict != NULL && ((top = tcgui_flows_split_state (dict, &flows, &error)) == NULL ||
                       !tcgui_params_from_variant (top, &params, &error)))
    {
      g_warning ("Cannot show the %s state: %s", side_name (side), error->message);
      return;
    }
  if (dict == NULL)
    tcgui_params_init (&params);
  tcgui_direction_group_show_kernel_params (side->group, &params);
  show_flows (self, side, flows);
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
      for (guint i = 0; i < G_N_ELEMENTS (self->sides); i++)
        show_side (self, &self->sides[i], state);
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
      g_debug ("applied %.1f ms after the last change",
               (g_get_monotonic_time () - self->last_change_us) / 1000.0);
      /* The foreign tree is gone now: later calls need no FORCE. */
      for (guint i = 0; i < G_N_ELEMENTS (self->sides); i++)
        self->sides[i].force = FALSE;
      hide_error (self);
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
  if (error == NULL)
    hide_error (self);
  self->reread_wanted = self->reread_sync = TRUE;
  call_done (self, error);
}

/* A flow's values as the default's; its label within the helper's limit. */
static gboolean
validate_flows (GPtrArray  *flows,
                GError    **error)
{
  for (guint i = 0; i < flows->len; i++)
    {
      const TcguiFlowItem *item = flows->pdata[i];

      if (item->label != NULL && strlen (item->label) > TCGUI_FLOW_LABEL_MAX)
        {
          /* Translators: %u is the most bytes a flow's label may have */
          g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                       _("A flow’s label may have at most %u bytes"), TCGUI_FLOW_LABEL_MAX);
          return FALSE;
        }
      if (!item->partition && !tcgui_params_validate (&item->params, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
send_side (TcguiShapingEditor *self,
           Side               *side)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) flows = NULL;
  TcguiParams params;

  side->dirty = FALSE;
  read_params (side, &params);
  flows = read_flows (side);
  /* Explained here, before anything reaches the helper. */
  if (!tcgui_params_validate (&params, &error) || !validate_flows (flows, &error))
    {
      handle_error (self, error);
      return FALSE;
    }
  self->in_flight = TRUE;
  tcgui_shaping_client_set_shaping_dict_async (self->client, self->namespace_id, self->ifname,
                                               side_name (side),
                                               tcgui_flows_build_params (&params, flows),
                                               side->force ? TCGUI_SHAPING_FLAGS_FORCE
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
                                                tcgui_direction_to_string (TCGUI_DIRECTION_BOTH),
                                                self->cancellable, clear_shaping_cb,
                                                g_object_ref (self));
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (self->sides); i++)
    if (self->sides[i].dirty && send_side (self, &self->sides[i]))
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
      update_busy (self);
      return;
    }
  if (state == NULL)
    {
      g_debug ("Cannot read the counters of %s: %s", self->ifname, error->message);
      return;
    }
  /* Only the headings' labels: reread_sync is FALSE, the controls stay.
   * A direction the user agreed to replace keeps saying what comes next. */
  for (guint i = 0; i < G_N_ELEMENTS (self->sides); i++)
    if (!self->sides[i].force)
      show_side (self, &self->sides[i], state);
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
  update_busy (self);
}

/* No waiting for a drag to stop: with no call in flight the change goes
 * out now; otherwise it rides on the next call, which reads the controls
 * when it starts and so carries whatever they say by then. */
static void
schedule_apply (TcguiShapingEditor *self,
                Side               *side)
{
  side->dirty = TRUE;
  self->last_change_us = g_get_monotonic_time ();
  flush (self);
}

static void
group_changed_cb (TcguiDirectionGroup *group,
                  TcguiShapingEditor  *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->sides); i++)
    if (self->sides[i].group == group)
      schedule_apply (self, &self->sides[i]);
}

/* Below a direction's default: its flows, then the button that adds one. */
static void
add_flows_box (TcguiShapingEditor *self,
               Side               *side)
{
  gboolean out = tcgui_direction_group_get_direction (side->group) == TCGUI_DIRECTION_OUTGOING;
  GtkWidget *button;

  side->flows_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 12));
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (side->flows_box));
  button = gtk_button_new_with_mnemonic (out ? _("Only for Traffic _To…")
                                             : _("Only for Traffic _From…"));
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (button, out ? _("Shape the traffic to a container, a network "
                                               "or an address differently")
                                           : _("Shape the traffic from a container, a network "
                                               "or an address differently"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "shaping.add-flow");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", side_name (side));
  gtk_box_append (GTK_BOX (self), button);
  side->add_flow_button = button;
}

/* Outgoing, then incoming, below the header, the status and the errors. */
static void
add_groups (TcguiShapingEditor *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->sides); i++)
    {
      GtkWidget *group = tcgui_direction_group_new (tcgui_directions[i]);

      self->sides[i].group = TCGUI_DIRECTION_GROUP (group);
      g_signal_connect_object (group, "changed", G_CALLBACK (group_changed_cb), self, 0);
      gtk_box_append (GTK_BOX (self), group);
      add_flows_box (self, &self->sides[i]);
    }
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
  for (guint i = 0; i < G_N_ELEMENTS (self->sides); i++)
    self->sides[i].dirty = FALSE;
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

  /* Without netem the menu offers this only for rates-only presets; the
   * helper, which knows the kernel, has the last word on the others. */
  tcgui_preset_to_params (preset, &outgoing, &incoming);
  for (guint i = 0; i < G_N_ELEMENTS (self->sides); i++)
    {
      gboolean out = tcgui_direction_group_get_direction (self->sides[i].group) ==
                     TCGUI_DIRECTION_OUTGOING;

      tcgui_direction_group_show_params (self->sides[i].group, out ? &outgoing : &incoming);
      self->sides[i].dirty = TRUE;
    }
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

/* After the presets: the current shaping as a tcguictl line or as tc lines. */
static void
append_copy_section (GMenu *menu)
{
  g_autoptr(GMenu) copy = g_menu_new ();

  g_menu_append (copy, _("Copy as _Command"), "shaping.copy-command::ctl");
  g_menu_append (copy, _("Copy as _tc Commands"), "shaping.copy-command::tc");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (copy));
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
dismiss_error_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  hide_error (TCGUI_SHAPING_EDITOR (widget));
}

static const char *
qdisc_of (Side *side)
{
  const char *qdisc = tcgui_direction_group_get_qdisc (side->group);

  return qdisc != NULL ? qdisc : "?";
}

static void
replace_response_cb (AdwMessageDialog   *dialog,
                     const char         *response,
                     TcguiShapingEditor *self)
{
  Side *side = g_object_get_data (G_OBJECT (dialog), "tcgui-side");
  g_autofree char *text = NULL;
  TcguiParams params;

  if (g_strcmp0 (response, "replace") != 0 || side == NULL)
    return;
  /* The next call of this direction carries FORCE: the user agreed to it.
   * Nothing set yet means nothing to send: the controls open for it. */
  side->force = TRUE;
  tcgui_direction_group_set_foreign (side->group, FALSE);
  read_params (side, &params);
  if (!tcgui_params_is_empty (&params))
    {
      side->dirty = TRUE;
      apply_now (self);
      return;
    }
  /* Translators: %s is a qdisc kind such as "htb" */
  text = g_strdup_printf (_("The first value you set replaces the “%s” qdisc."),
                          qdisc_of (side));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (side->group), text);
}

static void
replace_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TcguiShapingEditor *self = TCGUI_SHAPING_EDITOR (widget);
  Side *side = find_side (self, g_variant_get_string (parameter, NULL));
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  g_return_if_fail (side != NULL);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Replace the Queueing Discipline?"), NULL);
  /* Two whole sentences, not one with "outgoing"/"incoming" pasted in: the
   * adjective agrees with "traffic" differently in other languages. */
  if (tcgui_direction_group_get_direction (side->group) == TCGUI_DIRECTION_OUTGOING)
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    /* Translators: qdisc kind, then the interface */
                                    _("A “%s” qdisc that TC GUI cannot show shapes the outgoing "
                                      "traffic of %s. Replacing it deletes its settings: "
                                      "TC GUI’s shaping takes its place."),
                                    qdisc_of (side), self->ifname);
  else
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    /* Translators: qdisc kind, then the interface */
                                    _("A “%s” qdisc that TC GUI cannot show shapes the incoming "
                                      "traffic of %s. Replacing it deletes its settings: "
                                      "TC GUI’s shaping takes its place."),
                                    qdisc_of (side), self->ifname);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "replace", _("_Replace"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replace",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "tcgui-side", side);
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
  /* The presets that need sch_netem: disabled on a kernel without it. */
  gtk_widget_class_install_action (widget_class, "shaping.netem-preset", "s", preset_action);
  gtk_widget_class_install_action (widget_class, "shaping.dismiss-error", NULL,
                                   dismiss_error_action);
  gtk_widget_class_install_action (widget_class, "shaping.presets", NULL, presets_action);
  gtk_widget_class_install_action (widget_class, "shaping.replace", "s", replace_action);
  gtk_widget_class_install_action (widget_class, "shaping.copy-command", "s", copy_command_action);
  gtk_widget_class_install_action (widget_class, "shaping.add-flow", "s", add_flow_action);
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

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tcgui/TcGui/tcgui-shaping-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, TcguiShapingEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, TcguiShapingEditor, spinner);
  gtk_widget_class_bind_template_child (widget_class, TcguiShapingEditor, presets_button);
  gtk_widget_class_bind_template_child (widget_class, TcguiShapingEditor, clear_button);
  gtk_widget_class_bind_template_child (widget_class, TcguiShapingEditor, status_label);
  gtk_widget_class_bind_template_child (widget_class, TcguiShapingEditor, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, TcguiShapingEditor, error_label);
  install_actions (widget_class);
}

static void
tcgui_shaping_editor_init (TcguiShapingEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->flows_available = TRUE;
  add_groups (self);
  tcgui_shaping_editor_set_netem_available (self, TRUE);
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

/* The menu's custom item: the reason, below "Rates Only". */
/* Without sch_netem only the token bucket works: the netem rows and
 * presets are off and say why; the rates-only presets stay. */
void
tcgui_shaping_editor_set_netem_available (TcguiShapingEditor *self,
                                          gboolean            available)
{
  const char *why = tcgui_presets_netem_missing_reason ();
  g_autoptr(GMenuModel) menu = NULL;

  g_return_if_fail (TCGUI_IS_SHAPING_EDITOR (self));

  self->netem_available = available;
  for (guint i = 0; i < G_N_ELEMENTS (self->sides); i++)
    {
      tcgui_direction_group_set_netem_available (self->sides[i].group, available);
      for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sides[i].flows_box));
           child != NULL; child = gtk_widget_get_next_sibling (child))
        tcgui_flow_group_set_netem_available (TCGUI_FLOW_GROUP (child), available);
    }
  menu = tcgui_presets_build_menu_full ("shaping.preset", "shaping.netem-preset",
                                        available ? NULL : why);
  append_copy_section (G_MENU (menu));
  tcgui_presets_menu_set (self->presets_button, menu, available);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "shaping.netem-preset", available);
}

/* A helper without flows ("flows" false in GetCapabilities): the buttons
 * that add one are off and say why. */
void
tcgui_shaping_editor_set_flows_available (TcguiShapingEditor *self,
                                          gboolean            available)
{
  g_return_if_fail (TCGUI_IS_SHAPING_EDITOR (self));

  self->flows_available = available;
  for (guint i = 0; i < G_N_ELEMENTS (self->sides); i++)
    {
      update_flow_positions (self, &self->sides[i]);
      if (!available)
        gtk_widget_set_tooltip_text (self->sides[i].add_flow_button,
                                     _("The installed helper cannot shape single flows: "
                                       "update tcgui-helper"));
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
         self->reread_wanted || self->sides[0].dirty || self->sides[1].dirty;
}

/* What the controls of @direction say now. */
void
tcgui_shaping_editor_get_params (TcguiShapingEditor *self,
                                 const char         *direction,
                                 TcguiParams        *params)
{
  Side *side;

  g_return_if_fail (TCGUI_IS_SHAPING_EDITOR (self));
  side = find_side (self, direction);
  g_return_if_fail (side != NULL);
  read_params (side, params);
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
  Side *side;

  g_return_if_fail (TCGUI_IS_SHAPING_EDITOR (self));
  side = find_side (self, direction);
  g_return_if_fail (side != NULL);
  tcgui_direction_group_show_params (side->group, params);
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

  for (guint i = 0; i < G_N_ELEMENTS (self->sides); i++)
    self->sides[i].dirty = FALSE;
  self->clear_wanted = FALSE;
  update_busy (self);
}

/* The interface is listed again (same name): editable, and read anew. */
static void
set_back (TcguiShapingEditor *self)
{
  self->vanished = FALSE;
  set_status (self, NULL);
  set_editable (self, TRUE);
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
  update_busy (self);
}
