/* tcgui-shaping-test-hook.c - lets tests/ui drive the shaping editor
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only active with TCGUI_TEST_DUMP (see tcgui-test-hook.c) and:
 *   TCGUI_TEST_SHAPE=IFNAME        once the links page settles, open
 *                                  IFNAME's editor (as activating its row
 *                                  does); when it has read the kernel the
 *                                  window settles as "shaping"
 *   TCGUI_TEST_SHAPE_WAIT=FILE     then wait until FILE exists
 *   TCGUI_TEST_SHAPE_STEPS=S[,S..] then do these, 20 ms apart (a drag):
 *                                  DIR.CONTROL=VALUE types VALUE into a
 *                                  spin button ("outgoing.rate=2000"; 0
 *                                  switches it off), "preset=ID", "clear",
 *                                  "replace=DIR" (the dialog settles as
 *                                  "dialog"; TCGUI_TEST_SHAPE_CONFIRM=1
 *                                  answers "Replace"); the links page's
 *                                  "all-preset=ID" and "all-clear" (for
 *                                  all interfaces; its editors re-read,
 *                                  which settles them), "refresh" (F5),
 *                                  "back" (to the interfaces),
 *                                  "action=NAME" (activate an action
 *                                  without parameter, e.g.
 *                                  "win.save-profile"),
 *                                  "settle=NAME" (dump the editor and the
 *                                  page's view, settle the window as NAME)
 *   TCGUI_TEST_SHAPE_DIALOG_SHOT=FILE  save the dialog as PNG
 * When the editor settles after the steps, the dump gets "shaping-*" lines
 * (outcome, latency, what the controls say) and the window settles as the
 * outcome: "applied", "cleared", "failed" or "vanished".
 */

#define G_LOG_DOMAIN "tcgui-test-hook"

#include "config.h"

#include <stdio.h>

#include "tcgui-direction.h"
#include "tcgui-links-page.h"
#include "tcgui-shaping-editor.h"
#include "tcgui-shaping-test-hook.h"
#include "tcgui-test-hook.h"

#define STEP_MSEC 20

typedef struct
{
  TcguiWindow        *window;
  TcguiShapingEditor *editor;
  char              **steps;
  guint               next_step;
  gboolean            opened;
  gboolean            loaded;
  gboolean            stepping;
} Hook;

static void
settle (Hook       *hook,
        const char *what)
{
  g_signal_emit_by_name (hook->window, "settled", what);
}

static void
dump_editor (Hook       *hook,
             const char *outcome)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_string_append_printf (out, "shaping-outcome: %s\n", outcome);
  g_string_append_printf (out, "shaping-latency-ms: %.1f\n",
                          tcgui_shaping_editor_get_last_latency_ms (hook->editor));
  /* Busy: a call is in flight, the latency above is the previous change's. */
  g_string_append_printf (out, "shaping-busy: %d\n", tcgui_shaping_editor_get_busy (hook->editor));
  g_string_append_printf (out, "shaping-vanished: %d\n",
                          tcgui_shaping_editor_get_vanished (hook->editor));
  g_string_append_printf (out, "shaping-sensitive: %d\n",
                          gtk_widget_is_sensitive (GTK_WIDGET (hook->editor)) &&
                          !tcgui_shaping_editor_get_vanished (hook->editor));
  for (guint i = 0; i < TCGUI_N_DIRECTIONS; i++)
    {
      const char *dir = tcgui_direction_to_string (tcgui_directions[i]);
      TcguiParams params;
      g_autoptr(GVariant) v = NULL;
      g_autofree char *text = NULL;

      tcgui_shaping_editor_get_params (hook->editor, dir, &params);
      v = g_variant_ref_sink (tcgui_params_to_variant (&params));
      text = g_variant_print (v, TRUE);
      g_string_append_printf (out, "shaping-%s: %s\n", dir, text);
    }
  tcgui_test_hook_append_to_dump (out->str);
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_mapped (w))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

