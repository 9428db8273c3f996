/* tcgui-params.c - the shaping-parameter model: validation and a{sv}
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-params"

#include "config.h"

#include <math.h>
#include <string.h>

#include "tcgui-error.h"
#include "tcgui-params.h"

typedef enum
{
  FIELD_PERCENT,   /* double 0..100, "d" */
  FIELD_U32,       /* guint32 with min/max, "u" */
  FIELD_U64,       /* guint64 with min/max, "t" */
  FIELD_DIST,      /* TcguiDistribution, "s" */
  FIELD_LOSS_MODEL,/* TcguiLossModel, "s" */
} FieldType;

typedef struct
{
  const char *key;
  FieldType   type;
  gsize       offset;
  guint64     min;      /* FIELD_U32/U64: smallest non-zero value */
  guint64     max;
  guint64     step;     /* FIELD_U32/U64: values are multiples of it (0: any) */
  const char *why;      /* why the range or step is what it is, for errors */
} Field;

#define F(key, type, member, min, max) \
  { key, type, G_STRUCT_OFFSET (TcguiParams, member), min, max, 0, NULL }
#define FW(key, type, member, min, max, step, why) \
  { key, type, G_STRUCT_OFFSET (TcguiParams, member), min, max, step, why }

/* The a{sv} keys of SetShaping/GetShaping, in the order they are written. */
static const Field fields[] = {
  F ("delay-us",              FIELD_U32,        delay_us,              0, TCGUI_PARAMS_MAX_DELAY_US),
  FW ("jitter-us",            FIELD_U32,        jitter_us,             0, TCGUI_PARAMS_MAX_JITTER_US, 0,
      "netem caps a larger jitter at 2.147483647 s"),
  F ("delay-correlation",     FIELD_PERCENT,    delay_correlation,     0, 0),
  F ("distribution",          FIELD_DIST,       distribution,          0, 0),
  F ("loss-model",            FIELD_LOSS_MODEL, loss_model,            0, 0),
  F ("loss",                  FIELD_PERCENT,    loss,                  0, 0),
  F ("loss-correlation",      FIELD_PERCENT,    loss_correlation,      0, 0),
  F ("gemodel-p",             FIELD_PERCENT,    gemodel_p,             0, 0),
  F ("gemodel-r",             FIELD_PERCENT,    gemodel_r,             0, 0),
  F ("gemodel-1-h",           FIELD_PERCENT,    gemodel_1_h,           0, 0),
  F ("gemodel-1-k",           FIELD_PERCENT,    gemodel_1_k,           0, 0),
  F ("duplicate",             FIELD_PERCENT,    duplicate,             0, 0),
  F ("duplicate-correlation", FIELD_PERCENT,    duplicate_correlation, 0, 0),
  F ("reorder",               FIELD_PERCENT,    reorder,               0, 0),
  F ("reorder-correlation",   FIELD_PERCENT,    reorder_correlation,   0, 0),
  F ("reorder-gap",           FIELD_U32,        reorder_gap,           0, G_MAXUINT32),
  F ("corrupt",               FIELD_PERCENT,    corrupt,               0, 0),
  F ("corrupt-correlation",   FIELD_PERCENT,    corrupt_correlation,   0, 0),
  FW ("rate-bps",             FIELD_U64,        rate_bps,              TCGUI_PARAMS_MIN_RATE_BPS, TCGUI_PARAMS_MAX_RATE_BPS,
      TCGUI_PARAMS_RATE_STEP_BPS, "the kernel counts whole bytes per second"),
  F ("burst-bytes",           FIELD_U32,        burst_bytes,           TCGUI_PARAMS_MIN_BURST_BYTES, TCGUI_PARAMS_MAX_BURST_BYTES),
  F ("limit-packets",         FIELD_U32,        limit_packets,         1, TCGUI_PARAMS_MAX_LIMIT),
};

#undef F
#undef FW

static const char * const dist_names[] = {
  "", "uniform", "normal", "pareto", "paretonormal",
};

#define FIELD_PTR(p, f, T) ((T *) (gpointer) ((guint8 *) (p) + (f)->offset))

static const GVariantType *
field_variant_type (const Field *f)
{
  switch (f->type)
    {
    case FIELD_PERCENT:
      return G_VARIANT_TYPE_DOUBLE;
    case FIELD_U32:
      return G_VARIANT_TYPE_UINT32;
    case FIELD_U64:
      return G_VARIANT_TYPE_UINT64;
    case FIELD_DIST:
    case FIELD_LOSS_MODEL:
    default:
      return G_VARIANT_TYPE_STRING;
    }
}

