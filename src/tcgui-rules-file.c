/* tcgui-rules-file.c - rules as JSON (export, import) and from old profiles
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The exported file is
 *   { "tcgui-rules": 1, "rules": [ { "name", "enabled", "selector": {…},
 *     "outgoing": {…}, "incoming": {…} }, … ] }
 * with the selector's strings and the parameters in the JSON form of
 * profiles.json (tcgui_profiles_params_to_json()). Ids, owners, status and
 * expiry are the helper's and stay out. An import is checked whole, each
 * rule with the shared model's own parser (common/tcgui-rule.c), before
 * anything is sent: a bad file changes nothing.
 */

#define G_LOG_DOMAIN "tcgui-rules-file"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "tcgui-rule.h"
#include "tcgui-rules-file.h"

#define FORMAT_KEY     "tcgui-rules"
#define FORMAT_VERSION 1
#define MAX_FILE_RULES 256   /* a uid's limit in the helper */

static const char * const selector_keys[] = {
  "kind", "image", "container-name", "compose-project", "compose-service",
  "runtime", "netns", "network", "interface",
};

static JsonNode *
direction_to_json (TcguiRuleItem *rule,
                   const char    *direction)
{
  g_autoptr(GVariant) dict = tcgui_rule_item_dup_direction (rule, direction);
  TcguiParams params;

  /* What the app's parameters model cannot say ("flows") is left out. */
  if (!tcgui_params_from_variant (dict, &params, NULL))
    tcgui_params_init (&params);
  return tcgui_profiles_params_to_json (&params);
}

static JsonObject *
rule_to_json (TcguiRuleItem *rule)
{
  JsonObject *object = json_object_new ();
  JsonObject *selector = json_object_new ();

  json_object_set_string_member (object, "name", tcgui_rule_item_get_name (rule));
  json_object_set_boolean_member (object, "enabled", tcgui_rule_item_get_enabled (rule));
  for (guint i = 0; i < G_N_ELEMENTS (selector_keys); i++)
    {
      const char *value = tcgui_rule_item_get_selector_string (rule, selector_keys[i]);

      if (value[0] != '\0')
        json_object_set_string_member (selector, selector_keys[i], value);
    }
  json_object_set_object_member (object, "selector", selector);
  json_object_set_member (object, "outgoing", direction_to_json (rule, "outgoing"));
  json_object_set_member (object, "incoming", direction_to_json (rule, "incoming"));
  return object;
}

/**
 * tcgui_rules_file_to_json:
 * @rules: (element-type TcguiRuleItem): the rules to export
 *
 * Returns: (transfer full): the file's text
 */
char *
tcgui_rules_file_to_json (GPtrArray *rules)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < rules->len; i++)
    json_array_add_object_element (array, rule_to_json (g_ptr_array_index (rules, i)));
  json_object_set_int_member (object, FORMAT_KEY, FORMAT_VERSION);
  json_object_set_array_member (object, "rules", array);
  json_node_take_object (root, object);
  return json_to_string (root, TRUE);
}

static gboolean
fail (GError     **error,
      guint        index,
      const char  *why)
{
  /* Translators: the number of a rule in an imported file, then why */
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("Rule %u: %s"), index + 1, why);
  return FALSE;
}

static gboolean
add_selector (GVariantBuilder *b,
              JsonNode        *node,
              guint            index,
              GError         **error)
{
  g_auto(GVariantBuilder) sel = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, index, _("it has no “selector” object"));
  object = json_node_get_object (node);
  for (guint i = 0; i < G_N_ELEMENTS (selector_keys); i++)
    {
      JsonNode *member = json_object_get_member (object, selector_keys[i]);

      if (member == NULL)
        continue;
      if (json_node_get_value_type (member) != G_TYPE_STRING)
        return fail (error, index, _("a selector value is not a string"));
      g_variant_builder_add (&sel, "{sv}", selector_keys[i],
                             g_variant_new_string (json_node_get_string (member)));
    }
  g_variant_builder_add (b, "{sv}", "selector", g_variant_builder_end (&sel));
  return TRUE;
}

