/* tcgui-profiles-window.c - the helper's rules: list, edit, import, export
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A view and an editor of the app's rules model (tcgui-rules.c): every
 * change is a SetRule or DeleteRule call, and the list follows the
 * helper's RulesChanged, never a local copy. The editor is a subpage: a
 * selector (kind, image or pattern, container, compose project/service,
 * network) with the inventory's containers it matches now (the shared
 * matching of common/tcgui-rule.c, as the helper matches), and the two
 * directions' controls of the interface page (TcguiDirectionGroup).
 */

#define G_LOG_DOMAIN "tcgui-profiles-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-direction-group.h"
#include "tcgui-profiles-window.h"
#include "tcgui-rule.h"
#include "tcgui-rules-file.h"

struct _TcguiProfilesWindow
{
  AdwPreferencesWindow  parent_instance;

  TcguiRules           *rules;
  TcguiInventory       *inventory;
  GCancellable         *cancellable;
  GtkListBox           *list;
  GtkWidget            *unavailable;

  /* The editor subpage. */
  char                 *editing_id;     /* NULL: a new rule */
  char                 *editing_runtime; /* kept: no control edits it */
  gint64                editing_expires_at;
  AdwEntryRow          *name_row;
  GtkSwitch            *enabled;
  AdwComboRow          *kind_row;
  GHashTable           *selector_rows;  /* selector key → AdwEntryRow */
  AdwPreferencesGroup  *matches_group;
  GtkListBox           *matches;
  TcguiDirectionGroup  *outgoing;
  TcguiDirectionGroup  *incoming;
  GtkLabel             *editor_error;
};

G_DEFINE_FINAL_TYPE (TcguiProfilesWindow, tcgui_profiles_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The kinds a selector can have, in the combo row's order. */
static const struct {
  const char *kind;
  const char *label;
} kinds[] = {
  { "image", N_("Containers of an image") },
  { "container", N_("One container") },
  { "netns", N_("A named network namespace") },
  { "host", N_("A host interface") },
};

/* The selector's text fields, and the kinds that show each. */
static const struct {
  const char *key;
  const char *title;
  const char *kinds;
} selector_fields[] = {
  { "image", N_("Image or pattern (repo:tag, repo, or * and ?)"), "image" },
  { "container-name", N_("Container name"), "image container" },
  { "compose-project", N_("Compose project"), "image" },
  { "compose-service", N_("Compose service"), "image" },
  { "network", N_("Network (empty: all interfaces)"), "image container" },
  { "netns", N_("Namespace name"), "netns" },
  { "interface", N_("Interface"), "netns host" },
};

static void
toast (TcguiProfilesWindow *self,
       const char          *message)
{
  g_autofree char *markup = g_markup_escape_text (message, -1);
  AdwToast *t = adw_toast_new (markup);

  g_message ("%s", message);
  adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (t, 10);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), t);
}

/* A rule as SetRule takes it, with one key replaced. */
static GVariant *
rule_with (TcguiRuleItem *rule,
           const char    *key,
           GVariant      *value)
{
  g_autoptr(GVariant) editable = g_variant_ref_sink (tcgui_rule_item_to_editable (rule, TRUE));
  GVariantDict dict;

  g_variant_dict_init (&dict, editable);
  g_variant_dict_insert_value (&dict, key, value);
  return g_variant_dict_end (&dict);
}

/* Calls ----------------------------------------------------------------- */

typedef struct
{
  TcguiProfilesWindow *self;
  char                *message;    /* the toast on success */
  GVariant            *undo;       /* a deleted rule, for its toast's Undo */
} Call;

static void
call_free (Call *call)
{
  g_object_unref (call->self);
  g_free (call->message);
  g_clear_pointer (&call->undo, g_variant_unref);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, call_free)

static Call *
call_new (TcguiProfilesWindow *self,
          char                *message)
{
  Call *call = g_new0 (Call, 1);

  call->self = g_object_ref (self);
  call->message = message;
  return call;
}

static void resync_rows (TcguiProfilesWindow *self);

static void
set_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = tcgui_rules_set_finish (TCGUI_RULES (object), result, &error);
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (id == NULL)
    {
      message = g_strdup_printf (_("Cannot save the profile: %s"), error->message);
      resync_rows (call->self);   /* a switch turned by hand shows the rule again */
    }
  toast (call->self, message != NULL ? message : call->message);
}

