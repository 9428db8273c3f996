/* tcgui-runtime.c - parse what the Docker and Podman APIs answer
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-runtime"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "tcgui-error.h"
#include "tcgui-runtime.h"

/* Pure functions: JSON text in, structs out. The text comes from a daemon
 * we do not control (and the fuzzer), so every member is type-checked and a
 * missing or mistyped optional member just reads as empty. */

/* ---- type-checked JSON accessors ---------------------------------------- */

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  if (object == NULL || !json_object_has_member (object, name))
    return NULL;
  return json_object_get_member (object, name);
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return "";
  return json_node_get_string (node);
}

static gint64
get_int (JsonObject *object,
         const char *name)
{
  JsonNode *node = member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node);
}

static gboolean
get_bool (JsonObject *object,
          const char *name)
{
  JsonNode *node = member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  return json_node_get_boolean (node);
}

static JsonObject *
get_object (JsonObject *object,
            const char *name)
{
  JsonNode *node = member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

static JsonArray *
get_array (JsonObject *object,
           const char *name)
{
  JsonNode *node = member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

static JsonObject *
array_get_object (JsonArray *array,
                  guint      i)
{
  JsonNode *node = json_array_get_element (array, i);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
set_invalid (GError     **error,
             const char  *what)
{
  g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_FAILED,
               "The container runtime sent an invalid answer: %s", what);
  return FALSE;
}

/* What a runtime answer may be before json-glib sees it. json-glib 1.6
 * recurses once per nesting level (200 000 levels crash the helper with a
 * stack overflow) and builds a node of ~100 bytes per value, so both are
 * counted first, by a scanner that only follows strings and brackets. */
typedef struct
{
  gsize depth;      /* deepest nesting seen */
  gsize values;     /* roughly: containers and separators */
} JsonShape;

/* Returns a reason when @json is not one object or array (with nothing
 * but white space after it) within the limits, %NULL when it is. Several
 * top-level values are refused as well: json-glib 1.6 keeps the last and
 * leaks the others. */
static const char *
check_shape (const char *json,
             gsize       length)
{
  JsonShape shape = { 0 };
  gsize i = 0, depth = 0;
  gboolean in_string = FALSE;

  if (length > TCGUI_RUNTIME_MAX_ANSWER_BYTES)
    return "the answer is too large";
  while (i < length && g_ascii_isspace (json[i]))
    i++;
  if (i == length || (json[i] != '{' && json[i] != '['))
    return "expected exactly one object or array";

  for (; i < length; i++)
    {
      char c = json[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          depth++;
          shape.depth = MAX (shape.depth, depth);
          shape.values++;
        }
      else if (c == ',')
        shape.values++;
      else if ((c == '}' || c == ']') && --depth == 0)
        break;

      if (shape.depth > TCGUI_RUNTIME_MAX_JSON_DEPTH)
        return "nested too deeply";
      if (shape.values > TCGUI_RUNTIME_MAX_JSON_VALUES)
        return "too many values";
    }

  for (i++; i < length; i++)
    if (!g_ascii_isspace (json[i]))
      return "expected exactly one object or array";
  return depth == 0 ? NULL : "expected exactly one object or array";
}

/* Parses @json and checks the root's type. The parser owns the root. */
static JsonParser *
load (const char  *json,
      gssize       length,
      JsonNodeType root_type,
      GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  const char *why;
  JsonNode *root;

  if (json != NULL && length < 0)
    length = strlen (json);
  /* Every answer and every event line passes here, before json-glib. */
  if (json != NULL && (why = check_shape (json, length)) != NULL)
    {
      set_invalid (error, why);
      return NULL;
    }
  if (json == NULL || !json_parser_load_from_data (parser, json, length, &local_error))
    {
      g_set_error (error, TCGUI_ERROR, TCGUI_ERROR_FAILED,
                   "The container runtime sent an invalid answer: %s",
                   local_error ? local_error->message : "no data");
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || JSON_NODE_TYPE (root) != root_type)
    {
      set_invalid (error, root_type == JSON_NODE_OBJECT ? "expected an object"
                                                         : "expected an array");
      return NULL;
    }

  return g_steal_pointer (&parser);
}

/* Turns each object of an array answer into an item; entries the
 * function refuses (NULL: no valid id) are skipped. */
typedef gpointer (*EntryFunc) (JsonObject *entry);

static GPtrArray *
parse_array (const char      *json,
             gssize           length,
             EntryFunc        from_entry,
             GDestroyNotify   free_func,
             GError         **error)
{
  g_autoptr(JsonParser) parser = load (json, length, JSON_NODE_ARRAY, error);
  g_autoptr(GPtrArray) list = NULL;
  JsonArray *array;

  if (parser == NULL)
    return NULL;

  list = g_ptr_array_new_with_free_func (free_func);
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      gpointer item = from_entry (array_get_object (array, i));

      if (item != NULL)
        g_ptr_array_add (list, item);
    }

  return g_steal_pointer (&list);
}

/* ---- validation --------------------------------------------------------- */

/**
 * tcgui_runtime_id_is_valid:
 * @id: a container or network id from a runtime
 *
 * Ids go into request paths: only 1-64 lower-case hex digits pass.
 */
gboolean
tcgui_runtime_id_is_valid (const char *id)
{
  gsize len = id ? strlen (id) : 0;

  if (len == 0 || len > 64)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isxdigit (id[i]) || g_ascii_isupper (id[i]))
      return FALSE;
  return TRUE;
}

