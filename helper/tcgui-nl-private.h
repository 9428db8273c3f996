/* tcgui-nl-private.h - shared by the tcgui-nl*.c files only
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <netlink/netlink.h>
#include <netlink/route/link.h>

#include "tcgui-nl.h"

G_BEGIN_DECLS

struct _TcguiNl
{
  struct nl_sock *sock;
};

/* Typedefs so g_autoptr() can name libnl's struct types. */
typedef struct nl_cache  TcguiNlCache;
typedef struct rtnl_link TcguiNlLink;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcguiNlCache, nl_cache_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcguiNlLink, rtnl_link_put)

G_END_DECLS
