/* tcgui-nl-qdisc.c - qdiscs, filters and IFB links over netlink
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-nl"

#include "config.h"

#include <math.h>
#include <string.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <linux/gen_stats.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <linux/tc_act/tc_mirred.h>

#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/errno.h>

#include "tcgui-error.h"
#include "tcgui-nl-private.h"

/* libnl 3.7's netem and tbf objects cannot express what TC GUI needs
 * (64-bit rates, TCA_TBF_BURST, the Gilbert-Elliott loss model, 64-bit
 * latencies) and cannot parse them back, so the qdisc messages are built
 * and parsed here with libnl's generic nl_msg/nla layer. */

/* The kernel's psched tick is 64 ns (PSCHED_SHIFT 6) on every kernel. */
#define NS_PER_TICK 64
#define NETEM_MSG_SIZE (64 * 1024)

typedef struct nl_msg TcguiNlMsg;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcguiNlMsg, nlmsg_free)

void
tcgui_qdisc_free (TcguiQdisc *qdisc)
{
  if (qdisc == NULL)
    return;
  g_free (qdisc->kind);
  g_free (qdisc);
}

static struct nl_msg *
tc_msg_new (int          type,
            int          flags,
            int          ifindex,
            guint32      parent,
            guint32      handle,
            guint32      info,
            const char  *kind)
{
  struct tcmsg tcm = {
    .tcm_family = AF_UNSPEC,
    .tcm_ifindex = ifindex,
    .tcm_parent = parent,
    .tcm_handle = handle,
    .tcm_info = info,
  };
  struct nl_msg *msg = nlmsg_alloc_size (NETEM_MSG_SIZE);

  if (msg == NULL)
    return NULL;
  if (nlmsg_put (msg, NL_AUTO_PORT, NL_AUTO_SEQ, type, 0, flags) == NULL ||
      nlmsg_append (msg, &tcm, sizeof tcm, NLMSG_ALIGNTO) < 0 ||
      (kind != NULL && nla_put_string (msg, TCA_KIND, kind) < 0))
    {
      nlmsg_free (msg);
      return NULL;
    }
  return msg;
}

static gboolean
out_of_memory (GError **error)
{
  g_set_error_literal (error, TCGUI_ERROR, TCGUI_ERROR_FAILED,
                       "Cannot build a netlink message (out of memory)");
  return FALSE;
}

/* nl_send_sync() frees @msg and waits for the kernel's acknowledgement. */
static int
send_sync (TcguiNl       *nl,
           struct nl_msg *msg)
{
  return nl_send_sync (nl->sock, msg);
}

static int
qdisc_flags (const TcguiQdiscSpec *spec)
{
  return NLM_F_REQUEST | NLM_F_ACK | NLM_F_REPLACE |
         (spec->replace_only ? 0 : NLM_F_CREATE);
}

static void
fill_netem_qopt (struct tc_netem_qopt *qopt,
                 const TcguiParams    *p)
{
  memset (qopt, 0, sizeof *qopt);
  qopt->latency = (guint32) MIN ((guint64) p->delay_us * 1000 / NS_PER_TICK, G_MAXUINT32);
  qopt->jitter = (guint32) MIN ((guint64) p->jitter_us * 1000 / NS_PER_TICK, G_MAXUINT32);
  qopt->limit = p->limit_packets ? p->limit_packets : TCGUI_PARAMS_DEFAULT_LIMIT;
  qopt->loss = p->loss_model == TCGUI_LOSS_RANDOM ? tcgui_percent_to_u32 (p->loss) : 0;
  qopt->gap = p->reorder_gap;
  qopt->duplicate = tcgui_percent_to_u32 (p->duplicate);
}

static int
put_netem_attrs (struct nl_msg     *msg,
                 const TcguiParams *p)
{
  struct tc_netem_corr corr = {
    .delay_corr = tcgui_percent_to_u32 (p->delay_correlation),
    .loss_corr = tcgui_percent_to_u32 (p->loss_correlation),
    .dup_corr = tcgui_percent_to_u32 (p->duplicate_correlation),
  };
  struct tc_netem_reorder reorder = {
    .probability = tcgui_percent_to_u32 (p->reorder),
    .correlation = tcgui_percent_to_u32 (p->reorder_correlation),
  };
  struct tc_netem_corrupt corrupt = {
    .probability = tcgui_percent_to_u32 (p->corrupt),
    .correlation = tcgui_percent_to_u32 (p->corrupt_correlation),
  };
  gint64 latency = (gint64) p->delay_us * 1000;
  gint64 jitter = (gint64) p->jitter_us * 1000;
  int err = 0;

  /* Always sent, so a change in place resets what the new set leaves out. */
  err |= nla_put (msg, TCA_NETEM_LATENCY64, sizeof latency, &latency);
  err |= nla_put (msg, TCA_NETEM_JITTER64, sizeof jitter, &jitter);
  err |= nla_put (msg, TCA_NETEM_CORR, sizeof corr, &corr);
  err |= nla_put (msg, TCA_NETEM_REORDER, sizeof reorder, &reorder);
  err |= nla_put (msg, TCA_NETEM_CORRUPT, sizeof corrupt, &corrupt);
  return err;
}

static int
put_gemodel (struct nl_msg     *msg,
             const TcguiParams *p)
{
  struct tc_netem_gemodel ge = {
    .p = tcgui_percent_to_u32 (p->gemodel_p),
    .r = tcgui_percent_to_u32 (p->gemodel_r),
    /* The kernel's h is the chance to deliver in the bad state. */
    .h = tcgui_percent_to_u32 (100.0 - p->gemodel_1_h),
    .k1 = tcgui_percent_to_u32 (p->gemodel_1_k),
  };
  struct nlattr *loss;

  /* An empty TCA_NETEM_LOSS switches the kernel back to random loss. */
  if (!(loss = nla_nest_start (msg, TCA_NETEM_LOSS)))
    return -NLE_NOMEM;
  if (p->loss_model == TCGUI_LOSS_GEMODEL &&
      nla_put (msg, NETEM_LOSS_GE, sizeof ge, &ge) < 0)
    return -NLE_NOMEM;
  return nla_nest_end (msg, loss);
}

