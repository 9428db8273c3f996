/* tcgui-nl.c - netlink sockets bound to namespaces, links, libnl errors
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-nl"

#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>

#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/route/qdisc.h>
#include <netlink/route/tc.h>

#include "tcgui-error.h"
#include "tcgui-netns.h"
#include "tcgui-nl-private.h"

/**
 * tcgui_nl_set_error:
 * @nlerr: a libnl error (negative or positive NLE_* code)
 *
 * The one place where libnl's error codes become #TcguiError codes. The
 * message is @format followed by libnl's own text.
 *
 * Returns: %FALSE, so callers can `return tcgui_nl_set_error (...)`
 */
static TcguiError
error_code (int nlerr)
{
  TcguiError code;

  switch (nlerr)
    {
    case NLE_NODEV:
      code = TCGUI_ERROR_NO_SUCH_INTERFACE;
      break;
    case NLE_PERM:
    case NLE_NOACCESS:
      code = TCGUI_ERROR_PERMISSION_DENIED;
      break;
    case NLE_INVAL:
    case NLE_RANGE:
    case NLE_MSGSIZE:
    case NLE_MISSING_ATTR:
      code = TCGUI_ERROR_INVALID_ARGUMENT;
      break;
    case NLE_OPNOTSUPP:
    case NLE_AF_NOSUPPORT:
      code = TCGUI_ERROR_NOT_SUPPORTED;
      break;
    case NLE_BUSY:
    case NLE_AGAIN:
      code = TCGUI_ERROR_BUSY;
      break;
    default:
      code = TCGUI_ERROR_KERNEL;
      break;
    }
  return code;
}

gboolean
tcgui_nl_set_error (GError     **error,
                    int          nlerr,
                    const char  *format,
                    ...)
{
  g_autofree char *what = NULL;
  va_list args;

  nlerr = ABS (nlerr);
  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, TCGUI_ERROR, error_code (nlerr), "%s: %s", what, nl_geterror (nlerr));
  return FALSE;
}

/* u32 is not probed at start: it is known to work once a rule was added. */
static gint u32_works;

void
tcgui_nl_note_u32_works (void)
{
  g_atomic_int_set (&u32_works, TRUE);
}

static const struct
{
  TcguiNlRequest  request;
  const char     *missing;   /* NotSupported when the kind is missing */
} missing_kinds[] = {
  { TCGUI_NL_REQUEST_TBF, "The kernel has no tbf qdisc: load the kernel module “sch_tbf” "
                             "to limit the rate" },
  { TCGUI_NL_REQUEST_HTB, "The kernel has no htb qdisc: load the kernel module “sch_htb” "
                             "to shape per destination" },
  { TCGUI_NL_REQUEST_U32, "The kernel has no u32 classifier: load the kernel module "
                             "“cls_u32” to shape per destination" },
  { TCGUI_NL_REQUEST_IFB, "The kernel cannot create IFB devices: load the kernel module "
                             "“ifb” to shape incoming traffic" },
};

/* Whether the kernel lacks what @request makes (probed at start, or for
 * u32 never seen working); a class's kind is its qdisc's, never missing. */
static gboolean
kind_missing (TcguiNlRequest request)
{
  const TcguiKernelCaps *caps = tcgui_nl_get_kernel_caps ();

  switch (request)
    {
    case TCGUI_NL_REQUEST_TBF: return !caps->tbf;
    case TCGUI_NL_REQUEST_HTB: return !caps->htb;
    case TCGUI_NL_REQUEST_U32: return !g_atomic_int_get (&u32_works);
    case TCGUI_NL_REQUEST_IFB: return !caps->ifb;
    case TCGUI_NL_REQUEST_HTB_CLASS:
    default: return FALSE;
    }
}

/**
 * tcgui_nl_set_request_error:
 * @request: what the failed request made
 *
 * tcgui_nl_set_error() with the request as context: "not found" (and, for
 * IFB links, "not supported") is NotSupported naming the module to load
 * when the kernel lacks the kind, and otherwise Kernel: a parent the
 * request named went away, the tree changed meanwhile (a concurrent
 * replace).
 *
 * Returns: %FALSE
 */
