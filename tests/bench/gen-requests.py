#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fills a Partner Desk store with N seller requests and M authorizations.

    gen-requests.py PARTNERDESK_CLI STORE_FILE [N_REQUESTS] [N_AUTHORIZATIONS] [SEED]

The store is created by partnerdesk-cli (so the schema, with its indexes,
is the real one), then filled with plain SQL in one transaction: requests
in every state (60% in review), both request types, five categories,
USD budgets and GMVs spread over three orders of magnitude, a few JPY
ones; authorizations in every state with expiries around now.
"""
import os
import random
import sqlite3
import subprocess
import sys
import time

CATEGORIES = ['cat-store-ops', 'cat-live', 'cat-ads', 'cat-content', 'cat-logistics']
STATUSES = (['partner_reviewing'] * 6 + ['partner_accepted'] * 2 + ['connected', 'rejected', 'closed'])
SIZES = ['1-10', '11-50', '51-200', '201-500', '500+']
PRODUCTS = ['Home & Living', 'Beauty', 'Fashion', 'Electronics', 'Toys', 'Sports']


def main():
    cli, path = sys.argv[1], sys.argv[2]
    n_requests = int(sys.argv[3]) if len(sys.argv) > 3 else 100000
    n_authorizations = int(sys.argv[4]) if len(sys.argv) > 4 else 20000
    rng = random.Random(int(sys.argv[5]) if len(sys.argv) > 5 else 12)
    env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS='unix:path=/nonexistent')
    subprocess.run([cli, '--store', path, 'status'], check=True, stdout=subprocess.DEVNULL, env=env)
    now = int(time.time())
    db = sqlite3.connect(path)
    db.execute('BEGIN')
    for i, name in enumerate(CATEGORIES):
        db.execute("INSERT OR IGNORE INTO service_categories (id, name, state) VALUES (?, ?, 'approved')",
                   (name, name.replace('cat-', '').title()))
    rows = []
    for i in range(n_requests):
        status = rng.choice(STATUSES)
        currency = 'JPY' if i % 50 == 0 else 'USD'
        scale = 1 if currency == 'JPY' else 100
        gmv = rng.randrange(5, 2000) * 1000 * scale
        budget = rng.randrange(5, 600) * 100 * scale
        closed = status == 'closed'
        rows.append((f'SR-{i:07d}', status, rng.choice(['select_partners', 'platform_referral']),
                     rng.choice(CATEGORIES), 'Shenzhen, Guangdong, CN', rng.choice(SIZES), currency,
                     gmv, rng.randrange(0, 100) * 1000 * scale, budget, rng.choice(PRODUCTS),
                     f'Product {i}', f'Seller {i} details',
                     None if closed else f'Contact {i}', None if closed else f'contact{i}@example.com',
                     now - i * 60, now - i * 60, 1))
    db.executemany('INSERT INTO seller_requests (id, status, request_type, category_id, location,'
                   ' company_size, currency, monthly_tiktok_shop_gmv, monthly_other_gmv, monthly_budget,'
                   ' main_category, best_selling_product, other_details, contact_name, contact_email,'
                   ' created_at, updated_at, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)', rows)
    auths = []
    for i in range(n_authorizations):
        state = rng.choice(['active'] * 7 + ['completed', 'canceled', 'closed'])
        starts = now - rng.randrange(1, 300) * 86400
        auths.append((f'AU-{i:07d}', state, f'SELLER{i % 5000:05d}', 'svc-store-ops', '[]',
                      starts, starts + rng.choice([30, 90, 365]) * 86400, 30))
    db.executemany('INSERT INTO authorizations (id, state, seller_id, service_id, shop_ids, starts_at,'
                   ' expires_at, duration_days) VALUES (?,?,?,?,?,?,?,?)', auths)
    db.commit()
    db.close()


if __name__ == '__main__':
    main()
