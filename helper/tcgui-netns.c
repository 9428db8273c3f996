/* tcgui-netns.c - network namespaces: identify, open, enter for a moment
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-netns"

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/magic.h>
#include <linux/nsfs.h>

#include <glib/gstdio.h>

#include "tcgui-error.h"
#include "tcgui-netns.h"

#define NETNS_RUN_DIR "/run/netns"
/* At most this many entries of /run/netns are examined per listing: the
 * directory is root's, but a runaway script can still fill it, and the
 * inventory lists it in the main thread (docs/security.md). */
#define NETNS_MAX_ENTRIES 4096

/* The namespace the helper started in. Every thread that enters another
 * namespace returns here before it does anything else. */
static int
host_netns_fd (void)
{
  static gsize initialized = 0;
  static int fd = -1;

  if (g_once_init_enter (&initialized))
    {
      /* The first caller is still in the helper's own namespace:
       * tcgui_netns_run_in() calls this before it enters another. */
      fd = open ("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
      if (fd < 0)
        g_error ("Cannot open the helper's own network namespace: %s",
                 g_strerror (errno));
      g_once_init_leave (&initialized, 1);
    }

  return fd;
}

/**
 * tcgui_netns_init:
 *
 * Records the calling thread's network namespace as the helper's own. Call
 * it from main() before any thread is started.
 */
void
tcgui_netns_init (void)
{
  (void) host_netns_fd ();
}

gboolean
tcgui_netns_name_is_valid (const char *name)
{
  gsize len;

  if (name == NULL)
    return FALSE;

  len = strlen (name);
  if (len == 0 || len > NAME_MAX)
    return FALSE;
  if (strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
    return FALSE;
  if (strchr (name, '/') != NULL)
    return FALSE;

  return g_utf8_validate (name, len, NULL);
}

/* The bytes the kernel's dev_valid_name() refuses besides '/': its
 * isspace(), which also counts 0xa0 (a byte of many UTF-8 characters). */
static gboolean
ifname_byte_is_valid (guchar c)
{
  return c != '/' && c != ':' && c != ' ' && (c < '\t' || c > '\r') && c != 0xa0;
}

/**
 * tcgui_netns_check_ifname:
 * @ifname: an interface name from a caller
 *
 * The one check of interface names, for every method that takes one: what
 * the kernel accepts as a name (1 to 15 bytes, not “.” or “..”, no “/”,
 * “:” or white space), and valid UTF-8. A name that passes may still not
 * exist: that is %TCGUI_ERROR_NO_SUCH_INTERFACE, found by looking it up.
 *
 * Returns: %TRUE, or %FALSE with %TCGUI_ERROR_INVALID_ARGUMENT
 */
gboolean
tcgui_netns_check_ifname (const char  *ifname,
                          GError     **error)
{
  gsize len = ifname ? strlen (ifname) : 0;
  gboolean ok = len > 0 && len < IFNAMSIZ && g_utf8_validate (ifname, len, NULL) &&
                strcmp (ifname, ".") != 0 && strcmp (ifname, "..") != 0;

  for (gsize i = 0; ok && i < len; i++)
    ok = ifname_byte_is_valid ((guchar) ifname[i]);
  if (!ok)
    {
      /* The name may not even be UTF-8: never echo it raw. */
      g_autofree char *shown = g_utf8_make_valid (ifname ? ifname : "", -1);

      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a valid interface name (1 to %d bytes of UTF-8, "
                   "no “/”, “:” or white space)", shown, IFNAMSIZ - 1);
    }
  return ok;
}

static gboolean
parse_pid_ref (const char  *rest,
               TcguiNsRef  *ref,
               GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (rest, ":", -1);
  guint64 pid = 0;

  /* g_ascii_string_to_unsigned() refuses signs, spaces and overflow. */
  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1, G_MAXINT32, &pid, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXUINT64, &ref->inode, NULL))
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "A process namespace is “pid:PID:INODE” with decimal numbers");
      return FALSE;
    }

  ref->pid = (guint32) pid;
  return TRUE;
}

