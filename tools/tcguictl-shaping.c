/* tcguictl-shaping.c - show, set, clear and reset-all
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The values of `set` are read by common/tcgui-units.c and checked by
 * tcgui_params_from_variant(), the helper's own validator, before any call:
 * a bad value is a usage error (exit 2) that names its option.
 */

#define G_LOG_DOMAIN "tcguictl"

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n.h>

#include "tcgui-error.h"
#include "tcgui-params.h"
#include "tcgui-presets.h"
#include "tcgui-units.h"
#include "tcguictl.h"

typedef TcguictlShaping SetOptions;

static const char * const all_directions[] = { "outgoing", "incoming", NULL };

void
tcguictl_shaping_init (TcguictlShaping *o)
{
  memset (o, 0, sizeof *o);
  g_variant_dict_init (&o->dict, NULL);
}

void
tcguictl_shaping_clear (TcguictlShaping *o)
{
  g_clear_pointer (&o->network, g_free);
  g_clear_pointer (&o->preset, g_free);
  g_clear_pointer (&o->duration, g_free);
  g_variant_dict_clear (&o->dict);
}

static gboolean
usage (GError     **error,
       const char  *message)
{
  g_set_error_literal (error, TCGUICTL_USAGE_ERROR, 0, message);
  return FALSE;
}

/* --outgoing, --incoming or --both: at most one; @fallback without. */
static gboolean
directions (const SetOptions    *o,
            const char          *fallback,
            const char * const **out,
            GError             **error)
{
  static const char * const outgoing[] = { "outgoing", NULL };
  static const char * const incoming[] = { "incoming", NULL };

  if (o->outgoing + o->incoming + o->both > 1)
    return usage (error, _("Give one of --outgoing, --incoming and --both"));
  if (o->outgoing || (!o->incoming && !o->both && g_str_equal (fallback, "outgoing")))
    *out = outgoing;
  else if (o->incoming)
    *out = incoming;
  else
    *out = all_directions;
  return TRUE;
}

/* TARGET [IFACE] after the options. */
static gboolean
positional (int           argc,
            char        **argv,
            const char  **target,
            const char  **iface,
            GError      **error)
{
  if (argc < 2)
    return usage (error, _("Missing TARGET (see --help)"));
  if (argc > 3)
    return usage (error, _("Too many arguments: TARGET [IFACE]"));
  *target = argv[1];
  *iface = argc == 3 ? argv[2] : NULL;
  return TRUE;
}

/* The interfaces a command acts on: IFACE, or all of a container or a
 * namespace (never all of the host's by accident). */
static GStrv
interfaces_of (TcguictlContext  *ctx,
               TcguictlTarget   *target,
               const char       *iface,
               const char       *network,
               gboolean          writes,
               GError          **error)
{
  GStrv result;

  if (iface != NULL && network != NULL)
    {
      usage (error, _("Give IFACE or --network, not both"));
      return NULL;
    }
  if (iface != NULL)
    {
      result = g_new0 (char *, 2);
      result[0] = g_strdup (iface);
      return result;
    }
  if (writes && g_str_equal (target->kind, "host"))
    {
      usage (error, _("Name the host's interface: tcguictl set host IFACE …"));
      return NULL;
    }
  result = tcguictl_target_interfaces (ctx, target, network, error);
  if (result != NULL && result[0] == NULL)
    {
      g_strfreev (result);
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_INTERFACE,
                   /* Translators: %s is the TARGET as the user wrote it */
                   _("%s has no interface to shape"), target->text);
      return NULL;
    }
  return result;
}

/* "--delay 100ms --loss 1%" (what `set` takes), or "none". */
char *
tcguictl_describe_params (const TcguiParams *params)
{
  if (tcgui_params_is_empty (params))
    /* Translators: a direction of an interface has no shaping */
    return g_strdup (_("none"));
  return tcgui_params_to_options (params);
}

static char *
describe_dict (GVariant *dict)
{
  TcguiParams params;

  if (dict == NULL || !tcgui_params_from_variant (dict, &params, NULL))
    tcgui_params_init (&params);
  return tcguictl_describe_params (&params);
}

