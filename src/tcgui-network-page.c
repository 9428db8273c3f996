/* tcgui-network-page.c - a network's page: the latency matrix of its containers
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shown when a network's heading in the sidebar is selected. Rows and
 * columns are the network's running containers; a cell is the link from
 * its row to its column, edited in a popover (delay, loss, rate,
 * partition, a preset). With "Symmetric" on, a change of A → B is made to
 * B → A too. Cells are coloured by delay (a heat map from the theme's
 * colours, so the dark style works). Nothing reaches the kernel until
 * "Apply Matrix" (tcgui-matrix.c: one batch or a call per row, with
 * progress); a row that failed marks its cells with the helper's message.
 */

#define G_LOG_DOMAIN "tcgui-network-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "tcgui-matrix.h"
#include "tcgui-network-page.h"
#include "tcgui-presets.h"
#include "tcgui-shaping-client.h"

struct _TcguiNetworkPage
{
  AdwBin             parent_instance;

  TcguiHelperClient *client;
  TcguiMatrix       *matrix;
  GCancellable      *cancellable;
  gboolean           batch;          /* the helper has SetShapingBatch */
  gboolean           netem;
  gboolean           applying;
  gboolean           clearing;       /* what is applying: Clear Matrix */
  guint              generation;     /* a new matrix: old read-backs are moot */

  GtkLabel          *title;
  GtkStack          *stack;
  GtkGrid           *grid;
  GtkSwitch         *symmetric;
  GtkWidget         *apply_button;
  GtkWidget         *clear_button;
  GtkProgressBar    *progress;
  GtkLabel          *status;
};

G_DEFINE_FINAL_TYPE (TcguiNetworkPage, tcgui_network_page, ADW_TYPE_BIN)

static const char *heat_classes[] = { "heat-0", "heat-1", "heat-2", "heat-3", "heat-4",
                                      "heat-partition" };

static void rebuild_grid (TcguiNetworkPage *self);

/* The heat map ------------------------------------------------------------- */

/* 0 shaped without delay; 1 < 10 ms; 2 < 50 ms; 3 < 150 ms; 4 beyond. */
static const char *
heat_class (const TcguiMatrixCell *cell)
{
  if (cell->partition)
    return "heat-partition";
  if (cell->delay_us == 0)
    return tcgui_matrix_cell_is_empty (cell) ? NULL : "heat-0";
  if (cell->delay_us < 10000)
    return "heat-1";
  if (cell->delay_us < 50000)
    return "heat-2";
  if (cell->delay_us < 150000)
    return "heat-3";
  return "heat-4";
}

static GtkWidget *
cell_button (TcguiNetworkPage *self,
             guint             from,
             guint             to)
{
  return gtk_grid_get_child_at (self->grid, to + 1, from + 1);
}

static void
show_cell (TcguiNetworkPage *self,
           guint             from,
           guint             to)
{
  TcguiMatrixCell *cell = tcgui_matrix_cell (self->matrix, from, to);
  TcguiMatrixMember *row = self->matrix->members->pdata[from];
  TcguiMatrixMember *column = self->matrix->members->pdata[to];
  GtkWidget *button = cell_button (self, from, to);
  g_autofree char *text = tcgui_matrix_cell_describe (cell);
  g_autofree char *a11y = NULL;
  const char *heat = heat_class (cell);

  gtk_menu_button_set_label (GTK_MENU_BUTTON (button), text);
  for (guint i = 0; i < G_N_ELEMENTS (heat_classes); i++)
    gtk_widget_remove_css_class (button, heat_classes[i]);
  if (heat != NULL)
    gtk_widget_add_css_class (button, heat);
  /* A row that failed: its shaped cells say why. */
  if (row->error != NULL && !tcgui_matrix_cell_is_empty (cell))
    gtk_widget_add_css_class (button, "error");
  else
    gtk_widget_remove_css_class (button, "error");
  gtk_widget_set_tooltip_text (button, row->error != NULL && !tcgui_matrix_cell_is_empty (cell)
                                       ? row->error : NULL);
  /* Translators: a matrix cell for screen readers: from, to, what it does */
  a11y = g_strdup_printf (_("From %s to %s: %s"), row->name, column->name, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  a11y, -1);
}

