/* tcgui-service-batch.c - D-Bus handler of SetShapingBatch
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-service"

#include "config.h"

#include <string.h>
#include <sys/resource.h>

#include "tcgui-batch.h"
#include "tcgui-error.h"
#include "tcgui-flow-follow.h"
#include "tcgui-netns.h"
#include "tcgui-service-batch.h"
#include "tcgui-service-shaping.h"

/* Authorization (one polkit check for the whole batch) and the bound of
 * one batch in flight per user happened before this runs, in
 * TcguiService's g_authorize_method; it runs in one of GDBus's worker
 * threads, never the main thread. The message as a whole is checked first
 * (refused whole), then every item with the checks SetShaping makes
 * (a malformed item gets its own error, the others still run), then the
 * engine applies them (tcgui-batch.c). Flows are SetShaping's: "peer" and
 * "network" resolved with the caller's view of the inventory (fetched
 * once per batch), remembered and followed after they were applied. */

static gboolean
check_direction (const char          *direction,
                 TcguiBatchItem      *item,
                 GError             **error)
{
  gboolean clear = tcgui_batch_item_is_clear (item);

  if (!clear && g_strcmp0 (direction, "both") == 0)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "The direction “both” is only for clearing (empty parameters)");
      return FALSE;
    }
  return tcgui_direction_parse (direction, clear, &item->direction, error);
}

static gboolean
check_flags (guint32   flags,
             GError  **error)
{
  if (flags & ~TCGUI_SHAPING_FLAGS_FORCE)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "Unknown flags 0x%x", flags & ~TCGUI_SHAPING_FLAGS_FORCE);
      return FALSE;
    }
  return TRUE;
}

/* Fills @item from one (sssa{sv}u), or sets its error. */
static void
parse_item (GVariant       *child,
            TcguiBatchItem *item)
{
  const char *ns_id, *ifname, *direction;
  g_autoptr(GVariant) params = NULL;
  g_autoptr(TcguiNsRef) ref = NULL;
  guint32 flags;
  gsize size;

  g_variant_get (child, "(&s&s&s@a{sv}u)", &ns_id, &ifname, &direction, &params, &flags);
  if ((size = g_variant_get_size (params)) > TCGUI_BATCH_MAX_ITEM_BYTES)
    {
      g_set_error (&item->error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "An item's parameters may be at most %u bytes serialized, not %" G_GSIZE_FORMAT,
                   TCGUI_BATCH_MAX_ITEM_BYTES, size);
      return;
    }
  if (!(ref = tcgui_ns_ref_parse (ns_id, &item->error)) ||
      !tcgui_netns_check_ifname (ifname, &item->error) ||
      !tcgui_params_from_variant_full (params, &item->params, &item->flows, &item->error) ||
      !check_direction (direction, item, &item->error) ||
      !check_flags (flags, &item->error))
    return;
  /* One spelling per namespace: the engine groups the items by it. */
  item->ns_id = tcgui_ns_ref_to_string (ref);
  item->ifname = g_strdup (ifname);
  item->flags = flags;
}

/* The flows' "peer" and "network" of every parsed item, as SetShaping
 * resolves them; an item naming an unknown peer gets that error. */
static void
resolve_items (TcguiHelper1          *object,
               GDBusMethodInvocation *invocation,
               TcguiBatchItem        *batch,
               guint                  n,
               guint32               *uid)
{
  g_autoptr(GVariant) inventory = NULL;

  for (guint i = 0; i < n; i++)
    if (batch[i].error == NULL && batch[i].flows != NULL)
      tcgui_service_resolve_flows (object, invocation, batch[i].ns_id, batch[i].flows,
                                   &inventory, &batch[i].resolved, uid, &batch[i].error);
}

/* What SetShaping and ClearShaping do once they succeeded, per item. */
static void
note_applied (const TcguiBatchItem *items,
              guint                 n,
              guint32               uid)
{
  for (guint i = 0; i < n; i++)
    {
      const TcguiBatchItem *item = &items[i];

      if (item->error != NULL)
        continue;
      if (tcgui_batch_item_is_clear (item))
        tcgui_service_shaping_cleared (item->ns_id, item->ifname, item->direction);
      else
        tcgui_service_shaping_applied (item->ns_id, item->ifname, item->direction,
                                       &item->params, item->flows, item->resolved, uid);
    }
}

