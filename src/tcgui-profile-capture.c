/* tcgui-profile-capture.c - reads a container's shaping as a profile
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Save Shaping as Profile for Image": GetShaping for each interface, one
 * call at a time. What TC GUI can represent (owner "tcgui" or "tc") is
 * kept; a direction with a foreign tree (htb, …) is left out with a note,
 * since applying a part of it elsewhere would not be the same shaping. An
 * interface with nothing shaped is left out: a profile says what to set.
 */

#define G_LOG_DOMAIN "tcgui-profile-capture"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-direction.h"
#include "tcgui-profile-capture.h"
#include "tcgui-shaping-client.h"

typedef struct
{
  char      *namespace_id;
  GStrv      ifnames;
  guint      next;
  GPtrArray *interfaces;   /* TcguiProfileInterface */
  GString   *notes;
} Capture;

static void
capture_free (gpointer data)
{
  Capture *capture = data;

  g_free (capture->namespace_id);
  g_strfreev (capture->ifnames);
  g_ptr_array_unref (capture->interfaces);
  g_string_free (capture->notes, TRUE);
  g_free (capture);
}

static void
add_note (Capture    *capture,
          const char *ifname,
          const char *note)
{
  g_string_append_printf (capture->notes, "%s%s: %s", capture->notes->len > 0 ? "; " : "",
                          ifname, note);
}

/* One direction of GetShaping's state; %FALSE (and a note) when TC GUI
 * cannot represent it. */
static gboolean
read_direction (Capture        *capture,
                const char     *ifname,
                GVariant       *state,
                TcguiDirection  dir,
                TcguiParams    *params)
{
  const char *direction = tcgui_direction_to_string (dir);
  g_autofree char *owner_key = g_strconcat (direction, "-owner", NULL);
  g_autoptr(GVariant) dict = g_variant_lookup_value (state, direction, G_VARIANT_TYPE_VARDICT);
  g_autoptr(GError) error = NULL;
  const char *owner = "none";

  tcgui_params_init (params);
  g_variant_lookup (state, owner_key, "&s", &owner);
  if (g_strcmp0 (owner, "foreign") == 0)
    {
      /* A whole sentence per direction: the wire name ("egress") is no word to show. */
      add_note (capture, ifname, dir == TCGUI_DIRECTION_OUTGOING
                ? _("The outgoing traffic has a qdisc TC GUI cannot represent; left out")
                : _("The incoming traffic has a qdisc TC GUI cannot represent; left out"));
      return FALSE;
    }
  if (dict == NULL || g_strcmp0 (owner, "none") == 0)
    return TRUE;
  if (!tcgui_params_from_variant (dict, params, &error))
    {
      add_note (capture, ifname, error->message);
      tcgui_params_init (params);
      return FALSE;
    }
  return TRUE;
}

static void next_call (GTask *task);

static void
add_state (Capture    *capture,
           const char *ifname,
           GVariant   *state)
{
  TcguiParams outgoing, incoming;
  gboolean ok_out = read_direction (capture, ifname, state, TCGUI_DIRECTION_OUTGOING,
                                  &outgoing);
  gboolean ok_in = read_direction (capture, ifname, state, TCGUI_DIRECTION_INCOMING,
                                 &incoming);

  /* Nothing representable is shaped: nothing to set on this interface. */
  if ((!ok_out || tcgui_params_is_empty (&outgoing)) &&
      (!ok_in || tcgui_params_is_empty (&incoming)))
    return;
  g_ptr_array_add (capture->interfaces, tcgui_profile_interface_new (ifname, &outgoing, &incoming));
}

static void
get_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Capture *capture = g_task_get_task_data (task);
  const char *ifname = capture->ifnames[capture->next];
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) state = NULL;

  state = tcgui_shaping_client_get_shaping_finish (TCGUI_HELPER_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_task_return_error (task, g_steal_pointer (&error));
  if (state == NULL)
    add_note (capture, ifname, error->message);
  else
    add_state (capture, ifname, state);
  capture->next++;
  next_call (task);
}

static void
next_call (GTask *task)
{
  Capture *capture = g_task_get_task_data (task);
  const char *ifname = capture->ifnames[capture->next];

  if (ifname == NULL)
    return g_task_return_boolean (task, TRUE);
  tcgui_shaping_client_get_shaping_async (g_task_get_source_object (task), capture->namespace_id,
                                          ifname, g_task_get_cancellable (task), get_cb,
                                          g_object_ref (task));
}

/**
 * tcgui_profile_capture_async:
 *
 * Reads the shaping of each of @ifnames in @namespace_id, one call at a
 * time.
 */
void
tcgui_profile_capture_async (TcguiHelperClient   *client,
                             const char          *namespace_id,
                             const char * const  *ifnames,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Capture *capture;

  g_return_if_fail (TCGUI_IS_HELPER_CLIENT (client));
  g_return_if_fail (namespace_id != NULL && ifnames != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, tcgui_profile_capture_async);
  capture = g_new0 (Capture, 1);
  capture->namespace_id = g_strdup (namespace_id);
  capture->ifnames = g_strdupv ((char **) ifnames);
  capture->interfaces = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                        tcgui_profile_interface_free);
  capture->notes = g_string_new (NULL);
  g_task_set_task_data (task, capture, capture_free);
  next_call (task);
}

/**
 * tcgui_profile_capture_finish:
 * @notes: (out) (transfer full): "IFNAME: why" of what was left out or
 *   could not be read, "; "-separated; empty when nothing was
 *
 * Returns: (transfer full) (element-type TcguiProfileInterface): the
 *   shaped interfaces (maybe none), %NULL only when cancelled
 */
GPtrArray *
tcgui_profile_capture_finish (TcguiHelperClient  *client,
                              GAsyncResult       *result,
                              char              **notes,
                              GError            **error)
{
  Capture *capture;

  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tcgui_profile_capture_async,
                        NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  capture = g_task_get_task_data (G_TASK (result));
  *notes = g_strdup (capture->notes->str);
  return g_ptr_array_ref (capture->interfaces);
}
