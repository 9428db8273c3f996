/* tcgui-runtime.h - containers and networks as the runtimes' APIs report them
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What one answer of a runtime may be (docs/security.md lists them all).
 * The runtime is not trusted: a user's rootless Podman is that user's. */
#define TCGUI_RUNTIME_MAX_ANSWER_BYTES  (8u << 20)  /* one answer's body */
#define TCGUI_RUNTIME_MAX_EVENT_BYTES   (1u << 20)  /* one event line */
#define TCGUI_RUNTIME_MAX_JSON_DEPTH    32          /* nesting; answers use ~6 */
#define TCGUI_RUNTIME_MAX_JSON_VALUES   200000      /* ~40 per listed container */
#define TCGUI_RUNTIME_MAX_TEXT          1024        /* bytes of a name, image, ... */
#define TCGUI_RUNTIME_MAX_LABELS        64          /* per container */
#define TCGUI_RUNTIME_MAX_LABEL_KEY     256         /* bytes */
#define TCGUI_RUNTIME_MAX_LABEL_VALUE   1024        /* bytes */
#define TCGUI_RUNTIME_MAX_LABEL_BYTES   (16u << 10) /* keys and values of one container */
#define TCGUI_RUNTIME_MAX_ATTACHMENTS   32          /* networks of one container */

/* One network a container is attached to (NetworkSettings.Networks). */
typedef struct
{
  char    *network_name;
  char    *network_id;   /* Podman's compat API puts the name here */
  char    *ip;           /* "" when none */
  guint    prefix;
  char    *gateway;
  char    *mac;          /* lower case "aa:bb:..", "" when none */
} TcguiRuntimeAttachment;

typedef struct
{
  char       *id;              /* 1-64 lower-case hex digits */
  char       *name;            /* without Docker's leading "/" */
  char       *image;
  char       *state;           /* "running", "exited", "created", "paused", ... */
  guint32     pid;             /* 0 unless running */
  gint64      created;         /* Unix time, seconds */
  GHashTable *labels;          /* char* → char* */
  char       *sandbox_key;     /* "" when unknown */
  GPtrArray  *attachments;     /* TcguiRuntimeAttachment, sorted by network name */
  guint       left_out;        /* labels and attachments over the limits */
} TcguiRuntimeContainer;

typedef struct
{
  char     *id;
  char     *name;
  char     *driver;
  gboolean  internal;
  char     *bridge;    /* the host bridge interface, "" when unknown */
  char     *subnet;    /* first IPAM subnet, "" when none */
  char     *gateway;
} TcguiRuntimeNetwork;

typedef enum
{
  TCGUI_RUNTIME_EVENT_IGNORED,           /* anything the inventory needs not react to */
  TCGUI_RUNTIME_EVENT_CONTAINER_CHANGED, /* re-read container @id */
  TCGUI_RUNTIME_EVENT_CONTAINER_REMOVED, /* container @id is gone */
  TCGUI_RUNTIME_EVENT_NETWORKS_CHANGED,  /* re-read the network list */
} TcguiRuntimeEventKind;

typedef struct
{
  TcguiRuntimeEventKind  kind;
  char                  *type;      /* "container", "network", ... */
  char                  *action;    /* "start", "die", "connect", ... */
  char                  *id;        /* the container's id, or the network's */
  char                  *name;      /* the actor's name attribute, "" if none */
  gint64                 time_nano; /* when the runtime saw it, 0 if unknown */
} TcguiRuntimeEvent;

gboolean        tcgui_runtime_id_is_valid            (const char    *id);
TcguiRuntimeContainer *tcgui_runtime_parse_container        (const char    *json,
                                                      gssize         length,
                                                      GError       **error);
GPtrArray      *tcgui_runtime_parse_container_list   (const char    *json,
                                                      gssize         length,
                                                      GError       **error);
GPtrArray      *tcgui_runtime_parse_networks         (const char    *json,
                                                      gssize         length,
                                                      GError       **error);
TcguiRuntimeNetwork   *tcgui_runtime_parse_network          (const char    *json,
                                                      gssize         length,
                                                      GError       **error);
TcguiRuntimeEvent *tcgui_runtime_parse_event         (const char    *json,
                                                      gssize         length,
                                                      GError       **error);
const char     *tcgui_runtime_container_get_label            (const TcguiRuntimeContainer *container,
                                                      const char           *key);
TcguiRuntimeContainer *tcgui_runtime_container_copy                 (const TcguiRuntimeContainer *container);
void            tcgui_runtime_container_free                 (TcguiRuntimeContainer    *container);
void            tcgui_runtime_attachment_free                (TcguiRuntimeAttachment   *attachment);
void            tcgui_runtime_network_free                   (TcguiRuntimeNetwork      *network);
void            tcgui_runtime_event_free             (TcguiRuntimeEvent *event);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcguiRuntimeContainer, tcgui_runtime_container_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcguiRuntimeNetwork, tcgui_runtime_network_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcguiRuntimeEvent, tcgui_runtime_event_free)

G_END_DECLS
