/* tcgui-service.c - the io.github.tcgui.Helper1 object of the helper
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-service"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <polkit/polkit.h>

#include "tcgui-actions.h"
#include "tcgui-error.h"
#include "tcgui-netns.h"
#include "tcgui-nl.h"
#include "tcgui-service.h"
#include "tcgui-service-batch.h"
#include "tcgui-service-shaping.h"
#include "tcgui-service-watch.h"
#include "tcgui-service-inventory.h"
#include "tcgui-service-rules.h"

#define API_VERSION    1

struct _TcguiService
{
  TcguiHelper1Skeleton  parent_instance;

  /* Fetched by the first call and kept: calls run in several threads. */
  GMutex                authority_lock;
  PolkitAuthority      *authority;

  /* Calls received and not answered yet (atomic). */
  int                   n_calls;

  /* "UID METHOD" → calls in flight, for in_flight_limits. */
  GMutex                in_flight_lock;
  GHashTable           *in_flight;
};

enum {
  ACTIVITY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void tcgui_service_iface_init (TcguiHelper1Iface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TcguiService, tcgui_service, TCGUI_TYPE_HELPER1_SKELETON,
                               G_IMPLEMENT_INTERFACE (TCGUI_TYPE_HELPER1, tcgui_service_iface_init))

/* ---- authorization ------------------------------------------------------ */

static PolkitAuthority *
get_authority (TcguiService  *self,
               GError       **error)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->authority_lock);
  g_autoptr(GError) local_error = NULL;

  /* A failure is not kept: polkitd may be back for the next call. */
  if (self->authority == NULL)
    self->authority = polkit_authority_get_sync (NULL, &local_error);

  if (self->authority == NULL)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_FAILED,
                   _("Cannot check authorization: polkit is not available (%s)"),
                   local_error->message);
      return NULL;
    }

  return self->authority;
}

/* The text polkit shows in the authentication dialog. polkitd translates it
 * into the caller's language itself, through polkit.gettext_domain. */
static const char *
polkit_message_for_action (const char *action_id)
{
  if (g_str_equal (action_id, TCGUI_ACTION_INSPECT))
    return N_("Authentication is required to list network interfaces and "
              "read their traffic shaping");
  return N_("Authentication is required to change the traffic shaping of "
            "network interfaces");
}

static PolkitDetails *
new_details (const char *action_id)
{
  PolkitDetails *details = polkit_details_new ();

  polkit_details_insert (details, "polkit.message", polkit_message_for_action (action_id));
  polkit_details_insert (details, "polkit.gettext_domain", GETTEXT_PACKAGE);
  return details;
}

static gboolean
allows_interaction (GDBusMethodInvocation *invocation)
{
  GDBusMessage *message = g_dbus_method_invocation_get_message (invocation);

  return (g_dbus_message_get_flags (message) &
          G_DBUS_MESSAGE_FLAGS_ALLOW_INTERACTIVE_AUTHORIZATION) != 0;
}

static void
set_denied_error (PolkitAuthorizationResult  *result,
                  const char                 *method,
                  const char                 *action_id,
                  gboolean                    interactive,
                  GError                    **error)
{
  if (polkit_authorization_result_get_dismissed (result))
    g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_NOT_AUTHORIZED,
                 _("Not authorized to call %s: the authentication dialog was "
                   "dismissed"), method);
  else if (polkit_authorization_result_get_is_challenge (result) && !interactive)
    g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_NOT_AUTHORIZED,
                 _("Not authorized to call %s: it needs authentication "
                   "(polkit action %s), but the call did not allow "
                   "interactive authorization"), method, action_id);
  else
    g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_NOT_AUTHORIZED,
                 _("Not authorized to call %s (polkit action %s)"),
                 method, action_id);
}

