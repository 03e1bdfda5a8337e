/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sandbox-names"

#include "config.h"

#include "pd-sandbox-names.h"
#include "pd-sandbox-util.h"

static const char * const cities_zh[] = {
  "深圳", "广州", "义乌", "杭州", "东莞", "厦门", "宁波", "佛山", "苏州", "上海", "泉州", "中山", NULL
};
static const char * const cities_en[] = {
  "Shenzhen", "Guangzhou", "Yiwu", "Hangzhou", "Dongguan", "Xiamen", "Ningbo", "Foshan",
  "Suzhou", "Shanghai", "Quanzhou", "Zhongshan", NULL
};
static const char * const words_zh[] = {
  "海纳", "星辰", "锦程", "优品", "嘉禾", "博远", "恒达", "晨光", "盛世", "华美", "云帆", "乐途",
  "致远", "万象", "青禾", "悦家", "鼎盛", "凯瑞", "启航", "汇通", NULL
};
static const char * const industries_zh[] = {
  "家居用品", "电子科技", "服饰", "贸易", "美妆", "户外用品", "母婴用品", "宠物用品", "箱包",
  "玩具", "厨具", "灯饰", NULL
};
static const char * const industries_en[] = {
  "Home Products", "Electronic Technology", "Apparel", "Trading", "Cosmetics", "Outdoor Gear",
  "Baby Products", "Pet Supplies", "Bags", "Toys", "Kitchenware", "Lighting", NULL
};
static const char * const brands[] = {
  "Lumi", "Nordvik", "Aurora", "Petal", "Zenith", "Koala", "Maple", "Orbit", "Vela", "Nimbus",
  "Tidy", "Brio", "Kumo", "Sora", "Hana", "Yoki", "Mirae", "Solis", "Terra", "Fenni", "Oaky",
  "Pawly", "Glint", "Cozee", "Moko", "Vanta", "Ripple", "Elko", NULL
};
static const char * const surnames_zh[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", NULL
};
static const char * const surnames_pinyin[] = {
  "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", NULL
};
static const char * const given_zh[] = {
  "伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "杰", "婷", "强", NULL
};
static const char * const given_pinyin[] = {
  "Wei", "Fang", "Na", "Min", "Jing", "Lei", "Yang", "Yan", "Yong", "Jie", "Ting", "Qiang", NULL
};
static const char * const given_en[] = {
  "Kevin", "Amy", "Jason", "Lily", "Tony", "Cindy", "Eric", "Vivian", "Leo", "Grace", "Frank",
  "Iris", NULL
};

static guint
list_length (const char * const *list)
{
  guint n = 0;

  while (list[n] != NULL)
    n++;
  return n;
}

static guint
pick_index (GRand              *rand,
            const char * const *list)
{
  return (guint) g_rand_int_range (rand, 0, (gint32) list_length (list));
}

const char *
pd_sandbox_names_pick (GRand              *rand,
                       const char * const *list)
{
  return list[pick_index (rand, list)];
}

char *
pd_sandbox_names_seller_id (GRand *rand)
{
  return g_strdup_printf ("749%05u%08u", (guint) g_rand_int_range (rand, 0, 100000),
                          (guint) g_rand_int_range (rand, 0, 100000000));
}

char *
pd_sandbox_names_shop_id (GRand *rand)
{
  return g_strdup_printf ("SHOP%04u%06u", (guint) g_rand_int_range (rand, 1000, 10000),
                          (guint) g_rand_int_range (rand, 0, 1000000));
}

char *
pd_sandbox_names_token (GRand *rand)
{
  guint8 bytes[16];

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) g_rand_int_range (rand, 0, 256);
  return pd_sandbox_base64url_encode (bytes, sizeof bytes);
}

void
pd_sandbox_names_person (GRand       *rand,
                         const char  *domain,
                         char       **name_out,
                         char       **email_out)
{
  guint surname = pick_index (rand, surnames_zh);
  guint given = pick_index (rand, given_zh);
  guint style = (guint) g_rand_int_range (rand, 0, 3);
  g_autofree char *local = NULL;
  g_autofree char *email = NULL;

  if (style == 0)
    {
      *name_out = g_strconcat (surnames_zh[surname], given_zh[given], NULL);
      local = g_strdup_printf ("%s.%s", given_pinyin[given], surnames_pinyin[surname]);
    }
  else if (style == 1)
    {
      *name_out = g_strdup_printf ("%s %s", surnames_pinyin[surname], given_pinyin[given]);
      local = g_strdup_printf ("%s%s", surnames_pinyin[surname], given_pinyin[given]);
    }
  else
    {
      const char *english = pd_sandbox_names_pick (rand, given_en);

      *name_out = g_strdup_printf ("%s %s", english, surnames_pinyin[surname]);
      local = g_strdup_printf ("%s.%s", english, surnames_pinyin[surname]);
    }
  email = g_strdup_printf ("%s@%s", local, domain);
  *email_out = g_ascii_strdown (email, -1);
}

void
pd_sandbox_merchant_generate (GRand             *rand,
                              PdSandboxMerchant *out)
{
  guint city = pick_index (rand, cities_zh);
  guint industry = pick_index (rand, industries_zh);
  const char *brand = pd_sandbox_names_pick (rand, brands);
  const char *word = pd_sandbox_names_pick (rand, words_zh);
  guint style = (guint) g_rand_int_range (rand, 0, 4);
  g_autofree char *site = NULL;
  g_autofree char *domain = NULL;

  out->seller_id = pd_sandbox_names_seller_id (rand);
  switch (style)
    {
    case 0:
      out->seller_name = g_strdup_printf ("%s市%s%s有限公司", cities_zh[city], word, industries_zh[industry]);
      out->brand = g_strdup (word);
      break;
    case 1:
      out->seller_name = g_strdup_printf ("%s %s %s Co., Ltd.", cities_en[city], brand,
                                          industries_en[industry]);
      out->brand = g_ascii_strup (brand, -1);
      break;
    case 2:
      out->seller_name = g_strdup_printf ("%s%s%s有限公司", cities_zh[city], brand, industries_zh[industry]);
      out->brand = g_strdup (brand);
      break;
    default:
      out->seller_name = g_strdup_printf ("%s Global Trading Ltd. (%s%s)", brand, cities_zh[city], word);
      out->brand = g_strdup (brand);
      break;
    }
  site = g_strdup_printf ("%s-%s.com", brand, cities_en[city]);
  domain = g_ascii_strdown (site, -1);
  pd_sandbox_names_person (rand, domain, &out->contact_name, &out->contact_email);
  out->contact_phone = g_strdup_printf ("+86 1%02u %04u %04u",
                                        (guint) g_rand_int_range (rand, 30, 90),
                                        (guint) g_rand_int_range (rand, 0, 10000),
                                        (guint) g_rand_int_range (rand, 0, 10000));
  out->country = g_strdup (g_rand_int_range (rand, 0, 10) == 0 ? "HK" : "CN");
}

void
pd_sandbox_merchant_clear (PdSandboxMerchant *merchant)
{
  g_clear_pointer (&merchant->seller_id, g_free);
  g_clear_pointer (&merchant->seller_name, g_free);
  g_clear_pointer (&merchant->brand, g_free);
  g_clear_pointer (&merchant->country, g_free);
  g_clear_pointer (&merchant->contact_name, g_free);
  g_clear_pointer (&merchant->contact_email, g_free);
  g_clear_pointer (&merchant->contact_phone, g_free);
}