static void
show_all_cells (TcguiNetworkPage *self)
{
  guint n = tcgui_matrix_size (self->matrix);

  for (guint from = 0; from < n; from++)
    for (guint to = 0; to < n; to++)
      if (from != to)
        show_cell (self, from, to);
}

/* The cell editor --------------------------------------------------------- */

typedef struct
{
  TcguiNetworkPage *self;
  guint             from, to;
  GtkSpinButton    *delay, *loss, *rate;
  GtkSwitch        *partition;
  gboolean          updating;
} Editor;

/* The cell, and with Symmetric on its mirror, as the editor says. */
static void
editor_changed_cb (Editor *e)
{
  TcguiNetworkPage *self = e->self;
  TcguiMatrixCell *cell;

  if (e->updating || self->matrix == NULL)
    return;
  cell = tcgui_matrix_cell (self->matrix, e->from, e->to);
  cell->delay_us = (guint32) (gtk_spin_button_get_value (e->delay) * 1000);
  cell->loss = gtk_spin_button_get_value (e->loss);
  cell->rate_bps = (guint64) (gtk_spin_button_get_value (e->rate) * 1000000);
  cell->partition = gtk_switch_get_active (e->partition);
  show_cell (self, e->from, e->to);
  if (gtk_switch_get_active (self->symmetric))
    {
      *tcgui_matrix_cell (self->matrix, e->to, e->from) = *cell;
      show_cell (self, e->to, e->from);
    }
}

static GtkSpinButton *
editor_spin (Editor     *e,
             GtkGrid    *grid,
             int         y,
             const char *title,
             double      max,
             double      step,
             guint       digits,
             double      value)
{
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *spin = gtk_spin_button_new_with_range (0, max, step);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  label, NULL, -1);
  gtk_grid_attach (grid, label, 0, y, 1, 1);
  gtk_grid_attach (grid, spin, 1, y, 1, 1);
  g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (editor_changed_cb), e);
  return GTK_SPIN_BUTTON (spin);
}

static GtkWidget *
editor_presets (Editor *e)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  guint n_presets;
  const TcguiPreset *presets = tcgui_presets_get_all (&n_presets);
  GtkWidget *button = gtk_menu_button_new ();

  for (guint i = 0; i < n_presets; i++)
    {
      g_autofree char *target = g_strdup_printf ("%u:%u:%s", e->from, e->to, presets[i].id);
      g_autoptr(GMenuItem) item = g_menu_item_new (_(presets[i].name), NULL);

      g_menu_item_set_action_and_target (item, "matrix.cell-preset", "s", target);
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_label (GTK_MENU_BUTTON (button), _("Preset"));
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  return button;
}

