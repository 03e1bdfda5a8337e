#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""./run team: a local team hub for the demo agency, until Ctrl-C.

team_demo.py PARTNERDESK_CLI

Starts a throwaway PostgreSQL 15 (pg_cluster.py), creates the hub's schema
(team init), a lead's account (added by the hub's owner) and two staff
accounts (added by the lead, `team staff add`), their desktop stores joined
to it, with a first note shared between them;
then prints how to use them and waits. Everything goes when it stops."""
import os
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pg_cluster  # noqa: E402

CLI = os.path.abspath(sys.argv[1])
# Demo accounts only: this hub lives in a temporary folder on loopback.
ACCOUNTS = [('zhao', 'Zhao Min', 'zhao-demo-pw', True), ('li', 'Li Wei', 'li-demo-pw', False),
            ('wang', 'Wang Fang', 'wang-demo-pw', False)]


def cli(store, password, *args, new_password=None):
    env = dict(os.environ, PD_TEAM_PASSWORD=password)
    if new_password is not None:
        env['PD_TEAM_NEW_PASSWORD'] = new_password
    r = subprocess.run([CLI, '--store', store, *args], env=env, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f'run team: partnerdesk-cli {" ".join(args)} failed: {r.stderr}')
    return r.stdout


def main():
    with pg_cluster.PgCluster() as pg, tempfile.TemporaryDirectory(prefix='partnerdesk-team-') as tmp:
        pg.create_database('agency')
        cli(os.path.join(tmp, 'owner.db'), pg_cluster.ADMIN_PASSWORD, 'team', 'init', pg.url('pdadmin', 'agency'))
        stores = {role: os.path.join(tmp, f'{role}.db') for role, _, _, _ in ACCOUNTS}
        lead_role, _, lead_password, _ = ACCOUNTS[0]
        for role, name, password, lead in ACCOUNTS:
            if lead:  # the hub's owner adds the lead, the lead the staff
                cli(os.path.join(tmp, 'owner.db'), pg_cluster.ADMIN_PASSWORD, 'team', 'staff', 'add', role,
                    '--lead', '--url', pg.url('pdadmin', 'agency'), new_password=password)
            else:
                cli(stores[lead_role], lead_password, 'team', 'staff', 'add', role, new_password=password)
            cli(stores[role], password, 'team', 'join', pg.url(role, 'agency'), '--staff', name)
        cli(stores['li'], 'li-demo-pw', 'merchant', 'note', '7000000001', 'Met at the Shenzhen fair')
        cli(stores['li'], 'li-demo-pw', 'merchant', 'assign', '7000000001', 'Li Wei')
        for role, _, password, _ in ACCOUNTS:
            cli(stores[role], password, 'team', 'sync')
        print(f'run: team hub on {pg.url("ROLE", "agency")} until Ctrl-C; desktops:')
        for role, name, password, lead in ACCOUNTS:
            print(f'  {name}{" (lead)" if lead else ""}: PD_TEAM_PASSWORD={password} {CLI} '
                  f'--store {stores[role]} team sync --watch 600')
        print('  e.g. merchant show 7000000001 on any of them; merchant note, then team sync')
        sys.stdout.flush()
        try:
            signal.pause()
        except KeyboardInterrupt:
            pass


if __name__ == '__main__':
    main()