static void
set_rule (TcguiProfilesWindow *self,
          GVariant            *rule,
          char                *message)
{
  tcgui_rules_set_async (self->rules, rule, self->cancellable, set_done_cb,
                         call_new (self, message));
}

static void
undo_delete_cb (AdwToast *t,
                Call     *call)
{
  TcguiProfilesWindow *self = call->self;
  const char *name = "";

  g_variant_lookup (call->undo, "name", "&s", &name);
  set_rule (self, call->undo, g_strdup_printf (_("Restored “%s”"), name));
}

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *markup = NULL;
  TcguiProfilesWindow *self = call->self;   /* the closure below keeps it */
  AdwToast *t;

  if (!tcgui_rules_delete_finish (TCGUI_RULES (object), result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("Cannot delete the profile: %s"), error->message);
      toast (call->self, message);
      return;
    }
  g_message ("%s", call->message);
  markup = g_markup_escape_text (call->message, -1);
  t = adw_toast_new (markup);
  adw_toast_set_button_label (t, _("_Undo"));
  adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (t, 10);
  g_signal_connect_data (t, "button-clicked", G_CALLBACK (undo_delete_cb),
                         g_steal_pointer (&call),
                         (GClosureNotify) (void (*) (void)) call_free, 0);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), t);
}

/* The list --------------------------------------------------------------- */

static void
enabled_cb (GtkSwitch  *sw,
            GParamSpec *pspec,
            gpointer    user_data)
{
  TcguiProfilesWindow *self = user_data;
  const char *id = g_object_get_data (G_OBJECT (sw), "rule-id");
  TcguiRuleItem *rule = tcgui_rules_lookup (self->rules, id);
  gboolean active = gtk_switch_get_active (sw);

  if (rule == NULL || tcgui_rule_item_get_enabled (rule) == active)
    return;
  set_rule (self, rule_with (rule, "enabled", g_variant_new_boolean (active)),
            g_strdup_printf (active ? _("Turned “%s” on") : _("Turned “%s” off"),
                             tcgui_rule_item_get_name (rule)));
}

static GMenuModel *
row_menu (const char *id)
{
  static const struct { const char *label; const char *action; } items[] = {
    { N_("_Edit"), "rules.edit" },
    { N_("_Rename…"), "rules.rename" },
    { N_("D_uplicate"), "rules.duplicate" },
    { N_("_Delete"), "rules.delete" },
  };
  GMenu *menu = g_menu_new ();

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(items[i].label), NULL);

      g_menu_item_set_action_and_target_value (item, items[i].action, g_variant_new_string (id));
      g_menu_append_item (menu, item);
    }
  return G_MENU_MODEL (menu);
}

static char *
describe_expiry (TcguiRuleItem *rule)
{
  gint64 at = tcgui_rule_item_get_expires_at (rule);
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *time = NULL;

  if (at == 0)
    return NULL;
  when = g_date_time_new_from_unix_local (at);
  time = g_date_time_format (when, "%X");
  /* Translators: a rule's expiry, a local time */
  return g_strdup_printf (_("until %s"), time);
}

/* What a rule's row shows, set again when the rule changes. */
static void
update_row (GtkWidget     *row,
            TcguiRuleItem *rule)
{
  g_autofree char *selector = tcgui_rule_item_describe_selector (rule);
  g_autofree char *state = tcgui_rule_item_describe_state (rule);
  g_autofree char *expiry = describe_expiry (rule);
  g_autofree char *subtitle = NULL;
  GtkSwitch *sw = g_object_get_data (G_OBJECT (row), "switch");

  subtitle = g_strdup_printf ("%s\n%s%s%s", selector, state, expiry ? " · " : "", expiry ? expiry : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tcgui_rule_item_get_name (rule));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  /* (enabled_cb sends nothing when the rule already says so.) */
  gtk_switch_set_active (sw, tcgui_rule_item_get_enabled (rule));
}

