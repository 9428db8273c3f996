/* tcgui-nl.h - the one place that talks to libnl
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

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
  char     *operstate;   /* "up", "down", "unknown", ... */
  char     *qdisc;       /* root qdisc kind, "" if none */
  int       peer_index;  /* IFLA_LINK: a veth's peer, 0 if none */
  int       link_netnsid;/* the peer's namespace id, -1 if same namespace */
  int       master_index;
} TcguiLink;

typedef struct
{
  gboolean netem;
  gboolean tbf;
  gboolean ifb;
} TcguiKernelCaps;

TcguiNl   *tcgui_nl_new_in          (int               nsfd,
                                     GError          **error);
void       tcgui_nl_free            (TcguiNl          *nl);
GPtrArray *tcgui_nl_list_links      (TcguiNl          *nl,
                                     GError          **error);
TcguiLink *tcgui_nl_find_link       (TcguiNl          *nl,
                                     const char       *ifname,
                                     GError          **error);
void       tcgui_link_free          (TcguiLink        *link);
void       tcgui_nl_probe_kernel    (TcguiKernelCaps  *caps);
gboolean   tcgui_nl_set_error       (GError          **error,
                                     int               nlerr,
                                     const char       *format,
                                     ...) G_GNUC_PRINTF (3, 4);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcguiNl, tcgui_nl_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcguiLink, tcgui_link_free)

G_END_DECLS
