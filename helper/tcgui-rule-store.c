/* tcgui-rule-store.c - the rules' file: /var/lib/tcgui/rules.json
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-rules"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "tcgui-error.h"
#include "tcgui-rule-store.h"

/* The file is JSON: {"version": 1, "rules": [RULE, ...]} where each RULE is
 * the rule's a{sv} in GVariant text form with its types ("uint64 1000000"):
 * a JSON number alone would lose whether a value was u, t or x, and the
 * parameters' checks are strict about it. It is the user's intent, so it
 * outlives reboots: each save writes a temporary file, fsyncs it, keeps the
 * previous version as rules.json.old (a hard link, so the name never goes
 * missing), renames the new one into place and fsyncs the directory. A file
 * that cannot be read back whole is never half-used: it is moved aside to
 * rules.json.corrupt-<unix time> and the helper starts without rules, saying
 * why (GetCapabilities "rules-error"). */

static gboolean
read_bounded (const char  *path,
              char       **contents,
              gsize       *length,
              GError     **error)
{
  g_autofree char *buf = NULL;
  struct stat st;
  int fd;
  gssize n;

  if ((fd = open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)) < 0)
    return (g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                         "Cannot open %s: %s", path, g_strerror (errno)), FALSE);
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size > TCGUI_RULE_STORE_MAX_BYTES)
    {
      close (fd);
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_CORRUPT_CONFIG,
                   "%s is not a regular file of at most %u MiB", path,
                   TCGUI_RULE_STORE_MAX_BYTES >> 20);
      return FALSE;
    }
  buf = g_malloc (st.st_size + 1);
  n = read (fd, buf, st.st_size + 1);
  close (fd);
  if (n < 0 || n > st.st_size)
    return (g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_CORRUPT_CONFIG,
                         "Cannot read %s whole", path), FALSE);
  buf[n] = '\0';
  *length = n;
  *contents = g_steal_pointer (&buf);
  return TRUE;
}

static TcguiRule *
parse_rule (JsonNode  *node,
            guint      index,
            GError   **error)
{
  g_autoptr(GVariant) dict = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *text = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
  TcguiRule *rule;

  /* A full reference already (never floating). */
  if (text != NULL)
    dict = g_variant_parse (G_VARIANT_TYPE_VARDICT, text, NULL, NULL, &local_error);
  if (dict == NULL ||
      !(rule = tcgui_rule_from_variant (dict, TCGUI_RULE_PARSE_STORED, 0, &local_error)))
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_CORRUPT_CONFIG, "rule %u: %s", index,
                   local_error ? local_error->message : "not a string");
      return NULL;
    }
  return rule;
}

static gboolean
check_limits (GPtrArray  *rules,
              GError    **error)
{
  g_autoptr(GHashTable) per_uid = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < rules->len; i++)
    {
      TcguiRule *rule = g_ptr_array_index (rules, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (per_uid, GUINT_TO_POINTER (rule->owner_uid))) + 1;

      if (n > TCGUI_RULE_MAX_PER_UID || !g_hash_table_add (ids, rule->id))
        return (g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_CORRUPT_CONFIG,
                             "rule %u: a duplicate id or more than %u rules of uid %u",
                             i, TCGUI_RULE_MAX_PER_UID, rule->owner_uid), FALSE);
      g_hash_table_insert (per_uid, GUINT_TO_POINTER (rule->owner_uid), GUINT_TO_POINTER (n));
    }
  return TRUE;
}

