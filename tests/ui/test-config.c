/* test-config.c - ~/.config/tcgui/config.json (src/tcgui-config.c)
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real files in a temporary directory, read and written through the async
 * API on a main loop, as the app does.
 */

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "tcgui-config.h"
#include "test-json-file-fixture.h"

static gboolean
load (TcguiConfig  *config,
      GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tcgui_config_load_async (config, NULL, result_cb, &result);
  return tcgui_config_load_finish (config, wait_result (&result), error);
}

static void
save (TcguiConfig *config)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tcgui_config_save_async (config, NULL, result_cb, &result);
  g_assert_true (tcgui_config_save_finish (config, wait_result (&result), &error));
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

static gboolean
get_bool (TcguiConfig *config,
          const char  *name)
{
  gboolean value;

  g_object_get (config, name, &value, NULL);
  return value;
}

static void
test_missing_gives_defaults (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(TcguiConfig) config = tcgui_config_new (fixture->file);
  g_autoptr(GError) error = NULL;

  tcgui_config_set_autosave (config, FALSE);
  g_assert_true (load (config, &error));
  g_assert_no_error (error);
  g_assert_true (tcgui_config_get_loaded (config));
  g_assert_true (tcgui_config_get_runtime_enabled (config, "docker"));
  g_assert_true (tcgui_config_get_runtime_enabled (config, "podman-user-1000"));
  g_assert_true (tcgui_config_get_runtime_enabled (config, "other"));
  g_assert_false (tcgui_config_get_show_stopped (config));
  g_assert_false (tcgui_config_get_group_by_network (config));
  g_assert_null (tcgui_config_get_backup_path (config));
  g_assert_null (tcgui_config_get_load_error (config));
  /* Reading does not create the file. */
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(TcguiConfig) config = tcgui_config_new (fixture->file);
  g_autoptr(TcguiConfig) again = tcgui_config_new (fixture->file);
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  tcgui_config_set_autosave (config, FALSE);
  g_assert_true (load (config, &error));
  g_object_set (config, "docker-enabled", FALSE, "show-stopped", TRUE,
                "group-by-network", TRUE, NULL);
  save (config);
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_true (load (again, &error));
  g_assert_no_error (error);
  g_assert_false (tcgui_config_get_runtime_enabled (again, "docker"));
  g_assert_true (tcgui_config_get_runtime_enabled (again, "podman"));
  g_assert_true (tcgui_config_get_runtime_enabled (again, "other"));
  g_assert_true (tcgui_config_get_show_stopped (again));
  g_assert_true (tcgui_config_get_group_by_network (again));
  g_assert_false (get_bool (again, "docker-enabled"));
}

/* Autosave: a property change writes the file once loaded, never before. */
static void
test_autosave (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(TcguiConfig) config = tcgui_config_new (fixture->file);
  g_autoptr(TcguiConfig) again = tcgui_config_new (fixture->file);
  g_autoptr(GError) error = NULL;

  g_object_set (config, "podman-enabled", FALSE, NULL);
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  g_assert_true (load (config, &error));
  g_object_set (config, "podman-enabled", FALSE, NULL);
  for (int i = 0; i < 500 && !g_file_test (fixture->path, G_FILE_TEST_EXISTS); i++)
    {
      while (g_main_context_iteration (NULL, FALSE));
      g_usleep (10000);
    }
  /* Let the save task finish before the object goes. */
  for (int i = 0; i < 50; i++)
    {
      while (g_main_context_iteration (NULL, FALSE));
      g_usleep (2000);
    }
  g_assert_true (load (again, &error));
  g_assert_false (tcgui_config_get_runtime_enabled (again, "podman"));
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_assert_true (tcgui_config_save_finish (TCGUI_CONFIG (object), result, NULL));
}

/* A change made just before the app quits is on disk after the flush,
 * without the main loop ever running the idle save; a second change made
 * while a save is in flight too. */
static void
test_flush_at_quit (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TcguiConfig) config = tcgui_config_new (fixture->file);
  g_autoptr(TcguiConfig) again = tcgui_config_new (fixture->file);
  g_autoptr(TcguiConfig) third = tcgui_config_new (fixture->file);
  g_autoptr(GError) error = NULL;

  g_assert_true (load (config, &error));
  g_object_set (config, "group-by-network", FALSE, NULL);
  tcgui_config_flush (config);
  g_assert_true (load (again, &error));
  g_assert_false (tcgui_config_get_group_by_network (again));

  tcgui_config_save_async (config, NULL, saved_cb, NULL);
  g_object_set (config, "group-by-network", TRUE, NULL);
  tcgui_config_flush (config);
  g_assert_true (load (third, &error));
  g_assert_true (tcgui_config_get_group_by_network (third));
}

