/* tcgui-flow-rules.c - flows as u32 rules and back, without the kernel
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-flow-rules"

#include "config.h"

#include <string.h>
#include <sys/socket.h>
#include <linux/if_ether.h>

#include "tcgui-error.h"
#include "tcgui-flow-rules.h"

/* u32 matches 32-bit words at offsets from the network header. TC GUI's
 * rules use these (tc's `match ip dst …`, `match ip6 dport …` write the
 * same): the IPv4 header without options (the IHL is matched too when
 * ports are), the IPv6 header without extension headers (the next header
 * is matched with the protocol, so a packet with extension headers does
 * not match a port rule). */
#define V4_IHL_OFF      0
#define V4_PROTO_OFF    8
#define V4_SRC_OFF      12
#define V4_DST_OFF      16
#define V4_PORTS_OFF    20
#define V6_NEXTHDR_OFF  4
#define V6_SRC_OFF      8
#define V6_DST_OFF      24
#define V6_PORTS_OFF    40

static const struct
{
  TcguiFlowProtocol protocol;
  guint8            number;
} ip_protocols[] = {
  { TCGUI_FLOW_PROTO_TCP, 6 },
  { TCGUI_FLOW_PROTO_UDP, 17 },
  { TCGUI_FLOW_PROTO_ICMP, 1 },
  { TCGUI_FLOW_PROTO_ICMPV6, 58 },
  { TCGUI_FLOW_PROTO_SCTP, 132 },
};

static guint8
protocol_number (TcguiFlowProtocol protocol)
{
  for (guint i = 0; i < G_N_ELEMENTS (ip_protocols); i++)
    if (ip_protocols[i].protocol == protocol)
      return ip_protocols[i].number;
  return 0;
}

static gboolean
protocol_from_number (guint8             number,
                      TcguiFlowProtocol *protocol)
{
  for (guint i = 0; i < G_N_ELEMENTS (ip_protocols); i++)
    if (ip_protocols[i].number == number)
      {
        *protocol = ip_protocols[i].protocol;
        return TRUE;
      }
  return FALSE;
}

static guint32
word_at (const guint8 *addr,
         guint         word)
{
  return ((guint32) addr[4 * word] << 24) | ((guint32) addr[4 * word + 1] << 16) |
         ((guint32) addr[4 * word + 2] << 8) | addr[4 * word + 3];
}

static guint32
prefix_mask_word (guint prefix_len,
                  guint word)
{
  guint bits = prefix_len > 32 * word ? MIN (prefix_len - 32 * word, 32u) : 0;

  return bits == 0 ? 0 : bits == 32 ? 0xffffffffu : ~(0xffffffffu >> bits);
}

static void
add_key (TcguiU32Rule *rule,
         guint32       val,
         guint32       mask,
         int           off)
{
  g_assert (rule->n_keys < TCGUI_U32_MAX_KEYS);
  rule->keys[rule->n_keys++] = (TcguiU32Key) { val & mask, mask, off };
}

static void
add_prefix_keys (TcguiU32Rule          *rule,
                 const TcguiFlowPrefix *prefix,
                 gboolean               incoming)
{
  gboolean v4 = prefix->family == AF_INET;
  int off = v4 ? (incoming ? V4_SRC_OFF : V4_DST_OFF) : (incoming ? V6_SRC_OFF : V6_DST_OFF);

  /* A /0 prefix (every address of one family) is an empty key at the
   * address, so that it reads back as a prefix and not as "any". */
  if (prefix->prefix_len == 0)
    add_key (rule, 0, 0, off);
  for (guint w = 0; w < (v4 ? 1u : 4u); w++)
    {
      guint32 mask = prefix_mask_word (prefix->prefix_len, w);

      if (mask != 0)
        add_key (rule, word_at (prefix->addr, w), mask, off + 4 * (int) w);
    }
}

/* The next aligned block of the port range: [*lo, *lo + size). */
static guint
port_block (guint lo,
            guint hi)
{
  guint size = 1;

  while (size < 65536 && lo % (size * 2) == 0 && lo + size * 2 - 1 <= hi)
    size *= 2;
  return size;
}

