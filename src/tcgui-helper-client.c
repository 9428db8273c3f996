/* tcgui-helper-client.c - the app's connection to tcgui-helper
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-helper-client"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-error.h"
#include "tcgui-helper1-generated.h"
#include "tcgui-helper-client.h"
#include "tcgui-helper-client-private.h"
#include "tcgui-actions.h"
#include "tcgui-link.h"
#include "tcgui-namespace.h"

/* Without a system bus, try to connect again this often. */
#define RECONNECT_SECONDS 5

/* An authorization dialog may stay open for a while: wait long enough for
 * a person to type a password, but not forever on a hung helper. */
#define CALL_TIMEOUT_MSEC (5 * 60 * 1000)

struct _TcguiHelperClient
{
  GObject           parent_instance;

  GDBusConnection  *connection;
  TcguiHelper1     *proxy;
  GCancellable     *cancellable;
  char             *message;
  guint             watch_id;
  guint             reconnect_id;
  guint             n_in_flight;
  TcguiHelperState  state;
  GVariant         *capabilities;  /* GetCapabilities' reply, per helper */
  GPtrArray        *caps_waiters;  /* GTask: callers of the one call in flight */
  char             *owner;         /* the helper's unique name, while running */
  guint             helper_running : 1;
};

G_DEFINE_FINAL_TYPE (TcguiHelperClient, tcgui_helper_client, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (TcguiHelperState, tcgui_helper_state,
  G_DEFINE_ENUM_VALUE (TCGUI_HELPER_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (TCGUI_HELPER_STATE_READY, "ready"),
  G_DEFINE_ENUM_VALUE (TCGUI_HELPER_STATE_HELPER_MISSING, "helper-missing"),
  G_DEFINE_ENUM_VALUE (TCGUI_HELPER_STATE_NOT_AUTHORIZED, "not-authorized"),
  G_DEFINE_ENUM_VALUE (TCGUI_HELPER_STATE_HELPER_CRASHED, "helper-crashed"),
  G_DEFINE_ENUM_VALUE (TCGUI_HELPER_STATE_BUS_UNAVAILABLE, "bus-unavailable"))

enum {
  PROP_0,
  PROP_STATE,
  PROP_MESSAGE,
  PROP_HELPER_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  COUNTERS,
  WATCHES_DROPPED,
  INVENTORY_CHANGED,
  RULES_CHANGED,
  SHAPING_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void connect_to_bus     (TcguiHelperClient *self);
static void create_proxy       (TcguiHelperClient *self);
static void schedule_reconnect (TcguiHelperClient *self);

const char *
tcgui_helper_state_to_string (TcguiHelperState state)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (TCGUI_TYPE_HELPER_STATE);
  GEnumValue *value = g_enum_get_value (klass, state);

  return value != NULL ? value->value_nick : "unknown";
}

static void
set_state (TcguiHelperClient *self,
           TcguiHelperState   state,
           const char        *message)
{
  g_object_freeze_notify (G_OBJECT (self));

  if (g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }

  if (self->state != state)
    {
      g_debug ("State %s → %s", tcgui_helper_state_to_string (self->state),
               tcgui_helper_state_to_string (state));
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_helper_running (TcguiHelperClient *self,
                    gboolean           running)
{
  if (self->helper_running == !!running)
    return;
  /* Another helper (restarted, upgraded) may answer otherwise. */
  g_clear_pointer (&self->capabilities, g_variant_unref);
  self->helper_running = !!running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HELPER_RUNNING]);
}

static gboolean
error_means_missing (const GError *error)
{
  return g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_EXEC_FAILED) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_FILE_INVALID) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_PERMISSIONS_INVALID);
}

static gboolean
error_means_crashed (const GError *error)
{
  return g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_TIMEOUT) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_TIMED_OUT) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_CHILD_EXITED) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_CHILD_SIGNALED) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_FAILED);
}

static gboolean
error_means_no_bus (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_DISCONNECTED);
}

