/* tcgui-params.c - the shaping-parameter model: validation and a{sv}
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-params"

#include "config.h"

#include <arpa/inet.h>
#include <math.h>
#include <string.h>
#include <sys/socket.h>

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

/* Keys of a dictionary that are not parameter fields ("flows" at the top,
 * "match" and the like in a flow): TRUE when @key was taken, FALSE with
 * @error set when its value is bad, FALSE without an error when @key is
 * unknown. */
typedef gboolean (*ExtraKeyFunc) (const char  *key,
                                  GVariant    *value,
                                  gpointer     data,
                                  GError     **error);

static gboolean
parse_dict (GVariant      *dict,
            TcguiParams   *params,
            ExtraKeyFunc   extra,
            gpointer       data,
            GError       **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  tcgui_params_init (params);

  if (dict == NULL || !g_variant_is_of_type (dict, G_VARIANT_TYPE_VARDICT))
    return invalid (error, "The parameters must be an a{sv} dictionary");

  for (gsize i = 0; i < g_variant_n_children (dict); i++)
    {
      g_autoptr(GVariant) value = NULL;
      const char *key;

      g_variant_get_child (dict, i, "{&sv}", &key, &value);
      const Field *f = find_field (key);
      gboolean twice = !g_hash_table_add (seen, (gpointer) key);

      if (twice)
        {
          g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                       "The parameter “%s” is given twice", key);
          return FALSE;
        }
      if (f != NULL)
        {
          if (!set_field (params, f, value, error))
            return FALSE;
          continue;
        }
      if (extra != NULL && extra (key, value, data, error))
        continue;
      if (error == NULL || *error == NULL)
        g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                     "Unknown parameter “%s”", key);
      return FALSE;
    }

  apply_gemodel_defaults (params, seen);

  return tcgui_params_validate (params, error);
}

static gboolean parse_flows (GVariant   *value,
                             GPtrArray  *flows,
                             GError    **error);

typedef struct
{
  GPtrArray *flows;
} TopLevel;

static gboolean
top_level_key (const char  *key,
               GVariant    *value,
               gpointer     data,
               GError     **error)
{
  TopLevel *top = data;
  g_autoptr(GPtrArray) ignored = NULL;

  if (strcmp (key, "flows") != 0)
    return FALSE;
  /* Callers that do not handle flows still get them validated. */
  if (top->flows == NULL)
    top->flows = ignored = tcgui_flows_new ();
  if (parse_flows (value, top->flows, error))
    {
      if (ignored != NULL)
        top->flows = NULL;
      return TRUE;
    }
  return FALSE;
}

/**
 * tcgui_params_from_variant_full:
 * @dict: an a{sv} of SetShaping
 * @params: (out caller-allocates): the parsed parameters
 * @flows: (out) (optional) (transfer full): the "flows", an array of
 *   #TcguiFlow (empty when there are none)
 *
 * Parses and validates @dict. Absent keys are 0 ("off"). Unknown keys,
 * repeated keys, wrong types and out-of-range values are refused, also in
 * the flows (the message then starts with “flows[N]”). Without @flows the
 * flows are validated and dropped.
 *
 * Returns: %TRUE, or %FALSE with %TCGUI_ERROR_INVALID_ARGUMENT
 */
gboolean
tcgui_params_from_variant_full (GVariant     *dict,
                                TcguiParams  *params,
                                GPtrArray   **flows,
                                GError      **error)
{
  g_autoptr(GPtrArray) parsed = flows != NULL ? tcgui_flows_new () : NULL;
  TopLevel top = { parsed };

  if (!parse_dict (dict, params, top_level_key, &top, error))
    return FALSE;
  if (flows != NULL)
    *flows = g_steal_pointer (&parsed);
  return TRUE;
}

/**
 * tcgui_params_from_variant:
 * @dict: an a{sv} of SetShaping
 * @params: (out caller-allocates): the parsed parameters
 *
 * tcgui_params_from_variant_full() for callers that do not handle flows.
 *
 * Returns: %TRUE, or %FALSE with %TCGUI_ERROR_INVALID_ARGUMENT
 */