static GPtrArray *
parse_file (const char  *contents,
            gsize        length,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) tcgui_rule_free);
  JsonObject *root;
  JsonArray *array;
  JsonNode *node;

  if (!json_parser_load_from_data (parser, contents, length, error))
    return NULL;
  /* An empty document parses, without a root. */
  if (!(node = json_parser_get_root (parser)) || !JSON_NODE_HOLDS_OBJECT (node) ||
      !(root = json_node_get_object (node)) ||
      json_object_get_int_member_with_default (root, "version", 0) != TCGUI_RULE_STORE_VERSION ||
      !json_object_has_member (root, "rules") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "rules")))
    return (g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_CORRUPT_CONFIG,
                         "not a version %d rules file", TCGUI_RULE_STORE_VERSION), NULL);

  array = json_object_get_array_member (root, "rules");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      TcguiRule *rule = parse_rule (json_array_get_element (array, i), i, error);

      if (rule == NULL)
        return NULL;
      g_ptr_array_add (rules, rule);
    }
  return check_limits (rules, error) ? g_steal_pointer (&rules) : NULL;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  const char *x = *(const char * const *) a, *y = *(const char * const *) b;

  /* "corrupt-TIME": the longer number is the later one. */
  return strlen (x) != strlen (y) ? (strlen (x) < strlen (y) ? -1 : 1) : strcmp (x, y);
}

/* Only the newest TCGUI_RULE_STORE_MAX_CORRUPT copies are kept: a file
 * that keeps coming back corrupt must not fill the disk. */
static void
prune_corrupt (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *prefix = g_strconcat (base, ".corrupt-", NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)))
    if (g_str_has_prefix (name, prefix))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i + TCGUI_RULE_STORE_MAX_CORRUPT < names->len; i++)
    {
      g_autofree char *victim = g_build_filename (dir, g_ptr_array_index (names, i), NULL);

      g_unlink (victim);
    }
}

/* Moves @path aside and says so: the user's rules are never silently lost. */
static char *
move_aside (const char *path,
            const char *why)
{
  g_autofree char *aside = g_strdup_printf ("%s.corrupt-%" G_GINT64_FORMAT, path,
                                            g_get_real_time () / G_USEC_PER_SEC);

  if (g_rename (path, aside) != 0)
    return g_strdup_printf ("The rules file %s is corrupt (%s) and could not be moved aside (%s): "
                            "the helper runs without rules and will replace it on the next change",
                            path, why, g_strerror (errno));
  g_message ("The rules file %s is corrupt (%s): moved to %s", path, why, aside);
  prune_corrupt (path);
  return g_strdup_printf ("The rules file %s was corrupt (%s): it was moved to %s and the helper "
                          "started without rules", path, why, aside);
}

/**
 * tcgui_rule_store_load:
 * @path: the rules file
 * @problem: (out) (transfer full): %NULL, or why the file was not used
 *
 * A missing file is no rules. A corrupt or truncated one is moved aside
 * (rules.json.corrupt-TIME) and reported in @problem; the result is then
 * empty.
 *
 * Returns: (transfer full) (element-type TcguiRule): the rules, or %NULL
 *   with an error only when the file cannot be opened for another reason
 */
GPtrArray *
tcgui_rule_store_load (const char  *path,
                       char       **problem,
                       GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  GPtrArray *rules = NULL;
  gsize length = 0;

  *problem = NULL;
  if (!read_bounded (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_ptr_array_new_with_free_func ((GDestroyNotify) tcgui_rule_free);
      if (!g_error_matches (local_error, TCGUI_ERROR, TCGUI_ERROR_CORRUPT_CONFIG))
        return (g_propagate_error (error, g_steal_pointer (&local_error)), NULL);
    }
  else
    rules = parse_file (contents, length, &local_error);

  if (rules == NULL)
    {
      *problem = move_aside (path, local_error->message);
      rules = g_ptr_array_new_with_free_func ((GDestroyNotify) tcgui_rule_free);
    }
  return rules;
}

/**
 * tcgui_rule_store_serialize:
 *
 * Returns: (transfer full): the file's contents, or %NULL with
 *   LimitExceeded when they would exceed %TCGUI_RULE_STORE_MAX_BYTES
 */
GBytes *
tcgui_rule_store_serialize (GPtrArray  *rules,
                            GError    **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;
  gsize length;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, TCGUI_RULE_STORE_VERSION);
  json_builder_set_member_name (builder, "rules");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rules->len; i++)
    {
      g_autoptr(GVariant) v = g_variant_ref_sink (tcgui_rule_to_variant (g_ptr_array_index (rules, i), TRUE));
      g_autofree char *s = g_variant_print (v, TRUE);

      json_builder_add_string_value (builder, s);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, &length);
  if (length > TCGUI_RULE_STORE_MAX_BYTES)
    {
      g_free (text);
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_LIMIT_EXCEEDED,
                   "The rules would take more than %u MiB", TCGUI_RULE_STORE_MAX_BYTES >> 20);
      return NULL;
    }
  return g_bytes_new_take (text, length);
}