/* Turns the error of a call into the client's state. Errors about one
 * namespace or interface (NoSuchNamespace, ...) leave the state alone:
 * the page that asked shows them. */
/* @method: the failed call's method, or %NULL when it was no call */
static void
note_error (TcguiHelperClient *self,
            const char        *method,
            const GError      *error)
{
  g_autofree char *message = NULL;
  GError *copy;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  copy = g_error_copy (error);
  g_dbus_error_strip_remote_error (copy);
  message = g_strdup (copy->message);
  g_error_free (copy);

  if (error_means_missing (error))
    set_state (self, TCGUI_HELPER_STATE_HELPER_MISSING, message);
  else if (g_error_matches (error, TCGUI_ERROR, TCGUI_ERROR_NOT_AUTHORIZED) ||
           g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_ACCESS_DENIED) ||
           g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_AUTH_FAILED))
    {
      /* A refused change only fails that change (its caller says so); a
       * refused read means the window cannot show anything. */
      if (method == NULL || g_str_equal (tcgui_action_for_method (method), TCGUI_ACTION_INSPECT))
        set_state (self, TCGUI_HELPER_STATE_NOT_AUTHORIZED, message);
    }
  else if (error_means_crashed (error))
    set_state (self, TCGUI_HELPER_STATE_HELPER_CRASHED, message);
  else if (error_means_no_bus (error))
    set_state (self, TCGUI_HELPER_STATE_BUS_UNAVAILABLE, message);
}

static void
name_appeared_cb (GDBusConnection *connection,
                  const char      *name,
                  const char      *name_owner,
                  gpointer         user_data)
{
  TcguiHelperClient *self = user_data;

  g_debug ("%s appeared as %s", name, name_owner);
  g_free (self->owner);
  self->owner = g_strdup (name_owner);
  set_helper_running (self, TRUE);

  /* The helper was installed or restarted: try again at once. */
  if (self->state == TCGUI_HELPER_STATE_HELPER_MISSING ||
      self->state == TCGUI_HELPER_STATE_HELPER_CRASHED)
    {
      if (self->proxy != NULL)
        set_state (self, TCGUI_HELPER_STATE_READY, NULL);
      else
        create_proxy (self);
    }
}

static void
name_vanished_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  TcguiHelperClient *self = user_data;

  g_debug ("%s vanished (%u calls in flight)", name, self->n_in_flight);
  g_clear_pointer (&self->owner, g_free);
  set_helper_running (self, FALSE);

  /* The helper exits by itself when idle, which is fine: the next call
   * starts it again. Leaving with calls unanswered is a crash. */
  if (self->n_in_flight > 0 && self->state == TCGUI_HELPER_STATE_READY)
    set_state (self, TCGUI_HELPER_STATE_HELPER_CRASHED,
               _("The helper left the system bus without answering."));
}

static void
connection_closed_cb (TcguiHelperClient *self,
                      gboolean           remote_peer_vanished,
                      GError            *error)
{
  g_clear_handle_id (&self->watch_id, g_bus_unwatch_name);
  g_clear_object (&self->proxy);
  g_clear_object (&self->connection);
  set_helper_running (self, FALSE);
  set_state (self, TCGUI_HELPER_STATE_BUS_UNAVAILABLE,
             error != NULL ? error->message : _("The system bus connection was closed."));
  schedule_reconnect (self);
}

/* The helper's signals, for the parts that consume them (counters,
 * inventory): they connect to the client, which outlives proxies made
 * again after the bus came back. */
static void
counters_cb (TcguiHelper1 *proxy,
             guint         watch_id,
             guint64       timestamp_us,
             GVariant     *samples,
             gpointer      user_data)
{
  g_signal_emit (user_data, signals[COUNTERS], 0, watch_id, timestamp_us, samples);
}

