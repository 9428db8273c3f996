/* tcgui-window-profiles.c - the main window's profiles per image
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The part of TcguiWindow (tcgui-window-private.h) that keeps
 * ~/.config/tcgui/profiles.json (tcgui-profiles.c): the actions of a
 * container's "Presets for All" menu (win.save-profile, win.apply-profile,
 * win.forget-profile), the header's line about the image's profile, and
 * the notifications of the applier (tcgui-profile-applier.c), which
 * applies a profile to each container of its image that starts while the
 * app runs.
 */

#define G_LOG_DOMAIN "tcgui-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-link.h"
#include "tcgui-profile-capture.h"
#include "tcgui-profiles-window.h"
#include "tcgui-toast.h"
#include "tcgui-window-private.h"

static void
toast_message (TcguiWindow *self,
               const char  *message,
               guint        timeout)
{
  tcgui_toast_show (GTK_WIDGET (self->toast_overlay), message, timeout);
}

/* A menu label shows "_" as a mnemonic: an image's own are doubled. */
static char *
escape_underlines (const char *image)
{
  g_auto(GStrv) parts = g_strsplit (image, "_", -1);

  return g_strjoinv ("__", parts);
}

static void
update_profile_menu (TcguiWindow *self,
                     const char  *image,
                     gboolean     has_profile)
{
  g_autoptr(GMenu) section = NULL;
  g_autofree char *save = NULL, *forget = NULL, *apply = NULL, *escaped = NULL;

  /* Rebuilt only when it changes: an open menu stays open. */
  if (g_strcmp0 (image, self->menu_image) == 0 && has_profile == self->menu_has_profile)
    return;
  g_free (self->menu_image);
  self->menu_image = g_strdup (image);
  self->menu_has_profile = has_profile;
  if (image == NULL)
    return tcgui_links_page_set_extra_menu (self->links_page, NULL);

  section = g_menu_new ();
  escaped = escape_underlines (image);
  save = g_strdup_printf (_("_Save Shaping as Profile for Image %s"), escaped);
  g_menu_append (section, save, "win.save-profile");
  if (has_profile)
    {
      apply = g_strdup_printf (_("_Apply Profile of %s Now"), escaped);
      forget = g_strdup_printf (_("_Forget Profile for %s"), escaped);
      g_menu_append (section, apply, "win.apply-profile");
      g_menu_append (section, forget, "win.forget-profile");
    }
  tcgui_links_page_set_extra_menu (self->links_page, G_MENU_MODEL (section));
}

void
tcgui_window_update_profile_ui (TcguiWindow *self)
{
  TcguiContainer *container = tcgui_window_get_selected_container (self);
  const char *image = container != NULL ? tcgui_container_get_image (container) : NULL;
  gboolean running = container != NULL && tcgui_container_is_running (container);
  gboolean has_profile;

  /* The helper keeps rules: they replace the profiles of the file. */
  if (self->rules != NULL && tcgui_rules_get_available (self->rules))
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-profile", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.apply-profile", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.forget-profile", FALSE);
      return tcgui_window_rules_update_ui (self);
    }
  tcgui_target_header_set_profile_text (tcgui_links_page_get_target_header (self->links_page),
                                        NULL);
  if (image != NULL && image[0] == '\0')
    image = NULL;
  has_profile = tcgui_profiles_lookup (self->profiles, image) != NULL;
  tcgui_target_header_set_profile_image (tcgui_links_page_get_target_header (self->links_page),
                                         has_profile ? image : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-profile", image && running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.apply-profile", has_profile && running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.forget-profile", has_profile);
  update_profile_menu (self, image, has_profile);
}

typedef struct
{
  TcguiWindow    *window;
  TcguiContainer *container;
  char           *notes;
  gboolean        forget;
  gboolean        restored;       /* the Undo of a forget */
  GPtrArray      *previous;       /* what a forget removed, for its Undo */
} ProfileJob;

