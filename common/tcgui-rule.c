/* tcgui-rule.c - the rule model: a{sv} in and out, image matching, ranks
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-rule"

#include "config.h"

#include <string.h>

#include "tcgui-error.h"
#include "tcgui-params.h"
#include "tcgui-rule.h"

/* A rule is read from an a{sv} with two tables: the top-level keys and the
 * selector's. Every key has one type; unknown keys, wrong types and keys
 * that do not fit the selector's kind are refused with InvalidArgument
 * naming the key, so that a typo never becomes a rule that matches more
 * (or less) than its author meant. */

typedef enum
{
  KEY_CALLER   = 1 << 0,   /* a caller may set it */
  KEY_STORED   = 1 << 1,   /* read back from the helper's file */
} KeyFlags;

typedef gboolean (*KeySetter) (TcguiRule *rule, const char *key, GVariant *value,
                               gint64 now_s, GError **error);

typedef struct
{
  const char *key;
  const char *type;
  KeyFlags    flags;
  KeySetter   set;
} Key;

static const char * const kind_names[] = { "image", "container", "netns", "host" };

static gboolean
invalid (GError     **error,
         const char  *key,
         const char  *why)
{
  g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT, "“%s” %s", key, why);
  return FALSE;
}

static gboolean
check_text (const char  *key,
            const char  *s,
            gsize        max,
            gboolean     allow_empty,
            GError     **error)
{
  gsize len = strlen (s);

  if (len == 0 && !allow_empty)
    return invalid (error, key, "must not be empty");
  if (len > max)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "“%s” must be at most %zu bytes, not %zu", key, max, len);
      return FALSE;
    }
  if (!g_utf8_validate (s, -1, NULL))
    return invalid (error, key, "must be UTF-8");
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return invalid (error, key, "must not contain control characters");
  return TRUE;
}

static gboolean
set_string (char       **member,
            const char  *key,
            GVariant    *value,
            gsize        max,
            GError     **error)
{
  const char *s = g_variant_get_string (value, NULL);

  if (!check_text (key, s, max, TRUE, error))
    return FALSE;
  g_free (*member);
  *member = *s ? g_strdup (s) : NULL;
  return TRUE;
}

/* ---- top-level keys ------------------------------------------------------ */

static gboolean
set_id (TcguiRule *rule, const char *key, GVariant *value, gint64 now_s, GError **error)
{
  const char *id = g_variant_get_string (value, NULL);

  if (*id != '\0' && !tcgui_rule_id_is_valid (id))
    return invalid (error, key, "must be “r” and 16 lowercase hexadecimal digits");
  g_free (rule->id);
  rule->id = *id ? g_strdup (id) : NULL;
  return TRUE;
}

static gboolean
set_name (TcguiRule *rule, const char *key, GVariant *value, gint64 now_s, GError **error)
{
  if (!check_text (key, g_variant_get_string (value, NULL), TCGUI_RULE_MAX_NAME_BYTES, FALSE, error))
    return FALSE;
  g_free (rule->name);
  rule->name = g_variant_dup_string (value, NULL);
  return TRUE;
}

static gboolean
set_owner (TcguiRule *rule, const char *key, GVariant *value, gint64 now_s, GError **error)
{
  rule->owner_uid = g_variant_get_uint32 (value);
  return TRUE;
}

static gboolean
set_enabled (TcguiRule *rule, const char *key, GVariant *value, gint64 now_s, GError **error)
{
  rule->enabled = g_variant_get_boolean (value);
  return TRUE;
}

static gboolean parse_selector (TcguiRule *rule, GVariant *selector, GError **error);

static gboolean
set_selector (TcguiRule *rule, const char *key, GVariant *value, gint64 now_s, GError **error)
{
  return parse_selector (rule, value, error);
}

/* The parameters are SetShaping's, checked by the same code. */
static gboolean
set_direction (TcguiRule *rule, const char *key, GVariant *value, gint64 now_s, GError **error)
{
  GVariant **member = g_str_equal (key, "outgoing") ? &rule->outgoing : &rule->incoming;
  TcguiParams params;
  g_autoptr(GError) local_error = NULL;

  if (!tcgui_params_from_variant (value, &params, &local_error))
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "“%s”: %s", key, local_error->message);
      return FALSE;
    }
  g_clear_pointer (member, g_variant_unref);
  if (g_variant_n_children (value) > 0)
    *member = g_variant_ref_sink (value);
  return TRUE;
}

