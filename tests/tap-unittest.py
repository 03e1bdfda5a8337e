#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs a python unittest script with TAP output, one line per test case:

    tap-unittest.py SCRIPT [ARGS...]

meson runs the python tests through it with `protocol: 'tap'`, so that
meson-logs/testlog.json holds every case's result (tests/count-results.py
counts them) instead of one result for the whole script. The script runs as
`__main__` with sys.argv = [SCRIPT, ARGS...], exactly as without this runner:
its own unittest.main() call picks the TAP runner up.
"""

import os
import runpy
import sys
import unittest
import unittest.runner


def _diagnostic(text):
    for line in text.rstrip('\n').splitlines():
        print('# ' + line)


class TapResult(unittest.TestResult):
    def __init__(self):
        super().__init__()
        self.number = 0

    def _case(self, status, test, directive=''):
        self.number += 1
        name = test.id() if hasattr(test, 'id') else str(test)
        print(f'{status} {self.number} - {name}{directive}', flush=True)

    def addSuccess(self, test):
        super().addSuccess(test)
        self._case('ok', test)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._case('not ok', test)
        _diagnostic(self.failures[-1][1])

    def addError(self, test, err):
        super().addError(test, err)
        self._case('not ok', test)
        _diagnostic(self.errors[-1][1])

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._case('ok', test, f' # SKIP {reason}')

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._case('not ok', test, ' # TODO expected failure')

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        # TAP: an "ok" marked TODO is an unexpected pass, which meson fails.
        self._case('ok', test, ' # TODO unexpected success')

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self._case('not ok', subtest)
            _diagnostic((self.failures + self.errors)[-1][1])


class TapRunner:
    def __init__(self, *args, **kwargs):
        pass

    def run(self, test):
        result = TapResult()
        test(result)
        print(f'1..{result.number}', flush=True)
        return result


def main():
    if len(sys.argv) < 2:
        sys.exit('usage: tap-unittest.py SCRIPT [ARGS...]')
    script = os.path.abspath(sys.argv[1])
    sys.argv = [script] + sys.argv[2:]
    sys.path.insert(0, os.path.dirname(script))
    unittest.runner.TextTestRunner = TapRunner
    runpy.run_path(script, run_name='__main__')


if __name__ == '__main__':
    main()
