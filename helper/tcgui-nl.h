/* tcgui-nl.h - the one place that talks to libnl
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "tcgui-params.h"

G_BEGIN_DECLS

/* Opaque for the rest of the helper: only tcgui-nl*.c include libnl. */
typedef struct _TcguiNl TcguiNl;

typedef struct
{
  char     *name;
  int       index;
  char     *kind;        /* "veth", "bridge", "loopback", "device", ... */
  char     *mac;         /* "aa:bb:cc:dd:ee:ff" or "" */
  guint     mtu;
  guint     gso_max_size;/* IFLA_GSO_MAX_SIZE: the largest GSO packet, 0 if unknown */
  char     *operstate;   /* "up", "down", "unknown", ... */
  char     *qdisc;       /* root qdisc kind, "" if none */
  int       peer_index;  /* IFLA_LINK: a veth's peer, 0 if none */
  int       link_netnsid;/* the peer's namespace id, -1 if same namespace */
  int       master_index;
} TcguiLinkInfo;

typedef struct
{
  gboolean netem;
  gboolean tbf;
  gboolean ifb;
  gboolean htb;          /* flows: the htb qdisc (u32 is probed by use) */
} TcguiKernelCaps;

TcguiNl   *tcgui_nl_new_in          (int               nsfd,
                                     GError          **error);
void       tcgui_nl_free            (TcguiNl          *nl);
GPtrArray *tcgui_nl_list_links      (TcguiNl          *nl,
                                     GError          **error);
TcguiLinkInfo *tcgui_nl_find_link       (TcguiNl          *nl,
                                     const char       *ifname,
                                     GError          **error);
void       tcgui_link_info_free          (TcguiLinkInfo        *link);
const TcguiKernelCaps *tcgui_nl_get_kernel_caps (void);
gboolean   tcgui_nl_get_nsid        (TcguiNl          *nl,
                                     int               nsfd,
                                     int              *nsid,
                                     GError          **error);
gboolean   tcgui_nl_set_error       (GError          **error,
                                     int               nlerr,
                                     const char       *format,
                                     ...) G_GNUC_PRINTF (3, 4);

/* What a request made, for tcgui_nl_set_request_error(): a kernel error
 * means something else for each (ENOENT: a missing kind, or a parent
 * that went away meanwhile). */
typedef enum
{
  TCGUI_NL_REQUEST_TBF,        /* RTM_NEWQDISC "tbf" */
  TCGUI_NL_REQUEST_HTB,        /* RTM_NEWQDISC "htb" */
  TCGUI_NL_REQUEST_HTB_CLASS,  /* RTM_NEWTCLASS under an htb */
  TCGUI_NL_REQUEST_U32,        /* RTM_NEWTFILTER "u32" */
  TCGUI_NL_REQUEST_IFB,        /* RTM_NEWLINK "ifb" */
} TcguiNlRequest;

gboolean   tcgui_nl_set_request_error (GError        **error,
                                       int             nlerr,
                                       TcguiNlRequest  request,
                                       const char     *format,
                                       ...) G_GNUC_PRINTF (4, 5);
void       tcgui_nl_note_u32_works  (void);

/* Traffic control (tcgui-nl-qdisc.c). Handles are the kernel's 32-bit
 * "major:minor" values; TC_H_ROOT is 0xffffffff. */
#define TCGUI_TC_H_ROOT     0xffffffffu
#define TCGUI_TC_H_INGRESS  0xfffffff1u

typedef struct
{
  guint64 sent_bytes;
  guint64 sent_packets;
  guint64 drops;
  guint64 overlimits;
  guint64 requeues;
  guint64 backlog_bytes;
  guint64 backlog_packets;
} TcguiQdiscStats;

/* One qdisc as the kernel reports it. For "netem" and "tbf" the options are
 * parsed into @params (netem: the impairments and limit; tbf: rate, burst
 * and the byte limit in @tbf_limit_bytes). */
typedef struct
{
  char            *kind;
  guint32          handle;
  guint32          parent;
  TcguiQdiscStats  stats;
  gboolean         parsed;
  TcguiParams      params;
  guint32          tbf_limit_bytes;
} TcguiQdisc;

typedef struct
{
  guint32        parent;
  guint32        handle;
  gboolean       replace_only;   /* change an existing qdisc, never create */
  int            ifindex;
  guint          mtu;
} TcguiQdiscSpec;

GPtrArray *tcgui_nl_list_qdiscs      (TcguiNl              *nl,
                                      int                   ifindex,
                                      GError              **error);
void       tcgui_qdisc_free          (TcguiQdisc           *qdisc);
gboolean   tcgui_nl_put_netem        (TcguiNl              *nl,
                                      const TcguiQdiscSpec *spec,
                                      const TcguiParams    *params,
                                      const gint16         *dist,
                                      gsize                 dist_len,
                                      GError              **error);
