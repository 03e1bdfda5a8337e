#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`project --json` over more entries than it holds in memory (~100 MB of
JSON from 100,000 generated sellers): the entries are then streamed before
the totals; the object must be the same JSON, sorted as cli.md says, its
totals agreeing with its entries, and the table and JSON outputs must agree.

    test-project-stream.py PARTNERDESK_CLI
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

CLI = os.environ.get('PARTNERDESK_CLI') or sys.argv.pop(1)
HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAM = 'eu-jp-pop-partner-2026q1'
SELLERS = 100000


class ProjectStream(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix='pd-test-stream-')
        cls.store = os.path.join(cls.tmp.name, 'store.db')
        subprocess.run(['/usr/bin/python3', os.path.join(HERE, '..', 'bench', 'gen-sellers.py'),
                        CLI, cls.store, str(SELLERS), '7'], check=True, stdout=subprocess.DEVNULL)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_streamed_json(self):
        r = subprocess.run([CLI, '--store', self.store, 'project', '--program', PROGRAM,
                            '--as-of', '2026-03-25T12:00:00+08:00', '--json'],
                           capture_output=True, timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertGreater(len(r.stdout), 64 << 20, 'too small to be streamed')
        got = json.loads(r.stdout)
        # Streamed: the entries come before the totals.
        self.assertEqual(list(got)[:4], ['program', 'as_of', 'currency', 'entries'])
        self.assertEqual(set(got), {'program', 'as_of', 'currency', 'entries', 'governance',
                                    'confirmed', 'expected', 'upper', 'model', 'at_risk', 'overrides'})

        entries = got['entries']
        keys = [(e['seller_id'], e['store_id'] is not None) for e in entries]
        self.assertEqual(keys, sorted(keys))
        qualified = sum(e['verdict'] == 'qualified' for e in entries)
        pending = sum(e['verdict'] == 'pending' for e in entries)
        self.assertEqual(got['confirmed']['merchants'], qualified)
        self.assertEqual(got['upper']['merchants'], qualified + pending)
        factor = 0.5 if got['governance']['high_risk_stores'] else 1
        self.assertEqual(got['governance']['factor'], '0.5' if factor == 0.5 else '1')
        self.assertEqual(got['confirmed']['amount'], '%d.00' % (qualified * 2000 * factor))
        self.assertLessEqual(float(got['confirmed']['amount']), float(got['expected']['amount']))
        self.assertLessEqual(float(got['expected']['amount']), float(got['upper']['amount']))
        # Each seller counts once.
        per_seller = {}
        for e in entries:
            if e['verdict'] == 'qualified':
                self.assertNotIn(e['seller_id'], per_seller)
                per_seller[e['seller_id']] = e
        at_risk = {(a['seller_id'], a['store_id']) for a in got['at_risk']}
        pending_keys = {(e['seller_id'], e['store_id']) for e in entries if e['verdict'] == 'pending'}
        self.assertTrue(at_risk <= pending_keys)

        table = subprocess.run([CLI, '--store', self.store, 'project', '--program', PROGRAM,
                                '--as-of', '2026-03-25T12:00:00+08:00'],
                               capture_output=True, text=True, timeout=300)
        self.assertEqual(table.returncode, 0, table.stderr)
        rows = [l for l in table.stdout.splitlines() if l[:1] == '7' and len(l.split()) >= 5]
        self.assertEqual(len(rows), len(entries))


if __name__ == '__main__':
    unittest.main(verbosity=2)