static gboolean
netem_error (GError       **error,
             int            err,
             const char    *ifname_hint)
{
  /* ENOENT for a qdisc kind is the kernel's "Specified qdisc kind is
   * unknown": the module is missing. */
  if (err == -NLE_OBJ_NOTFOUND || err == -NLE_NOATTR)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_NOT_SUPPORTED,
                   "The kernel has no netem qdisc: load the kernel module "
                   "“sch_netem” (modprobe sch_netem) to emulate delay, loss, "
                   "duplication, reordering or corruption");
      return FALSE;
    }
  return tcgui_nl_set_error (error, err, "Cannot set up netem%s", ifname_hint);
}

/**
 * tcgui_nl_put_netem:
 * @dist: (nullable): a delay distribution table (iproute2's .dist format)
 *
 * Creates or changes (NLM_F_REPLACE) a netem qdisc as @spec says.
 */
gboolean
tcgui_nl_put_netem (TcguiNl              *nl,
                    const TcguiQdiscSpec *spec,
                    const TcguiParams    *params,
                    const gint16         *dist,
                    gsize                 dist_len,
                    GError              **error)
{
  g_autoptr(TcguiNlMsg) msg = NULL;
  struct tc_netem_qopt qopt;
  struct nlattr *opts;
  int err;

  msg = tc_msg_new (RTM_NEWQDISC, qdisc_flags (spec), spec->ifindex,
                    spec->parent, spec->handle, 0, "netem");
  if (msg == NULL || !(opts = nla_nest_start (msg, TCA_OPTIONS)))
    return out_of_memory (error);

  /* netem's options are a struct followed by attributes, not a plain nest. */
  fill_netem_qopt (&qopt, params);
  if (nlmsg_append (msg, &qopt, sizeof qopt, NLMSG_ALIGNTO) < 0 ||
      put_netem_attrs (msg, params) < 0 ||
      put_gemodel (msg, params) < 0 ||
      (dist != NULL && nla_put (msg, TCA_NETEM_DELAY_DIST,
                                dist_len * sizeof (gint16), dist) < 0))
    return out_of_memory (error);
  nla_nest_end (msg, opts);

  if ((err = send_sync (nl, g_steal_pointer (&msg))) < 0)
    return netem_error (error, err, "");
  return TRUE;
}

/**
 * tcgui_nl_put_tbf:
 * @rate_bytes: bytes per second (64-bit: TCA_TBF_RATE64 above 4 GB/s)
 *
 * Creates or changes a tbf qdisc. The link layer is Ethernet, so the
 * kernel computes transmission times itself and needs no rate table.
 */
gboolean
tcgui_nl_put_tbf (TcguiNl              *nl,
                  const TcguiQdiscSpec *spec,
                  guint64               rate_bytes,
                  guint32               burst_bytes,
                  guint32               limit_bytes,
                  GError              **error)
{
  g_autoptr(TcguiNlMsg) msg = NULL;
  struct tc_tbf_qopt qopt = { 0 };
  struct nlattr *opts;
  double buffer_ns = (double) burst_bytes * 1e9 / (double) rate_bytes;
  int err;

  qopt.rate.rate = (guint32) MIN (rate_bytes, G_MAXUINT32);
  qopt.rate.linklayer = TC_LINKLAYER_ETHERNET;
  qopt.limit = limit_bytes;
  qopt.buffer = (guint32) MIN (buffer_ns / NS_PER_TICK, (double) G_MAXUINT32);

  msg = tc_msg_new (RTM_NEWQDISC, qdisc_flags (spec), spec->ifindex,
                    spec->parent, spec->handle, 0, "tbf");
  if (msg == NULL || !(opts = nla_nest_start (msg, TCA_OPTIONS)))
    return out_of_memory (error);
  if (nla_put (msg, TCA_TBF_PARMS, sizeof qopt, &qopt) < 0 ||
      nla_put_u32 (msg, TCA_TBF_BURST, burst_bytes) < 0 ||
      (rate_bytes > G_MAXUINT32 && nla_put_u64 (msg, TCA_TBF_RATE64, rate_bytes) < 0))
    return out_of_memory (error);
  nla_nest_end (msg, opts);

  if ((err = send_sync (nl, g_steal_pointer (&msg))) < 0)
    return tcgui_nl_set_request_error (error, err, TCGUI_NL_REQUEST_TBF,
                                       "Cannot set up the rate limit");
  return TRUE;
}

gboolean
tcgui_nl_delete_qdisc (TcguiNl  *nl,
                       int       ifindex,
                       guint32   parent,
                       guint32   handle,
                       GError  **error)
{
  g_autoptr(TcguiNlMsg) msg = NULL;
  int err;

  msg = tc_msg_new (RTM_DELQDISC, NLM_F_REQUEST | NLM_F_ACK, ifindex,
                    parent, handle, 0, NULL);
  if (msg == NULL)
    return out_of_memory (error);
  if ((err = send_sync (nl, g_steal_pointer (&msg))) < 0)
    return tcgui_nl_set_error (error, err, "Cannot remove a qdisc");
  return TRUE;
}

/* Removes the filter tcgui_nl_add_redirect() added; a missing one is fine. */
gboolean
tcgui_nl_delete_redirect (TcguiNl  *nl,
                          int       ifindex,
                          guint16   prio,
                          GError  **error)
{
  g_autoptr(TcguiNlMsg) msg = NULL;
  int err;

  msg = tc_msg_new (RTM_DELTFILTER, NLM_F_REQUEST | NLM_F_ACK, ifindex, 0xffff0000u, 0,
                    ((guint32) prio << 16) | htons (ETH_P_ALL), NULL);
  if (msg == NULL)
    return out_of_memory (error);
  err = send_sync (nl, g_steal_pointer (&msg));
  if (err < 0 && err != -NLE_OBJ_NOTFOUND && err != -NLE_NODEV && err != -NLE_INVAL)
    return tcgui_nl_set_error (error, err, "Cannot remove the incoming redirect");
  return TRUE;
}

