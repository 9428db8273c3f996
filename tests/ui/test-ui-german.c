/* test-ui-german.c - the app in German, and a German error from the helper
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by ui-inprocess.sh (the real helper on a private bus with a real
 * polkitd, Xvfb, a namespace NS with veth-a/veth-b). The real app with
 * LANGUAGE=de and the catalog built from po/de.po: the page shows German
 * labels ("Ausgehend", "Kernel jetzt: …", "Ratenbegrenzung"); a burst
 * larger than the kernel keeps at the rate typed is refused by the real
 * helper (InvalidArgument, "“burst-bytes” must be at most …") and the
 * page says so in German, naming the control, not the wire key. Then NS
 * goes (ip netns del) as the user turns the rate off: the helper's
 * NoSuchNamespace reads as a German sentence around the helper's detail.
 */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>

#include "tcgui-ui-shaping.h"

typedef struct { GtkWidget *window, *group; } Lookup;

static gboolean
outgoing_shown (gpointer data)
{
  Lookup *l = data;
  GtkWidget *title = tcgui_ui_find (l->window, GTK_TYPE_LABEL, "Ausgehend");

  l->group = title != NULL ? gtk_widget_get_ancestor (title, ADW_TYPE_PREFERENCES_GROUP) : NULL;
  return l->group != NULL;
}

/* As test-ui-shaping-vanish: the pointer on the switch, then the
 * namespace goes and the click comes at once (the page's own reads of the
 * counters would otherwise find it gone first). */
static void
german_other_error (GtkWidget *window,
                    GtkWidget *sw)
{
  g_autofree char *del_click = g_strdup_printf ("sh -c 'ip netns del %s && xdotool click 1'",
                                                tcgui_ui_ns);
  GtkWidget *error;

  tcgui_ui_scroll_to (sw);
  tcgui_ui_focus_window (window);
  tcgui_ui_point_at (sw);
  g_assert_true (tcgui_ui_run_ok (del_click));
  error = tcgui_ui_wait_text ("veth-a: Den Netzwerk-Namensraum gibt es nicht (mehr): ");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error)), tcgui_ui_ns));
}

static void
german_body (GtkWindow *window,
             gpointer   data)
{
  Lookup l = { GTK_WIDGET (window), NULL };
  GtkWidget *rate, *burst, *error;

  tcgui_ui_open_namespace (l.window);
  tcgui_ui_click_row (l.window, "veth-a", outgoing_shown, &l);
  tcgui_ui_wait_label_prefix (l.group, "Kernel jetzt:");
  tcgui_ui_group (l.window, "Eingehend");

  /* 8 kbit/s keeps at most 274.9 s of it, 274 900 bytes, as a burst. */
  rate = tcgui_ui_switch_on (l.group, "Ratenbegrenzung");
  tcgui_ui_type_into (tcgui_ui_row_field (rate), "8");
  tcgui_ui_wait_kernel_rate ("veth-a", 8);
  burst = tcgui_ui_row (l.group, "Burst (0: automatisch)");
  tcgui_ui_type_into (tcgui_ui_row_field (burst), "1000000");

  error = tcgui_ui_wait_text ("veth-a: „Burst“ ist zu groß für diese Ratenbegrenzung: "
                              "höchstens ");
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (error)), "burst-bytes"));
  g_assert_true (tcgui_ui_save_png (l.window, "german-error.png"));
  g_assert_cmpuint (tcgui_ui_kernel_rate_kbps (tcgui_ui_ns, "veth-a"), ==, 8);
  german_other_error (l.window, tcgui_ui_row_switch (rate));
}

static void
test_german (void)
{
  tcgui_ui_set_window_size (1100, 900);
  g_assert_cmpint (tcgui_ui_app_run (german_body, NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  const char *builddir = g_getenv ("TCGUI_BUILDDIR");
  g_autofree char *podir = g_build_filename (builddir != NULL ? builddir : ".", "po", NULL);
  int rc;

  /* gtk_init () calls setlocale (LC_ALL, ""): LANGUAGE needs a locale other
   * than "C" to count, and C.UTF-8 is on every Debian. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "de", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, podir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  if ((rc = tcgui_ui_shaping_init (&argc, &argv)) != 0)
    return rc;
  g_test_add_func ("/i18n/german", test_german);
  return g_test_run ();
}
