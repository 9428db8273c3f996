/* test-helper-unit.c - the helper's pure functions: namespace identifiers,
 * libnl error mapping, method → polkit action mapping
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <netlink/errno.h>

#include "tcgui-actions.h"
#include "tcgui-error.h"
#include "tcgui-netns.h"
#include "tcgui-nl.h"
#include "tcgui-service.h"

static void
test_ns_ref_valid (void)
{
  static const struct {
    const char *id;
    TcguiNsKind kind;
    const char *name;
    guint32 pid;
    guint64 inode;
  } cases[] = {
    { "host", TCGUI_NS_HOST, NULL, 0, 0 },
    { "netns:a", TCGUI_NS_NAMED, "a", 0, 0 },
    { "netns:tcgui-1-a", TCGUI_NS_NAMED, "tcgui-1-a", 0, 0 },
    { "netns:...", TCGUI_NS_NAMED, "...", 0, 0 },
    { "netns:a b", TCGUI_NS_NAMED, "a b", 0, 0 },
    { "netns:pid:1:2", TCGUI_NS_NAMED, "pid:1:2", 0, 0 },
    { "netns:caf\xc3\xa9", TCGUI_NS_NAMED, "caf\xc3\xa9", 0, 0 },
    { "pid:1:1", TCGUI_NS_PID, NULL, 1, 1 },
    { "pid:4242:4026531840", TCGUI_NS_PID, NULL, 4242, 4026531840u },
    { "pid:2147483647:18446744073709551615", TCGUI_NS_PID, NULL, G_MAXINT32, G_MAXUINT64 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TcguiNsRef) ref = tcgui_ns_ref_parse (cases[i].id, &error);
      g_autofree char *back = NULL;

      g_test_message ("valid: %s", cases[i].id);
      g_assert_no_error (error);
      g_assert_nonnull (ref);
      g_assert_cmpint (ref->kind, ==, cases[i].kind);
      g_assert_cmpstr (ref->name, ==, cases[i].name);
      g_assert_cmpuint (ref->pid, ==, cases[i].pid);
      g_assert_cmpuint (ref->inode, ==, cases[i].inode);

      /* The canonical form parses back to the identifier the caller gave. */
      back = tcgui_ns_ref_to_string (ref);
      g_assert_cmpstr (back, ==, cases[i].id);
    }
}

static char *
name_of_length (gsize len)
{
  g_autofree char *name = g_strnfill (len, 'n');

  return g_strconcat ("netns:", name, NULL);
}

