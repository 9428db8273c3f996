/* tcgui-window-rules.c - the main window's part of the helper's rules
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The part of TcguiWindow (tcgui-window-private.h) used when the helper
 * keeps rules ("rules" in GetCapabilities; tcgui-rules.c): a target's
 * "Presets for All" menu saves its shaping as a rule for the container's
 * image (win.save-image-rule) or for this container by name
 * (win.keep-container-rule), forgets the image's rule with Undo, and
 * applies it for 5, 15 or 60 minutes (win.timed-apply: a rule with
 * "duration-s" on any page's interfaces; win.cancel-rule ends it early).
 * The header says which rules hold on a container and how long a timed one
 * has left; the helper's RulesChanged ("applied" with a new "at") gives the
 * notifications the app's own applier used to give. The old
 * ~/.config/tcgui/profiles.json is imported once (tcgui_window_rules_import).
 */

#define G_LOG_DOMAIN "tcgui-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-link.h"
#include "tcgui-profile-capture.h"
#include "tcgui-rules-file.h"
#include "tcgui-toast.h"
#include "tcgui-window-private.h"

/* The header's remaining time is a minute-grained countdown. */
#define COUNTDOWN_SECONDS 15

static void
toast_message (TcguiWindow *self,
               const char  *message)
{
  tcgui_toast_show (GTK_WIDGET (self->toast_overlay), message, 10);
}

static TcguiNamespace *
selected_namespace (TcguiWindow *self)
{
  return tcgui_sidebar_get_selected (self->sidebar);
}

/* The rule of kind image for exactly @image, if the user has one. */
static TcguiRuleItem *
image_rule (TcguiWindow *self,
            const char  *image)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rules));

  for (guint i = 0; image != NULL && i < n; i++)
    {
      g_autoptr(TcguiRuleItem) rule = g_list_model_get_item (G_LIST_MODEL (self->rules), i);

      if (g_str_equal (tcgui_rule_item_get_kind (rule), "image") &&
          g_str_equal (tcgui_rule_item_get_selector_string (rule, "image"), image) &&
          tcgui_rule_item_get_selector_string (rule, "container-name")[0] == '\0')
        return rule;   /* the model keeps it */
    }
  return NULL;
}

static char *
remaining (TcguiRuleItem *rule)
{
  gint64 left = tcgui_rule_item_get_expires_at (rule) - g_get_real_time () / G_USEC_PER_SEC;
  guint minutes = (guint) MAX ((left + 59) / 60, 1);

  return g_strdup_printf (ngettext ("%u minute left", "%u minutes left", minutes), minutes);
}

static void
append_rule_line (GString       *text,
                  TcguiRuleItem *rule)
{
  const char *state = tcgui_rule_item_get_state (rule);

  if (text->len > 0)
    g_string_append (text, "\n");
  if (g_str_equal (state, "overridden"))
    /* Translators: a profile's name */
    g_string_append_printf (text, _("Profile “%s”: changed by hand; the rule applies again at "
                                    "the next start"), tcgui_rule_item_get_name (rule));
  else if (tcgui_rule_item_get_expires_at (rule) != 0)
    {
      g_autofree char *left = remaining (rule);

      /* Translators: a profile's name, then "N minutes left" */
      g_string_append_printf (text, _("Profile “%s” applied for a while: %s"),
                              tcgui_rule_item_get_name (rule), left);
    }
  else
    g_string_append_printf (text, _("Profile “%s” applied; the helper applies it again at "
                                    "each start"), tcgui_rule_item_get_name (rule));
}

/* The rules the helper says hold on the selected target, or the timed
 * ones on it (to cancel), newest last. */
static GPtrArray *
rules_on_target (TcguiWindow *self)
{
  TcguiContainer *container = tcgui_window_get_selected_container (self);
  TcguiNamespace *ns = selected_namespace (self);

  if (container != NULL)
    return tcgui_rules_dup_for_target (self->rules, tcgui_container_get_key (container), NULL,
                                       NULL);
  if (ns != NULL)
    return tcgui_rules_dup_for_target (self->rules, NULL, tcgui_namespace_get_id (ns), NULL);
  return g_ptr_array_new_with_free_func (g_object_unref);
}

