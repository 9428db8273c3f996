/* tcgui-runtime-socket.c - connect to a container runtime's socket with its owner's file permissions
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-runtime-socket"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <gio/gunixsocketaddress.h>

#include "tcgui-runtime-socket.h"

/* A user's rootless Podman listens on /run/user/UID/podman/podman.sock,
 * mode 0600 in a 0700 directory. The helper keeps no capability that
 * overrides file permissions (no CAP_DAC_OVERRIDE), so it reaches that
 * socket the way the user would: a worker thread takes the user's file
 * system identity (setfsuid/setfsgid and no supplementary groups: all
 * per-thread on Linux when made as raw system calls, which glibc's
 * setfsuid/setfsgid are), checks the path and connects, then takes its own
 * identity back before it does anything else.
 *
 * libsoup 3.2 cannot be handed a connected socket, but since 3.2 it can
 * connect from any thread: the worker asks a new session to preconnect,
 * and the request, sent from the main thread, reuses that idle connection.
 * The session is this object's GSocketConnectable, and it only hands out
 * the address to a thread that holds the owner's identity: a connection
 * libsoup would try to make on its own (in the main thread, as root) fails
 * instead. Every runtime socket is reached this way, root's too. */

#define ANY_OWNER  G_MAXUINT32

struct _TcguiRuntimeSocket
{
  GObject  parent_instance;

  char    *path;
  guint32  owner_uid;   /* ANY_OWNER: a socket from the helper's own configuration */
};

static void connectable_iface_init (GSocketConnectableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TcguiRuntimeSocket, tcgui_runtime_socket, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_SOCKET_CONNECTABLE,
                                                      connectable_iface_init))

/* ---- the file system identity of a thread ------------------------------- */

typedef struct
{
  uid_t    fsuid;
  gid_t    fsgid;
  int      n_groups;
  gid_t   *groups;
  gboolean entered;
} FsIdentity;

static uid_t
current_fsuid (void)
{
  /* An invalid id changes nothing and returns the current one. */
  return (uid_t) setfsuid ((uid_t) -1);
}

static gid_t
current_fsgid (void)
{
  return (gid_t) setfsgid ((gid_t) -1);
}

/* Never returns with the thread under another identity: a pooled thread
 * that kept a user's identity would run the next task with it. */
static void
fs_identity_leave (FsIdentity *saved)
{
  if (!saved->entered)
    return;
  setfsuid (saved->fsuid);
  setfsgid (saved->fsgid);
  if (current_fsuid () != saved->fsuid || current_fsgid () != saved->fsgid ||
      syscall (SYS_setgroups, (size_t) saved->n_groups, saved->groups) != 0)
    g_error ("Cannot take back the helper's file system identity: %s", g_strerror (errno));
  saved->entered = FALSE;
  g_clear_pointer (&saved->groups, g_free);
}

/* setfsuid() returns the previous id whether or not it succeeded: each
 * change is read back. The raw setgroups system call changes the calling
 * thread only (glibc's setgroups() changes every thread). */
static gboolean
fs_identity_enter (FsIdentity  *saved,
                   uid_t        uid,
                   gid_t        gid,
                   GError     **error)
{
  int n = getgroups (0, NULL);

  saved->fsuid = current_fsuid ();
  saved->fsgid = current_fsgid ();
  saved->groups = g_new0 (gid_t, MAX (n, 1));
  saved->n_groups = n > 0 ? getgroups (n, saved->groups) : 0;
  if (saved->n_groups < 0 || syscall (SYS_setgroups, (size_t) 0, NULL) != 0)
    {
      int saved_errno = errno;

      g_clear_pointer (&saved->groups, g_free);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot drop the supplementary groups: %s", g_strerror (saved_errno));
      return FALSE;
    }
  saved->entered = TRUE;

  setfsgid (gid);
  setfsuid (uid);
  if (current_fsgid () != gid || current_fsuid () != uid)
    {
      fs_identity_leave (saved);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "Cannot take the file system identity of uid %u (CAP_SETUID and "
                   "CAP_SETGID are needed)", (guint) uid);
      return FALSE;
    }
  return TRUE;
}

