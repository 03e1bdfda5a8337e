#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes a links CSV and a store progress CSV (domain.md) for sellers of
a target list that gen-targets.py wrote, for the million-merchant
benchmark (bench-million.sh).

    gen-activity.py TARGETS.csv LINKS_OUT STORES_OUT [N_LINKS [N_STORES]]

N_LINKS (default 200,000) sellers get an onboarding link of the Q1 EU &
JP program, in the file's random seller order; the first N_STORES
(default 100,000) of them opened a store through it, some with a first
sale and settled GMV. Fixed seed: runs compare the same bytes."""
import csv
import random
import sys

PROGRAM = 'eu-jp-pop-partner-2026q1'
ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
STAFF = ['Lin', 'Mei', 'Zhou', 'Wang Wei', 'Li Na']


def main():
    targets, links_out, stores_out = sys.argv[1:4]
    n_links = int(sys.argv[4]) if len(sys.argv) > 4 else 200000
    n_stores = int(sys.argv[5]) if len(sys.argv) > 5 else 100000
    rnd = random.Random(20260102)
    sellers = []
    with open(targets, encoding='utf-8', newline='') as f:
        reader = csv.reader(f)
        next(reader)
        for row in reader:
            sellers.append((row[0], row[3]))
            if len(sellers) == n_links:
                break
    with open(links_out, 'w', encoding='utf-8', newline='') as lf, \
         open(stores_out, 'w', encoding='utf-8', newline='') as sf:
        lf.write('token,kind,seller_id,market,program_id,created_at,staff\r\n')
        sf.write('store_id,seller_id,market,onboarded_at,via_link,first_sale_at,settled_gmv_30d,gmv_currency\r\n')
        for i, (seller, market) in enumerate(sellers):
            market = market if market in ('EU', 'JP') else 'EU'
            token = ''.join(rnd.choice(ALPHABET) for _ in range(22))
            day = 1 + rnd.randrange(28)
            lf.write('%s,onboarding,%s,%s,%s,2026-01-%02dT10:00:00+08:00,%s\r\n'
                     % (token, seller, market, PROGRAM, day, rnd.choice(STAFF)))
            if i < n_stores:
                sold = rnd.random() < 0.6
                sf.write('S-%07d,%s,%s,2026-02-%02dT10:00:00+08:00,%s,%s,%s,%s\r\n' % (
                    i, seller, market, day, token,
                    '2026-02-%02dT12:00:00+08:00' % min(day + 2, 28) if sold else '',
                    '%d.%02d' % (rnd.randrange(20000), rnd.randrange(100)) if sold else '',
                    'CNY' if sold else ''))


if __name__ == '__main__':
    main()
