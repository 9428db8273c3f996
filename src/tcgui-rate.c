/* tcgui-rate.c - interface counters → bit rates, with history
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-rate"

#include "config.h"

#include <math.h>

#include "tcgui-rate.h"

/* No link is faster: a larger rate is a counter glitch, drawn as a gap. */
#define MAX_PLAUSIBLE_BPS 1.6e12

struct _TcguiRate
{
  TcguiRatePoint  *points;     /* ring buffer */
  guint            capacity;
  guint            first;      /* index of the oldest point */
  guint            len;
  gint64           max_gap_us;
  guint64          generation; /* changes with every point */

  gboolean         have_prev;
  TcguiRateSample  prev;
};

static inline const TcguiRatePoint *
point_at (TcguiRate *self,
          guint      i)
{
  return &self->points[(self->first + i) % self->capacity];
}

/**
 * tcgui_rate_counter_delta:
 * @bits: the counter's width, 32 or 64
 * @delta: (out): how much the counter grew, when it did not reset
 *
 * 32-bit counters wrap often (4 GiB: 3.4 s at 10 Gbit/s) and any step back
 * is a wrap. A 64-bit counter that steps back is a reset, unless it was
 * close to 2^64 (which no counter reaches in practice).
 */
TcguiRateDelta
tcgui_rate_counter_delta (guint64  prev,
                          guint64  cur,
                          guint    bits,
                          guint64 *delta)
{
  if (bits == 32)
    {
      prev &= G_MAXUINT32;
      cur &= G_MAXUINT32;
    }

  if (cur >= prev)
    {
      *delta = cur - prev;
      return TCGUI_RATE_DELTA_OK;
    }

  if (bits == 32)
    {
      *delta = (G_GUINT64_CONSTANT (1) << 32) - prev + cur;
      return TCGUI_RATE_DELTA_WRAPPED;
    }

  /* Unsigned arithmetic: cur - prev is cur + 2^64 - prev. */
  *delta = cur - prev;
  if (*delta < TCGUI_RATE_WRAP64_MAX_DELTA)
    return TCGUI_RATE_DELTA_WRAPPED;

  *delta = 0;
  return TCGUI_RATE_DELTA_RESET;
}

/**
 * tcgui_rate_new:
 * @capacity: how many points of history to keep (e.g. 15 min at 1 Hz: 900)
 * @max_gap_us: two samples further apart than this are not joined: the
 *   time between them is a gap, not a mean rate
 */
TcguiRate *
tcgui_rate_new (guint  capacity,
                gint64 max_gap_us)
{
  TcguiRate *self;

  g_return_val_if_fail (capacity > 0, NULL);

  self = g_atomic_rc_box_new0 (TcguiRate);
  self->capacity = capacity;
  self->points = g_new0 (TcguiRatePoint, capacity);
  self->max_gap_us = max_gap_us;
  return self;
}

