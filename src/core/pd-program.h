/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PD_PROGRAM_ERROR (pd_program_error_quark ())

typedef enum
{
  PD_PROGRAM_ERROR_INVALID,
} PdProgramError;

typedef enum
{
  PD_PROGRAM_KIND_RECRUITMENT,
  PD_PROGRAM_KIND_SELLER_BENEFIT,
} PdProgramKind;

#define PD_TYPE_PROGRAM (pd_program_get_type ())

G_DECLARE_FINAL_TYPE (PdProgram, pd_program, PD, PROGRAM, GObject)

GQuark         pd_program_error_quark      (void);

PdProgram     *pd_program_new_from_data    (const char  *data,
                                            gssize       length,
                                            const char  *display_name,
                                            GError     **error);
/* A program the platform sent: unknown fields are ignored (and left out
 * of pd_program_get_json()), known ones checked as in a file. */
PdProgram     *pd_program_new_from_platform (const char *data,
                                            gssize       length,
                                            const char  *display_name,
                                            GError     **error);
PdProgram     *pd_program_new_from_file    (const char  *path,
                                            GError     **error);
gboolean       pd_program_validate         (const char  *data,
                                            gssize       length,
                                            const char  *display_name,
                                            GPtrArray   *problems);
const char    *pd_program_get_id           (PdProgram   *self);
const char    *pd_program_get_name         (PdProgram   *self);
PdProgramKind  pd_program_get_kind         (PdProgram   *self);
const char    *pd_program_get_kind_string  (PdProgram   *self);
const char    *pd_program_get_timezone_id  (PdProgram   *self);
GTimeZone     *pd_program_get_timezone     (PdProgram   *self);
const char    *pd_program_get_period_start (PdProgram   *self);
const char    *pd_program_get_period_end   (PdProgram   *self);
const char * const *pd_program_get_markets (PdProgram   *self);
const char    *pd_program_get_json         (PdProgram   *self);

G_END_DECLS