static void
add_rules_for_family (const TcguiFlow        *flow,
                      const TcguiFlowPrefix  *prefix,
                      int                     family,
                      TcguiU32Rule           *base,
                      gboolean                incoming,
                      GPtrArray              *rules)
{
  const TcguiFlowMatch *m = &flow->match;
  gboolean v4 = family == AF_INET;

  if (prefix != NULL)
    add_prefix_keys (base, prefix, incoming);
  if (m->protocol != TCGUI_FLOW_PROTO_ANY)
    {
      guint8 number = protocol_number (m->protocol);

      if (v4)
        add_key (base, (guint32) number << 16, 0x00ff0000u, V4_PROTO_OFF);
      else
        add_key (base, (guint32) number << 8, 0x0000ff00u, V6_NEXTHDR_OFF);
    }
  if (m->port_min == 0)
    {
      /* A rule without keys would be refused: match any word. */
      if (base->n_keys == 0)
        add_key (base, 0, 0, 0);
      g_ptr_array_add (rules, g_memdup2 (base, sizeof *base));
      return;
    }
  if (v4)
    add_key (base, 0x05000000u, 0x0f000000u, V4_IHL_OFF);
  for (guint lo = m->port_min; lo <= m->port_max;)
    {
      guint size = port_block (lo, m->port_max);
      guint32 mask = (0xffffu & ~(size - 1));
      TcguiU32Rule *rule = g_memdup2 (base, sizeof *base);

      /* Outgoing: the destination port (low half); incoming: the source. */
      if (incoming)
        add_key (rule, (guint32) lo << 16, mask << 16, v4 ? V4_PORTS_OFF : V6_PORTS_OFF);
      else
        add_key (rule, lo, mask, v4 ? V4_PORTS_OFF : V6_PORTS_OFF);
      g_ptr_array_add (rules, rule);
      lo += size;
    }
}

/**
 * tcgui_flow_rules_build:
 * @flow: a validated flow
 * @index: its place in the list (its rules' priority)
 * @prefixes: the addresses it matches (its prefix, or what its peer or
 *   network resolved to); none: any address
 * @incoming: match the source address and port instead of the destination
 * @rules: (element-type TcguiU32Rule): where the rules are added (plain
 *   g_free() elements)
 *
 * Returns: %TRUE, or %FALSE with InvalidArgument when a prefix does not
 *   fit the flow's protocol, LimitExceeded when @rules would hold more
 *   than %TCGUI_FLOW_RULES_MAX rules
 */
gboolean
tcgui_flow_rules_build (const TcguiFlow        *flow,
                        guint                   index,
                        const TcguiFlowPrefix  *prefixes,
                        guint                   n_prefixes,
                        gboolean                incoming,
                        guint32                 classid,
                        GPtrArray              *rules,
                        GError                **error)
{
  TcguiFlowProtocol proto = flow->match.protocol;
  guint before = rules->len;

  for (guint f = 0; f < 2; f++)
    {
      int family = f == 0 ? AF_INET : AF_INET6;
      TcguiU32Rule base = {
        .prio = (guint16) (TCGUI_FLOW_PRIO_BASE + 2 * index + f),
        .protocol = family == AF_INET ? ETH_P_IP : ETH_P_IPV6,
        .classid = classid,
        .understood = TRUE,
      };

      if ((proto == TCGUI_FLOW_PROTO_ICMP && family != AF_INET) ||
          (proto == TCGUI_FLOW_PROTO_ICMPV6 && family != AF_INET6))
        continue;
      if (n_prefixes == 0)
        {
          add_rules_for_family (flow, NULL, family, &base, incoming, rules);
          continue;
        }
      for (guint i = 0; i < n_prefixes && rules->len <= TCGUI_FLOW_RULES_MAX; i++)
        {
          TcguiU32Rule copy = base;

          if (prefixes[i].family == family)
            add_rules_for_family (flow, &prefixes[i], family, &copy, incoming, rules);
        }
    }
  if (rules->len == before)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "“flows[%u]” matches no address of its protocol's family", index);
      return FALSE;
    }
  /* Only a tree the reader reads whole can be told from a foreign one. */
  if (rules->len > TCGUI_FLOW_RULES_MAX)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_LIMIT_EXCEEDED,
                   "“flows[%u]” brings the filters of one direction to %u: at most %u "
                   "(fewer peer addresses or wider port ranges)",
                   index, rules->len, TCGUI_FLOW_RULES_MAX);
      return FALSE;
    }
  return TRUE;
}

