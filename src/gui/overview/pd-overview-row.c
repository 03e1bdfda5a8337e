/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-overview"

#include "config.h"

#include "pd-overview-row.h"

#include "pd-a11y.h"

struct _PdOverviewRow
{
  GtkWidget       parent_instance;

  PdOverviewItem *item;

  GtkWidget      *box;
  GtkLabel       *title_label;
  GtkLabel       *badge_label;
  GtkLabel       *subtitle_label;
  GtkLabel       *detail_label;
  GtkWidget      *action_button;  /* made for the first item with an action */
};

G_DEFINE_FINAL_TYPE (PdOverviewRow, pd_overview_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
urgency_class (PdOverviewUrgency urgency)
{
  switch (urgency)
    {
    case PD_OVERVIEW_URGENCY_NORMAL:
      return "accent";
    case PD_OVERVIEW_URGENCY_WARNING:
      return "warning";
    case PD_OVERVIEW_URGENCY_CRITICAL:
      return "error";
    case PD_OVERVIEW_URGENCY_NONE:
    default:
      return NULL;
    }
}

static void
pd_overview_row_dispose (GObject *object)
{
  PdOverviewRow *self = PD_OVERVIEW_ROW (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (pd_overview_row_parent_class)->dispose (object);
}

static void
pd_overview_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PdOverviewRow *self = PD_OVERVIEW_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_overview_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PdOverviewRow *self = PD_OVERVIEW_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      pd_overview_row_set_item (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_overview_row_class_init (PdOverviewRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_overview_row_dispose;
  object_class->get_property = pd_overview_row_get_property;
  object_class->set_property = pd_overview_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, PD_TYPE_OVERVIEW_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static GtkLabel *
add_label (GtkWidget  *box,
           const char *first_class,
           ...)
{
  GtkWidget *label = gtk_label_new (NULL);
  va_list args;

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  va_start (args, first_class);
  for (const char *name = first_class; name != NULL; name = va_arg (args, const char *))
    gtk_widget_add_css_class (label, name);
  va_end (args);
  gtk_box_append (GTK_BOX (box), label);
  return GTK_LABEL (label);
}

/* Built here rather than from a template: a list view makes 200 rows at
 * once, and a template's builder costs several times what these few
 * calls cost (a few hundred milliseconds of a frozen window, measured
 * with 433,000 entries at risk). */
static void
pd_overview_row_init (PdOverviewRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  self->box = box;
  gtk_widget_set_parent (box, GTK_WIDGET (self));
  gtk_box_append (GTK_BOX (box), top);
  self->title_label = add_label (top, "heading", NULL);
  gtk_widget_set_hexpand (GTK_WIDGET (self->title_label), TRUE);
  self->badge_label = add_label (top, "overview-badge", NULL);
  gtk_label_set_wrap (self->badge_label, FALSE);
  gtk_widget_set_valign (GTK_WIDGET (self->badge_label), GTK_ALIGN_START);
  self->subtitle_label = add_label (box, "dim-label", "caption", "numeric", NULL);
  self->detail_label = add_label (box, NULL);
}

static void
update_action (PdOverviewRow *self)
{
  const char *label = self->item != NULL ? pd_overview_item_get_action_label (self->item) : NULL;

  if (label == NULL)
    {
      if (self->action_button != NULL)
        gtk_widget_set_visible (self->action_button, FALSE);
      return;
    }
  if (self->action_button == NULL)
    {
      GtkWidget *top = gtk_widget_get_first_child (self->box);

      self->action_button = gtk_button_new ();
      gtk_widget_set_valign (self->action_button, GTK_ALIGN_START);
      gtk_box_append (GTK_BOX (top), self->action_button);
    }
  gtk_button_set_label (GTK_BUTTON (self->action_button), label);
  /* The target before the name: the action helper checks the pair. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->action_button), NULL);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->action_button),
                                          pd_overview_item_get_action_target (self->item));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->action_button),
                                  pd_overview_item_get_action_name (self->item));
  /* "Open Checklist" alone says nothing of whose in a screen reader's
   * list of buttons. */
  {
    g_autofree char *name = g_strdup_printf ("%s: %s", label, pd_overview_item_get_title (self->item));

    gtk_accessible_update_property (GTK_ACCESSIBLE (self->action_button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  }
  gtk_widget_set_visible (self->action_button, TRUE);
}

GtkWidget *
pd_overview_row_new (void)
{
  return g_object_new (PD_TYPE_OVERVIEW_ROW, NULL);
}

PdOverviewItem *
pd_overview_row_get_item (PdOverviewRow *self)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_ROW (self), NULL);
  return self->item;
}

void
pd_overview_row_set_item (PdOverviewRow  *self,
                          PdOverviewItem *item)
{
  const char *old_class;
  const char *new_class;
  const char *detail;

  g_return_if_fail (PD_IS_OVERVIEW_ROW (self));
  g_return_if_fail (item == NULL || PD_IS_OVERVIEW_ITEM (item));

  if (self->item == item)
    return;

  old_class = self->item != NULL ? urgency_class (pd_overview_item_get_urgency (self->item)) : NULL;
  g_set_object (&self->item, item);
  new_class = item != NULL ? urgency_class (pd_overview_item_get_urgency (item)) : NULL;
  if (g_strcmp0 (old_class, new_class) != 0)
    {
      if (old_class != NULL)
        gtk_widget_remove_css_class (GTK_WIDGET (self->badge_label), old_class);
      if (new_class != NULL)
        gtk_widget_add_css_class (GTK_WIDGET (self->badge_label), new_class);
    }

  detail = item != NULL ? pd_overview_item_get_detail (item) : NULL;
  gtk_label_set_label (self->title_label, item != NULL ? pd_overview_item_get_title (item) : NULL);
  gtk_label_set_label (self->badge_label, item != NULL ? pd_overview_item_get_badge (item) : NULL);
  gtk_label_set_label (self->subtitle_label, item != NULL ? pd_overview_item_get_subtitle (item) : NULL);
  gtk_label_set_label (self->detail_label, detail);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), detail != NULL && *detail != '\0');
  if (item != NULL)
    pd_a11y_label_row (GTK_WIDGET (self), pd_overview_item_get_title (item));
  update_action (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

/* List item factory ----------------------------------------------------- */

static void
on_row_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item)
{
  gtk_list_item_set_activatable (list_item, FALSE);
  gtk_list_item_set_selectable (list_item, FALSE);
  gtk_list_item_set_child (list_item, pd_overview_row_new ());
}

static void
on_row_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item)
{
  pd_overview_row_set_item (PD_OVERVIEW_ROW (gtk_list_item_get_child (list_item)),
                            gtk_list_item_get_item (list_item));
}

static void
on_row_unbind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item)
{
  pd_overview_row_set_item (PD_OVERVIEW_ROW (gtk_list_item_get_child (list_item)), NULL);
}

/* The rows of the three lists. A list view makes up to 200 of them at
 * once (a few hundred thousand entries at risk are usual at quarter
 * close): a PdOverviewRow is built in code and its labels are set when
 * it is bound, several times cheaper than a GtkBuilderListItemFactory
 * with bindings (pd-overview-row.c). */
GtkListItemFactory *
pd_overview_row_new_factory (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (on_row_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_row_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_row_unbind_cb), NULL);
  return factory;
}
