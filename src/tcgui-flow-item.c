/* tcgui-flow-item.c - one flow of a direction: a match and its shaping
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The app's side of SetShaping's "flows" (issue 13): a flow is an a{sv}
 * with a "match", an optional "partition" and "label", and the same
 * parameter keys as the direction's default. The checks here explain a
 * mistake in the user's words before anything reaches the helper, which
 * checks everything again.
 */

#define G_LOG_DOMAIN "tcgui-flow-item"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n.h>

#include "tcgui-error.h"
#include "tcgui-flow-item.h"

/* The match's address key, by target. */
static const char *target_keys[] = {
  [TCGUI_FLOW_TO_PREFIX] = "prefix",
  [TCGUI_FLOW_TO_PEER] = "peer",
  [TCGUI_FLOW_TO_NETWORK] = "network",
};

/* The protocols of the contract; the first three carry ports. */
static const char *protocols[] = { "tcp", "udp", "sctp", "icmp", "icmpv6" };
#define N_PORT_PROTOCOLS 3

TcguiFlowItem *
tcgui_flow_item_new (TcguiFlowTarget  target,
                     const char      *value)
{
  TcguiFlowItem *item = g_new0 (TcguiFlowItem, 1);

  item->target = target;
  item->value = g_strdup (value);
  tcgui_params_init (&item->params);
  return item;
}

TcguiFlowItem *
tcgui_flow_item_copy (const TcguiFlowItem *item)
{
  TcguiFlowItem *copy = g_memdup2 (item, sizeof *item);

  copy->value = g_strdup (item->value);
  copy->prefix = g_strdup (item->prefix);
  copy->protocol = g_strdup (item->protocol);
  copy->label = g_strdup (item->label);
  return copy;
}

void
tcgui_flow_item_free (TcguiFlowItem *item)
{
  if (item == NULL)
    return;
  g_free (item->value);
  g_free (item->prefix);
  g_free (item->protocol);
  g_free (item->label);
  g_free (item);
}

/* Validation --------------------------------------------------------------- */

static gboolean
port_protocol (const char *protocol)
{
  for (guint i = 0; i < N_PORT_PROTOCOLS; i++)
    if (g_strcmp0 (protocol, protocols[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
known_protocol (const char *protocol)
{
  for (guint i = 0; i < G_N_ELEMENTS (protocols); i++)
    if (g_strcmp0 (protocol, protocols[i]) == 0)
      return TRUE;
  return FALSE;
}

/* "10.1.2.3/16": an address and a length that fits it, but bits after it. */
static gboolean
host_bits_set (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "/", 2);
  g_autoptr(GInetAddress) address = NULL;
  guint64 length;

  if (parts[1] == NULL || (address = g_inet_address_new_from_string (parts[0])) == NULL)
    return FALSE;
  return g_ascii_string_to_unsigned (parts[1], 10, 0,
                                     g_inet_address_get_native_size (address) * 8,
                                     &length, NULL);
}

/**
 * tcgui_flow_check_prefix:
 *
 * Whether @text is an IPv4 or IPv6 address or prefix with no bits set
 * after its length ("10.1.0.0/16", "fd00::1").
 */
gboolean
tcgui_flow_check_prefix (const char  *text,
                         GError     **error)
{
  g_autoptr(GInetAddressMask) mask = NULL;
  g_autoptr(GError) local = NULL;

  if (text == NULL || *text == '\0')
    {
      g_set_error_literal (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                           _("Enter an address or a prefix, such as 10.1.0.0/16 or fd00::1"));
      return FALSE;
    }
  mask = g_inet_address_mask_new_from_string (text, &local);
  if (mask != NULL)
    return TRUE;
  if (host_bits_set (text))
    {
      /* Translators: %s is what the user typed, such as 10.1.2.3/16 */
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   _("“%s” has address bits set after the prefix length"), text);
      return FALSE;
    }
  /* Translators: %s is what the user typed */
  g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
               _("“%s” is not an IPv4 or IPv6 address or prefix (such as 10.1.0.0/16 or "
                 "fd00::1)"), text);
  return FALSE;
}

static gboolean
parse_port (const char *text,
            guint16    *port)
{
  guint64 v;

  if (!g_ascii_string_to_unsigned (g_strstrip ((char *) text), 10, 1, G_MAXUINT16, &v, NULL))
    return FALSE;
  *port = (guint16) v;
  return TRUE;
}

static gboolean
bad_ports (const char  *ports,
           GError     **error)
{
  /* Translators: %s is what the user typed in the ports field */
  g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a port or a range of ports from 1 to 65535 (such as 80 or "
                 "8000-8100)"), ports);
  return FALSE;
}

