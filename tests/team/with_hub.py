#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""with_hub.py PROGRAM [ARGS...]: runs PROGRAM beside a team hub.

A throwaway PostgreSQL 15 (pg_cluster.py) with the hub's schema in the
database `agency` and two staff accounts; PROGRAM gets their addresses and
passwords in PD_TEST_TEAM_URL_LI, PD_TEST_TEAM_PASSWORD_LI,
PD_TEST_TEAM_URL_WANG and PD_TEST_TEAM_PASSWORD_WANG, and its exit status
is this script's. For the C tests of src/team (test-team-hub.c)."""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pg_cluster  # noqa: E402


def main():
    cli, program = sys.argv[1], sys.argv[2:]
    with pg_cluster.PgCluster() as pg, tempfile.TemporaryDirectory(prefix='pd-test-hub-') as tmp:
        pg.create_database('agency')
        r = subprocess.run([cli, '--store', os.path.join(tmp, 'owner.db'), 'team', 'init',
                            pg.url('pdadmin', 'agency')], capture_output=True, text=True,
                           env=dict(os.environ, PD_TEAM_PASSWORD=pg_cluster.ADMIN_PASSWORD))
        if r.returncode != 0:
            sys.exit(f'team init failed: {r.stderr}')
        env = dict(os.environ)
        for role in ('li', 'wang'):
            password = f'pw-{role}'
            pg.add_staff('agency', role, password)
            env[f'PD_TEST_TEAM_URL_{role.upper()}'] = pg.url(role, 'agency')
            env[f'PD_TEST_TEAM_PASSWORD_{role.upper()}'] = password
        return subprocess.run(program, env=env).returncode


if __name__ == '__main__':
    sys.exit(main())