static TcguiRuleItem *
timed_rule (GPtrArray *rules)
{
  for (guint i = rules->len; i > 0; i--)
    if (tcgui_rule_item_get_expires_at (g_ptr_array_index (rules, i - 1)) != 0)
      return g_ptr_array_index (rules, i - 1);
  return NULL;
}

static void
add_timed_items (GMenu         *section,
                 TcguiRuleItem *timed)
{
  static const guint minutes[] = { 5, 15, 60 };

  for (guint i = 0; i < G_N_ELEMENTS (minutes); i++)
    {
      g_autofree char *label = g_strdup_printf (ngettext ("Keep This Shaping for %u Minute",
                                                          "Keep This Shaping for %u Minutes",
                                                          minutes[i]), minutes[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "win.timed-apply",
                                               g_variant_new_uint32 (minutes[i]));
      g_menu_append_item (section, item);
    }
  if (timed != NULL)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("_Cancel the Timed Shaping"), NULL);

      g_menu_item_set_action_and_target_value (item, "win.cancel-rule",
                                               g_variant_new_string (tcgui_rule_item_get_id (timed)));
      g_menu_append_item (section, item);
    }
}

/* A menu label shows "_" as a mnemonic: an image's own are doubled. */
static char *
escape_underlines (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "_", -1);

  return g_strjoinv ("__", parts);
}

static GMenuModel *
build_menu (TcguiWindow   *self,
            const char    *image,
            gboolean       has_rule,
            TcguiRuleItem *timed)
{
  GMenu *section = g_menu_new ();

  if (image != NULL)
    {
      g_autofree char *escaped = escape_underlines (image);
      g_autofree char *save = g_strdup_printf (_("_Save as Profile for Image %s"), escaped);

      g_menu_append (section, save, "win.save-image-rule");
      g_menu_append (section, _("_Keep This Shaping for This Container"),
                     "win.keep-container-rule");
      if (has_rule)
        {
          g_autofree char *forget = g_strdup_printf (_("_Forget Profile for %s"), escaped);

          g_menu_append (section, forget, "win.forget-image-rule");
        }
    }
  add_timed_items (section, timed);
  return G_MENU_MODEL (section);
}

/* Rebuilt only when it changes: an open menu stays open. */
static void
update_menu (TcguiWindow   *self,
             const char    *image,
             gboolean       has_rule,
             TcguiRuleItem *timed)
{
  g_autofree char *key = g_strdup_printf ("rules\n%s\n%d\n%s", image ? image : "", has_rule,
                                          timed ? tcgui_rule_item_get_id (timed) : "");
  g_autoptr(GMenuModel) menu = NULL;

  if (g_strcmp0 (key, self->menu_image) == 0)
    return;
  g_free (self->menu_image);
  self->menu_image = g_steal_pointer (&key);
  menu = build_menu (self, image, has_rule, timed);
  tcgui_links_page_set_extra_menu (self->links_page, menu);
}

static gboolean
countdown_cb (gpointer data)
{
  TcguiWindow *self = data;

  tcgui_window_rules_update_ui (self);
  return G_SOURCE_CONTINUE;
}

/**
 * tcgui_window_rules_update_ui:
 *
 * The header's line, the menu and the actions for the selected target,
 * from the rules model (instead of tcgui_window_update_profile_ui()'s
 * profiles, while the helper keeps rules).
 */
