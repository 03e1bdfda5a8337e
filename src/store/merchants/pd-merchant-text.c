/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchant"

#include "config.h"

#include <string.h>

#include "pd-merchant-text.h"

/* Longer words are cut here: nobody types 64 bytes of one word, and the
 * full-text index stays small. */
#define MAX_WORD_BYTES 64

/* The CJK Unified Ideographs of Unicode 3.0 (U+4E00..U+9FA5): letters
 * of the Han script without case, which NFKC leaves as they are; most
 * of the text of a Chinese seller list. */
#define HAN_FIRST 0x4E00
#define HAN_LAST  0x9FA5

static gboolean
is_cjk (gunichar c)
{
  if (c >= HAN_FIRST && c <= HAN_LAST)
    return TRUE;
  switch (g_unichar_get_script (c))
    {
    case G_UNICODE_SCRIPT_HAN:
    case G_UNICODE_SCRIPT_HIRAGANA:
    case G_UNICODE_SCRIPT_KATAKANA:
    case G_UNICODE_SCRIPT_HANGUL:
    case G_UNICODE_SCRIPT_BOPOMOFO:
      return g_unichar_isalpha (c) || g_unichar_type (c) == G_UNICODE_OTHER_LETTER;
    default:
      return FALSE;
    }
}

/* Letters and digits of every kind: what SQLite's unicode61 tokenizer
 * keeps in a token (categories L* and N*), so that it takes our words
 * as they are. */
static gboolean
is_word_char (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
is_mark (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_NON_SPACING_MARK:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Whether @text (valid UTF-8) is ASCII and HAN_FIRST..HAN_LAST only:
 * then case folding and NFKC change its ASCII letters' case alone. */
static gboolean
is_ascii_or_han (const char *text)
{
  const guchar *p = (const guchar *) text;

  while (*p != '\0')
    {
      gunichar c;

      if (*p < 0x80)
        {
          p++;
          continue;
        }
      if ((*p & 0xF0) != 0xE0)
        return FALSE;
      c = ((gunichar) (p[0] & 0x0F) << 12) | ((gunichar) (p[1] & 0x3F) << 6) | (p[2] & 0x3F);
      if (c < HAN_FIRST || c > HAN_LAST)
        return FALSE;
      p += 3;
    }
  return TRUE;
}

typedef void (*WordFunc) (const char *word,
                          gsize       length,
                          gboolean    cjk_single,
                          gpointer    user_data);

/* Calls @func for each word of @text: Latin-like runs, and for CJK runs
 * each pair of neighbours and the run's last character (cjk_single
 * TRUE): every character of a run begins a word, so that a search for
 * one character finds it as a word beginning, at half the words of
 * indexing each character too (a Chinese name gave some 40 words). With
 * @query, a CJK run of two or more characters gives only its pairs, one
 * of one character that character. */
static void
foreach_word (const char *text,
              gboolean    query,
              WordFunc    func,
              gpointer    user_data)
{
  g_autofree char *folded = NULL;
  g_autofree char *normal = NULL;
  char word[MAX_WORD_BYTES + 8];
  gsize word_len = 0;
  const char *prev_cjk = NULL;  /* the previous character, when CJK */
  gsize prev_cjk_len = 0;
  guint run_chars = 0;           /* of the current CJK run */

  if (text == NULL || *text == '\0')
    return;
  if (!g_utf8_validate (text, -1, NULL))
    return;
  if (is_ascii_or_han (text))
    {
      /* Ids, e-mail addresses, phone numbers, most Latin names and most
       * Chinese ones: their case folding is ASCII's, and NFKC leaves them
       * as they are. */
      normal = g_ascii_strdown (text, -1);
    }
  else
    {
      folded = g_utf8_casefold (text, -1);
      normal = g_utf8_normalize (folded, -1, G_NORMALIZE_NFKC);
      if (normal == NULL)
        return;
    }

#define FLUSH_WORD() \
  G_STMT_START { \
    if (word_len > 0) \
      func (word, word_len, FALSE, user_data); \
    word_len = 0; \
  } G_STMT_END

#define END_RUN() \
  G_STMT_START { \
    if (run_chars > 0 && (!query || run_chars == 1)) \
      func (prev_cjk, prev_cjk_len, TRUE, user_data); \
    prev_cjk = NULL; \
    run_chars = 0; \
  } G_STMT_END

  for (const char *p = normal; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c;
      gsize len;

      if ((guchar) *p < 0x80)
        {
          /* ASCII: neither CJK nor a mark; a word character when a
           * letter or a digit, as g_unichar_type () says. */
          END_RUN ();
          if (g_ascii_isalnum (*p))
            {
              if (word_len + 1 <= MAX_WORD_BYTES)
                word[word_len++] = *p;
            }
          else
            FLUSH_WORD ();
          continue;
        }

      c = g_utf8_get_char (p);
      len = (gsize) (g_utf8_next_char (p) - p);
      if (is_cjk (c))
        {
          FLUSH_WORD ();
          if (prev_cjk != NULL)
            func (prev_cjk, prev_cjk_len + len, FALSE, user_data);
          run_chars++;
          prev_cjk = p;
          prev_cjk_len = len;
          continue;
        }
      END_RUN ();

      if (is_word_char (c))
        {
          if (word_len + len <= MAX_WORD_BYTES)
            {
              memcpy (word + word_len, p, len);
              word_len += len;
            }
        }
      else if (!is_mark (c))
        FLUSH_WORD ();
    }
  FLUSH_WORD ();
  END_RUN ();

#undef FLUSH_WORD
#undef END_RUN
}

static void
append_word (const char *word,
             gsize       length,
             gboolean    cjk_single,
             gpointer    user_data)
{
  GString *doc = user_data;

  g_string_append_len (doc, word, (gssize) length);
  g_string_append_c (doc, ' ');
}

void
pd_merchant_text_append_words (GString    *doc,
                               const char *text)
{
  g_return_if_fail (doc != NULL);
  foreach_word (text, FALSE, append_word, doc);
}

static void
add_term (const char *word,
          gsize       length,
          gboolean    cjk_single,
          gpointer    user_data)
{
  GPtrArray *terms = user_data;
  g_autofree char *term = g_strndup (word, length);

  for (guint i = 0; i < terms->len; i++)
    if (strcmp (g_ptr_array_index (terms, i), term) == 0)
      return;
  g_ptr_array_add (terms, g_steal_pointer (&term));
}

char **
pd_merchant_text_query_terms (const char *query)
{
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);

  foreach_word (query, TRUE, add_term, terms);
  if (terms->len == 0)
    return NULL;
  g_ptr_array_add (terms, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&terms), FALSE);
}

guint64
pd_merchant_text_hash (const char *text,
                       gsize       length)
{
  guint64 hash = G_GUINT64_CONSTANT (14695981039346656037);

  for (gsize i = 0; i < length; i++)
    {
      hash ^= (guchar) text[i];
      hash *= G_GUINT64_CONSTANT (1099511628211);
    }
  return hash;
}