/* ---- the path ------------------------------------------------------------ */

static gboolean
check_entry (const char   *path,
             mode_t        type,
             guint32       uid,
             struct stat  *st,
             GError      **error)
{
  if (lstat (path, st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "%s: %s", path, g_strerror (saved_errno));
      return FALSE;
    }
  if ((st->st_mode & S_IFMT) != type || st->st_uid != uid)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "%s is not a %s owned by uid %u", path,
                   type == S_IFSOCK ? "socket" : "directory", (guint) uid);
      return FALSE;
    }
  return TRUE;
}

/* Below /run/user/UID, every directory and the socket itself are the
 * owner's and none is a symbolic link. Called with the owner's identity:
 * root without CAP_DAC_READ_SEARCH cannot look into a 0700 directory. */
static gboolean
check_user_path (const char  *path,
                 const char  *runtime_dir,
                 guint32      uid,
                 GError     **error)
{
  g_autofree char *prefix = g_strdup (path);
  struct stat st;

  for (char *slash = prefix + strlen (runtime_dir) + 1; (slash = strchr (slash, '/')) != NULL; slash++)
    {
      *slash = '\0';
      if (!check_entry (prefix, S_IFDIR, uid, &st, error))
        return FALSE;
      *slash = '/';
    }
  return check_entry (path, S_IFSOCK, uid, &st, error);
}

/* The user's runtime directory, /run/user/UID, is made by logind for that
 * user: it gives the group to take, and the socket must lie below it. */
static gboolean
check_runtime_dir (TcguiRuntimeSocket  *self,
                   char               **runtime_dir,
                   gid_t               *gid,
                   GError             **error)
{
  g_autofree char *dir = g_strdup_printf ("/run/user/%u", self->owner_uid);
  struct stat st;

  if (!g_str_has_prefix (self->path, dir) || self->path[strlen (dir)] != '/' ||
      strstr (self->path, "/../") != NULL || strstr (self->path, "/./") != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s is not in %s", self->path, dir);
      return FALSE;
    }
  if (!check_entry (dir, S_IFDIR, self->owner_uid, &st, error))
    return FALSE;
  *gid = st.st_gid;
  *runtime_dir = g_steal_pointer (&dir);
  return TRUE;
}

/* ---- GSocketConnectable -------------------------------------------------- */

#define TCGUI_TYPE_RUNTIME_SOCKET_ENUMERATOR (tcgui_runtime_socket_enumerator_get_type ())
G_DECLARE_FINAL_TYPE (TcguiRuntimeSocketEnumerator, tcgui_runtime_socket_enumerator,
                      TCGUI, RUNTIME_SOCKET_ENUMERATOR, GSocketAddressEnumerator)

struct _TcguiRuntimeSocketEnumerator
{
  GSocketAddressEnumerator  parent_instance;

  TcguiRuntimeSocket       *socket;
  gboolean                  done;
};

G_DEFINE_FINAL_TYPE (TcguiRuntimeSocketEnumerator, tcgui_runtime_socket_enumerator,
                     G_TYPE_SOCKET_ADDRESS_ENUMERATOR)

/* One address, and only to a thread that holds the owner's identity. */
static GSocketAddress *
enumerator_next (GSocketAddressEnumerator  *enumerator,
                 GCancellable              *cancellable,
                 GError                   **error)
{
  TcguiRuntimeSocketEnumerator *self = TCGUI_RUNTIME_SOCKET_ENUMERATOR (enumerator);
  TcguiRuntimeSocket *socket = self->socket;

  if (self->done)
    return NULL;
  self->done = TRUE;
  if (socket->owner_uid != ANY_OWNER && current_fsuid () != socket->owner_uid)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "%s is only connected to with the file permissions of uid %u",
                   socket->path, socket->owner_uid);
      return NULL;
    }
  return g_unix_socket_address_new (socket->path);
}