static gboolean
add_direction (GVariantBuilder *b,
               JsonObject      *object,
               const char      *direction,
               guint            index,
               GError         **error)
{
  g_autoptr(GError) local = NULL;
  TcguiParams params;

  if (!tcgui_profiles_params_from_json (json_object_get_member (object, direction), &params,
                                        &local))
    {
      g_autofree char *why = g_strdup_printf ("%s: %s", direction, local->message);

      return fail (error, index, why);
    }
  g_variant_builder_add (b, "{sv}", direction, tcgui_params_to_variant (&params));
  return TRUE;
}

static GVariant *
rule_from_json (JsonNode  *node,
                guint      index,
                GError   **error)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(GVariant) dict = NULL;
  g_autoptr(TcguiRule) check = NULL;
  g_autoptr(GError) local = NULL;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, index, _("not an object")), NULL;
  object = json_node_get_object (node);
  if (json_object_get_string_member_with_default (object, "name", NULL) == NULL)
    return fail (error, index, _("it has no “name”")), NULL;
  g_variant_builder_add (&b, "{sv}", "name",
                         g_variant_new_string (json_object_get_string_member (object, "name")));
  g_variant_builder_add (&b, "{sv}", "enabled",
                         g_variant_new_boolean (json_object_get_boolean_member_with_default (object, "enabled", TRUE)));
  if (!add_selector (&b, json_object_get_member (object, "selector"), index, error) ||
      !add_direction (&b, object, "outgoing", index, error) ||
      !add_direction (&b, object, "incoming", index, error))
    return NULL;
  dict = g_variant_ref_sink (g_variant_builder_end (&b));
  /* The helper's own checks (common/tcgui-rule.c), before anything is sent. */
  check = tcgui_rule_from_variant (dict, TCGUI_RULE_PARSE_CALLER, g_get_real_time () / G_USEC_PER_SEC,
                                   &local);
  if (check == NULL)
    return fail (error, index, local->message), NULL;
  return g_steal_pointer (&dict);
}

/**
 * tcgui_rules_file_parse:
 *
 * Returns: (transfer container) (element-type GVariant): the rules as
 *   SetRule takes them, or %NULL with @error set: then none is usable
 */
GPtrArray *
tcgui_rules_file_parse (const char  *data,
                        gsize        length,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  JsonNode *root, *list;
  JsonArray *array;

  if (!json_parser_load_from_data (parser, data, length, error))
    return NULL;
  root = json_parser_get_root (parser);
  list = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ?
         json_object_get_member (json_node_get_object (root), "rules") : NULL;
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list) ||
      json_object_get_int_member_with_default (json_node_get_object (root), FORMAT_KEY, 0) !=
        FORMAT_VERSION)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("This is not a file of TC GUI profiles"));
      return NULL;
    }
  array = json_node_get_array (list);
  if (json_array_get_length (array) > MAX_FILE_RULES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The file has more than %u profiles"), MAX_FILE_RULES);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      GVariant *rule = rule_from_json (json_array_get_element (array, i), i, error);

      if (rule == NULL)
        return NULL;
      g_ptr_array_add (rules, rule);
    }
  return g_steal_pointer (&rules);
}

static GVariant *
rule_from_profile (const char            *image,
                   TcguiProfileInterface *itf)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_auto(GVariantBuilder) sel = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  g_variant_builder_add (&sel, "{sv}", "kind", g_variant_new_string ("image"));
  g_variant_builder_add (&sel, "{sv}", "image", g_variant_new_string (image));
  g_variant_builder_add (&b, "{sv}", "name", g_variant_new_string (image));
  g_variant_builder_add (&b, "{sv}", "selector", g_variant_builder_end (&sel));
  g_variant_builder_add (&b, "{sv}", "outgoing", tcgui_params_to_variant (&itf->outgoing));
  g_variant_builder_add (&b, "{sv}", "incoming", tcgui_params_to_variant (&itf->incoming));
  return g_variant_ref_sink (g_variant_builder_end (&b));
}

