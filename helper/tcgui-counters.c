/* tcgui-counters.c - interface counters of many namespaces, sampled often
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-counters"

#include "config.h"

#include <net/if.h>
#include <string.h>
#include <unistd.h>

#include "tcgui-counters.h"
#include "tcgui-error.h"
#include "tcgui-netns.h"

/* One namespace that at least one watch reads. */
typedef struct
{
  TcguiNsRef *ref;
  TcguiNl    *nl;         /* NULL while the namespace is gone */
  guint64     dev;        /* of the namespace @nl is bound to (nsfs) */
  guint64     inode;
  guint       n_refs;
  gint64      generation; /* of @links */
  gboolean    dumped;     /* @generation is valid */
  GHashTable *links;      /* name → TcguiLinkStats, from the last dump */
} NsEntry;

struct _TcguiCounters
{
  GHashTable *namespaces;  /* namespace id → NsEntry */
};

static void
ns_entry_free (NsEntry *entry)
{
  g_clear_pointer (&entry->ref, tcgui_ns_ref_free);
  g_clear_pointer (&entry->nl, tcgui_nl_free);
  g_clear_pointer (&entry->links, g_hash_table_unref);
  g_free (entry);
}

TcguiCounters *
tcgui_counters_new (void)
{
  TcguiCounters *self = g_new0 (TcguiCounters, 1);

  self->namespaces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) ns_entry_free);
  return self;
}

void
tcgui_counters_free (TcguiCounters *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->namespaces);
  g_free (self);
}

/**
 * tcgui_counters_check_target:
 *
 * Checks the syntax of a caller's target (no namespace is opened).
 *
 * Returns: %TRUE, or %FALSE with %TCGUI_ERROR_INVALID_ARGUMENT
 */
gboolean
tcgui_counters_check_target (const char  *namespace_id,
                             const char  *ifname,
                             GError     **error)
{
  g_autoptr(TcguiNsRef) ref = NULL;

  return (ref = tcgui_ns_ref_parse (namespace_id, error)) != NULL &&
         tcgui_netns_check_ifname (ifname, error);
}

/* Opens @entry's namespace now and, when it is not the one the socket is
 * bound to, replaces the socket. @replaced: it was another namespace than
 * the last one read (a named namespace deleted and created again). */
static gboolean
ns_entry_reopen (NsEntry   *entry,
                 gboolean  *replaced,
                 GError   **error)
{
  guint64 dev = 0, inode = 0;
  int nsfd;

  if ((nsfd = tcgui_netns_open (entry->ref, error)) < 0)
    {
      g_clear_pointer (&entry->nl, tcgui_nl_free);
      return FALSE;
    }
  if (!tcgui_netns_get_id (nsfd, &dev, &inode))
    {
      close (nsfd);
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_FAILED, "Cannot stat a namespace");
      return FALSE;
    }

  if (entry->nl == NULL || inode != entry->inode || dev != entry->dev)
    {
      g_debug ("New socket in namespace inode %" G_GUINT64_FORMAT " (was %" G_GUINT64_FORMAT ")",
               inode, entry->inode);
      *replaced = entry->inode != 0 && (inode != entry->inode || dev != entry->dev);
      g_clear_pointer (&entry->nl, tcgui_nl_free);
      entry->nl = tcgui_nl_new_in (nsfd, error);
      entry->dev = dev;
      entry->inode = inode;
    }

  close (nsfd);
  return entry->nl != NULL;
}

/* Makes sure the socket is in the namespace @entry's name leads to now.
 * The usual case — nothing changed — costs one stat(), no open(). */
static gboolean
ns_entry_revalidate (NsEntry   *entry,
                     gboolean  *replaced,
                     GError   **error)
{
  guint64 dev = 0, inode = 0;

  *replaced = FALSE;
  if (entry->nl != NULL && tcgui_netns_stat (entry->ref, &dev, &inode) &&
      dev == entry->dev && inode == entry->inode)
    return TRUE;
  return ns_entry_reopen (entry, replaced, error);
}

