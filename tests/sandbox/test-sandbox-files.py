#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The sandbox's database holds its app secret and tokens: 0600, -wal and
-shm too, in a 0700 folder, also when they were made looser before
(issue 13, item 16)."""
import os
import select
import signal
import stat
import subprocess
import sys
import tempfile
import unittest

SANDBOX = os.path.abspath(os.environ.get('PARTNERDESK_SANDBOX') or sys.argv.pop(1))


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


class SandboxFiles(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix='pd-test-sandbox-files-')
        self.data = os.path.join(self.tmp.name, 'data')

    def tearDown(self):
        self.tmp.cleanup()

    def start_and_check(self):
        proc = subprocess.Popen([SANDBOX, '--listen', '127.0.0.1:0', '--data', self.data],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            ready, _, _ = select.select([proc.stdout], [], [], 60)
            self.assertTrue(ready, 'the sandbox printed no credentials line')
            self.assertTrue(proc.stdout.readline().startswith(b'PD_ENDPOINT='))
            db = os.path.join(self.data, 'sandbox.db')
            self.assertEqual(mode(self.data), 0o700)
            for suffix in ('', '-wal', '-shm'):
                if suffix == '' or os.path.exists(db + suffix):
                    self.assertEqual(mode(db + suffix), 0o600, suffix)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.communicate(timeout=30)

    def test_new_and_existing(self):
        old = os.umask(0o022)
        try:
            os.mkdir(self.data, 0o755)
            self.start_and_check()
            os.chmod(self.data, 0o755)
            for name in os.listdir(self.data):
                os.chmod(os.path.join(self.data, name), 0o644)
            self.start_and_check()
        finally:
            os.umask(old)


if __name__ == '__main__':
    unittest.main(verbosity=2)
