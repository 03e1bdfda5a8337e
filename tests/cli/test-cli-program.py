#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""partnerdesk-cli program override / overrides (issue 14 item 5): on the
q1 worked example, overriding the governance paid fraction and a stage rate
moves `project --json` exactly as computed by hand, names every override
there and in the payout review, audits each change, and a value that does
not fit exits 2 and changes nothing."""
import csv
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest

CLI = os.environ.get('PARTNERDESK_CLI') or sys.argv.pop(1)
PROGRAMS = os.environ['PARTNERDESK_PROGRAMS_DIR']
FIXTURES = os.path.join(os.environ['PARTNERDESK_FIXTURES_DIR'], 'q1-example')
PROGRAM = 'eu-jp-pop-partner-2026q1'
AS_OF = '2026-04-05T12:00:00+08:00'


def cli(store, *args):
    return subprocess.run([CLI, '--store', store, *args], capture_output=True,
                          text=True, timeout=60)


class ProgramOverrideTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix='pd-test-cli-program-')
        self.store = os.path.join(self.tmp.name, 'store.db')
        steps = [('program', os.path.join(PROGRAMS, PROGRAM + '.json'))]
        steps += [(k, os.path.join(FIXTURES, k + '.csv')) for k in ('rates', 'targets', 'links', 'stores')]
        for kind, path in steps:
            r = cli(self.store, 'import', kind, path)
            self.assertEqual(r.returncode, 0, r.stderr)
        r = cli(self.store, 'config', 'set', 'staff_name', 'Li Wei')
        self.assertEqual(r.returncode, 0, r.stderr)

    def tearDown(self):
        self.tmp.cleanup()

    def ok(self, *args):
        r = cli(self.store, *args)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def project(self):
        return json.loads(self.ok('project', '--program', PROGRAM, '--as-of', AS_OF, '--json'))

    def totals(self, p):
        return (p['confirmed']['amount'], p['expected']['amount'], p['upper']['amount'])

    def test_override_moves_projection(self):
        p = self.project()
        self.assertEqual(self.totals(p), ('3000.00', '4300.00', '5000.00'))
        self.assertEqual(p['overrides'], [])

        # 3 qualified, S-02 at first sale, S-04 at sales met, x 2000 x 0.8.
        self.ok('program', 'override', PROGRAM, 'governance.high_risk_paid_fraction', '0.8')
        p = self.project()
        self.assertEqual(p['governance']['factor'], '0.8')
        self.assertEqual(self.totals(p), ('4800.00', '6880.00', '8000.00'))
        # First sale at 0.45: (3 + 0.45 + 0.8) x 2000 x 0.8 = 6800.00.
        self.ok('program', 'override', PROGRAM, 'stage_rate.first_sale', '0.45')
        p = self.project()
        self.assertEqual(self.totals(p), ('4800.00', '6800.00', '8000.00'))
        keys = {o['key']: o for o in p['overrides']}
        self.assertEqual(set(keys), {'governance.high_risk_paid_fraction', 'stage_rate.first_sale'})
        self.assertEqual(keys['governance.high_risk_paid_fraction']['program_file'], '0.5')
        self.assertEqual(keys['governance.high_risk_paid_fraction']['set_by'], 'Li Wei')
        self.assertEqual(keys['stage_rate.first_sale']['default'], '0.5')
        listed = json.loads(self.ok('program', 'overrides', PROGRAM, '--json'))
        self.assertEqual(listed, p['overrides'])
        self.assertIn('governance.high_risk_paid_fraction=0.8', self.ok('program', 'overrides', PROGRAM))

        # The payout review names them.
        out = os.path.join(self.tmp.name, 'review.csv')
        self.ok('export', 'payouts', '--program', PROGRAM, '--as-of', AS_OF, '--format', 'csv', '--output', out)
        with open(out, encoding='utf-8-sig') as f:
            rows = [r for r in csv.reader(f) if r and r[0] == 'Override']
        self.assertEqual(len(rows), 2)
        self.assertIn('0.8 instead of 0.5', rows[0][1])
        self.assertIn('Li Wei', rows[0][1])

        # Back to the program file's values.
        self.ok('program', 'override', PROGRAM, 'governance.high_risk_paid_fraction', 'default')
        self.ok('program', 'override', PROGRAM, 'stage_rate.first_sale', 'default')
        p = self.project()
        self.assertEqual(self.totals(p), ('3000.00', '4300.00', '5000.00'))
        self.assertEqual(p['overrides'], [])

        db = sqlite3.connect(self.store)
        try:
            n = db.execute("SELECT count(*) FROM audit_log WHERE action = 'program.override'"
                           " AND user = 'Li Wei'").fetchone()[0]
        finally:
            db.close()
        self.assertEqual(n, 2)

    def test_refused(self):
        for args in (('inventory.min_countries', '7'),
                     ('inventory.countries', 'DE;XX'),
                     ('governance.high_risk_paid_fraction', '1.5'),
                     ('stage_rate.first_sale', '0.12345'),
                     ('reward', '1')):
            r = cli(self.store, 'program', 'override', PROGRAM, *args)
            self.assertEqual(r.returncode, 2, args)
            self.assertTrue(r.stderr.startswith('partnerdesk-cli: '), r.stderr)
        r = cli(self.store, 'program', 'override', 'us-top-2026q1', 'governance.high_risk_paid_fraction', '0.5')
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn('No override', self.ok('program', 'overrides', PROGRAM))


if __name__ == '__main__':
    unittest.main()
