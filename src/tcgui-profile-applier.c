/* tcgui-profile-applier.c - applies an image's profile to its new containers
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Watches the inventory: a container that became running while the app
 * runs (new, or started again: it has a new namespace) and whose image has
 * a profile (tcgui-profiles.c) gets it through the shaping batch, one
 * container at a time, each interface by name. The first inventory the
 * app sees is only remembered: containers that already ran when the app
 * started are left as they are (docs/user-guide.md, "Profiles per image").
 * Only the fallback for a helper without rules ("rules" in GetCapabilities):
 * one with rules applies them itself, even while the app is closed, and the
 * app suspends its applier (tcgui_profile_applier_set_suspended()).
 */

#define G_LOG_DOMAIN "tcgui-profile-applier"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-profile-applier.h"
#include "tcgui-shaping-batch.h"

struct _TcguiProfileApplier
{
  GObject            parent_instance;

  TcguiHelperClient *client;
  TcguiInventory    *inventory;
  TcguiProfiles     *profiles;
  GCancellable      *cancellable;
  GHashTable        *running;   /* container key → namespace id it ran in */
  GQueue             queue;     /* TcguiContainer to apply to */
  gboolean           primed;    /* the first inventory was remembered */
  gboolean           busy;      /* a batch is running */
  gboolean           suspended; /* the helper applies rules itself */
};

G_DEFINE_FINAL_TYPE (TcguiProfileApplier, tcgui_profile_applier, G_TYPE_OBJECT)

enum {
  APPLIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void next_job (TcguiProfileApplier *self);

static char *
describe (TcguiContainer *container,
          guint           n_done,
          const char     *failures)
{
  const char *image = tcgui_container_get_image (container);
  const char *name = tcgui_container_get_name (container);

  if (failures[0] == '\0')
    return g_strdup_printf (_("Applied the profile of %s to %s"), image, name);
  if (n_done > 0)
    /* Translators: image, container, then "IFNAME: why; …" */
    return g_strdup_printf (_("Applied the profile of %s to %s in part: %s"), image, name,
                            failures);
  /* Translators: image, container, then "IFNAME: why; …" */
  return g_strdup_printf (_("Cannot apply the profile of %s to %s: %s"), image, name, failures);
}

/* A batch in flight. The applier is not referenced: its cancellable ends
 * the batch before it goes, and a cancelled batch never touches it. */
typedef struct
{
  TcguiProfileApplier *self;
  TcguiContainer      *container;
} Job;

static void
job_free (Job *job)
{
  g_object_unref (job->container);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static void
batch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  TcguiProfileApplier *self = job->self;
  TcguiContainer *container = job->container;
  g_autoptr(GError) error = NULL;
  g_autofree char *failures = NULL, *message = NULL;
  guint n_done = 0, n_total = 0;

  if (!tcgui_shaping_batch_apply_finish (TCGUI_HELPER_CLIENT (object), result, &n_done,
                                         &n_total, &failures, &error))
    return;   /* cancelled: the applier is gone */
  message = describe (container, n_done, failures);
  self->busy = FALSE;
  g_signal_emit (self, signals[APPLIED], 0, tcgui_container_get_key (container),
                 failures[0] == '\0', message);
  next_job (self);
}

/* One batch at a time: two containers of one image start together. */
static void
next_job (TcguiProfileApplier *self)
{
  g_autoptr(TcguiContainer) container = NULL;
  GPtrArray *interfaces;

  while (!self->busy && (container = g_queue_pop_head (&self->queue)) != NULL)
    {
      /* Looked up now: the profile may have been saved meanwhile. */
      interfaces = tcgui_profiles_lookup (self->profiles, tcgui_container_get_image (container));
      if (interfaces != NULL)
        {
          Job *job = g_new0 (Job, 1);

          job->self = self;
          job->container = g_object_ref (container);
          self->busy = TRUE;
          tcgui_shaping_batch_apply_each_async (self->client,
                                                tcgui_container_get_namespace_id (container),
                                                interfaces, self->cancellable, batch_cb, job);
        }
      g_clear_object (&container);
    }
}

static gboolean
became_running (TcguiProfileApplier *self,
                TcguiContainer      *container)
{
  const char *ns = tcgui_container_get_namespace_id (container);
  const char *before = g_hash_table_lookup (self->running, tcgui_container_get_key (container));

  return g_strcmp0 (before, ns) != 0;
}

/* Only changes count: a container seen running in the same namespace
 * before is not touched again by a later refresh. */
static void
inventory_changed_cb (TcguiProfileApplier *self)
{
  g_autoptr(GPtrArray) containers = NULL;
  g_autoptr(GHashTable) running = NULL;

  if (!tcgui_inventory_get_loaded (self->inventory))
    return;
  containers = tcgui_inventory_dup_containers (self->inventory);
  running = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < containers->len; i++)
    {
      TcguiContainer *container = g_ptr_array_index (containers, i);
      const char *ns = tcgui_container_get_namespace_id (container);

      if (!tcgui_container_is_running (container) || ns[0] == '\0' ||
          g_strcmp0 (ns, "host") == 0)
        continue;
      if (self->primed && !self->suspended && became_running (self, container))
        tcgui_profile_applier_apply (self, container);
      g_hash_table_insert (running, g_strdup (tcgui_container_get_key (container)),
                           g_strdup (ns));
    }
  g_hash_table_unref (self->running);
  self->running = g_steal_pointer (&running);
  self->primed = TRUE;
}

