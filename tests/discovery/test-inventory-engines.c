/* test-inventory-engines.c - the inventory against a real Docker or Podman
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: test-inventory-engines ENGINE SOCKET PREFIX RESTART-CMD
 * run by run-engines-test.sh after `ENGINE-fixture up` with TESTENV_PREFIX=PREFIX:
 * PREFIX-a on PREFIX-net, PREFIX-b on the --internal PREFIX-int, PREFIX-c on both.
 * Each assertion is checked against the kernel (interfaces, MACs, addresses,
 * veth peers and bridges read with `ip`/sysfs), not against the same API.
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "tcgui-discovery.h"
#include "tcgui-netns.h"

static const char *engine;
static const char *prefix;
static const char *restart_cmd;
static char *config_path;
static TcguiDiscovery *inventory;
static GPtrArray *signals_seen;   /* GVariant (t aa{sv} as), with arrival time */

typedef struct
{
  gint64    realtime_ns;
  GVariant *changed;
  char    **removed;
} Seen;

static void
seen_free (Seen *seen)
{
  g_variant_unref (seen->changed);
  g_strfreev (seen->removed);
  g_free (seen);
}

static void
changed_cb (TcguiDiscovery *inv,
            guint64         generation,
            GVariant       *changed,
            const char    **removed,
            gpointer        data)
{
  Seen *seen = g_new0 (Seen, 1);

  seen->realtime_ns = g_get_real_time () * 1000;
  seen->changed = g_variant_ref (changed);
  seen->removed = g_strdupv ((char **) removed);
  g_ptr_array_add (signals_seen, seen);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (gpointer data);

/* Runs the main context until @cond holds, at most @seconds. */
static gboolean
run_until (Condition cond,
           gpointer  data,
           guint     seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (seconds, timeout_cb, &timed_out);

  while (!cond (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return cond (data);
}

static char *
sh (const char *format,
    ...) G_GNUC_PRINTF (1, 2);

static char *
sh (const char *format,
    ...)
{
  g_autofree char *cmd = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "/bin/bash", "-c", NULL, NULL };
  char *out = NULL;
  int status = 0;
  va_list args;

  va_start (args, format);
  cmd = g_strdup_vprintf (format, args);
  va_end (args);
  argv[2] = cmd;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_printerr ("# `%s` failed: %s\n", cmd, err);
  return g_strstrip (out);
}

static GVariant *
find_item (GVariant   *items,
           const char *kind,
           const char *runtime,
           const char *name)
{
  GVariantIter iter;
  GVariant *item;

  g_variant_iter_init (&iter, items);
  while ((item = g_variant_iter_next_value (&iter)))
    {
      const char *k = "", *r = "", *n = "";

      g_variant_lookup (item, "kind", "&s", &k);
      g_variant_lookup (item, "runtime", "&s", &r);
      g_variant_lookup (item, "name", "&s", &n);
      if (g_str_equal (k, kind) && g_str_equal (r, runtime) && g_str_equal (n, name))
        return item;
      g_variant_unref (item);
    }
  return NULL;
}

static GVariant *
current_items (void)
{
  guint64 generation;

  return tcgui_discovery_dup_items (inventory, 0, &generation);
}

static GVariant *
find_current (const char *kind,
              const char *suffix)
{
  g_autoptr(GVariant) items = current_items ();
  g_autofree char *name = g_strdup_printf ("%s-%s", prefix, suffix);

  return find_item (items, kind, engine, name);
}

static gboolean
ready_cond (gpointer data)
{
  return tcgui_discovery_wait_ready (inventory, 0);
}

/* ---- checks against the kernel ------------------------------------------ */

static char *
sysfs_read (const char *ifname,
            const char *what)
{
  g_autofree char *path = g_strdup_printf ("/sys/class/net/%s/%s", ifname, what);
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("");
  return g_strstrip (text);
}

static void
check_host_peer (GVariant   *iface,
                 const char *expected_bridge)
{
  const char *host = "", *bridge = "";
  g_autofree char *master = NULL;
  g_autofree char *ifindex = NULL;
  gint32 host_index = 0;

  g_variant_lookup (iface, "host-interface", "&s", &host);
  g_variant_lookup (iface, "host-index", "i", &host_index);
  g_variant_lookup (iface, "bridge", "&s", &bridge);
  g_assert_cmpstr (host, !=, "");
  ifindex = sysfs_read (host, "ifindex");
  g_assert_cmpint (atoi (ifindex), ==, host_index);
  master = sh ("basename \"$(readlink /sys/class/net/%s/master)\"", host);
  g_assert_cmpstr (bridge, ==, master);
  if (expected_bridge != NULL && *expected_bridge != '\0')
    g_assert_cmpstr (bridge, ==, expected_bridge);
}

static GVariant *
interface_named (GVariant   *container,
                 const char *ifname)
{
  g_autoptr(GVariant) ifaces = g_variant_lookup_value (container, "interfaces", G_VARIANT_TYPE ("aa{sv}"));
  GVariantIter iter;
  GVariant *iface;

  g_variant_iter_init (&iter, ifaces);
  while ((iface = g_variant_iter_next_value (&iter)))
    {
      const char *name = "";

      g_variant_lookup (iface, "name", "&s", &name);
      if (g_str_equal (name, ifname))
        return iface;
      g_variant_unref (iface);
    }
  return NULL;
}

static void
check_attachment (GVariant   *container,
                  guint32     pid,
                  GVariant   *attachment,
                  GVariant   *network_item)
{
  const char *ifname = "", *mac = "", *ip = "", *net = "", *bridge = "";
  gboolean internal = FALSE, net_internal = TRUE;
  g_autofree char *kernel_mac = NULL;
  g_autofree char *kernel_addrs = NULL;
  g_autofree char *cidr = NULL;
  g_autoptr(GVariant) iface = NULL;
  const char *iface_net = "";
  guint32 prefix_len = 0;

  g_variant_lookup (attachment, "interface", "&s", &ifname);
  g_variant_lookup (attachment, "mac", "&s", &mac);
  g_variant_lookup (attachment, "ip", "&s", &ip);
  g_variant_lookup (attachment, "prefix", "u", &prefix_len);
  g_variant_lookup (attachment, "network", "&s", &net);
  g_variant_lookup (attachment, "internal", "b", &internal);
  g_variant_lookup (network_item, "internal", "b", &net_internal);
  g_variant_lookup (network_item, "bridge", "&s", &bridge);
  g_assert_cmpint (internal, ==, net_internal);
  g_assert_cmpstr (ifname, !=, "");

  /* The interface the MAC matched really has that MAC and that address. */
  /* (/sys is the host's even inside nsenter -n: ask netlink.) */
  kernel_mac = sh ("nsenter -t %u -n ip -o link show dev %s | grep -o 'link/ether [0-9a-f:]*' | cut -d' ' -f2",
                   pid, ifname);
  g_assert_cmpstr (kernel_mac, ==, mac);
  kernel_addrs = sh ("nsenter -t %u -n ip -o -4 addr show dev %s", pid, ifname);
  cidr = g_strdup_printf (" %s/%u ", ip, prefix_len);
  g_assert_nonnull (strstr (kernel_addrs, cidr));

  iface = interface_named (container, ifname);
  g_assert_nonnull (iface);
  g_variant_lookup (iface, "network", "&s", &iface_net);
  g_assert_cmpstr (iface_net, ==, net);
  check_host_peer (iface, bridge);
}

static void
check_container (const char         *suffix,
                 const char * const *networks)
{
  g_autoptr(GVariant) c = find_current ("container", suffix);
  g_autoptr(GVariant) attachments = NULL;
  g_autofree char *ns_expected = NULL;
  const char *image = "", *state = "", *ns = "";
  guint64 inode = 0;
  guint32 pid = 0;
  struct stat st;
  guint n = 0;

  g_assert_nonnull (c);
  g_variant_lookup (c, "image", "&s", &image);
  g_variant_lookup (c, "state", "&s", &state);
  g_variant_lookup (c, "pid", "u", &pid);
  g_variant_lookup (c, "namespace", "&s", &ns);
  g_variant_lookup (c, "netns-inode", "t", &inode);
  g_assert_cmpstr (image, ==, "localhost/bb:latest");
  g_assert_cmpstr (state, ==, "running");
  g_assert_cmpuint (pid, >, 1);

  /* The namespace id is what ListLinks and SetShaping take. */
  g_autofree char *ns_path = g_strdup_printf ("/proc/%u/ns/net", pid);
  g_autoptr(TcguiNsRef) ref = NULL;

  g_assert_cmpint (stat (ns_path, &st), ==, 0);
  g_assert_cmpuint (inode, ==, st.st_ino);
  ns_expected = g_strdup_printf ("pid:%u:%" G_GUINT64_FORMAT, pid, inode);
  g_assert_cmpstr (ns, ==, ns_expected);
  ref = tcgui_ns_ref_parse (ns, NULL);
  g_assert_nonnull (ref);

  attachments = g_variant_lookup_value (c, "networks", G_VARIANT_TYPE ("aa{sv}"));
  g_assert_cmpuint (g_variant_n_children (attachments), ==, g_strv_length ((char **) networks));
  for (n = 0; networks[n] != NULL; n++)
    {
      g_autoptr(GVariant) a = g_variant_get_child_value (attachments, n);
      g_autoptr(GVariant) net = find_current ("network", networks[n]);
      g_autofree char *net_name = g_strdup_printf ("%s-%s", prefix, networks[n]);
      const char *name = "";

      g_variant_lookup (a, "network", "&s", &name);
      g_assert_cmpstr (name, ==, net_name);
      g_assert_nonnull (net);
      check_attachment (c, pid, a, net);
    }
}

static void
test_initial (void)
{
  static const char * const a_nets[] = { "net", NULL };
  static const char * const b_nets[] = { "int", NULL };
  static const char * const c_nets[] = { "int", "net", NULL };
  g_autoptr(GVariant) net = find_current ("network", "net");
  g_autoptr(GVariant) internal = find_current ("network", "int");
  gboolean flag = TRUE;

  g_assert_nonnull (net);
  g_assert_nonnull (internal);
  g_variant_lookup (net, "internal", "b", &flag);
  g_assert_false (flag);
  g_variant_lookup (internal, "internal", "b", &flag);
  g_assert_true (flag);

  check_container ("a", a_nets);
  check_container ("b", b_nets);
  check_container ("c", c_nets);
}

/* ---- live updates ------------------------------------------------------- */

typedef struct
{
  const char *name;
  guint       from;
  gint64      latency_ns;
} StartWait;

static gboolean
started_cond (gpointer data)
{
  StartWait *wait = data;

  for (guint i = wait->from; i < signals_seen->len; i++)
    {
      Seen *seen = g_ptr_array_index (signals_seen, i);
      g_autoptr(GVariant) item = find_item (seen->changed, "container", engine, wait->name);
      const char *state = "", *ns = "";
      gint64 event_ns = 0;

      if (item == NULL)
        continue;
      g_variant_lookup (item, "state", "&s", &state);
      g_variant_lookup (item, "namespace", "&s", &ns);
      g_variant_lookup (item, "event-time-ns", "x", &event_ns);
      if (g_str_equal (state, "running") && g_str_has_prefix (ns, "pid:"))
        {
          wait->latency_ns = seen->realtime_ns - event_ns;
          return TRUE;
        }
    }
  return FALSE;
}

static void
test_start (void)
{
  g_autofree char *name = g_strdup_printf ("%s-d", prefix);
  StartWait wait = { name, signals_seen->len, 0 };
  g_autofree char *out = NULL;
  g_autoptr(GVariant) item = NULL;

  out = sh ("%s run -d --name %s --label io.github.tcgui.testenv=%s --network %s-net "
            "localhost/bb:latest sleep infinity", engine, name, prefix, prefix);
  /* Order and outcome only, with a generous deadline: the signal follows
   * the start event. How soon it follows is a benchmark
   * (tests/discovery/bench-inventory.sh, docs/benchmarks.md), never a
   * pass/fail criterion here (ASan on a loaded machine took 1.2 s). */
  g_assert_true (run_until (started_cond, &wait, 120));
  g_test_message ("event-to-signal latency (informative): %.1f ms", wait.latency_ns / 1e6);
  g_assert_cmpint (wait.latency_ns, >, 0);

  item = find_current ("container", "d");
  g_assert_nonnull (item);
  g_free (sh ("%s rm -f %s", engine, name));
}

static gboolean
gone_cond (gpointer data)
{
  g_autoptr(GVariant) item = find_current ("container", data);

  return item == NULL;
}

static void
test_remove (void)
{
  /* test_start removed it; the destroy event takes it out. */
  g_assert_true (run_until (gone_cond, (gpointer) "d", 60));
}

typedef struct
{
  guint32 old_pid;
  guint   from;
  gboolean saw_unavailable;
} RestartWait;

static gboolean
resynced_cond (gpointer data)
{
  RestartWait *wait = data;
  g_autoptr(GVariant) c = find_current ("container", "a");
  g_autofree char *key = g_strdup_printf ("runtime:%s", engine);
  guint32 pid = 0;

  for (guint i = wait->from; i < signals_seen->len; i++)
    {
      Seen *seen = g_ptr_array_index (signals_seen, i);
      GVariantIter iter;
      GVariant *item;

      g_variant_iter_init (&iter, seen->changed);
      while ((item = g_variant_iter_next_value (&iter)))
        {
          const char *k = "";
          gboolean available = TRUE;

          g_variant_lookup (item, "key", "&s", &k);
          g_variant_lookup (item, "available", "b", &available);
          if (g_str_equal (k, key) && !available)
            wait->saw_unavailable = TRUE;
          g_variant_unref (item);
        }
    }
  if (c == NULL || !g_variant_lookup (c, "pid", "u", &pid))
    return FALSE;
  return wait->saw_unavailable && pid != 0 && pid != wait->old_pid;
}

/* The daemon goes away while containers change; when it is back the
 * inventory must show what is true now (it missed those events). */
static void
test_restart (void)
{
  g_autoptr(GVariant) before = find_current ("container", "a");
  RestartWait wait = { 0, signals_seen->len, FALSE };
  g_autofree char *out = NULL;

  g_assert_nonnull (before);
  g_variant_lookup (before, "pid", "u", &wait.old_pid);
  out = sh ("%s", restart_cmd);
  g_assert_true (run_until (resynced_cond, &wait, 60));
  test_initial ();
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *conf = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  if (argc != 5)
    {
      g_printerr ("Usage: %s ENGINE SOCKET PREFIX RESTART-CMD\n", argv[0]);
      return 2;
    }
  engine = argv[1];
  prefix = argv[3];
  restart_cmd = argv[4];
  tcgui_netns_init ();

  /* Only the engine under test, at the socket the fixture printed. */
  dir = g_dir_make_tmp ("tcgui-inventory-XXXXXX", NULL);
  config_path = g_build_filename (dir, "runtimes.conf", NULL);
  conf = g_strdup_printf ("[docker]\nenabled=%s\nsocket=%s\n[podman]\nenabled=%s\nsocket=%s\n",
                          g_str_equal (engine, "docker") ? "true" : "false", argv[2],
                          g_str_equal (engine, "podman") ? "true" : "false", argv[2]);
  g_file_set_contents (config_path, conf, -1, NULL);
  g_chmod (config_path, 0600);

  signals_seen = g_ptr_array_new_with_free_func ((GDestroyNotify) seen_free);
  inventory = tcgui_discovery_new (config_path);
  g_signal_connect (inventory, "changed", G_CALLBACK (changed_cb), NULL);
  tcgui_discovery_start (inventory);
  /* Generous: under ASan the daemon may hold other tests' hundreds of containers. */
  if (!run_until (ready_cond, NULL, 240))
    g_error ("The inventory did not become ready");

  g_test_add_func ("/engines/initial", test_initial);
  g_test_add_func ("/engines/start", test_start);
  g_test_add_func ("/engines/remove", test_remove);
  g_test_add_func ("/engines/restart", test_restart);
  ret = g_test_run ();

  g_clear_object (&inventory);
  g_ptr_array_unref (signals_seen);
  g_unlink (config_path);
  g_rmdir (dir);
  g_free (config_path);
  return ret;
}
