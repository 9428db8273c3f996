/* tcguictl.c - the command-line client of the TC GUI helper
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GNOME's system services pair a GUI with a command-line client on the
 * same D-Bus API (udisksctl, nmcli): tcguictl calls the helper the app
 * calls, with the same polkit authorization, and never touches the kernel
 * itself. Exit status: 0 done, 1 refused or failed (the helper's typed
 * error on stderr), 2 usage.
 */

#define G_LOG_DOMAIN "tcguictl"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <glib/gi18n.h>

#include "tcgui-error.h"
#include "tcgui-error-text.h"
#include "tcguictl.h"

G_DEFINE_QUARK (tcguictl-usage-error-quark, tcguictl_usage_error)

static const struct
{
  const char          *name;
  TcguictlCommandFunc  func;
  const char          *summary;
} commands[] = {
  { "list", tcguictl_cmd_list, N_("List the targets: host, namespaces, containers and their interfaces") },
  { "show", tcguictl_cmd_show, N_("Show the kernel's shaping of a target and its counters") },
  { "set", tcguictl_cmd_set, N_("Shape a target's interfaces (delay, loss, rate, …)") },
  { "clear", tcguictl_cmd_clear, N_("Remove the shaping of a target's interfaces") },
  { "reset-all", tcguictl_cmd_reset_all, N_("Remove every shaping TC GUI applied") },
  { "watch", tcguictl_cmd_watch, N_("Show a target's traffic rates, one line a second") },
  { "presets", tcguictl_cmd_presets, N_("List the built-in presets, their values and sources") },
  { "rule", tcguictl_cmd_rule, N_("Shaping the helper keeps for a target, also across restarts") },
};

/* Options every command takes. */
static GOptionEntry common_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print JSON for scripts"), NULL },
  { "no-ask", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Never ask for a password: fail when polkit would (for CI)"), NULL },
  G_OPTION_ENTRY_NULL
};

/**
 * tcguictl_parse_options:
 *
 * Parses a command's options and the common ones (--json, --no-ask).
 * GOption prints --help itself and exits 0. Every command's strings are
 * N_() marked and translated by GOption in our domain.
 */
gboolean
tcguictl_parse_options (GOptionContext   *context,
                        TcguictlContext  *ctx,
                        int              *argc,
                        char           ***argv,
                        GError          **error)
{
  GOptionEntry entries[G_N_ELEMENTS (common_entries)];
  g_autoptr(GError) local_error = NULL;

  memcpy (entries, common_entries, sizeof entries);
  entries[0].arg_data = &ctx->json;
  entries[1].arg_data = &ctx->no_ask;
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (g_option_context_parse (context, argc, argv, &local_error))
    return TRUE;
  g_set_error_literal (error, TCGUICTL_USAGE_ERROR, 0, local_error->message);
  return FALSE;
}

void
tcguictl_print_json (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, TRUE);

  g_print ("%s\n", text);
}

void
tcguictl_print_variant (GVariant *value)
{
  g_autoptr(JsonNode) node = json_gvariant_serialize (value);

  tcguictl_print_json (node);
}

static void
print_usage (FILE *out)
{
  /* Translators: the command line's synopsis; keep the option names */
  fputs (_("Usage:\n  tcguictl [--json] [--no-ask] COMMAND [OPTION…] [ARGUMENT…]\n"
           "  tcguictl --version\n\n"
           "Shape network traffic of containers, namespaces and the host through the\n"
           "TC GUI helper, with the app's polkit authorization.\n\nCommands:\n"), out);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  /* Translators: keep “netns:NAME”, “host”, “pid:PID” and the exit codes */
  fputs (_("\nTARGET: a container name or ID prefix (Docker or Podman), netns:NAME, host,\n"
           "or pid:PID. “tcguictl COMMAND --help” describes a command.\n"
           "Exit status: 0 done, 1 refused or failed, 2 usage.\n"), out);
}

/* The helper's typed error as its D-Bus name (for scripts), then a
 * translated sentence around the helper's English message. Errors made
 * here (not over the bus) are translated already. */
static void
print_error (const GError *error)
{
  g_autoptr(GError) copy = g_error_copy (error);
  g_autofree char *text = NULL;

  g_dbus_error_strip_remote_error (copy);
  text = g_dbus_error_is_remote_error (error) ? tcgui_error_describe (error)
                                               : g_strdup (copy->message);
  if (copy->domain == TCGUI_ERROR)
    g_printerr ("tcguictl: %s: %s\n", tcgui_error_to_dbus_name (copy->code), text);
  else
    g_printerr ("tcguictl: %s\n", text);
  if (g_error_matches (error, TCGUI_ERROR, TCGUI_ERROR_FOREIGN_QDISC))
    g_printerr ("%s\n", _("tcguictl: add --force to replace it"));
}

static int
run (TcguictlContext  *ctx,
     int               argc,
     char            **argv)
{
  g_autoptr(GError) error = NULL;

  /* The common options may come before the command too. */
  while (argc > 1 && (g_str_equal (argv[1], "--json") || g_str_equal (argv[1], "--no-ask")))
    {
      if (g_str_equal (argv[1], "--json"))
        ctx->json = TRUE;
      else
        ctx->no_ask = TRUE;
      argv[1] = argv[0];
      argc--, argv++;
    }
  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? TCGUICTL_EXIT_USAGE : TCGUICTL_EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("tcguictl %s\n", PACKAGE_VERSION);
      return TCGUICTL_EXIT_OK;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (!g_str_equal (argv[1], commands[i].name))
        continue;
      if (commands[i].func (ctx, argc - 1, argv + 1, &error))
        return TCGUICTL_EXIT_OK;
      print_error (error);
      return error->domain == TCGUICTL_USAGE_ERROR ? TCGUICTL_EXIT_USAGE
                                                   : TCGUICTL_EXIT_FAILED;
    }
  g_printerr (_("tcguictl: unknown command “%s”\n\n"), argv[1]);
  print_usage (stderr);
  return TCGUICTL_EXIT_USAGE;
}

int
main (int   argc,
      char *argv[])
{
  TcguictlContext ctx = { 0 };
  int status;

  setlocale (LC_ALL, "");
  /* --help says "tcguictl [OPTION…] set TARGET", not "set [OPTION…]". */
  g_set_prgname ("tcguictl");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* Registers io.github.tcgui.Error.*: replies come back as TCGUI_ERROR. */
  (void) tcgui_error_quark ();

  status = run (&ctx, argc, argv);
  tcguictl_bus_close (&ctx);
  return status;
}
