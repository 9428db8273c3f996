/* test-rule-store.c - the rules' file: round trip, .old, corrupt files moved aside
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tcgui-error.h"
#include "tcgui-rule-store.h"
#include "tcgui-rules.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("tcgui-rule-store-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->path = g_build_filename (f->dir, "sub", "rules.json", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  g_autofree char *sub = g_path_get_dirname (f->path);
  const char *name;

  if ((dir = g_dir_open (sub, 0, NULL)))
    while ((name = g_dir_read_name (dir)))
      {
        g_autofree char *p = g_build_filename (sub, name, NULL);
        g_unlink (p);
      }
  g_rmdir (sub);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static TcguiRule *
make_rule (const char *name,
           guint32     owner)
{
  g_autoptr(GVariant) v = g_variant_ref_sink (g_variant_new_parsed (
    "{'name': <%s>, 'selector': <{'kind': <'image'>, 'image': <'busybox'>, 'network': <'n1'>}>, "
    "'outgoing': <{'rate-bps': <uint64 800000>}>, 'expires-at': <int64 1900000000>}", name));
  g_autoptr(GError) error = NULL;
  TcguiRule *rule = tcgui_rule_from_variant (v, TCGUI_RULE_PARSE_CALLER, 0, &error);

  g_assert_no_error (error);
  rule->id = tcgui_rule_new_id ();
  rule->owner_uid = owner;
  rule->changed_at = 42;
  tcgui_rule_set_status (rule, g_variant_new_parsed ("{'state': <'applied'>, 'applied': <[{'namespace': <'pid:1:2'>, 'interface': <'eth0'>, 'at': <int64 7>}]>}"));
  return rule;
}

static GPtrArray *
load_ok (Fixture  *f,
         char    **problem)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rules = tcgui_rule_store_load (f->path, problem, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rules);
  return rules;
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) tcgui_rule_free);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GPtrArray) previous = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *old = g_strconcat (f->path, ".old", NULL);
  g_autofree char *old_problem = NULL;
  struct stat st;

  /* No file: no rules, no problem. */
  loaded = load_ok (f, &problem);
  g_assert_cmpuint (loaded->len, ==, 0);
  g_assert_null (problem);
  g_clear_pointer (&loaded, g_ptr_array_unref);

  g_ptr_array_add (rules, make_rule ("one", 0));
  g_assert_true (tcgui_rule_store_save (f->path, rules, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_ptr_array_add (rules, make_rule ("two", 1000));
  g_assert_true (tcgui_rule_store_save (f->path, rules, &error));
  loaded = load_ok (f, &problem);
  g_assert_null (problem);
  g_assert_cmpuint (loaded->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GVariant) a = g_variant_ref_sink (tcgui_rule_to_variant (g_ptr_array_index (rules, i), TRUE));
      g_autoptr(GVariant) b = g_variant_ref_sink (tcgui_rule_to_variant (g_ptr_array_index (loaded, i), TRUE));

      g_assert_true (g_variant_equal (a, b));
    }

  /* The previous version is kept. */
  previous = tcgui_rule_store_load (old, &old_problem, &error);
  g_assert_no_error (error);
  g_assert_null (old_problem);
  g_assert_cmpuint (previous->len, ==, 1);
}

static void
write_file (Fixture    *f,
            const char *contents,
            gssize      length)
{
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (dir, 0700);
  g_assert_true (g_file_set_contents (f->path, contents, length, &error));
}

static guint
count_corrupt (Fixture *f)
{
  g_autofree char *sub = g_path_get_dirname (f->path);
  g_autoptr(GDir) dir = g_dir_open (sub, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir && (name = g_dir_read_name (dir)))
    if (g_str_has_prefix (name, "rules.json.corrupt-"))
      n++;
  return n;
}

/* Truncated, not JSON, wrong version, a rule that does not parse or breaks
 * a limit: moved aside, reported, no rules; never half-used. */