gboolean
tcgui_nl_set_request_error (GError         **error,
                            int              nlerr,
                            TcguiNlRequest   request,
                            const char      *format,
                            ...)
{
  g_autofree char *what = NULL;
  va_list args;

  nlerr = ABS (nlerr);
  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  if (nlerr == NLE_OBJ_NOTFOUND ||
      (nlerr == NLE_OPNOTSUPP && request == TCGUI_NL_REQUEST_IFB))
    {
      for (guint i = 0; i < G_N_ELEMENTS (missing_kinds); i++)
        if (missing_kinds[i].request == request && kind_missing (request))
          {
            g_set_error_literal (error, TCGUI_ERROR, TCGUI_ERROR_NOT_SUPPORTED,
                                 missing_kinds[i].missing);
            return FALSE;
          }
      if (nlerr == NLE_OBJ_NOTFOUND)
        {
          g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_KERNEL,
                       "%s: the qdisc or class it goes under is gone: the tree changed "
                       "meanwhile (try again)", what);
          return FALSE;
        }
    }
  g_set_error (error, TCGUI_ERROR, error_code (nlerr), "%s: %s", what, nl_geterror (nlerr));
  return FALSE;
}

static gboolean
connect_cb (gpointer   user_data,
            GError   **error)
{
  struct nl_sock *sock = user_data;
  int err;

  if ((err = nl_connect (sock, NETLINK_ROUTE)) < 0)
    return tcgui_nl_set_error (error, err, "Cannot open a netlink socket");
  return TRUE;
}

/**
 * tcgui_nl_new_in:
 * @nsfd: a network namespace fd from tcgui_netns_open()
 *
 * Opens a NETLINK_ROUTE socket inside @nsfd. The calling thread is inside
 * @nsfd only while the socket is created; the socket stays bound to it.
 *
 * Returns: (transfer full): the socket wrapper, or %NULL
 */
TcguiNl *
tcgui_nl_new_in (int      nsfd,
                 GError **error)
{
  g_autoptr(TcguiNl) nl = g_new0 (TcguiNl, 1);

  if (!(nl->sock = nl_socket_alloc ()))
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_FAILED, "Out of memory");
      return NULL;
    }

  if (!tcgui_netns_run_in (nsfd, connect_cb, nl->sock, error))
    return NULL;

  return g_steal_pointer (&nl);
}

void
tcgui_nl_free (TcguiNl *nl)
{
  if (nl == NULL)
    return;
  if (nl->sock != NULL)
    nl_socket_free (nl->sock);
  g_free (nl);
}

void
tcgui_link_info_free (TcguiLinkInfo *link)
{
  if (link == NULL)
    return;
  g_free (link->name);
  g_free (link->kind);
  g_free (link->mac);
  g_free (link->operstate);
  g_free (link->qdisc);
  g_free (link);
}

static char *
link_kind (struct rtnl_link *rl)
{
  const char *type = rtnl_link_get_type (rl);

  if (type != NULL)
    return g_strdup (type);
  if (rtnl_link_get_flags (rl) & IFF_LOOPBACK)
    return g_strdup ("loopback");
  return g_strdup ("device");
}

static char *
link_mac (struct rtnl_link *rl)
{
  struct nl_addr *addr = rtnl_link_get_addr (rl);
  char buf[64];

  if (addr == NULL || nl_addr_get_len (addr) == 0)
    return g_strdup ("");
  return g_strdup (nl_addr2str (addr, buf, sizeof buf));
}

static TcguiLinkInfo *
link_from_rtnl (struct rtnl_link *rl)
{
  TcguiLinkInfo *link = g_new0 (TcguiLinkInfo, 1);
  char buf[32];
  gint32 nsid = -1;
  uint32_t gso_max = 0;

  link->name = g_strdup (rtnl_link_get_name (rl));
  link->index = rtnl_link_get_ifindex (rl);
  link->kind = link_kind (rl);
  link->mac = link_mac (rl);
  link->mtu = rtnl_link_get_mtu (rl);
  if (rtnl_link_get_gso_max_size (rl, &gso_max) == 0)
    link->gso_max_size = gso_max;
  link->operstate = g_strdup (rtnl_link_operstate2str (rtnl_link_get_operstate (rl),
                                                       buf, sizeof buf));
  link->qdisc = g_strdup (rtnl_link_get_qdisc (rl) ? rtnl_link_get_qdisc (rl) : "");
  link->peer_index = rtnl_link_get_link (rl);
  if (rtnl_link_get_link_netnsid (rl, &nsid) != 0)
    nsid = -1;
  link->link_netnsid = nsid;
  link->master_index = rtnl_link_get_master (rl);

  return link;
}

static int
compare_link_by_index (gconstpointer a,
                       gconstpointer b)
{
  const TcguiLinkInfo *la = *(TcguiLinkInfo * const *) a;
  const TcguiLinkInfo *lb = *(TcguiLinkInfo * const *) b;

  return (la->index > lb->index) - (la->index < lb->index);
}

/**
 * tcgui_nl_list_links:
 *
 * Returns: (transfer full) (element-type TcguiLinkInfo): the links of the
 *   socket's namespace, sorted by index
 */
