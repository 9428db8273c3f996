/* tcgui-matrix.c - a network's latency matrix: the model and applying it
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The running containers of one network, each a row (the sender) and a
 * column (the receiver). A cell is the link from its row to its column:
 * the row's interface on the network gets one outgoing flow per non-empty
 * cell, matching the column's container as a "peer" (issue 13's flows;
 * a read-back that names it by its address on the network is recognised
 * too), and no default shaping. Applying the matrix is one SetShapingBatch when
 * the helper has it (GetCapabilities "batch"), else one call per row in
 * turn; clearing removes each row's outgoing shaping the same way. A row
 * that fails does not stop the others: each row's error is kept.
 */

#define G_LOG_DOMAIN "tcgui-matrix"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-flow-item.h"
#include "tcgui-helper-client-private.h"
#include "tcgui-matrix.h"

static void
member_free (gpointer data)
{
  TcguiMatrixMember *m = data;

  g_free (m->key);
  g_free (m->name);
  g_free (m->namespace_id);
  g_free (m->ifname);
  g_free (m->address);
  g_free (m->error);
  g_free (m);
}

static int
compare_members (gconstpointer a,
                 gconstpointer b)
{
  const TcguiMatrixMember *x = *(TcguiMatrixMember **) a, *y = *(TcguiMatrixMember **) b;

  return g_utf8_collate (x->name, y->name);
}

/* The container's address on @network_name, if it has one. */
static const char *
address_on (TcguiContainer *c,
            const char     *network_name)
{
  GPtrArray *attachments = tcgui_container_get_attachments (c);

  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    {
      TcguiAttachment *a = attachments->pdata[i];

      if (g_strcmp0 (a->network, network_name) == 0 && a->ip != NULL && *a->ip != '\0')
        return a->ip;
    }
  return NULL;
}

/* The container's interface on @network_name, if it has one. */
static const char *
interface_on (TcguiContainer *c,
              const char     *network_name)
{
  GPtrArray *interfaces = tcgui_container_get_interfaces (c);

  for (guint i = 0; interfaces != NULL && i < interfaces->len; i++)
    {
      TcguiContainerInterface *iface = interfaces->pdata[i];

      if (g_strcmp0 (iface->network, network_name) == 0)
        return iface->name;
    }
  return NULL;
}

static TcguiMatrixMember *
member_new (TcguiContainer *c,
            const char     *network_name)
{
  const char *ifname = interface_on (c, network_name);
  const char *address = address_on (c, network_name);
  TcguiMatrixMember *m;

  if (!tcgui_container_is_running (c) || ifname == NULL || address == NULL ||
      tcgui_container_get_namespace_id (c) == NULL)
    return NULL;
  m = g_new0 (TcguiMatrixMember, 1);
  m->key = g_strdup (tcgui_container_get_key (c));
  m->name = g_strdup (tcgui_container_get_name (c));
  m->namespace_id = g_strdup (tcgui_container_get_namespace_id (c));
  m->ifname = g_strdup (ifname);
  m->address = g_strdup (address);
  return m;
}

/**
 * tcgui_matrix_new_for_network:
 *
 * Returns: (transfer full) (nullable): the running containers of the
 *   network, every cell empty; %NULL if the inventory has no such network
 */
TcguiMatrix *
tcgui_matrix_new_for_network (TcguiInventory *inventory,
                              const char     *network_key)
{
  TcguiNetwork *network = tcgui_inventory_lookup_network (inventory, network_key);
  g_autoptr(GPtrArray) containers = NULL;
  TcguiMatrix *matrix;
  guint n;

  if (network == NULL)
    return NULL;
  matrix = g_new0 (TcguiMatrix, 1);
  matrix->network_key = g_strdup (network_key);
  matrix->network_name = g_strdup (tcgui_network_get_name (network));
  matrix->members = g_ptr_array_new_with_free_func (member_free);
  containers = tcgui_inventory_dup_containers (inventory);
  for (guint i = 0; i < containers->len; i++)
    {
      TcguiMatrixMember *m = member_new (containers->pdata[i], matrix->network_name);

      if (m != NULL)
        g_ptr_array_add (matrix->members, m);
    }
  g_ptr_array_sort (matrix->members, compare_members);
  n = matrix->members->len;
  matrix->cells = g_new0 (TcguiMatrixCell, MAX (n * n, 1));
  return matrix;
}

