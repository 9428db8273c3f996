/* tcgui-service-watch.h - Watch/Unwatch and the Counters signal
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tcgui-service.h"

G_BEGIN_DECLS

/* One watch (InvalidArgument beyond). */
#define TCGUI_WATCH_INTERVAL_MIN_MS       250
#define TCGUI_WATCH_INTERVAL_MAX_MS       5000
#define TCGUI_WATCH_MAX_TARGETS           1024

/* One user (uid), all its connections together (LimitExceeded beyond). */
#define TCGUI_WATCH_MAX_WATCHES_PER_USER  64
#define TCGUI_WATCH_MAX_TARGETS_PER_USER  4096
/* Targets × rounds per second: 1024 targets at 250 ms, 4096 at 1 s. */
#define TCGUI_WATCH_MAX_SAMPLES_PER_USER  4096

/* One connection: Counters signals sent to it and not yet read, as far as
 * a Peer.Ping answered after them tells. Beyond, its watches are dropped. */
#define TCGUI_WATCH_MAX_UNREAD_BYTES      (4 * 1024 * 1024)
#define TCGUI_WATCH_PING_TIMEOUT_MS       10000

void  tcgui_service_watch_iface_init    (TcguiHelper1Iface *iface);
guint tcgui_service_watch_get_n_watches (TcguiService      *service);

G_END_DECLS
