/* test-param-errors.c - the helper's parameter errors in the user's words
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The errors come from the helper's own validation (common/tcgui-params.c,
 * what SetShaping answers over the bus); the app's message names the
 * control, never the wire key, in English and, from the built de.mo, in
 * German. Every other typed error of the helper, as GDBus delivers it (the
 * D-Bus name mapped back to TCGUI_ERROR, the message prefixed), becomes a
 * sentence chosen by its code around the helper's text.
 */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "tcgui-error.h"
#include "tcgui-error-text.h"
#include "tcgui-params.h"
#include "tcgui-param-errors.h"

static GError *
helper_refusal (const char *params_text)
{
  g_autoptr(GVariant) dict = g_variant_ref_sink (g_variant_new_parsed (params_text));
  TcguiParams params;
  GError *error = NULL;

  if (tcgui_params_from_variant (dict, &params, &error))
    tcgui_params_validate (&params, &error);
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT);
  return error;
}

static void
check (const char *params_text,
       const char *wire_key,
       const char *expected)
{
  g_autoptr(GError) error = helper_refusal (params_text);
  g_autofree char *text = tcgui_param_error_message (error);

  g_test_message ("helper: %s\napp: %s", error->message, text);
  g_assert_nonnull (strstr (error->message, wire_key));
  /* The size after "at most" is GLib's g_format_size (), in GLib's words. */
  if (g_str_has_suffix (expected, "…"))
    {
      g_autofree char *prefix = g_strndup (expected, strlen (expected) - strlen ("…"));

      g_assert_true (g_str_has_prefix (text, prefix));
      g_assert_nonnull (strstr (text, "274.9"));
    }
  else
    g_assert_cmpstr (text, ==, expected);
  g_assert_null (strstr (text, wire_key));
}

/* What a client of the bus receives for the helper's @code and @message. */
static GError *
remote_error (TcguiError  code,
              const char *message)
{
  GError *error = g_dbus_error_new_for_dbus_error (tcgui_error_to_dbus_name (code), message);

  g_assert_error (error, TCGUI_ERROR, (int) code);
  g_assert_true (g_dbus_error_is_remote_error (error));
  return error;
}

static void
check_other (TcguiError  code,
             const char *helper_text,
             const char *expected)
{
  g_autoptr(GError) error = remote_error (code, helper_text);
  g_autofree char *text = tcgui_user_error_message (error);

  g_test_message ("helper: %s\napp: %s", error->message, text);
  g_assert_cmpstr (text, ==, expected);
}

/* Each code has its own sentence (none falls back to the generic one),
 * and the helper's text follows without GDBus's prefix. */
static void
test_codes (void)
{
  g_autoptr(GError) unknown = g_error_new_literal (TCGUI_ERROR, 1000, "x");
  g_autofree char *fallback = tcgui_error_describe (unknown);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_cmpstr (fallback, ==, "The helper reported an error: x");
  for (int code = 0; code < TCGUI_ERROR_N_CODES; code++)
    {
      g_autoptr(GError) error = remote_error (code, "x");
      char *text = tcgui_error_describe (error);

      g_test_message ("%s: %s", tcgui_error_to_dbus_name (code), text);
      g_assert_cmpstr (text, !=, fallback);
      g_assert_true (g_str_has_suffix (text, ": x"));
      g_assert_null (strstr (text, "GDBus"));
      g_assert_true (g_hash_table_add (seen, text));
    }
}

static void
test_english (void)
{
  g_autoptr(GError) other = g_error_new_literal (TCGUI_ERROR, TCGUI_ERROR_KERNEL, "“x” no");

  check ("{'rate-bps': <uint64 8000>, 'burst-bytes': <uint32 4000000>}", "burst-bytes",
         "“Burst” is too large for this rate limit: at most …");
  check ("{'delay-us': <uint32 4000000000>}", "delay-us",
         "The value of “Delay” is outside what the kernel accepts");
  /* Not a parameter error: a sentence around the helper's text. */
  g_assert_null (tcgui_param_error_message (other));
  check_other (TCGUI_ERROR_KERNEL, "Operation not permitted",
               "The kernel refused the change: Operation not permitted");
  check_other (TCGUI_ERROR_INVALID_ARGUMENT, "Unknown direction “up”",
               "The helper refused the request: Unknown direction “up”");
}

static void
test_german (void)
{
  check ("{'rate-bps': <uint64 8000>, 'burst-bytes': <uint32 4000000>}", "burst-bytes",
         "„Burst“ ist zu groß für diese Ratenbegrenzung: höchstens …");
  check ("{'limit-packets': <uint32 4294967295>}", "limit-packets",
         "Der Wert von „Warteschlangenlimit“ liegt außerhalb dessen, was der Kernel akzeptiert");
  check_other (TCGUI_ERROR_NO_SUCH_INTERFACE, "There is no interface “veth9” in this namespace",
               "Die Netzwerkschnittstelle gibt es nicht (mehr): "
               "There is no interface “veth9” in this namespace");
  check_other (TCGUI_ERROR_NOT_AUTHORIZED, "Not authorized to call SetShaping",
               "Sie sind dazu nicht berechtigt: Not authorized to call SetShaping");
  check_other (TCGUI_ERROR_BUSY, "Too many calls",
               "Das Hilfsprogramm ist beschäftigt, versuchen Sie es gleich noch einmal: "
               "Too many calls");
}

int
main (int argc, char **argv)
{
  const char *builddir = g_getenv ("TCGUI_BUILDDIR");
  g_autofree char *podir = g_build_filename (builddir != NULL ? builddir : ".", "po", NULL);
  gboolean german = argc > 1 && g_str_equal (argv[argc - 1], "de");

  /* LANGUAGE needs a locale other than "C": C.UTF-8 is on every Debian. */
  g_setenv ("LANGUAGE", german ? "de" : "en", TRUE);
  if (german)
    argc--;
  setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, podir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);
  if (german)
    g_test_add_func ("/i18n/param-errors/german", test_german);
  else
    {
      g_test_add_func ("/i18n/param-errors/english", test_english);
      g_test_add_func ("/i18n/helper-errors/codes", test_codes);
    }
  return g_test_run ();
}