/**
 * tcgui_counters_ref_namespace:
 * @namespace_id: a namespace identifier, already checked
 *
 * Opens a socket in @namespace_id unless one is cached, and counts one
 * more user of it.
 *
 * Returns: %TRUE, or %FALSE with a #TcguiError (nothing changed)
 */
gboolean
tcgui_counters_ref_namespace (TcguiCounters  *self,
                              const char     *namespace_id,
                              GError        **error)
{
  NsEntry *entry = g_hash_table_lookup (self->namespaces, namespace_id);

  if (entry == NULL)
    {
      g_autoptr(TcguiNsRef) ref = tcgui_ns_ref_parse (namespace_id, error);

      if (ref == NULL)
        return FALSE;

      gboolean replaced = FALSE;

      entry = g_new0 (NsEntry, 1);
      entry->ref = g_steal_pointer (&ref);
      if (!ns_entry_revalidate (entry, &replaced, error))
        {
          ns_entry_free (entry);
          return FALSE;
        }
      g_hash_table_insert (self->namespaces, g_strdup (namespace_id), entry);
    }

  entry->n_refs++;
  return TRUE;
}

void
tcgui_counters_unref_namespace (TcguiCounters *self,
                                const char    *namespace_id)
{
  NsEntry *entry = g_hash_table_lookup (self->namespaces, namespace_id);

  g_return_if_fail (entry != NULL);

  /* The last user closes the socket: no namespace is kept alive for nothing. */
  if (--entry->n_refs == 0)
    g_hash_table_remove (self->namespaces, namespace_id);
}

guint
tcgui_counters_get_n_namespaces (TcguiCounters *self)
{
  return g_hash_table_size (self->namespaces);
}

static void
ns_entry_dump (NsEntry *entry,
               gint64   generation)
{
  g_autoptr(GError) error = NULL;
  gboolean replaced = FALSE;

  entry->generation = generation;
  entry->dumped = TRUE;
  g_clear_pointer (&entry->links, g_hash_table_unref);

  if (!ns_entry_revalidate (entry, &replaced, &error))
    {
      g_autofree char *id = tcgui_ns_ref_to_string (entry->ref);

      g_debug ("Cannot read the counters of %s: %s", id,
               error ? error->message : "the namespace is gone");
      return;
    }
  /* A namespace created again under the same name has new interfaces,
   * perhaps with the same names and indexes: for one round they are
   * reported absent, which tells a reader (src/tcgui-rate.c) to start
   * its rates afresh instead of subtracting one interface's counters from
   * another's. */
  if (replaced)
    return;
  if (!(entry->links = tcgui_nl_dump_link_stats (entry->nl, &error)))
    {
      g_autofree char *id = tcgui_ns_ref_to_string (entry->ref);

      g_debug ("Cannot read the counters of %s: %s", id, error->message);
      /* A socket left in a bad state (e.g. a sequence mismatch) is replaced. */
      g_clear_pointer (&entry->nl, tcgui_nl_free);
    }
}

/**
 * tcgui_counters_read:
 * @namespace_id: a namespace passed to tcgui_counters_ref_namespace()
 * @generation: a number that changes from one sampling round to the next:
 *   each namespace is read from the kernel once per round, however many
 *   of its interfaces are asked for
 * @stats: (out caller-allocates): the counters; @stats->name is not set
 *
 * Returns: %TRUE, or %FALSE when the namespace or interface is gone
 */
gboolean
tcgui_counters_read (TcguiCounters  *self,
                     const char     *namespace_id,
                     const char     *ifname,
                     gint64          generation,
                     TcguiLinkStats *stats)
{
  NsEntry *entry = g_hash_table_lookup (self->namespaces, namespace_id);
  const TcguiLinkStats *found;

  memset (stats, 0, sizeof *stats);
  g_return_val_if_fail (entry != NULL, FALSE);

  if (!entry->dumped || entry->generation != generation)
    ns_entry_dump (entry, generation);

  if (entry->links == NULL || !(found = g_hash_table_lookup (entry->links, ifname)))
    return FALSE;

  *stats = *found;
  stats->name = NULL;
  return TRUE;
}
