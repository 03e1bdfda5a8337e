#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fills a Partner Desk store with N sellers of the Q1 2026 EU & JP
recruitment program: each on the target list, invited through one of our
onboarding links, most with a store, some with two, some with none.

    gen-sellers.py PARTNERDESK_CLI STORE_FILE [N_SELLERS] [SEED]

The store is created by partnerdesk-cli (so the schema is the real one)
and then filled with plain SQL in one transaction. The data are random
but reproducible (SEED), spread so that at the benchmark's as-of every
verdict, condition state and stage occurs."""
import os
import random
import sqlite3
import subprocess
import sys

PROGRAM = 'eu-jp-pop-partner-2026q1'
COUNTRIES = ['GB', 'DE', 'FR', 'IT', 'ES', 'IE', 'PL', 'NL']
# (currency, minor digits, typical settled GMV in minor units)
CURRENCIES = [('CNY', 2, 150000), ('EUR', 2, 20000), ('GBP', 2, 17000), ('JPY', 0, 30000)]
# 2025-12-15T00:00:00+08:00 .. 2026-04-10T00:00:00+08:00
ONBOARD_FROM = 1765728000
ONBOARD_TO = 1775750400
DAY = 86400


def main():
    cli = sys.argv[1]
    path = sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 1000000
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 20260101)

    for suffix in ('', '-wal', '-shm'):
        if os.path.exists(path + suffix):
            os.unlink(path + suffix)
    env = dict(os.environ)
    env.setdefault('PARTNERDESK_PROGRAMS_DIR',
                   os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'data', 'programs'))
    subprocess.run([cli, '--store', path, 'status'], check=True, stdout=subprocess.DEVNULL, env=env)

    db = sqlite3.connect(path)
    db.execute('PRAGMA journal_mode = WAL')
    db.execute('PRAGMA synchronous = OFF')
    db.execute('PRAGMA cache_size = -262144')
    db.execute('BEGIN')
    db.executemany('INSERT OR REPLACE INTO exchange_rates (currency, cny_per_unit_micros, updated_at)'
                   ' VALUES (?, ?, 0)',
                   [('EUR', 7800000), ('GBP', 9100000), ('JPY', 48000), ('USD', 7100000)])

    def targets():
        for i in range(n):
            seller = '7%015d' % i
            r = rng.random()
            review = 'approved' if r < 0.85 else ('pending' if r < 0.95 else 'rejected')
            left = 1772000000 if rng.random() < 0.01 else None
            market = 'JP' if i % 5 == 4 else 'EU'
            yield (PROGRAM, seller, 'Seller %d Trading Co., Ltd' % i, 'Brand%d' % i, market, 'CN',
                   'Contact %d' % i, 'bd%d@seller.example' % i, '+86 138%08d' % i,
                   review, 1767225600, left)

    db.executemany('INSERT INTO target_merchants (program_id, seller_id, seller_name, brand, market,'
                   ' country, contact_name, contact_email, contact_phone, review_status, listed_at,'
                   ' left_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', targets())

    links = []
    stores = []
    for i in range(n):
        seller = '7%015d' % i
        market = 'JP' if i % 5 == 4 else 'EU'
        token = '%022x' % rng.getrandbits(88)
        created = ONBOARD_FROM - 10 * DAY + rng.randrange(100 * DAY)
        revoked = created + rng.randrange(60 * DAY) if rng.random() < 0.02 else None
        links.append((token, seller, market, PROGRAM, created, revoked))

        r = rng.random()
        n_stores = 0 if r < 0.10 else (2 if r >= 0.90 else 1)
        for k in range(n_stores):
            # Unique, but not in seller order (a bijection of i).
            store_id = 'S-%08X-%d' % ((i * 2654435761) & 0xFFFFFFFF, k)
            onboarded = rng.randrange(ONBOARD_FROM, ONBOARD_TO)
            if rng.random() < 0.03:
                via = None
            elif rng.random() < 0.02:
                via = 'NotOneOfOurTokens%05d' % rng.randrange(100000)
            else:
                via = token
            first_sale = onboarded + rng.randrange(10 * DAY) if rng.random() < 0.8 else None
            cur, digits, typical = CURRENCIES[3] if market == 'JP' else rng.choice(CURRENCIES[:3])
            gmv = int(typical * rng.random() * 2) if first_sale else 0
            countries = ';'.join(rng.sample(COUNTRIES, rng.randrange(0, 7))) if market == 'EU' else ''
            r = rng.random()
            status, gov, reason = 'normal', 'none', None
            if r < 0.01:
                status = 'closing'
            elif r < 0.02:
                status = 'closed'
            elif r < 0.0202:
                status, gov, reason = 'closed', 'high_risk', 'counterfeit goods'
            elif r < 0.05:
                gov = 'warning'
            stores.append((store_id, seller, market, onboarded, via, via, first_sale, gmv, cur,
                           countries, status, gov, reason))

    db.executemany('INSERT INTO links (token, kind, state, seller_id, market, program_id,'
                   ' created_at, revoked_at, staff) VALUES (?, \'onboarding\','
                   ' CASE WHEN ?6 IS NULL THEN \'active\' ELSE \'revoked\' END, ?2, ?3, ?4, ?5, ?6,'
                   ' \'Bench\')', links)
    db.executemany('INSERT INTO stores (store_id, seller_id, market, onboarded_at, via_link,'
                   ' via_token, first_sale_at, settled_gmv_30d, gmv_currency,'
                   ' inventory_countries, store_status, governance, governance_reason)'
                   ' VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', stores)
    db.commit()
    db.execute('PRAGMA wal_checkpoint(TRUNCATE)')
    db.execute('ANALYZE')
    db.close()
    print('%d sellers, %d links, %d stores in %s' % (n, len(links), len(stores), path))


if __name__ == '__main__':
    main()