gboolean
tcgui_nl_add_ingress (TcguiNl  *nl,
                      int       ifindex,
                      GError  **error)
{
  g_autoptr(TcguiNlMsg) msg = NULL;
  int err;

  msg = tc_msg_new (RTM_NEWQDISC, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
                    ifindex, TCGUI_TC_H_INGRESS, 0xffff0000u, 0, "ingress");
  if (msg == NULL)
    return out_of_memory (error);
  if ((err = send_sync (nl, g_steal_pointer (&msg))) < 0 && err != -NLE_EXIST)
    return tcgui_nl_set_error (error, err, "Cannot add an ingress qdisc");
  return TRUE;
}

static int
put_mirred_action (struct nl_msg *msg,
                   int            to_ifindex)
{
  struct tc_mirred mirred = {
    .action = TC_ACT_STOLEN,
    .eaction = TCA_EGRESS_REDIR,
    .ifindex = (guint32) to_ifindex,
  };
  struct nlattr *acts, *act, *opts;

  if (!(acts = nla_nest_start (msg, TCA_U32_ACT)) ||
      !(act = nla_nest_start (msg, 1)) ||
      nla_put_string (msg, TCA_ACT_KIND, "mirred") < 0 ||
      !(opts = nla_nest_start (msg, TCA_ACT_OPTIONS)) ||
      nla_put (msg, TCA_MIRRED_PARMS, sizeof mirred, &mirred) < 0)
    return -NLE_NOMEM;
  nla_nest_end (msg, opts);
  nla_nest_end (msg, act);
  nla_nest_end (msg, acts);
  return 0;
}

/**
 * tcgui_nl_add_redirect:
 * @prio: the filter's priority, which also identifies it
 *
 * Adds `u32 match u32 0 0 action mirred egress redirect dev TO` on the
 * ingress qdisc of @ifindex, for every protocol.
 */
gboolean
tcgui_nl_add_redirect (TcguiNl  *nl,
                       int       ifindex,
                       guint16   prio,
                       int       to_ifindex,
                       GError  **error)
{
  g_autoptr(TcguiNlMsg) msg = NULL;
  /* A selector with one all-zero key (match everything). tc_u32_sel ends
   * in a flexible array, so it is laid out by hand rather than nested in a
   * struct, which C does not allow. */
  union {
    struct tc_u32_sel sel;
    guint8 bytes[sizeof (struct tc_u32_sel) + sizeof (struct tc_u32_key)];
  } sel;
  struct nlattr *opts;
  int err;

  memset (&sel, 0, sizeof sel);
  sel.sel.flags = TC_U32_TERMINAL;
  sel.sel.nkeys = 1;

  msg = tc_msg_new (RTM_NEWTFILTER, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE,
                    ifindex, 0xffff0000u, 0,
                    ((guint32) prio << 16) | htons (ETH_P_ALL), "u32");
  if (msg == NULL || !(opts = nla_nest_start (msg, TCA_OPTIONS)))
    return out_of_memory (error);
  if (nla_put (msg, TCA_U32_SEL, sizeof sel, &sel) < 0 ||
      put_mirred_action (msg, to_ifindex) < 0)
    return out_of_memory (error);
  nla_nest_end (msg, opts);

  if ((err = send_sync (nl, g_steal_pointer (&msg))) < 0)
    return tcgui_nl_set_error (error, err, "Cannot redirect incoming traffic");
  return TRUE;
}

/**
 * tcgui_nl_create_ifb:
 *
 * Creates the IFB device @name (up) in the socket's namespace, or finds it
 * when it exists already.
 *
 * Returns: its ifindex, or 0 with @error set
 */
int
tcgui_nl_create_ifb (TcguiNl     *nl,
                     const char  *name,
                     GError     **error)
{
  g_autoptr(TcguiNlLink) link = rtnl_link_alloc ();
  g_autoptr(TcguiNlLink) created = NULL;
  int err;

  rtnl_link_set_name (link, name);
  rtnl_link_set_flags (link, IFF_UP);
  if ((err = rtnl_link_set_type (link, "ifb")) < 0 ||
      ((err = rtnl_link_add (nl->sock, link, NLM_F_CREATE)) < 0 && err != -NLE_EXIST))
    {
      tcgui_nl_set_request_error (error, err, TCGUI_NL_REQUEST_IFB,
                                  "Cannot create the IFB device “%s”", name);
      return 0;
    }

  if ((err = rtnl_link_get_kernel (nl->sock, 0, name, &created)) < 0)
    {
      tcgui_nl_set_error (error, err, "Cannot find the IFB device “%s”", name);
      return 0;
    }
  if (!(rtnl_link_get_flags (created) & IFF_UP))
    {
      g_autoptr(TcguiNlLink) change = rtnl_link_alloc ();

      rtnl_link_set_flags (change, IFF_UP);
      if ((err = rtnl_link_change (nl->sock, created, change, 0)) < 0)
        {
          tcgui_nl_set_error (error, err, "Cannot bring “%s” up", name);
          return 0;
        }
    }
  return rtnl_link_get_ifindex (created);
}

gboolean
tcgui_nl_delete_link (TcguiNl  *nl,
                      int       ifindex,
                      GError  **error)
{
  g_autoptr(TcguiNlLink) link = rtnl_link_alloc ();
  int err;

  rtnl_link_set_ifindex (link, ifindex);
  if ((err = rtnl_link_delete (nl->sock, link)) < 0 && err != -NLE_NODEV)
    return tcgui_nl_set_error (error, err, "Cannot remove a TC GUI device");
  return TRUE;
}

/* Reading qdiscs back. */

