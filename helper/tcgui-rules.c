/* tcgui-rules.c - the rules engine: the user's intent, kept and applied by the helper
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-rules"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "tcgui-error.h"
#include "tcgui-netns.h"
#include "tcgui-nl.h"
#include "tcgui-params.h"
#include "tcgui-qdisc.h"
#include "tcgui-rule-store.h"
#include "tcgui-rules.h"

/* The engine keeps the rules (a table guarded by a mutex: D-Bus handler
 * threads list and change it) and reconciles them with the inventory in
 * the main context: for every running target interface, the most specific
 * enabled, unexpired rule should be applied. What it decides is done by ONE
 * worker thread, in order, with the same engine SetShaping uses
 * (tcgui-qdisc.c, which writes the journal and enters namespaces), so the
 * main loop never waits for the kernel or the disk.
 *
 * A target is (namespace, interface): a container's interface found by its
 * network through the inventory (by MAC, never by eth0/eth1), a named
 * namespace's interface (or all but lo: "*"), or a host interface. It is
 * applied afresh whenever its namespace is new (the container started or
 * restarted, the netns was created again, the helper started). Shaping
 * changed by hand since (through the helper, or seen by the kernel's read
 * back before a change) makes it "overridden": left alone until the next
 * start, or until its rule is changed (a new intent).
 *
 * Lock order: file_lock (held while the file is written) before lock. The
 * main context only ever takes lock, briefly. */

#define READY_POLL_MSEC     20
#define READY_TIMEOUT_USEC  (5 * G_USEC_PER_SEC)
#define FLUSH_DELAY_MSEC    5
#define ALL_INTERFACES      "*"

typedef enum
{
  TARGET_PENDING,
  TARGET_APPLIED,
  TARGET_OVERRIDDEN,
  TARGET_ERROR,
} TargetState;

typedef struct
{
  char        *key;          /* "NS\tIFNAME" */
  char        *ns_id;
  char        *ifname;       /* or "*" */
  char        *token;        /* changes when the namespace is new */
  char        *container;    /* inventory key or "" */
  char        *rule_id;
  gint64       rule_changed_at;
  GVariant    *outgoing;     /* what is (being) applied, or NULL */
  GVariant    *incoming;
  char       **except;       /* "*": the interfaces with rules of their own */
  TargetState  state;
  gint64       at;
  guint64      serial;
} Target;

/* What should be applied where, from one reconciliation. */
typedef struct
{
  char        *ns_id;
  char        *ifname;
  char        *token;
  char        *container;
  char        *rule_id;
  gint64       changed_at;
  TcguiRuleRank rank;
  GVariant    *outgoing;
  GVariant    *incoming;
  char       **except;       /* "*": sorted, or NULL */
} Desire;

typedef enum
{
  JOB_APPLY,
  JOB_CLEAR,
  JOB_SAVE,
} JobKind;

typedef struct
{
  TcguiRules  *self;
  JobKind      kind;
  char        *key;
  char        *ns_id;
  char        *ifname;
  char       **except;       /* "*": interfaces left alone */
  char       **only;         /* "*": these interfaces only (not all), unchecked */
  char       **release;      /* "*": clear @expected_* there when the kernel holds it */
  char        *rule_id;
  GVariant    *outgoing;     /* APPLY: wanted */
  GVariant    *incoming;
  gboolean     check;        /* first check the kernel still holds @expected_* */
  GVariant    *expected_out;
  GVariant    *expected_in;
  guint64      serial;
  /* results */
  GError      *error;
  gboolean     overridden;
} Job;

typedef struct
{
  char   *message;
  gint64  at;
} RuleError;

struct _TcguiRules
{
  GObject          parent_instance;

  char            *path;
  char            *problem;
  char            *unreadable;   /* why the file could not be read: nothing is written */
  GMainContext    *context;

  GMutex           file_lock;
  GMutex           lock;         /* guards the members up to the next blank line */
  GHashTable      *rules;        /* id → TcguiRule */
  guint64          generation;
  GHashTable      *manual;       /* target keys changed by hand, from handler threads */

  /* Main context only. */
  TcguiDiscovery  *inventory;
  gboolean         ready;
  gint64           ready_deadline;
  guint            ready_id;
  guint            reconcile_id;
  guint            expiry_id;
  guint            flush_id;
  GHashTable      *targets;      /* key → Target */
  GHashTable      *superseded;   /* rule id → GPtrArray of GVariant entries */
  GHashTable      *errors;       /* rule id → RuleError */
  GHashTable      *changed_ids;  /* ids to announce */
  GHashTable      *removed_ids;  /* id → owner uid + 1 (0: public) */
  guint64          serial;
  gboolean         save_queued;  /* atomic */
  GThreadPool     *pool;
};

G_DEFINE_FINAL_TYPE (TcguiRules, tcgui_rules, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GMutex default_path_lock;
static char *default_path;

static void schedule_reconcile (TcguiRules *self);
static void update_statuses (TcguiRules *self);

/* ---- small helpers ------------------------------------------------------- */

static void
target_free (Target *t)
{
  g_free (t->key);
  g_free (t->ns_id);
  g_free (t->ifname);
  g_free (t->token);
  g_free (t->container);
  g_free (t->rule_id);
  g_strfreev (t->except);
  g_clear_pointer (&t->outgoing, g_variant_unref);
  g_clear_pointer (&t->incoming, g_variant_unref);
  g_free (t);
}

static void
desire_free (Desire *d)
{
  g_free (d->ns_id);
  g_free (d->ifname);
  g_free (d->token);
  g_free (d->container);
  g_free (d->rule_id);
  g_strfreev (d->except);
  g_clear_pointer (&d->outgoing, g_variant_unref);
  g_clear_pointer (&d->incoming, g_variant_unref);
  g_free (d);
}

static void
job_free (Job *job)
{
  g_object_unref (job->self);
  g_free (job->key);
  g_free (job->ns_id);
  g_free (job->ifname);
  g_strfreev (job->except);
  g_strfreev (job->only);
  g_strfreev (job->release);
  g_free (job->rule_id);
  g_clear_pointer (&job->outgoing, g_variant_unref);
  g_clear_pointer (&job->incoming, g_variant_unref);
  g_clear_pointer (&job->expected_out, g_variant_unref);
  g_clear_pointer (&job->expected_in, g_variant_unref);
  g_clear_error (&job->error);
  g_free (job);
}

static void
rule_error_free (RuleError *e)
{
  g_free (e->message);
  g_free (e);
}

static GVariant *
ref_or_null (GVariant *v)
{
  return v ? g_variant_ref (v) : NULL;
}

static gboolean
strv_equal0 (char **a,
             char **b)
{
  return (a == NULL || b == NULL) ? a == b
                                  : g_strv_equal ((const char * const *) a, (const char * const *) b);
}

static char *
target_key (const char *ns_id,
            const char *ifname)
{
  return g_strconcat (ns_id, "\t", ifname, NULL);
}

/* Among the keys of changes by hand: ResetAll's (no target key is empty). */
#define EVERYWHERE ""

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* ---- the worker ---------------------------------------------------------- */

static gboolean
params_of (GVariant    *dict,
           TcguiParams *params)
{
  tcgui_params_init (params);
  return dict == NULL || tcgui_params_from_variant (dict, params, NULL);
}

/* Whether the kernel still holds what the engine applied there. Only the
 * directions the engine shaped are compared: the other one is not the
 * rule's (and a veth's incoming is read back from its peer's egress, which
 * another rule may shape: comparing it made every later check of both ends
 * "overridden", so that nothing was cleared any more). */
static gboolean
kernel_matches (const char *ns_id,
                const char *ifname,
                GVariant   *expected_out,
                GVariant   *expected_in,
                GError    **error)
{
  g_autoptr(GVariant) state = tcgui_qdisc_get (ns_id, ifname, error);
  const char *dirs[] = { "outgoing", "incoming" };
  GVariant *expected[] = { expected_out, expected_in };

  if (state == NULL)
    return FALSE;
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GVariant) now = NULL;
      TcguiParams a, b;

      if (expected[i] == NULL)
        continue;
      now = g_variant_lookup_value (state, dirs[i], G_VARIANT_TYPE_VARDICT);
      if (!params_of (now, &a) || !params_of (expected[i], &b) || !tcgui_params_equal (&a, &b))
        return FALSE;
    }
  return TRUE;
}