static void
watches_dropped_cb (TcguiHelper1 *proxy,
                    GVariant     *watch_ids,
                    const char   *reason,
                    gpointer      user_data)
{
  g_signal_emit (user_data, signals[WATCHES_DROPPED], 0, watch_ids, reason);
}

static void
inventory_changed_cb (TcguiHelper1  *proxy,
                      guint64        generation,
                      GVariant      *changed,
                      const char   **removed,
                      gpointer       user_data)
{
  g_signal_emit (user_data, signals[INVENTORY_CHANGED], 0, generation, changed, removed);
}

/* RulesChanged through the proxy's generic signal: a helper without rules
 * never sends it, and its arguments are checked here, not trusted. */
static void
g_signal_cb (GDBusProxy *proxy,
             const char *sender_name,
             const char *signal_name,
             GVariant   *parameters,
             gpointer    user_data)
{
  g_autoptr(GVariant) changed = NULL;
  g_autofree const char **removed = NULL;
  guint64 generation;

  if (g_strcmp0 (signal_name, "RulesChanged") != 0 ||
      !g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(taa{sv}as)")))
    return;
  g_variant_get (parameters, "(t@aa{sv}^a&s)", &generation, &changed, &removed);
  g_signal_emit (user_data, signals[RULES_CHANGED], 0, generation, changed, removed);
}

static void
connect_signals (TcguiHelperClient *self,
                 TcguiHelper1      *proxy)
{
  g_signal_connect_object (proxy, "counters", G_CALLBACK (counters_cb), self, 0);
  g_signal_connect_object (proxy, "watches-dropped", G_CALLBACK (watches_dropped_cb), self, 0);
  g_signal_connect_object (proxy, "inventory-changed", G_CALLBACK (inventory_changed_cb), self, 0);
  g_signal_connect_object (proxy, "g-signal", G_CALLBACK (g_signal_cb), self, 0);
}

static void
proxy_new_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TcguiHelperClient) self = user_data;
  g_autoptr(TcguiHelper1) proxy = NULL;
  g_autoptr(GError) error = NULL;

  proxy = tcgui_helper1_proxy_new_finish (result, &error);
  if (proxy == NULL)
    {
      g_debug ("Cannot create the helper proxy: %s", error->message);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          note_error (self, NULL, error);
          if (self->state == TCGUI_HELPER_STATE_CONNECTING)
            set_state (self, TCGUI_HELPER_STATE_HELPER_MISSING, error->message);
        }
      return;
    }

  g_dbus_proxy_set_default_timeout (G_DBUS_PROXY (proxy), CALL_TIMEOUT_MSEC);
  connect_signals (self, proxy);
  self->proxy = g_steal_pointer (&proxy);
  set_state (self, TCGUI_HELPER_STATE_READY, NULL);
}

/* No G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START: calls go to the well-known
 * name, so D-Bus activation starts the helper whenever it is not running.
 * The app's only proxy: it subscribes to the helper's signals before the
 * client is ready, so the inventory's first GetInventory cannot miss an
 * InventoryChanged (docs/inventory.md). */
static void
create_proxy (TcguiHelperClient *self)
{
  set_state (self, TCGUI_HELPER_STATE_CONNECTING, NULL);
  tcgui_helper1_proxy_new (self->connection,
                           G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                           HELPER_BUS_NAME,
                           HELPER_OBJECT_PATH,
                           self->cancellable,
                           proxy_new_cb,
                           g_object_ref (self));
}

static void
bus_get_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TcguiHelperClient) self = user_data;
  g_autoptr(GError) error = NULL;

  self->connection = g_bus_get_finish (result, &error);
  if (self->connection == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          set_state (self, TCGUI_HELPER_STATE_BUS_UNAVAILABLE, error->message);
          schedule_reconnect (self);
        }
      return;
    }

  /* The shared system bus connection exits the process when it closes:
   * the app shows a status page instead. */
  g_dbus_connection_set_exit_on_close (self->connection, FALSE);
  g_signal_connect_object (self->connection, "closed",
                           G_CALLBACK (connection_closed_cb), self,
                           G_CONNECT_SWAPPED);
  self->watch_id = g_bus_watch_name_on_connection (self->connection, HELPER_BUS_NAME,
                                                   G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                   name_appeared_cb, name_vanished_cb,
                                                   self, NULL);
  create_proxy (self);
}