static void
parse_stats (TcguiQdiscStats *stats,
             struct nlattr   *attr)
{
  struct nlattr *tb[TCA_STATS_MAX + 1];
  struct gnet_stats_basic basic = { 0 };
  struct gnet_stats_queue queue = { 0 };

  if (attr == NULL || nla_parse_nested (tb, TCA_STATS_MAX, attr, NULL) < 0)
    return;
  if (tb[TCA_STATS_BASIC])
    nla_memcpy (&basic, tb[TCA_STATS_BASIC], sizeof basic);
  if (tb[TCA_STATS_QUEUE])
    nla_memcpy (&queue, tb[TCA_STATS_QUEUE], sizeof queue);

  stats->sent_bytes = basic.bytes;
  stats->sent_packets = tb[TCA_STATS_PKT64] ? nla_get_u64 (tb[TCA_STATS_PKT64]) : basic.packets;
  stats->drops = queue.drops;
  stats->overlimits = queue.overlimits;
  stats->requeues = queue.requeues;
  stats->backlog_bytes = queue.backlog;
  stats->backlog_packets = queue.qlen;
}

/* Returns: %FALSE for a loss model TC GUI cannot represent (4-state GI) */
static gboolean
parse_netem_loss (TcguiParams   *p,
                  struct nlattr *attr)
{
  struct nlattr *tb[NETEM_LOSS_MAX + 1];
  struct tc_netem_gemodel ge = { 0 };

  if (attr == NULL)
    return TRUE;
  if (nla_parse_nested (tb, NETEM_LOSS_MAX, attr, NULL) < 0 || tb[NETEM_LOSS_GI] != NULL)
    return FALSE;
  if (tb[NETEM_LOSS_GE] == NULL)
    return TRUE;
  nla_memcpy (&ge, tb[NETEM_LOSS_GE], sizeof ge);
  p->loss_model = TCGUI_LOSS_GEMODEL;
  p->loss = 0;
  p->loss_correlation = 0;
  p->gemodel_p = tcgui_percent_from_u32 (ge.p);
  p->gemodel_r = tcgui_percent_from_u32 (ge.r);
  p->gemodel_1_h = round ((100.0 - tcgui_percent_from_u32 (ge.h)) * 1e6) / 1e6;
  p->gemodel_1_k = tcgui_percent_from_u32 (ge.k1);
  return TRUE;
}

/* netem features TC GUI does not model (its own rate, slots, ECN marking):
 * a netem that uses them is shown as foreign rather than misread. */
static gboolean
netem_has_unmodelled (struct nlattr **tb)
{
  struct tc_netem_rate rate = { 0 };

  if (tb[TCA_NETEM_RATE])
    nla_memcpy (&rate, tb[TCA_NETEM_RATE], sizeof rate);
  return rate.rate != 0 || (tb[TCA_NETEM_RATE64] && nla_get_u64 (tb[TCA_NETEM_RATE64]) != 0) ||
         tb[TCA_NETEM_SLOT] != NULL ||
         (tb[TCA_NETEM_ECN] && nla_get_u32 (tb[TCA_NETEM_ECN]) != 0);
}

static gboolean
parse_netem_attrs (TcguiParams    *p,
                   struct nlattr **tb)
{
  struct tc_netem_corr corr = { 0 };
  struct tc_netem_reorder reorder = { 0 };
  struct tc_netem_corrupt corrupt = { 0 };

  if (tb[TCA_NETEM_LATENCY64])
    p->delay_us = (guint32) (nla_get_u64 (tb[TCA_NETEM_LATENCY64]) / 1000);
  if (tb[TCA_NETEM_JITTER64])
    p->jitter_us = (guint32) (nla_get_u64 (tb[TCA_NETEM_JITTER64]) / 1000);
  if (tb[TCA_NETEM_CORR])
    nla_memcpy (&corr, tb[TCA_NETEM_CORR], sizeof corr);
  if (tb[TCA_NETEM_REORDER])
    nla_memcpy (&reorder, tb[TCA_NETEM_REORDER], sizeof reorder);
  if (tb[TCA_NETEM_CORRUPT])
    nla_memcpy (&corrupt, tb[TCA_NETEM_CORRUPT], sizeof corrupt);

  p->delay_correlation = tcgui_percent_from_u32 (corr.delay_corr);
  p->loss_correlation = tcgui_percent_from_u32 (corr.loss_corr);
  p->duplicate_correlation = tcgui_percent_from_u32 (corr.dup_corr);
  p->reorder = tcgui_percent_from_u32 (reorder.probability);
  p->reorder_correlation = tcgui_percent_from_u32 (reorder.correlation);
  p->corrupt = tcgui_percent_from_u32 (corrupt.probability);
  p->corrupt_correlation = tcgui_percent_from_u32 (corrupt.correlation);
  return parse_netem_loss (p, tb[TCA_NETEM_LOSS]);
}

static gboolean
parse_netem (TcguiQdisc    *q,
             struct nlattr *opts)
{
  struct nlattr *tb[TCA_NETEM_MAX + 1];
  struct tc_netem_qopt qopt;
  TcguiParams *p = &q->params;
  int hdr = NLA_ALIGN (sizeof qopt);

  if (opts == NULL || nla_len (opts) < (int) sizeof qopt)
    return FALSE;
  memcpy (&qopt, nla_data (opts), sizeof qopt);

  p->delay_us = (guint32) MIN ((guint64) qopt.latency * NS_PER_TICK / 1000, G_MAXUINT32);
  p->jitter_us = (guint32) MIN ((guint64) qopt.jitter * NS_PER_TICK / 1000, G_MAXUINT32);
  p->limit_packets = qopt.limit == TCGUI_PARAMS_DEFAULT_LIMIT ? 0 : qopt.limit;
  p->loss = tcgui_percent_from_u32 (qopt.loss);
  p->reorder_gap = qopt.gap;
  p->duplicate = tcgui_percent_from_u32 (qopt.duplicate);

