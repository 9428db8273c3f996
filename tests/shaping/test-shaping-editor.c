/* test-shaping-editor.c - the editor's controls map one to one to the
 * shared parameter model (what the app sends as SetShaping's a{sv})
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb (gui-session). Without a helper: every parameter set is
 * shown in the controls and read back; the a{sv} built from what the
 * controls say must equal the one built from the set.
 */

#include "config.h"

#include <adwaita.h>

#include "tcgui-presets.h"
#include "tcgui-shaping-editor.h"

static GtkWidget *
new_editor (GtkWidget **window)
{
  static TcguiHelperClient *client;
  GtkWidget *editor;

  /* No helper here: its calls fail and the editor says so in the log. */
  if (client == NULL)
    client = tcgui_helper_client_new ();
  editor = tcgui_shaping_editor_new (client, "netns:tcgui-test-none", "veth-x");
  *window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (*window), editor);
  gtk_window_present (GTK_WINDOW (*window));
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  return editor;
}

static void
assert_round_trip (TcguiShapingEditor *editor,
                   const char         *direction,
                   const TcguiParams  *wanted)
{
  g_autoptr(GVariant) a = g_variant_ref_sink (tcgui_params_to_variant (wanted));
  g_autoptr(GVariant) b = NULL;
  g_autofree char *text = g_variant_print (a, TRUE);
  TcguiParams shown;

  g_test_message ("%s: %s", direction, text);
  tcgui_shaping_editor_show_params (editor, direction, wanted);
  tcgui_shaping_editor_get_params (editor, direction, &shown);
  b = g_variant_ref_sink (tcgui_params_to_variant (&shown));
  g_assert_true (tcgui_params_validate (&shown, NULL));
  g_assert_true (tcgui_params_equal (wanted, &shown));
  g_assert_true (g_variant_equal (a, b));
}

/* Every field of netem and tbf, in both directions. */
static void
test_all_fields (void)
{
  GtkWidget *window;
  GtkWidget *editor = new_editor (&window);
  TcguiParams p;

  tcgui_params_init (&p);
  p.delay_us = 25000, p.jitter_us = 5000, p.delay_correlation = 25;
  p.distribution = TCGUI_DIST_NORMAL;
  p.loss = 2.5, p.loss_correlation = 30;
  p.duplicate = 1, p.duplicate_correlation = 10;
  p.reorder = 5, p.reorder_correlation = 50, p.reorder_gap = 5;
  p.corrupt = 0.5, p.corrupt_correlation = 5;
  p.rate_bps = 1500000, p.burst_bytes = 20000, p.limit_packets = 500;
  assert_round_trip (TCGUI_SHAPING_EDITOR (editor), "outgoing", &p);
  assert_round_trip (TCGUI_SHAPING_EDITOR (editor), "incoming", &p);

  /* Gilbert-Elliott instead of random loss. */
  tcgui_params_init (&p);
  p.delay_us = 100000, p.distribution = TCGUI_DIST_NONE;
  p.loss_model = TCGUI_LOSS_GEMODEL;
  p.gemodel_p = 1, p.gemodel_r = 30, p.gemodel_1_h = 90, p.gemodel_1_k = 0.5;
  assert_round_trip (TCGUI_SHAPING_EDITOR (editor), "outgoing", &p);

  /* Back to nothing: every row switched off. */
  tcgui_params_init (&p);
  assert_round_trip (TCGUI_SHAPING_EDITOR (editor), "outgoing", &p);
  assert_round_trip (TCGUI_SHAPING_EDITOR (editor), "incoming", &p);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The controls reach what the model allows (the UI once stopped the delay
 * at 5 s while the helper takes 60 s): the ranges are TCGUI_PARAMS_*. */
static void
test_model_ranges (void)
{
  GtkWidget *window;
  GtkWidget *editor = new_editor (&window);
  TcguiParams p;

  tcgui_params_init (&p);
  p.delay_us = TCGUI_PARAMS_MAX_DELAY_US;
  p.jitter_us = 2147000;
  p.rate_bps = TCGUI_PARAMS_MAX_RATE_BPS;
  p.burst_bytes = TCGUI_PARAMS_MAX_BURST_BYTES;
  p.limit_packets = TCGUI_PARAMS_MAX_LIMIT;
  assert_round_trip (TCGUI_SHAPING_EDITOR (editor), "outgoing", &p);

  /* The smallest rate, and a rate in kbit of 1024 bits (Firefox's). */
  tcgui_params_init (&p);
  p.rate_bps = TCGUI_PARAMS_MIN_RATE_BPS;
  assert_round_trip (TCGUI_SHAPING_EDITOR (editor), "incoming", &p);
  p.rate_bps = 20 * 1024;
  assert_round_trip (TCGUI_SHAPING_EDITOR (editor), "incoming", &p);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The presets as the menu applies them. */
static void
test_presets (void)
{
  GtkWidget *window;
  GtkWidget *editor = new_editor (&window);
  guint n = 0;
  const TcguiPreset *all = tcgui_presets_get_all (&n);

  for (guint i = 0; i < n; i++)
    {
      TcguiParams out, in;

      tcgui_preset_to_params (&all[i], &out, &in);
      assert_round_trip (TCGUI_SHAPING_EDITOR (editor), "outgoing", &out);
      assert_round_trip (TCGUI_SHAPING_EDITOR (editor), "incoming", &in);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (!gtk_init_check ())
    {
      g_print ("SKIP: no display (run under gui-session)\n");
      return 77;
    }
  adw_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shaping-editor/all-fields", test_all_fields);
  g_test_add_func ("/shaping-editor/presets", test_presets);
  g_test_add_func ("/shaping-editor/model-ranges", test_model_ranges);

  return g_test_run ();
}
