/* tcgui-links-page.c - the network interfaces of one namespace
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-links-page"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-confirm.h"
#include "tcgui-copy-command.h"
#include "tcgui-error.h"
#include "tcgui-link-graphs.h"
#include "tcgui-link-row.h"
#include "tcgui-param-errors.h"
#include "tcgui-links-page.h"
#include "tcgui-presets.h"
#include "tcgui-presets-menu.h"
#include "tcgui-shaping-batch.h"
#include "tcgui-shaping-editor.h"
#include "tcgui-target-header.h"
#include "tcgui-toast.h"

struct _TcguiLinksPage
{
  AdwBin               parent_instance;

  TcguiNamespace      *ns;
  GListModel          *links;
  GCancellable        *cancellable;
  TcguiHelperClient   *client;
  TcguiCountersClient *counters;      /* the app's, for the graphs */
  AdwPreferencesGroup *graphs_group;  /* tcgui-link-graphs.c's, below the list */
  TcguiShapedModel    *shaped;        /* for the rows' "Shaped" badges */
  gboolean             netem_available;
  gboolean             flows_available;
  gboolean             batch_running;
  GMenuModel          *extra_menu;     /* the window's section of Presets for All */
  const char          *list_view;     /* what "Interfaces" goes back to */
  GCancellable        *batch_cancellable;
  gboolean             batch_wanted;  /* waiting for the editors' calls */
  const TcguiPreset   *batch_preset;  /* NULL: clear all */
  char                *batch_target;  /* its namespace's name: another may be shown by the end */
  GCancellable        *badges_cancellable;  /* a quiet ListLinks for the qdisc badges */
  gboolean             badges_again;  /* something changed while it was in flight */

  GtkStack            *stack;
  AdwPreferencesGroup *group;
  GtkListBox          *list_box;
  AdwStatusPage       *empty_page;
  AdwStatusPage       *error_page;
  GtkStack            *shaping_stack;
  TcguiTargetHeader   *target_header;
  TcguiTargetHeader   *stopped_header;
  GtkMenuButton       *all_presets_button;
};

G_DEFINE_FINAL_TYPE (TcguiLinksPage, tcgui_links_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_NAMESPACE,
  PROP_VIEW,
  N_PROPS
};

enum {
  BATCH_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
add_shaping_arrow (AdwActionRow *row)
{
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

  gtk_accessible_update_property (GTK_ACCESSIBLE (arrow), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Shape this interface"), -1);
  gtk_widget_set_tooltip_text (arrow, _("Shape this interface"));
  adw_action_row_add_suffix (row, arrow);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  TcguiLinksPage *self = user_data;
  GtkWidget *row = tcgui_link_row_new (TCGUI_LINK (item));

  if (self->shaped != NULL)
    tcgui_link_row_follow_shaped (TCGUI_LINK_ROW (row), self->shaped,
                                  tcgui_namespace_get_id (self->ns));
  /* A sparkline of the interface's traffic (tcgui-link-graphs.c). */
  if (self->counters != NULL)
    tcgui_link_graphs_add_sparkline (self->counters, ADW_ACTION_ROW (row),
                                     tcgui_namespace_get_id (self->ns),
                                     tcgui_link_get_name (TCGUI_LINK (item)));
  /* Activating the row opens the interface's shaping (row_activated_cb). */
  add_shaping_arrow (ADW_ACTION_ROW (row));
  return row;
}

static void
set_view (TcguiLinksPage *self,
          const char     *view)
{
  gtk_stack_set_visible_child_name (self->stack, view);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

static void
show_links (TcguiLinksPage *self,
            GListModel     *links)
{
  guint n = g_list_model_get_n_items (links);
  g_autofree char *description = NULL;

  g_set_object (&self->links, links);
  gtk_list_box_bind_model (self->list_box, links, create_row_cb, self, NULL);

  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u interface in %s",
                                              "%u interfaces in %s", n),
                                 n, tcgui_namespace_get_name (self->ns));
  adw_preferences_group_set_description (self->group, description);
  /* The namespace's total and a full graph per interface, below the list. */
  self->graphs_group = tcgui_link_graphs_show (self->counters, self->group, self->graphs_group,
                                               tcgui_namespace_get_id (self->ns), links);

  self->list_view = n > 0 ? "links" : "empty";
  /* A refresh keeps the open editor (keep_editors() checked it). */
  if (g_strcmp0 (tcgui_links_page_get_view (self), "shaping") != 0)
    set_view (self, self->list_view);
}

static gboolean
has_link (GListModel *links,
          const char *ifname)
{
  guint n = links != NULL ? g_list_model_get_n_items (links) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TcguiLink) link = g_list_model_get_item (links, i);