/* Reading back. */

typedef struct
{
  TcguiFlowMatch match;
  guint32        classid;
  gboolean       foreign;
  guint16        prio;
} ReadRule;

static gboolean
mask_to_len (guint32  mask,
             guint   *len)
{
  guint n = 0;

  while (n < 32 && (mask & (0x80000000u >> n)))
    n++;
  *len += n;
  return n == 32 || (mask << n) == 0;
}

/* Decodes one key into @r; FALSE when it is none TC GUI writes. */
static gboolean
decode_key (const TcguiU32Key *k,
            int                family,
            gboolean           incoming,
            ReadRule          *r,
            guint32           *addr_masks)
{
  gboolean v4 = family == AF_INET;
  int addr_off = v4 ? (incoming ? V4_SRC_OFF : V4_DST_OFF) : (incoming ? V6_SRC_OFF : V6_DST_OFF);
  int words = v4 ? 1 : 4;
  guint8 number;

  if (k->mask == 0)
    {
      if (k->off == addr_off)
        r->match.family = family;
      return TRUE;
    }
  if (k->off >= addr_off && k->off < addr_off + 4 * words && (k->off - addr_off) % 4 == 0)
    {
      guint w = (guint) (k->off - addr_off) / 4;

      r->match.family = family;
      addr_masks[w] = k->mask;
      r->match.addr[4 * w] = (guint8) (k->val >> 24);
      r->match.addr[4 * w + 1] = (guint8) (k->val >> 16);
      r->match.addr[4 * w + 2] = (guint8) (k->val >> 8);
      r->match.addr[4 * w + 3] = (guint8) k->val;
      return TRUE;
    }
  if ((v4 && k->off == V4_PROTO_OFF && k->mask == 0x00ff0000u) ||
      (!v4 && k->off == V6_NEXTHDR_OFF && k->mask == 0x0000ff00u))
    {
      number = (guint8) (v4 ? k->val >> 16 : k->val >> 8);
      return protocol_from_number (number, &r->match.protocol);
    }
  if (v4 && k->off == V4_IHL_OFF && k->mask == 0x0f000000u && k->val == 0x05000000u)
    return TRUE;
  if (k->off == (v4 ? V4_PORTS_OFF : V6_PORTS_OFF))
    {
      guint32 other = incoming ? k->mask & 0xffff : k->mask >> 16;
      guint32 mask = incoming ? k->mask >> 16 : k->mask & 0xffff;
      guint32 val = incoming ? k->val >> 16 : k->val & 0xffff;
      guint32 span = (~mask & 0xffff) + 1;

      /* One aligned block of ports, as port_block() makes them. */
      if (other != 0 || (span & (span - 1)) != 0 || (val & (span - 1)) != 0 || val == 0)
        return FALSE;
      r->match.port_min = (guint16) val;
      r->match.port_max = (guint16) (val + span - 1);
      return TRUE;
    }
  return FALSE;
}

static void
decode_rule (const TcguiU32Rule *rule,
             gboolean            incoming,
             ReadRule           *r)
{
  int family = rule->protocol == ETH_P_IP ? AF_INET : rule->protocol == ETH_P_IPV6 ? AF_INET6 : 0;
  guint32 masks[4] = { 0 };
  gboolean ok = rule->understood && family != 0;

  memset (r, 0, sizeof *r);
  r->classid = rule->classid;
  r->prio = rule->prio;
  for (guint i = 0; ok && i < rule->n_keys; i++)
    ok = decode_key (&rule->keys[i], family, incoming, r, masks);
  if (ok && r->match.family != 0)
    {
      r->match.prefix_len = 0;
      for (guint w = 0; ok && w < (family == AF_INET ? 1u : 4u); w++)
        {
          /* Contiguous: full words, then one partial, then nothing. */
          ok = mask_to_len (masks[w], &r->match.prefix_len) &&
               (w == 0 || masks[w] == 0 || masks[w - 1] == 0xffffffffu);
        }
    }
  if (ok && r->match.port_min != 0 && r->match.protocol != TCGUI_FLOW_PROTO_TCP &&
      r->match.protocol != TCGUI_FLOW_PROTO_UDP && r->match.protocol != TCGUI_FLOW_PROTO_SCTP)
    ok = FALSE;
  if (!ok)
    {
      memset (&r->match, 0, sizeof r->match);
      r->foreign = TRUE;
    }
}

