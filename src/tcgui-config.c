/* tcgui-config.c - the user's settings in ~/.config/tcgui/config.json
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file is read and written in a GTask thread, never on the main loop.
 * Format (docs/inventory.md, "In the app"):
 *
 *   { "version": 1,
 *     "runtimes": { "docker": true, "podman": true, "other": true },
 *     "show-stopped": false,
 *     "group-by-network": false }
 *
 * Unknown keys (also inside "runtimes") are kept and written back, so that
 * a newer version's settings survive a run of this one. A file that is not
 * such an object (bad JSON, a known key of the wrong type) is renamed to
 * config.json.corrupt-YYYYMMDD-HHMMSS and defaults are used; the caller
 * tells the user (tcgui_config_get_backup_path()). The file handling is
 * tcgui-json-file.c's, shared with profiles.json.
 */

#define G_LOG_DOMAIN "tcgui-config"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "tcgui-config.h"
#include "tcgui-json-file.h"

#define CONFIG_VERSION 1

typedef struct
{
  gboolean docker;
  gboolean podman;
  gboolean other;
  gboolean show_stopped;
  gboolean group_by_network;
} Values;

static const Values default_values = { TRUE, TRUE, TRUE, FALSE, FALSE };

struct _TcguiConfig
{
  GObject     parent_instance;

  GFile      *file;
  Values      values;
  JsonNode   *extra;        /* the object last read, for its unknown keys */
  char       *backup_path;
  char       *load_error;
  guint       save_id;
  guint       loaded : 1;
  guint       autosave : 1;
  guint       saving : 1;
  guint       dirty : 1;
};

G_DEFINE_FINAL_TYPE (TcguiConfig, tcgui_config, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DOCKER_ENABLED,
  PROP_PODMAN_ENABLED,
  PROP_OTHER_ENABLED,
  PROP_SHOW_STOPPED,
  PROP_GROUP_BY_NETWORK,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
get_bool_member (JsonObject  *object,
                 const char  *name,
                 gboolean    *value,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” must be true or false"), name);
      return FALSE;
    }
  *value = json_node_get_boolean (node);
  return TRUE;
}

/* Pure: the values of a parsed file, or an error that makes it corrupt. */
static gboolean
parse_values (JsonNode  *root,
              Values    *values,
              GError   **error)
{
  JsonObject *object, *runtimes;
  JsonNode *node;

  *values = default_values;
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The file is not a JSON object"));
      return FALSE;
    }
  object = json_node_get_object (root);
  node = json_object_get_member (object, "runtimes");
  if (node != NULL && !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“runtimes” must be an object"));
      return FALSE;
    }
  runtimes = node != NULL ? json_node_get_object (node) : NULL;

  return (runtimes == NULL ||
          (get_bool_member (runtimes, "docker", &values->docker, error) &&
           get_bool_member (runtimes, "podman", &values->podman, error) &&
           get_bool_member (runtimes, "other", &values->other, error))) &&
         get_bool_member (object, "show-stopped", &values->show_stopped, error) &&
         get_bool_member (object, "group-by-network", &values->group_by_network, error);
}

