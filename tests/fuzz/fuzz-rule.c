/* fuzz-rule.c - libFuzzer target for the rule model (common/tcgui-rule.c)
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An input starting with "{" is GVariant text (the seeds in
 * tests/fuzz/corpus-rules); any other input is a serialized a{sv}, as it
 * arrives from the bus. Whatever the parser accepts, as a caller's rule or
 * as a stored one, must read back as itself after tcgui_rule_to_variant(),
 * and be matched against a container without harm; its image reference
 * is normalised too.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "tcgui-error.h"
#include "tcgui-rule.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static GVariant *
input_dict (const uint8_t *data,
            size_t         size)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GVariant) dict = NULL;

  if (size > 0 && data[0] == '{')
    {
      g_autofree char *text = g_strndup ((const char *) data, size);

      /* The text parser criticals on invalid UTF-8; the bus sends valid UTF-8. */
      if (!g_utf8_validate (text, -1, NULL))
        return NULL;
      return g_variant_parse (G_VARIANT_TYPE_VARDICT, text, NULL, NULL, NULL);
    }
  bytes = g_bytes_new (data, size);
  dict = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE_VARDICT, bytes, FALSE));
  return g_variant_get_normal_form (dict);
}

static void
check_round_trip (TcguiRule *rule)
{
  g_autoptr(GVariant) out = NULL;
  g_autoptr(GVariant) out2 = NULL;
  g_autoptr(TcguiRule) again = NULL;
  g_autoptr(GVariant) item = g_variant_ref_sink (g_variant_new_parsed (
    "{'kind': <'container'>, 'runtime': <'docker'>, 'name': <'web-1'>, "
    "'image': <'docker.io/library/busybox:1.36'>, 'compose-project': <'p'>, "
    "'compose-service': <'s'>}"));

  if (rule->id == NULL)
    rule->id = g_strdup ("r0123456789abcdef");
  out = g_variant_ref_sink (tcgui_rule_to_variant (rule, TRUE));
  again = tcgui_rule_from_variant (out, TCGUI_RULE_PARSE_STORED, 0, NULL);
  if (again == NULL)
    abort ();
  out2 = g_variant_ref_sink (tcgui_rule_to_variant (again, TRUE));
  if (!g_variant_equal (out, out2))
    abort ();
  (void) tcgui_rule_match_container (rule, item);
  if (rule->image != NULL)
    {
      char *tag = NULL, *digest = NULL;

      g_free (tcgui_image_normalize (rule->image, &tag, &digest));
      g_free (tag);
      g_free (digest);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GVariant) dict = input_dict (data, size);
  TcguiRuleParseFlags flags[] = { TCGUI_RULE_PARSE_CALLER, TCGUI_RULE_PARSE_STORED };

  if (dict == NULL)
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TcguiRule) rule = tcgui_rule_from_variant (dict, flags[i], 1700000000, &error);

      if (rule == NULL && (error == NULL || error->domain != TCGUI_ERROR))
        abort ();
      if (rule != NULL)
        check_round_trip (rule);
    }
  return 0;
}
