/* tcgui-copy-command.c - "Copy as Command" and "Copy as tc Commands"
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What an interface page shows, as text for a script: the `tcguictl set`
 * lines that reproduce it, or the `tc` lines (entering the namespace with
 * `ip netns exec` or `nsenter`) that build the tree the helper builds, for
 * machines without TC GUI. Both are written from the parameter model
 * (common/tcgui-units.c for the values; the default burst and queue of
 * common/tcgui-params.c, which the helper uses too). The IFB's name and the
 * redirect's priority are the helper's, so that TC GUI reads such a tree
 * back; the root qdiscs get handles 1: and 10:, not TC GUI's, so that it
 * reports them as made with tc.
 */

#define G_LOG_DOMAIN "tcgui-copy-command"

#include "config.h"

#include <glib/gi18n.h>

#include "tcgui-container.h"
#include "tcgui-copy-command.h"
#include "tcgui-link.h"
#include "tcgui-links-page.h"
#include "tcgui-namespace.h"
#include "tcgui-shaping-client.h"
#include "tcgui-toast.h"
#include "tcgui-tree.h"
#include "tcgui-units.h"

/* The helper's (helper/tcgui-qdisc.h): its redirect filter is found so. */

/* A word as the shell reads it: quoted only when it needs to be. */
static char *
quote (const char *word)
{
  for (const char *p = word; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("_.:/+@%=-", *p) == NULL)
      return g_shell_quote (word);
  return g_strdup (word[0] ? word : "''");
}

/* For a "# …" line: a namespace may be named with a newline ("ip netns
 * add" takes it), which would end the comment and run the rest. */
static char *
comment_safe (const char *text)
{
  char *safe = g_strdup (text);

  for (char *p = safe; *p != '\0'; p++)
    if (g_ascii_iscntrl (*p))
      *p = '?';
  return safe;
}

static char *
format_unit (TcguiUnit unit,
             double    value)
{
  return tcgui_units_format (unit, value);
}

/* "--outgoing --delay 100ms" → one tcguictl line. */
static void
append_ctl (GString               *out,
            const TcguiCopyTarget *t,
            const char            *direction,
            const TcguiParams     *params)
{
  g_autofree char *target = quote (t->target);
  g_autofree char *ifname = quote (t->ifname);
  g_autofree char *options = NULL;

  if (tcgui_params_is_empty (params))
    {
      g_string_append_printf (out, "tcguictl clear %s %s --%s\n", target, ifname, direction);
      return;
    }
  options = tcgui_params_to_options (params);
  g_string_append_printf (out, "tcguictl set %s %s --%s %s\n", target, ifname, direction, options);
}

/**
 * tcgui_copy_command_format_ctl:
 *
 * Returns: (transfer full): the tcguictl lines that give @target's
 *   interface @outgoing and @incoming: one `set --both` when they are the
 *   same, a `clear` for a direction without shaping
 */
char *
tcgui_copy_command_format_ctl (const TcguiCopyTarget *t,
                               const TcguiParams     *outgoing,
                               const TcguiParams     *incoming)
{
  GString *out = g_string_new (NULL);
  g_autofree char *target = quote (t->target);
  g_autofree char *ifname = quote (t->ifname);

  if (tcgui_params_is_empty (outgoing) && tcgui_params_is_empty (incoming))
    g_string_append_printf (out, "tcguictl clear %s %s\n", target, ifname);
  else if (tcgui_params_equal (outgoing, incoming))
    append_ctl (out, t, "both", outgoing);
  else
    {
      append_ctl (out, t, "outgoing", outgoing);
      append_ctl (out, t, "incoming", incoming);
    }
  return g_string_free (out, FALSE);
}