      if (g_strcmp0 (tcgui_link_get_name (link), ifname) == 0)
        return TRUE;
    }
  return FALSE;
}

/* After a refresh of the same namespace: the editors of interfaces that
 * are still (or again) there read the kernel again; the others grey out.
 * @links is %NULL when the namespace itself is gone. */
static void
keep_editors (TcguiLinksPage *self,
              GListModel     *links,
              const char     *why)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->shaping_stack));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      TcguiShapingEditor *editor = TCGUI_SHAPING_EDITOR (child);
      gboolean listed = has_link (links, tcgui_shaping_editor_get_ifname (editor));

      tcgui_shaping_editor_set_gone (editor, listed ? NULL : why);
    }
}

static void
list_links_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TcguiLinksPage) self = user_data;
  g_autoptr(GListModel) links = NULL;
  g_autoptr(GError) error = NULL;

  links = tcgui_helper_client_list_links_finish (TCGUI_HELPER_CLIENT (object), result, &error);

  /* A newer load, or the window closing, replaced this one. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Other errors (e.g. not authorized) say nothing about the interfaces. */
  if (links != NULL)
    keep_editors (self, links, _("not listed any more"));
  else if (g_error_matches (error, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_NAMESPACE))
    keep_editors (self, NULL, error->message);
  if (links == NULL)
    {
      g_autofree char *message = tcgui_user_error_message (error);

      adw_status_page_set_description (self->error_page, message);
      self->list_view = "error";
      if (g_strcmp0 (tcgui_links_page_get_view (self), "shaping") != 0)
        set_view (self, "error");
    }
  else
    show_links (self, links);
}

static void
row_activated_cb (TcguiLinksPage *self,
                  GtkListBoxRow  *row)
{
  TcguiLink *link;

  if (!TCGUI_IS_LINK_ROW (row))
    return;
  link = tcgui_link_row_get_link (TCGUI_LINK_ROW (row));
  tcgui_links_page_show_shaping (self, tcgui_link_get_name (link));
}

static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TcguiLinksPage *self = TCGUI_LINKS_PAGE (widget);

  if (g_strcmp0 (tcgui_links_page_get_view (self), "shaping") == 0)
    set_view (self, self->list_view != NULL ? self->list_view : "links");
}

static void update_all_presets_menu (TcguiLinksPage *self);

static void
capabilities_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TcguiLinksPage) self = user_data;
  g_autoptr(GVariant) caps = NULL;
  gboolean netem = TRUE, flows = TRUE;

  caps = tcgui_helper_client_get_capabilities_finish (TCGUI_HELPER_CLIENT (object), result, NULL);
  if (caps == NULL)
    return;
  /* Without sch_netem only rate limits work: the editors say so. */
  g_variant_lookup (caps, "netem", "b", &netem);
  /* A helper that says it has no flows gets none (one that predates the
   * key refuses them with its own message). */
  g_variant_lookup (caps, "flows", "b", &flows);
  self->netem_available = netem;
  self->flows_available = flows;
  update_all_presets_menu (self);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->shaping_stack));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      tcgui_shaping_editor_set_netem_available (TCGUI_SHAPING_EDITOR (child), netem);
      tcgui_shaping_editor_set_flows_available (TCGUI_SHAPING_EDITOR (child), flows);
    }
}

/* Qdisc badges ------------------------------------------------------------
 *
 * After TC GUI changed the kernel (an editor's change, Presets for All,
 * Clear Everything) the interface rows' qdisc badges are read again with a
 * quiet ListLinks: only the badges change, the list and its rows stay. */

static void refresh_badges (TcguiLinksPage *self);

