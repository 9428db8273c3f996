/* test-rule.c - the rule model: parsing, refusals, image matching, ranks
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "tcgui-error.h"
#include "tcgui-rule.h"

#define NOW 1700000000

static TcguiRule *
parse (const char *text,
       GError    **error)
{
  /* g_variant_parse() returns a full reference, not a floating one. */
  g_autoptr(GVariant) v = g_variant_parse (G_VARIANT_TYPE_VARDICT, text, NULL, NULL, NULL);

  g_assert_nonnull (v);
  return tcgui_rule_from_variant (v, TCGUI_RULE_PARSE_CALLER, NOW, error);
}

static TcguiRule *
image_rule (const char *image)
{
  g_autofree char *text = g_strdup_printf ("{'name': <'n'>, 'selector': <{'kind': <'image'>, "
                                           "'image': <'%s'>}>}", image);
  g_autoptr(GError) error = NULL;
  TcguiRule *rule = parse (text, &error);

  g_assert_no_error (error);
  return rule;
}

static GVariant *
container (const char *runtime,
           const char *name,
           const char *image)
{
  return g_variant_ref_sink (g_variant_new_parsed ("{'kind': <'container'>, 'runtime': <%s>, "
                                                   "'name': <%s>, 'image': <%s>, "
                                                   "'compose-project': <'shop'>, "
                                                   "'compose-service': <'web'>}",
                                                   runtime, name, image));
}

static void
test_parse_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TcguiRule) rule = parse ("{'name': <'slow web'>, 'enabled': <false>, "
                                     "'selector': <{'kind': <'image'>, 'image': <'nginx:1'>, "
                                     "'network': <'front'>}>, "
                                     "'outgoing': <{'rate-bps': <uint64 1000000>}>, "
                                     "'duration-s': <uint32 600>, 'status': <{'state': <'x'>}>, "
                                     "'owner-uid': <uint32 0>}", &error);
  g_autoptr(GVariant) out = NULL;
  g_autoptr(TcguiRule) again = NULL;
  guint64 rate = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (rule->name, ==, "slow web");
  g_assert_false (rule->enabled);
  g_assert_cmpint (rule->kind, ==, TCGUI_RULE_KIND_IMAGE);
  g_assert_cmpstr (rule->network, ==, "front");
  /* "duration-s" becomes a deadline; read-only keys of a caller are ignored. */
  g_assert_cmpint (rule->expires_at, ==, NOW + 600);
  g_assert_null (rule->status);
  g_assert_null (rule->incoming);

  rule->id = g_strdup ("r0123456789abcdef");
  out = g_variant_ref_sink (tcgui_rule_to_variant (rule, TRUE));
  again = tcgui_rule_from_variant (out, TCGUI_RULE_PARSE_STORED, NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->id, ==, rule->id);
  g_assert_cmpint (again->expires_at, ==, NOW + 600);
  g_assert_true (g_variant_lookup (again->outgoing, "rate-bps", "t", &rate));
  g_assert_cmpuint (rate, ==, 1000000);
}