void
tcgui_window_rules_update_ui (TcguiWindow *self)
{
  TcguiContainer *container = tcgui_window_get_selected_container (self);
  const char *image = container != NULL ? tcgui_container_get_image (container) : NULL;
  gboolean running = container != NULL && tcgui_container_is_running (container);
  g_autoptr(GPtrArray) rules = rules_on_target (self);
  g_autoptr(GString) text = g_string_new (NULL);
  TcguiRuleItem *timed = timed_rule (rules);
  gboolean has_rule;

  if (image != NULL && image[0] == '\0')
    image = NULL;
  has_rule = image_rule (self, image) != NULL;
  for (guint i = 0; i < rules->len; i++)
    append_rule_line (text, g_ptr_array_index (rules, i));
  tcgui_target_header_set_profile_image (tcgui_links_page_get_target_header (self->links_page),
                                         NULL);
  tcgui_target_header_set_profile_text (tcgui_links_page_get_target_header (self->links_page),
                                        text->len > 0 ? text->str : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-image-rule", image && running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.keep-container-rule", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.forget-image-rule", has_rule);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.timed-apply",
                                 selected_namespace (self) != NULL &&
                                 (container == NULL || running));
  update_menu (self, image, has_rule, timed);
  if (timed != NULL && self->countdown_id == 0)
    self->countdown_id = g_timeout_add_seconds (COUNTDOWN_SECONDS, countdown_cb, self);
  else if (timed == NULL)
    g_clear_handle_id (&self->countdown_id, g_source_remove);
}

/* Saving ------------------------------------------------------------------ */

typedef enum
{
  JOB_IMAGE,       /* a rule for the container's image */
  JOB_CONTAINER,   /* a rule for this container, by name */
  JOB_TIMED,       /* a rule for this target's interfaces, with duration-s */
} JobKind;

typedef struct
{
  TcguiWindow    *window;
  TcguiContainer *container;       /* NULL on a namespace's or the host's page */
  TcguiNamespace *ns;
  JobKind         kind;
  guint           minutes;
  char           *replace_id;      /* JOB_IMAGE: the image's rule so far */
  GPtrArray      *rules;           /* GVariant, to send one by one */
  guint           next;
  GString        *failures;
} Job;

static void
job_free (Job *job)
{
  g_object_unref (job->window);
  g_clear_object (&job->container);
  g_clear_object (&job->ns);
  g_free (job->replace_id);
  g_clear_pointer (&job->rules, g_ptr_array_unref);
  g_string_free (job->failures, TRUE);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

/* The network of a container's interface, by its name in the namespace. */
static const char *
network_of (TcguiContainer *container,
            const char     *ifname)
{
  GPtrArray *interfaces = tcgui_container_get_interfaces (container);

  for (guint i = 0; interfaces != NULL && i < interfaces->len; i++)
    {
      TcguiContainerInterface *itf = g_ptr_array_index (interfaces, i);

      if (g_strcmp0 (itf->name, ifname) == 0)
        return itf->network;
    }
  return NULL;
}

static GVariant *
selector_for (Job        *job,
              const char *ifname,
              gboolean    per_interface)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  const char *network = NULL;

  if (job->container != NULL && per_interface)
    network = network_of (job->container, ifname);
  if (job->kind == JOB_IMAGE)
    {
      g_variant_builder_add (&b, "{sv}", "kind", g_variant_new_string ("image"));
      g_variant_builder_add (&b, "{sv}", "image",
                             g_variant_new_string (tcgui_container_get_image (job->container)));
    }
  else if (job->container != NULL)
    {
      g_variant_builder_add (&b, "{sv}", "kind", g_variant_new_string ("container"));
      g_variant_builder_add (&b, "{sv}", "container-name",
                             g_variant_new_string (tcgui_container_get_name (job->container)));
    }
  else
    {
      gboolean host = g_strcmp0 (tcgui_namespace_get_kind (job->ns), "host") == 0;

      g_variant_builder_add (&b, "{sv}", "kind", g_variant_new_string (host ? "host" : "netns"));
      if (!host)
        g_variant_builder_add (&b, "{sv}", "netns",
                               g_variant_new_string (tcgui_namespace_get_name (job->ns)));
      g_variant_builder_add (&b, "{sv}", "interface", g_variant_new_string (ifname));
    }
  if (network != NULL && network[0] != '\0')
    g_variant_builder_add (&b, "{sv}", "network", g_variant_new_string (network));
  return g_variant_builder_end (&b);
}