static void
tcgui_runtime_socket_enumerator_finalize (GObject *object)
{
  g_clear_object (&TCGUI_RUNTIME_SOCKET_ENUMERATOR (object)->socket);

  G_OBJECT_CLASS (tcgui_runtime_socket_enumerator_parent_class)->finalize (object);
}

static void
tcgui_runtime_socket_enumerator_class_init (TcguiRuntimeSocketEnumeratorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tcgui_runtime_socket_enumerator_finalize;
  /* The default next_async() calls next(), in the connecting thread. */
  G_SOCKET_ADDRESS_ENUMERATOR_CLASS (klass)->next = enumerator_next;
}

static void
tcgui_runtime_socket_enumerator_init (TcguiRuntimeSocketEnumerator *self)
{
}

static GSocketAddressEnumerator *
connectable_enumerate (GSocketConnectable *connectable)
{
  TcguiRuntimeSocketEnumerator *enumerator = g_object_new (TCGUI_TYPE_RUNTIME_SOCKET_ENUMERATOR, NULL);

  enumerator->socket = g_object_ref (TCGUI_RUNTIME_SOCKET (connectable));
  return G_SOCKET_ADDRESS_ENUMERATOR (enumerator);
}

static char *
connectable_to_string (GSocketConnectable *connectable)
{
  return g_strdup (TCGUI_RUNTIME_SOCKET (connectable)->path);
}

static void
connectable_iface_init (GSocketConnectableIface *iface)
{
  iface->enumerate = connectable_enumerate;
  iface->proxy_enumerate = connectable_enumerate;
  iface->to_string = connectable_to_string;
}

/* ---- connecting ---------------------------------------------------------- */

typedef struct
{
  SoupSession *session;
  guint32      expected_peer;  /* ANY_OWNER: any */
  gboolean     done;
  gboolean     wrong_peer;
  GError      *error;
} Connect;

static void
connect_free (Connect *c)
{
  g_clear_object (&c->session);
  g_clear_error (&c->error);
  g_free (c);
}

/* Whatever the path leads to, only a daemon that runs as the owner is
 * believed (SO_PEERCRED of the connected socket). */
static void
preconnect_event_cb (SoupMessage        *msg,
                     GSocketClientEvent  event,
                     GIOStream          *connection,
                     Connect            *c)
{
  g_autoptr(GCredentials) credentials = NULL;
  GSocket *socket;
  uid_t uid = (uid_t) -1;

  if (event != G_SOCKET_CLIENT_CONNECTED || c->expected_peer == ANY_OWNER ||
      !G_IS_SOCKET_CONNECTION (connection))
    return;
  socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (connection));
  if ((credentials = g_socket_get_credentials (socket, NULL)) != NULL)
    uid = g_credentials_get_unix_user (credentials, NULL);
  if (uid != (uid_t) c->expected_peer)
    {
      c->wrong_peer = TRUE;
      g_socket_close (socket, NULL);
    }
}

static void
preconnected_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Connect *c = user_data;

  soup_session_preconnect_finish (SOUP_SESSION (object), result, &c->error);
  c->done = TRUE;
}

/* In the worker, with its own main context: the connection is made here,
 * in this thread, and stays in the session, idle. */
static void
preconnect (Connect      *c,
            GCancellable *cancellable)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, "http://localhost/_ping");

  g_main_context_push_thread_default (context);
  g_signal_connect (msg, "network-event", G_CALLBACK (preconnect_event_cb), c);
  soup_session_preconnect_async (c->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                 preconnected_cb, c);
  while (!c->done)
    g_main_context_iteration (context, TRUE);
  g_signal_handlers_disconnect_by_func (msg, preconnect_event_cb, c);
  g_main_context_pop_thread_default (context);
}