gboolean
tcgui_params_from_variant (GVariant     *dict,
                           TcguiParams  *params,
                           GError      **error)
{
  return tcgui_params_from_variant_full (dict, params, NULL, error);
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

/* Flows ---------------------------------------------------------------- */

static const char * const protocol_names[] = {
  "", "tcp", "udp", "icmp", "icmpv6", "sctp",
};

const char *
tcgui_flow_protocol_to_string (TcguiFlowProtocol protocol)
{
  g_return_val_if_fail ((guint) protocol < G_N_ELEMENTS (protocol_names), "");

  return protocol_names[protocol];
}

gboolean
tcgui_flow_protocol_from_string (const char        *str,
                                 TcguiFlowProtocol *protocol)
{
  for (guint i = 0; i < G_N_ELEMENTS (protocol_names); i++)
    {
      if (g_strcmp0 (str, protocol_names[i]) == 0)
        {
          *protocol = (TcguiFlowProtocol) i;
          return TRUE;
        }
    }
  return FALSE;
}

TcguiFlow *
tcgui_flow_new (void)
{
  return g_new0 (TcguiFlow, 1);
}

void
tcgui_flow_free (TcguiFlow *flow)
{
  if (flow == NULL)
    return;
  g_free (flow->match.peer);
  g_free (flow->match.network);
  g_free (flow->label);
  g_free (flow);
}

TcguiFlow *
tcgui_flow_copy (const TcguiFlow *flow)
{
  TcguiFlow *copy = g_memdup2 (flow, sizeof *flow);

  copy->match.peer = g_strdup (flow->match.peer);
  copy->match.network = g_strdup (flow->match.network);
  copy->label = g_strdup (flow->label);
  return copy;
}

GPtrArray *
tcgui_flows_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) tcgui_flow_free);
}

static gboolean
flow_invalid (GError     **error,
              guint        index,
              const char  *key,
              const char  *format,
              ...) G_GNUC_PRINTF (4, 5);

/* "“flows[3].match.port-min” must be …" */
static gboolean
flow_invalid (GError     **error,
              guint        index,
              const char  *key,
              const char  *format,
              ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
               "“flows[%u]%s%s” %s", index, key[0] ? "." : "", key, what);
  return FALSE;
}

static gboolean
prefix_invalid (GError     **error,
                const char  *str,
                const char  *why)
{
  g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
               "must be an IPv4 or IPv6 address or prefix (“10.1.0.0/16”, “fd00::1”), "
               "not “%s”: %s", str, why);
  return FALSE;
}

/**
 * tcgui_flow_prefix_parse:
 * @str: "ADDRESS" or "ADDRESS/LENGTH"
 *
 * Parses an IPv4 or IPv6 prefix. An address alone is a host (/32, /128);
 * bits beyond the length must be clear (the kernel matches the prefix
 * only, and reads it back that way).
 *
 * Returns: %TRUE, or %FALSE with an error message that completes
 *   “the key ”
 */
gboolean
tcgui_flow_prefix_parse (const char  *str,
                         int         *family,
                         guint8       addr[16],
                         guint       *prefix_len,
                         GError     **error)
{
  g_autofree char *copy = g_strndup (str, 64);
  char *slash = strchr (copy, '/');
  guint max;
  guint64 len;

  if (strlen (str) > 63)
    return prefix_invalid (error, "…", "too long");
  if (slash != NULL)
    *slash++ = '\0';
  memset (addr, 0, 16);
  if (inet_pton (AF_INET, copy, addr) == 1)
    *family = AF_INET, max = 32;
  else if (inet_pton (AF_INET6, copy, addr) == 1)
    *family = AF_INET6, max = 128;
  else
    return prefix_invalid (error, str, "not an address");

  len = max;
  if (slash != NULL &&
      (!g_ascii_string_to_unsigned (slash, 10, 0, max, &len, NULL)))
    return prefix_invalid (error, str, "the length is not a number from 0 to 32 (IPv4) or 128 (IPv6)");
  *prefix_len = (guint) len;

  for (guint bit = *prefix_len; bit < max; bit++)
    if (addr[bit / 8] & (0x80 >> (bit % 8)))
      return prefix_invalid (error, str, "bits are set beyond the prefix length");
  return TRUE;
}

