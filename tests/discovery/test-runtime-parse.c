/* test-runtime-parse.c - the runtime parsers on answers captured from the real engines
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fixtures are what Docker 20.10 and Podman 4.3 answered on this kind
 * of machine (build-aux/capture-runtime-json): containers capture-a on
 * capture-net, capture-b on the --internal capture-int, capture-c on both.
 */

#include "config.h"

#include <string.h>

#include "tcgui-cgroup-scan.h"
#include "tcgui-error.h"
#include "tcgui-runtime.h"

static char *
load_fixture (const char *engine,
              const char *name,
              gsize      *length)
{
  g_autofree char *path = g_build_filename (FIXTURES_DIR, engine, name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, length, &error);
  g_assert_no_error (error);
  return text;
}

static TcguiRuntimeContainer *
parse_fixture_container (const char *engine,
                         const char *letter)
{
  g_autofree char *name = g_strdup_printf ("container-%s.json", letter);
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  g_autofree char *json = load_fixture (engine, name, &length);
  TcguiRuntimeContainer *c = tcgui_runtime_parse_container (json, length, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

static const TcguiRuntimeAttachment *
attachment (const TcguiRuntimeContainer *c,
            guint                 i)
{
  g_assert_cmpuint (i, <, c->attachments->len);
  return g_ptr_array_index (c->attachments, i);
}

static void
test_docker_containers (void)
{
  g_autoptr(TcguiRuntimeContainer) a = parse_fixture_container ("docker", "a");
  g_autoptr(TcguiRuntimeContainer) b = parse_fixture_container ("docker", "b");
  g_autoptr(TcguiRuntimeContainer) c = parse_fixture_container ("docker", "c");

  g_assert_true (g_str_has_prefix (a->id, "ecf0f151c7a2"));
  g_assert_cmpuint (strlen (a->id), ==, 64);
  g_assert_cmpstr (a->name, ==, "capture-a");
  g_assert_cmpstr (a->image, ==, "localhost/bb:latest");
  g_assert_cmpstr (a->state, ==, "running");
  g_assert_cmpuint (a->pid, ==, 18726);
  g_assert_cmpint (a->created, >, 1700000000);
  g_assert_cmpstr (tcgui_runtime_container_get_label (a, "io.github.tcgui.testenv"), ==, "capture");
  g_assert_true (g_str_has_prefix (a->sandbox_key, "/var/run/docker/netns/"));

  g_assert_cmpuint (a->attachments->len, ==, 1);
  g_assert_cmpstr (attachment (a, 0)->network_name, ==, "capture-net");
  g_assert_true (g_str_has_prefix (attachment (a, 0)->network_id, "de708317bfa8"));
  g_assert_cmpstr (attachment (a, 0)->ip, ==, "172.18.0.2");
  g_assert_cmpuint (attachment (a, 0)->prefix, ==, 16);
  g_assert_cmpstr (attachment (a, 0)->gateway, ==, "172.18.0.1");
  g_assert_cmpstr (attachment (a, 0)->mac, ==, "02:42:ac:12:00:02");

  g_assert_cmpstr (b->name, ==, "capture-b");
  g_assert_cmpstr (attachment (b, 0)->network_name, ==, "capture-int");
  g_assert_cmpstr (attachment (b, 0)->ip, ==, "172.19.0.2");

  /* Sorted by network name, whatever the daemon's order. */
  g_assert_cmpuint (c->attachments->len, ==, 2);
  g_assert_cmpstr (attachment (c, 0)->network_name, ==, "capture-int");
  g_assert_cmpstr (attachment (c, 0)->mac, ==, "02:42:ac:13:00:03");
  g_assert_cmpstr (attachment (c, 1)->network_name, ==, "capture-net");
  g_assert_cmpstr (attachment (c, 1)->ip, ==, "172.18.0.3");
}

static void
test_podman_containers (void)
{
  g_autoptr(TcguiRuntimeContainer) a = parse_fixture_container ("podman", "a");
  g_autoptr(TcguiRuntimeContainer) c = parse_fixture_container ("podman", "c");

  g_assert_cmpstr (a->name, ==, "capture-a");
  g_assert_cmpstr (a->image, ==, "localhost/bb:latest");
  g_assert_cmpuint (a->pid, ==, 21493);
  g_assert_true (g_str_has_prefix (a->sandbox_key, "/run/netns/netns-"));
  /* Podman's compat API puts the network's name where Docker has its id. */
  g_assert_cmpstr (attachment (a, 0)->network_id, ==, "capture-net");
  g_assert_cmpstr (attachment (a, 0)->ip, ==, "10.89.0.2");
  g_assert_cmpuint (attachment (a, 0)->prefix, ==, 24);
  g_assert_cmpstr (attachment (a, 0)->mac, ==, "76:ae:f1:7f:a6:a0");

  g_assert_cmpuint (c->attachments->len, ==, 2);
  g_assert_cmpstr (attachment (c, 0)->network_name, ==, "capture-int");
  g_assert_cmpstr (attachment (c, 0)->ip, ==, "10.89.1.3");
  g_assert_cmpstr (attachment (c, 1)->mac, ==, "ce:1d:eb:73:90:4f");
}

static void
test_container_list (gconstpointer data)
{
  const char *engine = data;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  g_autofree char *json = load_fixture (engine, "containers.json", &length);
  g_autoptr(GPtrArray) list = tcgui_runtime_parse_container_list (json, length, &error);
  guint found = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  for (guint i = 0; i < list->len; i++)
    {
      TcguiRuntimeContainer *c = g_ptr_array_index (list, i);

      g_assert_cmpstr (c->state, ==, "running");
      g_assert_cmpuint (c->pid, ==, 0);   /* only inspect has it */
      g_assert_cmpstr (c->image, ==, "localhost/bb:latest");
      g_assert_cmpint (c->created, >, 1700000000);
      if (g_str_equal (c->name, "capture-c"))
        {
          g_assert_cmpuint (c->attachments->len, ==, 2);
          found++;
        }
    }
  g_assert_cmpuint (found, ==, 1);
}

static const TcguiRuntimeNetwork *
find_network (GPtrArray  *list,
              const char *name)
{
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (((TcguiRuntimeNetwork *) g_ptr_array_index (list, i))->name, name))
      return g_ptr_array_index (list, i);
  g_assert_not_reached ();
}

static GPtrArray *
parse_fixture_networks (const char *engine,
                        const char *file)
{
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  g_autofree char *json = load_fixture (engine, file, &length);
  GPtrArray *list = tcgui_runtime_parse_networks (json, length, &error);

  g_assert_no_error (error);
  return list;
}

static void
test_docker_networks (void)
{
  g_autoptr(GPtrArray) list = parse_fixture_networks ("docker", "networks.json");
  const TcguiRuntimeNetwork *net = find_network (list, "capture-net");
  const TcguiRuntimeNetwork *internal = find_network (list, "capture-int");
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  g_autofree char *json = load_fixture ("docker", "network-int.json", &length);
  g_autoptr(TcguiRuntimeNetwork) one = tcgui_runtime_parse_network (json, length, &error);

  g_assert_false (net->internal);
  g_assert_true (internal->internal);
  g_assert_cmpstr (net->driver, ==, "bridge");
  g_assert_cmpstr (net->subnet, ==, "172.18.0.0/16");
  g_assert_cmpstr (net->gateway, ==, "172.18.0.1");
  g_assert_cmpstr (net->bridge, ==, "br-de708317bfa8");
  g_assert_cmpstr (internal->bridge, ==, "br-135c5e676a8b");

  g_assert_no_error (error);
  g_assert_cmpstr (one->name, ==, "capture-int");
  g_assert_true (one->internal);
}

static void
test_podman_networks (void)
{
  g_autoptr(GPtrArray) compat = parse_fixture_networks ("podman", "networks.json");
  g_autoptr(GPtrArray) libpod = parse_fixture_networks ("podman", "libpod-networks.json");

  g_assert_true (find_network (compat, "capture-int")->internal);
  g_assert_false (find_network (compat, "capture-net")->internal);
  g_assert_cmpstr (find_network (compat, "capture-net")->subnet, ==, "10.89.0.0/24");

  /* Only libpod's answer names the bridge. */
  g_assert_cmpstr (find_network (libpod, "capture-net")->bridge, ==, "podman1");
  g_assert_cmpstr (find_network (libpod, "capture-int")->bridge, ==, "podman2");
  g_assert_true (find_network (libpod, "capture-int")->internal);
  g_assert_cmpstr (find_network (libpod, "capture-int")->gateway, ==, "10.89.1.1");
  g_assert_cmpstr (find_network (libpod, "capture-net")->id, ==,
                   find_network (compat, "capture-net")->id);
}

/* Every line of the captured stream parses; the kinds are what the
 * inventory must react to. */
static void
test_events (gconstpointer data)
{
  const char *engine = data;
  gsize length = 0;
  g_autofree char *text = load_fixture (engine, "events.jsonl", &length);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint changed = 0, starts = 0, renames = 0, connects = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(TcguiRuntimeEvent) event = NULL;
      g_autoptr(GError) error = NULL;

      if (*lines[i] == '\0')
        continue;
      event = tcgui_runtime_parse_event (lines[i], -1, &error);
      g_assert_no_error (error);
      g_assert_cmpint (event->time_nano, >, 0);
      if (event->kind == TCGUI_RUNTIME_EVENT_CONTAINER_CHANGED)
        {
          changed++;
          g_assert_cmpuint (strlen (event->id), ==, 64);
          /* Podman's network events name the container in Actor.ID too. */
          g_assert_true (g_str_has_prefix (event->id, g_str_equal (engine, "docker")
                                                        ? "c70d54dbbe08" : "96103e7ec34f"));
        }
      starts += g_str_equal (event->action, "start");
      renames += g_str_equal (event->action, "rename");
      connects += g_str_equal (event->action, "connect");
    }

  g_assert_cmpuint (starts, ==, 1);
  g_assert_cmpuint (renames, ==, 2);
  g_assert_cmpuint (connects, >=, 1);
  g_assert_cmpuint (changed, >=, 6);
}

