"""The words and patterns that say what a table question asks.

Grouped by what they decide: the vocabularies a question's filters are read from, the
attributes of one cluster a question may ask for, the operations (count, list, group by,
extreme), the subjects (a row number, a firm, a named cluster) and the signs that a question
is not the tables' to answer (a measure the tables lack, a "how"/"why" question).  Only
patterns live here; :mod:`qa.tables.spotting` applies them.
"""
from __future__ import annotations

import re

from qa.tables.cluster_engine import INDUSTRY_ALIASES

# ------------------------------------------------------------------ vocabularies
# Chinese 主导产业 words a question may filter on (English ones come from INDUSTRY_ALIASES).
INDUSTRY_WORDS = tuple(INDUSTRY_ALIASES) + (
    "航空航天", "葡萄酒", "光电", "石油", "船舶", "生物制药", "医疗设备", "智能制造", "时装", "运动鞋", "软木",
    "化肥", "化学品", "增材制造", "3d打印", "自动驾驶", "动力电池", "量子", "数字安防", "智能家电", "光通信")

# Words that carry no filter in a count or list question ("附表中一共有多少个集群").
GENERIC_WORDS = ("附表中", "附表里", "附表", "报告中", "报告里", "报告", "这份", "请问", "一共", "总共", "合计", "共", "全球",
                 "典型", "先进制造业", "制造业", "产业", "全部", "所有", "里面", "其中", "中", "里", "的", "有", "了", "呢",
                 "那么", "那", "个", "都", "在", "位于", "列出", "列举", "一下", "请", "哪些", "多少", "几", "集群")

# Words that describe clusters without restricting them ("报告中提到的越南有哪些集群").
PLAIN_QUALIFIERS = ("主要", "重点", "著名", "知名", "重要", "代表性", "大型", "世界级", "国际", "国家", "地区", "区域", "城市",
                    "行业", "领域", "提到", "提及", "涉及", "所列", "介绍",
                    "入选", "选入", "收录", "列入", "入围", "上榜")  # listed in the appendix: every row is

# ------------------------------------------------------------------ attributes of one cluster
ATTRIBUTES = (  # (attribute, Chinese pattern, English pattern), first match wins
    ("innovations", r"专利|创新成果|技术创新|创新", r"\bpatents?\b|\binnovations?\b|\bachievements?\b"),
    ("firms", r"龙头企业|领军企业|代表企业|骨干企业|主要企业|代表性企业|哪些企业|哪些公司|企业有哪些|公司有哪些|企业是",
     r"\b(?:leading|anchor|key|major|main) (?:firms?|compan(?:y|ies)|enterprises?|players?)\b"
     r"|\b(?:firms|companies|enterprises)\b"),
    ("institutes", r"研究机构|科研机构|研究院所|研究所|哪些大学|高校", r"\binstitutes?\b|\binstitutions?\b|\buniversit"),
    ("domain", r"行业领域|哪个领域|什么领域|哪一领域|所属领域|领域是|属于.{0,4}领域",
     r"\bdomains?\b|\bsectors?\b|\bfields?\b"),
    ("industry", r"主导产业|主要产业|什么产业|哪个产业|哪些产业", r"\bindustr(?:y|ies)\b"),
    ("country", r"哪个国家|哪一个国家|哪国|什么国家|所在国家|所在国|国家是|位于哪|在哪里|在哪儿|哪里",
     r"\bwhich country\b|\bwhat country\b|\bcountry\b|\bwhere\b|\blocated\b"),
    ("continent", r"哪个洲|哪一洲|什么洲|所在洲|哪个大洲", r"\bcontinent\b"),
    ("number", r"序号|编号", r"\brow number\b|\bnumber\b"),
    ("name", r"叫什么|叫啥|名字|名称|是什么集群|是哪个集群", r"\bname\b|\bcalled\b"),
)
CLUSTER_FACTS = ("firms", "institutes", "domain", "industry", "country", "continent", "innovations")

# ------------------------------------------------------------------ operations
COUNT_ZH = re.compile(r"(?:多少|几)个?(?P<middle>[^，,。？?]{0,24}?)集群|集群(?:的)?(?:数量|总数|个数)?(?:一共|总共|共|合计)?"
                      r"(?:有|是|为)?(?:多少|几)个?|(?:数量|个数|总数)(?:是|为|有)?多少")
COUNT_EN = re.compile(r"\bhow many\b|\bnumber of (?:\w+ ){0,3}clusters\b|\bcount\b")
COUNT_WEAK_ZH = re.compile(r"多少|几个|数量")
LIST_ZH = re.compile(r"(?:哪些|哪几个)(?P<middle>[^，,。？?]{0,24}?)集群|集群(?:都|分别)?(?:有|包括|是)(?:哪些|哪几个)|列出|列举"
                     r"|(?:有|包括|是)(?:哪些|哪几个)[？?]?$"
                     r"|分别是什么|都是什么|名单")
LIST_EN = re.compile(r"\b(?:which|what) (?:\w+ ){0,3}clusters\b|\blist\b|\bname (?:the|all)\b|\bwhich ones\b"
                     r"|\b(?:show|tell|give) (?:me |us )?(?:about )?(?:the |all )?clusters\b")
