/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-cli"

#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pd-cli.h"
#include "pd-cli-import.h"
#include "pd-cli-payouts.h"
#include "pd-cli-project.h"
#include "pd-cli-table.h"
#include "pd-store-entries.h"
#include "pd-timestamp.h"
#include "pd-cli-program.h"
#include "pd-store-overrides.h"

/* `project` prints one line per entry for a million merchants: output
 * goes through one large buffer straight to the file descriptor, and
 * the JSON is written by hand (a tree of a million objects would not fit
 * the memory budget). The totals are known only once every entry has
 * been evaluated, so the entries are held in memory and printed after
 * them, in the order of partnerdesk-cli(1): {"program", "as_of", "currency",
 * "governance", "confirmed", "expected", "upper", "model", "at_risk",
 * "entries"}. Past OUT_HOLD_LIMIT of entries (some 80,000 merchants) they
 * are streamed instead, to keep the memory flat, and the totals follow
 * them: {"program", "as_of", "currency", "entries", "governance", ...}
 * (JSON members are unordered; parsers see the same object). */

#define OUT_BUFFER_SIZE (1 << 20)

#define OUT_HOLD_LIMIT (64 << 20)

typedef struct _Out Out;
typedef void (*OutSpillFunc) (Out *o, gpointer user_data);

struct _Out
{
  int           fd;
  char         *buf;
  gsize         len;
  gsize         size;
  int           saved_errno;
  /* Holding: the buffer grows up to OUT_HOLD_LIMIT instead of being
   * written; past it, @spill writes what must come first and the buffer
   * is written out. */
  gboolean      holding;
  OutSpillFunc  spill;
  gpointer      spill_data;
};

static void
out_init (Out *o,
          int  fd)
{
  memset (o, 0, sizeof *o);
  o->fd = fd;
  o->size = OUT_BUFFER_SIZE;
  o->buf = g_malloc (o->size);
}

static void
write_all (Out        *o,
           const char *data,
           gsize       length)
{
  while (length > 0 && o->saved_errno == 0)
    {
      ssize_t n = write (o->fd, data, length);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          o->saved_errno = errno;
          return;
        }
      data += n;
      length -= (gsize) n;
    }
}

static void
out_flush (Out *o)
{
  write_all (o, o->buf, o->len);
  o->len = 0;
}

static void out_raw (Out *o, const char *data, gsize length);

/* Stops holding: what must precede the held text, then the held text. */
static void
out_release (Out *o)
{
  g_autofree char *held = NULL;
  gsize held_len = o->len;

  if (!o->holding)
    return;
  o->holding = FALSE;
  held = g_steal_pointer (&o->buf);
  o->size = OUT_BUFFER_SIZE;
  o->buf = g_malloc (o->size);
  o->len = 0;
  if (o->spill != NULL)
    o->spill (o, o->spill_data);
  out_flush (o);
  write_all (o, held, held_len);
}

/* Flushes and frees; FALSE with @error when a write failed. */
static gboolean
out_close (Out     *o,
           GError **error)
{
  out_flush (o);
  g_clear_pointer (&o->buf, g_free);
  if (o->saved_errno != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (o->saved_errno),
                   _("Writing the output failed: %s"), g_strerror (o->saved_errno));
      return FALSE;
    }
  return TRUE;
}

static void
out_make_room (Out   *o,
               gsize  length)
{
  if (o->holding)
    {
      if (o->len + length <= OUT_HOLD_LIMIT)
        {
          while (o->len + length > o->size)
            o->size *= 2;
          o->buf = g_realloc (o->buf, o->size);
          return;
        }
      out_release (o);
    }
  out_flush (o);
}

static inline void
out_raw (Out        *o,
         const char *data,
         gsize       length)
{
  if (G_UNLIKELY (o->len + length > o->size))
    {
      out_make_room (o, length);
      if (o->len + length > o->size)
        {
          write_all (o, data, length);
          return;
        }
    }
  memcpy (o->buf + o->len, data, length);
  o->len += length;
}

#define OUT_LIT(o, s) out_raw ((o), "" s "", sizeof (s) - 1)

