/* tcgui-error.c
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tcgui-error.h"

static const GDBusErrorEntry error_entries[] = {
  { TCGUI_ERROR_FAILED,              "io.github.tcgui.Error.Failed" },
  { TCGUI_ERROR_INVALID_ARGUMENT,    "io.github.tcgui.Error.InvalidArgument" },
  { TCGUI_ERROR_NOT_AUTHORIZED,      "io.github.tcgui.Error.NotAuthorized" },
  { TCGUI_ERROR_NO_SUCH_NAMESPACE,   "io.github.tcgui.Error.NoSuchNamespace" },
  { TCGUI_ERROR_NO_SUCH_INTERFACE,   "io.github.tcgui.Error.NoSuchInterface" },
  { TCGUI_ERROR_NOT_SUPPORTED,       "io.github.tcgui.Error.NotSupported" },
  { TCGUI_ERROR_FOREIGN_QDISC,       "io.github.tcgui.Error.ForeignQdisc" },
  { TCGUI_ERROR_KERNEL,              "io.github.tcgui.Error.Kernel" },
  { TCGUI_ERROR_PERMISSION_DENIED,   "io.github.tcgui.Error.PermissionDenied" },
  { TCGUI_ERROR_BUSY,                "io.github.tcgui.Error.Busy" },
  { TCGUI_ERROR_NO_SUCH_CONTAINER,   "io.github.tcgui.Error.NoSuchContainer" },
  { TCGUI_ERROR_RUNTIME_UNAVAILABLE, "io.github.tcgui.Error.RuntimeUnavailable" },
  { TCGUI_ERROR_CORRUPT_CONFIG,      "io.github.tcgui.Error.CorruptConfig" },
  { TCGUI_ERROR_LIMIT_EXCEEDED,      "io.github.tcgui.Error.LimitExceeded" },
  { TCGUI_ERROR_NO_SUCH_RULE,        "io.github.tcgui.Error.NoSuchRule" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (error_entries) == TCGUI_ERROR_N_CODES);

GQuark
tcgui_error_quark (void)
{
  static gsize quark = 0;

  /* Registering the domain makes GDBus translate these errors into their
   * D-Bus names on the way out and back into TCGUI_ERROR on the way in. */
  g_dbus_error_register_error_domain ("tcgui-error-quark",
                                      &quark,
                                      error_entries,
                                      G_N_ELEMENTS (error_entries));
  return (GQuark) quark;
}

/**
 * tcgui_error_to_dbus_name:
 * @code: a #TcguiError
 *
 * Returns: (transfer none): the D-Bus error name of @code
 */
const char *
tcgui_error_to_dbus_name (TcguiError code)
{
  g_return_val_if_fail ((guint) code < G_N_ELEMENTS (error_entries), NULL);

  return error_entries[code].dbus_error_name;
}
