#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""partnerdesk-cli categories/services/requests/authorizations against the
sandbox (issue 12 items 4 and 5): a request accepted and synced is what
the sandbox shows; a 409 when the sandbox's version moved; a change queued
before a crash is applied once; category apply/withdraw refused where the
state does not allow it; a renewal link carries renewal_of; expiry windows
at their day boundaries in the user's zone.

test-cli-services.py PARTNERDESK_CLI PARTNERDESK_SANDBOX"""
import datetime
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest
import urllib.request
import zoneinfo

CLI = sys.argv.pop(1)
SANDBOX = sys.argv.pop(1)


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

    def object(self, type_, id_):
        for o in self.get(f'/sandbox/objects?type={type_}')['objects']:
            if o['id'] == id_:
                return o
        return None

    def applied(self, path):
        return [a for a in self.get('/sandbox/applied')['applied'] if a['path'] == path]

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


class CliServicesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix='pd-test-cli-services-')
        cls.sandbox = Sandbox(os.path.join(cls.tmp.name, 'sandbox'))

    @classmethod
    def tearDownClass(cls):
        cls.sandbox.stop()
        cls.tmp.cleanup()

    def setUp(self):
        self.store = os.path.join(self.tmp.name, self.id().rsplit('.', 1)[1] + '.db')
        self.sync()

    def cli(self, *args, store=None, env=None):
        full_env = dict(os.environ)
        full_env.update(self.sandbox.env)
        full_env.update(env or {})
        return subprocess.run([CLI, '--store', store or self.store, *args], capture_output=True,
                              text=True, env=full_env, timeout=120)

    def ok(self, *args, **kwargs):
        r = self.cli(*args, **kwargs)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def refused(self, *args, **kwargs):
        outbox = self.outbox_len(kwargs.get('store'))
        r = self.cli(*args, **kwargs)
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertEqual(r.stdout, '')
        self.assertTrue(r.stderr.startswith('partnerdesk-cli: '), r.stderr)
        self.assertEqual(self.outbox_len(kwargs.get('store')), outbox)
        return r.stderr

    def sync(self, store=None, env=None):
        return json.loads(self.ok('sync', '--endpoint', self.sandbox.endpoint, '--json',
                                  store=store, env=env))

    def outbox_len(self, store=None):
        return json.loads(self.ok('status', '--json', store=store))['outbox']

    def query(self, sql, store=None):
        db = sqlite3.connect(store or self.store)
        try:
            return db.execute(sql).fetchall()
        finally:
            db.close()

    def requests(self, status):
        return json.loads(self.ok('requests', '--status', status, '--json'))

    # -- seller requests --------------------------------------------------

    def test_sync_errors_for_a_person(self):
        # Issue 18 item 7 for the CLI: a failed sync says what happened and
        # what to do in the app's words (pd_sync_error_to_text), the
        # technical message only as the details under it.
        fast = {'PARTNERDESK_TEST_SYNC_DELAY_SCALE': '0.01'}
        dead = 'http://127.0.0.1:9'
        r = self.cli('sync', '--endpoint', dead, env=fast)
        self.assertEqual(r.returncode, 1, r.stderr)
        lines = r.stderr.splitlines()
        self.assertEqual(lines[0], f'partnerdesk-cli: Cannot reach the platform at {dead}:'
                                   ' check the address or your network.', r.stderr)
        self.assertTrue(lines[1].startswith('  Details: GET '), r.stderr)

        r = self.cli('sync', '--endpoint', self.sandbox.endpoint,
                     env={**fast, 'PD_APP_SECRET': 'not-the-secret'})
        self.assertEqual(r.returncode, 1, r.stderr)
        lines = r.stderr.splitlines()
        self.assertEqual(lines[0], 'partnerdesk-cli: The platform refused the app secret:'
                                   ' check it in Partner Desk’s Preferences, or PD_APP_SECRET.', r.stderr)
        self.assertNotIn('sorted query', lines[0])
        self.assertNotIn('not-the-secret', r.stderr + r.stdout)

        # In Chinese, the app's Chinese words.
        zh = {**fast, 'LANGUAGE': 'zh_CN', 'LANG': 'zh_CN.UTF-8', 'LC_ALL': 'zh_CN.UTF-8'}
        r = self.cli('sync', '--endpoint', dead, env=zh)
        self.assertEqual(r.returncode, 1, r.stderr)
        first = r.stderr.splitlines()[0]
        self.assertIn(dead, first)
        self.assertNotIn('Cannot reach', first)
        self.assertNotIn('GET ', first)

    def test_accept_synced_and_listed(self):
        reviewing = self.requests('partner_reviewing')
        self.assertGreaterEqual(len(reviewing), 3)
        rid = reviewing[0]['id']
        version = self.sandbox.object('seller_request', rid)['version']
        self.assertIn('contact_email', reviewing[0])
        self.ok('request', 'accept', rid)
        self.assertEqual(self.query(f"SELECT if_match FROM outbox WHERE subject_id = '{rid}'"),
                         [(f'"{version}"',)])
        summary = self.sync()
        self.assertEqual(summary['outbox_sent'], 1, summary)
        remote = self.sandbox.object('seller_request', rid)
        self.assertEqual((remote['data']['status'], remote['version']), ('partner_accepted', version + 1))
        self.assertEqual([r['id'] for r in self.requests('partner_accepted') if r['id'] == rid], [rid])

        # Refused transitions: exit 2, nothing queued (accepted -> rejected,
        # a terminal request -> anything, connected only from the seller).
        self.refused('request', 'reject', rid, '--reason', 'too small')
        self.refused('request', 'accept', rid)
        for status in ('rejected', 'closed', 'connected'):
            other = self.requests(status)[0]['id']
            for args in (('accept', other), ('reject', other, '--reason', 'x'), ('close', other)):
                self.refused('request', *args)
        self.refused('request', 'accept', 'SR-NONE')
        self.refused('request', 'reject', reviewing[1]['id'])          # no --reason
        self.refused('request', 'frobnicate', reviewing[1]['id'])
        self.refused('requests', '--status', 'open')

        # Close with a note: contact fields gone here and there.
        self.ok('request', 'close', rid, '--note', 'Seller chose another agency')
        closed = [r for r in self.requests('closed') if r['id'] == rid][0]
        self.assertNotIn('contact_name', closed)
        self.assertNotIn('contact_email', closed)
        self.sync()
        remote = self.sandbox.object('seller_request', rid)['data']
        self.assertEqual(remote['status'], 'closed')
        self.assertNotIn('contact_email', remote)

        # Reject with a reason from reviewing.
        self.ok('request', 'reject', reviewing[1]['id'], '--reason', 'Outside our markets')
        self.assertEqual(self.sync()['outbox_sent'], 1)
        self.assertEqual(self.sandbox.object('seller_request', reviewing[1]['id'])['data']['status'],
                         'rejected')

    def test_conflict_when_sandbox_version_moved(self):
        other = self.store + '.other'
        self.sync(store=other)
        rid = self.requests('partner_reviewing')[0]['id']
        # Another desktop accepts it first: the platform's version moves.
        self.ok('request', 'accept', rid, store=other)
        self.assertEqual(self.sync(store=other)['outbox_sent'], 1)
        # This one, on the old version, closes it: 409, kept as a conflict
        # with the platform's object for the user to choose.
        self.ok('request', 'close', rid)
        summary = self.sync()
        self.assertEqual(summary['outbox_conflicts'], 1, summary)
        state, current = self.query(f"SELECT state, conflict_current FROM outbox WHERE subject_id = '{rid}'")[0]
        self.assertEqual(state, 'conflict')
        self.assertEqual(json.loads(current)['status'], 'partner_accepted')
        self.assertEqual(self.sandbox.object('seller_request', rid)['data']['status'], 'partner_accepted')
        # While the conflict waits, another change is refused.
        self.refused('request', 'close', rid)

    def test_queued_before_crash_applied_once(self):
        reviewing = self.requests('partner_reviewing')
        # Queued, then the process is gone before any sync: the change waits.
        rid = reviewing[-1]['id']
        self.ok('request', 'accept', rid)
        key = self.query(f"SELECT idempotency_key FROM outbox WHERE subject_id = '{rid}'")[0][0]
        path = f'/v1/seller-requests/{rid}'
        self.assertEqual(self.sandbox.applied(path), [])
        # A sync killed right after the platform answered the PATCH (its
        # second answer, after GET /v1/partner), before the store recorded
        # it: the next sync sends the same key again.
        r = self.cli('sync', '--endpoint', self.sandbox.endpoint,
                     env={'PARTNERDESK_TEST_SYNC_KILL_AFTER': '2'})
        self.assertNotEqual(r.returncode, 0)
        # The platform applied it; the store did not record the answer.
        self.assertEqual(len(self.sandbox.applied(path)), 1)
        self.assertEqual(self.query(f"SELECT idempotency_key FROM outbox WHERE subject_id = '{rid}'"),
                         [(key,)])
        self.sync()
        self.assertEqual(self.outbox_len(), 0)
        applied = self.sandbox.applied(path)
        self.assertEqual(len(applied), 1, applied)
        self.assertEqual(applied[0]['idempotency_key'], key)
        self.assertEqual(self.sandbox.object('seller_request', rid)['data']['status'], 'partner_accepted')
        self.assertEqual(self.requests('partner_accepted')[0]['status'], 'partner_accepted')

    # -- categories and services -----------------------------------------

    def test_categories(self):
        categories = {c['id']: c for c in json.loads(self.ok('categories', '--json'))}
        by_state = {}
        for c in categories.values():
            by_state.setdefault(c['state'], c['id'])
            self.assertEqual(set(c['requirement']),
                             {'metric', 'amount', 'currency', 'operation_qualification'})
        self.assertIn('category_gmv', self.ok('categories'))
        for state in ('in_review', 'approved', 'suspended'):
            self.assertIn('not_listed or rejected', self.refused('category', 'apply', by_state[state]))
        for state in ('not_listed', 'rejected', 'suspended'):
            self.assertIn('in_review or approved', self.refused('category', 'withdraw', by_state[state]))
        self.refused('category', 'apply', 'cat-none')
        self.refused('category', 'apply')

        self.ok('category', 'apply', by_state['rejected'])
        self.ok('category', 'withdraw', by_state['approved'])
        self.assertEqual(self.sync()['outbox_sent'], 2)
        self.assertEqual(self.sandbox.object('service_category', by_state['rejected'])['data']['state'],
                         'in_review')
        self.assertEqual(self.sandbox.object('service_category', by_state['approved'])['data']['state'],
                         'not_listed')
        categories = {c['id']: c for c in json.loads(self.ok('categories', '--json'))}
        self.assertEqual(categories[by_state['rejected']]['state'], 'in_review')

    def test_services(self):
        category = json.loads(self.ok('categories', '--json'))[0]['id']
        sid = self.ok('service', 'new', '--category', category, '--name', '达人种草 KOL seeding',
                      '--type', 'custom', '--price', '1,200.50', '--description', 'Twenty creators').strip()
        self.sync()
        remote = self.sandbox.object('service', sid)['data']
        self.assertEqual((remote['price'], remote['currency'], remote['type']), ('1200.50', 'USD', 'custom'))
        self.ok('service', 'edit', sid, '--price', '99 EUR', '--type', 'public')
        self.sync()
        remote = self.sandbox.object('service', sid)['data']
        self.assertEqual((remote['price'], remote['currency'], remote['name']),
                         ('99.00', 'EUR', '达人种草 KOL seeding'))
        listed = json.loads(self.ok('services', '--category', category, '--json'))
        self.assertIn({'id': sid, 'category_id': category, 'name': '达人种草 KOL seeding',
                       'type': 'public', 'description': 'Twenty creators', 'price': '99.00',
                       'currency': 'EUR'}, listed)
        # Bad input: refused whole, nothing queued.
        for price in ('12.345', '1.5e3', '-1', 'ten', '99 XYZ'):
            self.refused('service', 'edit', sid, '--price', price)
        self.refused('services', '--category', 'cat-none')
        self.refused('service', 'edit', sid, '--type', 'private')
        self.refused('service', 'edit', sid, '--name', ' ')
        self.refused('service', 'edit', sid)
        self.refused('service', 'edit', 'svc-none', '--name', 'x')
        self.refused('service', 'new', '--category', category, '--name', 'x', '--type', 'public')
        self.refused('service', 'new', '--category', 'cat-none', '--name', 'x', '--type', 'public',
                     '--price', '1')

    # -- authorizations ----------------------------------------------------

    def test_renewal_link(self):
        expiring = json.loads(self.ok('authorizations', '--expiring', '15', '--json'))
        self.assertTrue(expiring)
        auth = expiring[0]
        url = self.ok('link', 'authorization', '--renew', auth['id'], '--days', '30').strip()
        state = url.rsplit('state=', 1)[1]
        self.sync()
        link = self.sandbox.object('link', state)['data']
        self.assertEqual((link['renewal_of'], link['seller_id'], link['service_id'], link['shop_ids']),
                         (auth['id'], auth['seller_id'], auth['service_id'], auth['shop_ids']))
        self.assertIn('renewal', self.refused('link', 'authorization', '--renew', auth['id'],
                                              '--service', 'svc-other'))
        self.refused('link', 'authorization', '--renew', 'AUTH-NONE')
        self.refused('link', 'authorization', '--service', auth['service_id'], '--days', '3', '--unlimited')
        self.refused('link', 'authorization', '--service', auth['service_id'], '--shops', 'a b')
        self.refused('authorizations', '--expiring', 'soon')

    def test_expiry_windows_at_boundaries(self):
        # Local rows at the day boundaries of the user's zone, relative to now.
        self.ok('config', 'set', 'import_timezone', 'America/New_York')
        zone = zoneinfo.ZoneInfo('America/New_York')
        today = datetime.datetime.now(zone).date()

        def at(days, end):
            day = today + datetime.timedelta(days=days)
            t = datetime.datetime.combine(day, datetime.time(23, 59, 59) if end else datetime.time(0, 0), zone)
            return int(t.timestamp())

        rows = {'B-3-end': at(3, True), 'B-4-start': at(4, False),
                'B-15-end': at(15, True), 'B-16-start': at(16, False)}
        db = sqlite3.connect(self.store)
        db.execute("DELETE FROM authorizations")
        for id_, expires in rows.items():
            db.execute("INSERT INTO authorizations (id, state, seller_id, service_id, starts_at, expires_at)"
                       " VALUES (?, 'active', '7001', 'svc-1', 0, ?)", (id_, expires))
        db.execute("INSERT INTO authorizations (id, state, seller_id, service_id, starts_at, expires_at,"
                   " renewal_of) VALUES ('B-renewal', 'active', '7001', 'svc-1', 0, NULL, 'B-16-start')")
        db.commit()
        db.close()

        def ids(days):
            return [a['id'] for a in json.loads(self.ok('authorizations', '--expiring', str(days), '--json'))]

        self.assertEqual(ids(3), ['B-3-end'])
        self.assertEqual(ids(15), ['B-3-end', 'B-4-start', 'B-15-end'])
        every = {a['id']: a for a in json.loads(self.ok('authorizations', '--json'))}
        self.assertEqual(every['B-15-end']['days_left'], 15)
        self.assertEqual(every['B-16-start']['days_left'], 16)
        self.assertIsNone(every['B-renewal']['expires_at'])
        self.assertIsNone(every['B-renewal']['days_left'])
        self.assertEqual(every['B-16-start']['renewed_by'], 'B-renewal')
        self.assertEqual(every['B-renewal']['renewal_of'], 'B-16-start')
        self.assertTrue(every['B-15-end']['expires_at'].endswith(('-05:00', '-04:00')))
        self.assertIn('unlimited', self.ok('authorizations'))


if __name__ == '__main__':
    unittest.main(verbosity=2)