/* Each malformed rule is refused with InvalidArgument naming the key. */
static void
test_refused (void)
{
  static const struct { const char *text; const char *key; } cases[] = {
    { "{'selector': <{'kind': <'host'>, 'interface': <'eth0'>}>}", "name" },
    { "{'name': <''>, 'selector': <{'kind': <'host'>, 'interface': <'eth0'>}>}", "name" },
    { "{'name': <'a\x01'>, 'selector': <{'kind': <'host'>, 'interface': <'eth0'>}>}", "name" },
    { "{'name': <'n'>}", "selector" },
    { "{'name': <'n'>, 'selector': <{'image': <'x'>}>}", "selector.kind" },
    { "{'name': <'n'>, 'selector': <{'kind': <'disk'>}>}", "selector.kind" },
    { "{'name': <'n'>, 'selector': <{'kind': <'image'>}>}", "selector.image" },
    { "{'name': <'n'>, 'selector': <{'kind': <'container'>}>}", "selector.container-name" },
    { "{'name': <'n'>, 'selector': <{'kind': <'host'>}>}", "selector.interface" },
    { "{'name': <'n'>, 'selector': <{'kind': <'netns'>}>}", "selector.netns" },
    { "{'name': <'n'>, 'selector': <{'kind': <'host'>, 'interface': <'eth0'>, 'image': <'x'>}>}", "selector.image" },
    { "{'name': <'n'>, 'selector': <{'kind': <'image'>, 'image': <'x'>, 'colour': <'red'>}>}", "selector.colour" },
    { "{'name': <'n'>, 'selector': <{'kind': <'image'>, 'image': <'x'>, 'runtime': <'lxc'>}>}", "selector.runtime" },
    { "{'name': <'n'>, 'selector': <{'kind': <'image'>, 'image': <uint32 1>}>}", "selector.image" },
    { "{'name': <'n'>, 'selector': <{'kind': <'host'>, 'interface': <'a/b'>}>}", "selector.interface" },
    { "{'name': <'n'>, 'selector': <{'kind': <'netns'>, 'netns': <'..'>}>}", "selector.netns" },
    { "{'name': <'n'>, 'selector': <{'kind': <'host'>, 'interface': <'eth0'>}>, 'outgoing': <{'rate-bps': <uint64 7>}>}", "outgoing" },
    { "{'name': <'n'>, 'selector': <{'kind': <'host'>, 'interface': <'eth0'>}>, 'incoming': <{'bogus': <1>}>}", "incoming" },
    /* Rules do not carry flows yet: refused, not silently dropped. */
    { "{'name': <'n'>, 'selector': <{'kind': <'host'>, 'interface': <'eth0'>}>, 'outgoing': <{'rate-bps': <uint64 1000000>, 'flows': <[{'match': <{'prefix': <'10.1.0.0/16'>}>, 'delay-us': <uint32 1000>}]>}>}", "outgoing.flows" },
    { "{'name': <'n'>, 'selector': <{'kind': <'host'>, 'interface': <'eth0'>}>, 'incoming': <{'flows': <[{'match': <{'prefix': <'fd00::1'>}>, 'partition': <true>}]>}>}", "incoming.flows" },
    { "{'name': <'n'>, 'selector': <{'kind': <'host'>, 'interface': <'eth0'>}>, 'duration-s': <uint32 0>}", "duration-s" },
    { "{'name': <'n'>, 'selector': <{'kind': <'host'>, 'interface': <'eth0'>}>, 'duration-s': <uint32 604801>}", "duration-s" },
    { "{'name': <'n'>, 'selector': <{'kind': <'host'>, 'interface': <'eth0'>}>, 'duration-s': <uint32 5>, 'expires-at': <int64 5>}", "duration-s" },
    { "{'name': <'n'>, 'selector': <{'kind': <'host'>, 'interface': <'eth0'>}>, 'expires-at': <int64 -1>}", "expires-at" },
    { "{'name': <'n'>, 'selector': <{'kind': <'host'>, 'interface': <'eth0'>}>, 'expires-at': <uint32 5>}", "expires-at" },
    /* Far deadlines: no timer arithmetic may overflow on them. */
    { "{'name': <'n'>, 'selector': <{'kind': <'host'>, 'interface': <'eth0'>}>, 'expires-at': <int64 9223372036854775807>}", "expires-at" },
    { "{'name': <'n'>, 'selector': <{'kind': <'host'>, 'interface': <'eth0'>}>, 'expires-at': <int64 2017000000>}", "expires-at" },
    { "{'name': <'n'>, 'selector': <{'kind': <'host'>, 'interface': <'eth0'>}>, 'id': <'R1'>}", "id" },
    { "{'name': <'n'>, 'selector': <{'kind': <'host'>, 'interface': <'eth0'>}>, 'enabled': <'yes'>}", "enabled" },
    { "{'name': <'n'>, 'selector': <{'kind': <'host'>, 'interface': <'eth0'>}>, 'colour': <'red'>}", "colour" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TcguiRule) rule = parse (cases[i].text, &error);
      g_autofree char *quoted = g_strdup_printf ("“%s”", cases[i].key);

      g_test_message ("%s → %s", cases[i].text, error ? error->message : "(accepted)");
      g_assert_null (rule);
      g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, quoted));
    }
}