static void
confirm_cb (gpointer data)
{
  AdwMessageDialog *dialog = find_dialog ();

  if (dialog == NULL)
    return;
  adw_message_dialog_response (dialog, "replace");
  gtk_window_close (GTK_WINDOW (dialog));
}

/* The dialog maps a moment after it is presented. */
static gboolean
dialog_shown_cb (gpointer data)
{
  Hook *hook = data;
  AdwMessageDialog *dialog = find_dialog ();
  const char *shot = g_getenv ("TCGUI_TEST_SHAPE_DIALOG_SHOT");

  if (dialog == NULL)
    {
      tcgui_test_hook_append_to_dump ("shaping-dialog: none\n");
      settle (hook, "no-dialog");
      return G_SOURCE_REMOVE;
    }
  if (shot != NULL && !tcgui_test_hook_save_png (GTK_WIDGET (dialog), shot))
    g_warning ("Cannot save the screenshot %s", shot);
  settle (hook, "dialog");
  /* After the dump of "dialog" was written. */
  if (g_strcmp0 (g_getenv ("TCGUI_TEST_SHAPE_CONFIRM"), "1") == 0)
    g_timeout_add_once (800, confirm_cb, NULL);
  return G_SOURCE_REMOVE;
}

/* A snapshot between steps: the editor, the page's view, the window. */
static gboolean
settle_step (Hook       *hook,
             const char *name)
{
  TcguiLinksPage *page = g_object_get_data (G_OBJECT (hook->window), "tcgui-test-links-page");
  g_autofree char *line = g_strdup_printf ("shaping-view: %s\n",
                                           page ? tcgui_links_page_get_view (page) : "none");

  tcgui_test_hook_append_to_dump (line);
  dump_editor (hook, name);
  settle (hook, name);
  return TRUE;
}

static gboolean
do_step (Hook       *hook,
         const char *step)
{
  g_auto(GStrv) kv = g_strsplit (step, "=", 2);
  g_auto(GStrv) dc = NULL;
  GtkWidget *editor = GTK_WIDGET (hook->editor);

  if (g_strcmp0 (kv[0], "clear") == 0)
    return gtk_widget_activate_action (editor, "shaping.clear", NULL);
  if (g_strcmp0 (kv[0], "all-clear") == 0)
    return gtk_widget_activate_action (editor, "links.clear-all", NULL);
  if (g_strcmp0 (kv[0], "refresh") == 0)
    return gtk_widget_activate_action (editor, "win.refresh", NULL);
  if (g_strcmp0 (kv[0], "back") == 0)
    return gtk_widget_activate_action (editor, "links.show-list", NULL);
  if (kv[1] == NULL)
    return FALSE;
  if (g_strcmp0 (kv[0], "settle") == 0)
    return settle_step (hook, kv[1]);
  if (g_strcmp0 (kv[0], "action") == 0)
    return gtk_widget_activate_action (editor, kv[1], NULL);
  if (g_strcmp0 (kv[0], "all-preset") == 0)
    return gtk_widget_activate_action (editor, "links.preset-all", "s", kv[1]);
  if (g_strcmp0 (kv[0], "preset") == 0)
    return gtk_widget_activate_action (editor, "shaping.preset", "s", kv[1]);
  if (g_strcmp0 (kv[0], "replace") == 0)
    {
      g_timeout_add (500, dialog_shown_cb, hook);
      return gtk_widget_activate_action (editor, "shaping.replace", "s", kv[1]);
    }
  dc = g_strsplit (kv[0], ".", 2);
  return dc[1] != NULL &&
         tcgui_shaping_editor_set_control (hook->editor, dc[0], dc[1],
                                           g_ascii_strtod (kv[1], NULL));
}

