/* tcguictl-rule.c - rules: shaping the helper keeps (issue 11)
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `rule list/show/add/delete/enable/disable` on ListRules, SetRule and
 * DeleteRule, and `set … --for DURATION`, which is a rule for the target
 * with "duration-s": the helper applies it and takes it off when it
 * expires, also across its restarts. A rule is checked with the helper's
 * own validator (common/tcgui-rule.c) before it is sent, as `set` checks
 * its values: a bad one is a usage error (exit 2) and nothing is called.
 * The shaping options are `set`'s (tcguictl-shaping.c).
 */

#define G_LOG_DOMAIN "tcguictl"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "tcgui-error.h"
#include "tcgui-rule.h"
#include "tcgui-units.h"
#include "tcguictl.h"

static gboolean
usage (GError     **error,
       const char  *message)
{
  g_set_error_literal (error, TCGUICTL_USAGE_ERROR, 0, message);
  return FALSE;
}

static const char *
str (GVariant   *dict,
     const char *key)
{
  const char *value = NULL;

  if (dict == NULL || !g_variant_lookup (dict, key, "&s", &value))
    return "";
  return value;
}

/* "2026-12-06 18:00:00", local time. */
static char *
format_time (gint64 unix_s)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (unix_s);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%d %H:%M:%S") : g_strdup ("?");
}

/* The directions given get the parameters; the others stay unshaped. */
static void
add_shaping (GVariantDict       *rule,
             const char * const *dirs,
             const TcguiParams   params[2])
{
  for (guint d = 0; dirs[d] != NULL; d++)
    g_variant_dict_insert_value (rule, dirs[d],
                                 tcgui_params_to_variant (&params[g_str_equal (dirs[d], "incoming")]));
}

/* The helper's own check, before any call. */
static gboolean
validate (GVariant  *rule,
          GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(TcguiRule) parsed = NULL;

  parsed = tcgui_rule_from_variant (rule, TCGUI_RULE_PARSE_CALLER,
                                    g_get_real_time () / G_USEC_PER_SEC, &local_error);
  if (parsed != NULL)
    return TRUE;
  return usage (error, local_error->message);
}

/* SetRule; the new rule's id, or NULL. */
static char *
send_rule (TcguictlContext  *ctx,
           GVariant         *rule,
           GError          **error)
{
  g_autoptr(GVariant) reply = NULL;
  char *id = NULL;

  reply = tcguictl_call (ctx, "SetRule", g_variant_new ("(@a{sv})", rule), "(s)", error);
  if (reply == NULL)
    return NULL;
  g_variant_get (reply, "(s)", &id);
  return id;
}

static void
print_sent (TcguictlContext *ctx,
            const char      *id,
            GVariant        *rule,
            const char      *text)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  if (!ctx->json)
    {
      g_print ("%s\n", text);
      return;
    }
  object = json_object_new ();
  if (id != NULL)
    json_object_set_string_member (object, "id", id);
  json_object_set_member (object, "rule", json_gvariant_serialize (rule));
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  tcguictl_print_json (node);
}

/* set --for --------------------------------------------------------------- */

/* "podman-user-1000" is the caller's own rootless Podman: "podman-user". */
static const char *
rule_runtime (const char *inventory_runtime)
{
  if (g_str_has_prefix (inventory_runtime, "podman-user-"))
    return "podman-user";
  if (g_str_equal (inventory_runtime, "docker") || g_str_equal (inventory_runtime, "podman"))
    return inventory_runtime;
  return NULL;
}