/* Text shown to users must be valid UTF-8 and reasonably short. */
static char *
dup_text (const char *text)
{
  if (text == NULL)
    return g_strdup ("");
  if (strlen (text) > TCGUI_RUNTIME_MAX_TEXT || !g_utf8_validate (text, -1, NULL))
    return g_strdup ("");
  return g_strdup (text);
}

static char *
dup_mac (const char *mac)
{
  guint8 bytes[6];

  if (sscanf (mac, "%2hhx:%2hhx:%2hhx:%2hhx:%2hhx:%2hhx",
              &bytes[0], &bytes[1], &bytes[2], &bytes[3], &bytes[4], &bytes[5]) != 6 ||
      strlen (mac) != 17)
    return g_strdup ("");
  return g_strdup_printf ("%02x:%02x:%02x:%02x:%02x:%02x",
                          bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5]);
}

/* ---- free / copy -------------------------------------------------------- */

void
tcgui_runtime_attachment_free (TcguiRuntimeAttachment *attachment)
{
  if (attachment == NULL)
    return;
  g_free (attachment->network_name);
  g_free (attachment->network_id);
  g_free (attachment->ip);
  g_free (attachment->gateway);
  g_free (attachment->mac);
  g_free (attachment);
}

static TcguiRuntimeAttachment *
attachment_copy (const TcguiRuntimeAttachment *a)
{
  TcguiRuntimeAttachment *copy = g_new0 (TcguiRuntimeAttachment, 1);

  copy->network_name = g_strdup (a->network_name);
  copy->network_id = g_strdup (a->network_id);
  copy->ip = g_strdup (a->ip);
  copy->prefix = a->prefix;
  copy->gateway = g_strdup (a->gateway);
  copy->mac = g_strdup (a->mac);
  return copy;
}

static TcguiRuntimeContainer *
container_new (void)
{
  TcguiRuntimeContainer *container = g_new0 (TcguiRuntimeContainer, 1);

  container->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  container->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) tcgui_runtime_attachment_free);
  return container;
}

void
tcgui_runtime_container_free (TcguiRuntimeContainer *container)
{
  if (container == NULL)
    return;
  g_free (container->id);
  g_free (container->name);
  g_free (container->image);
  g_free (container->state);
  g_free (container->sandbox_key);
  g_clear_pointer (&container->labels, g_hash_table_unref);
  g_clear_pointer (&container->attachments, g_ptr_array_unref);
  g_free (container);
}

