/* tcgui-service-shaping.c - D-Bus handlers of the shaping methods
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-service"

#include "config.h"

#include "tcgui-error.h"
#include "tcgui-flow-follow.h"
#include "tcgui-flow-resolve.h"
#include "tcgui-params.h"
#include "tcgui-qdisc.h"
#include "tcgui-service-inventory.h"
#include "tcgui-service.h"
#include "tcgui-service-shaping.h"
#include "tcgui-service-rules.h"

/* Authorization happened before these run (TcguiService's
 * g_authorize_method); they run in GDBus's worker threads. Each checks its
 * arguments, calls the engine (tcgui-qdisc.c) and replies. */

static gboolean
return_error (GDBusMethodInvocation *invocation,
              GError                *error)
{
  g_dbus_method_invocation_take_error (invocation, error);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

gboolean
tcgui_service_handle_get_shaping (TcguiHelper1          *object,
                                  GDBusMethodInvocation *invocation,
                                  const char            *namespace_id,
                                  const char            *ifname)
{
  GError *error = NULL;
  g_autoptr(GVariant) read = NULL;
  GVariant *state;

  if (!(read = tcgui_qdisc_get (namespace_id, ifname, &error)))
    return return_error (invocation, error);
  /* Labels and peers as the caller gave them, where the kernel agrees. */
  g_variant_ref_sink (read);
  state = tcgui_flow_follow_refine (namespace_id, ifname, read);

  tcgui_helper1_complete_get_shaping (object, invocation, state);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/**
 * tcgui_service_resolve_flows:
 * @items: (inout): the caller's inventory view: fetched the first time a
 *   flow needs it, then reused (a batch resolves many items with one)
 * @resolved: (out) (optional): %NULL when no flow names a peer or network
 * @uid: (out): the caller's uid, set when the inventory was needed
 *
 * A flow's "peer" and "network" are addresses from the inventory, as the
 * caller sees it (a user's rootless Podman only for that user). Shared by
 * SetShaping and SetShapingBatch.
 */
gboolean
tcgui_service_resolve_flows (TcguiHelper1           *object,
                             GDBusMethodInvocation  *invocation,
                             const char             *namespace_id,
                             GPtrArray              *flows,
                             GVariant              **items,
                             GPtrArray             **resolved,
                             guint32                *uid,
                             GError                **error)
{
  if (!tcgui_flows_need_inventory (flows))
    return TRUE;
  if (*items == NULL)
    {
      if (!tcgui_service_get_caller_uid (invocation, uid, error))
        return FALSE;
      *items = tcgui_service_inventory_dup_items (object, *uid);
    }
  return tcgui_flows_resolve (*items, namespace_id, flows, resolved, error);
}

/**
 * tcgui_service_shaping_applied:
 * @flows: the flows applied, %NULL or empty for none
 *
 * What follows a successful SetShaping (or batch item): a rule applied
 * there is overridden until the target's next start, and the flows are
 * remembered, to be read back with their labels and peers and to follow
 * peers that restart with new addresses (tcgui-flow-follow.c).
 */
void
tcgui_service_shaping_applied (const char        *namespace_id,
                               const char        *ifname,
                               TcguiDirection     direction,
                               const TcguiParams *params,
                               GPtrArray         *flows,
                               GPtrArray         *resolved,
                               guint32            uid)
{
  g_autoptr(GPtrArray) own = NULL;

  tcgui_service_rules_note_manual_change (namespace_id, ifname);
  if (resolved == NULL && flows != NULL && flows->len > 0 &&
      tcgui_flows_resolve (NULL, NULL, flows, &own, NULL))
    resolved = own;
  if (flows != NULL && flows->len > 0 && resolved != NULL)
    tcgui_flow_follow_remember (namespace_id, ifname, direction, params, flows, resolved, uid);
  else
    tcgui_flow_follow_forget (namespace_id, ifname, direction);
}

/* What follows a successful ClearShaping (or batch clear). */
void
tcgui_service_shaping_cleared (const char     *namespace_id,
                               const char     *ifname,
                               TcguiDirection  direction)
{
  tcgui_service_rules_note_manual_change (namespace_id, ifname);
  tcgui_flow_follow_forget (namespace_id, ifname, direction);
}

gboolean
tcgui_service_handle_set_shaping (TcguiHelper1          *object,
                                  GDBusMethodInvocation *invocation,
                                  const char            *namespace_id,
                                  const char            *ifname,
                                  const char            *direction,
                                  GVariant              *parameters,
                                  guint                  flags)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) flows = NULL;
  g_autoptr(GPtrArray) resolved = NULL;
  g_autoptr(GVariant) items = NULL;
  TcguiDirection dir;
  TcguiParams params;
  guint32 uid = 0;

  if (!tcgui_direction_parse (direction, FALSE, &dir, &error) ||
      !tcgui_params_from_variant_full (parameters, &params, &flows, &error) ||
      !tcgui_service_resolve_flows (object, invocation, namespace_id, flows, &items,
                                    &resolved, &uid, &error))
    return return_error (invocation, error);
  /* Ordered against a re-apply for a peer of this direction. */
  tcgui_flow_follow_invalidate (namespace_id, ifname, dir);
  if (!tcgui_qdisc_set_flows (namespace_id, ifname, dir, &params, flows, resolved, flags, &error))
    return return_error (invocation, error);
  tcgui_service_shaping_applied (namespace_id, ifname, dir, &params, flows, resolved, uid);

  tcgui_helper1_complete_set_shaping (object, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

gboolean
tcgui_service_handle_clear_shaping (TcguiHelper1          *object,
                                    GDBusMethodInvocation *invocation,
                                    const char            *namespace_id,
                                    const char            *ifname,
                                    const char            *direction)
{
  GError *error = NULL;
  TcguiDirection dir;

  if (!tcgui_direction_parse (direction, TRUE, &dir, &error))
    return return_error (invocation, error);
  /* A re-apply for a peer must not bring the tree back (tcgui-flow-follow.c). */
  tcgui_flow_follow_invalidate (namespace_id, ifname, dir);
  if (!tcgui_qdisc_clear (namespace_id, ifname, dir, &error))
    return return_error (invocation, error);
  tcgui_service_shaping_cleared (namespace_id, ifname, dir);

  tcgui_helper1_complete_clear_shaping (object, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

gboolean
tcgui_service_handle_reset_all (TcguiHelper1          *object,
                                GDBusMethodInvocation *invocation)
{
  GError *error = NULL;
  guint cleared = 0;

  /* First: no peer's re-apply may bring back what is about to be cleared. */
  tcgui_flow_follow_forget_all ();
  /* Also when it failed half-way: some may have been cleared. */
  tcgui_service_rules_note_reset_all ();
  if (!tcgui_qdisc_reset_all (&cleared, &error))
    return return_error (invocation, error);

  tcgui_helper1_complete_reset_all (object, invocation, cleared);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

void
tcgui_service_shaping_iface_init (TcguiHelper1Iface *iface)
{
  iface->handle_get_shaping = tcgui_service_handle_get_shaping;
  iface->handle_set_shaping = tcgui_service_handle_set_shaping;
  iface->handle_clear_shaping = tcgui_service_handle_clear_shaping;
  iface->handle_reset_all = tcgui_service_handle_reset_all;
}