/* How the lines enter @ns_id ("" for the host). */
static char *
ns_prefix (const char *ns_id)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *name = NULL;

  if (ns_id == NULL || ns_id[0] == '\0' || g_str_equal (ns_id, "host"))
    return g_strdup ("");
  if (g_str_has_prefix (ns_id, "netns:"))
    {
      name = quote (ns_id + 6);
      return g_strdup_printf ("ip netns exec %s ", name);
    }
  /* "pid:PID:INODE"; anything else gives a line that fails, never a glob. */
  parts = g_strsplit (ns_id, ":", 3);
  name = quote (parts[1] != NULL ? parts[1] : "");
  return g_strdup_printf ("nsenter -t %s -n ", name);
}

static void
append_percent (GString    *s,
                const char *word,
                double      value,
                double      correlation)
{
  g_autofree char *v = format_unit (TCGUI_UNIT_PERCENT, value);
  g_autofree char *c = correlation != 0 ? format_unit (TCGUI_UNIT_PERCENT, correlation) : NULL;

  if (value == 0)
    return;
  g_string_append_printf (s, " %s %s%s%s", word, v, c ? " " : "", c ? c : "");
}

static void
append_delay (GString           *s,
              const TcguiParams *p)
{
  g_autofree char *d = format_unit (TCGUI_UNIT_TIME, p->delay_us);
  g_autofree char *j = format_unit (TCGUI_UNIT_TIME, p->jitter_us);
  g_autofree char *c = format_unit (TCGUI_UNIT_PERCENT, p->delay_correlation);

  if (p->delay_us == 0)
    return;
  g_string_append_printf (s, " delay %s", d);
  if (p->jitter_us != 0 || p->delay_correlation != 0)
    g_string_append_printf (s, " %s", j);
  if (p->delay_correlation != 0)
    g_string_append_printf (s, " %s", c);
  /* Without a table netem's jitter is uniform: tc has no "uniform" file. */
  if (p->distribution != TCGUI_DIST_NONE && p->distribution != TCGUI_DIST_UNIFORM)
    g_string_append_printf (s, " distribution %s", tcgui_distribution_to_string (p->distribution));
}

static void
append_loss (GString           *s,
             const TcguiParams *p)
{
  if (p->loss_model == TCGUI_LOSS_GEMODEL)
    {
      g_autofree char *gp = format_unit (TCGUI_UNIT_PERCENT, p->gemodel_p);
      g_autofree char *gr = format_unit (TCGUI_UNIT_PERCENT, p->gemodel_r);
      g_autofree char *gh = format_unit (TCGUI_UNIT_PERCENT, p->gemodel_1_h);
      g_autofree char *gk = format_unit (TCGUI_UNIT_PERCENT, p->gemodel_1_k);

      g_string_append_printf (s, " loss gemodel %s %s %s %s", gp, gr, gh, gk);
      return;
    }
  append_percent (s, "loss random", p->loss, p->loss_correlation);
}

/* netem's arguments, in tc's order. */
static char *
netem_args (const TcguiParams *p)
{
  GString *s = g_string_new ("netem");

  if (p->limit_packets != 0)
    g_string_append_printf (s, " limit %u", p->limit_packets);
  append_delay (s, p);
  append_loss (s, p);
  append_percent (s, "duplicate", p->duplicate, p->duplicate_correlation);
  append_percent (s, "reorder", p->reorder, p->reorder_correlation);
  if (p->reorder != 0 && p->reorder_gap != 0)
    g_string_append_printf (s, " gap %u", p->reorder_gap);
  append_percent (s, "corrupt", p->corrupt, p->corrupt_correlation);
  return g_string_free (s, FALSE);
}

/* The helper's tbf: the burst and byte limit it derives when none is set.
 * Under netem the packet limit is netem's. */
static char *
tbf_args (const TcguiParams *p,
          guint              mtu,
          gboolean           alone)
{
  g_autofree char *rate = format_unit (TCGUI_UNIT_RATE, (double) p->rate_bps);
  guint32 burst = p->burst_bytes ? p->burst_bytes : tcgui_params_default_burst (p->rate_bps, mtu, 0);
  guint64 limit = alone && p->limit_packets
                  ? MIN ((guint64) p->limit_packets * (mtu + TCGUI_PARAMS_ETH_OVERHEAD), G_MAXUINT32)
                  : tcgui_params_default_tbf_limit (burst, p->rate_bps);

  return g_strdup_printf ("tbf rate %s burst %ub limit %" G_GUINT64_FORMAT "b", rate, burst, limit);
}