static void
next_step (Hook *hook)
{
  const char *step = hook->steps[hook->next_step];
  g_autofree char *line = NULL;
  guint delay = STEP_MSEC;

  if (step == NULL)
    return;
  hook->next_step++;
  line = g_strdup_printf ("shaping-step: %s\n", step);
  tcgui_test_hook_append_to_dump (line);
  /* "wait=MSEC" lets a dialog or the kernel catch up. */
  if (g_str_has_prefix (step, "wait="))
    delay = (guint) g_ascii_strtoull (step + 5, NULL, 10);
  else if (!do_step (hook, step))
    g_warning ("Test step “%s” failed", step);
  if (hook->steps[hook->next_step] != NULL)
    g_timeout_add_once (delay, (GSourceOnceFunc) next_step, hook);
}

static gboolean
start_steps_cb (gpointer data)
{
  Hook *hook = data;
  const char *wait = g_getenv ("TCGUI_TEST_SHAPE_WAIT");
  const char *steps = g_getenv ("TCGUI_TEST_SHAPE_STEPS");

  /* The test changes the world (e.g. deletes the namespace) meanwhile. */
  if (wait != NULL && !g_file_test (wait, G_FILE_TEST_EXISTS))
    return G_SOURCE_CONTINUE;
  if (steps == NULL)
    return G_SOURCE_REMOVE;
  hook->steps = g_strsplit (steps, ",", -1);
  hook->stepping = TRUE;
  g_timeout_add_once (STEP_MSEC, (GSourceOnceFunc) next_step, hook);
  return G_SOURCE_REMOVE;
}

static void
editor_settled_cb (TcguiShapingEditor *editor,
                   const char         *outcome,
                   Hook               *hook)
{
  if (!hook->stepping)
    {
      if (g_strcmp0 (outcome, "loaded") != 0 || hook->loaded)
        return;
      hook->loaded = TRUE;
      dump_editor (hook, outcome);
      settle (hook, "shaping");
      /* After the "shaping" dump: the page as read from the kernel. */
      g_timeout_add (600, start_steps_cb, hook);
      return;
    }
  /* A step sequence ends when its last step was taken. */
  if (hook->steps[hook->next_step] != NULL)
    return;
  dump_editor (hook, outcome);
  settle (hook, outcome);
}

static gboolean
page_matches (TcguiLinksPage *page)
{
  const char *wanted = g_getenv ("TCGUI_TEST_SELECT");
  TcguiNamespace *ns = tcgui_links_page_get_namespace (page);

  /* A container is selected by its key ("container:docker:ID"). */
  return ns != NULL && (wanted == NULL || g_strcmp0 (tcgui_namespace_get_id (ns), wanted) == 0 ||
                        g_strcmp0 (tcgui_namespace_get_key (ns), wanted) == 0);
}

static void
window_settled_cb (TcguiWindow *window,
                   const char  *what,
                   Hook        *hook)
{
  TcguiLinksPage *page = g_object_get_data (G_OBJECT (window), "tcgui-test-links-page");
  GtkWidget *editor;

  if (hook->opened || g_strcmp0 (what, "links") != 0 || page == NULL || !page_matches (page))
    return;
  editor = tcgui_links_page_show_shaping (page, g_getenv ("TCGUI_TEST_SHAPE"));
  if (editor == NULL)
    return;
  hook->opened = TRUE;
  hook->editor = TCGUI_SHAPING_EDITOR (editor);
  g_signal_connect (editor, "settled", G_CALLBACK (editor_settled_cb), hook);
}

static void
hook_free (gpointer data,
           GClosure *closure)
{
  Hook *hook = data;

  g_strfreev (hook->steps);
  g_free (hook);
}

void
tcgui_shaping_test_hook_attach (TcguiWindow *window)
{
  Hook *hook;

  if (g_getenv ("TCGUI_TEST_DUMP") == NULL || g_getenv ("TCGUI_TEST_SHAPE") == NULL)
    return;

  /* Freed with the window; its timeouts end before the window does. */
  hook = g_new0 (Hook, 1);
  hook->window = window;
  g_signal_connect_data (window, "settled", G_CALLBACK (window_settled_cb), hook,
                         hook_free, 0);
}
