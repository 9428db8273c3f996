/* tcgui-units.c - shaping parameters as `tc` users type them
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The text side of the parameter model, shared by `tcguictl set` (text →
 * a{sv}) and the app's "Copy as Command" (TcguiParams → text). Values are
 * only converted here: their ranges are checked by tcgui_params_from_variant(),
 * the one validator, whose errors are renamed to the option they came from.
 * The errors of reading a value are translated (g_dgettext() in our domain:
 * this is linked into the clients and the helper alike); the validator's
 * are the helper's English ones.
 */

#define G_LOG_DOMAIN "tcgui-units"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "tcgui-error.h"
#include "tcgui-units.h"

typedef struct
{
  const char *suffix;
  double      factor;
} Suffix;

/* As tc(8) reads them (case-insensitive); the first one is written back. */
static const Suffix time_suffixes[] = {
  { "s", 1e6 }, { "ms", 1e3 }, { "us", 1 }, { "sec", 1e6 }, { "secs", 1e6 },
  { "msec", 1e3 }, { "msecs", 1e3 }, { "usec", 1 }, { "usecs", 1 }, { NULL, 0 },
};
static const Suffix rate_suffixes[] = {
  { "gbit", 1e9 }, { "mbit", 1e6 }, { "kbit", 1e3 }, { "bit", 1 }, { "tbit", 1e12 },
  { "kibit", 1024.0 }, { "mibit", 1048576.0 }, { "gibit", 1073741824.0 },
  { "bps", 8 }, { "kbps", 8e3 }, { "mbps", 8e6 }, { "gbps", 8e9 }, { NULL, 0 },
};
/* tc's sizes are binary: 1kb is 1024 bytes. */
static const Suffix size_suffixes[] = {
  { "mb", 1048576.0 }, { "kb", 1024.0 }, { "b", 1 }, { "", 1 }, { "k", 1024.0 },
  { "m", 1048576.0 }, { "gb", 1073741824.0 }, { "g", 1073741824.0 },
  { "kbit", 128.0 }, { "mbit", 131072.0 }, { NULL, 0 },
};
static const Suffix percent_suffixes[] = { { "%", 1 }, { "", 1 }, { NULL, 0 } };
static const Suffix count_suffixes[] = { { "", 1 }, { NULL, 0 } };

static const struct
{
  const Suffix *suffixes;
  const char   *error;      /* "“%s” is not a time …", translatable */
  const char   *type;       /* the a{sv} value's type */
} units[] = {
  /* Translators: %s is a value as typed ("abc"); keep the units (tc reads them) */
  [TCGUI_UNIT_TIME]    = { time_suffixes, N_("“%s” is not a time with a unit: 100ms, 1.5s or 250us"), "u" },
  /* Translators: %s is a value as typed ("abc"); keep the units (tc reads them) */
  [TCGUI_UNIT_RATE]    = { rate_suffixes, N_("“%s” is not a rate with a unit: 5mbit, 512kbit, 1gbit or 100kbps"), "t" },
  /* Translators: %s is a value as typed ("abc"); keep the units (tc reads them) */
  [TCGUI_UNIT_SIZE]    = { size_suffixes, N_("“%s” is not a size: 32kb, 1mb or 1514b"), "u" },
  /* Translators: %s is a value as typed ("abc") */
  [TCGUI_UNIT_PERCENT] = { percent_suffixes, N_("“%s” is not a percentage: 1% or 0.5%"), "d" },
  /* Translators: %s is a value as typed ("abc") */
  [TCGUI_UNIT_COUNT]   = { count_suffixes, N_("“%s” is not a whole number"), "u" },
  /* Translators: %s is a value as typed */
  [TCGUI_UNIT_WORD]    = { NULL, N_("“%s” is not a word"), "s" },
};

