/* tcgui-qdisc.c - the traffic-control engine
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-qdisc"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>

#include "tcgui-error.h"
#include "tcgui-flow-resolve.h"
#include "tcgui-flow-rules.h"
#include "tcgui-journal.h"
#include "tcgui-netns.h"
#include "tcgui-nl.h"
#include "tcgui-qdisc.h"

/* The trees TC GUI builds (and reads back, also when `tc` built them):
 *
 *   impairments only       root netem H:
 *   rate only              root tbf H:
 *   impairments and rate   root netem H:, tbf (H+0x10): at parent H:1
 *   with flows             root htb H: default H:ffff
 *                            class H:N+1 per flow N (1 Tbit/s: no limit of
 *                              its own), its leaf at L = 0x7d00 (H A) or
 *                              0x7e00 (H B) + 2N: netem L:, tbf L:,
 *                              netem L: with tbf (L+1): at L:1, or
 *                              blackhole L: (a partition); none when the
 *                              flow is not shaped
 *                            class H:ffff, the default (the top-level
 *                              parameters), its leaf at L = base + 128
 *                            u32 filters at parent H:, flow N at priority
 *                              0x100 + 2N (IPv4) and 0x101 + 2N (IPv6),
 *                              one node per prefix and port block (see
 *                              tcgui-flow-rules.c), classid H:N+1
 *
 * netem is the root so that a kernel without sch_netem fails on the first
 * step, before anything changed. A change that keeps the tree's shape and
 * only raises the rate, burst and queue limit (or changes netem) is done in
 * place (NLM_F_REPLACE on the same handles), which keeps the queue and the
 * counters. Any other change builds the new root at the other of two
 * handles, which the kernel grafts in one step, so there is never a moment
 * without shaping; the old tree goes with its queue. That includes every
 * change that lowers the rate, burst or limit of a tbf: changed in place,
 * tbf keeps the packets it queued under the old bucket, and one larger than
 * the new bucket (a GSO packet, say) is never sent, which stops the link
 * for good (`tc qdisc change` does that). Read back, such a tree has the
 * other handle and counters that start again from 0. A tree with flows is
 * always built anew: its htb root is grafted at the other handle in one
 * step, then its classes, leaves and filters are added in the same call
 * (until they are, traffic passes the htb unshaped: a
 * few netlink round trips). Read back, an htb root at one of TC GUI's
 * handles whose every class holds a leaf TC GUI makes and whose filters
 * are all rules TC GUI writes is TC GUI's; any other htb tree is
 * "foreign", its filters shown as flows with "foreign" set. A partition
 * uses the blackhole qdisc, built into every kernel, rather than gact's
 * drop action (a module the host kernel here lacks).
 *
 * Incoming traffic of a veth is shaped on its peer's egress when the peer
 * is reachable: in the same namespace, or in a namespace the helper can
 * name by itself (the host, or a named `ip netns` one, which is where a
 * container's eth0 and the host side of a Podman container's veth have
 * their peers). The peer's namespace is the one whose id, as the link's
 * own namespace numbers it (RTM_GETNSID), is the link's IFLA_LINK_NETNSID:
 * the kernel says which namespace it is, no caller names a path. Otherwise
 * (other interfaces, veths whose peer is in a namespace nothing names) an
 * IFB device "tcgui-ifb<INDEX>" is created in the namespace, an ingress
 * qdisc with a u32 match-all filter redirects arriving packets to it, and
 * the tree is built on the IFB's egress. An IFB that exists, or that the
 * journal says was made, keeps incoming on the IFB until it is cleared, so
 * that what is left of it is always read back, repaired or removed. */

#define ETH_OVERHEAD     14
#define N_NS_LOCKS       64

/* The namespace of a veth's peer, when it is another one. */
typedef struct
{
  char      *ns_id;      /* "host" or "netns:NAME" */
  int        nsfd;
  guint64    inode;
  TcguiNl   *nl;         /* NULL: not found (incoming then uses an IFB) */
  TcguiLinkInfo *link;       /* the peer */
  gboolean   borrowed;   /* ns_id, nsfd and nl belong to a TcguiQdiscNs's cache */
  GError    *error;      /* (in that cache) why it was not found */
} PeerNs;

typedef struct
{
  char      *ns_id;
  int        nsfd;
  guint64    inode;
  TcguiNl   *nl;
  TcguiLinkInfo *link;
  PeerNs     peer;
  GMutex    *lock;
  GMutex    *peer_lock;
  TcguiQdiscNs *ns;      /* a batch's open namespace, which owns ns_id, nsfd and nl */
} Target;

/* A namespace opened once for many changes (SetShapingBatch): its socket
 * was created inside it and stays bound to it, and the namespaces of veth
 * peers found from it are kept too, so that no change of the batch enters
 * a namespace again. */
struct _TcguiQdiscNs
{
  char       *ns_id;
  int         nsfd;
  guint64     inode;
  TcguiNl    *nl;
  GHashTable *peers;     /* link-netnsid → PeerNs (nl NULL: not found) */
};

/* One side of the shaping: the device whose root qdisc shapes it. */
typedef struct
{
  int         ifindex;   /* 0: not set up (no IFB yet) */
  char       *name;
  guint       mtu;
  guint       gso_max;   /* the largest GSO packet its traffic comes in, 0: unknown */
  char       *via;       /* "", "peer", "ifb" */
  TcguiNl    *nl;        /* borrowed: a socket in the device's namespace */
  const char *ns_id;     /* borrowed: that namespace when not the target's */
  gboolean    incoming;  /* it shapes incoming traffic: flows match the source */
} Device;

typedef struct
{
  const char      *owner;        /* "none", "tcgui", "tc", "foreign" */
  char            *root_kind;
  guint32          root_handle;
  gboolean         has_child;
  gboolean         ingress;      /* an ingress or clsact qdisc exists */
  TcguiParams      params;
  TcguiQdiscStats  stats;
  /* The tbf as the kernel reports it, for reading TC GUI's own trees back
   * exactly (refine_tbf_from_journal()). */
  gboolean         tbf_found;
  gboolean         tbf_alone;    /* no netem: the limit is tbf's, in bytes */
  guint32          tbf_burst;    /* from the bucket's 64 ns ticks */
  guint32          tbf_limit;    /* bytes */
  /* An htb root with flows (TC GUI's or anyone's), as read back. */
  gboolean         flows_tree;
  GPtrArray       *flows;
} Tree;

/* No descriptors yet: target_clear() must not close fd 0 when a call
 * returns before target_open(). */
#define TARGET_INIT { .nsfd = -1, .peer = { .nsfd = -1 } }

static GMutex ns_locks[N_NS_LOCKS];

static void
peer_clear (PeerNs *peer)
{
  g_clear_pointer (&peer->link, tcgui_link_info_free);
  if (peer->borrowed)
    {
      peer->nl = NULL;
      peer->nsfd = -1;
      peer->ns_id = NULL;
      peer->borrowed = FALSE;
    }
  g_clear_pointer (&peer->nl, tcgui_nl_free);
  if (peer->nsfd >= 0)
    close (peer->nsfd);
  peer->nsfd = -1;
  g_clear_pointer (&peer->ns_id, g_free);
}

static void
target_clear (Target *t)
{
  if (t->peer_lock != NULL)
    g_mutex_unlock (t->peer_lock);
  if (t->lock != NULL)
    g_mutex_unlock (t->lock);
  peer_clear (&t->peer);
  g_clear_pointer (&t->link, tcgui_link_info_free);
  if (t->ns != NULL)
    return;
  g_clear_pointer (&t->nl, tcgui_nl_free);
  if (t->nsfd >= 0)
    close (t->nsfd);
  g_clear_pointer (&t->ns_id, g_free);
}

static void
device_clear (Device *d)
{
  g_clear_pointer (&d->name, g_free);
  g_clear_pointer (&d->via, g_free);
}

static void
tree_clear (Tree *tree)
{
  g_clear_pointer (&tree->root_kind, g_free);
  g_clear_pointer (&tree->flows, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Target, target_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Device, device_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Tree, tree_clear)

static gboolean
peer_is_remote (const TcguiLinkInfo *link)
{
  return g_strcmp0 (link->kind, "veth") == 0 && link->peer_index > 0 &&
         link->link_netnsid >= 0;
}

typedef struct
{
  TcguiNl *nl;
  int      nsid;
} NsidMatch;

static gboolean
nsid_matches (int      nsfd,
              gpointer data)
{
  NsidMatch *m = data;
  int nsid = -1;

  return tcgui_nl_get_nsid (m->nl, nsfd, &nsid, NULL) && nsid == m->nsid;
}

/* Finds the namespace whose id, as @t's namespace numbers it, is the
 * link's link-netnsid, among those the helper can name. */
static gboolean
peer_ns_find (Target  *t,
              PeerNs  *peer,
              GError **error)
{
  NsidMatch m = { t->nl, t->link->link_netnsid };
  g_autoptr(TcguiNsRef) ref = NULL;

  if ((peer->nsfd = tcgui_netns_find (nsid_matches, &m, &ref)) < 0)
    return (g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_NAMESPACE,
                         "no namespace the helper can name has link-netnsid %d", m.nsid), FALSE);
  peer->ns_id = tcgui_ns_ref_to_string (ref);
  return tcgui_netns_get_inode (peer->nsfd, &peer->inode, error) &&
         (peer->nl = tcgui_nl_new_in (peer->nsfd, error)) != NULL;
}

/* The peer's namespace of a batch: found once per link-netnsid. */
static gboolean
peer_ns_find_cached (Target  *t,
                     PeerNs  *peer,
                     GError **error)
{
  gpointer key = GINT_TO_POINTER (t->link->link_netnsid);
  PeerNs *cached = g_hash_table_lookup (t->ns->peers, key);

  /* Not found is kept too, with its reason: it is not looked for again. */
  if (cached == NULL)
    {
      cached = g_new0 (PeerNs, 1);
      if (!peer_ns_find (t, cached, &cached->error))
        g_clear_pointer (&cached->nl, tcgui_nl_free);
      g_hash_table_insert (t->ns->peers, key, cached);
    }
  peer->borrowed = TRUE;
  peer->ns_id = cached->ns_id;
  peer->nsfd = cached->nsfd;
  peer->inode = cached->inode;
  peer->nl = cached->nl;
  if (peer->nl == NULL && cached->error != NULL)
    g_propagate_error (error, g_error_copy (cached->error));
  return peer->nl != NULL;
}

