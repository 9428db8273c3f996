/* tcgui-journal.c - what TC GUI applied, kept under /run across restarts
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-journal"

#include "config.h"

#include <errno.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tcgui-error.h"
#include "tcgui-journal.h"

/* A directory with one small key file per shaped (namespace inode,
 * interface, direction), so that a change reads and writes only its own
 * entry however many namespaces are shaped. /run is a tmpfs: the journal
 * ends with the qdiscs at reboot, but survives helper restarts. Entries are
 * written to a side file and renamed into place, so a helper that dies
 * half-way leaves the old entry; no fsync(), since /run does not outlive
 * the qdiscs and a sync per change would cost more than the change. Writers
 * of one entry are serialized by the engine's per-namespace lock. */

#define GROUP "entry"

static GMutex journal_mutex;
static char *journal_path;

void
tcgui_journal_set_path (const char *path)
{
  g_mutex_lock (&journal_mutex);
  g_free (journal_path);
  journal_path = g_strdup (path);
  g_mutex_unlock (&journal_mutex);
}

/* Returns: (transfer full): the journal directory */
static char *
journal_dir (void)
{
  char *dir;

  g_mutex_lock (&journal_mutex);
  dir = g_strdup (journal_path ? journal_path : TCGUI_JOURNAL_DEFAULT_PATH);
  g_mutex_unlock (&journal_mutex);
  return dir;
}

const char *
tcgui_journal_get_path (void)
{
  return journal_path ? journal_path : TCGUI_JOURNAL_DEFAULT_PATH;
}

void
tcgui_journal_entry_free (TcguiJournalEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->ns_id);
  g_free (entry->ifname);
  g_free (entry->direction);
  g_free (entry->device);
  g_free (entry->via);
  g_free (entry);
}

/* The interface name is hex-encoded: a file name never depends on what a
 * name may contain. */
static char *
entry_path (guint64     inode,
            const char *ifname,
            const char *direction)
{
  g_autofree char *dir = journal_dir ();
  g_autoptr(GString) name = g_string_new (NULL);

  g_string_append_printf (name, "%" G_GUINT64_FORMAT "-", inode);
  for (const char *c = ifname; *c; c++)
    g_string_append_printf (name, "%02x", (guint8) *c);
  g_string_append_printf (name, "-%s", direction);
  return g_build_filename (dir, name->str, NULL);
}

static gboolean
journal_error (GError     **error,
               const char  *what,
               int          saved_errno)
{
  g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_FAILED, "Cannot %s the journal in %s: %s",
               what, tcgui_journal_get_path (), g_strerror (saved_errno));
  return FALSE;
}

static gboolean
write_entry (const char  *path,
             const char  *data,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmp = g_strdup_printf ("%s.%d.new", path, (int) getpid ());
  g_autoptr(GError) local_error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    return journal_error (error, "create", errno);
  if (!g_file_set_contents_full (tmp, data, -1, G_FILE_SET_CONTENTS_NONE, 0600, &local_error))
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_FAILED,
                   "Cannot write the journal: %s", local_error->message);
      return FALSE;
    }
  if (g_rename (tmp, path) != 0)
    {
      int saved_errno = errno;

      g_unlink (tmp);
      return journal_error (error, "write", saved_errno);
    }
  return TRUE;
}

gboolean
tcgui_journal_record (const TcguiJournalEntry  *e,
                      GError                  **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *path = entry_path (e->inode, e->ifname, e->direction);
  g_autoptr(GVariant) params = g_variant_ref_sink (tcgui_params_to_variant (&e->params));
  g_autofree char *params_text = g_variant_print (params, TRUE);
  g_autofree char *data = NULL;

  g_key_file_set_string (kf, GROUP, "namespace", e->ns_id);
  g_key_file_set_uint64 (kf, GROUP, "inode", e->inode);
  g_key_file_set_string (kf, GROUP, "interface", e->ifname);
  g_key_file_set_string (kf, GROUP, "direction", e->direction);
  g_key_file_set_string (kf, GROUP, "device", e->device);
  g_key_file_set_string (kf, GROUP, "via", e->via ? e->via : "");
  g_key_file_set_uint64 (kf, GROUP, "handle", e->handle);
  g_key_file_set_boolean (kf, GROUP, "ingress-created", e->ingress_created);
  g_key_file_set_string (kf, GROUP, "parameters", params_text);
  data = g_key_file_to_data (kf, NULL, NULL);

  return write_entry (path, data, error);
}

gboolean
tcgui_journal_remove (guint64      inode,
                      const char  *ifname,
                      const char  *direction,
                      GError     **error)
{
  g_autofree char *path = entry_path (inode, ifname, direction);

  if (g_unlink (path) != 0 && errno != ENOENT)
    return journal_error (error, "update", errno);
  return TRUE;
}

static TcguiJournalEntry *
entry_from_group (GKeyFile   *kf,
                  const char *group)
{
  g_autoptr(TcguiJournalEntry) e = g_new0 (TcguiJournalEntry, 1);
  g_autofree char *params_text = g_key_file_get_string (kf, group, "parameters", NULL);
  g_autoptr(GVariant) params = NULL;

  e->ns_id = g_key_file_get_string (kf, group, "namespace", NULL);
  e->inode = g_key_file_get_uint64 (kf, group, "inode", NULL);
  e->ifname = g_key_file_get_string (kf, group, "interface", NULL);
  e->direction = g_key_file_get_string (kf, group, "direction", NULL);
  e->device = g_key_file_get_string (kf, group, "device", NULL);
  e->via = g_key_file_get_string (kf, group, "via", NULL);
  e->handle = (guint32) g_key_file_get_uint64 (kf, group, "handle", NULL);
  e->ingress_created = g_key_file_get_boolean (kf, group, "ingress-created", NULL);

  if (e->ns_id == NULL || e->ifname == NULL || e->direction == NULL || e->device == NULL)
    return NULL;
  if (params_text != NULL)
    params = g_variant_parse (G_VARIANT_TYPE_VARDICT, params_text, NULL, NULL, NULL);
  /* Unreadable parameters only lose the distribution in read-back. */
  if (params == NULL || !tcgui_params_from_variant (params, &e->params, NULL))
    tcgui_params_init (&e->params);
  if (e->via == NULL)
    e->via = g_strdup ("");
  return g_steal_pointer (&e);
}

static TcguiJournalEntry *
entry_load (const char *path)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();

  /* A missing or unreadable entry is no entry: the journal only ever
   * lists what may be reset. */
  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL))
    return NULL;
  return entry_from_group (kf, GROUP);
}

TcguiJournalEntry *
tcgui_journal_lookup (guint64     inode,
                      const char *ifname,
                      const char *direction)
{
  g_autofree char *path = entry_path (inode, ifname, direction);

  return entry_load (path);
}

/**
 * tcgui_journal_list:
 *
 * Returns: (transfer full) (element-type TcguiJournalEntry): every entry
 */
GPtrArray *
tcgui_journal_list (GError **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) tcgui_journal_entry_free);
  g_autofree char *dir_path = journal_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  /* No journal yet: nothing was applied. */
  if (dir == NULL)
    return g_steal_pointer (&out);

  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      TcguiJournalEntry *e;

      if (g_str_has_suffix (name, ".new"))
        continue;
      if ((e = entry_load (path)) != NULL)
        g_ptr_array_add (out, e);
    }
  return g_steal_pointer (&out);
}
