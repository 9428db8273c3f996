/* test-param-errors.c - the helper's parameter errors in the user's words
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The errors come from the helper's own validation (common/tcgui-params.c,
 * what SetShaping answers over the bus); the app's message names the
 * control, never the wire key, in English and, from the built de.mo, in
 * German.
 */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "tcgui-error.h"
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

static void
test_english (void)
{
  g_autoptr(GError) other = g_error_new_literal (TCGUI_ERROR, TCGUI_ERROR_KERNEL, "“x” no");

  check ("{'rate-bps': <uint64 8000>, 'burst-bytes': <uint32 4000000>}", "burst-bytes",
         "“Burst” is too large for this rate limit: at most …");
  check ("{'delay-us': <uint32 4000000000>}", "delay-us",
         "The value of “Delay” is outside what the kernel accepts");
  /* Not a parameter error: the caller shows the helper's text. */
  g_assert_null (tcgui_param_error_message (other));
}

static void
test_german (void)
{
  check ("{'rate-bps': <uint64 8000>, 'burst-bytes': <uint32 4000000>}", "burst-bytes",
         "„Burst“ ist zu groß für diese Ratenbegrenzung: höchstens …");
  check ("{'limit-packets': <uint32 4294967295>}", "limit-packets",
         "Der Wert von „Warteschlangenlimit“ liegt außerhalb dessen, was der Kernel akzeptiert");
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
    g_test_add_func ("/i18n/param-errors/english", test_english);
  return g_test_run ();
}
