/* tcgui-service-batch.h - D-Bus handler of SetShapingBatch
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tcgui-helper1-generated.h"

G_BEGIN_DECLS

/* A whole batch's items, serialized: half the bus's default message limit. */
#define TCGUI_BATCH_MAX_BYTES        (16u * 1024u * 1024u)
/* One item's parameters, serialized (64 flows per direction fit easily). */
#define TCGUI_BATCH_MAX_ITEM_BYTES   (64u * 1024u)
/* One result's message: the reply stays far below the bus's limit. */
#define TCGUI_BATCH_MAX_MESSAGE_BYTES 1024u

gboolean tcgui_service_handle_set_shaping_batch (TcguiHelper1          *object,
                                                 GDBusMethodInvocation *invocation,
                                                 GVariant              *items);

void     tcgui_service_batch_iface_init         (TcguiHelper1Iface     *iface);

G_END_DECLS