void
tcgui_matrix_free (TcguiMatrix *matrix)
{
  if (matrix == NULL)
    return;
  g_free (matrix->network_key);
  g_free (matrix->network_name);
  g_ptr_array_unref (matrix->members);
  g_free (matrix->cells);
  g_free (matrix);
}

guint
tcgui_matrix_size (const TcguiMatrix *matrix)
{
  return matrix->members->len;
}

TcguiMatrixCell *
tcgui_matrix_cell (TcguiMatrix *matrix,
                   guint        from,
                   guint        to)
{
  guint n = tcgui_matrix_size (matrix);

  g_return_val_if_fail (from < n && to < n, NULL);
  return &matrix->cells[from * n + to];
}

gboolean
tcgui_matrix_cell_is_empty (const TcguiMatrixCell *cell)
{
  return !cell->partition && cell->delay_us == 0 && cell->loss == 0 && cell->rate_bps == 0;
}

/* "20 ms · 2 % · 1 Mbit/s", "partitioned", or "—" for an empty cell. */
char *
tcgui_matrix_cell_describe (const TcguiMatrixCell *cell)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (cell->partition)
    /* Translators: a matrix cell: no traffic gets through this link */
    return g_strdup (_("partitioned"));
  if (cell->delay_us != 0)
    g_string_append_printf (text, _("%g ms"), cell->delay_us / 1000.0);
  if (cell->loss != 0)
    g_string_append_printf (text, "%s%g %%", text->len ? " · " : "", cell->loss);
  if (cell->rate_bps != 0)
    g_string_append_printf (text, _("%s%g Mbit/s"), text->len ? " · " : "",
                            cell->rate_bps / 1e6);
  if (text->len == 0)
    return g_strdup ("—");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * tcgui_matrix_row_params:
 *
 * Returns: (transfer floating) (nullable): SetShaping's outgoing
 *   parameters of the row's interface: a flow per non-empty cell, no
 *   default; %NULL when the row has none (its shaping is cleared)
 */
GVariant *
tcgui_matrix_row_params (TcguiMatrix *matrix,
                         guint        from)
{
  g_autoptr(GPtrArray) flows = g_ptr_array_new_with_free_func ((GDestroyNotify) tcgui_flow_item_free);
  TcguiParams none;

  for (guint to = 0; to < tcgui_matrix_size (matrix); to++)
    {
      TcguiMatrixCell *cell = tcgui_matrix_cell (matrix, from, to);
      TcguiMatrixMember *peer = matrix->members->pdata[to];
      TcguiFlowItem *item;

      if (to == from || tcgui_matrix_cell_is_empty (cell))
        continue;
      /* As a "peer": the helper resolves it to its addresses on the
       * shared networks and follows it when it restarts with new ones. */
      item = tcgui_flow_item_new (TCGUI_FLOW_TO_PEER, peer->key);
      item->label = g_strdup (peer->name);
      item->partition = cell->partition;
      item->params.delay_us = cell->delay_us;
      item->params.loss = cell->loss;
      item->params.rate_bps = cell->rate_bps;
      g_ptr_array_add (flows, item);
    }
  if (flows->len == 0)
    return NULL;
  tcgui_params_init (&none);
  return tcgui_flows_build_params (&none, flows);
}

/* The column whose container a read-back flow names. */
static int
find_peer (TcguiMatrix         *matrix,
           const TcguiFlowItem *item)
{
  for (guint i = 0; i < tcgui_matrix_size (matrix); i++)
    {
      TcguiMatrixMember *m = matrix->members->pdata[i];

      if (item->target == TCGUI_FLOW_TO_PEER &&
          (g_strcmp0 (item->value, m->key) == 0 || g_strcmp0 (item->value, m->name) == 0))
        return i;
      if (item->target == TCGUI_FLOW_TO_PREFIX && tcgui_flow_prefix_same (item->value, m->address))
        return i;
    }
  return -1;
}