  memset (tb, 0, sizeof tb);
  if (nla_len (opts) > hdr &&
      nla_parse (tb, TCA_NETEM_MAX, (struct nlattr *) ((char *) nla_data (opts) + hdr),
                 nla_len (opts) - hdr, NULL) < 0)
    return FALSE;
  if (netem_has_unmodelled (tb) || !parse_netem_attrs (p, tb))
    return FALSE;

  /* The kernel keeps a reorder gap without reorder and correlations of
   * features that are off; they have no effect, so they are not reported. */
  if (p->reorder == 0)
    p->reorder_gap = 0, p->reorder_correlation = 0;
  if (p->loss == 0)
    p->loss_correlation = 0;
  if (p->duplicate == 0)
    p->duplicate_correlation = 0;
  if (p->corrupt == 0)
    p->corrupt_correlation = 0;
  if (p->delay_us == 0)
    p->delay_correlation = 0, p->jitter_us = 0;
  return TRUE;
}

static gboolean
parse_tbf (TcguiQdisc    *q,
           struct nlattr *opts)
{
  struct nlattr *tb[TCA_TBF_MAX + 1];
  struct tc_tbf_qopt qopt;
  guint64 rate;

  if (opts == NULL || nla_parse_nested (tb, TCA_TBF_MAX, opts, NULL) < 0 ||
      tb[TCA_TBF_PARMS] == NULL || nla_len (tb[TCA_TBF_PARMS]) < (int) sizeof qopt)
    return FALSE;
  memcpy (&qopt, nla_data (tb[TCA_TBF_PARMS]), sizeof qopt);
  /* A peak rate is not part of TC GUI's model. */
  if (qopt.peakrate.rate != 0 || tb[TCA_TBF_PRATE64] != NULL)
    return FALSE;

  rate = tb[TCA_TBF_RATE64] ? nla_get_u64 (tb[TCA_TBF_RATE64]) : qopt.rate.rate;
  q->params.rate_bps = rate * 8;
  q->params.burst_bytes = (guint32) MIN (round ((double) qopt.buffer * NS_PER_TICK *
                                                (double) rate / 1e9),
                                         (double) G_MAXUINT32);
  q->tbf_limit_bytes = qopt.limit;
  return TRUE;
}

typedef struct
{
  int        ifindex;
  GPtrArray *out;
} DumpData;

static int
qdisc_dump_cb (struct nl_msg *msg,
               void          *user_data)
{
  DumpData *data = user_data;
  struct nlmsghdr *nlh = nlmsg_hdr (msg);
  struct nlattr *tb[TCA_MAX + 1];
  struct tcmsg *tcm;
  TcguiQdisc *q;

  if (nlh->nlmsg_type != RTM_NEWQDISC ||
      nlmsg_parse (nlh, sizeof *tcm, tb, TCA_MAX, NULL) < 0 || tb[TCA_KIND] == NULL)
    return NL_SKIP;
  tcm = nlmsg_data (nlh);
  if (tcm->tcm_ifindex != data->ifindex)
    return NL_SKIP;

  q = g_new0 (TcguiQdisc, 1);
  q->kind = g_strndup (nla_data (tb[TCA_KIND]), nla_len (tb[TCA_KIND]));
  q->handle = tcm->tcm_handle;
  q->parent = tcm->tcm_parent;
  parse_stats (&q->stats, tb[TCA_STATS2]);
  if (strcmp (q->kind, "netem") == 0)
    q->parsed = parse_netem (q, tb[TCA_OPTIONS]);
  else if (strcmp (q->kind, "tbf") == 0)
    q->parsed = parse_tbf (q, tb[TCA_OPTIONS]);
  g_ptr_array_add (data->out, q);

  return NL_OK;
}

/**
 * tcgui_nl_list_qdiscs:
 *
 * Returns: (transfer full) (element-type TcguiQdisc): the visible qdiscs of
 *   @ifindex, root first as the kernel dumps them
 */
GPtrArray *
tcgui_nl_list_qdiscs (TcguiNl  *nl,
                      int       ifindex,
                      GError  **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) tcgui_qdisc_free);
  struct tcmsg tcm = { .tcm_family = AF_UNSPEC, .tcm_ifindex = ifindex };
  struct nl_cb *orig, *cb;
  DumpData data = { ifindex, out };
  int err;

  if ((err = nl_send_simple (nl->sock, RTM_GETQDISC, NLM_F_DUMP, &tcm, sizeof tcm)) < 0)
    {
      tcgui_nl_set_error (error, err, "Cannot read the qdiscs");
      return NULL;
    }

  orig = nl_socket_get_cb (nl->sock);
  cb = nl_cb_clone (orig);
  nl_cb_put (orig);
  if (cb == NULL)
    {
      out_of_memory (error);
      return NULL;
    }
  nl_cb_set (cb, NL_CB_VALID, NL_CB_CUSTOM, qdisc_dump_cb, &data);
  err = nl_recvmsgs (nl->sock, cb);
  nl_cb_put (cb);
  if (err < 0)
    {
      tcgui_nl_set_error (error, err, "Cannot read the qdiscs");
      return NULL;
    }

  return g_steal_pointer (&out);
}

/* Reading the incoming redirect back. */

typedef struct
{
  guint16   prio;
  gboolean  found;
  int       to_ifindex;
  gboolean  others;      /* a filter of another priority */
} RedirectData;