static char *
rule_name (Job *job)
{
  const char *target = job->container != NULL ? tcgui_container_get_name (job->container)
                                               : tcgui_namespace_get_name (job->ns);

  if (job->kind == JOB_IMAGE)
    return g_strdup (tcgui_container_get_image (job->container));
  if (job->kind == JOB_CONTAINER)
    return g_strdup (target);
  /* Translators: a container's or namespace's name, then minutes */
  return g_strdup_printf (ngettext ("%s for %u minute", "%s for %u minutes", job->minutes),
                          target, job->minutes);
}

static GVariant *
rule_for (Job                   *job,
          TcguiProfileInterface *itf,
          gboolean               per_interface,
          gboolean               first)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autofree char *name = rule_name (job);

  if (first && job->replace_id != NULL)
    g_variant_builder_add (&b, "{sv}", "id", g_variant_new_string (job->replace_id));
  g_variant_builder_add (&b, "{sv}", "name", g_variant_new_string (name));
  g_variant_builder_add (&b, "{sv}", "selector", selector_for (job, itf->ifname, per_interface));
  g_variant_builder_add (&b, "{sv}", "outgoing", tcgui_params_to_variant (&itf->outgoing));
  g_variant_builder_add (&b, "{sv}", "incoming", tcgui_params_to_variant (&itf->incoming));
  if (job->kind == JOB_TIMED)
    g_variant_builder_add (&b, "{sv}", "duration-s", g_variant_new_uint32 (job->minutes * 60));
  return g_variant_ref_sink (g_variant_builder_end (&b));
}

static gboolean
all_equal (GPtrArray *interfaces)
{
  TcguiProfileInterface *first = g_ptr_array_index (interfaces, 0);

  for (guint i = 1; i < interfaces->len; i++)
    {
      TcguiProfileInterface *other = g_ptr_array_index (interfaces, i);

      if (!tcgui_params_equal (&first->outgoing, &other->outgoing) ||
          !tcgui_params_equal (&first->incoming, &other->incoming))
        return FALSE;
    }
  return TRUE;
}

/* A container whose interfaces carry the same shaping gets one rule for
 * all of them; otherwise one per interface, chosen by network (eth0/eth1
 * are not stable). A namespace's or the host's are per interface. */
static void
build_rules (Job       *job,
             GPtrArray *interfaces)
{
  gboolean per_interface = job->container == NULL || !all_equal (interfaces);
  guint n = per_interface ? interfaces->len : 1;

  job->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (job->rules, rule_for (job, g_ptr_array_index (interfaces, i), per_interface,
                                           i == 0));
}

static char *
describe_job (Job *job)
{
  g_autofree char *name = rule_name (job);

  if (job->failures->len > 0)
    return g_strdup_printf (_("Cannot save the profile: %s"), job->failures->str);
  if (job->kind == JOB_TIMED)
    return g_strdup_printf (_("Saved “%s”: the helper clears it when the time is up"), name);
  return g_strdup_printf (_("Saved the profile “%s”: the helper applies it at each start"), name);
}

static void send_next (Job *job);

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = tcgui_rules_set_finish (TCGUI_RULES (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (id == NULL)
    g_string_append_printf (job->failures, "%s%s", job->failures->len ? "; " : "",
                            error->message);
  send_next (g_steal_pointer (&job));
}

static void
send_next (Job *job)
{
  g_autofree char *message = NULL;

  if (job->next < job->rules->len)
    {
      GVariant *rule = g_ptr_array_index (job->rules, job->next++);

      tcgui_rules_set_async (job->window->rules, rule, job->window->cancellable,
                             sent_cb, job);
      return;
    }
  message = describe_job (job);
  toast_message (job->window, message);
  job_free (job);
}

static void
captured_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(GPtrArray) interfaces = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *message = NULL;

  interfaces = tcgui_profile_capture_finish (TCGUI_HELPER_CLIENT (object), result, &notes, NULL);
  if (interfaces == NULL)
    return;   /* cancelled: the window is closing */
  if (interfaces->len == 0)
    {
      message = g_strdup_printf (_("Nothing to save: no interface has shaping TC GUI can "
                                   "represent. %s"), notes);
      toast_message (job->window, message);
      return;
    }
  build_rules (job, interfaces);
  send_next (g_steal_pointer (&job));
}

