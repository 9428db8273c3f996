/* tcgui-rules.c - the helper's rules (profiles, pins, timers), kept live
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The helper owns the rules (ListRules, SetRule, DeleteRule and the
 * unicast RulesChanged of io.github.tcgui.Helper1): this model is the app's
 * view of them, for every window. The protocol is the inventory's
 * (docs/inventory.md): the proxy is subscribed before the client is ready,
 * ListRules subscribes this connection to RulesChanged, signals that arrive
 * while it is in flight are queued and those newer than its generation
 * applied after it, and a new owner of the helper's name starts a full
 * resync. A helper without "rules" in GetCapabilities leaves the model
 * empty and not available (the app then applies profiles itself,
 * tcgui-profile-applier.c).
 */

#define G_LOG_DOMAIN "tcgui-rules"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-helper-client-private.h"
#include "tcgui-rules.h"

/* TcguiRuleItem ------------------------------------------------------------ */

struct _TcguiRuleItem
{
  GObject   parent_instance;

  GVariant *dict;       /* the helper's a{sv}, complete */
  GVariant *selector;   /* a{sv} */
  GVariant *status;     /* a{sv} */
  char     *id;
  char     *name;
};

G_DEFINE_FINAL_TYPE (TcguiRuleItem, tcgui_rule_item, G_TYPE_OBJECT)

static void
tcgui_rule_item_finalize (GObject *object)
{
  TcguiRuleItem *self = (TcguiRuleItem *)object;

  g_clear_pointer (&self->dict, g_variant_unref);
  g_clear_pointer (&self->selector, g_variant_unref);
  g_clear_pointer (&self->status, g_variant_unref);
  g_free (self->id);
  g_free (self->name);

  G_OBJECT_CLASS (tcgui_rule_item_parent_class)->finalize (object);
}

static void
tcgui_rule_item_class_init (TcguiRuleItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tcgui_rule_item_finalize;
}

static void
tcgui_rule_item_init (TcguiRuleItem *self)
{
}

static GVariant *
lookup_dict (GVariant   *dict,
             const char *key)
{
  GVariant *value = g_variant_lookup_value (dict, key, G_VARIANT_TYPE_VARDICT);

  return value != NULL ? value : g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE ("{sv}"),
                                                                          NULL, 0));
}

/**
 * tcgui_rule_item_new_from_variant:
 * @dict: a rule as ListRules or RulesChanged gives it
 *
 * Returns: (transfer full) (nullable): the rule, or %NULL without an "id"
 */
TcguiRuleItem *
tcgui_rule_item_new_from_variant (GVariant *dict)
{
  TcguiRuleItem *self;
  const char *id = NULL, *name = NULL;

  g_return_val_if_fail (g_variant_is_of_type (dict, G_VARIANT_TYPE_VARDICT), NULL);

  if (!g_variant_lookup (dict, "id", "&s", &id) || id[0] == '\0')
    return NULL;
  g_variant_lookup (dict, "name", "&s", &name);

  self = g_object_new (TCGUI_TYPE_RULE_ITEM, NULL);
  self->dict = g_variant_ref_sink (dict);
  self->id = g_strdup (id);
  self->name = g_strdup (name != NULL ? name : id);
  self->selector = lookup_dict (dict, "selector");
  self->status = lookup_dict (dict, "status");
  return self;
}

GVariant *
tcgui_rule_item_get_variant (TcguiRuleItem *self)
{
  g_return_val_if_fail (TCGUI_IS_RULE_ITEM (self), NULL);
  return self->dict;
}

const char *
tcgui_rule_item_get_id (TcguiRuleItem *self)
{
  g_return_val_if_fail (TCGUI_IS_RULE_ITEM (self), NULL);
  return self->id;
}

const char *
tcgui_rule_item_get_name (TcguiRuleItem *self)
{
  g_return_val_if_fail (TCGUI_IS_RULE_ITEM (self), NULL);
  return self->name;
}

gboolean
tcgui_rule_item_get_enabled (TcguiRuleItem *self)
{
  gboolean enabled = TRUE;

  g_return_val_if_fail (TCGUI_IS_RULE_ITEM (self), FALSE);
  g_variant_lookup (self->dict, "enabled", "b", &enabled);
  return enabled;
}