static inline void
out_str (Out        *o,
         const char *s)
{
  out_raw (o, s, strlen (s));
}

static void
out_int (Out    *o,
         gint64  value)
{
  char buf[24];
  int n = g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);

  out_raw (o, buf, (gsize) n);
}

#define BYTES_ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define BYTES_HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

/* Whether any of the 8 bytes of @v is a control character, '"' or '\\'
 * (the classic "has a byte less than n" and "has a zero byte" tricks). */
static inline gboolean
needs_escape (guint64 v)
{
  guint64 quote = v ^ (BYTES_ONES * '"');
  guint64 backslash = v ^ (BYTES_ONES * '\\');

  return (((v - BYTES_ONES * 0x20) & ~v) |
          ((quote - BYTES_ONES) & ~quote) |
          ((backslash - BYTES_ONES) & ~backslash)) & BYTES_HIGHS;
}

/* A JSON string: quotes, backslashes and control characters escaped,
 * UTF-8 as is. Eight bytes at a time: this is most of what `project
 * --json` writes. */
static void
out_json_string_len (Out        *o,
                     const char *s,
                     gsize       length)
{
  const char *run = s;
  const char *end = s + length;
  const char *p = s;

  OUT_LIT (o, "\"");
  while (p < end)
    {
      unsigned char c;
      char escaped[8];

      if (end - p >= 8)
        {
          guint64 v;

          memcpy (&v, p, 8);
          if (!needs_escape (v))
            {
              p += 8;
              continue;
            }
        }

      c = (unsigned char) *p;
      if (c >= 0x20 && c != '"' && c != '\\')
        {
          p++;
          continue;
        }
      out_raw (o, run, (gsize) (p - run));
      run = ++p;
      switch (c)
        {
        case '"': OUT_LIT (o, "\\\""); break;
        case '\\': OUT_LIT (o, "\\\\"); break;
        case '\n': OUT_LIT (o, "\\n"); break;
        case '\r': OUT_LIT (o, "\\r"); break;
        case '\t': OUT_LIT (o, "\\t"); break;
        default:
          g_snprintf (escaped, sizeof escaped, "\\u%04x", c);
          out_raw (o, escaped, 6);
          break;
        }
    }
  out_raw (o, run, (gsize) (end - run));
  OUT_LIT (o, "\"");
}

static void
out_json_string (Out        *o,
                 const char *s)
{
  if (s == NULL)
    OUT_LIT (o, "null");
  else
    out_json_string_len (o, s, strlen (s));
}

static void
out_cell (Out        *o,
          const char *s,
          gsize       width)
{
  gsize w;

  if (s == NULL)
    s = "-";
  w = pd_cli_display_width (s);
  out_str (o, s);
  /* Two spaces at least: a value wider than its column (the rows stream,
   * so the widths are fixed before they are known) still stands apart. */
  for (; w < width; w++)
    OUT_LIT (o, " ");
  OUT_LIT (o, "  ");
}

/* Shared setup ------------------------------------------------------------- */

int
pd_cli_project_setup (PdStore            *store,
                      const char         *program_id,
                      const char         *as_of_text,
                      PdProjectionSetup  *setup)
{
  g_autoptr(GError) error = NULL;
  gint64 as_of;

  if (!pd_projection_setup_load_rules (setup, store, program_id, &error))
    {
      g_printerr ("partnerdesk-cli: %s\n", error->message);
      return g_error_matches (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID) ?
             PD_CLI_EXIT_USAGE : PD_CLI_EXIT_FAILURE;
    }

  if (!pd_timestamp_parse (as_of_text, setup->rules->timezone, &as_of, &error))
    {
      g_printerr ("partnerdesk-cli: --as-of “%s”: %s\n", as_of_text, error->message);
      return PD_CLI_EXIT_USAGE;
    }

  if (!pd_projection_setup_set_as_of (setup, store, as_of, &error))
    {
      g_printerr ("partnerdesk-cli: %s\n", error->message);
      return PD_CLI_EXIT_FAILURE;
    }

  return PD_CLI_EXIT_OK;
}