GROUP_ZH = re.compile(r"(?:各|每个|每一个|分别|按)(?:个)?(?:大)?(?:行业)?(洲|国家|领域)|(洲|国家|领域)(?:分布|分别)"
                      r"|(?:哪个|哪些|哪一个)(?:大)?(?:行业)?(洲|国家|领域)(?:的)?[^，,。？?]{0,16}?(?:集群)?(?:数量)?(?:最多|最少)"
                      r"|集群(?:数量)?(?:最多|最少)的(?:前)?(?:[一二两三四五六七八九十\d]+个)?(?:大)?(?:行业)?(洲|国家|领域)"
                      r"|分布在哪些(洲|国家|领域)")
GROUP_EN = re.compile(r"\b(?:by|per|each) (continent|country|domain|sector)\b|\bwhich (continent|country|domain)\b"
                      r".{0,30}\b(?:most|fewest|least)\b|\b(continent|country|domain)s? with the (?:most|fewest)\b"
                      r"|\b(?:top|which|the) (?:two|three|four|five|six|seven|eight|nine|ten|\d+) "
                      r"(continents|countries|domains|sectors)\b(?=.{0,30}\b(?:most|fewest|least)\b)"
                      r"|\btop (?:two|three|four|five|six|seven|eight|nine|ten|\d+) (continents|countries|domains|sectors)\b")
GROUP_KEY = {"洲": "continent", "国家": "country", "领域": "domain", "sector": "domain",
             "continents": "continent", "countries": "country", "domains": "domain", "sectors": "domain"}
# how many of the ranked groups are asked for: 最多的三个国家, 前五个国家, the top three countries
TOP_ZH = re.compile(r"(?:最多|最少)的(?:前)?([一二两三四五六七八九十]|\d+)个|前([一二两三四五六七八九十]|\d+)(?:个|名|位)")
TOP_EN = re.compile(r"\b(?:top|which|the) (two|three|four|five|six|seven|eight|nine|ten|\d+) "
                    r"(?:\w+ )?(?:continents|countries|domains|sectors)\b")
TOP_NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
               "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
# 多少个国家, how many countries: the distinct values of a column (not "多少个国家的集群")
DISTINCT_ZH = re.compile(r"(?:多少|几)个?(?:不同的?)?(大洲|洲|国家|行业领域|领域)(?!的?(?:集群|[^，,。？?]{0,12}?集群))")
DISTINCT_EN = re.compile(r"\b(?:how many|number of) (?:different |distinct |unique |separate )?"
                         r"(continents|countries|domains|sectors|fields)\b")
DISTINCT_KEY = {"大洲": "continent", "洲": "continent", "国家": "country", "行业领域": "domain", "领域": "domain",
                "continents": "continent", "countries": "country", "domains": "domain", "sectors": "domain",
                "fields": "domain"}
# Two values of one column set against each other ("德国和法国哪个多", "Japan or South Korea")
COMPARE = re.compile(r"更多|更少|多还是|少还是|哪个多|哪个少|谁多|谁少|哪边|比较|相比|对比|分别|各有|各自|\bmore\b|\bfewer\b"
                     r"|\bcompare|\bversus\b|\bvs\.?|\brespectively\b|\beach\b|\bor\b|\bhow many\b|多少|几个", re.I)
# "它们的主导产业", "their leading industries": an attribute of every row of the previous answer
EACH = re.compile(r"它们|这些集群|这些|分别|各自|各个|每个|\btheir\b|\bthey\b|\bthem\b|\bthose\b|\bthese\b|\beach\b",
                  re.I)
EXTREME = re.compile(r"最多|最少|\bmost\b|\bfewest\b|\bleast\b")
FEWEST = ("最少", "fewest", "least")

# ------------------------------------------------------------------ subjects
ROW_NUMBER = re.compile(r"(?:序号|编号|第)\s*(?:为|是)?\s*(\d{1,4})\s*(?:号|个|行|位)?|(?:number|no\.|row|#)\s*(\d{1,4})\b",
                        re.I)
FIRM_CLUSTER = re.compile(r"(?:在|位于|属于|来自|所在的?)(?:哪个|哪些|哪一个|什么)(?:产业)?集群|所在集群|哪个集群|哪些集群"
                          r"|\bwhich clusters?\b|\bwhat clusters?\b|\bin which cluster\b")
FIRM_SPAN = re.compile(r"^(.{1,20}?)(?:公司|集团)?(?:的)?(?:在|位于|属于|来自|所在的?)(?:哪个|哪些|哪一个|什么)(?:产业)?集群")
FIRM_COUNT = re.compile(r"多少家(?:企业|公司)|几家(?:企业|公司)|企业数量|公司数量|how many (?:firms|companies)", re.I)
TABLE_LABEL = re.compile(r"[表图]\s*\d+\s*[-—–－]\s*\d+")
SHORT_NAME = re.compile(r"^(?:请问)?([^\s，,。？?的]{2,12}?)(?:的|有|位于|在|属于|是)")
NAME_SPAN = re.compile(r"([\u4e00-\u9fffA-Za-z0-9·\- ]{2,30}?(?:集群|科技园|产业园|工业园|工业区|科学园|科学城|园区|谷|城|金三角))"
                       r"(?=的|有|位于|在|属于|是|,|，|\?|？|$)")