static gboolean
set_expires_at (TcguiRule *rule, const char *key, GVariant *value, gint64 now_s, GError **error)
{
  gint64 at = g_variant_get_int64 (value);

  if (at < 0)
    return invalid (error, key, "must be 0 (never) or a Unix time in seconds");
  /* Bounded so that no arithmetic on it overflows: at most ten years
   * from now for a caller (a stored rule is read with @now_s 0). */
  if (at > TCGUI_RULE_MAX_EXPIRES_AT || (now_s > 0 && at > now_s + TCGUI_RULE_MAX_EXPIRES_IN_S))
    return invalid (error, key, "must be at most ten years from now");
  rule->expires_at = at;
  return TRUE;
}

static gboolean
set_duration (TcguiRule *rule, const char *key, GVariant *value, gint64 now_s, GError **error)
{
  guint32 s = g_variant_get_uint32 (value);

  if (s < 1 || s > TCGUI_RULE_MAX_DURATION_S)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "“%s” must be between 1 and %u seconds (7 days), not %u",
                   key, TCGUI_RULE_MAX_DURATION_S, s);
      return FALSE;
    }
  rule->expires_at = now_s + s;
  return TRUE;
}

static gboolean
set_changed_at (TcguiRule *rule, const char *key, GVariant *value, gint64 now_s, GError **error)
{
  rule->changed_at = g_variant_get_int64 (value);
  return TRUE;
}

static gboolean
set_status (TcguiRule *rule, const char *key, GVariant *value, gint64 now_s, GError **error)
{
  tcgui_rule_set_status (rule, value);
  return TRUE;
}

#define ANY (KEY_CALLER | KEY_STORED)

static const Key top_keys[] = {
  { "id",          "s",     ANY,        set_id },
  { "name",        "s",     ANY,        set_name },
  { "owner-uid",   "u",     KEY_STORED, set_owner },
  { "enabled",     "b",     ANY,        set_enabled },
  { "selector",    "a{sv}", ANY,        set_selector },
  { "outgoing",    "a{sv}", ANY,        set_direction },
  { "incoming",    "a{sv}", ANY,        set_direction },
  { "expires-at",  "x",     ANY,        set_expires_at },
  { "duration-s",  "u",     KEY_CALLER, set_duration },
  { "changed-at",  "x",     KEY_STORED, set_changed_at },
  { "status",      "a{sv}", KEY_STORED, set_status },
};

/* Read-only keys a caller may send back as ListRules gave them. */
static const char * const caller_ignored[] = { "owner-uid", "changed-at", "status", NULL };

/* ---- the selector -------------------------------------------------------- */

typedef struct
{
  const char *key;
  gsize       offset;
  guint       kinds;      /* bit per TcguiRuleKind where it may appear */
  guint       required;   /* bit per TcguiRuleKind where it must */
} SelectorKey;

#define K(kind) (1u << TCGUI_RULE_KIND_##kind)
#define S(key, member, kinds, required) \
  { key, G_STRUCT_OFFSET (TcguiRule, member), kinds, required }

static const SelectorKey selector_keys[] = {
  S ("image",           image,           K (IMAGE),                  K (IMAGE)),
  S ("container-name",  container_name,  K (IMAGE) | K (CONTAINER),  K (CONTAINER)),
  S ("compose-project", compose_project, K (IMAGE),                  0),
  S ("compose-service", compose_service, K (IMAGE),                  0),
  S ("runtime",         runtime,         K (IMAGE) | K (CONTAINER),  0),
  S ("netns",           netns,           K (NETNS),                  K (NETNS)),
  S ("network",         network,         K (IMAGE) | K (CONTAINER),  0),
  S ("interface",       interface,       K (NETNS) | K (HOST),       K (HOST)),
};

#undef S
#undef K

