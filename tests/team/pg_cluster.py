# SPDX-License-Identifier: GPL-3.0-or-later
"""A throwaway PostgreSQL 15 cluster for the team hub's tests.

    with PgCluster() as pg:
        pg.psql('agency', 'SELECT 1')
        url = pg.url('pdadmin', 'agency')      # postgresql://pdadmin@127.0.0.1:PORT/agency

initdb and pg_ctl come from /usr/lib/postgresql/15/bin (Debian's
postgresql-15; PD_PG_BINDIR overrides). PostgreSQL refuses to run as
root, and CI runs the suite as root: then the cluster runs as `nobody`
(present on every Debian system) through runuser(1), in a temporary
folder handed to it; as any other user it runs as that user. The
cluster listens on a free loopback port only, keeps its socket in the
temporary folder, runs with fsync off, and is stopped and removed at
exit, on SIGTERM (meson's timeout) and on failure; a watchdog process
does it when the test process dies without a word (SIGKILL). The bootstrap
superuser `pdadmin` has the password ADMIN_PASSWORD (scram-sha-256 over
TCP; the socket trusts local users).

No PostgreSQL is an error, never a skip: the tests that need one fail.
"""
import atexit
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ADMIN = 'pdadmin'
ADMIN_PASSWORD = 'admin-secret'


def bindir():
    path = os.environ.get('PD_PG_BINDIR', '/usr/lib/postgresql/15/bin')
    if not os.access(os.path.join(path, 'initdb'), os.X_OK):
        raise RuntimeError(f'PostgreSQL 15 is missing: no initdb in {path}; install the Debian '
                           'package postgresql-15 (./run test does), or set PD_PG_BINDIR')
    return path


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _others_can_enter(path):
    """Whether every folder down to @path lets other users through."""
    path = os.path.abspath(path)
    while True:
        if not os.stat(path).st_mode & 0o001:
            return False
        parent = os.path.dirname(path)
        if parent == path:
            return True
        path = parent


def _sigterm(signum, frame):
    raise SystemExit(128 + signum)