/* The root qdisc (and netem's tbf child) of @dev in the namespace @prefix enters. */
static void
append_tree (GString           *out,
             const char        *prefix,
             const char        *dev,
             guint              mtu,
             const TcguiParams *p)
{
  g_autofree char *qdev = quote (dev);
  g_autofree char *root = NULL;
  g_autofree char *child = NULL;

  if (!tcgui_params_needs_netem (p))
    {
      root = tbf_args (p, mtu, TRUE);
      g_string_append_printf (out, "%stc qdisc replace dev %s root handle 1: %s\n", prefix, qdev, root);
      return;
    }
  root = netem_args (p);
  g_string_append_printf (out, "%stc qdisc replace dev %s root handle 1: %s\n", prefix, qdev, root);
  if (p->rate_bps == 0)
    return;
  child = tbf_args (p, mtu, FALSE);
  g_string_append_printf (out, "%stc qdisc replace dev %s parent 1:1 handle 10: %s\n",
                          prefix, qdev, child);
}

/* The helper's IFB name for the interface. */
static char *
ifb_name (const TcguiCopyTarget *t)
{
  if (g_str_has_prefix (t->incoming_via ? t->incoming_via : "", "ifb:"))
    return g_strdup (t->incoming_via + 4);
  return tcgui_tree_ifb_name (t->ifindex);
}

static void
append_incoming (GString               *out,
                 const TcguiCopyTarget *t,
                 const char            *prefix,
                 const TcguiParams     *p)
{
  g_autofree char *ifb = NULL;
  g_autofree char *qifb = NULL;
  g_autofree char *qdev = quote (t->ifname);
  const char *via = t->incoming_via ? t->incoming_via : "";

  if (g_str_has_prefix (via, "peer:"))
    {
      const char *via_ns = t->incoming_via_namespace;
      g_autofree char *peer_prefix = via_ns && via_ns[0] ? ns_prefix (via_ns) : g_strdup (prefix);

      g_string_append_printf (out, "# incoming: the egress of its veth peer %s\n", via + 5);
      append_tree (out, peer_prefix, via + 5, t->mtu, p);
      return;
    }
  ifb = ifb_name (t);
  qifb = quote (ifb);
  g_string_append_printf (out, "# incoming: an IFB device fed by a redirect of what %s receives\n"
                               "%sip link add %s type ifb\n%sip link set %s up\n"
                               "%stc qdisc add dev %s handle ffff: ingress\n"
                               "%stc filter add dev %s parent ffff: protocol all prio %u u32 "
                               "match u32 0 0 action mirred egress redirect dev %s\n",
                          t->ifname, prefix, qifb, prefix, qifb, prefix, qdev, prefix, qdev,
                          TCGUI_FILTER_PRIO, qifb);
  append_tree (out, prefix, ifb, t->mtu, p);
}

/**
 * tcgui_copy_command_format_tc:
 *
 * Returns: (transfer full): the tc (and ip) lines that build the trees the
 *   helper builds for @outgoing and @incoming on @target's interface
 */
char *
tcgui_copy_command_format_tc (const TcguiCopyTarget *t,
                              const TcguiParams     *outgoing,
                              const TcguiParams     *incoming)
{
  GString *out = g_string_new (NULL);
  g_autofree char *prefix = ns_prefix (t->namespace_id);
  g_autofree char *qdev = quote (t->ifname);
  g_autofree char *what = comment_safe (t->target);

  g_string_append_printf (out, "# %s of %s: outgoing\n", t->ifname, what);
  if (tcgui_params_is_empty (outgoing))
    g_string_append_printf (out, "# not shaped: %stc qdisc del dev %s root\n", prefix, qdev);
  else
    append_tree (out, prefix, t->ifname, t->mtu, outgoing);
  if (tcgui_params_is_empty (incoming))
    g_string_append (out, "# incoming: not shaped\n");
  else
    append_incoming (out, t, prefix, incoming);
  return g_string_free (out, FALSE);
}

