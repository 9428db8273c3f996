/* tcgui-service-rules.c - D-Bus glue of the rules
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-service"

#include "config.h"

#include "tcgui-error.h"
#include "tcgui-rules.h"
#include "tcgui-service.h"
#include "tcgui-service-inventory.h"
#include "tcgui-service-rules.h"

/* The engine (tcgui-rules.c) is created when the helper starts, in the main
 * context, and reads the rules file then; the inventory it needs is started
 * at once when there are rules, else with the first rule. The handlers run
 * in GDBus's worker threads after the one authorization gate; they only
 * check who calls and hand over to the engine. RulesChanged goes, unicast,
 * to each connection that called ListRules, filtered by visibility. */

#define INTERFACE_NAME "io.github.tcgui.Helper1"

typedef struct
{
  guint32 uid;
  guint   name_watch_id;
} Caller;

typedef struct
{
  TcguiRules      *rules;
  TcguiHelper1    *object;
  GDBusConnection *connection;
  GHashTable      *callers;       /* unique name → Caller, main context only */
  gboolean         started;       /* the engine was given the inventory */
} RulesService;

static RulesService service = { 0 };

static void
caller_free (gpointer data)
{
  Caller *caller = data;

  g_bus_unwatch_name (caller->name_watch_id);
  g_free (caller);
}

static void
caller_vanished_cb (GDBusConnection *connection,
                    const char      *name,
                    gpointer         data)
{
  g_hash_table_remove (service.callers, name);
}

typedef struct
{
  char    *sender;
  guint32  uid;
} Remember;

static gboolean
remember_in_main_cb (gpointer data)
{
  Remember *r = data;
  Caller *caller;

  if (service.callers != NULL && service.connection != NULL &&
      !g_hash_table_contains (service.callers, r->sender))
    {
      caller = g_new0 (Caller, 1);
      caller->uid = r->uid;
      g_hash_table_insert (service.callers, g_strdup (r->sender), caller);
      caller->name_watch_id = g_bus_watch_name_on_connection (service.connection, r->sender,
                                                              G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                              NULL, caller_vanished_cb, NULL, NULL);
    }
  g_free (r->sender);
  g_free (r);
  return G_SOURCE_REMOVE;
}

/* What @uid may see of a change: public rules and its own private ones. */
static GVariant *
filter_changes (guint64    generation,
                GVariant  *changed,
                GVariant  *removed,
                guint32    uid,
                gboolean  *any)
{
  g_auto(GVariantBuilder) rules = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_auto(GVariantBuilder) ids = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("as"));
  GVariantIter iter;
  GVariant *rule;
  const char *id;
  guint32 owner_tag;

  *any = FALSE;
  g_variant_iter_init (&iter, changed);
  while ((rule = g_variant_iter_next_value (&iter)))
    {
      g_autoptr(GVariant) selector = g_variant_lookup_value (rule, "selector", G_VARIANT_TYPE_VARDICT);
      const char *runtime = "";
      guint32 owner = 0;

      g_variant_lookup (selector, "runtime", "&s", &runtime);
      g_variant_lookup (rule, "owner-uid", "u", &owner);
      if (!g_str_equal (runtime, "podman-user") || owner == uid)
        {
          g_variant_builder_add_value (&rules, rule);
          *any = TRUE;
        }
      g_variant_unref (rule);
    }
  g_variant_iter_init (&iter, removed);
  while (g_variant_iter_next (&iter, "(&su)", &id, &owner_tag))
    if (owner_tag == 0 || owner_tag - 1 == uid)
      {
        g_variant_builder_add (&ids, "s", id);
        *any = TRUE;
      }
  return g_variant_ref_sink (g_variant_new ("(t@aa{sv}@as)", generation,
                                            g_variant_builder_end (&rules),
                                            g_variant_builder_end (&ids)));
}

static void
rules_changed_cb (TcguiRules *rules,
                  guint64     generation,
                  GVariant   *changed,
                  GVariant   *removed,
                  gpointer    data)
{
  GHashTableIter iter;
  gpointer sender;
  Caller *caller;
  gboolean any;

  g_hash_table_iter_init (&iter, service.callers);
  while (g_hash_table_iter_next (&iter, &sender, (gpointer *) &caller))
    {
      g_autoptr(GVariant) mine = filter_changes (generation, changed, removed, caller->uid, &any);

      if (any && service.connection != NULL)
        g_dbus_connection_emit_signal (service.connection, sender, HELPER_OBJECT_PATH,
                                       INTERFACE_NAME, "RulesChanged", mine, NULL);
    }

  /* The first rule: from now on the engine needs the inventory. */
  if (!service.started && tcgui_rules_get_n_rules (service.rules) > 0)
    {
      service.started = TRUE;
      tcgui_rules_start (service.rules, tcgui_service_inventory_ensure (service.object));
    }
}