static gboolean
check_authorization (TcguiService           *self,
                     GDBusMethodInvocation  *invocation,
                     GError                **error)
{
  const char *method = g_dbus_method_invocation_get_method_name (invocation);
  const char *sender = g_dbus_method_invocation_get_sender (invocation);
  const char *action_id = tcgui_action_for_method (method);
  gboolean interactive = allows_interaction (invocation);
  g_autoptr(PolkitAuthorizationResult) result = NULL;
  g_autoptr(PolkitSubject) subject = NULL;
  g_autoptr(PolkitDetails) details = NULL;
  g_autoptr(GError) local_error = NULL;
  PolkitAuthority *authority;

  if (!(authority = get_authority (self, error)))
    return FALSE;

  /* Without a sender (a peer-to-peer connection) there is nobody to ask about. */
  if (sender == NULL)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_NOT_AUTHORIZED,
                   _("Not authorized to call %s: the caller is unknown"), method);
      return FALSE;
    }

  subject = polkit_system_bus_name_new (sender);
  details = new_details (action_id);
  /* Only a caller that said it can wait for a dialog may get one. */
  result = polkit_authority_check_authorization_sync (authority, subject, action_id, details,
                                                      interactive
                                                        ? POLKIT_CHECK_AUTHORIZATION_FLAGS_ALLOW_USER_INTERACTION
                                                        : POLKIT_CHECK_AUTHORIZATION_FLAGS_NONE,
                                                      NULL, &local_error);
  if (result == NULL)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_FAILED,
                   _("Cannot check authorization for %s: %s"), method, local_error->message);
      return FALSE;
    }

  if (polkit_authorization_result_get_is_authorized (result))
    return TRUE;

  g_debug ("%s denied %s (%s)", sender, method, action_id);
  set_denied_error (result, method, action_id, interactive, error);
  return FALSE;
}

/* ---- calls in flight ---------------------------------------------------- */

/* Runs when the invocation is finalized, i.e. after its reply was sent. */
static void
call_finished_cb (gpointer  data,
                  GObject  *where_the_invocation_was)
{
  TcguiService *self = data;

  g_atomic_int_dec_and_test (&self->n_calls);
  g_signal_emit (self, signals[ACTIVITY], 0);
  g_object_unref (self);
}

static void
track_call (TcguiService          *self,
            GDBusMethodInvocation *invocation)
{
  g_atomic_int_inc (&self->n_calls);
  g_object_weak_ref (G_OBJECT (invocation), call_finished_cb, g_object_ref (self));
  g_signal_emit (self, signals[ACTIVITY], 0);
}

/* ---- calls in flight per user -------------------------------------------- */

/* Costly calls a user may have in flight at once. Checked before polkit: a
 * flood of them is refused at once instead of occupying the threads that
 * answer everybody's calls, and polkitd, for seconds. */
static const struct {
  const char *method;
  guint       max_per_user;
  TcguiError  code;
} in_flight_limits[] = {
  /* Up to 1024 targets each; the app has one in flight at a time. */
  { "Watch", 4, TCGUI_ERROR_LIMIT_EXCEEDED },
  /* Up to 1024 changes each, applied in one worker thread: one at a time
   * per user, so that a user's batches hold one thread, not all. */
  { "SetShapingBatch", 1, TCGUI_ERROR_BUSY },
  /* Each rewrites and fsyncs the rules file under one lock: a flood from
   * one user would hold every worker thread waiting for it. */
  { "SetRule", 1, TCGUI_ERROR_BUSY },
  { "DeleteRule", 1, TCGUI_ERROR_BUSY },
};

typedef struct
{
  TcguiService *self;
  char         *key;          /* "UID METHOD" */
} InFlight;

static void
in_flight_done_cb (gpointer  data,
                   GObject  *where_the_invocation_was)
{
  InFlight *in_flight = data;
  TcguiService *self = in_flight->self;

  g_mutex_lock (&self->in_flight_lock);
  {
    guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->in_flight, in_flight->key));

    if (n <= 1)
      g_hash_table_remove (self->in_flight, in_flight->key);
    else
      g_hash_table_insert (self->in_flight, g_strdup (in_flight->key), GUINT_TO_POINTER (n - 1));
  }
  g_mutex_unlock (&self->in_flight_lock);
  g_object_unref (self);
  g_free (in_flight->key);
  g_free (in_flight);
}