static guint64
stat_u64 (GVariant   *stats,
          const char *key)
{
  guint64 v = 0;

  if (stats != NULL)
    g_variant_lookup (stats, key, "t", &v);
  return v;
}

/* "tbf, by tcgui": the root qdisc and who made it ("tcgui", "foreign"). */
static char *
qdisc_text (const char *qdisc,
            const char *owner)
{
  if (g_str_equal (owner, "none"))
    return g_strdup (qdisc[0] ? qdisc : "-");
  /* Translators: a qdisc ("tbf") and who made it ("tcgui" or "foreign") */
  return g_strdup_printf (_("%s, by %s"), qdisc[0] ? qdisc : "-", owner);
}

/* " via peer:eb in netns:lab": where incoming traffic is shaped. */
static char *
incoming_via_text (const char *via,
                   const char *via_ns)
{
  if (via[0] == '\0')
    return g_strdup ("");
  if (via_ns[0] == '\0')
    /* Translators: incoming traffic is shaped via an interface ("peer:eb"); mind the leading space */
    return g_strdup_printf (_(" via %s"), via);
  /* Translators: … via an interface in a namespace ("peer:eb", "netns:lab"); mind the leading space */
  return g_strdup_printf (_(" via %s in %s"), via, via_ns);
}

static void
print_direction (GVariant   *state,
                 const char *dir)
{
  g_autofree char *key_owner = g_strdup_printf ("%s-owner", dir);
  g_autofree char *key_qdisc = g_strdup_printf ("%s-qdisc", dir);
  g_autofree char *key_stats = g_strdup_printf ("%s-stats", dir);
  g_autoptr(GVariant) params = g_variant_lookup_value (state, dir, G_VARIANT_TYPE_VARDICT);
  g_autoptr(GVariant) stats = g_variant_lookup_value (state, key_stats, G_VARIANT_TYPE_VARDICT);
  g_autofree char *text = describe_dict (params);
  const char *owner = "none", *qdisc = "", *via = "", *via_ns = "";
  g_autofree char *where = NULL;
  g_autofree char *via_text = NULL;

  g_variant_lookup (state, key_owner, "&s", &owner);
  g_variant_lookup (state, key_qdisc, "&s", &qdisc);
  if (g_str_equal (dir, "incoming"))
    {
      g_variant_lookup (state, "incoming-via", "&s", &via);
      g_variant_lookup (state, "incoming-via-namespace", "&s", &via_ns);
    }
  if (g_str_equal (owner, "foreign"))
    {
      g_free (text);
      /* Translators: %s is the kernel's name of a qdisc, e.g. “htb” */
      text = g_strdup_printf (_("a “%s” qdisc TC GUI cannot show"), qdisc);
    }
  where = qdisc_text (qdisc, owner);
  via_text = incoming_via_text (via, via_ns);
  g_print ("  %-9s %s  [%s]%s\n", dir, text, where, via_text);
  if (stats != NULL)
    /* Translators: the counters of a qdisc as tc -s shows them; the first %s is an indent */
    g_print (_("  %-9s sent %" PRIu64 " bytes, %" PRIu64 " packets, %" PRIu64 " dropped, %"
               PRIu64 " overlimits, backlog %" PRIu64 " bytes\n"), "", stat_u64 (stats, "sent-bytes"),
             stat_u64 (stats, "sent-packets"), stat_u64 (stats, "drops"),
             stat_u64 (stats, "overlimits"), stat_u64 (stats, "backlog-bytes"));
}

static JsonNode *
target_json (TcguictlTarget *target,
             const char     *member,
             JsonArray      *array)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "target", target->text);
  json_object_set_string_member (object, "namespace", target->ns_id);
  json_object_set_string_member (object, "kind", target->kind);
  json_object_set_array_member (object, member, array);
  json_node_take_object (node, object);
  return node;
}