static void
connect_to_bus (TcguiHelperClient *self)
{
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  set_state (self, TCGUI_HELPER_STATE_CONNECTING, NULL);
  g_bus_get (G_BUS_TYPE_SYSTEM, self->cancellable, bus_get_cb, g_object_ref (self));
}

/* Quietly, without going through "connecting" (the status page would
 * flicker): the state changes only when the bus is back. */
static gboolean
reconnect_cb (gpointer data)
{
  TcguiHelperClient *self = data;

  self->reconnect_id = 0;
  if (self->connection == NULL)
    g_bus_get (G_BUS_TYPE_SYSTEM, self->cancellable, bus_get_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (TcguiHelperClient *self)
{
  if (self->reconnect_id == 0)
    self->reconnect_id = g_timeout_add_seconds (RECONNECT_SECONDS, reconnect_cb, self);
}

static void
tcgui_helper_client_dispose (GObject *object)
{
  TcguiHelperClient *self = (TcguiHelperClient *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  g_clear_handle_id (&self->watch_id, g_bus_unwatch_name);
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_clear_object (&self->proxy);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (tcgui_helper_client_parent_class)->dispose (object);
}

static void
tcgui_helper_client_finalize (GObject *object)
{
  TcguiHelperClient *self = (TcguiHelperClient *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->owner, g_free);
  g_clear_pointer (&self->capabilities, g_variant_unref);
  g_ptr_array_unref (self->caps_waiters);

  G_OBJECT_CLASS (tcgui_helper_client_parent_class)->finalize (object);
}

static void
tcgui_helper_client_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TcguiHelperClient *self = TCGUI_HELPER_CLIENT (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_HELPER_RUNNING:
      g_value_set_boolean (value, self->helper_running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tcgui_helper_client_class_init (TcguiHelperClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tcgui_helper_client_dispose;
  object_class->finalize = tcgui_helper_client_finalize;
  object_class->get_property = tcgui_helper_client_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       TCGUI_TYPE_HELPER_STATE, TCGUI_HELPER_STATE_CONNECTING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HELPER_RUNNING] =
    g_param_spec_boolean ("helper-running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The helper's signals, forwarded for the parts in tcgui-counters-client.c
   * and tcgui-inventory.c (see tcgui-helper-client-private.h). */
  signals[COUNTERS] =
    g_signal_new ("counters", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT64, G_TYPE_VARIANT);
  signals[WATCHES_DROPPED] =
    g_signal_new ("watches-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_VARIANT, G_TYPE_STRING);
  signals[INVENTORY_CHANGED] =
    g_signal_new ("inventory-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT64, G_TYPE_VARIANT, G_TYPE_STRV);
  signals[RULES_CHANGED] =
    g_signal_new ("rules-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT64, G_TYPE_VARIANT, G_TYPE_STRV);
  /**
   * TcguiHelperClient::shaping-changed:
   * @namespace_id: (nullable): the namespace whose shaping this app changed
   * @ifname: (nullable): the interface; both %NULL: anything may have changed
   *
   * After a SetShaping, ClearShaping or ResetAll call of this app returned
   * (successfully or not: a failed call may have found the kernel changed),
   * so that views of what is shaped read the kernel again.
   */
  signals[SHAPING_CHANGED] =
    g_signal_new ("shaping-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
tcgui_helper_client_init (TcguiHelperClient *self)
{
  /* Registers io.github.tcgui.Error.* before the first reply arrives. */
  g_type_ensure (G_TYPE_DBUS_PROXY);
  (void) TCGUI_ERROR;

  self->cancellable = g_cancellable_new ();
  self->caps_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->state = TCGUI_HELPER_STATE_CONNECTING;
  connect_to_bus (self);
}

TcguiHelperClient *
tcgui_helper_client_new (void)
{
  return g_object_new (TCGUI_TYPE_HELPER_CLIENT, NULL);
}

TcguiHelperState
tcgui_helper_client_get_state (TcguiHelperClient *self)
{
  g_return_val_if_fail (TCGUI_IS_HELPER_CLIENT (self), TCGUI_HELPER_STATE_CONNECTING);
  return self->state;
}

/**
 * tcgui_helper_client_get_message:
 *
 * Returns: (nullable): what went wrong last, in the words of the bus or the
 *   helper, for the details of a status page
 */
const char *
tcgui_helper_client_get_message (TcguiHelperClient *self)
{
  g_return_val_if_fail (TCGUI_IS_HELPER_CLIENT (self), NULL);
  return self->message;
}

/**
 * tcgui_helper_client_get_owner:
 *
 * Returns: (nullable): the helper's unique bus name while it runs: another
 *   one is a new helper, which knows nothing of the old one's watches and
 *   generations
 */
const char *
tcgui_helper_client_get_owner (TcguiHelperClient *self)
{
  g_return_val_if_fail (TCGUI_IS_HELPER_CLIENT (self), NULL);
  return self->owner;
}

gboolean
tcgui_helper_client_get_helper_running (TcguiHelperClient *self)
{
  g_return_val_if_fail (TCGUI_IS_HELPER_CLIENT (self), FALSE);
  return self->helper_running;
}

/**
 * tcgui_helper_client_retry:
 *
 * Tries again after a failure: reconnects to the bus if needed, and goes
 * back to %TCGUI_HELPER_STATE_READY so that the window reloads.
 */
void
tcgui_helper_client_retry (TcguiHelperClient *self)
{
  g_return_if_fail (TCGUI_IS_HELPER_CLIENT (self));

  if (self->connection == NULL)
    connect_to_bus (self);
  else if (self->proxy == NULL)
    create_proxy (self);
  else if (self->state != TCGUI_HELPER_STATE_READY)
    set_state (self, TCGUI_HELPER_STATE_READY, NULL);
}

/* The one place that decides how the app calls the helper: every call may
 * have polkit's agent ask for a password instead of refusing. */
static GDBusCallFlags
call_flags (void)
{
  return G_DBUS_CALL_FLAGS_ALLOW_INTERACTIVE_AUTHORIZATION;
}

/**
 * tcgui_helper_client_call_no_reply:
 * @parameters: (nullable) (transfer floating): the arguments
 *
 * Calls @method and forgets it (Unwatch when a part goes away): nothing
 * waits for the answer, nothing keeps the client alive for it.
 */
void
tcgui_helper_client_call_no_reply (TcguiHelperClient *self,
                                   const char        *method,
                                   GVariant          *parameters)
{
  if (self->proxy == NULL)
    {
      if (parameters != NULL)
        g_variant_unref (g_variant_ref_sink (parameters));
      return;
    }
  g_dbus_proxy_call (G_DBUS_PROXY (self->proxy), method, parameters, call_flags (), -1,
                     NULL, NULL, NULL);
}

static void
call_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TcguiHelperClient *self = g_task_get_source_object (task);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (self->n_in_flight > 0);
  self->n_in_flight--;

  reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (object), result, &error);
  if (reply == NULL)
    {
      note_error (self, g_task_get_name (task), error);
      g_dbus_error_strip_remote_error (error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&reply), (GDestroyNotify) g_variant_unref);
}

/**
 * tcgui_helper_client_call_async:
 * @method: a method of io.github.tcgui.Helper1
 * @parameters: (nullable) (transfer floating): its arguments
 * @source_tag: the public _async function, checked by the _finish
 *
 * Calls @method on the helper. Every call of the app goes through here
 * and allows interactive authorization (decided here only), so that
 * polkit's agent can ask for a password instead of refusing. Errors also update the client's state (helper missing,
 * crashed, …). For the files that wrap one group of methods each.
 */
void
tcgui_helper_client_call_async (TcguiHelperClient   *self,
            const char          *method,
            GVariant            *parameters,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, method);

  if (self->proxy == NULL)
    {
      if (parameters != NULL)
        g_variant_unref (g_variant_ref_sink (parameters));
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               _("Not connected to the helper"));
      return;
    }

  self->n_in_flight++;
  g_dbus_proxy_call (G_DBUS_PROXY (self->proxy), method, parameters, call_flags (),
                     -1, cancellable, call_cb, g_steal_pointer (&task));
}

/**
 * tcgui_helper_client_call_finish:
 * @type: the reply's type, such as "(a{sv})"
 *
 * Returns: (transfer full): the reply's single value, or %NULL with @error
 *   set (remote errors stripped: TCGUI_ERROR codes with the helper's text)
 */
GVariant *
tcgui_helper_client_call_finish (TcguiHelperClient  *self,
             GAsyncResult       *result,
             gpointer            source_tag,
             const char         *type,
             GError            **error)
{
  g_autoptr(GVariant) reply = NULL;
  GVariant *value;

  reply = tcgui_helper_client_call_finish_reply (self, result, source_tag, type, error);
  if (reply == NULL)
    return NULL;

  g_variant_get (reply, "(@*)", &value);
  return value;
}

/**
 * tcgui_helper_client_call_finish_reply:
 * @type: the reply's type, such as "(uta{sv})"
 *
 * As tcgui_helper_client_call_finish(), for methods with several out
 * arguments.
 *
 * Returns: (transfer full): the whole reply tuple, or %NULL with @error set
 */
GVariant *
tcgui_helper_client_call_finish_reply (TcguiHelperClient  *self,
                                       GAsyncResult       *result,
                                       gpointer            source_tag,
                                       const char         *type,
                                       GError            **error)
{
  g_autoptr(GVariant) reply = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  reply = g_task_propagate_pointer (G_TASK (result), error);
  if (reply == NULL)
    return NULL;

  if (!g_variant_is_of_type (reply, G_VARIANT_TYPE (type)))
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_FAILED,
                   _("The helper answered with %s instead of %s"),
                   g_variant_get_type_string (reply), type);
      return NULL;
    }

  return g_steal_pointer (&reply);
}

/* The one GetCapabilities call in flight answers every caller that asked
 * meanwhile (the window, its pages, the rules model). */
static void
capabilities_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TcguiHelperClient) self = user_data;
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->caps_waiters);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  self->caps_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  reply = tcgui_helper_client_call_finish_reply (self, result, capabilities_cb, "(a{sv})", &error);
  /* Kept for this helper only: its name's owner changing clears it. */
  if (reply != NULL && self->capabilities == NULL && self->helper_running)
    self->capabilities = g_variant_ref (reply);
  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (reply != NULL)
        g_task_return_pointer (task, g_variant_ref (reply), (GDestroyNotify) g_variant_unref);
      else
        g_task_return_error (task, g_error_copy (error));
    }
}

