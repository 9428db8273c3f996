/* tcgui-profiles.c - shaping profiles per container image, in
 * ~/.config/tcgui/profiles.json
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Format (docs/user-guide.md, "Profiles per image"):
 *
 *   { "version": 1,
 *     "images": {
 *       "localhost/bb:latest": {
 *         "eth0": { "outgoing": { "rate-bps": 1000000 }, "incoming": {} } } } }
 *
 * The parameters are SetShaping's a{sv} keys as JSON members. The image is
 * the reference the inventory reports. Reading and writing go through
 * tcgui-json-file.c in a GTask thread (as config.json does): a file that is
 * not such an object is moved aside and reported. An entry whose
 * parameters do not validate (tcgui_params_from_variant) is reported and
 * left out of the profile, but kept in the file: a later save of another
 * image does not lose what the user may still repair by hand.
 */

#define G_LOG_DOMAIN "tcgui-profiles"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "tcgui-direction.h"
#include "tcgui-json-file.h"
#include "tcgui-profiles.h"

/* A profile keeps each interface's directions under their bus names. */
#define OUTGOING tcgui_direction_to_string (TCGUI_DIRECTION_OUTGOING)
#define INCOMING tcgui_direction_to_string (TCGUI_DIRECTION_INCOMING)

#define PROFILES_VERSION 1

struct _TcguiProfiles
{
  GObject     parent_instance;

  GFile      *file;
  JsonObject *root;         /* what is written: unknown keys survive */
  GHashTable *profiles;     /* image → GPtrArray of TcguiProfileInterface */
  GPtrArray  *problems;     /* "IMAGE, IFNAME: why" of entries left out */
  char       *backup_path;
  char       *load_error;
  GMutex      save_lock;    /* guards written_serial, in save threads */
  guint       save_serial;
  guint       written_serial;
  guint       loaded : 1;
};

G_DEFINE_FINAL_TYPE (TcguiProfiles, tcgui_profiles, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

TcguiProfileInterface *
tcgui_profile_interface_new (const char        *ifname,
                             const TcguiParams *outgoing,
                             const TcguiParams *incoming)
{
  TcguiProfileInterface *itf = g_new0 (TcguiProfileInterface, 1);

  itf->ifname = g_strdup (ifname);
  itf->outgoing = *outgoing;
  itf->incoming = *incoming;
  return itf;
}

void
tcgui_profile_interface_free (TcguiProfileInterface *itf)
{
  if (itf == NULL)
    return;
  g_free (itf->ifname);
  g_free (itf);
}

/* JSON ↔ a{sv} ---------------------------------------------------------- */

/* JSON has one kind of number: the a{sv} type of each integer key. Other
 * numbers are doubles, strings strings; tcgui_params_from_variant() then
 * refuses unknown keys and values out of range. */
static const GVariantType *
integer_type (const char *key)
{
  static const char * const u_keys[] = { "delay-us", "jitter-us", "reorder-gap",
                                         "burst-bytes", "limit-packets", NULL };

  if (g_strcmp0 (key, "rate-bps") == 0)
    return G_VARIANT_TYPE_UINT64;
  if (g_strv_contains (u_keys, key))
    return G_VARIANT_TYPE_UINT32;
  return NULL;
}

static GVariant *
member_to_variant (const char  *key,
                   JsonNode    *node,
                   GError     **error)
{
  const GVariantType *type = integer_type (key);
  GType value_type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_NONE;

  if (value_type == G_TYPE_STRING && type == NULL)
    return g_variant_new_string (json_node_get_string (node));
  if (value_type == G_TYPE_DOUBLE && type == NULL)
    return g_variant_new_double (json_node_get_double (node));
  if (value_type == G_TYPE_INT64 && type == NULL)
    return g_variant_new_double ((double) json_node_get_int (node));
  if (value_type == G_TYPE_INT64 && json_node_get_int (node) >= 0 &&
      (type == G_VARIANT_TYPE_UINT64 || json_node_get_int (node) <= G_MAXUINT32))
    return type == G_VARIANT_TYPE_UINT64 ? g_variant_new_uint64 (json_node_get_int (node))
                                         : g_variant_new_uint32 (json_node_get_int (node));
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("“%s” has a value of the wrong type or range"), key);
  return NULL;
}

/**
 * tcgui_profiles_params_from_json:
 * @node: (nullable): a JSON object of SetShaping's keys, %NULL for off
 *
 * The JSON form of the profiles file (and of exported rules), typed and
 * validated as SetShaping takes it.
 */
