/* tcgui-flow-resolve.c - a flow's "peer" and "network" as addresses
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-flow-resolve"

#include "config.h"

#include <string.h>

#include "tcgui-error.h"
#include "tcgui-flow-resolve.h"

gboolean
tcgui_flows_need_inventory (GPtrArray *flows)
{
  for (guint i = 0; flows != NULL && i < flows->len; i++)
    {
      const TcguiFlow *flow = g_ptr_array_index (flows, i);

      if (flow->match.peer != NULL || flow->match.network != NULL)
        return TRUE;
    }
  return FALSE;
}

static const char *
item_string (GVariant   *item,
             const char *key)
{
  const char *value = NULL;

  if (!g_variant_lookup (item, key, "&s", &value))
    return "";
  return value;
}

/* The items of @kind whose "key" is @name, or (containers) whose "name" is. */
static GVariant *
find_item (GVariant   *items,
           const char *kind,
           const char *name)
{
  GVariant *by_name = NULL;

  for (gsize i = 0; i < g_variant_n_children (items); i++)
    {
      g_autoptr(GVariant) item = g_variant_get_child_value (items, i);

      if (strcmp (item_string (item, "kind"), kind) != 0)
        continue;
      if (strcmp (item_string (item, "key"), name) == 0)
        {
          g_clear_pointer (&by_name, g_variant_unref);
          return g_steal_pointer (&item);
        }
      if (by_name == NULL && strcmp (item_string (item, "name"), name) == 0)
        by_name = g_steal_pointer (&item);
    }
  return by_name;
}

/* The network keys of the container whose namespace is @ns_id (none when
 * the target is no container: a peer's every address counts then). */
static GHashTable *
target_networks (GVariant   *items,
                 const char *ns_id)
{
  GHashTable *keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (gsize i = 0; i < g_variant_n_children (items); i++)
    {
      g_autoptr(GVariant) item = g_variant_get_child_value (items, i);
      g_autoptr(GVariant) networks = NULL;

      if (strcmp (item_string (item, "kind"), "container") != 0 ||
          strcmp (item_string (item, "namespace"), ns_id) != 0 ||
          !(networks = g_variant_lookup_value (item, "networks", G_VARIANT_TYPE ("aa{sv}"))))
        continue;
      for (gsize j = 0; j < g_variant_n_children (networks); j++)
        {
          g_autoptr(GVariant) net = g_variant_get_child_value (networks, j);

          g_hash_table_add (keys, g_strdup (item_string (net, "network-key")));
        }
    }
  return keys;
}

static gboolean
add_prefix (GArray      *out,
            const char  *text,
            guint        index,
            const char  *what,
            GError     **error)
{
  TcguiFlowPrefix p = { 0 };
  g_autoptr(GError) local = NULL;

  if (out->len >= TCGUI_FLOW_MAX_PREFIXES)
    return TRUE;
  if (!tcgui_flow_prefix_parse (text, &p.family, p.addr, &p.prefix_len, &local))
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "“flows[%u].match.%s”: the inventory's address %s", index, what, local->message);
      return FALSE;
    }
  g_array_append_val (out, p);
  return TRUE;
}

static gboolean
resolve_peer (GVariant    *items,
              GHashTable  *shared,
              const char  *peer,
              guint        index,
              GArray      *out,
              GError     **error)
{
  g_autoptr(GVariant) item = find_item (items, "container", peer);
  g_autoptr(GVariant) networks = NULL;

  if (item == NULL)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "“flows[%u].match.peer”: no container “%s” in the inventory", index, peer);
      return FALSE;
    }
  networks = g_variant_lookup_value (item, "networks", G_VARIANT_TYPE ("aa{sv}"));
  for (gsize j = 0; networks != NULL && j < g_variant_n_children (networks); j++)
    {
      g_autoptr(GVariant) net = g_variant_get_child_value (networks, j);
      const char *ip = item_string (net, "ip");

      if (ip[0] == '\0' ||
          (g_hash_table_size (shared) > 0 &&
           !g_hash_table_contains (shared, item_string (net, "network-key"))))
        continue;
      if (!add_prefix (out, ip, index, "peer", error))
        return FALSE;
    }
  if (out->len == 0)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "“flows[%u].match.peer”: “%s” has no address on a network it shares "
                   "with the target", index, peer);
      return FALSE;
    }
  return TRUE;
}

static gboolean
resolve_network (GVariant    *items,
                 const char  *network,
                 guint        index,
                 GArray      *out,
                 GError     **error)
{
  g_autoptr(GVariant) item = find_item (items, "network", network);
  const char *subnet = item ? item_string (item, "subnet") : "";

  if (subnet[0] == '\0')
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "“flows[%u].match.network”: %s “%s” in the inventory", index,
                   item ? "no subnet for the network" : "no network", network);
      return FALSE;
    }
  return add_prefix (out, subnet, index, "network", error);
}

/**
 * tcgui_flows_resolve:
 * @items: the inventory (GetInventory's items) as the caller sees it
 * @ns_id: the target's namespace
 * @resolved: (out) (transfer full): per flow, a #GArray of
 *   #TcguiFlowPrefix: the flow's prefix, or its peer's addresses on the
 *   networks it shares with the target (all of them when the target is no
 *   container), or its network's subnet; empty: any address
 *
 * Returns: %TRUE, or %FALSE with InvalidArgument naming the flow
 */
gboolean
tcgui_flows_resolve (GVariant    *items,
                     const char  *ns_id,
                     GPtrArray   *flows,
                     GPtrArray  **resolved,
                     GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GHashTable) shared = items ? target_networks (items, ns_id) : NULL;

  for (guint i = 0; flows != NULL && i < flows->len; i++)
    {
      const TcguiFlow *flow = g_ptr_array_index (flows, i);
      GArray *prefixes = g_array_new (FALSE, TRUE, sizeof (TcguiFlowPrefix));

      g_ptr_array_add (out, prefixes);
      if (flow->match.family != 0)
        {
          TcguiFlowPrefix p = { flow->match.family, { 0 }, flow->match.prefix_len };

          memcpy (p.addr, flow->match.addr, sizeof p.addr);
          g_array_append_val (prefixes, p);
        }
      else if ((flow->match.peer != NULL || flow->match.network != NULL) && items == NULL)
        {
          g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_NOT_SUPPORTED,
                       "“flows[%u].match”: “peer” and “network” need the inventory", i);
          return FALSE;
        }
      else if (flow->match.peer != NULL &&
               !resolve_peer (items, shared, flow->match.peer, i, prefixes, error))
        return FALSE;
      else if (flow->match.network != NULL &&
               !resolve_network (items, flow->match.network, i, prefixes, error))
        return FALSE;
    }
  *resolved = g_steal_pointer (&out);
  return TRUE;
}
