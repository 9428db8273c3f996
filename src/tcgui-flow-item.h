/* tcgui-flow-item.h - one flow of a direction: a match and its shaping
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "tcgui-params.h"

G_BEGIN_DECLS

/* TCGUI_FLOWS_MAX and TCGUI_FLOW_LABEL_MAX are the parameter model's. */

typedef enum
{
  TCGUI_FLOW_TO_PREFIX,     /* an IPv4 or IPv6 address or prefix */
  TCGUI_FLOW_TO_PEER,       /* an inventory container key */
  TCGUI_FLOW_TO_NETWORK,    /* an inventory network key */
} TcguiFlowTarget;

/**
 * TcguiFlowItem:
 *
 * One element of SetShaping's "flows" (the D-Bus contract of issue 13):
 * what it matches, and the parameters of the traffic it matches. A
 * "foreign" flow is one the kernel holds that TC GUI did not make.
 */
typedef struct
{
  TcguiFlowTarget target;
  char           *value;        /* the prefix, the container key or the network key */
  char           *prefix;       /* read back: the kernel's address, if any */
  char           *protocol;     /* NULL: any */
  guint16         port_min;     /* 0: any port */
  guint16         port_max;
  gboolean        partition;
  char           *label;
  gboolean        foreign;
  TcguiParams     params;
} TcguiFlowItem;

TcguiFlowItem *tcgui_flow_item_new           (TcguiFlowTarget      target,
                                              const char          *value);
TcguiFlowItem *tcgui_flow_item_copy          (const TcguiFlowItem *item);
void           tcgui_flow_item_free          (TcguiFlowItem       *item);
GVariant      *tcgui_flow_item_to_variant    (const TcguiFlowItem *item);
TcguiFlowItem *tcgui_flow_item_from_variant  (GVariant            *dict,
                                              GError             **error);
gboolean       tcgui_flow_item_set_match     (TcguiFlowItem       *item,
                                              const char          *protocol,
                                              const char          *ports,
                                              GError             **error);
gboolean       tcgui_flow_check_prefix       (const char          *text,
                                              GError             **error);
char          *tcgui_flow_subnet_of          (const char          *ip,
                                              guint                prefix_len);
gboolean       tcgui_flow_prefix_same        (const char          *a,
                                              const char          *b);
char          *tcgui_flow_item_describe_ports (const TcguiFlowItem *item);

GVariant      *tcgui_flows_build_params      (const TcguiParams   *defaults,
                                              GPtrArray           *flows);
GVariant      *tcgui_flows_split_state       (GVariant            *dict,
                                              GPtrArray          **flows,
                                              GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcguiFlowItem, tcgui_flow_item_free)

G_END_DECLS
