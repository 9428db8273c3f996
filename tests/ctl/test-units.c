/* test-units.c - tc's units, the options of `tcguictl set` and back
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tcgui-error.h"
#include <string.h>

#include "tcgui-units.h"

static void
test_parse (void)
{
  static const struct { TcguiUnit unit; const char *text; double value; } ok[] = {
    { TCGUI_UNIT_TIME, "100ms", 100000 }, { TCGUI_UNIT_TIME, "1.5s", 1500000 },
    { TCGUI_UNIT_TIME, "250us", 250 }, { TCGUI_UNIT_TIME, "2MS", 2000 },
    { TCGUI_UNIT_TIME, "3msec", 3000 }, { TCGUI_UNIT_RATE, "5mbit", 5e6 },
    { TCGUI_UNIT_RATE, "512kbit", 512e3 }, { TCGUI_UNIT_RATE, "1gbit", 1e9 },
    { TCGUI_UNIT_RATE, "1Mbit", 1e6 }, { TCGUI_UNIT_RATE, "100kbps", 800e3 },
    { TCGUI_UNIT_RATE, "8000bit", 8000 }, { TCGUI_UNIT_SIZE, "32kb", 32768 },
    { TCGUI_UNIT_SIZE, "1mb", 1048576 }, { TCGUI_UNIT_SIZE, "1514b", 1514 },
    { TCGUI_UNIT_SIZE, "1514", 1514 }, { TCGUI_UNIT_PERCENT, "1%", 1 },
    { TCGUI_UNIT_PERCENT, "0.5", 0.5 }, { TCGUI_UNIT_COUNT, "5", 5 },
  };
  static const struct { TcguiUnit unit; const char *text; } bad[] = {
    { TCGUI_UNIT_TIME, "100" }, { TCGUI_UNIT_TIME, "100 ms" }, { TCGUI_UNIT_TIME, "ms" },
    { TCGUI_UNIT_TIME, "-1ms" }, { TCGUI_UNIT_TIME, "10parsecs" }, { TCGUI_UNIT_RATE, "5" },
    { TCGUI_UNIT_RATE, "5mb" }, { TCGUI_UNIT_RATE, "nanmbit" }, { TCGUI_UNIT_RATE, "infbit" },
    { TCGUI_UNIT_PERCENT, "1%%" }, { TCGUI_UNIT_PERCENT, "" }, { TCGUI_UNIT_COUNT, "1.5" },
    { TCGUI_UNIT_SIZE, "1ms" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autoptr(GError) error = NULL;
      double v = -1;

      g_test_message ("%s", ok[i].text);
      g_assert_true (tcgui_units_parse (ok[i].unit, ok[i].text, &v, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat_with_epsilon (v, ok[i].value, 1e-9);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      double v = -1;

      g_test_message ("%s", bad[i].text);
      g_assert_false (tcgui_units_parse (bad[i].unit, bad[i].text, &v, &error));
      g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT);
    }
}

/* `--for DURATION`: whole numbers with s, m, h or d, combined. */
static void
test_duration (void)
{
  static const struct { const char *text; guint32 seconds; const char *back; } ok[] = {
    { "90s", 90, "1m30s" }, { "10m", 600, "10m" }, { "1h", 3600, "1h" },
    { "1h30m", 5400, "1h30m" }, { "7d", 604800, "7d" }, { "2H", 7200, "2h" },
    { "0s", 0, "0s" }, { "1d1s", 86401, "1d1s" },
  };
  static const char * const bad[] = {
    "", "10", "m", "1.5h", "-1m", "10 m", "1x", "1h30", "h1", "99999999999d", "5000000000s",
  };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *back = NULL;
      guint32 s = 1;

      g_assert_true (tcgui_duration_parse (ok[i].text, &s, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (s, ==, ok[i].seconds);
      back = tcgui_duration_format (s);
      g_assert_cmpstr (back, ==, ok[i].back);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      guint32 s = 0;

      g_test_message ("%s", bad[i]);
      g_assert_false (tcgui_duration_parse (bad[i], &s, &error));
      g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_format (void)
{
  static const struct { TcguiUnit unit; double value; const char *text; } cases[] = {
    { TCGUI_UNIT_TIME, 100000, "100ms" }, { TCGUI_UNIT_TIME, 2000000, "2s" },
    { TCGUI_UNIT_TIME, 1500000, "1500ms" }, { TCGUI_UNIT_TIME, 250, "250us" },
    { TCGUI_UNIT_RATE, 5e6, "5mbit" }, { TCGUI_UNIT_RATE, 1536000, "1536kbit" },
    { TCGUI_UNIT_RATE, 8008, "8008bit" }, { TCGUI_UNIT_RATE, 2e9, "2gbit" },
    { TCGUI_UNIT_SIZE, 32768, "32kb" }, { TCGUI_UNIT_SIZE, 1514, "1514b" },
    { TCGUI_UNIT_PERCENT, 1, "1%" }, { TCGUI_UNIT_PERCENT, 0.25, "0.25%" },
    { TCGUI_UNIT_PERCENT, 33.333333, "33.333333%" }, { TCGUI_UNIT_COUNT, 7, "7" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = tcgui_units_format (cases[i].unit, cases[i].value);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static gboolean
parse_options (const char * const  *argv,
               TcguiParams         *params,
               GError             **error)
{
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

  for (guint i = 0; argv[i] != NULL; i += 2)
    if (!tcgui_params_add_option (&dict, argv[i], argv[i + 1], error))
      return FALSE;
  return tcgui_params_from_options (&dict, params, error);
}

/* An error names the option the user typed, not the D-Bus key. */
static void
test_errors_name_the_option (void)
{
  static const struct { const char *argv[5]; const char *prefix; } cases[] = {
    { { "loss", "101%", NULL }, "--loss: " },
    { { "delay", "100", NULL }, "--delay: " },
    { { "rate", "500bit", NULL }, "--rate: " },
    { { "rate", "1001bit", NULL }, "--rate: " },
    { { "delay", "61s", NULL }, "--delay: " },
    { { "jitter", "10ms", NULL }, "--jitter: " },
    { { "burst", "32kb", NULL }, "--burst: " },
    { { "rate", "1mbit", "burst", "2gb" }, "--burst: " },
    { { "limit", "0.5", NULL }, "--limit: " },
    { { "distribution", "gaussian", "delay", "1ms" }, "--distribution: " },
    { { "bogus", "1", NULL }, "Unknown option “--bogus”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      TcguiParams p;

      g_assert_false (parse_options (cases[i].argv, &p, &error));
      g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, cases[i].prefix));
    }
}

static void
test_round_trip (void)
{
  const char *argv[] = { "delay", "100ms", "jitter", "10ms", "distribution", "normal",
                         "loss", "1.5%", "loss-correlation", "25%", "duplicate", "0.1%",
                         "reorder", "5%", "reorder-gap", "3", "corrupt", "0.01%",
                         "rate", "5mbit", "burst", "32kb", "limit", "500", NULL };
  const char *ge[] = { "gemodel-p", "1%", "gemodel-r", "20%", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *ge_text = NULL;
  g_auto(GStrv) back = NULL;
  TcguiParams p, q;

  g_assert_true (parse_options (argv, &p, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (p.delay_us, ==, 100000);
  g_assert_cmpuint (p.rate_bps, ==, 5000000);
  g_assert_cmpuint (p.burst_bytes, ==, 32768);
  g_assert_cmpfloat (p.loss, ==, 1.5);
  text = tcgui_params_to_options (&p);
  g_assert_cmpstr (text, ==, "--delay 100ms --jitter 10ms --distribution normal --loss 1.5% "
                             "--loss-correlation 25% --duplicate 0.1% --reorder 5% "
                             "--reorder-gap 3 --corrupt 0.01% --rate 5mbit --burst 32kb "
                             "--limit 500");
  /* Parsed back: the same parameters. */
  back = g_strsplit (text, " ", -1);
  for (guint i = 0; back[i] != NULL; i += 2)
    memmove (back[i], back[i] + 2, strlen (back[i]) - 1);
  g_assert_true (parse_options ((const char * const *) back, &q, &error));
  g_assert_true (tcgui_params_equal (&p, &q));

  /* gemodel: the model is implied, tc's defaults fill the rest. */
  g_assert_true (parse_options (ge, &p, &error));
  g_assert_cmpint (p.loss_model, ==, TCGUI_LOSS_GEMODEL);
  g_assert_cmpfloat (p.gemodel_1_h, ==, 100.0);
  ge_text = tcgui_params_to_options (&p);
  g_assert_cmpstr (ge_text, ==, "--gemodel-p 1% --gemodel-r 20% --gemodel-1-h 100% --gemodel-1-k 0%");

  tcgui_params_init (&p);
  g_clear_pointer (&text, g_free);
  text = tcgui_params_to_options (&p);
  g_assert_cmpstr (text, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/units/parse", test_parse);
  g_test_add_func ("/units/duration", test_duration);
  g_test_add_func ("/units/format", test_format);
  g_test_add_func ("/units/errors-name-the-option", test_errors_name_the_option);
  g_test_add_func ("/units/round-trip", test_round_trip);
  return g_test_run ();
}