static gboolean
check_in_flight (TcguiService           *self,
                 GDBusMethodInvocation  *invocation,
                 GError                **error)
{
  const char *method = g_dbus_method_invocation_get_method_name (invocation);
  g_autofree char *key = NULL;
  InFlight *in_flight;
  TcguiError code = TCGUI_ERROR_LIMIT_EXCEEDED;
  guint32 uid;
  guint n, max = 0;

  for (guint i = 0; i < G_N_ELEMENTS (in_flight_limits); i++)
    if (g_str_equal (method, in_flight_limits[i].method))
      {
        max = in_flight_limits[i].max_per_user;
        code = in_flight_limits[i].code;
      }
  if (max == 0)
    return TRUE;
  if (!tcgui_service_get_caller_uid (invocation, &uid, error))
    return FALSE;

  key = g_strdup_printf ("%u %s", uid, method);
  g_mutex_lock (&self->in_flight_lock);
  n = GPOINTER_TO_UINT (g_hash_table_lookup (self->in_flight, key));
  if (n < max)
    g_hash_table_insert (self->in_flight, g_strdup (key), GUINT_TO_POINTER (n + 1));
  g_mutex_unlock (&self->in_flight_lock);
  if (n >= max)
    return (g_set_error (error, TCGUI_ERROR, code,
                         _("User %u already has %u %s calls in flight, the most a user may "
                           "(%s calls in flight per user)"), uid, n, method, method), FALSE);

  in_flight = g_new0 (InFlight, 1);
  in_flight->self = g_object_ref (self);
  in_flight->key = g_steal_pointer (&key);
  g_object_weak_ref (G_OBJECT (invocation), in_flight_done_cb, in_flight);
  return TRUE;
}

/* The one place where calls are authorized: every method, those added later
 * too, passes through here before its handler runs. */
static gboolean
tcgui_service_g_authorize_method (GDBusInterfaceSkeleton *skeleton,
                                  GDBusMethodInvocation  *invocation)
{
  TcguiService *self = TCGUI_SERVICE (skeleton);
  g_autoptr(GError) error = NULL;

  track_call (self, invocation);

  if (!check_in_flight (self, invocation, &error) ||
      !check_authorization (self, invocation, &error))
    {
      g_dbus_method_invocation_take_error (invocation, g_steal_pointer (&error));
      return FALSE;
    }

  return TRUE;
}

/* ---- handlers: validate, call the modules, reply ------------------------ */

static gboolean
handle_get_capabilities (TcguiHelper1          *object,
                         GDBusMethodInvocation *invocation)
{
  const TcguiKernelCaps *caps = tcgui_nl_get_kernel_caps ();
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  g_variant_builder_add (&builder, "{sv}", "version", g_variant_new_string (PACKAGE_VERSION));
  g_variant_builder_add (&builder, "{sv}", "api-version", g_variant_new_uint32 (API_VERSION));
  g_variant_builder_add (&builder, "{sv}", "netem", g_variant_new_boolean (caps->netem));
  g_variant_builder_add (&builder, "{sv}", "netem-module", g_variant_new_string ("sch_netem"));
  g_variant_builder_add (&builder, "{sv}", "tbf", g_variant_new_boolean (caps->tbf));
  g_variant_builder_add (&builder, "{sv}", "ifb", g_variant_new_boolean (caps->ifb));
  g_variant_builder_add (&builder, "{sv}", "batch", g_variant_new_boolean (TRUE));
  tcgui_service_rules_add_capabilities (&builder);
  g_variant_builder_add (&builder, "{sv}", "flows", g_variant_new_boolean (caps->htb));

  tcgui_helper1_complete_get_capabilities (object, invocation, g_variant_builder_end (&builder));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static GVariant *
ns_info_to_variant (const TcguiNsInfo *info)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  g_variant_builder_add (&builder, "{sv}", "id", g_variant_new_string (info->id));
  g_variant_builder_add (&builder, "{sv}", "kind", g_variant_new_string (info->kind));
  g_variant_builder_add (&builder, "{sv}", "name", g_variant_new_string (info->name));
  g_variant_builder_add (&builder, "{sv}", "inode", g_variant_new_uint64 (info->inode));
  return g_variant_builder_end (&builder);
}

