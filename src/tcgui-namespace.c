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

  /* Rows of containers (tcgui_namespace_new_for_container()). */
  char           *key;
  char           *subgroup;
  char           *detail;
  char           *search_text;
  TcguiContainer *container;
  gboolean        group_internal;
  gboolean        subgroup_internal;
};

G_DEFINE_FINAL_TYPE (TcguiNamespace, tcgui_namespace, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_NAME,
  PROP_GROUP,
  PROP_ICON_NAME,
  PROP_SEARCH_TEXT,
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
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->subgroup, g_free);
  g_clear_pointer (&self->detail, g_free);
  g_clear_pointer (&self->search_text, g_free);
  g_clear_object (&self->container);

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
    case PROP_SEARCH_TEXT:
      /* What the sidebar's search matches: name, and a container's image. */
      g_value_set_string (value, self->search_text ? self->search_text : self->name);
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
  properties[PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", NULL, NULL, NULL,
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
  if (self->container != NULL)
    return "package-x-generic-symbolic";
  return "network-workgroup-symbolic";
}

guint64
tcgui_namespace_get_inode (TcguiNamespace *self)
{
  g_return_val_if_fail (TCGUI_IS_NAMESPACE (self), 0);
  return self->inode;
}

/**
 * tcgui_namespace_new_for_container:
 * @group: the sidebar section, e.g. "Docker" (or a network's name)
 * @group_internal: whether @group is an internal network (a badge)
 * @subgroup: (nullable): the heading inside it, e.g. a network name
 * @subgroup_internal: whether @subgroup is an internal network
 *
 * A sidebar row for @container: its id is the container's namespace
 * ("pid:PID:INODE", what ListLinks takes), its key the container's key
 * (stable across restarts, for selection). A container on two networks
 * gets a row under each.
 *
 * Returns: (transfer full): the row's item
 */
TcguiNamespace *
tcgui_namespace_new_for_container (TcguiContainer *container,
                                   const char     *group,
                                   gboolean        group_internal,
                                   const char     *subgroup,
                                   gboolean        subgroup_internal)
{
  TcguiNamespace *self;

  g_return_val_if_fail (TCGUI_IS_CONTAINER (container), NULL);

  self = g_object_new (TCGUI_TYPE_NAMESPACE, NULL);
  self->container = g_object_ref (container);
  self->id = g_strdup (tcgui_container_get_namespace_id (container));
  self->key = g_strdup (tcgui_container_get_key (container));
  self->kind = g_strdup ("container");
  self->name = g_strdup (tcgui_container_get_name (container));
  self->group = g_strdup (group);
  self->subgroup = g_strdup (subgroup);
  self->group_internal = group_internal;
  self->subgroup_internal = subgroup_internal;
  if (!tcgui_container_is_running (container))
    self->detail = g_strdup (tcgui_container_get_state (container));
  self->search_text = g_strdup_printf ("%s %s", self->name,
                                       tcgui_container_get_image (container));
  return self;
}

/**
 * tcgui_namespace_get_key:
 *
 * Returns: what identifies the row: the container's key for containers,
 *   else the namespace id
 */
const char *
tcgui_namespace_get_key (TcguiNamespace *self)
{
  g_return_val_if_fail (TCGUI_IS_NAMESPACE (self), NULL);
  return self->key != NULL ? self->key : self->id;
}

const char *
tcgui_namespace_get_subgroup (TcguiNamespace *self)
{
  g_return_val_if_fail (TCGUI_IS_NAMESPACE (self), NULL);
  return self->subgroup;
}

gboolean
tcgui_namespace_get_subgroup_internal (TcguiNamespace *self)
{
  g_return_val_if_fail (TCGUI_IS_NAMESPACE (self), FALSE);
  return self->subgroup_internal;
}

/**
 * tcgui_namespace_get_container:
 *
 * Returns: (nullable) (transfer none): the container of a container's row
 */
TcguiContainer *
tcgui_namespace_get_container (TcguiNamespace *self)
{
  g_return_val_if_fail (TCGUI_IS_NAMESPACE (self), NULL);
  return self->container;
}

/**
 * tcgui_namespace_get_detail:
 *
 * Returns: (nullable): a second, dim text for the row (a stopped
 *   container's state)
 */
const char *
tcgui_namespace_get_detail (TcguiNamespace *self)
{
  g_return_val_if_fail (TCGUI_IS_NAMESPACE (self), NULL);
  return self->detail;
}

gboolean
tcgui_namespace_get_group_internal (TcguiNamespace *self)
{
  g_return_val_if_fail (TCGUI_IS_NAMESPACE (self), FALSE);
  return self->group_internal;
}

/**
 * tcgui_namespace_equal:
 *
 * Whether @a and @b would show as the same sidebar row: the same
 * namespace listed again, or rows of the same copy of a container (the
 * inventory replaces a container that changed) in the same group.
 */
gboolean
tcgui_namespace_equal (TcguiNamespace *a,
                       TcguiNamespace *b)
{
  g_return_val_if_fail (TCGUI_IS_NAMESPACE (a), FALSE);
  g_return_val_if_fail (TCGUI_IS_NAMESPACE (b), FALSE);

  if (a == b)
    return TRUE;
  if (a->container == NULL && b->container == NULL)
    return a->inode == b->inode && g_strcmp0 (a->id, b->id) == 0 &&
           g_strcmp0 (a->kind, b->kind) == 0 && g_strcmp0 (a->name, b->name) == 0 &&
           g_strcmp0 (a->group, b->group) == 0;
  return a->container == b->container &&
         a->group_internal == b->group_internal &&
         a->subgroup_internal == b->subgroup_internal &&
         g_strcmp0 (a->id, b->id) == 0 &&
         g_strcmp0 (a->group, b->group) == 0 &&
         g_strcmp0 (a->subgroup, b->subgroup) == 0 &&
         g_strcmp0 (a->detail, b->detail) == 0;
}