GPtrArray *
tcgui_nl_list_links (TcguiNl  *nl,
                     GError  **error)
{
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func ((GDestroyNotify) tcgui_link_info_free);
  g_autoptr(TcguiNlCache) cache = NULL;
  int err;

  if ((err = rtnl_link_alloc_cache (nl->sock, AF_UNSPEC, &cache)) < 0)
    {
      tcgui_nl_set_error (error, err, "Cannot list network interfaces");
      return NULL;
    }

  for (struct nl_object *obj = nl_cache_get_first (cache);
       obj != NULL;
       obj = nl_cache_get_next (obj))
    g_ptr_array_add (links, link_from_rtnl ((struct rtnl_link *) obj));

  g_ptr_array_sort (links, compare_link_by_index);

  return g_steal_pointer (&links);
}

/**
 * tcgui_nl_find_link:
 * @ifname: an interface name from a caller
 *
 * Returns: (transfer full): the link, or %NULL with
 *   %TCGUI_ERROR_NO_SUCH_INTERFACE (or %TCGUI_ERROR_INVALID_ARGUMENT for a
 *   name no interface can have)
 */
TcguiLinkInfo *
tcgui_nl_find_link (TcguiNl     *nl,
                    const char  *ifname,
                    GError     **error)
{
  g_autoptr(TcguiNlLink) rl = NULL;
  int err;

  if (!tcgui_netns_check_ifname (ifname, error))
    return NULL;

  if ((err = rtnl_link_get_kernel (nl->sock, 0, ifname, &rl)) < 0)
    {
      if (err == -NLE_NODEV || err == -NLE_OBJ_NOTFOUND)
        {
          g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_INTERFACE,
                       "There is no interface “%s” in this namespace", ifname);
          return NULL;
        }
      tcgui_nl_set_error (error, err, "Cannot read interface “%s”", ifname);
      return NULL;
    }

  return link_from_rtnl (rl);
}

typedef struct nl_msg TcguiNlMsg;
typedef struct nl_cb  TcguiNlCb;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcguiNlMsg, nlmsg_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcguiNlCb, nl_cb_put)

static int
nsid_reply_cb (struct nl_msg *msg,
               void          *arg)
{
  int *nsid = arg;
  struct nlmsghdr *hdr = nlmsg_hdr (msg);
  struct nlattr *tb[NETNSA_MAX + 1];

  if (hdr->nlmsg_type == RTM_NEWNSID &&
      nlmsg_parse (hdr, sizeof (struct rtgenmsg), tb, NETNSA_MAX, NULL) >= 0 &&
      tb[NETNSA_NSID] != NULL)
    *nsid = (int) nla_get_s32 (tb[NETNSA_NSID]);
  return NL_OK;
}

/**
 * tcgui_nl_get_nsid:
 * @nsfd: a network namespace fd the helper opened itself
 * @nsid: (out): the id the socket's namespace gives @nsfd, or -1 when it
 *   has none (RTM_GETNSID only reads: it never assigns one)
 *
 * The kernel's own answer to "is @nsfd the namespace that link-netnsid N
 * means here?": what lets the engine find a veth's peer namespace without
 * a path from a caller.
 */
gboolean
tcgui_nl_get_nsid (TcguiNl  *nl,
                   int       nsfd,
                   int      *nsid,
                   GError  **error)
{
  struct rtgenmsg rt = { .rtgen_family = AF_UNSPEC };
  g_autoptr(TcguiNlMsg) msg = nlmsg_alloc_simple (RTM_GETNSID, NLM_F_REQUEST);
  g_autoptr(TcguiNlCb) cb = NULL;
  struct nl_cb *sock_cb;
  int err;

  *nsid = -1;
  if (msg == NULL || nlmsg_append (msg, &rt, sizeof rt, NLMSG_ALIGNTO) < 0 ||
      nla_put_u32 (msg, NETNSA_FD, (guint32) nsfd) < 0)
    return tcgui_nl_set_error (error, NLE_NOMEM, "Cannot ask for a namespace id");
  if ((err = nl_send_auto (nl->sock, msg)) < 0)
    return tcgui_nl_set_error (error, err, "Cannot ask for a namespace id");

  /* A private callback set: the socket's own stays as it was. */
  sock_cb = nl_socket_get_cb (nl->sock);
  cb = nl_cb_clone (sock_cb);
  nl_cb_put (sock_cb);
  if (cb == NULL)
    return tcgui_nl_set_error (error, NLE_NOMEM, "Cannot ask for a namespace id");
  nl_cb_set (cb, NL_CB_VALID, NL_CB_CUSTOM, nsid_reply_cb, nsid);

  /* The reply, then the acknowledgement nl_send_auto() asked for. */
  if ((err = nl_recvmsgs (nl->sock, cb)) < 0 || (err = nl_wait_for_ack (nl->sock)) < 0)
    return tcgui_nl_set_error (error, err, "Cannot read a namespace id");
  return TRUE;
}