static void
test_corrupt (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) tcgui_rule_free);
  g_autoptr(GBytes) good = NULL;
  g_autoptr(GError) error = NULL;
  const char *bad[] = {
    "", "{", "[]", "{\"version\": 2, \"rules\": []}", "{\"version\": 1}",
    "{\"version\": 1, \"rules\": [\"{'name': <'x'>}\"]}",
    "{\"version\": 1, \"rules\": [42]}",
  };
  gsize length;
  const char *text;

  g_ptr_array_add (rules, make_rule ("one", 0));
  good = tcgui_rule_store_serialize (rules, &error);
  g_assert_no_error (error);
  text = g_bytes_get_data (good, &length);

  for (guint i = 0; i <= G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GPtrArray) loaded = NULL;
      g_autofree char *problem = NULL;

      if (i < G_N_ELEMENTS (bad))
        write_file (f, bad[i], -1);
      else
        write_file (f, text, length / 2);   /* truncated */
      loaded = load_ok (f, &problem);
      g_test_message ("%s", problem);
      g_assert_cmpuint (loaded->len, ==, 0);
      g_assert_nonnull (problem);
      g_assert_nonnull (strstr (problem, "corrupt"));
      g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
      /* Several may land in the same second: at least one is kept. */
      g_assert_cmpuint (count_corrupt (f), >=, 1);
    }
}

static void
test_limits (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) tcgui_rule_free);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;

  /* More than 256 rules of one uid in the file: refused whole. */
  for (guint i = 0; i <= TCGUI_RULE_MAX_PER_UID; i++)
    g_ptr_array_add (rules, make_rule ("many", 1000));
  g_assert_true (tcgui_rule_store_save (f->path, rules, &error));
  loaded = load_ok (f, &problem);
  g_assert_cmpuint (loaded->len, ==, 0);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, "256"));
}

/* The temporary file is always new: a leftover rules.json.tmp hard-linked
 * to another file is unlinked, never written through, and the result is
 * 0600 whatever the umask. */
static void
test_tmp_fresh (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) tcgui_rule_free);
  g_autofree char *sub = g_path_get_dirname (f->path);
  g_autofree char *victim = g_build_filename (sub, "victim", NULL);
  g_autofree char *tmp = g_strconcat (f->path, ".tmp", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  struct stat st;
  mode_t old_umask;

  g_assert_cmpint (g_mkdir_with_parents (sub, 0700), ==, 0);
  g_assert_true (g_file_set_contents (victim, "victim", -1, NULL));
  g_assert_cmpint (chmod (victim, 0644), ==, 0);
  g_assert_cmpint (link (victim, tmp), ==, 0);
  g_ptr_array_add (rules, make_rule ("one", 0));

  old_umask = umask (0);
  g_assert_true (tcgui_rule_store_save (f->path, rules, &error));
  umask (old_umask);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (victim, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "victim");
  g_assert_cmpint (stat (victim, &st), ==, 0);
  g_assert_cmpuint (st.st_nlink, ==, 1);
  g_assert_cmpint (lstat (f->path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0600);
  g_assert_cmpuint (st.st_nlink, ==, 1);
}

/* A directory others may write to (or not a directory) is refused. */
static void
test_dir_checked (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) tcgui_rule_free);
  g_autofree char *sub = g_path_get_dirname (f->path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (sub, 0700), ==, 0);
  g_assert_cmpint (chmod (sub, 0777), ==, 0);
  g_ptr_array_add (rules, make_rule ("one", 0));
  g_assert_false (tcgui_rule_store_save (f->path, rules, &error));
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_FAILED);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  g_assert_cmpint (chmod (sub, 0755), ==, 0);
  g_assert_true (tcgui_rule_store_save (f->path, rules, &error));
  g_assert_no_error (error);
}

/* Only the newest three corrupt copies stay. */
static void
test_corrupt_pruned (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *sub = g_path_get_dirname (f->path);
  g_autofree char *oldest = g_strconcat (f->path, ".corrupt-999", NULL);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autofree char *problem = NULL;

  g_assert_cmpint (g_mkdir_with_parents (sub, 0700), ==, 0);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.corrupt-%u", f->path, 999 + i);

      g_assert_true (g_file_set_contents (name, "x", -1, NULL));
    }
  g_assert_true (g_file_set_contents (f->path, "not json", -1, NULL));
  loaded = load_ok (f, &problem);
  g_assert_nonnull (problem);
  g_assert_cmpuint (count_corrupt (f), ==, TCGUI_RULE_STORE_MAX_CORRUPT);
  /* The one just moved aside is among them (its time is the newest). */
  g_assert_nonnull (strstr (problem, "corrupt-1"));
  g_assert_false (g_file_test (oldest, G_FILE_TEST_EXISTS));
}

/* A uid's rules, statuses included, fit in 1 MiB: a user whose rules fill
 * its budget is refused (LimitExceeded), others are not held up. */