static const char * const runtime_names[] = { "docker", "podman", "podman-user", NULL };

#define MEMBER(rule, k) ((char **) (gpointer) ((guint8 *) (rule) + (k)->offset))

static gboolean
parse_kind (GVariant       *selector,
            TcguiRuleKind  *kind,
            GError        **error)
{
  const char *name;

  if (!g_variant_lookup (selector, "kind", "&s", &name))
    return invalid (error, "selector.kind", "is required: “image”, “container”, “netns” or “host”");
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_str_equal (name, kind_names[i]))
      return (*kind = (TcguiRuleKind) i, TRUE);
  return invalid (error, "selector.kind", "must be “image”, “container”, “netns” or “host”");
}

static const SelectorKey *
find_selector_key (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (selector_keys); i++)
    if (g_str_equal (selector_keys[i].key, key))
      return &selector_keys[i];
  return NULL;
}

static gboolean
parse_selector_entry (TcguiRule   *rule,
                      const char  *key,
                      GVariant    *value,
                      GError     **error)
{
  const SelectorKey *k = find_selector_key (key);
  g_autofree char *path = g_strconcat ("selector.", key, NULL);

  if (g_str_equal (key, "kind"))
    return TRUE;
  if (k == NULL)
    return invalid (error, path, "is not a selector key");
  if (!(k->kinds & (1u << rule->kind)))
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "“%s” does not apply to a selector of kind “%s”", path, kind_names[rule->kind]);
      return FALSE;
    }
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return invalid (error, path, "must be a string (s)");
  return set_string (MEMBER (rule, k), path, value, TCGUI_RULE_MAX_STRING_BYTES, error);
}

static gboolean
check_selector_values (TcguiRule  *rule,
                       GError    **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (selector_keys); i++)
    {
      const SelectorKey *k = &selector_keys[i];
      g_autofree char *path = g_strconcat ("selector.", k->key, NULL);

      if ((k->required & (1u << rule->kind)) && *MEMBER (rule, k) == NULL)
        {
          g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                       "“%s” is required for a selector of kind “%s”", path, kind_names[rule->kind]);
          return FALSE;
        }
    }
  if (rule->runtime && !g_strv_contains (runtime_names, rule->runtime))
    return invalid (error, "selector.runtime", "must be “docker”, “podman” or “podman-user”");
  if (rule->interface && (strlen (rule->interface) > 15 || strpbrk (rule->interface, "/: \t\n") ||
                          g_str_equal (rule->interface, ".") || g_str_equal (rule->interface, "..")))
    return invalid (error, "selector.interface", "must be an interface name (1 to 15 bytes, no “/”, “:” or spaces)");
  if (rule->netns && (strchr (rule->netns, '/') || g_str_equal (rule->netns, ".") ||
                      g_str_equal (rule->netns, "..")))
    return invalid (error, "selector.netns", "must be an `ip netns` name (no “/”, not “.” or “..”)");
  return TRUE;
}

static gboolean
parse_selector (TcguiRule  *rule,
                GVariant   *selector,
                GError    **error)
{
  GVariantIter iter;
  const char *key;
  GVariant *value;

  if (!parse_kind (selector, &rule->kind, error))
    return FALSE;
  g_variant_iter_init (&iter, selector);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    if (!parse_selector_entry (rule, key, value, error))
      {
        g_variant_unref (value);
        return FALSE;
      }
  return check_selector_values (rule, error);
}

/* ---- the whole rule ------------------------------------------------------ */

static const Key *
find_top_key (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (top_keys); i++)
    if (g_str_equal (top_keys[i].key, key))
      return &top_keys[i];
  return NULL;
}

static gboolean
parse_entry (TcguiRule            *rule,
             const char           *key,
             GVariant             *value,
             TcguiRuleParseFlags   flags,
             gint64                now_s,
             GError              **error)
{
  KeyFlags want = (flags & TCGUI_RULE_PARSE_STORED) ? KEY_STORED : KEY_CALLER;
  const Key *k = find_top_key (key);

  if (want == KEY_CALLER && g_strv_contains (caller_ignored, key))
    return TRUE;
  if (k == NULL || !(k->flags & want))
    return invalid (error, key, "is not a rule key");
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE (k->type)))
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "“%s” must be of type %s, not %s", key, k->type,
                   g_variant_get_type_string (value));
      return FALSE;
    }
  return k->set (rule, key, value, now_s, error);
}