/* project ------------------------------------------------------------------ */

/* JSON made once and copied a million times: each condition's
 * {"name":...,"state":...,"deadline": prefix, and the escaped fixed
 * details (pd_engine_peek_detail()). */
typedef struct
{
  const char *text;
  char       *json;
  gsize       length;
} Fragment;

#define N_FIXED_DETAILS 32

typedef struct
{
  Fragment prefix[PD_N_CONDITIONS][PD_CONDITION_STATE_NOT_APPLICABLE + 1];
  Fragment fixed[N_FIXED_DETAILS];
  guint    n_fixed;
} Fragments;

static void
fragments_clear (Fragments *f)
{
  for (guint c = 0; c < PD_N_CONDITIONS; c++)
    for (guint st = 0; st <= PD_CONDITION_STATE_NOT_APPLICABLE; st++)
      g_free (f->prefix[c][st].json);
  for (guint i = 0; i < f->n_fixed; i++)
    g_free (f->fixed[i].json);
  memset (f, 0, sizeof *f);
}

static const Fragment *
get_prefix (Fragments        *f,
            PdCondition       condition,
            PdConditionState  state)
{
  Fragment *fragment = &f->prefix[condition][state];

  if (fragment->json == NULL)
    {
      fragment->json = g_strdup_printf ("{\"name\":\"%s\",\"state\":\"%s\",\"deadline\":",
                                        pd_condition_to_string (condition),
                                        pd_condition_state_to_string (state));
      fragment->length = strlen (fragment->json);
    }
  return fragment;
}


typedef struct
{
  PdRules      *rules;
  gint64        as_of;
  PdProjection *projection;
  Out          *out;
  gboolean      json;
  gboolean      first;
  GArray       *verdicts;
  GString      *text;
  char         *reward;       /* "2000.00" */
  char         *no_reward;    /* "0.00" */
  Fragments    *fragments;
  char         *overrides;    /* JSON array (--json) or sentences */
  char          as_of_text[32];
} ProjectRun;

static void
write_entry_json (ProjectRun           *run,
                  const PdEntryVerdict *v)
{
  Out *o = run->out;
  gboolean first = TRUE;

  if (!run->first)
    OUT_LIT (o, ",\n");
  run->first = FALSE;

  OUT_LIT (o, "{\"seller_id\":");
  out_json_string (o, v->seller->seller_id);
  OUT_LIT (o, ",\"store_id\":");
  out_json_string (o, v->store != NULL ? v->store->store_id : NULL);
  OUT_LIT (o, ",\"market\":");
  out_json_string (o, v->store != NULL && v->store->market != NULL ? v->store->market : v->seller->market);
  OUT_LIT (o, ",\"verdict\":\"");
  out_str (o, pd_verdict_to_string (v->verdict));
  OUT_LIT (o, "\",\"reward\":\"");
  out_str (o, v->verdict == PD_VERDICT_QUALIFIED ? run->reward : run->no_reward);
  OUT_LIT (o, "\",\"conditions\":[");

  for (guint c = 0; c < PD_N_CONDITIONS; c++)
    {
      const PdConditionResult *r = &v->results[c];
      const Fragment *prefix;
      const char *fixed;

      if (!(v->conditions & PD_CONDITION_BIT (c)))
        continue;
      if (!first)
        OUT_LIT (o, ",");
      first = FALSE;

      prefix = get_prefix (run->fragments, c, r->state);
      out_raw (o, prefix->json, prefix->length);
      if (r->state == PD_CONDITION_STATE_UNMET && r->has_deadline)
        {
          char time[32];

          pd_rules_format_time (run->rules, r->deadline, time);
          OUT_LIT (o, "\"");
          out_str (o, time);
          OUT_LIT (o, "\"");
        }
      else
        OUT_LIT (o, "null");
      OUT_LIT (o, ",\"detail\":");

      fixed = pd_engine_peek_detail (v, c);
      if (fixed != NULL)
        {
          Fragments *f = run->fragments;
          guint i;

          for (i = 0; i < f->n_fixed && f->fixed[i].text != fixed; i++)
            ;
          if (i == f->n_fixed && i < N_FIXED_DETAILS)
            {
              Out tmp;

              /* Escaped once into a buffer of its own (held: never written). */
              out_init (&tmp, -1);
              tmp.holding = TRUE;
              out_json_string (&tmp, fixed);
              f->fixed[i].text = fixed;
              f->fixed[i].json = g_strndup (tmp.buf, tmp.len);
              f->fixed[i].length = tmp.len;
              f->n_fixed++;
              g_free (tmp.buf);
            }
          if (i < f->n_fixed)
            out_raw (o, f->fixed[i].json, f->fixed[i].length);
          else
            out_json_string (o, fixed);
        }
      else
        {
          g_string_truncate (run->text, 0);
          pd_engine_append_detail (run->rules, run->as_of, v, c, run->text);
          out_json_string_len (o, run->text->str, run->text->len);
        }
      OUT_LIT (o, "}");
    }
  OUT_LIT (o, "]}");
}