static GtkWidget *
create_row (TcguiProfilesWindow *self,
            TcguiRuleItem       *rule)
{
  g_autoptr(GMenuModel) menu = row_menu (tcgui_rule_item_get_id (rule));
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *sw = gtk_switch_new ();
  GtkWidget *button = gtk_menu_button_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "property");
  g_object_set_data (G_OBJECT (row), "switch", sw);
  g_object_set_data_full (G_OBJECT (row), "rule-id", g_strdup (tcgui_rule_item_get_id (rule)),
                          g_free);
  update_row (row, rule);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (sw, _("Apply this profile"));
  g_object_set_data_full (G_OBJECT (sw), "rule-id", g_strdup (tcgui_rule_item_get_id (rule)),
                          g_free);
  g_signal_connect_object (sw, "notify::active", G_CALLBACK (enabled_cb), self, 0);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), menu);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Profile Menu"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "rules.edit");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", tcgui_rule_item_get_id (rule));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
resync_rows (TcguiProfilesWindow *self)
{
  guint n = self->list != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->rules)) : 0;

  for (guint i = 0; i < n; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list, i);
      g_autoptr(TcguiRuleItem) rule = g_list_model_get_item (G_LIST_MODEL (self->rules), i);

      if (row != NULL)
        update_row (GTK_WIDGET (row), rule);
    }
}

/* The list follows the rules by hand, not with gtk_list_box_bind_model():
 * a rule whose status changed (or whose switch was just toggled) keeps
 * its row, so the keyboard focus in it stays where it is. */
static void
rules_changed_cb (GListModel          *rules,
                  guint                position,
                  guint                removed,
                  guint                added,
                  TcguiProfilesWindow *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list, position);

  if (removed == 1 && added == 1 && row != NULL)
    {
      g_autoptr(TcguiRuleItem) rule = g_list_model_get_item (rules, position);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "rule-id"),
                     tcgui_rule_item_get_id (rule)) == 0)
        {
          update_row (GTK_WIDGET (row), rule);
          return;
        }
    }
  for (guint i = 0; i < removed; i++)
    if ((row = gtk_list_box_get_row_at_index (self->list, position)) != NULL)
      gtk_list_box_remove (self->list, GTK_WIDGET (row));
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(TcguiRuleItem) rule = g_list_model_get_item (rules, position + i);

      gtk_list_box_insert (self->list, create_row (self, rule), position + i);
    }
}

static void
update_available (TcguiProfilesWindow *self)
{
  gboolean available = tcgui_rules_get_available (self->rules);
  const char *file_error = tcgui_rules_get_file_error (self->rules);
  g_autofree char *text = NULL;

  if (!available)
    text = g_strdup (_("The installed helper does not keep profiles: update tcgui-helper to "
                       "use them."));
  else if (file_error != NULL)
    text = g_strdup_printf (_("The helper’s profiles file was damaged and set aside: %s"),
                            file_error);
  gtk_label_set_text (GTK_LABEL (self->unavailable), text != NULL ? text : "");
  gtk_widget_set_visible (self->unavailable, text != NULL && tcgui_rules_get_loaded (self->rules));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rules.new", available);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rules.import", available);
}

/* The editor ------------------------------------------------------------ */

static const char *
selected_kind (TcguiProfilesWindow *self)
{
  guint i = adw_combo_row_get_selected (self->kind_row);

  return i < G_N_ELEMENTS (kinds) ? kinds[i].kind : "image";
}

static GVariant *
build_selector (TcguiProfilesWindow *self)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  const char *kind = selected_kind (self);

  g_variant_builder_add (&b, "{sv}", "kind", g_variant_new_string (kind));
  for (guint i = 0; i < G_N_ELEMENTS (selector_fields); i++)
    {
      GtkEditable *row = g_hash_table_lookup (self->selector_rows, selector_fields[i].key);
      const char *text = gtk_editable_get_text (row);

      if (gtk_widget_get_visible (GTK_WIDGET (row)) && text[0] != '\0')
        g_variant_builder_add (&b, "{sv}", selector_fields[i].key, g_variant_new_string (text));
    }
  if (self->editing_runtime != NULL && self->editing_runtime[0] != '\0')
    g_variant_builder_add (&b, "{sv}", "runtime", g_variant_new_string (self->editing_runtime));
  return g_variant_builder_end (&b);
}

static GVariant *
direction_variant (TcguiDirectionGroup *group)
{
  TcguiParams params;

  tcgui_direction_group_get_params (group, &params);
  if (tcgui_params_is_empty (&params))
    return g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0);
  return tcgui_params_to_variant (&params);
}