gboolean
tcgui_profiles_params_from_json (JsonNode     *node,
                  TcguiParams  *params,
                  GError      **error)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(GVariant) dict = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *object;

  tcgui_params_init (params);
  if (node == NULL)
    return TRUE;   /* absent: off, as in SetShaping */
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("not an object"));
      return FALSE;
    }
  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      GVariant *value = member_to_variant (l->data, json_object_get_member (object, l->data),
                                           error);

      if (value == NULL)
        return FALSE;
      g_variant_builder_add (&builder, "{sv}", l->data, value);
    }
  dict = g_variant_ref_sink (g_variant_builder_end (&builder));
  return tcgui_params_from_variant (dict, params, error) && tcgui_params_validate (params, error);
}

JsonNode *
tcgui_profiles_params_to_json (const TcguiParams *params)
{
  g_autoptr(GVariant) dict = g_variant_ref_sink (tcgui_params_to_variant (params));
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_variant_iter_init (&iter, dict);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    {
      if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
        json_object_set_int_member (object, key, g_variant_get_uint32 (value));
      else if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT64))
        json_object_set_int_member (object, key, (gint64) g_variant_get_uint64 (value));
      else if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
        json_object_set_double_member (object, key, g_variant_get_double (value));
      else if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        json_object_set_string_member (object, key, g_variant_get_string (value, NULL));
    }
  json_node_take_object (node, object);
  return node;
}

/* Parsing a loaded file ------------------------------------------------- */

static void
add_problem (GPtrArray  *problems,
             const char *image,
             const char *ifname,
             const char *why)
{
  if (ifname != NULL)
    /* Translators: image, interface, then why the entry is left out */
    g_ptr_array_add (problems, g_strdup_printf (_("%s, %s: %s"), image, ifname, why));
  else
    g_ptr_array_add (problems, g_strdup_printf (_("%s: %s"), image, why));
}

static TcguiProfileInterface *
interface_from_json (const char  *ifname,
                     JsonNode    *node,
                     GError     **error)
{
  TcguiParams outgoing, incoming;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("not an object"));
      return NULL;
    }
  object = json_node_get_object (node);
  if (!tcgui_profiles_params_from_json (json_object_get_member (object, OUTGOING), &outgoing, error) ||
      !tcgui_profiles_params_from_json (json_object_get_member (object, INCOMING), &incoming, error))
    return NULL;
  return tcgui_profile_interface_new (ifname, &outgoing, &incoming);
}

/* The valid interfaces of one image; the others are problems. */
static GPtrArray *
profile_from_json (const char *image,
                   JsonNode   *node,
                   GPtrArray  *problems)
{
  g_autoptr(GPtrArray) interfaces = NULL;
  g_autoptr(GList) names = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      add_problem (problems, image, NULL, _("not an object"));
      return NULL;
    }
  interfaces = g_ptr_array_new_with_free_func ((GDestroyNotify) tcgui_profile_interface_free);
  names = json_object_get_members (json_node_get_object (node));
  for (GList *l = names; l != NULL; l = l->next)
    {
      g_autoptr(GError) error = NULL;
      JsonNode *member = json_object_get_member (json_node_get_object (node), l->data);
      TcguiProfileInterface *itf = interface_from_json (l->data, member, &error);

      if (itf != NULL)
        g_ptr_array_add (interfaces, itf);
      else
        add_problem (problems, image, l->data, error->message);
    }
  return interfaces->len > 0 ? g_steal_pointer (&interfaces) : NULL;
}

static JsonObject *
images_object (JsonObject *root)
{
  JsonNode *node = json_object_get_member (root, "images");

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* What makes the whole file corrupt (it is moved aside). */
static gboolean
check_file (JsonNode  *root,
            GError   **error)
{
  JsonObject *object;
  JsonNode *node;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The file is not a JSON object"));
      return FALSE;
    }
  object = json_node_get_object (root);
  node = json_object_get_member (object, "version");
  if (node != NULL && (!JSON_NODE_HOLDS_VALUE (node) ||
                       json_node_get_value_type (node) != G_TYPE_INT64))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("“version” must be a number"));
      return FALSE;
    }
  node = json_object_get_member (object, "images");
  if (node != NULL && !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("“images” must be an object"));
      return FALSE;
    }
  return TRUE;
}

static void
parse_profiles (TcguiProfiles *self)
{
  JsonObject *images = images_object (self->root);
  g_autoptr(GList) names = images != NULL ? json_object_get_members (images) : NULL;

  g_hash_table_remove_all (self->profiles);
  g_ptr_array_set_size (self->problems, 0);
  for (GList *l = names; l != NULL; l = l->next)
    {
      GPtrArray *interfaces = profile_from_json (l->data, json_object_get_member (images, l->data),
                                                 self->problems);

      if (interfaces != NULL)
        g_hash_table_insert (self->profiles, g_strdup (l->data), interfaces);
    }
}

