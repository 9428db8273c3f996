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

/* A batch's reply goes to its caller first, then every interface it
 * named is announced as changed, once. */
typedef struct
{
  GPtrArray           *targets;   /* "NAMESPACE\nIFNAME", distinct, in order */
  GAsyncReadyCallback  callback;
  gpointer             user_data;
} BatchChange;

static void
batch_change_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  BatchChange *change = data;

  if (change->callback != NULL)
    change->callback (object, result, change->user_data);
  for (guint i = 0; i < change->targets->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (change->targets, i), "\n", 2);

      tcgui_helper_client_shaping_changed (TCGUI_HELPER_CLIENT (object), parts[0], parts[1]);
    }
  g_ptr_array_unref (change->targets);
  g_free (change);
}

static GPtrArray *
batch_targets (GVariant *items)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *targets = g_ptr_array_new_with_free_func (g_free);
  GVariantIter iter;
  const char *namespace_id, *ifname;

  g_variant_iter_init (&iter, items);
  while (g_variant_iter_next (&iter, "(&s&s&s@a{sv}u)", &namespace_id, &ifname, NULL, NULL, NULL))
    {
      char *target = g_strconcat (namespace_id, "\n", ifname, NULL);

      if (g_hash_table_add (seen, target))
        g_ptr_array_add (targets, target);
      else
        g_free (target);
    }
  return targets;
}

/**
 * tcgui_shaping_client_set_shaping_batch_async:
 * @items: an a(sssa{sv}u) of SetShapingBatch (floating references are
 *   taken); the caller validates the parameters first
 *
 * One SetShapingBatch call: check GetCapabilities' "batch" before.
 */
void
tcgui_shaping_client_set_shaping_batch_async (TcguiHelperClient   *client,
                                              GVariant            *items,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  BatchChange *change;

  g_return_if_fail (TCGUI_IS_HELPER_CLIENT (client));
  g_return_if_fail (g_variant_is_of_type (items, G_VARIANT_TYPE ("a(sssa{sv}u)")));

  change = g_new0 (BatchChange, 1);
  change->targets = batch_targets (items);
  change->callback = callback;
  change->user_data = user_data;
  tcgui_helper_client_call_async (client, "SetShapingBatch", g_variant_new ("(@a(sssa{sv}u))", items),
                                  tcgui_shaping_client_set_shaping_batch_async, cancellable,
                                  batch_change_cb, change);
}

/**
 * tcgui_shaping_client_set_shaping_batch_finish:
 *
 * Returns: (transfer full): the a(ss) results, one per item in order
 *   (("", "") for success), or %NULL when the call as a whole failed
 */
GVariant *
tcgui_shaping_client_set_shaping_batch_finish (TcguiHelperClient  *client,
                                               GAsyncResult       *result,
                                               GError            **error)
{
  return tcgui_helper_client_call_finish (client, result,
                                          tcgui_shaping_client_set_shaping_batch_async,
                                          "(a(ss))", error);
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