static void
update_badges (TcguiLinksPage *self,
               GListModel     *fresh)
{
  guint n = self->links != NULL ? g_list_model_get_n_items (self->links) : 0;
  guint m = g_list_model_get_n_items (fresh);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TcguiLink) link = g_list_model_get_item (self->links, i);

      for (guint j = 0; j < m; j++)
        {
          g_autoptr(TcguiLink) now = g_list_model_get_item (fresh, j);

          if (g_strcmp0 (tcgui_link_get_name (now), tcgui_link_get_name (link)) == 0)
            tcgui_link_set_qdisc (link, tcgui_link_get_qdisc (now));
        }
    }
}

static void
badges_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TcguiLinksPage) self = user_data;
  g_autoptr(GListModel) fresh = NULL;
  g_autoptr(GError) error = NULL;

  fresh = tcgui_helper_client_list_links_finish (TCGUI_HELPER_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->badges_cancellable);
  /* A failure says nothing new: the next refresh (F5) shows it. */
  if (fresh != NULL)
    update_badges (self, fresh);
  if (self->badges_again)
    refresh_badges (self);
}

static void
refresh_badges (TcguiLinksPage *self)
{
  self->badges_again = FALSE;
  if (self->client == NULL || self->ns == NULL || self->links == NULL)
    return;
  if (self->badges_cancellable != NULL)
    {
      self->badges_again = TRUE;
      return;
    }
  self->badges_cancellable = g_cancellable_new ();
  tcgui_helper_client_list_links_async (self->client, tcgui_namespace_get_id (self->ns),
                                        self->badges_cancellable, badges_cb,
                                        g_object_ref (self));
}

static void
editor_busy_cb (TcguiLinksPage     *self,
                GParamSpec         *pspec,
                TcguiShapingEditor *editor)
{
  if (!tcgui_shaping_editor_get_busy (editor))
    refresh_badges (self);
}

/* Presets for all interfaces ------------------------------------------ */

static void
set_batch_running (TcguiLinksPage *self,
                   gboolean        running)
{
  /* One batch at a time, and no edits that it would overwrite. */
  self->batch_running = running;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "links.preset-all", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "links.netem-preset-all",
                                 !running && self->netem_available);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "links.clear-all", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "links.confirm-clear-all", !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->shaping_stack), !running);
}

static char *
describe_batch (const TcguiPreset *preset,
                const char        *target,
                guint              n_done,
                guint              n_total,
                const char        *failures)
{
  if (n_total == 0)
    return g_strdup_printf (_("No interfaces to shape in %s"), target);
  if (preset == NULL && failures[0] == '\0')
    /* Translators: the number of interfaces, then a container's or namespace's name */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Cleared the shaping of %u interface of %s",
                                         "Cleared the shaping of all %u interfaces of %s", n_total),
                            n_total, target);
  if (preset == NULL)
    /* Translators: done, asked for, the container, then "IFNAME: why; …" */
    return g_strdup_printf (_("Cleared %u of %u interfaces of %s: %s"), n_done, n_total, target,
                            failures);
  if (failures[0] == '\0')
    /* Translators: the preset, the number of interfaces, then a container's name */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Applied “%s” to %u interface of %s",
                                         "Applied “%s” to all %u interfaces of %s", n_total),
                            _(preset->name), n_total, target);
  /* Translators: preset, done, asked for, the container, then "IFNAME: why; …" */
  return g_strdup_printf (_("Applied “%s” to %u of %u interfaces of %s: %s"), _(preset->name),
                          n_done, n_total, target, failures);
}

static void
batch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TcguiLinksPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *failures = NULL, *message = NULL;
  guint n_done = 0, n_total = 0;

  if (!tcgui_shaping_batch_apply_finish (TCGUI_HELPER_CLIENT (object), result, &n_done,
                                         &n_total, &failures, &error))
    return;   /* cancelled: the page is going away */
  message = describe_batch (self->batch_preset, self->batch_target, n_done, n_total, failures);
  tcgui_toast_show (GTK_WIDGET (self), message, 10);
  set_batch_running (self, FALSE);
  /* The editors show what the kernel has now, failures included. */
  tcgui_links_page_reload_shaping (self);
  g_signal_emit (self, signals[BATCH_FINISHED], 0, message);
}