/* The app's side: the shown interface's state, on the clipboard. ---------- */

typedef struct
{
  char  *name;
  int    index;
  guint  mtu;
} Iface;

typedef struct
{
  GtkWidget         *widget;
  TcguiHelperClient *client;
  char              *target;
  char              *namespace_id;
  GArray            *ifaces;      /* of Iface, read one after the other */
  guint              pos;
  GString           *text;
  gboolean           as_tc;
} CopyData;

static void
iface_clear (gpointer p)
{
  g_free (((Iface *) p)->name);
}

static void
copy_data_free (CopyData *data)
{
  g_object_unref (data->widget);
  g_object_unref (data->client);
  g_free (data->target);
  g_free (data->namespace_id);
  g_array_unref (data->ifaces);
  g_string_free (data->text, TRUE);
  g_free (data);
}

static void
direction_params (GVariant    *state,
                  const char  *key,
                  TcguiParams *params)
{
  g_autoptr(GVariant) dict = g_variant_lookup_value (state, key, G_VARIANT_TYPE_VARDICT);

  if (dict == NULL || !tcgui_params_from_variant (dict, params, NULL))
    tcgui_params_init (params);
}

/* Flows are not written yet (their class and filter numbers are the
 * helper's alone): the copy says so instead of claiming the whole tree. */
static void
note_flows (GString    *out,
            GVariant   *state,
            const char *ifname,
            const char *key)
{
  g_autoptr(GVariant) dict = g_variant_lookup_value (state, key, G_VARIANT_TYPE_VARDICT);
  g_autoptr(GVariant) flows = dict != NULL ? g_variant_lookup_value (dict, "flows",
                                                                     G_VARIANT_TYPE ("aa{sv}"))
                                           : NULL;

  if (flows != NULL && g_variant_n_children (flows) > 0)
    g_string_append_printf (out, "# %s %s: %" G_GSIZE_FORMAT " flow(s) not copied, only the "
                            "default below\n", ifname, key, g_variant_n_children (flows));
}

static void
append_state (CopyData    *data,
              const Iface *iface,
              GVariant    *state)
{
  TcguiCopyTarget t = { data->target, data->namespace_id, iface->name, iface->index,
                        iface->mtu, "", "" };
  g_autofree char *text = NULL;
  TcguiParams outgoing, incoming;

  g_variant_lookup (state, "incoming-via", "&s", &t.incoming_via);
  g_variant_lookup (state, "incoming-via-namespace", "&s", &t.incoming_via_namespace);
  direction_params (state, "outgoing", &outgoing);
  direction_params (state, "incoming", &incoming);
  note_flows (data->text, state, iface->name, "outgoing");
  note_flows (data->text, state, iface->name, "incoming");
  text = data->as_tc ? tcgui_copy_command_format_tc (&t, &outgoing, &incoming)
                     : tcgui_copy_command_format_ctl (&t, &outgoing, &incoming);
  g_string_append (data->text, text);
}

static void read_next (CopyData *data);

static void
get_shaping_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  CopyData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) state = NULL;

  state = tcgui_shaping_client_get_shaping_finish (TCGUI_HELPER_CLIENT (object), result, &error);
  if (state == NULL)
    {
      tcgui_toast_show (data->widget, error->message, 5);
      return copy_data_free (data);
    }
  append_state (data, &g_array_index (data->ifaces, Iface, data->pos), state);
  data->pos++;
  read_next (data);
}

