/* tcgui-service-watch.h - Watch/Unwatch and the Counters signal
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tcgui-service.h"

G_BEGIN_DECLS

#define TCGUI_WATCH_INTERVAL_MIN_MS       250
#define TCGUI_WATCH_INTERVAL_MAX_MS       5000
#define TCGUI_WATCH_MAX_TARGETS           1024
#define TCGUI_WATCH_MAX_WATCHES_PER_CALLER 64

void  tcgui_service_watch_iface_init    (TcguiHelper1Iface *iface);
guint tcgui_service_watch_get_n_watches (TcguiService      *service);

G_END_DECLS