static void
run_batch (TcguiLinksPage *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ifnames = NULL;
  guint n = self->links != NULL ? g_list_model_get_n_items (self->links) : 0;

  /* Loopback is left alone: shaping it slows the namespace's own talk. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TcguiLink) link = g_list_model_get_item (self->links, i);

      if (g_strcmp0 (tcgui_link_get_kind (link), "loopback") != 0 &&
          g_strcmp0 (tcgui_link_get_name (link), "lo") != 0)
        g_strv_builder_add (builder, tcgui_link_get_name (link));
    }
  ifnames = g_strv_builder_end (builder);
  self->batch_wanted = FALSE;
  g_free (self->batch_target);
  self->batch_target = g_strdup (tcgui_namespace_get_name (self->ns));
  tcgui_shaping_batch_apply_async (self->client, tcgui_namespace_get_id (self->ns),
                                   (const char * const *) ifnames, self->batch_preset,
                                   self->batch_cancellable, batch_cb, g_object_ref (self));
}

/* An editor's call in flight ends first: one call per interface at once. */
static void
maybe_run_batch (TcguiLinksPage *self)
{
  if (!self->batch_wanted)
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->shaping_stack));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (tcgui_shaping_editor_get_busy (TCGUI_SHAPING_EDITOR (child)))
      return;   /* its notify::busy calls again */
  run_batch (self);
}

static void
start_batch (TcguiLinksPage    *self,
             const TcguiPreset *preset)
{
  if (self->client == NULL || self->ns == NULL || self->links == NULL || self->batch_wanted)
    return;
  self->batch_preset = preset;
  self->batch_wanted = TRUE;
  set_batch_running (self, TRUE);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->shaping_stack));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    tcgui_shaping_editor_discard_changes (TCGUI_SHAPING_EDITOR (child));
  maybe_run_batch (self);
}

static void
preset_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  const TcguiPreset *preset = tcgui_presets_find (g_variant_get_string (parameter, NULL));

  g_return_if_fail (preset != NULL);
  start_batch (TCGUI_LINKS_PAGE (widget), preset);
}

static void
clear_all_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  start_batch (TCGUI_LINKS_PAGE (widget), NULL);
}

/* The menu item: what the interfaces had is lost, so it asks first. */
static void
confirm_clear_all_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  TcguiLinksPage *self = TCGUI_LINKS_PAGE (widget);
  g_autofree char *heading = NULL;

  if (self->ns == NULL)
    return;
  /* Translators: a container's or namespace's name */
  heading = g_strdup_printf (_("Clear All Interfaces of %s?"), tcgui_namespace_get_name (self->ns));
  tcgui_confirm (widget, heading,
                 _("The shaping of every interface here is removed: they go back to the "
                   "kernel’s default. This cannot be undone."),
                 _("_Clear All"), widget, "links.clear-all");
}

static void
all_presets_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TcguiLinksPage *self = TCGUI_LINKS_PAGE (widget);

  if (gtk_widget_is_drawable (GTK_WIDGET (self->all_presets_button)) &&
      gtk_widget_is_sensitive (GTK_WIDGET (self->all_presets_button)))
    gtk_menu_button_popup (self->all_presets_button);
}

/* "ctl" or "tc": every interface's lines (tcgui-copy-command.c). */
static void
copy_command_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TcguiLinksPage *self = TCGUI_LINKS_PAGE (widget);

  if (self->ns != NULL && self->client != NULL)
    tcgui_copy_command_copy (widget, self->client, tcgui_namespace_get_id (self->ns), NULL,
                             g_str_equal (g_variant_get_string (parameter, NULL), "tc"));
}

/* @extra: the window's section (a container's image profile), or NULL.
 * Short enough for any window: the profile's items and Clear first, then
 * one submenu per source of presets; without sch_netem its presets are
 * off, under the reason. */