static void
test_event_kinds (void)
{
  static const struct { const char *json; TcguiRuntimeEventKind kind; const char *action; } cases[] = {
    { "{\"Type\":\"container\",\"Action\":\"destroy\",\"Actor\":{\"ID\":\"abc\"}}",
      TCGUI_RUNTIME_EVENT_CONTAINER_REMOVED, "destroy" },
    { "{\"Type\":\"network\",\"Action\":\"create\",\"Actor\":{\"ID\":\"abc\"}}",
      TCGUI_RUNTIME_EVENT_NETWORKS_CHANGED, "create" },
    { "{\"Type\":\"container\",\"Action\":\"exec_start: sh\",\"Actor\":{\"ID\":\"abc\"}}",
      TCGUI_RUNTIME_EVENT_IGNORED, "exec_start" },
    { "{\"Type\":\"image\",\"Action\":\"pull\",\"Actor\":{\"ID\":\"abc\"}}",
      TCGUI_RUNTIME_EVENT_IGNORED, "pull" },
    /* An id that could climb out of a request path is not believed. */
    { "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"../../x\"}}",
      TCGUI_RUNTIME_EVENT_IGNORED, "start" },
    { "{\"status\":\"start\",\"Type\":\"container\",\"Actor\":{\"ID\":\"ABC\"}}",
      TCGUI_RUNTIME_EVENT_IGNORED, "start" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TcguiRuntimeEvent) event = tcgui_runtime_parse_event (cases[i].json, -1, &error);

      g_assert_no_error (error);
      g_assert_cmpint (event->kind, ==, cases[i].kind);
      g_assert_cmpstr (event->action, ==, cases[i].action);
    }
}

