/* tcguictl-bus.c - calls to the helper, and a terminal polkit agent
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same generated proxy as the app (common/), on the system bus
 * (DBUS_SYSTEM_BUS_ADDRESS when set: tests use a private one). Calls allow
 * interactive authorization unless --no-ask; then, as systemctl does,
 * pkttyagent is started for this process so that polkit can ask for a
 * password on the terminal.
 */

#define G_LOG_DOMAIN "tcguictl"

#include "config.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tcgui-error.h"
#include "tcguictl.h"

/* A call may wait for a password: no D-Bus timeout then. */
#define INTERACTIVE_TIMEOUT_MS G_MAXINT

/* Waits until pkttyagent closes its notify fd: it is registered then. */
static void
agent_start (TcguictlContext *ctx)
{
  g_autofree char *path = g_find_program_in_path ("pkttyagent");
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
  g_autofree char *fd_text = NULL;
  int fds[2];
  char buf[16];

  if (path == NULL || !isatty (STDIN_FILENO) || pipe (fds) < 0)
    return;
  fd_text = g_strdup_printf ("%d", fds[1]);
  {
    const char *argv[] = { path, "--notify-fd", fd_text, "--fallback", "--process", pid, NULL };
    GSpawnFlags flags = G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_CHILD_INHERITS_STDIN;
    int keep[] = { fds[1] };

    if (!g_spawn_async_with_pipes_and_fds (NULL, argv, NULL, flags, NULL, NULL, -1, -1, -1,
                                           keep, keep, 1, &ctx->agent_pid,
                                           NULL, NULL, NULL, NULL))
      ctx->agent_pid = 0;
  }
  close (fds[1]);
  while (ctx->agent_pid != 0 && read (fds[0], buf, sizeof buf) > 0)
    ;
  close (fds[0]);
}

static gboolean
ensure_proxy (TcguictlContext  *ctx,
              GError          **error)
{
  if (ctx->proxy != NULL)
    return TRUE;
  ctx->proxy = tcgui_helper1_proxy_new_for_bus_sync (G_BUS_TYPE_SYSTEM,
                                                     G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                                                     HELPER_BUS_NAME, HELPER_OBJECT_PATH,
                                                     NULL, error);
  if (ctx->proxy == NULL)
    return FALSE;
  if (!ctx->no_ask)
    agent_start (ctx);
  return TRUE;
}

/**
 * tcguictl_call:
 * @parameters: (nullable) (transfer floating): the arguments
 * @reply_type: the reply's type, e.g. "(a{sv})"
 *
 * Returns: (transfer full): the reply, or %NULL with the helper's
 *   TCGUI_ERROR (its D-Bus prefix stripped by the caller's printing)
 */
GVariant *
tcguictl_call (TcguictlContext  *ctx,
               const char       *method,
               GVariant         *parameters,
               const char       *reply_type,
               GError          **error)
{
  GDBusCallFlags flags = ctx->no_ask ? G_DBUS_CALL_FLAGS_NONE
                                     : G_DBUS_CALL_FLAGS_ALLOW_INTERACTIVE_AUTHORIZATION;
  GVariant *reply;

  if (!ensure_proxy (ctx, error))
    {
      if (parameters != NULL)
        g_variant_unref (g_variant_ref_sink (parameters));
      return NULL;
    }
  reply = g_dbus_connection_call_sync (g_dbus_proxy_get_connection (G_DBUS_PROXY (ctx->proxy)),
                                       HELPER_BUS_NAME, HELPER_OBJECT_PATH,
                                       "io.github.tcgui.Helper1", method, parameters,
                                       G_VARIANT_TYPE (reply_type), flags,
                                       ctx->no_ask ? -1 : INTERACTIVE_TIMEOUT_MS, NULL, error);
  return reply;
}

void
tcguictl_bus_close (TcguictlContext *ctx)
{
  if (ctx->agent_pid != 0)
    {
      kill (ctx->agent_pid, SIGTERM);
      waitpid (ctx->agent_pid, NULL, 0);
      g_spawn_close_pid (ctx->agent_pid);
      ctx->agent_pid = 0;
    }
  g_clear_object (&ctx->proxy);
}