TcguiRuntimeContainer *
tcgui_runtime_container_copy (const TcguiRuntimeContainer *container)
{
  TcguiRuntimeContainer *copy = container_new ();
  GHashTableIter iter;
  gpointer key, value;

  copy->id = g_strdup (container->id);
  copy->name = g_strdup (container->name);
  copy->image = g_strdup (container->image);
  copy->state = g_strdup (container->state);
  copy->pid = container->pid;
  copy->created = container->created;
  copy->sandbox_key = g_strdup (container->sandbox_key);
  copy->left_out = container->left_out;
  g_hash_table_iter_init (&iter, container->labels);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->labels, g_strdup (key), g_strdup (value));
  for (guint i = 0; i < container->attachments->len; i++)
    g_ptr_array_add (copy->attachments, attachment_copy (g_ptr_array_index (container->attachments, i)));
  return copy;
}

const char *
tcgui_runtime_container_get_label (const TcguiRuntimeContainer *container,
                           const char           *key)
{
  const char *value = g_hash_table_lookup (container->labels, key);

  return value ? value : "";
}

void
tcgui_runtime_network_free (TcguiRuntimeNetwork *network)
{
  if (network == NULL)
    return;
  g_free (network->id);
  g_free (network->name);
  g_free (network->driver);
  g_free (network->bridge);
  g_free (network->subnet);
  g_free (network->gateway);
  g_free (network);
}

void
tcgui_runtime_event_free (TcguiRuntimeEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->type);
  g_free (event->action);
  g_free (event->id);
  g_free (event->name);
  g_free (event);
}

/* ---- containers --------------------------------------------------------- */

/* The labels the inventory reads itself come first; the others by key. */
static int
compare_label_keys (gconstpointer a,
                    gconstpointer b)
{
  const char *ka = *(const char * const *) a;
  const char *kb = *(const char * const *) b;
  gboolean wa = g_str_has_prefix (ka, "com.docker.compose.") || g_str_has_prefix (ka, "io.podman.compose.");
  gboolean wb = g_str_has_prefix (kb, "com.docker.compose.") || g_str_has_prefix (kb, "io.podman.compose.");

  if (wa != wb)
    return wa ? -1 : 1;
  return strcmp (ka, kb);
}

static const char *
label_value (JsonObject *labels,
             const char *key)
{
  JsonNode *node = json_object_get_member (labels, key);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Bounded, and the same labels whatever order the runtime sent them in:
 * too long ones are left out, then the first by key (compose's first)
 * until the count or the bytes of one container are reached. */
static void
read_labels (TcguiRuntimeContainer *container,
             JsonObject     *labels)
{
  g_autoptr(GList) names = labels ? json_object_get_members (labels) : NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  gsize bytes = 0;

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *value = label_value (labels, l->data);

      if (value == NULL || !g_utf8_validate (l->data, -1, NULL) || !g_utf8_validate (value, -1, NULL))
        continue;
      if (strlen (l->data) > TCGUI_RUNTIME_MAX_LABEL_KEY || strlen (value) > TCGUI_RUNTIME_MAX_LABEL_VALUE)
        container->left_out++;
      else
        g_ptr_array_add (keys, l->data);
    }

  g_ptr_array_sort (keys, compare_label_keys);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      const char *value = label_value (labels, key);

      bytes += strlen (key) + strlen (value);
      if (g_hash_table_size (container->labels) >= TCGUI_RUNTIME_MAX_LABELS ||
          bytes > TCGUI_RUNTIME_MAX_LABEL_BYTES)
        {
          container->left_out += keys->len - i;
          break;
        }
      g_hash_table_replace (container->labels, g_strdup (key), g_strdup (value));
    }
}

static int
compare_attachments (gconstpointer a,
                     gconstpointer b)
{
  const TcguiRuntimeAttachment *aa = *(TcguiRuntimeAttachment * const *) a;
  const TcguiRuntimeAttachment *ab = *(TcguiRuntimeAttachment * const *) b;

  return strcmp (aa->network_name, ab->network_name);
}