/**
 * tcgui_ns_ref_parse:
 * @id: a namespace identifier from a caller
 *
 * Checks the syntax of @id only; tcgui_netns_open() checks that the
 * namespace exists.
 *
 * Returns: (transfer full): the reference, or %NULL with
 *   %TCGUI_ERROR_INVALID_ARGUMENT
 */
TcguiNsRef *
tcgui_ns_ref_parse (const char  *id,
                    GError     **error)
{
  g_autoptr(TcguiNsRef) ref = g_new0 (TcguiNsRef, 1);

  if (id == NULL || *id == '\0')
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "The namespace identifier is empty");
      return NULL;
    }

  if (strcmp (id, "host") == 0)
    {
      ref->kind = TCGUI_NS_HOST;
    }
  else if (g_str_has_prefix (id, "netns:"))
    {
      const char *name = id + strlen ("netns:");

      if (!tcgui_netns_name_is_valid (name))
        {
          /* The name may not even be UTF-8: never echo it raw. */
          g_autofree char *shown = g_utf8_make_valid (name, -1);

          g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                       "“%s” is not a valid namespace name", shown);
          return NULL;
        }
      ref->kind = TCGUI_NS_NAMED;
      ref->name = g_strdup (name);
    }
  else if (g_str_has_prefix (id, "pid:"))
    {
      ref->kind = TCGUI_NS_PID;
      if (!parse_pid_ref (id + strlen ("pid:"), ref, error))
        return NULL;
    }
  else
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "Unknown namespace identifier; expected “host”, "
                   "“netns:NAME” or “pid:PID:INODE”");
      return NULL;
    }

  return g_steal_pointer (&ref);
}

char *
tcgui_ns_ref_to_string (const TcguiNsRef *ref)
{
  switch (ref->kind)
    {
    case TCGUI_NS_HOST:
      return g_strdup ("host");
    case TCGUI_NS_NAMED:
      return g_strdup_printf ("netns:%s", ref->name);
    case TCGUI_NS_PID:
      return g_strdup_printf ("pid:%u:%" G_GUINT64_FORMAT, ref->pid, ref->inode);
    default:
      g_return_val_if_reached (NULL);
    }
}

void
tcgui_ns_ref_free (TcguiNsRef *ref)
{
  if (ref == NULL)
    return;
  g_free (ref->name);
  g_free (ref);
}

void
tcgui_ns_info_free (TcguiNsInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->id);
  g_free (info->kind);
  g_free (info->name);
  g_free (info);
}

/* A file in /run/netns may be a plain file that is no longer (or not yet)
 * a bind mount of a namespace: ask the kernel what the fd really is. */
static gboolean
check_is_netns (int          fd,
                const char  *what,
                GError     **error)
{
  int type = ioctl (fd, NS_GET_NSTYPE);

  if (type != CLONE_NEWNET)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_NAMESPACE,
                   "%s is not a network namespace", what);
      return FALSE;
    }
  return TRUE;
}

/* Why an entry of /run/netns is not a namespace, from its O_PATH fd:
 * NULL when it is one (a file on nsfs). */
static const char *
why_not_nsfs (int path_fd)
{
  struct statfs sfs;
  struct stat st;

  if (fstat (path_fd, &st) != 0 || fstatfs (path_fd, &sfs) != 0)
    return "it cannot be examined";
  if (S_ISLNK (st.st_mode))
    return "it is a symbolic link";
  if (S_ISFIFO (st.st_mode))
    return "it is a FIFO";
  if (S_ISSOCK (st.st_mode))
    return "it is a socket";
  if (S_ISDIR (st.st_mode))
    return "it is a directory";
  if (S_ISCHR (st.st_mode) || S_ISBLK (st.st_mode))
    return "it is a device node";
  if (sfs.f_type != NSFS_MAGIC)
    return "it is a plain file, not a mounted namespace";
  return NULL;
}

/* Opens @name in /run/netns without ever opening anything but a namespace:
 * O_PATH opens no file (a FIFO, a device, a socket there cannot block or
 * wake anything up), O_NOFOLLOW keeps a planted symlink from redirecting
 * us, and only a file on nsfs is then reopened for reading through its
 * own fd, which leads to the very file examined whatever is renamed in
 * between. Nothing here can block. */
