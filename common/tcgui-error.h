/* tcgui-error.h
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TCGUI_ERROR (tcgui_error_quark ())

/**
 * TcguiError:
 *
 * Errors of the helper and the app. Each code is registered as the D-Bus
 * error `io.github.tcgui.Error.<Name>`, so a client receives the same typed
 * error the helper raised. Append new codes at the end: the numbers are ABI.
 */
typedef enum
{
  TCGUI_ERROR_FAILED,              /* io.github.tcgui.Error.Failed */
  TCGUI_ERROR_INVALID_ARGUMENT,    /* io.github.tcgui.Error.InvalidArgument */
  TCGUI_ERROR_NOT_AUTHORIZED,      /* io.github.tcgui.Error.NotAuthorized */
  TCGUI_ERROR_NO_SUCH_NAMESPACE,   /* io.github.tcgui.Error.NoSuchNamespace */
  TCGUI_ERROR_NO_SUCH_INTERFACE,   /* io.github.tcgui.Error.NoSuchInterface */
  TCGUI_ERROR_NOT_SUPPORTED,       /* io.github.tcgui.Error.NotSupported */
  TCGUI_ERROR_FOREIGN_QDISC,       /* io.github.tcgui.Error.ForeignQdisc */
  TCGUI_ERROR_KERNEL,              /* io.github.tcgui.Error.Kernel */
  TCGUI_ERROR_PERMISSION_DENIED,   /* io.github.tcgui.Error.PermissionDenied */
  TCGUI_ERROR_BUSY,                /* io.github.tcgui.Error.Busy */
  TCGUI_ERROR_NO_SUCH_CONTAINER,   /* io.github.tcgui.Error.NoSuchContainer */
  TCGUI_ERROR_RUNTIME_UNAVAILABLE, /* io.github.tcgui.Error.RuntimeUnavailable */
  TCGUI_ERROR_CORRUPT_CONFIG,      /* io.github.tcgui.Error.CorruptConfig */
  TCGUI_ERROR_LIMIT_EXCEEDED,      /* io.github.tcgui.Error.LimitExceeded */
  TCGUI_ERROR_NO_SUCH_RULE,        /* io.github.tcgui.Error.NoSuchRule */
} TcguiError;

#define TCGUI_ERROR_N_CODES (TCGUI_ERROR_NO_SUCH_RULE + 1)

GQuark      tcgui_error_quark        (void);
const char *tcgui_error_to_dbus_name (TcguiError code);

G_END_DECLS
