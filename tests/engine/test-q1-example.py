#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The worked example of the Q1 2026 EU & JP program (q1-example/README.md),
imported with partnerdesk-cli as an agency would, must project exactly the
expected verdicts, condition states, totals and governance at both instants;
the payout review exports (CSV for Excel, PDF) must carry the same totals.

    test-q1-example.py PARTNERDESK_CLI [PROGRAMS_DIR]
"""
import csv
import io
import json
import os
import shutil
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
CONDITIONS = ['target', 'link', 'onboarded', 'sales', 'inventory', 'status', 'first_store']


def cli(store, *args):
    env = dict(os.environ)
    env['PARTNERDESK_PROGRAMS_DIR'] = PROGRAMS
    return subprocess.run([CLI, '--store', store, *args], capture_output=True, text=True,
                          env=env, timeout=120)


class Q1Example(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix='pd-test-q1-')
        cls.store = os.path.join(cls.tmp.name, 'store.db')
        steps = [('program', os.path.join(PROGRAMS, PROGRAM + '.json')),
                 ('rates', os.path.join(FIXTURES, 'rates.csv')),
                 ('targets', os.path.join(FIXTURES, 'targets.csv')),
                 ('links', os.path.join(FIXTURES, 'links.csv')),
                 ('stores', os.path.join(FIXTURES, 'stores.csv'))]
        for kind, path in steps:
            r = cli(cls.store, 'import', kind, path)
            if r.returncode != 0:
                raise AssertionError('import %s failed (%d): %s' % (kind, r.returncode, r.stderr))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def project(self, as_of):
        r = cli(self.store, 'project', '--program', PROGRAM, '--as-of', as_of, '--json')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, '')
        return json.loads(r.stdout)

    def check_instant(self, as_of, expected_file):
        with open(os.path.join(FIXTURES, expected_file), encoding='utf-8') as f:
            expected = json.load(f)
        got = self.project(as_of)

        self.assertEqual(got['program'], expected['program'])
        self.assertEqual(got['as_of'], as_of)
        self.assertEqual(got['currency'], 'CNY')
        self.assertEqual(got['governance'], expected['governance'])
        self.assertEqual(got['confirmed'], expected['confirmed'])
        self.assertEqual(got['upper'], expected['upper'])

        # The engine's own figure, but always between the two.
        exp = got['expected']['amount']
        self.assertRegex(exp, r'^\d+\.\d\d$')
        self.assertLessEqual(float(got['confirmed']['amount']), float(exp))
        self.assertLessEqual(float(exp), float(got['upper']['amount']))

        self.assertEqual(len(got['entries']), len(expected['entries']))
        for g, e in zip(got['entries'], expected['entries']):
            where = '%s/%s' % (e['seller_id'], e['store_id'])
            self.assertEqual(g['seller_id'], e['seller_id'], where)
            self.assertEqual(g['store_id'], e['store_id'], where)
            self.assertEqual(g['verdict'], e['verdict'], where)
            # conditions: a list of objects, in the spec's order.
            self.assertIsInstance(g['conditions'], list, where)
            names = [c['name'] for c in g['conditions']]
            self.assertEqual(names, [n for n in CONDITIONS if n in e['conditions']], where)
            self.assertEqual({c['name']: c['state'] for c in g['conditions']}, e['conditions'], where)
            for c in g['conditions']:
                self.assertEqual(set(c), {'name', 'state', 'deadline', 'detail'}, where)
                self.assertTrue(c['detail'], where)
                if c['state'] != 'unmet':
                    self.assertIsNone(c['deadline'], where)
            self.assertEqual(g['reward'], '2000.00' if g['verdict'] == 'qualified' else '0.00')
        return got

    def test_as_of_2026_04_05(self):
        got = self.check_instant('2026-04-05T12:00:00+08:00', 'expected-as-of-2026-04-05.json')
        by_store = {e['store_id']: e for e in got['entries']}
        sales = {c['name']: c for c in by_store['S-02']['conditions']}['sales']
        # EUR 100 at 7.8, the window [03-20 10:00, 04-19 10:00) platform time.
        self.assertEqual(sales['deadline'], '2026-04-19T09:59:59+08:00')
        self.assertIn('CNY 780.00', sales['detail'])
        self.assertIn('1,000.00', sales['detail'])
        self.assertIn('14 days left', sales['detail'])
        target = {c['name']: c for c in by_store['S-04']['conditions']}['target']
        self.assertIsNone(target['deadline'])
        # 3 qualified + S-02 at first_sale (0.5) + S-04 at sales_met (0.8),
        # x CNY 2000 x 0.5, with the default stage rates.
        self.assertEqual(got['expected']['amount'], '4300.00')
        self.assertEqual(got['at_risk'], [])

    def test_as_of_2026_05_15(self):
        got = self.check_instant('2026-05-15T00:00:00+08:00', 'expected-as-of-2026-05-15.json')
        self.assertEqual(got['expected']['amount'], '3800.00')

    def test_during_the_period_deadlines_and_at_risk(self):
        got = self.project('2026-03-25T12:00:00+08:00')
        invited = [e for e in got['entries'] if e['store_id'] is None][0]
        self.assertEqual(invited['verdict'], 'pending')
        onboarded = {c['name']: c for c in invited['conditions']}['onboarded']
        self.assertEqual(onboarded['deadline'], '2026-03-31T23:59:59+08:00')
        self.assertIn('6 days left', onboarded['detail'])
        at_risk = {(r['seller_id'], r['store_id']): r for r in got['at_risk']}
        self.assertIn(('7000000000000008', None), at_risk)
        self.assertEqual(at_risk[('7000000000000008', None)]['missing'], ['onboarded'])

    def test_as_of_without_offset_is_program_time(self):
        a = self.project('2026-04-05T12:00:00+08:00')
        r = cli(self.store, 'project', '--program', PROGRAM, '--as-of', '2026-04-05 12:00', '--json')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout), a)

    def test_table(self):
        r = cli(self.store, 'project', '--program', PROGRAM, '--as-of', '2026-04-05T12:00:00+08:00')
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        rows = [l for l in lines if l.startswith('70000000000000')]
        self.assertEqual(len(rows), 12)
        self.assertTrue(rows[1].split()[1] == 'S-02' and 'Pending' in rows[1])
        self.assertIn('CNY 3,000.00', r.stdout)
        self.assertIn('CNY 5,000.00', r.stdout)
        self.assertIn('S-11', r.stdout)

    def test_usage_errors(self):
        r = cli(self.store, 'project', '--program', PROGRAM)
        self.assertEqual(r.returncode, 2)
        r = cli(self.store, 'project', '--program', 'nope', '--as-of', '2026-04-05')
        self.assertEqual(r.returncode, 2)
        self.assertIn(PROGRAM, r.stderr)
        r = cli(self.store, 'project', '--program', PROGRAM, '--as-of', '2026-02-30')
        self.assertEqual(r.returncode, 2)
        r = cli(self.store, 'export', 'payouts', '--program', PROGRAM, '--as-of', '2026-04-05',
                '--format', 'docx', '--output', os.path.join(self.tmp.name, 'x'))
        self.assertEqual(r.returncode, 2)

    def test_seller_benefit_program(self):
        r = cli(self.store, 'project', '--program', 'us-top-2026q1', '--as-of', '2026-02-15', '--json')
        self.assertEqual(r.returncode, 0, r.stderr)
        got = json.loads(r.stdout)
        self.assertEqual(got['program'], 'us-top-2026q1')
        self.assertEqual(got['entries'], [])

    def test_export_csv(self):
        out = os.path.join(self.tmp.name, 'payouts.csv')
        r = cli(self.store, 'export', 'payouts', '--program', PROGRAM,
                '--as-of', '2026-04-05T12:00:00+08:00', '--format', 'csv', '--output', out)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(out, 'rb') as f:
            data = f.read()
        self.assertTrue(data.startswith(b'\xef\xbb\xbf'), 'no UTF-8 BOM for Excel')
        self.assertIn(b'\r\n', data)
        rows = list(csv.reader(io.StringIO(data[3:].decode('utf-8'), newline='')))
        summary = {row[0]: row[1] for row in rows if len(row) == 2}
        self.assertIn('CNY 3,000.00', summary['Confirmed'])
        self.assertIn('CNY 5,000.00', summary['Upper'])
        self.assertIn('0.5', summary['Governance'])
        self.assertIn('S-11', summary['Governance'])
        header = rows.index(next(r for r in rows if r and r[0] == 'Seller ID'))
        columns = rows[header]
        self.assertEqual(columns, ['Seller ID', 'Seller name', 'Store ID', 'Market', 'Verdict', 'Stage',
                                   'Reward', 'Governance factor', 'Payable', 'Currency',
                                   'Next deadline', 'What is missing'])
        entries = rows[header + 1:header + 13]
        totals = rows[header + 13:]
        self.assertTrue(all(e[0].startswith('="70') for e in entries), entries)
        # Seller ids in the form spreadsheets keep as text (never rounded).
        self.assertEqual(entries[0][:3], ['="7000000000000001"', '深圳市北极星科技有限公司', 'S-01'])
        self.assertEqual(entries[1][4], 'Pending')
        # Stages by name, as the app shows them, never the internal code.
        self.assertEqual(entries[1][5], 'First Sale')
        self.assertEqual(entries[0][5], 'Sales Threshold Met')
        self.assertFalse(any(e[5] in ('first_sale', 'sales_met', 'invited', 'onboarded') for e in entries))
        self.assertTrue(entries[1][11].startswith('Settled GMV: GMV CNY 780.00'), entries[1][11])
        self.assertEqual(entries[1][10], '2026-04-19T09:59:59+08:00')
        # The rows add up to the totals: rewards before the governance
        # factor (3 x 2000), payable after it (3 x 1000 = Confirmed).
        self.assertEqual({e[7] for e in entries}, {'0.5'})
        cents = lambda text: int(text.replace('.', ''))
        self.assertEqual(sum(cents(e[6]) for e in entries), 600000)
        self.assertEqual(sum(cents(e[8]) for e in entries), 300000)
        self.assertEqual(len(totals), 1, totals)
        self.assertEqual(totals[0][0], 'Total')
        self.assertEqual(totals[0][6:10], ['6000.00', '0.5', '3000.00', 'CNY'])
        # Text that Excel would run as a formula stays text.
        s04 = [e for e in entries if e[2] == 'S-04'][0]
        self.assertEqual(s04[1], 'Aurora "Home" Trading')

    def test_export_csv_chinese(self):
        # In the user's language: stage and condition names translated,
        # the same amounts.
        out = os.path.join(self.tmp.name, 'payouts-zh.csv')
        env = dict(os.environ, PARTNERDESK_PROGRAMS_DIR=PROGRAMS, LANGUAGE='zh_CN', LC_ALL='zh_CN.UTF-8')
        r = subprocess.run([CLI, '--store', self.store, 'export', 'payouts', '--program', PROGRAM,
                            '--as-of', '2026-04-05T12:00:00+08:00', '--format', 'csv', '--output', out],
                           capture_output=True, text=True, env=env, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(out, encoding='utf-8-sig', newline='') as f:
            rows = list(csv.reader(f))
        header = rows.index(next(r for r in rows if r and r[0] == '卖家 ID'))
        entries = rows[header + 1:header + 13]
        self.assertEqual(entries[0][5], '已达销售门槛')
        self.assertEqual(entries[1][5], '已出首单')
        self.assertTrue(entries[1][11].startswith('结算 GMV：'), entries[1][11])
        self.assertEqual(rows[header + 13][0], '合计')
        self.assertEqual(rows[header + 13][6:9], ['6000.00', '0.5', '3000.00'])

    def test_export_pdf(self):
        if shutil.which('pdftotext') is None:
            # A broken set-up (./run test installs it), unless skips were asked for.
            if os.environ.get('PARTNERDESK_ALLOW_SKIP') == '1':
                self.skipTest('pdftotext is not installed (Debian package poppler-utils)')
            self.fail('pdftotext is not installed: install the Debian package poppler-utils '
                      '(./run test does), or set PARTNERDESK_ALLOW_SKIP=1 to skip')
        out = os.path.join(self.tmp.name, 'payouts.pdf')
        r = cli(self.store, 'export', 'payouts', '--program', PROGRAM,
                '--as-of', '2026-04-05T12:00:00+08:00', '--format', 'pdf', '--output', out)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(out, 'rb') as f:
            self.assertEqual(f.read(5), b'%PDF-')
        text = subprocess.run(['pdftotext', '-layout', out, '-'], capture_output=True,
                              text=True, check=True).stdout
        self.assertIn('CNY 3,000.00', text)
        self.assertIn('CNY 4,300.00', text)
        self.assertIn('CNY 5,000.00', text)
        self.assertIn('S-11', text)
        # The governance factor and the payable amount on the rows, and the
        # reconciling total.
        self.assertIn('Payable', text)
        self.assertIn('1000.00', text)
        self.assertRegex(text, r'Total\s.*6000\.00\s+0\.5\s+3000\.00')
        self.assertIn('Sales Threshold', text)
        self.assertNotIn('first_sale', text)
        # Table cells wrap: compare without the line breaks.
        self.assertIn('深圳市北极星科技有限公司', ''.join(text.split()))
        self.assertIn('Asia/Shanghai', text)
        fonts = subprocess.run(['pdffonts', out], capture_output=True, text=True).stdout
        self.assertIn('NotoSansCJK', fonts)


if __name__ == '__main__':
    unittest.main(verbosity=2)
