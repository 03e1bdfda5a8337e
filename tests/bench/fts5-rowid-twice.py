#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Whether the Merchants page's full-text index may take a row's new words
as a second INSERT of the same rowid (pd-merchant-writer.c, words_grow ()).

    fts5-rowid-twice.py [SEED]     check (a few minutes; exit status 1 on a difference)
    fts5-rowid-twice.py --order    the cost of new words at random rows against id order

The table has the store's FTS5 options (pd-merchant-schema.h): contentless,
detail=none, prefix='2', column sizes kept. 3,000 rows of random Latin and
CJK words in six transactions; then four rounds of new words for a quarter of
the rows in id order, and for fifty rows out of order and twice in a row.
After each round, and after a 'merge' and an 'optimize': every term and every
beginning of every term (MATCH '"x"' and '"x" *') must give the rows that hold
it, each once; the fts5vocab 'instance' table each (term, row) once; a scan
each row once. Uses the system's SQLite through Python's sqlite3 module.
"""
import random
import sqlite3
import sys
import time

SCHEMA = ("CREATE VIRTUAL TABLE s USING fts5 (doc, content='', detail=none,"
          " tokenize='unicode61 remove_diacritics 0', prefix='2')")


def order_cost():
    rnd = random.Random(2)
    db = sqlite3.connect(":memory:")
    db.execute(SCHEMA)
    n = 200000
    with db:
        for r in range(1, n + 1):
            db.execute("INSERT INTO s (rowid, doc) VALUES (?, ?)",
                       (r, "kite home %d seller %d bd polaris example" % (r, r * 7)))
    for order in ("random", "id order"):
        rows = rnd.sample(range(1, n + 1), 20000)
        if order == "id order":
            rows.sort()
        t = time.process_time()
        with db:
            for r in rows:
                db.execute("INSERT INTO s (rowid, doc) VALUES (?, ?)", (r, "7%08d " % r))
        print("20,000 new words at rows of 200,000, %s: %.2f s CPU" % (order, time.process_time() - t))


def check(seed):
    rnd = random.Random(seed)
    alpha = "abkx79" + "北极星京"
    db = sqlite3.connect(":memory:")
    db.execute(SCHEMA)
    words = {}
    fails = 0

    def word():
        return "".join(rnd.choice(alpha) for _ in range(rnd.randint(1, 5)))

    def insert(r, ws):
        db.execute("INSERT INTO s (rowid, doc) VALUES (?, ?)", (r, " ".join(ws) + " "))

    def verify(tag):
        nonlocal fails
        terms = set(w for ws in words.values() for w in ws)
        prefixes = set(t[:i] for t in terms for i in range(1, len(t) + 1))
        for p in prefixes:
            for match, holds in (('"%s" *' % p, lambda ws: any(w.startswith(p) for w in ws)),
                                 ('"%s"' % p, lambda ws: p in ws)):
                got = [r for (r,) in db.execute("SELECT rowid FROM s WHERE s MATCH ?", (match,))]
                want = sorted(r for r, ws in words.items() if holds(ws))
                if got != want:
                    fails += 1
                    if fails < 10:
                        print(tag, match, "got", len(got), "rows, expected", len(want))
        db.execute("DROP TABLE IF EXISTS temp.v")
        db.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab (main, 's', 'instance')")
        inst = db.execute("SELECT term, doc FROM temp.v").fetchall()
        if sorted(inst) != sorted((t, r) for r, ws in words.items() for t in ws):
            fails += 1
            print(tag, "fts5vocab 'instance' differs")
        if [r for (r,) in db.execute("SELECT rowid FROM s")] != sorted(words):
            fails += 1
            print(tag, "a scan differs")
        print("%-16s %6d queries, %d differences so far, %d segment pages" %
              (tag, 2 * len(prefixes), fails, db.execute("SELECT count (*) FROM s_data").fetchone()[0]))

    n = 3000
    for r in range(1, n + 1):
        words[r] = set(word() for _ in range(rnd.randint(1, 6)))
        insert(r, words[r])
        if r % 500 == 0:
            db.commit()
    verify("rows")
    for i in range(4):
        for r in sorted(rnd.sample(range(1, n + 1), n // 4)):
            new = set(word() for _ in range(rnd.randint(1, 3))) - words[r]
            if new:
                words[r] |= new
                insert(r, new)
        for r in rnd.sample(range(1, n + 1), 50):
            for _ in range(2):
                new = set(word() for _ in range(2)) - words[r]
                if new:
                    words[r] |= new
                    insert(r, new)
        db.commit()
        verify("new words %d" % (i + 1))
    db.execute("INSERT INTO s (s, rank) VALUES ('merge', 500)")
    db.commit()
    verify("after 'merge'")
    db.execute("INSERT INTO s (s) VALUES ('optimize')")
    db.commit()
    verify("after 'optimize'")
    db.execute("INSERT INTO s (s) VALUES ('integrity-check')")
    docsize = db.execute("SELECT count (*) FROM s_docsize").fetchone()[0]
    print("integrity-check: ok; s_docsize rows %d for %d rowids" % (docsize, n))
    if docsize != n:
        fails += 1
    print("SQLite %s: %s" % (sqlite3.sqlite_version, "FAIL" if fails else "PASS"))
    return fails == 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--order"]:
        order_cost()
    else:
        sys.exit(0 if check(int(sys.argv[1]) if len(sys.argv) > 1 else 1) else 1)