/* Finds the namespace of @t's veth peer and the peer in it. Not finding
 * it is no error: incoming then goes through an IFB. */
static void
peer_open (Target *t)
{
  PeerNs *peer = &t->peer;
  g_autoptr(GError) error = NULL;
  gboolean found = t->ns != NULL ? peer_ns_find_cached (t, peer, &error)
                                 : peer_ns_find (t, peer, &error);

  /* The same pair seen from the other side, or it is not the peer. */
  if (!found ||
      !(peer->link = tcgui_nl_find_link_by_index (peer->nl, t->link->peer_index, &error)) ||
      !peer_is_remote (peer->link) || peer->link->peer_index != t->link->index)
    {
      g_debug ("The peer of %s is not in %s: %s", t->link->name,
               peer->ns_id ? peer->ns_id : "any namespace the helper can name",
               error ? error->message : "not its veth peer");
      if (!peer->borrowed)
        g_clear_pointer (&peer->nl, tcgui_nl_free);
      peer->nl = NULL;
    }
}

/* Changes in one namespace are serialized (an incoming change may touch a
 * veth peer or the ingress of another interface there); a change that
 * reaches into the peer's namespace holds both locks, always taken in the
 * same order so that two such changes cannot deadlock. */
static void
target_lock (Target *t)
{
  GMutex *a = &ns_locks[t->inode % N_NS_LOCKS];
  GMutex *b = t->peer.nl != NULL ? &ns_locks[t->peer.inode % N_NS_LOCKS] : a;

  t->lock = a < b ? a : b;
  g_mutex_lock (t->lock);
  if (a != b)
    {
      t->peer_lock = a < b ? b : a;
      g_mutex_lock (t->peer_lock);
    }
}

/* Finds the interface (and, with @want_peer, a veth's peer in another
 * namespace) in @t's open namespace, then takes the locks. */
static gboolean
target_open_link (Target      *t,
                  const char  *ifname,
                  gboolean     want_peer,
                  GError     **error)
{
  if (ifname != NULL && !(t->link = tcgui_nl_find_link (t->nl, ifname, error)))
    return FALSE;
  if (want_peer && t->link != NULL && peer_is_remote (t->link))
    peer_open (t);
  target_lock (t);
  return TRUE;
}

/* Opens the namespace and the interface (and, with @want_peer, a veth's
 * peer in another namespace), then takes the locks. */
static gboolean
target_open (Target      *t,
             const char  *ns_id,
             const char  *ifname,
             gboolean     want_peer,
             GError     **error)
{
  g_autoptr(TcguiNsRef) ref = NULL;

  t->nsfd = -1;
  t->peer.nsfd = -1;
  /* Names are checked before anything is opened: a malformed one is the
   * same InvalidArgument whether its namespace exists or not. */
  if (!(ref = tcgui_ns_ref_parse (ns_id, error)) ||
      (ifname != NULL && !tcgui_netns_check_ifname (ifname, error)))
    return FALSE;
  t->ns_id = tcgui_ns_ref_to_string (ref);
  if ((t->nsfd = tcgui_netns_open (ref, error)) < 0 ||
      !tcgui_netns_get_inode (t->nsfd, &t->inode, error) ||
      !(t->nl = tcgui_nl_new_in (t->nsfd, error)))
    return FALSE;
  return target_open_link (t, ifname, want_peer, error);
}

/* The same in a namespace a batch opened: nothing is entered. */
static gboolean
target_open_in (Target        *t,
                TcguiQdiscNs  *ns,
                const char    *ifname,
                gboolean       want_peer,
                GError       **error)
{
  t->peer.nsfd = -1;
  if (ifname != NULL && !tcgui_netns_check_ifname (ifname, error))
    return FALSE;
  t->ns = ns;
  t->ns_id = ns->ns_id;
  t->nsfd = ns->nsfd;
  t->inode = ns->inode;
  t->nl = ns->nl;
  return target_open_link (t, ifname, want_peer, error);
}

static char *
ifb_name (const TcguiLinkInfo *link)
{
  return tcgui_tree_ifb_name (link->index);
}

static gboolean
peer_reachable (const Target *t)
{
  return g_strcmp0 (t->link->kind, "veth") == 0 && t->link->peer_index > 0 &&
         (t->link->link_netnsid < 0 || t->peer.nl != NULL);
}

static gboolean
peer_resolve (Target  *t,
              Device  *dev,
              GError **error)
{
  g_autoptr(TcguiLinkInfo) other = NULL;

  dev->via = g_strdup ("peer");
  if (t->link->link_netnsid >= 0)
    {
      dev->nl = t->peer.nl;
      dev->ns_id = t->peer.ns_id;
      dev->ifindex = t->peer.link->index;
      dev->name = g_strdup (t->peer.link->name);
      dev->gso_max = MAX (dev->gso_max, t->peer.link->gso_max_size);
      return TRUE;
    }
  if (!(other = tcgui_nl_find_link_by_index (t->nl, t->link->peer_index, error)))
    return FALSE;
  dev->ifindex = other->index;
  dev->name = g_strdup (other->name);
  dev->gso_max = MAX (dev->gso_max, other->gso_max_size);
  return TRUE;
}

/* Finds the device that shapes @direction without creating anything; an
 * IFB that does not exist yet leaves @dev->ifindex 0. @entry: the journal's
 * entry of @direction, if any. */
static gboolean
device_resolve (Target                  *t,
                TcguiDirection           direction,
                const TcguiJournalEntry *entry,
                Device                  *dev,
                GError                 **error)
{
  g_autoptr(TcguiLinkInfo) ifb = NULL;
  g_autofree char *name = NULL;

  /* An IFB shapes what arrived on the link, in the link's packet sizes. */
  dev->mtu = t->link->mtu;
  dev->gso_max = t->link->gso_max_size;
  dev->incoming = direction == TCGUI_DIRECTION_INCOMING;
  dev->nl = t->nl;
  if (direction == TCGUI_DIRECTION_OUTGOING)
    {
      dev->ifindex = t->link->index;
      dev->name = g_strdup (t->link->name);
      dev->via = g_strdup ("");
      return TRUE;
    }

  name = ifb_name (t->link);
  ifb = tcgui_nl_find_link (t->nl, name, NULL);
  /* Whoever is root in the namespace can name any link so: only an IFB is
   * ours to shape, clear or delete. */
  if (ifb != NULL && g_strcmp0 (ifb->kind, "ifb") != 0)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_FOREIGN_QDISC,
                   "%s is a %s link, not TC GUI's IFB: incoming traffic of %s cannot be shaped",
                   name, ifb->kind, t->link->name);
      return FALSE;
    }
  if (ifb == NULL && (entry == NULL || g_strcmp0 (entry->via, "ifb") != 0) &&
      peer_reachable (t))
    return peer_resolve (t, dev, error);

  dev->via = g_strdup ("ifb");
  dev->ifindex = ifb ? ifb->index : 0;
  dev->name = ifb ? g_strdup (ifb->name) : g_steal_pointer (&name);
  return TRUE;
}

/**
 * tcgui_qdisc_default_burst:
 * @gso_max: the device's IFLA_GSO_MAX_SIZE, 0 if unknown (64 KiB)
 *
 * The burst when the user sets none: tcgui_params_default_burst() (in
 * common/, so that the app's "Copy as tc Commands" writes the same). A tbf
 * changed in place would keep the packets it queued under a larger bucket,
 * and never send them: see tbf_shrinks().
 */
guint32
tcgui_qdisc_default_burst (guint64 rate_bps,
                           guint   mtu,
                           guint   gso_max)
{
  return tcgui_params_default_burst (rate_bps, mtu, gso_max);
}

static guint32
burst_for (const TcguiParams *p,
           const Device      *dev)
{
  return p->burst_bytes ? p->burst_bytes
                        : tcgui_qdisc_default_burst (p->rate_bps, dev->mtu, dev->gso_max);
}

/* tbf's default queue: the burst and 50 ms of the rate, in its 32 bits. */
static guint32
tbf_default_limit (guint32 burst,
                   guint64 rate_bytes)
{
  return tcgui_params_default_tbf_limit (burst, rate_bytes * 8);
}

/* tbf's queue: limit-packets full frames (check_tbf_fits() made sure they
 * fit its 32 bits), or the default. */
static guint32
tbf_limit_for (const TcguiParams *p,
               guint32            burst,
               guint              mtu,
               gboolean           use_packets)
{
  guint64 bytes;

  if (!use_packets || p->limit_packets == 0)
    return tbf_default_limit (burst, p->rate_bps / 8);
  bytes = (guint64) p->limit_packets * (mtu + ETH_OVERHEAD);
  return (guint32) MIN (bytes, G_MAXUINT32);
}

static gboolean
handle_is_ours (guint32 handle)
{
  guint32 major = handle >> 16;

  return major == TCGUI_HANDLE_MAJOR_A || major == TCGUI_HANDLE_MAJOR_B;
}

static const TcguiQdisc *
find_root (GPtrArray *qdiscs,
           Tree      *tree)
{
  const TcguiQdisc *root = NULL;

  for (guint i = 0; i < qdiscs->len; i++)
    {
      const TcguiQdisc *q = g_ptr_array_index (qdiscs, i);

      if (q->parent == TCGUI_TC_H_ROOT)
        root = q;
      else if (q->parent == TCGUI_TC_H_INGRESS)
        tree->ingress = TRUE;
    }
  return root;
}

/* The one visible child of @root, or NULL; FALSE when the tree has more
 * than TC GUI can represent. */
static gboolean
find_child (GPtrArray         *qdiscs,
            const TcguiQdisc  *root,
            const TcguiQdisc **child)
{
  *child = NULL;
  for (guint i = 0; i < qdiscs->len; i++)
    {
      const TcguiQdisc *q = g_ptr_array_index (qdiscs, i);

      if (q == root || q->parent == TCGUI_TC_H_INGRESS || (q->handle >> 16) == 0)
        continue;
      if (*child != NULL || q->parent != (root->handle | 1) || !q->parsed ||
          g_strcmp0 (q->kind, root->kind) == 0)
        return FALSE;
      *child = q;
    }
  return TRUE;
}

