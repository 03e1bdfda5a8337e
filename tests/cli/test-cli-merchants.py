#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""partnerdesk-cli merchants: the Merchants page's rows, searched and
filtered as the page does, brought up to date by the writes (an import,
a link) or before they are read."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

CLI = os.environ.get('PARTNERDESK_CLI') or sys.argv.pop(1)
PROGRAM = 'eu-jp-pop-partner-2026q1'
BASE = 'https://seller-eu.example.com/join?partner=P01&lang=zh-CN#apply'


def cli(store, *args):
    return subprocess.run([CLI, '--store', store, *args], capture_output=True, text=True, timeout=60)


class CliMerchantsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix='pd-test-cli-merchants-')
        self.store = os.path.join(self.tmp.name, 'store.db')
        self.assertEqual(cli(self.store, 'status').returncode, 0)

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, text):
        path = os.path.join(self.tmp.name, name)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
        return path

    def merchants(self, *args):
        r = cli(self.store, 'merchants', '--json', *args)
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    def import_targets(self, rows):
        path = self.write('targets.csv', 'seller_id,seller_name,market,review_status,program_id\n'
                          + ''.join(f'{s},{n},{m},approved,{PROGRAM}\n' for s, n, m in rows))
        r = cli(self.store, 'import', 'targets', path)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_empty_store(self):
        self.assertEqual(self.merchants(), [])
        r = cli(self.store, 'merchants')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('No merchants match.', r.stdout)

    def test_search_filters_sort_limit(self):
        self.import_targets([('7001', 'Alpha Trading', 'EU'), ('7002', 'Beta Home', 'JP'),
                             ('7003', '深圳北极星科技', 'EU'), ('7004', 'Alpha Beta', 'UK')])
        rows = self.merchants()
        self.assertEqual([r['seller_id'] for r in rows], ['7004', '7001', '7002', '7003'])
        self.assertEqual({r['verdict'] for r in rows}, {'none'})
        self.assertEqual({r['stage'] for r in rows}, {'target'})
        self.assertEqual(len(self.merchants('--stage', 'target')), 4)
        self.assertEqual(self.merchants('--stage', 'invited'), [])
        self.assertEqual([r['seller_id'] for r in self.merchants('--search', 'alp')], ['7004', '7001'])
        self.assertEqual([r['seller_id'] for r in self.merchants('--search', 'alpha bet')], ['7004'])
        self.assertEqual([r['seller_id'] for r in self.merchants('--search', '北极')], ['7003'])
        self.assertEqual([r['seller_id'] for r in self.merchants('--search', '700')], ['7004', '7001', '7002', '7003'])
        self.assertEqual([r['seller_id'] for r in self.merchants('--sort', 'market')], ['7001', '7003', '7002', '7004'])
        self.assertEqual([r['seller_id'] for r in self.merchants('--sort', '-seller', '--limit', '2')], ['7003', '7002'])
        self.assertEqual(self.merchants('--verdict', 'qualified'), [])
        self.assertEqual(len(self.merchants('--verdict', 'none', '--program', PROGRAM)), 4)
        self.assertEqual(self.merchants('--program', 'us-top-2026q1'), [])
        self.assertEqual(self.merchants('--search', 'zzz'), [])

        # The table: a header and one line per row.
        r = cli(self.store, 'merchants', '--search', 'beta')
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        self.assertEqual(len(lines), 3)
        self.assertIn('SELLER', lines[0])
        self.assertIn('Beta Home', r.stdout)

    def test_writes_keep_rows_current(self):
        self.import_targets([('7001', 'Alpha Trading', 'EU'), ('7002', 'Beta Home', 'JP')])
        self.assertEqual(len(self.merchants()), 2)
        # A second import: the new seller is found at once, the renamed one
        # under its new name only.
        self.import_targets([('7001', 'Gamma Supply', 'EU'), ('7005', 'Delta Goods', 'EU')])
        self.assertEqual([r['seller_id'] for r in self.merchants('--search', 'delta')], ['7005'])
        self.assertEqual([r['seller_id'] for r in self.merchants('--search', 'gamma')], ['7001'])
        self.assertEqual(self.merchants('--search', 'alpha'), [])
        self.assertEqual(len(self.merchants()), 3)

        # A link: the row is invited, with the link and its staff.
        self.assertEqual(cli(self.store, 'config', 'set', 'onboarding_base_url.EU', BASE).returncode, 0)
        r = cli(self.store, 'link', 'onboarding', '--seller', '7005', '--staff', 'Li Na')
        self.assertEqual(r.returncode, 0, r.stderr)
        [row] = self.merchants('--search', 'delta')
        self.assertEqual(row['link_state'], 'active')
        self.assertEqual(row['staff'], 'Li Na')
        self.assertEqual([r['seller_id'] for r in self.merchants('--staff', 'Li Na')], ['7005'])
        token = row['link_token']
        self.assertEqual(cli(self.store, 'link', 'revoke', token).returncode, 0)
        [row] = self.merchants('--search', 'delta')
        self.assertEqual(row['link_state'], 'revoked')

        # A store opened through nobody's link: a new row for the seller.
        path = self.write('stores.csv', 'store_id,seller_id,market,onboarded_at\n'
                          'S-1,7002,JP,2026-01-10T10:00:00+08:00\n')
        r = cli(self.store, 'import', 'stores', path)
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = self.merchants('--search', 's 1')
        self.assertEqual([(r['seller_id'], r['store_id']) for r in rows], [('7002', 'S-1')])

    def test_merchant_show_lists_the_sellers_stores_and_verdicts(self):
        # 70011's id starts as 7001's: found by the search, not shown.
        self.import_targets([('7001', 'Alpha Trading', 'EU'), ('70011', 'Alpha Two', 'EU')])
        path = self.write('stores.csv', 'store_id,seller_id,market,onboarded_at\n'
                          'S-1,7001,EU,2026-01-10T10:00:00+08:00\n'
                          'S-2,7001,EU,2026-01-12T10:00:00+08:00\n'
                          'S-3,70011,EU,2026-01-12T10:00:00+08:00\n')
        r = cli(self.store, 'import', 'stores', path)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = cli(self.store, 'merchant', 'show', '7001', '--json')
        self.assertEqual(r.returncode, 0, r.stderr)
        entries = json.loads(r.stdout)['entries']
        # The same rows, with the same stages and verdicts, as `merchants`.
        expected = [row for row in self.merchants() if row['seller_id'] == '7001']
        self.assertEqual(sorted(e['store_id'] or '' for e in entries), ['S-1', 'S-2'])
        self.assertEqual(sorted(entries, key=lambda e: e['store_id'] or ''),
                         sorted(expected, key=lambda e: e['store_id'] or ''))
        self.assertTrue(all(e['verdict'] in ('qualified', 'pending', 'lost', 'none') for e in entries))
        r = cli(self.store, 'merchant', 'show', '7001')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('Stores and verdicts:', r.stdout)
        self.assertIn('S-2', r.stdout)
        self.assertNotIn('S-3', r.stdout)
        # A seller the store does not know: no entries, no error.
        r = cli(self.store, 'merchant', 'show', '9999', '--json')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)['entries'], [])

    def test_new_list_partly_in_order(self):
        # In key order at first (appended as they come), then out of order
        # (staged): every row lands once.
        rows = [('7001', 'A One', 'EU'), ('7003', 'C Three', 'EU'), ('7005', 'E Five', 'JP'),
                ('7002', 'B Two', 'EU'), ('7004', 'D Four', 'UK'), ('7006', 'F Six', 'EU')]
        self.import_targets(rows)
        self.assertEqual(sorted(r['seller_id'] for r in self.merchants()), sorted(r[0] for r in rows))
        r = cli(self.store, 'status', '--json')
        self.assertEqual(json.loads(r.stdout)['target_merchants'], 6)

    def test_bad_arguments(self):
        for args, expected in [(['--verdict', 'maybe'], 'maybe'), (['--stage', 'lost'], 'lost'), (['--sort', 'colour'], 'colour'),
                               (['--limit', 'ten'], 'ten'), (['--bogus'], '--bogus')]:
            r = cli(self.store, 'merchants', *args)
            self.assertEqual(r.returncode, 2, args)
            self.assertIn(expected, r.stderr)
            self.assertEqual(r.stdout, '')


if __name__ == '__main__':
    unittest.main()
