#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the rows of a CSV file as an .xlsx workbook the way Excel and
LibreOffice store one: every text in the shared strings table (in order of
first use), numbers as numbers, rows streamed into one sheet. For the
.xlsx import benchmark (bench-import-xlsx.sh); openpyxl would take many
minutes for 1,000,000 rows, so the parts are written directly.

    gen-targets-xlsx.py INPUT.csv OUTPUT.xlsx
"""
import csv
import sys
import zipfile
from xml.sax.saxutils import escape

NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
PKG = 'http://schemas.openxmlformats.org/package/2006/relationships'


def column(i):
    name = ''
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def main():
    src, out = sys.argv[1], sys.argv[2]
    strings = {}
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        z.writestr('[Content_Types].xml',
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="rels" ContentType="application/'
                   'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
                   '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
                   '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                   'spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType='
                   '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
        z.writestr('_rels/.rels', '<?xml version="1.0"?><Relationships xmlns="%s"><Relationship Id="rId1" '
                   'Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>' % (PKG, REL))
        z.writestr('xl/workbook.xml', '<?xml version="1.0"?><workbook xmlns="%s" xmlns:r="%s"><sheets>'
                   '<sheet name="Targets" sheetId="1" r:id="rId1"/></sheets></workbook>' % (NS, REL))
        z.writestr('xl/_rels/workbook.xml.rels', '<?xml version="1.0"?><Relationships xmlns="%s">'
                   '<Relationship Id="rId1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/>'
                   '<Relationship Id="rId2" Type="%s/sharedStrings" Target="sharedStrings.xml"/>'
                   '</Relationships>' % (PKG, REL, REL))
        with z.open('xl/worksheets/sheet1.xml', 'w', force_zip64=True) as sheet, \
                open(src, encoding='utf-8', newline='') as f:
            sheet.write(('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="%s"><sheetData>' % NS).encode())
            buf = []
            for r, row in enumerate(csv.reader(f), start=1):
                cells = []
                for c, value in enumerate(row):
                    if value == '':
                        continue
                    index = strings.setdefault(value, len(strings))
                    cells.append('<c r="%s%d" t="s"><v>%d</v></c>' % (column(c), r, index))
                buf.append('<row r="%d">%s</row>' % (r, ''.join(cells)))
                if len(buf) >= 10000:
                    sheet.write(''.join(buf).encode())
                    buf = []
            sheet.write((''.join(buf) + '</sheetData></worksheet>').encode())
        with z.open('xl/sharedStrings.xml', 'w', force_zip64=True) as sst:
            sst.write(('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="%s" count="%d" uniqueCount="%d">'
                       % (NS, len(strings), len(strings))).encode())
            buf = []
            for text in strings:
                buf.append('<si><t xml:space="preserve">%s</t></si>' % escape(text))
                if len(buf) >= 10000:
                    sst.write(''.join(buf).encode())
                    buf = []
            sst.write((''.join(buf) + '</sst>').encode())


if __name__ == '__main__':
    main()
