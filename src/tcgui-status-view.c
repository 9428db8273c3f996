/* tcgui-status-view.c - what the window shows when it cannot show namespaces
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-status-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-status-view.h"

/* The README's set-up command: it builds and installs the app and the
 * helper's D-Bus, polkit and systemd files. */
#define INSTALL_COMMAND "build-aux/tcgui-dev run"

struct _TcguiStatusView
{
  AdwBin         parent_instance;

  AdwStatusPage *status_page;
  GtkWidget     *spinner;
  GtkWidget     *command_label;
  GtkWidget     *retry_button;
  GtkLabel      *details_label;
};

G_DEFINE_FINAL_TYPE (TcguiStatusView, tcgui_status_view, ADW_TYPE_BIN)

typedef struct
{
  TcguiHelperState  state;
  const char       *icon_name;
  const char       *title;
  const char       *description;
  gboolean          retry;
} StatePage;

static const StatePage state_pages[] = {
  { TCGUI_HELPER_STATE_CONNECTING, "network-transmit-receive-symbolic",
    N_("Connecting to the Helper…"), NULL, FALSE },
  { TCGUI_HELPER_STATE_READY, "network-transmit-receive-symbolic",
    N_("Reading Namespaces…"), NULL, FALSE },
  { TCGUI_HELPER_STATE_HELPER_MISSING, "computer-fail-symbolic",
    N_("TC GUI’s Helper Is Not Installed"),
    N_("TC GUI reads and changes the network through a small privileged helper, "
       "tcgui-helper, that D-Bus starts on the system bus. It is not installed on "
       "this computer. Install it from the source tree with the command below, as "
       "root. This window reloads as soon as the helper is running."), TRUE },
  { TCGUI_HELPER_STATE_NOT_AUTHORIZED, "dialog-password-symbolic",
    N_("Not Allowed to Inspect the Network"),
    N_("The helper asks polkit whether you may inspect network namespaces "
       "(action io.github.tcgui.inspect). The request was refused or the "
       "authentication dialog was dismissed. Users of an active local session are "
       "allowed; others must authenticate as an administrator."), TRUE },
  { TCGUI_HELPER_STATE_HELPER_CRASHED, "dialog-error-symbolic",
    N_("The Helper Stopped Unexpectedly"),
    N_("tcgui-helper left the system bus before it answered. Try again: D-Bus "
       "starts a new helper. This window also reloads by itself as soon as the "
       "helper is back."), TRUE },
  { TCGUI_HELPER_STATE_BUS_UNAVAILABLE, "network-offline-symbolic",
    N_("No System Bus"),
    N_("TC GUI talks to its helper over the D-Bus system bus, which is not running "
       "or cannot be reached. Start it, for example with “service dbus start”. "
       "TC GUI connects by itself as soon as the bus is up."), TRUE },
};

/* Inside a Flatpak the helper cannot come with the app (a sandbox cannot run a
 * root D-Bus service): it must be installed on the host, which the app cannot
 * do for the user. Only the explanation changes; the command stays. */
static const StatePage helper_missing_flatpak_page = {
  TCGUI_HELPER_STATE_HELPER_MISSING, "computer-fail-symbolic",
  N_("TC GUI’s Helper Is Not Installed on the Host"),
  N_("TC GUI runs in a Flatpak sandbox and reads and changes the network through a "
     "small privileged helper, tcgui-helper, that cannot run inside the sandbox. It "
     "is not installed on the host system. Install your distribution’s tcgui-helper "
     "package on the host, or run the command below as root in TC GUI’s source tree "
     "on the host. This window reloads as soon as the helper is running."), TRUE };

static const StatePage *
find_page (TcguiHelperState state)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_pages); i++)
    if (state_pages[i].state == state)
      return &state_pages[i];
  return NULL;
}

/**
 * tcgui_status_view_describe_state:
 * @in_flatpak: whether the app runs in a Flatpak sandbox
 * @title: (out): the page's title, translated
 * @description: (out) (nullable): the page's explanation, translated
 *
 * Returns: %FALSE for a state the view has no page for
 */