static GtkWidget *
build_editor (Editor *e)
{
  TcguiMatrixCell *cell = tcgui_matrix_cell (e->self->matrix, e->from, e->to);
  TcguiMatrixMember *row = e->self->matrix->members->pdata[e->from];
  TcguiMatrixMember *column = e->self->matrix->members->pdata[e->to];
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());
  GtkWidget *heading, *label;
  g_autofree char *title = g_strdup_printf ("%s → %s", row->name, column->name);

  gtk_grid_set_row_spacing (grid, 6);
  gtk_grid_set_column_spacing (grid, 12);
  heading = gtk_label_new (title);
  gtk_widget_add_css_class (heading, "heading");
  gtk_grid_attach (grid, heading, 0, 0, 2, 1);
  e->delay = editor_spin (e, grid, 1, _("Delay (ms)"), 60000, 1, 1, cell->delay_us / 1000.0);
  e->loss = editor_spin (e, grid, 2, _("Loss (%)"), 100, 0.1, 2, cell->loss);
  e->rate = editor_spin (e, grid, 3, _("Rate (Mbit/s, 0: any)"), 1000000, 0.1, 3,
                         cell->rate_bps / 1e6);
  gtk_widget_set_sensitive (GTK_WIDGET (e->delay), e->self->netem);
  gtk_widget_set_sensitive (GTK_WIDGET (e->loss), e->self->netem);
  label = gtk_label_new (_("Partition (drop all)"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  e->partition = GTK_SWITCH (gtk_switch_new ());
  gtk_switch_set_active (e->partition, cell->partition);
  gtk_widget_set_halign (GTK_WIDGET (e->partition), GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (e->partition), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Partition (drop all)"), -1);
  g_signal_connect_swapped (e->partition, "notify::active", G_CALLBACK (editor_changed_cb), e);
  gtk_grid_attach (grid, label, 0, 4, 1, 1);
  gtk_grid_attach (grid, GTK_WIDGET (e->partition), 1, 4, 1, 1);
  gtk_grid_attach (grid, editor_presets (e), 0, 5, 2, 1);
  return GTK_WIDGET (grid);
}

/* Opened again: the cell as it is now (a preset, the mirror's change). */
static void
editor_show_cb (Editor *e)
{
  TcguiMatrixCell *cell;

  if (e->self->matrix == NULL)
    return;
  cell = tcgui_matrix_cell (e->self->matrix, e->from, e->to);
  e->updating = TRUE;
  gtk_spin_button_set_value (e->delay, cell->delay_us / 1000.0);
  gtk_spin_button_set_value (e->loss, cell->loss);
  gtk_spin_button_set_value (e->rate, cell->rate_bps / 1e6);
  gtk_switch_set_active (e->partition, cell->partition);
  e->updating = FALSE;
}

/* Built when first opened, for the matrix of then (a new one rebuilds
 * the grid and its cells). */
static void
create_popup_cb (GtkMenuButton *button,
                 gpointer       user_data)
{
  TcguiNetworkPage *self = user_data;
  GtkWidget *popover = gtk_popover_new ();
  Editor *e = g_new0 (Editor, 1);
  int column, row;

  gtk_grid_query_child (self->grid, GTK_WIDGET (button), &column, &row, NULL, NULL);
  e->self = self;
  e->from = row - 1;
  e->to = column - 1;
  gtk_popover_set_child (GTK_POPOVER (popover), build_editor (e));
  g_object_set_data_full (G_OBJECT (popover), "tcgui-editor", e, g_free);
  g_signal_connect_swapped (popover, "show", G_CALLBACK (editor_show_cb), e);
  gtk_menu_button_set_popover (button, popover);
}

/* Presets ------------------------------------------------------------------ */

/* A preset is a link's two ends: its outgoing side from → to, its
 * incoming side to → from (with Symmetric on). */
static void
set_preset (TcguiNetworkPage  *self,
            guint              from,
            guint              to,
            const TcguiPreset *preset)
{
  TcguiParams out, in;
  TcguiMatrixCell *cell = tcgui_matrix_cell (self->matrix, from, to);

  tcgui_preset_to_params (preset, &out, &in);
  *cell = (TcguiMatrixCell) { out.delay_us, out.loss, out.rate_bps, FALSE };
  show_cell (self, from, to);
  if (gtk_switch_get_active (self->symmetric))
    {
      *tcgui_matrix_cell (self->matrix, to, from) =
        (TcguiMatrixCell) { in.delay_us, in.loss, in.rate_bps, FALSE };
      show_cell (self, to, from);
    }
}

static void
cell_preset_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TcguiNetworkPage *self = TCGUI_NETWORK_PAGE (widget);
  g_auto(GStrv) parts = g_strsplit (g_variant_get_string (parameter, NULL), ":", 3);
  const TcguiPreset *preset = g_strv_length (parts) == 3 ? tcgui_presets_find (parts[2]) : NULL;
  guint n = self->matrix != NULL ? tcgui_matrix_size (self->matrix) : 0;
  guint64 from, to;

  if (preset == NULL || !g_ascii_string_to_unsigned (parts[0], 10, 0, n - 1, &from, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 0, n - 1, &to, NULL) || from == to)
    return;
  set_preset (self, from, to, preset);
}

static void
row_preset_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TcguiNetworkPage *self = TCGUI_NETWORK_PAGE (widget);
  g_auto(GStrv) parts = g_strsplit (g_variant_get_string (parameter, NULL), ":", 2);
  const TcguiPreset *preset = g_strv_length (parts) == 2 ? tcgui_presets_find (parts[1]) : NULL;
  guint n = self->matrix != NULL ? tcgui_matrix_size (self->matrix) : 0;
  guint64 from;

  if (preset == NULL || !g_ascii_string_to_unsigned (parts[0], 10, 0, n - 1, &from, NULL))
    return;
  for (guint to = 0; to < n; to++)
    if (to != from)
      set_preset (self, from, to, preset);
}