/**
 * tcgui_nl_find_link_by_index:
 *
 * One RTM_GETLINK for @ifindex, not a dump of every link: a veth's peer is
 * often in the host namespace, which may have hundreds of links.
 *
 * Returns: (transfer full): the link, or %NULL with
 *   %TCGUI_ERROR_NO_SUCH_INTERFACE
 */
TcguiLinkInfo *
tcgui_nl_find_link_by_index (TcguiNl  *nl,
                             int       ifindex,
                             GError  **error)
{
  g_autoptr(TcguiNlLink) rl = NULL;
  int err;

  if ((err = rtnl_link_get_kernel (nl->sock, ifindex, NULL, &rl)) < 0)
    {
      if (err == -NLE_NODEV || err == -NLE_OBJ_NOTFOUND)
        {
          g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_INTERFACE,
                       "There is no interface with index %d in this namespace", ifindex);
          return NULL;
        }
      tcgui_nl_set_error (error, err, "Cannot read interface %d", ifindex);
      return NULL;
    }
  return link_from_rtnl (rl);
}

static gboolean
probe_qdisc (struct nl_sock *sock,
             int             ifindex,
             const char     *kind)
{
  struct rtnl_qdisc *q = rtnl_qdisc_alloc ();
  int err;

  rtnl_tc_set_ifindex (TC_CAST (q), ifindex);
  rtnl_tc_set_parent (TC_CAST (q), TC_H_ROOT);
  rtnl_tc_set_handle (TC_CAST (q), TC_HANDLE (1, 0));
  /* Without kind-specific options the kernel applies its defaults for netem;
   * tbf needs a rate, so its probe expects EINVAL rather than ENOENT. */
  rtnl_tc_set_kind (TC_CAST (q), kind);
  err = rtnl_qdisc_add (sock, q, NLM_F_CREATE | NLM_F_REPLACE);
  rtnl_qdisc_put (q);

  /* ENOENT ("Specified qdisc kind is unknown") is the only answer that
   * means the kernel lacks the qdisc. */
  return err != -NLE_OBJ_NOTFOUND && err != -NLE_NOATTR;
}

static gboolean
probe_ifb (struct nl_sock *sock)
{
  struct rtnl_link *link = rtnl_link_alloc ();
  int err;

  rtnl_link_set_name (link, "tcgui-probe0");
  err = rtnl_link_set_type (link, "ifb");
  if (err == 0)
    err = rtnl_link_add (sock, link, NLM_F_CREATE | NLM_F_EXCL);
  rtnl_link_put (link);
  return err == 0;
}

/* Runs in a thread of its own that ends right after: the private namespace
 * it unshares dies with the thread and its socket. */
static gpointer
probe_thread (gpointer data)
{
  TcguiKernelCaps *caps = data;
  struct nl_sock *sock = NULL;

  if (unshare (CLONE_NEWNET) != 0)
    {
      g_warning ("Cannot create a namespace to probe the kernel: %s",
                 g_strerror (errno));
      return NULL;
    }

  sock = nl_socket_alloc ();
  if (sock != NULL && nl_connect (sock, NETLINK_ROUTE) == 0)
    {
      int lo = if_nametoindex ("lo");

      caps->netem = probe_qdisc (sock, lo, "netem");
      caps->tbf = probe_qdisc (sock, lo, "tbf");
      caps->ifb = probe_ifb (sock);
      caps->htb = probe_qdisc (sock, lo, "htb");
    }
  if (sock != NULL)
    nl_socket_free (sock);

  return NULL;
}

/**
 * tcgui_nl_get_kernel_caps:
 *
 * What the running kernel offers, probed on the first call: the qdiscs and
 * link types TC GUI needs are tried in a throw-away namespace (which also
 * makes the kernel load their modules on demand). The probe creates a
 * namespace and qdiscs, so it runs once per process; later calls, from any
 * thread, return the same answer.
 *
 * Returns: (transfer none): the capabilities
 */
const TcguiKernelCaps *
tcgui_nl_get_kernel_caps (void)
{
  static TcguiKernelCaps caps;
  static gsize probed = 0;

  if (g_once_init_enter (&probed))
    {
      GThread *thread = g_thread_new ("tcgui-probe", probe_thread, &caps);

      g_thread_join (thread);
      g_debug ("Kernel: netem %d, tbf %d, ifb %d", caps.netem, caps.tbf, caps.ifb);
      g_once_init_leave (&probed, 1);
    }
  return &caps;
}