/* GObject --------------------------------------------------------------- */

static void
tcgui_profiles_finalize (GObject *object)
{
  TcguiProfiles *self = (TcguiProfiles *)object;

  g_clear_object (&self->file);
  g_clear_pointer (&self->root, json_object_unref);
  g_hash_table_unref (self->profiles);
  g_ptr_array_unref (self->problems);
  g_free (self->backup_path);
  g_free (self->load_error);
  g_mutex_clear (&self->save_lock);

  G_OBJECT_CLASS (tcgui_profiles_parent_class)->finalize (object);
}

static void
tcgui_profiles_class_init (TcguiProfilesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tcgui_profiles_finalize;

  /* A profile was loaded, set or removed (not yet saved). */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
tcgui_profiles_init (TcguiProfiles *self)
{
  self->root = json_object_new ();
  self->profiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
  self->problems = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&self->save_lock);
}

/* Public API ------------------------------------------------------------ */

/**
 * tcgui_profiles_new:
 * @file: (nullable): the file; %NULL for $XDG_CONFIG_HOME/tcgui/profiles.json
 *
 * Returns: (transfer full): no profiles yet; call tcgui_profiles_load_async()
 */
TcguiProfiles *
tcgui_profiles_new (GFile *file)
{
  TcguiProfiles *self = g_object_new (TCGUI_TYPE_PROFILES, NULL);

  if (file != NULL)
    self->file = g_object_ref (file);
  else
    self->file = g_file_new_build_filename (g_get_user_config_dir (), "tcgui", "profiles.json",
                                            NULL);
  return self;
}

GFile *
tcgui_profiles_get_file (TcguiProfiles *self)
{
  g_return_val_if_fail (TCGUI_IS_PROFILES (self), NULL);
  return self->file;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  TcguiJsonFileContents *contents = tcgui_json_file_load (task_data, check_file, cancellable,
                                                          &error);

  if (contents == NULL)
    return g_task_return_error (task, error);
  g_task_return_pointer (task, contents, (GDestroyNotify) tcgui_json_file_contents_free);
}

/**
 * tcgui_profiles_load_async:
 *
 * Reads the file in a thread. A missing file means no profiles; a corrupt
 * one is moved aside (tcgui_profiles_get_backup_path()). Both count as
 * loaded: later saves write the file.
 */