/* In the order "Copy as Command" writes them. */
static const TcguiParamOption options[] = {
  { "delay",                 "delay-us",              TCGUI_UNIT_TIME },
  { "jitter",                "jitter-us",             TCGUI_UNIT_TIME },
  { "delay-correlation",     "delay-correlation",     TCGUI_UNIT_PERCENT },
  { "distribution",          "distribution",          TCGUI_UNIT_WORD },
  { "loss",                  "loss",                  TCGUI_UNIT_PERCENT },
  { "loss-correlation",      "loss-correlation",      TCGUI_UNIT_PERCENT },
  { "gemodel-p",             "gemodel-p",             TCGUI_UNIT_PERCENT },
  { "gemodel-r",             "gemodel-r",             TCGUI_UNIT_PERCENT },
  { "gemodel-1-h",           "gemodel-1-h",           TCGUI_UNIT_PERCENT },
  { "gemodel-1-k",           "gemodel-1-k",           TCGUI_UNIT_PERCENT },
  { "duplicate",             "duplicate",             TCGUI_UNIT_PERCENT },
  { "duplicate-correlation", "duplicate-correlation", TCGUI_UNIT_PERCENT },
  { "reorder",               "reorder",               TCGUI_UNIT_PERCENT },
  { "reorder-correlation",   "reorder-correlation",   TCGUI_UNIT_PERCENT },
  { "reorder-gap",           "reorder-gap",           TCGUI_UNIT_COUNT },
  { "corrupt",               "corrupt",               TCGUI_UNIT_PERCENT },
  { "corrupt-correlation",   "corrupt-correlation",   TCGUI_UNIT_PERCENT },
  { "rate",                  "rate-bps",              TCGUI_UNIT_RATE },
  { "burst",                 "burst-bytes",           TCGUI_UNIT_SIZE },
  { "limit",                 "limit-packets",         TCGUI_UNIT_COUNT },
};

const TcguiParamOption *
tcgui_param_options_get_all (guint *n_options)
{
  *n_options = G_N_ELEMENTS (options);
  return options;
}

const TcguiParamOption *
tcgui_param_options_find (const char *option)
{
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    if (g_strcmp0 (options[i].option, option) == 0)
      return &options[i];
  return NULL;
}

static const Suffix *
find_suffix (const Suffix *suffixes,
             const char   *suffix)
{
  for (const Suffix *s = suffixes; s->suffix != NULL; s++)
    if (g_ascii_strcasecmp (s->suffix, suffix) == 0)
      return s;
  return NULL;
}

/**
 * tcgui_units_parse:
 * @value: (out): the value in the model's unit (µs, bit/s, bytes, %)
 *
 * Reads a number and its unit. Times and rates need a unit (tc's bare
 * numbers are µs and bit/s, which nobody means); sizes are bytes and
 * percentages % without one.
 *
 * Returns: %FALSE with %TCGUI_ERROR_INVALID_ARGUMENT saying what is expected
 */
