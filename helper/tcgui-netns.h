/* tcgui-netns.h
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  TCGUI_NS_HOST,
  TCGUI_NS_NAMED,
  TCGUI_NS_PID,
} TcguiNsKind;

/* A caller's reference to a network namespace, parsed from the identifier
 * strings documented in io.github.tcgui.Helper1.xml. */
typedef struct
{
  TcguiNsKind  kind;
  char        *name;   /* TCGUI_NS_NAMED: the `ip netns` name */
  guint32      pid;    /* TCGUI_NS_PID */
  guint64      inode;  /* TCGUI_NS_PID: the namespace the caller saw */
} TcguiNsRef;

typedef struct
{
  char    *id;
  char    *kind;
  char    *name;
  guint64  inode;
} TcguiNsInfo;

typedef gboolean (*TcguiNetnsFunc) (gpointer   user_data,
                                    GError   **error);
typedef gboolean (*TcguiNetnsMatchFunc) (int       nsfd,
                                         gpointer  user_data);

void        tcgui_netns_init         (void);
TcguiNsRef *tcgui_ns_ref_parse       (const char        *id,
                                      GError           **error);
char       *tcgui_ns_ref_to_string   (const TcguiNsRef  *ref);
void        tcgui_ns_ref_free        (TcguiNsRef        *ref);
gboolean    tcgui_netns_name_is_valid (const char       *name);
gboolean    tcgui_netns_check_ifname (const char        *ifname,
                                      GError           **error);
int         tcgui_netns_open         (const TcguiNsRef  *ref,
                                      GError           **error);
gboolean    tcgui_netns_get_inode    (int                nsfd,
                                      guint64           *inode,
                                      GError           **error);
gboolean    tcgui_netns_get_id       (int                nsfd,
                                      guint64           *dev,
                                      guint64           *inode);
gboolean    tcgui_netns_stat         (const TcguiNsRef  *ref,
                                      guint64           *dev,
                                      guint64           *inode);
gboolean    tcgui_netns_run_in       (int                nsfd,
                                      TcguiNetnsFunc     func,
                                      gpointer           user_data,
                                      GError           **error);
GPtrArray  *tcgui_netns_list         (GError           **error);
int         tcgui_netns_find         (TcguiNetnsMatchFunc match,
                                      gpointer           user_data,
                                      TcguiNsRef       **out_ref);
void        tcgui_ns_info_free       (TcguiNsInfo       *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcguiNsRef, tcgui_ns_ref_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcguiNsInfo, tcgui_ns_info_free)

G_END_DECLS