void
tcgui_params_init (TcguiParams *params)
{
  memset (params, 0, sizeof *params);
}

const char *
tcgui_distribution_to_string (TcguiDistribution dist)
{
  g_return_val_if_fail ((guint) dist < G_N_ELEMENTS (dist_names), "");

  return dist_names[dist];
}

gboolean
tcgui_distribution_from_string (const char        *str,
                                TcguiDistribution *dist)
{
  for (guint i = 0; i < G_N_ELEMENTS (dist_names); i++)
    {
      if (g_strcmp0 (str, dist_names[i]) == 0)
        {
          *dist = (TcguiDistribution) i;
          return TRUE;
        }
    }
  return FALSE;
}

/* The kernel keeps probabilities on a u32 scale: 100 % is UINT32_MAX. */
guint32
tcgui_percent_to_u32 (double percent)
{
  double v = round (percent / 100.0 * (double) G_MAXUINT32);

  if (!(v > 0))
    return 0;
  if (v >= (double) G_MAXUINT32)
    return G_MAXUINT32;
  return (guint32) v;
}

/* Rounded to 1e-6 %, far below the u32 scale's step of 2.3e-8 % times
 * rounding noise, so a value read back equals the value that was set. */
double
tcgui_percent_from_u32 (guint32 value)
{
  double v = (double) value / (double) G_MAXUINT32 * 100.0;

  return round (v * 1e6) / 1e6;
}

static gboolean
check_percent (const char  *key,
               double       v,
               GError     **error)
{
  if (isnan (v) || v < 0.0 || v > 100.0)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "“%s” must be a percentage between 0 and 100, not %g", key, v);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_range (const Field  *f,
             guint64       v,
             GError      **error)
{
  /* 0 always means "off" or "default". */
  if (v != 0 && (v < f->min || v > f->max))
    {
      g_autofree char *range = f->min == 0
        ? g_strdup_printf ("at most %" G_GUINT64_FORMAT, f->max)
        : g_strdup_printf ("0 or between %" G_GUINT64_FORMAT " and %" G_GUINT64_FORMAT,
                           f->min, f->max);

      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "“%s” must be %s%s%s%s, not %" G_GUINT64_FORMAT, f->key, range,
                   f->why ? " (" : "", f->why ? f->why : "", f->why ? ")" : "", v);
      return FALSE;
    }
  if (f->step != 0 && v % f->step != 0)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "“%s” must be a multiple of %" G_GUINT64_FORMAT "%s%s%s, not %"
                   G_GUINT64_FORMAT, f->key, f->step,
                   f->why ? " (" : "", f->why ? f->why : "", f->why ? ")" : "", v);
      return FALSE;
    }
  return TRUE;
}

/**
 * tcgui_params_max_burst_bytes:
 * @rate_bps: a rate limit, bit/s
 *
 * The largest burst that tbf can report back at @rate_bps: its bucket is
 * read back as a time in 32-bit 64 ns ticks (at most 2^38 ns, 274.9 s of
 * the rate). Beyond it the kernel would still shape, but report a wrapped
 * value.
 *
 * Returns: the largest burst, at most %TCGUI_PARAMS_MAX_BURST_BYTES
 */
guint32
tcgui_params_max_burst_bytes (guint64 rate_bps)
{
  guint64 rate_bytes = rate_bps / 8;

  /* Above 2^25 B/s, 2^38 ns of the rate is far more than the 1 GiB cap
   * (and the product below would not fit 64 bits). */
  if (rate_bytes >= (G_GUINT64_CONSTANT (1) << 25))
    return TCGUI_PARAMS_MAX_BURST_BYTES;
  /* Strictly less than 2^38 ns: the kernel's own ns → ticks shift. */
  return (guint32) MIN ((rate_bytes * (TCGUI_PARAMS_MAX_BURST_NS - 1)) / 1000000000,
                        (guint64) TCGUI_PARAMS_MAX_BURST_BYTES);
}

/* tbf's queue by default: 50 ms of the rate besides the burst. */
#define QUEUE_LATENCY_NS (50 * 1000 * 1000)
/* IPv6 (40) and TCP with all options (60), and room for extension headers. */
#define GSO_MAX_HEADERS      128
#define GSO_DEFAULT_MAX_SIZE 65536

/* What a qdisc counts for the largest GSO packet of a device: each of its
 * segments is a full frame on the wire with headers of its own, and a
 * segment carries at least the MTU less the largest IP and TCP headers. */
