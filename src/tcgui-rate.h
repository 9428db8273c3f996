/* tcgui-rate.h - interface counters → bit rates, with history
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A 64-bit counter that goes back by less than this is taken as wrapped;
 * further back, it was reset. 1 TiB per sample is beyond any link. */
#define TCGUI_RATE_WRAP64_MAX_DELTA (G_GUINT64_CONSTANT (1) << 40)

/* One point of history: the mean rate over the interval that ended at
 * @time_us. A gap (no data: interface missing, re-created, reset) has
 * NAN rates; graphs break their lines there. */
typedef struct
{
  gint64 time_us;
  double rx_bps;
  double tx_bps;
} TcguiRatePoint;

/* One interface's counters as the helper reports them. */
typedef struct
{
  gint64   time_us;    /* monotonic, of the helper */
  gboolean present;
  int      ifindex;
  guint    bits;       /* 32 or 64 */
  guint64  rx_bytes;
  guint64  tx_bytes;
} TcguiRateSample;

typedef enum
{
  TCGUI_RATE_DELTA_OK,
  TCGUI_RATE_DELTA_WRAPPED,
  TCGUI_RATE_DELTA_RESET,
} TcguiRateDelta;

typedef struct _TcguiRate TcguiRate;

TcguiRateDelta        tcgui_rate_counter_delta (guint64                prev,
                                                guint64                cur,
                                                guint                  bits,
                                                guint64               *delta);
TcguiRate            *tcgui_rate_new           (guint                  capacity,
                                                gint64                 max_gap_us);
TcguiRate            *tcgui_rate_ref           (TcguiRate             *self);
void                  tcgui_rate_unref         (TcguiRate             *self);
gboolean              tcgui_rate_add_sample    (TcguiRate             *self,
                                                const TcguiRateSample *sample);
void                  tcgui_rate_push_point    (TcguiRate             *self,
                                                gint64                 time_us,
                                                double                 rx_bps,
                                                double                 tx_bps);
void                  tcgui_rate_clear         (TcguiRate             *self);
guint                 tcgui_rate_get_n_points  (TcguiRate             *self);
guint                 tcgui_rate_get_capacity  (TcguiRate             *self);
const TcguiRatePoint *tcgui_rate_get_point     (TcguiRate             *self,
                                                guint                  i);
const TcguiRatePoint *tcgui_rate_get_last      (TcguiRate             *self);
guint                 tcgui_rate_find          (TcguiRate             *self,
                                                gint64                 time_us);
double                tcgui_rate_get_max       (TcguiRate             *self,
                                                gint64                 since_us);
guint64               tcgui_rate_get_generation (TcguiRate            *self);
char                 *tcgui_rate_format_bps    (double                 bps);
double                tcgui_rate_nice_scale    (double                 max_bps,
                                                const char           **unit,
                                                double                *divisor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcguiRate, tcgui_rate_unref)

G_END_DECLS