static void
test_corrupt_kept_as_backup (Fixture       *fixture,
                             gconstpointer  data)
{
  static const char *corrupt[] = {
    "{ \"show-stopped\": tru",                 /* not JSON */
    "[ 1, 2 ]",                                /* not an object */
    "{ \"show-stopped\": \"yes\" }",           /* a known key of the wrong type */
    "{ \"runtimes\": 3 }",
  };

  for (guint i = 0; i < G_N_ELEMENTS (corrupt); i++)
    {
      g_autoptr(TcguiConfig) config = tcgui_config_new (fixture->file);
      g_autoptr(GError) error = NULL;
      g_autofree char *kept = NULL;
      const char *backup;

      write_file (fixture, corrupt[i]);
      tcgui_config_set_autosave (config, FALSE);
      g_assert_true (load (config, &error));
      g_assert_no_error (error);

      /* The defaults are used, the error is reported, the file is kept. */
      g_assert_false (tcgui_config_get_show_stopped (config));
      g_assert_nonnull (tcgui_config_get_load_error (config));
      backup = tcgui_config_get_backup_path (config);
      g_assert_nonnull (backup);
      g_assert_true (g_str_has_prefix (backup, fixture->path));
      g_assert_nonnull (strstr (backup, ".corrupt-"));
      g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
      g_assert_true (g_file_get_contents (backup, &kept, NULL, NULL));
      g_assert_cmpstr (kept, ==, corrupt[i]);

      /* Saving now writes a new file and leaves the backup alone. */
      save (config);
      g_assert_true (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
      g_clear_pointer (&kept, g_free);
      g_assert_true (g_file_get_contents (backup, &kept, NULL, NULL));
      g_assert_cmpstr (kept, ==, corrupt[i]);
      g_unlink (fixture->path);
    }
}

/* Decision (docs/inventory.md): unknown keys are preserved, also inside
 * "runtimes", and a newer "version" is read as long as the known keys fit. */
static void
test_unknown_keys_preserved (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(TcguiConfig) config = tcgui_config_new (fixture->file);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *runtimes;

  write_file (fixture, "{ \"version\": 2, \"future-key\": [1, \"x\"],"
                       "  \"runtimes\": { \"docker\": false, \"cri-o\": true },"
                       "  \"show-stopped\": true }");
  tcgui_config_set_autosave (config, FALSE);
  g_assert_true (load (config, &error));
  g_assert_null (tcgui_config_get_backup_path (config));
  g_assert_false (tcgui_config_get_runtime_enabled (config, "docker"));
  g_assert_true (tcgui_config_get_show_stopped (config));

  g_object_set (config, "group-by-network", TRUE, NULL);
  save (config);
  g_assert_true (json_parser_load_from_file (parser, fixture->path, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  runtimes = json_object_get_object_member (root, "runtimes");
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (root, "future-key")), ==, 2);
  g_assert_true (json_object_get_boolean_member (runtimes, "cri-o"));
  g_assert_false (json_object_get_boolean_member (runtimes, "docker"));
  g_assert_true (json_object_get_boolean_member (runtimes, "podman"));
  g_assert_true (json_object_get_boolean_member (root, "group-by-network"));
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 1);
}

/* A file that exists but cannot be read is neither moved nor overwritten. */
static void
test_unreadable_not_overwritten (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(TcguiConfig) config = tcgui_config_new (fixture->file);
  g_autoptr(GError) error = NULL;

  /* A directory where the file should be: reading fails, not NOT_FOUND. */
  g_assert_cmpint (g_mkdir_with_parents (fixture->path, 0700), ==, 0);
  g_assert_false (load (config, &error));
  g_assert_nonnull (error);
  g_assert_false (tcgui_config_get_loaded (config));
  g_object_set (config, "show-stopped", TRUE, NULL);
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_DIR));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, "config.json", fixture_set_up, func, fixture_tear_down)
  ADD ("/config/missing-gives-defaults", test_missing_gives_defaults);
  ADD ("/config/round-trip", test_round_trip);
  ADD ("/config/autosave", test_autosave);
  ADD ("/config/flush-at-quit", test_flush_at_quit);
  ADD ("/config/corrupt-kept-as-backup", test_corrupt_kept_as_backup);
  ADD ("/config/unknown-keys-preserved", test_unknown_keys_preserved);
  ADD ("/config/unreadable-not-overwritten", test_unreadable_not_overwritten);
#undef ADD

  return g_test_run ();
}
