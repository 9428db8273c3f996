/* tcgui-journal.h - what TC GUI applied, kept under /run across restarts
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "tcgui-params.h"

G_BEGIN_DECLS

/* A directory: one file per entry. */
#define TCGUI_JOURNAL_DEFAULT_PATH "/run/tcgui/journal"

typedef struct
{
  char        *ns_id;           /* "host", "netns:NAME", "pid:PID:INODE" */
  guint64      inode;           /* the namespace's inode when applied */
  char        *ifname;          /* the interface the caller named */
  char        *direction;       /* "outgoing" or "incoming" */
  char        *device;          /* the device whose root qdisc was set */
  char        *via;             /* "", "peer" or "ifb" */
  guint32      handle;          /* the root qdisc's handle */
  gboolean     ingress_created; /* (ifb) TC GUI added the ingress qdisc */
  TcguiParams  params;
} TcguiJournalEntry;

void               tcgui_journal_set_path   (const char               *path);
const char        *tcgui_journal_get_path   (void);
gboolean           tcgui_journal_record     (const TcguiJournalEntry  *entry,
                                             GError                  **error);
gboolean           tcgui_journal_remove     (guint64                   inode,
                                             const char               *ifname,
                                             const char               *direction,
                                             GError                  **error);
TcguiJournalEntry *tcgui_journal_lookup     (guint64                   inode,
                                             const char               *ifname,
                                             const char               *direction);
GPtrArray         *tcgui_journal_list       (GError                  **error);
void               tcgui_journal_entry_free (TcguiJournalEntry        *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcguiJournalEntry, tcgui_journal_entry_free)

G_END_DECLS