/* The selector of exactly what `set` would shape now. */
static GVariant *
timed_selector (TcguictlTarget   *target,
                const char       *iface,
                TcguictlShaping  *o,
                GError          **error)
{
  g_auto(GVariantDict) sel = G_VARIANT_DICT_INIT (NULL);

  if (g_str_equal (target->kind, "container"))
    {
      const char *runtime = rule_runtime (str (target->item, "runtime"));

      if (iface != NULL)
        return usage (error, _("With --for, a container's interface is chosen with --network, "
                               "not IFACE")), NULL;
      g_variant_dict_insert (&sel, "kind", "s", "container");
      g_variant_dict_insert (&sel, "container-name", "s", str (target->item, "name"));
      if (runtime != NULL)
        g_variant_dict_insert (&sel, "runtime", "s", runtime);
      if (o->network != NULL)
        g_variant_dict_insert (&sel, "network", "s", o->network);
      return g_variant_dict_end (&sel);
    }
  if (o->network != NULL)
    return usage (error, _("--network needs a container TARGET")), NULL;
  if (g_str_equal (target->kind, "netns"))
    {
      g_variant_dict_insert (&sel, "kind", "s", "netns");
      g_variant_dict_insert (&sel, "netns", "s", target->ns_id + strlen ("netns:"));
      if (iface != NULL)
        g_variant_dict_insert (&sel, "interface", "s", iface);
      return g_variant_dict_end (&sel);
    }
  if (g_str_equal (target->kind, "host") && iface != NULL)
    {
      g_variant_dict_insert (&sel, "kind", "s", "host");
      g_variant_dict_insert (&sel, "interface", "s", iface);
      return g_variant_dict_end (&sel);
    }
  if (g_str_equal (target->kind, "host"))
    return usage (error, _("Name the host's interface: tcguictl set host IFACE …")), NULL;
  return usage (error, _("--for needs a container, netns:NAME or host IFACE: a process's "
                         "namespace has no name a rule could keep")), NULL;
}

/**
 * tcguictl_rule_set_timed:
 *
 * `set TARGET [IFACE] … --for DURATION`: a rule for TARGET with
 * "duration-s", which the helper applies now and removes when it expires.
 */
gboolean
tcguictl_rule_set_timed (TcguictlContext     *ctx,
                         TcguictlTarget      *target,
                         const char          *iface,
                         TcguictlShaping     *o,
                         const char * const  *dirs,
                         const TcguiParams    params[2],
                         GError             **error)
{
  g_auto(GVariantDict) rule = G_VARIANT_DICT_INIT (NULL);
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL, *id = NULL, *until = NULL, *text = NULL;
  GVariant *selector;
  guint32 seconds = 0;

  if (o->force)
    return usage (error, _("--for cannot be combined with --force"));
  if (!tcgui_duration_parse (o->duration, &seconds, &local_error))
    {
      g_set_error (error, TCGUICTL_USAGE_ERROR, 0, "--for: %s", local_error->message);
      return FALSE;
    }
  if ((selector = timed_selector (target, iface, o, error)) == NULL)
    return FALSE;
  /* Translators: a timed rule's name: a target ("web", "netns:lab") and a duration ("10m") */
  name = g_strdup_printf (_("%s for %s"), target->text, o->duration);
  g_variant_dict_insert (&rule, "name", "s", name);
  g_variant_dict_insert_value (&rule, "selector", selector);
  g_variant_dict_insert (&rule, "duration-s", "u", seconds);
  add_shaping (&rule, dirs, params);
  value = g_variant_ref_sink (g_variant_dict_end (&rule));
  if (!validate (value, error) || !(id = send_rule (ctx, value, error)))
    return FALSE;
  until = format_time (g_get_real_time () / G_USEC_PER_SEC + seconds);
  /* Translators: a rule's id and a local time */
  text = g_strdup_printf (_("Rule %s keeps this shaping until %s"), id, until);
  print_sent (ctx, id, value, text);
  return TRUE;
}

/* list, show ------------------------------------------------------------- */

static GVariant *
list_rules (TcguictlContext  *ctx,
            GError          **error)
{
  g_autoptr(GVariant) reply = NULL;

  reply = tcguictl_call (ctx, "ListRules", NULL, "(taa{sv})", error);
  return reply != NULL ? g_variant_get_child_value (reply, 1) : NULL;
}