static gboolean
has_flows (GVariant *direction)
{
  g_autoptr(GVariant) flows = NULL;

  if (direction == NULL)
    return FALSE;
  flows = g_variant_lookup_value (direction, "flows", G_VARIANT_TYPE ("aa{sv}"));
  return flows != NULL && g_variant_n_children (flows) > 0;
}

static gboolean
check_complete (GVariant            *dict,
                TcguiRule           *rule,
                TcguiRuleParseFlags  flags,
                GError             **error)
{
  if (rule->name == NULL)
    return invalid (error, "name", "is required");
  if (!g_variant_lookup (dict, "selector", "@a{sv}", NULL))
    return invalid (error, "selector", "is required");
  if (g_variant_lookup (dict, "duration-s", "u", NULL) &&
      g_variant_lookup (dict, "expires-at", "x", NULL))
    return invalid (error, "duration-s", "cannot be given together with “expires-at”");
  if ((flags & TCGUI_RULE_PARSE_STORED) && rule->id == NULL)
    return invalid (error, "id", "is required in a stored rule");
  /* The engine applies a rule's parameters without flows: refused rather
   * than silently lost. (A stored rule keeps what it has: the file must
   * load.) */
  if (!(flags & TCGUI_RULE_PARSE_STORED) && has_flows (rule->outgoing))
    return invalid (error, "outgoing.flows", "cannot be given: rules do not carry flows yet");
  if (!(flags & TCGUI_RULE_PARSE_STORED) && has_flows (rule->incoming))
    return invalid (error, "incoming.flows", "cannot be given: rules do not carry flows yet");
  return TRUE;
}

/**
 * tcgui_rule_from_variant:
 * @dict: an a{sv} rule
 * @flags: whether @dict comes from a caller or from the helper's file
 * @now_s: the wall clock in Unix seconds, for "duration-s"
 *
 * Returns: (transfer full): the rule, or %NULL with InvalidArgument naming
 *   the key
 */
TcguiRule *
tcgui_rule_from_variant (GVariant             *dict,
                         TcguiRuleParseFlags   flags,
                         gint64                now_s,
                         GError              **error)
{
  g_autoptr(TcguiRule) rule = g_new0 (TcguiRule, 1);
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_return_val_if_fail (dict != NULL, NULL);

  if (!g_variant_is_of_type (dict, G_VARIANT_TYPE_VARDICT))
    return (invalid (error, "rule", "must be an a{sv}"), NULL);
  if (g_variant_get_size (dict) > TCGUI_RULE_MAX_BYTES)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "“rule” must be at most %u bytes serialized, not %zu",
                   TCGUI_RULE_MAX_BYTES, g_variant_get_size (dict));
      return NULL;
    }
  rule->enabled = TRUE;
  g_variant_iter_init (&iter, dict);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    if (!parse_entry (rule, key, value, flags, now_s, error))
      {
        g_variant_unref (value);
        return NULL;
      }
  if (!check_complete (dict, rule, flags, error))
    return NULL;
  return g_steal_pointer (&rule);
}

static GVariant *
selector_to_variant (const TcguiRule *rule)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  g_variant_builder_add (&b, "{sv}", "kind", g_variant_new_string (kind_names[rule->kind]));
  for (guint i = 0; i < G_N_ELEMENTS (selector_keys); i++)
    {
      const char *value = *MEMBER (rule, &selector_keys[i]);

      if (value != NULL)
        g_variant_builder_add (&b, "{sv}", selector_keys[i].key, g_variant_new_string (value));
    }
  return g_variant_builder_end (&b);
}

static GVariant *
empty_dict (void)
{
  return g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0);
}

/**
 * tcgui_rule_to_variant:
 * @with_status: include "status" (for callers and the file)
 *
 * Returns: (transfer floating): the rule as an a{sv}, every key present
 */