/* The interfaces the page lists, but loopback (as Presets for All). */
static void
start_job (TcguiWindow *self,
           JobKind      kind,
           guint        minutes)
{
  TcguiContainer *container = tcgui_window_get_selected_container (self);
  TcguiNamespace *ns = selected_namespace (self);
  g_auto(GStrv) ifnames = NULL;
  TcguiRuleItem *existing;
  Job *job;

  if (ns == NULL || (container == NULL && kind != JOB_TIMED))
    return;
  job = g_new0 (Job, 1);
  job->window = g_object_ref (self);
  job->container = container != NULL ? g_object_ref (container) : NULL;
  job->ns = g_object_ref (ns);
  job->kind = kind;
  job->minutes = minutes;
  job->failures = g_string_new (NULL);
  if (kind == JOB_IMAGE &&
      (existing = image_rule (self, tcgui_container_get_image (container))) != NULL)
    job->replace_id = g_strdup (tcgui_rule_item_get_id (existing));
  ifnames = tcgui_window_shaped_ifnames (self);
  tcgui_profile_capture_async (self->client, container != NULL ?
                                 tcgui_container_get_namespace_id (container) :
                                 tcgui_namespace_get_id (ns),
                               (const char * const *) ifnames, self->cancellable,
                               captured_cb, job);
}

static void
save_image_rule_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  start_job (TCGUI_WINDOW (widget), JOB_IMAGE, 0);
}

static void
keep_container_rule_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  start_job (TCGUI_WINDOW (widget), JOB_CONTAINER, 0);
}

static void
timed_apply_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  start_job (TCGUI_WINDOW (widget), JOB_TIMED, g_variant_get_uint32 (parameter));
}

/* Forgetting and cancelling ------------------------------------------------ */

typedef struct
{
  TcguiWindow *window;
  char        *message;
  GVariant    *undo;      /* the rule again, for the toast's Undo */
} Removal;

static void
removal_free (Removal *removal)
{
  g_object_unref (removal->window);
  g_free (removal->message);
  g_clear_pointer (&removal->undo, g_variant_unref);
  g_free (removal);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Removal, removal_free)

static void
restored_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TcguiWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = tcgui_rules_set_finish (TCGUI_RULES (object), result, &error);
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  message = id != NULL ? g_strdup (_("Restored the profile"))
                       : g_strdup_printf (_("Cannot restore the profile: %s"), error->message);
  toast_message (self, message);
}

static void
undo_cb (AdwToast *toast,
         Removal  *removal)
{
  TcguiWindow *self = removal->window;

  tcgui_rules_set_async (self->rules, removal->undo, self->cancellable,
                         restored_cb, g_object_ref (self));
}

static void
removed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Removal) removal = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *markup = NULL;
  AdwToast *toast;

  if (!tcgui_rules_delete_finish (TCGUI_RULES (object), result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("Cannot forget the profile: %s"), error->message);
      return toast_message (removal->window, message);
    }
  g_message ("%s", removal->message);
  markup = g_markup_escape_text (removal->message, -1);
  toast = adw_toast_new (markup);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 10);
  adw_toast_overlay_add_toast (removal->window->toast_overlay, toast);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_cb), g_steal_pointer (&removal),
                         (GClosureNotify) (void (*) (void)) removal_free, 0);
}

static void
remove_rule (TcguiWindow   *self,
             TcguiRuleItem *rule,
             char          *message)
{
  Removal *removal = g_new0 (Removal, 1);

  removal->window = g_object_ref (self);
  removal->message = message;
  removal->undo = g_variant_ref_sink (tcgui_rule_item_to_editable (rule, FALSE));
  tcgui_rules_delete_async (self->rules, tcgui_rule_item_get_id (rule), self->cancellable,
                            removed_cb, removal);
}