/* The rule @id as ListRules gives it, or NoSuchRule. */
static GVariant *
find_rule (TcguictlContext  *ctx,
           const char       *id,
           GError          **error)
{
  g_autoptr(GVariant) rules = list_rules (ctx, error);
  GVariantIter iter;
  GVariant *rule;

  if (rules == NULL)
    return NULL;
  g_variant_iter_init (&iter, rules);
  while ((rule = g_variant_iter_next_value (&iter)) != NULL)
    {
      if (g_str_equal (str (rule, "id"), id))
        return rule;
      g_variant_unref (rule);
    }
  g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_RULE,
               _("There is no rule “%s” (“tcguictl rule list” lists them)"), id);
  return NULL;
}

/* "kind=image image=docker.io/library/nginx:latest network=front" */
static char *
describe_selector (GVariant *rule)
{
  g_autoptr(GVariant) sel = g_variant_lookup_value (rule, "selector", G_VARIANT_TYPE_VARDICT);
  static const char * const keys[] = { "kind", "image", "container-name", "compose-project",
                                       "compose-service", "runtime", "netns", "network",
                                       "interface" };
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (str (sel, keys[i])[0] != '\0')
      g_string_append_printf (out, "%s%s=%s", out->len ? " " : "", keys[i], str (sel, keys[i]));
  return g_strdup (out->str);
}

static char *
describe_direction (GVariant   *rule,
                    const char *dir)
{
  g_autoptr(GVariant) dict = g_variant_lookup_value (rule, dir, G_VARIANT_TYPE_VARDICT);
  TcguiParams params;

  if (dict == NULL || !tcgui_params_from_variant (dict, &params, NULL))
    tcgui_params_init (&params);
  return tcguictl_describe_params (&params);
}

static void
print_rule (GVariant *rule)
{
  g_autoptr(GVariant) status = g_variant_lookup_value (rule, "status", G_VARIANT_TYPE_VARDICT);
  g_autofree char *selector = describe_selector (rule);
  g_autofree char *out = describe_direction (rule, "outgoing");
  g_autofree char *in = describe_direction (rule, "incoming");
  const char *state = str (status, "state");
  gint64 expires = 0, now = g_get_real_time () / G_USEC_PER_SEC;

  g_print ("%s  %s  [%s]\n", str (rule, "id"), str (rule, "name"), state[0] ? state : "-");
  g_print ("    %s\n", selector);
  g_print ("    outgoing: %s\n    incoming: %s\n", out, in);
  if (g_variant_lookup (rule, "expires-at", "x", &expires) && expires > now)
    {
      g_autofree char *when = format_time (expires);
      g_autofree char *left = tcgui_duration_format ((guint32) MIN (expires - now, G_MAXUINT32));

      /* Translators: a local time, then the time left ("9m58s") */
      g_print (_("    expires %s (in %s)\n"), when, left);
    }
  else if (expires > 0)
    {
      g_autofree char *when = format_time (expires);

      /* Translators: a local time */
      g_print (_("    expired %s\n"), when);
    }
}

static void
print_status (GVariant *rule)
{
  g_autoptr(GVariant) status = g_variant_lookup_value (rule, "status", G_VARIANT_TYPE_VARDICT);
  g_autoptr(GVariant) applied = NULL;
  GVariantIter iter;
  GVariant *entry;
  guint32 owner = 0;

  if (g_variant_lookup (rule, "owner-uid", "u", &owner))
    g_print (_("    owner uid %u\n"), owner);
  if (str (status, "last-error")[0] != '\0')
    g_print (_("    last error: %s\n"), str (status, "last-error"));
  if (status == NULL ||
      !(applied = g_variant_lookup_value (status, "applied", G_VARIANT_TYPE ("aa{sv}"))))
    return;
  g_variant_iter_init (&iter, applied);
  while (g_variant_iter_loop (&iter, "@a{sv}", &entry))
    {
      gint64 at = 0;
      g_autofree char *when = NULL;

      g_variant_lookup (entry, "at", "x", &at);
      when = format_time (at / G_USEC_PER_SEC);
      /* Translators: an interface, its namespace and a local time */
      g_print (_("    applied to %s in %s at %s\n"), str (entry, "interface"),
               str (entry, "namespace"), when);
      if (str (entry, "superseded-by")[0] != '\0')
        g_print (_("      superseded by %s\n"), str (entry, "superseded-by"));
    }
}