static GVariant *
build_rule (TcguiProfilesWindow *self)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  if (self->editing_id != NULL)
    g_variant_builder_add (&b, "{sv}", "id", g_variant_new_string (self->editing_id));
  g_variant_builder_add (&b, "{sv}", "name",
                         g_variant_new_string (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  g_variant_builder_add (&b, "{sv}", "enabled",
                         g_variant_new_boolean (gtk_switch_get_active (self->enabled)));
  g_variant_builder_add (&b, "{sv}", "selector", build_selector (self));
  g_variant_builder_add (&b, "{sv}", "outgoing", direction_variant (self->outgoing));
  g_variant_builder_add (&b, "{sv}", "incoming", direction_variant (self->incoming));
  if (self->editing_expires_at != 0)
    g_variant_builder_add (&b, "{sv}", "expires-at", g_variant_new_int64 (self->editing_expires_at));
  return g_variant_builder_end (&b);
}

static void
clear_list_box (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
add_match_row (GtkListBox *list,
               const char *title,
               const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_append (list, row);
}

/* The containers the selector matches now, as the helper would match
 * them (tcgui_rule_match_container(): one copy of the matching). */
static void
update_matches (TcguiProfilesWindow *self)
{
  g_autoptr(GVariant) rule = NULL;
  g_autoptr(TcguiRule) parsed = NULL;
  g_autoptr(GPtrArray) containers = NULL;
  g_autoptr(GError) error = NULL;
  const char *kind;
  guint n = 0;

  if (self->matches == NULL || self->kind_row == NULL)
    return;   /* the editor was never opened, or is gone */
  kind = selected_kind (self);
  clear_list_box (self->matches);
  gtk_widget_set_visible (GTK_WIDGET (self->matches_group),
                          g_str_equal (kind, "image") || g_str_equal (kind, "container"));
  rule = g_variant_ref_sink (build_rule (self));
  parsed = tcgui_rule_from_variant (rule, TCGUI_RULE_PARSE_CALLER,
                                    g_get_real_time () / G_USEC_PER_SEC, &error);
  if (parsed == NULL)
    return add_match_row (self->matches, _("Not a complete selector yet"), error->message);
  containers = tcgui_inventory_dup_containers (self->inventory);
  for (guint i = 0; i < containers->len; i++)
    {
      TcguiContainer *c = g_ptr_array_index (containers, i);

      if (tcgui_rule_match_container (parsed, tcgui_container_get_variant (c)) ==
          TCGUI_RULE_RANK_NONE)
        continue;
      add_match_row (self->matches, tcgui_container_get_name (c), tcgui_container_get_image (c));
      n++;
    }
  if (n == 0)
    add_match_row (self->matches, _("No container matches now"),
                   _("The profile applies to matching containers when they start."));
}

static void
update_kind (TcguiProfilesWindow *self)
{
  const char *kind = selected_kind (self);

  for (guint i = 0; i < G_N_ELEMENTS (selector_fields); i++)
    {
      g_auto(GStrv) shown = g_strsplit (selector_fields[i].kinds, " ", -1);

      gtk_widget_set_visible (g_hash_table_lookup (self->selector_rows, selector_fields[i].key),
                              g_strv_contains ((const char * const *) shown, kind));
    }
  update_matches (self);
}

static void
show_direction (TcguiDirectionGroup *group,
                TcguiRuleItem       *rule,
                const char          *direction)
{
  g_autoptr(GVariant) dict = rule != NULL ? tcgui_rule_item_dup_direction (rule, direction) : NULL;
  TcguiParams params;

  if (dict == NULL || !tcgui_params_from_variant (dict, &params, NULL))
    tcgui_params_init (&params);
  tcgui_direction_group_show_params (group, &params);
}

static void
fill_editor (TcguiProfilesWindow *self,
             TcguiRuleItem       *rule,
             gboolean             copy)
{
  const char *kind = rule != NULL ? tcgui_rule_item_get_kind (rule) : "image";
  g_autofree char *name = NULL;

  g_clear_pointer (&self->editing_id, g_free);
  if (rule != NULL && !copy)
    self->editing_id = g_strdup (tcgui_rule_item_get_id (rule));
  self->editing_expires_at = rule != NULL && !copy ? tcgui_rule_item_get_expires_at (rule) : 0;
  /* A rule of the user's own rootless Podman stays one when edited or
   * duplicated (without "runtime" it would become public, and match nothing). */
  g_clear_pointer (&self->editing_runtime, g_free);
  if (rule != NULL)
    self->editing_runtime = g_strdup (tcgui_rule_item_get_selector_string (rule, "runtime"));
  name = rule != NULL ? g_strdup (tcgui_rule_item_get_name (rule)) : g_strdup ("");
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  gtk_switch_set_active (self->enabled, rule == NULL || tcgui_rule_item_get_enabled (rule));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].kind, kind))
      adw_combo_row_set_selected (self->kind_row, i);
  for (guint i = 0; i < G_N_ELEMENTS (selector_fields); i++)
    gtk_editable_set_text (g_hash_table_lookup (self->selector_rows, selector_fields[i].key),
                           rule != NULL ? tcgui_rule_item_get_selector_string (rule, selector_fields[i].key) : "");
  show_direction (self->outgoing, rule, "outgoing");
  show_direction (self->incoming, rule, "incoming");
  gtk_widget_set_visible (GTK_WIDGET (self->editor_error), FALSE);
  update_kind (self);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = tcgui_rules_set_finish (TCGUI_RULES (object), result, &error);
  TcguiProfilesWindow *self = call->self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (id == NULL)
    {
      /* The editor stays open with what the user typed. */
      gtk_label_set_text (self->editor_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->editor_error), TRUE);
      return;
    }
  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (self));
  toast (self, call->message);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TcguiProfilesWindow *self = TCGUI_PROFILES_WINDOW (widget);
  g_autoptr(GVariant) rule = g_variant_ref_sink (build_rule (self));
  g_autoptr(TcguiRule) parsed = NULL;
  g_autoptr(GError) error = NULL;

  /* The helper's own checks first: a clear message, no call. */
  parsed = tcgui_rule_from_variant (rule, TCGUI_RULE_PARSE_CALLER,
                                    g_get_real_time () / G_USEC_PER_SEC, &error);
  if (parsed == NULL)
    {
      gtk_label_set_text (self->editor_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->editor_error), TRUE);
      return;
    }
  tcgui_rules_set_async (self->rules, rule, self->cancellable, saved_cb,
                         call_new (self, g_strdup_printf (_("Saved “%s”"), parsed->name)));
}