GVariant *
tcgui_rule_to_variant (const TcguiRule *rule,
                       gboolean         with_status)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  g_variant_builder_add (&b, "{sv}", "id", g_variant_new_string (rule->id ? rule->id : ""));
  g_variant_builder_add (&b, "{sv}", "name", g_variant_new_string (rule->name));
  g_variant_builder_add (&b, "{sv}", "owner-uid", g_variant_new_uint32 (rule->owner_uid));
  g_variant_builder_add (&b, "{sv}", "enabled", g_variant_new_boolean (rule->enabled));
  g_variant_builder_add (&b, "{sv}", "selector", selector_to_variant (rule));
  g_variant_builder_add (&b, "{sv}", "outgoing", rule->outgoing ? rule->outgoing : empty_dict ());
  g_variant_builder_add (&b, "{sv}", "incoming", rule->incoming ? rule->incoming : empty_dict ());
  g_variant_builder_add (&b, "{sv}", "expires-at", g_variant_new_int64 (rule->expires_at));
  g_variant_builder_add (&b, "{sv}", "changed-at", g_variant_new_int64 (rule->changed_at));
  if (with_status)
    g_variant_builder_add (&b, "{sv}", "status", rule->status ? rule->status : empty_dict ());
  return g_variant_builder_end (&b);
}

TcguiRule *
tcgui_rule_copy (const TcguiRule *rule)
{
  g_autoptr(GVariant) v = g_variant_ref_sink (tcgui_rule_to_variant (rule, TRUE));
  TcguiRule *copy = tcgui_rule_from_variant (v, TCGUI_RULE_PARSE_STORED, 0, NULL);

  /* A rule always reads back as itself; only an id-less one needs help. */
  if (copy == NULL)
    {
      copy = g_new0 (TcguiRule, 1);
      copy->name = g_strdup (rule->name);
    }
  return copy;
}

void
tcgui_rule_free (TcguiRule *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->id);
  g_free (rule->name);
  for (guint i = 0; i < G_N_ELEMENTS (selector_keys); i++)
    g_free (*MEMBER (rule, &selector_keys[i]));
  g_clear_pointer (&rule->outgoing, g_variant_unref);
  g_clear_pointer (&rule->incoming, g_variant_unref);
  g_clear_pointer (&rule->status, g_variant_unref);
  g_free (rule);
}

/**
 * tcgui_rule_set_status:
 * @status: (transfer floating): the helper's a{sv} status, or %NULL; a
 *   full reference stays the caller's (the rule takes one of its own)
 */
void
tcgui_rule_set_status (TcguiRule *rule,
                       GVariant  *status)
{
  if (status != NULL)
    g_variant_ref_sink (status);
  g_clear_pointer (&rule->status, g_variant_unref);
  rule->status = status;
}

const char *
tcgui_rule_get_state (const TcguiRule *rule)
{
  const char *state = NULL;

  if (rule->status == NULL || !g_variant_lookup (rule->status, "state", "&s", &state))
    return "waiting";
  return state;
}

gboolean
tcgui_rule_id_is_valid (const char *id)
{
  if (id == NULL || strlen (id) != TCGUI_RULE_ID_LEN || id[0] != 'r')
    return FALSE;
  for (guint i = 1; i < TCGUI_RULE_ID_LEN; i++)
    if (!g_ascii_isxdigit (id[i]) || g_ascii_isupper (id[i]))
      return FALSE;
  return TRUE;
}

char *
tcgui_rule_new_id (void)
{
  return g_strdup_printf ("r%08x%08x", g_random_int (), g_random_int ());
}

const char *
tcgui_rule_kind_to_string (TcguiRuleKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), "");
  return kind_names[kind];
}

/**
 * tcgui_rule_is_private:
 *
 * A rule for the owner's own rootless Podman is the owner's alone: the
 * inventory's visibility rule.
 */
gboolean
tcgui_rule_is_private (const TcguiRule *rule)
{
  return g_strcmp0 (rule->runtime, "podman-user") == 0;
}