static gboolean
rule_list (TcguictlContext  *ctx,
           int               argc,
           char            **argv,
           GError          **error)
{
  g_autoptr(GVariant) rules = NULL;
  GVariantIter iter;
  GVariant *rule;

  if (argc > 1)
    return usage (error, _("rule list takes no arguments"));
  if (!(rules = list_rules (ctx, error)))
    return FALSE;
  if (ctx->json)
    {
      tcguictl_print_variant (rules);
      return TRUE;
    }
  g_variant_iter_init (&iter, rules);
  while (g_variant_iter_loop (&iter, "@a{sv}", &rule))
    print_rule (rule);
  return TRUE;
}

static gboolean
rule_show (TcguictlContext  *ctx,
           int               argc,
           char            **argv,
           GError          **error)
{
  g_autoptr(GVariant) rule = NULL;

  if (argc != 2)
    return usage (error, _("Usage: rule show ID"));
  if (!(rule = find_rule (ctx, argv[1], error)))
    return FALSE;
  if (ctx->json)
    {
      tcguictl_print_variant (rule);
      return TRUE;
    }
  print_rule (rule);
  print_status (rule);
  return TRUE;
}

/* delete, enable, disable ----------------------------------------------- */

static gboolean
rule_delete (TcguictlContext  *ctx,
             int               argc,
             char            **argv,
             GError          **error)
{
  g_autoptr(GVariant) reply = NULL;

  if (argc != 2)
    return usage (error, _("Usage: rule delete ID"));
  reply = tcguictl_call (ctx, "DeleteRule", g_variant_new ("(s)", argv[1]), "()", error);
  if (reply == NULL)
    return FALSE;
  if (ctx->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "deleted", argv[1]);
      json_node_take_object (node, object);
      tcguictl_print_json (node);
    }
  else
    g_print (_("Deleted rule %s\n"), argv[1]);
  return TRUE;
}

/* The rule as listed, "enabled" changed: SetRule ignores the read-only keys. */
static gboolean
rule_enable (TcguictlContext  *ctx,
             const char       *id,
             gboolean          enabled,
             GError          **error)
{
  g_autoptr(GVariant) rule = find_rule (ctx, id, error);
  g_autoptr(GVariantDict) dict = NULL;
  g_autoptr(GVariant) value = NULL;
  g_autofree char *sent = NULL;

  if (rule == NULL)
    return FALSE;
  dict = g_variant_dict_new (rule);
  g_variant_dict_insert (dict, "enabled", "b", enabled);
  value = g_variant_ref_sink (g_variant_dict_end (dict));
  if (!(sent = send_rule (ctx, value, error)))
    return FALSE;
  print_sent (ctx, sent, value, enabled ? _("Enabled") : _("Disabled"));
  return TRUE;
}

static gboolean
rule_enable_cmd (TcguictlContext  *ctx,
                 int               argc,
                 char            **argv,
                 GError          **error)
{
  if (argc != 2)
    return usage (error, _("Usage: rule enable|disable ID"));
  return rule_enable (ctx, argv[1], g_str_equal (argv[0], "enable"), error);
}

/* add --------------------------------------------------------------------- */

typedef struct
{
  TcguictlShaping  shaping;
  char            *image, *container, *netns, *host, *iface, *network;
  char            *project, *service, *runtime, *duration;
  gboolean         disabled, dry_run;
} AddOptions;

static void
add_options_clear (AddOptions *o)
{
  char **strings[] = { &o->image, &o->container, &o->netns, &o->host, &o->iface, &o->network,
                       &o->project, &o->service, &o->runtime, &o->duration };

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    g_clear_pointer (strings[i], g_free);
  tcguictl_shaping_clear (&o->shaping);
}