/**
 * tcgui_matrix_read_row:
 * @state: GetShaping's reply for the row's interface
 *
 * Fills the row's cells from the kernel's outgoing flows that match a
 * container of the matrix; others are not the matrix's and are left out.
 */
void
tcgui_matrix_read_row (TcguiMatrix *matrix,
                       guint        from,
                       GVariant    *state)
{
  g_autoptr(GVariant) dict = g_variant_lookup_value (state, "outgoing", G_VARIANT_TYPE_VARDICT);
  g_autoptr(GVariant) top = NULL;
  g_autoptr(GPtrArray) flows = NULL;
  g_autoptr(GError) error = NULL;

  if (dict == NULL)
    return;
  top = tcgui_flows_split_state (dict, &flows, &error);
  if (top == NULL)
    {
      g_debug ("Cannot read the flows of row %u: %s", from, error->message);
      return;
    }
  for (guint i = 0; i < flows->len; i++)
    {
      const TcguiFlowItem *item = flows->pdata[i];
      int to = find_peer (matrix, item);
      TcguiMatrixCell *cell;

      if (to < 0 || (guint) to == from)
        continue;
      cell = tcgui_matrix_cell (matrix, from, to);
      cell->partition = item->partition;
      cell->delay_us = item->params.delay_us;
      cell->loss = item->params.loss;
      cell->rate_bps = item->params.rate_bps;
    }
}

/* Applying ------------------------------------------------------------------ */

typedef struct
{
  char     *namespace_id;
  char     *ifname;
  GVariant *params;       /* NULL: clear */
} Item;

typedef struct
{
  GArray              *items;       /* of Item */
  GPtrArray           *errors;      /* per item: NULL or a message */
  guint                next;
  TcguiMatrixProgress  progress;
  gpointer             progress_data;
} Apply;

static void
item_clear (gpointer data)
{
  Item *item = data;

  g_free (item->namespace_id);
  g_free (item->ifname);
  g_clear_pointer (&item->params, g_variant_unref);
}

static void
apply_free (gpointer data)
{
  Apply *apply = data;

  g_array_unref (apply->items);
  g_ptr_array_unref (apply->errors);
  g_free (apply);
}

static void apply_next (GTask *task);

static void
call_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Apply *apply = g_task_get_task_data (task);
  Item *item = &g_array_index (apply->items, Item, apply->next);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = tcgui_helper_client_call_finish_reply (TCGUI_HELPER_CLIENT (object), result, call_cb,
                                                 "()", &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (error != NULL)
    g_ptr_array_index (apply->errors, apply->next) = g_strdup (error->message);
  tcgui_helper_client_shaping_changed (TCGUI_HELPER_CLIENT (object), item->namespace_id,
                                       item->ifname);
  apply->next++;
  if (apply->progress != NULL)
    apply->progress (apply->next, apply->items->len, apply->progress_data);
  apply_next (g_steal_pointer (&task));
}

/* One row after the other, never two calls at once (like an editor). */
static void
apply_next (GTask *task)
{
  Apply *apply = g_task_get_task_data (task);
  Item *item;
  GVariant *args;

  if (apply->next >= apply->items->len)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  item = &g_array_index (apply->items, Item, apply->next);
  if (item->params != NULL)
    args = g_variant_new ("(sss@a{sv}u)", item->namespace_id, item->ifname, "outgoing",
                          item->params, 0u);
  else
    args = g_variant_new ("(sss)", item->namespace_id, item->ifname, "outgoing");
  tcgui_helper_client_call_async (g_task_get_source_object (task),
                                  item->params != NULL ? "SetShaping" : "ClearShaping", args,
                                  call_cb, g_task_get_cancellable (task), call_cb, task);
}

