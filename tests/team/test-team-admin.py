#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The team hub's accounts and passwords against a real PostgreSQL 15
(pg_cluster.py): the staff password kept in a keyring (libsecret's
encrypted file backend in a temporary folder, never the user's login
keyring), staff accounts added and removed by a lead or the hub's owner
(`team staff`), and a hub that stops while a desktop listens, told in
words with nothing of libpq's raw text on standard error.

test-team-admin.py PARTNERDESK_CLI"""
import json
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pg_cluster  # noqa: E402

CLI = sys.argv.pop(1)
DB = 'agency'
pg = None


def setUpModule():
    global pg
    pg = pg_cluster.PgCluster().start()
    pg.create_database(DB)
    with tempfile.TemporaryDirectory(prefix='pd-test-team-admin-') as tmp:
        r = cli(os.path.join(tmp, 'owner.db'), 'team', 'init', pg.url(pg_cluster.ADMIN, DB),
                password=pg_cluster.ADMIN_PASSWORD)
        if r.returncode != 0:
            raise RuntimeError(r.stderr)


def tearDownModule():
    if pg is not None:
        pg.cleanup()


def cli(store, *args, password=None, env=None, input=None):
    """partnerdesk-cli with @password in PD_TEAM_PASSWORD (None: none)."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith('PD_TEAM_')}
    if password is not None:
        full_env['PD_TEAM_PASSWORD'] = password
    full_env.update(env or {})
    return subprocess.run([CLI, '--store', store, *args], capture_output=True, text=True, env=full_env,
                          input=input if input is not None else '', timeout=120)


def unique(prefix):
    """Roles are the cluster's: a fresh name for each test."""
    return f'{prefix}_{secrets.token_hex(3)}'


def store_bytes(path):
    data = b''
    for suffix in ('', '-wal', '-shm'):
        if os.path.exists(path + suffix):
            with open(path + suffix, 'rb') as f:
                data += f.read()
    return data