static guint64
gso_packet_bytes (guint mtu,
                  guint gso_max)
{
  guint payload = mtu > 2 * GSO_MAX_HEADERS ? mtu - GSO_MAX_HEADERS : MAX (mtu / 2, 1u);
  guint64 segments = (gso_max ? gso_max : GSO_DEFAULT_MAX_SIZE) / payload + 1;

  return segments * ((guint64) mtu + TCGUI_PARAMS_ETH_OVERHEAD);
}

/**
 * tcgui_params_default_burst:
 * @gso_max: the device's IFLA_GSO_MAX_SIZE, 0 if unknown (64 KiB)
 *
 * The burst the helper gives a rate limit when the user sets none (and
 * the app's "Copy as tc Commands" writes): 10 ms worth of the rate, but at
 * least four full frames, and at least one GSO packet or the queue's 50 ms
 * at the rate, whichever is smaller (a whole GSO packet from about
 * 12 Mbit/s on with 64 KiB GSO; 31 KB at 5 Mbit/s); at most 128 MiB. tbf
 * splits an arriving GSO packet larger than its bucket: cheap at the slow
 * rates where it happens, and better there than a bucket of up to a second
 * that lets whole bursts through and fills the queue for as long.
 */
guint32
tcgui_params_default_burst (guint64 rate_bps,
                            guint   mtu,
                            guint   gso_max)
{
  guint64 burst = rate_bps / 8 / 100;
  guint64 queue = rate_bps / 8 * QUEUE_LATENCY_NS / 1000000000;

  burst = MAX (burst, 4 * ((guint64) mtu + TCGUI_PARAMS_ETH_OVERHEAD));
  burst = MAX (burst, MIN (gso_packet_bytes (mtu, gso_max), queue));
  burst = MIN (burst, 128u * 1024 * 1024);
  /* No more than the kernel can report back (at a very low rate with a
   * large MTU, fewer than four frames). */
  return (guint32) MIN (burst, tcgui_params_max_burst_bytes (rate_bps));
}

/* tbf's default queue in bytes: the burst and 50 ms of the rate, in its
 * 32 bits. */
guint32
tcgui_params_default_tbf_limit (guint32 burst_bytes,
                                guint64 rate_bps)
{
  guint64 bytes = (guint64) burst_bytes + rate_bps / 8 * QUEUE_LATENCY_NS / 1000000000;

  return (guint32) MIN (bytes, G_MAXUINT32);
}

static gboolean
check_field (const TcguiParams  *p,
             const Field        *f,
             GError            **error)
{
  switch (f->type)
    {
    case FIELD_PERCENT:
      return check_percent (f->key, *FIELD_PTR (p, f, const double), error);
    case FIELD_U32:
      return check_range (f, *FIELD_PTR (p, f, const guint32), error);
    case FIELD_U64:
      return check_range (f, *FIELD_PTR (p, f, const guint64), error);
    case FIELD_DIST:
      if ((guint) p->distribution < G_N_ELEMENTS (dist_names))
        return TRUE;
      break;
    case FIELD_LOSS_MODEL:
      if (p->loss_model == TCGUI_LOSS_RANDOM || p->loss_model == TCGUI_LOSS_GEMODEL)
        return TRUE;
      break;
    default:
      break;
    }
  g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
               "“%s” has an unknown value", f->key);
  return FALSE;
}

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT, message);
  return FALSE;
}

static gboolean
check_burst_fits (const TcguiParams  *p,
                  GError            **error)
{
  guint32 max = p->rate_bps != 0 ? tcgui_params_max_burst_bytes (p->rate_bps) : 0;

  if (p->burst_bytes == 0 || p->burst_bytes <= max)
    return TRUE;
  g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
               "“burst-bytes” must be at most %u at “rate-bps” %" G_GUINT64_FORMAT
               ": the kernel keeps the burst as at most 274.9 s of the rate, not %u",
               max, p->rate_bps, p->burst_bytes);
  return FALSE;
}