/* Bad input: a typed error, never a crash or a half-filled struct. */
static void
test_invalid (void)
{
  static const char * const objects[] = {
    "", "{", "[]", "null", "42", "{\"Id\": 5}", "{\"Id\": \"xyz\"}",
    "{\"Id\": \"../etc\"}", "{\"Id\": \"" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" "\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TcguiRuntimeContainer) c = tcgui_runtime_parse_container (objects[i], -1, &error);

      g_assert_null (c);
      g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_FAILED);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) list = tcgui_runtime_parse_container_list ("{}", -1, &error);

    g_assert_null (list);
    g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_FAILED);
  }

  /* Several top-level values are refused (json-glib would keep the last
   * and leak the others); white space around one value is fine. */
  {
    static const char * const lists[] = { "[] []", "[]{}", "[] x", "[\"]\"", "]" };
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) ok = tcgui_runtime_parse_container_list (" [ \"]\\\"\" ] \n", -1, &error);

    g_assert_no_error (error);
    g_assert_nonnull (ok);
    for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
      {
        g_autoptr(GError) local_error = NULL;
        g_autoptr(GPtrArray) list = tcgui_runtime_parse_container_list (lists[i], -1, &local_error);

        g_assert_null (list);
        g_assert_error (local_error, TCGUI_ERROR, TCGUI_ERROR_FAILED);
      }
  }

  /* Wrong types inside a valid answer read as empty. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TcguiRuntimeContainer) c = tcgui_runtime_parse_container (
      "{\"Id\":\"abc\",\"Name\":7,\"State\":{\"Pid\":\"12\",\"Running\":true},"
      "\"Config\":{\"Labels\":{\"a\":1,\"b\":\"x\"}},"
      "\"NetworkSettings\":{\"Networks\":{\"n\":{\"MacAddress\":\"zz\",\"IPPrefixLen\":999}}}}",
      -1, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (c->name, ==, "");
    g_assert_cmpuint (c->pid, ==, 0);
    g_assert_cmpuint (g_hash_table_size (c->labels), ==, 1);
    g_assert_cmpstr (attachment (c, 0)->mac, ==, "");
    g_assert_cmpuint (attachment (c, 0)->prefix, ==, 0);
  }
}

/* JSON nested beyond TCGUI_RUNTIME_MAX_JSON_DEPTH is refused before
 * json-glib sees it: 200 000 levels used to overflow the helper's stack
 * (json-glib recurses per level), from an answer or from one event line. */