static gboolean
handle_list_namespaces (TcguiHelper1          *object,
                        GDBusMethodInvocation *invocation)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(GPtrArray) namespaces = NULL;
  g_autoptr(GError) error = NULL;

  if (!(namespaces = tcgui_netns_list (&error)))
    {
      g_dbus_method_invocation_take_error (invocation, g_steal_pointer (&error));
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  for (guint i = 0; i < namespaces->len; i++)
    g_variant_builder_add_value (&builder, ns_info_to_variant (g_ptr_array_index (namespaces, i)));

  tcgui_helper1_complete_list_namespaces (object, invocation, g_variant_builder_end (&builder));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static GVariant *
link_to_variant (const TcguiLinkInfo *link)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  g_variant_builder_add (&builder, "{sv}", "name", g_variant_new_string (link->name));
  g_variant_builder_add (&builder, "{sv}", "index", g_variant_new_int32 (link->index));
  g_variant_builder_add (&builder, "{sv}", "kind", g_variant_new_string (link->kind));
  g_variant_builder_add (&builder, "{sv}", "mac", g_variant_new_string (link->mac));
  g_variant_builder_add (&builder, "{sv}", "mtu", g_variant_new_uint32 (link->mtu));
  g_variant_builder_add (&builder, "{sv}", "operstate", g_variant_new_string (link->operstate));
  g_variant_builder_add (&builder, "{sv}", "qdisc", g_variant_new_string (link->qdisc));
  /* Only links with a peer or lower device (veth, macvlan, ...) have these. */
  if (link->peer_index > 0)
    {
      g_variant_builder_add (&builder, "{sv}", "peer-index",
                             g_variant_new_int32 (link->peer_index));
      g_variant_builder_add (&builder, "{sv}", "link-netnsid",
                             g_variant_new_int32 (link->link_netnsid));
    }
  g_variant_builder_add (&builder, "{sv}", "master-index",
                         g_variant_new_int32 (link->master_index));
  return g_variant_builder_end (&builder);
}

