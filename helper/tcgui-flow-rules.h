/* tcgui-flow-rules.h - flows as u32 rules and back, without the kernel
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "tcgui-nl.h"
#include "tcgui-params.h"

G_BEGIN_DECLS

/* Flow N's rules have priority BASE + 2N (IPv4) and BASE + 2N + 1 (IPv6):
 * the kernel keeps one protocol per priority, and the priorities keep the
 * flows' order. */
#define TCGUI_FLOW_PRIO_BASE 0x100u

/* At most this many u32 filter nodes in one flows tree (one direction):
 * the reader reads a tree of this size whole, so a foreign filter can
 * never hide beyond a cut. More nodes than this: not TC GUI's tree. */
#define TCGUI_FLOW_RULES_MAX 1024u
G_STATIC_ASSERT (TCGUI_FLOW_RULES_MAX < TCGUI_NL_FILTERS_MAX);

/* One resolved address of a flow (a peer's or network's, or its prefix). */
typedef struct
{
  int     family;
  guint8  addr[16];
  guint   prefix_len;
} TcguiFlowPrefix;

gboolean   tcgui_flow_rules_build (const TcguiFlow        *flow,
                                   guint                   index,
                                   const TcguiFlowPrefix  *prefixes,
                                   guint                   n_prefixes,
                                   gboolean                incoming,
                                   guint32                 classid,
                                   GPtrArray              *rules,
                                   GError                **error);
GPtrArray *tcgui_flow_rules_read  (GPtrArray              *rules,
                                   gboolean                incoming,
                                   GArray                **classids);

G_END_DECLS