static void
test_too_deep (void)
{
  const gsize deep = 200000;
  g_autofree char *arrays = g_malloc (2 * deep + 1);
  g_autoptr(GString) objects = g_string_new ("{\"Type\":\"container\",\"x\":");
  g_autoptr(GString) ok = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(TcguiRuntimeEvent) event = NULL;
  g_autoptr(TcguiRuntimeContainer) c = NULL;

  memset (arrays, '[', deep);
  memset (arrays + deep, ']', deep);
  arrays[2 * deep] = '\0';
  list = tcgui_runtime_parse_container_list (arrays, -1, &error);
  g_assert_null (list);
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "nested too deeply"));
  g_clear_error (&error);

  for (gsize i = 0; i < deep; i++)
    g_string_append (objects, "{\"a\":");
  g_string_append (objects, "1");
  for (gsize i = 0; i <= deep; i++)
    g_string_append_c (objects, '}');
  event = tcgui_runtime_parse_event (objects->str, objects->len, &error);
  g_assert_null (event);
  g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_FAILED);
  g_clear_error (&error);

  /* Brackets inside strings (escaped quotes too) do not count; the limit
   * itself passes. */
  g_string_append (ok, "{\"Id\":\"abc\",\"Name\":\"[[[{{\\\"[[\",\"x\":");
  for (guint i = 1; i < TCGUI_RUNTIME_MAX_JSON_DEPTH; i++)
    g_string_append_c (ok, '[');
  for (guint i = 1; i < TCGUI_RUNTIME_MAX_JSON_DEPTH; i++)
    g_string_append_c (ok, ']');
  g_string_append_c (ok, '}');
  c = tcgui_runtime_parse_container (ok->str, ok->len, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (c->name, ==, "[[[{{\"[[");
}

/* Too many values (json-glib's nodes cost ~100 bytes each) or too many
 * bytes: refused before parsing. */
static void
test_too_large (void)
{
  g_autoptr(GString) many = g_string_new ("[");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *huge = NULL;

  for (guint i = 0; i <= TCGUI_RUNTIME_MAX_JSON_VALUES; i++)
    g_string_append (many, "0,");
  g_string_append (many, "0]");
  list = tcgui_runtime_parse_container_list (many->str, many->len, &error);
  g_assert_null (list);
  g_assert_nonnull (strstr (error->message, "too many values"));
  g_clear_error (&error);

  huge = g_strnfill (TCGUI_RUNTIME_MAX_ANSWER_BYTES + 1, ' ');
  huge[0] = '[';
  huge[1] = ']';
  list = tcgui_runtime_parse_container_list (huge, -1, &error);
  g_assert_null (list);
  g_assert_nonnull (strstr (error->message, "too large"));
}

/* Labels are bounded per container, and the same ones are kept whatever
 * order they came in: too long ones are left out, then compose's and the
 * first by key. */