static void
batch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Apply *apply = g_task_get_task_data (task);
  g_autoptr(GVariant) results = NULL;
  g_autoptr(GError) error = NULL;

  results = tcgui_helper_client_call_finish (TCGUI_HELPER_CLIENT (object), result, batch_cb,
                                             "(a(ss))", &error);
  if (results == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (guint i = 0; i < apply->items->len && i < g_variant_n_children (results); i++)
    {
      Item *item = &g_array_index (apply->items, Item, i);
      const char *name, *message;

      g_variant_get_child (results, i, "(&s&s)", &name, &message);
      if (*name != '\0')
        g_ptr_array_index (apply->errors, i) = g_strdup (message);
      tcgui_helper_client_shaping_changed (TCGUI_HELPER_CLIENT (object), item->namespace_id,
                                           item->ifname);
    }
  if (apply->progress != NULL)
    apply->progress (apply->items->len, apply->items->len, apply->progress_data);
  g_task_return_boolean (task, TRUE);
}

/* One authorization, one reply with each item's result. */
static void
apply_batch (GTask *task)
{
  Apply *apply = g_task_get_task_data (task);
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a(sssa{sv}u)"));

  for (guint i = 0; i < apply->items->len; i++)
    {
      Item *item = &g_array_index (apply->items, Item, i);

      /* An empty dictionary clears the direction (the contract). "@"
       * takes its own reference of a non-floating value. */
      g_variant_builder_add (&b, "(sss@a{sv}u)", item->namespace_id, item->ifname, "outgoing",
                             item->params != NULL ? item->params
                                                  : g_variant_new ("a{sv}", NULL), 0u);
    }
  tcgui_helper_client_call_async (g_task_get_source_object (task), "SetShapingBatch",
                                  g_variant_new ("(@a(sssa{sv}u))", g_variant_builder_end (&b)),
                                  batch_cb, g_task_get_cancellable (task), batch_cb, task);
}

/**
 * tcgui_matrix_apply_async:
 * @clear: clear every row's outgoing shaping instead
 * @use_batch: the helper has SetShapingBatch
 * @progress: (nullable): called after each row (once at the end with a batch)
 *
 * Applies (or clears) every row of @matrix. The rows' work is taken from
 * @matrix now: it may change or go meanwhile.
 */
void
tcgui_matrix_apply_async (TcguiHelperClient   *client,
                          TcguiMatrix         *matrix,
                          gboolean             clear,
                          gboolean             use_batch,
                          TcguiMatrixProgress  progress,
                          gpointer             progress_data,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task = g_task_new (client, cancellable, callback, user_data);
  Apply *apply = g_new0 (Apply, 1);
  guint n = tcgui_matrix_size (matrix);

  g_task_set_source_tag (task, tcgui_matrix_apply_async);
  apply->items = g_array_sized_new (FALSE, TRUE, sizeof (Item), n);
  g_array_set_clear_func (apply->items, item_clear);
  apply->errors = g_ptr_array_new_full (n, g_free);
  g_ptr_array_set_size (apply->errors, n);
  apply->progress = progress;
  apply->progress_data = progress_data;
  for (guint i = 0; i < n; i++)
    {
      TcguiMatrixMember *m = matrix->members->pdata[i];
      GVariant *params = clear ? NULL : tcgui_matrix_row_params (matrix, i);
      Item item = { g_strdup (m->namespace_id), g_strdup (m->ifname),
                    params != NULL ? g_variant_ref_sink (params) : NULL };

      g_array_append_val (apply->items, item);
    }
  g_task_set_task_data (task, apply, apply_free);
  if (use_batch)
    apply_batch (task);
  else
    apply_next (task);
}

/**
 * tcgui_matrix_apply_finish:
 * @errors: (out) (transfer container): per row, NULL or its failure
 *
 * Returns: %FALSE only when the whole operation failed (cancelled, the
 *   batch refused as a whole)
 */
gboolean
tcgui_matrix_apply_finish (TcguiHelperClient  *client,
                           GAsyncResult       *result,
                           GPtrArray         **errors,
                           GError            **error)
{
  Apply *apply;

  g_return_val_if_fail (g_task_is_valid (result, client), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tcgui_matrix_apply_async,
                        FALSE);

  apply = g_task_get_task_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  *errors = g_ptr_array_ref (apply->errors);
  return TRUE;
}