static gboolean
near (guint64 a,
      guint64 b,
      guint64 rate_bytes)
{
  /* tbf keeps the burst as a time in 64 ns ticks. */
  guint64 tolerance = rate_bytes * 64 / 1000000000 + 2;

  return (a > b ? a - b : b - a) <= tolerance;
}

static void
merge_tbf (Tree             *tree,
           const TcguiQdisc *tbf,
           gboolean          with_netem,
           const Device     *dev)
{
  TcguiParams *p = &tree->params;
  guint64 rate_bytes = tbf->params.rate_bps / 8;
  guint32 burst = tbf->params.burst_bytes;
  guint mtu = dev->mtu;

  tree->tbf_found = TRUE;
  tree->tbf_alone = !with_netem;
  tree->tbf_burst = burst;
  tree->tbf_limit = tbf->tbf_limit_bytes;
  p->rate_bps = tbf->params.rate_bps;
  p->burst_bytes = near (burst, tcgui_qdisc_default_burst (p->rate_bps, mtu, dev->gso_max),
                         rate_bytes) ? 0 : burst;
  if (with_netem)
    return;

  /* Alone, tbf holds the queue limit in bytes: shown in whole frames. */
  if (!near (tbf->tbf_limit_bytes, tbf_default_limit (burst, rate_bytes), rate_bytes))
    p->limit_packets = (tbf->tbf_limit_bytes + (mtu + ETH_OVERHEAD) / 2) / (mtu + ETH_OVERHEAD);
}

/* Flows trees: root htb H: with the class H:(N+1) for flow N and the
 * default class H:ffff; each class's leaf qdisc (and the tbf under a
 * netem leaf) at majors of their own, apart for the two root handles so
 * that a new tree never meets the old one's. */
#define FLOW_DEFAULT_MINOR   0xffffu
#define FLOW_LEAF_MAJOR_BASE 0x7d00u
#define FLOW_UNLIMITED_BYTES (TCGUI_PARAMS_MAX_RATE_BPS / 8)

static guint32
flow_leaf_handle (guint32 root_handle,
                  guint   slot)
{
  guint32 tree = (root_handle >> 16) == TCGUI_HANDLE_MAJOR_A ? 0 : 1;

  return (FLOW_LEAF_MAJOR_BASE + tree * 0x100 + 2 * slot) << 16;
}

/* What the leaf of @classid does: nothing, netem, tbf, netem over tbf or
 * a blackhole (a partition). FALSE when it holds anything else. */
static gboolean
leaf_analyze (GPtrArray    *qdiscs,
              guint32       classid,
              const Device *dev,
              TcguiParams  *params,
              gboolean     *partition)
{
  const TcguiQdisc *leaf = NULL, *child = NULL;
  Tree sub = { 0 };

  tcgui_params_init (params);
  *partition = FALSE;
  for (guint i = 0; i < qdiscs->len; i++)
    {
      const TcguiQdisc *q = g_ptr_array_index (qdiscs, i);

      if (q->parent == classid && (q->handle >> 16) != 0)
        leaf = q;
    }
  if (leaf == NULL)
    return TRUE;
  if (g_strcmp0 (leaf->kind, "blackhole") == 0)
    return (*partition = TRUE);
  if (!leaf->parsed)
    return FALSE;
  for (guint i = 0; i < qdiscs->len; i++)
    {
      const TcguiQdisc *q = g_ptr_array_index (qdiscs, i);

      if (q->parent == (leaf->handle | 1) && (q->handle >> 16) != 0)
        child = q;
    }
  if (child != NULL && (!child->parsed || g_strcmp0 (child->kind, "tbf") != 0 ||
                        g_strcmp0 (leaf->kind, "netem") != 0))
    return FALSE;
  if (g_strcmp0 (leaf->kind, "netem") == 0)
    sub.params = leaf->params;
  if (g_strcmp0 (leaf->kind, "tbf") == 0 || child != NULL)
    merge_tbf (&sub, child != NULL ? child : leaf, child != NULL, dev);
  *params = sub.params;
  return TRUE;
}

/* An htb root: its flows from the filters, each with its class's leaf.
 * TC GUI's own when the handle is one of its two and every piece is one
 * it makes; anything else is shown as foreign. */
static void
flows_analyze (GPtrArray        *qdiscs,
               GPtrArray        *rules,
               const TcguiQdisc *root,
               const Device     *dev,
               Tree             *tree)
{
  g_autoptr(GArray) classids = NULL;
  gboolean ours = handle_is_ours (root->handle), partition;

  tree->flows_tree = TRUE;
  tree->flows = tcgui_flow_rules_read (rules, dev->incoming, &classids);
  for (guint i = 0; i < tree->flows->len; i++)
    {
      TcguiFlow *flow = g_ptr_array_index (tree->flows, i);
      guint32 classid = g_array_index (classids, guint32, i);

      if ((classid & 0xffff0000u) != root->handle ||
          !leaf_analyze (qdiscs, classid, dev, &flow->params, &flow->partition))
        flow->foreign = TRUE;
      ours = ours && !flow->foreign;
    }
  if (!leaf_analyze (qdiscs, root->handle | FLOW_DEFAULT_MINOR, dev, &tree->params, &partition) ||
      partition)
    ours = FALSE;
  for (guint i = 0; !ours && i < tree->flows->len; i++)
    ((TcguiFlow *) g_ptr_array_index (tree->flows, i))->foreign = TRUE;
  tree->owner = ours ? "tcgui" : "foreign";
}

/* Reads what the qdiscs of a device mean for TC GUI. @rules: the filters
 * under an htb root. */
static void
tree_analyze (GPtrArray    *qdiscs,
              GPtrArray    *rules,
              const Device *dev,
              Tree         *tree)
{
  const TcguiQdisc *root = find_root (qdiscs, tree);
  const TcguiQdisc *child = NULL;
  const TcguiQdisc *netem, *tbf;

  tree->owner = "none";
  tcgui_params_init (&tree->params);
  if (root == NULL)
    {
      tree->root_kind = g_strdup ("");
      return;
    }
  tree->root_kind = g_strdup (root->kind);
  tree->root_handle = root->handle;
  tree->stats = root->stats;

  /* Handle 0: the kernel's default qdisc (noqueue, pfifo_fast, mq). */
  if ((root->handle >> 16) == 0)
    return;
  if (rules != NULL)
    {
      flows_analyze (qdiscs, rules, root, dev, tree);
      return;
    }
  if (!root->parsed || !find_child (qdiscs, root, &child))
    {
      tree->owner = "foreign";
      return;
    }

  tree->has_child = child != NULL;
  netem = g_strcmp0 (root->kind, "netem") == 0 ? root : child;
  tbf = g_strcmp0 (root->kind, "tbf") == 0 ? root : child;
  if (netem != NULL)
    tree->params = netem->params;
  if (tbf != NULL)
    merge_tbf (tree, tbf, netem != NULL, dev);
  tree->owner = handle_is_ours (root->handle) ? "tcgui" : "tc";
}

static gboolean
tree_read (Target        *t,
           const Device  *dev,
           Tree          *tree,
           GError       **error)
{
  g_autoptr(GPtrArray) qdiscs = NULL;
  g_autoptr(GPtrArray) rules = NULL;
  Tree probe = { 0 };
  const TcguiQdisc *root;

  if (dev->ifindex == 0)
    {
      tree->owner = "none";
      tree->root_kind = g_strdup ("");
      return TRUE;
    }
  if (!(qdiscs = tcgui_nl_list_qdiscs (dev->nl, dev->ifindex, error)))
    return FALSE;
  /* A classful root's classes are chosen by its filters. */
  root = find_root (qdiscs, &probe);
  if (root != NULL && g_strcmp0 (root->kind, "htb") == 0 &&
      !(rules = tcgui_nl_list_filters (dev->nl, dev->ifindex, root->handle, error)))
    return FALSE;
  tree_analyze (qdiscs, rules, dev, tree);
  return TRUE;
}

/* Distribution tables. */

static const char * const dist_dirs[] = {
  /* Where iproute2 installs them: Debian's multiarch path, then others. */
  "/usr/lib/x86_64-linux-gnu/tc",
  "/usr/lib/aarch64-linux-gnu/tc",
  "/usr/lib/i386-linux-gnu/tc",
  "/usr/lib64/tc",
  "/usr/lib/tc",
  "/lib/tc",
  "/usr/share/tc",
};

static GArray *
parse_dist (const char *text)
{
  GArray *table = g_array_new (FALSE, FALSE, sizeof (gint16));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = NULL;

      if (lines[i][0] == '#')
        continue;
      words = g_strsplit_set (lines[i], " \t\r", -1);
      for (guint j = 0; words[j] != NULL; j++)
        {
          char *end = NULL;
          long v;

          if (words[j][0] == '\0')
            continue;
          v = strtol (words[j], &end, 10);
          if (*end != '\0' || v < G_MININT16 || v > G_MAXINT16 || table->len >= 16384)
            {
              g_array_unref (table);
              return NULL;
            }
          g_array_append_vals (table, &(gint16) { (gint16) v }, 1);
        }
    }
  return table;
}

static GArray *
load_dist (TcguiDistribution   dist,
           GError            **error)
{
  static GMutex mutex;
  static GArray *cache[TCGUI_DIST_PARETONORMAL + 1];
  const char *name = tcgui_distribution_to_string (dist);
  GArray *ret = NULL;

  g_mutex_lock (&mutex);
  for (guint i = 0; cache[dist] == NULL && i < G_N_ELEMENTS (dist_dirs); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s.dist", dist_dirs[i], name);
      g_autofree char *text = NULL;

      if (g_file_get_contents (path, &text, NULL, NULL))
        cache[dist] = parse_dist (text);
    }
  if (cache[dist] != NULL)
    ret = g_array_ref (cache[dist]);
  g_mutex_unlock (&mutex);

  if (ret == NULL)
    g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_NOT_SUPPORTED,
                 "The delay distribution table “%s.dist” of iproute2 is not "
                 "installed (looked in /usr/lib/…/tc)", name);
  return ret;
}