gboolean
tcgui_rule_visible (const TcguiRule *rule,
                    guint32          uid)
{
  return !tcgui_rule_is_private (rule) || rule->owner_uid == uid;
}

gboolean
tcgui_rule_is_expired (const TcguiRule *rule,
                       gint64           now_s)
{
  return rule->expires_at > 0 && rule->expires_at <= now_s;
}

/* ---- image references ---------------------------------------------------- */

/* Whether the first path component of a reference is a registry: Docker's
 * rule (a "." or ":" in it, or "localhost"). */
static gboolean
is_domain (const char *component,
           gsize       len)
{
  return memchr (component, '.', len) || memchr (component, ':', len) ||
         (len == 9 && strncmp (component, "localhost", 9) == 0);
}

/**
 * tcgui_image_normalize:
 * @ref: an image reference: "busybox", "busybox:1.36", "repo@sha256:…",
 *   "quay.io/x/y:tag"
 * @tag: (out) (optional): its tag, or %NULL when it has none
 * @digest: (out) (optional): its digest ("sha256:…"), or %NULL
 *
 * Normalises as Docker does: a reference without a registry is on
 * docker.io, and an official image there is under "library/".
 *
 * Returns: (transfer full): the repository, e.g. "docker.io/library/busybox"
 */
char *
tcgui_image_normalize (const char  *ref,
                       char       **tag,
                       char       **digest)
{
  g_autofree char *name = NULL;
  const char *at = strchr (ref, '@');
  const char *slash, *colon;

  name = at ? g_strndup (ref, at - ref) : g_strdup (ref);
  if (digest)
    *digest = at ? g_strdup (at + 1) : NULL;
  slash = strrchr (name, '/');
  colon = strrchr (slash ? slash : name, ':');
  if (tag)
    *tag = colon ? g_strdup (colon + 1) : NULL;
  if (colon)
    name[colon - name] = '\0';

  slash = strchr (name, '/');
  if (slash != NULL && is_domain (name, slash - name))
    return g_steal_pointer (&name);
  return g_strconcat ("docker.io/", slash ? "" : "library/", name, NULL);
}

static gboolean
has_glob (const char *s)
{
  return strpbrk (s, "*?") != NULL;
}

/* A glob matches the normalised "repo:tag" or the short form Docker
 * shows ("busybox:latest", "user/app:1"). */
static gboolean
glob_matches (const char *glob,
              const char *repo,
              const char *tag)
{
  g_autofree char *full = g_strconcat (repo, ":", tag ? tag : "latest", NULL);
  const char *familiar = full;

  if (g_str_has_prefix (full, "docker.io/library/"))
    familiar = full + strlen ("docker.io/library/");
  else if (g_str_has_prefix (full, "docker.io/"))
    familiar = full + strlen ("docker.io/");
  return g_pattern_match_simple (glob, full) || g_pattern_match_simple (glob, familiar);
}

static TcguiRuleRank
match_image (const char *rule_image,
             const char *item_image)
{
  g_autofree char *rule_tag = NULL, *rule_digest = NULL;
  g_autofree char *item_tag = NULL, *item_digest = NULL;
  g_autofree char *rule_repo = NULL, *item_repo = NULL;

  if (item_image == NULL || *item_image == '\0')
    return TCGUI_RULE_RANK_NONE;
  item_repo = tcgui_image_normalize (item_image, &item_tag, &item_digest);
  if (has_glob (rule_image))
    return glob_matches (rule_image, item_repo, item_tag) ? TCGUI_RULE_RANK_GLOB
                                                          : TCGUI_RULE_RANK_NONE;

  rule_repo = tcgui_image_normalize (rule_image, &rule_tag, &rule_digest);
  if (!g_str_equal (rule_repo, item_repo))
    return TCGUI_RULE_RANK_NONE;
  /* A digest on either side matches by repository. */
  if (rule_digest != NULL)
    return TCGUI_RULE_RANK_EXACT_IMAGE;
  if (rule_tag == NULL)
    return TCGUI_RULE_RANK_ANY_TAG;
  if (item_digest != NULL && item_tag == NULL)
    return TCGUI_RULE_RANK_EXACT_IMAGE;
  return g_str_equal (rule_tag, item_tag ? item_tag : "latest") ? TCGUI_RULE_RANK_EXACT_IMAGE
                                                               : TCGUI_RULE_RANK_NONE;
}