static int
open_nsfs_at (int          dirfd,
              const char  *name,
              const char **why)
{
  g_autofree char *self_path = NULL;
  int path_fd;
  int fd;

  path_fd = openat (dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
  if (path_fd < 0)
    {
      *why = errno == ENOENT ? "it does not exist" : g_strerror (errno);
      return -1;
    }
  if ((*why = why_not_nsfs (path_fd)) != NULL)
    {
      close (path_fd);
      return -1;
    }

  self_path = g_strdup_printf ("/proc/self/fd/%d", path_fd);
  fd = open (self_path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    *why = g_strerror (errno);
  close (path_fd);
  return fd;
}

static int
open_named (const char  *name,
            GError     **error)
{
  g_autofree char *what = g_strdup_printf ("Namespace “%s”", name);
  const char *why = NULL;
  int dirfd;
  int fd;

  dirfd = open (NETNS_RUN_DIR, O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC);
  if (dirfd < 0)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_NAMESPACE,
                   "%s does not exist (no " NETNS_RUN_DIR ")", what);
      return -1;
    }

  fd = open_nsfs_at (dirfd, name, &why);
  close (dirfd);

  if (fd < 0)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_NAMESPACE,
                   "%s cannot be used: %s", what, why);
      return -1;
    }

  if (!check_is_netns (fd, what, error))
    {
      close (fd);
      return -1;
    }

  return fd;
}

static int
pidfd_open_compat (pid_t pid)
{
  return (int) syscall (SYS_pidfd_open, pid, 0);
}

static int
pidfd_signal_compat (int pidfd)
{
  return (int) syscall (SYS_pidfd_send_signal, pidfd, 0, NULL, 0);
}

/* The pidfd pins the process we mean: if PID was recycled between
 * pidfd_open() and open(), the pidfd's process is gone and signal 0 fails. */
static int
open_pid (guint32   pid,
          guint64   inode,
          GError  **error)
{
  g_autofree char *path = g_strdup_printf ("/proc/%u/ns/net", pid);
  g_autofree char *what = g_strdup_printf ("The namespace of process %u", pid);
  guint64 real_inode = 0;
  int pidfd;
  int fd;

  pidfd = pidfd_open_compat ((pid_t) pid);
  if (pidfd < 0)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_NAMESPACE,
                   "Process %u does not exist: %s", pid, g_strerror (errno));
      return -1;
    }

  fd = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0 && errno != ENOENT && errno != ESRCH)
    {
      int saved_errno = errno;
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_NAMESPACE,
                   "Cannot open the namespace of process %u: %s",
                   pid, g_strerror (saved_errno));
      goto fail;
    }
  if (fd < 0 || pidfd_signal_compat (pidfd) != 0)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_NAMESPACE,
                   "Process %u exited", pid);
      goto fail;
    }
  close (pidfd);
  pidfd = -1;

  if (!check_is_netns (fd, what, error) ||
      !tcgui_netns_get_inode (fd, &real_inode, error))
    goto fail;

  if (real_inode != inode)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_NAMESPACE,
                   "Process %u is no longer in namespace %" G_GUINT64_FORMAT
                   " (the process ended or its PID was reused)", pid, inode);
      goto fail;
    }

  return fd;

fail:
  if (fd >= 0)
    close (fd);
  if (pidfd >= 0)
    close (pidfd);
  return -1;
}

static int
dup_host (GError **error)
{
  int fd = fcntl (host_netns_fd (), F_DUPFD_CLOEXEC, 3);

  if (fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_FAILED,
                   "Cannot open the host namespace: %s", g_strerror (saved_errno));
    }
  return fd;
}

/**
 * tcgui_netns_open:
 * @ref: a parsed namespace reference
 *
 * Opens the namespace @ref names and checks that it is one.
 *
 * Returns: an fd (O_CLOEXEC) to close with close(), or -1 with
 *   %TCGUI_ERROR_NO_SUCH_NAMESPACE
 */