void
tcgui_helper_client_get_capabilities_async (TcguiHelperClient   *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TCGUI_IS_HELPER_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tcgui_helper_client_get_capabilities_async);
  /* The kernel's and the helper's abilities do not change while it runs:
   * every page asks, one call (and polkit check) answers them all. */
  if (self->capabilities != NULL && self->state == TCGUI_HELPER_STATE_READY)
    {
      g_task_return_pointer (task, g_variant_ref (self->capabilities),
                             (GDestroyNotify) g_variant_unref);
      return;
    }
  g_ptr_array_add (self->caps_waiters, g_steal_pointer (&task));
  if (self->caps_waiters->len > 1)
    return;   /* asked already: its answer comes to every waiter */
  tcgui_helper_client_call_async (self, "GetCapabilities", NULL, capabilities_cb,
                                  self->cancellable, capabilities_cb, g_object_ref (self));
}

/**
 * tcgui_helper_client_get_capabilities_finish:
 *
 * Returns: (transfer full): the a{sv} of GetCapabilities, or %NULL
 */
GVariant *
tcgui_helper_client_get_capabilities_finish (TcguiHelperClient  *self,
                                             GAsyncResult       *result,
                                             GError            **error)
{
  g_autoptr(GVariant) reply = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        tcgui_helper_client_get_capabilities_async, NULL);

  reply = g_task_propagate_pointer (G_TASK (result), error);
  if (reply == NULL)
    return NULL;
  return g_variant_get_child_value (reply, 0);
}

