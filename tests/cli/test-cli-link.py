#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""partnerdesk-cli link onboarding|authorization|revoke and export links (cli.md)."""
import csv
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import unittest

CLI = os.environ.get('PARTNERDESK_CLI') or sys.argv.pop(1)
PROGRAM = 'eu-jp-pop-partner-2026q1'
BASE = 'https://seller-eu.example.com/join?partner=P01&lang=zh-CN#apply'
TOKEN_RE = r'[A-Za-z0-9_-]{22}'


def cli(store, *args, env=None):
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([CLI, '--store', store, *args], capture_output=True,
                          text=True, env=full_env, timeout=60)


# The links export's headers (in English here) and the import's names.
LINK_HEADERS = {'Token': 'token', 'Kind': 'kind', 'Seller ID': 'seller_id', 'Market': 'market',
                'Program': 'program_id', 'Service ID': 'service_id', 'URL': 'url',
                'Created at': 'created_at', 'Revoked at': 'revoked_at', 'Staff': 'staff'}


class CliLinkTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix='pd-test-cli-link-')
        self.store = os.path.join(self.tmp.name, 'store.db')
        self.assertEqual(cli(self.store, 'status').returncode, 0)
        db = sqlite3.connect(self.store)
        db.executescript(f"""
            INSERT INTO target_merchants (program_id, seller_id, seller_name, market, listed_at)
              VALUES ('{PROGRAM}', '7001', 'Alpha', 'EU', 0),
                     ('{PROGRAM}', '7002', 'Beta', 'JP', 0),
                     ('us-top-2026q1', '7009', 'Delta', 'US', 0);
        """)
        db.commit()
        db.close()

    def tearDown(self):
        self.tmp.cleanup()

    def status(self):
        r = cli(self.store, 'status', '--json')
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    def query(self, sql):
        db = sqlite3.connect(self.store)
        try:
            rows = db.execute(sql).fetchall()
            db.commit()
            return rows
        finally:
            db.close()

    def test_onboarding(self):
        # No base link for the market: exit 2, the fix named, nothing written.
        r = cli(self.store, 'link', 'onboarding', '--seller', '7001')
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stdout, '')
        self.assertIn('config set onboarding_base_url.EU', r.stderr)
        self.assertEqual((self.status()['links'], self.status()['outbox']), (0, 0))

        self.assertEqual(cli(self.store, 'config', 'set', 'onboarding_base_url.EU', BASE).returncode, 0)
        r = cli(self.store, 'link', 'onboarding', '--seller', '7001', '--staff', '李娜')
        self.assertEqual(r.returncode, 0, r.stderr)
        url = r.stdout.strip()
        self.assertRegex(url, r'^https://seller-eu\.example\.com/join\?partner=P01&lang=zh-CN&pd_ref='
                         + TOKEN_RE + '#apply$')
        token = re.search(r'pd_ref=([^#&]+)', url).group(1)

        # The same link again, nothing new written (the program ended on
        # 2026-03-31, but printing its active link creates nothing).
        r = cli(self.store, 'link', 'onboarding', '--seller', '7001', '--market', 'EU',
                '--program', PROGRAM)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), url)
        self.assertEqual((self.status()['links'], self.status()['outbox']), (1, 1))

        # --new revokes it and makes another.
        r = cli(self.store, 'link', 'onboarding', '--seller', '7001', '--new')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotEqual(r.stdout.strip(), url)
        self.assertEqual((self.status()['links'], self.status()['outbox']), (2, 3))
        self.assertEqual(self.query(f"SELECT state, staff FROM links WHERE token = '{token}'"),
                         [('revoked', '李娜')])
        self.assertEqual(self.query("SELECT path FROM outbox ORDER BY id"),
                         [('/v1/links',), (f'/v1/links/{token}/revoke',), ('/v1/links',)])
        self.assertEqual(self.query("SELECT action FROM audit_log WHERE action LIKE 'link.%' ORDER BY id"),
                         [('link.create',), ('link.revoke',), ('link.create',)])

        # A JP seller, no JP base link; an unknown seller without a market.
        r = cli(self.store, 'link', 'onboarding', '--seller', '7002')
        self.assertEqual(r.returncode, 2)
        self.assertIn('JP', r.stderr)
        r = cli(self.store, 'link', 'onboarding', '--seller', '9999')
        self.assertEqual(r.returncode, 2)
        self.assertIn('--market', r.stderr)
        r = cli(self.store, 'link', 'onboarding', '--seller', '9999', '--market', 'EU')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.status()['links'], 3)

    def test_staff_name_setting(self):
        # Without --staff a link credits the staff_name setting (the app's
        # Preferences), in the link, its outbox body (the platform keeps it)
        # and the audit; --staff still wins.
        self.assertEqual(cli(self.store, 'config', 'set', 'onboarding_base_url.EU', BASE).returncode, 0)
        r = cli(self.store, 'config', 'set', 'staff_name', '王芳 Wang Fang')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(cli(self.store, 'config', 'get', 'staff_name').stdout, '王芳 Wang Fang\n')
        r = cli(self.store, 'link', 'onboarding', '--seller', '7001')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.query("SELECT staff FROM links"), [('王芳 Wang Fang',)])
        body = json.loads(self.query("SELECT body FROM outbox")[0][0])
        self.assertEqual(body['staff'], '王芳 Wang Fang')
        self.assertEqual(self.query("SELECT user FROM audit_log WHERE action = 'link.create'"),
                         [('王芳 Wang Fang',)])
        r = cli(self.store, 'link', 'onboarding', '--seller', '7001', '--new', '--staff', '李娜')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.query("SELECT staff FROM links WHERE state = 'active'"), [('李娜',)])
        # A name on two lines is refused.
        r = cli(self.store, 'config', 'set', 'staff_name', 'Wang\nFang')
        self.assertEqual(r.returncode, 2)
        self.assertIn('staff_name', r.stderr)

    def test_onboarding_ended_program(self):
        # eu-jp-pop-partner-2026q1 (a new store's program file) ended on 2026-03-31:
        # a new link for it is refused with exit 2 and nothing is written...
        self.assertEqual(cli(self.store, 'config', 'set', 'onboarding_base_url.EU', BASE).returncode, 0)
        r = cli(self.store, 'link', 'onboarding', '--seller', '7001', '--program', PROGRAM)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertEqual(r.stdout, '')
        self.assertIn('(ended 2026-03-31)', r.stderr)
        self.assertIn('--force', r.stderr)
        self.assertEqual((self.status()['links'], self.status()['outbox']), (0, 0))
        # ... unless --force.
        r = cli(self.store, 'link', 'onboarding', '--seller', '7001', '--program', PROGRAM, '--force')
        self.assertEqual(r.returncode, 0, r.stderr)
        url = r.stdout.strip()
        self.assertIn('pd_ref=', url)
        self.assertEqual((self.status()['links'], self.status()['outbox']), (1, 1))
        # Printing that active link again creates nothing: no question.
        r = cli(self.store, 'link', 'onboarding', '--seller', '7001', '--program', PROGRAM)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), url)
        # --new would make another: refused again without --force.
        r = cli(self.store, 'link', 'onboarding', '--seller', '7001', '--program', PROGRAM, '--new')
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertEqual((self.status()['links'], self.status()['outbox']), (1, 1))

    def test_authorization(self):
        r = cli(self.store, 'link', 'authorization', '--service', 'SVC 7', '--seller', '7009', '--days', '30')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout.strip(), r'^https://services\.tiktokshops\.us/open/authorize\?'
                         r'service_id=SVC%207&state=' + TOKEN_RE + '$')
        r = cli(self.store, 'link', 'authorization', '--service', 'SVC-7')
        self.assertEqual(r.returncode, 0, r.stderr)
        url = r.stdout.strip()
        self.assertRegex(url, r'^https://services\.tiktokshop\.com/open/authorize\?service_id=SVC-7&state='
                         + TOKEN_RE + '$')
        state = url.rsplit('=', 1)[1]
        self.assertEqual(self.query(f"SELECT kind, service_id, duration_days FROM links WHERE token = '{state}'"),
                         [('authorization', 'SVC-7', None)])
        body = json.loads(self.query(f"SELECT body FROM outbox WHERE subject_id = '{state}'")[0][0])
        self.assertEqual(body['service_id'], 'SVC-7')
        self.assertEqual(body['state'], state)
        self.assertIsNone(body['duration_days'])

        for args, message in ((['--days', '0', '--service', 'S'], '--days'),
                              (['--days', 'x', '--service', 'S'], '--days'),
                              (['--seller', '7001'], '--service ID is required'),
                              (['--service', 'S', '--bogus'], 'unknown argument')):
            r = cli(self.store, 'link', 'authorization', *args)
            self.assertEqual(r.returncode, 2, args)
            self.assertIn(message, r.stderr)
        self.assertEqual(self.status()['links'], 2)

    def test_revoke_token_beginning_with_dash(self):
        # One token in 32 begins with '-' (URL-safe base64): it is a token,
        # not an option, and "--" works as well.
        self.assertEqual(cli(self.store, 'config', 'set', 'onboarding_base_url.EU', BASE).returncode, 0)
        for i, separator in enumerate(([], ['--'])):
            token = f'-dashFirstToken{i}xxxxxxxxx'
            url = cli(self.store, 'link', 'onboarding', '--seller', '7001', '--new').stdout.strip()
            old = re.search(r'pd_ref=([^#&]+)', url).group(1)
            self.query(f"UPDATE links SET token = '{token}' WHERE token = '{old}'")
            r = cli(self.store, 'link', 'revoke', *separator, token)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn(token, r.stdout)
            self.assertEqual(self.query(f"SELECT revoked_at IS NOT NULL FROM links WHERE token = '{token}'"),
                             [(1,)])

    def test_revoke_and_export(self):
        self.assertEqual(cli(self.store, 'config', 'set', 'onboarding_base_url.EU', BASE).returncode, 0)
        url = cli(self.store, 'link', 'onboarding', '--seller', '7001').stdout.strip()
        token = re.search(r'pd_ref=([^#&]+)', url).group(1)
        auth = cli(self.store, 'link', 'authorization', '--service', 'S1', '--seller', '7001').stdout.strip()

        r = cli(self.store, 'link', 'revoke', token)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(token, r.stdout)
        r = cli(self.store, 'link', 'revoke', token)
        self.assertEqual(r.returncode, 2)
        self.assertIn('revoked already', r.stderr)
        r = cli(self.store, 'link', 'revoke', 'NoSuchTokenNoSuchToken')
        self.assertEqual(r.returncode, 2)
        self.assertIn('NoSuchTokenNoSuchToken', r.stderr)
        r = cli(self.store, 'link', 'revoke')
        self.assertEqual(r.returncode, 2)
        self.assertIn('link revoke TOKEN', r.stderr)
        r = cli(self.store, 'link', 'revoke', '--bogus')
        self.assertEqual(r.returncode, 2)
        self.assertIn('link revoke TOKEN', r.stderr)
        r = cli(self.store, 'link', 'frobnicate')
        self.assertEqual(r.returncode, 2)

        out = os.path.join(self.tmp.name, 'links.csv')
        r = cli(self.store, 'export', 'links', '--output', out)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(out, encoding='utf-8-sig', newline='') as f:
            rows = [{LINK_HEADERS[k]: v for k, v in row.items()} for row in csv.DictReader(f)]
        self.assertEqual([list(rows[0].keys())],
                         [['token', 'kind', 'seller_id', 'market', 'program_id', 'service_id', 'url',
                           'created_at', 'revoked_at', 'staff']])
        by_kind = {row['kind']: row for row in rows}
        # A token beginning with '-' goes out behind an apostrophe (formulas).
        self.assertIn(by_kind['onboarding']['token'], (token, "'" + token))
        self.assertEqual(by_kind['onboarding']['token'].startswith("'"), token.startswith('-'))
        self.assertEqual(by_kind['onboarding']['url'], url)
        self.assertEqual(by_kind['onboarding']['program_id'], PROGRAM)
        self.assertNotEqual(by_kind['onboarding']['revoked_at'], '')
        self.assertEqual(by_kind['authorization']['url'], auth)
        self.assertEqual(by_kind['authorization']['service_id'], 'S1')
        self.assertEqual(by_kind['authorization']['revoked_at'], '')


if __name__ == '__main__':
    unittest.main(verbosity=2)
