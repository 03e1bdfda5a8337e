#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Requests page's benchmark (issue 12, item 6).

    bench-requests.py BENCH_REQUESTS_GUI PARTNERDESK_CLI XVFB_WRAPPER [REQUESTS] [AUTHORIZATIONS]

Makes a store with 100,000 seller requests and 20,000 authorizations
(gen-requests.py; PD_BENCH_STORE keeps and reuses one), then:
  baseline  the sqlite3 shell running the page's own statements (count
            and first page, newest first; then by budget, by GMV, and in
            review only), the floor of any page over SQLite
  gui       the page in a window on an Xvfb display (bench-requests-gui.c):
            switching to it until its first rows are painted, filter and
            order changes until repainted, peak RSS

Criteria: first rows <= 100 ms, median filter/order change <= 50 ms, peak
RSS <= 250 MB. Exit status 1 if one fails.
"""
import os
import re
import subprocess
import sys
import tempfile

GUI, CLI, XVFB = sys.argv[1:4]
REQUESTS = int(sys.argv[4]) if len(sys.argv) > 4 else 100000
AUTHORIZATIONS = int(sys.argv[5]) if len(sys.argv) > 5 else 20000
HERE = os.path.dirname(os.path.abspath(__file__))
MAX_FIRST_ROWS_MS = 100.0
MAX_CHANGE_MS = 50.0
MAX_RSS_MB = 250.0

UNITS = ("(monthly_budget / CASE WHEN currency IN ('BIF','CLP','DJF','GNF','ISK','JPY','KMF','KRW','PYG',"
         "'RWF','UGX','UYI','VND','VUV','XAF','XOF','XPF') THEN 1 WHEN currency IN ('BHD','IQD','JOD','KWD',"
         "'LYD','OMR','TND') THEN 1000 ELSE 100 END)")
COLUMNS = ('id, status, request_type, category_id, location, company_size, currency, monthly_tiktok_shop_gmv,'
           ' monthly_other_gmv, monthly_budget, main_category, best_selling_product, other_details,'
           ' contact_name, contact_email, created_at, updated_at, version')
BASELINE = [
    ('newest', 'SELECT count(*) FROM seller_requests WHERE 1;'
     f'SELECT {COLUMNS} FROM seller_requests WHERE 1 ORDER BY created_at DESC, id DESC LIMIT 64 OFFSET 0;'),
    ('budget', f'SELECT {COLUMNS} FROM seller_requests WHERE 1 ORDER BY {UNITS} DESC, id DESC LIMIT 64 OFFSET 0;'),
    ('gmv', f'SELECT {COLUMNS} FROM seller_requests WHERE 1 ORDER BY '
     f'{UNITS.replace("monthly_budget", "monthly_tiktok_shop_gmv")} DESC, id DESC LIMIT 64 OFFSET 0;'),
    ('reviewing', "SELECT count(*) FROM seller_requests WHERE 1 AND status = 'partner_reviewing';"
     f"SELECT {COLUMNS} FROM seller_requests WHERE 1 AND status = 'partner_reviewing'"
     ' ORDER BY created_at DESC, id DESC LIMIT 64 OFFSET 0;'),
]


def baseline(path):
    """The sqlite3 shell's time for each statement group (ms, summed, warm)."""
    results = {}
    for name, sql in BASELINE:
        script = '.output /dev/null\n' + sql + '\n.timer on\n' + sql + '\n'
        out = subprocess.run(['sqlite3', path], input=script, capture_output=True, text=True, check=True)
        times = [float(t) for t in re.findall(r'Run Time: real ([\d.]+)', out.stdout + out.stderr)]
        results[name] = sum(times) * 1000.0
    return results


def main():
    path = os.environ.get('PD_BENCH_STORE')
    tmp = None
    if not path:
        tmp = tempfile.TemporaryDirectory(prefix='pd-bench-requests-')
        path = os.path.join(tmp.name, 'store.db')
    if not os.path.exists(path):
        subprocess.run(['/usr/bin/python3', os.path.join(HERE, 'gen-requests.py'), CLI, path,
                        str(REQUESTS), str(AUTHORIZATIONS)], check=True)
    failed = False
    for name, ms in baseline(path).items():
        print(f'sqlite3_shell_{name}_ms {ms:.1f}')
    out = subprocess.run([XVFB, GUI, path], capture_output=True, text=True)
    sys.stdout.write(out.stdout)
    if out.returncode != 0:
        sys.stderr.write(out.stderr)
        return 1
    values = dict((line.split()[0], float(line.split()[1])) for line in out.stdout.splitlines()
                  if line and not line.startswith('#'))
    for key, limit in (('gui_switch_to_first_rows_ms', MAX_FIRST_ROWS_MS),
                       ('gui_filter_sort_median_ms', MAX_CHANGE_MS), ('gui_peak_rss_mb', MAX_RSS_MB)):
        ok = values.get(key, float('inf')) <= limit
        failed |= not ok
        print(f'{"ok" if ok else "FAIL"} - {key} {values.get(key)} (limit {limit:g})')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
