/* fuzz-runtime-json.c - libFuzzer target: what a container runtime answers
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The helper (root) parses JSON from the Docker/Podman sockets, and from a
 * user's own rootless Podman, which that user controls. Every parser gets
 * every input; none may crash, leak or return a half-filled struct.
 *
 *   ninja -C build-fuzz tests/fuzz/fuzz-runtime-json
 *   build-fuzz/tests/fuzz/fuzz-runtime-json -max_total_time=60 \
 *     NEW_CORPUS_DIR tests/discovery/fixtures/docker tests/discovery/fixtures/podman
 */

#include "config.h"

#include <string.h>

#include "tcgui-cgroup-scan.h"
#include "tcgui-runtime.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_container (const TcguiRuntimeContainer *c)
{
  g_assert_true (tcgui_runtime_id_is_valid (c->id));
  g_assert_nonnull (c->name);
  g_assert_nonnull (c->image);
  g_assert_nonnull (c->state);
  g_assert_true (g_utf8_validate (c->name, -1, NULL));
  for (guint i = 0; i < c->attachments->len; i++)
    {
      const TcguiRuntimeAttachment *a = g_ptr_array_index (c->attachments, i);

      g_assert_true (a->prefix <= 128);
      g_assert_true (*a->mac == '\0' || strlen (a->mac) == 17);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const char *json = (const char *) data;
  g_autoptr(TcguiRuntimeContainer) container = NULL;
  g_autoptr(TcguiRuntimeNetwork) network = NULL;
  g_autoptr(TcguiRuntimeEvent) event = NULL;
  g_autoptr(GPtrArray) containers = NULL;
  g_autoptr(GPtrArray) networks = NULL;
  g_autofree char *runtime = NULL;
  g_autofree char *id = NULL;

  if (size > 1024 * 1024)
    return 0;

  if ((container = tcgui_runtime_parse_container (json, size, NULL)))
    {
      g_autoptr(TcguiRuntimeContainer) copy = tcgui_runtime_container_copy (container);

      check_container (container);
      check_container (copy);
    }
  if ((containers = tcgui_runtime_parse_container_list (json, size, NULL)))
    for (guint i = 0; i < containers->len; i++)
      check_container (g_ptr_array_index (containers, i));
  if ((network = tcgui_runtime_parse_network (json, size, NULL)))
    g_assert_true (tcgui_runtime_id_is_valid (network->id));
  networks = tcgui_runtime_parse_networks (json, size, NULL);
  if ((event = tcgui_runtime_parse_event (json, size, NULL)) &&
      event->kind != TCGUI_RUNTIME_EVENT_IGNORED &&
      event->kind != TCGUI_RUNTIME_EVENT_NETWORKS_CHANGED)
    g_assert_true (tcgui_runtime_id_is_valid (event->id));
  if (tcgui_cgroup_parse (json, size, &runtime, &id))
    g_assert_cmpuint (strlen (id), ==, 64);

  return 0;
}