static gboolean
dist_has_table (TcguiDistribution dist)
{
  return dist != TCGUI_DIST_NONE && dist != TCGUI_DIST_UNIFORM;
}

/* Building trees. */

static gboolean
tree_put (Target            *t,
          const Device      *dev,
          const TcguiParams *p,
          guint32            root_handle,
          gboolean           in_place,
          gboolean           had_child,
          gboolean          *touched,
          GError           **error)
{
  TcguiQdiscSpec root = { TCGUI_TC_H_ROOT, root_handle, in_place, dev->ifindex, dev->mtu };
  TcguiQdiscSpec child = { root_handle | 1, root_handle + (TCGUI_HANDLE_CHILD_DELTA << 16),
                           in_place && had_child, dev->ifindex, dev->mtu };
  guint32 burst = burst_for (p, dev);
  g_autoptr(GArray) dist = NULL;

  if (!tcgui_params_needs_netem (p))
    return (*touched = tcgui_nl_put_tbf (dev->nl, &root, p->rate_bps / 8, burst,
                                         tbf_limit_for (p, burst, dev->mtu, TRUE), error));

  if (dist_has_table (p->distribution) && !(dist = load_dist (p->distribution, error)))
    return FALSE;
  if (!tcgui_nl_put_netem (dev->nl, &root, p, dist ? (gint16 *) (gpointer) dist->data : NULL,
                           dist ? dist->len : 0, error))
    return FALSE;
  *touched = TRUE;

  if (p->rate_bps != 0)
    return tcgui_nl_put_tbf (dev->nl, &child, p->rate_bps / 8, burst,
                             tbf_limit_for (p, burst, dev->mtu, FALSE), error);
  if (in_place && had_child)
    return tcgui_nl_delete_qdisc (dev->nl, dev->ifindex, child.parent, child.handle, error);
  return TRUE;
}

/* A fresh leaf under @spec's parent: tbf alone, or netem with tbf under it
 * at @child. */
static gboolean
leaf_put (const Device         *dev,
          const TcguiParams    *p,
          const TcguiQdiscSpec *spec,
          const TcguiQdiscSpec *child,
          GError              **error)
{
  guint32 burst = burst_for (p, dev);
  g_autoptr(GArray) dist = NULL;

  if (!tcgui_params_needs_netem (p))
    return tcgui_nl_put_tbf (dev->nl, spec, p->rate_bps / 8, burst,
                             tbf_limit_for (p, burst, dev->mtu, TRUE), error);
  if (dist_has_table (p->distribution) && !(dist = load_dist (p->distribution, error)))
    return FALSE;
  if (!tcgui_nl_put_netem (dev->nl, spec, p, dist ? (gint16 *) (gpointer) dist->data : NULL,
                           dist ? dist->len : 0, error))
    return FALSE;
  if (p->rate_bps == 0)
    return TRUE;
  return tcgui_nl_put_tbf (dev->nl, child, p->rate_bps / 8, burst,
                           tbf_limit_for (p, burst, dev->mtu, FALSE), error);
}

/* One class of a flows tree and its leaf (none: the class's own fifo). */
static gboolean
class_put (const Device       *dev,
           guint32             root_handle,
           guint               slot,
           guint16             minor,
           const TcguiParams  *p,
           gboolean            partition,
           GError            **error)
{
  guint32 classid = root_handle | minor;
  guint32 leaf = flow_leaf_handle (root_handle, slot);
  TcguiQdiscSpec spec = { classid, leaf, FALSE, dev->ifindex, dev->mtu };
  TcguiQdiscSpec child = { leaf | 1, leaf + (1u << 16), FALSE, dev->ifindex, dev->mtu };

  if (!tcgui_nl_put_htb_class (dev->nl, dev->ifindex, classid, FLOW_UNLIMITED_BYTES, error))
    return FALSE;
  if (partition)
    return tcgui_nl_put_blackhole (dev->nl, &spec, error);
  if (tcgui_params_is_empty (p))
    return TRUE;
  return leaf_put (dev, p, &spec, &child, error);
}

/* The u32 rules of every flow, selecting the classes of @root_handle. */
static GPtrArray *
flows_rules (const Device  *dev,
             GPtrArray     *flows,
             GPtrArray     *resolved,
             guint32        root_handle,
             GError       **error)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) own = NULL;

  /* Without an inventory, a flow's addresses are its prefix. */
  if (resolved == NULL && !tcgui_flows_resolve (NULL, NULL, flows, &own, error))
    return NULL;
  for (guint i = 0; i < flows->len; i++)
    {
      const TcguiFlow *flow = g_ptr_array_index (flows, i);
      GArray *prefixes = g_ptr_array_index (resolved ? resolved : own, i);

      if (!tcgui_flow_rules_build (flow, i, (TcguiFlowPrefix *) (gpointer) prefixes->data,
                                   prefixes->len, dev->incoming, root_handle | (i + 1),
                                   rules, error))
        return NULL;
    }
  return g_steal_pointer (&rules);
}

/* A flows tree at @handle, grafted as the root in its first step: the
 * classes, leaves and filters follow in the same call. */
static gboolean
flows_tree_put (const Device      *dev,
                const TcguiParams *p,
                GPtrArray         *flows,
                GPtrArray         *resolved,
                guint32            handle,
                gboolean          *touched,
                GError           **error)
{
  TcguiQdiscSpec root = { TCGUI_TC_H_ROOT, handle, FALSE, dev->ifindex, dev->mtu };
  g_autoptr(GPtrArray) rules = NULL;

  /* Everything that can be refused is, before the kernel is touched. */
  if (!(rules = flows_rules (dev, flows, resolved, handle, error)))
    return FALSE;
  if (!tcgui_nl_put_htb (dev->nl, &root, FLOW_DEFAULT_MINOR, error))
    return FALSE;
  *touched = TRUE;
  for (guint i = 0; i < flows->len; i++)
    {
      const TcguiFlow *flow = g_ptr_array_index (flows, i);

      if (!class_put (dev, handle, i, (guint16) (i + 1), &flow->params, flow->partition, error))
        return FALSE;
    }
  if (!class_put (dev, handle, TCGUI_FLOWS_MAX, FLOW_DEFAULT_MINOR, p, FALSE, error))
    return FALSE;
  for (guint i = 0; i < rules->len; i++)
    if (!tcgui_nl_add_u32_rule (dev->nl, dev->ifindex, handle, g_ptr_array_index (rules, i), error))
      return FALSE;
  return TRUE;
}

static gboolean
has_flows (GPtrArray *flows)
{
  return flows != NULL && flows->len > 0;
}

/* Whether the new tbf would be smaller or slower than the one in @old.
 * tbf keeps what it queued when it is changed: a queued packet larger than
 * the new bucket is never sent, and stops the link until the rate goes up
 * again (`tc qdisc change` has the same flaw); a queue filled at a higher
 * rate or to a higher limit takes long to drain at the new rate. A fresh
 * tree grafted in place of the old one drops that queue instead. */
static gboolean
tbf_shrinks (const Tree        *old,
             const Device      *dev,
             const TcguiParams *p)
{
  guint32 burst = burst_for (p, dev);
  guint32 limit = tbf_limit_for (p, burst, dev->mtu, !tcgui_params_needs_netem (p));

  if (old->tbf_burst == 0 || p->rate_bps == 0)
    return FALSE;
  return p->rate_bps < old->params.rate_bps || limit < old->tbf_limit ||
         (burst < old->tbf_burst && !near (burst, old->tbf_burst, p->rate_bps / 8));
}

static gboolean
can_change_in_place (const Tree              *old,
                     const Device            *dev,
                     const TcguiJournalEntry *entry,
                     const TcguiParams       *p)
{
  gboolean old_netem, new_netem = tcgui_params_needs_netem (p);

  if (g_strcmp0 (old->owner, "tcgui") != 0 || old->flows_tree || tbf_shrinks (old, dev, p))
    return FALSE;
  old_netem = g_strcmp0 (old->root_kind, "netem") == 0;
  if (old_netem != new_netem)
    return FALSE;
  /* The kernel keeps a netem's distribution table when a change sends
   * none: dropping a table needs a fresh qdisc. */
  if (new_netem && !dist_has_table (p->distribution) &&
      (entry == NULL || entry->handle != old->root_handle ||
       dist_has_table (entry->params.distribution)))
    return FALSE;
  return TRUE;
}

/* Puts the previous state back after a failed change. */
static void
tree_restore (Target       *t,
              const Device *dev,
              const Tree   *old,
              guint32       new_handle)
{
  g_autoptr(GError) error = NULL;
  gboolean touched = FALSE;
  gboolean representable = g_strcmp0 (old->owner, "tcgui") == 0 ||
                           g_strcmp0 (old->owner, "tc") == 0;
  guint32 handle = ((old->root_handle >> 16) == TCGUI_HANDLE_MAJOR_A ? TCGUI_HANDLE_MAJOR_A
                                                                     : TCGUI_HANDLE_MAJOR_B) << 16;

  if (representable)
    {
      /* Graft at a handle different from the half-built tree's. */
      if (handle == new_handle)
        handle ^= 1u << 16;
      if (old->flows_tree)
        flows_tree_put (dev, &old->params, old->flows, NULL, handle, &touched, &error);
      else
        tree_put (t, dev, &old->params, handle, FALSE, FALSE, &touched, &error);
    }
  else
    tcgui_nl_delete_qdisc (dev->nl, dev->ifindex, TCGUI_TC_H_ROOT, new_handle, &error);

  /* Not g_warning(): the change's own error is what the caller gets. */
  if (error != NULL)
    g_message ("Cannot restore the qdiscs of %s after a failed change: %s",
               dev->name, error->message);
}

static gboolean
foreign_error (GError     **error,
               const Device *dev,
               const char  *what)
{
  g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_FOREIGN_QDISC,
               "%s has a %s that TC GUI did not create and cannot show; "
               "pass the force flag to replace it", dev->name, what);
  return FALSE;
}

