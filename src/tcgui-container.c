/* tcgui-container.c - a container the helper's inventory reported
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Immutable: an InventoryChanged signal carries complete items, so a
 * change is a new object that replaces the old one with the same key.
 */

#define G_LOG_DOMAIN "tcgui-container"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-container.h"

struct _TcguiContainer
{
  GObject    parent_instance;

  char      *key;
  char      *id;
  char      *name;
  char      *image;
  char      *runtime;
  char      *state;
  char      *namespace_id;
  char      *compose_project;
  char      *compose_service;
  guint64    netns_inode;
  GPtrArray *attachments;
  GPtrArray *interfaces;
  GVariant  *dict;        /* the inventory's item, for tcgui_rule_match_container() */
};

G_DEFINE_FINAL_TYPE (TcguiContainer, tcgui_container, G_TYPE_OBJECT)

struct _TcguiNetwork
{
  GObject   parent_instance;

  char     *key;
  char     *runtime;
  char     *name;
  char     *driver;
  gboolean  internal;
};

G_DEFINE_FINAL_TYPE (TcguiNetwork, tcgui_network, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_IMAGE,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
attachment_free (TcguiAttachment *a)
{
  g_free (a->network);
  g_free (a->network_key);
  g_free (a->ip);
  g_free (a);
}

static void
interface_free (TcguiContainerInterface *i)
{
  g_free (i->name);
  g_free (i->network);
  g_free (i->mac);
  g_free (i->host_interface);
  g_free (i->bridge);
  g_free (i);
}

static void
tcgui_container_finalize (GObject *object)
{
  TcguiContainer *self = (TcguiContainer *)object;

  g_free (self->key);
  g_clear_pointer (&self->dict, g_variant_unref);
  g_free (self->id);
  g_free (self->name);
  g_free (self->image);
  g_free (self->runtime);
  g_free (self->state);
  g_free (self->namespace_id);
  g_free (self->compose_project);
  g_free (self->compose_service);
  g_ptr_array_unref (self->attachments);
  g_ptr_array_unref (self->interfaces);

  G_OBJECT_CLASS (tcgui_container_parent_class)->finalize (object);
}

static void
tcgui_container_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TcguiContainer *self = TCGUI_CONTAINER (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_IMAGE:
      g_value_set_string (value, self->image);
      break;
    case PROP_STATE:
      g_value_set_string (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tcgui_container_class_init (TcguiContainerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tcgui_container_finalize;
  object_class->get_property = tcgui_container_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IMAGE] =
    g_param_spec_string ("image", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tcgui_container_init (TcguiContainer *self)
{
  self->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) attachment_free);
  self->interfaces = g_ptr_array_new_with_free_func ((GDestroyNotify) interface_free);
}

/* A string of @dict, "" when missing or of another type. */
static char *
dup_string (GVariantDict *dict,
            const char   *key)
{
  const char *value = NULL;

  if (!g_variant_dict_lookup (dict, key, "&s", &value))
    return g_strdup ("");
  return g_strdup (value);
}

static void
parse_attachments (TcguiContainer *self,
                   GVariant       *list)
{
  GVariantIter iter;
  GVariant *entry;

  g_variant_iter_init (&iter, list);
  while ((entry = g_variant_iter_next_value (&iter)))
    {
      g_autoptr(GVariantDict) d = g_variant_dict_new (entry);
      TcguiAttachment *a = g_new0 (TcguiAttachment, 1);

      a->network = dup_string (d, "network");
      a->network_key = dup_string (d, "network-key");
      a->ip = dup_string (d, "ip");
      g_variant_dict_lookup (d, "prefix", "u", &a->prefix);
      g_variant_dict_lookup (d, "internal", "b", &a->internal);
      g_ptr_array_add (self->attachments, a);
      g_variant_unref (entry);
    }
}

static void
parse_interfaces (TcguiContainer *self,
                  GVariant       *list)
{
  GVariantIter iter;
  GVariant *entry;

  g_variant_iter_init (&iter, list);
  while ((entry = g_variant_iter_next_value (&iter)))
    {
      g_autoptr(GVariantDict) d = g_variant_dict_new (entry);
      TcguiContainerInterface *i = g_new0 (TcguiContainerInterface, 1);

      i->name = dup_string (d, "name");
      i->network = dup_string (d, "network");
      i->mac = dup_string (d, "mac");
      i->host_interface = dup_string (d, "host-interface");
      i->bridge = dup_string (d, "bridge");
      g_ptr_array_add (self->interfaces, i);
      g_variant_unref (entry);
    }
}

/**
 * tcgui_container_new_from_variant:
 * @dict: an a{sv} item of kind "container" (docs/inventory.md)
 *
 * Returns: (transfer full) (nullable): %NULL when @dict has no "key"
 */
TcguiContainer *
tcgui_container_new_from_variant (GVariant *dict)
{
  g_autoptr(GVariantDict) d = g_variant_dict_new (dict);
  g_autoptr(GVariant) networks = NULL;
  g_autoptr(GVariant) interfaces = NULL;
  TcguiContainer *self;
  const char *key = NULL;

  if (!g_variant_dict_lookup (d, "key", "&s", &key) || key[0] == '\0')
    return NULL;

  self = g_object_new (TCGUI_TYPE_CONTAINER, NULL);
  self->key = g_strdup (key);
  self->dict = g_variant_ref_sink (dict);
  self->id = dup_string (d, "id");
  self->name = dup_string (d, "name");
  self->image = dup_string (d, "image");
  self->runtime = dup_string (d, "runtime");
  self->state = dup_string (d, "state");
  self->namespace_id = dup_string (d, "namespace");
  self->compose_project = dup_string (d, "compose-project");
  self->compose_service = dup_string (d, "compose-service");
  g_variant_dict_lookup (d, "netns-inode", "t", &self->netns_inode);
  /* Docker names start with "/" in some answers; the helper strips it,
   * but an unnamed "other" container shows its short id instead. */
  if (self->name[0] == '\0')
    {
      g_free (self->name);
      self->name = g_strndup (self->id, 12);
    }
  if ((networks = g_variant_dict_lookup_value (d, "networks", G_VARIANT_TYPE ("aa{sv}"))))
    parse_attachments (self, networks);
  if ((interfaces = g_variant_dict_lookup_value (d, "interfaces", G_VARIANT_TYPE ("aa{sv}"))))
    parse_interfaces (self, interfaces);
  return self;
}

/**
 * tcgui_container_get_variant:
 *
 * Returns: (transfer none): the inventory's a{sv} item it was made from
 */
GVariant *
tcgui_container_get_variant (TcguiContainer *self)
{
  g_return_val_if_fail (TCGUI_IS_CONTAINER (self), NULL);
  return self->dict;
}

const char *
tcgui_container_get_key (TcguiContainer *self)
{
  g_return_val_if_fail (TCGUI_IS_CONTAINER (self), NULL);
  return self->key;
}

const char *
tcgui_container_get_id (TcguiContainer *self)
{
  g_return_val_if_fail (TCGUI_IS_CONTAINER (self), NULL);
  return self->id;
}

const char *
tcgui_container_get_name (TcguiContainer *self)
{
  g_return_val_if_fail (TCGUI_IS_CONTAINER (self), NULL);
  return self->name;
}

const char *
tcgui_container_get_image (TcguiContainer *self)
{
  g_return_val_if_fail (TCGUI_IS_CONTAINER (self), NULL);
  return self->image;
}

const char *
tcgui_container_get_runtime (TcguiContainer *self)
{
  g_return_val_if_fail (TCGUI_IS_CONTAINER (self), NULL);
  return self->runtime;
}

const char *
tcgui_container_get_state (TcguiContainer *self)
{
  g_return_val_if_fail (TCGUI_IS_CONTAINER (self), NULL);
  return self->state;
}

/* "Other" containers have no state from an API: they run while seen. */
gboolean
tcgui_container_is_running (TcguiContainer *self)
{
  g_return_val_if_fail (TCGUI_IS_CONTAINER (self), FALSE);
  return g_strcmp0 (self->state, "running") == 0 ||
         (self->state[0] == '\0' && self->namespace_id[0] != '\0');
}

/**
 * tcgui_container_get_namespace_id:
 *
 * Returns: "pid:PID:INODE", "host", or "" when the container is not running
 */
const char *
tcgui_container_get_namespace_id (TcguiContainer *self)
{
  g_return_val_if_fail (TCGUI_IS_CONTAINER (self), NULL);
  return self->namespace_id;
}

/**
 * tcgui_container_get_netns_inode:
 *
 * Returns: the inode of the container's network namespace, 0 if unknown
 */
guint64
tcgui_container_get_netns_inode (TcguiContainer *self)
{
  g_return_val_if_fail (TCGUI_IS_CONTAINER (self), 0);
  return self->netns_inode;
}

const char *
tcgui_container_get_compose_project (TcguiContainer *self)
{
  g_return_val_if_fail (TCGUI_IS_CONTAINER (self), NULL);
  return self->compose_project;
}

const char *
tcgui_container_get_compose_service (TcguiContainer *self)
{
  g_return_val_if_fail (TCGUI_IS_CONTAINER (self), NULL);
  return self->compose_service;
}

/**
 * tcgui_container_get_attachments:
 *
 * Returns: (transfer none) (element-type TcguiAttachment): sorted by
 *   network name
 */
GPtrArray *
tcgui_container_get_attachments (TcguiContainer *self)
{
  g_return_val_if_fail (TCGUI_IS_CONTAINER (self), NULL);
  return self->attachments;
}

/**
 * tcgui_container_get_interfaces:
 *
 * Returns: (transfer none) (element-type TcguiContainerInterface)
 */
GPtrArray *
tcgui_container_get_interfaces (TcguiContainer *self)
{
  g_return_val_if_fail (TCGUI_IS_CONTAINER (self), NULL);
  return self->interfaces;
}

/**
 * tcgui_runtime_group_label:
 * @runtime: "docker", "podman", "podman-user-UID", "other"
 *
 * Returns: the sidebar section of that runtime: "Docker", "Podman", "Other"
 */
const char *
tcgui_runtime_group_label (const char *runtime)
{
  if (g_strcmp0 (runtime, "docker") == 0)
    return _("Docker");
  if (runtime != NULL && g_str_has_prefix (runtime, "podman"))
    return _("Podman");
  return _("Other");
}

/* "Podman (rootless)", or for "other" what the cgroup suggested. */
char *
tcgui_container_dup_runtime_label (TcguiContainer *self)
{
  g_return_val_if_fail (TCGUI_IS_CONTAINER (self), NULL);

  if (g_str_has_prefix (self->runtime, "podman-user-"))
    return g_strdup (_("Podman (rootless)"));
  return g_strdup (tcgui_runtime_group_label (self->runtime));
}

static void
tcgui_network_finalize (GObject *object)
{
  TcguiNetwork *self = (TcguiNetwork *)object;

  g_free (self->key);
  g_free (self->runtime);
  g_free (self->name);
  g_free (self->driver);

  G_OBJECT_CLASS (tcgui_network_parent_class)->finalize (object);
}

static void
tcgui_network_class_init (TcguiNetworkClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tcgui_network_finalize;
}

static void
tcgui_network_init (TcguiNetwork *self)
{
}

/**
 * tcgui_network_new_from_variant:
 * @dict: an a{sv} item of kind "network"
 *
 * Returns: (transfer full) (nullable): %NULL when @dict has no "key"
 */
TcguiNetwork *
tcgui_network_new_from_variant (GVariant *dict)
{
  g_autoptr(GVariantDict) d = g_variant_dict_new (dict);
  TcguiNetwork *self;
  const char *key = NULL;

  if (!g_variant_dict_lookup (d, "key", "&s", &key) || key[0] == '\0')
    return NULL;

  self = g_object_new (TCGUI_TYPE_NETWORK, NULL);
  self->key = g_strdup (key);
  self->runtime = dup_string (d, "runtime");
  self->name = dup_string (d, "name");
  self->driver = dup_string (d, "driver");
  g_variant_dict_lookup (d, "internal", "b", &self->internal);
  return self;
}

const char *
tcgui_network_get_key (TcguiNetwork *self)
{
  g_return_val_if_fail (TCGUI_IS_NETWORK (self), NULL);
  return self->key;
}

const char *
tcgui_network_get_runtime (TcguiNetwork *self)
{
  g_return_val_if_fail (TCGUI_IS_NETWORK (self), NULL);
  return self->runtime;
}

const char *
tcgui_network_get_name (TcguiNetwork *self)
{
  g_return_val_if_fail (TCGUI_IS_NETWORK (self), NULL);
  return self->name;
}

const char *
tcgui_network_get_driver (TcguiNetwork *self)
{
  g_return_val_if_fail (TCGUI_IS_NETWORK (self), NULL);
  return self->driver;
}

gboolean
tcgui_network_get_internal (TcguiNetwork *self)
{
  g_return_val_if_fail (TCGUI_IS_NETWORK (self), FALSE);
  return self->internal;
}