# ------------------------------------------------------------------ not the tables' to answer
# 多少员工, how many employees: a measure of a cluster the tables do not have (the prose may).
OTHER_MEASURE = re.compile(r"(?:多少|几)(?:名|位|人|员工|雇员|从业|就业|岗位|产值|营收|收入|销售|专利|项|亿|万|年|倍|平方|公里|"
                           r"面积|资金|投资|美元|元)|\bhow (?:many|much) (?:\w+ ){0,2}(?:employees|people|workers|jobs|staff|"
                           r"patents|years|revenue|output|investment|money|sales)\b", re.I)
# What is left of a count question is a place the report lacks only if it is not about the report's own method.
NOT_A_PLACE = re.compile(r"^(?:本|该|此|这)|选取|选择|选出|入选|研究|分析|作为|样本|案例|提到|提及|介绍|涉及|统计|收录|列入|纳入|调研|文中|"
                         r"我们|典型|代表")
NOT_ABOUT_TABLES = re.compile(r"如何|怎样|怎么|为什么|为何|原因|趋势|特点|特征|政策|措施|比重|占比|增长|亿|万|%|美元|英镑|营收|"
                              r"\bhow (?:do|does|did|is|are|can)\b|\bwhy\b|\bpolic", re.I)

# ------------------------------------------------------------------ the frame of a table question
# Words that ask (how many, which, list, among them) or only link the words that carry the
# question; what is left once these, the names, the filters and the attribute are taken away
# is content the parse did not use (see qa.tables.coverage).
# Verbs that only relate what is asked to what it is asked about ("靠的是哪家研究机构", "institutes back X").
RELATING_VERBS_ZH = "集中 靠 依靠 依托 支撑 支持 带动 聚集 汇聚 集聚 入驻 坐落 落户 扎根 设在 依赖 背后 算作 称为 当作"
RELATING_VERBS_EN = ("home back backs backed support supports supported host hosts hosted house houses housed anchor "
                     "anchors "
                     "anchored drive drives driving feature features featured contain contains involve involves own "
                     "owns run runs lead leads consider considered regard regarded rely relies serve serves work works")
FRAME_WORDS_ZH = tuple(sorted(set(GENERIC_WORDS + PLAIN_QUALIFIERS + tuple(RELATING_VERBS_ZH.split()) + tuple((
    "附表 报告 表格 表中 表里 这份 本 请问 请 麻烦 告诉 我 想 知道 一下 列出 列举 罗列 给出 "
    "说说 看看 一共 总共 共计 合计 总计 共 全部 所有 都 全 各 各自 每个 每一个 每 分别 按 "
    "按照 集群 产业集群 产业 先进制造业 制造业 典型 全球 世界 有 是 在 的 了 呢 吗 么 啊 吧 "
    "和 与 及 以及 或 或者 还是 跟 同 对 于 其中 之中 中 里 里面 内 上 那么 那 这 这些 "
    "那些 它们 它 该 此 多少 几 个 家 所 项 数量 个数 总数 数目 数 哪些 哪个 哪一个 哪 "
    "什么 谁 哪里 哪儿 位于 属于 来自 分布 分属 涉及 覆盖 包括 包含 含 收录 列入 列 所列 入选 选入 入围 上榜 "
    "提到 提及 介绍 拥有 占 类 方面 相关 更多 更少 多 少 最多 最少 比较 相比 对比 之间 以上 "
    "以下 都是 又 还 也 再 名称 名字 叫 叫做 不同 地 主要 分别是 各有 多还是少 哪边 谁多 "
    "又是 具体 情况 一些 哪几个 几个 大洲 洲 国家 领域 行业领域 行业 同样 当中 之 为 由 把 "
    "被 将 从 到 给 作为 列为 算 算是 有没有 是否 多大 到底 究竟 呀 哦 嗯 请列出 那边 这边 那块 这块 那里 这里 啥 叫啥 都叫啥").split())), key=len, reverse=True))
FRAME_WORDS_EN = frozenset(RELATING_VERBS_EN.split()) | frozenset(
    "a an the of in on at to for from by with about as into over under and or but not no is are was were be been being "
    "do does did has have had having what which who whom whose when where how many much there their its it this that "
    "these those they them than then so can could would should will may might per according report reports say says "
    "said tell show list lists listed give name names named called call please mentioned mention mentions me cluster clusters "
    "appendix table tables total overall altogether all each every include includes included including appear "
    "appears appearing covered cover covers count counts number numbers come comes span spans belong belongs filed "
    "under located based sit sits part among different distinct unique separate kind kinds type types typical "
    "advanced manufacturing industrial major main key leading primary respectively both either compared compare "
    "versus vs more fewer less most fewest least also just only one ones s again same other others too "
    "countries country continents continent domains domain sectors sector fields field".split())
