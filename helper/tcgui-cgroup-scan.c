/* tcgui-cgroup-scan.c - find container processes through their cgroups
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-cgroup"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include "tcgui-cgroup-scan.h"

/* Every runtime puts a container's processes in a cgroup whose last
 * components carry the 64-digit container id: "/docker/ID",
 * "docker-ID.scope", "libpod-ID", "cri-containerd-ID.scope", "crio-ID",
 * "/default/ID" (nerdctl's containerd namespace)... */

typedef struct
{
  const char *marker;
  const char *runtime;
} RuntimeMarker;

static const RuntimeMarker markers[] = {
  { "libpod", "podman" },
  { "docker", "docker" },
  { "crio", "cri-o" },
  { "containerd", "containerd" },
  { "nerdctl", "containerd" },
  { "kubepods", "kubernetes" },
};

static gboolean
is_hex64_at (const char *p)
{
  for (guint i = 0; i < 64; i++)
    if (!g_ascii_isxdigit (p[i]) || g_ascii_isupper (p[i]))
      return FALSE;
  return !g_ascii_isxdigit (p[64]);
}

/* The last 64-hex run in @path that is not part of a longer hex run. */
static const char *
find_id (const char *path)
{
  const char *found = NULL;
  gsize len = strlen (path);

  for (gsize i = 0; i + 64 <= len; i++)
    {
      if (i > 0 && g_ascii_isxdigit (path[i - 1]))
        continue;
      if (is_hex64_at (path + i))
        found = path + i;
    }
  return found;
}

static const char *
guess_runtime (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    if (strstr (path, markers[i].marker) != NULL)
      return markers[i].runtime;
  return "unknown";
}

/**
 * tcgui_cgroup_parse:
 * @text: the contents of /proc/PID/cgroup ("ID:CONTROLLERS:PATH" lines)
 * @runtime: (out): the runtime the path names
 * @id: (out): the container id
 *
 * Returns: whether one of the cgroup paths is a container's
 */
gboolean
tcgui_cgroup_parse (const char  *text,
                    gssize       length,
                    char       **runtime,
                    char       **id)
{
  g_autofree char *copy = g_strndup (text, length < 0 ? strlen (text) : (gsize) length);
  g_auto(GStrv) lines = g_strsplit (copy, "\n", 256);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *path = strchr (lines[i], ':');
      const char *hex;

      if (path == NULL || !(path = strchr (path + 1, ':')))
        continue;
      /* conmon and other helpers sit in cgroups next to, not in, the
       * container's: only a path that contains the id counts. */
      if ((hex = find_id (path + 1)) == NULL)
        continue;
      *id = g_strndup (hex, 64);
      *runtime = g_strdup (guess_runtime (path + 1));
      return TRUE;
    }
  return FALSE;
}

void
tcgui_cgroup_container_free (TcguiCgroupContainer *container)
{
  if (container == NULL)
    return;
  g_free (container->id);
  g_free (container->runtime);
  g_free (container);
}

/* Rootless containers live in a user namespace of their own user: they
 * are that user's business, not the inventory's "Other". */
static gboolean
same_user_ns (const char *proc_dir,
              const char *pid,
              ino_t       own)
{
  g_autofree char *path = g_build_filename (proc_dir, pid, "ns", "user", NULL);
  struct stat st;

  return stat (path, &st) == 0 && st.st_ino == own;
}

static void
scan_pid (GHashTable *found,
          const char *proc_dir,
          const char *name,
          ino_t       own_userns)
{
  g_autofree char *path = g_build_filename (proc_dir, name, "cgroup", NULL);
  g_autofree char *text = NULL;
  g_autofree char *runtime = NULL;
  g_autofree char *id = NULL;
  gsize length = 0;
  guint64 pid = 0;
  TcguiCgroupContainer *c;

  if (!g_ascii_string_to_unsigned (name, 10, 2, G_MAXINT32, &pid, NULL) ||
      !g_file_get_contents (path, &text, &length, NULL) ||
      !tcgui_cgroup_parse (text, length, &runtime, &id) ||
      !same_user_ns (proc_dir, name, own_userns))
    return;

  c = g_hash_table_lookup (found, id);
  if (c != NULL)
    {
      c->pid = MIN (c->pid, (guint32) pid);
      return;
    }
  c = g_new0 (TcguiCgroupContainer, 1);
  c->id = g_steal_pointer (&id);
  c->runtime = g_steal_pointer (&runtime);
  c->pid = (guint32) pid;
  g_hash_table_insert (found, c->id, c);
}

/**
 * tcgui_cgroup_scan:
 * @proc_dir: "/proc" (tests pass a directory laid out like it)
 *
 * Returns: (transfer full) (element-type TcguiCgroupContainer): one entry
 *   per container id, with its lowest PID (the container's init)
 */
GPtrArray *
tcgui_cgroup_scan (const char *proc_dir)
{
  g_autoptr(GHashTable) found = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDir) dir = g_dir_open (proc_dir, 0, NULL);
  g_autofree char *self_ns = g_build_filename (proc_dir, "self", "ns", "user", NULL);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) tcgui_cgroup_container_free);
  GHashTableIter iter;
  gpointer value;
  struct stat st;
  const char *name;

  if (dir == NULL || stat (self_ns, &st) != 0)
    return out;

  while ((name = g_dir_read_name (dir)))
    if (g_ascii_isdigit (name[0]))
      scan_pid (found, proc_dir, name, st.st_ino);

  g_hash_table_iter_init (&iter, found);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (out, value);
  return out;
}