static gboolean
same_flow (const TcguiFlow *flow,
           guint32          classid,
           const ReadRule  *r)
{
  const TcguiFlowMatch *a = &flow->match, *b = &r->match;

  return !flow->foreign && !r->foreign && classid == r->classid &&
         a->family == b->family && a->prefix_len == b->prefix_len &&
         memcmp (a->addr, b->addr, sizeof a->addr) == 0 && a->protocol == b->protocol;
}

/* Port blocks of one flow come as rules of their own: merged when they
 * join up. */
static gboolean
merge_ports (TcguiFlow      *flow,
             const ReadRule *r)
{
  TcguiFlowMatch *m = &flow->match;

  /* The same range: the IPv4 and IPv6 rules of a flow without a prefix. */
  if (m->port_min == r->match.port_min && m->port_max == r->match.port_max)
    return TRUE;
  if (m->port_min == 0 || r->match.port_min == 0)
    return FALSE;
  if ((guint) r->match.port_min == (guint) m->port_max + 1)
    m->port_max = r->match.port_max;
  else if ((guint) r->match.port_max + 1 == (guint) m->port_min)
    m->port_min = r->match.port_min;
  else
    return FALSE;
  return TRUE;
}

static gint
compare_rules (gconstpointer a,
               gconstpointer b)
{
  const TcguiU32Rule *ra = *(TcguiU32Rule * const *) a;
  const TcguiU32Rule *rb = *(TcguiU32Rule * const *) b;
  guint16 pa = (guint16) (ra->prio & ~1u), pb = (guint16) (rb->prio & ~1u);

  return pa != pb ? (pa < pb ? -1 : 1) : 0;
}

/**
 * tcgui_flow_rules_read:
 * @rules: (element-type TcguiU32Rule): the filters under the root
 *
 * Turns rules back into flows, in priority order: one flow per class and
 * prefix (and protocol), with port blocks joined. Rules TC GUI cannot
 * describe become flows with "foreign" set and an empty match. The
 * flows' parameters are left empty: they are the classes' leaves. More
 * rules than TC GUI ever writes (%TCGUI_FLOW_RULES_MAX) or more flows than
 * that end the list with a foreign flow: never a silent partial result.
 *
 * @classids: (out) (transfer full): each flow's class (guint32)
 *
 * Returns: (transfer full): an array of #TcguiFlow
 */
GPtrArray *
tcgui_flow_rules_read (GPtrArray  *rules,
                       gboolean    incoming,
                       GArray    **classids_out)
{
  g_autoptr(GPtrArray) flows = tcgui_flows_new ();
  g_autoptr(GArray) classids = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GPtrArray) sorted = g_ptr_array_copy (rules, NULL, NULL);

  /* The copy borrows the rules (it has the original's free function). */
  g_ptr_array_set_free_func (sorted, NULL);
  g_ptr_array_sort (sorted, compare_rules);
  for (guint i = 0; i < sorted->len; i++)
    {
      ReadRule r;
      gboolean merged = FALSE;

      decode_rule (g_ptr_array_index (sorted, i), incoming, &r);
      for (guint j = 0; j < flows->len && !merged; j++)
        if (same_flow (g_ptr_array_index (flows, j), g_array_index (classids, guint32, j), &r))
          merged = merge_ports (g_ptr_array_index (flows, j), &r);
      if (!merged)
        {
          TcguiFlow *flow = tcgui_flow_new ();

          flow->match = r.match;
          flow->foreign = r.foreign;
          g_ptr_array_add (flows, flow);
          g_array_append_val (classids, r.classid);
        }
      if (flows->len >= TCGUI_FLOW_RULES_MAX && i + 1 < sorted->len)
        break;
    }
  /* A tree TC GUI cannot have written, or one read in part: foreign. */
  if (sorted->len > TCGUI_FLOW_RULES_MAX)
    {
      TcguiFlow *flow = tcgui_flow_new ();
      guint32 none = 0;

      flow->foreign = TRUE;
      g_ptr_array_add (flows, flow);
      g_array_append_val (classids, none);
    }
  *classids_out = g_steal_pointer (&classids);
  return g_steal_pointer (&flows);
}