/* The target of the first mirred action in a u32 node's action list. */
static gboolean
parse_mirred_target (struct nlattr *acts,
                     int           *to_ifindex)
{
  struct nlattr *list[TCA_ACT_MAX_PRIO + 1];

  if (nla_parse_nested (list, TCA_ACT_MAX_PRIO, acts, NULL) < 0)
    return FALSE;
  for (int i = 1; i <= TCA_ACT_MAX_PRIO; i++)
    {
      struct nlattr *tb[TCA_ACT_MAX + 1], *opts[TCA_MIRRED_MAX + 1];
      struct tc_mirred mirred;

      if (list[i] == NULL || nla_parse_nested (tb, TCA_ACT_MAX, list[i], NULL) < 0 ||
          tb[TCA_ACT_KIND] == NULL || nla_strcmp (tb[TCA_ACT_KIND], "mirred") != 0 ||
          tb[TCA_ACT_OPTIONS] == NULL ||
          nla_parse_nested (opts, TCA_MIRRED_MAX, tb[TCA_ACT_OPTIONS], NULL) < 0 ||
          opts[TCA_MIRRED_PARMS] == NULL ||
          nla_len (opts[TCA_MIRRED_PARMS]) < (int) sizeof mirred)
        continue;
      memcpy (&mirred, nla_data (opts[TCA_MIRRED_PARMS]), sizeof mirred);
      /* A device that is gone is reported as ifindex 0. */
      *to_ifindex = mirred.eaction == TCA_EGRESS_REDIR ? (int) mirred.ifindex : 0;
      return TRUE;
    }
  return FALSE;
}

static int
filter_dump_cb (struct nl_msg *msg,
                void          *user_data)
{
  RedirectData *data = user_data;
  struct nlmsghdr *nlh = nlmsg_hdr (msg);
  struct nlattr *tb[TCA_MAX + 1], *u32[TCA_U32_MAX + 1];
  struct tcmsg *tcm;

  if (nlh->nlmsg_type != RTM_NEWTFILTER ||
      nlmsg_parse (nlh, sizeof *tcm, tb, TCA_MAX, NULL) < 0)
    return NL_SKIP;
  tcm = nlmsg_data (nlh);
  if (TC_H_MAJ (tcm->tcm_info) >> 16 != data->prio)
    {
      data->others = TRUE;
      return NL_SKIP;
    }
  if (tb[TCA_KIND] == NULL || nla_strcmp (tb[TCA_KIND], "u32") != 0 || tb[TCA_OPTIONS] == NULL)
    return NL_SKIP;

  /* u32 dumps its hash table too; only the node with the actions counts. */
  data->found = TRUE;
  if (nla_parse_nested (u32, TCA_U32_MAX, tb[TCA_OPTIONS], NULL) >= 0 && u32[TCA_U32_ACT] != NULL)
    parse_mirred_target (u32[TCA_U32_ACT], &data->to_ifindex);
  return NL_OK;
}

static gboolean
dump_ingress_filters (TcguiNl       *nl,
                      int            ifindex,
                      guint16        only_prio,
                      RedirectData  *data,
                      GError       **error)
{
  struct tcmsg tcm = { .tcm_family = AF_UNSPEC, .tcm_ifindex = ifindex,
                       .tcm_parent = 0xffff0000u, .tcm_info = (guint32) only_prio << 16 };
  struct nl_cb *orig, *cb;
  int err;

  if ((err = nl_send_simple (nl->sock, RTM_GETTFILTER, NLM_F_DUMP, &tcm, sizeof tcm)) < 0)
    return tcgui_nl_set_error (error, err, "Cannot read the incoming redirect");

  orig = nl_socket_get_cb (nl->sock);
  cb = nl_cb_clone (orig);
  nl_cb_put (orig);
  if (cb == NULL)
    return out_of_memory (error);
  nl_cb_set (cb, NL_CB_VALID, NL_CB_CUSTOM, filter_dump_cb, data);
  err = nl_recvmsgs (nl->sock, cb);
  nl_cb_put (cb);
  /* No ingress qdisc: the kernel answers an empty dump or ENOENT/EINVAL. */
  if (err < 0 && err != -NLE_OBJ_NOTFOUND && err != -NLE_INVAL && err != -NLE_NODEV)
    return tcgui_nl_set_error (error, err, "Cannot read the incoming redirect");
  return TRUE;
}

/**
 * tcgui_nl_ingress_has_others:
 * @others: (out): whether the ingress qdisc of @ifindex has a filter of
 *   another priority than @prio
 *
 * Tells whether an ingress qdisc holds anything but TC GUI's redirect, so
 * that one nobody can say was made for TC GUI is removed only when it
 * holds nothing else.
 */
gboolean
tcgui_nl_ingress_has_others (TcguiNl   *nl,
                             int        ifindex,
                             guint16    prio,
                             gboolean  *others,
                             GError   **error)
{
  RedirectData data = { prio, FALSE, 0, FALSE };

  *others = FALSE;
  /* Priority 0 asks for every filter. */
  if (!dump_ingress_filters (nl, ifindex, 0, &data, error))
    return FALSE;
  *others = data.others;
  return TRUE;
}

/**
 * tcgui_nl_find_redirect:
 * @found: (out): whether a filter of @prio exists on @ifindex's ingress
 * @to_ifindex: (out): where it redirects to, 0 if nowhere (its device is
 *   gone) or it is not a redirect
 *
 * Reads back what tcgui_nl_add_redirect() made, so that a filter someone
 * removed (or an IFB someone deleted) is noticed.
 */
gboolean
tcgui_nl_find_redirect (TcguiNl   *nl,
                        int        ifindex,
                        guint16    prio,
                        gboolean  *found,
                        int       *to_ifindex,
                        GError   **error)
{
  RedirectData data = { prio, FALSE, 0, FALSE };

  *found = FALSE;
  *to_ifindex = 0;
  if (!dump_ingress_filters (nl, ifindex, prio, &data, error))
    return FALSE;

  *found = data.found;
  *to_ifindex = data.to_ifindex;
  return TRUE;
}

/* Flows: htb, its classes, blackhole leaves and u32 rules. */

/* HTB's quantum: given explicitly so that the kernel does not derive one
 * from the rate (and warn that it is too large at the classes' rates). */
#define HTB_QUANTUM 200000
/* A class that does not limit: its rate is far above any link, with 1 ms
 * of it as the bucket. */
#define HTB_BUCKET_NS 1000000

