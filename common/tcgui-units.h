/* tcgui-units.h - shaping parameters as `tc` users type them
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "tcgui-params.h"

G_BEGIN_DECLS

typedef enum
{
  TCGUI_UNIT_TIME,     /* "100ms", "1.5s", "250us" → µs */
  TCGUI_UNIT_RATE,     /* "5mbit", "512kbit", "1gbit", "100kbps" → bit/s */
  TCGUI_UNIT_SIZE,     /* "32kb", "1mb", "1514b", "1514" → bytes */
  TCGUI_UNIT_PERCENT,  /* "1%", "0.5" → % */
  TCGUI_UNIT_COUNT,    /* "5" */
  TCGUI_UNIT_WORD,     /* "normal", ... */
} TcguiUnit;

/**
 * TcguiParamOption:
 * @option: the command-line option without "--", e.g. "delay"
 * @key: the a{sv} key of SetShaping it sets, e.g. "delay-us"
 * @unit: how its value is written
 *
 * One option of `tcguictl set`, and of "Copy as Command".
 */
typedef struct
{
  const char *option;
  const char *key;
  TcguiUnit   unit;
} TcguiParamOption;

const TcguiParamOption *tcgui_param_options_get_all (guint                  *n_options);
const TcguiParamOption *tcgui_param_options_find    (const char             *option);

gboolean  tcgui_units_parse        (TcguiUnit      unit,
                                    const char    *text,
                                    double        *value,
                                    GError       **error);
char     *tcgui_units_format       (TcguiUnit      unit,
                                    double         value);

gboolean  tcgui_params_add_option  (GVariantDict  *dict,
                                    const char    *option,
                                    const char    *text,
                                    GError       **error);
gboolean  tcgui_params_from_options (GVariantDict *dict,
                                    TcguiParams   *params,
                                    GError       **error);
char     *tcgui_params_to_options  (const TcguiParams *params);

gboolean  tcgui_duration_parse     (const char    *text,
                                    guint32       *seconds,
                                    GError       **error);
char     *tcgui_duration_format    (guint32        seconds);

G_END_DECLS