static GMenuModel *
build_all_presets_menu (GMenuModel *extra,
                        gboolean    netem_available)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenuModel) presets = NULL;
  g_autoptr(GMenu) section = g_menu_new ();
  g_autoptr(GMenu) copy = g_menu_new ();

  presets = tcgui_presets_build_menu_full ("links.preset-all", "links.netem-preset-all",
                                           netem_available ? NULL
                                                           : tcgui_presets_netem_missing_reason ());
  g_menu_append (copy, _("Copy All as _Command"), "links.copy-command::ctl");
  g_menu_append (copy, _("Copy All as _tc Commands"), "links.copy-command::tc");
  if (extra != NULL)
    g_menu_append_section (menu, NULL, extra);
  g_menu_append (section, _("_Clear All Interfaces…"), "links.confirm-clear-all");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  g_menu_append_section (menu, NULL, presets);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (copy));
  return G_MENU_MODEL (menu);
}

static void
update_all_presets_menu (TcguiLinksPage *self)
{
  g_autoptr(GMenuModel) menu = build_all_presets_menu (self->extra_menu, self->netem_available);

  tcgui_presets_menu_set (self->all_presets_button, menu, self->netem_available);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "links.netem-preset-all",
                                 self->netem_available && !self->batch_running);
}

static void
remove_editors (TcguiLinksPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->shaping_stack))) != NULL)
    gtk_stack_remove (self->shaping_stack, child);
}

static void
tcgui_links_page_dispose (GObject *object)
{
  TcguiLinksPage *self = (TcguiLinksPage *)object;

  tcgui_links_page_cancel (self);
  g_cancellable_cancel (self->batch_cancellable);
  g_clear_object (&self->batch_cancellable);
  g_clear_pointer (&self->batch_target, g_free);
  /* AdwBin unparents its child itself: drop it first, then the rest. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TCGUI_TYPE_LINKS_PAGE);
  g_clear_object (&self->ns);
  g_clear_object (&self->links);
  g_clear_object (&self->client);
  g_clear_object (&self->counters);
  g_clear_object (&self->shaped);
  g_clear_object (&self->extra_menu);

  G_OBJECT_CLASS (tcgui_links_page_parent_class)->dispose (object);
}

static void
tcgui_links_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TcguiLinksPage *self = TCGUI_LINKS_PAGE (object);

  switch (prop_id)
    {
    case PROP_NAMESPACE:
      g_value_set_object (value, self->ns);
      break;
    case PROP_VIEW:
      g_value_set_string (value, tcgui_links_page_get_view (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tcgui_links_page_class_init (TcguiLinksPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tcgui_links_page_dispose;
  object_class->get_property = tcgui_links_page_get_property;

  properties[PROP_NAMESPACE] =
    g_param_spec_object ("namespace", NULL, NULL, TCGUI_TYPE_NAMESPACE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* "loading", "links", "empty", "error", "shaping" or "stopped". */
  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* "Presets for All" finished: the message its notification shows. */
  signals[BATCH_FINISHED] =
    g_signal_new ("batch-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tcgui/TcGui/tcgui-links-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TcguiLinksPage, stack);
  gtk_widget_class_bind_template_child (widget_class, TcguiLinksPage, group);
  gtk_widget_class_bind_template_child (widget_class, TcguiLinksPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, TcguiLinksPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, TcguiLinksPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, TcguiLinksPage, shaping_stack);
  g_type_ensure (TCGUI_TYPE_TARGET_HEADER);
  gtk_widget_class_bind_template_child (widget_class, TcguiLinksPage, target_header);
  gtk_widget_class_bind_template_child (widget_class, TcguiLinksPage, stopped_header);
  gtk_widget_class_bind_template_child (widget_class, TcguiLinksPage, all_presets_button);

  gtk_widget_class_install_action (widget_class, "links.show-list", NULL, show_list_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "links.show-list", NULL);
  gtk_widget_class_install_action (widget_class, "links.preset-all", "s", preset_all_action);
  /* The presets that need sch_netem: disabled on a kernel without it. */
  gtk_widget_class_install_action (widget_class, "links.netem-preset-all", "s", preset_all_action);
  gtk_widget_class_install_action (widget_class, "links.clear-all", NULL, clear_all_action);
  gtk_widget_class_install_action (widget_class, "links.confirm-clear-all", NULL,
                                   confirm_clear_all_action);
  gtk_widget_class_install_action (widget_class, "links.all-presets", NULL, all_presets_action);
  gtk_widget_class_install_action (widget_class, "links.copy-command", "s", copy_command_action);
}

/* Ctrl+Shift+P works wherever the focus is in the window, the sidebar
 * too: the page's shortcut is managed by the window, not by the page's
 * own focus chain (a class binding is only seen with the focus inside). */
static void
add_window_shortcuts (TcguiLinksPage *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_p,
                                                            GDK_CONTROL_MASK | GDK_SHIFT_MASK),
                                                          gtk_named_action_new ("links.all-presets")));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