static void
read_attachments (TcguiRuntimeContainer *container,
                  JsonObject     *settings)
{
  JsonObject *networks = get_object (settings, "Networks");
  g_autoptr(GList) names = networks ? json_object_get_members (networks) : NULL;

  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonObject *net = get_object (networks, l->data);
      TcguiRuntimeAttachment *a;
      gint64 prefix;

      if (net == NULL || !g_utf8_validate (l->data, -1, NULL))
        continue;
      a = g_new0 (TcguiRuntimeAttachment, 1);
      a->network_name = dup_text (l->data);
      a->network_id = dup_text (get_string (net, "NetworkID"));
      a->ip = dup_text (get_string (net, "IPAddress"));
      prefix = get_int (net, "IPPrefixLen");
      a->prefix = (prefix >= 0 && prefix <= 128) ? (guint) prefix : 0;
      a->gateway = dup_text (get_string (net, "Gateway"));
      a->mac = dup_mac (get_string (net, "MacAddress"));
      g_ptr_array_add (container->attachments, a);
    }

  /* The first by name: the same ones whatever the runtime's order. */
  g_ptr_array_sort (container->attachments, compare_attachments);
  if (container->attachments->len > TCGUI_RUNTIME_MAX_ATTACHMENTS)
    {
      container->left_out += container->attachments->len - TCGUI_RUNTIME_MAX_ATTACHMENTS;
      g_ptr_array_set_size (container->attachments, TCGUI_RUNTIME_MAX_ATTACHMENTS);
    }
}

static gint64
parse_time (const char *iso8601)
{
  g_autoptr(GDateTime) dt = NULL;

  if (*iso8601 == '\0' || !(dt = g_date_time_new_from_iso8601 (iso8601, NULL)))
    return 0;
  return g_date_time_to_unix (dt);
}

static const char *
strip_slash (const char *name)
{
  return name[0] == '/' ? name + 1 : name;
}

/* /containers/{id}/json of the Docker(-compatible) API. */
static gboolean
container_from_inspect (TcguiRuntimeContainer  *c,
                        JsonObject      *root,
                        GError         **error)
{
  JsonObject *state = get_object (root, "State");
  JsonObject *config = get_object (root, "Config");
  JsonObject *settings = get_object (root, "NetworkSettings");
  gint64 pid = get_int (state, "Pid");
  const char *image = get_string (config, "Image");

  if (!tcgui_runtime_id_is_valid (get_string (root, "Id")))
    return set_invalid (error, "a container without a valid Id");

  c->id = g_strdup (get_string (root, "Id"));
  c->name = dup_text (strip_slash (get_string (root, "Name")));
  c->image = dup_text (*image ? image : get_string (root, "Image"));
  c->state = dup_text (get_string (state, "Status"));
  /* Only a running container's PID means anything (and it is never 1). */
  c->pid = (get_bool (state, "Running") && pid > 1 && pid <= G_MAXINT32) ? (guint32) pid : 0;
  c->created = parse_time (get_string (root, "Created"));
  c->sandbox_key = dup_text (get_string (settings, "SandboxKey"));
  read_labels (c, get_object (config, "Labels"));
  read_attachments (c, settings);
  return TRUE;
}

/**
 * tcgui_runtime_parse_container:
 * @json: the answer to GET /containers/{id}/json (Docker or Podman compat)
 *
 * Returns: (transfer full): the container, or %NULL with %TCGUI_ERROR_FAILED
 */
TcguiRuntimeContainer *
tcgui_runtime_parse_container (const char  *json,
                               gssize       length,
                               GError     **error)
{
  g_autoptr(JsonParser) parser = load (json, length, JSON_NODE_OBJECT, error);
  g_autoptr(TcguiRuntimeContainer) container = NULL;

  if (parser == NULL)
    return NULL;

  container = container_new ();
  if (!container_from_inspect (container, json_node_get_object (json_parser_get_root (parser)), error))
    return NULL;
  return g_steal_pointer (&container);
}

