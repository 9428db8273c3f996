/* tcgui-cgroup-scan.h - find container processes through their cgroups
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A container found in /proc: its first (lowest) PID and the runtime its
 * cgroup path names. */
typedef struct
{
  char    *id;        /* 64 lower-case hex digits */
  char    *runtime;   /* "docker", "podman", "containerd", "cri-o", "unknown" */
  guint32  pid;
} TcguiCgroupContainer;

gboolean   tcgui_cgroup_parse      (const char   *text,
                                    gssize        length,
                                    char        **runtime,
                                    char        **id);
GPtrArray *tcgui_cgroup_scan       (const char   *proc_dir);
void       tcgui_cgroup_container_free (TcguiCgroupContainer *container);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcguiCgroupContainer, tcgui_cgroup_container_free)

G_END_DECLS
