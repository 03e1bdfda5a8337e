#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes a realistic target list CSV (domain.md) for the import benchmark.

    gen-targets.py OUTPUT [ROWS]      (ROWS defaults to 1,000,000: about 150 MB)

Seller ids are unique 19-digit numbers in random order (the platform's
exports are not sorted by id); names mix Chinese company names and Latin
ones, some quoted because they hold commas or double quotes; the review
status is sometimes written with the platform's Chinese words. The output
depends only on ROWS (fixed seed), so runs compare the same bytes.
"""
import random
import sys

CITIES = ['深圳市', '广州', '杭州', '义乌', '东莞', '厦门', '佛山', '宁波', '苏州', '上海']
WORDS = ['北极星', '晨光', '美妆', '户外', '宠物', '家居', '母婴', '电子', '服饰', '灯饰',
         '玩具', '厨具', '运动', '箱包', '数码', '汽配', '园艺', '礼品', '文具', '饰品']
KINDS = ['科技有限公司', '贸易有限公司', '电子商务有限公司', '用品有限公司', '实业有限公司']
LATIN = ['Kite', 'Aurora', 'Polaris', 'Tide', 'Pebble', 'Lumen', 'Nova', 'Harbor', 'Maple',
         'Summit', 'Orchid', 'Zephyr', 'Atlas', 'Cobalt', 'Juniper', 'Willow']
PLACES = ['Yiwu', 'Shenzhen', 'Ningbo', 'Guangzhou', 'Hangzhou', 'Xiamen', 'Hong Kong']
SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周']
GIVEN = ['伟', '娜', '敏', '静', '磊', '洋', '勇', '芳', '军', '杰', '婷', '强']
LATIN_PEOPLE = ['Chan Tai Man', 'Wong Ka Yan', 'Lee Siu Ming', 'Amy Lin', 'Kevin Zhou']
MARKETS = ['EU', 'EU', 'EU', 'JP', 'UK', 'US']
COUNTRIES = ['CN', 'CN', 'CN', 'CN', 'HK', 'SG']
STATUSES = ['approved', 'approved', 'pending', 'rejected', '通过', '审核中', 'Approved']
PROGRAM = 'eu-jp-pop-partner-2026q1'


def quote(text):
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def main():
    out = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1000000
    rnd = random.Random(20260101)
    ids = rnd.sample(range(10 ** 15), rows)
    with open(out, 'w', encoding='utf-8', newline='') as f:
        f.write('seller_id,seller_name,brand,market,country,contact_name,contact_email,'
                'contact_phone,review_status,program_id\r\n')
        for i, n in enumerate(ids):
            seller = '7494%015d' % n
            brand = rnd.choice(LATIN) + rnd.choice(['', ' Home', ' Tech', ' Global'])
            r = rnd.random()
            if r < 0.55:
                name = rnd.choice(CITIES) + rnd.choice(WORDS) + rnd.choice(WORDS) + rnd.choice(KINDS)
            elif r < 0.8:
                name = '%s %s & Co., Ltd' % (rnd.choice(PLACES), rnd.choice(LATIN))
            elif r < 0.9:
                name = '%s "%s" Trading Co., Limited' % (rnd.choice(LATIN), rnd.choice(LATIN))
            else:
                name = '%s %s Supply Chain Management Co. Ltd' % (rnd.choice(PLACES), rnd.choice(LATIN))
            if rnd.random() < 0.8:
                contact = rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(['', rnd.choice(GIVEN)])
            else:
                contact = rnd.choice(LATIN_PEOPLE)
            email = 'bd%d@%s.example' % (i, brand.split()[0].lower())
            phone = '+86 1%02d%08d' % (rnd.randrange(30, 99), rnd.randrange(10 ** 8))
            f.write(','.join(quote(x) for x in [
                seller, name, brand, rnd.choice(MARKETS), rnd.choice(COUNTRIES), contact,
                email, phone, rnd.choice(STATUSES), PROGRAM]) + '\r\n')


if __name__ == '__main__':
    main()