static gboolean
connect_as_owner (TcguiRuntimeSocket  *self,
                  Connect             *c,
                  GCancellable        *cancellable,
                  GError             **error)
{
  g_autofree char *runtime_dir = NULL;
  FsIdentity saved = { 0 };
  gid_t gid;
  gboolean checked;

  if (!check_runtime_dir (self, &runtime_dir, &gid, error) ||
      !fs_identity_enter (&saved, self->owner_uid, gid, error))
    return FALSE;
  checked = check_user_path (self->path, runtime_dir, self->owner_uid, error);
  if (checked)
    preconnect (c, cancellable);
  fs_identity_leave (&saved);
  return checked;
}

static void
connect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  TcguiRuntimeSocket *self = source_object;
  Connect *c = task_data;
  GError *error = NULL;

  if (self->owner_uid == ANY_OWNER)
    preconnect (c, cancellable);
  else if (!connect_as_owner (self, c, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (c->error != NULL)
    g_task_return_error (task, g_steal_pointer (&c->error));
  else if (c->wrong_peer)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                             "%s is not served by uid %u: refused", self->path, c->expected_peer);
  else
    g_task_return_pointer (task, g_steal_pointer (&c->session), g_object_unref);
}

/**
 * tcgui_runtime_socket_open_async:
 * @timeout: the session's I/O timeout in seconds, 0 for none
 *
 * Makes a session with one connection to the socket, made by a worker
 * thread with the owner's file permissions. Send one request on it (from
 * the thread that called this); the session never makes another
 * connection by itself.
 */
void
tcgui_runtime_socket_open_async (TcguiRuntimeSocket  *self,
                                 guint                timeout,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Connect *c;

  g_return_if_fail (TCGUI_IS_RUNTIME_SOCKET (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tcgui_runtime_socket_open_async);
  c = g_new0 (Connect, 1);
  c->expected_peer = self->owner_uid;
  c->session = soup_session_new_with_options ("remote-connectable", self,
                                              "max-conns", 1,
                                              "max-conns-per-host", 1,
                                              "timeout", timeout,
                                              "idle-timeout", 30,
                                              NULL);
  g_task_set_task_data (task, c, (GDestroyNotify) connect_free);
  g_task_run_in_thread (task, connect_thread);
}

/**
 * tcgui_runtime_socket_open_finish:
 *
 * Returns: (transfer full): the session, or %NULL with a #GIOErrorEnum error
 */
SoupSession *
tcgui_runtime_socket_open_finish (TcguiRuntimeSocket  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- object -------------------------------------------------------------- */

static void
tcgui_runtime_socket_finalize (GObject *object)
{
  g_free (TCGUI_RUNTIME_SOCKET (object)->path);

  G_OBJECT_CLASS (tcgui_runtime_socket_parent_class)->finalize (object);
}

static void
tcgui_runtime_socket_class_init (TcguiRuntimeSocketClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tcgui_runtime_socket_finalize;
}

static void
tcgui_runtime_socket_init (TcguiRuntimeSocket *self)
{
  self->owner_uid = ANY_OWNER;
}

/**
 * tcgui_runtime_socket_new:
 * @path: the socket's absolute path
 * @owner_uid: the user whose rootless runtime listens there (the path must
 *   be below /run/user/UID), or %G_MAXUINT32 for a socket of the helper's
 *   own configuration, reached with the helper's own permissions
 */
TcguiRuntimeSocket *
tcgui_runtime_socket_new (const char *path,
                          guint32     owner_uid)
{
  TcguiRuntimeSocket *self;

  g_return_val_if_fail (path != NULL && g_path_is_absolute (path), NULL);

  self = g_object_new (TCGUI_TYPE_RUNTIME_SOCKET, NULL);
  self->path = g_strdup (path);
  self->owner_uid = owner_uid;
  return self;
}

const char *
tcgui_runtime_socket_get_path (TcguiRuntimeSocket *self)
{
  return self->path;
}