/* One entry of GET /containers/json: everything but the PID. */
static TcguiRuntimeContainer *
container_from_list_entry (JsonObject *entry)
{
  TcguiRuntimeContainer *c;
  JsonArray *names = get_array (entry, "Names");
  const char *name = "";

  if (entry == NULL || !tcgui_runtime_id_is_valid (get_string (entry, "Id")))
    return NULL;

  if (names != NULL && json_array_get_length (names) > 0)
    {
      JsonNode *node = json_array_get_element (names, 0);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        name = json_node_get_string (node);
    }

  c = container_new ();
  c->id = g_strdup (get_string (entry, "Id"));
  c->name = dup_text (strip_slash (name));
  c->image = dup_text (get_string (entry, "Image"));
  c->state = dup_text (get_string (entry, "State"));
  c->created = get_int (entry, "Created");
  c->sandbox_key = g_strdup ("");
  read_labels (c, get_object (entry, "Labels"));
  read_attachments (c, get_object (entry, "NetworkSettings"));
  return c;
}

/**
 * tcgui_runtime_parse_container_list:
 * @json: the answer to GET /containers/json
 *
 * Entries without a valid id are skipped. The PIDs are 0: only the inspect
 * answer has them.
 *
 * Returns: (transfer full) (element-type TcguiRuntimeContainer): the containers
 */
GPtrArray *
tcgui_runtime_parse_container_list (const char  *json,
                                    gssize       length,
                                    GError     **error)
{
  return parse_array (json, length, (EntryFunc) container_from_list_entry,
                      (GDestroyNotify) tcgui_runtime_container_free, error);
}

/* ---- networks ----------------------------------------------------------- */

static void
read_first_subnet (TcguiRuntimeNetwork *network,
                   JsonArray    *configs,
                   const char   *subnet_key,
                   const char   *gateway_key)
{
  JsonObject *first = NULL;

  if (configs != NULL && json_array_get_length (configs) > 0)
    first = array_get_object (configs, 0);
  network->subnet = dup_text (get_string (first, subnet_key));
  network->gateway = dup_text (get_string (first, gateway_key));
}

/* Docker names a user network's bridge "br-" + the first 12 digits of its
 * id unless the network was created with an explicit bridge name. */
static char *
docker_bridge_name (JsonObject *entry,
                    const char *id,
                    const char *driver)
{
  const char *explicit = get_string (get_object (entry, "Options"), "com.docker.network.bridge.name");

  if (*explicit != '\0')
    return dup_text (explicit);
  if (g_str_equal (driver, "bridge") && strlen (id) >= 12)
    return g_strdup_printf ("br-%.12s", id);
  return g_strdup ("");
}

/* Both spellings: Docker's (and Podman's compat) "Name", "Id", "IPAM"… and
 * libpod's "name", "id", "network_interface", "subnets" (which, unlike the
 * compat answer, has the bridge interface). */
static TcguiRuntimeNetwork *
network_from_entry (JsonObject *entry)
{
  gboolean libpod = entry != NULL && json_object_has_member (entry, "name");
  const char *id = get_string (entry, libpod ? "id" : "Id");
  TcguiRuntimeNetwork *network;

  if (entry == NULL || !tcgui_runtime_id_is_valid (id))
    return NULL;

  network = g_new0 (TcguiRuntimeNetwork, 1);
  network->id = g_strdup (id);
  if (libpod)
    {
      network->name = dup_text (get_string (entry, "name"));
      network->driver = dup_text (get_string (entry, "driver"));
      network->internal = get_bool (entry, "internal");
      network->bridge = dup_text (get_string (entry, "network_interface"));
      read_first_subnet (network, get_array (entry, "subnets"), "subnet", "gateway");
    }
  else
    {
      network->name = dup_text (get_string (entry, "Name"));
      network->driver = dup_text (get_string (entry, "Driver"));
      network->internal = get_bool (entry, "Internal");
      network->bridge = docker_bridge_name (entry, id, network->driver);
      read_first_subnet (network, get_array (get_object (entry, "IPAM"), "Config"),
                         "Subnet", "Gateway");
    }

  return network;
}

/**
 * tcgui_runtime_parse_networks:
 * @json: the answer to GET /networks (Docker) or /libpod/networks/json
 *
 * Returns: (transfer full) (element-type TcguiRuntimeNetwork): the networks with a
 *   valid id
 */
