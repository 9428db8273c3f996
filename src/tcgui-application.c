/* tcgui-application.c - the TC GUI application
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-application"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-application.h"
#include "tcgui-config.h"
#include "tcgui-inventory.h"
#include "tcgui-profile-applier.h"
#include "tcgui-profiles.h"
#include "tcgui-rules.h"
#include "tcgui-shaping-actions.h"
#include "tcgui-window.h"

#define SCHEMA_ID "io.github.tcgui.TcGui"

struct _TcguiApplication
{
  AdwApplication     parent_instance;

  TcguiHelperClient   *client;     /* the one helper session */
  TcguiCountersClient *counters;   /* its counters, for every window's graphs */
  GSettings           *settings;
  /* The models: the windows are views of them (docs/architecture.md). */
  TcguiConfig         *config;     /* ~/.config/tcgui/settings.json */
  TcguiProfiles       *profiles;   /* ~/.config/tcgui/profiles.json */
  TcguiInventory      *inventory;  /* the helper's containers, kept live */
  TcguiProfileApplier *applier;    /* profiles to containers that start, for
                                    * a helper without rules only */
  TcguiRules          *rules;      /* the helper's rules, kept live */
  GCancellable        *cancellable;
};

G_DEFINE_FINAL_TYPE (TcguiApplication, tcgui_application, ADW_TYPE_APPLICATION)

enum {
  NOTICE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Something the user should read until they dismiss it (a damaged file
 * and where it went): every window shows it. */
static void
notice (TcguiApplication *self,
        const char       *message)
{
  g_message ("%s", message);
  g_signal_emit (self, signals[NOTICE], 0, message);
}

static void
config_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TcguiApplication) self = user_data;
  TcguiConfig *config = TCGUI_CONFIG (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!tcgui_config_load_finish (config, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Unreadable (not corrupt): defaults, and the file is left alone. */
      message = g_strdup_printf (_("Cannot read your settings: %s"), error->message);
    }
  else if (tcgui_config_get_backup_path (config) != NULL)
    message = g_strdup_printf (_("Your settings file was damaged (%s). It was kept as %s; "
                                 "the defaults are used."),
                               tcgui_config_get_load_error (config),
                               tcgui_config_get_backup_path (config));
  if (message != NULL)
    notice (self, message);
}

static char *
join_problems (GPtrArray *problems)
{
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    g_string_append_printf (joined, "%s%s", i > 0 ? "; " : "",
                            (const char *) g_ptr_array_index (problems, i));
  /* Translators: "IMAGE, IFNAME: why; …" */
  return g_strdup_printf (_("Profile entries left out (not applied): %s"), joined->str);
}

static void
profiles_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(TcguiApplication) self = user_data;
  TcguiProfiles *profiles = TCGUI_PROFILES (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  GPtrArray *problems = tcgui_profiles_get_problems (profiles);

  if (!tcgui_profiles_load_finish (profiles, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("Cannot read your image profiles: %s"), error->message);
    }
  else if (tcgui_profiles_get_backup_path (profiles) != NULL)
    message = g_strdup_printf (_("Your image profiles file was damaged (%s). It was kept as %s."),
                               tcgui_profiles_get_load_error (profiles),
                               tcgui_profiles_get_backup_path (profiles));
  else if (problems->len > 0)
    message = join_problems (problems);
  if (message != NULL)
    notice (self, message);
}

/* A helper that keeps rules applies them itself, also while the app is
 * closed: the app's own applier is then only the fallback for an old
 * helper, and the old profiles go into the helper once (tcgui-import.c). */
static void
rules_available_cb (TcguiApplication *self)
{
  gboolean available = tcgui_rules_get_available (self->rules);

  tcgui_profile_applier_set_suspended (self->applier, available);
}

/* The models live as long as the app: a second window shows the same
 * settings, profiles and containers, and the applier applies profiles
 * whether or not a window is open. The files are read at once. */
static void
create_models (TcguiApplication *self)
{
  self->cancellable = g_cancellable_new ();
  self->config = tcgui_config_new (NULL);
  self->profiles = tcgui_profiles_new (NULL);
  self->inventory = tcgui_inventory_new (self->client);
  self->applier = tcgui_profile_applier_new (self->client, self->inventory, self->profiles);
  self->rules = tcgui_rules_new (self->client);
  g_signal_connect_object (self->rules, "notify::available", G_CALLBACK (rules_available_cb),
                           self, G_CONNECT_SWAPPED);
  tcgui_config_load_async (self->config, self->cancellable, config_loaded_cb,
                           g_object_ref (self));
  tcgui_profiles_load_async (self->profiles, self->cancellable, profiles_loaded_cb,
                             g_object_ref (self));
}

static void
tcgui_application_activate (GApplication *app)
{
  TcguiApplication *self = TCGUI_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (tcgui_window_new (self));

  gtk_window_present (window);
}

/* The schema is missing when the app runs from a build directory without
 * GSETTINGS_SCHEMA_DIR: it then works, but forgets the window size. */
