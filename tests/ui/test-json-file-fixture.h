/* test-json-file-fixture.h - a scratch settings file for the config and profiles tests
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char  *dir;
  char  *path;
  GFile *file;
} Fixture;

/* g_test_add()'s data: the file's name, as in ~/.config/tcgui/NAME. */
void          fixture_set_up    (Fixture        *fixture,
                                 gconstpointer   data);
void          fixture_tear_down (Fixture        *fixture,
                                 gconstpointer   data);
void          result_cb         (GObject        *object,
                                 GAsyncResult   *result,
                                 gpointer        user_data);
GAsyncResult *wait_result       (GAsyncResult  **slot);

G_END_DECLS