static GtkWidget *
entry_row (const char *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  return row;
}

static GtkWidget *
build_selector_group (TcguiProfilesWindow *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Applies To"));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    gtk_string_list_append (model, _(kinds[i].label));
  self->kind_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->kind_row), _("Kind"));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (model));
  g_signal_connect_object (self->kind_row, "notify::selected", G_CALLBACK (update_kind), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->kind_row));
  for (guint i = 0; i < G_N_ELEMENTS (selector_fields); i++)
    {
      GtkWidget *row = entry_row (_(selector_fields[i].title));

      g_hash_table_insert (self->selector_rows, (gpointer) selector_fields[i].key, row);
      g_signal_connect_object (row, "changed", G_CALLBACK (update_matches), self,
                               G_CONNECT_SWAPPED);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  return group;
}

static GtkWidget *
build_profile_group (TcguiProfilesWindow *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *enabled_row = adw_action_row_new ();

  self->name_row = ADW_ENTRY_ROW (entry_row (_("Name")));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->name_row));
  self->enabled = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->enabled), GTK_ALIGN_CENTER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (enabled_row), _("Apply This Profile"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (enabled_row), GTK_WIDGET (self->enabled));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (enabled_row), GTK_WIDGET (self->enabled));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), enabled_row);
  self->editor_error = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->editor_error, TRUE);
  gtk_label_set_xalign (self->editor_error, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->editor_error), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->editor_error), FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->editor_error));
  return group;
}

