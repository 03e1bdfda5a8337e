#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The demo's past quarter adds up (what `./run` shows for the ended Q1 2026
program): a demo sandbox seeded after Q1 2026's payouts, synced by
partnerdesk-cli; `project --json` of eu-jp-pop-partner-2026q1 counts the
merchants that qualify from the synced history alone, and the payout
review's reconciliation (`export payouts`) puts the platform's records
beside it: paid + withheld = projected, the difference explained by the
withheld merchant, which the projection has qualified.

    test-cli-demo-payouts.py PARTNERDESK_CLI PARTNERDESK_SANDBOX
"""
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

CLI = sys.argv.pop(1)
SANDBOX = sys.argv.pop(1)
PROGRAM = 'eu-jp-pop-partner-2026q1'
TITLE = 'Reconciliation with the platform’s payouts, 2026Q1'
SEED_TIME = '2026-12-07T02:00:00Z'
AS_OF = '2026-12-07T10:00:00+08:00'


def fen(amount):
    """'16000.00' -> 1600000, exactly (no negative amounts here)."""
    units, _, cents = amount.partition('.')
    return int(units) * 100 + int((cents + '00')[:2])


class DemoPayouts(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix='pd-test-demo-payouts-')
        cls.store = os.path.join(cls.tmp.name, 'store.db')
        sandbox = subprocess.Popen([SANDBOX, '--listen', '127.0.0.1:0', '--data',
                                    os.path.join(cls.tmp.name, 'sandbox'), '--seed', 'demo',
                                    '--seed-time', SEED_TIME],
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            env = dict(word.split('=', 1) for word in sandbox.stdout.readline().split())
            r = subprocess.run([CLI, '--store', cls.store, 'sync', '--endpoint', env['PD_ENDPOINT']],
                               capture_output=True, text=True, timeout=120,
                               env=dict(os.environ, **env))
            if r.returncode != 0:
                raise AssertionError('sync failed (%d): %s' % (r.returncode, r.stderr))
        finally:
            sandbox.terminate()
            sandbox.wait(timeout=30)
        cls.projection = json.loads(cls.cli('project', '--program', PROGRAM, '--as-of', AS_OF, '--json'))
        out = os.path.join(cls.tmp.name, 'review.csv')
        cls.cli('export', 'payouts', '--program', PROGRAM, '--as-of', AS_OF, '--format', 'csv',
                '--output', out)
        with open(out, encoding='utf-8-sig', newline='') as f:
            cls.rows = list(csv.reader(f))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @classmethod
    def cli(cls, *args):
        r = subprocess.run([CLI, '--store', cls.store, *args], capture_output=True, text=True,
                           timeout=120)
        if r.returncode != 0:
            raise AssertionError('%s failed (%d): %s' % (args[0], r.returncode, r.stderr))
        return r.stdout

    def reconciliation(self):
        first = self.rows.index([TITLE])
        lines = {}
        for row in self.rows[first + 1:]:
            if len(row) < 2 or row[0] == 'Assumption':
                break
            lines[row[0]] = row[1]
        return lines

    def test_history_qualifies_by_the_rules(self):
        entries = [e for e in self.projection['entries']
                   if e['verdict'] != 'lost' or
                   not any(c['name'] == 'onboarded' and c['state'] == 'failed' for c in e['conditions'])]
        verdicts = sorted(e['verdict'] for e in entries)
        # 9 qualified; 5 that failed one condition each, no one pending.
        self.assertEqual(verdicts, ['lost'] * 5 + ['qualified'] * 9)
        failed = sorted(c['name'] for e in entries for c in e['conditions'] if c['state'] == 'failed')
        self.assertEqual(failed, ['first_store', 'inventory', 'link', 'sales', 'sales'])
        self.assertEqual(self.projection['confirmed'], {'merchants': 9, 'amount': '18000.00'})
        self.assertEqual(self.projection['governance']['factor'], '1')

    def test_reconciliation_adds_up(self):
        lines = self.reconciliation()
        self.assertEqual(lines['Projected for the quarter'],
                         'CNY 18,000.00 · 9 qualified merchants, after the governance factor')
        self.assertEqual(lines['Paid by the platform'], 'CNY 16,000.00')
        self.assertEqual(lines['Withheld by the platform'], 'CNY 2,000.00 · A withheld payout counts zero')
        self.assertEqual(lines['Difference'], 'CNY -2,000.00 · Paid minus projected')
        self.assertEqual(lines['Withheld merchants'],
                         'CNY -2,000.00 · What the projection counted for the payouts the platform withheld')
        self.assertNotIn('Not explained', lines)
        self.assertEqual(lines['Result'], 'The difference of CNY -2,000.00 is fully explained')
        # Paid + withheld = the reward of each merchant that qualified.
        qualified = [e for e in self.projection['entries'] if e['verdict'] == 'qualified']
        self.assertEqual(sorted(fen(e['reward']) for e in qualified), [200000] * 9)
        self.assertEqual(1600000 + 200000, sum(fen(e['reward']) for e in qualified))

    def test_withheld_merchant_qualified(self):
        lines = self.reconciliation()
        withheld = lines['Withheld · PO-2026Q1-EUJP-02']
        store_id = withheld.split('store ', 1)[1].split(':', 1)[0]
        entry = [e for e in self.projection['entries'] if e['store_id'] == store_id]
        self.assertEqual([e['verdict'] for e in entry], ['qualified'])
        self.assertTrue(withheld.endswith(': Qualified in the projection, counted CNY 2,000.00; '
                                          'difference CNY -2,000.00'), withheld)
        self.assertIn('Seller %s, store %s' % (entry[0]['seller_id'], store_id), withheld)


    def test_current_quarter_table_reads(self):
        """The text table of the demo's running quarter: every id column
        stands apart from the next (platform ids are 16 digits), and a
        store's status is not named twice."""
        text = self.cli('project', '--program', 'eu-jp-pop-partner-2026q4', '--as-of', AS_OF)
        header = next(line for line in text.splitlines() if line.startswith('Seller'))
        self.assertEqual(header.split()[:5], ['Seller', 'Store', 'Market', 'Verdict', 'Reward'])
        rows = [line for line in text.splitlines() if line[:1].isdigit() and '  ' in line]
        self.assertGreater(len(rows), 50)
        for line in rows:
            seller, store, market = re.split(r' {2,}', line)[:3]
            self.assertRegex(seller, r'^\d{16}$', line)
            self.assertRegex(store, r'^(\d{16}|-)$', line)
            self.assertIn(market, ('EU', 'JP'), line)
        statuses = [line for line in rows if 'Store status: ' in line]
        self.assertTrue(statuses)
        self.assertFalse([line for line in statuses if 'Store status: store status' in line])


    def test_current_quarter_totals_add_up(self):
        """The running quarter has a high-risk store: the Reward column
        (before the governance factor) times the factor gives Confirmed,
        and the totals say so."""
        text = self.cli('project', '--program', 'eu-jp-pop-partner-2026q4', '--as-of', AS_OF)
        rows = [re.split(r' {2,}', line) for line in text.splitlines()
                if line[:1].isdigit() and '  ' in line]
        rewards = sum(fen(row[4]) for row in rows if len(row) > 4 and row[3] == 'Qualified')
        qualified = sum(1 for row in rows if len(row) > 4 and row[3] == 'Qualified')
        self.assertIn('Governance: paid at 0.5 because of high-risk stores: ', text)
        m = re.search(r'^Confirmed: CNY ([\d,.]+) \((\d+) merchants × CNY 2,000\.00 × 0\.5\)$', text, re.M)
        self.assertIsNotNone(m, text)
        self.assertEqual(int(m.group(2)), qualified)
        self.assertEqual(fen(m.group(1).replace(',', '')) * 2, rewards)
        self.assertRegex(text, r'(?m)^Upper: +CNY [\d,.]+ \(\d+ merchants × CNY 2,000\.00 × 0\.5\)$')

if __name__ == '__main__':
    unittest.main()
