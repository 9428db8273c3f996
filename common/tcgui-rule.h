/* tcgui-rule.h - the rule model: shaping the helper keeps for a target
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Limits of the contract (docs/security.md). */
#define TCGUI_RULE_MAX_PER_UID        256
#define TCGUI_RULE_MAX_BYTES_PER_UID  (1u << 20)   /* a uid's rules, serialized with their statuses */
#define TCGUI_RULE_MAX_STATUS_ENTRIES 64           /* "applied" entries kept in a status */
#define TCGUI_RULE_MAX_BYTES          (64u * 1024u)
#define TCGUI_RULE_MAX_NAME_BYTES     128
#define TCGUI_RULE_MAX_STRING_BYTES   255
#define TCGUI_RULE_MAX_DURATION_S     604800u
#define TCGUI_RULE_MAX_EXPIRES_IN_S   (10 * 366 * 86400)   /* "expires-at": at most ~10 years ahead */
#define TCGUI_RULE_MAX_EXPIRES_AT     G_GINT64_CONSTANT (253402300799)   /* 9999-12-31, also for a stored rule */
#define TCGUI_RULE_ID_LEN             17      /* "r" + 16 hex digits */

typedef enum
{
  TCGUI_RULE_KIND_IMAGE,
  TCGUI_RULE_KIND_CONTAINER,
  TCGUI_RULE_KIND_NETNS,
  TCGUI_RULE_KIND_HOST,
} TcguiRuleKind;

/* How specific a selector is: a larger rank wins on an interface. */
typedef enum
{
  TCGUI_RULE_RANK_NONE = 0,        /* does not match */
  TCGUI_RULE_RANK_GLOB,
  TCGUI_RULE_RANK_ANY_TAG,
  TCGUI_RULE_RANK_EXACT_IMAGE,
  TCGUI_RULE_RANK_COMPOSE,
  TCGUI_RULE_RANK_EXACT_TARGET,    /* one container, a netns, a host interface */
} TcguiRuleRank;

/* How a{sv} is read: from a caller (SetRule) or from the helper's file. */
typedef enum
{
  TCGUI_RULE_PARSE_CALLER = 0,     /* read-only keys ignored, "duration-s" taken */
  TCGUI_RULE_PARSE_STORED = 1,     /* "id", "owner-uid", "changed-at", "status" kept */
} TcguiRuleParseFlags;

typedef struct
{
  char          *id;               /* NULL or "": a new rule */
  char          *name;
  guint32        owner_uid;
  gboolean       enabled;

  TcguiRuleKind  kind;
  char          *image;
  char          *container_name;
  char          *compose_project;
  char          *compose_service;
  char          *runtime;
  char          *netns;
  char          *network;
  char          *interface;

  GVariant      *outgoing;         /* a{sv}, validated SetShaping parameters */
  GVariant      *incoming;
  gint64         expires_at;       /* Unix s, 0 = never */
  gint64         changed_at;       /* Unix µs */

  GVariant      *status;           /* a{sv}, helper-maintained, or NULL */
} TcguiRule;

TcguiRule     *tcgui_rule_from_variant      (GVariant            *dict,
                                             TcguiRuleParseFlags  flags,
                                             gint64               now_s,
                                             GError             **error);
GVariant      *tcgui_rule_to_variant        (const TcguiRule     *rule,
                                             gboolean             with_status);
TcguiRule     *tcgui_rule_copy              (const TcguiRule     *rule);
void           tcgui_rule_free              (TcguiRule           *rule);
void           tcgui_rule_set_status        (TcguiRule           *rule,
                                             GVariant            *status);
const char    *tcgui_rule_get_state         (const TcguiRule     *rule);
gboolean       tcgui_rule_id_is_valid       (const char          *id);
char          *tcgui_rule_new_id            (void);
gboolean       tcgui_rule_is_private        (const TcguiRule     *rule);
gboolean       tcgui_rule_visible           (const TcguiRule     *rule,
                                             guint32              uid);
gboolean       tcgui_rule_is_expired        (const TcguiRule     *rule,
                                             gint64               now_s);
const char    *tcgui_rule_kind_to_string    (TcguiRuleKind        kind);

char          *tcgui_image_normalize        (const char          *ref,
                                             char               **tag,
                                             char               **digest);
TcguiRuleRank  tcgui_rule_match_container   (const TcguiRule     *rule,
                                             GVariant            *item);
gboolean       tcgui_rule_wants_network     (const TcguiRule     *rule,
                                             const char          *network);
int            tcgui_rule_compare           (const TcguiRule     *a,
                                             TcguiRuleRank        rank_a,
                                             const TcguiRule     *b,
                                             TcguiRuleRank        rank_b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcguiRule, tcgui_rule_free)

G_END_DECLS