TcguiRate *
tcgui_rate_ref (TcguiRate *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
rate_clear_func (gpointer data)
{
  TcguiRate *self = data;

  g_free (self->points);
}

void
tcgui_rate_unref (TcguiRate *self)
{
  g_atomic_rc_box_release_full (self, rate_clear_func);
}

/**
 * tcgui_rate_push_point:
 *
 * Appends a point, dropping the oldest when the history is full. Points go
 * in time order; one not after the last is ignored. Used directly for
 * aggregates (sums of several interfaces' rates).
 */
void
tcgui_rate_push_point (TcguiRate *self,
                       gint64     time_us,
                       double     rx_bps,
                       double     tx_bps)
{
  const TcguiRatePoint *last = tcgui_rate_get_last (self);
  TcguiRatePoint *p;

  if (last != NULL && time_us <= last->time_us)
    return;

  if (self->len < self->capacity)
    p = &self->points[(self->first + self->len++) % self->capacity];
  else
    {
      p = &self->points[self->first];
      self->first = (self->first + 1) % self->capacity;
    }

  p->time_us = time_us;
  p->rx_bps = rx_bps;
  p->tx_bps = tx_bps;
  self->generation++;
}

static void
push_gap (TcguiRate *self,
          gint64     time_us)
{
  const TcguiRatePoint *last = tcgui_rate_get_last (self);

  /* One gap marker is enough between two runs of data. */
  if (last != NULL && isnan (last->rx_bps))
    return;
  tcgui_rate_push_point (self, time_us, NAN, NAN);
}

/* Whether @cur continues @prev: same interface, not too late. */
static gboolean
sample_continues (TcguiRate             *self,
                  const TcguiRateSample *cur)
{
  const TcguiRateSample *prev = &self->prev;

  return self->have_prev &&
         cur->ifindex == prev->ifindex &&
         cur->bits == prev->bits &&
         cur->time_us - prev->time_us <= self->max_gap_us;
}

static gboolean
compute_rates (TcguiRate             *self,
               const TcguiRateSample *cur,
               double                *rx_bps,
               double                *tx_bps)
{
  const TcguiRateSample *prev = &self->prev;
  double seconds = (cur->time_us - prev->time_us) / (double) G_USEC_PER_SEC;
  guint64 rx, tx;

  if (tcgui_rate_counter_delta (prev->rx_bytes, cur->rx_bytes, cur->bits, &rx) == TCGUI_RATE_DELTA_RESET ||
      tcgui_rate_counter_delta (prev->tx_bytes, cur->tx_bytes, cur->bits, &tx) == TCGUI_RATE_DELTA_RESET)
    return FALSE;

  *rx_bps = rx * 8.0 / seconds;
  *tx_bps = tx * 8.0 / seconds;
  return *rx_bps <= MAX_PLAUSIBLE_BPS && *tx_bps <= MAX_PLAUSIBLE_BPS;
}

/**
 * tcgui_rate_add_sample:
 * @sample: the counters at @sample->time_us
 *
 * Turns the difference to the previous sample into a rate point. A missing
 * interface, a new ifindex (re-created interface), a counter reset or a
 * sample too long after the previous one gives a gap instead of a spike;
 * the next sample starts afresh. Samples at irregular intervals give the
 * mean rate over each; one not newer than the previous is ignored.
 *
 * Returns: %TRUE if a rate point was added
 */
gboolean
tcgui_rate_add_sample (TcguiRate             *self,
                       const TcguiRateSample *sample)
{
  double rx_bps, tx_bps;
  gboolean ok;

  if (self->have_prev && sample->time_us <= self->prev.time_us)
    return FALSE;

  if (!sample->present)
    {
      if (self->have_prev)
        push_gap (self, sample->time_us);
      self->have_prev = FALSE;
      return FALSE;
    }

  if (!self->have_prev)
    {
      self->prev = *sample;
      self->have_prev = TRUE;
      return FALSE;
    }

  ok = sample_continues (self, sample) && compute_rates (self, sample, &rx_bps, &tx_bps);
  if (ok)
    tcgui_rate_push_point (self, sample->time_us, rx_bps, tx_bps);
  else
    push_gap (self, sample->time_us);

  self->prev = *sample;
  return ok;
}

void
tcgui_rate_clear (TcguiRate *self)
{
  self->first = self->len = 0;
  self->have_prev = FALSE;
  self->generation++;
}

guint
tcgui_rate_get_n_points (TcguiRate *self)
{
  return self->len;
}

guint
tcgui_rate_get_capacity (TcguiRate *self)
{
  return self->capacity;
}

guint64
tcgui_rate_get_generation (TcguiRate *self)
{
  return self->generation;
}

/**
 * tcgui_rate_get_point:
 * @i: 0 for the oldest point, up to tcgui_rate_get_n_points() - 1
 */
const TcguiRatePoint *
tcgui_rate_get_point (TcguiRate *self,
                      guint      i)
{
  g_return_val_if_fail (i < self->len, NULL);

  return &self->points[(self->first + i) % self->capacity];
}

const TcguiRatePoint *
tcgui_rate_get_last (TcguiRate *self)
{
  return self->len > 0 ? point_at (self, self->len - 1) : NULL;
}

/**
 * tcgui_rate_find:
 *
 * Returns: the index of the first point at or after @time_us (binary
 *   search), or the number of points if there is none
 */
guint
tcgui_rate_find (TcguiRate *self,
                 gint64     time_us)
{
  guint lo = 0, hi = self->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (point_at (self, mid)->time_us < time_us)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/**
 * tcgui_rate_get_max:
 *
 * Returns: the largest rate (either direction) of the points at or after
 *   @since_us, 0 if there are none
 */
double
tcgui_rate_get_max (TcguiRate *self,
                    gint64     since_us)
{
  double max = 0;

  for (guint i = tcgui_rate_find (self, since_us); i < self->len; i++)
    {
      const TcguiRatePoint *p = point_at (self, i);

      if (!isnan (p->rx_bps))
        max = MAX (max, MAX (p->rx_bps, p->tx_bps));
    }
  return max;
}

static const struct {
  const char *unit;
  double      divisor;
} units[] = {
  { "bit/s", 1 },
  { "kbit/s", 1e3 },
  { "Mbit/s", 1e6 },
  { "Gbit/s", 1e9 },
  { "Tbit/s", 1e12 },
};

static guint
unit_for (double bps)
{
  guint u = 0;

  while (u + 1 < G_N_ELEMENTS (units) && bps >= units[u + 1].divisor)
    u++;
  return u;
}

/**
 * tcgui_rate_format_bps:
 *
 * Returns: (transfer full): @bps in SI units with 3 significant digits,
 *   e.g. "9.87 Mbit/s"
 */
char *
tcgui_rate_format_bps (double bps)
{
  guint u;
  double v;

  if (isnan (bps))
    return g_strdup ("—");

  u = unit_for (bps);
  v = bps / units[u].divisor;
  return g_strdup_printf ("%.*f %s", v >= 100 ? 0 : v >= 10 ? 1 : 2, v, units[u].unit);
}

/**
 * tcgui_rate_nice_scale:
 * @max_bps: the largest value to show
 * @unit: (out): the unit of the axis labels
 * @divisor: (out): bit/s per @unit
 *
 * Returns: the top of the axis, ≥ @max_bps, a round number (1, 2 or 5 ×
 *   10^n) in bit/s; at least 1 kbit/s so that an idle link is flat
 */
double
tcgui_rate_nice_scale (double       max_bps,
                       const char **unit,
                       double      *divisor)
{
  double top = 1000, decade;
  guint u;

  if (max_bps > top)
    {
      decade = pow (10, floor (log10 (max_bps)));
      if (max_bps <= decade)
        top = decade;
      else if (max_bps <= 2 * decade)
        top = 2 * decade;
      else if (max_bps <= 5 * decade)
        top = 5 * decade;
      else
        top = 10 * decade;
    }

  u = unit_for (top);
  *unit = units[u].unit;
  *divisor = units[u].divisor;
  return top;
}
