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

    def test_build_tree_finds_its_data_without_environment(self):
        # Run from the build tree as README says, with no variable pointing
        # at the data: the bundled programs and the translations are found.
        env = {k: v for k, v in os.environ.items()
               if k not in ('PARTNERDESK_PROGRAMS_DIR', 'PARTNERDESK_LOCALEDIR')}
        r = subprocess.run([CLI, '--store', self.store, 'status', '--json'],
                           capture_output=True, text=True, env=env, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)['programs'], 2, r.stderr)
        env.update(LANGUAGE='zh_CN', LC_ALL='zh_CN.UTF-8')
        r = subprocess.run([CLI, '--store', self.store, 'status'],
                           capture_output=True, text=True, env=env, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('激励计划', r.stdout)

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

    def test_chinese_markets_and_values(self):
        # Market names, countries, currencies and statuses in Chinese, in
        # the import files and on the command line, as English ones are.
        targets = os.path.join(self.tmp.name, 'targets.csv')
        with open(targets, 'w', encoding='utf-8') as f:
            f.write('商家ID,商家名称,站点,审核状态,program_id\n'
                    '7101,深圳北极星,欧洲,已通过,eu-jp-pop-partner-2026q1\n'
                    '7102,东京樱花,日本,审核中,eu-jp-pop-partner-2026q1\n')
        rates = os.path.join(self.tmp.name, 'rates.csv')
        with open(rates, 'w', encoding='utf-8') as f:
            f.write('currency,cny_per_unit\n欧元,7.8\n日元,0.048\n')
        stores = os.path.join(self.tmp.name, 'stores.csv')
        with open(stores, 'w', encoding='utf-8') as f:
            f.write('店铺ID,seller_id,market,入驻时间,30天结算GMV,币种,备货国家,店铺状态\n'
                    'S-1,7101,欧洲,2026-01-10,100.00,欧元,德国;法国;意大利;西班牙,正常\n')
        for kind, path in (('targets', targets), ('rates', rates), ('stores', stores)):
            r = cli(self.store, 'import', kind, path)
            self.assertEqual(r.returncode, 0, r.stderr)
        db = sqlite3.connect(self.store)
        self.assertEqual(db.execute('SELECT seller_id, market, review_status FROM target_merchants'
                                    ' ORDER BY seller_id').fetchall(),
                         [('7101', 'EU', 'approved'), ('7102', 'JP', 'pending')])
        self.assertEqual(db.execute('SELECT currency FROM exchange_rates ORDER BY currency').fetchall(),
                         [('EUR',), ('JPY',)])
        self.assertEqual(db.execute('SELECT market, gmv_currency, inventory_countries FROM stores').fetchall(),
                         [('EU', 'EUR', 'DE;FR;IT;ES')])
        db.close()
        # --market 日本 on the command line.
        self.assertEqual(cli(self.store, 'config', 'set', 'onboarding_base_url.JP',
                             'https://seller-jp.example.com/join').returncode, 0)
        r = cli(self.store, 'link', 'onboarding', '--seller', '7199', '--market', '日本')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(r.stdout.startswith('https://seller-jp.example.com/join?pd_ref='), r.stdout)
        db = sqlite3.connect(self.store)
        self.assertEqual(db.execute("SELECT market FROM links WHERE seller_id = '7199'").fetchall(), [('JP',)])
        db.close()
        # An unknown name is still an error that names the accepted forms.
        with open(targets, 'w', encoding='utf-8') as f:
            f.write('商家ID,商家名称,站点\n7103,X,火星\n')
        r = cli(self.store, 'import', 'targets', targets, '--program', 'eu-jp-pop-partner-2026q1')
        self.assertEqual(r.returncode, 2)
        self.assertIn('欧洲', r.stderr)

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
            'open_api.auth_endpoint=https://auth.tiktok-shops.com',
            'open_api.endpoint=https://open-api.tiktokglobalshop.com',
            'open_api.service_id=',
            'partner_id=',
            'staff_name=',
            'sync_interval_minutes=30',
        ])

    def test_config_errors(self):
        cases = [
            (('config', 'set', 'colour', 'blue'), 'unknown setting'),
            (('config', 'get', 'colour'), 'unknown setting'),
            (('config', 'set', 'sync_interval_minutes', 'often'), 'sync_interval_minutes'),
            (('config', 'set', 'endpoint', 'http://example.com'), 'https'),
            (('config', 'set', 'import_timezone', 'Mars/Olympus'), 'time zone'),
            # Issue 13.15: no header injection, no password in the address,
            # no zone id that makes GLib open a file outside its database.
            (('config', 'set', 'endpoint', 'http://127.0.0.1:8080/\r\nX-Evil: 1'), 'control characters'),
            (('config', 'set', 'endpoint', 'https://me:s3cret@open.example.com'), 'password'),
            (('sync', '--endpoint', 'https://me:s3cret@open.example.com'), 'password'),
            (('config', 'set', 'import_timezone', '../../../../usr/share/zoneinfo/Asia/Tokyo'), 'time zone'),
            (('config', 'frobnicate'), 'Usage'),
            (('frobnicate',), 'unknown command'),
        ]
        for args, message in cases:
            with self.subTest(args=args):
                r = cli(self.store, *args)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn(message, r.stderr)
                self.assertNotIn('s3cret', r.stderr)
                self.assertEqual(r.stdout, '')
        self.assertEqual(cli(self.store, 'config', 'get', 'sync_interval_minutes').stdout, '15\n')

    def test_saved_endpoint_checked(self):
        # Issue 13.15: an endpoint saved before it was checked (user:password@)
        # is not used, nor its password shown.
        self.assertEqual(cli(self.store, 'status').returncode, 0)
        db = sqlite3.connect(self.store)
        db.execute("INSERT INTO settings (key, value) VALUES ('endpoint', 'http://me:s3cret@127.0.0.1:9')"
                   " ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        db.commit()
        db.close()
        r = cli(self.store, 'sync', env={'PD_APP_KEY': 'k', 'PD_APP_SECRET': 's', 'PD_ACCESS_TOKEN': 'a',
                                         'PD_REFRESH_TOKEN': 'r', 'PARTNERDESK_TEST_SYNC_DELAY_SCALE': '0.01'})
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn('saved endpoint is not valid', r.stderr)
        self.assertNotIn('s3cret', r.stderr + r.stdout)

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


def _fixture(name):
    base = os.environ.get('PARTNERDESK_FIXTURES_DIR') or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures')
    return os.path.join(base, 'q1-example', name)


def _dump(path):
    db = sqlite3.connect(path)
    try:
        return '\n'.join(db.iterdump())
    finally:
        db.close()


class CliImportTest(unittest.TestCase):
    """import KIND FILE and export links (cli.md)."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix='pd-test-cli-import-')
        self.store = os.path.join(self.tmp.name, 'store.db')

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, text, encoding='utf-8'):
        path = os.path.join(self.tmp.name, name)
        with open(path, 'w', encoding=encoding, newline='') as f:
            f.write(text)
        return path

    def import_q1(self):
        program = os.path.join(os.environ['PARTNERDESK_PROGRAMS_DIR'], 'eu-jp-pop-partner-2026q1.json')
        r = cli(self.store, 'import', 'program', program)
        self.assertEqual(r.returncode, 0, r.stderr)
        for kind, n in (('rates', 4), ('targets', 11), ('links', 10), ('stores', 11)):
            path = _fixture(kind + '.csv')
            r = cli(self.store, 'import', kind, path)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, '%s: %d inserted, 0 updated, 0 unchanged\n' % (path, n))
            self.assertEqual(r.stderr, '')

    def test_q1_example_and_json(self):
        self.import_q1()
        for kind, n in (('rates', 4), ('targets', 11), ('links', 10), ('stores', 11)):
            r = cli(self.store, 'import', kind, _fixture(kind + '.csv'), '--json')
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(json.loads(r.stdout), {'inserted': 0, 'updated': 0, 'unchanged': n})
        status = json.loads(cli(self.store, 'status', '--json').stdout)
        self.assertEqual((status['target_merchants'], status['links'], status['stores'],
                          status['exchange_rates']), (11, 10, 11, 4))
        db = sqlite3.connect(self.store)
        actions = [row[0] for row in db.execute('SELECT action FROM audit_log ORDER BY id')]
        db.close()
        self.assertEqual(actions[:5], ['import.program', 'import.rates', 'import.targets',
                                       'import.links', 'import.stores'])

    def test_bad_input_changes_nothing(self):
        self.import_q1()
        rows = ['seller_id,seller_name,market,review_status']
        rows += ['80%02d,Seller,EU,approved' % i for i in range(40)]
        rows += ['80%02d,Seller,EU,maybe' % i for i in range(40, 65)]
        path = self.write('bad.csv', '\n'.join(rows) + '\n')
        before = _dump(self.store)
        r = cli(self.store, 'import', 'targets', path)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertEqual(r.stdout, '')
        lines = r.stderr.splitlines()
        problems = [line for line in lines if line.startswith(path + ':')]
        self.assertEqual(len(problems), 20)
        self.assertTrue(problems[0].startswith(path + ':42:review_status: '), problems[0])
        self.assertIn('expected', problems[0])
        self.assertIn('... and 5 more problems', lines)
        self.assertEqual(_dump(self.store), before)

    def test_warnings_and_replace(self):
        self.import_q1()
        path = self.write('list.csv', 'Seller_ID , seller_name,market,notes\n'
                          '7000000000000001,深圳市北极星科技有限公司,EU,x\n')
        r = cli(self.store, 'import', 'targets', path, '--replace', '--json',
                '--program', 'eu-jp-pop-partner-2026q1')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout), {'inserted': 0, 'updated': 0, 'unchanged': 1, 'left': 10})
        self.assertTrue(r.stderr.startswith('warning: '), r.stderr)
        self.assertIn('notes', r.stderr)

        header_only = self.write('empty.csv', 'seller_id,seller_name,market\n')
        r = cli(self.store, 'import', 'targets', header_only, '--replace')
        self.assertEqual(r.returncode, 2)
        self.assertIn('no rows', r.stderr)

    def test_gbk(self):
        path = self.write('gbk.csv', '商家ID,商家名称,站点\r\n6001,广州美妆贸易有限公司,EU\r\n', 'gb18030')
        r = cli(self.store, 'import', 'targets', path)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('warning: ', r.stderr)
        self.assertIn('GB18030', r.stderr)
        db = sqlite3.connect(self.store)
        self.assertEqual(db.execute("SELECT seller_name FROM target_merchants").fetchone()[0],
                         '广州美妆贸易有限公司')
        db.close()

    def test_errors_and_usage(self):
        self.assertEqual(cli(self.store, 'status').returncode, 0)
        before = _dump(self.store)
        cases = [
            (('import', 'targets'), 2, 'Usage'),
            (('import', 'merchants', 'x.csv'), 2, 'unknown import kind'),
            (('import', 'stores', _fixture('stores.csv'), '--replace'), 2, 'target lists only'),
            (('import', 'rates', _fixture('rates.csv'), '--bogus'), 2, 'unknown option'),
            (('import', 'rates', os.path.join(self.tmp.name, 'missing.csv')), 1, 'missing.csv'),
            (('export', 'links'), 2, '--output'),
        ]
        for args, status, message in cases:
            with self.subTest(args=args):
                r = cli(self.store, *args)
                self.assertEqual(r.returncode, status, r.stderr)
                self.assertIn(message, r.stderr)
                self.assertEqual(r.stdout, '')
        bad_program = self.write('bad.json', '{"id": "x", "name": "X", "kind": "recruitment"}')
        r = cli(self.store, 'import', 'program', bad_program)
        self.assertEqual(r.returncode, 2)
        self.assertIn(bad_program + ': period: required field is missing', r.stderr)
        self.assertEqual(_dump(self.store), before)

    def test_export_links_round_trip(self):
        self.import_q1()
        out = os.path.join(self.tmp.name, 'links-out.csv')
        r = cli(self.store, 'export', 'links', '--output', out)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(out, encoding='utf-8', newline='') as f:
            text = f.read()
        # Headers in the user's language (here English), behind a byte
        # order mark for spreadsheets; the import knows them.
        self.assertTrue(text.startswith('\ufeffToken,Kind,Seller ID,Market,Program,Service ID,URL,'
                                        'Created at,Revoked at,Staff\r\n'))
        # Ids in the form spreadsheets keep as text, formula starts behind an
        # apostrophe (src/core/pd-csv-writer.h).
        self.assertIn('NAbO5gPMcSPpQMVYJMwgew,onboarding,"=""7000000000000001""",EU,'
                      'eu-jp-pop-partner-2026q1,,,2026-01-05T10:00:00+08:00,,Lin\r\n', text)
        self.assertIn("\r\n'-e21T3El8gV_jN_8xllFdA,onboarding,", text)
        r = cli(self.store, 'import', 'links', out, '--json')
        self.assertEqual(json.loads(r.stdout), {'inserted': 0, 'updated': 0, 'unchanged': 10})
        other = os.path.join(self.tmp.name, 'other.db')
        r = cli(other, 'import', 'links', out, '--json')
        self.assertEqual(json.loads(r.stdout), {'inserted': 10, 'updated': 0, 'unchanged': 0})
        r = cli(self.store, 'export', 'links', '--output', os.path.join(self.tmp.name, 'no', 'such', 'dir.csv'))
        self.assertEqual(r.returncode, 1)


if __name__ == '__main__':
    unittest.main(verbosity=2)