/* Building the grid ------------------------------------------------------- */

static GtkWidget *
row_header (TcguiNetworkPage *self,
            guint             from)
{
  TcguiMatrixMember *m = self->matrix->members->pdata[from];
  g_autoptr(GMenu) menu = g_menu_new (), section = g_menu_new ();
  g_autofree char *heading = NULL;
  guint n_presets;
  const TcguiPreset *presets = tcgui_presets_get_all (&n_presets);
  GtkWidget *button = gtk_menu_button_new ();

  for (guint i = 0; i < n_presets; i++)
    {
      g_autofree char *target = g_strdup_printf ("%u:%s", from, presets[i].id);
      g_autoptr(GMenuItem) item = g_menu_item_new (_(presets[i].name), NULL);

      g_menu_item_set_action_and_target (item, "matrix.row-preset", "s", target);
      g_menu_append_item (section, item);
    }
  /* Translators: %s is a container; the section of the row's presets menu */
  heading = g_strdup_printf (_("Every Link From %s"), m->name);
  g_menu_append_section (menu, heading, G_MENU_MODEL (section));
  gtk_menu_button_set_label (GTK_MENU_BUTTON (button), m->name);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("A preset for every link from this container"));
  return button;
}

static GtkWidget *
column_header (TcguiMatrixMember *m)
{
  GtkWidget *label = gtk_label_new (m->name);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 14);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

static GtkWidget *
new_cell (TcguiNetworkPage *self)
{
  GtkWidget *button = gtk_menu_button_new ();

  gtk_widget_add_css_class (button, "matrix-cell");
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), create_popup_cb, self, NULL);
  return button;
}

static void
rebuild_grid (TcguiNetworkPage *self)
{
  guint n = self->matrix != NULL ? tcgui_matrix_size (self->matrix) : 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  gtk_stack_set_visible_child_name (self->stack, n >= 2 ? "matrix" : "empty");
  gtk_widget_set_sensitive (self->apply_button, n >= 2 && !self->applying);
  gtk_widget_set_sensitive (self->clear_button, n >= 2 && !self->applying);
  if (n < 2)
    return;
  gtk_grid_attach (self->grid, gtk_label_new (_("From ↓ To →")), 0, 0, 1, 1);
  for (guint i = 0; i < n; i++)
    {
      gtk_grid_attach (self->grid, column_header (self->matrix->members->pdata[i]), i + 1, 0, 1, 1);
      gtk_grid_attach (self->grid, row_header (self, i), 0, i + 1, 1, 1);
      for (guint j = 0; j < n; j++)
        gtk_grid_attach (self->grid, i == j ? gtk_label_new ("·") : new_cell (self),
                         j + 1, i + 1, 1, 1);
    }
  show_all_cells (self);
}

/* Reading the kernel -------------------------------------------------------- */

typedef struct
{
  TcguiNetworkPage *self;
  guint             generation;
  guint             row;
} Read;

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autofree Read *read = user_data;
  g_autoptr(TcguiNetworkPage) self = read->self;
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GError) error = NULL;

  state = tcgui_shaping_client_get_shaping_finish (TCGUI_HELPER_CLIENT (object), result, &error);
  if (state == NULL || read->generation != self->generation || self->matrix == NULL)
    return;
  tcgui_matrix_read_row (self->matrix, read->row, state);
  show_all_cells (self);
}

/* What the rows' interfaces hold now: flows to the matrix's containers. */
static void
read_kernel (TcguiNetworkPage *self)
{
  for (guint i = 0; i < tcgui_matrix_size (self->matrix); i++)
    {
      TcguiMatrixMember *m = self->matrix->members->pdata[i];
      Read *read = g_new0 (Read, 1);

      *read = (Read) { g_object_ref (self), self->generation, i };
      tcgui_shaping_client_get_shaping_async (self->client, m->namespace_id, m->ifname,
                                              self->cancellable, read_cb, read);
    }
}

/* Applying ---------------------------------------------------------------- */

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  TcguiNetworkPage *self = user_data;

  gtk_progress_bar_set_fraction (self->progress, total > 0 ? (double) done / total : 1);
}

