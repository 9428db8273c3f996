/* tcgui-batch.c - many shaping changes at once, each namespace entered once
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The items are grouped by namespace, in the order each namespace first
 * appears; each group's namespace is opened once (enter, create the
 * netlink socket, leave: tcgui_qdisc_ns_open()) and its items are applied
 * in their order through that socket, each exactly as SetShaping applies
 * it (the same checks, per-namespace lock and journal entries). Items are
 * independent: one that fails keeps its error and the others go on. The
 * calling thread never stays in another namespace.
 */

#define G_LOG_DOMAIN "tcgui-batch"

#include "config.h"

#include "tcgui-batch.h"
#include "tcgui-qdisc.h"

void
tcgui_batch_item_clear (TcguiBatchItem *item)
{
  g_clear_pointer (&item->ns_id, g_free);
  g_clear_pointer (&item->ifname, g_free);
  g_clear_pointer (&item->flows, g_ptr_array_unref);
  g_clear_pointer (&item->resolved, g_ptr_array_unref);
  g_clear_error (&item->error);
}

/* Empty parameters and no flows: the item clears its direction. */
gboolean
tcgui_batch_item_is_clear (const TcguiBatchItem *item)
{
  return tcgui_params_is_empty (&item->params) &&
         (item->flows == NULL || item->flows->len == 0);
}

static void
apply_item (TcguiQdiscNs   *ns,
            TcguiBatchItem *item)
{
  if (tcgui_batch_item_is_clear (item))
    tcgui_qdisc_clear_in (ns, item->ifname, item->direction, &item->error);
  else
    tcgui_qdisc_set_in (ns, item->ifname, item->direction, &item->params, item->flows,
                        item->resolved, item->flags, &item->error);
}

/* Applies the items of @group (indices into @items) in @ns_id. */
static void
apply_group (const char     *ns_id,
             GArray         *group,
             TcguiBatchItem *items)
{
  g_autoptr(TcguiQdiscNs) ns = NULL;
  g_autoptr(GError) error = NULL;

  /* A namespace that cannot be opened is each of its items' error. */
  if (!(ns = tcgui_qdisc_ns_open (ns_id, &error)))
    {
      for (guint i = 0; i < group->len; i++)
        items[g_array_index (group, guint, i)].error = g_error_copy (error);
      return;
    }
  for (guint i = 0; i < group->len; i++)
    apply_item (ns, &items[g_array_index (group, guint, i)]);
}

/**
 * tcgui_batch_apply:
 * @items: (array length=n_items): the changes; those with an error set
 *   were refused by the caller's checks and are skipped
 *
 * Applies every item that has no error yet, grouped by namespace (see
 * the top); each item that fails gets its error.
 */
void
tcgui_batch_apply (TcguiBatchItem *items,
                   guint           n_items)
{
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                        (GDestroyNotify) g_array_unref);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();

  for (guint i = 0; i < n_items; i++)
    {
      GArray *group;

      if (items[i].error != NULL)
        continue;
      if (!(group = g_hash_table_lookup (groups, items[i].ns_id)))
        {
          group = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (groups, items[i].ns_id, group);
          g_ptr_array_add (order, items[i].ns_id);
        }
      g_array_append_val (group, i);
    }

  for (guint i = 0; i < order->len; i++)
    {
      const char *ns_id = g_ptr_array_index (order, i);

      apply_group (ns_id, g_hash_table_lookup (groups, ns_id), items);
    }
}
