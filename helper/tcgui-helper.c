/* tcgui-helper.c - the privileged TC GUI helper: bus name, idle exit, signals
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-helper"

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdlib.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "tcgui-error.h"
#include "tcgui-journal.h"
#include "tcgui-netns.h"
#include "tcgui-service.h"
#include "tcgui-service-watch.h"
#include "tcgui-rule-store.h"
#include "tcgui-rules.h"
#include "tcgui-service-rules.h"

#define CALLS_GRACE_SECONDS 10

typedef struct
{
  GMainLoop       *loop;
  GDBusConnection *bus;
  TcguiService    *service;
  guint            own_id;
  guint            idle_id;
  gint64           idle_usec;
  GMutex           activity_lock;
  gint64           last_activity;   /* monotonic µs; under activity_lock */
  gboolean         name_acquired;
  gboolean         name_lost;
  int              exit_status;
} TcguiHelper;

static void
helper_quit (TcguiHelper *helper,
             int          exit_status)
{
  helper->exit_status = exit_status;
  g_main_loop_quit (helper->loop);
}

/* Emitted from the threads that handle calls: only store a timestamp. */
static void
activity_cb (TcguiHelper *helper)
{
  g_mutex_lock (&helper->activity_lock);
  helper->last_activity = g_get_monotonic_time ();
  g_mutex_unlock (&helper->activity_lock);
}

static gint64
get_last_activity (TcguiHelper *helper)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&helper->activity_lock);

  return helper->last_activity;
}

static void schedule_idle_check (TcguiHelper *helper,
                                 gint64       delay_usec);

static gboolean
idle_check_cb (gpointer data)
{
  TcguiHelper *helper = data;
  gint64 idle_for = g_get_monotonic_time () - get_last_activity (helper);

  helper->idle_id = 0;

  /* A caller that watches counters is not idle, though it makes no calls;
   * a helper that holds an enabled rule applies it when its target starts,
   * so it stays (the reason for the systemd unit's [Install]). */
  if (tcgui_service_get_n_calls (helper->service) > 0 ||
      tcgui_service_watch_get_n_watches (helper->service) > 0 ||
      tcgui_service_rules_get_n_enabled () > 0)
    schedule_idle_check (helper, helper->idle_usec);
  else if (idle_for < helper->idle_usec)
    schedule_idle_check (helper, helper->idle_usec - idle_for);
  else
    {
      g_debug ("No call for %" G_GINT64_FORMAT " s, exiting", idle_for / G_USEC_PER_SEC);
      helper_quit (helper, EXIT_SUCCESS);
    }

  return G_SOURCE_REMOVE;
}

static void
schedule_idle_check (TcguiHelper *helper,
                     gint64       delay_usec)
{
  guint delay_msec = (guint) CLAMP ((delay_usec + 999) / 1000, 1, G_MAXUINT);

  helper->idle_id = g_timeout_add (delay_msec, idle_check_cb, helper);
}

static gboolean
signal_cb (gpointer data)
{
  TcguiHelper *helper = data;

  g_debug ("Terminated by a signal, exiting");
  helper_quit (helper, EXIT_SUCCESS);
  return G_SOURCE_CONTINUE;
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         data)
{
  TcguiHelper *helper = data;

  helper->name_acquired = TRUE;
  g_debug ("Owning %s", name);
}

static void
name_lost_cb (GDBusConnection *connection,
              const char      *name,
              gpointer         data)
{
  TcguiHelper *helper = data;

  helper->name_lost = TRUE;

  /* Losing the name after owning it means another helper replaced us. */
  if (helper->name_acquired)
    {
      g_debug ("Lost %s (replaced), exiting", name);
      helper_quit (helper, EXIT_SUCCESS);
      return;
    }

  g_printerr (_("tcgui-helper: cannot own the bus name %s: another helper owns "
                "it (use --replace) or the bus policy does not allow this user\n"),
              name);
  helper_quit (helper, EXIT_FAILURE);
}

static void
bus_closed_cb (GDBusConnection *connection,
               gboolean         remote_peer_vanished,
               GError          *error,
               TcguiHelper     *helper)
{
  g_debug ("The system bus connection closed, exiting");
  helper_quit (helper, EXIT_SUCCESS);
}

static gboolean
helper_start (TcguiHelper  *helper,
              gboolean      replace,
              GError      **error)
{
  /* Never wait in the queue: a helper that cannot own the name exits. */
  GBusNameOwnerFlags flags = G_BUS_NAME_OWNER_FLAGS_ALLOW_REPLACEMENT |
                             G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE;

  /* GDBus honours DBUS_SYSTEM_BUS_ADDRESS, which the tests use. */
  if (!(helper->bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, error)))
    {
      g_prefix_error (error, _("Cannot connect to the system bus: "));
      return FALSE;
    }
  g_dbus_connection_set_exit_on_close (helper->bus, FALSE);
  g_signal_connect (helper->bus, "closed", G_CALLBACK (bus_closed_cb), helper);

  helper->service = tcgui_service_new ();
  g_signal_connect_swapped (helper->service, "activity", G_CALLBACK (activity_cb), helper);

  /* Export first: a caller that sees the name finds the object. */
  if (!g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (helper->service),
                                         helper->bus, HELPER_OBJECT_PATH, error))
    {
      g_prefix_error (error, _("Cannot export %s: "), HELPER_OBJECT_PATH);
      return FALSE;
    }

  /* Rules are read (and applied) before the name is owned: a caller that
   * finds the helper finds them. */
  tcgui_service_rules_start (TCGUI_HELPER1 (helper->service));

  if (replace)
    flags |= G_BUS_NAME_OWNER_FLAGS_REPLACE;
  helper->own_id = g_bus_own_name_on_connection (helper->bus, HELPER_BUS_NAME, flags,
                                                 name_acquired_cb, name_lost_cb,
                                                 helper, NULL);
  activity_cb (helper);
  schedule_idle_check (helper, helper->idle_usec);
  return TRUE;
}

