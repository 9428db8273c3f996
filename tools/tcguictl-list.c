/* tcguictl-list.c - list (the sidebar's targets) and presets
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcguictl"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-presets.h"
#include "tcgui-units.h"
#include "tcguictl.h"

typedef struct
{
  char *runtime;
  char *network;
} ListOptions;

static const char *
str (GVariant   *item,
     const char *key)
{
  const char *value = NULL;

  if (!g_variant_lookup (item, key, "&s", &value))
    return "";
  return value;
}

/* "podman-user-1000" is a Podman too. */
static gboolean
runtime_matches (const char *runtime,
                 const char *wanted)
{
  return wanted == NULL || g_str_equal (runtime, wanted) ||
         (g_str_equal (wanted, "podman") && g_str_has_prefix (runtime, "podman-user-"));
}

/* The names of an aa{sv}'s @key, e.g. a container's networks. */
static JsonArray *
names_of (GVariant   *item,
          const char *list_key,
          const char *key)
{
  g_autoptr(GVariant) list = g_variant_lookup_value (item, list_key, G_VARIANT_TYPE ("aa{sv}"));
  JsonArray *array = json_array_new ();
  GVariantIter iter;
  GVariant *entry;

  if (list == NULL)
    return array;
  g_variant_iter_init (&iter, list);
  while ((entry = g_variant_iter_next_value (&iter)) != NULL)
    {
      json_array_add_string_element (array, str (entry, key));
      g_variant_unref (entry);
    }
  return array;
}

static gboolean
on_network (GVariant   *item,
            const char *network)
{
  g_autoptr(JsonArray) networks = names_of (item, "networks", "network");

  if (network == NULL)
    return TRUE;
  for (guint i = 0; i < json_array_get_length (networks); i++)
    if (g_str_equal (json_array_get_string_element (networks, i), network))
      return TRUE;
  return FALSE;
}

static JsonArray *
link_names (TcguictlContext  *ctx,
            const char       *ns_id,
            GError          **error)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) links = NULL;
  JsonArray *array;
  GVariantIter iter;
  GVariant *link;

  reply = tcguictl_call (ctx, "ListLinks", g_variant_new ("(s)", ns_id), "(aa{sv})", error);
  if (reply == NULL)
    return NULL;
  array = json_array_new ();
  links = g_variant_get_child_value (reply, 0);
  g_variant_iter_init (&iter, links);
  while ((link = g_variant_iter_next_value (&iter)) != NULL)
    {
      if (!g_str_equal (str (link, "kind"), "loopback"))
        json_array_add_string_element (array, str (link, "name"));
      g_variant_unref (link);
    }
  return array;
}

/* Host and named namespaces, as ListNamespaces gives them. */
static gboolean
add_namespaces (TcguictlContext  *ctx,
                JsonArray        *targets,
                GError          **error)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) list = NULL;
  GVariantIter iter;
  GVariant *ns;

  if (!(reply = tcguictl_call (ctx, "ListNamespaces", NULL, "(aa{sv})", error)))
    return FALSE;
  list = g_variant_get_child_value (reply, 0);
  g_variant_iter_init (&iter, list);
  /* g_variant_iter_loop() frees each item for the next; no early exit. */
  while (g_variant_iter_loop (&iter, "@a{sv}", &ns))
    {
      JsonObject *object = json_object_new ();
      JsonArray *links = link_names (ctx, str (ns, "id"), NULL);

      json_object_set_string_member (object, "target", str (ns, "id"));
      json_object_set_string_member (object, "kind", str (ns, "kind"));
      json_object_set_string_member (object, "name", str (ns, "name"));
      json_object_set_string_member (object, "namespace", str (ns, "id"));
      json_object_set_array_member (object, "interfaces", links ? links : json_array_new ());
      json_array_add_object_element (targets, object);
    }
  return TRUE;
}

static JsonObject *
container_json (GVariant *item)
{
  JsonObject *object = json_object_new ();
  static const char * const keys[] = { "runtime", "id", "image", "state", "namespace" };

  json_object_set_string_member (object, "target", str (item, "name"));
  json_object_set_string_member (object, "kind", "container");
  json_object_set_string_member (object, "name", str (item, "name"));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    json_object_set_string_member (object, keys[i], str (item, keys[i]));
  json_object_set_array_member (object, "networks", names_of (item, "networks", "network"));
  json_object_set_array_member (object, "interfaces", names_of (item, "interfaces", "name"));
  return object;
}