static void
test_normalize (void)
{
  static const struct { const char *ref, *repo, *tag, *digest; } cases[] = {
    { "busybox",                         "docker.io/library/busybox", NULL,     NULL },
    { "busybox:1.36",                    "docker.io/library/busybox", "1.36",   NULL },
    { "docker.io/library/busybox:latest","docker.io/library/busybox", "latest", NULL },
    { "user/app:2",                      "docker.io/user/app",        "2",      NULL },
    { "quay.io/x/y",                     "quay.io/x/y",               NULL,     NULL },
    { "localhost:5000/app:3",            "localhost:5000/app",        "3",      NULL },
    { "localhost/app",                   "localhost/app",             NULL,     NULL },
    { "busybox@sha256:abcd",             "docker.io/library/busybox", NULL,     "sha256:abcd" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *tag = NULL, *digest = NULL;
      g_autofree char *repo = tcgui_image_normalize (cases[i].ref, &tag, &digest);

      g_assert_cmpstr (repo, ==, cases[i].repo);
      g_assert_cmpstr (tag, ==, cases[i].tag);
      g_assert_cmpstr (digest, ==, cases[i].digest);
    }
}

static void
test_match_image (void)
{
  static const struct { const char *rule, *image; TcguiRuleRank rank; } cases[] = {
    { "busybox",                   "busybox",                          TCGUI_RULE_RANK_ANY_TAG },
    { "busybox",                   "docker.io/library/busybox:1.36",   TCGUI_RULE_RANK_ANY_TAG },
    { "busybox:latest",            "busybox",                          TCGUI_RULE_RANK_EXACT_IMAGE },
    { "docker.io/library/busybox:latest", "busybox:latest",            TCGUI_RULE_RANK_EXACT_IMAGE },
    { "busybox:1.36",              "busybox:latest",                   TCGUI_RULE_RANK_NONE },
    { "busybox:1.36",              "busybox@sha256:abcd",              TCGUI_RULE_RANK_EXACT_IMAGE },
    { "busybox@sha256:ffff",       "busybox:1.36",                     TCGUI_RULE_RANK_EXACT_IMAGE },
    { "alpine",                    "busybox",                          TCGUI_RULE_RANK_NONE },
    { "library/busybox",           "busybox",                          TCGUI_RULE_RANK_ANY_TAG },
    { "quay.io/busybox",           "busybox",                          TCGUI_RULE_RANK_NONE },
    { "busy*",                     "busybox:1.36",                     TCGUI_RULE_RANK_GLOB },
    { "*/library/busybox:*",       "busybox",                          TCGUI_RULE_RANK_GLOB },
    { "busybox:1.?6",              "docker.io/library/busybox:1.36",   TCGUI_RULE_RANK_GLOB },
    { "nginx*",                    "busybox",                          TCGUI_RULE_RANK_NONE },
    { "busybox",                   "",                                 TCGUI_RULE_RANK_NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TcguiRule) rule = image_rule (cases[i].rule);
      g_autoptr(GVariant) item = container ("docker", "c1", cases[i].image);

      g_test_message ("%s vs %s", cases[i].rule, cases[i].image);
      g_assert_cmpint (tcgui_rule_match_container (rule, item), ==, cases[i].rank);
    }
}

static TcguiRule *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  TcguiRule *rule = parse (text, &error);

  g_assert_no_error (error);
  return rule;
}

/* container > compose service > exact image > any tag > glob; ties: the
 * most recently changed. */
static void
test_specificity (void)
{
  g_autoptr(GVariant) item = container ("docker", "web-1", "shop/web:2");
  const char *texts[] = {
    "{'name': <'glob'>, 'selector': <{'kind': <'image'>, 'image': <'shop/*'>}>}",
    "{'name': <'any'>, 'selector': <{'kind': <'image'>, 'image': <'shop/web'>}>}",
    "{'name': <'exact'>, 'selector': <{'kind': <'image'>, 'image': <'shop/web:2'>}>}",
    "{'name': <'compose'>, 'selector': <{'kind': <'image'>, 'image': <'shop/web'>, 'compose-service': <'web'>}>}",
    "{'name': <'container'>, 'selector': <{'kind': <'container'>, 'container-name': <'web-1'>}>}",
  };
  TcguiRule *rules[G_N_ELEMENTS (texts)];

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      rules[i] = parse_ok (texts[i]);
      rules[i]->changed_at = 100 - i;   /* the less specific are newer */
      g_assert_cmpint (tcgui_rule_match_container (rules[i], item), ==, i + 1);
    }
  for (guint i = 1; i < G_N_ELEMENTS (texts); i++)
    g_assert_cmpint (tcgui_rule_compare (rules[i], i + 1, rules[i - 1], i), <, 0);

  /* Equal ranks: the most recently changed wins. */
  rules[0]->changed_at = 5;
  rules[1]->changed_at = 7;
  g_assert_cmpint (tcgui_rule_compare (rules[1], 3, rules[0], 3), <, 0);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    tcgui_rule_free (rules[i]);
}

