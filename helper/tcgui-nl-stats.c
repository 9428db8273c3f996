/* tcgui-nl-stats.c - interface counters read with one netlink dump
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-nl"

#include "config.h"

#include <string.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include <netlink/msg.h>
#include <netlink/attr.h>

#include "tcgui-error.h"
#include "tcgui-nl-private.h"

typedef struct nl_msg TcguiNlMsg;
typedef struct nl_cb  TcguiNlCb;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcguiNlMsg, nlmsg_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcguiNlCb, nl_cb_put)

void
tcgui_link_stats_free (TcguiLinkStats *stats)
{
  if (stats == NULL)
    return;
  g_free (stats->name);
  g_free (stats);
}

static void
stats_from_32 (TcguiLinkStats *stats,
               struct nlattr  *attr)
{
  struct rtnl_link_stats s = { 0 };

  memcpy (&s, nla_data (attr), MIN ((gsize) nla_len (attr), sizeof s));
  stats->bits = 32;
  stats->rx_bytes = s.rx_bytes;
  stats->tx_bytes = s.tx_bytes;
  stats->rx_packets = s.rx_packets;
  stats->tx_packets = s.tx_packets;
  stats->rx_dropped = s.rx_dropped;
  stats->tx_dropped = s.tx_dropped;
}

static void
stats_from_64 (TcguiLinkStats *stats,
               struct nlattr  *attr)
{
  struct rtnl_link_stats64 s = { 0 };

  /* The attribute is only 4-byte aligned: copy before reading. */
  memcpy (&s, nla_data (attr), MIN ((gsize) nla_len (attr), sizeof s));
  stats->bits = 64;
  stats->rx_bytes = s.rx_bytes;
  stats->tx_bytes = s.tx_bytes;
  stats->rx_packets = s.rx_packets;
  stats->tx_packets = s.tx_packets;
  stats->rx_dropped = s.rx_dropped;
  stats->tx_dropped = s.tx_dropped;
}

static int
link_stats_cb (struct nl_msg *msg,
               void          *arg)
{
  GHashTable *links = arg;
  struct nlmsghdr *hdr = nlmsg_hdr (msg);
  struct nlattr *tb[IFLA_MAX + 1];
  TcguiLinkStats *stats;

  if (hdr->nlmsg_type != RTM_NEWLINK ||
      nlmsg_parse (hdr, sizeof (struct ifinfomsg), tb, IFLA_MAX, NULL) < 0 ||
      tb[IFLA_IFNAME] == NULL)
    return NL_SKIP;

  stats = g_new0 (TcguiLinkStats, 1);
  stats->name = g_strndup (nla_data (tb[IFLA_IFNAME]), nla_len (tb[IFLA_IFNAME]));
  stats->index = ((struct ifinfomsg *) nlmsg_data (hdr))->ifi_index;
  /* Kernels since 2.6.35 send both; the 64-bit one never wraps in practice. */
  if (tb[IFLA_STATS64] != NULL)
    stats_from_64 (stats, tb[IFLA_STATS64]);
  else if (tb[IFLA_STATS] != NULL)
    stats_from_32 (stats, tb[IFLA_STATS]);

  g_hash_table_replace (links, stats->name, stats);
  return NL_OK;
}

/**
 * tcgui_nl_dump_link_stats:
 *
 * Reads the counters of every interface in the socket's namespace with one
 * RTM_GETLINK dump, parsing only the name, index and statistics (no libnl
 * cache: this runs every second for every watched namespace).
 *
 * Returns: (transfer full) (element-type utf8 TcguiLinkStats): interface
 *   name → counters, or %NULL with a #TcguiError
 */
GHashTable *
tcgui_nl_dump_link_stats (TcguiNl  *nl,
                          GError  **error)
{
  g_autoptr(GHashTable) links = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                       (GDestroyNotify) tcgui_link_stats_free);
  struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
  g_autoptr(TcguiNlMsg) msg = NULL;
  g_autoptr(TcguiNlCb) cb = NULL;
  struct nl_cb *sock_cb;
  int err;

  if (!(msg = nlmsg_alloc_simple (RTM_GETLINK, NLM_F_DUMP)) ||
      (err = nlmsg_append (msg, &ifi, sizeof ifi, NLMSG_ALIGNTO)) < 0)
    return (tcgui_nl_set_error (error, NLE_NOMEM, "Cannot read interface counters"), NULL);

  if ((err = nl_send_auto (nl->sock, msg)) < 0)
    return (tcgui_nl_set_error (error, err, "Cannot read interface counters"), NULL);

  /* A private callback set: the socket's own stays as it was.
   * nl_socket_get_cb() returns a new reference. */
  sock_cb = nl_socket_get_cb (nl->sock);
  cb = nl_cb_clone (sock_cb);
  nl_cb_put (sock_cb);
  if (cb == NULL)
    return (tcgui_nl_set_error (error, NLE_NOMEM, "Cannot read interface counters"), NULL);
  nl_cb_set (cb, NL_CB_VALID, NL_CB_CUSTOM, link_stats_cb, links);

  if ((err = nl_recvmsgs (nl->sock, cb)) < 0)
    return (tcgui_nl_set_error (error, err, "Cannot read interface counters"), NULL);

  return g_steal_pointer (&links);
}