char *
tcgui_flow_prefix_to_string (int           family,
                             const guint8  addr[16],
                             guint         prefix_len)
{
  char text[INET6_ADDRSTRLEN] = "";
  guint max = family == AF_INET ? 32 : 128;

  inet_ntop (family, addr, text, sizeof text);
  if (prefix_len == max)
    return g_strdup (text);
  return g_strdup_printf ("%s/%u", text, prefix_len);
}

static gboolean
check_name (const char  *name,
            guint        index,
            const char  *key,
            GError     **error)
{
  if (name == NULL)
    return TRUE;
  if (name[0] == '\0' || strlen (name) > TCGUI_FLOW_NAME_MAX)
    return flow_invalid (error, index, key, "must be 1 to %d bytes long", TCGUI_FLOW_NAME_MAX);
  for (const char *c = name; *c; c++)
    if ((guchar) *c < 0x20 || *c == 0x7f)
      return flow_invalid (error, index, key, "must not contain control characters");
  return TRUE;
}

static gboolean
check_label (const char  *label,
             guint        index,
             GError     **error)
{
  if (label == NULL)
    return TRUE;
  if (strlen (label) > TCGUI_FLOW_LABEL_MAX || !g_utf8_validate (label, -1, NULL))
    return flow_invalid (error, index, "label", "must be UTF-8 of at most %d bytes",
                         TCGUI_FLOW_LABEL_MAX);
  for (const char *c = label; *c; c++)
    if ((guchar) *c < 0x20 || *c == 0x7f)
      return flow_invalid (error, index, "label", "must not contain control characters");
  return TRUE;
}

static gboolean
protocol_has_ports (TcguiFlowProtocol protocol)
{
  return protocol == TCGUI_FLOW_PROTO_TCP || protocol == TCGUI_FLOW_PROTO_UDP ||
         protocol == TCGUI_FLOW_PROTO_SCTP;
}

static gboolean
check_match (const TcguiFlowMatch  *m,
             gboolean               foreign,
             guint                  index,
             GError               **error)
{
  guint addresses = (m->peer != NULL) + (m->network != NULL) + (m->family != 0);

  if (!check_name (m->peer, index, "match.peer", error) ||
      !check_name (m->network, index, "match.network", error))
    return FALSE;
  if ((guint) m->protocol >= G_N_ELEMENTS (protocol_names))
    return flow_invalid (error, index, "match.protocol", "has an unknown value");
  /* A filter TC GUI did not make may match what the model cannot say. */
  if (addresses == 0 && m->protocol == TCGUI_FLOW_PROTO_ANY && !foreign)
    return flow_invalid (error, index, "match",
                         "needs at least one of “peer”, “network”, “prefix” or “protocol”");
  if (addresses > 1)
    return flow_invalid (error, index, "match",
                         "takes only one of “peer”, “network” and “prefix”");
  if (m->family != 0 && m->family != AF_INET && m->family != AF_INET6)
    return flow_invalid (error, index, "match.prefix", "has an unknown address family");
  if ((m->family == AF_INET && (m->protocol == TCGUI_FLOW_PROTO_ICMPV6 || m->prefix_len > 32)) ||
      (m->family == AF_INET6 && (m->protocol == TCGUI_FLOW_PROTO_ICMP || m->prefix_len > 128)))
    return flow_invalid (error, index, "match.protocol",
                         "does not fit the prefix's address family (icmp is IPv4, icmpv6 IPv6)");
  if (m->port_max != 0 && m->port_min == 0)
    return flow_invalid (error, index, "match.port-max", "needs “port-min”");
  if (m->port_min != 0 && !protocol_has_ports (m->protocol))
    return flow_invalid (error, index, "match.port-min",
                         "needs “protocol” “tcp”, “udp” or “sctp”");
  if (m->port_max != 0 && m->port_max < m->port_min)
    return flow_invalid (error, index, "match.port-max",
                         "must not be smaller than “port-min” (%u), not %u",
                         m->port_min, m->port_max);
  return TRUE;
}

