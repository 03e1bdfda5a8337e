#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""partnerdesk-cli status and config, run as a user would (cli.md)."""
import json
import os
import sqlite3
import stat
import subprocess
import sys
import tempfile
import unittest

CLI = os.environ.get('PARTNERDESK_CLI') or sys.argv.pop(1)


def cli(store, *args, env=None):
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([CLI, '--store', store, *args], capture_output=True,
                          text=True, env=full_env, timeout=60)


class CliTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix='pd-test-cli-')
        self.store = os.path.join(self.tmp.name, 'store.db')

    def tearDown(self):
        self.tmp.cleanup()

    def test_status_json_empty(self):
        r = cli(self.store, 'status', '--json')
        self.assertEqual(r.returncode, 0, r.stderr)
        status = json.loads(r.stdout)
        self.assertEqual(status, {
            'programs': 2, 'target_merchants': 0, 'links': 0, 'stores': 0,
            'exchange_rates': 0, 'service_categories': 0, 'services': 0,
            'seller_requests': 0, 'authorizations': 0, 'payouts': 0, 'outbox': 0,
            'last_sync': None})
        self.assertEqual(stat.S_IMODE(os.stat(self.store).st_mode), 0o600)

    def test_status_json_populated(self):
        self.assertEqual(cli(self.store, 'status').returncode, 0)
        db = sqlite3.connect(self.store)
        db.executescript("""
            INSERT INTO target_merchants (program_id, seller_id, seller_name, market, listed_at)
              VALUES ('eu-jp-pop-partner-2026q1', '7001', 'A', 'EU', 0),
                     ('us-top-2026q1', '7001', 'A', 'US', 0),
                     ('eu-jp-pop-partner-2026q1', '7002', 'B', 'EU', 0);
            INSERT INTO links (token, kind, created_at) VALUES ('t1', 'onboarding', 0), ('t2', 'authorization', 0);
            INSERT INTO stores (store_id, seller_id) VALUES ('S-1', '7001');
            INSERT INTO outbox (idempotency_key, method, path, subject_type, subject_id, created_at)
              VALUES ('k1', 'POST', '/v1/links', 'link', 't1', 0);
            INSERT INTO sync_state (key, value) VALUES ('last_sync_at', '1767225600'), ('last_sync_result', 'ok');
        """)
        db.commit()
        db.close()
        r = cli(self.store, 'status', '--json')
        self.assertEqual(r.returncode, 0, r.stderr)
        status = json.loads(r.stdout)
        self.assertEqual(status['target_merchants'], 2)
        self.assertEqual(status['links'], 2)
        self.assertEqual(status['stores'], 1)
        self.assertEqual(status['outbox'], 1)
        self.assertEqual(status['last_sync']['result'], 'ok')
        self.assertTrue(status['last_sync']['at'].startswith('20'))

        r = cli(self.store, 'status')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('Target merchants', r.stdout)

    def test_config(self):
        r = cli(self.store, 'config', 'get', 'import_timezone')
        self.assertEqual((r.returncode, r.stdout), (0, 'Asia/Shanghai\n'))

        r = cli(self.store, 'config', 'set', 'onboarding_base_url.EU',
                'https://partner-links.example/eu/cb?partner=PD01')
        self.assertEqual(r.returncode, 0, r.stderr)
        r = cli(self.store, 'config', 'set', 'sync_interval_minutes', '30')
        self.assertEqual(r.returncode, 0, r.stderr)

        r = cli(self.store, 'config', 'list')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.splitlines(), [
            'endpoint=',
            'import_timezone=Asia/Shanghai',
            'onboarding_base_url.EU=https://partner-links.example/eu/cb?partner=PD01',
            'partner_id=',
            'sync_interval_minutes=30',
        ])

    def test_config_errors(self):
        cases = [
            (('config', 'set', 'colour', 'blue'), 'unknown setting'),
            (('config', 'get', 'colour'), 'unknown setting'),
            (('config', 'set', 'sync_interval_minutes', 'often'), 'sync_interval_minutes'),
            (('config', 'set', 'endpoint', 'http://example.com'), 'https'),
            (('config', 'set', 'import_timezone', 'Mars/Olympus'), 'time zone'),
            (('config', 'frobnicate'), 'Usage'),
            (('frobnicate',), 'unknown command'),
        ]
        for args, message in cases:
            with self.subTest(args=args):
                r = cli(self.store, *args)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn(message, r.stderr)
                self.assertEqual(r.stdout, '')
        self.assertEqual(cli(self.store, 'config', 'get', 'sync_interval_minutes').stdout, '15\n')

    def test_store_errors(self):
        garbage = os.path.join(self.tmp.name, 'notes.txt')
        with open(garbage, 'w') as f:
            f.write('hello\n')
        r = cli(garbage, 'status')
        self.assertEqual(r.returncode, 1)
        self.assertIn('not a Partner Desk store', r.stderr)
        with open(garbage) as f:
            self.assertEqual(f.read(), 'hello\n')

        self.assertEqual(cli(self.store, 'status').returncode, 0)
        db = sqlite3.connect(self.store)
        db.execute('PRAGMA user_version = 42')
        db.commit()
        db.close()
        r = cli(self.store, 'status')
        self.assertEqual(r.returncode, 1)
        self.assertIn('newer version', r.stderr)

    def test_shares_store_with_default_location(self):
        env = {'XDG_DATA_HOME': os.path.join(self.tmp.name, 'xdg')}
        r = subprocess.run([CLI, 'config', 'set', 'partner_id', 'PD01'], env={**os.environ, **env},
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        path = os.path.join(self.tmp.name, 'xdg', 'partnerdesk', 'store.db')
        self.assertTrue(os.path.exists(path))
        self.assertEqual(cli(path, 'config', 'get', 'partner_id').stdout, 'PD01\n')


if __name__ == '__main__':
    unittest.main(verbosity=2)