static gboolean
apply_direction (const char      *ns_id,
                 const char      *ifname,
                 TcguiDirection   dir,
                 GVariant        *wanted,
                 GVariant        *before,
                 GError         **error)
{
  TcguiParams params;

  /* A direction the rule leaves alone is only cleared when the engine
   * shaped it before (a changed rule); a fresh target is not touched. */
  if (wanted == NULL)
    return before == NULL || tcgui_qdisc_clear (ns_id, ifname, dir, error);
  if (!tcgui_params_from_variant (wanted, &params, error))
    return FALSE;
  return tcgui_qdisc_set (ns_id, ifname, dir, &params, 0, error);
}

static gboolean
run_one (Job        *job,
         const char *ifname,
         GError    **error)
{
  g_autoptr(GError) local_error = NULL;

  if (job->check &&
      !kernel_matches (job->ns_id, ifname, job->expected_out, job->expected_in, &local_error))
    {
      if (local_error != NULL)
        return (g_propagate_error (error, g_steal_pointer (&local_error)), FALSE);
      job->overridden = TRUE;
      return TRUE;
    }
  if (job->kind == JOB_CLEAR)
    return (job->expected_out == NULL ||
            tcgui_qdisc_clear (job->ns_id, ifname, TCGUI_DIRECTION_OUTGOING, error)) &&
           (job->expected_in == NULL ||
            tcgui_qdisc_clear (job->ns_id, ifname, TCGUI_DIRECTION_INCOMING, error));
  return apply_direction (job->ns_id, ifname, TCGUI_DIRECTION_OUTGOING,
                          job->outgoing, job->expected_out, error) &&
         apply_direction (job->ns_id, ifname, TCGUI_DIRECTION_INCOMING,
                          job->incoming, job->expected_in, error);
}

/* "*": every interface of the namespace but loopback, listed now. */
static GPtrArray *
list_interfaces (const char  *ns_id,
                 GError     **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(TcguiNsRef) ref = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(TcguiNl) nl = NULL;
  int nsfd;

  if (!(ref = tcgui_ns_ref_parse (ns_id, error)) || (nsfd = tcgui_netns_open (ref, error)) < 0)
    return NULL;
  nl = tcgui_nl_new_in (nsfd, error);
  close (nsfd);
  if (nl == NULL || !(links = tcgui_nl_list_links (nl, error)))
    return NULL;
  for (guint i = 0; i < links->len; i++)
    {
      TcguiLinkInfo *link = g_ptr_array_index (links, i);

      if (g_strcmp0 (link->kind, "loopback") != 0 && g_strcmp0 (link->kind, "ifb") != 0)
        g_ptr_array_add (names, g_strdup (link->name));
    }
  return g_steal_pointer (&names);
}

/* "*" leaves @ifname to a rule of its own: what it put there goes, unless
 * something else is there now (that rule's apply comes after this job). */
static gboolean
release_one (Job        *job,
             const char *ifname,
             GError    **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!kernel_matches (job->ns_id, ifname, job->expected_out, job->expected_in, &local_error))
    return local_error == NULL ||
           g_error_matches (local_error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_INTERFACE) ||
           (g_propagate_error (error, g_steal_pointer (&local_error)), FALSE);
  return (job->expected_out == NULL ||
          tcgui_qdisc_clear (job->ns_id, ifname, TCGUI_DIRECTION_OUTGOING, error)) &&
         (job->expected_in == NULL ||
          tcgui_qdisc_clear (job->ns_id, ifname, TCGUI_DIRECTION_INCOMING, error));
}

static GPtrArray *
strv_to_array (char **strv)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; strv[i] != NULL; i++)
    g_ptr_array_add (array, g_strdup (strv[i]));
  return array;
}

static void save_in_worker (TcguiRules *self);

static gboolean job_done_cb (gpointer data);

static void
worker_cb (gpointer data,
           gpointer pool_data)
{
  Job *job = data;
  g_autoptr(GPtrArray) names = NULL;

  if (job->kind == JOB_SAVE)
    {
      save_in_worker (job->self);
      job_free (job);
      return;
    }
  if (job->only != NULL)
    names = strv_to_array (job->only);
  else if (g_str_equal (job->ifname, ALL_INTERFACES))
    names = list_interfaces (job->ns_id, &job->error);
  else
    {
      names = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (names, g_strdup (job->ifname));
    }
  for (guint i = 0; names != NULL && i < names->len && job->error == NULL; i++)
    if (job->except == NULL || !g_strv_contains ((const char * const *) job->except,
                                                 g_ptr_array_index (names, i)))
      run_one (job, g_ptr_array_index (names, i), &job->error);
  for (guint i = 0; job->release != NULL && job->release[i] != NULL && job->error == NULL; i++)
    release_one (job, job->release[i], &job->error);

  g_main_context_invoke (job->self->context, job_done_cb, job);
}

static void
push_job (TcguiRules *self,
          Job        *job)
{
  job->self = g_object_ref (self);
  g_thread_pool_push (self->pool, job, NULL);
}

/* ---- the file ------------------------------------------------------------ */

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return g_strcmp0 ((*(TcguiRule * const *) a)->id, (*(TcguiRule * const *) b)->id);
}

/* Under lock. */
static GPtrArray *
sorted_rules_locked (TcguiRules *self)
{
  GPtrArray *rules = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer rule;

  g_hash_table_iter_init (&iter, self->rules);
  while (g_hash_table_iter_next (&iter, NULL, &rule))
    g_ptr_array_add (rules, rule);
  g_ptr_array_sort (rules, compare_ids);
  return rules;
}

/* Under file_lock. */
static gboolean
save_locked (TcguiRules  *self,
             GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;

  if (self->unreadable != NULL)
    return (g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_FAILED,
                         "The rules file could not be read: %s; nothing is written until it can",
                         self->unreadable), FALSE);
  g_mutex_lock (&self->lock);
  {
    g_autoptr(GPtrArray) rules = sorted_rules_locked (self);

    bytes = tcgui_rule_store_serialize (rules, error);
  }
  g_mutex_unlock (&self->lock);
  return bytes != NULL && tcgui_rule_store_save_bytes (self->path, bytes, error);
}

static void
save_in_worker (TcguiRules *self)
{
  g_autoptr(GError) error = NULL;

  g_atomic_int_set (&self->save_queued, FALSE);
  g_mutex_lock (&self->file_lock);
  if (!save_locked (self, &error))
    g_message ("Cannot save the rules' status: %s", error->message);
  g_mutex_unlock (&self->file_lock);
}

static void
queue_save (TcguiRules *self)
{
  Job *job;

  if (!g_atomic_int_compare_and_exchange (&self->save_queued, FALSE, TRUE))
    return;
  job = g_new0 (Job, 1);
  job->kind = JOB_SAVE;
  push_job (self, job);
}

/* ---- RulesChanged --------------------------------------------------------- */