int
tcgui_netns_open (const TcguiNsRef  *ref,
                  GError           **error)
{
  switch (ref->kind)
    {
    case TCGUI_NS_HOST:
      return dup_host (error);
    case TCGUI_NS_NAMED:
      return open_named (ref->name, error);
    case TCGUI_NS_PID:
      return open_pid (ref->pid, ref->inode, error);
    default:
      g_return_val_if_reached (-1);
    }
}

gboolean
tcgui_netns_get_inode (int       nsfd,
                       guint64  *inode,
                       GError  **error)
{
  struct stat st;

  if (fstat (nsfd, &st) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_FAILED,
                   "Cannot stat a namespace: %s", g_strerror (saved_errno));
      return FALSE;
    }
  *inode = st.st_ino;
  return TRUE;
}

/* @dev and @inode together name a namespace (all live on nsfs). */
gboolean
tcgui_netns_get_id (int      nsfd,
                    guint64 *dev,
                    guint64 *inode)
{
  struct stat st;

  if (fstat (nsfd, &st) != 0)
    return FALSE;
  *dev = st.st_dev;
  *inode = st.st_ino;
  return TRUE;
}

/**
 * tcgui_netns_stat:
 *
 * Which namespace @ref names now, at the cost of one stat() and without
 * opening it: for a caller that keeps a socket in a namespace and must
 * notice when the name leads elsewhere (a named namespace deleted and
 * created again, a process that exited). Something that is not a
 * namespace gives a @dev that no namespace has. Nothing is checked
 * beyond that: open the namespace with tcgui_netns_open() to act in it.
 *
 * Returns: %FALSE when nothing is there
 */
gboolean
tcgui_netns_stat (const TcguiNsRef *ref,
                  guint64          *dev,
                  guint64          *inode)
{
  g_autofree char *path = NULL;
  struct stat st;

  switch (ref->kind)
    {
    case TCGUI_NS_HOST:
      return tcgui_netns_get_id (host_netns_fd (), dev, inode);
    case TCGUI_NS_NAMED:
      /* lstat: a symlink planted there is not followed. */
      path = g_build_filename (NETNS_RUN_DIR, ref->name, NULL);
      if (lstat (path, &st) != 0)
        return FALSE;
      break;
    case TCGUI_NS_PID:
      /* The magic link is followed to the namespace itself. */
      path = g_strdup_printf ("/proc/%u/ns/net", ref->pid);
      if (stat (path, &st) != 0)
        return FALSE;
      break;
    default:
      g_return_val_if_reached (FALSE);
    }
  *dev = st.st_dev;
  *inode = st.st_ino;
  return TRUE;
}

/**
 * tcgui_netns_run_in:
 * @nsfd: a network namespace fd
 * @func: what to do inside it; keep it short (open a socket, create a link)
 *
 * Moves the calling thread into @nsfd, runs @func and moves the thread back
 * at once. Sockets @func creates stay bound to @nsfd after the thread left.
 * Failing to come back is fatal: a worker thread must never serve the next
 * call from inside another namespace.
 */
gboolean
tcgui_netns_run_in (int             nsfd,
                    TcguiNetnsFunc  func,
                    gpointer        user_data,
                    GError        **error)
{
  int home = host_netns_fd ();   /* Before setns(): it must capture the host. */
  gboolean ret;

  if (setns (nsfd, CLONE_NEWNET) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_NAMESPACE,
                   "Cannot enter the namespace: %s", g_strerror (saved_errno));
      return FALSE;
    }

  ret = func (user_data, error);

  if (setns (home, CLONE_NEWNET) != 0)
    g_error ("Cannot return to the host network namespace: %s",
             g_strerror (errno));

  return ret;
}

static TcguiNsInfo *
ns_info_new (const char *id,
             const char *kind,
             const char *name,
             guint64     inode)
{
  TcguiNsInfo *info = g_new0 (TcguiNsInfo, 1);

  info->id = g_strdup (id);
  info->kind = g_strdup (kind);
  info->name = g_strdup (name);
  info->inode = inode;
  return info;
}