static void
set_applying (TcguiNetworkPage *self,
              gboolean          applying)
{
  guint n = self->matrix != NULL ? tcgui_matrix_size (self->matrix) : 0;

  self->applying = applying;
  gtk_widget_set_visible (GTK_WIDGET (self->progress), applying);
  gtk_progress_bar_set_fraction (self->progress, 0);
  gtk_widget_set_sensitive (self->apply_button, !applying && n >= 2);
  gtk_widget_set_sensitive (self->clear_button, !applying && n >= 2);
  gtk_widget_set_sensitive (GTK_WIDGET (self->grid), !applying);
}

static void
report (TcguiNetworkPage *self,
        GPtrArray        *errors,
        gboolean          clear)
{
  guint failed = 0, n = tcgui_matrix_size (self->matrix);
  g_autofree char *text = NULL;

  for (guint i = 0; i < n && i < errors->len; i++)
    {
      TcguiMatrixMember *m = self->matrix->members->pdata[i];

      g_free (m->error);
      m->error = g_strdup (errors->pdata[i]);
      failed += m->error != NULL;
      if (m->error != NULL)
        g_message ("%s (%s): %s", m->name, m->ifname, m->error);
    }
  if (failed > 0)
    /* Translators: %u of %u containers */
    text = g_strdup_printf (ngettext ("%u of %u containers failed: the marked cells say why",
                                      "%u of %u containers failed: the marked cells say why", n),
                            failed, n);
  else
    text = g_strdup (clear ? _("Cleared") : _("Applied"));
  gtk_label_set_label (self->status, text);
  if (failed > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->status), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status), "error");
}

static void
apply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TcguiNetworkPage) self = user_data;
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GError) error = NULL;
  gboolean clear = self->clearing;

  if (!tcgui_matrix_apply_finish (TCGUI_HELPER_CLIENT (object), result, &errors, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_applying (self, FALSE);
      gtk_label_set_label (self->status, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->status), "error");
      return;
    }
  set_applying (self, FALSE);
  if (self->matrix == NULL)
    return;
  if (clear)
    memset (self->matrix->cells, 0,
            sizeof (TcguiMatrixCell) * tcgui_matrix_size (self->matrix) *
            tcgui_matrix_size (self->matrix));
  report (self, errors, clear);
  show_all_cells (self);
}

static void
start_apply (TcguiNetworkPage *self,
             gboolean          clear)
{
  if (self->matrix == NULL || self->applying)
    return;
  set_applying (self, TRUE);
  self->clearing = clear;
  gtk_label_set_label (self->status, clear ? _("Clearing…") : _("Applying…"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->status), "error");
  tcgui_matrix_apply_async (self->client, self->matrix, clear, self->batch, progress_cb, self,
                            self->cancellable, apply_cb, g_object_ref (self));
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  start_apply (TCGUI_NETWORK_PAGE (widget), g_str_equal (action_name, "matrix.clear"));
}

static void
capabilities_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TcguiNetworkPage) self = user_data;
  g_autoptr(GVariant) caps = NULL;

  caps = tcgui_helper_client_get_capabilities_finish (TCGUI_HELPER_CLIENT (object), result, NULL);
  if (caps == NULL)
    return;
  self->batch = FALSE;
  self->netem = TRUE;
  g_variant_lookup (caps, "batch", "b", &self->batch);
  g_variant_lookup (caps, "netem", "b", &self->netem);
}

/* GObject ------------------------------------------------------------------ */

static void
tcgui_network_page_dispose (GObject *object)
{
  TcguiNetworkPage *self = (TcguiNetworkPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_pointer (&self->matrix, tcgui_matrix_free);
  G_OBJECT_CLASS (tcgui_network_page_parent_class)->dispose (object);
}

static void
tcgui_network_page_class_init (TcguiNetworkPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tcgui_network_page_dispose;
  gtk_widget_class_install_action (widget_class, "matrix.apply", NULL, apply_action);
  gtk_widget_class_install_action (widget_class, "matrix.clear", NULL, apply_action);
  gtk_widget_class_install_action (widget_class, "matrix.cell-preset", "s", cell_preset_action);
  gtk_widget_class_install_action (widget_class, "matrix.row-preset", "s", row_preset_action);
}

static GtkWidget *
build_actions (TcguiNetworkPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  self->apply_button = gtk_button_new_with_mnemonic (_("_Apply Matrix"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->apply_button), "matrix.apply");
  gtk_widget_add_css_class (self->apply_button, "suggested-action");
  self->clear_button = gtk_button_new_with_mnemonic (_("C_lear Matrix"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->clear_button), "matrix.clear");
  gtk_widget_add_css_class (self->clear_button, "destructive-action");
  self->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->progress), GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (GTK_WIDGET (self->progress), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->status, TRUE);
  gtk_label_set_xalign (self->status, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->status), TRUE);
  gtk_box_append (GTK_BOX (box), self->apply_button);
  gtk_box_append (GTK_BOX (box), self->clear_button);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->progress));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status));
  return box;
}