tcgui_links_page_init (TcguiLinksPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_window_shortcuts (self);
  self->netem_available = TRUE;
  self->flows_available = TRUE;
  self->batch_cancellable = g_cancellable_new ();
  update_all_presets_menu (self);
  /* The window fills one header; the stopped page shows the same. */
  g_object_bind_property (self->target_header, "container", self->stopped_header, "container",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->target_header, "profile-image", self->stopped_header,
                          "profile-image", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->list_box, "row-activated",
                           G_CALLBACK (row_activated_cb), self, G_CONNECT_SWAPPED);
}

/* Another namespace: its editors and a batch still waiting for them go. */
static void
forget_namespace (TcguiLinksPage *self)
{
  remove_editors (self);
  if (self->batch_wanted)
    {
      self->batch_wanted = FALSE;
      set_batch_running (self, FALSE);
    }
}

/* A stopped container has no namespace to ask about: say so instead of a
 * failed ListLinks. */
static gboolean
show_stopped (TcguiLinksPage *self,
              TcguiContainer *container)
{
  if (container == NULL || tcgui_container_is_running (container))
    return FALSE;
  remove_editors (self);
  g_clear_object (&self->links);
  self->list_view = "stopped";
  set_view (self, "stopped");
  return TRUE;
}

/**
 * tcgui_links_page_load:
 *
 * Shows a spinner, then the links of @ns as @client reports them. A load
 * still in flight is cancelled. Loading the same namespace again (a
 * refresh) keeps its editors: those whose interface is gone grey out. A
 * stopped container's page says why it has nothing to shape.
 */
void
tcgui_links_page_load (TcguiLinksPage    *self,
                       TcguiHelperClient *client,
                       TcguiNamespace    *ns)
{
  gboolean same;

  g_return_if_fail (TCGUI_IS_LINKS_PAGE (self));
  g_return_if_fail (TCGUI_IS_HELPER_CLIENT (client));
  g_return_if_fail (TCGUI_IS_NAMESPACE (ns));

  tcgui_links_page_cancel (self);
  self->cancellable = g_cancellable_new ();

  /* The same namespace again (a refresh): its open editor stays. */
  same = self->ns != NULL && g_strcmp0 (tcgui_namespace_get_id (self->ns),
                                        tcgui_namespace_get_id (ns)) == 0;
  if (g_set_object (&self->ns, ns))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAMESPACE]);
  g_set_object (&self->client, client);
  if (!same)
    forget_namespace (self);
  /* Presets for all interfaces: a container or a named namespace, not
   * every interface of the host. */
  gtk_widget_set_visible (GTK_WIDGET (self->all_presets_button),
                          g_strcmp0 (tcgui_namespace_get_kind (ns), "host") != 0);
  if (show_stopped (self, tcgui_namespace_get_container (ns)))
    return;
  if (!same || g_strcmp0 (tcgui_links_page_get_view (self), "shaping") != 0)
    set_view (self, "loading");

  tcgui_helper_client_get_capabilities_async (client, self->cancellable, capabilities_cb,
                                              g_object_ref (self));

  tcgui_helper_client_list_links_async (client, tcgui_namespace_get_id (ns),
                                        self->cancellable, list_links_cb,
                                        g_object_ref (self));
}

/**
 * tcgui_links_page_cancel:
 *
 * Cancels the load in flight, if any (the window calls this on close).
 */
void
tcgui_links_page_cancel (TcguiLinksPage *self)
{
  g_return_if_fail (TCGUI_IS_LINKS_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->badges_cancellable);
  g_clear_object (&self->badges_cancellable);
  self->badges_again = FALSE;
}

TcguiNamespace *
tcgui_links_page_get_namespace (TcguiLinksPage *self)
{
  g_return_val_if_fail (TCGUI_IS_LINKS_PAGE (self), NULL);
  return self->ns;
}