static gboolean
flush_cb (gpointer data)
{
  TcguiRules *self = data;
  g_auto(GVariantBuilder) changed = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_auto(GVariantBuilder) removed = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a(su)"));
  GHashTableIter iter;
  gpointer key, value;
  guint64 generation;

  self->flush_id = 0;
  g_mutex_lock (&self->lock);
  generation = self->generation;
  g_hash_table_iter_init (&iter, self->changed_ids);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if ((value = g_hash_table_lookup (self->rules, key)))
      g_variant_builder_add_value (&changed, tcgui_rule_to_variant (value, TRUE));

  /* Still under the lock: SetRule/DeleteRule's threads add to both tables. */
  g_hash_table_iter_init (&iter, self->removed_ids);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_variant_builder_add (&removed, "(su)", key, GPOINTER_TO_UINT (value));
      /* A deleted rule's last error goes with it (else the table grows). */
      g_hash_table_remove (self->errors, key);
    }
  g_hash_table_remove_all (self->changed_ids);
  g_hash_table_remove_all (self->removed_ids);
  g_mutex_unlock (&self->lock);

  g_signal_emit (self, signals[CHANGED], 0, generation,
                 g_variant_builder_end (&changed), g_variant_builder_end (&removed));
  return G_SOURCE_REMOVE;
}

static void
schedule_flush (TcguiRules *self)
{
  if (self->flush_id == 0)
    {
      self->flush_id = g_timeout_add (FLUSH_DELAY_MSEC, flush_cb, self);
      g_source_set_name_by_id (self->flush_id, "[tcgui] rules flush");
    }
}

/* ---- statuses ------------------------------------------------------------- */

static GVariant *
entry_variant (const char *container,
               const char *ns_id,
               const char *ifname,
               gint64      at,
               const char *superseded_by)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  g_variant_builder_add (&b, "{sv}", "container", g_variant_new_string (container));
  g_variant_builder_add (&b, "{sv}", "namespace", g_variant_new_string (ns_id));
  g_variant_builder_add (&b, "{sv}", "interface", g_variant_new_string (ifname));
  g_variant_builder_add (&b, "{sv}", "at", g_variant_new_int64 (at));
  if (superseded_by != NULL)
    g_variant_builder_add (&b, "{sv}", "superseded-by", g_variant_new_string (superseded_by));
  return g_variant_builder_end (&b);
}

/* A status keeps at most TCGUI_RULE_MAX_STATUS_ENTRIES places (a rule
 * may match many interfaces: its stored status must stay small); @n
 * counts them all. */
static void
add_entry (GVariantBuilder *applied,
           guint           *n,
           GVariant        *entry)
{
  if ((*n)++ < TCGUI_RULE_MAX_STATUS_ENTRIES)
    g_variant_builder_add_value (applied, entry);
  else
    g_variant_unref (g_variant_ref_sink (entry));
}

/* The worst of the rule's targets decides: error > overridden > applied. */
static const char *
targets_state (TcguiRules      *self,
               const TcguiRule *rule,
               GVariantBuilder *applied,
               guint           *n)
{
  static const char * const names[] = { "waiting", "applied", "overridden", "error" };
  static const int order[] = { 0, 1, 2, 3 };
  GHashTableIter iter;
  gpointer value;
  int worst = -1;

  g_hash_table_iter_init (&iter, self->targets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Target *t = value;

      if (!g_str_equal (t->rule_id, rule->id))
        continue;
      add_entry (applied, n, entry_variant (t->container, t->ns_id, t->ifname, t->at, NULL));
      worst = MAX (worst, order[t->state]);
    }
  return worst < 0 ? NULL : names[worst];
}

static GVariant *
build_status (TcguiRules      *self,
              const TcguiRule *rule,
              gint64           now)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_auto(GVariantBuilder) applied = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  GPtrArray *superseded = g_hash_table_lookup (self->superseded, rule->id);
  RuleError *error = g_hash_table_lookup (self->errors, rule->id);
  const char *state = "waiting";
  guint n = 0;

  if (!rule->enabled)
    state = "disabled";
  else if (tcgui_rule_is_expired (rule, now))
    state = "expired";
  else
    {
      const char *of_targets = targets_state (self, rule, &applied, &n);

      for (guint i = 0; superseded != NULL && i < superseded->len; i++)
        add_entry (&applied, &n, g_ptr_array_index (superseded, i));
      if (of_targets != NULL)
        state = of_targets;
      else if (superseded != NULL && superseded->len > 0)
        state = "superseded";
    }
  g_variant_builder_add (&b, "{sv}", "state", g_variant_new_string (state));
  g_variant_builder_add (&b, "{sv}", "applied", g_variant_builder_end (&applied));
  if (n > TCGUI_RULE_MAX_STATUS_ENTRIES)
    g_variant_builder_add (&b, "{sv}", "applied-more",
                           g_variant_new_uint32 (n - TCGUI_RULE_MAX_STATUS_ENTRIES));
  g_variant_builder_add (&b, "{sv}", "last-error", g_variant_new_string (error ? error->message : ""));
  g_variant_builder_add (&b, "{sv}", "last-error-at", g_variant_new_int64 (error ? error->at : 0));
  return g_variant_ref_sink (g_variant_builder_end (&b));
}

/* Main context: each rule's status from the targets; changed ones are
 * announced and saved (the applied places must outlive the helper, so that
 * an expired rule is cleared even after a restart). */
static void
update_statuses (TcguiRules *self)
{
  GHashTableIter iter;
  gpointer value;
  gboolean any = FALSE;
  gint64 now = now_s ();

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->rules);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      TcguiRule *rule = value;
      g_autoptr(GVariant) status = build_status (self, rule, now);

      /* "at" moves on every apply, so this also catches re-applications. */
      if (rule->status != NULL && g_variant_equal (rule->status, status))
        continue;
      tcgui_rule_set_status (rule, status);
      g_hash_table_add (self->changed_ids, g_strdup (rule->id));
      any = TRUE;
    }
  if (any)
    self->generation++;
  g_mutex_unlock (&self->lock);

  if (any)
    {
      schedule_flush (self);
      queue_save (self);
    }
}

/* ---- jobs done ------------------------------------------------------------ */

static void
note_error (TcguiRules   *self,
            const char   *rule_id,
            const GError *error)
{
  RuleError *e;
  gboolean exists;

  /* A job that ends after its rule was deleted leaves no entry behind. */
  g_mutex_lock (&self->lock);
  exists = g_hash_table_contains (self->rules, rule_id);
  g_mutex_unlock (&self->lock);
  if (!exists)
    return;
  e = g_new0 (RuleError, 1);
  e->message = g_strdup (error->message);
  e->at = g_get_real_time ();
  g_hash_table_replace (self->errors, g_strdup (rule_id), e);
}

static gboolean
job_done_cb (gpointer data)
{
  Job *job = data;
  TcguiRules *self = job->self;
  Target *t = g_hash_table_lookup (self->targets, job->key);

  if (job->error != NULL && job->rule_id != NULL)
    {
      g_debug ("Rule %s on %s: %s", job->rule_id, job->key, job->error->message);
      note_error (self, job->rule_id, job->error);
    }
  if (t != NULL && t->serial == job->serial && job->kind == JOB_APPLY)
    {
      /* Changed by hand while the job ran (noted after the apply was
       * decided): whichever write came last, the target is left alone
       * like any overridden one, so a user's change is never clobbered. */
      gboolean noted = t->state == TARGET_OVERRIDDEN;

      t->state = job->error ? TARGET_ERROR :
                 job->overridden || noted ? TARGET_OVERRIDDEN : TARGET_APPLIED;
      t->at = g_get_real_time ();
      if (job->error == NULL && !job->overridden)
        g_hash_table_remove (self->errors, t->rule_id);
      /* tests/bench/bench-rules.sh reads this line. */
      g_debug ("Rule %s %s on %s %s", t->rule_id,
               job->error ? "failed" : t->state == TARGET_OVERRIDDEN ? "overridden" : "applied",
               *t->container ? t->container : "-", t->key);
    }
  /* (A target dropped while its apply ran: drop_target queued its clear after it.) */
  update_statuses (self);
  job_free (job);
  return G_SOURCE_REMOVE;
}

