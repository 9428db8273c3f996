/* tcgui-shaping-actions.c - app-wide shaping actions (app.reset-all)
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Clear Everything TC GUI Applied" (app.confirm-reset-all, in the primary
 * menu) asks, then app.reset-all calls ResetAll: the helper's journal knows what TC GUI applied, in any
 * namespace, also before the app or the helper restarted.
 */

#define G_LOG_DOMAIN "tcgui-shaping-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-confirm.h"
#include "tcgui-param-errors.h"
#include "tcgui-shaping-actions.h"
#include "tcgui-shaping-client.h"
#include "tcgui-window.h"

/* The answer goes to every main window: its toast, and its open editors
 * read the kernel again. */
static void
tell_windows (GtkApplication *app,
              const char     *message)
{
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (TCGUI_IS_WINDOW (l->data))
      tcgui_window_shaping_changed (TCGUI_WINDOW (l->data), message);
}

static void
reset_all_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GtkApplication) app = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint cleared = 0;

  if (!tcgui_shaping_client_reset_all_finish (TCGUI_HELPER_CLIENT (object), result,
                                              &cleared, &error))
    message = tcgui_user_error_message (error);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Cleared %u shaping TC GUI applied",
                                            "Cleared %u shapings TC GUI applied", cleared),
                               cleared);
  g_message ("%s", message);
  tell_windows (app, message);
}

static void
reset_all_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  TcguiApplication *app = user_data;
  TcguiHelperClient *client = tcgui_application_get_client (app);

  g_return_if_fail (client != NULL);
  tcgui_shaping_client_reset_all_async (client, NULL, reset_all_cb, g_object_ref (app));
}

/* The menu item: nothing brings the cleared shaping back, so it asks. */
static void
confirm_reset_all_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (window == NULL)
    return;
  tcgui_confirm (GTK_WIDGET (window), _("Clear Everything TC GUI Applied?"),
                 _("Every shaping TC GUI applied is removed, in every namespace and container, "
                   "also what it applied before it was restarted. The interfaces go back to "
                   "the kernel’s default. This cannot be undone."),
                 _("_Clear Everything"), GTK_WIDGET (window), "app.reset-all");
}

void
tcgui_shaping_actions_install (TcguiApplication *app)
{
  static const GActionEntry entries[] = {
    { "reset-all", reset_all_action, NULL, NULL, NULL, { 0 } },
    { "confirm-reset-all", confirm_reset_all_action, NULL, NULL, NULL, { 0 } },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
}
