/* tcguictl-target.c - TARGET: host, netns:NAME, pid:PID or a container
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Containers are found in the helper's inventory (GetInventory), the same
 * list the app's sidebar shows: by exact name first, else by ID prefix.
 * More than one match is an error that names them all.
 */

#define G_LOG_DOMAIN "tcguictl"

#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <sys/stat.h>
#include <glib/gi18n.h>

#include "tcgui-error.h"
#include "tcgui-tree.h"
#include "tcguictl.h"

void
tcguictl_target_clear (TcguictlTarget *target)
{
  g_clear_pointer (&target->text, g_free);
  g_clear_pointer (&target->ns_id, g_free);
  g_clear_pointer (&target->kind, g_free);
  g_clear_pointer (&target->item, g_variant_unref);
}

static const char *
item_string (GVariant   *item,
             const char *key)
{
  const char *value = NULL;

  if (!g_variant_lookup (item, key, "&s", &value))
    return "";
  return value;
}

/* pid:PID → pid:PID:INODE, the inode that makes a recycled PID harmless. */
static gboolean
resolve_pid (const char      *text,
             TcguictlTarget  *target,
             GError         **error)
{
  guint64 pid = 0;
  g_autofree char *path = NULL;
  struct stat st;

  if (!g_ascii_string_to_unsigned (text + 4, 10, 1, G_MAXINT32, &pid, NULL))
    {
      g_set_error (error, TCGUICTL_USAGE_ERROR, 0, _("“%s” is not pid:PID"), text);
      return FALSE;
    }
  path = g_strdup_printf ("/proc/%" G_GUINT64_FORMAT "/ns/net", pid);
  if (stat (path, &st) < 0)
    {
      int errsv = errno;

      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_NAMESPACE,
                   _("Cannot read the network namespace of process %" PRIu64 ": %s"),
                   pid, g_strerror (errsv));
      return FALSE;
    }
  target->ns_id = g_strdup_printf ("pid:%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT,
                                   pid, (guint64) st.st_ino);
  target->kind = g_strdup ("pid");
  return TRUE;
}

static GPtrArray *
find_containers (GVariant   *items,
                 const char *text)
{
  g_autoptr(GPtrArray) by_name = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autoptr(GPtrArray) by_id = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  GVariantIter iter;
  GVariant *item;

  g_variant_iter_init (&iter, items);
  while ((item = g_variant_iter_next_value (&iter)) != NULL)
    {
      if (!g_str_equal (item_string (item, "kind"), "container"))
        g_variant_unref (item);
      else if (g_str_equal (item_string (item, "name"), text))
        g_ptr_array_add (by_name, item);
      else if (g_str_has_prefix (item_string (item, "id"), text))
        g_ptr_array_add (by_id, item);
      else
        g_variant_unref (item);
    }
  return by_name->len > 0 ? g_steal_pointer (&by_name) : g_steal_pointer (&by_id);
}

static void
set_ambiguous (GPtrArray   *matches,
               const char  *text,
               GError     **error)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < matches->len; i++)
    {
      GVariant *item = g_ptr_array_index (matches, i);

      g_string_append_printf (list, "\n  %s  %.12s  (%s, %s)", item_string (item, "name"),
                              item_string (item, "id"), item_string (item, "runtime"),
                              item_string (item, "state"));
    }
  g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_CONTAINER,
               /* Translators: what the user typed, how many containers match, then their list (one a line) */
               ngettext ("“%s” matches %u container; name one of them:%s",
                         "“%s” matches %u containers; name one of them:%s", matches->len),
               text, matches->len, list->str);
}

static gboolean
resolve_container (TcguictlContext  *ctx,
                   const char       *text,
                   TcguictlTarget   *target,
                   GError          **error)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) items = NULL;
  g_autoptr(GPtrArray) matches = NULL;
  GVariant *item;

  if (!(reply = tcguictl_call (ctx, "GetInventory", NULL, "(utaa{sv})", error)))
    return FALSE;
  items = g_variant_get_child_value (reply, 2);
  matches = find_containers (items, text);
  if (matches->len != 1)
    {
      if (matches->len > 1)
        set_ambiguous (matches, text, error);
      else
        g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_CONTAINER,
                     _("No container is named “%s” or has an ID that starts so "
                       "(“tcguictl list” lists them; namespaces are netns:NAME)"), text);
      return FALSE;
    }
  item = g_ptr_array_index (matches, 0);
  if (item_string (item, "namespace")[0] == '\0')
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_NAMESPACE,
                   /* Translators: a container's name and its state ("exited") */
                   _("The container “%s” is not running (%s): it has no network to shape"),
                   item_string (item, "name"), item_string (item, "state"));
      return FALSE;
    }
  target->item = g_variant_ref (item);
  target->ns_id = g_strdup (item_string (item, "namespace"));
  target->kind = g_strdup ("container");
  return TRUE;
}