static gboolean
check_values (JsonNode  *root,
              GError   **error)
{
  Values values;

  return parse_values (root, &values, error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  TcguiJsonFileContents *contents = tcgui_json_file_load (task_data, check_values, cancellable,
                                                          &error);

  if (contents == NULL)
    return g_task_return_error (task, error);
  g_task_return_pointer (task, contents, (GDestroyNotify) tcgui_json_file_contents_free);
}

static void
set_values (TcguiConfig  *self,
            const Values *values)
{
  g_object_freeze_notify (G_OBJECT (self));
  g_object_set (self,
                "docker-enabled", values->docker,
                "podman-enabled", values->podman,
                "other-enabled", values->other,
                "show-stopped", values->show_stopped,
                "group-by-network", values->group_by_network,
                NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

/* The known keys over a copy of what was read: unknown keys survive. */
static char *
serialize (TcguiConfig *self)
{
  g_autoptr(JsonObject) object = tcgui_json_file_copy_object (self->extra);
  JsonNode *node = json_object_get_member (object, "runtimes");
  g_autoptr(JsonObject) runtimes = tcgui_json_file_copy_object (node);

  json_object_set_boolean_member (runtimes, "docker", self->values.docker);
  json_object_set_boolean_member (runtimes, "podman", self->values.podman);
  json_object_set_boolean_member (runtimes, "other", self->values.other);
  json_object_set_int_member (object, "version", CONFIG_VERSION);
  json_object_set_object_member (object, "runtimes", json_object_ref (runtimes));
  json_object_set_boolean_member (object, "show-stopped", self->values.show_stopped);
  json_object_set_boolean_member (object, "group-by-network", self->values.group_by_network);

  return tcgui_json_file_serialize (object);
}

typedef struct
{
  GFile *file;
  char  *contents;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_object_unref (data->file);
  g_free (data->contents);
  g_free (data);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  GError *error = NULL;

  if (!tcgui_json_file_save (data->file, data->contents, &error))
    return g_task_return_error (task, error);
  g_task_return_boolean (task, TRUE);
}

static void save_now (TcguiConfig *self);

static void
autosave_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  TcguiConfig *self = TCGUI_CONFIG (object);
  g_autoptr(GError) error = NULL;

  if (!tcgui_config_save_finish (self, result, &error))
    g_message ("Cannot save the settings: %s", error->message);
}

static void
save_done (TcguiConfig *self)
{
  self->saving = FALSE;
  /* A change came while the file was written: write again. */
  if (self->dirty)
    save_now (self);
}

static gboolean
save_idle_cb (gpointer data)
{
  TcguiConfig *self = data;

  self->save_id = 0;
  save_now (self);
  return G_SOURCE_REMOVE;
}

static void
save_now (TcguiConfig *self)
{
  if (self->saving)
    {
      self->dirty = TRUE;
      return;
    }
  self->dirty = FALSE;
  tcgui_config_save_async (self, NULL, autosave_cb, NULL);
}

/* Only after a load: a file that could not be read is never overwritten. */
static void
schedule_save (TcguiConfig *self)
{
  if (!self->autosave || !self->loaded || self->save_id != 0)
    return;
  self->save_id = g_idle_add_full (G_PRIORITY_DEFAULT, save_idle_cb, g_object_ref (self),
                                   g_object_unref);
}

static gboolean *
value_for_prop (TcguiConfig *self,
                guint        prop_id)
{
  switch (prop_id)
    {
    case PROP_DOCKER_ENABLED:   return &self->values.docker;
    case PROP_PODMAN_ENABLED:   return &self->values.podman;
    case PROP_OTHER_ENABLED:    return &self->values.other;
    case PROP_SHOW_STOPPED:     return &self->values.show_stopped;
    case PROP_GROUP_BY_NETWORK: return &self->values.group_by_network;
    default:                    return NULL;
    }
}

static void
tcgui_config_finalize (GObject *object)
{
  TcguiConfig *self = (TcguiConfig *)object;

  g_clear_handle_id (&self->save_id, g_source_remove);
  g_clear_object (&self->file);
  g_clear_pointer (&self->extra, json_node_unref);
  g_clear_pointer (&self->backup_path, g_free);
  g_clear_pointer (&self->load_error, g_free);

  G_OBJECT_CLASS (tcgui_config_parent_class)->finalize (object);
}

static void
tcgui_config_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TcguiConfig *self = TCGUI_CONFIG (object);
  gboolean *field = value_for_prop (self, prop_id);

  if (field != NULL)
    g_value_set_boolean (value, *field);
  else if (prop_id == PROP_LOADED)
    g_value_set_boolean (value, self->loaded);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
tcgui_config_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TcguiConfig *self = TCGUI_CONFIG (object);
  gboolean *field = value_for_prop (self, prop_id);

  if (field == NULL)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  if (*field == g_value_get_boolean (value))
    return;
  *field = g_value_get_boolean (value);
  g_object_notify_by_pspec (object, pspec);
  schedule_save (self);
}

static GParamSpec *
bool_pspec (const char *name,
            gboolean    default_value)
{
  return g_param_spec_boolean (name, NULL, NULL, default_value,
                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                               G_PARAM_STATIC_STRINGS);
}

static void
tcgui_config_class_init (TcguiConfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tcgui_config_finalize;
  object_class->get_property = tcgui_config_get_property;
  object_class->set_property = tcgui_config_set_property;

  properties[PROP_DOCKER_ENABLED] = bool_pspec ("docker-enabled", default_values.docker);
  properties[PROP_PODMAN_ENABLED] = bool_pspec ("podman-enabled", default_values.podman);
  properties[PROP_OTHER_ENABLED] = bool_pspec ("other-enabled", default_values.other);
  properties[PROP_SHOW_STOPPED] = bool_pspec ("show-stopped", default_values.show_stopped);
  properties[PROP_GROUP_BY_NETWORK] = bool_pspec ("group-by-network",
                                                  default_values.group_by_network);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tcgui_config_init (TcguiConfig *self)
{
  self->values = default_values;
  self->autosave = TRUE;
}

/**
 * tcgui_config_new:
 * @file: (nullable): the settings file; %NULL for
 *   $XDG_CONFIG_HOME/tcgui/config.json
 *
 * Returns: (transfer full): settings with their defaults; call
 *   tcgui_config_load_async() to read the file
 */
TcguiConfig *
tcgui_config_new (GFile *file)
{
  TcguiConfig *self = g_object_new (TCGUI_TYPE_CONFIG, NULL);

  if (file != NULL)
    self->file = g_object_ref (file);
  else
    self->file = g_file_new_build_filename (g_get_user_config_dir (), "tcgui", "config.json",
                                            NULL);
  return self;
}

GFile *
tcgui_config_get_file (TcguiConfig *self)
{
  g_return_val_if_fail (TCGUI_IS_CONFIG (self), NULL);
  return self->file;
}

/**
 * tcgui_config_load_async:
 *
 * Reads the file in a thread. A missing file gives the defaults; a corrupt
 * one is moved aside (see tcgui_config_get_backup_path()) and gives the
 * defaults too. Both count as loaded: later changes are saved.
 */
void
tcgui_config_load_async (TcguiConfig         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TCGUI_IS_CONFIG (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tcgui_config_load_async);
  g_task_set_task_data (task, g_object_ref (self->file), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

/**
 * tcgui_config_load_finish:
 *
 * Returns: %FALSE when the file exists but could not be read or moved
 *   aside; the defaults stay and nothing is saved over it
 */
gboolean
tcgui_config_load_finish (TcguiConfig   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_autoptr(TcguiJsonFileContents) loaded = NULL;
  Values values;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tcgui_config_load_async, FALSE);

  loaded = g_task_propagate_pointer (G_TASK (result), error);
  if (loaded == NULL)
    return FALSE;

  /* Checked in the thread already: this cannot fail, but a missing or
   * corrupt file gives the defaults. */
  if (!parse_values (loaded->root, &values, NULL))
    values = default_values;
  g_clear_pointer (&self->extra, json_node_unref);
  self->extra = g_steal_pointer (&loaded->root);
  g_free (self->backup_path);
  self->backup_path = g_steal_pointer (&loaded->backup_path);
  g_free (self->load_error);
  self->load_error = g_steal_pointer (&loaded->corrupt_reason);
  set_values (self, &values);
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
  return TRUE;
}

gboolean
tcgui_config_get_loaded (TcguiConfig *self)
{
  g_return_val_if_fail (TCGUI_IS_CONFIG (self), FALSE);
  return self->loaded;
}

/**
 * tcgui_config_get_backup_path:
 *
 * Returns: (nullable): where the last load moved a corrupt file
 */
const char *
tcgui_config_get_backup_path (TcguiConfig *self)
{
  g_return_val_if_fail (TCGUI_IS_CONFIG (self), NULL);
  return self->backup_path;
}

/**
 * tcgui_config_get_load_error:
 *
 * Returns: (nullable): why the last load found the file corrupt
 */
const char *
tcgui_config_get_load_error (TcguiConfig *self)
{
  g_return_val_if_fail (TCGUI_IS_CONFIG (self), NULL);
  return self->load_error;
}

/**
 * tcgui_config_save_async:
 *
 * Writes the settings (and the unknown keys last read) in a thread,
 * atomically, mode 0600, creating the directory.
 */
void
tcgui_config_save_async (TcguiConfig         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (TCGUI_IS_CONFIG (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tcgui_config_save_async);
  data = g_new0 (SaveData, 1);
  data->file = g_object_ref (self->file);
  data->contents = serialize (self);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  self->saving = TRUE;
  g_task_run_in_thread (task, save_thread);
}

gboolean
tcgui_config_save_finish (TcguiConfig   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tcgui_config_save_async, FALSE);

  save_done (self);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * tcgui_config_flush:
 *
 * For the application's shutdown: a save still waiting for its idle (or a
 * change made while the last one was written) would otherwise be lost with
 * the process. Lets a save in flight finish, then writes what is pending,
 * synchronously: no window is left to keep responsive.
 */
void
tcgui_config_flush (TcguiConfig *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_return_if_fail (TCGUI_IS_CONFIG (self));

  /* Bounded: a caller of tcgui_config_save_async() that never finishes
   * would keep "saving" set; the atomic replace below is safe anyway. */
  for (gint64 end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
       self->saving && g_get_monotonic_time () < end;)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  if (self->save_id == 0 && !self->dirty)
    return;
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->dirty = FALSE;
  contents = serialize (self);
  if (!tcgui_json_file_save (self->file, contents, &error))
    g_message ("Cannot save the settings: %s", error->message);
}

/**
 * tcgui_config_set_autosave:
 *
 * Whether a change of a property saves the file (after a load). On by
 * default.
 */
void
tcgui_config_set_autosave (TcguiConfig *self,
                           gboolean     autosave)
{
  g_return_if_fail (TCGUI_IS_CONFIG (self));
  self->autosave = !!autosave;
}

/**
 * tcgui_config_get_runtime_enabled:
 * @runtime: "docker", "podman" (also "podman-user-UID") or "other"
 */
gboolean
tcgui_config_get_runtime_enabled (TcguiConfig *self,
                                  const char  *runtime)
{
  g_return_val_if_fail (TCGUI_IS_CONFIG (self), TRUE);

  if (g_strcmp0 (runtime, "docker") == 0)
    return self->values.docker;
  if (runtime != NULL && g_str_has_prefix (runtime, "podman"))
    return self->values.podman;
  return self->values.other;
}

gboolean
tcgui_config_get_show_stopped (TcguiConfig *self)
{
  g_return_val_if_fail (TCGUI_IS_CONFIG (self), FALSE);
  return self->values.show_stopped;
}

gboolean
tcgui_config_get_group_by_network (TcguiConfig *self)
{
  g_return_val_if_fail (TCGUI_IS_CONFIG (self), FALSE);
  return self->values.group_by_network;
}