class PgCluster:
    def __init__(self):
        self.bin = bindir()
        self.dir = None
        self.port = None
        self.running = False

    # -- set-up -----------------------------------------------------------
    def _as_owner(self):
        if os.geteuid() != 0:
            return []
        return ['runuser', '-u', 'nobody', '--']

    def _run(self, *args, check=True):
        return subprocess.run([*self._as_owner(), *args], capture_output=True, text=True,
                              check=check, timeout=120)

    def start(self):
        self.dir = tempfile.mkdtemp(prefix='pd-test-pg-')
        if os.geteuid() == 0 and not _others_can_enter(os.path.dirname(self.dir)):
            # TMPDIR inside root's home: nobody could not reach the data.
            os.rmdir(self.dir)
            self.dir = tempfile.mkdtemp(prefix='pd-test-pg-', dir='/tmp')
        atexit.register(self.cleanup)
        if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
            signal.signal(signal.SIGTERM, _sigterm)
        if os.geteuid() == 0:
            nobody = pwd.getpwnam('nobody')
            os.chown(self.dir, nobody.pw_uid, nobody.pw_gid)
        pwfile = os.path.join(self.dir, 'pw')
        with open(pwfile, 'w') as f:
            f.write(ADMIN_PASSWORD + '\n')
        if os.geteuid() == 0:
            os.chown(pwfile, nobody.pw_uid, nobody.pw_gid)
        os.chmod(pwfile, 0o600)
        try:
            self._run(os.path.join(self.bin, 'initdb'), '-D', self.data, '-U', ADMIN,
                      '--pwfile', pwfile, '--auth-local=trust', '--auth-host=scram-sha-256',
                      '--no-sync', '-E', 'UTF8', '--locale=C')
        except subprocess.CalledProcessError as e:
            raise RuntimeError(f'initdb failed: {e.stdout}{e.stderr}')
        os.unlink(pwfile)
        self.start_server()
        # Forked into a session of its own (setsid -f): what kills the
        # test's process group spares it, and nobody waits for it.
        subprocess.run(['setsid', '-f', sys.executable, os.path.abspath(__file__), '--watchdog',
                        str(os.getpid()), self.dir, *self._as_owner()], check=True,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return self

    @property
    def data(self):
        return os.path.join(self.dir, 'data')

    def _configure(self):
        with open(os.path.join(self.data, 'postgresql.auto.conf'), 'w') as f:
            f.write(f"port = {self.port}\n"
                    "listen_addresses = '127.0.0.1'\n"
                    f"unix_socket_directories = '{self.dir}'\n"
                    "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                    "shared_buffers = 16MB\nmax_connections = 60\n")
        if os.geteuid() == 0:
            nobody = pwd.getpwnam('nobody')
            os.chown(os.path.join(self.data, 'postgresql.auto.conf'), nobody.pw_uid, nobody.pw_gid)

    def start_server(self):
        """Starts the server (again, after stop_server(): same data and port
        when it is still free)."""
        last = ''
        for _ in range(5):
            if self.port is None:
                self.port = free_port()
            self._configure()
            r = self._run(os.path.join(self.bin, 'pg_ctl'), '-D', self.data, '-l',
                          os.path.join(self.dir, 'log'), '-w', '-t', '120', 'start', check=False)
            if r.returncode == 0:
                self.running = True
                return
            last = r.stdout + r.stderr + self.log()
            self.port = None  # taken meanwhile: another one
        raise RuntimeError(f'pg_ctl start failed: {last}')

    def stop_server(self, mode='fast'):
        if self.running:
            self._run(os.path.join(self.bin, 'pg_ctl'), '-D', self.data, '-w', '-t', '120',
                      '-m', mode, 'stop', check=False)
            self.running = False

    def cleanup(self):
        if self.dir is None:
            return
        try:
            self.stop_server('immediate')
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def log(self):
        try:
            with open(os.path.join(self.dir, 'log')) as f:
                return f.read()[-4000:]
        except OSError:
            return ''

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.cleanup()

    # -- use --------------------------------------------------------------
    def url(self, user, db):
        return f'postgresql://{user}@127.0.0.1:{self.port}/{db}'

    def psql(self, db, sql, user=ADMIN, password=ADMIN_PASSWORD, check=True, **variables):
        """Runs @sql through psql over TCP; :'name' in @sql is the quoted
        value of the keyword argument `name` (psql's own quoting)."""
        args = [os.path.join(self.bin, 'psql'), '-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1',
                '-h', '127.0.0.1', '-p', str(self.port), '-U', user, '-d', db]
        for k, v in variables.items():
            args += ['-v', f'{k}={v}']
        env = dict(os.environ, PGPASSWORD=password, PGCONNECT_TIMEOUT='30')
        r = subprocess.run(args, input=sql, capture_output=True, text=True, env=env, timeout=120)
        if check and r.returncode != 0:
            raise RuntimeError(f'psql failed: {r.stderr}')
        return r.stdout.strip() if check else r

    def create_database(self, db):
        self.psql('postgres', f'CREATE DATABASE "{db}"')

    def add_staff(self, db, role, password, lead=False):
        """A staff login role, member of team_staff (team_lead with @lead):
        the hub's schema must exist (team init)."""
        group = 'team_lead' if lead else 'team_staff'
        self.psql(db, f'CREATE ROLE "{role}" LOGIN PASSWORD :\'pw\' IN ROLE {group}', pw=password)

    def wait_ready(self, timeout=60):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            r = subprocess.run([os.path.join(self.bin, 'pg_isready'), '-h', '127.0.0.1', '-p',
                                str(self.port)], capture_output=True)
            if r.returncode == 0:
                return
            time.sleep(0.2)
        raise RuntimeError('PostgreSQL did not become ready')


def _watchdog(parent, folder, as_owner):
    """Once @parent is gone, stops the cluster in @folder (if it is still
    there) and removes it."""
    while True:
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            break
        if not os.path.isdir(folder):
            return
        time.sleep(1)
    if os.path.isdir(os.path.join(folder, 'data')):
        subprocess.run([*as_owner, os.path.join(bindir(), 'pg_ctl'), '-D', os.path.join(folder, 'data'),
                        '-m', 'immediate', '-w', 'stop'], capture_output=True, timeout=120)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == '__main__' and len(sys.argv) >= 4 and sys.argv[1] == '--watchdog':
    _watchdog(int(sys.argv[2]), sys.argv[3], sys.argv[4:])