gboolean
tcgui_units_parse (TcguiUnit    unit,
                   const char  *text,
                   double      *value,
                   GError     **error)
{
  const Suffix *suffix;
  char *end = NULL;
  double v;

  g_return_val_if_fail ((guint) unit < TCGUI_UNIT_WORD, FALSE);

  v = g_ascii_strtod (text, &end);
  if (end == text || !isfinite (v) || v < 0 || text[0] == '-' || text[0] == '+' ||
      (suffix = find_suffix (units[unit].suffixes, end)) == NULL ||
      (unit == TCGUI_UNIT_COUNT && v != floor (v)))
    {
      /* The format is one of the table's (translated): not a literal. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   _(units[unit].error), text);
#pragma GCC diagnostic pop
      return FALSE;
    }
  *value = v * suffix->factor;
  return TRUE;
}

/* The largest suffix that writes @value exactly (suffixes[0..n-1] are
 * sorted from large to small and end with the base unit). */
static char *
format_exact (const Suffix *suffixes,
              guint         n,
              double        value)
{
  for (guint i = 0; i < n; i++)
    {
      double q = value / suffixes[i].factor;

      if (q >= 1 && q == floor (q))
        return g_strdup_printf ("%.0f%s", q, suffixes[i].suffix);
    }
  return g_strdup_printf ("%.0f%s", value, suffixes[n - 1].suffix);
}

/* A percentage to the kernel's read-back resolution, without trailing 0s. */
static char *
format_percent (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *p;

  g_ascii_formatd (buf, sizeof buf, "%.6f", value);
  for (p = buf + strlen (buf) - 1; *p == '0'; p--)
    *p = '\0';
  if (*p == '.')
    *p = '\0';
  return g_strdup_printf ("%s%%", buf);
}

/**
 * tcgui_units_format:
 *
 * Returns: (transfer full): @value written as tc reads it: "100ms",
 *   "5mbit", "32kb", "1.5%", "3"
 */
char *
tcgui_units_format (TcguiUnit unit,
                    double    value)
{
  switch (unit)
    {
    case TCGUI_UNIT_TIME:
      return format_exact (time_suffixes, 3, value);
    case TCGUI_UNIT_RATE:
      return format_exact (rate_suffixes, 4, value);
    case TCGUI_UNIT_SIZE:
      return format_exact (size_suffixes, 3, value);
    case TCGUI_UNIT_PERCENT:
      return format_percent (value);
    case TCGUI_UNIT_COUNT:
    case TCGUI_UNIT_WORD:
    default:
      return g_strdup_printf ("%.0f", value);
    }
}

static GVariant *
option_variant (const TcguiParamOption  *opt,
                const char              *text,
                GError                 **error)
{
  double v;

  if (opt->unit == TCGUI_UNIT_WORD)
    return g_variant_new_string (text);
  if (!tcgui_units_parse (opt->unit, text, &v, error))
    return NULL;
  /* Percentages keep their decimals: only integral units are rounded. */
  if (units[opt->unit].type[0] == 'd')
    return g_variant_new_double (v);
  v = round (v);
  if (units[opt->unit].type[0] == 't')
    return v < 1e19 ? g_variant_new_uint64 ((guint64) v) : NULL;
  return v <= G_MAXUINT32 ? g_variant_new_uint32 ((guint32) v) : NULL;
}

/**
 * tcgui_params_add_option:
 * @dict: the a{sv} being built
 * @option: an option's name without "--", e.g. "delay"
 * @text: its value as typed, e.g. "100ms"
 *
 * Adds the option's key to @dict; a "gemodel-*" option also selects the
 * Gilbert-Elliott loss model. Ranges are checked by
 * tcgui_params_from_options().
 *
 * Returns: %FALSE with an error naming the option
 */
gboolean
tcgui_params_add_option (GVariantDict  *dict,
                         const char    *option,
                         const char    *text,
                         GError       **error)
{
  const TcguiParamOption *opt = tcgui_param_options_find (option);
  g_autoptr(GError) local_error = NULL;
  GVariant *value;

  if (opt == NULL)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   _("Unknown option “--%s”"), option);
      return FALSE;
    }
  if ((value = option_variant (opt, text, &local_error)) == NULL)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT, "--%s: %s", option,
                   local_error ? local_error->message : _("the value is too large"));
      return FALSE;
    }
  g_variant_dict_insert_value (dict, opt->key, value);
  if (g_str_has_prefix (opt->key, "gemodel-"))
    g_variant_dict_insert (dict, "loss-model", "s", "gemodel");
  return TRUE;
}

/* The option whose key a validation message quotes first. */
static const char *
option_in_message (const char *message)
{
  const char *best = NULL, *best_pos = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    {
      g_autofree char *quoted = g_strdup_printf ("“%s”", options[i].key);
      const char *pos = strstr (message, quoted);

      if (pos != NULL && (best_pos == NULL || pos < best_pos))
        best = options[i].option, best_pos = pos;
    }
  if (best == NULL && strstr (message, "“loss-model”") != NULL)
    best = "gemodel-p";
  return best;
}

/**
 * tcgui_params_from_options:
 * @dict: what tcgui_params_add_option() built
 *
 * Validates @dict with tcgui_params_from_variant() (the helper's own
 * check) and names the offending option in the error.
 */