static GtkWidget *
build_editor (TcguiProfilesWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save"));
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *matches = adw_preferences_group_new ();

  gtk_widget_set_tooltip_text (back, _("Back"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (back), "rules.back");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (save), "rules.save");
  gtk_widget_add_css_class (save, "suggested-action");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), back);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), save);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (_("Profile"), NULL));
  gtk_box_append (GTK_BOX (box), header);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                            ADW_PREFERENCES_GROUP (build_profile_group (self)));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                            ADW_PREFERENCES_GROUP (build_selector_group (self)));
  self->matches_group = ADW_PREFERENCES_GROUP (matches);
  adw_preferences_group_set_title (self->matches_group, _("Containers It Matches Now"));
  self->matches = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->matches, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->matches), "boxed-list");
  adw_preferences_group_add (self->matches_group, GTK_WIDGET (self->matches));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), self->matches_group);
  self->outgoing = TCGUI_DIRECTION_GROUP (tcgui_direction_group_new (TCGUI_DIRECTION_OUTGOING));
  self->incoming = TCGUI_DIRECTION_GROUP (tcgui_direction_group_new (TCGUI_DIRECTION_INCOMING));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (self->outgoing));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (self->incoming));
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  return g_object_ref_sink (box);
}

static GtkWidget *editor_widget (TcguiProfilesWindow *self);

static void
open_editor (TcguiProfilesWindow *self,
             TcguiRuleItem       *rule,
             gboolean             copy)
{
  GtkWidget *editor = editor_widget (self);

  fill_editor (self, rule, copy);
  adw_preferences_window_present_subpage (ADW_PREFERENCES_WINDOW (self), editor);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static GtkWidget *
editor_widget (TcguiProfilesWindow *self)
{
  GtkWidget *editor = g_object_get_data (G_OBJECT (self), "editor");

  if (editor == NULL)
    {
      editor = build_editor (self);
      g_object_set_data_full (G_OBJECT (self), "editor", editor, g_object_unref);
    }
  return editor;
}

/* Actions ----------------------------------------------------------------- */

static TcguiRuleItem *
rule_of (TcguiProfilesWindow *self,
         GVariant            *parameter)
{
  return tcgui_rules_lookup (self->rules, g_variant_get_string (parameter, NULL));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_editor (TCGUI_PROFILES_WINDOW (widget), NULL, FALSE);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TcguiProfilesWindow *self = TCGUI_PROFILES_WINDOW (widget);
  TcguiRuleItem *rule = rule_of (self, parameter);

  if (rule != NULL)
    open_editor (self, rule, FALSE);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (widget));
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TcguiProfilesWindow *self = TCGUI_PROFILES_WINDOW (widget);
  TcguiRuleItem *rule = rule_of (self, parameter);
  g_autoptr(GVariant) copy = NULL;
  g_autofree char *name = NULL;
  GVariantDict dict;

  if (rule == NULL)
    return;
  /* Translators: the name of a duplicated profile */
  name = g_strdup_printf (_("%s (copy)"), tcgui_rule_item_get_name (rule));
  copy = g_variant_ref_sink (tcgui_rule_item_to_editable (rule, FALSE));
  g_variant_dict_init (&dict, copy);
  g_variant_dict_insert (&dict, "name", "s", name);
  set_rule (self, g_variant_dict_end (&dict),
            g_strdup_printf (_("Duplicated “%s”"), tcgui_rule_item_get_name (rule)));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TcguiProfilesWindow *self = TCGUI_PROFILES_WINDOW (widget);
  TcguiRuleItem *rule = rule_of (self, parameter);
  Call *call;

  if (rule == NULL)
    return;
  /* Kept for the toast's Undo: the same rule again, under a new id. */
  call = call_new (self, g_strdup_printf (_("Deleted “%s”"), tcgui_rule_item_get_name (rule)));
  call->undo = g_variant_ref_sink (tcgui_rule_item_to_editable (rule, FALSE));
  tcgui_rules_delete_async (self->rules, tcgui_rule_item_get_id (rule), self->cancellable,
                            deleted_cb, call);
}

