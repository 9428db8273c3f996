/* tcgui-params.h - the shaping-parameter model shared by app and helper
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The ranges below are what the kernel keeps exactly (docs/security.md,
 * the SetShaping documentation in io.github.tcgui.Helper1.xml). */
#define TCGUI_PARAMS_MAX_DELAY_US    G_GUINT64_CONSTANT (60000000)
/* netem caps its jitter at INT_MAX ns (tabledist() works on 32 bits). */
#define TCGUI_PARAMS_MAX_JITTER_US   G_GUINT64_CONSTANT (2147483)
#define TCGUI_PARAMS_MIN_RATE_BPS    G_GUINT64_CONSTANT (1000)
#define TCGUI_PARAMS_MAX_RATE_BPS    G_GUINT64_CONSTANT (1000000000000)
/* tbf's rate is whole bytes per second. */
#define TCGUI_PARAMS_RATE_STEP_BPS   8
#define TCGUI_PARAMS_MIN_BURST_BYTES 64
#define TCGUI_PARAMS_MAX_BURST_BYTES (1024u * 1024u * 1024u)
/* tbf reports its bucket as a time in 32-bit 64 ns ticks: at most 2^38 ns
 * (274.9 s) of the rate can be read back. */
#define TCGUI_PARAMS_MAX_BURST_NS    (G_GUINT64_CONSTANT (1) << 38)
#define TCGUI_PARAMS_MAX_LIMIT       (1000u * 1000u * 100u)
#define TCGUI_PARAMS_DEFAULT_LIMIT   1000u
/* The Ethernet header a qdisc counts in each frame besides the MTU. */
#define TCGUI_PARAMS_ETH_OVERHEAD    14u

typedef enum
{
  TCGUI_DIST_NONE,
  TCGUI_DIST_UNIFORM,
  TCGUI_DIST_NORMAL,
  TCGUI_DIST_PARETO,
  TCGUI_DIST_PARETONORMAL,
} TcguiDistribution;

typedef enum
{
  TCGUI_LOSS_RANDOM,
  TCGUI_LOSS_GEMODEL,
} TcguiLossModel;

/* Flags of SetShaping. */
typedef enum
{
  TCGUI_SHAPING_FLAGS_NONE  = 0,
  TCGUI_SHAPING_FLAGS_FORCE = 1 << 0,
} TcguiShapingFlags;

/**
 * TcguiParams:
 *
 * One direction's wanted (or read-back) shaping. All-zero means "no
 * shaping". Percentages are 0..100; times are µs; the rate is bit/s.
 * The fields map one to one to the a{sv} keys of SetShaping.
 */
typedef struct
{
  guint32           delay_us;
  guint32           jitter_us;
  double            delay_correlation;
  TcguiDistribution distribution;

  TcguiLossModel    loss_model;
  double            loss;
  double            loss_correlation;
  double            gemodel_p;
  double            gemodel_r;
  double            gemodel_1_h;
  double            gemodel_1_k;

  double            duplicate;
  double            duplicate_correlation;
  double            reorder;
  double            reorder_correlation;
  guint32           reorder_gap;
  double            corrupt;
  double            corrupt_correlation;

  guint64           rate_bps;
  guint32           burst_bytes;     /* 0: derived from rate and MTU */
  guint32           limit_packets;   /* 0: the default (1000) */
} TcguiParams;

void        tcgui_params_init             (TcguiParams        *params);
gboolean    tcgui_params_validate         (const TcguiParams  *params,
                                           GError            **error);
gboolean    tcgui_params_from_variant     (GVariant           *dict,
                                           TcguiParams        *params,
                                           GError            **error);
GVariant   *tcgui_params_to_variant       (const TcguiParams  *params);
gboolean    tcgui_params_is_empty         (const TcguiParams  *params);
gboolean    tcgui_params_needs_netem      (const TcguiParams  *params);
gboolean    tcgui_params_equal            (const TcguiParams  *a,
                                           const TcguiParams  *b);
