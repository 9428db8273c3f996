/* tcgui-shaping-batch.c - one preset (or clearing) for several interfaces
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A container's Presets menu applies to all its interfaces. When the
 * helper offers SetShapingBatch (GetCapabilities "batch"), that is one
 * call: per interface an outgoing and an incoming item, or one "both"
 * item with {} to clear; the helper answers each item, and an interface
 * is done when all its items are. Otherwise (an older helper, more than
 * 1024 items, or a batch of this user's already running: Busy) the calls
 * go one after the other (never two at once, like an editor's): for each
 * interface SetShaping outgoing then incoming, or one ClearShaping "both",
 * and a failure ends that interface's turn. Either way a failure is not
 * the batch's end: the result counts the interfaces done and names each
 * failure, interfaces that failed alike together ("eth1, eth2: …; eth3:
 * …"). A profile of an image (tcgui_shaping_batch_apply_each_async())
 * gives each interface its own parameters, the same way.
 */

#define G_LOG_DOMAIN "tcgui-shaping-batch"

#include "config.h"

#include "tcgui-direction.h"
#include "tcgui-error.h"
#include "tcgui-param-errors.h"
#include "tcgui-shaping-batch.h"
#include "tcgui-shaping-client.h"

/* SetShapingBatch's most items (io.github.tcgui.Helper1.xml). */
#define TCGUI_BATCH_MAX_ITEMS 1024

typedef struct
{
  char        *namespace_id;
  GStrv        ifnames;
  gboolean     clear;          /* no preset: ClearShaping */
  TcguiParams  params[2];      /* outgoing, incoming */
  TcguiParams *each;           /* or 2 per interface (a profile) */
  guint        next_if;
  guint        next_dir;
  guint        n_done;
  GPtrArray   *messages;       /* the distinct failures, in order */
  GHashTable  *names;          /* message → GString "eth1, eth2" */
} Batch;

static void
batch_free (gpointer data)
{
  Batch *batch = data;

  g_free (batch->namespace_id);
  g_strfreev (batch->ifnames);
  g_free (batch->each);
  g_ptr_array_unref (batch->messages);
  g_hash_table_unref (batch->names);
  g_free (batch);
}

static void next_call (GTask *task);

/* The same refusal for every interface (no netem) is said once. */
static void
add_failure (Batch      *batch,
             const char *ifname,
             const char *message)
{
  GString *names = g_hash_table_lookup (batch->names, message);

  if (names != NULL)
    {
      g_string_append_printf (names, ", %s", ifname);
      return;
    }
  names = g_string_new (ifname);
  g_ptr_array_add (batch->messages, g_strdup (message));
  g_hash_table_insert (batch->names, g_strdup (message), names);
}

static char *
join_failures (Batch *batch)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < batch->messages->len; i++)
    {
      const char *message = g_ptr_array_index (batch->messages, i);
      GString *names = g_hash_table_lookup (batch->names, message);

      g_string_append_printf (out, "%s%s: %s", i > 0 ? "; " : "", names->str, message);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
free_names (gpointer data)
{
  g_string_free (data, TRUE);
}

/* After each call: the next direction, or the next interface. */
static void
call_done (GTask        *task,
           gboolean      ok,
           const GError *error)
{
  Batch *batch = g_task_get_task_data (task);
  const char *ifname = batch->ifnames[batch->next_if];

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_error_copy (error));
      return;
    }
  if (!ok)
    {
      g_autofree char *message = tcgui_user_error_message (error);

      add_failure (batch, ifname, message);
    }
  if (ok && !batch->clear && batch->next_dir == 0)
    batch->next_dir = 1;
  else
    {
      batch->n_done += ok;
      batch->next_if++;
      batch->next_dir = 0;
    }
  next_call (task);
}

static void
set_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = tcgui_shaping_client_set_shaping_finish (TCGUI_HELPER_CLIENT (object), result,
                                                         &error);

  call_done (task, ok, error);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = tcgui_shaping_client_clear_shaping_finish (TCGUI_HELPER_CLIENT (object), result,
                                                           &error);

  call_done (task, ok, error);
}

