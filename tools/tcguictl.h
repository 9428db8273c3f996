/* tcguictl.h - the command-line client of the TC GUI helper
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tcgui-helper1-generated.h"
#include "tcgui-params.h"

G_BEGIN_DECLS

/* Exit codes (issue 12): done, refused or failed, usage. */
#define TCGUICTL_EXIT_OK      0
#define TCGUICTL_EXIT_FAILED  1
#define TCGUICTL_EXIT_USAGE   2

/* Errors of the command line itself: they exit with TCGUICTL_EXIT_USAGE. */
#define TCGUICTL_USAGE_ERROR (tcguictl_usage_error_quark ())
GQuark tcguictl_usage_error_quark (void);

typedef struct
{
  gboolean       json;
  gboolean       no_ask;
  TcguiHelper1  *proxy;     /* connected on first use */
  GPid           agent_pid; /* pkttyagent, 0 if none */
} TcguictlContext;

typedef struct
{
  char     *text;       /* as the user wrote it */
  char     *ns_id;      /* the helper's namespace identifier */
  char     *kind;       /* "host", "netns", "pid" or "container" */
  GVariant *item;       /* a container's inventory item, or NULL */
} TcguictlTarget;

void      tcguictl_target_clear  (TcguictlTarget *target);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TcguictlTarget, tcguictl_target_clear)

/* The shaping options of `set` (tcguictl-shaping.c), which `rule add`
 * takes too: one parser for both. */
typedef struct
{
  gboolean      outgoing, incoming, both, force;
  char         *network;
  char         *preset;
  char         *duration;   /* set --for */
  GVariantDict  dict;
  guint         n_params;
} TcguictlShaping;

void      tcguictl_shaping_init    (TcguictlShaping        *o);
void      tcguictl_shaping_clear   (TcguictlShaping        *o);
void      tcguictl_shaping_add_options (TcguictlShaping    *o,
                                        GOptionContext     *context);
gboolean  tcguictl_shaping_resolve (TcguictlShaping        *o,
                                    const char * const    **dirs,
                                    TcguiParams             params[2],
                                    GError                **error);
char     *tcguictl_describe_params (const TcguiParams      *params);

/* tcguictl-rule.c: `set --for` is a timed rule */
gboolean  tcguictl_rule_set_timed  (TcguictlContext        *ctx,
                                    TcguictlTarget         *target,
                                    const char             *iface,
                                    TcguictlShaping        *o,
                                    const char * const     *dirs,
                                    const TcguiParams       params[2],
                                    GError                **error);

/* tcguictl-bus.c */
GVariant *tcguictl_call          (TcguictlContext  *ctx,
                                  const char       *method,
                                  GVariant         *parameters,
                                  const char       *reply_type,
                                  GError          **error);
void      tcguictl_bus_close     (TcguictlContext  *ctx);

/* tcguictl-target.c */
gboolean  tcguictl_target_resolve (TcguictlContext *ctx,
                                   const char      *text,
                                   TcguictlTarget  *target,
                                   GError         **error);
GStrv     tcguictl_target_interfaces (TcguictlContext *ctx,
                                      TcguictlTarget  *target,
                                      const char      *network,
                                      GError         **error);

/* Output helpers (tcguictl.c). */
void      tcguictl_print_json    (JsonNode         *node);
void      tcguictl_print_variant (GVariant         *value);
gboolean  tcguictl_parse_options (GOptionContext   *context,
                                  TcguictlContext  *ctx,
                                  int              *argc,
                                  char           ***argv,
                                  GError          **error);

/* The commands: each parses its own options (with --help). */
typedef gboolean (*TcguictlCommandFunc) (TcguictlContext  *ctx,
                                         int               argc,
                                         char            **argv,
                                         GError          **error);

gboolean tcguictl_cmd_list      (TcguictlContext *ctx, int argc, char **argv, GError **error);
gboolean tcguictl_cmd_show      (TcguictlContext *ctx, int argc, char **argv, GError **error);
gboolean tcguictl_cmd_set       (TcguictlContext *ctx, int argc, char **argv, GError **error);
gboolean tcguictl_cmd_clear     (TcguictlContext *ctx, int argc, char **argv, GError **error);
gboolean tcguictl_cmd_reset_all (TcguictlContext *ctx, int argc, char **argv, GError **error);
gboolean tcguictl_cmd_watch     (TcguictlContext *ctx, int argc, char **argv, GError **error);
gboolean tcguictl_cmd_presets   (TcguictlContext *ctx, int argc, char **argv, GError **error);
gboolean tcguictl_cmd_rule      (TcguictlContext *ctx, int argc, char **argv, GError **error);

G_END_DECLS