/* ---- what should be where -------------------------------------------------- */

typedef struct
{
  TcguiRules *self;
  GHashTable *desired;      /* key → Desire */
  GHashTable *live;         /* tokens of namespaces that exist now */
  GPtrArray  *active;       /* enabled, unexpired rules (under lock) */
} Plan;

static void
add_superseded (TcguiRules *self,
                const char *loser,
                GVariant   *entry)
{
  GPtrArray *list = g_hash_table_lookup (self->superseded, loser);

  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
      g_hash_table_insert (self->superseded, g_strdup (loser), list);
    }
  g_ptr_array_add (list, g_variant_ref_sink (entry));
}

/* Picks the winner among the rules that match one interface; the others
 * are "superseded" there. */
static void
desire (Plan        *plan,
        const char  *ns_id,
        const char  *ifname,
        const char  *token,
        const char  *container,
        TcguiRule  **rules,
        TcguiRuleRank *ranks,
        guint        n)
{
  guint best = 0;
  Desire *d;

  if (n == 0)
    return;
  for (guint i = 1; i < n; i++)
    if (tcgui_rule_compare (rules[i], ranks[i], rules[best], ranks[best]) < 0)
      best = i;
  for (guint i = 0; i < n; i++)
    if (i != best)
      add_superseded (plan->self, rules[i]->id,
                      entry_variant (container, ns_id, ifname, 0, rules[best]->id));

  d = g_new0 (Desire, 1);
  d->ns_id = g_strdup (ns_id);
  d->ifname = g_strdup (ifname);
  d->token = g_strdup (token);
  d->container = g_strdup (container);
  d->rule_id = g_strdup (rules[best]->id);
  d->changed_at = rules[best]->changed_at;
  d->rank = ranks[best];
  d->outgoing = ref_or_null (rules[best]->outgoing);
  d->incoming = ref_or_null (rules[best]->incoming);
  g_hash_table_replace (plan->desired, target_key (ns_id, ifname), d);
}

static void
plan_interface (Plan       *plan,
                GVariant   *item,
                GVariant   *iface,
                const char *ns_id)
{
  g_autofree TcguiRule **rules = g_new0 (TcguiRule *, plan->active->len + 1);
  g_autofree TcguiRuleRank *ranks = g_new0 (TcguiRuleRank, plan->active->len + 1);
  const char *name = "", *network = "", *key = "";
  guint n = 0;

  g_variant_lookup (iface, "name", "&s", &name);
  g_variant_lookup (iface, "network", "&s", &network);
  g_variant_lookup (item, "key", "&s", &key);
  for (guint i = 0; i < plan->active->len; i++)
    {
      TcguiRule *rule = g_ptr_array_index (plan->active, i);
      TcguiRuleRank rank = tcgui_rule_match_container (rule, item);

      if (rank != TCGUI_RULE_RANK_NONE && tcgui_rule_wants_network (rule, network))
        {
          rules[n] = rule;
          ranks[n++] = rank;
        }
    }
  if (*name != '\0')
    desire (plan, ns_id, name, ns_id, key, rules, ranks, n);
}

/* Only containers with a namespace of their own: a rule never shapes the
 * host's interfaces through a host-network container. */
static void
plan_container (Plan     *plan,
                GVariant *item)
{
  g_autoptr(GVariant) interfaces = NULL;
  const char *state = "", *ns_id = "";
  GVariantIter iter;
  GVariant *iface;

  g_variant_lookup (item, "state", "&s", &state);
  g_variant_lookup (item, "namespace", "&s", &ns_id);
  if (!g_str_equal (state, "running") || !g_str_has_prefix (ns_id, "pid:"))
    return;
  g_hash_table_add (plan->live, g_strdup (ns_id));
  if (!(interfaces = g_variant_lookup_value (item, "interfaces", G_VARIANT_TYPE ("aa{sv}"))))
    return;
  g_variant_iter_init (&iter, interfaces);
  while ((iface = g_variant_iter_next_value (&iter)))
    {
      plan_interface (plan, item, iface, ns_id);
      g_variant_unref (iface);
    }
}

/* Named namespaces and the host: exact targets. The token of a named
 * namespace is its inode: created again, it is applied again. */
static void
plan_exact (Plan       *plan,
            const char *ns_id,
            const char *token,
            TcguiRuleKind kind,
            const char *netns)
{
  for (guint i = 0; i < plan->active->len; i++)
    {
      TcguiRule *rule = g_ptr_array_index (plan->active, i);
      TcguiRuleRank rank = TCGUI_RULE_RANK_EXACT_TARGET;
      const char *ifname = rule->interface ? rule->interface : ALL_INTERFACES;
      g_autofree char *key = target_key (ns_id, ifname);
      Desire *other = g_hash_table_lookup (plan->desired, key);
      TcguiRule *pair[2] = { rule, NULL };
      TcguiRuleRank ranks[2] = { rank, rank };

      if (rule->kind != kind || (netns && g_strcmp0 (rule->netns, netns) != 0))
        continue;
      if (other != NULL)
        {
          pair[1] = g_hash_table_lookup (plan->self->rules, other->rule_id);
          g_hash_table_remove (plan->desired, key);
        }
      desire (plan, ns_id, ifname, token, "", pair, ranks, pair[1] ? 2 : 1);
    }
}

static void
plan_items (Plan     *plan,
            GVariant *items)
{
  GVariantIter iter;
  GVariant *item;

  g_hash_table_add (plan->live, g_strdup ("host"));
  plan_exact (plan, "host", "host", TCGUI_RULE_KIND_HOST, NULL);
  g_variant_iter_init (&iter, items);
  while ((item = g_variant_iter_next_value (&iter)))
    {
      const char *kind = "", *ns_id = "", *name = "";
      guint64 inode = 0;

      g_variant_lookup (item, "kind", "&s", &kind);
      if (g_str_equal (kind, "container"))
        plan_container (plan, item);
      else if (g_str_equal (kind, "netns") &&
               g_variant_lookup (item, "namespace", "&s", &ns_id) &&
               g_variant_lookup (item, "name", "&s", &name))
        {
          g_autofree char *token = NULL;

          g_variant_lookup (item, "netns-inode", "t", &inode);
          token = g_strdup_printf ("%s:%" G_GUINT64_FORMAT, ns_id, inode);
          g_hash_table_add (plan->live, g_strdup (token));
          plan_exact (plan, ns_id, token, TCGUI_RULE_KIND_NETNS, name);
        }
      g_variant_unref (item);
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* A rule for every interface of a namespace leaves an interface that a
 * rule of its own names to that rule, whichever is newer: the narrower
 * selection wins, as among containers' rules. */
static void
plan_exceptions (Plan *plan)
{
  g_autoptr(GHashTable) named = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                       (GDestroyNotify) g_ptr_array_unref);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, plan->desired);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Desire *d = value;
      GPtrArray *names = g_hash_table_lookup (named, d->ns_id);

      if (g_str_equal (d->ifname, ALL_INTERFACES))
        continue;
      if (names == NULL)
        g_hash_table_insert (named, d->ns_id, names = g_ptr_array_new ());
      g_ptr_array_add (names, d->ifname);
    }
  g_hash_table_iter_init (&iter, plan->desired);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Desire *d = value;
      GPtrArray *names = g_hash_table_lookup (named, d->ns_id);

      if (!g_str_equal (d->ifname, ALL_INTERFACES) || names == NULL)
        continue;
      g_ptr_array_sort (names, compare_strings);
      d->except = g_new0 (char *, names->len + 1);
      for (guint i = 0; i < names->len; i++)
        d->except[i] = g_strdup (g_ptr_array_index (names, i));
    }
}

