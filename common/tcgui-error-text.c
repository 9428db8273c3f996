/* tcgui-error-text.c - the helper's typed errors in the user's language
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The helper runs as a system service without the user's locale: its
 * messages are English, for the journal and for scripts. A client (the
 * app, tcguictl) shows users a translated sentence chosen by the error's
 * code (io.github.tcgui.Error.*) and keeps the helper's English text as
 * the detail, which names the namespace, the interface or the kernel
 * module. One table, used by both clients.
 *
 * This is linked into the helper too: g_dgettext() with our domain (not
 * the process's default one) so that it translates in any client.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "tcgui-error.h"
#include "tcgui-error-text.h"

/* Each a whole sentence around the helper's detail (%s). */
static const struct
{
  TcguiError  code;
  const char *format;
} texts[] = {
  /* Translators: %s is the helper's own (English) explanation */
  { TCGUI_ERROR_FAILED,              N_("The helper could not do this: %s") },
  /* Translators: %s is the helper's own (English) explanation */
  { TCGUI_ERROR_INVALID_ARGUMENT,    N_("The helper refused the request: %s") },
  /* Translators: %s is the helper's own (English) explanation, naming the polkit action */
  { TCGUI_ERROR_NOT_AUTHORIZED,      N_("You are not authorized to do this: %s") },
  /* Translators: %s is the helper's own (English) explanation */
  { TCGUI_ERROR_NO_SUCH_NAMESPACE,   N_("The network namespace does not exist (any more): %s") },
  /* Translators: %s is the helper's own (English) explanation */
  { TCGUI_ERROR_NO_SUCH_INTERFACE,   N_("The network interface does not exist (any more): %s") },
  /* Translators: %s is the helper's own (English) explanation, e.g. which kernel module is missing */
  { TCGUI_ERROR_NOT_SUPPORTED,       N_("This system cannot do this: %s") },
  /* Translators: a qdisc is the kernel's traffic control setting of an interface; %s is the helper's own (English) explanation */
  { TCGUI_ERROR_FOREIGN_QDISC,       N_("The interface has shaping that TC GUI did not create, and it is left alone: %s") },
  /* Translators: %s is the helper's own (English) explanation, e.g. the kernel's error */
  { TCGUI_ERROR_KERNEL,              N_("The kernel refused the change: %s") },
  /* Translators: %s is the helper's own (English) explanation */
  { TCGUI_ERROR_PERMISSION_DENIED,   N_("Permission denied: %s") },
  /* Translators: %s is the helper's own (English) explanation */
  { TCGUI_ERROR_BUSY,                N_("The helper is busy, try again in a moment: %s") },
  /* Translators: %s is the helper's own (English) explanation */
  { TCGUI_ERROR_NO_SUCH_CONTAINER,   N_("The container does not exist (any more): %s") },
  /* Translators: a container runtime is Docker or Podman; %s is the helper's own (English) explanation */
  { TCGUI_ERROR_RUNTIME_UNAVAILABLE, N_("The container runtime cannot be reached: %s") },
  /* Translators: %s is the helper's own (English) explanation, naming the file */
  { TCGUI_ERROR_CORRUPT_CONFIG,      N_("A stored file is damaged: %s") },
  /* Translators: %s is the helper's own (English) explanation, naming the limit */
  { TCGUI_ERROR_LIMIT_EXCEEDED,      N_("This goes beyond a limit the helper sets for each user: %s") },
  /* Translators: a rule is shaping the helper keeps for a target; %s is the helper's own (English) explanation */
  { TCGUI_ERROR_NO_SUCH_RULE,        N_("The rule does not exist (any more): %s") },
};

static const char *
format_of (int code)
{
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if ((int) texts[i].code == code)
      return _(texts[i].format);
  /* Translators: an error the app does not know yet (a newer helper);
   * %s is the helper's own (English) explanation */
  return _("The helper reported an error: %s");
}

/**
 * tcgui_error_describe:
 * @error: an error from a helper call
 *
 * Returns: (transfer full): for a TCGUI_ERROR, a translated sentence
 *   chosen by its code with the helper's message (without GDBus's
 *   "GDBus.Error:…" prefix) as its detail; for any other error its
 *   message, without that prefix
 */
char *
tcgui_error_describe (const GError *error)
{
  g_autoptr(GError) copy = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  copy = g_error_copy (error);
  g_dbus_error_strip_remote_error (copy);
  if (copy->domain != TCGUI_ERROR)
    return g_strdup (copy->message);
  /* The format comes from the table above (translated): not a literal. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  return g_strdup_printf (format_of (copy->code), copy->message);
#pragma GCC diagnostic pop
}
