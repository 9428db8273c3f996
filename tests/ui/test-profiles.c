/* test-profiles.c - ~/.config/tcgui/profiles.json (src/tcgui-profiles.c)
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real files in a temporary directory, read and written through the async
 * API on a main loop, as the app does: a round trip, a corrupt file kept
 * as a backup, invalid parameters left out (and kept in the file).
 */

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sys/stat.h>

#include "tcgui-profiles.h"
#include "test-json-file-fixture.h"

#define IMAGE "localhost/bb:latest"

static TcguiProfiles *
load (GFile *file)
{
  TcguiProfiles *profiles = tcgui_profiles_new (file);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tcgui_profiles_load_async (profiles, NULL, result_cb, &result);
  g_assert_true (tcgui_profiles_load_finish (profiles, wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_true (tcgui_profiles_get_loaded (profiles));
  return profiles;
}

static void
save (TcguiProfiles *profiles)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tcgui_profiles_save_async (profiles, NULL, result_cb, &result);
  g_assert_true (tcgui_profiles_save_finish (profiles, wait_result (&result), &error));
  g_assert_no_error (error);
}

static void
write_file (Fixture    *fixture,
            const char *contents)
{
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (fixture->path, contents, -1, &error);
  g_assert_no_error (error);
}

static GPtrArray *
sample (void)
{
  GPtrArray *interfaces = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                          tcgui_profile_interface_free);
  TcguiParams out, in;

  tcgui_params_init (&out);
  tcgui_params_init (&in);
  out.rate_bps = 2000000;
  out.burst_bytes = 32000;
  in.delay_us = 50000;
  in.jitter_us = 5000;
  in.loss = 1.5;
  in.distribution = TCGUI_DIST_NORMAL;
  g_ptr_array_add (interfaces, tcgui_profile_interface_new ("eth0", &out, &in));
  tcgui_params_init (&in);
  g_ptr_array_add (interfaces, tcgui_profile_interface_new ("eth1", &in, &out));
  return interfaces;
}

static void
test_missing_is_empty (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(TcguiProfiles) profiles = load (fixture->file);

  g_assert_null (tcgui_profiles_lookup (profiles, IMAGE));
  g_assert_null (tcgui_profiles_get_backup_path (profiles));
  g_assert_cmpuint (tcgui_profiles_get_problems (profiles)->len, ==, 0);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(TcguiProfiles) profiles = load (fixture->file);
  g_autoptr(TcguiProfiles) again = NULL;
  g_autoptr(GPtrArray) written = sample ();
  GPtrArray *read;
  GStatBuf st;

  tcgui_profiles_set (profiles, IMAGE, written);
  save (profiles);
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  again = load (fixture->file);
  read = tcgui_profiles_lookup (again, IMAGE);
  g_assert_nonnull (read);
  g_assert_cmpuint (read->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      TcguiProfileInterface *a = g_ptr_array_index (written, i);
      TcguiProfileInterface *b = NULL;

      for (guint j = 0; j < read->len; j++)
        if (g_strcmp0 (((TcguiProfileInterface *) g_ptr_array_index (read, j))->ifname,
                       a->ifname) == 0)
          b = g_ptr_array_index (read, j);
      g_assert_nonnull (b);
      g_assert_true (tcgui_params_equal (&a->outgoing, &b->outgoing));
      g_assert_true (tcgui_params_equal (&a->incoming, &b->incoming));
    }

  /* Forgetting writes the file without it. */
  g_assert_true (tcgui_profiles_remove (again, IMAGE));
  g_assert_false (tcgui_profiles_remove (again, IMAGE));
  save (again);
  g_clear_object (&profiles);
  profiles = load (fixture->file);
  g_assert_null (tcgui_profiles_lookup (profiles, IMAGE));
}

static void
test_corrupt_kept (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TcguiProfiles) profiles = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *backup = NULL;

  write_file (fixture, "{ \"images\": [ not json");
  profiles = load (fixture->file);
  backup = g_strdup (tcgui_profiles_get_backup_path (profiles));
  g_assert_nonnull (backup);
  g_assert_nonnull (tcgui_profiles_get_load_error (profiles));
  g_assert_true (g_str_has_prefix (backup, fixture->path));
  g_assert_true (g_file_get_contents (backup, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "{ \"images\": [ not json");
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  /* "images" of the wrong type makes the file corrupt too. */
  g_clear_object (&profiles);
  write_file (fixture, "{ \"version\": 1, \"images\": 3 }");
  profiles = load (fixture->file);
  g_assert_nonnull (tcgui_profiles_get_backup_path (profiles));
  g_assert_cmpstr (tcgui_profiles_get_backup_path (profiles), !=, backup);
}

static void
test_invalid_skipped (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(TcguiProfiles) profiles = NULL;
  g_autoptr(TcguiProfiles) again = NULL;
  g_autoptr(GPtrArray) other = sample ();
  GPtrArray *read;

  write_file (fixture,
              "{ \"version\": 1, \"future\": true, \"images\": {"
              "  \"" IMAGE "\": {"
              "    \"eth0\": { \"outgoing\": { \"rate-bps\": 1000000 }, \"incoming\": {} },"
              "    \"eth1\": { \"outgoing\": { \"loss\": 250 } },"
              "    \"eth2\": { \"outgoing\": { \"no-such-key\": 1 } },"
              "    \"eth3\": { \"outgoing\": { \"delay-us\": -5 } },"
              "    \"eth4\": { \"outgoing\": { \"rate-bps\": \"fast\" } } },"
              "  \"bad/image\": 7 } }");
  profiles = load (fixture->file);
  g_assert_null (tcgui_profiles_get_backup_path (profiles));
  read = tcgui_profiles_lookup (profiles, IMAGE);
  g_assert_nonnull (read);
  g_assert_cmpuint (read->len, ==, 1);
  g_assert_cmpstr (((TcguiProfileInterface *) g_ptr_array_index (read, 0))->ifname, ==, "eth0");
  g_assert_cmpuint (((TcguiProfileInterface *) g_ptr_array_index (read, 0))->outgoing.rate_bps,
                    ==, 1000000);
  g_assert_null (tcgui_profiles_lookup (profiles, "bad/image"));
  g_assert_cmpuint (tcgui_profiles_get_problems (profiles)->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    g_test_message ("problem: %s",
                    (char *) g_ptr_array_index (tcgui_profiles_get_problems (profiles), i));

  /* Saving another image keeps the invalid entries and unknown keys. */
  tcgui_profiles_set (profiles, "other:1", other);
  save (profiles);
  again = load (fixture->file);
  g_assert_nonnull (tcgui_profiles_lookup (again, "other:1"));
  g_assert_cmpuint (tcgui_profiles_lookup (again, IMAGE)->len, ==, 1);
  g_assert_cmpuint (tcgui_profiles_get_problems (again)->len, ==, 5);
}

static void
test_unreadable_not_saved (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(TcguiProfiles) profiles = tcgui_profiles_new (fixture->file);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* Never loaded: a save would overwrite what it did not read. */
  tcgui_profiles_save_async (profiles, NULL, result_cb, &result);
  g_assert_false (tcgui_profiles_save_finish (profiles, wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, "profiles.json", fixture_set_up, func, fixture_tear_down)
  ADD ("/profiles/missing-is-empty", test_missing_is_empty);
  ADD ("/profiles/round-trip", test_round_trip);
  ADD ("/profiles/corrupt-kept", test_corrupt_kept);
  ADD ("/profiles/invalid-skipped", test_invalid_skipped);
  ADD ("/profiles/unreadable-not-saved", test_unreadable_not_saved);
#undef ADD

  return g_test_run ();
}