static JsonObject *
network_json (GVariant *item)
{
  JsonObject *object = json_object_new ();
  static const char * const keys[] = { "runtime", "name", "id", "driver", "bridge", "subnet" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    json_object_set_string_member (object, keys[i], str (item, keys[i]));
  return object;
}

static void
add_inventory (GVariant          *items,
               const ListOptions *o,
               JsonArray         *targets,
               JsonArray         *networks)
{
  GVariantIter iter;
  GVariant *item;

  g_variant_iter_init (&iter, items);
  /* g_variant_iter_loop() frees each item for the next; no early exit. */
  while (g_variant_iter_loop (&iter, "@a{sv}", &item))
    {
      const char *kind = str (item, "kind");

      if (!runtime_matches (str (item, "runtime"), o->runtime))
        continue;
      if (g_str_equal (kind, "container") && on_network (item, o->network))
        json_array_add_object_element (targets, container_json (item));
      else if (g_str_equal (kind, "network") &&
               (o->network == NULL || g_str_equal (str (item, "name"), o->network)))
        json_array_add_object_element (networks, network_json (item));
    }
}

static char *
join_array (JsonArray *array)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    g_strv_builder_add (builder, json_array_get_string_element (array, i));
  strv = g_strv_builder_end (builder);
  return g_strv_length (strv) ? g_strjoinv (", ", strv) : g_strdup ("-");
}

static void
print_text (JsonArray *targets,
            JsonArray *networks)
{
  for (guint i = 0; i < json_array_get_length (targets); i++)
    {
      JsonObject *t = json_array_get_object_element (targets, i);
      g_autofree char *ifaces = join_array (json_object_get_array_member (t, "interfaces"));
      const char *kind = json_object_get_string_member (t, "kind");

      if (!g_str_equal (kind, "container"))
        /* Translators: a target, its kind ("host", "netns") and its interfaces */
        g_print (_("%-24s %-9s interfaces: %s\n"), json_object_get_string_member (t, "target"),
                 kind, ifaces);
      else
        {
          g_autofree char *nets = join_array (json_object_get_array_member (t, "networks"));

          /* Translators: a container's name, runtime, ID, image (state), its networks and interfaces */
          g_print (_("%-24s %-9s %.12s %s (%s) networks: %s interfaces: %s\n"),
                   json_object_get_string_member (t, "target"),
                   json_object_get_string_member (t, "runtime"),
                   json_object_get_string_member (t, "id"),
                   json_object_get_string_member (t, "image"),
                   json_object_get_string_member (t, "state"), nets, ifaces);
        }
    }
  if (json_array_get_length (networks) > 0)
    g_print ("\n%s\n", _("Networks:"));
  for (guint i = 0; i < json_array_get_length (networks); i++)
    {
      JsonObject *n = json_array_get_object_element (networks, i);

      /* Translators: a network's name, runtime, bridge interface and subnet */
      g_print (_("  %-22s %-9s bridge %s, subnet %s\n"), json_object_get_string_member (n, "name"),
               json_object_get_string_member (n, "runtime"),
               json_object_get_string_member (n, "bridge"),
               json_object_get_string_member (n, "subnet"));
    }
}

static void
print_list (TcguictlContext *ctx,
            JsonArray       *targets,
            JsonArray       *networks)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object;

  if (!ctx->json)
    return print_text (targets, networks);
  object = json_object_new ();
  json_object_set_array_member (object, "targets", json_array_ref (targets));
  json_object_set_array_member (object, "networks", json_array_ref (networks));
  json_node_take_object (node, object);
  tcguictl_print_json (node);
}