/**
 * tcgui_nl_put_htb:
 * @default_minor: the class that takes what no filter selects
 *
 * Creates (or replaces) an htb qdisc.
 */
gboolean
tcgui_nl_put_htb (TcguiNl              *nl,
                  const TcguiQdiscSpec *spec,
                  guint16               default_minor,
                  GError              **error)
{
  g_autoptr(TcguiNlMsg) msg = NULL;
  struct tc_htb_glob glob = { .version = 3, .rate2quantum = 10, .defcls = default_minor };
  struct nlattr *opts;
  int err;

  msg = tc_msg_new (RTM_NEWQDISC, qdisc_flags (spec), spec->ifindex,
                    spec->parent, spec->handle, 0, "htb");
  if (msg == NULL || !(opts = nla_nest_start (msg, TCA_OPTIONS)) ||
      nla_put (msg, TCA_HTB_INIT, sizeof glob, &glob) < 0)
    return out_of_memory (error);
  nla_nest_end (msg, opts);

  if ((err = send_sync (nl, g_steal_pointer (&msg))) < 0)
    return tcgui_nl_set_request_error (error, err, TCGUI_NL_REQUEST_HTB,
                                       "Cannot set up the per-destination shaping");
  return TRUE;
}

/**
 * tcgui_nl_put_htb_class:
 * @rate_bytes: the class's rate and ceiling, bytes per second
 *
 * Creates an htb class directly under the qdisc (no borrowing).
 */
gboolean
tcgui_nl_put_htb_class (TcguiNl  *nl,
                        int       ifindex,
                        guint32   classid,
                        guint64   rate_bytes,
                        GError  **error)
{
  g_autoptr(TcguiNlMsg) msg = NULL;
  struct tc_htb_opt opt = { 0 };
  struct nlattr *opts;
  int err;

  opt.rate.rate = (guint32) MIN (rate_bytes, G_MAXUINT32);
  opt.rate.linklayer = TC_LINKLAYER_ETHERNET;
  opt.ceil = opt.rate;
  opt.buffer = opt.cbuffer = HTB_BUCKET_NS / NS_PER_TICK;
  opt.quantum = HTB_QUANTUM;

  msg = tc_msg_new (RTM_NEWTCLASS, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE,
                    ifindex, classid & 0xffff0000u, classid, 0, "htb");
  if (msg == NULL || !(opts = nla_nest_start (msg, TCA_OPTIONS)) ||
      nla_put (msg, TCA_HTB_PARMS, sizeof opt, &opt) < 0 ||
      (rate_bytes > G_MAXUINT32 &&
       (nla_put_u64 (msg, TCA_HTB_RATE64, rate_bytes) < 0 ||
        nla_put_u64 (msg, TCA_HTB_CEIL64, rate_bytes) < 0)))
    return out_of_memory (error);
  nla_nest_end (msg, opts);

  if ((err = send_sync (nl, g_steal_pointer (&msg))) < 0)
    return tcgui_nl_set_request_error (error, err, TCGUI_NL_REQUEST_HTB_CLASS,
                                       "Cannot add a class for a flow");
  return TRUE;
}

/* A partition's leaf: the blackhole qdisc drops everything it gets, on
 * every kernel (it is built in; gact is a module that may be missing). */
gboolean
tcgui_nl_put_blackhole (TcguiNl              *nl,
                        const TcguiQdiscSpec *spec,
                        GError              **error)
{
  g_autoptr(TcguiNlMsg) msg = NULL;
  int err;

  msg = tc_msg_new (RTM_NEWQDISC, qdisc_flags (spec), spec->ifindex,
                    spec->parent, spec->handle, 0, "blackhole");
  if (msg == NULL)
    return out_of_memory (error);
  if ((err = send_sync (nl, g_steal_pointer (&msg))) < 0)
    return tcgui_nl_set_error (error, err, "Cannot set up a partition");
  return TRUE;
}

/**
 * tcgui_nl_add_u32_rule:
 * @parent: the qdisc whose classes @rule selects
 *
 * Adds `u32 match … classid` at @rule's priority and protocol. Rules of
 * one priority and protocol are nodes of one u32 filter.
 */
gboolean
tcgui_nl_add_u32_rule (TcguiNl             *nl,
                       int                  ifindex,
                       guint32              parent,
                       const TcguiU32Rule  *rule,
                       GError             **error)
{
  g_autoptr(TcguiNlMsg) msg = NULL;
  union {
    struct tc_u32_sel sel;
    guint8 bytes[sizeof (struct tc_u32_sel) + TCGUI_U32_MAX_KEYS * sizeof (struct tc_u32_key)];
  } sel;
  struct nlattr *opts;
  int err;

  g_return_val_if_fail (rule->n_keys <= TCGUI_U32_MAX_KEYS, FALSE);

  memset (&sel, 0, sizeof sel);
  sel.sel.flags = TC_U32_TERMINAL;
  sel.sel.nkeys = (unsigned char) rule->n_keys;
  for (guint i = 0; i < rule->n_keys; i++)
    {
      sel.sel.keys[i].val = htonl (rule->keys[i].val & rule->keys[i].mask);
      sel.sel.keys[i].mask = htonl (rule->keys[i].mask);
      sel.sel.keys[i].off = rule->keys[i].off;
    }

  msg = tc_msg_new (RTM_NEWTFILTER, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE,
                    ifindex, parent, 0,
                    ((guint32) rule->prio << 16) | htons (rule->protocol), "u32");
  if (msg == NULL || !(opts = nla_nest_start (msg, TCA_OPTIONS)))
    return out_of_memory (error);
  if (nla_put (msg, TCA_U32_SEL,
               sizeof (struct tc_u32_sel) + rule->n_keys * sizeof (struct tc_u32_key), &sel) < 0 ||
      nla_put_u32 (msg, TCA_U32_CLASSID, rule->classid) < 0)
    return out_of_memory (error);
  nla_nest_end (msg, opts);

  if ((err = send_sync (nl, g_steal_pointer (&msg))) < 0)
    return tcgui_nl_set_request_error (error, err, TCGUI_NL_REQUEST_U32,
                                       "Cannot add the filter of a flow");
  tcgui_nl_note_u32_works ();
  return TRUE;
}