/* ---- from the plan to jobs ------------------------------------------------- */

static Job *
new_target_job (Target  *t,
                JobKind  kind)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->key = g_strdup (t->key);
  job->ns_id = g_strdup (t->ns_id);
  job->ifname = g_strdup (t->ifname);
  job->except = g_strdupv (t->except);
  job->rule_id = g_strdup (t->rule_id);
  job->serial = t->serial;
  return job;
}

static void
start_apply (TcguiRules *self,
             Target     *t,
             Desire     *d,
             gboolean    fresh)
{
  Job *job;

  /* Shaped by the engine before and not since known to be overridden:
   * the kernel is checked first (someone may have used `tc`). */
  gboolean check = !fresh && t->state == TARGET_APPLIED;

  t->serial = ++self->serial;
  g_strfreev (t->except);
  t->except = g_strdupv (d->except);
  job = new_target_job (t, JOB_APPLY);
  g_free (job->rule_id);
  job->rule_id = g_strdup (d->rule_id);
  job->check = check;
  if (!fresh)
    {
      job->expected_out = ref_or_null (t->outgoing);
      job->expected_in = ref_or_null (t->incoming);
    }
  job->outgoing = ref_or_null (d->outgoing);
  job->incoming = ref_or_null (d->incoming);

  g_free (t->rule_id);
  t->rule_id = g_strdup (d->rule_id);
  g_free (t->token);
  t->token = g_strdup (d->token);
  t->rule_changed_at = d->changed_at;
  g_clear_pointer (&t->outgoing, g_variant_unref);
  g_clear_pointer (&t->incoming, g_variant_unref);
  t->outgoing = ref_or_null (d->outgoing);
  t->incoming = ref_or_null (d->incoming);
  t->state = TARGET_PENDING;
  t->at = 0;
  push_job (self, job);
}

static gboolean
strv_has (char       **strv,
          const char  *name)
{
  return strv != NULL && g_strv_contains ((const char * const *) strv, name);
}

/* Of @a, the names not in @b; those in @only when it is given. */
static char **
names_not_in (char       **a,
              char       **b,
              const char  *ns_id,
              GHashTable  *only)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; a != NULL && a[i] != NULL; i++)
    {
      g_autofree char *key = target_key (ns_id, a[i]);

      if (!strv_has (b, a[i]) && (only == NULL || g_hash_table_contains (only, key)))
        g_strv_builder_add (builder, a[i]);
    }
  return g_strv_builder_end (builder);
}

/* A rule of its own for some of "*"'s interfaces came or went: only those
 * change. "*" takes off what it put on an interface it now leaves (before
 * that rule applies: "*" goes first), and applies to one it gets back
 * whose own rule's shaping was just cleared; one whose own rule had been
 * overridden keeps what was set by hand. */
static void
change_except (TcguiRules *self,
               Target     *t,
               Desire     *d,
               GHashTable *cleared)
{
  g_auto(GStrv) given = names_not_in (t->except, d->except, t->ns_id, cleared);
  g_auto(GStrv) taken = names_not_in (d->except, t->except, t->ns_id, NULL);
  Job *job;

  g_strfreev (t->except);
  t->except = g_strdupv (d->except);
  if (t->state != TARGET_APPLIED || (given[0] == NULL && taken[0] == NULL))
    return;   /* overridden: left alone; pending or failed: see start_apply */
  t->serial = ++self->serial;
  job = new_target_job (t, JOB_APPLY);
  job->only = g_steal_pointer (&given);
  job->release = g_steal_pointer (&taken);
  job->outgoing = ref_or_null (t->outgoing);
  job->incoming = ref_or_null (t->incoming);
  job->expected_out = ref_or_null (t->outgoing);
  job->expected_in = ref_or_null (t->incoming);
  push_job (self, job);
}

static void
apply_desired (TcguiRules *self,
               const char *key,
               Desire     *d,
               GHashTable *cleared)
{
  Target *t = g_hash_table_lookup (self->targets, key);
  gboolean fresh = t == NULL || g_strcmp0 (t->token, d->token) != 0;

  if (t == NULL)
    {
      t = g_new0 (Target, 1);
      t->key = g_strdup (key);
      t->ns_id = g_strdup (d->ns_id);
      t->ifname = g_strdup (d->ifname);
      t->container = g_strdup (d->container);
      t->rule_id = g_strdup (d->rule_id);
      g_hash_table_insert (self->targets, t->key, t);
    }
  g_free (t->container);
  t->container = g_strdup (d->container);
  if (fresh || g_strcmp0 (t->rule_id, d->rule_id) != 0 || t->rule_changed_at != d->changed_at ||
      (!strv_equal0 (t->except, d->except) &&
       (t->state == TARGET_PENDING || t->state == TARGET_ERROR)))
    start_apply (self, t, d, fresh);
  else if (!strv_equal0 (t->except, d->except))
    change_except (self, t, d, cleared);
}

/* A target no rule wants any more: what the engine applied there goes,
 * unless its namespace is gone (with the qdiscs) or it was overridden.
 * Returns: whether it is cleared */
static gboolean
drop_target (TcguiRules *self,
             Target     *t,
             GHashTable *live)
{
  if (g_hash_table_contains (live, t->token) &&
      (t->state == TARGET_APPLIED || t->state == TARGET_PENDING))
    {
      Job *job = new_target_job (t, JOB_CLEAR);

      job->check = TRUE;
      job->expected_out = ref_or_null (t->outgoing);
      job->expected_in = ref_or_null (t->incoming);
      push_job (self, job);
      return TRUE;
    }
  return FALSE;
}

static GPtrArray *
active_rules_locked (TcguiRules *self,
                     gint64      now)
{
  GPtrArray *active = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->rules);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((TcguiRule *) value)->enabled && !tcgui_rule_is_expired (value, now))
      g_ptr_array_add (active, value);
  return active;
}

static void schedule_expiry (TcguiRules *self);

/* Whether one of the @manual keys is an interface of @ns_id: a rule for
 * all of a namespace's interfaces is overridden by a change of any. */
/* A change by hand of an interface that "*" applies to (not of one it
 * leaves to a rule of its own). */
static gboolean
manual_in_namespace (GHashTable  *manual,
                     const char  *ns_id,
                     char       **except)
{
  g_autofree char *prefix = target_key (ns_id, "");
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, manual);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_str_has_prefix (key, prefix) &&
        (except == NULL ||
         !g_strv_contains ((const char * const *) except, (char *) key + strlen (prefix))))
      return TRUE;
  return FALSE;
}

static void
apply_manual_changes (TcguiRules *self)
{
  g_autoptr(GHashTable) manual = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_mutex_lock (&self->lock);
  manual = g_steal_pointer (&self->manual);
  self->manual = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_unlock (&self->lock);

  g_hash_table_iter_init (&iter, self->targets);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Target *t = value;

      if ((t->state == TARGET_APPLIED || t->state == TARGET_PENDING) &&
          (g_hash_table_contains (manual, EVERYWHERE) || g_hash_table_contains (manual, key) ||
           (g_str_equal (t->ifname, ALL_INTERFACES) && manual_in_namespace (manual, t->ns_id, t->except))))
        t->state = TARGET_OVERRIDDEN;
    }
}