static gboolean
check_items (GVariant  *items,
             GError   **error)
{
  gsize n = g_variant_n_children (items);
  gsize size = g_variant_get_size (items);

  if (n < 1 || n > TCGUI_BATCH_MAX_ITEMS)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "A batch holds 1 to %u items, not %" G_GSIZE_FORMAT,
                   TCGUI_BATCH_MAX_ITEMS, n);
      return FALSE;
    }
  if (size > TCGUI_BATCH_MAX_BYTES)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_LIMIT_EXCEEDED,
                   "A batch may be at most %u bytes serialized, not %" G_GSIZE_FORMAT,
                   TCGUI_BATCH_MAX_BYTES, size);
      return FALSE;
    }
  return TRUE;
}

/* At most TCGUI_BATCH_MAX_MESSAGE_BYTES, cut between characters. */
static char *
bounded_message (const char *message)
{
  const char *end;

  if (strlen (message) <= TCGUI_BATCH_MAX_MESSAGE_BYTES)
    return g_strdup (message);
  end = g_utf8_find_prev_char (message, message + TCGUI_BATCH_MAX_MESSAGE_BYTES);
  return g_strdup_printf ("%.*s…", (int) (end - message), message);
}

static GVariant *
results_to_variant (const TcguiBatchItem *items,
                    guint                 n_items)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a(ss)"));

  for (guint i = 0; i < n_items; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *message = NULL;

      if (items[i].error != NULL)
        {
          name = g_dbus_error_encode_gerror (items[i].error);
          message = bounded_message (items[i].error->message);
        }
      g_variant_builder_add (&b, "(ss)", name ? name : "", message ? message : "");
    }
  return g_variant_builder_end (&b);
}

/* The calling thread's CPU time, µs: the debug line tells work from waiting for a CPU. */
static gint64
thread_cpu_us (void)
{
  struct rusage ru;

  if (getrusage (RUSAGE_THREAD, &ru) != 0)
    return 0;
  return (gint64) (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * G_USEC_PER_SEC +
         ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
}

gboolean
tcgui_service_handle_set_shaping_batch (TcguiHelper1          *object,
                                        GDBusMethodInvocation *invocation,
                                        GVariant              *items)
{
  g_autofree TcguiBatchItem *batch = NULL;
  gint64 start = g_get_monotonic_time (), cpu = thread_cpu_us ();
  GError *error = NULL;
  guint n, failed = 0;
  guint32 uid = 0;

  if (!check_items (items, &error))
    {
      g_dbus_method_invocation_take_error (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  n = (guint) g_variant_n_children (items);
  batch = g_new0 (TcguiBatchItem, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (items, i);

      parse_item (child, &batch[i]);
    }
  resolve_items (object, invocation, batch, n, &uid);
  /* Ordered against re-applies for peers, as SetShaping (tcgui-flow-follow.c). */
  for (guint i = 0; i < n; i++)
    if (batch[i].error == NULL)
      tcgui_flow_follow_invalidate (batch[i].ns_id, batch[i].ifname, batch[i].direction);
  tcgui_batch_apply (batch, n);
  note_applied (batch, n, uid);

  tcgui_helper1_complete_set_shaping_batch (object, invocation, results_to_variant (batch, n));
  for (guint i = 0; i < n; i++)
    {
      failed += batch[i].error != NULL;
      tcgui_batch_item_clear (&batch[i]);
    }
  g_debug ("SetShapingBatch: %u items, %u failed, %.1f ms (CPU %.1f ms)", n, failed,
           (g_get_monotonic_time () - start) / 1000.0, (thread_cpu_us () - cpu) / 1000.0);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

void
tcgui_service_batch_iface_init (TcguiHelper1Iface *iface)
{
  iface->handle_set_shaping_batch = tcgui_service_handle_set_shaping_batch;
}