/* "80" or "8000-8100"; "" is any port. */
static gboolean
parse_ports (const char  *ports,
             guint16     *min,
             guint16     *max,
             GError     **error)
{
  g_auto(GStrv) parts = NULL;

  *min = *max = 0;
  if (ports == NULL || *ports == '\0')
    return TRUE;
  parts = g_strsplit (ports, "-", 2);
  if (!parse_port (parts[0], min) || (parts[1] != NULL && !parse_port (parts[1], max)))
    return bad_ports (ports, error);
  if (parts[1] == NULL)
    *max = *min;
  if (*max < *min)
    {
      /* Translators: %s is what the user typed in the ports field */
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   _("The range “%s” ends before it starts"), ports);
      return FALSE;
    }
  return TRUE;
}

/* ICMP and an IPv6 prefix (or ICMPv6 and IPv4) match nothing at all. */
static gboolean
check_family (const TcguiFlowItem  *item,
              const char           *protocol,
              GError              **error)
{
  g_autoptr(GInetAddressMask) mask = NULL;
  GSocketFamily family;

  if (item->target != TCGUI_FLOW_TO_PREFIX || protocol == NULL ||
      !g_str_has_prefix (protocol, "icmp"))
    return TRUE;
  mask = g_inet_address_mask_new_from_string (item->value, NULL);
  if (mask == NULL)
    return TRUE;
  family = g_inet_address_mask_get_family (mask);
  if ((family == G_SOCKET_FAMILY_IPV6) == g_str_equal (protocol, "icmpv6"))
    return TRUE;
  g_set_error_literal (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                       family == G_SOCKET_FAMILY_IPV6
                       ? _("An IPv6 address needs ICMPv6, not ICMP")
                       : _("An IPv4 address needs ICMP, not ICMPv6"));
  return FALSE;
}

/**
 * tcgui_flow_subnet_of:
 * @ip: an address, such as a container's on a network
 * @prefix_len: the network's prefix length
 *
 * Returns: (transfer full) (nullable): the network's prefix ("10.1.0.0/16")
 */
char *
tcgui_flow_subnet_of (const char *ip,
                      guint       prefix_len)
{
  g_autoptr(GInetAddress) address = ip != NULL ? g_inet_address_new_from_string (ip) : NULL;
  g_autoptr(GInetAddress) network = NULL;
  guint8 bytes[16];
  gsize size;

  if (address == NULL)
    return NULL;
  size = g_inet_address_get_native_size (address);
  if (prefix_len > size * 8)
    return NULL;
  memcpy (bytes, g_inet_address_to_bytes (address), size);
  for (guint bit = prefix_len; bit < size * 8; bit++)
    bytes[bit / 8] &= ~(0x80 >> (bit % 8));
  network = g_inet_address_new_from_bytes (bytes, g_inet_address_get_family (address));
  {
    g_autofree char *text = g_inet_address_to_string (network);

    return g_strdup_printf ("%s/%u", text, prefix_len);
  }
}

/* Whether two prefixes name the same addresses ("10.0.0.5" is "10.0.0.5/32"). */
gboolean
tcgui_flow_prefix_same (const char *a,
                        const char *b)
{
  g_autoptr(GInetAddressMask) x = a != NULL ? g_inet_address_mask_new_from_string (a, NULL) : NULL;
  g_autoptr(GInetAddressMask) y = b != NULL ? g_inet_address_mask_new_from_string (b, NULL) : NULL;

  return x != NULL && y != NULL && g_inet_address_mask_equal (x, y);
}

/**
 * tcgui_flow_item_set_match:
 * @protocol: (nullable): "tcp", "udp", …; %NULL or "" for any
 * @ports: (nullable): "80", "8000-8100", or empty for any port
 *
 * Checks the whole match (the address of a prefix flow too) and keeps it.
 *
 * Returns: %TRUE, or %FALSE with a message for the user
 */
