/* tcgui-tree.h - the names in TC GUI's kernel tree, for the helper that
 * builds it and for the clients that describe it (Copy as tc Commands,
 * tcguictl)
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TC GUI's qdisc handles: root 7cc0: or 7cc1: (alternating, so a change of
 * the tree's shape is one atomic graft), the tbf under netem 7cd0:/7cd1:. */
#define TCGUI_HANDLE_MAJOR_A     0x7cc0u
#define TCGUI_HANDLE_MAJOR_B     0x7cc1u
#define TCGUI_HANDLE_CHILD_DELTA 0x10u
/* The priority of the ingress filter that redirects to TC GUI's IFB. */
#define TCGUI_FILTER_PRIO        0x7cc0u

char     *tcgui_tree_ifb_name    (int         ifindex);
gboolean  tcgui_tree_is_ifb_name (const char *name);

G_END_DECLS