gboolean   tcgui_nl_put_tbf          (TcguiNl              *nl,
                                      const TcguiQdiscSpec *spec,
                                      guint64               rate_bytes,
                                      guint32               burst_bytes,
                                      guint32               limit_bytes,
                                      GError              **error);
gboolean   tcgui_nl_delete_qdisc     (TcguiNl              *nl,
                                      int                   ifindex,
                                      guint32               parent,
                                      guint32               handle,
                                      GError              **error);
gboolean   tcgui_nl_add_ingress      (TcguiNl              *nl,
                                      int                   ifindex,
                                      GError              **error);
gboolean   tcgui_nl_add_redirect     (TcguiNl              *nl,
                                      int                   ifindex,
                                      guint16               prio,
                                      int                   to_ifindex,
                                      GError              **error);
gboolean   tcgui_nl_delete_redirect  (TcguiNl              *nl,
                                      int                   ifindex,
                                      guint16               prio,
                                      GError              **error);
int        tcgui_nl_create_ifb       (TcguiNl              *nl,
                                      const char           *name,
                                      GError              **error);
gboolean   tcgui_nl_delete_link      (TcguiNl              *nl,
                                      int                   ifindex,
                                      GError              **error);
TcguiLinkInfo *tcgui_nl_find_link_by_index (TcguiNl            *nl,
                                      int                   ifindex,
                                      GError              **error);
gboolean   tcgui_nl_find_redirect    (TcguiNl              *nl,
                                      int                   ifindex,
                                      guint16               prio,
                                      gboolean             *found,
                                      int                  *to_ifindex,
                                      GError              **error);
gboolean   tcgui_nl_ingress_has_others (TcguiNl            *nl,
                                      int                   ifindex,
                                      guint16               prio,
                                      gboolean             *others,
                                      GError              **error);

/* Flows (tcgui-nl-qdisc.c): an htb root with a class per flow, u32
 * filters that select them. */
#define TCGUI_U32_MAX_KEYS 16

/* One u32 rule: packets whose words at @off (from the network header)
 * equal @val under @mask, all keys, go to @classid. Host byte order. */
typedef struct
{
  guint32 val;
  guint32 mask;
  int     off;
} TcguiU32Key;

/* tcgui_nl_list_filters() reads at most this many filter nodes; a dump
 * cut there ends in one more rule, not understood (a foreign one). */
#define TCGUI_NL_FILTERS_MAX 4096u

typedef struct
{
  guint16      prio;
  guint16      protocol;       /* ETH_P_IP or ETH_P_IPV6 */
  guint32      classid;
  guint        n_keys;
  TcguiU32Key  keys[TCGUI_U32_MAX_KEYS];
  gboolean     understood;     /* a plain u32 rule: selector, classid, nothing else */
  char        *kind;           /* read back: the classifier ("u32", "flower", …) */
} TcguiU32Rule;

gboolean   tcgui_nl_put_htb          (TcguiNl              *nl,
                                      const TcguiQdiscSpec *spec,
                                      guint16               default_minor,
                                      GError              **error);
gboolean   tcgui_nl_put_htb_class    (TcguiNl              *nl,
                                      int                   ifindex,
                                      guint32               classid,
                                      guint64               rate_bytes,
                                      GError              **error);
gboolean   tcgui_nl_put_blackhole    (TcguiNl              *nl,
                                      const TcguiQdiscSpec *spec,
                                      GError              **error);
gboolean   tcgui_nl_add_u32_rule     (TcguiNl              *nl,
                                      int                   ifindex,
                                      guint32               parent,
                                      const TcguiU32Rule   *rule,
                                      GError              **error);
GPtrArray *tcgui_nl_list_filters     (TcguiNl              *nl,
                                      int                   ifindex,
                                      guint32               parent,
                                      GError              **error);
void       tcgui_u32_rule_free       (TcguiU32Rule         *rule);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcguiQdisc, tcgui_qdisc_free)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcguiNl, tcgui_nl_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcguiLinkInfo, tcgui_link_info_free)

/* Interface counters (tcgui-nl-stats.c), as the kernel keeps them. */
typedef struct
{
  char    *name;
  int      index;
  guint    bits;         /* 64 (IFLA_STATS64), 32 (IFLA_STATS) or 0 (none) */
  guint64  rx_bytes;
  guint64  tx_bytes;
  guint64  rx_packets;
  guint64  tx_packets;
  guint64  rx_dropped;
  guint64  tx_dropped;
} TcguiLinkStats;

GHashTable *tcgui_nl_dump_link_stats (TcguiNl              *nl,
                                      GError              **error);
void       tcgui_link_stats_free     (TcguiLinkStats       *stats);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcguiLinkStats, tcgui_link_stats_free)

G_END_DECLS