gboolean
tcgui_flow_item_set_match (TcguiFlowItem  *item,
                           const char     *protocol,
                           const char     *ports,
                           GError        **error)
{
  guint16 min, max;

  if (protocol != NULL && *protocol == '\0')
    protocol = NULL;
  if (item->target == TCGUI_FLOW_TO_PREFIX && !tcgui_flow_check_prefix (item->value, error))
    return FALSE;
  if (protocol != NULL && !known_protocol (protocol))
    return bad_ports (protocol, error);
  if (!parse_ports (ports, &min, &max, error) || !check_family (item, protocol, error))
    return FALSE;
  if (min != 0 && !port_protocol (protocol))
    {
      g_set_error_literal (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                           _("Ports need the protocol TCP, UDP or SCTP"));
      return FALSE;
    }
  g_free (item->protocol);
  item->protocol = g_strdup (protocol);
  item->port_min = min;
  item->port_max = max;
  return TRUE;
}

/* "tcp 80", "udp 8000–8100", "icmp", or NULL for any traffic. */
char *
tcgui_flow_item_describe_ports (const TcguiFlowItem *item)
{
  g_autofree char *upper = NULL;

  if (item->protocol == NULL)
    return NULL;
  upper = g_ascii_strup (item->protocol, -1);
  if (item->port_min == 0)
    return g_steal_pointer (&upper);
  if (item->port_max <= item->port_min)
    return g_strdup_printf ("%s %u", upper, item->port_min);
  return g_strdup_printf ("%s %u–%u", upper, item->port_min, item->port_max);
}

/* To and from the wire -------------------------------------------------------- */

static GVariant *
match_to_variant (const TcguiFlowItem *item)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  g_variant_builder_add (&b, "{sv}", target_keys[item->target],
                         g_variant_new_string (item->value));
  if (item->protocol != NULL)
    g_variant_builder_add (&b, "{sv}", "protocol", g_variant_new_string (item->protocol));
  if (item->port_min != 0)
    {
      g_variant_builder_add (&b, "{sv}", "port-min", g_variant_new_uint16 (item->port_min));
      if (item->port_max > item->port_min)
        g_variant_builder_add (&b, "{sv}", "port-max", g_variant_new_uint16 (item->port_max));
    }
  return g_variant_builder_end (&b);
}

/**
 * tcgui_flow_item_to_variant:
 *
 * Returns: (transfer floating): the flow as SetShaping's "flows" has it
 */
GVariant *
tcgui_flow_item_to_variant (const TcguiFlowItem *item)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(GVariant) params = g_variant_ref_sink (tcgui_params_to_variant (&item->params));
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_variant_builder_add (&b, "{sv}", "match", match_to_variant (item));
  if (item->partition)
    g_variant_builder_add (&b, "{sv}", "partition", g_variant_new_boolean (TRUE));
  if (item->label != NULL && *item->label != '\0')
    g_variant_builder_add (&b, "{sv}", "label", g_variant_new_string (item->label));
  /* A partition drops everything: its parameters would shape nothing. */
  if (!item->partition)
    {
      g_variant_iter_init (&iter, params);
      while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
        g_variant_builder_add (&b, "{sv}", key, value);
    }
  return g_variant_builder_end (&b);
}

static gboolean
read_match (TcguiFlowItem  *item,
            GVariant       *match,
            GError        **error)
{
  const char *s;

  g_variant_lookup (match, "prefix", "s", &item->prefix);
  for (guint i = G_N_ELEMENTS (target_keys); i-- > 0;)
    if (g_variant_lookup (match, target_keys[i], "&s", &s))
      {
        item->target = i;
        item->value = g_strdup (s);
        break;
      }
  if (item->value == NULL)
    {
      g_set_error_literal (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                           "A flow's match has no address");
      return FALSE;
    }
  g_variant_lookup (match, "protocol", "s", &item->protocol);
  g_variant_lookup (match, "port-min", "q", &item->port_min);
  if (!g_variant_lookup (match, "port-max", "q", &item->port_max))
    item->port_max = item->port_min;
  return TRUE;
}