static gboolean
handle_list_links (TcguiHelper1          *object,
                   GDBusMethodInvocation *invocation,
                   const char            *namespace_id)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TcguiNl) nl = NULL;

  if (!(nl = tcgui_service_open_namespace (namespace_id, &error)) ||
      !(links = tcgui_nl_list_links (nl, &error)))
    {
      g_dbus_method_invocation_take_error (invocation, g_steal_pointer (&error));
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  for (guint i = 0; i < links->len; i++)
    g_variant_builder_add_value (&builder, link_to_variant (g_ptr_array_index (links, i)));

  tcgui_helper1_complete_list_links (object, invocation, g_variant_builder_end (&builder));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
tcgui_service_iface_init (TcguiHelper1Iface *iface)
{
  iface->handle_get_capabilities = handle_get_capabilities;
  iface->handle_list_namespaces = handle_list_namespaces;
  iface->handle_list_links = handle_list_links;
  tcgui_service_shaping_iface_init (iface);
  tcgui_service_batch_iface_init (iface);
  tcgui_service_watch_iface_init (iface);
  tcgui_service_inventory_iface_init (iface);
  tcgui_service_rules_iface_init (iface);
}

/* ---- object ------------------------------------------------------------- */

static void
tcgui_service_finalize (GObject *object)
{
  TcguiService *self = (TcguiService *)object;

  g_clear_object (&self->authority);
  g_mutex_clear (&self->authority_lock);
  g_clear_pointer (&self->in_flight, g_hash_table_unref);
  g_mutex_clear (&self->in_flight_lock);

  G_OBJECT_CLASS (tcgui_service_parent_class)->finalize (object);
}

static void
tcgui_service_class_init (TcguiServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GDBusInterfaceSkeletonClass *skeleton_class = G_DBUS_INTERFACE_SKELETON_CLASS (klass);

  object_class->finalize = tcgui_service_finalize;

  skeleton_class->g_authorize_method = tcgui_service_g_authorize_method;

  /**
   * TcguiService::activity:
   *
   * Emitted when a call arrives and when it has been answered, from the
   * thread that handles it; the helper's idle timer listens to it.
   */
  signals[ACTIVITY] =
    g_signal_new ("activity",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
tcgui_service_init (TcguiService *self)
{
  g_mutex_init (&self->authority_lock);
  g_mutex_init (&self->in_flight_lock);
  self->in_flight = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* Calls block (polkit, netlink, setns): none may hold up the main loop. */
  g_dbus_interface_skeleton_set_flags (G_DBUS_INTERFACE_SKELETON (self),
                                       G_DBUS_INTERFACE_SKELETON_FLAGS_HANDLE_METHOD_INVOCATIONS_IN_THREAD);
}

/* ---- public API --------------------------------------------------------- */

TcguiService *
tcgui_service_new (void)
{
  return g_object_new (TCGUI_TYPE_SERVICE, NULL);
}

/**
 * tcgui_service_get_n_calls:
 *
 * Returns: how many calls were received and are not answered yet
 */
guint
tcgui_service_get_n_calls (TcguiService *self)
{
  g_return_val_if_fail (TCGUI_IS_SERVICE (self), 0);

  return (guint) g_atomic_int_get (&self->n_calls);
}

/**
 * tcgui_service_open_namespace:
 * @namespace_id: a namespace identifier from a caller
 *
 * Parses @namespace_id, opens the namespace and a netlink socket inside it.
 *
 * Returns: (transfer full): the socket, or %NULL with a #TcguiError
 */
TcguiNl *
tcgui_service_open_namespace (const char  *namespace_id,
                              GError     **error)
{
  g_autoptr(TcguiNsRef) ref = NULL;
  g_autoptr(GError) local_error = NULL;
  TcguiNl *nl;
  int nsfd;

  if (!(ref = tcgui_ns_ref_parse (namespace_id, error)))
    return NULL;

  if ((nsfd = tcgui_netns_open (ref, &local_error)) < 0)
    {
      /* Duplicating the host namespace's fd can fail without a GError. */
      if (local_error == NULL)
        g_set_error (&local_error, TCGUI_ERROR, TCGUI_ERROR_FAILED,
                     _("Cannot open the namespace “%s”"), namespace_id);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  nl = tcgui_nl_new_in (nsfd, error);
  close (nsfd);
  return nl;
}

/* Unique names are never reused, so a sender's uid is asked of the bus once,
 * not on each of its calls: a flood of calls is not also a flood of
 * GetConnectionUnixUser round trips. Bounded: emptied when it grows large. */
#define UID_CACHE_MAX 1024

static GMutex uid_cache_lock;
static GHashTable *uid_cache;   /* unique name → uid + 1 */

static gboolean
uid_cache_lookup (const char *sender,
                  guint32    *uid)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&uid_cache_lock);
  gpointer found = uid_cache ? g_hash_table_lookup (uid_cache, sender) : NULL;

  if (found != NULL)
    *uid = GPOINTER_TO_UINT (found) - 1;
  return found != NULL;
}

static void
uid_cache_insert (const char *sender,
                  guint32     uid)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&uid_cache_lock);

  if (uid_cache == NULL || g_hash_table_size (uid_cache) >= UID_CACHE_MAX)
    {
      g_clear_pointer (&uid_cache, g_hash_table_unref);
      uid_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    }
  g_hash_table_insert (uid_cache, g_strdup (sender), GUINT_TO_POINTER (uid + 1));
}

/**
 * tcgui_service_get_caller_uid:
 * @uid: (out): the uid of the caller's connection, from the bus itself
 *
 * Asks the bus once per connection (unique names are never reused).
 *
 * Returns: %TRUE, or %FALSE with a #TcguiError (no sender, or the bus did
 *   not answer)
 */
gboolean
tcgui_service_get_caller_uid (GDBusMethodInvocation  *invocation,
                              guint32                *uid,
                              GError                **error)
{
  GDBusConnection *connection = g_dbus_method_invocation_get_connection (invocation);
  const char *sender = g_dbus_method_invocation_get_sender (invocation);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) local_error = NULL;

  if (sender != NULL && uid_cache_lookup (sender, uid))
    return TRUE;
  if (sender != NULL)
    reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus",
                                         "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                         "GetConnectionUnixUser", g_variant_new ("(s)", sender),
                                         G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                         NULL, &local_error);
  if (reply == NULL)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_FAILED, _("Cannot tell who the caller is: %s"),
                   local_error ? local_error->message : "no sender");
      return FALSE;
    }
  g_variant_get (reply, "(u)", uid);
  uid_cache_insert (sender, *uid);
  return TRUE;
}