/* Calls run in threads: let those already running finish (a change the
 * helper was making is not cut in half), but do not wait forever for one
 * that waits on an authentication dialog. */
static void
wait_for_calls (TcguiHelper *helper)
{
  gint64 deadline = g_get_monotonic_time () + CALLS_GRACE_SECONDS * G_USEC_PER_SEC;

  /* The main context keeps running: GDBus finishes each threaded call
   * there, and only then releases its invocation. */
  while (tcgui_service_get_n_calls (helper->service) > 0 &&
         g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (G_USEC_PER_SEC / 100);

  if (tcgui_service_get_n_calls (helper->service) > 0)
    g_warning ("Exiting with %u calls still running",
               tcgui_service_get_n_calls (helper->service));
}

static void
helper_stop (TcguiHelper *helper)
{
  g_clear_handle_id (&helper->idle_id, g_source_remove);
  /* Releasing a name another helper took over only earns a warning from
   * GDBus ("Unexpected reply 3 when releasing name"). */
  if (helper->name_lost)
    helper->own_id = 0;
  g_clear_handle_id (&helper->own_id, g_bus_unown_name);

  if (helper->service != NULL)
    {
      g_signal_handlers_disconnect_by_data (helper->service, helper);
      if (g_dbus_interface_skeleton_get_connection (G_DBUS_INTERFACE_SKELETON (helper->service)))
        g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (helper->service));
      wait_for_calls (helper);
      tcgui_service_rules_stop ();
      g_clear_object (&helper->service);
    }

  if (helper->bus != NULL)
    {
      g_signal_handlers_disconnect_by_data (helper->bus, helper);
      /* Send what is queued (the last replies) before leaving. */
      g_dbus_connection_flush_sync (helper->bus, NULL, NULL);
      g_clear_object (&helper->bus);
    }

  g_clear_pointer (&helper->loop, g_main_loop_unref);
}

static gboolean
parse_options (int        *argc,
               char     ***argv,
               gboolean   *replace,
               int        *idle_timeout,
               GError    **error)
{
  g_autoptr(GOptionContext) context = NULL;
  /* The helps below are whole sentences for the translators, the paths
   * put in at run time (a macro joined into the string never reached the
   * POT). */
  g_autofree char *journal = NULL;
  g_autofree char *rules = NULL;
  gboolean verbose = FALSE;
  gboolean version = FALSE;
  /* Translators: %s is the default path, e.g. /run/tcgui/journal */
  g_autofree char *journal_help = g_strdup_printf (_("Keep the journal of applied shapings in FILE "
                                                     "(default %s; for tests)"),
                                                   TCGUI_JOURNAL_DEFAULT_PATH);
  /* Translators: %s is the default path, e.g. /var/lib/tcgui/rules.json */
  g_autofree char *rules_help = g_strdup_printf (_("Keep the rules in FILE (default %s; for tests)"),
                                                 TCGUI_RULE_STORE_DEFAULT_PATH);
  const GOptionEntry entries[] = {
    { "journal", 0, 0, G_OPTION_ARG_FILENAME, &journal, journal_help, N_("FILE") },
    { "rules", 0, 0, G_OPTION_ARG_FILENAME, &rules, rules_help, N_("FILE") },
    { "replace", 0, 0, G_OPTION_ARG_NONE, replace,
      N_("Replace a running helper"), NULL },
    { "idle-timeout", 0, 0, G_OPTION_ARG_INT, idle_timeout,
      N_("Exit after SECONDS without a call"), N_("SECONDS") },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
      N_("Print debug messages"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version,
      N_("Print the version and exit"), NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("The privileged helper of TC GUI, on the system bus."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;

  if (version)
    {
      g_print ("tcgui-helper %s\n", PACKAGE_VERSION);
      exit (EXIT_SUCCESS);
    }
  if (*idle_timeout < 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--idle-timeout must be at least 1 second"));
      return FALSE;
    }
  if (verbose)
    g_log_set_debug_enabled (TRUE);
  if (journal != NULL)
    tcgui_journal_set_path (journal);
  if (rules != NULL)
    tcgui_rules_set_default_path (rules);

  return TRUE;
}

static void
init_i18n (void)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

int
main (int   argc,
      char *argv[])
{
  TcguiHelper helper = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean replace = FALSE;
  int idle_timeout = HELPER_IDLE_TIMEOUT_SECONDS;

  init_i18n ();

  /* Before any thread exists: this is the namespace every thread returns to. */
  tcgui_netns_init ();

  if (!parse_options (&argc, &argv, &replace, &idle_timeout, &error))
    {
      g_printerr ("tcgui-helper: %s\n", error->message);
      return EXIT_FAILURE;
    }

  /* Register the io.github.tcgui.Error.* names before the first reply. */
  (void) TCGUI_ERROR;

  g_mutex_init (&helper.activity_lock);
  helper.loop = g_main_loop_new (NULL, FALSE);
  helper.idle_usec = (gint64) idle_timeout * G_USEC_PER_SEC;
  g_unix_signal_add (SIGTERM, signal_cb, &helper);
  g_unix_signal_add (SIGINT, signal_cb, &helper);

  if (!helper_start (&helper, replace, &error))
    {
      g_printerr ("tcgui-helper: %s\n", error->message);
      helper_stop (&helper);
      g_mutex_clear (&helper.activity_lock);
      return EXIT_FAILURE;
    }

  g_main_loop_run (helper.loop);
  helper_stop (&helper);
  g_mutex_clear (&helper.activity_lock);

  return helper.exit_status;
}
