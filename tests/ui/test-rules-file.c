/* test-rules-file.c - rules as JSON (src/tcgui-rules-file.c), without a bus
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An exported rule reads back as the same rule; a file that is not one of
 * TC GUI's, or with any rule the shared parser (common/tcgui-rule.c)
 * refuses, gives a clear error and no rule at all (an import changes
 * nothing).
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tcgui-rules-file.h"

static GVariant *
parse_one (const char *text)
{
  g_autoptr(GVariant) dict = g_variant_parse (G_VARIANT_TYPE_VARDICT, text, NULL, NULL, NULL);

  g_assert_nonnull (dict);
  return g_steal_pointer (&dict);
}

static void
test_roundtrip (void)
{
  g_autoptr(GVariant) dict = parse_one (
    "{'id': <'r0123456789abcdef'>, 'name': <'web slow'>, 'enabled': <false>, "
    "'selector': <{'kind': <'image'>, 'image': <'nginx:1.25'>, 'network': <'front'>}>, "
    "'outgoing': <{'rate-bps': <uint64 3000000>}>, 'incoming': <@a{sv} {}>, "
    "'status': <{'state': <'waiting'>}>}");
  g_autoptr(TcguiRuleItem) rule = tcgui_rule_item_new_from_variant (dict);
  g_autoptr(GPtrArray) rules = g_ptr_array_new ();
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  const char *s = NULL;
  gboolean enabled = TRUE;
  guint64 rate = 0;
  GVariant *r;

  g_assert_nonnull (rule);
  g_ptr_array_add (rules, rule);
  json = tcgui_rules_file_to_json (rules);
  g_assert_null (strstr (json, "r0123456789abcdef"));   /* ids are the helper's */
  back = tcgui_rules_file_parse (json, strlen (json), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->len, ==, 1);
  r = g_ptr_array_index (back, 0);
  g_assert_true (g_variant_lookup (r, "name", "&s", &s));
  g_assert_cmpstr (s, ==, "web slow");
  g_assert_true (g_variant_lookup (r, "enabled", "b", &enabled));
  g_assert_false (enabled);
  g_assert_false (g_variant_lookup (r, "id", "&s", &s));
  {
    g_autoptr(GVariant) sel = g_variant_lookup_value (r, "selector", G_VARIANT_TYPE_VARDICT);
    g_autoptr(GVariant) out = g_variant_lookup_value (r, "outgoing", G_VARIANT_TYPE_VARDICT);

    g_assert_true (g_variant_lookup (sel, "network", "&s", &s));
    g_assert_cmpstr (s, ==, "front");
    g_assert_true (g_variant_lookup (out, "rate-bps", "t", &rate));
    g_assert_cmpuint (rate, ==, 3000000);
  }
}

static void
assert_refused (const char *text,
                const char *why)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rules = tcgui_rules_file_parse (text, strlen (text), &error);

  g_assert_null (rules);
  g_assert_nonnull (error);
  g_test_message ("%s → %s", text, error->message);
  if (why != NULL)
    g_assert_nonnull (strstr (error->message, why));
}

static void
test_refused (void)
{
  assert_refused ("not json", NULL);
  assert_refused ("{\"version\": 1, \"images\": {}}", "not a file of TC GUI profiles");
  assert_refused ("{\"tcgui-rules\": 2, \"rules\": []}", "not a file of TC GUI profiles");
  assert_refused ("{\"tcgui-rules\": 1, \"rules\": [{\"selector\": {\"kind\": \"image\"}}]}",
                  "Rule 1");
  /* The first rule is fine, the second is not: nothing at all. */
  assert_refused ("{\"tcgui-rules\": 1, \"rules\": ["
                  "{\"name\": \"a\", \"selector\": {\"kind\": \"image\", \"image\": \"x\"}},"
                  "{\"name\": \"b\", \"selector\": {\"kind\": \"spaceship\"}}]}", "Rule 2");
  assert_refused ("{\"tcgui-rules\": 1, \"rules\": [{\"name\": \"a\", "
                  "\"selector\": {\"kind\": \"image\", \"image\": \"x\"}, "
                  "\"outgoing\": {\"loss\": 250}}]}", "Rule 1: outgoing");
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Loads @path as the window does (a worker thread). */
static GPtrArray *
load (const char  *path,
      GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;

  tcgui_rules_file_load_async (file, NULL, loaded_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return tcgui_rules_file_load_finish (file, result, error);
}

/* Larger than 16 MiB (a sparse file): refused before it is read. */
static void
test_too_large (void)
{
  const char *text = "{\"tcgui-rules\": 1, \"rules\": [{\"name\": \"a\", "
                     "\"selector\": {\"kind\": \"image\", \"image\": \"x\"}}]}";
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rules = NULL;
  int fd = g_file_open_tmp ("tcgui-rules-XXXXXX.json", &path, &error);

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, text, -1, &error));
  rules = load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rules->len, ==, 1);
  g_clear_pointer (&rules, g_ptr_array_unref);

  /* g_file_set_contents() replaced the file: grow the new one. */
  close (fd);
  g_assert_cmpint (truncate (path, TCGUI_RULES_FILE_MAX + 1), ==, 0);
  rules = load (path, &error);
  g_assert_null (rules);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "16 MiB"));
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rules-file/roundtrip", test_roundtrip);
  g_test_add_func ("/rules-file/refused", test_refused);
  g_test_add_func ("/rules-file/too-large", test_too_large);
  return g_test_run ();
}