GVariant *
tcgui_rule_item_get_selector (TcguiRuleItem *self)
{
  g_return_val_if_fail (TCGUI_IS_RULE_ITEM (self), NULL);
  return self->selector;
}

/**
 * tcgui_rule_item_get_selector_string:
 *
 * Returns: (not nullable): the selector's string @key, "" when absent
 */
const char *
tcgui_rule_item_get_selector_string (TcguiRuleItem  *self,
                                const char *key)
{
  const char *value = NULL;

  g_return_val_if_fail (TCGUI_IS_RULE_ITEM (self), "");
  if (!g_variant_lookup (self->selector, key, "&s", &value))
    return "";
  return value;
}

const char *
tcgui_rule_item_get_kind (TcguiRuleItem *self)
{
  return tcgui_rule_item_get_selector_string (self, "kind");
}

/**
 * tcgui_rule_item_dup_direction:
 * @direction: "outgoing" or "incoming"
 *
 * Returns: (transfer full): its parameters, an empty a{sv} when not shaped
 */
GVariant *
tcgui_rule_item_dup_direction (TcguiRuleItem  *self,
                          const char *direction)
{
  g_return_val_if_fail (TCGUI_IS_RULE_ITEM (self), NULL);
  return lookup_dict (self->dict, direction);
}

gint64
tcgui_rule_item_get_expires_at (TcguiRuleItem *self)
{
  gint64 at = 0;

  g_return_val_if_fail (TCGUI_IS_RULE_ITEM (self), 0);
  g_variant_lookup (self->dict, "expires-at", "x", &at);
  return at;
}

/**
 * tcgui_rule_item_get_state:
 *
 * Returns: the helper's "state" ("waiting", "applied", "overridden",
 *   "error", "expired", "disabled", "superseded"), "" when unknown
 */
const char *
tcgui_rule_item_get_state (TcguiRuleItem *self)
{
  const char *state = NULL;

  g_return_val_if_fail (TCGUI_IS_RULE_ITEM (self), "");
  if (!g_variant_lookup (self->status, "state", "&s", &state))
    return "";
  return state;
}

const char *
tcgui_rule_item_get_last_error (TcguiRuleItem *self)
{
  const char *error = NULL;

  g_return_val_if_fail (TCGUI_IS_RULE_ITEM (self), "");
  if (!g_variant_lookup (self->status, "last-error", "&s", &error))
    return "";
  return error;
}

/* Calls @func on each entry of "applied" until it returns TRUE. */
static gboolean
foreach_applied (TcguiRuleItem *self,
                 gboolean (*func) (GVariant *entry, gpointer data),
                 gpointer   data)
{
  g_autoptr(GVariant) applied = g_variant_lookup_value (self->status, "applied",
                                                        G_VARIANT_TYPE ("aa{sv}"));
  GVariantIter iter;
  GVariant *entry;

  if (applied == NULL)
    return FALSE;
  g_variant_iter_init (&iter, applied);
  while ((entry = g_variant_iter_next_value (&iter)))
    {
      gboolean stop = func (entry, data);

      g_variant_unref (entry);
      if (stop)
        return TRUE;
    }
  return FALSE;
}

static gboolean
latest_at (GVariant *entry,
           gpointer  data)
{
  gint64 *latest = data, at = 0;

  g_variant_lookup (entry, "at", "x", &at);
  *latest = MAX (*latest, at);
  return FALSE;
}

/**
 * tcgui_rule_item_get_last_applied_us:
 *
 * Returns: the latest "at" of its "applied" entries (Unix µs), 0 if none
 */
gint64
tcgui_rule_item_get_last_applied_us (TcguiRuleItem *self)
{
  gint64 latest = 0;

  g_return_val_if_fail (TCGUI_IS_RULE_ITEM (self), 0);
  foreach_applied (self, latest_at, &latest);
  return latest;
}

typedef struct
{
  const char *container_key;
  const char *namespace_id;
  const char *ifname;
} Target;