static GOptionContext *
add_context (AddOptions *o)
{
  GOptionEntry entries[] = {
    { "image", 0, 0, G_OPTION_ARG_STRING, &o->image, N_("Containers of this image: repo:tag, repo (any tag) or a glob"), N_("REF") },
    { "container", 0, 0, G_OPTION_ARG_STRING, &o->container, N_("The container of this name (with --image: only it)"), N_("NAME") },
    { "netns", 0, 0, G_OPTION_ARG_STRING, &o->netns, N_("The named network namespace (ip netns)"), N_("NAME") },
    { "host", 0, 0, G_OPTION_ARG_STRING, &o->host, N_("The host's interface IFACE"), N_("IFACE") },
    { "interface", 0, 0, G_OPTION_ARG_STRING, &o->iface, N_("With --netns: only IFACE (default: all but lo)"), N_("IFACE") },
    { "network", 0, 0, G_OPTION_ARG_STRING, &o->network, N_("Only the container's interface on NETWORK"), N_("NETWORK") },
    { "compose-project", 0, 0, G_OPTION_ARG_STRING, &o->project, N_("With --image: only containers of this compose project"), N_("P") },
    { "compose-service", 0, 0, G_OPTION_ARG_STRING, &o->service, N_("With --image: only containers of this compose service"), N_("S") },
    { "runtime", 0, 0, G_OPTION_ARG_STRING, &o->runtime, N_("Only containers of RUNTIME"), "docker|podman|podman-user" },
    { "for", 0, 0, G_OPTION_ARG_STRING, &o->duration, N_("Expire after DURATION (90s, 10m, 1h; at most 7d)"), N_("DURATION") },
    { "disabled", 0, 0, G_OPTION_ARG_NONE, &o->disabled, N_("Store it disabled"), NULL },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &o->dry_run, N_("Check the rule and print it, without sending it"), NULL },
    G_OPTION_ENTRY_NULL
  };
  /* Translators: keep the command's name (“rule add”) */
  GOptionContext *context = g_option_context_new (N_("rule add NAME (--image REF|--container NAME|--netns NAME|--host IFACE)"));

  /* Translators: keep the examples' commands and options */
  g_option_context_set_summary (context, N_(
    "Adds a rule: the helper shapes every interface it selects whenever its target runs,\n"
    "also after restarts, until it expires. The shaping options are set's.\n\n"
    "  tcguictl rule add slow-web --image nginx --network front --rate 1mbit\n"
    "  tcguictl rule add lab --netns lab --incoming --delay 50ms --for 1h"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  tcguictl_shaping_add_options (&o->shaping, context);
  return context;
}

static void
insert_string (GVariantDict *dict,
               const char   *key,
               const char   *value)
{
  if (value != NULL)
    g_variant_dict_insert (dict, key, "s", value);
}

/* One of --image, --container, --netns, --host chooses the kind; the
 * rest narrows it (the validator refuses what a kind does not take). */
static GVariant *
add_selector (AddOptions  *o,
              GError     **error)
{
  g_auto(GVariantDict) sel = G_VARIANT_DICT_INIT (NULL);
  guint kinds = (o->image != NULL) + (o->netns != NULL) + (o->host != NULL) +
                (o->container != NULL && o->image == NULL);

  if (kinds != 1)
    return usage (error, _("Give one of --image, --container, --netns and --host")), NULL;
  g_variant_dict_insert (&sel, "kind", "s", o->image ? "image" : o->container ? "container"
                                            : o->netns ? "netns" : "host");
  insert_string (&sel, "image", o->image);
  insert_string (&sel, "container-name", o->container);
  insert_string (&sel, "netns", o->netns);
  insert_string (&sel, "interface", o->host != NULL ? o->host : o->iface);
  insert_string (&sel, "network", o->network);
  insert_string (&sel, "compose-project", o->project);
  insert_string (&sel, "compose-service", o->service);
  insert_string (&sel, "runtime", o->runtime);
  return g_variant_dict_end (&sel);
}

static GVariant *
add_rule (AddOptions  *o,
          const char  *name,
          GError     **error)
{
  g_auto(GVariantDict) rule = G_VARIANT_DICT_INIT (NULL);
  g_autoptr(GError) local_error = NULL;
  const char * const *dirs;
  TcguiParams params[2];
  GVariant *selector;
  guint32 seconds = 0;

  if (o->duration != NULL && !tcgui_duration_parse (o->duration, &seconds, &local_error))
    {
      g_set_error (error, TCGUICTL_USAGE_ERROR, 0, "--for: %s", local_error->message);
      return NULL;
    }
  if (!tcguictl_shaping_resolve (&o->shaping, &dirs, params, error) ||
      !(selector = add_selector (o, error)))
    return NULL;
  g_variant_dict_insert (&rule, "name", "s", name);
  g_variant_dict_insert (&rule, "enabled", "b", !o->disabled);
  g_variant_dict_insert_value (&rule, "selector", selector);
  if (o->duration != NULL)
    g_variant_dict_insert (&rule, "duration-s", "u", seconds);
  add_shaping (&rule, dirs, params);
  return g_variant_ref_sink (g_variant_dict_end (&rule));
}

static gboolean
rule_add (TcguictlContext  *ctx,
          int               argc,
          char            **argv,
          GError          **error)
{
  AddOptions o = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GVariant) rule = NULL;
  g_autofree char *id = NULL;
  gboolean ok = FALSE;

  tcguictl_shaping_init (&o.shaping);
  context = add_context (&o);
  if (!tcguictl_parse_options (context, ctx, &argc, &argv, error))
    goto out;
  if (argc != 2)
    {
      usage (error, _("Usage: rule add NAME --image REF|--container NAME|--netns NAME|--host IFACE …"));
      goto out;
    }
  if (!(rule = add_rule (&o, argv[1], error)) || !validate (rule, error))
    goto out;
  if (o.dry_run)
    {
      tcguictl_print_variant (rule);
      ok = TRUE;
      goto out;
    }
  if ((id = send_rule (ctx, rule, error)) != NULL)
    print_sent (ctx, id, rule, id);
  ok = id != NULL;
out:
  add_options_clear (&o);
  return ok;
}

