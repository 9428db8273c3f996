/* tcgui-param-errors.c - the helper's parameter errors in the user's words
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The helper refuses parameters with io.github.tcgui.Error.InvalidArgument
 * and an English message that names the wire key ("“burst-bytes” must be
 * …"): right for tcguictl and the journal, not for a user who moved a
 * slider. The app maps the typed error and its key to the control's title,
 * translated, here; the helper's own text still goes to the journal. Every
 * other typed error becomes a translated sentence around the helper's text
 * (common/tcgui-error-text.c, which tcguictl uses too).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "tcgui-error.h"
#include "tcgui-error-text.h"
#include "tcgui-param-errors.h"

/* Wire key → the title of its control on the shaping page. */
static const struct {
  const char *key;
  const char *title;
} controls[] = {
  { "delay-us",              N_("Delay") },
  { "jitter-us",             N_("Jitter") },
  { "delay-correlation",     N_("Delay correlation") },
  { "distribution",          N_("Jitter distribution") },
  { "loss-model",            N_("Burst losses (Gilbert-Elliott)") },
  { "loss",                  N_("Loss") },
  { "loss-correlation",      N_("Loss correlation") },
  { "gemodel-p",             N_("Good to bad (p)") },
  { "gemodel-r",             N_("Bad to good (r)") },
  { "gemodel-1-h",           N_("Loss when bad (1-h)") },
  { "gemodel-1-k",           N_("Loss when good (1-k)") },
  { "duplicate",             N_("Duplication") },
  { "duplicate-correlation", N_("Duplication correlation") },
  { "reorder",               N_("Reordering") },
  { "reorder-correlation",   N_("Reordering correlation") },
  { "reorder-gap",           N_("Gap") },
  { "corrupt",               N_("Corruption") },
  { "corrupt-correlation",   N_("Corruption correlation") },
  { "rate-bps",              N_("Rate limit") },
  /* Translators: the rate limit's burst size, in bytes */
  { "burst-bytes",           N_("Burst") },
  { "limit-packets",         N_("Queue limit") },
};

/* The translated title of KEY's control, or NULL for a key the page has not. */
const char *
tcgui_param_key_title (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    if (g_strcmp0 (controls[i].key, key) == 0)
      return _(controls[i].title);
  return NULL;
}

/* The first “quoted” word of the helper's message: the key it refused. */
static char *
refused_key (const char *message)
{
  const char *start = strstr (message, "“"), *end;

  if (start == NULL)
    return NULL;
  start += strlen ("“");
  end = strstr (start, "”");
  return end != NULL ? g_strndup (start, end - start) : NULL;
}

/* A message naming the control for a parameter error, or NULL for any
 * other error (which the caller shows as the helper wrote it). */
char *
tcgui_param_error_message (const GError *error)
{
  g_autofree char *key = NULL;
  const char *title, *limit;
  guint max = 0;

  if (!g_error_matches (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT))
    return NULL;
  key = refused_key (error->message);
  title = key != NULL ? tcgui_param_key_title (key) : NULL;
  if (title == NULL)
    return NULL;

  limit = strstr (error->message, "must be at most ");
  if (g_str_equal (key, "burst-bytes") && limit != NULL &&
      sscanf (limit, "must be at most %u at", &max) == 1)
    {
      g_autofree char *size = g_format_size (max);

      /* Translators: a control's title, then a size such as "34.4 kB" */
      return g_strdup_printf (_("“%s” is too large for this rate limit: at most %s"),
                              title, size);
    }
  /* Translators: a control's title such as “Delay” */
  return g_strdup_printf (_("The value of “%s” is outside what the kernel accepts"), title);
}

/**
 * tcgui_user_error_message:
 * @error: an error of a helper call
 *
 * Returns: (transfer full): what the app shows for @error: a refused
 *   parameter names its control; any other error of the helper is a
 *   translated sentence chosen by its code around the helper's detail
 */
char *
tcgui_user_error_message (const GError *error)
{
  char *text = tcgui_param_error_message (error);

  return text != NULL ? text : tcgui_error_describe (error);
}