static void
forget_image_rule_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  TcguiWindow *self = TCGUI_WINDOW (widget);
  TcguiContainer *container = tcgui_window_get_selected_container (self);
  TcguiRuleItem *rule;

  if (container == NULL || (rule = image_rule (self, tcgui_container_get_image (container))) == NULL)
    return;
  remove_rule (self, rule, g_strdup_printf (_("Forgot the profile for %s"),
                                            tcgui_container_get_image (container)));
}

static void
cancel_rule_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TcguiWindow *self = TCGUI_WINDOW (widget);
  TcguiRuleItem *rule = tcgui_rules_lookup (self->rules, g_variant_get_string (parameter, NULL));

  if (rule != NULL)
    remove_rule (self, rule, g_strdup_printf (_("Cancelled “%s”"), tcgui_rule_item_get_name (rule)));
}

/* Notifications --------------------------------------------------------- */

static gboolean
latest_entry (TcguiRuleItem *rule,
              const char   **container_key)
{
  g_autoptr(GVariant) status = g_variant_lookup_value (tcgui_rule_item_get_variant (rule), "status",
                                                       G_VARIANT_TYPE_VARDICT);
  g_autoptr(GVariant) applied = status ? g_variant_lookup_value (status, "applied",
                                                                 G_VARIANT_TYPE ("aa{sv}")) : NULL;
  gint64 latest = -1;

  *container_key = NULL;
  for (gsize i = 0; applied != NULL && i < g_variant_n_children (applied); i++)
    {
      g_autoptr(GVariant) entry = g_variant_get_child_value (applied, i);
      const char *key = "";
      gint64 at = 0;

      g_variant_lookup (entry, "at", "x", &at);
      g_variant_lookup (entry, "container", "&s", &key);
      if (at > latest)
        {
          latest = at;
          *container_key = g_intern_string (key);
        }
    }
  return latest >= 0;
}

/* "applied" with a newer "at": the helper applied it on a (re)start. */
static void
rule_applied_cb (TcguiWindow   *self,
                 TcguiRuleItem *rule)
{
  const char *key = NULL;
  TcguiContainer *container;
  g_autofree char *message = NULL;

  if (!latest_entry (rule, &key))
    return;
  container = tcgui_inventory_lookup_container (self->inventory, key);
  if (container != NULL)
    /* Translators: a profile's name, then a container's */
    message = g_strdup_printf (_("Applied the profile “%s” to %s"), tcgui_rule_item_get_name (rule),
                               tcgui_container_get_name (container));
  else
    message = g_strdup_printf (_("Applied the profile “%s”"), tcgui_rule_item_get_name (rule));
  toast_message (self, message);
  /* The open page shows what the kernel has now. */
  tcgui_links_page_reload_shaping (self->links_page);
}

/* The import of the old profiles.json ---------------------------------------- */

typedef struct
{
  TcguiWindow *window;
  GString     *notes;
} Import;

static void
import_free (Import *import)
{
  g_object_unref (import->window);
  g_string_free (import->notes, TRUE);
  g_free (import);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Import, import_free)

/* Kept as a backup beside it, so that it is not imported again. */
static gboolean
keep_backup (TcguiWindow  *self,
             char        **backup_path,
             GError      **error)
{
  GFile *file = tcgui_profiles_get_file (self->profiles);
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GFile) backup = NULL;

  *backup_path = g_strconcat (path, ".imported", NULL);
  backup = g_file_new_for_path (*backup_path);
  return g_file_move (file, backup, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error);
}

static void
import_done (Import     *import,
             guint       n,
             const char *failures)
{
  TcguiWindow *self = import->window;
  g_autofree char *backup = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;

  if (*failures != '\0')
    /* Translators: the helper's errors */
    message = g_strdup_printf (_("Your image profiles could not be moved to the helper; "
                                 "profiles.json is kept as it was: %s"), failures);
  else if (!keep_backup (self, &backup, &error))
    message = g_strdup_printf (_("Moved your image profiles to the helper, but cannot rename "
                                 "profiles.json: %s"), error->message);
  else if (import->notes->len > 0)
    message = g_strdup_printf (ngettext ("Moved %u image profile to the helper (%s); the old "
                                         "file is kept as %s",
                                         "Moved %u image profiles to the helper (%s); the old "
                                         "file is kept as %s", n),
                               n, import->notes->str, backup);
  else
    message = g_strdup_printf (ngettext ("Moved %u image profile to the helper, which now "
                                         "applies it also while TC GUI is closed; the old file "
                                         "is kept as %s",
                                         "Moved %u image profiles to the helper, which now "
                                         "applies them also while TC GUI is closed; the old "
                                         "file is kept as %s", n),
                               n, backup);
  g_message ("%s", message);
  tcgui_toast_show (GTK_WIDGET (self->toast_overlay), message, 0);
}