static void
profile_job_free (ProfileJob *job)
{
  g_object_unref (job->window);
  g_object_unref (job->container);
  g_free (job->notes);
  g_clear_pointer (&job->previous, g_ptr_array_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProfileJob, profile_job_free)

static char *
describe_saved (ProfileJob *job)
{
  const char *image = tcgui_container_get_image (job->container);

  if (job->forget)
    return g_strdup_printf (_("Forgot the profile for %s"), image);
  if (job->restored)
    return g_strdup_printf (_("Restored the profile for %s"), image);
  if (job->notes[0] == '\0')
    return g_strdup_printf (_("Saved the shaping of %s as the profile for %s"),
                            tcgui_container_get_name (job->container), image);
  /* Translators: container, image, then "IFNAME: why; …" */
  return g_strdup_printf (_("Saved the shaping of %s as the profile for %s, without: %s"),
                          tcgui_container_get_name (job->container), image, job->notes);
}

static ProfileJob *profile_job_new (TcguiWindow    *self,
                                    TcguiContainer *container);
static void profile_saved_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data);

/* Undo of "Forget Profile": the profile it removed, saved again. */
static void
undo_forget_cb (AdwToast   *toast,
                ProfileJob *forgot)
{
  TcguiWindow *self = forgot->window;
  ProfileJob *job = profile_job_new (self, forgot->container);

  job->restored = TRUE;
  tcgui_profiles_set (self->profiles, tcgui_container_get_image (forgot->container),
                      forgot->previous);
  tcgui_profiles_save_async (self->profiles, self->cancellable, profile_saved_cb, job);
}

static void
toast_undo_forget (ProfileJob *job,
                   const char *message)
{
  g_autofree char *markup = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (markup);

  g_message ("%s", message);
  adw_toast_set_button_label (toast, _("_Undo"));
  /* At once, as every answer to what the user just did (tcgui_toast_show):
   * queued behind an older toast, the user sees no answer, nor Undo, for
   * as long as that one lasts. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 10);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_forget_cb), job,
                         (GClosureNotify) (void (*) (void)) profile_job_free, 0);
  adw_toast_overlay_add_toast (job->window->toast_overlay, toast);
}

static void
profile_saved_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TcguiWindow) window = NULL;
  g_autoptr(ProfileJob) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!tcgui_profiles_save_finish (TCGUI_PROFILES (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* the window is closing */
  if (error != NULL)
    message = g_strdup_printf (_("Cannot save the profiles: %s"), error->message);
  else
    message = describe_saved (job);
  window = g_object_ref (job->window);
  if (error == NULL && job->forget)
    toast_undo_forget (g_steal_pointer (&job), message);
  else
    toast_message (window, message, 10);
}

static void
profile_captured_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(ProfileJob) job = user_data;
  g_autoptr(GPtrArray) interfaces = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  TcguiWindow *self = job->window;

  g_clear_pointer (&job->notes, g_free);
  interfaces = tcgui_profile_capture_finish (TCGUI_HELPER_CLIENT (object), result, &job->notes,
                                             &error);
  if (interfaces == NULL)
    return;   /* cancelled: the window is closing */
  if (interfaces->len == 0)
    {
      message = g_strdup_printf (_("Nothing to save: no interface of %s has shaping TC GUI can "
                                   "represent. %s"),
                                 tcgui_container_get_name (job->container), job->notes);
      toast_message (self, message, 10);
      return;
    }
  tcgui_profiles_set (self->profiles, tcgui_container_get_image (job->container), interfaces);
  tcgui_profiles_save_async (self->profiles, self->cancellable, profile_saved_cb,
                             g_steal_pointer (&job));
}

static ProfileJob *
profile_job_new (TcguiWindow    *self,
                 TcguiContainer *container)
{
  ProfileJob *job = g_new0 (ProfileJob, 1);

  job->window = g_object_ref (self);
  job->container = g_object_ref (container);
  job->notes = g_strdup ("");
  return job;
}

/* The interfaces the page lists, but loopback (as Presets for All). */
GStrv
tcgui_window_shaped_ifnames (TcguiWindow *self)
{
  GListModel *links = tcgui_links_page_get_links (self->links_page);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = links != NULL ? g_list_model_get_n_items (links) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TcguiLink) link = g_list_model_get_item (links, i);

      if (g_strcmp0 (tcgui_link_get_kind (link), "loopback") != 0 &&
          g_strcmp0 (tcgui_link_get_name (link), "lo") != 0)
        g_strv_builder_add (builder, tcgui_link_get_name (link));
    }
  return g_strv_builder_end (builder);
}

