/* tcgui-copy-command.h - "Copy as Command" and "Copy as tc Commands"
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "tcgui-helper-client.h"
#include "tcgui-params.h"

G_BEGIN_DECLS

/**
 * TcguiCopyTarget:
 * @target: what tcguictl calls it: a container's name, "netns:NAME",
 *   "host" or "pid:PID"
 * @namespace_id: the helper's identifier ("host", "netns:NAME",
 *   "pid:PID:INODE"): how the tc lines enter the namespace
 * @ifname: the interface
 * @ifindex: its index (names the IFB device, as the helper does)
 * @mtu: its MTU (the default burst and a queue limit in packets)
 * @incoming_via: GetShaping's "incoming-via": "peer:IFNAME", "ifb:IFNAME"
 *   or "" (then an IFB, as the helper does when it cannot reach a peer)
 * @incoming_via_namespace: GetShaping's "incoming-via-namespace"
 *
 * One interface, as the commands address it.
 */
typedef struct
{
  const char *target;
  const char *namespace_id;
  const char *ifname;
  int         ifindex;
  guint       mtu;
  const char *incoming_via;
  const char *incoming_via_namespace;
} TcguiCopyTarget;

char *tcgui_copy_command_format_ctl (const TcguiCopyTarget *target,
                                     const TcguiParams     *outgoing,
                                     const TcguiParams     *incoming);
char *tcgui_copy_command_format_tc  (const TcguiCopyTarget *target,
                                     const TcguiParams     *outgoing,
                                     const TcguiParams     *incoming);

void  tcgui_copy_command_copy       (GtkWidget             *widget,
                                     TcguiHelperClient     *client,
                                     const char            *namespace_id,
                                     const char            *ifname,
                                     gboolean               as_tc);

G_END_DECLS