gboolean
tcgui_params_from_options (GVariantDict  *dict,
                           TcguiParams   *params,
                           GError       **error)
{
  g_autoptr(GVariant) value = g_variant_ref_sink (g_variant_dict_end (dict));
  g_autoptr(GError) local_error = NULL;
  const char *option;

  if (tcgui_params_from_variant (value, params, &local_error))
    return TRUE;
  option = option_in_message (local_error->message);
  if (option == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT, "--%s: %s",
                 option, local_error->message);
  return FALSE;
}

static char *
format_value (const TcguiParamOption *opt,
              GVariant               *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return g_variant_dup_string (value, NULL);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    return tcgui_units_format (opt->unit, g_variant_get_double (value));
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT64))
    return tcgui_units_format (opt->unit, (double) g_variant_get_uint64 (value));
  return tcgui_units_format (opt->unit, g_variant_get_uint32 (value));
}

/**
 * tcgui_params_to_options:
 *
 * Returns: (transfer full): the options that give @params, e.g.
 *   "--delay 100ms --jitter 10ms --rate 5mbit" ("" when it is empty);
 *   parsed back they give @params again
 */
char *
tcgui_params_to_options (const TcguiParams *params)
{
  g_autoptr(GVariant) dict = g_variant_ref_sink (tcgui_params_to_variant (params));
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    {
      g_autoptr(GVariant) value = g_variant_lookup_value (dict, options[i].key, NULL);
      g_autofree char *text = NULL;

      if (value == NULL)
        continue;
      text = format_value (&options[i], value);
      g_string_append_printf (out, "%s--%s %s", out->len ? " " : "", options[i].option, text);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Durations ("--for 10m"): a timed apply is a rule with "duration-s". */
static const Suffix duration_suffixes[] = {
  { "s", 1 }, { "m", 60 }, { "h", 3600 }, { "d", 86400 }, { NULL, 0 },
};

/**
 * tcgui_duration_parse:
 * @text: "90s", "10m", "1h", "1h30m", "2d": whole numbers, each with a unit
 * @seconds: (out): the duration
 *
 * Returns: %FALSE with %TCGUI_ERROR_INVALID_ARGUMENT for anything else;
 *   the range (a rule's 1 s to 7 days) is the rule model's to check
 */
gboolean
tcgui_duration_parse (const char  *text,
                      guint32     *seconds,
                      GError     **error)
{
  guint64 total = 0;
  const char *p = text;

  while (*p != '\0')
    {
      const Suffix *suffix = NULL;
      char *end = NULL;
      guint64 n;

      if (!g_ascii_isdigit (*p))
        break;
      n = g_ascii_strtoull (p, &end, 10);
      for (const Suffix *s = duration_suffixes; s->suffix != NULL && end != NULL; s++)
        if (g_ascii_tolower (*end) == s->suffix[0])
          suffix = s;
      if (suffix == NULL || n > G_MAXUINT32)
        break;
      total += n * (guint64) suffix->factor;
      p = end + 1;
      if (total > G_MAXUINT32)
        break;
    }
  if (p == text || *p != '\0' || total > G_MAXUINT32)
    {
      /* Translators: %s is a value as typed ("abc"); keep the units */
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a duration: 90s, 10m, 1h or 1h30m"), text);
      return FALSE;
    }
  *seconds = (guint32) total;
  return TRUE;
}

/* "1h30m", "10m", "45s": what tcgui_duration_parse() reads back. */
char *
tcgui_duration_format (guint32 seconds)
{
  GString *out = g_string_new (NULL);

  for (int i = G_N_ELEMENTS (duration_suffixes) - 2; i >= 0; i--)
    {
      guint32 factor = (guint32) duration_suffixes[i].factor;

      if (seconds >= factor || (i == 0 && out->len == 0))
        {
          g_string_append_printf (out, "%u%s", seconds / factor, duration_suffixes[i].suffix);
          seconds %= factor;
        }
    }
  return g_string_free (out, FALSE);
}