/* Applies @p on @dev's root, atomically for the user: see the top. */
static gboolean
apply_on_device (Target                  *t,
                 const Device            *dev,
                 const TcguiJournalEntry *entry,
                 const TcguiParams       *p,
                 GPtrArray               *flows,
                 GPtrArray               *resolved,
                 guint                    flags,
                 guint32                 *out_handle,
                 GError                 **error)
{
  g_auto(Tree) old = { 0 };
  gboolean in_place, touched = FALSE;
  guint32 handle;

  if (!tree_read (t, dev, &old, error))
    return FALSE;
  if (g_strcmp0 (old.owner, "foreign") == 0 && !(flags & TCGUI_SHAPING_FLAGS_FORCE))
    return foreign_error (error, dev, old.root_kind[0] ? old.root_kind : "qdisc tree");

  /* A flows tree is always built anew and grafted. */
  in_place = !has_flows (flows) && can_change_in_place (&old, dev, entry, p);
  if (in_place)
    handle = old.root_handle;
  else
    handle = ((old.root_handle >> 16) == TCGUI_HANDLE_MAJOR_A ? TCGUI_HANDLE_MAJOR_B
                                                              : TCGUI_HANDLE_MAJOR_A) << 16;

  if (has_flows (flows) ? !flows_tree_put (dev, p, flows, resolved, handle, &touched, error)
                        : !tree_put (t, dev, p, handle, in_place, old.has_child, &touched, error))
    {
      /* A failed first step changed nothing. */
      if (touched)
        tree_restore (t, dev, &old, handle);
      return FALSE;
    }
  *out_handle = handle;
  return TRUE;
}

static gboolean
check_burst (const TcguiParams  *p,
             guint               mtu,
             GError            **error)
{
  if (p->burst_bytes != 0 && p->burst_bytes < mtu + ETH_OVERHEAD)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "“burst-bytes” must be at least one full frame (%u bytes for "
                   "MTU %u), not %u", mtu + ETH_OVERHEAD, mtu, p->burst_bytes);
      return FALSE;
    }
  return TRUE;
}

/* What a tbf can carry for @mtu: a bucket of one full frame at the rate
 * (at most 2^38 ns of it can be reported), and alone a queue of
 * limit-packets frames in its 32-bit byte limit. */
static gboolean
check_tbf_fits (const TcguiParams  *p,
                guint               mtu,
                GError            **error)
{
  guint64 frame = (guint64) mtu + ETH_OVERHEAD;
  guint64 max_packets = G_MAXUINT32 / frame;

  if (p->rate_bps == 0)
    return TRUE;
  if (p->burst_bytes == 0 && tcgui_params_max_burst_bytes (p->rate_bps) < frame)
    {
      /* The smallest rate whose 2^38 ns hold a frame, in whole bytes/s. */
      guint64 min_rate = (frame * 1000000000 + TCGUI_PARAMS_MAX_BURST_NS - 2) /
                         (TCGUI_PARAMS_MAX_BURST_NS - 1) * 8;

      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "“rate-bps” must be at least %" G_GUINT64_FORMAT " for MTU %u "
                   "(the kernel keeps a bucket of at most 274.9 s of the rate, and it "
                   "must hold one full frame), not %" G_GUINT64_FORMAT,
                   min_rate, mtu, p->rate_bps);
      return FALSE;
    }
  if (!tcgui_params_needs_netem (p) && p->limit_packets > max_packets)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "“limit-packets” must be at most %" G_GUINT64_FORMAT " for MTU %u "
                   "when only the rate is limited (tbf keeps the queue as %" G_GUINT64_FORMAT
                   "-byte frames in 32 bits), not %u", max_packets, mtu, frame,
                   p->limit_packets);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_kernel (const TcguiParams  *p,
              GError            **error)
{
  if (tcgui_params_needs_netem (p) && !tcgui_nl_get_kernel_caps ()->netem)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_NOT_SUPPORTED,
                   "The kernel has no netem qdisc: load the kernel module "
                   "“sch_netem” (modprobe sch_netem) to emulate delay, loss, "
                   "duplication, reordering or corruption; rate limits work without it");
      return FALSE;
    }
  return TRUE;
}

/* The journal is written before the kernel is touched: an entry names
 * the device and the pieces a change may leave (IFB, ingress qdisc), so
 * that ClearShaping and ResetAll find them whenever the helper dies. Its
 * handle is 0 until the change is done (read-back then takes nothing from
 * it). An entry that names the same pieces already is enough: a slider
 * that moves costs one journal write, after the change. */
static gboolean
journal_pending (Target                  *t,
                 TcguiDirection           direction,
                 const Device            *dev,
                 const TcguiJournalEntry *entry,
                 const TcguiParams       *p,
                 gboolean                 ingress_created,
                 GError                 **error)
{
  TcguiJournalEntry e = {
    .ns_id = t->ns_id, .inode = t->inode, .ifname = t->link->name,
    .direction = (char *) tcgui_direction_to_string (direction), .device = dev->name,
    .via = dev->via, .handle = 0, .ingress_created = ingress_created,
    .params = *p,
  };

  if (entry != NULL && g_strcmp0 (entry->device, dev->name) == 0 &&
      g_strcmp0 (entry->via, dev->via) == 0 && entry->ingress_created == ingress_created)
    return TRUE;
  /* What the helper cannot account for, it does not make. */
  return tcgui_journal_record (&e, error);
}

/* A failed change left the previous state: so does its entry. */
static void
journal_restore (Target                  *t,
                 TcguiDirection           direction,
                 const TcguiJournalEntry *entry)
{
  if (entry != NULL)
    tcgui_journal_record (entry, NULL);
  else
    tcgui_journal_remove (t->inode, t->link->name, tcgui_direction_to_string (direction), NULL);
}

static void
journal_write (Target            *t,
               TcguiDirection     direction,
               const Device      *dev,
               const TcguiParams *p,
               guint32            handle,
               gboolean           ingress_created)
{
  g_autoptr(GError) error = NULL;
  TcguiJournalEntry e = {
    .ns_id = t->ns_id, .inode = t->inode, .ifname = t->link->name,
    .direction = (char *) tcgui_direction_to_string (direction), .device = dev->name,
    .via = dev->via, .handle = handle, .ingress_created = ingress_created,
    .params = *p,
  };

  /* The change is made and journal_pending() named its pieces: failing
   * here only costs read-back the distribution and the exact burst. */
  if (!tcgui_journal_record (&e, &error))
    g_warning ("%s", error->message);
}

static gboolean
ingress_is_foreign (Target                  *t,
                    const TcguiJournalEntry *entry,
                    gboolean                 ifb_exists,
                    gboolean                *has_ingress,
                    GError                 **error)
{
  g_autoptr(GPtrArray) qdiscs = tcgui_nl_list_qdiscs (t->nl, t->link->index, error);
  g_auto(Tree) tree = { 0 };

  if (qdiscs == NULL)
    return FALSE;
  find_root (qdiscs, &tree);
  *has_ingress = tree.ingress;
  return tree.ingress && !ifb_exists && entry == NULL;
}

/* Makes the redirect to @to_ifindex exist, repairing one someone removed
 * or one left pointing at an IFB that is gone. */
static gboolean
redirect_ensure (Target    *t,
                 int        to_ifindex,
                 gboolean  *changed,
                 GError   **error)
{
  gboolean found = FALSE;
  int current = 0;

  if (!tcgui_nl_find_redirect (t->nl, t->link->index, TCGUI_FILTER_PRIO, &found, &current, error))
    return FALSE;
  if (found && current == to_ifindex)
    return TRUE;
  /* u32 adds a rule per request: an old one goes first. */
  if (found && !tcgui_nl_delete_redirect (t->nl, t->link->index, TCGUI_FILTER_PRIO, error))
    return FALSE;
  *changed = TRUE;
  return tcgui_nl_add_redirect (t->nl, t->link->index, TCGUI_FILTER_PRIO, to_ifindex, error);
}

/* Takes back what a failed incoming change added, and only that. */
static void
ifb_undo (Target   *t,
          int       ifb_index,
          gboolean  ifb_created,
          gboolean  ingress_added,
          gboolean  redirect_changed)
{
  if (ingress_added)
    tcgui_nl_delete_qdisc (t->nl, t->link->index, TCGUI_TC_H_INGRESS, 0xffff0000u, NULL);
  else if (redirect_changed)
    tcgui_nl_delete_redirect (t->nl, t->link->index, TCGUI_FILTER_PRIO, NULL);
  if (ifb_created)
    tcgui_nl_delete_link (t->nl, ifb_index, NULL);
}

static gboolean
set_incoming_ifb (Target                  *t,
                  Device                  *dev,
                  const TcguiJournalEntry *entry,
                  const TcguiParams       *p,
                  GPtrArray               *flows,
                  GPtrArray               *resolved,
                  guint                    flags,
                  GError                 **error)
{
  gboolean has_ingress = FALSE, ifb_created, ingress_added = FALSE, redirect_changed = FALSE;
  gboolean ingress_ours;
  guint32 handle = 0;
  GError *local_error = NULL;

  if (ingress_is_foreign (t, entry, dev->ifindex != 0, &has_ingress, &local_error) &&
      !(flags & TCGUI_SHAPING_FLAGS_FORCE))
    return foreign_error (error, dev, "ingress qdisc");
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  ingress_ours = !has_ingress || (entry != NULL && entry->ingress_created);
  if (!journal_pending (t, TCGUI_DIRECTION_INCOMING, dev, entry, p, ingress_ours, error))
    return FALSE;

  ifb_created = dev->ifindex == 0;
  if (ifb_created && !(dev->ifindex = tcgui_nl_create_ifb (t->nl, dev->name, error)))
    {
      journal_restore (t, TCGUI_DIRECTION_INCOMING, entry);
      return FALSE;
    }

  /* Every part is checked, not only the tree: a redirect or an IFB that
   * someone removed is made again. */
  if (!apply_on_device (t, dev, entry, p, flows, resolved, flags, &handle, error) ||
      (!has_ingress && !(ingress_added = tcgui_nl_add_ingress (t->nl, t->link->index, error))) ||
      !redirect_ensure (t, dev->ifindex, &redirect_changed, error))
    {
      ifb_undo (t, dev->ifindex, ifb_created, ingress_added, redirect_changed);
      journal_restore (t, TCGUI_DIRECTION_INCOMING, entry);
      return FALSE;
    }

  journal_write (t, TCGUI_DIRECTION_INCOMING, dev, p, handle, ingress_ours);
  return TRUE;
}

