/* tcgui-namespace.c - a network namespace the helper reported
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-namespace"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-namespace.h"

struct _TcguiNamespace
{
  GObject  parent_instance;

  char    *id;
  char    *kind;
  char    *name;
  char    *group;
  guint64  inode;
};

G_DEFINE_FINAL_TYPE (TcguiNamespace, tcgui_namespace, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_NAME,
  PROP_GROUP,
  PROP_ICON_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tcgui_namespace_finalize (GObject *object)
{
  TcguiNamespace *self = (TcguiNamespace *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->group, g_free);

  G_OBJECT_CLASS (tcgui_namespace_parent_class)->finalize (object);
}

static void
tcgui_namespace_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TcguiNamespace *self = TCGUI_NAMESPACE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_GROUP:
      g_value_set_string (value, self->group);
      break;
    case PROP_ICON_NAME:
      g_value_set_string (value, tcgui_namespace_get_icon_name (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tcgui_namespace_class_init (TcguiNamespaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tcgui_namespace_finalize;
  object_class->get_property = tcgui_namespace_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_GROUP] =
    g_param_spec_string ("group", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tcgui_namespace_init (TcguiNamespace *self)
{
}

/* The sidebar groups rows by this string: the host stands alone at the
 * top, `ip netns` namespaces come under "Namespaces". Container runtimes
 * will add their own groups ("Docker", "Podman", "Other") here. */
static char *
group_for_kind (const char *kind)
{
  if (g_strcmp0 (kind, "host") == 0)
    return g_strdup ("");
  if (g_strcmp0 (kind, "netns") == 0)
    return g_strdup (_("Namespaces"));
  return g_strdup (_("Other"));
}

/**
 * tcgui_namespace_new_from_variant:
 * @dict: one a{sv} entry of ListNamespaces
 *
 * Returns: (transfer full) (nullable): the namespace, or %NULL when @dict
 *   lacks an "id"
 */
TcguiNamespace *
tcgui_namespace_new_from_variant (GVariant *dict)
{
  g_autoptr(GVariantDict) d = g_variant_dict_new (dict);
  TcguiNamespace *self;
  const char *id = NULL;
  const char *kind = "netns";
  const char *name = NULL;

  if (!g_variant_dict_lookup (d, "id", "&s", &id) || id[0] == '\0')
    return NULL;
  g_variant_dict_lookup (d, "kind", "&s", &kind);
  g_variant_dict_lookup (d, "name", "&s", &name);

  self = g_object_new (TCGUI_TYPE_NAMESPACE, NULL);
  self->id = g_strdup (id);
  self->kind = g_strdup (kind);
  if (g_strcmp0 (kind, "host") == 0)
    self->name = g_strdup (_("Host"));
  else
    self->name = g_strdup (name != NULL ? name : id);
  self->group = group_for_kind (kind);
  g_variant_dict_lookup (d, "inode", "t", &self->inode);

  return self;
}

const char *
tcgui_namespace_get_id (TcguiNamespace *self)
{
  g_return_val_if_fail (TCGUI_IS_NAMESPACE (self), NULL);
  return self->id;
}

const char *
tcgui_namespace_get_kind (TcguiNamespace *self)
{
  g_return_val_if_fail (TCGUI_IS_NAMESPACE (self), NULL);
  return self->kind;
}

const char *
tcgui_namespace_get_name (TcguiNamespace *self)
{
  g_return_val_if_fail (TCGUI_IS_NAMESPACE (self), NULL);
  return self->name;
}

const char *
tcgui_namespace_get_group (TcguiNamespace *self)
{
  g_return_val_if_fail (TCGUI_IS_NAMESPACE (self), NULL);
  return self->group;
}

const char *
tcgui_namespace_get_icon_name (TcguiNamespace *self)
{
  g_return_val_if_fail (TCGUI_IS_NAMESPACE (self), NULL);

  if (g_strcmp0 (self->kind, "host") == 0)
    return "computer-symbolic";
  return "network-workgroup-symbolic";
}

guint64
tcgui_namespace_get_inode (TcguiNamespace *self)
{
  g_return_val_if_fail (TCGUI_IS_NAMESPACE (self), 0);
  return self->inode;
}
