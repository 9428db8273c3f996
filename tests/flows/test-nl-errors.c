/* test-nl-errors.c - what a failed tc request means (helper/tcgui-nl.c
 * tcgui_nl_set_request_error()), against the kernel in a namespace of
 * the test's own (unshare: nothing outside it is touched)
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include "tcgui-error.h"
#include "tcgui-nl.h"

static TcguiNl *nl;

/* A class under an htb that is not there (a concurrent replace took it):
 * Kernel, saying the tree changed, not "load sch_htb". */
static void
test_missing_parent (void)
{
  g_autoptr(GError) error = NULL;

  if (!tcgui_nl_get_kernel_caps ()->htb)
    {
      g_test_skip ("the kernel has no htb");
      return;
    }
  g_assert_false (tcgui_nl_put_htb_class (nl, 1, 0x7cc00001u, 1000000, &error));
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_KERNEL);
  g_assert_nonnull (strstr (error->message, "changed meanwhile"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int fd;

  g_test_init (&argc, &argv, NULL);
  /* Probed before the unshare, as the helper does at start. */
  tcgui_nl_get_kernel_caps ();
  if (getuid () != 0 || unshare (CLONE_NEWNET) < 0)
    {
      g_test_skip ("needs root (a network namespace of its own)");
      return g_test_run ();
    }
  fd = open ("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  nl = tcgui_nl_new_in (fd, &error);
  g_assert_no_error (error);
  close (fd);

  g_test_add_func ("/nl-errors/missing-parent", test_missing_parent);

  fd = g_test_run ();
  tcgui_nl_free (nl);
  return fd;
}