static gboolean
set_direction (Target             *t,
               TcguiDirection      direction,
               const TcguiParams  *p,
               GPtrArray          *flows,
               GPtrArray          *resolved,
               guint               flags,
               GError            **error)
{
  g_auto(Device) dev = { 0 };
  g_autoptr(TcguiJournalEntry) entry = NULL;
  guint32 handle = 0;

  entry = tcgui_journal_lookup (t->inode, t->link->name, tcgui_direction_to_string (direction));
  if (!device_resolve (t, direction, entry, &dev, error))
    return FALSE;
  if (g_strcmp0 (dev.via, "ifb") == 0)
    return set_incoming_ifb (t, &dev, entry, p, flows, resolved, flags, error);
  if (!journal_pending (t, direction, &dev, entry, p, FALSE, error))
    return FALSE;
  if (!apply_on_device (t, &dev, entry, p, flows, resolved, flags, &handle, error))
    {
      journal_restore (t, direction, entry);
      return FALSE;
    }
  journal_write (t, direction, &dev, p, handle, FALSE);
  return TRUE;
}

/* Each flow as SetShaping may give it: valid, not read-back only, with
 * addresses the helper can match, and what its parameters need. */
static gboolean
check_flows (GPtrArray  *flows,
             GPtrArray  *resolved,
             guint       mtu,
             GError    **error)
{
  for (guint i = 0; flows != NULL && i < flows->len; i++)
    {
      const TcguiFlow *flow = g_ptr_array_index (flows, i);

      if (!tcgui_flow_validate (flow, i, error))
        return FALSE;
      if (flow->foreign)
        {
          g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                       "“flows[%u].foreign” is read back only", i);
          return FALSE;
        }
      if ((flow->match.peer != NULL || flow->match.network != NULL) &&
          (resolved == NULL || resolved->len != flows->len))
        {
          g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_NOT_SUPPORTED,
                       "“flows[%u].match”: “peer” and “network” need the inventory "
                       "(the helper's D-Bus service resolves them)", i);
          return FALSE;
        }
      /* @mtu 0: before the interface is known, only what needs no MTU. */
      if (!check_kernel (&flow->params, error) ||
          (mtu != 0 && (!check_burst (&flow->params, mtu, error) ||
                        !check_tbf_fits (&flow->params, mtu, error))))
        {
          g_prefix_error (error, "flows[%u]: ", i);
          return FALSE;
        }
    }
  return TRUE;
}

/* What every change is checked for before anything is opened. */
static gboolean
check_set (const TcguiParams  *params,
           GPtrArray          *flows,
           GPtrArray          *resolved,
           guint               flags,
           GError            **error)
{
  if (flags & ~TCGUI_SHAPING_FLAGS_FORCE)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "Unknown flags 0x%x", flags & ~TCGUI_SHAPING_FLAGS_FORCE);
      return FALSE;
    }
  if (flows != NULL && flows->len > TCGUI_FLOWS_MAX)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "“flows” takes at most %d flows per direction", TCGUI_FLOWS_MAX);
      return FALSE;
    }
  return tcgui_params_validate (params, error) && check_kernel (params, error) &&
         check_flows (flows, resolved, 0, error);
}

/* The checks that need the link's MTU, then the change. */
static gboolean
set_target (Target             *t,
            TcguiDirection      direction,
            const TcguiParams  *params,
            GPtrArray          *flows,
            GPtrArray          *resolved,
            guint               flags,
            GError            **error)
{
  return check_burst (params, t->link->mtu, error) &&
         check_tbf_fits (params, t->link->mtu, error) &&
         check_flows (flows, resolved, t->link->mtu, error) &&
         set_direction (t, direction, params, flows, resolved, flags, error);
}

/**
 * tcgui_qdisc_set_flows_guarded:
 * @guard: (nullable): called with the interface's namespace locked, before
 *   anything is changed; %FALSE leaves everything as it is (and fails with
 *   %G_IO_ERROR_CANCELLED). A change that has to be ordered against others
 *   of the same interface decides there, as they wait for that lock.
 *
 * tcgui_qdisc_set_flows() with a guard.
 */
gboolean
tcgui_qdisc_set_flows_guarded (const char          *ns_id,
                               const char          *ifname,
                               TcguiDirection       direction,
                               const TcguiParams   *params,
                               GPtrArray           *flows,
                               GPtrArray           *resolved,
                               guint                flags,
                               TcguiQdiscGuardFunc  guard,
                               gpointer             guard_data,
                               GError             **error)
{
  g_auto(Target) t = TARGET_INIT;

  g_return_val_if_fail (direction == TCGUI_DIRECTION_OUTGOING ||
                        direction == TCGUI_DIRECTION_INCOMING, FALSE);

  if (!check_set (params, flows, resolved, flags, error))
    return FALSE;
  if (tcgui_params_is_empty (params) && !has_flows (flows) && guard == NULL)
    return tcgui_qdisc_clear (ns_id, ifname, direction, error);

  if (!target_open (&t, ns_id, ifname, direction == TCGUI_DIRECTION_INCOMING, error))
    return FALSE;
  if (guard != NULL && !guard (guard_data))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                   "The change of %s was superseded", ifname);
      return FALSE;
    }
  return set_target (&t, direction, params, flows, resolved, flags, error);
}

/**
 * tcgui_qdisc_set_flows:
 * @params: the complete wanted state of @direction (validated again here):
 *   the default for what no flow matches
 * @flows: (nullable) (element-type TcguiFlow): the flows, in order
 * @resolved: (nullable): per flow, its addresses (tcgui_flows_resolve());
 *   needed for flows that name a peer or a network
 * @flags: #TcguiShapingFlags
 *
 * Returns: %TRUE, or %FALSE with a #TcguiError and the previous state kept
 */
gboolean
tcgui_qdisc_set_flows (const char         *ns_id,
                       const char         *ifname,
                       TcguiDirection      direction,
                       const TcguiParams  *params,
                       GPtrArray          *flows,
                       GPtrArray          *resolved,
                       guint               flags,
                       GError            **error)
{
  return tcgui_qdisc_set_flows_guarded (ns_id, ifname, direction, params, flows, resolved, flags,
                                        NULL, NULL, error);
}

/**
 * tcgui_qdisc_set:
 *
 * tcgui_qdisc_set_flows() without flows.
 */
gboolean
tcgui_qdisc_set (const char         *ns_id,
                 const char         *ifname,
                 TcguiDirection      direction,
                 const TcguiParams  *params,
                 guint               flags,
                 GError            **error)
{
  return tcgui_qdisc_set_flows (ns_id, ifname, direction, params, NULL, NULL, flags, error);
}

/* Clearing. */

/* What clearing one direction removes. Every direction asked for is read
 * and checked before anything is removed, so that "both" changes nothing
 * when either cannot be cleared. */
typedef struct
{
  TcguiDirection     direction;
  Device             dev;
  Tree               tree;
  TcguiJournalEntry *entry;
  gboolean           ingress;        /* (incoming) the interface has an ingress qdisc */
  gboolean           redirect;       /* TC GUI's redirect filter is on it */
  gboolean           ingress_others; /* it holds other filters too */
} ClearPlan;