/**
 * tcgui_flow_validate:
 * @index: the flow's place in "flows", for the message
 *
 * Checks the match and the flow's parameters with the same rules as the
 * top level's. A partition takes no other parameter. A foreign flow (read
 * back) may have an empty match.
 *
 * Returns: %TRUE, or %FALSE with %TCGUI_ERROR_INVALID_ARGUMENT naming
 *   “flows[INDEX]…”
 */
gboolean
tcgui_flow_validate (const TcguiFlow  *flow,
                     guint             index,
                     GError          **error)
{
  if (!check_match (&flow->match, flow->foreign, index, error) ||
      !check_label (flow->label, index, error))
    return FALSE;
  if (flow->partition && !tcgui_params_is_empty (&flow->params))
    return flow_invalid (error, index, "partition",
                         "drops everything it matches: the flow takes no other parameter");
  if (!tcgui_params_validate (&flow->params, error))
    {
      g_prefix_error (error, "flows[%u]: ", index);
      return FALSE;
    }
  return TRUE;
}

static gboolean
match_string (GVariant    *value,
              guint        index,
              const char  *key,
              char       **out,
              GError     **error)
{
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return flow_invalid (error, index, key, "must be of type “s”, not “%s”",
                         g_variant_get_type_string (value));
  g_free (*out);
  *out = g_variant_dup_string (value, NULL);
  return TRUE;
}

static gboolean
match_port (GVariant    *value,
            guint        index,
            const char  *key,
            guint16     *out,
            GError     **error)
{
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_UINT16))
    return flow_invalid (error, index, key, "must be of type “q”, not “%s”",
                         g_variant_get_type_string (value));
  *out = g_variant_get_uint16 (value);
  if (*out == 0)
    return flow_invalid (error, index, key, "must be a port from 1 to 65535");
  return TRUE;
}

static gboolean
match_prefix_or_protocol (TcguiFlowMatch  *m,
                          const char      *key,
                          GVariant        *value,
                          guint            index,
                          GError         **error)
{
  g_autofree char *str = NULL;
  g_autofree char *path = g_strconcat ("match.", key, NULL);
  g_autoptr(GError) local = NULL;

  if (!match_string (value, index, path, &str, error))
    return FALSE;
  if (strcmp (key, "protocol") == 0)
    {
      if (str[0] != '\0' && tcgui_flow_protocol_from_string (str, &m->protocol))
        return TRUE;
      return flow_invalid (error, index, path,
                           "must be “tcp”, “udp”, “icmp”, “icmpv6” or “sctp”, not “%s”", str);
    }
  if (tcgui_flow_prefix_parse (str, &m->family, m->addr, &m->prefix_len, &local))
    return TRUE;
  return flow_invalid (error, index, path, "%s", local->message);
}

static gboolean
parse_match (GVariant        *dict,
             guint            index,
             TcguiFlowMatch  *m,
             GError         **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (!g_variant_is_of_type (dict, G_VARIANT_TYPE_VARDICT))
    return flow_invalid (error, index, "match", "must be of type “a{sv}”, not “%s”",
                         g_variant_get_type_string (dict));

  for (gsize i = 0; i < g_variant_n_children (dict); i++)
    {
      g_autoptr(GVariant) value = NULL;
      const char *key;

      g_variant_get_child (dict, i, "{&sv}", &key, &value);
      g_autofree char *path = g_strconcat ("match.", key, NULL);
      gboolean ok;

      if (!g_hash_table_add (seen, (gpointer) key))
        return flow_invalid (error, index, path, "is given twice");
      if (strcmp (key, "peer") == 0)
        ok = match_string (value, index, path, &m->peer, error);
      else if (strcmp (key, "network") == 0)
        ok = match_string (value, index, path, &m->network, error);
      else if (strcmp (key, "prefix") == 0 || strcmp (key, "protocol") == 0)
        ok = match_prefix_or_protocol (m, key, value, index, error);
      else if (strcmp (key, "port-min") == 0)
        ok = match_port (value, index, path, &m->port_min, error);
      else if (strcmp (key, "port-max") == 0)
        ok = match_port (value, index, path, &m->port_max, error);
      else
        ok = flow_invalid (error, index, path, "is not a known match key");
      if (!ok)
        return FALSE;
    }

  /* port-min alone is one port. */
  if (m->port_min != 0 && m->port_max == 0)
    m->port_max = m->port_min;
  return TRUE;
}