static void
write_entry_row (ProjectRun           *run,
                 const PdEntryVerdict *v)
{
  Out *o = run->out;

  out_cell (o, v->seller->seller_id, 18);
  out_cell (o, v->store != NULL ? v->store->store_id : NULL, 18);
  out_cell (o, v->store != NULL && v->store->market != NULL ? v->store->market : v->seller->market, 6);
  out_cell (o, pd_verdict_to_display (v->verdict), 10);
  out_cell (o, v->verdict == PD_VERDICT_QUALIFIED ? run->reward : run->no_reward, 10);
  g_string_truncate (run->text, 0);
  pd_projection_append_missing (run->rules, run->as_of, v, run->text);
  out_raw (o, run->text->str, run->text->len);
  OUT_LIT (o, "\n");
}

static gboolean
on_seller_project (const PdSellerInput  *seller,
                   gpointer              user_data,
                   GError              **error)
{
  ProjectRun *run = user_data;
  PdEntryVerdict *verdicts;
  guint n;

  g_array_set_size (run->verdicts, MAX (seller->n_stores, 1));
  verdicts = (PdEntryVerdict *) (void *) run->verdicts->data;
  n = pd_engine_evaluate_seller (run->rules, run->as_of, seller, verdicts);

  for (guint i = 0; i < n; i++)
    {
      pd_projection_add (run->projection, &verdicts[i]);
      if (run->json)
        write_entry_json (run, &verdicts[i]);
      else
        write_entry_row (run, &verdicts[i]);
    }
  return TRUE;
}

static void
write_money_member (Out           *o,
                    const char    *name,
                    gboolean       with_count,
                    gint64         count,
                    const PdMoney *amount)
{
  g_autofree char *text = pd_money_format_amount (amount);

  OUT_LIT (o, ",\n\"");
  out_str (o, name);
  OUT_LIT (o, "\":{");
  if (with_count)
    {
      OUT_LIT (o, "\"merchants\":");
      out_int (o, count);
      OUT_LIT (o, ",");
    }
  OUT_LIT (o, "\"amount\":\"");
  out_str (o, text);
  OUT_LIT (o, "\"}");
}

