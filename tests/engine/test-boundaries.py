#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every boundary of the payout rules, against expectations worked out by
hand from incentives.md (tests/fixtures/boundaries/README.md), not against
the engine's own output: the verdict and condition states of each entry,
the deadlines of unmet conditions, the checklist texts that decide each
entry, the at-risk list and the totals, through partnerdesk-cli as a user
runs it.

    test-boundaries.py PARTNERDESK_CLI
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

CLI = os.environ.get('PARTNERDESK_CLI') or sys.argv.pop(1)
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(os.environ.get('PARTNERDESK_FIXTURES_DIR') or
                        os.path.join(HERE, '..', 'fixtures'), 'boundaries')
PROGRAMS = (os.environ.get('PARTNERDESK_PROGRAMS_DIR') or
            os.path.join(HERE, '..', '..', 'data', 'programs'))
PROGRAM = 'eu-jp-pop-partner-2026q1'
CONDITIONS = ['target', 'link', 'onboarded', 'sales', 'inventory', 'status', 'first_store']


def cli(store, *args):
    env = dict(os.environ)
    env['PARTNERDESK_PROGRAMS_DIR'] = PROGRAMS
    return subprocess.run([CLI, '--store', store, *args], capture_output=True, text=True,
                          env=env, timeout=120)


class Boundaries(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix='pd-test-boundaries-')
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

    def check(self, expected_file):
        with open(os.path.join(FIXTURES, expected_file), encoding='utf-8') as f:
            expected = json.load(f)
        r = cli(self.store, 'project', '--program', PROGRAM, '--as-of', expected['as_of'], '--json')
        self.assertEqual(r.returncode, 0, r.stderr)
        got = json.loads(r.stdout)

        # Entry by entry first: a wrong verdict says which merchant.
        self.assertEqual([(e['seller_id'], e['store_id']) for e in got['entries']],
                         [(e['seller_id'], e['store_id']) for e in expected['entries']])
        for g, e in zip(got['entries'], expected['entries']):
            where = '%s/%s (%s)' % (e['seller_id'], e['store_id'], e['why'])
            conditions = {c['name']: c for c in g['conditions']}
            self.assertEqual([c['name'] for c in g['conditions']],
                             [n for n in CONDITIONS if n in e['conditions']], where)
            self.assertEqual({n: c['state'] for n, c in conditions.items()}, e['conditions'], where)
            self.assertEqual(g['verdict'], e['verdict'], where)
            for name, state in e['conditions'].items():
                if state == 'unmet':
                    self.assertIn(name, e.get('deadlines', {}), 'fixture: ' + where)
            for name, deadline in e.get('deadlines', {}).items():
                self.assertEqual(conditions[name]['deadline'], deadline, '%s: %s' % (name, where))
            for name, detail in e.get('details', {}).items():
                self.assertEqual(conditions[name]['detail'], detail, '%s: %s' % (name, where))

        self.assertEqual(got['governance'], expected['governance'])
        self.assertEqual(got['confirmed'], expected['confirmed'])
        self.assertEqual(got['upper'], expected['upper'])
        # incentives.md: always confirmed <= expected <= upper (exact decimals).
        cents = lambda s: int(s.replace('.', ''))
        self.assertLessEqual(cents(got['confirmed']['amount']), cents(got['expected']['amount']))
        self.assertLessEqual(cents(got['expected']['amount']), cents(got['upper']['amount']))
        self.assertEqual(got['at_risk'], expected['at_risk'])
        # The default stage rates (no earlier quarter in the store).
        self.assertEqual(got['expected'], expected['expected'])

        # The Overview's funnel: entries by verdict, pending ones by stage.
        funnel = expected['funnel']
        for verdict in ('qualified', 'pending', 'lost'):
            self.assertEqual(sum(1 for e in got['entries'] if e['verdict'] == verdict),
                             funnel[verdict], verdict)
        self.assertEqual({s: m['pending'] for s, m in got['model'].items()}, funnel['pending_at'])
        self.assertEqual({s: m['source'] for s, m in got['model'].items()},
                         {s: 'default' for s in funnel['pending_at']})
        return got

    def test_mid_quarter(self):
        self.check('expected-as-of-2026-03-25.json')

    def test_first_second_after_the_period(self):
        self.check('expected-as-of-2026-04-01.json')


if __name__ == '__main__':
    unittest.main(argv=[sys.argv[0], '-v'])
