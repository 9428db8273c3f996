/* tcgui-service-shaping.c - D-Bus handlers of the shaping methods
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-service"

#include "config.h"

#include "tcgui-error.h"
#include "tcgui-params.h"
#include "tcgui-qdisc.h"
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
  GVariant *state;

  if (!(state = tcgui_qdisc_get (namespace_id, ifname, &error)))
    return return_error (invocation, error);

  tcgui_helper1_complete_get_shaping (object, invocation, state);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
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
  TcguiDirection dir;
  TcguiParams params;

  if (!tcgui_direction_parse (direction, FALSE, &dir, &error) ||
      !tcgui_params_from_variant (parameters, &params, &error) ||
      !tcgui_qdisc_set (namespace_id, ifname, dir, &params, flags, &error))
    return return_error (invocation, error);
  /* A rule applied there is overridden until the target's next start. */
  tcgui_service_rules_note_manual_change (namespace_id, ifname);

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

  if (!tcgui_direction_parse (direction, TRUE, &dir, &error) ||
      !tcgui_qdisc_clear (namespace_id, ifname, dir, &error))
    return return_error (invocation, error);
  tcgui_service_rules_note_manual_change (namespace_id, ifname);

  tcgui_helper1_complete_clear_shaping (object, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

gboolean
tcgui_service_handle_reset_all (TcguiHelper1          *object,
                                GDBusMethodInvocation *invocation)
{
  GError *error = NULL;
  guint cleared = 0;

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
