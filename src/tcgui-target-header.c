/* tcgui-target-header.c - what a container is, above its interfaces
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A group at the top of the links page: the container's name as title,
 * then image, runtime, state, compose service, each network with its
 * address and each interface with its host side. Hidden for namespaces.
 * When the container's image has a profile (tcgui-profiles.c), a line
 * says that it is applied when a container of that image starts.
 */

#define G_LOG_DOMAIN "tcgui-target-header"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-target-header.h"

struct _TcguiTargetHeader
{
  AdwPreferencesGroup  parent_instance;

  TcguiContainer      *container;
  char                *profile_image;
  char                *profile_text;   /* the helper's rules on it, in words */
  GtkWidget           *profile_row;
  GPtrArray           *rows;
};

G_DEFINE_FINAL_TYPE (TcguiTargetHeader, tcgui_target_header, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_CONTAINER,
  PROP_PROFILE_IMAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
add_row (TcguiTargetHeader *self,
         const char        *title,
         const char        *subtitle,
         const char        *css_class)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "property");
  if (css_class != NULL)
    gtk_widget_add_css_class (row, css_class);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  g_ptr_array_add (self->rows, row);
}

static void
clear_rows (TcguiTargetHeader *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
}

static void
add_networks (TcguiTargetHeader *self,
              TcguiContainer    *container)
{
  GPtrArray *attachments = tcgui_container_get_attachments (container);

  for (guint i = 0; i < attachments->len; i++)
    {
      TcguiAttachment *a = g_ptr_array_index (attachments, i);
      g_autofree char *title = g_strdup_printf (_("Network %s"), a->network);
      g_autofree char *address = a->ip[0] ? g_strdup_printf ("%s/%u", a->ip, a->prefix)
                                          : g_strdup (_("no address"));
      g_autofree char *subtitle = a->internal ? g_strdup_printf (_("%s · internal"), address)
                                              : g_steal_pointer (&address);

      add_row (self, title, subtitle, a->internal ? "internal" : NULL);
    }
}

static void
add_interfaces (TcguiTargetHeader *self,
                TcguiContainer    *container)
{
  GPtrArray *interfaces = tcgui_container_get_interfaces (container);

  for (guint i = 0; i < interfaces->len; i++)
    {
      TcguiContainerInterface *itf = g_ptr_array_index (interfaces, i);
      g_autofree char *title = g_strdup_printf (_("Interface %s"), itf->name);
      g_autoptr(GString) subtitle = g_string_new (itf->network[0] ? itf->network : _("no network"));

      if (itf->host_interface[0] != '\0')
        g_string_append_printf (subtitle, _(" · host side %s"), itf->host_interface);
      if (itf->bridge[0] != '\0')
        g_string_append_printf (subtitle, _(" on %s"), itf->bridge);
      add_row (self, title, subtitle->str, NULL);
    }
}

static void
show_container (TcguiTargetHeader *self,
                TcguiContainer    *container)
{
  g_autofree char *runtime = tcgui_container_dup_runtime_label (container);
  const char *project = tcgui_container_get_compose_project (container);
  const char *state = tcgui_container_get_state (container);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self),
                                   tcgui_container_get_name (container));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         tcgui_container_get_id (container));
  add_row (self, _("Image"), tcgui_container_get_image (container), NULL);
  add_row (self, _("Runtime"), runtime, NULL);
  add_row (self, _("State"), state[0] ? state : _("running"), NULL);
  if (project[0] != '\0')
    {
      g_autofree char *compose = g_strdup_printf ("%s / %s", project,
                                                  tcgui_container_get_compose_service (container));

      add_row (self, _("Compose"), compose, NULL);
    }
  add_networks (self, container);
  add_interfaces (self, container);
}

/* The profile's line, last: removed and added again after the
 * container's own rows. */
static void
show_profile (TcguiTargetHeader *self)
{
  g_autofree char *title = NULL;

  if (self->profile_row != NULL)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->profile_row);
  self->profile_row = NULL;
  if ((self->profile_image == NULL && self->profile_text == NULL) || self->container == NULL)
    return;
  if (self->profile_text != NULL)
    title = g_strdup (self->profile_text);
  else
    /* Translators: the image reference, e.g. "localhost/bb:latest" */
    title = g_strdup_printf (_("Profile for %s: applied when a container of this image starts"),
                             self->profile_image);
  self->profile_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->profile_row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->profile_row), FALSE);
  adw_action_row_add_prefix (ADW_ACTION_ROW (self->profile_row),
                             gtk_image_new_from_icon_name ("document-save-symbolic"));
  gtk_widget_add_css_class (self->profile_row, "profile");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->profile_row);
}