def process_tree(pid):
    """@pid and its descendants, from /proc."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        for entry in os.listdir('/proc'):
            if entry.isdigit():
                try:
                    with open(f'/proc/{entry}/stat') as f:
                        if int(f.read().rsplit(')', 1)[1].split()[1]) == p:
                            todo.append(int(entry))
                except (OSError, IndexError, ValueError):
                    pass
    return found


class Lines:
    """A child's output lines, collected by a thread."""

    def __init__(self, stream):
        self.lines = []
        self.thread = threading.Thread(target=lambda: [self.lines.append(line) for line in stream], daemon=True)
        self.thread.start()

    def wait_for(self, text, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if any(text in line for line in self.lines):
                return
            time.sleep(0.1)
        raise AssertionError(f'no “{text}” within {timeout} s: {self.lines}')


class AdminTest(unittest.TestCase):
    """One hub for all: each test has accounts and merchants of its own."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix='pd-test-team-admin-')
        self.owner_store = os.path.join(self.tmp.name, 'owner.db')

    def tearDown(self):
        if not pg.running:
            pg.start_server()
        self.tmp.cleanup()

    def owner(self, *args, **kwargs):
        return cli(self.owner_store, *args, password=pg_cluster.ADMIN_PASSWORD, **kwargs)

    def add_account(self, account, password, lead=False):
        """The hub's owner adds @account (not joined, no desktop)."""
        args = ['team', 'staff', 'add', account, '--url', pg.url(pg_cluster.ADMIN, DB)] + (['--lead'] if lead else [])
        r = self.owner(*args, env={'PD_TEAM_NEW_PASSWORD': password})
        self.assertEqual(r.returncode, 0, r.stderr)
        return r

    def keyring_env(self, name='keyring'):
        return {'SECRET_BACKEND': 'file', 'SECRET_FILE_TEST_PATH': os.path.join(self.tmp.name, name),
                'SECRET_FILE_TEST_PASSWORD': secrets.token_hex(16)}

    def test_keyring_keeps_the_password(self):
        account, password = unique('kr'), 'pw-' + secrets.token_hex(8)
        self.add_account(account, password)
        store = os.path.join(self.tmp.name, 'desk.db')
        url = pg.url(account, DB)
        keyring = self.keyring_env()

        def run(*args, **kwargs):
            return cli(store, *args, env=keyring, **kwargs)

        # No PD_TEAM_PASSWORD and an empty keyring: the hub asks for one.
        r = run('team', 'join', url, '--staff', 'Keyring Kim')
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn('asks for a password', r.stderr)
        r = run('team', 'join', url, '--staff', 'Keyring Kim', '--password-stdin', input=password + '\n')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.exists(keyring['SECRET_FILE_TEST_PATH']))
        # From now on the password comes from the keyring alone.
        self.assertEqual(run('merchant', 'note', '7101', 'Keyring note').returncode, 0)
        r = run('team', 'sync')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('Pushed 1', r.stdout)
        status = json.loads(run('team', 'status', '--json').stdout)
        self.assertTrue(status['connected'], status)
        self.assertEqual(status['pending_pushes'], 0)
        # Another keyring (the same store) has no password: it was the keyring's.
        r = cli(store, 'team', 'sync', env=self.keyring_env('other-keyring'))
        self.assertEqual(r.returncode, 1)
        self.assertIn('asks for a password', r.stderr)
        # Neither in the store nor in clear in the keyring's file.
        self.assertNotIn(password.encode(), store_bytes(store))
        with open(keyring['SECRET_FILE_TEST_PATH'], 'rb') as f:
            self.assertNotIn(password.encode(), f.read())
        # Not on any command line nor in any environment of the desktop's
        # processes while it listens to the hub.
        watcher = subprocess.Popen([CLI, '--store', store, 'team', 'sync', '--watch', '60'],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   env=dict({k: v for k, v in os.environ.items() if not k.startswith('PD_TEAM_')},
                                            **keyring))
        out = Lines(watcher.stdout)
        try:
            out.wait_for('Pushed 0', 60)
            for pid in process_tree(watcher.pid):
                for what in ('cmdline', 'environ'):
                    with open(f'/proc/{pid}/{what}', 'rb') as f:
                        self.assertNotIn(password.encode(), f.read(), f'/proc/{pid}/{what}')
        finally:
            watcher.terminate()
            watcher.wait(timeout=30)
            watcher.stdout.close()
            watcher.stderr.close()
        # Leaving forgets the hub and its password.
        r = run('team', 'leave')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertFalse(json.loads(run('team', 'status', '--json').stdout)['joined'])
        r = run('team', 'join', url, '--staff', 'Keyring Kim')
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn('asks for a password', r.stderr)

    def test_join_password_stdin_needs_a_line(self):
        store = os.path.join(self.tmp.name, 'desk.db')
        r = cli(store, 'team', 'join', pg.url('nobody_here', DB), '--staff', 'X', '--password-stdin',
                env=self.keyring_env(), input='')
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn('standard input', r.stderr)

    def test_staff_accounts_by_a_lead(self):
        lead, staff, other = unique('lead'), unique('staff'), unique('other')
        self.add_account(lead, 'pw-lead-123', lead=True)
        lead_store = os.path.join(self.tmp.name, 'lead.db')
        staff_store = os.path.join(self.tmp.name, 'staff.db')
        r = cli(lead_store, 'team', 'join', pg.url(lead, DB), '--staff', f'Lead {lead}', password='pw-lead-123')
        self.assertEqual(r.returncode, 0, r.stderr)

        # The lead adds a staff member, the password on standard input.
        r = cli(lead_store, 'team', 'staff', 'add', staff, password='pw-lead-123', input='pw-staff-123\n')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(f'Added the staff account {staff}', r.stdout)
        self.assertEqual(pg.psql(DB, f"SELECT pg_has_role ('{staff}', 'team_staff', 'MEMBER'),"
                                     f" pg_has_role ('{staff}', 'team_lead', 'MEMBER')"), 't|f')
        # The hub keeps a SCRAM verifier, never the password.
        self.assertTrue(pg.psql('postgres', f"SELECT rolpassword FROM pg_authid WHERE rolname = '{staff}'")
                        .startswith('SCRAM-SHA-256$'))
        r = cli(staff_store, 'team', 'join', pg.url(staff, DB), '--staff', f'Staff {staff}', password='pw-staff-123')
        self.assertEqual(r.returncode, 0, r.stderr)

        listed = {m['account']: m for m in json.loads(
            cli(staff_store, 'team', 'staff', 'list', '--json', password='pw-staff-123').stdout)}
        self.assertTrue(listed[lead]['lead'])
        self.assertFalse(listed[staff]['lead'])
        self.assertEqual(listed[staff]['name'], f'Staff {staff}')
        self.assertIsNotNone(listed[staff]['joined_at'])
        self.assertNotIn(pg_cluster.ADMIN, listed)  # the owner is no staff

        # A staff member cannot add staff; nothing is created.
        r = cli(staff_store, 'team', 'staff', 'add', other, password='pw-staff-123',
                env={'PD_TEAM_NEW_PASSWORD': 'pw-other-123'})
        self.assertEqual(r.returncode, 1)
        self.assertIn('Only a team lead or the team hub’s owner may add or remove staff', r.stderr)
        self.assertEqual(pg.psql(DB, f"SELECT count (*) FROM pg_roles WHERE rolname = '{other}'"), '0')
        r = cli(staff_store, 'team', 'staff', 'remove', lead, password='pw-staff-123')
        self.assertEqual(r.returncode, 1)
        self.assertIn('Only a team lead', r.stderr)

        # Row-level security applies to the new account: a merchant the lead
        # assigned to the lead is not the staff member's to edit.
        self.assertEqual(cli(lead_store, 'merchant', 'assign', '7201', f'Lead {lead}').returncode, 0)
        self.assertEqual(cli(lead_store, 'team', 'sync', password='pw-lead-123').returncode, 0)
        self.assertEqual(cli(staff_store, 'team', 'sync', password='pw-staff-123').returncode, 0)
        self.assertEqual(cli(staff_store, 'merchant', 'note', '7201', 'Not mine').returncode, 0)
        r = cli(staff_store, 'team', 'sync', password='pw-staff-123')
        self.assertEqual(r.returncode, 1)
        self.assertIn(f'merchant 7201 is assigned to Lead {lead}', r.stderr)

        # Bad input: exit 2, nothing asked of the hub.
        r = cli(lead_store, 'team', 'staff', 'add', 'Bad Name', password='pw-lead-123', input='pw-x-12345\n')
        self.assertEqual(r.returncode, 2)
        self.assertIn('cannot name a staff account', r.stderr)
        r = cli(lead_store, 'team', 'staff', 'add', unique('nopw'), password='pw-lead-123')
        self.assertEqual(r.returncode, 2)
        self.assertIn('PD_TEAM_NEW_PASSWORD', r.stderr)
        r = cli(lead_store, 'team', 'staff', 'add', staff, password='pw-lead-123', input='pw-again-123\n')
        self.assertEqual(r.returncode, 1)
        self.assertIn('exists already', r.stderr)

        # The lead removes the account: it can no longer sign in.
        r = cli(lead_store, 'team', 'staff', 'remove', staff, password='pw-lead-123')
        self.assertEqual(r.returncode, 0, r.stderr)
        status = json.loads(cli(staff_store, 'team', 'status', '--json', password='pw-staff-123').stdout)
        self.assertFalse(status['connected'])
        r = cli(lead_store, 'team', 'staff', 'list', password='pw-lead-123')
        self.assertNotIn(staff, r.stdout)
        self.assertIn(lead, r.stdout)
        # Only staff accounts: never the owner, nor a role outside the team.
        r = cli(lead_store, 'team', 'staff', 'remove', 'pdadmin', password='pw-lead-123')
        self.assertEqual(r.returncode, 1)
        self.assertIn('no staff account of the team', r.stderr)

    def test_a_stopped_hub_is_told_in_words(self):
        account = unique('watch')
        self.add_account(account, 'pw-watch-123')
        writer = unique('writer')
        self.add_account(writer, 'pw-writer-123')
        store = os.path.join(self.tmp.name, 'watch.db')
        writer_store = os.path.join(self.tmp.name, 'writer.db')
        for s, a, pw in ((store, account, 'pw-watch-123'), (writer_store, writer, 'pw-writer-123')):
            r = cli(s, 'team', 'join', pg.url(a, DB), '--staff', f'Name {a}', password=pw)
            self.assertEqual(r.returncode, 0, r.stderr)
        env = {k: v for k, v in os.environ.items() if not k.startswith('PD_TEAM_')}
        watcher = subprocess.Popen([CLI, '--store', store, 'team', 'sync', '--watch', '120'],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   env=dict(env, PD_TEAM_PASSWORD='pw-watch-123'))
        out, err = Lines(watcher.stdout), Lines(watcher.stderr)
        try:
            out.wait_for('Pushed 0', 60)
            pg.stop_server('fast')
            err.wait_for('stopped answering', 30)
            # A sync meanwhile fails in words too.
            r = cli(writer_store, 'team', 'sync', password='pw-writer-123')
            self.assertEqual(r.returncode, 1)
            self.assertIn('Cannot connect to the team hub', r.stderr)
            self.assertNotIn('FATAL', r.stderr)
            pg.start_server()
            self.assertEqual(cli(writer_store, 'merchant', 'note', '7301', 'after the restart').returncode, 0)
            self.assertEqual(cli(writer_store, 'team', 'sync', password='pw-writer-123').returncode, 0)
            out.wait_for('pulled 1,', 60)
        finally:
            watcher.terminate()
            watcher.wait(timeout=30)
            out.thread.join(timeout=10)
            err.thread.join(timeout=10)
            watcher.stdout.close()
            watcher.stderr.close()
        stderr = ''.join(err.lines)
        self.assertIn(f'The team hub at 127.0.0.1 stopped answering', stderr)
        self.assertNotIn('FATAL', stderr)
        self.assertNotIn('terminating connection', stderr)


if __name__ == '__main__':
    unittest.main()