/* One GetShaping at a time; then the whole text goes to the clipboard. */
static void
read_next (CopyData *data)
{
  if (data->pos < data->ifaces->len)
    {
      tcgui_shaping_client_get_shaping_async (data->client, data->namespace_id,
                                              g_array_index (data->ifaces, Iface, data->pos).name,
                                              NULL, get_shaping_cb, data);
      return;
    }
  gdk_clipboard_set_text (gtk_widget_get_clipboard (data->widget), data->text->str);
  tcgui_toast_show (data->widget, data->as_tc ? _("tc commands copied") : _("Command copied"), 3);
  copy_data_free (data);
}

/* What tcguictl calls the page's target: a container by its name. */
static char *
target_name (TcguiNamespace *ns,
             const char     *namespace_id)
{
  g_auto(GStrv) parts = g_strsplit (namespace_id, ":", 3);

  if (ns != NULL && tcgui_namespace_get_container (ns) != NULL)
    return g_strdup (tcgui_container_get_name (tcgui_namespace_get_container (ns)));
  if (g_str_equal (parts[0], "pid") && parts[1] != NULL)
    return g_strdup_printf ("pid:%s", parts[1]);
  return g_strdup (namespace_id);
}

/* Not lo, and not the helper's IFB devices: shaping one's incoming writes them. */
static gboolean
copied_with_all (TcguiLink *link)
{
  const char *name = tcgui_link_get_name (link);

  if (g_strcmp0 (tcgui_link_get_kind (link), "loopback") == 0)
    return FALSE;
  return g_strcmp0 (tcgui_link_get_kind (link), "ifb") != 0 ||
         !tcgui_tree_is_ifb_name (name);
}

/* @ifname, or every interface of the page but lo and the helper's IFBs. */
static void
fill_from_page (CopyData   *data,
                const char *ifname)
{
  GtkWidget *page = gtk_widget_get_ancestor (data->widget, TCGUI_TYPE_LINKS_PAGE);
  TcguiNamespace *ns = page ? tcgui_links_page_get_namespace (TCGUI_LINKS_PAGE (page)) : NULL;
  GListModel *links = page ? tcgui_links_page_get_links (TCGUI_LINKS_PAGE (page)) : NULL;
  Iface iface = { g_strdup (ifname), 0, 1500 };

  data->target = target_name (ns, data->namespace_id);
  for (guint i = 0; links != NULL && i < g_list_model_get_n_items (links); i++)
    {
      g_autoptr(TcguiLink) link = g_list_model_get_item (links, i);
      Iface each = { g_strdup (tcgui_link_get_name (link)), tcgui_link_get_index (link),
                     tcgui_link_get_mtu (link) };

      if (ifname == NULL && copied_with_all (link))
        g_array_append_val (data->ifaces, each);
      else if (g_strcmp0 (each.name, ifname) == 0)
        iface.index = each.index, iface.mtu = each.mtu, g_free (each.name);
      else
        g_free (each.name);
    }
  if (ifname != NULL)
    g_array_append_val (data->ifaces, iface);
}

/**
 * tcgui_copy_command_copy:
 * @widget: where the action came from: an interface's editor, or a links
 *   page for all its interfaces
 * @ifname: (nullable): the interface; %NULL for all of the page but lo
 * @as_tc: %TRUE for the tc lines, %FALSE for the tcguictl ones
 *
 * Reads the shaping from the kernel (what it does now, not what the
 * controls may still be sending) and puts its commands on the clipboard.
 */
void
tcgui_copy_command_copy (GtkWidget         *widget,
                         TcguiHelperClient *client,
                         const char        *namespace_id,
                         const char        *ifname,
                         gboolean           as_tc)
{
  CopyData *data = g_new0 (CopyData, 1);

  data->widget = g_object_ref (widget);
  data->client = g_object_ref (client);
  data->namespace_id = g_strdup (namespace_id);
  data->ifaces = g_array_new (FALSE, TRUE, sizeof (Iface));
  g_array_set_clear_func (data->ifaces, iface_clear);
  data->text = g_string_new (NULL);
  data->as_tc = as_tc;
  fill_from_page (data, ifname);
  read_next (data);
}
