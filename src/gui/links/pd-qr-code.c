/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-qr-code"

#include "config.h"

#include <cairo.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>

#include "pd-formats.h"
#include "pd-qr-code.h"

/* Natural size: this many pixels a module, so that a phone reads the
 * code off a screen from a comfortable distance. */
#define NATURAL_MODULE_PX 6
#define MINIMUM_MODULE_PX 2

struct _PdQrCode
{
  GtkWidget  parent_instance;

  char      *text;
  guint      modules;     /* per side, without the quiet zone; 0: none */
  guint8    *dark;        /* modules x modules, 1 = dark */
};

G_DEFINE_FINAL_TYPE (PdQrCode, pd_qr_code, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
encode (PdQrCode *self)
{
  g_clear_pointer (&self->dark, g_free);
  self->modules = 0;
  if (self->text == NULL || *self->text == '\0')
    return;

  /* libqrencode is in the file-format module (pd-formats.h). */
  self->dark = pd_formats_qr_encode (self->text, &self->modules);
  if (self->dark == NULL)
    g_warning ("Cannot make a QR code of a %zu-byte text: %s", strlen (self->text),
               g_strerror (errno));
}

static guint
total_modules (PdQrCode *self)
{
  return self->modules + 2 * PD_QR_CODE_QUIET_ZONE;
}

static void
pd_qr_code_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  PdQrCode *self = PD_QR_CODE (widget);
  int total = self->modules > 0 ? (int) total_modules (self) : 0;

  *minimum = total * MINIMUM_MODULE_PX;
  *natural = total * NATURAL_MODULE_PX;
}

static void
pd_qr_code_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  static const GdkRGBA white = { 1.0, 1.0, 1.0, 1.0 };
  static const GdkRGBA black = { 0.0, 0.0, 0.0, 1.0 };
  PdQrCode *self = PD_QR_CODE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int total, module, side, x0, y0;

  if (self->modules == 0)
    return;

  /* Whole pixels a module, the code centred: every edge falls on a
   * pixel boundary, so nothing is blurred whatever the size. */
  total = (int) total_modules (self);
  module = MAX (1, MIN (width, height) / total);
  side = module * total;
  x0 = (width - side) / 2;
  y0 = (height - side) / 2;

  /* Dark on white whatever the theme: scanners need the contrast and
   * the quiet zone. */
  gtk_snapshot_append_color (snapshot, &white, &GRAPHENE_RECT_INIT (x0, y0, side, side));
  x0 += PD_QR_CODE_QUIET_ZONE * module;
  y0 += PD_QR_CODE_QUIET_ZONE * module;
  for (guint y = 0; y < self->modules; y++)
    {
      const guint8 *row = self->dark + (gsize) y * self->modules;
      guint x = 0;

      /* One rectangle per run of dark modules. */
      while (x < self->modules)
        {
          guint start;

          while (x < self->modules && !row[x])
            x++;
          start = x;
          while (x < self->modules && row[x])
            x++;
          if (x > start)
            gtk_snapshot_append_color (snapshot, &black,
                                       &GRAPHENE_RECT_INIT (x0 + (int) start * module,
                                                            y0 + (int) y * module,
                                                            (int) (x - start) * module,
                                                            module));
        }
    }
}

static void
update_accessible (PdQrCode *self)
{
  g_autofree char *label = NULL;

  if (self->text != NULL)
    label = g_strdup_printf (_("QR code of %s"), self->text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label != NULL ? label : _("QR code"),
                                  -1);
}

static void
pd_qr_code_finalize (GObject *object)
{
  PdQrCode *self = PD_QR_CODE (object);

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->dark, g_free);

  G_OBJECT_CLASS (pd_qr_code_parent_class)->finalize (object);
}

static void
pd_qr_code_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PdQrCode *self = PD_QR_CODE (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_qr_code_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PdQrCode *self = PD_QR_CODE (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      pd_qr_code_set_text (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_qr_code_class_init (PdQrCodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pd_qr_code_finalize;
  object_class->get_property = pd_qr_code_get_property;
  object_class->set_property = pd_qr_code_set_property;
  widget_class->measure = pd_qr_code_measure;
  widget_class->snapshot = pd_qr_code_snapshot;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "qrcode");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
pd_qr_code_init (PdQrCode *self)
{
  update_accessible (self);
}

GtkWidget *
pd_qr_code_new (const char *text)
{
  return g_object_new (PD_TYPE_QR_CODE, "text", text, NULL);
}

const char *
pd_qr_code_get_text (PdQrCode *self)
{
  g_return_val_if_fail (PD_IS_QR_CODE (self), NULL);
  return self->text;
}

void
pd_qr_code_set_text (PdQrCode   *self,
                     const char *text)
{
  g_return_if_fail (PD_IS_QR_CODE (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  encode (self);
  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

guint
pd_qr_code_get_modules (PdQrCode *self)
{
  g_return_val_if_fail (PD_IS_QR_CODE (self), 0);
  return self->modules;
}

gboolean
pd_qr_code_get_module (PdQrCode *self,
                       guint     x,
                       guint     y)
{
  g_return_val_if_fail (PD_IS_QR_CODE (self), FALSE);

  if (x >= self->modules || y >= self->modules)
    return FALSE;
  return self->dark[(gsize) y * self->modules + x] != 0;
}

gboolean
pd_qr_code_save_png (PdQrCode    *self,
                     const char  *path,
                     int          size,
                     GError     **error)
{
  g_autofree char *display = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  int total, module, x0, y0;

  g_return_val_if_fail (PD_IS_QR_CODE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  display = g_filename_display_name (path);
  total = (int) total_modules (self);
  if (self->modules == 0 || size < total)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot save %s: there is no QR code to save, or %d pixels are too few for"
                     " its %d modules"), display, size, total);
      return FALSE;
    }

  module = size / total;
  x0 = (size - module * total) / 2 + PD_QR_CODE_QUIET_ZONE * module;
  y0 = x0;

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, size, size);
  cr = cairo_create (surface);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  cairo_set_source_rgb (cr, 1.0, 1.0, 1.0);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.0, 0.0, 0.0);
  for (guint y = 0; y < self->modules; y++)
    for (guint x = 0; x < self->modules; x++)
      if (self->dark[(gsize) y * self->modules + x])
        cairo_rectangle (cr, x0 + (int) x * module, y0 + (int) y * module, module, module);
  cairo_fill (cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot save the QR code as %s: %s"), display, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