static void
save_profile_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TcguiWindow *self = TCGUI_WINDOW (widget);
  TcguiContainer *container = tcgui_window_get_selected_container (self);
  g_auto(GStrv) ifnames = NULL;

  if (container == NULL || !tcgui_container_is_running (container))
    return;
  ifnames = tcgui_window_shaped_ifnames (self);
  tcgui_profile_capture_async (self->client, tcgui_container_get_namespace_id (container),
                               (const char * const *) ifnames, self->cancellable,
                               profile_captured_cb, profile_job_new (self, container));
}

static void
forget_profile_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TcguiWindow *self = TCGUI_WINDOW (widget);
  TcguiContainer *container = tcgui_window_get_selected_container (self);
  GPtrArray *previous;
  ProfileJob *job;

  if (container == NULL ||
      !(previous = tcgui_profiles_lookup (self->profiles, tcgui_container_get_image (container))))
    return;
  /* Kept for the toast's Undo (no need to ask first). */
  job = profile_job_new (self, container);
  job->forget = TRUE;
  job->previous = g_ptr_array_ref (previous);
  tcgui_profiles_remove (self->profiles, tcgui_container_get_image (container));
  tcgui_profiles_save_async (self->profiles, self->cancellable, profile_saved_cb, job);
}

static void
apply_profile_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TcguiWindow *self = TCGUI_WINDOW (widget);
  TcguiContainer *container = tcgui_window_get_selected_container (self);

  if (container != NULL)
    tcgui_profile_applier_apply (self->applier, container);
}

static void
profile_applied_cb (TcguiWindow *self,
                    const char  *key,
                    gboolean     complete,
                    const char  *message)
{
  TcguiContainer *container = tcgui_window_get_selected_container (self);

  toast_message (self, message, 10);
  /* Its open editors show what the kernel has now. */
  if (container != NULL && g_strcmp0 (tcgui_container_get_key (container), key) == 0)
    tcgui_links_page_reload_shaping (self->links_page);
}

/* From the window's init: nothing to act on yet. */
void
tcgui_window_profiles_init (TcguiWindow *self)
{
  /* Until a container is selected: nothing to save, apply or forget. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-profile", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.apply-profile", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.forget-profile", FALSE);
}

/* Once the window has the app's profiles and applier (which applies only
 * while the app runs: the helper never applies profiles itself). */
void
tcgui_window_profiles_start (TcguiWindow *self)
{
  g_signal_connect_object (self->profiles, "changed", G_CALLBACK (tcgui_window_update_profile_ui),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->applier, "applied", G_CALLBACK (profile_applied_cb), self,
                           G_CONNECT_SWAPPED);
  tcgui_window_rules_start (self);
}

void
tcgui_window_profiles_dispose (TcguiWindow *self)
{
  if (self->profiles != NULL)
    g_signal_handlers_disconnect_by_data (self->profiles, self);
  if (self->applier != NULL)
    g_signal_handlers_disconnect_by_data (self->applier, self);
  tcgui_window_rules_dispose (self);
  if (self->rules != NULL)
    g_signal_handlers_disconnect_by_data (self->rules, self);
  g_clear_object (&self->applier);
  g_clear_object (&self->rules);
  g_clear_object (&self->profiles);
  g_clear_pointer (&self->menu_image, g_free);
}

static void
profiles_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TcguiWindow *self = TCGUI_WINDOW (widget);
  GtkWidget *window = tcgui_profiles_window_new (GTK_WINDOW (self), self->rules, self->inventory);

  gtk_window_present (GTK_WINDOW (window));
}

void
tcgui_window_profiles_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.profiles", NULL, profiles_action);
  tcgui_window_rules_class_init (widget_class);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_ALT_MASK,
                                       "win.profiles", NULL);
  gtk_widget_class_install_action (widget_class, "win.save-profile", NULL, save_profile_action);
  gtk_widget_class_install_action (widget_class, "win.forget-profile", NULL,
                                   forget_profile_action);
  gtk_widget_class_install_action (widget_class, "win.apply-profile", NULL, apply_profile_action);
}