static gboolean
write_synced (const char  *tmp,
              GBytes      *bytes,
              GError     **error)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  int fd;

  /* Always a new file of our own: a leftover (or hard-linked, or
   * symlinked) .tmp is never reused with its mode, owner or links. */
  if (g_unlink (tmp) != 0 && errno != ENOENT)
    return (g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_FAILED, "Cannot remove %s: %s",
                         tmp, g_strerror (errno)), FALSE);
  fd = open (tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd >= 0 && fchmod (fd, 0600) != 0)
    {
      close (fd);
      fd = -1;
    }
  if (fd < 0)
    return (g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_FAILED, "Cannot write %s: %s",
                         tmp, g_strerror (errno)), FALSE);
  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      data += n;
      length -= n;
    }
  if (length > 0 || fsync (fd) != 0)
    {
      int saved = errno;

      close (fd);
      g_unlink (tmp);
      return (g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_FAILED, "Cannot write %s: %s",
                           tmp, g_strerror (saved)), FALSE);
    }
  close (fd);
  return TRUE;
}

/* The directory must be the helper's own: a directory (not a symlink to
 * one), owned by the helper's user, that no one else may write to (or
 * they could swap the files under it). */
static gboolean
check_dir (const char  *dir,
           GError     **error)
{
  struct stat st;

  if (lstat (dir, &st) != 0)
    return (g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_FAILED, "Cannot use %s: %s",
                         dir, g_strerror (errno)), FALSE);
  if (!S_ISDIR (st.st_mode) || st.st_uid != geteuid () || (st.st_mode & (S_IWGRP | S_IWOTH)))
    return (g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_FAILED,
                         "%s is not a directory of uid %u that only it may write to: "
                         "the rules are not written there", dir, (guint) geteuid ()), FALSE);
  return TRUE;
}

static void
sync_dir (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

/**
 * tcgui_rule_store_save:
 * @rules: (element-type TcguiRule): every rule
 *
 * Replaces @path atomically and durably; the previous version stays as
 * @path.old. On failure @path is unchanged.
 */
gboolean
tcgui_rule_store_save (const char  *path,
                       GPtrArray   *rules,
                       GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;

  return (bytes = tcgui_rule_store_serialize (rules, error)) &&
         tcgui_rule_store_save_bytes (path, bytes, error);
}

/**
 * tcgui_rule_store_save_bytes:
 * @bytes: what tcgui_rule_store_serialize() made
 *
 * Like tcgui_rule_store_save(), for a copy taken earlier (under a lock
 * that must not be held while the disk syncs).
 */
gboolean
tcgui_rule_store_save_bytes (const char  *path,
                             GBytes      *bytes,
                             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmp = g_strconcat (path, ".tmp", NULL);
  g_autofree char *old = g_strconcat (path, ".old", NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    return (g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_FAILED, "Cannot create %s: %s",
                         dir, g_strerror (errno)), FALSE);
  if (!check_dir (dir, error) || !write_synced (tmp, bytes, error))
    return FALSE;
  /* The old version stays reachable under its own name at every moment. */
  g_unlink (old);
  if (link (path, old) != 0 && errno != ENOENT)
    g_debug ("Cannot keep %s: %s", old, g_strerror (errno));
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      return (g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_FAILED, "Cannot replace %s: %s",
                           path, g_strerror (saved)), FALSE);
    }
  sync_dir (path);
  return TRUE;
}