static GtkWidget *
build_header (TcguiNetworkPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (_("_Symmetric"));

  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title, 0);
  gtk_label_set_wrap (self->title, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->title), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "title-2");
  self->symmetric = GTK_SWITCH (gtk_switch_new ());
  gtk_switch_set_active (self->symmetric, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->symmetric), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->symmetric),
                               _("A change of a link from A to B is made from B to A too"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->symmetric));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->symmetric));
  return box;
}

static GtkWidget *
build_stack (TcguiNetworkPage *self)
{
  GtkWidget *empty = adw_status_page_new ();
  GtkWidget *scroll = gtk_scrolled_window_new ();

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_vhomogeneous (self->stack, FALSE);
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "network-workgroup-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("Fewer Than Two Running Containers"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("A matrix needs at least two running containers on this "
                                     "network."));
  gtk_widget_add_css_class (empty, "compact");
  gtk_stack_add_named (self->stack, empty, "empty");
  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_row_spacing (self->grid, 6);
  gtk_grid_set_column_spacing (self->grid, 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->grid), "matrix");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->grid), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Latency matrix"), -1);
  /* Wide matrices scroll sideways; the page scrolls down. */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroll), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), GTK_WIDGET (self->grid));
  gtk_stack_add_named (self->stack, scroll, "matrix");
  return GTK_WIDGET (self->stack);
}

static void
tcgui_network_page_init (TcguiNetworkPage *self)
{
  GtkWidget *scroll = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *text = gtk_label_new (_("Each cell is the link from its row’s container to its "
                                     "column’s: what the row’s container sends there is delayed, "
                                     "lost, limited or dropped. Nothing changes until you apply "
                                     "the matrix."));

  self->cancellable = g_cancellable_new ();
  self->netem = TRUE;
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_widget_add_css_class (text, "dim-label");
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), build_header (self));
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), build_stack (self));
  gtk_box_append (GTK_BOX (box), build_actions (self));
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 1000);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), clamp);
  adw_bin_set_child (ADW_BIN (self), scroll);
}

/* Public API ------------------------------------------------------------------ */

GtkWidget *
tcgui_network_page_new (void)
{
  return g_object_new (TCGUI_TYPE_NETWORK_PAGE, NULL);
}

/**
 * tcgui_network_page_load:
 *
 * Shows the matrix of the network's running containers (the inventory's
 * now) with what their interfaces hold, every error forgotten.
 */
void
tcgui_network_page_load (TcguiNetworkPage  *self,
                         TcguiHelperClient *client,
                         TcguiInventory    *inventory,
                         const char        *network_key)
{
  g_return_if_fail (TCGUI_IS_NETWORK_PAGE (self));

  /* A load while applying: the apply ends, its result is not shown. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_applying (self, FALSE);
  g_set_object (&self->client, client);
  g_clear_pointer (&self->matrix, tcgui_matrix_free);
  self->matrix = tcgui_matrix_new_for_network (inventory, network_key);
  self->generation++;
  gtk_label_set_label (self->title, self->matrix != NULL ? self->matrix->network_name : "");
  gtk_label_set_label (self->status, "");
  rebuild_grid (self);
  if (self->matrix == NULL)
    return;
  tcgui_helper_client_get_capabilities_async (client, self->cancellable, capabilities_cb,
                                              g_object_ref (self));
  if (tcgui_matrix_size (self->matrix) >= 2)
    read_kernel (self);
}

const char *
tcgui_network_page_get_name (TcguiNetworkPage *self)
{
  g_return_val_if_fail (TCGUI_IS_NETWORK_PAGE (self), NULL);
  return self->matrix != NULL ? self->matrix->network_name : NULL;
}