static void
test_uid_budget (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) stored = g_ptr_array_new_with_free_func ((GDestroyNotify) tcgui_rule_free);
  g_autoptr(GVariant) rule = g_variant_ref_sink (g_variant_new_parsed (
    "{'name': <'n'>, 'selector': <{'kind': <'host'>, 'interface': <'eth0'>}>}"));
  g_autoptr(GError) error = NULL;
  g_autoptr(TcguiRules) rules = NULL;
  g_autofree char *id = NULL;
  g_autofree char *big = g_strnfill (200, 'x');

  /* 40 rules of uid 1000 with a status of 64 entries, ~30 KiB each. */
  for (guint i = 0; i < 40; i++)
    {
      TcguiRule *r = make_rule ("big", 1000);
      g_auto(GVariantBuilder) applied = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));

      for (guint j = 0; j < TCGUI_RULE_MAX_STATUS_ENTRIES; j++)
        g_variant_builder_add_parsed (&applied, "{'container': <%s>, 'namespace': <%s>, "
                                      "'interface': <'eth0'>, 'at': <int64 1>}", big, big);
      tcgui_rule_set_status (r, g_variant_new_parsed ("{'state': <'applied'>, 'applied': <%v>}",
                                                      g_variant_builder_end (&applied)));
      g_ptr_array_add (stored, r);
    }
  g_assert_true (tcgui_rule_store_save (f->path, stored, &error));
  g_assert_no_error (error);

  rules = tcgui_rules_new (f->path);
  g_assert_null (tcgui_rules_get_problem (rules));
  id = tcgui_rules_set (rules, rule, 1000, &error);
  g_assert_null (id);
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_LIMIT_EXCEEDED);
  g_assert_nonnull (strstr (error->message, "1024 KiB"));
  g_clear_error (&error);

  id = tcgui_rules_set (rules, rule, 1001, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
}

/* A rules file that cannot be read for another reason than missing or
 * corrupt (here a symlink: ELOOP) may still hold the user's rules: the
 * engine reports it and refuses every change rather than overwrite it. */
static void
test_unreadable (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *sub = g_path_get_dirname (f->path);
  g_autofree char *target = g_build_filename (sub, "elsewhere.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *id = NULL;
  g_autoptr(TcguiRules) rules = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) rule = g_variant_ref_sink (g_variant_new_parsed (
    "{'name': <'n'>, 'selector': <{'kind': <'host'>, 'interface': <'eth0'>}>}"));

  g_assert_cmpint (g_mkdir_with_parents (sub, 0700), ==, 0);
  g_assert_true (g_file_set_contents (target, "kept", -1, NULL));
  g_assert_cmpint (symlink (target, f->path), ==, 0);

  rules = tcgui_rules_new (f->path);
  g_assert_nonnull (tcgui_rules_get_problem (rules));
  g_assert_nonnull (strstr (tcgui_rules_get_problem (rules), "could not be read"));
  id = tcgui_rules_set (rules, rule, 1000, &error);
  g_assert_null (id);
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "nothing is written until it can"));

  /* Untouched: still the symlink, the file behind it unchanged. */
  g_assert_true (g_file_test (f->path, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "kept");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  (void) TCGUI_ERROR;

  g_test_add ("/rule-store/round-trip", Fixture, NULL, fixture_set_up, test_round_trip, fixture_tear_down);
  g_test_add ("/rule-store/corrupt", Fixture, NULL, fixture_set_up, test_corrupt, fixture_tear_down);
  g_test_add ("/rule-store/limits", Fixture, NULL, fixture_set_up, test_limits, fixture_tear_down);
  g_test_add ("/rule-store/tmp-fresh", Fixture, NULL, fixture_set_up, test_tmp_fresh, fixture_tear_down);
  g_test_add ("/rule-store/dir-checked", Fixture, NULL, fixture_set_up, test_dir_checked, fixture_tear_down);
  g_test_add ("/rule-store/corrupt-pruned", Fixture, NULL, fixture_set_up, test_corrupt_pruned, fixture_tear_down);
  g_test_add ("/rule-store/uid-budget", Fixture, NULL, fixture_set_up, test_uid_budget, fixture_tear_down);
  g_test_add ("/rule-store/unreadable", Fixture, NULL, fixture_set_up, test_unreadable, fixture_tear_down);
  return g_test_run ();
}