static void
test_label_limits (void)
{
  g_autoptr(GString) json = g_string_new ("{\"Id\":\"abc\",\"Config\":{\"Labels\":{");
  g_autofree char *long_value = g_strnfill (TCGUI_RUNTIME_MAX_LABEL_VALUE + 1, 'v');
  g_autoptr(GError) error = NULL;
  g_autoptr(TcguiRuntimeContainer) c = NULL;
  g_autoptr(TcguiRuntimeContainer) copy = NULL;

  for (int i = 299; i >= 0; i--)
    g_string_append_printf (json, "\"l%03d\":\"x\",", i);
  g_string_append_printf (json, "\"long\":\"%s\",", long_value);
  g_string_append (json, "\"com.docker.compose.project\":\"p\"}},"
                         "\"NetworkSettings\":{\"Networks\":{");
  for (int i = 99; i >= 0; i--)
    g_string_append_printf (json, "%s\"n%02d\":{}", i < 99 ? "," : "", i);
  g_string_append (json, "}}}");

  c = tcgui_runtime_parse_container (json->str, json->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (c->labels), ==, TCGUI_RUNTIME_MAX_LABELS);
  g_assert_cmpstr (tcgui_runtime_container_get_label (c, "com.docker.compose.project"), ==, "p");
  g_assert_cmpstr (tcgui_runtime_container_get_label (c, "l000"), ==, "x");
  g_assert_cmpstr (tcgui_runtime_container_get_label (c, "l062"), ==, "x");
  g_assert_cmpstr (tcgui_runtime_container_get_label (c, "l063"), ==, "");
  g_assert_cmpstr (tcgui_runtime_container_get_label (c, "long"), ==, "");
  g_assert_cmpuint (c->attachments->len, ==, TCGUI_RUNTIME_MAX_ATTACHMENTS);
  g_assert_cmpstr (attachment (c, 0)->network_name, ==, "n00");
  /* 300 + 1 + 1 labels, 64 kept; 100 networks, 32 kept. */
  g_assert_cmpuint (c->left_out, ==, (302 - 64) + (100 - 32));
  copy = tcgui_runtime_container_copy (c);
  g_assert_cmpuint (copy->left_out, ==, c->left_out);
}

static void
test_cgroup (void)
{
  static const struct { const char *text; const char *runtime; } cases[] = {
    { "12:pids:/docker/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n", "docker" },
    { "0::/system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope\n", "docker" },
    { "5:cpu:/libpod_parent/libpod-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n", "podman" },
    { "0::/kubepods.slice/kubepods-besteffort.slice/cri-containerd-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope\n", "containerd" },
    { "0::/system.slice/crio-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope\n", "cri-o" },
    { "0::/default/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n", "unknown" },
  };
  static const char * const not_containers[] = {
    "0::/user.slice/user-1000.slice/session-2.scope\n",
    "12:pids:/\n9:name=systemd:/\n",
    "0::/docker/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0\n",  /* 65 digits */
    "garbage",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *runtime = NULL;
      g_autofree char *id = NULL;

      g_assert_true (tcgui_cgroup_parse (cases[i].text, -1, &runtime, &id));
      g_assert_cmpstr (runtime, ==, cases[i].runtime);
      g_assert_cmpstr (id, ==, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    }
  for (guint i = 0; i < G_N_ELEMENTS (not_containers); i++)
    {
      g_autofree char *runtime = NULL;
      g_autofree char *id = NULL;

      g_assert_false (tcgui_cgroup_parse (not_containers[i], -1, &runtime, &id));
      g_assert_null (id);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/discovery/docker/containers", test_docker_containers);
  g_test_add_func ("/discovery/podman/containers", test_podman_containers);
  g_test_add_data_func ("/discovery/docker/container-list", "docker", test_container_list);
  g_test_add_data_func ("/discovery/podman/container-list", "podman", test_container_list);
  g_test_add_func ("/discovery/docker/networks", test_docker_networks);
  g_test_add_func ("/discovery/podman/networks", test_podman_networks);
  g_test_add_data_func ("/discovery/docker/events", "docker", test_events);
  g_test_add_data_func ("/discovery/podman/events", "podman", test_events);
  g_test_add_func ("/discovery/event-kinds", test_event_kinds);
  g_test_add_func ("/discovery/invalid", test_invalid);
  g_test_add_func ("/discovery/too-deep", test_too_deep);
  g_test_add_func ("/discovery/too-large", test_too_large);
  g_test_add_func ("/discovery/label-limits", test_label_limits);
  g_test_add_func ("/discovery/cgroup", test_cgroup);

  return g_test_run ();
}