/* The keys of a flow besides its parameters. */
static gboolean
read_flow_key (TcguiFlowItem  *item,
               const char     *key,
               GVariant       *value,
               GError        **error)
{
  if (g_str_equal (key, "match") && g_variant_is_of_type (value, G_VARIANT_TYPE_VARDICT))
    return read_match (item, value, error);
  if (g_str_equal (key, "partition") && g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    item->partition = g_variant_get_boolean (value);
  else if (g_str_equal (key, "foreign") && g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    item->foreign = g_variant_get_boolean (value);
  else if (g_str_equal (key, "label") && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    item->label = g_variant_dup_string (value, NULL);
  return TRUE;
}

static gboolean
is_flow_key (const char *key)
{
  return g_str_equal (key, "match") || g_str_equal (key, "partition") ||
         g_str_equal (key, "foreign") || g_str_equal (key, "label");
}

/**
 * tcgui_flow_item_from_variant:
 * @dict: one element of GetShaping's "flows"
 *
 * Returns: (transfer full): the flow, or %NULL with @error set
 */
TcguiFlowItem *
tcgui_flow_item_from_variant (GVariant  *dict,
                              GError   **error)
{
  g_autoptr(TcguiFlowItem) item = tcgui_flow_item_new (TCGUI_FLOW_TO_PREFIX, NULL);
  g_auto(GVariantBuilder) rest = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(GVariant) params = NULL;
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_clear_pointer (&item->value, g_free);
  g_variant_iter_init (&iter, dict);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    {
      if (!is_flow_key (key))
        g_variant_builder_add (&rest, "{sv}", key, value);
      else if (!read_flow_key (item, key, value, error))
        {
          g_variant_unref (value);
          return NULL;
        }
    }
  if (item->value == NULL)
    {
      g_set_error_literal (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                           "A flow has no match");
      return NULL;
    }
  params = g_variant_ref_sink (g_variant_builder_end (&rest));
  if (!tcgui_params_from_variant (params, &item->params, error))
    return NULL;
  return g_steal_pointer (&item);
}

/**
 * tcgui_flows_build_params:
 * @flows: (element-type TcguiFlowItem) (nullable): in their order
 *
 * Returns: (transfer floating): SetShaping's parameters, with "flows"
 *   when there are any (old helpers keep working without)
 */
GVariant *
tcgui_flows_build_params (const TcguiParams *defaults,
                          GPtrArray         *flows)
{
  g_autoptr(GVariant) top = g_variant_ref_sink (tcgui_params_to_variant (defaults));
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_auto(GVariantBuilder) list = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  gboolean any = FALSE;
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_variant_iter_init (&iter, top);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    g_variant_builder_add (&b, "{sv}", key, value);
  for (guint i = 0; flows != NULL && i < flows->len; i++)
    {
      const TcguiFlowItem *item = g_ptr_array_index (flows, i);

      if (item->foreign)
        continue;
      g_variant_builder_add_value (&list, tcgui_flow_item_to_variant (item));
      any = TRUE;
    }
  if (any)
    g_variant_builder_add (&b, "{sv}", "flows", g_variant_builder_end (&list));
  return g_variant_builder_end (&b);
}

/**
 * tcgui_flows_split_state:
 * @dict: a direction's parameters as GetShaping reads them back
 * @flows: (out) (element-type TcguiFlowItem) (transfer container): its
 *   flows, in order (empty when it has none)
 *
 * Returns: (transfer full): @dict without "flows", for
 *   tcgui_params_from_variant(), or %NULL with @error set
 */
GVariant *
tcgui_flows_split_state (GVariant   *dict,
                         GPtrArray **flows,
                         GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) tcgui_flow_item_free);
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_variant_iter_init (&iter, dict);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    {
      if (!g_str_equal (key, "flows") || !g_variant_is_of_type (value, G_VARIANT_TYPE ("aa{sv}")))
        {
          g_variant_builder_add (&b, "{sv}", key, value);
          continue;
        }
      for (gsize i = 0; i < g_variant_n_children (value); i++)
        {
          g_autoptr(GVariant) child = g_variant_get_child_value (value, i);
          TcguiFlowItem *item = tcgui_flow_item_from_variant (child, error);

          if (item == NULL)
            {
              g_variant_unref (value);
              return NULL;
            }
          g_ptr_array_add (list, item);
        }
    }
  *flows = g_steal_pointer (&list);
  return g_variant_ref_sink (g_variant_builder_end (&b));
}
