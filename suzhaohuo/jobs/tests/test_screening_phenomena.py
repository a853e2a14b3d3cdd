"""Screening reads phenomena, not sentences (issue #12, rules 2026.12.2 and 2026.12.3).

Every sentence here was written for this module and is in no evaluation set. Each phenomenon is a construction
(a scope word + a class of nouns, a number written another way, a fee under another name), so the cases vary the
nouns, the scope words and the surrounding job text; the hard negatives use the same nouns and numbers without
the scope (阿姨 as the person served, 东北 in a restaurant's name, dates and prices with separators, a fee the
worker collects from customers)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from suzhaohuo.jobs.screening import SEVERITY_ORDER, ScreeningInput, engine, normalize, screen

HUJI = "321322102"  # 沭阳县胡集镇
ON = date(2025, 6, 1)


def _screen(text: str):
    return screen(ScreeningInput(title="普工", description=text, township_code=HUJI, on_date=ON))


def _cats(text: str) -> set[str]:
    return _screen(text).categories()


def _severity(text: str, category: str) -> str | None:
    sev = [f.severity for f in _screen(text).findings if f.category == category]
    return max(sev, key=lambda s: SEVERITY_ORDER[s]) if sev else None


# phenomenon -> sentences that must give the category
FOUND: dict[str, tuple[str, list[str]]] = {
    "gendered person noun under a restriction": ("gender", [
        "只要阿姨，手脚麻利", "只招大姐，年纪大点没关系", "限宝妈，时间灵活", "仅限姐妹们", "前台接待只要靓女",
        "服装厂缝纫工，仅招宝妈和姐妹", "厨房帮工，需为大姐", "我们只用小伙子，能扛能抬", "奶茶店，只招小姐姐",
        "物流园装卸，只找壮小伙，一天三百", "酒店客房清洁，限大姐，五十以内"]),
    "gendered person noun under an exclusion": ("gender", [
        "阿姨勿扰", "大妈不要", "大姐们就别来了", "装修小工，大妈阿姨不考虑", "小伙子勿扰，只要阿姨", "大姐就免了",
        "老爷们来，娘们别来", "保洁，除了阿姨其他都不要"]),
    "gendered person noun preferred": ("gender", [
        "男丁优先", "壮汉优先，搬水泥", "小姐姐优先", "阿姨优先", "宝妈优先", "外卖站点，帅哥优先", "仓库理货，兄弟们优先"]),
    "gendered person noun after a hiring verb": ("gender", [
        "要小伙子，能吃苦", "招两个大姐打扫卫生", "找几个小伙子卸货", "搬家公司，找两个壮汉", "招靓女做前台"]),
    "gender word after 找/要找": ("gender", ["要找个男的", "只要男的，女的就免了", "女的pass", "男士婉拒"]),
    "region nickname or direction with an origin suffix": ("hukou_region", [
        "大西北来的就别投了", "东北过来的不要", "云贵川的免谈", "皖北来的绕道", "大凉山来的不要", "甘肃过来的一律不收",
        "广西来的莫扰", "本厂不招云贵川的", "潮汕来的一律不要", "东北那边的就算了", "两湖的老乡免谈", "河南那边来的不要",
        "新疆、西藏籍人员谢绝", "安徽的不欢迎"]),
    "accent or demonym noun": ("hukou_region", [
        "河南口音的不要", "外地口音勿扰", "外省口音的不要", "老表不要", "老表勿扰", "蛮子莫扰", "外地人pass"]),
    "a region and everything outside it": ("hukou_region", [
        "江浙沪以外的不要", "只招江浙沪本地人", "江浙沪的优先，其他省份不考虑", "只要苏南的", "最好是本地人", "要本地人",
        "除本地人外一律不要", "除河南人外都可以", "除了宿迁本地人，其他一律不收"]),
    "mobile number spelled digit by digit": ("contact_in_text", [
        "电话1-3-8-1-2-3-4-5-6-7-8", "1.3.8.1.2.3.4.5.6.7.8", "138🌹1234🌹5678", "138，1234，5678",
        "1三8一2三4五6七8", "一3八1二3四5六7八", "☎1️⃣3️⃣8️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣", "手机号:159 ✨ 2233 ✨ 4455",
        "有意者请拨 一 八 九 ， 五 一 二 七 ， 三 三 零 八", "电话:壹捌陆-伍贰柒柒-零玖叁壹", "手机①③⑨⑤②⑦⑦⓪⓪⑧⑧",
        "直接打 15 2-66 77-88 99", "call me 1 5 9 . 8 8 6 6 . 7 7 4 4", "找王经理 幺伍玖 八八六六 七七四四",
        "V：幺叁捌壹贰叁肆伍陆柒捌", "电话 1 8 8 - 5 2 7 7 - 0 9 3 1 王"]),
    "fee under another name": ("fee", [
        "入会费200元", "入场费200元", "档案管理费50", "交500元占岗费", "入职需交诚信金500", "上岗前交纳担保金1000元",
        "建档费、押岗费合计300元", "入群费88元，群里天天有活", "报名时交占位费100", "交保岗费300块钱，保你有活",
        "进厂费500元，进厂后返还", "交诚信保证金300", "押岗金200元", "住宿押金300元", "宿舍押金一百"]),
    "wages withheld, a uniform to buy, cash to bring": ("fee", [
        "首月工资押着，干满半年再发", "第一个月工资不发", "头个月工资压着", "首月工资压着，满三个月后一起发",
        "头一个月工资暂扣作保证金", "需购买工服，150元一套", "需要自己购买工作服一套", "面试需带300元现金",
        "面试请带200元现金"]),
    "paying before being given work": ("scam", ["交了会员费才能接单", "先交200元入会费，交钱后派活"]),
    "age in number words or a spoken range": ("age", [
        "十五六岁的也可以", "十四五岁也行", "十三四岁的也可以", "年龄不超过四十", "年龄四十五以内", "年龄不超过五十五",
        "只要二十五六岁的", "四五十岁的不要", "35岁+勿扰", "45岁+不要", "35岁以上婉拒"]),
    "an approximate age under a restriction": ("age", ["只招二十出头的", "限三十多岁", "要求四十来岁"]),
    "generation words": ("age", ["七零后八零后不要", "招85后95后", "只收九零后", "限00后"]),
    "age without a number": ("age", ["年纪大的不要", "年纪太大的就别来了", "限年轻人，手脚麻利"]),
    "whole ads: gender": ("gender", [
        "沭阳城区饭店招洗碗工两名，只招大姐，包两餐，月薪3000", "木材厂装车，只招小伙，力气大点，日结250",
        "幼儿园保育员，限宝妈，有带娃经验", "仓库分拣，要年轻小伙，夜班", "宾馆保洁，大叔勿扰，阿姨优先"]),
    "whole ads: region": ("hukou_region", [
        "工地钢筋工，四川老乡不要，其他都行", "小区保安，要求本地户口，外地的免谈", "饭店服务员，东北的姑娘免谈",
        "电子厂普工，贵州来的暂不招", "只招苏北本地人，外省的不考虑"]),
    "whole ads: spelled phone, letters for digits": ("contact_in_text", [
        "家具厂招木工，日结300，联系：壹伍捌 - 陆陆柒柒 - 捌捌玖玖", "装修找小工，包午饭，电话 1 5 0 - 6 6 3 2 - 1 1 8 7",
        "招送水工，详询 ☎ 13 o 5 I 2 3 4 5 6 7"]),
    "whole ads: fees": ("fee", [
        "快递分拣，日结200，入职需交工牌押金50元", "保安岗，上岗前收取制服押金200，离职退", "家政服务员，先交198会员费，平台保证派单",
        "超市理货，首月工资押一半，满半年发", "酒店服务员，入职交100元档案费", "押金由平台代管"]),
    "fresh ads: gender": ("gender", ["烧烤店夜班，只收小伙子", "缝纫车间，大老爷们就不要来了", "月子会所保洁，仅限阿姨们",
                                     "工地做饭，要个大嫂"]),
    "fresh ads: region": ("hukou_region", ["洗浴中心，两广的朋友勿扰", "小饭馆帮厨，只要江浙的", "除了东北的都行",
                                          "苏北口音的不考虑", "外地佬勿扰"]),
    "fresh ads: phone": ("contact_in_text", ["加我：壹伍柒，叁叁贰壹，陆陆捌捌", "热线 1 9 9 / 8 8 7 7 / 6 6 5 5",
                                            "📱一五九零零零一二三四五"]),
    "fresh ads: fee": ("fee", ["入职先交300工具押金", "平台会员费99元/年，交了才派单", "进场费一百元", "需交纳保证金和体检费",
                               "第一个月工资扣下一半做押金"]),
    "fresh ads: age": ("age", ["年龄二十到三十五周岁", "五十五岁以上请绕道", "限九五后"]),
    "whole ads: ages": ("age", [
        "奶茶店员，只要十八九岁的", "餐厅服务员，年纪三十以内", "快递员，四十五岁以下，男女不限", "电子厂，16-35周岁，零零后优先",
        "服装厂，五十岁以上的不要", "四十以上不要"]),
    "new exclusion words: ethnicity": ("ethnicity", ["少数民族不欢迎", "除汉族外一律不要", "回族的婉拒"]),
    "new exclusion words: religion": ("religion", ["信教的不欢迎", "穆斯林pass"]),
    "new exclusion words: health": ("health", ["乙肝的不欢迎", "小三阳婉拒"]),
    "new exclusion words: pregnancy": ("marriage_pregnancy", ["孕妇不欢迎"]),
    # rules 2026.12.3: the exclusion predicate, the group and the withheld thing as classes
    "exclusion predicates as a class (polite, temporary, dialect, platform wording)": ("hukou_region", [
        "河南籍的这批就不考虑了", "山东人暂不安排", "外省户籍暂停招聘", "湖北的莫来", "江西的人一概不要", "贵州籍恕不录用",
        "甘肃来的就算了", "四川的朋友不予录用", "广西籍暂不开放报名", "东北的请绕道", "云南那边的不用，人够了"]),
    "groups: province abbreviations, adjacent pairs, north/south, 非本X户籍, dialect 银": ("hukou_region", [
        "鲁籍人员不考虑", "湘籍谢绝", "黔籍的暂不招", "皖人勿扰", "赣籍老乡不要", "南方人不要", "北方的算了", "河北山西的不要",
        "江西湖南那边过来的一律不收", "川渝的请勿投递", "两广银不要", "非本市户籍不予录用", "非本省户口的一律不要",
        "非宿迁籍免谈"]),
    "religion, carriers and disability under the same exclusions": ("religion", ["信教者恕不录用", "有宗教信仰的一律不招"]),
    "a carrier excluded without 者": ("health", ["乙肝携带的不收", "病毒携带者一律不要", "hbv携带的别来"]),
    "a disability or injury excluded": ("disability", ["肢体有残疾的不要", "身体有缺陷的不收", "伤残人员免谈"]),
    "pregnancy test in the entry check, childbearing as a condition": ("marriage_pregnancy", [
        "入职体检包括怀孕检测", "体检项目含妊娠测试", "上岗前需做孕检", "要求有生育经历", "需生过孩子", "生过孩子的优先"]),
    "sex marker after a job noun, ages by sex, the other sex excluded": ("gender", [
        "保安（男）", "厨房杂工(男)", "收银员（女）", "白班适合女性，男士慎投", "叔叔们就不用来了，只招阿姨",
        "男18到45岁，女18到40岁", "女20-35岁"]),
    "ages without 岁, approximate bounds, N+ and bare generation lists": ("age", [
        "年纪轻点，三十以下", "年龄偏小，二十八以内", "三十出头以内", "四十多岁以下", "年龄35+", "年纪40+", "70后、80后",
        "85后/90后"]),
    "wages held back, papers kept by the company": ("fee", [
        "前三个月工资压着，干满一年再给", "押着员工的工资", "头半个月工资扣下", "证件原件交由财务统一保管",
        "毕业证原件留在公司保存"]),
    "a purchase required of the worker": ("fee", ["须先购买199元入门套餐", "需自费拍定妆照", "形象照拍摄费自理"]),
    "paying, then receiving tasks; task groups": ("scam", ["交299元会员费后领取任务", "带你进群接任务", "需自费拍定妆照"]),
    "a number dictated in parts, v号": ("contact_in_text", [
        "手机前三位151，中间6688，后四位2233", "号码是135，中间4567，尾号8899", "v号：zhangsan2024"]),
    "the scope words between a group and its exclusion (这次, 暂, 本批) for every group": ("gender", [
        "男同志这次不考虑", "女的本批次暂不安排"]),
    "an age bound after 年龄超过 without 岁, then an exclusion": ("age", ["年龄超过45就算了", "年纪过了五十的不考虑"]),
    "two province abbreviations with 两省/两地": ("hukou_region", ["豫皖两省的不要", "湘鄂两地的暂不招"]),
    "wages held for a period, a product bought from the company": ("fee", ["工资压两个月", "需购买公司产品"]),
    "more exclusion words (免问, 别问了, 不行) and 只适合 as a restriction": ("gender", [
        "女性免问", "男的别问了", "本岗位只适合女性"]),
    "pregnancy plans and the pregnant under the new exclusions": ("marriage_pregnancy", ["孕期的不行", "二胎计划者慎投"]),
    "a named religion with 信仰…教": ("religion", ["信仰伊斯兰教的不要"]),
    "a disability named by a colloquial noun": ("disability", ["瘸子不要"]),
    "a birth year as the limit": ("age", ["85年以后出生", "1990年以后出生的"]),
}


@pytest.mark.parametrize(("text", "category"), [pytest.param(t, c, id=f"{k}|{t}") for k, (c, ts) in FOUND.items()
                                                  for t in ts])
def test_phenomenon_found(text: str, category: str) -> None:
    assert category in _cats(text)


# the same nouns, numbers and fee words without a restriction, exclusion or demand: no finding at all
CLEAN: dict[str, list[str]] = {
    "gendered person noun as the person served, the job or a greeting": [
        "阿姨您好，欢迎咨询", "招月嫂，照顾产妇", "招保姆阿姨，住家", "欢迎宝妈，时间自由", "宝妈、学生、退休人员均可",
        "男女不限，阿姨大叔都可以", "家政阿姨，做饭打扫", "帮大姐家里收拾屋子", "小伙子姑娘都欢迎", "招聘保洁阿姨数名，男女不限",
        "照顾一位阿姨，85岁", "本店有美女老板娘坐镇", "招保洁员，阿姨大叔都要", "男工女工都要", "招理发师傅",
        "家政公司招住家阿姨，做饭带娃", "帮忙照顾一位大妈，住院陪护", "宝妈兼职，时间自由，在家可做", "欢迎姐妹们来咨询",
        "工友都叫他老李大哥，人很实在", "保洁阿姨大叔均可，年龄不限", "适合宝妈、大学生、退休人员", "大哥大姐都可以来",
        "叔叔阿姨都欢迎", "小伙子、大姐都要", "宝妈们不要错过，在家就能做", "阿姨不要担心，活不累",
        "姐妹们不要犹豫，名额有限", "兄弟单位联合招聘", "宝妈岗，时间灵活，可带娃", "本岗位适合阿姨，活不重",
        "需要会开叉车，找个师傅带"],
    "region words in names, directions and welcomes": [
        "东北菜馆招厨师", "西北风味面馆招服务员", "新疆大盘鸡店招学徒", "欢迎河南、东北的老乡", "老板是东北人，人很好",
        "店在苏北，离市区近", "河南、安徽、山东的朋友都欢迎", "江浙沪包邮", "云贵川风味餐厅", "东北大米装卸", "西北方向三公里",
        "不限户籍，外地人也可以", "口音不限，普通话会说就行", "我们在苏北，交通方便", "来自东北的王师傅带班", "本地外地都可以，包住",
        "欢迎外省朋友，提供宿舍", "江浙沪地区均有项目", "老板是江浙沪一带做生意的", "店名叫东北人家，招传菜员",
        "除本地人外，外地员工提供住宿", "招厨师，要会做东北菜", "本店主营新疆特产", "除周日外每天上班", "除了工资还有提成"],
    "numbers with separators that are not a phone number": [
        "2024-10-01至2025-06-30有效", "上班时间8:00-12:00，13:30-17:30", "2025年1月15日至3月15日", "工资4500-5500，提成1-3个点",
        "20250601开始，20250630结束", "1、2、3、4、5号线地铁沿线", "计件：1元/件，2元/箱，3元/袋，5元/件", "一三五上班，二四六休息",
        "价格：11.5元，13.8元，12.6元", "招工人数10-15人，2025-06-01至2025-08-31", "时间：1-3月，4-6月，7-9月，10-12月",
        "办公时间 9:00-17:30，周一至周五", "2025.06.01-2025.12.31 有效期内", "活动日期 1月13日—1月15日", "第1、3、5、7周上班",
        "订单号 20250613 已完成", "工价：1.3元、1.5元、1.8元每件", "时间：2025年11月18日-2025年12月15日", "计件1-3元，日均180-260",
        "第一天13元/箱，第二天起15元/箱"],
    "fee words the worker does not pay": [
        "会员卡充值享8折", "押金由平台代管，不向工人收取", "入会免费", "报名免费", "住宿免费，水电自理", "不押工资，不扣证件",
        "公司承担服装费", "工服公司统一发放", "收银员，向顾客收取会员费并开票", "负责收银，收取顾客会员费", "向顾客收取押金并登记",
        "收取快递费，日结", "超市会员费代收", "物业管家，负责收取物业费", "话费、车费公司报销", "押金：无", "押金：0元",
        "服装费：公司承担", "费用：无", "会员费由公司缴纳", "公司提供工作服，不需要购买", "本地旅游号招剪辑，按条付费",
        "快递员负责代收货款"],
    "numbers that are not ages, and lawful ages": [
        "年满16周岁即可", "年龄18-60岁，男女不限", "工作满5年以上", "照顾一位80岁老人", "80后90后00后都欢迎", "已经干了十五六年",
        "三十五六个工人", "本店已开业十五六年", "有十七八个人一起干", "四五十个工人的工厂", "照顾八十五六岁的老人",
        "不招童工，年满十六周岁", "欢迎年轻人和中老年朋友", "团队成员大多是九零后，氛围活泼", "我们是一个年轻的团队，氛围好",
        "五六十岁身体好的也欢迎", "十七八岁的也要", "二十出头的小伙子很能干", "三十多岁的师傅带班", "干了二十多年"],
    "fresh ads": [
        "照顾阿姨的饮食起居", "工厂在苏北，离高速口近", "工作地点：东北角仓库", "工资：3000-4500，月底发放", "扫码支付15元，公司报销",
        "提供免费工作服和工牌", "年龄要求：无", "欢迎宝妈和退休大姐", "两广特产店招店员，男女不限", "9:30-21:30两班倒，月休四天"],
    "fees, numbers and nouns in other roles": [
        "每单配送费5元，多劳多得", "司机负责收取运费和代收货款", "帮客户缴纳水电费、燃气费", "收银员：负责收取停车费",
        "公司为员工缴纳意外险费用", "交通费、住宿费实报实销", "房租费用公司承担一半", "付加班费，每小时30元", "员工餐费全免",
        "提供技能培训，费用由政府补贴", "工号：13812，工牌编号1-3-8", "身份证号321322199001011234", "车辆编号13-8-1234-5678-9",
        "2025年1月3日-8月12日，每周3、4、5、6上班", "江苏以外地区暂未开通服务", "长三角地区的客户为主", "东北方向的仓库",
        "本地人优惠价", "阿姨家的狗需要遛", "要大姐夫来接", "招聘家政阿姨，男女均可", "老板娘人很好，姐妹们相处融洽", "帅哥美女都欢迎",
        "小伙子们干劲足，氛围好", "干满十五六天即可结算", "年轻态度好，服务热情", "90后老板创业团队", "会员费：0", "押金：不收",
        "工服：免费提供", "扣款：无", "服装由公司统一购买", "面试带好身份证和一寸照片", "入会免费，派单不收钱", "首月工资次月10日发放",
        "第一个月有师傅带，工资照发"],
    "whole ads": [
        "沭阳城区饭店招洗碗工，男女不限，包两餐，月薪3000", "家政公司招住家保姆，照顾一位八十岁的大爷", "月嫂、育婴师，持证优先，工资面议",
        "工地招钢筋工，全国各地老乡都欢迎，包住", "小区保安，宿迁本地及外地均可，提供宿舍", "东北饺子馆招服务员两名，月薪3500，包吃住",
        "四川火锅店招洗碗阿姨，月薪3200，男女不限", "家具厂招木工，日结300，联系方式见平台",
        "快递分拣，日结200，不收任何押金，工牌免费发放", "超市理货，月薪3500，每月15号发上月工资", "酒店服务员，公司免费办理健康证",
        "电子厂普工，年满18周岁，长白班，8:00-17:30", "物流公司司机，C1驾照，工资6000-8000，2025-07-01前到岗",
        "宝妈专属兼职，时间自由，可在家做手工，计件结算", "果园摘苹果，阿姨大姐小伙子都要，日结150-200，每天6小时",
        "本店东北菜馆，老板东北人，欢迎各地朋友来应聘", "养老院护工，照顾老人，五十岁左右的阿姨大叔都欢迎",
        "招保洁，年龄18-60岁，大姐大哥都可以", "招聘会员卡销售，提成另算，无需任何费用", "工厂直招，不收中介费，不押证件，不扣工资"],
    "rules 2026.12.3 look-alikes: a lawful lower bound, papers checked and returned, welcomes, names": [
        "不收未满十六周岁的", "严禁招用未满16周岁人员", "不得招用未满16岁的未成年人", "未满18周岁的需监护人同意",
        "身份证原件核对后当场退还本人", "身份证复印件交人事留存", "入职请带身份证原件", "工资按月发放，绝不压工资",
        "公司不扣押证件，不押工资", "本地人不用交押金", "外地员工不用担心住宿，包住", "北方菜馆招厨师", "南方电网外包项目招电工",
        "上海银行网点保洁", "体检不含孕检", "公司提供孕检假和产检假", "育婴师，需有育儿经验", "男性、女性均可",
        "男士女士均可报名", "收银员（男女不限）", "80后、90后、00后都可以", "我们团队多是80后、90后", "工资按月发，前两个月有师傅带",
        "工号前三位代表车间", "招模特，公司免费拍模卡", "模卡拍摄费用由公司承担", "摄影助理，拍摄费按单另算",
        "南方的冬天不冷，宿舍有空调", "叔叔阿姨都可以来", "山东大姐做的煎饼", "生育津贴按国家规定", "女职工享受产假和生育津贴",
        "川菜馆招厨师，湖南菜也会做更好", "入职不收费用，公司免费发工服", "站点群里接单派单", "会员卡销售，需向顾客推荐会员套餐",
        "女生不要紧张，活很轻松", "京津冀地区的客户", "员工购买公司产品享受八折", "年龄满18即可",
        "做得不行可以学", "尊重宗教信仰", "佛教用品店招店员", "超过30单的部分另算", "2010年以后出生的孩子",
        "工作时间不行可调", "要孩子的计划可以和领导沟通"],
}


@pytest.mark.parametrize("text", [pytest.param(t, id=f"{k}|{t}") for k, ts in CLEAN.items() for t in ts])
def test_lookalike_stays_clean(text: str) -> None:
    assert _cats(text) == set()


def test_severities() -> None:
    # a restriction or exclusion blocks; a gendered noun after a plain hiring verb goes to a person
    assert _severity("只要阿姨，手脚麻利", "gender") == "block"
    assert _severity("招两个大姐打扫卫生", "gender") == "review"
    # the men-only exception for the 女职工禁忌劳动 list still applies to the new nouns
    assert _severity("井下辅助工，只要小伙子", "gender") == "review"
    # a spoken range below 16 is child labour
    assert _severity("十五六岁的也可以", "age") == "block"
    assert _severity("只要二十五六岁的", "age") == "warn"
    assert _severity("138🌹1234🌹5678", "contact_in_text") == "review"
    # a lower age bound under 16 admitted is child labour; refusing those under 16 is the law, not a finding
    assert _severity("招十四五岁的学徒", "age") == "block"
    assert _severity("不招未满十六周岁的", "age") is None
    assert _severity("肢体有残疾的不要", "disability") == "review"


def test_spelled_phone_span_covers_the_original_digits() -> None:
    original = "有事打☎1️⃣3️⃣8️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣找王姐"
    [f] = [f for f in _screen(original).findings if f.category == "contact_in_text"]
    assert f.text == original[original.index("1"):original.rindex("8") + 1]
    assert original[f.span[0]:f.span[1]] == f.text


def test_number_words_normalised_for_ages() -> None:
    assert normalize("十五六岁").text == "15-16岁"
    assert normalize("四五十岁的").text == "40-50岁的"
    assert normalize("三十五六周岁").text == "35-36周岁"
    assert normalize("年龄不超过四十").text == "年龄不超过40"
    assert normalize("七零后、零零后").text == "70后、00后"
    # not an age: left as words
    assert normalize("干了十五六年").text == "干了十五六年"
    assert normalize("十七八个人").text == "十七八个人"
    # every digit of a spoken range maps back to the whole original number
    n = normalize("要十五六岁的")
    assert n.span(1, 6) == (1, 4)


def test_prefilter_changes_no_finding_on_these_sentences(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [t for _, ts in FOUND.values() for t in ts] + [t for ts in CLEAN.values() for t in ts]
    inputs = [ScreeningInput(title="普工", description=t, township_code=HUJI, on_date=ON) for t in texts]
    gated = [[dataclasses.asdict(f) for f in screen(d).findings] for d in inputs]
    monkeypatch.setattr(engine, "trigger_pattern", lambda rs: None)
    plain = [[dataclasses.asdict(f) for f in screen(d).findings] for d in inputs]
    assert gated == plain
    assert sum(1 for f in gated if f) > 120  # the found sentences do exercise the rules