static gboolean
entry_matches (GVariant *entry,
               gpointer  data)
{
  Target *t = data;
  const char *container = "", *ns = "", *ifname = "", *superseded_by = "";

  g_variant_lookup (entry, "container", "&s", &container);
  g_variant_lookup (entry, "namespace", "&s", &ns);
  g_variant_lookup (entry, "interface", "&s", &ifname);
  g_variant_lookup (entry, "superseded-by", "&s", &superseded_by);
  if (superseded_by[0] != '\0')
    return FALSE;
  if (t->container_key != NULL && g_strcmp0 (container, t->container_key) != 0)
    return FALSE;
  if (t->namespace_id != NULL && g_strcmp0 (ns, t->namespace_id) != 0)
    return FALSE;
  return t->ifname == NULL || g_strcmp0 (ifname, t->ifname) == 0;
}

/**
 * tcgui_rule_item_applies_to:
 * @container_key: (nullable): an inventory key, or %NULL for any
 * @namespace_id: (nullable): a namespace, or %NULL for any
 * @ifname: (nullable): an interface, or %NULL for any
 *
 * Whether the helper says the rule holds (is not superseded) on that
 * target now: from its status, never matched again in the app.
 */
gboolean
tcgui_rule_item_applies_to (TcguiRuleItem  *self,
                       const char *container_key,
                       const char *namespace_id,
                       const char *ifname)
{
  Target t = { container_key, namespace_id, ifname };
  const char *state;

  g_return_val_if_fail (TCGUI_IS_RULE_ITEM (self), FALSE);
  state = tcgui_rule_item_get_state (self);
  if (!g_str_equal (state, "applied") && !g_str_equal (state, "overridden"))
    return FALSE;
  return foreach_applied (self, entry_matches, &t);
}

/**
 * tcgui_rule_item_describe_selector:
 *
 * Returns: (transfer full): what the rule targets, in a line
 */
char *
tcgui_rule_item_describe_selector (TcguiRuleItem *self)
{
  const char *kind = tcgui_rule_item_get_kind (self);
  const char *network = tcgui_rule_item_get_selector_string (self, "network");
  g_autofree char *target = NULL;

  if (g_str_equal (kind, "image"))
    /* Translators: the target of a rule: an image reference or glob */
    target = g_strdup_printf (_("Containers of image %s"),
                              tcgui_rule_item_get_selector_string (self, "image"));
  else if (g_str_equal (kind, "container"))
    target = g_strdup_printf (_("Container %s"),
                              tcgui_rule_item_get_selector_string (self, "container-name"));
  else if (g_str_equal (kind, "netns"))
    target = g_strdup_printf (_("Namespace %s"),
                              tcgui_rule_item_get_selector_string (self, "netns"));
  else if (g_str_equal (kind, "host"))
    target = g_strdup_printf (_("Host interface %s"),
                              tcgui_rule_item_get_selector_string (self, "interface"));
  else
    target = g_strdup (kind);
  if (network[0] == '\0')
    return g_steal_pointer (&target);
  /* Translators: a rule's target, then the network whose interface it shapes */
  return g_strdup_printf (_("%s, network %s"), target, network);
}

static char *
describe_state_word (TcguiRuleItem *self)
{
  const char *state = tcgui_rule_item_get_state (self);

  if (!tcgui_rule_item_get_enabled (self) || g_str_equal (state, "disabled"))
    return g_strdup (_("Off"));
  if (g_str_equal (state, "waiting"))
    return g_strdup (_("Waiting for its target to run"));
  if (g_str_equal (state, "applied"))
    return g_strdup (_("Applied"));
  if (g_str_equal (state, "overridden"))
    return g_strdup (_("Changed by hand; applies again at the next start"));
  if (g_str_equal (state, "expired"))
    return g_strdup (_("Expired"));
  if (g_str_equal (state, "superseded"))
    return g_strdup (_("A more specific rule applies instead"));
  if (g_str_equal (state, "error"))
    return g_strdup (_("Failed"));
  return g_strdup (state);
}

/**
 * tcgui_rule_item_describe_state:
 *
 * Returns: (transfer full): the rule's state and last error, in words
 */
char *
tcgui_rule_item_describe_state (TcguiRuleItem *self)
{
  g_autofree char *word = describe_state_word (self);
  const char *error = tcgui_rule_item_get_last_error (self);

  if (error[0] == '\0')
    return g_steal_pointer (&word);
  /* Translators: a rule's state, then the helper's last error */
  return g_strdup_printf (_("%s: %s"), word, error);
}