/* rule ---------------------------------------------------------------------- */

static const struct
{
  const char          *name;
  TcguictlCommandFunc  func;
  gboolean             own_options;   /* parses its own, else only the common ones */
  const char          *usage;
} rule_commands[] = {
  { "list", rule_list, FALSE, "rule list" },
  { "show", rule_show, FALSE, N_("rule show ID") },
  { "add", rule_add, TRUE, NULL },
  { "delete", rule_delete, FALSE, N_("rule delete ID") },
  { "enable", rule_enable_cmd, FALSE, N_("rule enable ID") },
  { "disable", rule_enable_cmd, FALSE, N_("rule disable ID") },
};

static void
print_rule_usage (FILE *out)
{
  /* Translators: keep the subcommands and options */
  fputs (_("Usage:\n"
           "  tcguictl rule list                 the rules, with their state and expiry\n"
           "  tcguictl rule show ID              one rule, where it is applied, its last error\n"
           "  tcguictl rule add NAME …           a new rule (“tcguictl rule add --help”)\n"
           "  tcguictl rule delete ID            delete a rule (the helper removes its shaping)\n"
           "  tcguictl rule enable|disable ID    keep a rule but (do not) apply it\n"), out);
}

gboolean
tcguictl_cmd_rule (TcguictlContext  *ctx,
                   int               argc,
                   char            **argv,
                   GError          **error)
{
  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      print_rule_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? usage (error, _("rule needs a subcommand")) : TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (rule_commands); i++)
    {
      g_autoptr(GOptionContext) context = NULL;

      if (!g_str_equal (argv[1], rule_commands[i].name))
        continue;
      if (rule_commands[i].own_options)
        return rule_commands[i].func (ctx, argc - 1, argv + 1, error);
      context = g_option_context_new (rule_commands[i].usage);
      return tcguictl_parse_options (context, ctx, &argc, &argv, error) &&
             rule_commands[i].func (ctx, argc - 1, argv + 1, error);
    }
  g_set_error (error, TCGUICTL_USAGE_ERROR, 0, _("Unknown rule subcommand “%s”"), argv[1]);
  return FALSE;
}
