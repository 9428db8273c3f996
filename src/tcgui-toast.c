/* tcgui-toast.c - the answer to what the user just did, as a toast
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui"

#include "config.h"

#include <adwaita.h>

#include "tcgui-toast.h"

/**
 * tcgui_toast_show:
 * @within: the window's #AdwToastOverlay or a widget inside it
 * @message: plain text: container names and the helper's errors are not
 *   markup, a toast's title is
 * @timeout: seconds, or 0 to keep it until dismissed
 *
 * Shows @message before older toasts (it answers what the user just did)
 * and logs it, so that it is in the journal once the toast is gone. A
 * widget not (or no longer) in a window only logs.
 */
void
tcgui_toast_show (GtkWidget  *within,
                  const char *message,
                  guint       timeout)
{
  GtkWidget *overlay;
  g_autofree char *markup = NULL;
  AdwToast *toast;

  g_return_if_fail (GTK_IS_WIDGET (within));
  g_return_if_fail (message != NULL);

  g_message ("%s", message);
  overlay = ADW_IS_TOAST_OVERLAY (within)
            ? within : gtk_widget_get_ancestor (within, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    return;
  markup = g_markup_escape_text (message, -1);
  toast = adw_toast_new (markup);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, timeout);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}