/* Combinations the kernel would refuse or silently ignore. */
static gboolean
check_dependencies (const TcguiParams  *p,
                    GError            **error)
{
  gboolean ge = p->loss_model == TCGUI_LOSS_GEMODEL;

  if (p->distribution != TCGUI_DIST_NONE && (p->delay_us == 0 || p->jitter_us == 0))
    return invalid (error, "“distribution” needs both “delay-us” and “jitter-us”");
  if ((p->jitter_us != 0 || p->delay_correlation != 0) && p->delay_us == 0)
    return invalid (error, "“jitter-us” and “delay-correlation” need “delay-us”");
  if (p->reorder != 0 && p->delay_us == 0)
    return invalid (error, "“reorder” needs “delay-us”: only delayed packets can be overtaken");
  if ((p->reorder_gap != 0 || p->reorder_correlation != 0) && p->reorder == 0)
    return invalid (error, "“reorder-gap” and “reorder-correlation” need “reorder”");
  if (p->loss_correlation != 0 && p->loss == 0)
    return invalid (error, "“loss-correlation” needs “loss”");
  if (ge && (p->loss != 0 || p->loss_correlation != 0))
    return invalid (error, "“loss” and “loss-correlation” are for the random loss model, "
                           "not “gemodel”");
  if (!ge && (p->gemodel_p != 0 || p->gemodel_r != 0 ||
              p->gemodel_1_h != 0 || p->gemodel_1_k != 0))
    return invalid (error, "“gemodel-*” keys need “loss-model” “gemodel”");
  if (p->duplicate_correlation != 0 && p->duplicate == 0)
    return invalid (error, "“duplicate-correlation” needs “duplicate”");
  if (p->corrupt_correlation != 0 && p->corrupt == 0)
    return invalid (error, "“corrupt-correlation” needs “corrupt”");
  if (p->burst_bytes != 0 && p->rate_bps == 0)
    return invalid (error, "“burst-bytes” needs “rate-bps”");
  return check_burst_fits (p, error);
}

/**
 * tcgui_params_validate:
 *
 * Checks every field's range and the combinations the kernel would refuse.
 * The burst's lower bound that depends on the interface's MTU is checked
 * by the helper when it knows the interface.
 *
 * Returns: %TRUE, or %FALSE with %TCGUI_ERROR_INVALID_ARGUMENT naming the
 *   field and its range
 */
gboolean
tcgui_params_validate (const TcguiParams  *params,
                       GError            **error)
{
  g_return_val_if_fail (params != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (!check_field (params, &fields[i], error))
      return FALSE;

  return check_dependencies (params, error);
}

static gboolean
set_string_field (TcguiParams  *p,
                  const Field  *f,
                  const char   *str,
                  GError      **error)
{
  if (f->type == FIELD_DIST)
    {
      if (tcgui_distribution_from_string (str, &p->distribution))
        return TRUE;
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "“distribution” must be “”, “uniform”, “normal”, “pareto” "
                   "or “paretonormal”, not “%s”", str);
      return FALSE;
    }

  if (g_strcmp0 (str, "random") == 0)
    p->loss_model = TCGUI_LOSS_RANDOM;
  else if (g_strcmp0 (str, "gemodel") == 0)
    p->loss_model = TCGUI_LOSS_GEMODEL;
  else
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "“loss-model” must be “random” or “gemodel”, not “%s”", str);
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_field (TcguiParams  *p,
           const Field  *f,
           GVariant     *value,
           GError      **error)
{
  if (!g_variant_is_of_type (value, field_variant_type (f)))
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "“%s” must be of type “%s”, not “%s”", f->key,
                   (const char *) field_variant_type (f),
                   g_variant_get_type_string (value));
      return FALSE;
    }

  switch (f->type)
    {
    case FIELD_PERCENT:
      *FIELD_PTR (p, f, double) = g_variant_get_double (value);
      return check_percent (f->key, *FIELD_PTR (p, f, double), error);
    case FIELD_U32:
      *FIELD_PTR (p, f, guint32) = g_variant_get_uint32 (value);
      return TRUE;
    case FIELD_U64:
      *FIELD_PTR (p, f, guint64) = g_variant_get_uint64 (value);
      return TRUE;
    case FIELD_DIST:
    case FIELD_LOSS_MODEL:
    default:
      return set_string_field (p, f, g_variant_get_string (value, NULL), error);
    }
}

static const Field *
find_field (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (strcmp (fields[i].key, key) == 0)
      return &fields[i];
  return NULL;
}

/* tc's defaults for `loss gemodel p [r [1-h [1-k]]]`: r = 100 - p, a bad
 * state that loses everything (1-h = 100) and a good one that loses
 * nothing (1-k = 0). */
static void
apply_gemodel_defaults (TcguiParams *p,
                        GHashTable  *seen)
{
  if (p->loss_model != TCGUI_LOSS_GEMODEL)
    return;
  if (!g_hash_table_contains (seen, "gemodel-r"))
    p->gemodel_r = 100.0 - p->gemodel_p;
  if (!g_hash_table_contains (seen, "gemodel-1-h"))
    p->gemodel_1_h = 100.0;
}

/**
 * tcgui_params_from_variant:
 * @dict: an a{sv} of SetShaping
 * @params: (out caller-allocates): the parsed parameters
 *
 * Parses and validates @dict. Absent keys are 0 ("off"). Unknown keys,
 * repeated keys, wrong types and out-of-range values are refused.
 *
 * Returns: %TRUE, or %FALSE with %TCGUI_ERROR_INVALID_ARGUMENT
 */