static void
reconcile (TcguiRules *self)
{
  g_autoptr(GVariant) items = NULL;
  g_autoptr(GHashTable) desired = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) desire_free);
  g_autoptr(GHashTable) live = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) cleared = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Plan plan = { self, desired, live, NULL };
  GHashTableIter iter;
  gpointer key, value;
  guint64 generation;

  items = tcgui_discovery_dup_all_items (self->inventory, &generation);
  apply_manual_changes (self);
  g_hash_table_remove_all (self->superseded);

  g_mutex_lock (&self->lock);
  plan.active = active_rules_locked (self, now_s ());
  plan_items (&plan, items);
  plan_exceptions (&plan);
  g_ptr_array_unref (plan.active);
  g_mutex_unlock (&self->lock);

  g_hash_table_iter_init (&iter, self->targets);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (desired, key))
      {
        if (drop_target (self, value, live))
          g_hash_table_add (cleared, g_strdup (key));
        g_hash_table_iter_remove (&iter);
      }
  /* "*" first: what it leaves to a new rule is taken off before that applies. */
  for (int all = 1; all >= 0; all--)
    {
      g_hash_table_iter_init (&iter, desired);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (g_str_equal (((Desire *) value)->ifname, ALL_INTERFACES) == all)
          apply_desired (self, key, value, cleared);
    }

  update_statuses (self);
  schedule_expiry (self);
}

static gboolean
reconcile_cb (gpointer data)
{
  TcguiRules *self = data;

  self->reconcile_id = 0;
  if (self->ready)
    reconcile (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconcile (TcguiRules *self)
{
  if (self->reconcile_id == 0 && self->inventory != NULL)
    {
      self->reconcile_id = g_idle_add (reconcile_cb, self);
      g_source_set_name_by_id (self->reconcile_id, "[tcgui] rules reconcile");
    }
}

/* ---- expiry ----------------------------------------------------------------- */

static gboolean
expiry_cb (gpointer data)
{
  TcguiRules *self = data;

  self->expiry_id = 0;
  reconcile (self);
  return G_SOURCE_REMOVE;
}

/* A timer to the next deadline; the stored deadline is what counts (a
 * helper started after it clears at once). */
static void
schedule_expiry (TcguiRules *self)
{
  gint64 next = 0, now = now_s ();
  GHashTableIter iter;
  gpointer value;

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->rules);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      TcguiRule *rule = value;

      if (rule->enabled && rule->expires_at > now && (next == 0 || rule->expires_at < next))
        next = rule->expires_at;
    }
  g_mutex_unlock (&self->lock);

  g_clear_handle_id (&self->expiry_id, g_source_remove);
  if (next != 0)
    {
      /* Wall-clock seconds; a timer of at most a day is simply re-armed.
       * Capped in seconds first: a far deadline must not overflow. */
      guint delay_ms = (guint) MIN (next - now, 24 * 3600) * 1000;

      self->expiry_id = g_timeout_add (delay_ms, expiry_cb, self);
      g_source_set_name_by_id (self->expiry_id, "[tcgui] rules expiry");
    }
}

/* At start: rules that expired while the helper was down are cleared where
 * their stored status says they applied (when the kernel still holds it). */
static void
clear_expired_at_start (TcguiRules *self)
{
  GHashTableIter iter;
  gpointer value;
  gint64 now = now_s ();

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->rules);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      TcguiRule *rule = value;
      g_autoptr(GVariant) applied = NULL;
      GVariantIter entries;
      const char *ns_id, *ifname;
      GVariant *entry;

      if (!tcgui_rule_is_expired (rule, now) || rule->status == NULL ||
          !(applied = g_variant_lookup_value (rule->status, "applied", G_VARIANT_TYPE ("aa{sv}"))))
        continue;
      g_variant_iter_init (&entries, applied);
      while ((entry = g_variant_iter_next_value (&entries)))
        {
          if (g_variant_lookup (entry, "namespace", "&s", &ns_id) &&
              g_variant_lookup (entry, "interface", "&s", &ifname) &&
              !g_variant_lookup (entry, "superseded-by", "&s", NULL))
            {
              Job *job = g_new0 (Job, 1);

              job->kind = JOB_CLEAR;
              job->key = target_key (ns_id, ifname);
              job->ns_id = g_strdup (ns_id);
              job->ifname = g_strdup (ifname);
              job->check = TRUE;
              job->expected_out = ref_or_null (rule->outgoing);
              job->expected_in = ref_or_null (rule->incoming);
              g_debug ("Rule %s expired while the helper was down: clearing %s", rule->id, job->key);
              push_job (self, job);
            }
          g_variant_unref (entry);
        }
    }
  g_mutex_unlock (&self->lock);
}

/* ---- start ------------------------------------------------------------------ */

static gboolean
users_ready (TcguiRules *self)
{
  g_autoptr(GHashTable) owners = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer value;
  gboolean ready = TRUE;

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->rules);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (tcgui_rule_is_private (value))
      g_hash_table_add (owners, GUINT_TO_POINTER (((TcguiRule *) value)->owner_uid));
  g_mutex_unlock (&self->lock);

  g_hash_table_iter_init (&iter, owners);
  while (g_hash_table_iter_next (&iter, &value, NULL))
    {
      tcgui_discovery_add_user (self->inventory, GPOINTER_TO_UINT (value));
      ready = ready && tcgui_discovery_wait_user_ready (self->inventory, GPOINTER_TO_UINT (value), 0);
    }
  return ready;
}

/* The first reconciliation waits for the first full inventory (every
 * runtime answered once), at most 5 s: before, running containers would
 * look absent. */
static gboolean
ready_cb (gpointer data)
{
  TcguiRules *self = data;
  gboolean ready = tcgui_discovery_wait_ready (self->inventory, 0) && users_ready (self);

  if (!ready && g_get_monotonic_time () < self->ready_deadline)
    return G_SOURCE_CONTINUE;
  self->ready_id = 0;
  self->ready = TRUE;
  g_debug ("Rules: the inventory is %s, reconciling", ready ? "complete" : "late");
  clear_expired_at_start (self);
  reconcile (self);
  return G_SOURCE_REMOVE;
}

static void
inventory_changed_cb (TcguiDiscovery *inventory,
                      guint64         generation,
                      GVariant       *changed,
                      const char    **removed,
                      TcguiRules     *self)
{
  schedule_reconcile (self);
}

/* ---- object ----------------------------------------------------------------- */

static void
tcgui_rules_dispose (GObject *object)
{
  TcguiRules *self = (TcguiRules *)object;

  g_clear_handle_id (&self->ready_id, g_source_remove);
  g_clear_handle_id (&self->reconcile_id, g_source_remove);
  g_clear_handle_id (&self->expiry_id, g_source_remove);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->inventory != NULL)
    g_signal_handlers_disconnect_by_data (self->inventory, self);
  g_clear_object (&self->inventory);

  G_OBJECT_CLASS (tcgui_rules_parent_class)->dispose (object);
}

static void
tcgui_rules_finalize (GObject *object)
{
  TcguiRules *self = (TcguiRules *)object;

  /* Jobs hold a reference: the pool is empty when this runs, maybe in
   * its own thread (the last save job): never wait for it here. */
  g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, FALSE);
  g_free (self->path);
  g_free (self->problem);
  g_free (self->unreadable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->rules, g_hash_table_unref);
  g_clear_pointer (&self->manual, g_hash_table_unref);
  g_clear_pointer (&self->targets, g_hash_table_unref);
  g_clear_pointer (&self->superseded, g_hash_table_unref);
  g_clear_pointer (&self->errors, g_hash_table_unref);
  g_clear_pointer (&self->changed_ids, g_hash_table_unref);
  g_clear_pointer (&self->removed_ids, g_hash_table_unref);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->file_lock);

  G_OBJECT_CLASS (tcgui_rules_parent_class)->finalize (object);
}

