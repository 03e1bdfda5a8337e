#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""partnerdesk-cli shop connect / shops / shop read against the sandbox's
TikTok Shop Open API (issue 17): a seller authorizes through a link made by
partnerdesk-cli, the redirect URL is pasted, the shops are listed and read;
refresh, expiry, a cancelled authorization, a wrong secret, the platform's
clock, 429 storms and hostile bodies (the store unchanged).

Runs inside tests/sync/keyring-session.sh: the tokens live in the keyring.

test-cli-shops.py PARTNERDESK_CLI PARTNERDESK_SANDBOX"""
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse
import urllib.request

CLI = sys.argv.pop(1)
SANDBOX = sys.argv.pop(1)
SERVICE = 'svc-eu-launch'


class Sandbox:
    def __init__(self, data_dir):
        self.proc = subprocess.Popen([SANDBOX, '--listen', '127.0.0.1:0', '--data', data_dir,
                                      '--seed', 'demo', '--admin'],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline().strip()
        self.env = dict(word.split('=', 1) for word in line.split())
        self.endpoint = self.env['PD_ENDPOINT']

    def get(self, path):
        with urllib.request.urlopen(self.endpoint + path, timeout=30) as response:
            return json.load(response)

    def post(self, path, body):
        request = urllib.request.Request(self.endpoint + path, data=json.dumps(body).encode(),
                                         headers={'Content-Type': 'application/json'})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)

    def store(self, store_id):
        for o in self.get('/sandbox/objects?type=store')['objects']:
            if o['id'] == store_id:
                return o['data']
        return None

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


class CliShopsTest(unittest.TestCase):
    def setUp(self):
        # A sandbox per test: several move its clock.
        self.tmp = tempfile.TemporaryDirectory(prefix='pd-test-cli-shops-')
        self.sandbox = Sandbox(os.path.join(self.tmp.name, 'sandbox'))
        self.store = os.path.join(self.tmp.name, 'store.db')
        self.ok('sync', '--endpoint', self.sandbox.endpoint, '--json')
        self.ok('config', 'set', 'open_api.auth_endpoint', self.sandbox.endpoint)
        self.ok('config', 'set', 'open_api.endpoint', self.sandbox.endpoint)

    def tearDown(self):
        self.sandbox.stop()
        self.tmp.cleanup()

    def cli(self, *args, env=None):
        full_env = dict(os.environ)
        full_env.update(self.sandbox.env)
        full_env['PARTNERDESK_TEST_SYNC_DELAY_SCALE'] = '0.01'
        full_env.update(env or {})
        return subprocess.run([CLI, '--store', self.store, *args], capture_output=True,
                              text=True, env=full_env, timeout=120)

    def ok(self, *args, **kwargs):
        r = self.cli(*args, **kwargs)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        return r.stdout

    def query(self, sql, *params):
        db = sqlite3.connect(self.store)
        try:
            return db.execute(sql, params).fetchall()
        finally:
            db.close()

    def seller_store(self):
        return self.query("SELECT seller_id, store_id FROM stores WHERE store_status = 'normal'"
                          " AND inventory_countries != '' AND settled_gmv_30d IS NOT NULL"
                          " ORDER BY store_id LIMIT 1")[0]

    def authorize(self, seller):
        """A link made here, pushed, approved by the seller: the redirect URL."""
        url = self.ok('link', 'authorization', '--service', SERVICE, '--seller', seller,
                      '--days', '30').strip()
        state = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)['state'][0]
        self.ok('sync', '--endpoint', self.sandbox.endpoint, '--json')
        return state, self.sandbox.post('/sandbox/open-api/approve', {'state': state})['redirect_url']

    def connect(self):
        seller, store_id = self.seller_store()
        _, redirect = self.authorize(seller)
        out = self.ok('shop', 'connect', redirect)
        self.assertIn(store_id, out)
        return seller, store_id

    def shops(self):
        return {s['shop_id']: s for s in json.loads(self.ok('shops', '--json'))}

    def figures(self, shop_id):
        rows = self.query('SELECT gmv_amount, gmv_currency, warehouse_countries, shop_status,'
                          ' gmv_endpoint, gmv_read_at IS NOT NULL FROM open_api_figures'
                          ' WHERE shop_id = ?', shop_id)
        return rows[0] if rows else None

    def snapshot(self):
        return (self.query('SELECT * FROM open_api_figures ORDER BY shop_id'),
                self.query('SELECT store_id, settled_gmv_30d, gmv_currency, inventory_countries,'
                           ' store_status FROM stores ORDER BY store_id'),
                self.query('SELECT shop_id, state, last_read_at FROM open_api_shops ORDER BY shop_id'))

    # -- tests ------------------------------------------------------------

    def test_connect_lists_shops_tokens_not_in_store(self):
        seller, store_id = self.connect()
        shops = self.shops()
        self.assertEqual(shops[store_id]['state'], 'connected')
        self.assertEqual(shops[store_id]['seller_id'], seller)
        self.assertIsNone(shops[store_id]['last_read_at'])
        self.assertTrue(shops[store_id]['authorization_ends_at'])
        # The authorization the seller gave arrives with the next sync,
        # ending when the shop's authorization does.
        self.ok('sync', '--endpoint', self.sandbox.endpoint, '--json')
        authorizations = [a for a in json.loads(self.ok('authorizations', '--json'))
                          if a['seller_id'] == seller and a['service_id'] == SERVICE]
        self.assertEqual(len(authorizations), 1, authorizations)
        self.assertEqual(authorizations[0]['expires_at'][:16], shops[store_id]['authorization_ends_at'][:16])
        # Tokens live in the keyring: not in the store file.
        state = json.loads(sqlite3.connect(os.path.join(self.tmp.name, 'sandbox', 'sandbox.db'))
                           .execute("SELECT value FROM meta WHERE key = 'open_api_state'").fetchone()[0])
        grant = next(iter(state['grants'].values()))
        with open(self.store, 'rb') as f:
            data = f.read()
        for suffix in ('', '-wal'):
            if os.path.exists(self.store + suffix):
                with open(self.store + suffix, 'rb') as f:
                    data = f.read()
                self.assertNotIn(grant['access_token'].encode(), data)
                self.assertNotIn(grant['refresh_token'].encode(), data)
        # Read with the tokens from the keyring.
        r = self.cli('shop', 'read', store_id)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_read_figures_and_settled_rule(self):
        _, store_id = self.connect()
        # An imported settled figure differs from the platform's: kept.
        db = sqlite3.connect(self.store)
        db.execute("UPDATE stores SET settled_gmv_30d = 424242 WHERE store_id = ?", (store_id,))
        db.commit()
        db.close()
        out = self.ok('shop', 'read', store_id)
        self.assertIn('1', out)
        remote = self.sandbox.store(store_id)
        amount, currency, countries, status, endpoint, read = self.figures(store_id)
        self.assertEqual(currency, remote['gmv_currency'])
        self.assertEqual('%d.%02d' % divmod(amount, 100), remote['settled_gmv_30d'])
        self.assertEqual(sorted(countries.split(';')), sorted(remote['inventory_countries']))
        self.assertNotIn('MX', countries.split(';'))  # the disabled warehouse
        self.assertEqual(status, 'ACTIVE')
        self.assertEqual(endpoint, '/order/202309/orders/search')
        self.assertEqual(self.query('SELECT settled_gmv_30d FROM stores WHERE store_id = ?', store_id),
                         [(424242,)])
        self.assertIsNotNone(self.shops()[store_id]['last_read_at'])
        # Told to: the platform's figure replaces it, and from then on it is ours.
        self.ok('shop', 'read', store_id, '--overwrite-settled')
        self.assertEqual(self.query('SELECT settled_gmv_30d FROM stores WHERE store_id = ?', store_id),
                         [(amount,)])

    def test_unknown_and_revoked_state_refused(self):
        seller, _ = self.seller_store()
        before = self.snapshot()
        r = self.cli('shop', 'connect', 'https://partnerdesk.example/cb?code=abc&state=nope')
        self.assertNotEqual(r.returncode, 0)
        self.assertIn('No authorization link', r.stderr)
        state, redirect = self.authorize(seller)
        self.ok('link', 'revoke', state)
        r = self.cli('shop', 'connect', redirect)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn('revoked', r.stderr)
        self.assertEqual(self.snapshot(), before)
        r = self.cli('shop', 'connect', 'not a url')
        self.assertNotEqual(r.returncode, 0)

    def test_wrong_secret(self):
        seller, _ = self.seller_store()
        _, redirect = self.authorize(seller)
        before = self.snapshot()
        r = self.cli('shop', 'connect', redirect, env={'PD_OPEN_APP_SECRET': '0' * 40})
        self.assertNotEqual(r.returncode, 0)
        self.assertIn('/api/v2/token/get', r.stderr)
        self.assertIn('secret', r.stderr)
        self.assertNotIn('0' * 40, r.stdout + r.stderr)
        self.assertEqual(self.snapshot(), before)
        r = self.cli('shop', 'connect', redirect, env={'PD_OPEN_APP_SECRET': '', 'PD_OPEN_APP_KEY': ''})
        self.assertNotEqual(r.returncode, 0)

    def test_clock_skew_refresh_and_expiry(self):
        _, store_id = self.connect()
        # 7.5 days on: the access token expired, and this computer's clock
        # is a week behind the platform's. Both are handled.
        self.sandbox.post('/sandbox/clock', {'advance_seconds': int(7.5 * 86400)})
        self.ok('shop', 'read', store_id)
        self.assertEqual(self.shops()[store_id]['state'], 'connected')
        self.assertIsNotNone(self.figures(store_id))
        # 30 days on: the authorization has ended.
        self.sandbox.post('/sandbox/clock', {'advance_seconds': 30 * 86400})
        figures = self.figures(store_id)
        out = self.ok('shop', 'read')
        self.assertIn('ended', out)
        self.assertEqual(self.shops()[store_id]['state'], 'expired')
        self.assertEqual(self.figures(store_id), figures)

    def test_cancelled_authorization(self):
        seller, store_id = self.connect()
        self.ok('shop', 'read', store_id)
        figures = self.figures(store_id)
        self.sandbox.post('/sandbox/open-api/cancel', {'seller_id': seller})
        out = self.ok('shop', 'read')
        self.assertIn('cancelled', out)
        self.assertEqual(self.shops()[store_id]['state'], 'cancelled')
        self.assertEqual(self.figures(store_id), figures)
        # Its tokens are gone: nothing more is read for it.
        out = self.ok('shop', 'read')
        self.assertIn('0', out)

    def test_reauthorized_seller(self):
        """Issue 17 item 5: the seller cancels, then authorizes again through
        a new link: the same grant, connected again with new tokens, one
        connection; the shop is read again."""
        seller, store_id = self.connect()
        self.ok('shop', 'read', store_id)
        self.sandbox.post('/sandbox/open-api/cancel', {'seller_id': seller})
        self.ok('shop', 'read')
        self.assertEqual(self.shops()[store_id]['state'], 'cancelled')
        _, redirect = self.authorize(seller)
        self.assertIn(store_id, self.ok('shop', 'connect', redirect))
        shops = self.shops()
        self.assertEqual(shops[store_id]['state'], 'connected')
        self.assertEqual(self.query('SELECT count(*) FROM open_api_grants'), [(1,)])
        self.assertEqual(self.query("SELECT count(*) FROM open_api_grants WHERE state = 'connected'"
                                    " AND last_error IS NULL"), [(1,)])
        before = shops[store_id]['last_read_at']
        time.sleep(1.1)  # last_read_at is in seconds
        out = self.ok('shop', 'read', store_id)
        self.assertIn('1', out)
        self.assertNotEqual(self.shops()[store_id]['last_read_at'], before)

    def test_rate_limited_then_read(self):
        _, store_id = self.connect()
        self.sandbox.post('/sandbox/open-api/override', {
            'path_prefix': '/order/', 'status': 429, 'times': 3,
            'body': '{"code":36009002,"message":"too many requests","request_id":"x"}'})
        self.ok('shop', 'read', store_id)
        self.assertIsNotNone(self.figures(store_id))

    def test_orders_followed_page_by_page(self):
        _, store_id = self.connect()
        self.sandbox.post('/sandbox/open-api/override', {'orders_page_max': 2})
        self.ok('shop', 'read', store_id)
        remote = self.sandbox.store(store_id)
        amount, currency, _, _, endpoint, _ = self.figures(store_id)
        self.assertEqual(endpoint, '/order/202309/orders/search')
        self.assertEqual('%d.%02d' % divmod(amount, 100), remote['settled_gmv_30d'])
        self.assertEqual(currency, remote['gmv_currency'])

    def test_hostile_bodies_change_nothing(self):
        _, store_id = self.connect()
        self.ok('shop', 'read', store_id)
        before = self.snapshot()
        opened = self.query('SELECT onboarded_at FROM stores WHERE store_id = ?', store_id)[0][0]

        def orders(*items, token=''):
            return json.dumps({'code': 0, 'data': {'orders': list(items), 'next_page_token': token}})

        def order(amount='1.00', currency='USD', created=opened + 60, status='COMPLETED'):
            return {'id': '1', 'status': status, 'create_time': created,
                    'payment': {'total_amount': amount, 'currency': currency}}

        hostile = [
            ('/order/', orders(order(amount='1e999')), 'payment'),
            ('/order/', orders(order(amount=12)), 'total_amount'),
            ('/order/', orders(order(created=opened - 1)), 'create_time'),
            ('/order/', orders(order(), order(currency='EUR')), 'currency'),
            ('/order/', orders(*[order()] * 101), 'orders'),
            ('/order/', '{"code":"0","data":{}}', 'code'),
            ('/order/', '{"code":0,"data":{"orders":{}}}', 'orders'),
            ('/order/', json.dumps({'code': 0, 'data': {'orders': [], 'next_page_token': 'x' * 600}}),
             'next_page_token'),
            ('/logistics/', '{"code":0,"data":{"warehouses":[{"effect_status":"ENABLED","address":{"region_code":"\\u202eXX"}}]}}',
             'region_code'),
            ('/logistics/', '{"code":0,"data":' + '[' * 5000 + ']' * 5000 + '}', ''),
            ('/seller/', '{"code":0,"data":{"shops":"all"}}', 'shops'),
            ('/order/', '{"code":990005,"message":"\\u202eno","request_id":"r"}', 'shop_not_authorized'),
            ('/order/', '{"code":36009999,"message":"odd","request_id":"r"}', 'code_36009999'),
        ]
        for prefix, body, field in hostile:
            self.sandbox.post('/sandbox/open-api/override', {'clear': True})
            self.sandbox.post('/sandbox/open-api/override',
                              {'path_prefix': prefix, 'status': 200, 'body': body, 'times': 1})
            r = self.cli('shop', 'read', store_id)
            self.assertNotEqual(r.returncode, 0, (body, r.stdout))
            self.assertRegex(r.stderr, r'(GET|POST) /', body)
            self.assertIn(field, r.stderr, body)
            self.assertNotIn('\u202e', r.stderr)
            after = self.snapshot()
            self.assertEqual(after[0], before[0], body)
            self.assertEqual(after[1], before[1], body)

    def test_platform_gmv_moves_the_projection(self):
        # A store of a program's target seller, known without a settled GMV:
        # the platform's GMV is then the engine's input, and the projection
        # follows it across the sales threshold.
        rows = self.query("SELECT s.seller_id, s.store_id, s.gmv_currency, t.program_id"
                          " FROM stores s JOIN target_merchants t USING (seller_id)"
                          " JOIN programs p ON p.id = t.program_id AND p.kind = 'recruitment'"
                          " WHERE s.store_status = 'normal' AND s.inventory_countries != ''"
                          " AND s.gmv_currency IS NOT NULL ORDER BY s.store_id")
        self.assertTrue(rows)
        seller, store_id, currency, program = rows[0]
        db = sqlite3.connect(self.store)
        db.execute("UPDATE stores SET settled_gmv_30d = NULL, gmv_currency = NULL WHERE store_id = ?",
                   (store_id,))
        db.commit()
        db.close()
        _, redirect = self.authorize(seller)
        self.ok('shop', 'connect', redirect)

        def sales_after_read(amount):
            opened = self.query('SELECT onboarded_at FROM stores WHERE store_id = ?', store_id)[0][0]
            self.sandbox.post('/sandbox/open-api/override', {
                'path_prefix': '/order/', 'status': 200, 'times': 1,
                'body': json.dumps({'code': 0, 'message': 'Success', 'request_id': 'r', 'data': {
                    'orders': [{'id': '1', 'status': 'COMPLETED', 'create_time': opened + 60,
                                'payment': {'total_amount': amount, 'currency': currency}}],
                    'next_page_token': ''}})})
            self.ok('shop', 'read', store_id)
            as_of = self.query("SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now')")[0][0]
            projection = json.loads(self.ok('project', '--program', program, '--as-of', as_of, '--json'))
            entry = next(e for e in projection['entries'] if e['store_id'] == store_id)
            return next(c for c in entry['conditions'] if c['name'] == 'sales'), projection

        low, before = sales_after_read('0.01')
        self.assertEqual(self.query('SELECT settled_gmv_30d, gmv_currency FROM stores WHERE store_id = ?',
                                    store_id), [(1, currency)])
        high, after = sales_after_read('99999999.00')
        self.assertEqual(self.query('SELECT settled_gmv_30d FROM stores WHERE store_id = ?', store_id),
                         [(9999999900,)])
        self.assertNotEqual(low['state'], 'met', low)
        self.assertEqual(high['state'], 'met', high)
        self.assertNotEqual(before['upper'], after['upper'])


if __name__ == '__main__':
    unittest.main(verbosity=2)