static GSettings *
create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
  if (schema == NULL)
    {
      g_message ("GSettings schema %s is not installed; settings are not saved", SCHEMA_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static void
tcgui_application_startup (GApplication *app)
{
  TcguiApplication *self = TCGUI_APPLICATION (app);

  G_APPLICATION_CLASS (tcgui_application_parent_class)->startup (app);

  gtk_window_set_default_icon_name (APP_ID);
  self->settings = create_settings ();
  self->client = tcgui_helper_client_new ();
  self->counters = tcgui_counters_client_new (self->client, 1000);
  create_models (self);
}

static void
tcgui_application_shutdown (GApplication *app)
{
  TcguiApplication *self = TCGUI_APPLICATION (app);

  G_APPLICATION_CLASS (tcgui_application_parent_class)->shutdown (app);

  /* The windows saved their size when they closed: write it out now. */
  if (self->settings != NULL)
    g_settings_sync ();
  if (self->config != NULL)
    tcgui_config_flush (self->config);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->applier);
  g_clear_object (&self->rules);
  g_clear_object (&self->inventory);
  g_clear_object (&self->profiles);
  g_clear_object (&self->config);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->counters);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  static const char *developers[] = { "The TC GUI developers", NULL };
  GtkApplication *app = user_data;
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("TC GUI"),
                        "application-icon", APP_ID,
                        "developer-name", _("The TC GUI developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Degrade the network of containers and namespaces "
                                      "with sliders, and watch what it does."),
                        "website", "https://github.com/tcgui/tcgui",
                        "issue-url", "https://github.com/tcgui/tcgui/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The TC GUI developers",
                        "developers", developers,
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GApplication *app = user_data;

  /* Closing the windows first lets them cancel their calls and save
   * their size. */
  g_autoptr(GPtrArray) windows = g_ptr_array_new_with_free_func (g_object_unref);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    g_ptr_array_add (windows, g_object_ref (l->data));
  for (guint i = 0; i < windows->len; i++)
    gtk_window_close (g_ptr_array_index (windows, i));
  g_application_quit (app);
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
};

static void
tcgui_application_class_init (TcguiApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = tcgui_application_activate;
  app_class->startup = tcgui_application_startup;
  app_class->shutdown = tcgui_application_shutdown;

  /**
   * TcguiApplication::notice:
   * @message: what to tell, shown until dismissed
   *
   * The models could not be read as they were (a damaged file, kept aside).
   */
  signals[NOTICE] =
    g_signal_new ("notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
tcgui_application_init (TcguiApplication *self)
{
  static const char *quit_accels[] = { "<primary>q", NULL };
  static const char *refresh_accels[] = { "F5", "<primary>r", NULL };
  static const char *search_accels[] = { "<primary>f", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  tcgui_shaping_actions_install (self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.refresh", refresh_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.search", search_accels);
}

/**
 * tcgui_application_new:
 *
 * The resources (window templates, style.css, gtk/help-overlay.ui, icons)
 * live under /io/github/tcgui/TcGui for both the normal and the .Devel
 * app ID.
 */
TcguiApplication *
tcgui_application_new (const char        *application_id,
                       GApplicationFlags  flags)
{
  g_return_val_if_fail (application_id != NULL, NULL);

  return g_object_new (TCGUI_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags,
                       "resource-base-path", "/io/github/tcgui/TcGui",
                       NULL);
}

TcguiHelperClient *
tcgui_application_get_client (TcguiApplication *self)
{
  g_return_val_if_fail (TCGUI_IS_APPLICATION (self), NULL);
  return self->client;
}

/**
 * tcgui_application_get_counters:
 *
 * Returns: (transfer none): the live counters of the app's helper session,
 *   sampling at 1 Hz, shared by every window's graphs
 */
TcguiCountersClient *
tcgui_application_get_counters (TcguiApplication *self)
{
  g_return_val_if_fail (TCGUI_IS_APPLICATION (self), NULL);
  return self->counters;
}

/**
 * tcgui_application_get_settings:
 *
 * Returns: (nullable): the app's settings, %NULL when the schema is missing
 */
GSettings *
tcgui_application_get_settings (TcguiApplication *self)
{
  g_return_val_if_fail (TCGUI_IS_APPLICATION (self), NULL);
  return self->settings;
}

TcguiConfig *
tcgui_application_get_config (TcguiApplication *self)
{
  g_return_val_if_fail (TCGUI_IS_APPLICATION (self), NULL);
  return self->config;
}

TcguiProfiles *
tcgui_application_get_profiles (TcguiApplication *self)
{
  g_return_val_if_fail (TCGUI_IS_APPLICATION (self), NULL);
  return self->profiles;
}

TcguiInventory *
tcgui_application_get_inventory (TcguiApplication *self)
{
  g_return_val_if_fail (TCGUI_IS_APPLICATION (self), NULL);
  return self->inventory;
}

TcguiProfileApplier *
tcgui_application_get_applier (TcguiApplication *self)
{
  g_return_val_if_fail (TCGUI_IS_APPLICATION (self), NULL);
  return self->applier;
}

/**
 * tcgui_application_get_rules:
 *
 * Returns: (transfer none): the helper's rules, kept live for every window
 */
TcguiRules *
tcgui_application_get_rules (TcguiApplication *self)
{
  g_return_val_if_fail (TCGUI_IS_APPLICATION (self), NULL);
  return self->rules;
}
