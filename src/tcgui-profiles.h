/* tcgui-profiles.h - shaping profiles per container image, in
 * ~/.config/tcgui/profiles.json
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tcgui-params.h"

G_BEGIN_DECLS

/* One interface of a profile: what its two directions should be. */
typedef struct
{
  char        *ifname;
  TcguiParams  outgoing;
  TcguiParams  incoming;
} TcguiProfileInterface;

TcguiProfileInterface *tcgui_profile_interface_new  (const char                  *ifname,
                                                     const TcguiParams           *outgoing,
                                                     const TcguiParams           *incoming);
void                   tcgui_profile_interface_free (TcguiProfileInterface       *itf);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcguiProfileInterface, tcgui_profile_interface_free)

#define TCGUI_TYPE_PROFILES (tcgui_profiles_get_type ())

G_DECLARE_FINAL_TYPE (TcguiProfiles, tcgui_profiles, TCGUI, PROFILES, GObject)

TcguiProfiles *tcgui_profiles_new             (GFile               *file);
GFile         *tcgui_profiles_get_file        (TcguiProfiles       *self);
void           tcgui_profiles_load_async      (TcguiProfiles       *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean       tcgui_profiles_load_finish     (TcguiProfiles       *self,
                                               GAsyncResult        *result,
                                               GError             **error);
gboolean       tcgui_profiles_get_loaded      (TcguiProfiles       *self);
const char    *tcgui_profiles_get_backup_path (TcguiProfiles       *self);
const char    *tcgui_profiles_get_load_error  (TcguiProfiles       *self);
GPtrArray     *tcgui_profiles_get_problems    (TcguiProfiles       *self);
GPtrArray     *tcgui_profiles_lookup          (TcguiProfiles       *self,
                                               const char          *image);
void           tcgui_profiles_set             (TcguiProfiles       *self,
                                               const char          *image,
                                               GPtrArray           *interfaces);
gboolean       tcgui_profiles_remove          (TcguiProfiles       *self,
                                               const char          *image);
void           tcgui_profiles_save_async      (TcguiProfiles       *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean       tcgui_profiles_save_finish     (TcguiProfiles       *self,
                                               GAsyncResult        *result,
                                               GError             **error);

GStrv          tcgui_profiles_dup_images      (TcguiProfiles       *self);
gboolean       tcgui_profiles_params_from_json (JsonNode          *node,
                                                TcguiParams       *params,
                                                GError           **error);
JsonNode      *tcgui_profiles_params_to_json   (const TcguiParams *params);

G_END_DECLS