/**
 * tcguictl_target_resolve:
 *
 * Turns what the user wrote into the helper's namespace identifier.
 */
gboolean
tcguictl_target_resolve (TcguictlContext  *ctx,
                         const char       *text,
                         TcguictlTarget   *target,
                         GError          **error)
{
  target->text = g_strdup (text);
  if (g_str_equal (text, "host"))
    {
      target->ns_id = g_strdup ("host");
      target->kind = g_strdup ("host");
      return TRUE;
    }
  if (g_str_has_prefix (text, "netns:"))
    {
      /* The helper checks the name; an empty one is a typo. */
      if (text[6] == '\0')
        {
          g_set_error_literal (error, TCGUICTL_USAGE_ERROR, 0, _("“netns:” needs a namespace name"));
          return FALSE;
        }
      target->ns_id = g_strdup (text);
      target->kind = g_strdup ("netns");
      return TRUE;
    }
  if (g_str_has_prefix (text, "pid:"))
    return resolve_pid (text, target, error);
  if (text[0] == '\0')
    {
      g_set_error_literal (error, TCGUICTL_USAGE_ERROR, 0, _("An empty TARGET"));
      return FALSE;
    }
  return resolve_container (ctx, text, target, error);
}

/* A container's interface on @network, from its inventory item. */
static GStrv
network_interface (TcguictlTarget  *target,
                   const char      *network,
                   GError         **error)
{
  g_autoptr(GVariant) networks = NULL;
  GVariantIter iter;
  GVariant *next;

  if (target->item == NULL ||
      !(networks = g_variant_lookup_value (target->item, "networks", G_VARIANT_TYPE ("aa{sv}"))))
    {
      g_set_error_literal (error, TCGUICTL_USAGE_ERROR, 0, _("--network needs a container TARGET"));
      return NULL;
    }
  g_variant_iter_init (&iter, networks);
  while ((next = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr(GVariant) att = next;

      if (g_str_equal (item_string (att, "network"), network) &&
          item_string (att, "interface")[0] != '\0')
        {
          GStrv result = g_new0 (char *, 2);

          result[0] = g_strdup (item_string (att, "interface"));
          return result;
        }
    }
  g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_INTERFACE,
               _("The container “%s” has no interface on the network “%s”"),
               item_string (target->item, "name"), network);
  return NULL;
}

/**
 * tcguictl_target_interfaces:
 * @network: (nullable): a container's network
 *
 * Returns: (transfer full): the interfaces a command without IFACE acts
 *   on: the one on @network, or every interface but the loopback and
 *   the helper's IFB devices
 */
GStrv
tcguictl_target_interfaces (TcguictlContext  *ctx,
                            TcguictlTarget   *target,
                            const char       *network,
                            GError          **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) links = NULL;
  GVariantIter iter;
  GVariant *next;

  if (network != NULL)
    return network_interface (target, network, error);
  reply = tcguictl_call (ctx, "ListLinks", g_variant_new ("(s)", target->ns_id),
                         "(aa{sv})", error);
  if (reply == NULL)
    return NULL;
  links = g_variant_get_child_value (reply, 0);
  g_variant_iter_init (&iter, links);
  while ((next = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr(GVariant) link = next;

      const char *name = item_string (link, "name");
      const char *kind = item_string (link, "kind");

      /* Not lo, and not the IFB devices the helper made for incoming
       * shaping: their root qdisc is the helper's. */
      if (!g_str_equal (kind, "loopback") &&
          !(g_str_equal (kind, "ifb") && tcgui_tree_is_ifb_name (name)))
        g_strv_builder_add (builder, name);
    }
  return g_strv_builder_end (builder);
}