static int
compare_info_by_name (gconstpointer a,
                      gconstpointer b)
{
  const TcguiNsInfo *ia = *(TcguiNsInfo * const *) a;
  const TcguiNsInfo *ib = *(TcguiNsInfo * const *) b;

  return g_strcmp0 (ia->name, ib->name);
}

static void
list_named (GPtrArray *out)
{
  g_autoptr(GDir) dir = g_dir_open (NETNS_RUN_DIR, 0, NULL);
  g_autoptr(GPtrArray) named = g_ptr_array_new ();
  const char *name;

  /* No /run/netns simply means no named namespace yet. */
  if (dir == NULL)
    return;

  for (guint n = 0; (name = g_dir_read_name (dir)) && n < NETNS_MAX_ENTRIES; n++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *id = NULL;
      guint64 inode = 0;
      int fd;

      if (!tcgui_netns_name_is_valid (name))
        continue;
      /* Entries that are not mounted namespaces are left out, said only
       * in debug output: anyone who can write there could flood a log. */
      if ((fd = open_named (name, &local_error)) < 0)
        {
          g_debug ("%s", local_error->message);
          g_clear_error (&local_error);
          continue;
        }
      tcgui_netns_get_inode (fd, &inode, NULL);
      close (fd);

      id = g_strdup_printf ("netns:%s", name);
      g_ptr_array_add (named, ns_info_new (id, "netns", name, inode));
    }

  g_ptr_array_sort (named, compare_info_by_name);
  for (guint i = 0; i < named->len; i++)
    g_ptr_array_add (out, g_ptr_array_index (named, i));
}

/**
 * tcgui_netns_list:
 *
 * Returns: (transfer full) (element-type TcguiNsInfo): the host namespace,
 *   then the named `ip netns` namespaces sorted by name
 */
GPtrArray *
tcgui_netns_list (GError **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) tcgui_ns_info_free);
  guint64 host_inode = 0;

  if (!tcgui_netns_get_inode (host_netns_fd (), &host_inode, error))
    return NULL;

  g_ptr_array_add (out, ns_info_new ("host", "host", "Host", host_inode));
  list_named (out);

  return g_steal_pointer (&out);
}

static int
find_named (TcguiNetnsMatchFunc   match,
            gpointer              user_data,
            TcguiNsRef          **out_ref)
{
  g_autoptr(GDir) dir = g_dir_open (NETNS_RUN_DIR, 0, NULL);
  const char *name;

  for (guint n = 0; dir != NULL && (name = g_dir_read_name (dir)) && n < NETNS_MAX_ENTRIES; n++)
    {
      int fd;

      /* open_named() checks the name and that the file is a namespace. */
      if (!tcgui_netns_name_is_valid (name) || (fd = open_named (name, NULL)) < 0)
        continue;
      if (match (fd, user_data))
        {
          *out_ref = g_new0 (TcguiNsRef, 1);
          (*out_ref)->kind = TCGUI_NS_NAMED;
          (*out_ref)->name = g_strdup (name);
          return fd;
        }
      close (fd);
    }
  return -1;
}

/**
 * tcgui_netns_find:
 * @match: asked about each candidate; the fd stays the caller's to keep
 *   only when it returns %TRUE
 * @out_ref: (out): how to name the namespace found
 *
 * Looks for a namespace among those the helper can name by itself, never
 * at a path from a caller: the host namespace, then the named `ip netns`
 * namespaces (where Podman also mounts its containers'). Namespaces
 * nothing names (a process's alone) are not found.
 *
 * Returns: an fd of the first namespace @match accepts, or -1
 */
int
tcgui_netns_find (TcguiNetnsMatchFunc   match,
                  gpointer              user_data,
                  TcguiNsRef          **out_ref)
{
  int fd = dup_host (NULL);

  *out_ref = NULL;
  if (fd >= 0 && match (fd, user_data))
    {
      *out_ref = g_new0 (TcguiNsRef, 1);
      (*out_ref)->kind = TCGUI_NS_HOST;
      return fd;
    }
  if (fd >= 0)
    close (fd);
  return find_named (match, user_data, out_ref);
}
