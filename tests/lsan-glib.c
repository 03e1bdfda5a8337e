/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * LeakSanitizer and GLib's first quark block, for the test programs that
 * link it (tests/gui/meson.build; a no-op without AddressSanitizer).
 *
 * GLib 2.74 keeps its quarks' strings in a block of 2,048 pointers
 * allocated by its library constructor. When a program makes its
 * 2,049th quark, GLib copies them to a bigger block and keeps the old
 * one unreferenced on purpose, for readers that take no lock
 * (gquark.c, quark_new). A widget test that builds enough of the app
 * crosses that line, and LeakSanitizer reports the 16 KiB block; with
 * the fast unwinder its stack stops at g_malloc, so lsan.supp cannot
 * name it, and the slow unwinder makes the widget tests 7 times slower.
 *
 * So this finds the block while it is still GLib's (the `quarks`
 * pointer in GLib's data, recognised by the strings of quarks 1 and 2)
 * and tells LeakSanitizer to ignore it. It runs as a constructor of the
 * test program, after GLib's own.
 */
#define _GNU_SOURCE /* dl_iterate_phdr */
#include "config.h"

#include <glib.h>

#if defined(__SANITIZE_ADDRESS__)

#include <link.h>
#include <string.h>
#include <sanitizer/lsan_interface.h>

/* libasan's allocator interface (sanitizer/allocator_interface.h, not
 * shipped with GCC 12's headers). */
int    __sanitizer_get_ownership      (const volatile void *p);
size_t __sanitizer_get_allocated_size (const volatile void *p);

#define QUARK_BLOCK_BYTES (2048 * sizeof (char *))

static int
find_block_cb (struct dl_phdr_info *info,
               size_t               size,
               void                *data)
{
  const char *one = g_quark_to_string (1);
  const char *two = g_quark_to_string (2);

  if (info->dlpi_name == NULL || strstr (info->dlpi_name, "libglib-2.0.so") == NULL)
    return 0;
  for (int i = 0; i < info->dlpi_phnum; i++)
    {
      const ElfW(Phdr) *phdr = &info->dlpi_phdr[i];
      char **word;
      char **end;

      if (phdr->p_type != PT_LOAD || (phdr->p_flags & PF_W) == 0)
        continue;
      word = (char **) (info->dlpi_addr + phdr->p_vaddr);
      end = (char **) (info->dlpi_addr + phdr->p_vaddr + phdr->p_memsz);
      for (; word + 1 <= end; word++)
        {
          char **block = (char **) *word;

          if (block == NULL || !__sanitizer_get_ownership (block) ||
              __sanitizer_get_allocated_size (block) != QUARK_BLOCK_BYTES)
            continue;
          if (block[1] == one && block[2] == two)
            {
              __lsan_ignore_object (block);
              *(gboolean *) data = TRUE;
              return 1;
            }
        }
    }
  return 0;
}

__attribute__((constructor)) static void
ignore_first_quark_block (void)
{
  gboolean found = FALSE;

  /* Quarks 1 and 2 exist once GLib has started (its error domains). */
  if (g_quark_to_string (2) == NULL)
    return;
  dl_iterate_phdr (find_block_cb, &found);
  if (!found)
    g_printerr ("lsan-glib: GLib's first quark block was not found; a 16 KiB leak may be reported\n");
}

#endif