static void
next_call (GTask *task)
{
  Batch *batch = g_task_get_task_data (task);
  TcguiHelperClient *client = g_task_get_source_object (task);
  const char *ifname = batch->ifnames[batch->next_if];
  const TcguiParams *params = batch->each != NULL ? &batch->each[2 * batch->next_if]
                                                  : batch->params;
  const char *both = tcgui_direction_to_string (TCGUI_DIRECTION_BOTH);
  TcguiDirection dir = tcgui_directions[batch->next_dir];

  if (ifname == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (batch->clear)
    tcgui_shaping_client_clear_shaping_async (client, batch->namespace_id, ifname, both,
                                              g_task_get_cancellable (task), clear_cb,
                                              g_object_ref (task));
  else
    tcgui_shaping_client_set_shaping_async (client, batch->namespace_id, ifname,
                                            tcgui_direction_to_string (dir),
                                            &params[batch->next_dir],
                                            TCGUI_SHAPING_FLAGS_NONE,
                                            g_task_get_cancellable (task), set_cb,
                                            g_object_ref (task));
}

static guint
items_per_interface (Batch *batch)
{
  return batch->clear ? 1 : TCGUI_N_DIRECTIONS;
}

static GVariant *
batch_items (Batch *batch)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a(sssa{sv}u)"));

  for (guint i = 0; batch->ifnames[i] != NULL; i++)
    {
      const TcguiParams *params = batch->each != NULL ? &batch->each[2 * i] : batch->params;
      g_auto(GVariantDict) empty = G_VARIANT_DICT_INIT (NULL);

      if (batch->clear)
        g_variant_builder_add (&b, "(sss@a{sv}u)", batch->namespace_id, batch->ifnames[i],
                               tcgui_direction_to_string (TCGUI_DIRECTION_BOTH),
                               g_variant_dict_end (&empty), (guint32) TCGUI_SHAPING_FLAGS_NONE);
      else
        for (guint d = 0; d < TCGUI_N_DIRECTIONS; d++)
          g_variant_builder_add (&b, "(sss@a{sv}u)", batch->namespace_id, batch->ifnames[i],
                                 tcgui_direction_to_string (tcgui_directions[d]),
                                 tcgui_params_to_variant (&params[d]),
                                 (guint32) TCGUI_SHAPING_FLAGS_NONE);
    }
  return g_variant_builder_end (&b);
}

/* An interface is done when each of its items is; its first failure is
 * what is said of it. */
static void
take_results (Batch    *batch,
              GVariant *results)
{
  guint per = items_per_interface (batch);

  for (guint i = 0; batch->ifnames[i] != NULL; i++)
    {
      const char *failure = NULL;

      for (guint k = 0; k < per && failure == NULL; k++)
        {
          const char *name, *message;

          if (i * per + k >= g_variant_n_children (results))
            failure = "no result";   /* not from this helper: the count is one per item */
          else
            {
              g_variant_get_child (results, i * per + k, "(&s&s)", &name, &message);
              failure = name[0] != '\0' ? message : NULL;
            }
        }
      if (failure != NULL)
        add_failure (batch, batch->ifnames[i], failure);
      else
        batch->n_done++;
    }
}

static void
set_batch_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Batch *batch = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) results = NULL;

  results = tcgui_shaping_client_set_shaping_batch_finish (TCGUI_HELPER_CLIENT (object), result,
                                                           &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Another batch of this user's is running (a profile applied meanwhile):
   * one call at a time then, as before the helper had batches. */
  if (g_error_matches (error, TCGUI_ERROR, TCGUI_ERROR_BUSY))
    {
      next_call (task);
      return;
    }
  if (results != NULL)
    take_results (batch, results);
  else
    for (guint i = 0; batch->ifnames[i] != NULL; i++)
      add_failure (batch, batch->ifnames[i], error->message);
  g_task_return_boolean (task, TRUE);
}

static void
capabilities_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Batch *batch = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) caps = NULL;
  gboolean has_batch = FALSE;
  guint n_items = g_strv_length (batch->ifnames) * items_per_interface (batch);

  caps = tcgui_helper_client_get_capabilities_finish (TCGUI_HELPER_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (caps != NULL && !g_variant_lookup (caps, "batch", "b", &has_batch))
    has_batch = FALSE;
  if (!has_batch || n_items == 0 || n_items > TCGUI_BATCH_MAX_ITEMS)
    {
      next_call (task);
      return;
    }
  tcgui_shaping_client_set_shaping_batch_async (TCGUI_HELPER_CLIENT (object), batch_items (batch),
                                                g_task_get_cancellable (task), set_batch_cb,
                                                g_object_ref (task));
}