static void
tcgui_rules_class_init (TcguiRulesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tcgui_rules_dispose;
  object_class->finalize = tcgui_rules_finalize;

  /**
   * TcguiRules::changed:
   * @generation: the rules' generation after these changes
   * @changed: (type GVariant): aa{sv}, complete rules (all users')
   * @removed: (type GVariant): a(su), the ids removed and their owner
   *   (+ 1) for a private rule, else 0
   *
   * Emitted in the main context a few milliseconds after changes.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_UINT64, G_TYPE_VARIANT, G_TYPE_VARIANT);
}

static void
tcgui_rules_init (TcguiRules *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->file_lock);
  self->rules = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) tcgui_rule_free);
  self->manual = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->targets = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) target_free);
  self->superseded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_ptr_array_unref);
  self->errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) rule_error_free);
  self->changed_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->removed_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* One worker: changes are made in the order they were decided. */
  self->pool = g_thread_pool_new (worker_cb, NULL, 1, FALSE, NULL);
  self->context = g_main_context_ref_thread_default ();
}

/* ---- public API --------------------------------------------------------------- */

/**
 * tcgui_rules_set_default_path:
 * @path: the rules file (the helper's --rules option, for tests)
 */
void
tcgui_rules_set_default_path (const char *path)
{
  g_mutex_lock (&default_path_lock);
  g_free (default_path);
  default_path = g_strdup (path);
  g_mutex_unlock (&default_path_lock);
}

const char *
tcgui_rules_get_default_path (void)
{
  return default_path ? default_path : TCGUI_RULE_STORE_DEFAULT_PATH;
}

/**
 * tcgui_rules_new:
 * @path: the rules file
 *
 * Reads the rules; a corrupt file is moved aside and reported by
 * tcgui_rules_get_problem(). Call in the main context the engine lives in.
 */
TcguiRules *
tcgui_rules_new (const char *path)
{
  TcguiRules *self = g_object_new (TCGUI_TYPE_RULES, NULL);
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(GError) error = NULL;

  self->path = g_strdup (path);
  rules = tcgui_rule_store_load (path, &self->problem, &error);
  if (rules == NULL)
    {
      /* Not missing, not corrupt (a symlink, EACCES, EIO): the user's rules
       * may still be there, so no change may overwrite them. */
      self->unreadable = g_strdup (error->message);
      self->problem = g_strdup_printf ("The rules file could not be read: %s; nothing is "
                                       "written until it can (restart the helper)", error->message);
      return self;
    }
  for (guint i = 0; i < rules->len; i++)
    {
      TcguiRule *rule = g_ptr_array_steal_index_fast (rules, i--);

      g_hash_table_replace (self->rules, rule->id, rule);
    }
  return self;
}

/**
 * tcgui_rules_get_problem:
 *
 * Returns: (nullable): why the rules file was not used, or %NULL
 */
const char *
tcgui_rules_get_problem (TcguiRules *self)
{
  return self->problem;
}

/**
 * tcgui_rules_get_n_enabled:
 *
 * Thread-safe. While there is an enabled, unexpired rule, the helper does
 * not exit when idle.
 */
guint
tcgui_rules_get_n_enabled (TcguiRules *self)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  GHashTableIter iter;
  gpointer value;
  gint64 now = now_s ();
  guint n = 0;

  /* An expired rule has nothing left to apply. */
  g_hash_table_iter_init (&iter, self->rules);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((TcguiRule *) value)->enabled && !tcgui_rule_is_expired (value, now))
      n++;
  return n;
}

/**
 * tcgui_rules_get_n_rules:
 *
 * Thread-safe.
 *
 * Returns: how many rules are kept, disabled and expired ones too
 */
guint
tcgui_rules_get_n_rules (TcguiRules *self)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return g_hash_table_size (self->rules);
}

/**
 * tcgui_rules_list:
 * @uid: the caller: private rules of other users are left out
 *
 * Thread-safe.
 *
 * Returns: (transfer full): aa{sv}, sorted by id
 */
GVariant *
tcgui_rules_list (TcguiRules *self,
                  guint32     uid,
                  guint64    *generation)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(GPtrArray) rules = sorted_rules_locked (self);

  for (guint i = 0; i < rules->len; i++)
    if (tcgui_rule_visible (g_ptr_array_index (rules, i), uid))
      g_variant_builder_add_value (&b, tcgui_rule_to_variant (g_ptr_array_index (rules, i), TRUE));
  *generation = self->generation;
  return g_variant_ref_sink (g_variant_builder_end (&b));
}

static gboolean
changed_in_main_cb (gpointer data)
{
  TcguiRules *self = data;
  GHashTableIter iter;
  gpointer value;

  /* A new private rule: its owner's rootless Podman is watched from now. */
  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->rules);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (self->inventory != NULL && tcgui_rule_is_private (value))
      tcgui_discovery_add_user (self->inventory, ((TcguiRule *) value)->owner_uid);
  g_mutex_unlock (&self->lock);

  schedule_flush (self);
  schedule_reconcile (self);
  return G_SOURCE_REMOVE;
}

static void
announce (TcguiRules *self,
          const char *changed_id,
          const char *removed_id,
          guint32     removed_owner)
{
  /* Under lock: the main context reads these after the invoke. */
  if (changed_id)
    g_hash_table_add (self->changed_ids, g_strdup (changed_id));
  if (removed_id)
    g_hash_table_insert (self->removed_ids, g_strdup (removed_id), GUINT_TO_POINTER (removed_owner));
  self->generation++;
}

static guint
count_of_uid_locked (TcguiRules *self,
                     guint32     uid)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->rules);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((TcguiRule *) value)->owner_uid == uid)
      n++;
  return n;
}

static gsize
rule_size (const TcguiRule *rule)
{
  g_autoptr(GVariant) v = g_variant_ref_sink (tcgui_rule_to_variant (rule, TRUE));

  return g_variant_get_size (v);
}

/* Under lock: whether @rule fits in its owner's byte budget, with the
 * owner's other rules (the one it replaces not counted). */
static gboolean
fits_budget_locked (TcguiRules       *self,
                    const TcguiRule  *rule,
                    GError          **error)
{
  GHashTableIter iter;
  gpointer value;
  gsize total = rule_size (rule);

  g_hash_table_iter_init (&iter, self->rules);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      TcguiRule *other = value;

      if (other->owner_uid == rule->owner_uid && g_strcmp0 (other->id, rule->id) != 0)
        total += rule_size (other);
    }
  if (total <= TCGUI_RULE_MAX_BYTES_PER_UID)
    return TRUE;
  g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_LIMIT_EXCEEDED,
               "User %u's rules would take %zu bytes, more than the %u KiB a user may",
               rule->owner_uid, total, TCGUI_RULE_MAX_BYTES_PER_UID >> 10);
  return FALSE;
}

/* Under lock: what @uid may do to the rule @id. */
static TcguiRule *
lookup_for_change_locked (TcguiRules  *self,
                          const char  *id,
                          guint32      uid,
                          GError     **error)
{
  TcguiRule *rule = g_hash_table_lookup (self->rules, id);

  if (rule == NULL || !tcgui_rule_visible (rule, uid))
    {
      /* Another user's private rule is not even said to exist. */
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_RULE, "No rule “%s”", id);
      return NULL;
    }
  return rule;
}

/* Under file_lock and lock: puts @rule in place of its id's, keeping the
 * old one in @old for an undo. */