static void
tcgui_profile_applier_dispose (GObject *object)
{
  TcguiProfileApplier *self = (TcguiProfileApplier *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->inventory != NULL)
    g_signal_handlers_disconnect_by_data (self->inventory, self);
  g_queue_clear_full (&self->queue, g_object_unref);
  g_clear_object (&self->inventory);
  g_clear_object (&self->profiles);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (tcgui_profile_applier_parent_class)->dispose (object);
}

static void
tcgui_profile_applier_finalize (GObject *object)
{
  TcguiProfileApplier *self = (TcguiProfileApplier *)object;

  g_clear_object (&self->cancellable);
  g_hash_table_unref (self->running);

  G_OBJECT_CLASS (tcgui_profile_applier_parent_class)->finalize (object);
}

static void
tcgui_profile_applier_class_init (TcguiProfileApplierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tcgui_profile_applier_dispose;
  object_class->finalize = tcgui_profile_applier_finalize;

  /* A profile was applied: the container's key, whether every interface
   * took it, and the message to show. */
  signals[APPLIED] =
    g_signal_new ("applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_BOOLEAN, G_TYPE_STRING);
}

static void
tcgui_profile_applier_init (TcguiProfileApplier *self)
{
  self->cancellable = g_cancellable_new ();
  self->running = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_queue_init (&self->queue);
}

/**
 * tcgui_profile_applier_new:
 *
 * Starts watching @inventory: the containers of its first load are
 * remembered, those that start later get their image's profile.
 */
TcguiProfileApplier *
tcgui_profile_applier_new (TcguiHelperClient *client,
                           TcguiInventory    *inventory,
                           TcguiProfiles     *profiles)
{
  TcguiProfileApplier *self = g_object_new (TCGUI_TYPE_PROFILE_APPLIER, NULL);

  self->client = g_object_ref (client);
  self->inventory = g_object_ref (inventory);
  self->profiles = g_object_ref (profiles);
  g_signal_connect_object (inventory, "changed", G_CALLBACK (inventory_changed_cb), self,
                           G_CONNECT_SWAPPED);
  inventory_changed_cb (self);
  return self;
}

/**
 * tcgui_profile_applier_apply:
 *
 * Applies the profile of @container's image to it now (after the batches
 * before it), if there is one and the container runs. Emits
 * #TcguiProfileApplier::applied when done.
 */
void
tcgui_profile_applier_apply (TcguiProfileApplier *self,
                             TcguiContainer      *container)
{
  g_return_if_fail (TCGUI_IS_PROFILE_APPLIER (self));
  g_return_if_fail (TCGUI_IS_CONTAINER (container));

  if (!tcgui_container_is_running (container) ||
      tcgui_container_get_namespace_id (container)[0] == '\0')
    return;
  g_queue_push_tail (&self->queue, g_object_ref (container));
  next_job (self);
}

/**
 * tcgui_profile_applier_set_suspended:
 * @suspended: the helper applies rules itself: apply nothing on start
 *
 * Containers keep being remembered meanwhile, so that one that ran while
 * suspended is not taken for a new start once resumed.
 */
void
tcgui_profile_applier_set_suspended (TcguiProfileApplier *self,
                                     gboolean             suspended)
{
  g_return_if_fail (TCGUI_IS_PROFILE_APPLIER (self));
  self->suspended = !!suspended;
}