static void
imported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Import) import = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *failures = NULL;
  guint n_stored = 0, n_failed = 0;

  if (tcgui_rules_set_all_finish (TCGUI_RULES (object), result, &n_stored, &n_failed, &failures,
                                  &error))
    import_done (import, n_stored, failures);
}

/**
 * tcgui_window_rules_import:
 *
 * Once both the profiles file is read and the helper keeps rules: each
 * profile of ~/.config/tcgui/profiles.json becomes a rule of kind image,
 * and the file is renamed profiles.json.imported. Only one window of the
 * app does it (the first that sees both).
 */
void
tcgui_window_rules_import (TcguiWindow *self)
{
  static gboolean started;
  g_autoptr(GPtrArray) rules = NULL;
  Import *import;

  if (started || !tcgui_rules_get_available (self->rules) ||
      !tcgui_rules_get_loaded (self->rules) || !tcgui_profiles_get_loaded (self->profiles))
    return;
  import = g_new0 (Import, 1);
  import->window = g_object_ref (self);
  import->notes = g_string_new (NULL);
  rules = tcgui_rules_from_profiles (self->profiles, import->notes);
  if (rules->len == 0)
    return import_free (import);
  started = TRUE;
  /* The first refusal stops it: profiles.json then stays as it was. */
  tcgui_rules_set_all_async (self->rules, rules, TRUE, self->cancellable, imported_cb, import);
}

/* Setup -------------------------------------------------------------------- */

/* The helper found its rules file damaged and moved it aside: said once,
 * until dismissed. */
static void
maybe_tell_file_error (TcguiWindow *self)
{
  const char *error = tcgui_rules_get_file_error (self->rules);
  g_autofree char *message = NULL;

  if (error == NULL || self->told_rules_error)
    return;
  self->told_rules_error = TRUE;
  /* Translators: the helper's words about its damaged rules file */
  message = g_strdup_printf (_("The helper’s profiles file was damaged and set aside: %s"), error);
  g_message ("%s", message);
  tcgui_toast_show (GTK_WIDGET (self->toast_overlay), message, 0);
}

static void
rules_changed_cb (TcguiWindow *self)
{
  tcgui_window_update_profile_ui (self);
  tcgui_window_rules_import (self);
  maybe_tell_file_error (self);
}

void
tcgui_window_rules_start (TcguiWindow *self)
{
  g_signal_connect_object (self->rules, "items-changed", G_CALLBACK (rules_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->rules, "notify::available", G_CALLBACK (rules_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->rules, "notify::loaded", G_CALLBACK (rules_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->profiles, "changed", G_CALLBACK (rules_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->rules, "rule-applied", G_CALLBACK (rule_applied_cb), self,
                           G_CONNECT_SWAPPED);
  rules_changed_cb (self);
}

void
tcgui_window_rules_dispose (TcguiWindow *self)
{
  g_clear_handle_id (&self->countdown_id, g_source_remove);
}

void
tcgui_window_rules_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.save-image-rule", NULL,
                                   save_image_rule_action);
  gtk_widget_class_install_action (widget_class, "win.keep-container-rule", NULL,
                                   keep_container_rule_action);
  gtk_widget_class_install_action (widget_class, "win.forget-image-rule", NULL,
                                   forget_image_rule_action);
  gtk_widget_class_install_action (widget_class, "win.timed-apply", "u", timed_apply_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-rule", "s", cancel_rule_action);
}