gboolean
tcguictl_cmd_show (TcguictlContext  *ctx,
                   int               argc,
                   char            **argv,
                   GError          **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("show TARGET [IFACE]"));
  g_auto(TcguictlTarget) target = { 0 };
  g_auto(GStrv) ifaces = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  const char *target_text, *iface;

  g_option_context_set_summary (context, N_("Shows the kernel's shaping of each interface of "
                                   "TARGET (or of IFACE), both directions, with its counters."));
  if (!tcguictl_parse_options (context, ctx, &argc, &argv, error) ||
      !positional (argc, argv, &target_text, &iface, error) ||
      !tcguictl_target_resolve (ctx, target_text, &target, error) ||
      !(ifaces = interfaces_of (ctx, &target, iface, NULL, FALSE, error)))
    return FALSE;

  for (guint i = 0; ifaces[i] != NULL; i++)
    {
      g_autoptr(GVariant) reply = NULL;
      g_autoptr(GVariant) state = NULL;
      JsonObject *object;

      reply = tcguictl_call (ctx, "GetShaping", g_variant_new ("(ss)", target.ns_id, ifaces[i]),
                             "(a{sv})", error);
      if (reply == NULL)
        return FALSE;
      state = g_variant_get_child_value (reply, 0);
      if (!ctx->json)
        {
          g_print ("%s%s (%s)\n", i ? "\n" : "", ifaces[i], target.ns_id);
          print_direction (state, "outgoing");
          print_direction (state, "incoming");
          continue;
        }
      object = json_object_new ();
      json_object_set_string_member (object, "interface", ifaces[i]);
      json_object_set_member (object, "state", json_gvariant_serialize (state));
      json_array_add_object_element (array, object);
    }
  if (ctx->json)
    {
      g_autoptr(JsonNode) node = target_json (&target, "interfaces", g_steal_pointer (&array));

      tcguictl_print_json (node);
    }
  return TRUE;
}

/* set ------------------------------------------------------------------ */

static gboolean
param_option_cb (const char  *name,
                 const char  *value,
                 gpointer     user_data,
                 GError     **error)
{
  SetOptions *o = user_data;
  g_autoptr(GError) local_error = NULL;

  if (tcgui_params_add_option (&o->dict, name + 2, value, &local_error))
    {
      o->n_params++;
      return TRUE;
    }
  g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, local_error->message);
  return FALSE;
}

/* --help's line of each option of common/tcgui-units.c (GOption
 * translates them in the group's domain). */
static const struct { const char *option, *help; } param_help[] = {
  { "delay", N_("Added delay") }, { "jitter", N_("Delay variation (needs --delay)") },
  { "delay-correlation", N_("Correlation of the delays") },
  /* Translators: keep the distributions' names, they are what the option takes */
  { "distribution", N_("Jitter distribution: uniform, normal, pareto, paretonormal") },
  { "loss", N_("Random loss") }, { "loss-correlation", N_("Correlation of the losses") },
  { "gemodel-p", N_("Gilbert-Elliott loss: good to bad") },
  /* Translators: the Gilbert-Elliott model's r; (default: 100% - p) */
  { "gemodel-r", N_("… bad to good (100% - p)") },
  { "gemodel-1-h", N_("… loss in the bad state (100%)") },
  { "gemodel-1-k", N_("… loss in the good state (0%)") },
  { "duplicate", N_("Duplicated packets") }, { "duplicate-correlation", N_("Their correlation") },
  { "reorder", N_("Packets sent at once, ahead of delayed ones (needs --delay)") },
  { "reorder-correlation", N_("Their correlation") },
  { "reorder-gap", N_("Reorder every N-th packet") },
  { "corrupt", N_("Corrupted packets") }, { "corrupt-correlation", N_("Their correlation") },
  /* Translators: tbf and sch_netem are the kernel's names */
  { "rate", N_("Rate limit (tbf; works without sch_netem)") },
  { "burst", N_("Token bucket size (default: from rate and MTU)") },
  { "limit", N_("Queue limit in packets") },
};

static const char *
option_help (const char *option)
{
  for (guint i = 0; i < G_N_ELEMENTS (param_help); i++)
    if (g_str_equal (param_help[i].option, option))
      return param_help[i].help;
  return option;
}

static const char *
unit_help (TcguiUnit unit)
{
  /* Translators: the placeholders of --help ("--delay TIME"), as in the
   * description of the shaping options */
  static const char * const help[] = {
    [TCGUI_UNIT_TIME] = N_("TIME"), [TCGUI_UNIT_RATE] = N_("RATE"), [TCGUI_UNIT_SIZE] = N_("SIZE"),
    [TCGUI_UNIT_PERCENT] = N_("PERCENT"), [TCGUI_UNIT_COUNT] = N_("N"), [TCGUI_UNIT_WORD] = N_("NAME"),
  };
  return help[unit];
}