const char *tcgui_distribution_to_string  (TcguiDistribution   dist);
gboolean    tcgui_distribution_from_string (const char        *str,
                                            TcguiDistribution *dist);
guint32     tcgui_params_max_burst_bytes  (guint64             rate_bps);
guint32     tcgui_params_default_burst    (guint64             rate_bps,
                                           guint               mtu,
                                           guint               gso_max);
guint32     tcgui_params_default_tbf_limit (guint32            burst_bytes,
                                            guint64            rate_bps);
guint32     tcgui_percent_to_u32          (double              percent);
double      tcgui_percent_from_u32        (guint32             value);

/* Flows: per-destination shaping (the "flows" key of the parameters). */
#define TCGUI_FLOWS_MAX          64
#define TCGUI_FLOW_LABEL_MAX     64
/* An inventory key or container/network name. */
#define TCGUI_FLOW_NAME_MAX      256

typedef enum
{
  TCGUI_FLOW_PROTO_ANY,
  TCGUI_FLOW_PROTO_TCP,
  TCGUI_FLOW_PROTO_UDP,
  TCGUI_FLOW_PROTO_ICMP,
  TCGUI_FLOW_PROTO_ICMPV6,
  TCGUI_FLOW_PROTO_SCTP,
} TcguiFlowProtocol;

/**
 * TcguiFlowMatch:
 *
 * Which packets a flow takes: at most one of a peer, a network or a
 * prefix (the address is the destination outgoing, the source incoming),
 * and optionally a protocol and a port range.
 */
typedef struct
{
  char              *peer;        /* NULL: none */
  char              *network;     /* NULL: none */
  int                family;      /* 0: no prefix; AF_INET or AF_INET6 */
  guint8             addr[16];    /* network byte order, host bits clear */
  guint              prefix_len;
  TcguiFlowProtocol  protocol;
  guint16            port_min;    /* 0: any port */
  guint16            port_max;    /* == port_min for one port */
} TcguiFlowMatch;

/**
 * TcguiFlow:
 *
 * One entry of "flows": a match, and what happens to what it matches
 * (dropped, or shaped with @params; empty @params leaves it unshaped).
 */
typedef struct
{
  TcguiFlowMatch  match;
  gboolean        partition;
  gboolean        foreign;      /* read back: a filter TC GUI did not make */
  char           *label;        /* NULL: none */
  TcguiParams     params;
} TcguiFlow;

TcguiFlow  *tcgui_flow_new                (void);
TcguiFlow  *tcgui_flow_copy               (const TcguiFlow    *flow);
void        tcgui_flow_free               (TcguiFlow          *flow);
gboolean    tcgui_flow_validate           (const TcguiFlow    *flow,
                                           guint               index,
                                           GError            **error);
gboolean    tcgui_flow_equal              (const TcguiFlow    *a,
                                           const TcguiFlow    *b);
GVariant   *tcgui_flow_to_variant         (const TcguiFlow    *flow);
GPtrArray  *tcgui_flows_new               (void);
gboolean    tcgui_flows_equal             (GPtrArray          *a,
                                           GPtrArray          *b);
const char *tcgui_flow_protocol_to_string (TcguiFlowProtocol   protocol);
gboolean    tcgui_flow_protocol_from_string (const char        *str,
                                             TcguiFlowProtocol *protocol);
gboolean    tcgui_flow_prefix_parse       (const char         *str,
                                           int                *family,
                                           guint8              addr[16],
                                           guint              *prefix_len,
                                           GError            **error);
char       *tcgui_flow_prefix_to_string   (int                 family,
                                           const guint8        addr[16],
                                           guint               prefix_len);
gboolean    tcgui_params_from_variant_full (GVariant          *dict,
                                            TcguiParams       *params,
                                            GPtrArray        **flows,
                                            GError           **error);
GVariant   *tcgui_params_to_variant_full  (const TcguiParams  *params,
                                           GPtrArray          *flows);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcguiFlow, tcgui_flow_free)

G_END_DECLS