gboolean
tcguictl_cmd_list (TcguictlContext  *ctx,
                   int               argc,
                   char            **argv,
                   GError          **error)
{
  ListOptions o = { 0 };
  GOptionEntry entries[] = {
    { "runtime", 0, 0, G_OPTION_ARG_STRING, &o.runtime, N_("Only containers of RUNTIME"), "docker|podman|other" },
    { "network", 0, 0, G_OPTION_ARG_STRING, &o.network, N_("Only containers on NETWORK"), N_("NETWORK") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("list");
  g_autoptr(JsonArray) targets = json_array_new ();
  g_autoptr(JsonArray) networks = json_array_new ();
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) items = NULL;
  gboolean ok = FALSE;

  g_option_context_set_summary (context, N_("Lists what can be shaped, as the app's sidebar "
                                   "groups it: the host, named namespaces, containers (with "
                                   "image, state and networks), networks, interfaces."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tcguictl_parse_options (context, ctx, &argc, &argv, error))
    goto out;
  if (argc > 1 || (o.runtime && !g_strv_contains ((const char *[]) { "docker", "podman", "other", NULL }, o.runtime)))
    {
      g_set_error_literal (error, TCGUICTL_USAGE_ERROR, 0,
                           argc > 1 ? _("list takes no arguments")
                                    : _("--runtime must be docker, podman or other"));
      goto out;
    }
  if ((o.runtime == NULL && o.network == NULL && !add_namespaces (ctx, targets, error)) ||
      !(reply = tcguictl_call (ctx, "GetInventory", NULL, "(utaa{sv})", error)))
    goto out;
  items = g_variant_get_child_value (reply, 2);
  add_inventory (items, &o, targets, networks);
  print_list (ctx, targets, networks);
  ok = TRUE;
out:
  g_free (o.runtime);
  g_free (o.network);
  return ok;
}

/* presets ----------------------------------------------------------------- */

static JsonObject *
preset_json (const TcguiPreset *preset)
{
  JsonObject *object = json_object_new ();
  TcguiParams out, in;
  g_autoptr(GVariant) out_dict = NULL;
  g_autoptr(GVariant) in_dict = NULL;
  g_autofree char *out_text = NULL;
  g_autofree char *in_text = NULL;

  tcgui_preset_to_params (preset, &out, &in);
  out_dict = g_variant_ref_sink (tcgui_params_to_variant (&out));
  in_dict = g_variant_ref_sink (tcgui_params_to_variant (&in));
  out_text = tcgui_params_to_options (&out);
  in_text = tcgui_params_to_options (&in);
  json_object_set_string_member (object, "id", preset->id);
  json_object_set_string_member (object, "name", preset->name);
  json_object_set_string_member (object, "group", preset->group);
  json_object_set_string_member (object, "source", preset->source);
  json_object_set_member (object, "outgoing", json_gvariant_serialize (out_dict));
  json_object_set_member (object, "incoming", json_gvariant_serialize (in_dict));
  json_object_set_string_member (object, "outgoing-options", out_text);
  json_object_set_string_member (object, "incoming-options", in_text);
  return object;
}

gboolean
tcguictl_cmd_presets (TcguictlContext  *ctx,
                      int               argc,
                      char            **argv,
                      GError          **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("presets");
  g_autoptr(JsonArray) array = json_array_new ();
  guint n = 0;
  const TcguiPreset *all = tcgui_presets_get_all (&n);
  const char *group = NULL;

  g_option_context_set_summary (context, N_("Lists the built-in presets of “set --preset NAME”: "
                                   "their values per direction and where they come from."));
  if (!tcguictl_parse_options (context, ctx, &argc, &argv, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      JsonObject *object = preset_json (&all[i]);

      if (!ctx->json && g_strcmp0 (group, all[i].group) != 0)
        g_print ("%s%s — %s\n", group ? "\n" : "", _(all[i].group), all[i].source);
      if (!ctx->json)
        g_print ("  %-18s outgoing: %s\n  %-18s incoming: %s\n", all[i].id,
                 json_object_get_string_member (object, "outgoing-options")[0]
                   ? json_object_get_string_member (object, "outgoing-options") : _("none"),
                 "", json_object_get_string_member (object, "incoming-options")[0]
                   ? json_object_get_string_member (object, "incoming-options") : _("none"));
      group = all[i].group;
      json_array_add_object_element (array, object);
    }
  if (ctx->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (node, array);
      tcguictl_print_json (node);
    }
  return TRUE;
}