/**
 * tcgui_rule_item_to_editable:
 * @keep_id: keep "id" (a replacing SetRule), or drop it (a copy)
 *
 * Returns: (transfer floating): the rule as SetRule takes it: without
 *   the helper's read-only keys
 */
GVariant *
tcgui_rule_item_to_editable (TcguiRuleItem *self,
                        gboolean   keep_id)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_return_val_if_fail (TCGUI_IS_RULE_ITEM (self), NULL);
  g_variant_iter_init (&iter, self->dict);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      if (!g_str_equal (key, "status") && !g_str_equal (key, "owner-uid") &&
          (keep_id || !g_str_equal (key, "id")))
        g_variant_builder_add (&b, "{sv}", key, value);
      g_variant_unref (value);
    }
  return g_variant_builder_end (&b);
}

/* TcguiRules ----------------------------------------------------------- */

struct _TcguiRules
{
  GObject            parent_instance;

  TcguiHelperClient *client;
  GCancellable      *cancellable;
  GPtrArray         *items;      /* TcguiRuleItem, in the helper's order */
  GPtrArray         *queued;     /* (taa{sv}as) signals during a load */
  guint64            generation;
  char              *owner;
  char              *error;
  char              *file_error;  /* GetCapabilities "rules-error" */
  guint              available : 1;
  guint              loading : 1;
  guint              loaded : 1;
  guint              reload_pending : 1;
  guint              client_ready : 1;
};

static void tcgui_rules_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TcguiRules, tcgui_rules, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      tcgui_rules_list_model_init))

enum {
  PROP_0,
  PROP_AVAILABLE,
  PROP_LOADED,
  N_PROPS
};

