/* test-status-text.c - the helper-missing page's words, in and out of a Flatpak
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tcgui-status-view.h"

static void
test_helper_missing_host (void)
{
  const char *title = NULL, *description = NULL;

  g_assert_true (tcgui_status_view_describe_state (TCGUI_HELPER_STATE_HELPER_MISSING, FALSE,
                                                   &title, &description));
  g_assert_cmpstr (title, ==, "TC GUI’s Helper Is Not Installed");
  g_assert_nonnull (strstr (description, "not installed on this computer"));
  g_assert_null (strstr (description, "Flatpak"));
}

/* In a sandbox the user must be told the helper belongs on the host, and how. */
static void
test_helper_missing_flatpak (void)
{
  const char *title = NULL, *description = NULL;

  g_assert_true (tcgui_status_view_describe_state (TCGUI_HELPER_STATE_HELPER_MISSING, TRUE,
                                                   &title, &description));
  g_assert_cmpstr (title, ==, "TC GUI’s Helper Is Not Installed on the Host");
  g_assert_nonnull (strstr (description, "Flatpak sandbox"));
  g_assert_nonnull (strstr (description, "not installed on the host system"));
  g_assert_nonnull (strstr (description, "tcgui-helper package"));
}

/* The other states read the same in and out of a sandbox. */
static void
test_other_states_unchanged (void)
{
  const TcguiHelperState states[] = {
    TCGUI_HELPER_STATE_NOT_AUTHORIZED,
    TCGUI_HELPER_STATE_HELPER_CRASHED,
    TCGUI_HELPER_STATE_BUS_UNAVAILABLE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      const char *title = NULL, *description = NULL;
      const char *ftitle = NULL, *fdescription = NULL;

      g_assert_true (tcgui_status_view_describe_state (states[i], FALSE, &title, &description));
      g_assert_true (tcgui_status_view_describe_state (states[i], TRUE, &ftitle, &fdescription));
      g_assert_cmpstr (title, ==, ftitle);
      g_assert_cmpstr (description, ==, fdescription);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/status-text/helper-missing/host", test_helper_missing_host);
  g_test_add_func ("/status-text/helper-missing/flatpak", test_helper_missing_flatpak);
  g_test_add_func ("/status-text/other-states", test_other_states_unchanged);
  return g_test_run ();
}
