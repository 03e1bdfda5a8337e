#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`partnerdesk-cli export payouts` after the quarter carries the
reconciliation with the platform's payout records (issue 14 item 4): the
q1-example as of 2026-05-15 (3 qualified at 0.5, CNY 3,000.00), the
platform paying CNY 2,000.00 and withholding store S-01's share. CSV,
workbook (money cells) and PDF hold the same lines; during the period
the review has none.

    test-cli-reconcile.py PARTNERDESK_CLI
"""
import csv
import io
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest

CLI = os.environ.get('PARTNERDESK_CLI') or sys.argv.pop(1)
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(os.environ.get('PARTNERDESK_FIXTURES_DIR') or
                        os.path.join(HERE, '..', 'fixtures'), 'q1-example')
PROGRAMS = (os.environ.get('PARTNERDESK_PROGRAMS_DIR') or
            os.path.join(HERE, '..', '..', 'data', 'programs'))
PROGRAM = 'eu-jp-pop-partner-2026q1'
TITLE = 'Reconciliation with the platform’s payouts, 2026Q1'


def cli(store, *args):
    env = dict(os.environ, PARTNERDESK_PROGRAMS_DIR=PROGRAMS)
    return subprocess.run([CLI, '--store', store, *args], capture_output=True, text=True,
                          env=env, timeout=120)


class Reconcile(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix='pd-test-reconcile-')
        cls.store = os.path.join(cls.tmp.name, 'store.db')
        steps = [('program', os.path.join(PROGRAMS, PROGRAM + '.json'))] + \
            [(kind, os.path.join(FIXTURES, kind + '.csv')) for kind in ('rates', 'targets', 'links', 'stores')]
        for kind, path in steps:
            r = cli(cls.store, 'import', kind, path)
            if r.returncode != 0:
                raise AssertionError('import %s failed (%d): %s' % (kind, r.returncode, r.stderr))
        db = sqlite3.connect(cls.store)
        db.execute("INSERT INTO payouts (id, program_id, quarter, amount, currency, status, paid_at,"
                   " seller_id, store_id) VALUES"
                   " ('PO-1', ?, '2026Q1', 200000, 'CNY', 'paid', 1781748000, NULL, NULL),"
                   " ('PO-2', ?, '2026Q1', 100000, 'CNY', 'withheld', 1781748000, NULL, 'S-01')",
                   (PROGRAM, PROGRAM))
        db.commit()
        db.close()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def export(self, fmt, as_of='2026-05-15T00:00:00+08:00'):
        out = os.path.join(self.tmp.name, 'review-%s.%s' % (as_of[:10], fmt))
        r = cli(self.store, 'export', 'payouts', '--program', PROGRAM, '--as-of', as_of,
                '--format', fmt, '--output', out)
        self.assertEqual(r.returncode, 0, r.stderr)
        return out

    def csv_rows(self, as_of='2026-05-15T00:00:00+08:00'):
        with open(self.export('csv', as_of), encoding='utf-8-sig', newline='') as f:
            return list(csv.reader(io.StringIO(f.read())))

    def test_csv(self):
        rows = self.csv_rows()
        first = rows.index([TITLE])
        lines = {row[0]: row[1] for row in rows[first + 1:first + 9] if len(row) >= 2}
        self.assertTrue(lines['Projected for the quarter'].startswith('CNY 3,000.00 · 3 qualified merchants'))
        self.assertEqual(lines['Paid by the platform'], 'CNY 2,000.00')
        self.assertEqual(lines['Withheld by the platform'], 'CNY 1,000.00 · A withheld payout counts zero')
        self.assertEqual(lines['Difference'], 'CNY -1,000.00 · Paid minus projected')
        # The record names only the store: the seller is looked up.
        self.assertEqual(lines['Withheld · PO-2'],
                         'CNY 1,000.00 · Store S-01: Qualified in the projection, counted CNY 1,000.00; '
                         'difference CNY -1,000.00')
        result = [row for row in rows[first:] if row and row[0] == 'Result']
        self.assertEqual(result, [['Result', 'The difference of CNY -1,000.00 is fully explained']])

    def test_during_the_period_there_is_none(self):
        rows = self.csv_rows('2026-03-25T12:00:00+08:00')
        self.assertNotIn([TITLE], rows)

    def test_workbook_money_cells(self):
        try:
            import openpyxl
        except ImportError:
            if os.environ.get('PARTNERDESK_ALLOW_SKIP') == '1':
                self.skipTest('python3-openpyxl is not installed')
            raise
        wb = openpyxl.load_workbook(self.export('xlsx'))
        totals = {row[0].value: row for row in wb.worksheets[0].iter_rows()}
        self.assertIn(TITLE, totals)
        difference = totals['Difference']
        self.assertEqual(difference[2].value, -1000)
        self.assertEqual(difference[3].value, 'CNY')
        self.assertEqual(totals['Paid by the platform'][2].value, 2000)

    def test_pdf(self):
        if shutil.which('pdftotext') is None:
            if os.environ.get('PARTNERDESK_ALLOW_SKIP') == '1':
                self.skipTest('pdftotext is not installed (Debian package poppler-utils)')
            self.fail('pdftotext is not installed: install the Debian package poppler-utils')
        text = subprocess.run(['pdftotext', '-layout', self.export('pdf'), '-'], capture_output=True,
                              text=True, check=True).stdout
        self.assertIn(TITLE, text)
        self.assertIn('Paid by the platform: CNY 2,000.00', text)
        self.assertIn('Difference: CNY -1,000.00', text)
        self.assertIn('Result: The difference of CNY -1,000.00 is fully explained', text)


if __name__ == '__main__':
    unittest.main()