GPtrArray *
tcgui_runtime_parse_networks (const char  *json,
                              gssize       length,
                              GError     **error)
{
  return parse_array (json, length, (EntryFunc) network_from_entry,
                      (GDestroyNotify) tcgui_runtime_network_free, error);
}

/**
 * tcgui_runtime_parse_network:
 * @json: the answer to GET /networks/{id}
 *
 * Returns: (transfer full): the network, or %NULL with %TCGUI_ERROR_FAILED
 */
TcguiRuntimeNetwork *
tcgui_runtime_parse_network (const char  *json,
                             gssize       length,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = load (json, length, JSON_NODE_OBJECT, error);
  TcguiRuntimeNetwork *network;

  if (parser == NULL)
    return NULL;

  network = network_from_entry (json_node_get_object (json_parser_get_root (parser)));
  if (network == NULL)
    set_invalid (error, "a network without a valid Id");
  return network;
}

/* ---- events ------------------------------------------------------------- */

static TcguiRuntimeEventKind
classify_event (const char *type,
                const char *action)
{
  static const char * const changes[] = {
    "create", "start", "die", "stop", "kill", "pause", "unpause", "rename",
    "restart", "init", "cleanup", "update", "connect", "disconnect",
  };

  if (g_str_equal (type, "container") && g_str_equal (action, "destroy"))
    return TCGUI_RUNTIME_EVENT_CONTAINER_REMOVED;
  if (g_str_equal (type, "container") ||
      (g_str_equal (type, "network") &&
       (g_str_equal (action, "connect") || g_str_equal (action, "disconnect"))))
    {
      for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
        if (g_str_equal (action, changes[i]))
          return TCGUI_RUNTIME_EVENT_CONTAINER_CHANGED;
      return TCGUI_RUNTIME_EVENT_IGNORED;
    }
  if (g_str_equal (type, "network") &&
      (g_str_equal (action, "create") || g_str_equal (action, "destroy") ||
       g_str_equal (action, "remove")))
    return TCGUI_RUNTIME_EVENT_NETWORKS_CHANGED;
  return TCGUI_RUNTIME_EVENT_IGNORED;
}

/**
 * tcgui_runtime_parse_event:
 * @json: one line of the GET /events stream
 *
 * Docker's network events name the container in Actor.Attributes.container;
 * Podman's compat network events put the container in Actor.ID. Podman's
 * compat "die" keeps the status "die" (only its filter name differs).
 *
 * Returns: (transfer full): the event, or %NULL with %TCGUI_ERROR_FAILED
 */
TcguiRuntimeEvent *
tcgui_runtime_parse_event (const char  *json,
                           gssize       length,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = load (json, length, JSON_NODE_OBJECT, error);
  g_autoptr(TcguiRuntimeEvent) event = NULL;
  JsonObject *root, *actor, *attributes;
  const char *action, *container;

  if (parser == NULL)
    return NULL;

  root = json_node_get_object (json_parser_get_root (parser));
  actor = get_object (root, "Actor");
  attributes = get_object (actor, "Attributes");
  action = get_string (root, "Action");

  event = g_new0 (TcguiRuntimeEvent, 1);
  event->type = dup_text (get_string (root, "Type"));
  event->action = dup_text (*action ? action : get_string (root, "status"));
  /* "exec_start: sh" and the like: the verb is the first word. */
  event->action[strcspn (event->action, ": ")] = '\0';
  event->name = dup_text (get_string (attributes, "name"));
  event->time_nano = get_int (root, "timeNano");

  container = get_string (attributes, "container");
  if (!g_str_equal (event->type, "network") || *container == '\0')
    container = get_string (actor, "ID");
  event->id = g_strdup (tcgui_runtime_id_is_valid (container) ? container : "");

  event->kind = classify_event (event->type, event->action);
  if (event->kind != TCGUI_RUNTIME_EVENT_NETWORKS_CHANGED && *event->id == '\0')
    event->kind = TCGUI_RUNTIME_EVENT_IGNORED;

  return g_steal_pointer (&event);
}