/**
 * tcgui_service_rules_start:
 * @object: the exported service
 *
 * Reads the rules (tcgui_rules_get_default_path()) and, when there are
 * some (expired ones too: what they applied is cleared), starts the
 * inventory and applying them. Main context.
 */
void
tcgui_service_rules_start (TcguiHelper1 *object)
{
  g_return_if_fail (service.rules == NULL);

  service.object = object;
  service.connection = g_dbus_interface_skeleton_get_connection (G_DBUS_INTERFACE_SKELETON (object));
  if (service.connection != NULL)
    g_object_ref (service.connection);
  service.callers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, caller_free);
  service.rules = tcgui_rules_new (tcgui_rules_get_default_path ());
  g_signal_connect (service.rules, "changed", G_CALLBACK (rules_changed_cb), NULL);
  if (tcgui_rules_get_problem (service.rules) != NULL)
    g_message ("%s", tcgui_rules_get_problem (service.rules));
  /* Also for rules that only expired: what they applied is cleared. */
  if (tcgui_rules_get_n_rules (service.rules) > 0)
    {
      service.started = TRUE;
      tcgui_rules_start (service.rules, tcgui_service_inventory_ensure (object));
    }
}

void
tcgui_service_rules_stop (void)
{
  if (service.rules != NULL)
    g_signal_handlers_disconnect_by_func (service.rules, rules_changed_cb, NULL);
  g_clear_object (&service.rules);
  g_clear_pointer (&service.callers, g_hash_table_unref);
  g_clear_object (&service.connection);
  service.object = NULL;
  service.started = FALSE;
}

void
tcgui_service_rules_add_capabilities (GVariantBuilder *builder)
{
  const char *problem = service.rules ? tcgui_rules_get_problem (service.rules) : NULL;

  g_variant_builder_add (builder, "{sv}", "rules", g_variant_new_boolean (service.rules != NULL));
  g_variant_builder_add (builder, "{sv}", "rules-error", g_variant_new_string (problem ? problem : ""));
}

guint
tcgui_service_rules_get_n_enabled (void)
{
  return service.rules ? tcgui_rules_get_n_enabled (service.rules) : 0;
}

void
tcgui_service_rules_note_manual_change (const char *ns_id,
                                        const char *ifname)
{
  if (service.rules != NULL)
    tcgui_rules_note_manual_change (service.rules, ns_id, ifname);
}

void
tcgui_service_rules_note_reset_all (void)
{
  if (service.rules != NULL)
    tcgui_rules_note_reset_all (service.rules);
}

/* ---- handlers ------------------------------------------------------------ */

static gboolean
return_error (GDBusMethodInvocation *invocation,
              GError                *error)
{
  g_dbus_method_invocation_take_error (invocation, error);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
get_uid (GDBusMethodInvocation  *invocation,
         guint32                *uid,
         GError                **error)
{
  if (service.rules == NULL)
    return (g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_FAILED,
                         "This helper keeps no rules"), FALSE);
  return tcgui_service_get_caller_uid (invocation, uid, error);
}

static gboolean
handle_list_rules (TcguiHelper1          *object,
                   GDBusMethodInvocation *invocation)
{
  g_autoptr(GVariant) rules = NULL;
  GError *error = NULL;
  guint64 generation = 0;
  Remember *r;
  guint32 uid;

  if (!get_uid (invocation, &uid, &error))
    return return_error (invocation, error);

  /* Subscribed before the copy is taken: no change falls in between. */
  r = g_new0 (Remember, 1);
  r->sender = g_strdup (g_dbus_method_invocation_get_sender (invocation));
  r->uid = uid;
  if (r->sender != NULL)
    g_main_context_invoke (NULL, remember_in_main_cb, r);
  else
    g_free (r);

  rules = tcgui_rules_list (service.rules, uid, &generation);
  tcgui_helper1_complete_list_rules (object, invocation, generation, rules);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_set_rule (TcguiHelper1          *object,
                 GDBusMethodInvocation *invocation,
                 GVariant              *rule)
{
  g_autofree char *id = NULL;
  GError *error = NULL;
  guint32 uid;

  if (!get_uid (invocation, &uid, &error) ||
      !(id = tcgui_rules_set (service.rules, rule, uid, &error)))
    return return_error (invocation, error);

  tcgui_helper1_complete_set_rule (object, invocation, id);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_delete_rule (TcguiHelper1          *object,
                    GDBusMethodInvocation *invocation,
                    const char            *id)
{
  GError *error = NULL;
  guint32 uid;

  if (!get_uid (invocation, &uid, &error) ||
      !tcgui_rules_delete (service.rules, id, uid, &error))
    return return_error (invocation, error);

  tcgui_helper1_complete_delete_rule (object, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

void
tcgui_service_rules_iface_init (TcguiHelper1Iface *iface)
{
  iface->handle_list_rules = handle_list_rules;
  iface->handle_set_rule = handle_set_rule;
  iface->handle_delete_rule = handle_delete_rule;
}