void
tcgui_u32_rule_free (TcguiU32Rule *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->kind);
  g_free (rule);
}

/* A u32 node as TC GUI writes it: a selector without hashing or offsets,
 * a classid, no actions, no links. */
static void
parse_u32_node (TcguiU32Rule   *rule,
                struct nlattr  *options)
{
  struct nlattr *u32[TCA_U32_MAX + 1];
  const struct tc_u32_sel *sel;

  if (options == NULL || nla_parse_nested (u32, TCA_U32_MAX, options, NULL) < 0)
    return;
  if (u32[TCA_U32_CLASSID] != NULL)
    rule->classid = nla_get_u32 (u32[TCA_U32_CLASSID]);
  if (u32[TCA_U32_SEL] == NULL || nla_len (u32[TCA_U32_SEL]) < (int) sizeof *sel)
    return;
  sel = nla_data (u32[TCA_U32_SEL]);
  if (nla_len (u32[TCA_U32_SEL]) < (int) (sizeof *sel + sel->nkeys * sizeof (struct tc_u32_key)) ||
      sel->nkeys > TCGUI_U32_MAX_KEYS)
    return;
  rule->n_keys = sel->nkeys;
  for (guint i = 0; i < sel->nkeys; i++)
    {
      rule->keys[i].val = ntohl (sel->keys[i].val);
      rule->keys[i].mask = ntohl (sel->keys[i].mask);
      rule->keys[i].off = sel->keys[i].off;
      if (sel->keys[i].offmask != 0)
        return;
    }
  rule->understood = u32[TCA_U32_CLASSID] != NULL && u32[TCA_U32_ACT] == NULL &&
                     u32[TCA_U32_LINK] == NULL && u32[TCA_U32_POLICE] == NULL &&
                     sel->hmask == 0 && sel->offmask == 0 && sel->off == 0 &&
                     (sel->flags & ~TC_U32_TERMINAL) == 0;
}

static int
rule_dump_cb (struct nl_msg *msg,
              void          *user_data)
{
  GPtrArray *out = user_data;
  struct nlmsghdr *nlh = nlmsg_hdr (msg);
  struct nlattr *tb[TCA_MAX + 1];
  struct tcmsg *tcm;
  TcguiU32Rule *rule;

  if (nlh->nlmsg_type != RTM_NEWTFILTER ||
      nlmsg_parse (nlh, sizeof *tcm, tb, TCA_MAX, NULL) < 0 || tb[TCA_KIND] == NULL)
    return NL_SKIP;
  tcm = nlmsg_data (nlh);
  /* Each filter is dumped once bare (its priority and protocol), then
   * each of its nodes with a handle; u32 adds its hash table. */
  if (tcm->tcm_handle == 0 || out->len > TCGUI_NL_FILTERS_MAX)
    return NL_SKIP;
  rule = g_new0 (TcguiU32Rule, 1);
  /* Past the cap: one rule that is no rule, so the cut is never silent. */
  if (out->len == TCGUI_NL_FILTERS_MAX)
    {
      rule->kind = g_strdup ("(more)");
      g_ptr_array_add (out, rule);
      return NL_SKIP;
    }
  rule->kind = g_strndup (nla_data (tb[TCA_KIND]), nla_len (tb[TCA_KIND]));
  rule->prio = (guint16) (tcm->tcm_info >> 16);
  rule->protocol = ntohs ((guint16) (tcm->tcm_info & 0xffff));
  if (strcmp (rule->kind, "u32") == 0)
    {
      struct nlattr *u32[TCA_U32_MAX + 1];

      /* The hash table node (no selector) is no rule. */
      if (tb[TCA_OPTIONS] != NULL &&
          nla_parse_nested (u32, TCA_U32_MAX, tb[TCA_OPTIONS], NULL) >= 0 &&
          u32[TCA_U32_SEL] == NULL)
        {
          tcgui_u32_rule_free (rule);
          return NL_SKIP;
        }
      parse_u32_node (rule, tb[TCA_OPTIONS]);
    }
  g_ptr_array_add (out, rule);
  return NL_OK;
}

/**
 * tcgui_nl_list_filters:
 *
 * Returns: (transfer full) (element-type TcguiU32Rule): every filter node
 *   under @parent (at most %TCGUI_NL_FILTERS_MAX, then one rule of kind
 *   "(more)" when there were more); those that are not plain u32 rules
 *   have @understood FALSE
 */
GPtrArray *
tcgui_nl_list_filters (TcguiNl  *nl,
                       int       ifindex,
                       guint32   parent,
                       GError  **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) tcgui_u32_rule_free);
  struct tcmsg tcm = { .tcm_family = AF_UNSPEC, .tcm_ifindex = ifindex, .tcm_parent = parent };
  struct nl_cb *orig, *cb;
  int err;

  if ((err = nl_send_simple (nl->sock, RTM_GETTFILTER, NLM_F_DUMP, &tcm, sizeof tcm)) < 0)
    {
      tcgui_nl_set_error (error, err, "Cannot read the filters");
      return NULL;
    }
  orig = nl_socket_get_cb (nl->sock);
  cb = nl_cb_clone (orig);
  nl_cb_put (orig);
  if (cb == NULL)
    {
      out_of_memory (error);
      return NULL;
    }
  nl_cb_set (cb, NL_CB_VALID, NL_CB_CUSTOM, rule_dump_cb, out);
  err = nl_recvmsgs (nl->sock, cb);
  nl_cb_put (cb);
  if (err < 0 && err != -NLE_OBJ_NOTFOUND && err != -NLE_INVAL)
    {
      tcgui_nl_set_error (error, err, "Cannot read the filters");
      return NULL;
    }
  return g_steal_pointer (&out);
}
