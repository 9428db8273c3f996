/* test-rate.c - counters → rates: wraps, resets, missing samples, jitter
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "tcgui-rate.h"

#define S(t_s) ((gint64) ((t_s) * (double) G_USEC_PER_SEC))

static TcguiRateSample
sample (double  t_s,
        int     ifindex,
        guint   bits,
        guint64 rx,
        guint64 tx)
{
  TcguiRateSample s = { S (t_s), TRUE, ifindex, bits, rx, tx };

  return s;
}

static void
test_delta (void)
{
  guint64 d;

  g_assert_cmpint (tcgui_rate_counter_delta (100, 350, 64, &d), ==, TCGUI_RATE_DELTA_OK);
  g_assert_cmpuint (d, ==, 250);
  /* 32-bit wrap: 0xfffffff0 → 0x10 is 0x20 bytes. */
  g_assert_cmpint (tcgui_rate_counter_delta (0xfffffff0u, 0x10, 32, &d), ==, TCGUI_RATE_DELTA_WRAPPED);
  g_assert_cmpuint (d, ==, 0x20);
  /* 64-bit wrap near 2^64. */
  g_assert_cmpint (tcgui_rate_counter_delta (G_MAXUINT64 - 9, 5, 64, &d), ==, TCGUI_RATE_DELTA_WRAPPED);
  g_assert_cmpuint (d, ==, 15);
  /* 64-bit step back: a reset, never a 2^64 spike. */
  g_assert_cmpint (tcgui_rate_counter_delta (5000000, 1000, 64, &d), ==, TCGUI_RATE_DELTA_RESET);
  g_assert_cmpuint (d, ==, 0);
}

static void
test_steady (void)
{
  g_autoptr(TcguiRate) rate = tcgui_rate_new (16, S (5));
  TcguiRateSample s;

  for (guint i = 0; i <= 5; i++)
    {
      /* 1.25 MB/s = 10 Mbit/s received, 1 Mbit/s sent. */
      s = sample (10 + i, 3, 64, 1000 + i * 1250000ull, i * 125000ull);
      g_assert_cmpint (tcgui_rate_add_sample (rate, &s), ==, i > 0);
    }

  g_assert_cmpuint (tcgui_rate_get_n_points (rate), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      const TcguiRatePoint *p = tcgui_rate_get_point (rate, i);

      g_assert_cmpfloat_with_epsilon (p->rx_bps, 10e6, 1e-3);
      g_assert_cmpfloat_with_epsilon (p->tx_bps, 1e6, 1e-3);
      g_assert_cmpint (p->time_us, ==, S (11 + i));
    }
  g_assert_cmpfloat_with_epsilon (tcgui_rate_get_max (rate, 0), 10e6, 1e-3);
}

