/* tcgui-journal.c - what TC GUI applied, kept under /run across restarts
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-journal"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tcgui-error.h"
#include "tcgui-journal.h"

/* A directory with one small key file per shaped (namespace inode,
 * interface, direction), so that a change reads and writes only its own
 * entry however many namespaces are shaped. /run is a tmpfs: the journal
 * ends with the qdiscs at reboot, but survives helper restarts. A new entry
 * is written to a side file and renamed into place, so a helper that dies
 * half-way leaves no half entry; an existing one is rewritten in place with
 * one write of less than a page (see rewrite_in_place()). No fsync(), since
 * /run does not outlive the qdiscs and a sync per change would cost more
 * than the change. Writers of one entry are serialized by the engine's
 * per-namespace lock. */

#define GROUP "entry"
#define JOURNAL_PAGE 4096

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

/* Most changes rewrite an entry that exists (a slider moves): that is done
 * in place, with one pwrite() of at most a page, padded with newlines to
 * the old length so that nothing of the old text is left and the file
 * never shrinks. Replacing the file (side file + rename) frees the old
 * inode instead, and where /run is not a tmpfs but a filesystem mounted
 * with "discard" that waits for the device: 0.16 ms of the 0.2 ms a
 * change took on the benchmark machine (docs/benchmarks.md). One write
 * of less than a page is not torn by a helper that dies. Returns FALSE
 * when the entry must be written the other way. */
static gboolean
rewrite_in_place (const char *path,
                  const char *data)
{
  gsize len = strlen (data);
  g_autofree char *padded = NULL;
  struct stat st;
  gssize n;
  int fd;

  if (len > JOURNAL_PAGE || (fd = open (path, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW)) < 0)
    return FALSE;
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size > JOURNAL_PAGE)
    {
      close (fd);
      return FALSE;
    }
  n = MAX ((gssize) len, (gssize) st.st_size);
  padded = g_malloc (n);
  memcpy (padded, data, len);
  memset (padded + len, '\n', n - len);
  n = pwrite (fd, padded, n, 0) == n ? n : -1;
  close (fd);
  return n >= 0;
}

static gboolean
write_entry (const char  *path,
             const char  *data,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmp = g_strdup_printf ("%s.%d.new", path, (int) getpid ());
  g_autoptr(GError) local_error = NULL;

  if (rewrite_in_place (path, data))
    return TRUE;
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
  struct stat st;

  /* A missing or unreadable entry is no entry: the journal only ever
   * lists what may be reset. Only a regular file is read: a FIFO put
   * there would block the reader (docs/security.md). */
  if (lstat (path, &st) != 0 || !S_ISREG (st.st_mode) ||
      !g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL))
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

/* A side file ("ENTRY.PID.new", or g_file_set_contents()'s own
 * "ENTRY.PID.new.XXXXXX") is never an entry. One of another process was
 * left by a helper killed while it wrote: it goes, or it would stay for
 * good. This process's may be a write in progress. */
static gboolean
is_side_file (const char *dir_path,
              const char *name)
{
  const char *suffix = strstr (name, ".new");
  const char *dot;
  g_autofree char *pid = NULL;

  if (suffix == NULL)
    return FALSE;
  for (dot = suffix - 1; dot > name && *dot != '.'; dot--)
    ;
  pid = g_strndup (dot + 1, suffix - dot - 1);
  if (*dot != '.' || g_ascii_strtoll (pid, NULL, 10) != getpid ())
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);

      g_unlink (path);
    }
  return TRUE;
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

      if (is_side_file (dir_path, name))
        continue;
      if ((e = entry_load (path)) != NULL)
        g_ptr_array_add (out, e);
    }
  return g_steal_pointer (&out);
}