static void
clear_plan_clear (ClearPlan *plan)
{
  device_clear (&plan->dev);
  tree_clear (&plan->tree);
  g_clear_pointer (&plan->entry, tcgui_journal_entry_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ClearPlan, clear_plan_clear)

/* The ingress side of incoming: whatever is left of it, whether or not
 * the IFB is still there. */
static gboolean
ingress_read (Target     *t,
              ClearPlan  *plan,
              GError    **error)
{
  g_autoptr(GPtrArray) qdiscs = tcgui_nl_list_qdiscs (t->nl, t->link->index, error);
  g_auto(Tree) tree = { 0 };
  int to = 0;

  if (qdiscs == NULL)
    return FALSE;
  find_root (qdiscs, &tree);
  plan->ingress = tree.ingress;
  if (!plan->ingress)
    return TRUE;
  return tcgui_nl_find_redirect (t->nl, t->link->index, TCGUI_FILTER_PRIO, &plan->redirect,
                                 &to, error) &&
         tcgui_nl_ingress_has_others (t->nl, t->link->index, TCGUI_FILTER_PRIO,
                                      &plan->ingress_others, error);
}

/* @only_ours: leave trees made by `tc` alone, and foreign ones without an
 * error (ResetAll). */
static gboolean
clear_plan (Target          *t,
            TcguiDirection   direction,
            gboolean         only_ours,
            ClearPlan       *plan,
            GError         **error)
{
  plan->direction = direction;
  plan->entry = tcgui_journal_lookup (t->inode, t->link->name, tcgui_direction_to_string (direction));
  if (!device_resolve (t, direction, plan->entry, &plan->dev, error) ||
      !tree_read (t, &plan->dev, &plan->tree, error))
    return FALSE;
  if (g_strcmp0 (plan->tree.owner, "foreign") == 0 && !only_ours &&
      g_strcmp0 (plan->dev.via, "ifb") != 0)
    return foreign_error (error, &plan->dev, plan->tree.root_kind);
  return direction != TCGUI_DIRECTION_INCOMING || ingress_read (t, plan, error);
}

/* The ingress qdisc goes when TC GUI made it (the journal says so), or,
 * when no entry says anything, if it holds nothing but TC GUI's redirect;
 * otherwise only the redirect goes. */
static gboolean
clear_ingress (Target           *t,
               const ClearPlan  *plan,
               gboolean         *cleared,
               GError          **error)
{
  gboolean made = plan->entry != NULL ? plan->entry->ingress_created
                                      : plan->redirect && !plan->ingress_others;

  if (!plan->ingress || (!made && !plan->redirect))
    return TRUE;
  *cleared = TRUE;
  if (made)
    return tcgui_nl_delete_qdisc (t->nl, t->link->index, TCGUI_TC_H_INGRESS, 0xffff0000u, error);
  return tcgui_nl_delete_redirect (t->nl, t->link->index, TCGUI_FILTER_PRIO, error);
}

/* The redirect goes first, then the IFB with its qdiscs, or the root
 * qdisc; the entry last, so that a failure keeps it for another try. */
static gboolean
clear_apply (Target           *t,
             const ClearPlan  *plan,
             gboolean          only_ours,
             gboolean         *cleared,
             GError          **error)
{
  const Device *dev = &plan->dev;
  const char *owner = plan->tree.owner;

  if (plan->direction == TCGUI_DIRECTION_INCOMING && !clear_ingress (t, plan, cleared, error))
    return FALSE;
  if (g_strcmp0 (dev->via, "ifb") == 0)
    {
      if (dev->ifindex != 0 && !tcgui_nl_delete_link (t->nl, dev->ifindex, error))
        return FALSE;
      *cleared = *cleared || dev->ifindex != 0;
    }
  else if (g_strcmp0 (owner, "tcgui") == 0 || (g_strcmp0 (owner, "tc") == 0 && !only_ours))
    {
      if (!tcgui_nl_delete_qdisc (dev->nl, dev->ifindex, TCGUI_TC_H_ROOT,
                                  plan->tree.root_handle, error))
        return FALSE;
      *cleared = TRUE;
    }
  return tcgui_journal_remove (t->inode, t->link->name, tcgui_direction_to_string (plan->direction), error);
}

static gboolean
clear_target (Target          *t,
              TcguiDirection   direction,
              GError         **error)
{
  g_auto(ClearPlan) out = { 0 };
  g_auto(ClearPlan) in = { 0 };
  gboolean cleared = FALSE;

  if ((direction & TCGUI_DIRECTION_OUTGOING) &&
      !clear_plan (t, TCGUI_DIRECTION_OUTGOING, FALSE, &out, error))
    return FALSE;
  if ((direction & TCGUI_DIRECTION_INCOMING) &&
      !clear_plan (t, TCGUI_DIRECTION_INCOMING, FALSE, &in, error))
    return FALSE;
  return (!(direction & TCGUI_DIRECTION_OUTGOING) || clear_apply (t, &out, FALSE, &cleared, error)) &&
         (!(direction & TCGUI_DIRECTION_INCOMING) || clear_apply (t, &in, FALSE, &cleared, error));
}

/**
 * tcgui_qdisc_clear:
 *
 * Restores the kernel's default qdisc for @direction (which may be
 * %TCGUI_DIRECTION_BOTH), removing whatever is left of TC GUI's pieces
 * (an IFB without its redirect, a redirect without its IFB, …). Clearing
 * what is not shaped succeeds. With "both", nothing is changed unless
 * both directions can be cleared.
 */
gboolean
tcgui_qdisc_clear (const char      *ns_id,
                   const char      *ifname,
                   TcguiDirection   direction,
                   GError         **error)
{
  g_auto(Target) t = TARGET_INIT;

  return target_open (&t, ns_id, ifname, (direction & TCGUI_DIRECTION_INCOMING) != 0, error) &&
         clear_target (&t, direction, error);
}

/* A batch's namespaces. */

static void
peer_ns_free (gpointer data)
{
  PeerNs *peer = data;

  peer_clear (peer);
  g_clear_error (&peer->error);
  g_free (peer);
}

/**
 * tcgui_qdisc_ns_open:
 * @ns_id: a namespace identifier from a caller
 *
 * Opens @ns_id and a netlink socket inside it, for many changes there:
 * the calling thread is inside the namespace only while the socket is
 * created. Free with tcgui_qdisc_ns_free().
 *
 * Returns: (transfer full): the open namespace, or %NULL with a #TcguiError
 */
TcguiQdiscNs *
tcgui_qdisc_ns_open (const char  *ns_id,
                     GError     **error)
{
  g_autoptr(TcguiQdiscNs) ns = g_new0 (TcguiQdiscNs, 1);
  g_autoptr(TcguiNsRef) ref = NULL;

  ns->nsfd = -1;
  ns->peers = g_hash_table_new_full (NULL, NULL, NULL, peer_ns_free);
  if (!(ref = tcgui_ns_ref_parse (ns_id, error)))
    return NULL;
  ns->ns_id = tcgui_ns_ref_to_string (ref);
  if ((ns->nsfd = tcgui_netns_open (ref, error)) < 0 ||
      !tcgui_netns_get_inode (ns->nsfd, &ns->inode, error) ||
      !(ns->nl = tcgui_nl_new_in (ns->nsfd, error)))
    return NULL;
  return g_steal_pointer (&ns);
}

void
tcgui_qdisc_ns_free (TcguiQdiscNs *ns)
{
  if (ns == NULL)
    return;
  g_clear_pointer (&ns->peers, g_hash_table_unref);
  g_clear_pointer (&ns->nl, tcgui_nl_free);
  if (ns->nsfd >= 0)
    close (ns->nsfd);
  g_free (ns->ns_id);
  g_free (ns);
}

/**
 * tcgui_qdisc_set_in:
 * @ns: a namespace from tcgui_qdisc_ns_open()
 *
 * tcgui_qdisc_set() in @ns, with the same checks, locks and journal
 * entries; an empty @params clears @direction.
 */
gboolean
tcgui_qdisc_set_in (TcguiQdiscNs       *ns,
                    const char         *ifname,
                    TcguiDirection      direction,
                    const TcguiParams  *params,
                    GPtrArray          *flows,
                    GPtrArray          *resolved,
                    guint               flags,
                    GError            **error)
{
  g_auto(Target) t = TARGET_INIT;

  g_return_val_if_fail (ns != NULL, FALSE);
  g_return_val_if_fail (direction == TCGUI_DIRECTION_OUTGOING ||
                        direction == TCGUI_DIRECTION_INCOMING, FALSE);

  if (!check_set (params, flows, resolved, flags, error))
    return FALSE;
  if (tcgui_params_is_empty (params) && !has_flows (flows))
    return tcgui_qdisc_clear_in (ns, ifname, direction, error);
  return target_open_in (&t, ns, ifname, direction == TCGUI_DIRECTION_INCOMING, error) &&
         set_target (&t, direction, params, flows, resolved, flags, error);
}

/**
 * tcgui_qdisc_clear_in:
 * @ns: a namespace from tcgui_qdisc_ns_open()
 *
 * tcgui_qdisc_clear() in @ns.
 */
gboolean
tcgui_qdisc_clear_in (TcguiQdiscNs    *ns,
                      const char      *ifname,
                      TcguiDirection   direction,
                      GError         **error)
{
  g_auto(Target) t = TARGET_INIT;

  g_return_val_if_fail (ns != NULL, FALSE);

  return target_open_in (&t, ns, ifname, (direction & TCGUI_DIRECTION_INCOMING) != 0, error) &&
         clear_target (&t, direction, error);
}

/* Reading. */

static GVariant *
stats_to_variant (const TcguiQdiscStats *s)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  g_variant_builder_add (&b, "{sv}", "sent-bytes", g_variant_new_uint64 (s->sent_bytes));
  g_variant_builder_add (&b, "{sv}", "sent-packets", g_variant_new_uint64 (s->sent_packets));
  g_variant_builder_add (&b, "{sv}", "drops", g_variant_new_uint64 (s->drops));
  g_variant_builder_add (&b, "{sv}", "overlimits", g_variant_new_uint64 (s->overlimits));
  g_variant_builder_add (&b, "{sv}", "requeues", g_variant_new_uint64 (s->requeues));
  g_variant_builder_add (&b, "{sv}", "backlog-bytes", g_variant_new_uint64 (s->backlog_bytes));
  g_variant_builder_add (&b, "{sv}", "backlog-packets", g_variant_new_uint64 (s->backlog_packets));
  return g_variant_builder_end (&b);
}

/* tbf reports its bucket in 64 ns ticks (a burst 1514 bytes at 1 Tbit/s is
 * 0 ticks) and its queue in bytes, where a limit of N packets may equal the
 * default limit. When the kernel holds exactly what @applied programs, the
 * values @applied gave are the truth: report them as they were sent. */
static void
refine_tbf_from_journal (TcguiParams       *read,
                         const TcguiParams *applied,
                         const Tree        *tree,
                         const Device      *dev)
{
  gboolean alone = !tcgui_params_needs_netem (applied);
  guint32 burst;

  if (!tree->tbf_found || applied->rate_bps == 0 || read->rate_bps != applied->rate_bps ||
      tree->tbf_alone != alone)
    return;
  burst = burst_for (applied, dev);
  if (!near (tree->tbf_burst, burst, applied->rate_bps / 8) ||
      (alone && tree->tbf_limit != tbf_limit_for (applied, burst, dev->mtu, TRUE)))
    return;
  read->burst_bytes = applied->burst_bytes;
  if (alone)
    read->limit_packets = applied->limit_packets;
}

static void
refine_from_journal (Tree              *tree,
                     const TcguiParams *applied,
                     const Device      *dev)
{
  if (tree->params.jitter_us != 0)
    tree->params.distribution = applied->distribution;
  refine_tbf_from_journal (&tree->params, applied, tree, dev);
}

/* Whether the IFB path is cut: an IFB without its redirect shapes nothing,
 * a redirect to an IFB that is gone drops what arrives. */
static gboolean
ifb_is_broken (Target        *t,
               const Device  *dev,
               gboolean      *broken,
               GError       **error)
{
  gboolean found = FALSE;
  int to = 0;

  if (!tcgui_nl_find_redirect (t->nl, t->link->index, TCGUI_FILTER_PRIO, &found, &to, error))
    return FALSE;
  *broken = dev->ifindex != 0 ? !(found && to == dev->ifindex) : found;
  return TRUE;
}

/* Reads @direction as it really acts: a cut IFB path shapes nothing. */
static gboolean
direction_read (Target          *t,
                TcguiDirection   direction,
                Device          *dev,
                Tree            *tree,
                gboolean        *broken,
                GError         **error)
{
  g_autoptr(TcguiJournalEntry) entry = NULL;

  entry = tcgui_journal_lookup (t->inode, t->link->name, tcgui_direction_to_string (direction));
  *broken = FALSE;
  if (!device_resolve (t, direction, entry, dev, error) || !tree_read (t, dev, tree, error))
    return FALSE;
  if (g_strcmp0 (dev->via, "ifb") == 0 && !ifb_is_broken (t, dev, broken, error))
    return FALSE;
  if (*broken)
    {
      tree_clear (tree);
      memset (tree, 0, sizeof *tree);
      tree->owner = "none";
      tree->root_kind = g_strdup ("");
      tcgui_params_init (&tree->params);
    }

  /* The kernel does not report a netem's distribution table and rounds a
   * tbf's burst: TC GUI's own trees get them from the journal. */
  if (g_strcmp0 (tree->owner, "tcgui") == 0 && entry != NULL && entry->handle == tree->root_handle)
    refine_from_journal (tree, &entry->params, dev);
  return TRUE;
}