/* "governance": ... "at_risk": [...], without a comma on either side. */
static void
write_totals_json (ProjectRun *run,
                   Out        *o)
{
  PdProjection *p = run->projection;
  const PdExpectedModel *model = pd_projection_get_model (p);
  GPtrArray *high_risk = pd_projection_get_high_risk_stores (p);
  GArray *at_risk = pd_projection_get_at_risk (p);
  g_autofree char *factor = pd_fraction_format (pd_projection_get_factor (p));
  gint64 qualified = pd_projection_count (p, PD_VERDICT_QUALIFIED);

  OUT_LIT (o, "\"governance\":{\"factor\":");
  out_json_string (o, factor);
  OUT_LIT (o, ",\"high_risk_stores\":[");
  for (guint i = 0; i < high_risk->len; i++)
    {
      if (i > 0)
        OUT_LIT (o, ",");
      out_json_string (o, g_ptr_array_index (high_risk, i));
    }
  OUT_LIT (o, "]}");

  write_money_member (o, "confirmed", TRUE, qualified, pd_projection_get_confirmed (p));
  write_money_member (o, "expected", FALSE, 0, pd_projection_get_expected (p));
  write_money_member (o, "upper", TRUE, qualified + pd_projection_count (p, PD_VERDICT_PENDING),
                      pd_projection_get_upper (p));

  OUT_LIT (o, ",\n\"model\":{");
  for (guint s = 0; s < PD_N_STAGES; s++)
    {
      g_autofree char *probability = pd_projection_format_ppb (model->ppb[s]);

      if (s > 0)
        OUT_LIT (o, ",");
      OUT_LIT (o, "\"");
      out_str (o, pd_stage_to_string (s));
      OUT_LIT (o, "\":{\"probability\":\"");
      out_str (o, probability);
      OUT_LIT (o, "\",\"source\":\"");
      out_str (o, model->source[s] == PD_RATE_SOURCE_HISTORY ? "history" : "default");
      OUT_LIT (o, "\",\"resolved\":");
      out_int (o, model->resolved[s]);
      OUT_LIT (o, ",\"pending\":");
      out_int (o, pd_projection_count_pending_at (p, s));
      OUT_LIT (o, "}");
    }
  OUT_LIT (o, "}");

  OUT_LIT (o, ",\n\"at_risk\":[");
  for (guint i = 0; i < at_risk->len; i++)
    {
      const PdAtRisk *risk = &g_array_index (at_risk, PdAtRisk, i);
      char time[32];
      gboolean first = TRUE;

      if (i > 0)
        OUT_LIT (o, ",\n");
      pd_rules_format_time (run->rules, risk->deadline, time);
      OUT_LIT (o, "{\"seller_id\":");
      out_json_string (o, risk->seller_id);
      OUT_LIT (o, ",\"store_id\":");
      out_json_string (o, risk->store_id);
      OUT_LIT (o, ",\"deadline\":\"");
      out_str (o, time);
      OUT_LIT (o, "\",\"missing\":[");
      for (guint c = 0; c < PD_N_CONDITIONS; c++)
        if (risk->missing & PD_CONDITION_BIT (c))
          {
            if (!first)
              OUT_LIT (o, ",");
            first = FALSE;
            OUT_LIT (o, "\"");
            out_str (o, pd_condition_to_string (c));
            OUT_LIT (o, "\"");
          }
      OUT_LIT (o, "],\"detail\":");
      out_json_string (o, risk->detail);
      OUT_LIT (o, "}");
    }
  OUT_LIT (o, "]");

  /* Every assumption the agency overrode (pd-store-overrides.h). */
  OUT_LIT (o, ",\n\"overrides\":");
  out_str (o, run->overrides != NULL ? run->overrides : "[]");
}