gboolean
tcgui_status_view_describe_state (TcguiHelperState   state,
                                  gboolean           in_flatpak,
                                  const char       **title,
                                  const char       **description)
{
  const StatePage *page = state == TCGUI_HELPER_STATE_HELPER_MISSING && in_flatpak
                          ? &helper_missing_flatpak_page : find_page (state);

  if (page == NULL)
    return FALSE;

  *title = _(page->title);
  *description = page->description != NULL ? _(page->description) : NULL;
  return TRUE;
}

static void
show_page (TcguiStatusView *self,
           const char      *icon_name,
           const char      *title,
           const char      *description,
           const char      *details,
           gboolean         busy,
           gboolean         retry)
{
  adw_status_page_set_icon_name (self->status_page, busy ? NULL : icon_name);
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  gtk_widget_set_visible (self->spinner, busy);
  gtk_widget_set_visible (self->retry_button, retry);
  gtk_widget_set_visible (self->command_label, FALSE);
  gtk_label_set_label (self->details_label, details != NULL ? details : "");
  gtk_widget_set_visible (GTK_WIDGET (self->details_label), details != NULL && details[0] != '\0');
}

static void
tcgui_status_view_dispose (GObject *object)
{
  /* AdwBin unparents its child itself: drop it first, then the rest. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), TCGUI_TYPE_STATUS_VIEW);

  G_OBJECT_CLASS (tcgui_status_view_parent_class)->dispose (object);
}

static void
tcgui_status_view_class_init (TcguiStatusViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tcgui_status_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tcgui/TcGui/tcgui-status-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TcguiStatusView, status_page);
  gtk_widget_class_bind_template_child (widget_class, TcguiStatusView, spinner);
  gtk_widget_class_bind_template_child (widget_class, TcguiStatusView, command_label);
  gtk_widget_class_bind_template_child (widget_class, TcguiStatusView, retry_button);
  gtk_widget_class_bind_template_child (widget_class, TcguiStatusView, details_label);
}

static void
tcgui_status_view_init (TcguiStatusView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_label_set_label (GTK_LABEL (self->command_label), INSTALL_COMMAND);
}

/**
 * tcgui_status_view_set_state:
 * @message: (nullable): the bus's or helper's own words, shown small
 *
 * Explains @state and how to get out of it.
 */
void
tcgui_status_view_set_state (TcguiStatusView  *self,
                             TcguiHelperState  state,
                             const char       *message)
{
  const StatePage *page = find_page (state);
  const char *title, *description;
  gboolean busy = state == TCGUI_HELPER_STATE_CONNECTING ||
                  state == TCGUI_HELPER_STATE_READY;
  /* Flatpak's documented marker of a sandbox. */
  gboolean in_flatpak = g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);

  g_return_if_fail (TCGUI_IS_STATUS_VIEW (self));

  if (page == NULL || !tcgui_status_view_describe_state (state, in_flatpak, &title, &description))
    return;

  show_page (self, page->icon_name, title, description, message, busy, page->retry);
  gtk_widget_set_visible (self->command_label,
                          state == TCGUI_HELPER_STATE_HELPER_MISSING);
}

void
tcgui_status_view_set_loading (TcguiStatusView *self)
{
  tcgui_status_view_set_state (self, TCGUI_HELPER_STATE_READY, NULL);
}

/**
 * tcgui_status_view_set_error:
 *
 * For failures that are not about the helper's state, such as an error
 * reply to ListNamespaces.
 */
void
tcgui_status_view_set_error (TcguiStatusView *self,
                             const char      *title,
                             const char      *message)
{
  g_return_if_fail (TCGUI_IS_STATUS_VIEW (self));

  show_page (self, "dialog-warning-symbolic", title, message, NULL, FALSE, TRUE);
}

const char *
tcgui_status_view_get_title (TcguiStatusView *self)
{
  g_return_val_if_fail (TCGUI_IS_STATUS_VIEW (self), NULL);
  return adw_status_page_get_title (self->status_page);
}
