/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A program's name as the user reads it: a program file's name is
 * English and not translated in the file; the names of the programs
 * Partner Desk knows ("Europe & Japan Cross-Border POP Ecosystem Partner,
 * Q1 2026", any quarter and year) are translated here, and any other
 * name (a program the platform added) is shown as the platform wrote it. */
char *pd_program_name_to_display (const char *name);

G_END_DECLS
