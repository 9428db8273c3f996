/* tcgui-confirm.c - asks before an action that cannot be undone
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Clear Everything TC GUI Applied" and "Clear All Interfaces" remove
 * shaping that nothing can put back (the kernel keeps no history), so the
 * menu items ask first, GNOME's way: a message dialog whose destructive
 * answer is named by its verb and is not the default one. The dialog
 * answers by activating an action: the confirmed one does the work.
 */

#define G_LOG_DOMAIN "tcgui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "tcgui-confirm.h"

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             GtkWidget        *target)
{
  const char *action = g_object_get_data (G_OBJECT (dialog), "tcgui-action");

  if (g_strcmp0 (response, "confirm") == 0)
    gtk_widget_activate_action (target, action, NULL);
}

/**
 * tcgui_confirm:
 * @within: a widget of the window the dialog belongs to
 * @verb: the destructive button's label, with a mnemonic: "_Clear All"
 * @target: the widget @action_name is activated on, once confirmed
 *
 * Asks @heading with @body; "Cancel" is the default and Escape's answer.
 */
void
tcgui_confirm (GtkWidget  *within,
               const char *heading,
               const char *body,
               const char *verb,
               GtkWidget  *target,
               const char *action_name)
{
  GtkRoot *root = gtk_widget_get_root (within);
  GtkWidget *dialog;

  g_return_if_fail (GTK_IS_WIDGET (target));

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "confirm", verb, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  /* What the dialog does when confirmed: its own data, not a back-pointer. */
  g_object_set_data_full (G_OBJECT (dialog), "tcgui-action", g_strdup (action_name), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (response_cb), target, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