static void
add_incoming_extras (const Device    *dev,
                     gboolean         broken,
                     GVariantBuilder *b)
{
  g_autofree char *via = NULL;

  via = dev->ifindex == 0 ? g_strdup ("") : g_strdup_printf ("%s:%s", dev->via, dev->name);
  g_variant_builder_add (b, "{sv}", "incoming-via", g_variant_new_string (via));
  g_variant_builder_add (b, "{sv}", "incoming-via-namespace",
                         g_variant_new_string (dev->ns_id ? dev->ns_id : ""));
  g_variant_builder_add (b, "{sv}", "incoming-broken", g_variant_new_boolean (broken));
}

static gboolean
add_direction_state (Target           *t,
                     TcguiDirection    direction,
                     GVariantBuilder  *b,
                     GError          **error)
{
  g_auto(Device) dev = { 0 };
  g_auto(Tree) tree = { 0 };
  gboolean broken = FALSE;

  if (!direction_read (t, direction, &dev, &tree, &broken, error))
    return FALSE;

#define KEY(suffix) (direction == TCGUI_DIRECTION_INCOMING ? "incoming" suffix : "outgoing" suffix)
  g_variant_builder_add (b, "{sv}", KEY (""), tcgui_params_to_variant_full (&tree.params, tree.flows));
  g_variant_builder_add (b, "{sv}", KEY ("-owner"), g_variant_new_string (tree.owner));
  g_variant_builder_add (b, "{sv}", KEY ("-qdisc"), g_variant_new_string (tree.root_kind));
  g_variant_builder_add (b, "{sv}", KEY ("-stats"), stats_to_variant (&tree.stats));
#undef KEY
  if (direction == TCGUI_DIRECTION_INCOMING)
    add_incoming_extras (&dev, broken, b);
  return TRUE;
}

/**
 * tcgui_qdisc_get:
 *
 * Returns: (transfer floating): the state a{sv} of GetShaping, or %NULL
 */
GVariant *
tcgui_qdisc_get (const char  *ns_id,
                 const char  *ifname,
                 GError     **error)
{
  g_auto(Target) t = TARGET_INIT;
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  if (!target_open (&t, ns_id, ifname, TRUE, error) ||
      !add_direction_state (&t, TCGUI_DIRECTION_OUTGOING, &b, error) ||
      !add_direction_state (&t, TCGUI_DIRECTION_INCOMING, &b, error))
    return NULL;
  return g_variant_builder_end (&b);
}

/* ResetAll. */

typedef enum
{
  RESET_DONE,    /* cleared, or nothing was left: the entry is gone */
  RESET_GONE,    /* its namespace or interface is gone, with TC GUI's qdiscs */
  RESET_FAILED,  /* not cleared: the entry stays for another try */
} ResetResult;

static gboolean
error_means_gone (const GError *error)
{
  return g_error_matches (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_NAMESPACE) ||
         g_error_matches (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_INTERFACE);
}

static ResetResult
reset_entry (const TcguiJournalEntry  *e,
             gboolean                 *cleared,
             GError                  **error)
{
  g_auto(Target) t = TARGET_INIT;
  g_auto(ClearPlan) plan = { 0 };
  g_autoptr(GError) local_error = NULL;
  TcguiDirection direction;

  /* An entry this helper cannot have written names nothing it can reach. */
  if (!tcgui_direction_parse (e->direction, FALSE, &direction, NULL))
    return RESET_GONE;
  if (!target_open (&t, e->ns_id, e->ifname, direction == TCGUI_DIRECTION_INCOMING, &local_error))
    {
      if (error_means_gone (local_error) ||
          g_error_matches (local_error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT))
        return RESET_GONE;
    }
  /* A namespace replaced by another with the same name took TC GUI's
   * qdiscs with it. */
  else if (t.inode != e->inode)
    return RESET_GONE;
  else if (clear_plan (&t, direction, TRUE, &plan, &local_error) &&
           clear_apply (&t, &plan, TRUE, cleared, &local_error))
    return RESET_DONE;
  else if (error_means_gone (local_error))
    return RESET_GONE;

  g_message ("Cannot reset %s of %s in %s, keeping it in the journal: %s", e->direction,
             e->ifname, e->ns_id, local_error->message);
  g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s of %s in %s: ",
                              e->direction, e->ifname, e->ns_id);
  return RESET_FAILED;
}

/* "tcgui-ifb<decimal>" or "tcgifb<hex>": see ifb_name(). */
static gboolean
ifb_name_is_ours (const char *name)
{
  gboolean hex = g_str_has_prefix (name, "tcgifb");
  const char *digits;

  if (!hex && !g_str_has_prefix (name, "tcgui-ifb"))
    return FALSE;
  digits = name + (hex ? strlen ("tcgifb") : strlen ("tcgui-ifb"));
  for (const char *c = digits; *c; c++)
    if (!(hex ? g_ascii_isxdigit (*c) : g_ascii_isdigit (*c)))
      return FALSE;
  return *digits != '\0';
}

/* Whether an entry of namespace @inode names @ifname's incoming, or, with
 * @device, names @device as its IFB. */
static gboolean
journal_names (GPtrArray  *entries,
               guint64     inode,
               const char *ifname,
               const char *device)
{
  for (guint i = 0; i < entries->len; i++)
    {
      const TcguiJournalEntry *e = g_ptr_array_index (entries, i);

      if (e->inode != inode || g_strcmp0 (e->direction, "incoming") != 0)
        continue;
      if (device != NULL ? g_strcmp0 (e->device, device) == 0 && g_strcmp0 (e->via, "ifb") == 0
                         : g_strcmp0 (e->ifname, ifname) == 0)
        return TRUE;
    }
  return FALSE;
}

/* TC GUI's redirect on a link no entry names goes, and the ingress qdisc
 * with it when it holds nothing else. */
static gboolean
sweep_redirect (Target          *t,
                const TcguiLinkInfo *link)
{
  gboolean found = FALSE, others = TRUE;
  int to = 0;

  if (!tcgui_nl_find_redirect (t->nl, link->index, TCGUI_FILTER_PRIO, &found, &to, NULL) ||
      !found || !tcgui_nl_ingress_has_others (t->nl, link->index, TCGUI_FILTER_PRIO, &others, NULL))
    return FALSE;
  if (!others)
    return tcgui_nl_delete_qdisc (t->nl, link->index, TCGUI_TC_H_INGRESS, 0xffff0000u, NULL);
  return tcgui_nl_delete_redirect (t->nl, link->index, TCGUI_FILTER_PRIO, NULL);
}

/* After the entries: what is left of TC GUI's incoming shaping in a
 * namespace the journal named, that no entry names (any more): IFBs and
 * redirects of interfaces deleted or renamed, of entries lost with a
 * journal. Only namespaces this journal names are looked at: another
 * helper, with another journal, may own TC GUI's pieces elsewhere. The
 * journal is read again under the namespace's lock, so that a change
 * made meanwhile (its entry comes first) is not swept.
 *
 * Returns: how many IFB devices went */
static guint
sweep_namespace (const char *ns_id,
                 guint64     inode)
{
  g_auto(Target) t = TARGET_INIT;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) links = NULL;
  guint swept = 0;

  if (!target_open (&t, ns_id, NULL, FALSE, NULL) || t.inode != inode ||
      !(entries = tcgui_journal_list (NULL)) || !(links = tcgui_nl_list_links (t.nl, NULL)))
    return 0;

  for (guint i = 0; i < links->len; i++)
    {
      const TcguiLinkInfo *link = g_ptr_array_index (links, i);

      /* Only real IFBs: a link of another kind named so is not TC GUI's. */
      if (g_strcmp0 (link->kind, "ifb") == 0 && ifb_name_is_ours (link->name) &&
          !journal_names (entries, inode, NULL, link->name) &&
          tcgui_nl_delete_link (t.nl, link->index, NULL))
        swept++;
      else if (!journal_names (entries, inode, link->name, NULL))
        sweep_redirect (&t, link);
    }
  return swept;
}

/**
 * tcgui_qdisc_reset_all:
 * @cleared: (out): how many shapings were removed
 *
 * Removes every tree the journal lists that is still TC GUI's, drops the
 * entries of namespaces and interfaces that are gone, then sweeps the
 * namespaces the journal named (sweep_namespace()). An entry that cannot
 * be cleared stays in the journal, and its error is returned once all
 * the others are done.
 */
gboolean
tcgui_qdisc_reset_all (guint   *cleared,
                       GError **error)
{
  g_autoptr(GPtrArray) entries = tcgui_journal_list (error);
  g_autoptr(GHashTable) namespaces = NULL;
  g_autoptr(GError) first_error = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint failed = 0;

  *cleared = 0;
  if (entries == NULL)
    return FALSE;

  /* inode → namespace identifier, borrowed from the entries. */
  namespaces = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < entries->len; i++)
    {
      TcguiJournalEntry *e = g_ptr_array_index (entries, i);
      g_autoptr(GError) local_error = NULL;
      gboolean done = FALSE;

      switch (reset_entry (e, &done, &local_error))
        {
        case RESET_GONE:
          tcgui_journal_remove (e->inode, e->ifname, e->direction, NULL);
          break;
        case RESET_FAILED:
          if (failed++ == 0)
            first_error = g_steal_pointer (&local_error);
          break;
        case RESET_DONE:
        default:
          break;
        }
      if (done)
        (*cleared)++;
      if (!g_hash_table_contains (namespaces, &e->inode))
        g_hash_table_insert (namespaces, &e->inode, e->ns_id);
    }

  g_hash_table_iter_init (&iter, namespaces);
  while (g_hash_table_iter_next (&iter, &key, &value))
    *cleared += sweep_namespace (value, *(guint64 *) key);

  if (failed == 0)
    return TRUE;
  g_propagate_prefixed_error (error, g_steal_pointer (&first_error),
                              "%u of the shapings TC GUI applied could not be reset and stay "
                              "in its journal for another try; the first: ", failed);
  return FALSE;
}