const char *
tcgui_links_page_get_view (TcguiLinksPage *self)
{
  g_return_val_if_fail (TCGUI_IS_LINKS_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * tcgui_links_page_get_links:
 *
 * Returns: (nullable) (transfer none): the #TcguiLink list shown
 */
GListModel *
tcgui_links_page_get_links (TcguiLinksPage *self)
{
  g_return_val_if_fail (TCGUI_IS_LINKS_PAGE (self), NULL);
  return self->links;
}

/**
 * tcgui_links_page_show_shaping:
 *
 * Shows the shaping editor of @ifname, made when first shown: one per
 * interface, kept (with its pending changes) until another namespace is
 * loaded; a refresh of the same namespace keeps it.
 *
 * Returns: (nullable) (transfer none): the editor, %NULL before a load
 */
GtkWidget *
tcgui_links_page_show_shaping (TcguiLinksPage *self,
                               const char     *ifname)
{
  GtkWidget *editor;

  g_return_val_if_fail (TCGUI_IS_LINKS_PAGE (self), NULL);

  if (self->client == NULL || self->ns == NULL)
    return NULL;
  editor = gtk_stack_get_child_by_name (self->shaping_stack, ifname);
  if (editor == NULL)
    {
      editor = tcgui_shaping_editor_new (self->client, tcgui_namespace_get_id (self->ns), ifname);
      tcgui_shaping_editor_set_netem_available (TCGUI_SHAPING_EDITOR (editor),
                                                self->netem_available);
      tcgui_shaping_editor_set_flows_available (TCGUI_SHAPING_EDITOR (editor),
                                                self->flows_available);
      g_signal_connect_object (editor, "notify::busy", G_CALLBACK (maybe_run_batch), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (editor, "notify::busy", G_CALLBACK (editor_busy_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->shaping_stack, editor, ifname);
    }
  gtk_stack_set_visible_child (self->shaping_stack, editor);
  set_view (self, "shaping");
  gtk_widget_child_focus (editor, GTK_DIR_TAB_FORWARD);
  return editor;
}

/* After something else changed the kernel (ResetAll): read it again. */
void
tcgui_links_page_reload_shaping (TcguiLinksPage *self)
{
  g_return_if_fail (TCGUI_IS_LINKS_PAGE (self));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->shaping_stack));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    tcgui_shaping_editor_reload (TCGUI_SHAPING_EDITOR (child));
  refresh_badges (self);
}

/**
 * tcgui_links_page_set_extra_menu:
 * @section: (nullable): items the window adds to "Presets for All" (a
 *   container's image profile)
 */
void
tcgui_links_page_set_extra_menu (TcguiLinksPage *self,
                                 GMenuModel     *section)
{
  g_return_if_fail (TCGUI_IS_LINKS_PAGE (self));

  g_set_object (&self->extra_menu, section);
  update_all_presets_menu (self);
}

/**
 * tcgui_links_page_get_target_header:
 *
 * Returns: (transfer none): the container's header above the interfaces
 *   (tcgui-target-header.c; the window fills it)
 */
TcguiTargetHeader *
tcgui_links_page_get_target_header (TcguiLinksPage *self)
{
  g_return_val_if_fail (TCGUI_IS_LINKS_PAGE (self), NULL);
  return self->target_header;
}

/**
 * tcgui_links_page_set_counters:
 * @counters: (nullable): the app's counters, for the live graphs
 */
void
tcgui_links_page_set_counters (TcguiLinksPage      *self,
                               TcguiCountersClient *counters)
{
  g_return_if_fail (TCGUI_IS_LINKS_PAGE (self));
  g_set_object (&self->counters, counters);
}

/**
 * tcgui_links_page_set_shaped_model:
 *
 * Interface rows made from now on show a "Shaped" badge while @shaped
 * lists their interface.
 */
void
tcgui_links_page_set_shaped_model (TcguiLinksPage   *self,
                                   TcguiShapedModel *shaped)
{
  g_return_if_fail (TCGUI_IS_LINKS_PAGE (self));
  g_return_if_fail (TCGUI_IS_SHAPED_MODEL (shaped));

  g_set_object (&self->shaped, shaped);
}