static void
test_narrowing (void)
{
  g_autoptr(GVariant) item = container ("podman", "web-1", "shop/web:2");
  g_autoptr(GVariant) rootless = g_variant_ref_sink (g_variant_new_parsed (
    "{'kind': <'container'>, 'runtime': <'podman-user-1000'>, 'name': <'web-1'>, "
    "'image': <'shop/web:2'>, 'owner-uid': <uint32 1000>}"));
  g_autoptr(TcguiRule) wrong_name = parse_ok ("{'name': <'n'>, 'selector': <{'kind': <'image'>, 'image': <'shop/web'>, 'container-name': <'db'>}>}");
  g_autoptr(TcguiRule) wrong_project = parse_ok ("{'name': <'n'>, 'selector': <{'kind': <'image'>, 'image': <'shop/web'>, 'compose-project': <'other'>}>}");
  g_autoptr(TcguiRule) docker_only = parse_ok ("{'name': <'n'>, 'selector': <{'kind': <'image'>, 'image': <'shop/web'>, 'runtime': <'docker'>}>}");
  g_autoptr(TcguiRule) mine = parse_ok ("{'name': <'n'>, 'selector': <{'kind': <'container'>, 'container-name': <'web-1'>, 'runtime': <'podman-user'>}>}");

  g_assert_cmpint (tcgui_rule_match_container (wrong_name, item), ==, TCGUI_RULE_RANK_NONE);
  g_assert_cmpint (tcgui_rule_match_container (wrong_project, item), ==, TCGUI_RULE_RANK_NONE);
  g_assert_cmpint (tcgui_rule_match_container (docker_only, item), ==, TCGUI_RULE_RANK_NONE);

  /* A rootless container is only its owner's rules' target. */
  mine->owner_uid = 1000;
  g_assert_cmpint (tcgui_rule_match_container (mine, rootless), ==, TCGUI_RULE_RANK_EXACT_TARGET);
  g_assert_cmpint (tcgui_rule_match_container (mine, item), ==, TCGUI_RULE_RANK_NONE);
  g_assert_true (tcgui_rule_visible (mine, 1000));
  g_assert_false (tcgui_rule_visible (mine, 0));
  mine->owner_uid = 1001;
  g_assert_cmpint (tcgui_rule_match_container (mine, rootless), ==, TCGUI_RULE_RANK_NONE);
  docker_only->owner_uid = 0;
  g_assert_true (tcgui_rule_visible (docker_only, 1234));

  /* A public rule never matches a rootless container, not even its
   * owner's: whoever replaces it would shape (and read) a private one. */
  {
    g_autoptr(TcguiRule) public_any = parse_ok ("{'name': <'n'>, 'selector': <{'kind': <'container'>, 'container-name': <'web-1'>}>}");
    g_autoptr(TcguiRule) public_image = parse_ok ("{'name': <'n'>, 'selector': <{'kind': <'image'>, 'image': <'shop/web'>}>}");

    public_any->owner_uid = public_image->owner_uid = 1000;
    g_assert_cmpint (tcgui_rule_match_container (public_any, rootless), ==, TCGUI_RULE_RANK_NONE);
    g_assert_cmpint (tcgui_rule_match_container (public_image, rootless), ==, TCGUI_RULE_RANK_NONE);
    g_assert_cmpint (tcgui_rule_match_container (public_any, item), ==, TCGUI_RULE_RANK_EXACT_TARGET);
  }

  g_assert_true (tcgui_rule_wants_network (docker_only, "any"));
  g_free (docker_only->network);
  docker_only->network = g_strdup ("front");
  g_assert_true (tcgui_rule_wants_network (docker_only, "front"));
  g_assert_false (tcgui_rule_wants_network (docker_only, "back"));
}

/* "expires-at" up to ten years ahead is taken; a stored rule's deadline
 * is bounded too (the file is the helper's, but bounds cost nothing). */
static void
test_expires_bound (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TcguiRule) rule = parse ("{'name': <'n'>, 'selector': <{'kind': <'host'>, 'interface': <'eth0'>}>, "
                                     "'expires-at': <int64 2015000000>}", &error);
  g_autoptr(GVariant) stored = g_variant_ref_sink (g_variant_new_parsed (
    "{'id': <'r0123456789abcdef'>, 'name': <'n'>, 'selector': <{'kind': <'host'>, 'interface': <'eth0'>}>, "
    "'expires-at': <int64 9223372036854775807>}"));
  TcguiRule *bad;

  g_assert_no_error (error);
  g_assert_cmpint (rule->expires_at, ==, 2015000000);
  bad = tcgui_rule_from_variant (stored, TCGUI_RULE_PARSE_STORED, 0, &error);
  g_assert_null (bad);
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT);
}

static void
test_ids (void)
{
  g_autofree char *id = tcgui_rule_new_id ();

  g_assert_true (tcgui_rule_id_is_valid (id));
  g_assert_false (tcgui_rule_id_is_valid ("r0123456789ABCDEF"));
  g_assert_false (tcgui_rule_id_is_valid ("r0123"));
  g_assert_false (tcgui_rule_id_is_valid ("x0123456789abcdef"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  (void) TCGUI_ERROR;

  g_test_add_func ("/rule/parse-round-trip", test_parse_round_trip);
  g_test_add_func ("/rule/refused", test_refused);
  g_test_add_func ("/rule/normalize", test_normalize);
  g_test_add_func ("/rule/match-image", test_match_image);
  g_test_add_func ("/rule/specificity", test_specificity);
  g_test_add_func ("/rule/narrowing", test_narrowing);
  g_test_add_func ("/rule/expires-bound", test_expires_bound);
  g_test_add_func ("/rule/ids", test_ids);
  return g_test_run ();
}
