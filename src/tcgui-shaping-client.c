/* tcgui-shaping-client.c - the helper's shaping methods, asynchronously
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Thin wrappers: the helper client makes the call (interactive
 * authorization, typed errors, its state); these build the arguments from
 * the shared parameter model and check the replies' types.
 */

#define G_LOG_DOMAIN "tcgui-shaping-client"

#include "config.h"

#include "tcgui-helper-client-private.h"
#include "tcgui-shaping-client.h"

/* A change's reply goes to its caller first, then the helper client tells
 * the views of what is shaped (TcguiHelperClient::shaping-changed): the
 * same result object, so the _finish functions stay as they are. */
typedef struct
{
  char                *namespace_id;    /* NULL for ResetAll: anything */
  char                *ifname;
  GAsyncReadyCallback  callback;
  gpointer             user_data;
} Change;

static void
change_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  Change *change = data;

  if (change->callback != NULL)
    change->callback (object, result, change->user_data);
  tcgui_helper_client_shaping_changed (TCGUI_HELPER_CLIENT (object), change->namespace_id,
                                       change->ifname);
  g_free (change->namespace_id);
  g_free (change->ifname);
  g_free (change);
}

static Change *
change_new (const char          *namespace_id,
            const char          *ifname,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  Change *change = g_new0 (Change, 1);

  change->namespace_id = g_strdup (namespace_id);
  change->ifname = g_strdup (ifname);
  change->callback = callback;
  change->user_data = user_data;
  return change;
}

void
tcgui_shaping_client_get_shaping_async (TcguiHelperClient   *client,
                                        const char          *namespace_id,
                                        const char          *ifname,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (TCGUI_IS_HELPER_CLIENT (client));

  tcgui_helper_client_call_async (client, "GetShaping",
                                  g_variant_new ("(ss)", namespace_id, ifname),
                                  tcgui_shaping_client_get_shaping_async,
                                  cancellable, callback, user_data);
}

/**
 * tcgui_shaping_client_get_shaping_finish:
 *
 * Returns: (transfer full): the a{sv} state of GetShaping, or %NULL
 */
GVariant *
tcgui_shaping_client_get_shaping_finish (TcguiHelperClient  *client,
                                         GAsyncResult       *result,
                                         GError            **error)
{
  return tcgui_helper_client_call_finish (client, result,
                                          tcgui_shaping_client_get_shaping_async,
                                          "(a{sv})", error);
}

/* @params is sent as it is: the caller validates it first, so that a
 * mistake is explained before anything reaches the helper. */
void
tcgui_shaping_client_set_shaping_async (TcguiHelperClient   *client,
                                        const char          *namespace_id,
                                        const char          *ifname,
                                        const char          *direction,
                                        const TcguiParams   *params,
                                        TcguiShapingFlags    flags,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (params != NULL);

  tcgui_shaping_client_set_shaping_dict_async (client, namespace_id, ifname, direction,
                                               tcgui_params_to_variant (params), flags,
                                               cancellable, callback, user_data);
}

/**
 * tcgui_shaping_client_set_shaping_dict_async:
 * @dict: (transfer floating): SetShaping's parameters as they go on the
 *   wire, e.g. with "flows" (tcgui_flows_build_params())
 *
 * As tcgui_shaping_client_set_shaping_async(); finish with
 * tcgui_shaping_client_set_shaping_finish().
 */
void
tcgui_shaping_client_set_shaping_dict_async (TcguiHelperClient   *client,
                                             const char          *namespace_id,
                                             const char          *ifname,
                                             const char          *direction,
                                             GVariant            *dict,
                                             TcguiShapingFlags    flags,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_return_if_fail (TCGUI_IS_HELPER_CLIENT (client));
  g_return_if_fail (dict != NULL);

  tcgui_helper_client_call_async (client, "SetShaping",
                                  g_variant_new ("(sss@a{sv}u)", namespace_id, ifname,
                                                 direction, dict, (guint32) flags),
                                  tcgui_shaping_client_set_shaping_async, cancellable,
                                  change_cb, change_new (namespace_id, ifname, callback,
                                                         user_data));
}

/* Replies without values come back as "()": the helper client unpacks a
 * tuple's single value, so these check for the empty tuple themselves. */
static gboolean
finish_empty (TcguiHelperClient  *client,
              GAsyncResult       *result,
              gpointer            source_tag,
              GError            **error)
{
  g_autoptr(GVariant) reply = NULL;

  g_return_val_if_fail (g_task_is_valid (result, client), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  reply = g_task_propagate_pointer (G_TASK (result), error);
  return reply != NULL;
}

gboolean
tcgui_shaping_client_set_shaping_finish (TcguiHelperClient  *client,
                                         GAsyncResult       *result,
                                         GError            **error)
{
  return finish_empty (client, result, tcgui_shaping_client_set_shaping_async, error);
}

void
tcgui_shaping_client_clear_shaping_async (TcguiHelperClient   *client,
                                          const char          *namespace_id,
                                          const char          *ifname,
                                          const char          *direction,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (TCGUI_IS_HELPER_CLIENT (client));

  tcgui_helper_client_call_async (client, "ClearShaping",
                                  g_variant_new ("(sss)", namespace_id, ifname, direction),
                                  tcgui_shaping_client_clear_shaping_async, cancellable,
                                  change_cb, change_new (namespace_id, ifname, callback,
                                                         user_data));
}

gboolean
tcgui_shaping_client_clear_shaping_finish (TcguiHelperClient  *client,
                                           GAsyncResult       *result,
                                           GError            **error)
{
  return finish_empty (client, result, tcgui_shaping_client_clear_shaping_async, error);
}

void
tcgui_shaping_client_reset_all_async (TcguiHelperClient   *client,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (TCGUI_IS_HELPER_CLIENT (client));

  tcgui_helper_client_call_async (client, "ResetAll", NULL,
                                  tcgui_shaping_client_reset_all_async, cancellable,
                                  change_cb, change_new (NULL, NULL, callback, user_data));
}

gboolean
tcgui_shaping_client_reset_all_finish (TcguiHelperClient  *client,
                                       GAsyncResult       *result,
                                       guint              *cleared,
                                       GError            **error)
{
  g_autoptr(GVariant) value = NULL;

  value = tcgui_helper_client_call_finish (client, result,
                                           tcgui_shaping_client_reset_all_async,
                                           "(u)", error);
  if (value == NULL)
    return FALSE;
  if (cleared != NULL)
    *cleared = g_variant_get_uint32 (value);
  return TRUE;
}
