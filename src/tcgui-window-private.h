/* tcgui-window-private.h - the main window, for the files it spans
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tcgui-config.h"
#include "tcgui-inventory.h"
#include "tcgui-links-page.h"
#include "tcgui-network-page.h"
#include "tcgui-profile-applier.h"
#include "tcgui-profiles.h"
#include "tcgui-rules.h"
#include "tcgui-shaped-model.h"
#include "tcgui-sidebar.h"
#include "tcgui-status-view.h"
#include "tcgui-window.h"

G_BEGIN_DECLS

struct _TcguiWindow
{
  AdwApplicationWindow  parent_instance;

  TcguiHelperClient    *client;
  TcguiConfig          *config;
  TcguiInventory       *inventory;
  TcguiProfiles        *profiles;     /* per image, tcgui-profiles.c */
  TcguiProfileApplier  *applier;
  TcguiRules           *rules;        /* the helper's, tcgui-rules.c */
  char                 *menu_image;   /* what the profile menu is for */
  gboolean              menu_has_profile;
  GListModel           *namespaces;   /* from ListNamespaces */
  GListStore           *rows;         /* the sidebar's, updated in place */
  TcguiShapedModel     *shaped;       /* what TC GUI shapes (tcgui-shaped-model.c) */
  GCancellable         *cancellable;
  guint                 regroup_id;
  guint                 countdown_id; /* a timed rule's remaining time */   /* idle: the rows kept for the old selection go */
  guint                 told_capabilities : 1;
  guint                 told_rules_error : 1;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  TcguiStatusView      *status_view;
  AdwLeaflet           *leaflet;
  GtkWidget            *content_box;
  TcguiSidebar         *sidebar;
  TcguiLinksPage       *links_page;
  GtkStack             *content_stack;
  TcguiNetworkPage     *network_page;  /* in content_stack, made in code */
  AdwWindowTitle       *content_title;
};

/* tcgui-window.c */
TcguiContainer *tcgui_window_get_selected_container (TcguiWindow    *self);

/* tcgui-window-profiles.c */
void            tcgui_window_profiles_class_init    (GtkWidgetClass *widget_class);
void            tcgui_window_profiles_init          (TcguiWindow    *self);
void            tcgui_window_profiles_start         (TcguiWindow    *self);
void            tcgui_window_profiles_dispose       (TcguiWindow    *self);
void            tcgui_window_update_profile_ui      (TcguiWindow    *self);
GStrv           tcgui_window_shaped_ifnames         (TcguiWindow    *self);

/* tcgui-window-rules.c */
void            tcgui_window_rules_class_init       (GtkWidgetClass *widget_class);
void            tcgui_window_rules_start            (TcguiWindow    *self);
void            tcgui_window_rules_dispose          (TcguiWindow    *self);
void            tcgui_window_rules_update_ui        (TcguiWindow    *self);
void            tcgui_window_rules_import           (TcguiWindow    *self);

G_END_DECLS
