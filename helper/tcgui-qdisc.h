/* tcgui-qdisc.h - the traffic-control engine: which qdisc tree a parameter
 * set needs, ownership, incoming shaping, atomic changes, the journal
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "tcgui-direction.h"
#include "tcgui-tree.h"
#include "tcgui-params.h"

G_BEGIN_DECLS

/* A namespace opened once for many changes (a batch). */
typedef struct _TcguiQdiscNs TcguiQdiscNs;

GVariant *tcgui_qdisc_get         (const char         *ns_id,
                                   const char         *ifname,
                                   GError            **error);
gboolean  tcgui_qdisc_set         (const char         *ns_id,
                                   const char         *ifname,
                                   TcguiDirection      direction,
                                   const TcguiParams  *params,
                                   guint               flags,
                                   GError            **error);
gboolean  tcgui_qdisc_set_flows   (const char         *ns_id,
                                   const char         *ifname,
                                   TcguiDirection      direction,
                                   const TcguiParams  *params,
                                   GPtrArray          *flows,
                                   GPtrArray          *resolved,
                                   guint               flags,
                                   GError            **error);
/* See tcgui_qdisc_set_flows_guarded(). */
typedef gboolean (*TcguiQdiscGuardFunc) (gpointer data);
gboolean  tcgui_qdisc_set_flows_guarded (const char          *ns_id,
                                         const char          *ifname,
                                         TcguiDirection       direction,
                                         const TcguiParams   *params,
                                         GPtrArray           *flows,
                                         GPtrArray           *resolved,
                                         guint                flags,
                                         TcguiQdiscGuardFunc  guard,
                                         gpointer             guard_data,
                                         GError             **error);
gboolean  tcgui_qdisc_clear       (const char         *ns_id,
                                   const char         *ifname,
                                   TcguiDirection      direction,
                                   GError            **error);
gboolean  tcgui_qdisc_reset_all   (guint              *cleared,
                                   GError            **error);
TcguiQdiscNs *tcgui_qdisc_ns_open  (const char         *ns_id,
                                   GError            **error);
void      tcgui_qdisc_ns_free     (TcguiQdiscNs       *ns);
gboolean  tcgui_qdisc_set_in      (TcguiQdiscNs       *ns,
                                   const char         *ifname,
                                   TcguiDirection      direction,
                                   const TcguiParams  *params,
                                   GPtrArray          *flows,
                                   GPtrArray          *resolved,
                                   guint               flags,
                                   GError            **error);
gboolean  tcgui_qdisc_clear_in    (TcguiQdiscNs       *ns,
                                   const char         *ifname,
                                   TcguiDirection      direction,
                                   GError            **error);
guint32   tcgui_qdisc_default_burst (guint64           rate_bps,
                                     guint             mtu,
                                     guint             gso_max);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcguiQdiscNs, tcgui_qdisc_ns_free)

G_END_DECLS
