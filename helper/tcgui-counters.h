/* tcgui-counters.h - interface counters of many namespaces, sampled often
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "tcgui-nl.h"

G_BEGIN_DECLS

/* A cache of one netlink socket per namespace. Not thread-safe: one thread
 * (the helper's sampler) owns it. */
typedef struct _TcguiCounters TcguiCounters;

TcguiCounters *tcgui_counters_new              (void);
void           tcgui_counters_free             (TcguiCounters   *self);
gboolean       tcgui_counters_check_target     (const char      *namespace_id,
                                                const char      *ifname,
                                                GError         **error);
gboolean       tcgui_counters_ref_namespace    (TcguiCounters   *self,
                                                const char      *namespace_id,
                                                GError         **error);
void           tcgui_counters_unref_namespace  (TcguiCounters   *self,
                                                const char      *namespace_id);
guint          tcgui_counters_get_n_namespaces (TcguiCounters   *self);
gboolean       tcgui_counters_read             (TcguiCounters   *self,
                                                const char      *namespace_id,
                                                const char      *ifname,
                                                gint64           generation,
                                                TcguiLinkStats  *stats);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcguiCounters, tcgui_counters_free)

G_END_DECLS
