/* test-runtime-socket.c - TcguiRuntimeSocket against hostile user sockets
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * As root: makes /run/user/UID for an unused UID, plants sockets and symlinks
 * there as that user could, and checks what TcguiRuntimeSocket connects to.
 */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tcgui-runtime-socket.h"

static guint32 test_uid;
static char *user_dir;     /* /run/user/UID */
static char *podman_dir;   /* /run/user/UID/podman */
static char *sock_path;    /* /run/user/UID/podman/podman.sock */
static char *root_dir;     /* a root-owned 0755 directory with a root 0600 podman.sock */
static char *root_sock;

/* A listening socket owned by root, mode 0600. */
static int
listen_at (const char *path)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

  g_assert_cmpint (fd, >=, 0);
  g_strlcpy (addr.sun_path, path, sizeof addr.sun_path);
  g_unlink (path);
  g_assert_no_errno (bind (fd, (struct sockaddr *) &addr, sizeof addr));
  g_assert_no_errno (chmod (path, 0600));
  g_assert_no_errno (listen (fd, 8));
  return fd;
}

static gboolean
accepted_one (int fd)
{
  int c = accept4 (fd, NULL, NULL, SOCK_CLOEXEC);

  if (c >= 0)
    close (c);
  return c >= 0;
}

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static SoupSession *
open_session (TcguiRuntimeSocket  *socket,
              GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tcgui_runtime_socket_open_async (socket, 5, NULL, opened_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return tcgui_runtime_socket_open_finish (socket, result, error);
}

/* No thread of this process is left with another fsuid (Uid: r e s fs). */
static void
assert_all_threads_fsuid_0 (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;

  g_assert_nonnull (dir);
  while ((tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/status", tid);
      g_autofree char *text = NULL;
      guint r, e, s, fs;
      const char *uid;

      if (!g_file_get_contents (path, &text, NULL, NULL))
        continue;   /* The thread ended meanwhile. */
      uid = strstr (text, "\nUid:");
      g_assert_nonnull (uid);
      g_assert_cmpint (sscanf (uid, "\nUid: %u %u %u %u", &r, &e, &s, &fs), ==, 4);
      g_assert_cmpuint (fs, ==, 0);
    }
}

/* libsoup, left to itself, connects from the thread that sends: the
 * connectable refuses to give a user's address to a thread that does not
 * hold that user's fsuid, so root never connects on its own. */
static void
test_main_thread_refused (void)
{
  g_autoptr(TcguiRuntimeSocket) socket = tcgui_runtime_socket_new (sock_path, test_uid);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("remote-connectable", socket, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", "http://localhost/_ping");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  int fd = listen_at (sock_path);

  g_assert_no_errno (lchown (sock_path, test_uid, test_uid));
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_null (body);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "file permissions of uid"));
  g_assert_false (accepted_one (fd));
  close (fd);
  g_unlink (sock_path);
}

/* podman.sock -> a root-only socket, podman -> a root directory. */
static void
test_symlinks_refused (void)
{
  g_autoptr(TcguiRuntimeSocket) socket = tcgui_runtime_socket_new (sock_path, test_uid);
  g_autofree char *moved = g_strconcat (podman_dir, ".real", NULL);
  int fd = listen_at (root_sock);
  const char *cases[][2] = { { root_sock, sock_path }, { root_dir, podman_dir } };

  g_assert_no_errno (rename (podman_dir, moved));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SoupSession) session = NULL;

      g_test_message ("%s -> %s", cases[i][1], cases[i][0]);
      if (i == 0)
        g_assert_no_errno (rename (moved, podman_dir));
      g_assert_no_errno (symlink (cases[i][0], cases[i][1]));
      g_assert_no_errno (lchown (cases[i][1], test_uid, test_uid));
      session = open_session (socket, &error);
      g_assert_null (session);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      g_assert_false (accepted_one (fd));
      g_assert_no_errno (g_unlink (cases[i][1]));
      if (i == 0)
        g_assert_no_errno (rename (podman_dir, moved));
    }
  g_assert_no_errno (rename (moved, podman_dir));
  close (fd);
  assert_all_threads_fsuid_0 ();
}

/* The user's own socket, served by root: the user's fsuid may connect, but
 * only a daemon running as the user is believed (SO_PEERCRED). */
static void
test_wrong_peer_refused (void)
{
  g_autoptr(TcguiRuntimeSocket) socket = tcgui_runtime_socket_new (sock_path, test_uid);
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) error = NULL;
  int fd = listen_at (sock_path);

  g_assert_no_errno (lchown (sock_path, test_uid, test_uid));
  session = open_session (socket, &error);
  g_assert_null (session);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "is not served by uid"));
  g_assert_true (accepted_one (fd));   /* It was the user's to reach. */
  close (fd);
  g_unlink (sock_path);
  assert_all_threads_fsuid_0 ();
}

/* A socket the user owns in a directory of another user's. */
static void
test_foreign_directory_refused (void)
{
  g_autoptr(TcguiRuntimeSocket) socket = tcgui_runtime_socket_new (sock_path, test_uid);
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) error = NULL;
  int fd = listen_at (sock_path);

  g_assert_no_errno (lchown (sock_path, test_uid, test_uid));
  g_assert_no_errno (lchown (podman_dir, 0, 0));
  session = open_session (socket, &error);
  g_assert_null (session);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_false (accepted_one (fd));
  g_assert_no_errno (lchown (podman_dir, test_uid, test_uid));
  close (fd);
  g_unlink (sock_path);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      struct stat st;

      if (lstat (path, &st) == 0 && S_ISDIR (st.st_mode))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  if (getuid () != 0)
    {
      /* Outside a test g_test_skip() would make an empty run that passes. */
      g_print ("SKIP: needs root (makes /run/user/UID for another uid)\n");
      return 77;
    }

  /* An unused uid: no /run/user directory, no process, no passwd entry needed. */
  test_uid = 3000000 + (getpid () % 100000);
  user_dir = g_strdup_printf ("/run/user/%u", test_uid);
  podman_dir = g_strconcat (user_dir, "/podman", NULL);
  sock_path = g_strconcat (podman_dir, "/podman.sock", NULL);
  root_dir = g_strdup_printf ("/run/tcgui-test-runtime-socket.%d", getpid ());
  root_sock = g_strconcat (root_dir, "/podman.sock", NULL);
  g_mkdir_with_parents ("/run/user", 0755);
  g_assert_no_errno (g_mkdir (user_dir, 0700));
  g_assert_no_errno (g_mkdir (podman_dir, 0700));
  g_assert_no_errno (chown (user_dir, test_uid, test_uid));
  g_assert_no_errno (chown (podman_dir, test_uid, test_uid));
  g_assert_no_errno (g_mkdir (root_dir, 0755));

  g_test_add_func ("/runtime-socket/main-thread-refused", test_main_thread_refused);
  g_test_add_func ("/runtime-socket/symlinks-refused", test_symlinks_refused);
  g_test_add_func ("/runtime-socket/wrong-peer-refused", test_wrong_peer_refused);
  g_test_add_func ("/runtime-socket/foreign-directory-refused", test_foreign_directory_refused);
  status = g_test_run ();

  remove_tree (user_dir);
  remove_tree (root_dir);
  g_free (user_dir);
  g_free (podman_dir);
  g_free (sock_path);
  g_free (root_dir);
  g_free (root_sock);
  return status;
}