/* One --OPTION per parameter of the model (common/tcgui-units.c). */
static GOptionGroup *
param_group (SetOptions *o)
{
  /* Translators: TIME, RATE, SIZE and PERCENT as you translated them for
   * the options; keep the units (tc reads them) */
  GOptionGroup *group = g_option_group_new ("shaping", N_("Shaping options (tc's units: "
                                            "TIME 100ms/1.5s/250us, RATE 5mbit/512kbit/1gbit, "
                                            "SIZE 32kb/1mb, PERCENT 1%):"),
                                            N_("Show the shaping options"), o, NULL);
  guint n = 0;
  const TcguiParamOption *all = tcgui_param_options_get_all (&n);
  g_autofree GOptionEntry *entries = g_new0 (GOptionEntry, n + 1);

  for (guint i = 0; i < n; i++)
    {
      entries[i].long_name = all[i].option;
      entries[i].flags = G_OPTION_FLAG_IN_MAIN;
      entries[i].arg = G_OPTION_ARG_CALLBACK;
      entries[i].arg_data = (gpointer) param_option_cb;
      entries[i].description = option_help (all[i].option);
      entries[i].arg_description = unit_help (all[i].unit);
    }
  g_option_group_add_entries (group, entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  return group;
}

static gboolean
set_params (SetOptions   *o,
            TcguiParams  *outgoing,
            TcguiParams  *incoming,
            GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  const TcguiPreset *preset;

  if (o->preset == NULL)
    {
      if (o->n_params == 0)
        return usage (error, _("Nothing to set: give e.g. --delay 100ms, --rate 5mbit or "
                               "--preset NAME (“tcguictl clear” removes shaping)"));
      if (tcgui_params_from_options (&o->dict, outgoing, &local_error))
        {
          *incoming = *outgoing;
          return TRUE;
        }
      return usage (error, local_error->message);
    }
  if (o->n_params != 0)
    return usage (error, _("--preset cannot be combined with other shaping options"));
  if ((preset = tcgui_presets_find (o->preset)) == NULL)
    {
      g_set_error (error, TCGUICTL_USAGE_ERROR, 0,
                   _("--preset: no preset “%s” (“tcguictl presets” lists them)"), o->preset);
      return FALSE;
    }
  tcgui_preset_to_params (preset, outgoing, incoming);
  return TRUE;
}

/**
 * tcguictl_shaping_add_options:
 *
 * Adds --outgoing, --incoming, --both, --preset and one option per
 * parameter of the model (the "shaping" group) to @context.
 */
void
tcguictl_shaping_add_options (TcguictlShaping *o,
                              GOptionContext  *context)
{
  GOptionEntry entries[] = {
    { "outgoing", 0, 0, G_OPTION_ARG_NONE, &o->outgoing, N_("Shape what the interface sends (the default)"), NULL },
    { "incoming", 0, 0, G_OPTION_ARG_NONE, &o->incoming, N_("Shape what it receives"), NULL },
    { "both", 0, 0, G_OPTION_ARG_NONE, &o->both, N_("Shape both directions (the default of --preset)"), NULL },
    { "preset", 0, 0, G_OPTION_ARG_STRING, &o->preset, N_("A built-in preset (“tcguictl presets”)"), N_("NAME") },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, param_group (o));
}

/**
 * tcguictl_shaping_resolve:
 * @dirs: (out): the directions to shape
 * @params: (out): outgoing, then incoming
 *
 * Reads what tcguictl_shaping_add_options() parsed: validated by the
 * helper's own validator, a preset looked up; a usage error otherwise.
 */
gboolean
tcguictl_shaping_resolve (TcguictlShaping     *o,
                          const char * const **dirs,
                          TcguiParams          params[2],
                          GError             **error)
{
  return directions (o, o->preset ? "both" : "outgoing", dirs, error) &&
         set_params (o, &params[0], &params[1], error);
}

static GOptionContext *
set_context (SetOptions *o)
{
  GOptionEntry entries[] = {
    { "network", 0, 0, G_OPTION_ARG_STRING, &o->network, N_("The container's interface on NETWORK"), N_("NETWORK") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &o->force, N_("Replace a qdisc TC GUI cannot show (e.g. htb)"), NULL },
    /* Translators: keep “90s”, “10m”, “1h” (what the option reads) */
    { "for", 0, 0, G_OPTION_ARG_STRING, &o->duration, N_("Only for DURATION (90s, 10m, 1h; at most 7d): the helper keeps it as a rule and removes it then"), N_("DURATION") },
    G_OPTION_ENTRY_NULL
  };
  /* Translators: keep the command's name (“set”) */
  GOptionContext *context = g_option_context_new (N_("set TARGET [IFACE]"));

  /* Translators: keep the examples' commands and options */
  g_option_context_set_summary (context, N_(
    "Replaces the shaping of a direction of TARGET's interfaces (IFACE, the container's\n"
    "interface on --network, or all but lo; the host needs IFACE) with the options given:\n"
    "what is not given is off. Values use tc's units; ranges are the helper's.\n\n"
    "  tcguictl set web --delay 100ms --jitter 10ms --loss 1%\n"
    "  tcguictl set netns:lab veth0 --incoming --rate 5mbit\n"
    "  tcguictl set web --preset wpt-3g"));
  /* Translators: keep the commands and options */
  g_option_context_set_description (context, N_(
    "With --for DURATION the helper applies it and takes it off when DURATION has passed,\n"
    "also across restarts: a rule (“tcguictl rule list” shows it with its expiry, “tcguictl\n"
    "rule delete ID” ends it early). --for needs a container, netns:NAME or host IFACE."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  tcguictl_shaping_add_options (o, context);
  return context;
}

static void
add_applied (JsonArray         *array,
             const char        *iface,
             const char        *dir,
             const TcguiParams *params)
{
  JsonObject *object = json_object_new ();
  g_autoptr(GVariant) dict = g_variant_ref_sink (tcgui_params_to_variant (params));

  json_object_set_string_member (object, "interface", iface);
  json_object_set_string_member (object, "direction", dir);
  json_object_set_member (object, "parameters", json_gvariant_serialize (dict));
  json_array_add_object_element (array, object);
}

static gboolean
apply (TcguictlContext    *ctx,
       TcguictlTarget     *target,
       GStrv               ifaces,
       const char * const *dirs,
       const TcguiParams   params[2],
       guint32             flags,
       GError            **error)
{
  g_autoptr(JsonArray) array = json_array_new ();

  for (guint i = 0; ifaces[i] != NULL; i++)
    for (guint d = 0; dirs[d] != NULL; d++)
      {
        const TcguiParams *p = &params[g_str_equal (dirs[d], "incoming")];
        g_autoptr(GVariant) reply = NULL;
        g_autofree char *text = NULL;

        reply = tcguictl_call (ctx, "SetShaping",
                               g_variant_new ("(sss@a{sv}u)", target->ns_id, ifaces[i], dirs[d],
                                              tcgui_params_to_variant (p), flags),
                               "()", error);
        if (reply == NULL)
          return FALSE;
        add_applied (array, ifaces[i], dirs[d], p);
        text = tcguictl_describe_params (p);
        if (!ctx->json)
          g_print ("%s %s: %s\n", ifaces[i], dirs[d], text);
      }
  if (ctx->json)
    {
      g_autoptr(JsonNode) node = target_json (target, "applied", g_steal_pointer (&array));

      tcguictl_print_json (node);
    }
  return TRUE;
}

gboolean
tcguictl_cmd_set (TcguictlContext  *ctx,
                  int               argc,
                  char            **argv,
                  GError          **error)
{
  SetOptions o;
  g_autoptr(GOptionContext) context = NULL;
  g_auto(TcguictlTarget) target = { 0 };
  g_auto(GStrv) ifaces = NULL;
  const char * const *dirs;
  const char *target_text, *iface;
  TcguiParams params[2];
  gboolean ok;

  tcguictl_shaping_init (&o);
  context = set_context (&o);
  ok = tcguictl_parse_options (context, ctx, &argc, &argv, error) &&
       positional (argc, argv, &target_text, &iface, error) &&
       tcguictl_shaping_resolve (&o, &dirs, params, error) &&
       tcguictl_target_resolve (ctx, target_text, &target, error);
  /* A timed apply is the helper's: a rule that ends by itself. */
  if (ok && o.duration != NULL)
    ok = tcguictl_rule_set_timed (ctx, &target, iface, &o, dirs, params, error);
  else if (ok)
    ok = (ifaces = interfaces_of (ctx, &target, iface, o.network, TRUE, error)) != NULL &&
         apply (ctx, &target, ifaces, dirs, params,
                o.force ? TCGUI_SHAPING_FLAGS_FORCE : TCGUI_SHAPING_FLAGS_NONE, error);
  tcguictl_shaping_clear (&o);
  return ok;
}

/* clear, reset-all ------------------------------------------------------- */

gboolean
tcguictl_cmd_clear (TcguictlContext  *ctx,
                    int               argc,
                    char            **argv,
                    GError          **error)
{
  SetOptions o = { 0 };
  GOptionEntry entries[] = {
    { "outgoing", 0, 0, G_OPTION_ARG_NONE, &o.outgoing, N_("Only what the interface sends"), NULL },
    { "incoming", 0, 0, G_OPTION_ARG_NONE, &o.incoming, N_("Only what it receives"), NULL },
    { "both", 0, 0, G_OPTION_ARG_NONE, &o.both, N_("Both directions (the default)"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new (N_("clear TARGET [IFACE]"));
  g_auto(TcguictlTarget) target = { 0 };
  g_auto(GStrv) ifaces = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  const char * const *dirs;
  const char *target_text, *iface;

  g_option_context_set_summary (context, N_("Gives TARGET's interfaces (or IFACE) the kernel's "
                                   "default back. A qdisc TC GUI cannot show is left alone."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tcguictl_parse_options (context, ctx, &argc, &argv, error) ||
      !positional (argc, argv, &target_text, &iface, error) ||
      !directions (&o, "both", &dirs, error) ||
      !tcguictl_target_resolve (ctx, target_text, &target, error) ||
      !(ifaces = interfaces_of (ctx, &target, iface, NULL, TRUE, error)))
    return FALSE;
  for (guint i = 0; ifaces[i] != NULL; i++)
    {
      const char *dir = dirs[1] != NULL ? "both" : dirs[0];
      g_autoptr(GVariant) reply = NULL;

      reply = tcguictl_call (ctx, "ClearShaping", g_variant_new ("(sss)", target.ns_id,
                                                                  ifaces[i], dir), "()", error);
      if (reply == NULL)
        return FALSE;
      json_array_add_string_element (array, ifaces[i]);
      if (!ctx->json)
        /* Translators: an interface ("eth0") and a direction ("both", "outgoing", "incoming": keep them) */
        g_print (_("%s %s: cleared\n"), ifaces[i], dir);
    }
  if (ctx->json)
    {
      g_autoptr(JsonNode) node = target_json (&target, "cleared", g_steal_pointer (&array));

      tcguictl_print_json (node);
    }
  return TRUE;
}

gboolean
tcguictl_cmd_reset_all (TcguictlContext  *ctx,
                        int               argc,
                        char            **argv,
                        GError          **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("reset-all");
  g_autoptr(GVariant) reply = NULL;
  guint32 cleared = 0;

  g_option_context_set_summary (context, N_("Removes every shaping TC GUI applied (the app's "
                                   "too), as its journal records them. Other qdiscs stay."));
  if (!tcguictl_parse_options (context, ctx, &argc, &argv, error))
    return FALSE;
  if (argc > 1)
    return usage (error, _("reset-all takes no arguments"));
  if (!(reply = tcguictl_call (ctx, "ResetAll", NULL, "(u)", error)))
    return FALSE;
  g_variant_get (reply, "(u)", &cleared);
  if (ctx->json)
    g_print ("{\n  \"cleared\" : %u\n}\n", cleared);
  else
    g_print (ngettext ("Cleared %u shaping\n", "Cleared %u shapings\n", cleared), cleared);
  return TRUE;
}