static void
write_totals_table (ProjectRun *run)
{
  Out *o = run->out;
  PdProjection *p = run->projection;
  GPtrArray *high_risk = pd_projection_get_high_risk_stores (p);
  GArray *at_risk = pd_projection_get_at_risk (p);
  const PdFraction *f = pd_projection_get_factor (p);
  g_autofree char *factor = pd_fraction_format (f);
  g_autofree char *reward = pd_money_format_display (&run->rules->reward);
  g_autofree char *confirmed = pd_money_format_display (pd_projection_get_confirmed (p));
  g_autofree char *expected = pd_money_format_display (pd_projection_get_expected (p));
  g_autofree char *upper = pd_money_format_display (pd_projection_get_upper (p));
  gint64 qualified = pd_projection_count (p, PD_VERDICT_QUALIFIED);
  gint64 pending = pd_projection_count (p, PD_VERDICT_PENDING);
  g_autoptr(GString) line = g_string_new (NULL);

  g_string_append_c (line, '\n');
  /* The Reward column is before the governance factor: with one, the
   * totals say how they come from it. */
  if (f->numerator == f->denominator)
    g_string_append_printf (line, _("Confirmed: %s (%" PRId64 " merchants)\n"), confirmed, qualified);
  else
    g_string_append_printf (line, _("Confirmed: %s (%" PRId64 " merchants × %s × %s)\n"),
                            confirmed, qualified, reward, factor);
  g_string_append_printf (line, _("Expected:  %s\n"), expected);
  if (f->numerator == f->denominator)
    g_string_append_printf (line, _("Upper:     %s (%" PRId64 " merchants)\n"), upper, qualified + pending);
  else
    g_string_append_printf (line, _("Upper:     %s (%" PRId64 " merchants × %s × %s)\n"),
                            upper, qualified + pending, reward, factor);
  if (high_risk->len > 0)
    {
      g_autoptr(GString) stores = g_string_new (NULL);

      for (guint i = 0; i < high_risk->len; i++)
        g_string_append_printf (stores, "%s%s", i > 0 ? ", " : "",
                                (const char *) g_ptr_array_index (high_risk, i));
      g_string_append_printf (line, _("Governance: paid at %s because of high-risk stores: %s\n"),
                              factor, stores->str);
    }
  else
    g_string_append_printf (line, _("Governance: no high-risk store, paid in full (factor %s)\n"), factor);
  if (run->overrides != NULL && *run->overrides != '\0')
    g_string_append_printf (line, _("Overrides: %s\n"), run->overrides);
  g_string_append_printf (line, _("At risk (a deadline within %d days): %u\n"), PD_AT_RISK_DAYS, at_risk->len);
  out_raw (o, line->str, line->len);
  for (guint i = 0; i < at_risk->len; i++)
    {
      const PdAtRisk *risk = &g_array_index (at_risk, PdAtRisk, i);
      char date[32];

      pd_rules_format_time (run->rules, risk->deadline, date);
      OUT_LIT (o, "  ");
      out_str (o, date);
      OUT_LIT (o, "  ");
      out_cell (o, risk->seller_id, 18);
      out_cell (o, risk->store_id, 18);
      out_str (o, risk->detail);
      OUT_LIT (o, "\n");
    }
}

static void
write_json_header (ProjectRun *run,
                   Out        *o)
{
  OUT_LIT (o, "{\"program\":");
  out_json_string (o, run->rules->program_id);
  OUT_LIT (o, ",\"as_of\":");
  out_json_string (o, run->as_of_text);
  OUT_LIT (o, ",\"currency\":");
  out_json_string (o, run->rules->reward.currency);
  OUT_LIT (o, ",\n");
}

/* Too many entries to hold: they go first, the totals after them. */
static void
spill_streamed_header (Out      *o,
                       gpointer  user_data)
{
  write_json_header (user_data, o);
  OUT_LIT (o, "\"entries\":[\n");
}

static void
spill_full_header (Out      *o,
                   gpointer  user_data)
{
  write_json_header (user_data, o);
  write_totals_json (user_data, o);
  OUT_LIT (o, ",\n\"entries\":[\n");
}

/* Kind seller-benefit: each merchant's benefit window. */
typedef struct
{
  PdRules  *rules;
  gint64    as_of;
  Out      *out;
  gboolean  json;
  gboolean  first;
} BenefitRun;