static void
rename_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  TcguiProfilesWindow *self = user_data;
  const char *id = g_object_get_data (G_OBJECT (dialog), "rule-id");
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  TcguiRuleItem *rule = tcgui_rules_lookup (self->rules, id);
  const char *name = gtk_editable_get_text (entry);

  if (rule == NULL || !g_str_equal (response, "rename") || name[0] == '\0')
    return;
  set_rule (self, rule_with (rule, "name", g_variant_new_string (name)),
            g_strdup_printf (_("Renamed “%s” to “%s”"), tcgui_rule_item_get_name (rule), name));
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TcguiProfilesWindow *self = TCGUI_PROFILES_WINDOW (widget);
  TcguiRuleItem *rule = rule_of (self, parameter);
  GtkWidget *dialog, *entry;

  if (rule == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Rename Profile"), NULL);
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), tcgui_rule_item_get_name (rule));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "rename", _("_Rename"), NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename",
                                              ADW_RESPONSE_SUGGESTED);
  g_object_set_data_full (G_OBJECT (dialog), "rule-id", g_strdup (tcgui_rule_item_get_id (rule)),
                          g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (rename_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Import and export ------------------------------------------------------ */

static void
imported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TcguiProfilesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *failures = NULL;
  g_autofree char *message = NULL;
  guint n_stored = 0, n_failed = 0;

  if (!tcgui_rules_set_all_finish (TCGUI_RULES (object), result, &n_stored, &n_failed, &failures,
                                   &error))
    return;   /* cancelled: the window is going */
  if (n_failed == 0)
    message = g_strdup_printf (ngettext ("Imported %u profile", "Imported %u profiles", n_stored),
                               n_stored);
  else
    /* Translators: the number imported, the number in the file, then the helper's errors */
    message = g_strdup_printf (_("Imported %u of %u profiles: %s"), n_stored,
                               n_stored + n_failed, failures);
  toast (self, message);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TcguiProfilesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rules = NULL;

  if (!(rules = tcgui_rules_file_load_finish (G_FILE (object), result, &error)))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("Nothing was imported: %s"), error->message);
      return toast (self, message);
    }
  tcgui_rules_set_all_async (self->rules, rules, FALSE, self->cancellable, imported_cb,
                             g_object_ref (self));
}

static void
import_response_cb (GtkNativeDialog     *dialog,
                    int                  response,
                    TcguiProfilesWindow *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL)
    tcgui_rules_file_load_async (file, self->cancellable, loaded_cb, g_object_ref (self));
  g_object_unref (dialog);
}

static GtkFileChooserNative *
file_chooser (TcguiProfilesWindow *self,
              const char          *title,
              GtkFileChooserAction action,
              const char          *accept)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action,
                                                               accept, _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("JSON files"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  return chooser;
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TcguiProfilesWindow *self = TCGUI_PROFILES_WINDOW (widget);
  GtkFileChooserNative *chooser = file_chooser (self, _("Import Profiles"),
                                                GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"));

  g_signal_connect_object (chooser, "response", G_CALLBACK (import_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
saved_file_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("Cannot export the profiles: %s"), error->message);
    }
  toast (call->self, message != NULL ? message : call->message);
}

static void
export_response_cb (GtkNativeDialog     *dialog,
                    int                  response,
                    TcguiProfilesWindow *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GBytes) bytes = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rules));
  char *text;

  if (response != GTK_RESPONSE_ACCEPT ||
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) == NULL)
    return g_object_unref (dialog);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (rules, g_list_model_get_item (G_LIST_MODEL (self->rules), i));
  text = tcgui_rules_file_to_json (rules);
  bytes = g_bytes_new_take (text, strlen (text));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_NONE,
                                       self->cancellable, saved_file_cb,
                                       call_new (self, g_strdup_printf (ngettext ("Exported %u profile",
                                                                                  "Exported %u profiles", n), n)));
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TcguiProfilesWindow *self = TCGUI_PROFILES_WINDOW (widget);
  GtkFileChooserNative *chooser = file_chooser (self, _("Export Profiles"),
                                                GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"));

  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "tcgui-profiles.json");
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The window -------------------------------------------------------------- */

static GtkWidget *
header_button (const char *icon,
               const char *tooltip,
               const char *action)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static void
build_page (TcguiProfilesWindow *self)
{
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("Profiles"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "network-wired-symbolic");
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Profiles"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
    _("The helper applies each profile to its targets whenever they start, also while TC GUI "
      "is closed."));
  gtk_box_append (GTK_BOX (buttons), header_button ("document-open-symbolic",
                                                    _("Import Profiles…"), "rules.import"));
  gtk_box_append (GTK_BOX (buttons), header_button ("document-save-symbolic",
                                                    _("Export Profiles…"), "rules.export"));
  gtk_box_append (GTK_BOX (buttons), header_button ("list-add-symbolic", _("New Profile (Ctrl+N)"),
                                                    "rules.new"));
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), buttons);
  self->unavailable = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->unavailable), TRUE);
  gtk_widget_add_css_class (self->unavailable, "dim-label");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->unavailable);
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->list));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (page));
}

