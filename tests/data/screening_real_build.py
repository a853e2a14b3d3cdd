"""Build tests/data/screening_eval_real.jsonl: the screening evaluation set grounded in real public text.

Each phenomenon below was taken from a real report, judgment, notice or ad (``SOURCES``, with URL): the
construction, the nickname, the abbreviation, the obfuscation. The phrasings are written in our own words
(nothing is copied) and set inside job contexts modelled on real local gig ads for 保洁、搬运、家政、外卖、装修、
采摘、工厂日结. Two splits:
- ``real_dev``: the phrasings the rules were developed against;
- ``real_holdout``: other phrasings of the same phenomena, written before the rules were changed and never
  used to tune them (the number in docs/perf/screening.md is measured on them as they were first written).
Clean items (no label) are real-ad-shaped postings, including hard negatives that mention the same words in
an inclusive way (男女不限, 欢迎东北、河南的朋友, 不收押金).

    python tests/data/screening_real_build.py   # rewrites tests/data/screening_eval_real.jsonl
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent / "screening_eval_real.jsonl"

SOURCES = {
    "henan_case": "https://cnlgbtdata.com/files/uploads/2019/11/典型案例女孩因河南人求职被拒判决书全文_2019-11-28.html",
    "henan_dongbei_ad": "https://feidianxing.com/portal.php?aid=9016&mod=view",
    "henan_dongbei_supermarket": "http://www.528sz.cn/html/soceity/cn_shlw/20081208/58694.html",
    "dongsansheng": "https://m.takefoto.cn/viewnews-2474662.html",
    "huangfanqu": "http://m.zhongyishudian.com/politics/2018-07/07/c_1123091195.htm",
    "guizhou": "https://www.ousaite.com/new/741063438997931008",
    "uyghur_ad": "https://vct.news/news/46e816f9-3244-4443-898c-7308027fa588",
    "hbv_check": "http://wfwb.wfnews.com.cn/content/20120730/Articel10006EL.htm",
    "hbv_yantai": "http://news.imosi.com/news/20110412/16149.shtml",
    "deposit_notice": "http://lanzhou.baogaosu.com/xinwen/%E7%9C%81%E6%B8%85%E7%90%86%E6%95%B4%E9%A1%BF%E4%BA%BA%E5%8A%9B%E8%B5%84%E6%BA%90%E5%B8%82%E5%9C%BA%E7%A7%A9%E5%BA%8F/45865708/",
    "deposit_factory": "http://ldzytj.com/News/NewsDetail/2285",
    "deposit_wande": "http://m.wwwbxbx.com/content/2004-11/15/content_3901423.htm",
    "deposit_wuhan": "http://news.cjn.cn/tfsj/srkzshcezxdz/rdjj_16054/201808/t3266649.htm",
    "fee_names": "http://www.3r82.cn/article/opkvwy.html",
    "brushing": "http://www.wxruida.com/dxqz/qzzp/81962.html",
    "brushing_police": "http://epaper.sxrb.com/shtml/sxwb/20230706/882143.shtml",
    "training_loan": "https://grayscaleinsight.com/topic-post/11828",
    "male_only_case": "http://ciudsrc.com/webdiceng.php?id=76581",
    "courier_male_case": "http://e.mzyfz.org.cn/mag/paper_13532_7898.html",
    "male_preferred": "http://www.p146.com/news/2018-12-04/detail-ihprknvs9209929.shtml?from=sd_cnxh",
    "age_35": "https://3g.china.com/act/news/10000169/20250219/47990629.html",
    "age_35_wiki": "https://wiwiwikim.kfd.me/wiki/35%E5%B2%81%E9%97%A8%E6%A7%9B",
    "marriage_case": "https://1renshi.com/news/94153.html",
    "gig_ads": "https://www.08gf.com/news/jie-mi-dong-xiang-jian-zhi-ri-jie-gong-jie-mi-ri-jie-bei-hou-de-zhen-shi-gong-zuo-sheng-huo.html",
    "cleaning_ads": "https://hnsfqkhbj.baojieya.com/article/article-miipcof9",
    "hourly_ads": "http://franklinmoore.com/zixun/neirong/52900.html",
    "housekeeping_ads": "https://sgsxfbw.com/xinwendongtai/gongsidongtai/1260.html",
    "loading_ads": "http://www.mypuduo.com/ga/6468688.html",
}

TOWNS = ["321322102", "321322116", "321323001", "321324101", "321302150", "321311151", "321322001", "321324109"]

# Job contexts shaped like real local gig ads: (title, description, pay_min, pay_max, unit, kind)
CONTEXTS = [
    ("小区保洁员", "负责两栋楼的楼道、电梯和垃圾桶清洁，早上7点到下午4点，中午休息一小时。", 180, 200, "day", "保洁"),
    ("开荒保洁", "新房装修后开荒打扫，擦玻璃、清理地面水泥渍，工具公司提供。", 200, 220, "day", "保洁"),
    ("商场夜班保洁", "商场闭店后打扫卫生间和通道，晚上10点到早上6点。", 25, 28, "hour", "保洁"),
    ("仓库装卸工", "物流园装卸货车，家具和家电为主，有叉车配合，干完当天结账。", 220, 260, "day", "搬运"),
    ("搬家师傅", "跟车搬家，城区单子为主，一天两到三单。", 200, 300, "day", "搬运"),
    ("建材卸货临时工", "建材城卸瓷砖、板材，按车计算，平均一天能卸四车。", 220, 250, "day", "搬运"),
    ("钟点工（家政）", "上门做家务，打扫、洗衣、做一顿午饭，每次3小时。", 30, 35, "hour", "家政"),
    ("住家保姆", "照顾一位能自理的老人，做三餐、陪同散步，单独房间。", 4500, 5500, "month", "家政"),
    ("育儿嫂", "白天照看一岁半宝宝，辅食、洗澡、早教陪玩。", 5000, 6000, "month", "家政"),
    ("外卖骑手", "城区配送，系统派单，电动车可租，按单计酬保底。", 25, 35, "hour", "外卖"),
    ("同城跑腿配送员", "帮商户送货到小区，距离五公里以内，电动车自备。", 180, 260, "day", "外卖"),
    ("装修小工", "跟师傅干活，搬材料、打下手、清理现场。", 200, 230, "day", "装修"),
    ("墙面刷漆工", "二手房翻新刷墙，乳胶漆滚涂，材料东家出。", 280, 350, "day", "装修"),
    ("瓷砖铺贴工", "卫生间和厨房贴砖，按平方计价，经验丰富的优先安排。", 300, 400, "day", "装修"),
    ("草莓采摘工", "大棚草莓采摘、装盒，早上6点开始，中午前结束。", 25, 30, "hour", "采摘"),
    ("葡萄采摘帮工", "果园采摘、剪枝、装箱，管一顿午饭。", 180, 200, "day", "采摘"),
    ("花木起苗工", "苗圃起苗、打包、装车，活多的时候加钟另算。", 200, 240, "day", "采摘"),
    ("电子厂日结普工", "流水线插件、检验，坐着干活，有空调，当天下班结工资。", 22, 25, "hour", "工厂日结"),
    ("食品厂包装工", "月饼包装装盒，两班倒，计时工资，日结。", 23, 26, "hour", "工厂日结"),
    ("服装厂剪线头", "成衣剪线头、整烫前整理，可带活回家。", 180, 220, "day", "工厂日结"),
    ("快递分拣临时工", "夜班分拣包裹，晚8点到早6点，中途休息。", 24, 27, "hour", "工厂日结"),
    ("酒店宴席服务员", "周末婚宴传菜、收台，每场四到五小时。", 28, 32, "hour", "家政"),
]

# Inclusive sentences real ads use (the hard negatives for precision)
CLEAN_EXTRAS = [
    "男女不限，手脚勤快就行。", "不限户籍，欢迎外地朋友。", "欢迎东北、河南、安徽等各地的朋友来干。", "公司不收任何押金和费用。",
    "工服免费发，干满不用退。", "不查乙肝，健康证入职后公司统一办理。", "宝妈可以做，时间能商量。", "有无经验都可以，师傅带。",
    "夫妻工可以一起来，宿舍分开安排。", "新手也能做，第一天有人带。", "工资当天下班结，现金或微信转账。", "管一顿午饭，饭菜不错。",
    "少数民族同胞一样欢迎，清真餐可以单独准备。", "年龄不是问题，身体能干就行。", "不收中介费，直接跟老板对接。",
    "活干完就结账，不压工资。", "提供劳保手套和口罩。", "离宿舍近，骑电动车十分钟。", "雨天不出工，不扣钱。", "干满一个月另有奖励200元。",
]

# Phenomena: (key, category labels, source key, dev phrasings, holdout phrasings)
PHENOMENA = [
    ("exclusion list with 和/、 over regional demonyms", ["hukou_region"], "henan_dongbei_ad",
     ["不要河南和东北人。", "河南、东北人勿扰。", "东北人和河南人一律不招。", "河南人、四川人、贵州人谢绝应聘。",
      "安徽及河南籍的就不要来了。", "不招河南跟东北的。"],
     ["谢绝湖南、江西两地人员。", "新疆、西藏籍恕不录用。", "甘肃和青海的不考虑。", "不要山东、河北两省的。"]),
    ("regional nicknames", ["hukou_region"], "huangfanqu",
     ["黄泛区的不要。", "东三省的勿扰。", "原则上不要黄泛区和东北的。", "东三省人员免谈。", "两广的不要。"],
     ["大西北来的就别投了。", "川渝人员谢绝。", "东北老铁就算了。", "黄泛区人员请绕道。"]),
    ("restriction verb over a place", ["hukou_region"], "henan_case",
     ["只招本地人。", "仅限宿迁户籍。", "需为沭阳本地户口。", "须为本县人员。", "限苏北籍。", "必须是江苏人。"],
     ["本岗位只要泗阳本地的。", "要求户籍在宿迁市。", "只收本乡镇的人。", "外地户口的不行。"]),
    ("ethnic group names without 族", ["ethnicity"], "uyghur_ad",
     ["不招维吾尔人和哈萨克人。", "只要汉人。", "限汉人。", "回民勿扰。", "藏人不要。", "维族人免谈。"],
     ["汉人优先录用。", "哈萨克人不考虑。", "只招汉人和蒙古人。", "少数民族的就别来了。"]),
    ("hepatitis names and abbreviations", ["health"], "hbv_check",
     ["不能有乙肝。", "不得有B肝。", "BC肝勿扰。", "乙肝携带者不要。", "小三阳免谈。", "入职查乙肝五项。", "肝炎患者谢绝。"],
     ["有乙肝的不要来。", "大三阳、小三阳都不行。", "不接受HBV阳性。", "体检要查两对半，有问题的不录。"]),
    ("deductions and penalties as fees", ["fee"], "deposit_factory",
     ["离职扣违约费500元。", "入职扣押金300元，干满半年退。", "第一个月工资扣下作保证金。", "押一个月工资。", "做不满三个月罚款800元。",
      "身份证原件交公司保管。", "工服费150元从工资里扣。", "中途走人要交违约金2000元。"],
     ["先押半个月工资，年底一起发。", "不到一个月离职扣200元培训费。", "迟到一次罚50，离职押金不退。", "上岗前交200元服装押金。"]),
    ("separators inside contact digits", ["contact_in_text"], "brushing",
     ["有意者打1 3 8-5 2 7 1-2 3 4 5。", "电话138 5271 2345。", "联系139.5271.2345。", "手机：1３８ ５２７１ ２３４５。",
      "打电话给我158_5271_9988。", "电话一三八五二七一二三四五。"],
     ["联系方式：137/5271/6655。", "电话1-3-9-5-2-7-1-8-8-6-6。", "打我电话 1 5 8 5 2 7 1 0 0 9 9。", "联系：壹叁玖 伍贰柒壹 捌捌陆陆。"]),
    ("generational age (X0后)", ["age"], "age_35_wiki",
     ["只要90后。", "限00后。", "85后以下勿扰。", "80后不要。", "95后优先考虑。"],
     ["70后就别来了。", "要求90后。", "仅限00后报名。", "最好是95后。"]),
    ("gender carried by the job title plus an age range", ["gender", "age"], "courier_male_case",
     ["招女营业员18—45岁。", "男保安20-50岁。", "女服务员18至35岁。", "男装卸工18-45周岁。"],
     ["诚聘女收银员20到40岁。", "男司机25-50岁。", "女保洁员30至55岁。", "招男普工18-40周岁。"]),
    ("需为/须为 + gender", ["gender"], "male_only_case",
     ["需为女性。", "须为男性。", "必须是男的。", "性别须为女。", "应聘者需为男士。"],
     ["本岗位必须是女的。", "要求是男同志。", "只要男的。", "性别：男。"]),
    ("marriage and childbirth conditions", ["marriage_pregnancy"], "marriage_case",
     ["已婚已育优先。", "两年内不能要孩子。", "孕妇勿扰。", "未婚者不考虑。"],
     ["怀孕的不要。", "入职一年内不准生育。", "单身优先。", "面试要说明婚育情况。"]),
    ("brushing / pay-first scams", ["scam"], "brushing_police",
     ["在家刷单，日结返佣。", "先充值成为会员再派单。", "需自己垫付货款，完成任务返本金加佣金。"],
     ["手机点赞赚钱，一单返3元。", "先交198元入会费才能接单。", "做任务返利，垫资越多返得越多。"]),
    ("training loans", ["scam"], "training_loan",
     ["培训后包就业，学费可以分期贷款。", "先培训后上岗，培训费用花呗分期。"],
     ["报名学直播，学费网贷分期，学完包分配。", "以招代培，先交学费。"]),
]

CLEAN_TEMPLATES = [
    "{extra}", "{extra}{extra2}", "{extra}干活地点在镇上。", "{extra2}{extra}",
]


def _item(i: int, split: str, ctx: tuple, labels: list[str], text: str, *, source: str, phenomenon: str,
          where: str, rng: random.Random) -> dict:
    title, desc, lo, hi, unit, kind = ctx
    item = {"id": f"{split}-{i:04d}", "split": split, "kind": kind, "title": title, "description": desc,
            "requirements": "", "pay_min": lo, "pay_max": hi, "pay_unit": unit, "daily_hours": None,
            "township_code": rng.choice(TOWNS), "labels": labels, "source_url": SOURCES[source],
            "phenomenon": phenomenon}
    if where == "requirements":
        item["requirements"] = text
    elif where == "title_prefix":
        item["description"] = f"{text}{desc}"
    else:
        item["description"] = f"{desc}{text}"
    return item


def build() -> list[dict]:
    rng = random.Random(20261201)
    items: list[dict] = []
    n = 0
    for phenomenon, labels, source, dev, holdout in PHENOMENA:
        for split, phrasings in (("real_dev", dev), ("real_holdout", holdout)):
            for text in phrasings:
                for where in ("requirements", "description", "title_prefix"):
                    ctx = rng.choice(CONTEXTS)
                    items.append(_item(n, split, ctx, list(labels), text, source=source, phenomenon=phenomenon,
                                       where=where, rng=rng))
                    n += 1
    clean_sources = ["gig_ads", "cleaning_ads", "hourly_ads", "housekeeping_ads", "loading_ads"]
    for k in range(130):
        ctx = CONTEXTS[k % len(CONTEXTS)]
        extra, extra2 = rng.sample(CLEAN_EXTRAS, 2)
        text = CLEAN_TEMPLATES[k % len(CLEAN_TEMPLATES)].format(extra=extra, extra2=extra2)
        split = "real_holdout" if k % 3 == 0 else "real_dev"
        items.append(_item(n, split, ctx, [], text, source=clean_sources[k % len(clean_sources)],
                           phenomenon=f"clean ad: {ctx[5]}", where=rng.choice(["requirements", "description"]),
                           rng=rng))
        n += 1
    return items


if __name__ == "__main__":
    rows = build()
    with OUT.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(len(rows), "items;", sum(1 for r in rows if not r["labels"]), "clean")