static gboolean
on_seller_benefit (const PdSellerInput  *seller,
                   gpointer              user_data,
                   GError              **error)
{
  BenefitRun *run = user_data;
  PdBenefitVerdict v;
  Out *o = run->out;
  char joined[32] = "-";
  char ends[32] = "-";
  const char *market;

  if (!pd_engine_evaluate_benefit (run->rules, run->as_of, seller, &v))
    return TRUE;

  market = v.store != NULL && v.store->market != NULL ? v.store->market : seller->market;
  if (v.state != PD_BENEFIT_NOT_JOINED)
    {
      pd_rules_format_time (run->rules, v.joined_at, joined);
      pd_rules_format_time (run->rules, v.ends_at, ends);
    }

  if (run->json)
    {
      if (!run->first)
        OUT_LIT (o, ",\n");
      run->first = FALSE;
      OUT_LIT (o, "{\"seller_id\":");
      out_json_string (o, seller->seller_id);
      OUT_LIT (o, ",\"store_id\":");
      out_json_string (o, v.store != NULL ? v.store->store_id : NULL);
      OUT_LIT (o, ",\"market\":");
      out_json_string (o, market);
      OUT_LIT (o, ",\"state\":\"");
      out_str (o, pd_benefit_state_to_string (v.state));
      OUT_LIT (o, "\",\"joined_at\":");
      out_json_string (o, v.state != PD_BENEFIT_NOT_JOINED ? joined : NULL);
      OUT_LIT (o, ",\"benefit_ends_at\":");
      out_json_string (o, v.state != PD_BENEFIT_NOT_JOINED ? ends : NULL);
      OUT_LIT (o, ",\"days_left\":");
      out_int (o, v.days_left);
      OUT_LIT (o, "}");
    }
  else
    {
      out_cell (o, seller->seller_id, 18);
      out_cell (o, v.store != NULL ? v.store->store_id : NULL, 18);
      out_cell (o, market, 6);
      out_cell (o, pd_benefit_state_to_string (v.state), 12);
      out_cell (o, ends, 25);
      out_int (o, v.days_left);
      OUT_LIT (o, "\n");
    }
  return TRUE;
}

static int
project_benefit (PdStore           *store,
                 PdProjectionSetup *setup,
                 gboolean           json)
{
  g_autoptr(GError) error = NULL;
  BenefitRun run = { setup->rules, setup->as_of, NULL, json, TRUE };
  char as_of[32];
  Out out;
  gboolean ok;

  out_init (&out, STDOUT_FILENO);
  run.out = &out;
  pd_rules_format_time (setup->rules, setup->as_of, as_of);

  if (json)
    {
      OUT_LIT (&out, "{\"program\":");
      out_json_string (&out, setup->rules->program_id);
      OUT_LIT (&out, ",\"kind\":\"seller-benefit\",\"as_of\":");
      out_json_string (&out, as_of);
      OUT_LIT (&out, ",\n\"entries\":[\n");
    }
  else
    {
      g_autofree char *header = g_strdup_printf (_("Program: %s (%s)\nAs of: %s\n\n"),
                                                 setup->rules->program_name,
                                                 setup->rules->program_id, as_of);
      out_str (&out, header);
      out_cell (&out, _("Seller"), 18);
      out_cell (&out, _("Store"), 18);
      out_cell (&out, _("Market"), 6);
      out_cell (&out, _("Benefit"), 12);
      out_cell (&out, _("Ends"), 25);
      out_str (&out, _("Days left"));
      OUT_LIT (&out, "\n");
    }

  ok = pd_store_foreach_seller (store, setup->rules->program_id, PD_STORE_ENTRIES_DEFAULT,
                                on_seller_benefit, &run, &error);
  if (json && ok)
    OUT_LIT (&out, "]}\n");
  if (!out_close (&out, ok ? &error : NULL) || !ok)
    {
      g_printerr ("partnerdesk-cli: %s\n", error->message);
      return PD_CLI_EXIT_FAILURE;
    }
  return PD_CLI_EXIT_OK;
}

