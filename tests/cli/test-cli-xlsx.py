#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Excel in and out (issue 15): .xlsx files written by real spreadsheet
programs (LibreOffice headless, openpyxl) import exactly like their CSV
twins; hostile files are refused with the store unchanged; exports read
back with openpyxl and import back into the same store unchanged."""
import datetime
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest
import zipfile

import openpyxl

CLI = os.path.abspath(os.environ.get('PARTNERDESK_CLI') or sys.argv.pop(1))
PROGRAM = 'eu-jp-pop-partner-2026q1'
FIXTURES = os.path.join(os.environ.get('PARTNERDESK_FIXTURES_DIR') or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures'), 'q1-example')
SOFFICE = shutil.which('soffice') or shutil.which('libreoffice')
TABLES = {
    'targets': 'SELECT program_id, seller_id, seller_name, brand, market, country, contact_name,'
               ' contact_email, contact_phone, review_status FROM target_merchants ORDER BY 1, 2',
    'stores': 'SELECT store_id, seller_id, market, onboarded_at, via_link, first_sale_at,'
              ' settled_gmv_30d, gmv_currency, inventory_countries, store_status, governance,'
              ' governance_reason FROM stores ORDER BY 1',
    'links': 'SELECT token, kind, seller_id, market, program_id, service_id, url, created_at,'
             ' revoked_at, staff FROM links ORDER BY 1',
    'rates': 'SELECT currency, cny_per_unit_micros FROM exchange_rates ORDER BY 1',
}


def cli(store, *args):
    return subprocess.run([CLI, '--store', store, *args], capture_output=True, text=True,
                          timeout=120)


def read_csv_rows(path):
    import csv
    with open(path, encoding='utf-8', newline='') as f:
        return list(csv.reader(f))


def dump(store, kind):
    db = sqlite3.connect(store)
    try:
        return db.execute(TABLES[kind]).fetchall()
    finally:
        db.close()


def whole(store):
    """Every table but the audit log: what "unchanged" means."""
    db = sqlite3.connect(store)
    try:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                          " AND name NOT LIKE 'merchant_search%' ORDER BY 1")]
        return {n: db.execute('SELECT * FROM "%s"' % n).fetchall() for n in names}
    finally:
        db.close()


class Xlsx(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix='pd-test-xlsx-')

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def setUp(self):
        self.work = tempfile.mkdtemp(prefix='x-', dir=self.tmp.name)

    def new_store(self, name, kinds=('program', 'rates')):
        store = os.path.join(self.work, name + '.db')
        for kind in kinds:
            path = (os.path.join(os.environ['PARTNERDESK_PROGRAMS_DIR'], PROGRAM + '.json')
                    if kind == 'program' else os.path.join(FIXTURES, kind + '.csv'))
            r = cli(store, 'import', kind, path)
            self.assertEqual(r.returncode, 0, r.stderr)
        return store

    def soffice(self, path, infilter=None):
        """Converts @path to .xlsx with LibreOffice, headless; returns the new file."""
        if SOFFICE is None:
            self.fail('soffice is not installed: install libreoffice-calc-nogui (./run test does)')
        out = tempfile.mkdtemp(prefix='xlsx-', dir=self.work)
        env = dict(os.environ, HOME=os.path.join(self.work, 'home'))
        args = [SOFFICE, '--headless', '--norestore']
        if infilter:
            args.append('--infilter=' + infilter)
        r = subprocess.run(args + ['--convert-to', 'xlsx', '--outdir', out, path],
                           capture_output=True, text=True, env=env, timeout=180)
        result = os.path.join(out, os.path.splitext(os.path.basename(path))[0] + '.xlsx')
        self.assertTrue(os.path.exists(result), 'soffice did not convert %s: %s %s'
                        % (path, r.stdout, r.stderr))
        return result

    def import_both(self, kind, csv_path, xlsx_path, *args):
        """Imports the CSV twin and the workbook into two new stores; both agree."""
        a = self.new_store('csv-' + kind)
        b = self.new_store('xlsx-' + kind)
        r = cli(a, 'import', kind, csv_path, *args)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = cli(b, 'import', kind, xlsx_path, *args)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(dump(b, kind), dump(a, kind))
        self.assertTrue(dump(a, kind))
        return b

    # Item 1, "done when": LibreOffice, a title row, Chinese headers ---------

    def test_libreoffice_targets_title_chinese_headers(self):
        rows = read_csv_rows(os.path.join(FIXTURES, 'targets.csv'))
        names = {'seller_id': '商家ID', 'seller_name': '商家名称', 'brand': '品牌', 'market': '站点',
                 'country': '国家', 'contact_name': '联系人', 'contact_email': '邮箱',
                 'contact_phone': '电话', 'review_status': '审核状态'}
        rows[0] = [names.get(c, c) for c in rows[0]]
        import csv
        twin = os.path.join(self.work, 'twin.csv')
        with open(twin, 'w', encoding='utf-8', newline='') as f:
            csv.writer(f).writerows(rows)
        # The workbook has a title and a blank row above the header.
        path = os.path.join(self.work, 'targets.csv')
        with open(path, 'w', encoding='utf-8', newline='') as f:
            w = csv.writer(f)
            w.writerow(['2026年第一季度 目标商家名单'])
            w.writerow([])
            w.writerows(rows)
        # Ids as text, as a person imports them ("column type: text").
        xlsx = self.soffice(path, 'CSV:44,34,76,1,1/2/2/1/3/1/4/1/5/1/6/1/7/1/8/2/9/1/10/1')
        with zipfile.ZipFile(xlsx) as z:
            self.assertIn('xl/sharedStrings.xml', z.namelist())
        self.import_both('targets', twin, xlsx)

    def test_libreoffice_rounded_ids_refused(self):
        # Opened without "column as text", 16-digit ids become numbers and
        # are rounded: refused, naming the cell, rather than read as others.
        xlsx = self.soffice(os.path.join(FIXTURES, 'targets.csv'))
        store = self.new_store('rounded')
        before = whole(store)
        r = cli(store, 'import', 'targets', xlsx)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn('targets.xlsx:targets!A2: the number', r.stderr)
        self.assertIn('expected ids as text cells', r.stderr)
        self.assertEqual(whole(store), before)

    def test_libreoffice_formulas_cached(self):
        # LibreOffice stores a formula with its value; the value is read.
        path = os.path.join(self.work, 'rates.csv')
        with open(path, 'w', encoding='utf-8', newline='') as f:
            f.write('currency,cny_per_unit\nEUR,=7.8*1\nJPY,=0.024*2\n')
        xlsx = self.soffice(path, 'CSV:44,34,76,1,,0,false,true,false,false,false,-1,true')
        with zipfile.ZipFile(xlsx) as z:
            sheet = z.read('xl/worksheets/sheet1.xml').decode()
        self.assertIn('<f', sheet)
        self.import_both('rates', os.path.join(FIXTURES, 'rates.csv'), xlsx)

    # openpyxl: shared strings, numbers, dates (1900 and 1904), booleans --------

    def stores_book(self, epoch=None, sheets=('Stores',)):
        wb = openpyxl.Workbook()
        if epoch is not None:
            wb.epoch = epoch
        first = wb.active
        first.title = sheets[0]
        for name in sheets[1:]:
            wb.create_sheet(name)
        ws = wb[sheets[-1]]
        rows = read_csv_rows(os.path.join(FIXTURES, 'stores.csv'))
        ws.append(['Store export', None, None])        # a title row
        ws.append([])                                   # a blank row
        ws.append(rows[0] + [None, None])               # header, empty cells after
        for row in rows[1:]:
            cells = list(row)
            for i in (3, 5):    # onboarded_at, first_sale_at: date cells, local times
                if cells[i]:
                    t = datetime.datetime.fromisoformat(cells[i])
                    cells[i] = t.astimezone(datetime.timezone(datetime.timedelta(hours=8))).replace(tzinfo=None)
            if cells[6]:
                cells[6] = float(cells[6])             # GMV as a number
            ws.append(cells)
            for i in (3, 5):
                ws.cell(row=ws.max_row, column=i + 1).number_format = 'yyyy-mm-dd hh:mm:ss'
        # Styled empty cells below and to the right: ignored.
        ws.cell(row=ws.max_row + 3, column=20).number_format = '0.00'
        path = os.path.join(self.work, 'stores-%s.xlsx' % ('1904' if epoch is not None else '1900'))
        wb.save(path)
        return path

    def test_openpyxl_stores_dates_1900(self):
        self.import_both('stores', os.path.join(FIXTURES, 'stores.csv'), self.stores_book())

    def test_openpyxl_stores_dates_1904(self):
        from openpyxl.utils.datetime import CALENDAR_MAC_1904
        path = self.stores_book(epoch=CALENDAR_MAC_1904)
        with zipfile.ZipFile(path) as z:
            self.assertIn('date1904', z.read('xl/workbook.xml').decode())
        self.import_both('stores', os.path.join(FIXTURES, 'stores.csv'), path)

    def test_sheet_option(self):
        path = self.stores_book(sheets=('Notes', 'Stores'))
        store = self.new_store('sheet')
        r = cli(store, 'import', 'stores', path)
        self.assertEqual(r.returncode, 2, r.stderr)
        r = cli(store, 'import', 'stores', path, '--sheet', 'Nope')
        self.assertEqual(r.returncode, 2)
        self.assertIn('expected one of Notes, Stores', r.stderr)
        r = cli(store, 'import', 'stores', path, '--sheet', 'Stores', '--json')
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_booleans_and_links(self):
        # Links through openpyxl: shared strings, a boolean read as TRUE.
        rows = read_csv_rows(os.path.join(FIXTURES, 'links.csv'))
        wb = openpyxl.Workbook()
        ws = wb.active
        for row in rows:
            ws.append([c if c != '' else None for c in row])
        path = os.path.join(self.work, 'links.xlsx')
        wb.save(path)
        self.import_both('links', os.path.join(FIXTURES, 'links.csv'), path)
        ws.cell(row=3, column=10).value = True
        wb.save(path)
        store = self.new_store('bool')
        r = cli(store, 'import', 'links', path)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(('TRUE',), sqlite3.connect(store).execute('SELECT staff FROM links').fetchall())

    def test_errors_name_cells(self):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = 'Q1 list'
        ws.append(['Q1 targets'])
        ws.append(['seller_id', 'seller_name', 'market'])
        ws.append(['7000000000000001', 'A', 'EU'])
        ws.append(['7000000000000002', None, 'EU'])
        path = os.path.join(self.work, 'bad.xlsx')
        wb.save(path)
        store = self.new_store('bad')
        before = whole(store)
        r = cli(store, 'import', 'targets', path, '--program', PROGRAM)
        self.assertEqual(r.returncode, 2)
        self.assertIn("bad.xlsx:'Q1 list'!B4: the value is empty; expected the seller’s name", r.stderr)
        self.assertEqual(whole(store), before)

    # Item 2: hostile files ---------------------------------------------------

    def refused(self, name, data, message):
        path = os.path.join(self.work, name)
        with open(path, 'wb') as f:
            f.write(data)
        store = self.new_store('hostile')
        before = whole(store)
        r = cli(store, 'import', 'targets', path, '--program', PROGRAM)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn(message, r.stderr)
        self.assertNotIn('Traceback', r.stderr)
        self.assertEqual(whole(store), before)

    def good_book(self):
        wb = openpyxl.Workbook()
        wb.active.append(['seller_id', 'seller_name', 'market'])
        wb.active.append(['7000000000000001', 'A', 'EU'])
        path = os.path.join(self.work, 'good.xlsx')
        wb.save(path)
        with open(path, 'rb') as f:
            return path, f.read()

    def rezip(self, replace):
        path, _ = self.good_book()
        out = path + '.new'
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                data = replace.get(item.filename, src.read(item.filename))
                dst.writestr(item.filename, data)
        with open(out, 'rb') as f:
            return f.read()

    def test_truncated(self):
        _, data = self.good_book()
        self.refused('cut.xlsx', data[:len(data) // 2], 'damaged or truncated')

    def test_encrypted(self):
        self.refused('secret.xlsx', b'\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1' + b'\0' * 4096,
                     'the file is password protected')

    def test_zip_bomb(self):
        sheet = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                 'spreadsheetml/2006/main"><sheetData>' + '<x/>' * (75 * 1024 * 1024)
                 + '</sheetData></worksheet>')
        self.refused('bomb.xlsx', self.rezip({'xl/worksheets/sheet1.xml': sheet}), 'zip bomb')

    def test_entities(self):
        lol = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
               + ''.join('<!ENTITY lol%d "%s">' % (i + 1, ('&lol%s;' % (i or '')) * 10) for i in range(9))
               + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               '<sheetData><row r="1"><c t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
        # Refused at the declaration, or by libxml2 before any expansion.
        self.refused('lol.xlsx', self.rezip({'xl/worksheets/sheet1.xml': lol}), 'entit')

    def test_million_columns(self):
        sheet = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                 'spreadsheetml/2006/main"><sheetData><row r="1">' + '<c><v>1</v></c>' * 1000000
                 + '</row></sheetData></worksheet>')
        self.refused('wide.xlsx', self.rezip({'xl/worksheets/sheet1.xml': sheet}), 'XFD')

    def test_not_a_zip(self):
        self.refused('junk.xlsx', b'PK\x03\x04' + os.urandom(2048), 'damaged or truncated')

    # Item 3: exports, read back with openpyxl, imported back --------------------

    def full_store(self):
        return self.new_store('full', ('program', 'rates', 'targets', 'links', 'stores'))

    def test_links_round_trip(self):
        store = self.full_store()
        out = os.path.join(self.work, 'links.xlsx')
        r = cli(store, 'export', 'links', '--output', out)
        self.assertEqual(r.returncode, 0, r.stderr)
        wb = openpyxl.load_workbook(out)
        ws = wb.active
        self.assertEqual(ws.freeze_panes, 'A2')
        self.assertTrue(ws.auto_filter.ref.startswith('A1:J'))
        for row in ws.iter_rows(min_row=2):
            self.assertEqual(row[2].data_type, 's')     # seller ids as text
        before = whole(store)
        r = cli(store, 'import', 'links', out, '--json')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('"updated":0', r.stdout)
        self.assertEqual(whole(store)['links'], before['links'])
        other = self.new_store('other')
        r = cli(other, 'import', 'links', out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(dump(other, 'links'), dump(store, 'links'))

    LINK_HEADERS_ZH = ['令牌', '类型', '卖家 ID', '市场', '激励计划', '服务 ID', 'URL', '创建时间',
                       '撤销时间', '负责人']

    def test_links_filtered_and_chinese(self):
        """export links --state/--search writes what the Links page would
        show; headers in the user's language; a Chinese export imports back
        in English, the same links."""
        store = self.full_store()
        db = sqlite3.connect(store)
        try:
            tokens = [t for (t,) in db.execute('SELECT token FROM links ORDER BY created_at, token')]
            seller = db.execute('SELECT seller_id FROM links WHERE seller_id IS NOT NULL'
                                ' ORDER BY token LIMIT 1').fetchone()[0]
            with_seller = {t for (t,) in db.execute('SELECT token FROM links WHERE seller_id = ?',
                                                    (seller,))}
            db.execute("UPDATE links SET state = 'revoked', revoked_at = created_at + 60"
                       " WHERE token IN (?, ?)", (tokens[0], tokens[-1]))
            db.commit()
        finally:
            db.close()
        self.assertGreater(len(tokens), 3)
        self.assertLess(len(with_seller), len(tokens))

        def strip(token):
            return token[1:] if token.startswith("'") else token

        # CSV, English: the two revoked links, and only those.
        out = os.path.join(self.work, 'revoked.csv')
        r = cli(store, 'export', 'links', '--state', 'revoked', '--output', out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('2 links written', r.stdout)
        rows = read_csv_rows(out)
        self.assertEqual(rows[0], ['\ufeffToken', 'Kind', 'Seller ID', 'Market', 'Program',
                                   'Service ID', 'URL', 'Created at', 'Revoked at', 'Staff'])
        self.assertEqual([strip(row[0]) for row in rows[1:]], [tokens[0], tokens[-1]])
        self.assertTrue(all(row[8] for row in rows[1:]))

        # .xlsx, search by seller (any case), read back with openpyxl.
        out = os.path.join(self.work, 'seller.xlsx')
        r = cli(store, 'export', 'links', '--search', seller.upper(), '--output', out)
        self.assertEqual(r.returncode, 0, r.stderr)
        ws = openpyxl.load_workbook(out).active
        values = list(ws.iter_rows(values_only=True))
        self.assertEqual(values[0][0], 'Token')
        self.assertEqual({strip(row[0]) for row in values[1:]}, with_seller)

        # A state that does not exist: a usage error, no file.
        bad = os.path.join(self.work, 'bad.csv')
        r = cli(store, 'export', 'links', '--state', 'lost', '--output', bad)
        self.assertEqual(r.returncode, 2)
        self.assertIn('expected active, used, expired or revoked', r.stderr)
        self.assertFalse(os.path.exists(bad))

        # Chinese headers under zh_CN, CSV and .xlsx, both importing back
        # into a new store in English with every link unchanged.
        env = dict(os.environ, LANGUAGE='zh_CN', LANG='zh_CN.UTF-8', LC_ALL='zh_CN.UTF-8')
        for name in ('links-zh.xlsx', 'links-zh.csv'):
            with self.subTest(file=name):
                out = os.path.join(self.work, name)
                r = subprocess.run([CLI, '--store', store, 'export', 'links', '--output', out],
                                   capture_output=True, text=True, env=env, timeout=60)
                self.assertEqual(r.returncode, 0, r.stderr)
                if name.endswith('.xlsx'):
                    header = list(next(openpyxl.load_workbook(out).active.iter_rows(values_only=True)))
                else:
                    header = read_csv_rows(out)[0]
                    header[0] = header[0].lstrip('\ufeff')
                self.assertEqual(header, self.LINK_HEADERS_ZH)
                other = self.new_store('other-' + name)
                r = cli(other, 'import', 'links', out, '--json')
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertNotIn('unknown column', r.stderr)
                self.assertEqual(dump(other, 'links'), dump(store, 'links'))

    def test_payout_review(self):
        store = self.full_store()
        out = os.path.join(self.work, 'payouts.xlsx')
        r = cli(store, 'export', 'payouts', '--program', PROGRAM, '--as-of', '2026-04-05',
                '--format', 'xlsx', '--output', out)
        self.assertEqual(r.returncode, 0, r.stderr)
        wb = openpyxl.load_workbook(out)
        self.assertEqual(wb.sheetnames, ['Totals', 'Entries'])
        totals = wb['Totals']
        amounts = [row for row in totals.iter_rows() if len(row) > 2 and row[2].value is not None]
        self.assertTrue(amounts)
        for row in amounts:
            self.assertEqual(row[2].number_format, '#,##0.00')
            self.assertEqual(row[3].value, 'CNY')
        entries = wb['Entries']
        self.assertEqual(entries.freeze_panes, 'A2')
        self.assertTrue(entries.auto_filter.ref)
        header = [c.value for c in entries[1]]
        self.assertIn('Seller ID', header)
        reward = header.index('Reward')
        deadline = header.index('Next deadline')
        dates = 0
        for row in entries.iter_rows(min_row=2):
            self.assertEqual(row[0].data_type, 's')
            if row[0].value == 'Total':     # the last row adds the amounts up
                self.assertEqual(row[reward].number_format, '#,##0.00')
                continue
            self.assertTrue(row[0].value.startswith('7000'))
            self.assertEqual(row[reward].number_format, '#,##0.00')
            self.assertIsInstance(row[reward].value, (int, float))
            if row[deadline].value is not None:
                self.assertIsInstance(row[deadline].value, datetime.datetime)
                dates += 1
        self.assertGreater(dates, 0)

    def test_merchants_filtered(self):
        store = self.full_store()
        out = os.path.join(self.work, 'merchants.xlsx')
        r = cli(store, 'export', 'merchants', '--output', out, '--market', 'EU')
        self.assertEqual(r.returncode, 0, r.stderr)
        wb = openpyxl.load_workbook(out)
        ws = wb.active
        self.assertEqual(ws.freeze_panes, 'A2')
        self.assertTrue(ws.auto_filter.ref.startswith('A1:'))
        header = [c.value for c in ws[1]]
        self.assertEqual(header[:3], ['Seller ID', 'Seller name', 'Store ID'])
        market = header.index('Market')
        gmv = header.index('Settled GMV')
        rows = list(ws.iter_rows(min_row=2))
        self.assertTrue(rows)
        for row in rows:
            self.assertEqual(row[market].value, 'EU')
            self.assertEqual(row[0].data_type, 's')
            if row[gmv].value is not None:
                self.assertEqual(row[gmv].number_format, '#,##0.00')
        everything = os.path.join(self.work, 'all.xlsx')
        r = cli(store, 'export', 'merchants', '--output', everything)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertGreater(openpyxl.load_workbook(everything).active.max_row, ws.max_row)
        r = cli(store, 'export', 'merchants', '--output', everything, '--verdict', 'maybe')
        self.assertEqual(r.returncode, 2)

    def test_payout_review_chinese(self):
        store = self.full_store()
        out = os.path.join(self.work, 'payouts-zh.xlsx')
        env = dict(os.environ, LANGUAGE='zh_CN', LANG='zh_CN.UTF-8', LC_ALL='zh_CN.UTF-8')
        r = subprocess.run([CLI, '--store', store, 'export', 'payouts', '--program', PROGRAM,
                            '--as-of', '2026-04-05', '--format', 'xlsx', '--output', out],
                           capture_output=True, text=True, env=env, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        wb = openpyxl.load_workbook(out)
        self.assertEqual(len(wb.sheetnames), 2)
        self.assertNotEqual(wb.sheetnames, ['Totals', 'Entries'])


if __name__ == '__main__':
    unittest.main()