typedef struct
{
  TcguiFlow *flow;
  guint      index;
  gboolean   has_match;
} FlowKeys;

static gboolean
flow_bool (GVariant    *value,
           guint        index,
           const char  *key,
           gboolean    *out,
           GError     **error)
{
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    return flow_invalid (error, index, key, "must be of type “b”, not “%s”",
                         g_variant_get_type_string (value));
  *out = g_variant_get_boolean (value);
  return TRUE;
}

static gboolean
flow_key (const char  *key,
          GVariant    *value,
          gpointer     data,
          GError     **error)
{
  FlowKeys *fk = data;
  TcguiFlow *flow = fk->flow;

  if (strcmp (key, "match") == 0)
    {
      fk->has_match = TRUE;
      return parse_match (value, fk->index, &flow->match, error);
    }
  if (strcmp (key, "partition") == 0)
    return flow_bool (value, fk->index, key, &flow->partition, error);
  if (strcmp (key, "foreign") == 0)
    return flow_bool (value, fk->index, key, &flow->foreign, error);
  if (strcmp (key, "label") == 0)
    return match_string (value, fk->index, key, &flow->label, error);
  return flow_invalid (error, fk->index, key, "is not a parameter a flow takes");
}

static TcguiFlow *
parse_flow (GVariant  *dict,
            guint      index,
            GError   **error)
{
  g_autoptr(TcguiFlow) flow = tcgui_flow_new ();
  FlowKeys fk = { flow, index, FALSE };
  g_autoptr(GError) local = NULL;

  if (!parse_dict (dict, &flow->params, flow_key, &fk, &local))
    {
      if (!g_str_has_prefix (local->message, "“flows["))
        g_prefix_error (&local, "flows[%u]: ", index);
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (!fk.has_match)
    {
      flow_invalid (error, index, "match", "is required");
      return NULL;
    }
  if (!tcgui_flow_validate (flow, index, error))
    return NULL;
  return g_steal_pointer (&flow);
}

static gboolean
parse_flows (GVariant   *value,
             GPtrArray  *flows,
             GError    **error)
{
  gsize n;

  if (!g_variant_is_of_type (value, G_VARIANT_TYPE ("aa{sv}")))
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "“flows” must be of type “aa{sv}”, not “%s”",
                   g_variant_get_type_string (value));
      return FALSE;
    }
  n = g_variant_n_children (value);
  if (n > TCGUI_FLOWS_MAX)
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                   "“flows” takes at most %d flows per direction, not %" G_GSIZE_FORMAT,
                   TCGUI_FLOWS_MAX, n);
      return FALSE;
    }
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (value, i);
      TcguiFlow *flow = parse_flow (child, (guint) i, error);

      if (flow == NULL)
        return FALSE;
      g_ptr_array_add (flows, flow);
    }
  return TRUE;
}