void
tcgui_helper_client_list_namespaces_async (TcguiHelperClient   *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (TCGUI_IS_HELPER_CLIENT (self));

  tcgui_helper_client_call_async (self, "ListNamespaces", NULL,
              tcgui_helper_client_list_namespaces_async,
              cancellable, callback, user_data);
}

typedef gpointer (*ParseFunc) (GVariant *dict);

static GListModel *
parse_list (GVariant *list,
            GType     item_type,
            ParseFunc parse)
{
  GListStore *store = g_list_store_new (item_type);
  GVariantIter iter;
  GVariant *dict;

  g_variant_iter_init (&iter, list);
  while ((dict = g_variant_iter_next_value (&iter)))
    {
      g_autoptr(GObject) item = parse (dict);

      /* An entry without its key fields is skipped, not shown half. */
      if (item != NULL)
        g_list_store_append (store, item);
      g_variant_unref (dict);
    }

  return G_LIST_MODEL (store);
}

/**
 * tcgui_helper_client_list_namespaces_finish:
 *
 * Returns: (transfer full): a list of #TcguiNamespace, the host first
 */
GListModel *
tcgui_helper_client_list_namespaces_finish (TcguiHelperClient  *self,
                                            GAsyncResult       *result,
                                            GError            **error)
{
  g_autoptr(GVariant) list = NULL;

  list = tcgui_helper_client_call_finish (self, result, tcgui_helper_client_list_namespaces_async,
                      "(aa{sv})", error);
  if (list == NULL)
    return NULL;

  return parse_list (list, TCGUI_TYPE_NAMESPACE,
                     (ParseFunc) tcgui_namespace_new_from_variant);
}