static gboolean
runtime_matches (const TcguiRule *rule,
                 const char      *item_runtime)
{
  g_autofree char *own = NULL;

  if (rule->runtime == NULL)
    return TRUE;
  if (!tcgui_rule_is_private (rule))
    return g_strcmp0 (rule->runtime, item_runtime) == 0;
  own = g_strdup_printf ("podman-user-%u", rule->owner_uid);
  return g_strcmp0 (own, item_runtime) == 0;
}

static gboolean
label_matches (const char *wanted,
               GVariant   *item,
               const char *key)
{
  const char *value = "";

  if (wanted == NULL)
    return TRUE;
  g_variant_lookup (item, key, "&s", &value);
  return g_str_equal (wanted, value);
}

/* Who may see the container may have it shaped by a rule: a user's
 * rootless containers only by that user's private rules ("podman-user").
 * A public rule never matches one, whoever owns it: its owner may change
 * (anyone allowed to shape may replace it) and its status, which every
 * caller reads, must never name a private container. */
static gboolean
owner_matches (const TcguiRule *rule,
               GVariant        *item)
{
  guint32 owner;

  if (!g_variant_lookup (item, "owner-uid", "u", &owner))
    return TRUE;
  return tcgui_rule_is_private (rule) && owner == rule->owner_uid;
}

/**
 * tcgui_rule_match_container:
 * @item: an inventory item of kind "container"
 *
 * Returns: how specifically the rule's selector names @item, or
 *   %TCGUI_RULE_RANK_NONE when it does not
 */
TcguiRuleRank
tcgui_rule_match_container (const TcguiRule *rule,
                            GVariant        *item)
{
  const char *runtime = "", *name = "", *image = "";
  TcguiRuleRank rank;

  if (rule->kind != TCGUI_RULE_KIND_IMAGE && rule->kind != TCGUI_RULE_KIND_CONTAINER)
    return TCGUI_RULE_RANK_NONE;
  g_variant_lookup (item, "runtime", "&s", &runtime);
  g_variant_lookup (item, "name", "&s", &name);
  g_variant_lookup (item, "image", "&s", &image);
  if (!owner_matches (rule, item) || !runtime_matches (rule, runtime) ||
      (rule->container_name && !g_str_equal (rule->container_name, name)))
    return TCGUI_RULE_RANK_NONE;
  if (rule->kind == TCGUI_RULE_KIND_CONTAINER)
    return TCGUI_RULE_RANK_EXACT_TARGET;

  if (!label_matches (rule->compose_project, item, "compose-project") ||
      !label_matches (rule->compose_service, item, "compose-service"))
    return TCGUI_RULE_RANK_NONE;
  rank = match_image (rule->image, image);
  if (rank != TCGUI_RULE_RANK_NONE && (rule->compose_project || rule->compose_service))
    return TCGUI_RULE_RANK_COMPOSE;
  return rank;
}

/**
 * tcgui_rule_wants_network:
 * @network: the network an interface of the container is on ("" if unknown)
 *
 * Returns: whether the rule shapes that interface
 */
gboolean
tcgui_rule_wants_network (const TcguiRule *rule,
                          const char      *network)
{
  return rule->network == NULL || g_strcmp0 (rule->network, network) == 0;
}

/**
 * tcgui_rule_compare:
 *
 * Orders two rules matching the same interface: the more specific first,
 * then the most recently changed, then by id (so the order is total).
 *
 * Returns: < 0 when @a wins, > 0 when @b wins
 */
int
tcgui_rule_compare (const TcguiRule *a,
                    TcguiRuleRank    rank_a,
                    const TcguiRule *b,
                    TcguiRuleRank    rank_b)
{
  if (rank_a != rank_b)
    return rank_a > rank_b ? -1 : 1;
  if (a->changed_at != b->changed_at)
    return a->changed_at > b->changed_at ? -1 : 1;
  return g_strcmp0 (a->id, b->id);
}