/* The old profiles named interfaces (eth0, eth1), whose order is not
 * stable; a rule picks them by network. A profile whose interfaces all
 * had the same shaping becomes a rule for all of them; otherwise the first
 * one's shaping is kept, and @notes says so. */
static TcguiProfileInterface *
pick_interface (const char *image,
                GPtrArray  *interfaces,
                GString    *notes)
{
  TcguiProfileInterface *first = g_ptr_array_index (interfaces, 0);

  for (guint i = 1; i < interfaces->len; i++)
    {
      TcguiProfileInterface *other = g_ptr_array_index (interfaces, i);

      if (!tcgui_params_equal (&first->outgoing, &other->outgoing) ||
          !tcgui_params_equal (&first->incoming, &other->incoming))
        {
          if (notes->len > 0)
            g_string_append (notes, "; ");
          /* Translators: an image, then an interface name */
          g_string_append_printf (notes, _("%s: the shaping of %s now applies to all its "
                                           "interfaces"), image, first->ifname);
          break;
        }
    }
  return first;
}

/**
 * tcgui_rules_from_profiles:
 * @notes: what was not carried over as it was, "; "-separated
 *
 * Returns: (transfer container) (element-type GVariant): one rule of kind
 *   image per profile of the old ~/.config/tcgui/profiles.json
 */
GPtrArray *
tcgui_rules_from_profiles (TcguiProfiles *profiles,
                           GString       *notes)
{
  g_auto(GStrv) images = tcgui_profiles_dup_images (profiles);
  GPtrArray *rules = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);

  for (guint i = 0; images[i] != NULL; i++)
    {
      GPtrArray *interfaces = tcgui_profiles_lookup (profiles, images[i]);

      if (interfaces == NULL || interfaces->len == 0)
        continue;
      g_ptr_array_add (rules, rule_from_profile (images[i],
                                                 pick_interface (images[i], interfaces, notes)));
    }
  return rules;
}

/* In a worker thread: the size first, then the contents, then the parse
 * (json-glib on a large file would hold the GUI's main thread). */
static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *file = source;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  GPtrArray *rules;
  gsize length = 0;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, &error);
  if (info != NULL && (guint64) g_file_info_get_size (info) > TCGUI_RULES_FILE_MAX)
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 /* Translators: %u is a number of MiB */
                 _("the file is larger than %u MiB"), TCGUI_RULES_FILE_MAX / (1024 * 1024));
  if (error == NULL && g_file_load_contents (file, cancellable, &data, &length, NULL, &error) &&
      length > TCGUI_RULES_FILE_MAX)
    /* It grew after the check. */
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _("the file is larger than %u MiB"), TCGUI_RULES_FILE_MAX / (1024 * 1024));
  if (error != NULL || !(rules = tcgui_rules_file_parse (data, length, &error)))
    return g_task_return_error (task, g_steal_pointer (&error));
  g_task_return_pointer (task, rules, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * tcgui_rules_file_load_async:
 *
 * Reads and parses a rules file in a worker thread; a file larger than
 * %TCGUI_RULES_FILE_MAX is refused before it is read.
 */
void
tcgui_rules_file_load_async (GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (file, cancellable, callback, user_data);

  g_task_set_source_tag (task, tcgui_rules_file_load_async);
  g_task_run_in_thread (task, load_thread);
}

/**
 * tcgui_rules_file_load_finish:
 *
 * Returns: (transfer container) (element-type GVariant): as
 *   tcgui_rules_file_parse(), or %NULL with @error set
 */
GPtrArray *
tcgui_rules_file_load_finish (GFile         *file,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, file), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tcgui_rules_file_load_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