int
pd_cli_project_command (PdStore  *store,
                        int       argc,
                        char    **argv)
{
  g_auto(PdProjectionSetup) setup = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PdProjection) projection = NULL;
  g_autoptr(GArray) verdicts = NULL;
  g_autoptr(GString) text = NULL;
  const char *program_id = NULL;
  const char *as_of_text = NULL;
  gboolean json = FALSE;
  ProjectRun run = { 0 };
  Fragments fragments = { 0 };
  Out out;
  int status;
  gboolean ok;

  for (int i = 1; i < argc; i++)
    {
      const char *value;

      if (pd_cli_option_value (argc, argv, &i, "--program", &value))
        program_id = value;
      else if (pd_cli_option_value (argc, argv, &i, "--as-of", &value))
        as_of_text = value;
      else if (g_str_equal (argv[i], "--json"))
        json = TRUE;
      else
        return pd_cli_unknown_argument (PD_CLI_PROJECT_USAGE, argv[i]);
    }
  if (program_id == NULL || *program_id == '\0')
    return pd_cli_usage_error (PD_CLI_PROJECT_USAGE, _("--program ID is required"));
  if (as_of_text == NULL || *as_of_text == '\0')
    return pd_cli_usage_error (PD_CLI_PROJECT_USAGE,
                               _("--as-of TIME is required, such as 2026-03-15T12:00:00+08:00"));

  status = pd_cli_project_setup (store, program_id, as_of_text, &setup);
  if (status != PD_CLI_EXIT_OK)
    return status;

  if (setup.rules->kind == PD_PROGRAM_KIND_SELLER_BENEFIT)
    return project_benefit (store, &setup, json);

  projection = pd_projection_new (setup.rules, setup.as_of, &setup.model);
  verdicts = g_array_new (FALSE, TRUE, sizeof (PdEntryVerdict));
  text = g_string_sized_new (256);
  out_init (&out, STDOUT_FILENO);

  run.rules = setup.rules;
  run.as_of = setup.as_of;
  run.projection = projection;
  run.out = &out;
  run.json = json;
  run.first = TRUE;
  run.verdicts = verdicts;
  run.text = text;
  run.fragments = &fragments;
  run.reward = pd_money_format_amount (&setup.rules->reward);
  {
    PdMoney zero = setup.rules->reward;

    zero.minor = 0;
    run.no_reward = pd_money_format_amount (&zero);
  }

  if (json)
    run.overrides = pd_cli_program_overrides_json (store, program_id, &error);
  else
    {
      g_autoptr(GPtrArray) list = pd_store_list_all_overrides (store, program_id, &error);
      g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; list != NULL && i < list->len; i++)
        g_ptr_array_add (lines, pd_program_override_describe (g_ptr_array_index (list, i)));
      g_ptr_array_add (lines, NULL);
      run.overrides = list != NULL ? g_strjoinv ("; ", (char **) lines->pdata) : NULL;
    }
  if (error != NULL)
    {
      g_printerr ("partnerdesk-cli: %s\n", error->message);
      g_free (run.reward);
      g_free (run.no_reward);
      return PD_CLI_EXIT_FAILURE;
    }

  pd_rules_format_time (setup.rules, setup.as_of, run.as_of_text);
  if (json)
    {
      /* The entries are held until the totals are known (see the top). */
      out.holding = TRUE;
      out.spill = spill_streamed_header;
      out.spill_data = &run;
    }
  else
    {
      g_autofree char *header =
        g_strdup_printf (_("Program: %s (%s)\nPeriod: %s to %s (%s)\nAs of: %s\n\n"),
                         setup.rules->program_name, setup.rules->program_id,
                         setup.rules->period_start_date, setup.rules->period_end_date,
                         setup.rules->timezone_id, run.as_of_text);
      out_str (&out, header);
      out_cell (&out, _("Seller"), 18);
      out_cell (&out, _("Store"), 18);
      out_cell (&out, _("Market"), 6);
      out_cell (&out, _("Verdict"), 10);
      out_cell (&out, _("Reward"), 10);
      out_str (&out, _("What is missing"));
      OUT_LIT (&out, "\n");
    }

  ok = pd_store_foreach_seller (store, setup.rules->program_id, PD_STORE_ENTRIES_DEFAULT,
                                on_seller_project, &run, &error) &&
       pd_projection_finish (projection, &error);
  if (ok && json && out.holding)
    {
      /* Everything fitted: the totals first, as in partnerdesk-cli(1). */
      out.spill = spill_full_header;
      out_release (&out);
      OUT_LIT (&out, "]}\n");
    }
  else if (ok && json)
    {
      OUT_LIT (&out, "],\n");
      write_totals_json (&run, &out);
      OUT_LIT (&out, "}\n");
    }
  else if (ok)
    write_totals_table (&run);
  g_free (run.reward);
  g_free (run.no_reward);
  g_free (run.overrides);
  fragments_clear (&fragments);

  if (!out_close (&out, ok ? &error : NULL) || !ok)
    {
      g_printerr ("partnerdesk-cli: %s\n", error->message);
      return PD_CLI_EXIT_FAILURE;
    }
  return PD_CLI_EXIT_OK;
}