static void
test_ns_ref_invalid (void)
{
  g_autofree char *longest = name_of_length (255);
  g_autofree char *too_long = name_of_length (256);
  const char *cases[] = {
    "", "host ", " host", "Host", "HOST", "host\n", "hostx", "bogus",
    "netns", "netns:", "netns:.", "netns:..", "netns:../etc", "netns:a/b",
    "netns:/", "netns:/run/netns/a", "netns:\xff", "netns:a\xc3", too_long,
    "pid", "pid:", "pid:1", "pid:1:", "pid::1", "pid:-1:5", "pid:1:-5", "pid:0:5",
    "pid:1:0", "pid:1:2:3", "pid:+1:5", "pid: 1:5", "pid:1 :5", "pid:1:5 ",
    "pid:0x10:5", "pid:1:0x5", "pid:1e3:5", "pid:a:5", "pid:1:b",
    "pid:2147483648:5", "pid:4294967296:5", "pid:99999999999999999999:5",
    "pid:1:18446744073709551616", "pid:1:99999999999999999999999",
    "pid:\xff:1", "PID:1:1", "netns :a",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *escaped = g_strescape (cases[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(TcguiNsRef) ref = NULL;

      g_test_message ("invalid: %s", escaped);
      ref = tcgui_ns_ref_parse (cases[i], &error);
      g_assert_null (ref);
      g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT);
    }

  /* NULL is refused like "", and the longest valid name is accepted. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TcguiNsRef) ref = tcgui_ns_ref_parse (NULL, &error);

    g_assert_null (ref);
    g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TcguiNsRef) ref = tcgui_ns_ref_parse (longest, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (strlen (ref->name), ==, 255);
  }
}

/* The one interface-name check every method uses. */
static void
test_ifname_check (void)
{
  static const struct {
    const char *name;
    gboolean    valid;
  } cases[] = {
    { "eth0", TRUE }, { "lo", TRUE }, { "veth-a.10", TRUE }, { "abcdefghijklmno", TRUE },
    { "caf\xc3\xa9", TRUE }, { "tcgui-ifb12", TRUE }, { "a-b_c@d", TRUE },
    { "", FALSE }, { "abcdefghijklmnop", FALSE }, { ".", FALSE }, { "..", FALSE },
    { "a b", FALSE }, { " a", FALSE }, { "a\t", FALSE }, { "a\nb", FALSE }, { "a\rb", FALSE },
    { "a\vb", FALSE }, { "a\fb", FALSE }, { "x:y", FALSE }, { "a/b", FALSE }, { "/", FALSE },
    { "\xff\xfe", FALSE }, { "caf\xc3", FALSE },
    /* U+00E0 is C3 A0, and the kernel counts 0xa0 as a space. */
    { "\xc3\xa0", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = tcgui_netns_check_ifname (cases[i].name, &error);

      g_assert_cmpint (ok, ==, cases[i].valid);
      if (ok)
        g_assert_no_error (error);
      else
        {
          g_assert_error (error, TCGUI_ERROR, TCGUI_ERROR_INVALID_ARGUMENT);
          /* Never the raw name: the message is UTF-8 whatever came in. */
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
        }
    }
  g_assert_false (tcgui_netns_check_ifname (NULL, NULL));
}

static void
test_nl_set_error (void)
{
  static const struct {
    int nlerr;
    TcguiError code;
  } cases[] = {
    { NLE_NODEV, TCGUI_ERROR_NO_SUCH_INTERFACE },
    { NLE_PERM, TCGUI_ERROR_PERMISSION_DENIED },
    { NLE_NOACCESS, TCGUI_ERROR_PERMISSION_DENIED },
    { NLE_INVAL, TCGUI_ERROR_INVALID_ARGUMENT },
    { NLE_RANGE, TCGUI_ERROR_INVALID_ARGUMENT },
    { NLE_MSGSIZE, TCGUI_ERROR_INVALID_ARGUMENT },
    { NLE_MISSING_ATTR, TCGUI_ERROR_INVALID_ARGUMENT },
    { NLE_OPNOTSUPP, TCGUI_ERROR_NOT_SUPPORTED },
    { NLE_AF_NOSUPPORT, TCGUI_ERROR_NOT_SUPPORTED },
    { NLE_BUSY, TCGUI_ERROR_BUSY },
    { NLE_AGAIN, TCGUI_ERROR_BUSY },
    { NLE_FAILURE, TCGUI_ERROR_KERNEL },
    { NLE_NOMEM, TCGUI_ERROR_KERNEL },
    { NLE_EXIST, TCGUI_ERROR_KERNEL },
    { NLE_OBJ_NOTFOUND, TCGUI_ERROR_KERNEL },
    { 9999, TCGUI_ERROR_KERNEL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* libnl returns negative codes; some callers pass them positive. */
      for (int sign = -1; sign <= 1; sign += 2)
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *expected = NULL;
          int nlerr = sign * cases[i].nlerr;

          g_assert_false (tcgui_nl_set_error (&error, nlerr, "Doing %s #%d", "thing", 7));
          g_assert_error (error, TCGUI_ERROR, (int) cases[i].code);
          expected = g_strdup_printf ("Doing thing #7: %s", nl_geterror (nlerr));
          g_assert_cmpstr (error->message, ==, expected);
        }
    }

  /* A NULL GError is allowed, as everywhere in GLib. */
  g_assert_false (tcgui_nl_set_error (NULL, -NLE_NODEV, "ignored"));
}

static void
test_error_dbus_names (void)
{
  g_autoptr(GError) error = g_error_new_literal (TCGUI_ERROR, TCGUI_ERROR_NOT_AUTHORIZED, "no");
  g_autofree char *name = g_dbus_error_encode_gerror (error);

  g_assert_cmpstr (name, ==, "io.github.tcgui.Error.NotAuthorized");
  g_assert_cmpstr (tcgui_error_to_dbus_name (TCGUI_ERROR_INVALID_ARGUMENT), ==,
                   "io.github.tcgui.Error.InvalidArgument");
  g_assert_cmpstr (tcgui_error_to_dbus_name (TCGUI_ERROR_NO_SUCH_NAMESPACE), ==,
                   "io.github.tcgui.Error.NoSuchNamespace");
}

static void
test_action_for_method (void)
{
  static const struct {
    const char *method;
    const char *action;
  } cases[] = {
    { "GetCapabilities", "io.github.tcgui.inspect" },
    { "GetShaping", "io.github.tcgui.inspect" },
    { "ListNamespaces", "io.github.tcgui.inspect" },
    { "ListLinks", "io.github.tcgui.inspect" },
    { "SetShaping", "io.github.tcgui.shape" },
    { "ClearShaping", "io.github.tcgui.shape" },
    { "ResetAll", "io.github.tcgui.shape" },
    /* Rules (issue 11): listing reads, the rest changes. */
    { "ListRules", "io.github.tcgui.inspect" },
    { "SetRule", "io.github.tcgui.shape" },
    { "DeleteRule", "io.github.tcgui.shape" },
    /* Watching counters only reads (tcgui-service-watch.c). */
    { "Watch", "io.github.tcgui.inspect" },
    { "Unwatch", "io.github.tcgui.inspect" },
    /* Unknown and odd names fall to the stricter action. */
    { "Watcher", "io.github.tcgui.shape" },
    { "watch", "io.github.tcgui.shape" },
    { "Get", "io.github.tcgui.shape" },
    { "List", "io.github.tcgui.shape" },
    { "Getaway", "io.github.tcgui.shape" },
    { "Listen", "io.github.tcgui.shape" },
    { "getCapabilities", "io.github.tcgui.shape" },
    { "Frobnicate", "io.github.tcgui.shape" },
    { "", "io.github.tcgui.shape" },
    { NULL, "io.github.tcgui.shape" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (tcgui_action_for_method (cases[i].method), ==, cases[i].action);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/helper/ns-ref/valid", test_ns_ref_valid);
  g_test_add_func ("/helper/ns-ref/invalid", test_ns_ref_invalid);
  g_test_add_func ("/helper/ifname/check", test_ifname_check);
  g_test_add_func ("/helper/nl/set-error", test_nl_set_error);
  g_test_add_func ("/helper/error/dbus-names", test_error_dbus_names);
  g_test_add_func ("/helper/service/action-for-method", test_action_for_method);

  return g_test_run ();
}