gboolean
tcgui_params_from_variant (GVariant     *dict,
                           TcguiParams  *params,
                           GError      **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GVariantIter iter;
  const char *key;
  GVariant *value;

  tcgui_params_init (params);

  if (dict == NULL || !g_variant_is_of_type (dict, G_VARIANT_TYPE_VARDICT))
    return invalid (error, "The parameters must be an a{sv} dictionary");

  g_variant_iter_init (&iter, dict);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    {
      const Field *f = find_field (key);

      if (f == NULL || !g_hash_table_add (seen, (gpointer) f->key))
        {
          g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                       f ? "The parameter “%s” is given twice"
                         : "Unknown parameter “%s”", key);
          g_variant_unref (value);
          return FALSE;
        }
      if (!set_field (params, f, value, error))
        {
          g_variant_unref (value);
          return FALSE;
        }
    }

  apply_gemodel_defaults (params, seen);

  return tcgui_params_validate (params, error);
}

static GVariant *
field_to_variant (const TcguiParams *p,
                  const Field       *f)
{
  switch (f->type)
    {
    case FIELD_PERCENT:
      return g_variant_new_double (*FIELD_PTR (p, f, const double));
    case FIELD_U32:
      return g_variant_new_uint32 (*FIELD_PTR (p, f, const guint32));
    case FIELD_U64:
      return g_variant_new_uint64 (*FIELD_PTR (p, f, const guint64));
    case FIELD_DIST:
      return g_variant_new_string (tcgui_distribution_to_string (p->distribution));
    case FIELD_LOSS_MODEL:
    default:
      return g_variant_new_string (p->loss_model == TCGUI_LOSS_GEMODEL ? "gemodel" : "random");
    }
}

static gboolean
field_is_zero (const TcguiParams *p,
               const Field       *f)
{
  switch (f->type)
    {
    case FIELD_PERCENT:
      return *FIELD_PTR (p, f, const double) == 0.0;
    case FIELD_U32:
      return *FIELD_PTR (p, f, const guint32) == 0;
    case FIELD_U64:
      return *FIELD_PTR (p, f, const guint64) == 0;
    case FIELD_DIST:
      return p->distribution == TCGUI_DIST_NONE;
    case FIELD_LOSS_MODEL:
    default:
      return p->loss_model == TCGUI_LOSS_RANDOM;
    }
}

/**
 * tcgui_params_to_variant:
 *
 * Writes the non-default fields; the gemodel keys are all written when the
 * model is "gemodel", so parsing the result gives back @params.
 *
 * Returns: (transfer floating): an a{sv}
 */
GVariant *
tcgui_params_to_variant (const TcguiParams *params)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  gboolean ge = params->loss_model == TCGUI_LOSS_GEMODEL;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const Field *f = &fields[i];

      if (field_is_zero (params, f) &&
          !(ge && g_str_has_prefix (f->key, "gemodel-")))
        continue;
      g_variant_builder_add (&builder, "{sv}", f->key, field_to_variant (params, f));
    }

  return g_variant_builder_end (&builder);
}

gboolean
tcgui_params_is_empty (const TcguiParams *params)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (!field_is_zero (params, &fields[i]))
      return FALSE;
  return TRUE;
}

/* Whether the set needs the netem qdisc, or a tbf alone does. */
gboolean
tcgui_params_needs_netem (const TcguiParams *p)
{
  TcguiParams rate_only;

  tcgui_params_init (&rate_only);
  rate_only.rate_bps = p->rate_bps;
  rate_only.burst_bytes = p->burst_bytes;
  rate_only.limit_packets = p->limit_packets;

  return !tcgui_params_equal (p, &rate_only);
}

gboolean
tcgui_params_equal (const TcguiParams *a,
                    const TcguiParams *b)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const Field *f = &fields[i];

      if (f->type == FIELD_PERCENT)
        {
          /* Within the kernel's u32 resolution. */
          if (fabs (*FIELD_PTR (a, f, const double) - *FIELD_PTR (b, f, const double)) > 1e-6)
            return FALSE;
        }
      else if (f->type == FIELD_U64)
        {
          if (*FIELD_PTR (a, f, const guint64) != *FIELD_PTR (b, f, const guint64))
            return FALSE;
        }
      else if (*FIELD_PTR (a, f, const guint32) != *FIELD_PTR (b, f, const guint32))
        return FALSE;
    }
  return TRUE;
}