/* One SetShapingBatch when the helper has it, else one call at a time. */
static void
batch_start (GTask *task)
{
  tcgui_helper_client_get_capabilities_async (g_task_get_source_object (task),
                                              g_task_get_cancellable (task), capabilities_cb,
                                              g_object_ref (task));
}

static Batch *
batch_new (const char         *namespace_id,
           const char * const *ifnames)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->namespace_id = g_strdup (namespace_id);
  batch->ifnames = g_strdupv ((char **) ifnames);
  batch->messages = g_ptr_array_new_with_free_func (g_free);
  batch->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_names);
  return batch;
}

/**
 * tcgui_shaping_batch_apply_async:
 * @preset: (nullable): what to apply; %NULL clears the interfaces' shaping
 *
 * Applies @preset to each of @ifnames in @namespace_id: one
 * SetShapingBatch, or one call at a time (see the top). A foreign qdisc is
 * never replaced (no FORCE): that interface fails.
 */
void
tcgui_shaping_batch_apply_async (TcguiHelperClient   *client,
                                 const char          *namespace_id,
                                 const char * const  *ifnames,
                                 const TcguiPreset   *preset,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Batch *batch;

  g_return_if_fail (TCGUI_IS_HELPER_CLIENT (client));
  g_return_if_fail (namespace_id != NULL && ifnames != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, tcgui_shaping_batch_apply_async);
  batch = batch_new (namespace_id, ifnames);
  batch->clear = preset == NULL;
  if (preset != NULL)
    tcgui_preset_to_params (preset, &batch->params[0], &batch->params[1]);
  g_task_set_task_data (task, batch, batch_free);
  batch_start (task);
}

/**
 * tcgui_shaping_batch_apply_each_async:
 * @interfaces: (element-type TcguiProfileInterface): the interfaces by
 *   name, each with its two directions
 *
 * Sets each interface's own parameters in @namespace_id, in one batch as
 * tcgui_shaping_batch_apply_async() does; an interface that is not there
 * fails (NoSuchInterface), the others go on. Finish with tcgui_shaping_batch_apply_finish().
 */
void
tcgui_shaping_batch_apply_each_async (TcguiHelperClient   *client,
                                      const char          *namespace_id,
                                      GPtrArray           *interfaces,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ifnames = NULL;
  Batch *batch;

  g_return_if_fail (TCGUI_IS_HELPER_CLIENT (client));
  g_return_if_fail (namespace_id != NULL && interfaces != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  /* The same tag as a preset's: one _finish for both. */
  g_task_set_source_tag (task, tcgui_shaping_batch_apply_async);
  for (guint i = 0; i < interfaces->len; i++)
    {
      TcguiProfileInterface *itf = g_ptr_array_index (interfaces, i);

      g_strv_builder_add (builder, itf->ifname);
    }
  ifnames = g_strv_builder_end (builder);
  batch = batch_new (namespace_id, (const char * const *) ifnames);
  batch->each = g_new0 (TcguiParams, 2 * interfaces->len);
  for (guint i = 0; i < interfaces->len; i++)
    {
      TcguiProfileInterface *itf = g_ptr_array_index (interfaces, i);

      batch->each[2 * i] = itf->outgoing;
      batch->each[2 * i + 1] = itf->incoming;
    }
  g_task_set_task_data (task, batch, batch_free);
  batch_start (task);
}

/**
 * tcgui_shaping_batch_apply_finish:
 * @n_done: (out): the interfaces that were changed completely
 * @n_total: (out): the interfaces asked for
 * @failures: (out) (transfer full): "IFNAME[, IFNAME…]: message" per
 *   distinct failure, "; "-separated; empty when none failed
 *
 * Returns: %FALSE only when cancelled
 */
gboolean
tcgui_shaping_batch_apply_finish (TcguiHelperClient  *client,
                                  GAsyncResult       *result,
                                  guint              *n_done,
                                  guint              *n_total,
                                  char              **failures,
                                  GError            **error)
{
  Batch *batch;

  g_return_val_if_fail (g_task_is_valid (result, client), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        tcgui_shaping_batch_apply_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  batch = g_task_get_task_data (G_TASK (result));
  *n_done = batch->n_done;
  *n_total = g_strv_length (batch->ifnames);
  *failures = join_failures (batch);
  return TRUE;
}