static void
test_wrap32 (void)
{
  g_autoptr(TcguiRate) rate = tcgui_rate_new (16, S (5));
  TcguiRateSample a = sample (1, 2, 32, 0xffff0000u, 0);
  TcguiRateSample b = sample (2, 2, 32, 0x0000ffffu, 1000);

  tcgui_rate_add_sample (rate, &a);
  g_assert_true (tcgui_rate_add_sample (rate, &b));
  /* 0x1ffff bytes in 1 s. */
  g_assert_cmpfloat_with_epsilon (tcgui_rate_get_last (rate)->rx_bps, 0x1ffff * 8.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (tcgui_rate_get_last (rate)->tx_bps, 8000.0, 1e-6);
}

static void
test_reset_is_gap (void)
{
  g_autoptr(TcguiRate) rate = tcgui_rate_new (16, S (5));
  TcguiRateSample s[] = {
    sample (1, 4, 64, 1000000, 1000000),
    sample (2, 4, 64, 2000000, 2000000),
    sample (3, 4, 64, 500, 500),          /* counters reset (same ifindex) */
    sample (4, 4, 64, 1500, 2500),
  };

  for (guint i = 0; i < G_N_ELEMENTS (s); i++)
    tcgui_rate_add_sample (rate, &s[i]);

  g_assert_cmpuint (tcgui_rate_get_n_points (rate), ==, 3);
  g_assert_cmpfloat_with_epsilon (tcgui_rate_get_point (rate, 0)->rx_bps, 8e6, 1e-3);
  g_assert_true (isnan (tcgui_rate_get_point (rate, 1)->rx_bps));
  g_assert_cmpfloat_with_epsilon (tcgui_rate_get_point (rate, 2)->rx_bps, 8000, 1e-6);
  g_assert_cmpfloat_with_epsilon (tcgui_rate_get_point (rate, 2)->tx_bps, 16000, 1e-6);
  /* No spike anywhere: the maximum is the real rate. */
  g_assert_cmpfloat_with_epsilon (tcgui_rate_get_max (rate, 0), 8e6, 1e-3);
}

static void
test_recreated_interface (void)
{
  g_autoptr(TcguiRate) rate = tcgui_rate_new (16, S (5));
  TcguiRateSample s[] = {
    sample (1, 7, 64, 100, 100),
    sample (2, 7, 64, 200, 200),
    /* Deleted and created again with higher counters (another device):
     * a new ifindex, so no rate across it, though the counters grew. */
    sample (3, 9, 64, 90000000, 90000000),
    sample (4, 9, 64, 90000100, 90000100),
  };

  for (guint i = 0; i < G_N_ELEMENTS (s); i++)
    tcgui_rate_add_sample (rate, &s[i]);

  g_assert_cmpuint (tcgui_rate_get_n_points (rate), ==, 3);
  g_assert_true (isnan (tcgui_rate_get_point (rate, 1)->tx_bps));
  g_assert_cmpfloat_with_epsilon (tcgui_rate_get_max (rate, 0), 800, 1e-6);
}

static void
test_missing_samples (void)
{
  g_autoptr(TcguiRate) rate = tcgui_rate_new (16, S (5));
  TcguiRateSample gone = { S (3), FALSE, 0, 0, 0, 0 };
  TcguiRateSample s1 = sample (1, 5, 64, 0, 0);
  TcguiRateSample s2 = sample (2, 5, 64, 1000, 1000);
  /* One sample lost (t = 5 absent): the mean over 2 s is exact. */
  TcguiRateSample s4 = sample (4, 5, 64, 5000, 1000);
  TcguiRateSample s6 = sample (6, 5, 64, 9000, 1000);
  /* Far too long after: a gap, then data again. */
  TcguiRateSample s20 = sample (20, 5, 64, 99000, 1000);
  TcguiRateSample s21 = sample (21, 5, 64, 100000, 1000);

  tcgui_rate_add_sample (rate, &s1);
  tcgui_rate_add_sample (rate, &s2);
  tcgui_rate_add_sample (rate, &gone);   /* interface absent for a moment */
  tcgui_rate_add_sample (rate, &s4);     /* starts afresh: no point */
  g_assert_cmpuint (tcgui_rate_get_n_points (rate), ==, 2);
  g_assert_true (isnan (tcgui_rate_get_last (rate)->rx_bps));

  g_assert_true (tcgui_rate_add_sample (rate, &s6));
  g_assert_cmpfloat_with_epsilon (tcgui_rate_get_last (rate)->rx_bps, 4000 * 8 / 2.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (tcgui_rate_get_last (rate)->tx_bps, 0, 1e-9);

  g_assert_false (tcgui_rate_add_sample (rate, &s20));
  g_assert_true (isnan (tcgui_rate_get_last (rate)->rx_bps));
  g_assert_true (tcgui_rate_add_sample (rate, &s21));
  g_assert_cmpfloat_with_epsilon (tcgui_rate_get_last (rate)->rx_bps, 8000, 1e-6);
}

static void
test_irregular_intervals (void)
{
  g_autoptr(TcguiRate) rate = tcgui_rate_new (16, S (5));
  /* 1 MB/s throughout, sampled at 0, 0.25, 1.7, 2.0, 4.9 s. */
  const double t[] = { 0, 0.25, 1.7, 2.0, 4.9 };
  TcguiRateSample dup;

  for (guint i = 0; i < G_N_ELEMENTS (t); i++)
    {
      TcguiRateSample s = sample (100 + t[i], 1, 64, (guint64) (t[i] * 1e6), 0);

      tcgui_rate_add_sample (rate, &s);
    }

  g_assert_cmpuint (tcgui_rate_get_n_points (rate), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpfloat_with_epsilon (tcgui_rate_get_point (rate, i)->rx_bps, 8e6, 1.0);

  /* A duplicate or older timestamp is ignored. */
  dup = sample (100 + 4.9, 1, 64, 99999999, 0);
  g_assert_false (tcgui_rate_add_sample (rate, &dup));
  g_assert_cmpuint (tcgui_rate_get_n_points (rate), ==, 4);
}

static void
test_ring_buffer (void)
{
  g_autoptr(TcguiRate) rate = tcgui_rate_new (900, S (5));

  /* 20 minutes at 1 Hz: only the last 15 are kept. */
  for (guint i = 0; i <= 1200; i++)
    {
      TcguiRateSample s = sample (i, 1, 64, (guint64) i * i, 0);

      tcgui_rate_add_sample (rate, &s);
    }

  g_assert_cmpuint (tcgui_rate_get_n_points (rate), ==, 900);
  g_assert_cmpint (tcgui_rate_get_point (rate, 0)->time_us, ==, S (301));
  g_assert_cmpint (tcgui_rate_get_last (rate)->time_us, ==, S (1200));
  /* i² - (i-1)² = 2i - 1 bytes. */
  g_assert_cmpfloat_with_epsilon (tcgui_rate_get_last (rate)->rx_bps, (2 * 1200 - 1) * 8.0, 1e-6);
  g_assert_cmpuint (tcgui_rate_find (rate, S (1000)), ==, 1000 - 301);
  g_assert_cmpuint (tcgui_rate_find (rate, S (5000)), ==, 900);
}

static void
test_units (void)
{
  const char *unit;
  double div, top;
  g_autofree char *a = tcgui_rate_format_bps (9.87e6);
  g_autofree char *b = tcgui_rate_format_bps (512);
  g_autofree char *c = tcgui_rate_format_bps (1.25e9);

  g_assert_cmpstr (a, ==, "9.87 Mbit/s");
  g_assert_cmpstr (b, ==, "512 bit/s");
  g_assert_cmpstr (c, ==, "1.25 Gbit/s");

  top = tcgui_rate_nice_scale (9.6e6, &unit, &div);
  g_assert_cmpfloat (top, ==, 10e6);
  g_assert_cmpstr (unit, ==, "Mbit/s");
  top = tcgui_rate_nice_scale (130e3, &unit, &div);
  g_assert_cmpfloat (top, ==, 200e3);
  g_assert_cmpstr (unit, ==, "kbit/s");
  g_assert_cmpfloat (div, ==, 1e3);
  top = tcgui_rate_nice_scale (0, &unit, &div);
  g_assert_cmpfloat (top, ==, 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rate/delta", test_delta);
  g_test_add_func ("/rate/steady", test_steady);
  g_test_add_func ("/rate/wrap-32", test_wrap32);
  g_test_add_func ("/rate/reset-is-gap", test_reset_is_gap);
  g_test_add_func ("/rate/recreated-interface", test_recreated_interface);
  g_test_add_func ("/rate/missing-samples", test_missing_samples);
  g_test_add_func ("/rate/irregular-intervals", test_irregular_intervals);
  g_test_add_func ("/rate/ring-buffer", test_ring_buffer);
  g_test_add_func ("/rate/units", test_units);

  return g_test_run ();
}