void
tcgui_helper_client_list_links_async (TcguiHelperClient   *self,
                                      const char          *namespace_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (TCGUI_IS_HELPER_CLIENT (self));
  g_return_if_fail (namespace_id != NULL);

  tcgui_helper_client_call_async (self, "ListLinks", g_variant_new ("(s)", namespace_id),
              tcgui_helper_client_list_links_async,
              cancellable, callback, user_data);
}

/**
 * tcgui_helper_client_list_links_finish:
 *
 * Returns: (transfer full): a list of #TcguiLink, sorted by index
 */
GListModel *
tcgui_helper_client_list_links_finish (TcguiHelperClient  *self,
                                       GAsyncResult       *result,
                                       GError            **error)
{
  g_autoptr(GVariant) list = NULL;

  list = tcgui_helper_client_call_finish (self, result, tcgui_helper_client_list_links_async,
                      "(aa{sv})", error);
  if (list == NULL)
    return NULL;

  return parse_list (list, TCGUI_TYPE_LINK, (ParseFunc) tcgui_link_new_from_variant);
}

/**
 * tcgui_helper_client_shaping_changed:
 *
 * Emits #TcguiHelperClient::shaping-changed (for tcgui-shaping-client.c).
 */
void
tcgui_helper_client_shaping_changed (TcguiHelperClient *self,
                                     const char        *namespace_id,
                                     const char        *ifname)
{
  g_return_if_fail (TCGUI_IS_HELPER_CLIENT (self));
  g_signal_emit (self, signals[SHAPING_CHANGED], 0, namespace_id, ifname);
}