static gboolean
install_locked (TcguiRules  *self,
                TcguiRule   *rule,
                guint32      uid,
                TcguiRule  **old,
                GError     **error)
{
  TcguiRule *existing = NULL;

  if (rule->id != NULL && !(existing = lookup_for_change_locked (self, rule->id, uid, error)))
    return FALSE;
  if (existing == NULL)
    {
      if (count_of_uid_locked (self, uid) >= TCGUI_RULE_MAX_PER_UID)
        return (g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_LIMIT_EXCEEDED,
                             "User %u has %u rules already, the most a user may", uid,
                             TCGUI_RULE_MAX_PER_UID), FALSE);
      do
        {
          g_free (rule->id);
          rule->id = tcgui_rule_new_id ();
        }
      while (g_hash_table_contains (self->rules, rule->id));
      rule->owner_uid = uid;
      if (!fits_budget_locked (self, rule, error))
        return FALSE;
    }
  else
    {
      rule->owner_uid = existing->owner_uid;
      /* Only the owner may make a rule private (its own rootless Podman). */
      if (tcgui_rule_is_private (rule) && rule->owner_uid != uid)
        return (g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_PERMISSION_DENIED,
                             "Rule “%s” belongs to user %u: only they can make it a rule of "
                             "their own rootless Podman", rule->id, rule->owner_uid), FALSE);
      /* Who replaces another user's public rule owns it from now (its
       * count, its budget); root's change keeps the owner. */
      if (uid != 0 && uid != rule->owner_uid)
        {
          if (count_of_uid_locked (self, uid) >= TCGUI_RULE_MAX_PER_UID)
            return (g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_LIMIT_EXCEEDED,
                                 "User %u has %u rules already, the most a user may", uid,
                                 TCGUI_RULE_MAX_PER_UID), FALSE);
          rule->owner_uid = uid;
        }
      /* A status never crosses from private to public: it names containers. */
      if (tcgui_rule_is_private (rule) == tcgui_rule_is_private (existing))
        tcgui_rule_set_status (rule, existing->status);
      if (!fits_budget_locked (self, rule, error))
        return FALSE;
      *old = g_hash_table_steal (self->rules, rule->id) ? existing : NULL;
    }
  rule->changed_at = g_get_real_time ();
  g_hash_table_replace (self->rules, rule->id, rule);
  return TRUE;
}

static void
undo_locked (TcguiRules *self,
             const char *id,
             TcguiRule  *old)
{
  g_hash_table_remove (self->rules, id);
  if (old != NULL)
    g_hash_table_replace (self->rules, old->id, old);
}

/**
 * tcgui_rules_set:
 * @dict: a rule from a caller
 * @uid: the caller
 *
 * Validates, stores durably (the file is replaced before this returns),
 * then reconciles in the main context. Thread-safe; blocks on the disk.
 *
 * Returns: (transfer full): the rule's id, or %NULL with an error (and
 *   nothing changed)
 */
char *
tcgui_rules_set (TcguiRules  *self,
                 GVariant    *dict,
                 guint32      uid,
                 GError     **error)
{
  g_autoptr(TcguiRule) rule = tcgui_rule_from_variant (dict, TCGUI_RULE_PARSE_CALLER, now_s (), error);
  G_GNUC_UNUSED g_autoptr(GMutexLocker) file_locker = NULL;
  TcguiRule *old = NULL;
  g_autofree char *id = NULL;

  if (rule == NULL)
    return NULL;
  file_locker = g_mutex_locker_new (&self->file_lock);
  g_mutex_lock (&self->lock);
  if (!install_locked (self, rule, uid, &old, error))
    {
      g_mutex_unlock (&self->lock);
      return NULL;
    }
  id = g_strdup (rule->id);
  rule = NULL;    /* the table owns it now */
  g_mutex_unlock (&self->lock);

  if (!save_locked (self, error))
    {
      g_mutex_lock (&self->lock);
      undo_locked (self, id, old);
      g_mutex_unlock (&self->lock);
      return NULL;
    }
  g_mutex_lock (&self->lock);
  announce (self, id, NULL, 0);
  g_mutex_unlock (&self->lock);
  tcgui_rule_free (old);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, changed_in_main_cb,
                              g_object_ref (self), g_object_unref);
  return g_steal_pointer (&id);
}

/**
 * tcgui_rules_delete:
 * @id: a rule's id
 * @uid: the caller: another user's private rule is refused (NoSuchRule,
 *   or PermissionDenied for root... root sees no private rule but may
 *   delete one by id)
 *
 * Thread-safe; blocks on the disk.
 */
gboolean
tcgui_rules_delete (TcguiRules  *self,
                    const char  *id,
                    guint32      uid,
                    GError     **error)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) file_locker = NULL;
  TcguiRule *rule;
  guint32 owner_tag;

  if (!tcgui_rule_id_is_valid (id))
    return (g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT,
                         "“id” must be “r” and 16 lowercase hexadecimal digits"), FALSE);
  file_locker = g_mutex_locker_new (&self->file_lock);
  g_mutex_lock (&self->lock);
  /* Root may remove what it cannot see (a user's private rule). */
  rule = g_hash_table_lookup (self->rules, id);
  if (rule == NULL || (uid != 0 && !tcgui_rule_visible (rule, uid)))
    {
      g_mutex_unlock (&self->lock);
      return (g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_RULE, "No rule “%s”", id), FALSE);
    }
  g_hash_table_steal (self->rules, id);
  g_mutex_unlock (&self->lock);

  if (!save_locked (self, error))
    {
      g_mutex_lock (&self->lock);
      g_hash_table_replace (self->rules, rule->id, rule);
      g_mutex_unlock (&self->lock);
      return FALSE;
    }
  owner_tag = tcgui_rule_is_private (rule) ? rule->owner_uid + 1 : 0;
  g_mutex_lock (&self->lock);
  announce (self, NULL, id, owner_tag);
  g_mutex_unlock (&self->lock);
  tcgui_rule_free (rule);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, changed_in_main_cb,
                              g_object_ref (self), g_object_unref);
  return TRUE;
}

/**
 * tcgui_rules_start:
 * @inventory: the helper's inventory, started
 *
 * Reconciles from the first full inventory on, then on every change of the
 * inventory or the rules and at each deadline. Call in the engine's main
 * context.
 */
void
tcgui_rules_start (TcguiRules     *self,
                   TcguiDiscovery *inventory)
{
  g_return_if_fail (TCGUI_IS_RULES (self));
  g_return_if_fail (self->inventory == NULL);

  self->inventory = g_object_ref (inventory);
  g_signal_connect (inventory, "changed", G_CALLBACK (inventory_changed_cb), self);
  self->ready_deadline = g_get_monotonic_time () + READY_TIMEOUT_USEC;
  self->ready_id = g_timeout_add (READY_POLL_MSEC, ready_cb, self);
  g_source_set_name_by_id (self->ready_id, "[tcgui] rules ready");
}

static gboolean
manual_in_main_cb (gpointer data)
{
  TcguiRules *self = data;

  apply_manual_changes (self);
  update_statuses (self);
  return G_SOURCE_REMOVE;
}

/**
 * tcgui_rules_note_manual_change:
 * @ns_id: a namespace identifier SetShaping or ClearShaping was given
 * @ifname: its interface
 *
 * A caller changed the shaping there by hand: a rule applied there is
 * "overridden" until the target's next start. Thread-safe.
 */
static void
note_manual_key (TcguiRules *self,
                 char       *key)
{
  gboolean first;

  /* One pass in the main context for many changes (a SetShapingBatch of
   * 1024 items): only the first change since the last pass asks for it. */
  g_mutex_lock (&self->lock);
  first = g_hash_table_size (self->manual) == 0;
  g_hash_table_add (self->manual, key);
  g_mutex_unlock (&self->lock);
  if (first)
    g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, manual_in_main_cb,
                                g_object_ref (self), g_object_unref);
}

void
tcgui_rules_note_manual_change (TcguiRules *self,
                                const char *ns_id,
                                const char *ifname)
{
  note_manual_key (self, target_key (ns_id, ifname));
}

/**
 * tcgui_rules_note_reset_all:
 *
 * ResetAll cleared everything TC GUI set: every rule applied somewhere is
 * "overridden" there until the target's next start. Thread-safe.
 */
void
tcgui_rules_note_reset_all (TcguiRules *self)
{
  note_manual_key (self, g_strdup (EVERYWHERE));
}
