/* tcgui-link.c - a network interface inside a namespace
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-link"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-link.h"

struct _TcguiLink
{
  GObject  parent_instance;

  char    *name;
  char    *kind;
  char    *mac;
  char    *operstate;
  char    *qdisc;
  int      index;
  int      peer_index;
  int      master_index;
  guint    mtu;
};

G_DEFINE_FINAL_TYPE (TcguiLink, tcgui_link, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_KIND,
  PROP_OPERSTATE,
  PROP_QDISC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tcgui_link_finalize (GObject *object)
{
  TcguiLink *self = (TcguiLink *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->mac, g_free);
  g_clear_pointer (&self->operstate, g_free);
  g_clear_pointer (&self->qdisc, g_free);

  G_OBJECT_CLASS (tcgui_link_parent_class)->finalize (object);
}

static void
tcgui_link_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TcguiLink *self = TCGUI_LINK (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;
    case PROP_OPERSTATE:
      g_value_set_string (value, self->operstate);
      break;
    case PROP_QDISC:
      g_value_set_string (value, self->qdisc);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tcgui_link_class_init (TcguiLinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tcgui_link_finalize;
  object_class->get_property = tcgui_link_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OPERSTATE] =
    g_param_spec_string ("operstate", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Follows the kernel: the links page reads it again after changes. */
  properties[PROP_QDISC] =
    g_param_spec_string ("qdisc", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tcgui_link_init (TcguiLink *self)
{
}

static char *
lookup_string (GVariantDict *d,
               const char   *key,
               const char   *fallback)
{
  const char *value = NULL;

  if (g_variant_dict_lookup (d, key, "&s", &value))
    return g_strdup (value);
  return g_strdup (fallback);
}

/**
 * tcgui_link_new_from_variant:
 * @dict: one a{sv} entry of ListLinks
 *
 * Returns: (transfer full) (nullable): the link, or %NULL when @dict has
 *   no "name"
 */
TcguiLink *
tcgui_link_new_from_variant (GVariant *dict)
{
  g_autoptr(GVariantDict) d = g_variant_dict_new (dict);
  TcguiLink *self;

  if (!g_variant_dict_contains (d, "name"))
    return NULL;

  self = g_object_new (TCGUI_TYPE_LINK, NULL);
  self->name = lookup_string (d, "name", "");
  self->kind = lookup_string (d, "kind", "device");
  self->mac = lookup_string (d, "mac", "");
  self->operstate = lookup_string (d, "operstate", "unknown");
  self->qdisc = lookup_string (d, "qdisc", "");
  g_variant_dict_lookup (d, "index", "i", &self->index);
  g_variant_dict_lookup (d, "mtu", "u", &self->mtu);
  g_variant_dict_lookup (d, "peer-index", "i", &self->peer_index);
  g_variant_dict_lookup (d, "master-index", "i", &self->master_index);

  return self;
}

const char *
tcgui_link_get_name (TcguiLink *self)
{
  g_return_val_if_fail (TCGUI_IS_LINK (self), NULL);
  return self->name;
}

int
tcgui_link_get_index (TcguiLink *self)
{
  g_return_val_if_fail (TCGUI_IS_LINK (self), 0);
  return self->index;
}

const char *
tcgui_link_get_kind (TcguiLink *self)
{
  g_return_val_if_fail (TCGUI_IS_LINK (self), NULL);
  return self->kind;
}

const char *
tcgui_link_get_mac (TcguiLink *self)
{
  g_return_val_if_fail (TCGUI_IS_LINK (self), NULL);
  return self->mac;
}

guint
tcgui_link_get_mtu (TcguiLink *self)
{
  g_return_val_if_fail (TCGUI_IS_LINK (self), 0);
  return self->mtu;
}

const char *
tcgui_link_get_operstate (TcguiLink *self)
{
  g_return_val_if_fail (TCGUI_IS_LINK (self), NULL);
  return self->operstate;
}

const char *
tcgui_link_get_qdisc (TcguiLink *self)
{
  g_return_val_if_fail (TCGUI_IS_LINK (self), NULL);
  return self->qdisc;
}

/* The root qdisc the kernel reports now ("" for none). */
void
tcgui_link_set_qdisc (TcguiLink  *self,
                      const char *qdisc)
{
  g_return_if_fail (TCGUI_IS_LINK (self));

  if (qdisc == NULL)
    qdisc = "";
  if (g_strcmp0 (self->qdisc, qdisc) == 0)
    return;
  g_free (self->qdisc);
  self->qdisc = g_strdup (qdisc);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QDISC]);
}

int
tcgui_link_get_peer_index (TcguiLink *self)
{
  g_return_val_if_fail (TCGUI_IS_LINK (self), 0);
  return self->peer_index;
}

int
tcgui_link_get_master_index (TcguiLink *self)
{
  g_return_val_if_fail (TCGUI_IS_LINK (self), 0);
  return self->master_index;
}

const char *
tcgui_link_get_icon_name (TcguiLink *self)
{
  static const struct {
    const char *kind;
    const char *icon_name;
  } icons[] = {
    { "loopback", "media-playlist-repeat-symbolic" },
    { "veth", "network-transmit-receive-symbolic" },
    { "bridge", "network-workgroup-symbolic" },
    { "tun", "network-vpn-symbolic" },
    { "tap", "network-vpn-symbolic" },
    { "ifb", "network-receive-symbolic" },
    { "wireguard", "network-vpn-symbolic" },
  };

  g_return_val_if_fail (TCGUI_IS_LINK (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (icons); i++)
    if (g_strcmp0 (self->kind, icons[i].kind) == 0)
      return icons[i].icon_name;
  return "network-wired-symbolic";
}

/**
 * tcgui_link_dup_description:
 *
 * Returns: (transfer full): the row subtitle, e.g. "veth · 02:42:ac:11:00:02 · MTU 1500"
 */
char *
tcgui_link_dup_description (TcguiLink *self)
{
  GString *str;

  g_return_val_if_fail (TCGUI_IS_LINK (self), NULL);

  str = g_string_new (self->kind);
  if (self->mac[0] != '\0' && g_strcmp0 (self->mac, "00:00:00:00:00:00") != 0)
    g_string_append_printf (str, " · %s", self->mac);
  if (self->mtu > 0)
    /* Translators: the maximum transmission unit, in bytes; a no-break
     * space keeps the number with its label when the subtitle wraps */
    g_string_append_printf (str, " · %s\u00a0%u", _("MTU"), self->mtu);

  return g_string_free (str, FALSE);
}
