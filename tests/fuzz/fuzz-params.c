/* fuzz-params.c - libFuzzer target for the a{sv} parameter parser
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An input starting with "{" is GVariant text (so the fuzzer reaches the
 * keys quickly, with tests/fuzz/params.dict); any other input is a
 * serialized GVariant, as it arrives from the bus, read as a{sv}. Whatever
 * the parser accepts must be valid and must survive a round trip through
 * tcgui_params_to_variant_full() unchanged, flows included.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "tcgui-error.h"
#include "tcgui-params.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GVariant) dict = NULL;
  g_autoptr(GVariant) normal = NULL;
  g_autoptr(GVariant) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) flows = NULL;
  g_autoptr(GPtrArray) flows_again = NULL;
  TcguiParams p, q;

  if (size > 0 && data[0] == '{')
    {
      g_autofree char *text = g_strndup ((const char *) data, size);

      /* GLib's text parser criticals on invalid UTF-8 in a string literal
       * (g_variant_new_string); text from the bus is always valid UTF-8. */
      if (!g_utf8_validate (text, -1, NULL) ||
          !(normal = g_variant_parse (G_VARIANT_TYPE_VARDICT, text, NULL, NULL, NULL)))
        return 0;
    }
  else
    {
      dict = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE_VARDICT, bytes, FALSE));
      normal = g_variant_get_normal_form (dict);
    }

  if (!tcgui_params_from_variant_full (normal, &p, &flows, &error))
    {
      /* Every refusal is a typed InvalidArgument with a message. */
      if (error == NULL || !g_error_matches (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT) ||
          error->message[0] == '\0')
        abort ();
      return 0;
    }

  if (!tcgui_params_validate (&p, NULL) || flows->len > TCGUI_FLOWS_MAX)
    abort ();
  for (guint i = 0; i < flows->len; i++)
    if (!tcgui_flow_validate (g_ptr_array_index (flows, i), i, NULL))
      abort ();
  again = g_variant_ref_sink (tcgui_params_to_variant_full (&p, flows));
  if (!tcgui_params_from_variant_full (again, &q, &flows_again, NULL) ||
      !tcgui_params_equal (&p, &q) || !tcgui_flows_equal (flows, flows_again))
    abort ();
  return 0;
}