static void
tcgui_profiles_window_dispose (GObject *object)
{
  TcguiProfilesWindow *self = (TcguiProfilesWindow *)object;

  g_cancellable_cancel (self->cancellable);
  /* The editor's rows go with the window and may still signal meanwhile. */
  if (self->kind_row != NULL)
    g_signal_handlers_disconnect_by_data (self->kind_row, self);
  if (self->selector_rows != NULL)
    {
      GHashTableIter iter;
      gpointer row;

      g_hash_table_iter_init (&iter, self->selector_rows);
      while (g_hash_table_iter_next (&iter, NULL, &row))
        g_signal_handlers_disconnect_by_data (row, self);
      g_hash_table_remove_all (self->selector_rows);
    }
  self->kind_row = NULL;
  self->matches = NULL;
  /* The list may outlive the window: it must no longer make rows for it. */
  if (self->rules != NULL)
    g_signal_handlers_disconnect_by_data (self->rules, self);
  self->list = NULL;
  if (self->inventory != NULL)
    g_signal_handlers_disconnect_by_data (self->inventory, self);
  g_clear_object (&self->rules);
  g_clear_object (&self->inventory);

  G_OBJECT_CLASS (tcgui_profiles_window_parent_class)->dispose (object);
}

static void
tcgui_profiles_window_finalize (GObject *object)
{
  TcguiProfilesWindow *self = (TcguiProfilesWindow *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->selector_rows, g_hash_table_unref);
  g_free (self->editing_id);
  g_free (self->editing_runtime);

  G_OBJECT_CLASS (tcgui_profiles_window_parent_class)->finalize (object);
}

static void
tcgui_profiles_window_class_init (TcguiProfilesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tcgui_profiles_window_dispose;
  object_class->finalize = tcgui_profiles_window_finalize;

  gtk_widget_class_install_action (widget_class, "rules.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "rules.edit", "s", edit_action);
  gtk_widget_class_install_action (widget_class, "rules.rename", "s", rename_action);
  gtk_widget_class_install_action (widget_class, "rules.duplicate", "s", duplicate_action);
  gtk_widget_class_install_action (widget_class, "rules.delete", "s", delete_action);
  gtk_widget_class_install_action (widget_class, "rules.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "rules.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "rules.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "rules.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "rules.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "rules.save", NULL);
}

static void
tcgui_profiles_window_init (TcguiProfilesWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->selector_rows = g_hash_table_new (g_str_hash, g_str_equal);
  gtk_window_set_title (GTK_WINDOW (self), _("Profiles"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 720);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (self), FALSE);
  build_page (self);
}

/**
 * tcgui_profiles_window_new:
 *
 * Returns: (transfer floating): the profiles window over @parent
 */
GtkWidget *
tcgui_profiles_window_new (GtkWindow      *parent,
                           TcguiRules     *rules,
                           TcguiInventory *inventory)
{
  TcguiProfilesWindow *self;

  g_return_val_if_fail (TCGUI_IS_RULES (rules), NULL);
  g_return_val_if_fail (TCGUI_IS_INVENTORY (inventory), NULL);

  self = g_object_new (TCGUI_TYPE_PROFILES_WINDOW, "transient-for", parent,
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       NULL);
  self->rules = g_object_ref (rules);
  self->inventory = g_object_ref (inventory);
  g_signal_connect_object (rules, "items-changed", G_CALLBACK (rules_changed_cb), self, 0);
  rules_changed_cb (G_LIST_MODEL (rules), 0, 0, g_list_model_get_n_items (G_LIST_MODEL (rules)),
                    self);
  g_signal_connect_object (rules, "notify::available", G_CALLBACK (update_available), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (rules, "notify::loaded", G_CALLBACK (update_available), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (inventory, "changed", G_CALLBACK (update_matches), self,
                           G_CONNECT_SWAPPED);
  update_available (self);
  tcgui_rules_reload (rules);
  return GTK_WIDGET (self);
}