static GVariant *
match_to_variant (const TcguiFlowMatch *m)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  if (m->peer != NULL)
    g_variant_builder_add (&builder, "{sv}", "peer", g_variant_new_string (m->peer));
  if (m->network != NULL)
    g_variant_builder_add (&builder, "{sv}", "network", g_variant_new_string (m->network));
  if (m->family != 0)
    g_variant_builder_add (&builder, "{sv}", "prefix",
                           g_variant_new_take_string (tcgui_flow_prefix_to_string (m->family, m->addr,
                                                                                   m->prefix_len)));
  if (m->protocol != TCGUI_FLOW_PROTO_ANY)
    g_variant_builder_add (&builder, "{sv}", "protocol",
                           g_variant_new_string (tcgui_flow_protocol_to_string (m->protocol)));
  if (m->port_min != 0)
    g_variant_builder_add (&builder, "{sv}", "port-min", g_variant_new_uint16 (m->port_min));
  if (m->port_max != 0 && m->port_max != m->port_min)
    g_variant_builder_add (&builder, "{sv}", "port-max", g_variant_new_uint16 (m->port_max));
  return g_variant_builder_end (&builder);
}

/**
 * tcgui_flow_to_variant:
 *
 * Returns: (transfer floating): the a{sv} of one flow
 */
GVariant *
tcgui_flow_to_variant (const TcguiFlow *flow)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(GVariant) params = g_variant_ref_sink (tcgui_params_to_variant (&flow->params));
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_variant_builder_add (&builder, "{sv}", "match", match_to_variant (&flow->match));
  if (flow->partition)
    g_variant_builder_add (&builder, "{sv}", "partition", g_variant_new_boolean (TRUE));
  if (flow->foreign)
    g_variant_builder_add (&builder, "{sv}", "foreign", g_variant_new_boolean (TRUE));
  if (flow->label != NULL)
    g_variant_builder_add (&builder, "{sv}", "label", g_variant_new_string (flow->label));
  g_variant_iter_init (&iter, params);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      g_variant_builder_add (&builder, "{sv}", key, value);
      g_variant_unref (value);
    }
  return g_variant_builder_end (&builder);
}

/**
 * tcgui_params_to_variant_full:
 * @flows: (nullable): an array of #TcguiFlow
 *
 * tcgui_params_to_variant() with "flows" when @flows is not empty.
 *
 * Returns: (transfer floating): an a{sv}
 */
GVariant *
tcgui_params_to_variant_full (const TcguiParams *params,
                              GPtrArray         *flows)
{
  g_autoptr(GVariant) top = g_variant_ref_sink (tcgui_params_to_variant (params));
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_auto(GVariantBuilder) list = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  GVariantIter iter;
  const char *key;
  GVariant *value;

  if (flows == NULL || flows->len == 0)
    return tcgui_params_to_variant (params);

  g_variant_iter_init (&iter, top);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      g_variant_builder_add (&builder, "{sv}", key, value);
      g_variant_unref (value);
    }
  for (guint i = 0; i < flows->len; i++)
    g_variant_builder_add_value (&list, tcgui_flow_to_variant (g_ptr_array_index (flows, i)));
  g_variant_builder_add (&builder, "{sv}", "flows", g_variant_builder_end (&list));
  return g_variant_builder_end (&builder);
}

static gboolean
match_equal (const TcguiFlowMatch *a,
             const TcguiFlowMatch *b)
{
  return g_strcmp0 (a->peer, b->peer) == 0 && g_strcmp0 (a->network, b->network) == 0 &&
         a->family == b->family && a->prefix_len == b->prefix_len &&
         memcmp (a->addr, b->addr, sizeof a->addr) == 0 && a->protocol == b->protocol &&
         a->port_min == b->port_min && a->port_max == b->port_max;
}

gboolean
tcgui_flow_equal (const TcguiFlow *a,
                  const TcguiFlow *b)
{
  return match_equal (&a->match, &b->match) && !a->partition == !b->partition &&
         !a->foreign == !b->foreign && g_strcmp0 (a->label, b->label) == 0 &&
         tcgui_params_equal (&a->params, &b->params);
}

gboolean
tcgui_flows_equal (GPtrArray *a,
                   GPtrArray *b)
{
  guint na = a != NULL ? a->len : 0;
  guint nb = b != NULL ? b->len : 0;

  if (na != nb)
    return FALSE;
  for (guint i = 0; i < na; i++)
    if (!tcgui_flow_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;
  return TRUE;
}
