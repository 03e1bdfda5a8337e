#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/count-results.py (CI's counted line) on crafted testlog.json files:
test-count-results.py PATH/TO/count-results.py"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

SCRIPT = os.path.abspath(sys.argv.pop(1)) if len(sys.argv) > 1 else \
    os.path.join(os.path.dirname(os.path.abspath(__file__)), 'count-results.py')


def entry(name, result, stdout='', returncode=0):
    return {'name': name, 'result': result, 'stdout': stdout, 'returncode': returncode,
            'duration': 0.1, 'starttime': 0, 'env': {}, 'command': [name]}


def tap(*lines):
    return '\n'.join(lines) + '\n'


GLIB_OK = tap('# random seed: R02S0', '1..3', '# Start of money tests',
              'ok 1 /money/format', 'ok 2 /money/add', 'ok 3 /money/parse', '# End of money tests')


class CountResultsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def log(self, name, entries):
        path = os.path.join(self.tmp.name, name + '.json')
        with open(path, 'w', encoding='utf-8') as f:
            for e in entries:
                f.write(json.dumps(e) + '\n')
        return path

    def minimums(self, text):
        path = os.path.join(self.tmp.name, 'minimums')
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
        return path

    def count(self, *args):
        r = subprocess.run([sys.executable, SCRIPT] + list(args),
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.stderr, '')
        return r.returncode, r.stdout.splitlines()

    def test_tap_cases_counted(self):
        path = self.log('ok', [entry('money', 'OK', GLIB_OK), entry('desktop-file', 'OK')])
        status, lines = self.count('suite=' + path)
        self.assertEqual(status, 0)
        self.assertEqual(lines[0], 'suite: 4 cases run, 0 skipped, 0 failed')
        self.assertEqual(lines[-1], '4 passed, 0 failed')

    def test_empty_run_fails(self):
        path = self.log('empty', [])
        status, lines = self.count('suite=' + path)
        self.assertEqual(status, 1)
        self.assertIn('  ERROR suite: no test case ran', lines)
        self.assertEqual(lines[-1], '0 passed, 1 failed')

    def test_missing_log_fails(self):
        status, lines = self.count('suite=' + os.path.join(self.tmp.name, 'none.json'))
        self.assertEqual(status, 1)
        self.assertEqual(lines[-1], '0 passed, 1 failed')

    def test_skipping_run_fails_and_lists_skips(self):
        # 1 OK and 13 SKIP: once reported as "1 passed, 0 failed".
        entries = [entry('cli', 'OK')]
        entries += [entry(f'gui-{i}', 'SKIP', '1..0 # SKIP no usable display') for i in range(12)]
        entries.append(entry('pages', 'SKIP', '1..0 # SKIP pyatspi is not available', 77))
        path = self.log('skips', entries)
        status, lines = self.count('suite=' + path)
        self.assertEqual(status, 1)
        self.assertEqual(lines[0], 'suite: 1 cases run, 13 skipped, 0 failed')
        self.assertIn('  SKIP gui-0: no usable display', lines)
        self.assertIn('  SKIP pages: pyatspi is not available', lines)
        self.assertEqual(lines[-1], '1 passed, 1 failed')

    def test_skipped_cases_inside_a_program(self):
        out = tap('1..2', 'ok 1 /sync/keyring/a # SKIP needs gnome-keyring-daemon', 'ok 2 /sync/keyring/b')
        path = self.log('caseskip', [entry('sync-keyring', 'OK', out)])
        status, lines = self.count('suite=' + path)
        self.assertEqual(status, 1)
        self.assertIn('  SKIP sync-keyring /sync/keyring/a: needs gnome-keyring-daemon', lines)
        status, lines = self.count('--allow-skips', 'suite=' + path)
        self.assertEqual(status, 0)
        self.assertEqual(lines[-1], '1 passed, 0 failed')

    def test_failed_cases_counted(self):
        out = tap('1..3', 'ok 1 /a', 'not ok 2 /b', 'not ok 3 /c # TODO expected failure')
        path = self.log('fail', [entry('prog', 'FAIL', out, 1)])
        status, lines = self.count('suite=' + path)
        self.assertEqual(status, 1)
        self.assertIn('  FAIL prog /b', lines)
        self.assertEqual(lines[-1], '2 passed, 1 failed')

    def test_crash_after_passing_cases_fails(self):
        out = tap('1..3', 'ok 1 /a', 'ok 2 /b')
        path = self.log('crash', [entry('prog', 'ERROR', out, -11)])
        status, lines = self.count('suite=' + path)
        self.assertEqual(status, 1)
        self.assertEqual(lines[-1], '2 passed, 1 failed')

    def test_bail_out_fails(self):
        out = tap('Bail out! no usable display (DISPLAY=:99)')
        path = self.log('bail', [entry('templates', 'ERROR', out, 1)])
        status, lines = self.count('suite=' + path)
        self.assertEqual(status, 1)
        self.assertIn('  FAIL templates: Bail out! no usable display (DISPLAY=:99)', lines)

    def test_unexpected_pass_fails(self):
        path = self.log('upass', [entry('prog', 'UNEXPECTEDPASS', tap('1..1', 'ok 1 /a # TODO'))])
        status, lines = self.count('suite=' + path)
        self.assertEqual(status, 1)

    def test_non_tap_program_is_one_case(self):
        # e2e scripts print "ok - ..." lines without a plan: one case.
        out = tap('ok - the window opened', 'ok - the window closed')
        path = self.log('e2e', [entry('pages', 'OK', out), entry('sync', 'TIMEOUT', out, -15)])
        status, lines = self.count('suite=' + path)
        self.assertEqual(lines[0], 'suite: 2 cases run, 0 skipped, 1 failed')
        self.assertEqual(status, 1)

    def test_minimum(self):
        path = self.log('ok', [entry('money', 'OK', GLIB_OK)])
        status, lines = self.count('--minimums', self.minimums('suite 3  # comment\nasan 2\n'),
                                   'suite=' + path)
        self.assertEqual(status, 0)
        status, lines = self.count('--minimums', self.minimums('suite 4\n'), 'suite=' + path)
        self.assertEqual(status, 1)
        self.assertIn('fewer than the expected minimum 4', lines[-2])
        status, lines = self.count('--minimums', self.minimums('other 1\n'), 'suite=' + path)
        self.assertEqual(status, 1)

    def test_labels_add_up(self):
        a = self.log('a', [entry('money', 'OK', GLIB_OK)])
        b = self.log('b', [entry('money', 'OK', GLIB_OK), entry('x', 'FAIL', '', 1)])
        status, lines = self.count('suite=' + a, 'asan=' + b)
        self.assertEqual(status, 1)
        self.assertEqual(lines[-1], '6 passed, 1 failed')

    def test_status_not_zero_fails(self):
        path = self.log('ok', [entry('money', 'OK', GLIB_OK)])
        status, lines = self.count('--status', '1', 'suite=' + path)
        self.assertEqual(status, 1)
        self.assertEqual(lines[-1], '3 passed, 1 failed')


if __name__ == '__main__':
    unittest.main(verbosity=2)