void
tcgui_profiles_load_async (TcguiProfiles       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TCGUI_IS_PROFILES (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tcgui_profiles_load_async);
  g_task_set_task_data (task, g_object_ref (self->file), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

/**
 * tcgui_profiles_load_finish:
 *
 * Returns: %FALSE when the file exists but could not be read (or moved
 *   aside): there are no profiles and saving is refused, so that the
 *   file is never overwritten
 */
gboolean
tcgui_profiles_load_finish (TcguiProfiles  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_autoptr(TcguiJsonFileContents) loaded = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tcgui_profiles_load_async,
                        FALSE);

  loaded = g_task_propagate_pointer (G_TASK (result), error);
  if (loaded == NULL)
    return FALSE;

  g_clear_pointer (&self->root, json_object_unref);
  self->root = tcgui_json_file_copy_object (loaded->root);
  g_free (self->backup_path);
  self->backup_path = g_steal_pointer (&loaded->backup_path);
  g_free (self->load_error);
  self->load_error = g_steal_pointer (&loaded->corrupt_reason);
  parse_profiles (self);
  self->loaded = TRUE;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

gboolean
tcgui_profiles_get_loaded (TcguiProfiles *self)
{
  g_return_val_if_fail (TCGUI_IS_PROFILES (self), FALSE);
  return self->loaded;
}

/**
 * tcgui_profiles_get_backup_path:
 *
 * Returns: (nullable): where the last load moved a corrupt file
 */
const char *
tcgui_profiles_get_backup_path (TcguiProfiles *self)
{
  g_return_val_if_fail (TCGUI_IS_PROFILES (self), NULL);
  return self->backup_path;
}

/**
 * tcgui_profiles_get_load_error:
 *
 * Returns: (nullable): why the last load found the file corrupt
 */
const char *
tcgui_profiles_get_load_error (TcguiProfiles *self)
{
  g_return_val_if_fail (TCGUI_IS_PROFILES (self), NULL);
  return self->load_error;
}

/**
 * tcgui_profiles_get_problems:
 *
 * Returns: (transfer none) (element-type utf8): the entries the last load
 *   left out, as "IMAGE, IFNAME: why"
 */
GPtrArray *
tcgui_profiles_get_problems (TcguiProfiles *self)
{
  g_return_val_if_fail (TCGUI_IS_PROFILES (self), NULL);
  return self->problems;
}

/**
 * tcgui_profiles_lookup:
 *
 * Returns: (nullable) (transfer none) (element-type TcguiProfileInterface):
 *   the valid interfaces of @image's profile, %NULL when it has none
 */
GPtrArray *
tcgui_profiles_lookup (TcguiProfiles *self,
                       const char    *image)
{
  g_return_val_if_fail (TCGUI_IS_PROFILES (self), NULL);
  return image != NULL && image[0] != '\0' ? g_hash_table_lookup (self->profiles, image) : NULL;
}

/**
 * tcgui_profiles_dup_images:
 *
 * Returns: (transfer full): the images with a valid profile
 */
GStrv
tcgui_profiles_dup_images (TcguiProfiles *self)
{
  g_autofree const char **keys = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (TCGUI_IS_PROFILES (self), NULL);
  keys = (const char **) g_hash_table_get_keys_as_array (self->profiles, NULL);
  g_strv_builder_addv (builder, keys);
  return g_strv_builder_end (builder);
}

static JsonObject *
ensure_images (TcguiProfiles *self)
{
  JsonObject *images = images_object (self->root);

  if (images == NULL)
    {
      images = json_object_new ();
      json_object_set_object_member (self->root, "images", images);
    }
  return images;
}

/**
 * tcgui_profiles_set:
 * @interfaces: (element-type TcguiProfileInterface): at least one
 *
 * Makes @interfaces @image's profile (in memory: save it with
 * tcgui_profiles_save_async()).
 */
void
tcgui_profiles_set (TcguiProfiles *self,
                    const char    *image,
                    GPtrArray     *interfaces)
{
  JsonObject *object = json_object_new ();

  g_return_if_fail (TCGUI_IS_PROFILES (self));
  g_return_if_fail (image != NULL && interfaces != NULL && interfaces->len > 0);

  for (guint i = 0; i < interfaces->len; i++)
    {
      TcguiProfileInterface *itf = g_ptr_array_index (interfaces, i);
      JsonObject *dirs = json_object_new ();

      json_object_set_member (dirs, OUTGOING, tcgui_profiles_params_to_json (&itf->outgoing));
      json_object_set_member (dirs, INCOMING, tcgui_profiles_params_to_json (&itf->incoming));
      json_object_set_object_member (object, itf->ifname, dirs);
    }
  json_object_set_object_member (ensure_images (self), image, object);
  g_hash_table_insert (self->profiles, g_strdup (image), g_ptr_array_ref (interfaces));
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * tcgui_profiles_remove:
 *
 * Forgets @image's profile, also an invalid one (in memory).
 *
 * Returns: whether there was one
 */
gboolean
tcgui_profiles_remove (TcguiProfiles *self,
                       const char    *image)
{
  JsonObject *images;
  gboolean had;

  g_return_val_if_fail (TCGUI_IS_PROFILES (self), FALSE);

  images = images_object (self->root);
  had = g_hash_table_remove (self->profiles, image);
  if (images != NULL && json_object_has_member (images, image))
    {
      json_object_remove_member (images, image);
      had = TRUE;
    }
  if (had)
    g_signal_emit (self, signals[CHANGED], 0);
  return had;
}

typedef struct
{
  GFile *file;
  char  *contents;
  guint  serial;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_object_unref (data->file);
  g_free (data->contents);
  g_free (data);
}

/* Saves may overlap: the newest contents win, an older one never
 * overwrites it. */
static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TcguiProfiles *self = source_object;
  SaveData *data = task_data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->save_lock);
  GError *error = NULL;

  if (data->serial < self->written_serial)
    return g_task_return_boolean (task, TRUE);
  if (!tcgui_json_file_save (data->file, data->contents, &error))
    return g_task_return_error (task, error);
  self->written_serial = data->serial;
  g_task_return_boolean (task, TRUE);
}

/**
 * tcgui_profiles_save_async:
 *
 * Writes the profiles (and whatever else the file held, invalid entries
 * too) in a thread, atomically, mode 0600. Refused before a successful
 * load.
 */
void
tcgui_profiles_save_async (TcguiProfiles       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (TCGUI_IS_PROFILES (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tcgui_profiles_save_async);
  if (!self->loaded)
    return g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                                    _("The profiles file could not be read; it is left as it is"));
  json_object_set_int_member (self->root, "version", PROFILES_VERSION);
  data = g_new0 (SaveData, 1);
  data->file = g_object_ref (self->file);
  data->contents = tcgui_json_file_serialize (self->root);
  data->serial = ++self->save_serial;
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
tcgui_profiles_save_finish (TcguiProfiles  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tcgui_profiles_save_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