enum {
  RULE_APPLIED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_load (TcguiRules *self);

static GType
tcgui_rules_get_item_type (GListModel *model)
{
  return TCGUI_TYPE_RULE_ITEM;
}

static guint
tcgui_rules_get_n_items (GListModel *model)
{
  return TCGUI_RULES (model)->items->len;
}

static gpointer
tcgui_rules_get_item (GListModel *model,
                      guint       position)
{
  TcguiRules *self = TCGUI_RULES (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
tcgui_rules_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = tcgui_rules_get_item_type;
  iface->get_n_items = tcgui_rules_get_n_items;
  iface->get_item = tcgui_rules_get_item;
}

static gboolean
find_rule (TcguiRules *self,
           const char *id,
           guint      *position)
{
  for (guint i = 0; i < self->items->len; i++)
    if (g_str_equal (tcgui_rule_item_get_id (g_ptr_array_index (self->items, i)), id))
      {
        *position = i;
        return TRUE;
      }
  return FALSE;
}

/* "applied" with a newer "at" than before: the helper (re)applied it,
 * for the notification that used to come from the app's applier. */
static void
maybe_notify_applied (TcguiRules *self,
                      TcguiRuleItem  *before,
                      TcguiRuleItem  *rule)
{
  gint64 at = tcgui_rule_item_get_last_applied_us (rule);

  if (!g_str_equal (tcgui_rule_item_get_state (rule), "applied") || at == 0)
    return;
  if (before != NULL && at <= tcgui_rule_item_get_last_applied_us (before))
    return;
  g_signal_emit (self, signals[RULE_APPLIED], 0, rule);
}

static void
apply_rule (TcguiRules *self,
            GVariant   *dict,
            gboolean    notify)
{
  g_autoptr(TcguiRuleItem) rule = tcgui_rule_item_new_from_variant (dict);
  guint position;

  if (rule == NULL)
    return;
  if (find_rule (self, tcgui_rule_item_get_id (rule), &position))
    {
      g_autoptr(TcguiRuleItem) before = g_object_ref (g_ptr_array_index (self->items, position));

      g_ptr_array_index (self->items, position) = g_object_ref (rule);
      g_object_unref (before);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
      if (notify)
        maybe_notify_applied (self, before, rule);
      return;
    }
  g_ptr_array_add (self->items, g_object_ref (rule));
  g_list_model_items_changed (G_LIST_MODEL (self), self->items->len - 1, 0, 1);
  if (notify)
    maybe_notify_applied (self, NULL, rule);
}

static void
remove_rule (TcguiRules *self,
             const char *id)
{
  guint position;

  if (!find_rule (self, id, &position))
    return;
  g_ptr_array_remove_index (self->items, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

static void
apply_change (TcguiRules  *self,
              guint64      generation,
              GVariant    *changed,
              const char **removed)
{
  GVariantIter iter;
  GVariant *dict;

  /* Older than what ListRules returned: already in the list. */
  if (generation <= self->generation)
    return;
  self->generation = generation;
  g_variant_iter_init (&iter, changed);
  while ((dict = g_variant_iter_next_value (&iter)))
    {
      apply_rule (self, dict, TRUE);
      g_variant_unref (dict);
    }
  for (guint i = 0; removed != NULL && removed[i] != NULL; i++)
    remove_rule (self, removed[i]);
}

static void
rules_changed_cb (TcguiRules         *self,
                  guint64             generation,
                  GVariant           *changed,
                  const char        **removed,
                  TcguiHelperClient  *client)
{
  if (self->loading)
    {
      g_ptr_array_add (self->queued,
                       g_variant_ref_sink (g_variant_new ("(t@aa{sv}^as)", generation,
                                                          changed, removed)));
      return;
    }
  if (self->loaded)
    apply_change (self, generation, changed, removed);
}

static void
apply_queued (TcguiRules *self)
{
  for (guint i = 0; i < self->queued->len; i++)
    {
      g_autoptr(GVariant) changed = NULL;
      g_autofree const char **removed = NULL;
      guint64 generation;

      g_variant_get (g_ptr_array_index (self->queued, i), "(t@aa{sv}^a&s)",
                     &generation, &changed, &removed);
      apply_change (self, generation, changed, removed);
    }
  g_ptr_array_set_size (self->queued, 0);
}

/* The whole list replaced: the rules of ListRules, in its order. */
static void
apply_reply (TcguiRules *self,
             GVariant   *reply)
{
  g_autoptr(GVariant) list = NULL;
  g_autoptr(GPtrArray) before = g_steal_pointer (&self->items);
  GVariantIter iter;
  GVariant *dict;

  g_variant_get (reply, "(t@aa{sv})", &self->generation, &list);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  g_variant_iter_init (&iter, list);
  while ((dict = g_variant_iter_next_value (&iter)))
    {
      g_autoptr(TcguiRuleItem) rule = tcgui_rule_item_new_from_variant (dict);

      if (rule != NULL)
        g_ptr_array_add (self->items, g_steal_pointer (&rule));
      g_variant_unref (dict);
    }
  g_list_model_items_changed (G_LIST_MODEL (self), 0, before->len, self->items->len);
  apply_queued (self);
}

static void
set_error (TcguiRules *self,
           const char *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
}

static void
finish_load (TcguiRules *self)
{
  self->loading = FALSE;
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
  if (self->reload_pending)
    start_load (self);
}

static void
list_rules_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TcguiRules) self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = tcgui_helper_client_call_finish_reply (TCGUI_HELPER_CLIENT (object), result,
                                                 tcgui_rules_reload, "(taa{sv})", &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (reply == NULL)
    {
      g_debug ("ListRules failed: %s", error->message);
      set_error (self, error->message);
      g_ptr_array_set_size (self->queued, 0);
    }
  else
    {
      set_error (self, NULL);
      apply_reply (self, reply);
    }
  finish_load (self);
}

static void
set_available (TcguiRules *self,
               gboolean    available)
{
  if (self->available == !!available)
    return;
  self->available = !!available;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
}

/* An old helper: no rules, the list empties (the app applies profiles). */
static void
clear_list (TcguiRules *self)
{
  guint n = self->items->len;

  g_ptr_array_set_size (self->items, 0);
  if (n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
}

static void
capabilities_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TcguiRules) self = user_data;
  g_autoptr(GVariant) caps = NULL;
  g_autoptr(GError) error = NULL;
  gboolean rules = FALSE;
  const char *rules_error = NULL;

  caps = tcgui_helper_client_get_capabilities_finish (TCGUI_HELPER_CLIENT (object), result,
                                                      &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (caps != NULL)
    {
      g_variant_lookup (caps, "rules", "b", &rules);
      g_variant_lookup (caps, "rules-error", "&s", &rules_error);
    }
  set_available (self, rules);
  if (!rules)
    {
      set_error (self, error != NULL ? error->message : NULL);
      clear_list (self);
      finish_load (self);
      return;
    }
  g_ptr_array_set_size (self->queued, 0);
  tcgui_helper_client_call_async (self->client, "ListRules", NULL, tcgui_rules_reload,
                                  self->cancellable, list_rules_cb, g_object_ref (self));
  /* A damaged rules file the helper moved aside: the windows say so. */
  g_free (self->file_error);
  self->file_error = rules_error != NULL && rules_error[0] != '\0' ? g_strdup (rules_error) : NULL;
}

static void
start_load (TcguiRules *self)
{
  self->reload_pending = FALSE;
  self->loading = TRUE;
  g_ptr_array_set_size (self->queued, 0);
  tcgui_helper_client_get_capabilities_async (self->client, self->cancellable, capabilities_cb,
                                              g_object_ref (self));
}

/* A new helper knows nothing of the old one's generations, and forgot
 * that this connection listed rules: list them again (which subscribes). */
static void
helper_running_cb (TcguiRules *self)
{
  const char *owner = tcgui_helper_client_get_owner (self->client);

  if (owner == NULL)
    return;
  if (g_strcmp0 (owner, self->owner) != 0 && self->client_ready)
    {
      self->generation = 0;
      tcgui_rules_reload (self);
    }
  g_free (self->owner);
  self->owner = g_strdup (owner);
}

/* Each time the session becomes ready (first, and after the bus or the
 * helper came back): a list asked for before had no proxy to go through. */
static void
client_state_cb (TcguiRules *self)
{
  gboolean ready = tcgui_helper_client_get_state (self->client) == TCGUI_HELPER_STATE_READY;

  if (ready && !self->client_ready)
    tcgui_rules_reload (self);
  self->client_ready = ready;
}

static void
tcgui_rules_dispose (GObject *object)
{
  TcguiRules *self = (TcguiRules *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (tcgui_rules_parent_class)->dispose (object);
}

static void
tcgui_rules_finalize (GObject *object)
{
  TcguiRules *self = (TcguiRules *)object;

  g_clear_object (&self->cancellable);
  g_ptr_array_unref (self->items);
  g_ptr_array_unref (self->queued);
  g_free (self->owner);
  g_free (self->error);
  g_free (self->file_error);

  G_OBJECT_CLASS (tcgui_rules_parent_class)->finalize (object);
}

static void
tcgui_rules_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TcguiRules *self = TCGUI_RULES (object);

  switch (prop_id)
    {
    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tcgui_rules_class_init (TcguiRulesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tcgui_rules_dispose;
  object_class->finalize = tcgui_rules_finalize;
  object_class->get_property = tcgui_rules_get_property;

  /* The helper keeps rules ("rules" in GetCapabilities). */
  properties[PROP_AVAILABLE] =
    g_param_spec_boolean ("available", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TcguiRules::rule-applied:
   * @rule: the rule, as the helper now has it
   *
   * The helper (re)applied @rule: a RulesChanged had it "applied" with a
   * newer "at" than before.
   */
  signals[RULE_APPLIED] =
    g_signal_new ("rule-applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, TCGUI_TYPE_RULE_ITEM);
}

static void
tcgui_rules_init (TcguiRules *self)
{
  self->cancellable = g_cancellable_new ();
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->queued = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
}

/**
 * tcgui_rules_new:
 *
 * Listens to RulesChanged at once and loads when the client is ready.
 */
TcguiRules *
tcgui_rules_new (TcguiHelperClient *client)
{
  TcguiRules *self;

  g_return_val_if_fail (TCGUI_IS_HELPER_CLIENT (client), NULL);

  self = g_object_new (TCGUI_TYPE_RULES, NULL);
  self->client = g_object_ref (client);
  self->owner = g_strdup (tcgui_helper_client_get_owner (client));
  g_signal_connect_object (client, "rules-changed", G_CALLBACK (rules_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "notify::helper-running", G_CALLBACK (helper_running_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "notify::state", G_CALLBACK (client_state_cb), self,
                           G_CONNECT_SWAPPED);
  client_state_cb (self);
  return self;
}

/**
 * tcgui_rules_reload:
 *
 * Asks the helper whether it keeps rules, then lists them again.
 */
void
tcgui_rules_reload (TcguiRules *self)
{
  g_return_if_fail (TCGUI_IS_RULES (self));

  if (self->loading)
    {
      self->reload_pending = TRUE;
      return;
    }
  start_load (self);
}

gboolean
tcgui_rules_get_available (TcguiRules *self)
{
  g_return_val_if_fail (TCGUI_IS_RULES (self), FALSE);
  return self->available;
}

gboolean
tcgui_rules_get_loaded (TcguiRules *self)
{
  g_return_val_if_fail (TCGUI_IS_RULES (self), FALSE);
  return self->loaded;
}

/**
 * tcgui_rules_get_error:
 *
 * Returns: (nullable): why the last ListRules failed
 */
const char *
tcgui_rules_get_error (TcguiRules *self)
{
  g_return_val_if_fail (TCGUI_IS_RULES (self), NULL);
  return self->error;
}

/**
 * tcgui_rules_lookup:
 *
 * Returns: (transfer none) (nullable): the rule with that id
 */
TcguiRuleItem *
tcgui_rules_lookup (TcguiRules *self,
                    const char *id)
{
  guint position;

  g_return_val_if_fail (TCGUI_IS_RULES (self), NULL);
  if (id == NULL || !find_rule (self, id, &position))
    return NULL;
  return g_ptr_array_index (self->items, position);
}

/**
 * tcgui_rules_dup_for_target:
 *
 * Returns: (transfer container) (element-type TcguiRuleItem): the rules the
 *   helper says hold on that target (see tcgui_rule_item_applies_to())
 */
GPtrArray *
tcgui_rules_dup_for_target (TcguiRules *self,
                            const char *container_key,
                            const char *namespace_id,
                            const char *ifname)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (TCGUI_IS_RULES (self), found);
  for (guint i = 0; i < self->items->len; i++)
    {
      TcguiRuleItem *rule = g_ptr_array_index (self->items, i);

      if (tcgui_rule_item_applies_to (rule, container_key, namespace_id, ifname))
        g_ptr_array_add (found, g_object_ref (rule));
    }
  return found;
}

/* SetRule and DeleteRule answer the rules model's own task (its callers
 * hold the model, not the client): the client's reply is checked here. */
static void
call_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const char *type = g_task_get_task_data (task);
  g_autoptr(GVariant) reply = NULL;
  GError *error = NULL;

  reply = tcgui_helper_client_call_finish_reply (TCGUI_HELPER_CLIENT (object), result,
                                                 g_task_get_source_tag (task), type, &error);
  if (reply == NULL)
    return g_task_return_error (task, error);
  g_task_return_pointer (task, g_steal_pointer (&reply), (GDestroyNotify) g_variant_unref);
}

static void
call (TcguiRules          *self,
      const char          *method,
      GVariant            *parameters,
      const char          *reply_type,
      gpointer             source_tag,
      GCancellable        *cancellable,
      GAsyncReadyCallback  callback,
      gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, (gpointer) reply_type, NULL);
  tcgui_helper_client_call_async (self->client, method, parameters, source_tag, cancellable,
                                  call_done_cb, task);
}

/**
 * tcgui_rules_set_async:
 * @rule: an a{sv} as SetRule takes it (no "id": a new rule); a floating
 *   one is consumed, another one is not (g_variant_new()'s "@")
 *
 * The list follows through RulesChanged, not through the reply.
 */
void
tcgui_rules_set_async (TcguiRules          *self,
                       GVariant            *rule,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (TCGUI_IS_RULES (self));

  call (self, "SetRule", g_variant_new ("(@a{sv})", rule), "(s)", tcgui_rules_set_async,
        cancellable, callback, user_data);
}

/**
 * tcgui_rules_set_finish:
 *
 * Returns: (transfer full): the rule's id, or %NULL with @error set
 */
char *
tcgui_rules_set_finish (TcguiRules    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_autoptr(GVariant) reply = NULL;
  char *id = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tcgui_rules_set_async, NULL);

  reply = g_task_propagate_pointer (G_TASK (result), error);
  if (reply != NULL)
    g_variant_get (reply, "(s)", &id);
  return id;
}

typedef struct
{
  GPtrArray *rules;        /* GVariant, sent in order */
  guint      next;
  guint      n_stored;
  guint      n_failed;
  gboolean   stop_at_failure;
  GString   *failures;
} SetAll;

static void
set_all_free (SetAll *all)
{
  g_ptr_array_unref (all->rules);
  g_string_free (all->failures, TRUE);
  g_free (all);
}

static void set_all_next (GTask *task);

static void
set_all_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SetAll *all = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = tcgui_rules_set_finish (TCGUI_RULES (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_task_return_error (task, g_steal_pointer (&error));
  if (id != NULL)
    all->n_stored++;
  else
    {
      all->n_failed++;
      g_string_append_printf (all->failures, "%s%s", all->failures->len ? "; " : "",
                              error->message);
    }
  set_all_next (g_steal_pointer (&task));
}

static void
set_all_next (GTask *task)
{
  SetAll *all = g_task_get_task_data (task);

  if (all->next >= all->rules->len || (all->stop_at_failure && all->n_failed > 0))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  tcgui_rules_set_async (g_task_get_source_object (task),
                         g_ptr_array_index (all->rules, all->next++),
                         g_task_get_cancellable (task), set_all_cb, task);
}

/**
 * tcgui_rules_set_all_async:
 * @rules: (element-type GVariant): the rules to store
 * @stop_at_failure: send none after the first the helper refuses
 *
 * Stores @rules one SetRule at a time: the helper's limits count per
 * uid, and each refusal says which rule it was.
 */
void
tcgui_rules_set_all_async (TcguiRules          *self,
                           GPtrArray           *rules,
                           gboolean             stop_at_failure,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;
  SetAll *all;

  g_return_if_fail (TCGUI_IS_RULES (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tcgui_rules_set_all_async);
  all = g_new0 (SetAll, 1);
  all->rules = g_ptr_array_ref (rules);
  all->stop_at_failure = stop_at_failure;
  all->failures = g_string_new (NULL);
  g_task_set_task_data (task, all, (GDestroyNotify) set_all_free);
  set_all_next (task);
}

/**
 * tcgui_rules_set_all_finish:
 * @n_stored: (out): how many the helper stored
 * @n_failed: (out): how many it refused
 * @failures: (out) (transfer full): the helper's refusals, "; " between
 *   them, "" when none
 *
 * Returns: %FALSE only when cancelled (@error set)
 */
gboolean
tcgui_rules_set_all_finish (TcguiRules    *self,
                            GAsyncResult  *result,
                            guint         *n_stored,
                            guint         *n_failed,
                            char         **failures,
                            GError       **error)
{
  SetAll *all;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tcgui_rules_set_all_async,
                        FALSE);

  all = g_task_get_task_data (G_TASK (result));
  *n_stored = all->n_stored;
  *n_failed = all->n_failed;
  *failures = g_strdup (all->failures->str);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
tcgui_rules_delete_async (TcguiRules          *self,
                          const char          *id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (TCGUI_IS_RULES (self));
  g_return_if_fail (id != NULL);

  call (self, "DeleteRule", g_variant_new ("(s)", id), "()", tcgui_rules_delete_async,
        cancellable, callback, user_data);
}

gboolean
tcgui_rules_delete_finish (TcguiRules    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_autoptr(GVariant) reply = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tcgui_rules_delete_async, FALSE);

  reply = g_task_propagate_pointer (G_TASK (result), error);
  return reply != NULL;
}

/**
 * tcgui_rules_get_file_error:
 *
 * Returns: (nullable): the helper's "rules-error": its rules file was
 *   damaged and moved aside, in its words
 */
const char *
tcgui_rules_get_file_error (TcguiRules *self)
{
  g_return_val_if_fail (TCGUI_IS_RULES (self), NULL);
  return self->file_error;
}
