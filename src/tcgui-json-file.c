/* tcgui-json-file.c - the app's JSON files under ~/.config/tcgui
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What config.json (tcgui-config.c) and profiles.json (tcgui-profiles.c)
 * share: blocking reads and writes meant for a GTask thread, never the
 * main loop. A file that does not parse, or that the caller's check
 * refuses, is renamed to FILE.corrupt-YYYYMMDD-HHMMSS and reported, so that
 * the next save never overwrites what the user may still want. Saves are
 * atomic (a temporary file renamed over the old one), mode 0600, and
 * create the directory (0700).
 */

#define G_LOG_DOMAIN "tcgui-json-file"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "tcgui-json-file.h"

void
tcgui_json_file_contents_free (TcguiJsonFileContents *contents)
{
  if (contents == NULL)
    return;
  g_clear_pointer (&contents->root, json_node_unref);
  g_free (contents->backup_path);
  g_free (contents->corrupt_reason);
  g_free (contents);
}

/* Keeps the damaged file next to the new one instead of overwriting it. */
static char *
move_aside (GFile   *file,
            GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *backup = g_strdup_printf ("%s.corrupt-%s", path, stamp);

  for (guint i = 1; g_file_test (backup, G_FILE_TEST_EXISTS) && i < 100; i++)
    {
      g_free (backup);
      backup = g_strdup_printf ("%s.corrupt-%s-%u", path, stamp, i);
    }

  if (g_rename (path, backup) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot rename %s: %s"), path, g_strerror (saved_errno));
      return NULL;
    }
  return g_steal_pointer (&backup);
}

/**
 * tcgui_json_file_load:
 * @check: what makes a parsed file usable; it gets a %NULL root for a
 *   file with no JSON value at all
 *
 * Blocking: call it from a thread. A missing file gives empty contents.
 *
 * Returns: (transfer full): the contents, or %NULL when the file exists
 *   but cannot be read, or is corrupt and cannot be moved aside
 */
TcguiJsonFileContents *
tcgui_json_file_load (GFile               *file,
                      TcguiJsonFileCheck   check,
                      GCancellable        *cancellable,
                      GError             **error)
{
  g_autoptr(TcguiJsonFileContents) contents = g_new0 (TcguiJsonFileContents, 1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (check != NULL, NULL);

  if (!g_file_load_contents (file, cancellable, &data, &length, NULL, &local_error))
    {
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      return g_steal_pointer (&contents);
    }

  if (json_parser_load_from_data (parser, data, length, &local_error) &&
      check (json_parser_get_root (parser), &local_error))
    {
      contents->root = json_node_ref (json_parser_get_root (parser));
      return g_steal_pointer (&contents);
    }

  contents->corrupt_reason = g_strdup (local_error->message);
  contents->backup_path = move_aside (file, error);
  if (contents->backup_path == NULL)
    return NULL;
  return g_steal_pointer (&contents);
}

/**
 * tcgui_json_file_save:
 *
 * Blocking: call it from a thread. Writes @contents atomically, mode 0600,
 * creating the directory.
 */
gboolean
tcgui_json_file_save (GFile       *file,
                      const char  *contents,
                      GError     **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  /* Written to a temporary file and renamed: never half a file. */
  return g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                   error);
}

/**
 * tcgui_json_file_serialize:
 *
 * Returns: (transfer full): @object as pretty-printed JSON with a final
 *   newline
 */
char *
tcgui_json_file_serialize (JsonObject *object)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *data = NULL;

  json_node_set_object (root, object);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  data = json_generator_to_data (generator, NULL);
  return g_strconcat (data, "\n", NULL);
}

static void
copy_member_cb (JsonObject *object,
                const char *name,
                JsonNode   *node,
                gpointer    user_data)
{
  json_object_set_member (user_data, name, json_node_copy (node));
}

/**
 * tcgui_json_file_copy_object:
 * @node: (nullable): an object node, or anything else
 *
 * Returns: (transfer full): a deep copy of @node's members, or a new empty
 *   object when @node is not an object
 */
JsonObject *
tcgui_json_file_copy_object (JsonNode *node)
{
  JsonObject *copy = json_object_new ();

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    json_object_foreach_member (json_node_get_object (node), copy_member_cb, copy);
  return copy;
}