static void
tcgui_target_header_dispose (GObject *object)
{
  TcguiTargetHeader *self = (TcguiTargetHeader *)object;

  g_clear_object (&self->container);
  gtk_widget_dispose_template (GTK_WIDGET (self), TCGUI_TYPE_TARGET_HEADER);

  G_OBJECT_CLASS (tcgui_target_header_parent_class)->dispose (object);
}

static void
tcgui_target_header_finalize (GObject *object)
{
  TcguiTargetHeader *self = (TcguiTargetHeader *)object;

  g_ptr_array_unref (self->rows);
  g_free (self->profile_image);
  g_free (self->profile_text);

  G_OBJECT_CLASS (tcgui_target_header_parent_class)->finalize (object);
}

static void
tcgui_target_header_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TcguiTargetHeader *self = TCGUI_TARGET_HEADER (object);

  switch (prop_id)
    {
    case PROP_CONTAINER:
      g_value_set_object (value, self->container);
      break;
    case PROP_PROFILE_IMAGE:
      g_value_set_string (value, self->profile_image);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tcgui_target_header_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  TcguiTargetHeader *self = TCGUI_TARGET_HEADER (object);

  switch (prop_id)
    {
    case PROP_CONTAINER:
      tcgui_target_header_set_container (self, g_value_get_object (value));
      break;
    case PROP_PROFILE_IMAGE:
      tcgui_target_header_set_profile_image (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tcgui_target_header_class_init (TcguiTargetHeaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tcgui_target_header_dispose;
  object_class->finalize = tcgui_target_header_finalize;
  object_class->get_property = tcgui_target_header_get_property;
  object_class->set_property = tcgui_target_header_set_property;

  properties[PROP_CONTAINER] =
    g_param_spec_object ("container", NULL, NULL, TCGUI_TYPE_CONTAINER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The image whose profile applies to new containers, or NULL. */
  properties[PROP_PROFILE_IMAGE] =
    g_param_spec_string ("profile-image", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tcgui/TcGui/tcgui-target-header.ui");
}

static void
tcgui_target_header_init (TcguiTargetHeader *self)
{
  /* The rows are the group's children: the group unparents them. */
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * tcgui_target_header_set_container:
 * @container: (nullable): what to describe; %NULL hides the header (a
 *   namespace, not a container, is shown)
 */
void
tcgui_target_header_set_container (TcguiTargetHeader *self,
                                   TcguiContainer    *container)
{
  g_return_if_fail (TCGUI_IS_TARGET_HEADER (self));
  g_return_if_fail (container == NULL || TCGUI_IS_CONTAINER (container));

  if (!g_set_object (&self->container, container))
    return;

  clear_rows (self);
  if (container != NULL)
    show_container (self, container);
  show_profile (self);
  gtk_widget_set_visible (GTK_WIDGET (self), container != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTAINER]);
}

/**
 * tcgui_target_header_get_container:
 *
 * Returns: (nullable) (transfer none): the container described
 */
TcguiContainer *
tcgui_target_header_get_container (TcguiTargetHeader *self)
{
  g_return_val_if_fail (TCGUI_IS_TARGET_HEADER (self), NULL);
  return self->container;
}

/**
 * tcgui_target_header_set_profile_image:
 * @image: (nullable): the image of the container shown when it has a
 *   profile, else %NULL
 */
void
tcgui_target_header_set_profile_image (TcguiTargetHeader *self,
                                       const char        *image)
{
  g_return_if_fail (TCGUI_IS_TARGET_HEADER (self));

  if (g_strcmp0 (self->profile_image, image) == 0)
    return;
  g_free (self->profile_image);
  self->profile_image = g_strdup (image);
  show_profile (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE_IMAGE]);
}

/**
 * tcgui_target_header_set_profile_text:
 * @text: (nullable): which of the helper's profiles (rules) hold on the
 *   container and how, shown instead of the image's profile line
 */
void
tcgui_target_header_set_profile_text (TcguiTargetHeader *self,
                                      const char        *text)
{
  g_return_if_fail (TCGUI_IS_TARGET_HEADER (self));

  if (g_strcmp0 (self->profile_text, text) == 0)
    return;
  g_free (self->profile_text);
  self->profile_text = g_strdup (text);
  show_profile (self);
}
