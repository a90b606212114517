"""English → Chinese terms of the report's domain, for English questions over a Chinese corpus.

BM25 cannot match "aerospace" to 航空航天, and the small multilingual embedder is weaker
across languages than within one.  English questions are therefore expanded with the
report's own Chinese terms for the words they contain (places, industries, question words).
The table engine reads the same glossary for its English filters.
"""
from __future__ import annotations

import re

from qa.text import is_chinese

CONTINENTS = {
    "north america": "北美洲 北美", "north american": "北美洲 北美", "europe": "欧洲", "european": "欧洲",
    "asia": "亚洲", "asian": "亚洲", "oceania": "澳洲", "australasia": "澳洲",
    "south america": "南美洲 南美", "latin america": "南美洲 拉美 拉丁美洲", "africa": "非洲",
}

COUNTRIES = {
    "united states": "美国", "usa": "美国", "u.s.": "美国", "us": "美国", "america": "美国", "american": "美国",
    "china": "中国", "chinese": "中国", "japan": "日本", "japanese": "日本", "germany": "德国", "german": "德国",
    "south korea": "韩国", "korea": "韩国", "korean": "韩国", "france": "法国", "french": "法国",
    "canada": "加拿大", "canadian": "加拿大", "sweden": "瑞典", "swedish": "瑞典", "italy": "意大利",
    "italian": "意大利", "singapore": "新加坡", "switzerland": "瑞士", "swiss": "瑞士",
    "new zealand": "新西兰", "india": "印度", "indian": "印度", "united kingdom": "英国", "uk": "英国",
    "britain": "英国", "british": "英国", "england": "英国", "belgium": "比利时", "denmark": "丹麦",
    "danish": "丹麦", "spain": "西班牙", "spanish": "西班牙", "brazil": "巴西", "portugal": "葡萄牙",
    "netherlands": "荷兰", "dutch": "荷兰", "holland": "荷兰", "ireland": "爱尔兰", "australia": "澳大利亚",
    "thailand": "泰国", "saudi arabia": "沙特阿拉伯", "norway": "挪威", "turkey": "土耳其", "hungary": "匈牙利",
    "taiwan": "台湾", "eu": "欧盟", "european union": "欧盟",
}

PLACES = {
    "silicon valley": "硅谷", "seattle": "西雅图", "boston": "波士顿", "chicago": "芝加哥", "detroit": "底特律",
    "pittsburgh": "匹兹堡", "houston": "休斯顿", "san francisco": "旧金山", "san diego": "圣地亚哥",
    "los angeles": "洛杉矶", "atlanta": "亚特兰大", "austin": "奥斯汀", "philadelphia": "费城",
    "minneapolis": "明尼阿波利斯", "nashville": "纳什维尔", "north carolina": "北卡罗来纳州",
    "new jersey": "新泽西州", "texas": "德克萨斯州", "michigan": "密歇根", "ohio": "俄亥俄州",
    "california": "加利福尼亚", "southern california": "南加州", "quebec": "魁北克省", "montreal": "蒙特利尔",
    "ontario": "安大略", "british columbia": "不列颠哥伦比亚省", "calgary": "卡尔加里", "saskatoon": "萨斯卡通",
    "adelaide": "阿德莱德", "waipara": "怀帕拉", "auckland": "奥克兰", "rio de janeiro": "里约热内卢",
    "galway": "戈尔韦", "wallonia": "瓦隆", "antwerp": "安特卫普", "odense": "欧登塞", "nuremberg": "纽伦堡",
    "wolfsburg": "沃尔夫斯堡", "lower saxony": "下萨克森", "hamburg": "汉堡", "munich": "慕尼黑",
    "tuttlingen": "图特灵根", "stuttgart": "斯图加特", "bavaria": "巴伐利亚", "toulouse": "图卢兹",
    "lyon": "里昂", "paris": "巴黎", "grenoble": "格勒", "sophia antipolis": "索菲亚", "saclay": "萨克雷",
    "alsace": "阿尔萨斯", "wageningen": "瓦赫宁根", "stavanger": "斯塔万格", "kista": "希斯塔",
    "basel": "巴塞尔", "crypto valley": "加密谷", "istanbul": "伊斯坦布尔", "madrid": "马德里",
    "catalonia": "加泰罗尼亚", "london": "伦敦", "cambridge": "剑桥", "oxford": "牛津", "edinburgh": "爱丁堡",
    "teesside": "提赛德", "piedmont": "皮埃蒙特", "montebelluna": "蒙特贝鲁纳", "florence": "佛罗伦萨",
    "emilia-romagna": "艾米利亚-罗马涅", "prato": "普拉托", "gyeonggi": "京畿道", "busan": "釜山",
    "pangyo": "板桥", "changwon": "昌原", "gumi": "龟尾", "yeosu": "丽水", "seoul": "首尔", "daedeok": "大德",
    "aichi": "爱知", "osaka": "大阪", "tokyo": "东京", "kobe": "神户", "fukushima": "福岛",
    "kitakyushu": "北九州", "kyushu": "九州", "fukuoka": "福冈", "tsukuba": "筑波", "hokkaido": "北海道",
    "okinawa": "冲绳", "kanto": "关东", "kansai": "关西", "yanbu": "延布", "map ta phut": "玛塔普",
    "maharashtra": "马哈拉施特拉邦", "bangalore": "班加罗尔", "bengaluru": "班加罗尔", "jurong": "裕廊",
    "tuas": "大士", "biopolis": "启奥", "wuhan": "武汉", "changchun": "长春", "shanghai": "上海",
    "shenzhen": "深圳", "suzhou": "苏州", "guangzhou": "广州", "qingdao": "青岛", "shenyang": "沈阳",
    "xi'an": "西安", "xian": "西安", "xuzhou": "徐州", "hohhot": "呼和浩特", "ganzhou": "赣州",
    "beijing": "北京", "dongguan": "东莞", "wenzhou": "温州", "hsinchu": "新竹", "hangzhou": "杭州",
    "zhangjiang": "张江", "changsha": "长沙", "ningbo": "宁波", "inner mongolia": "内蒙古",
}

DOMAINS = {
    "electronic information": "电子信息", "electronics": "电子信息", "information technology": "信息技术",
    "high-end equipment": "高端装备", "equipment": "装备", "biomedicine": "生物医药", "biomedical": "生物医药",
    "biopharmaceutical": "生物医药", "pharmaceutical": "医药", "pharma": "医药", "biotech": "生物技术",
    "biotechnology": "生物技术", "life sciences": "生命科学", "medical devices": "医疗器械",
    "medical device": "医疗器械", "new materials": "新材料", "new material": "新材料", "materials": "材料",
    "consumer goods": "消费品", "new energy vehicles": "新能源汽车", "new energy vehicle": "新能源汽车",
    "electric vehicles": "新能源汽车", "intelligent connected vehicles": "智能网联汽车", "automotive": "汽车",
    "automobile": "汽车", "car": "汽车", "cars": "汽车", "aerospace": "航空航天", "aviation": "航空",
    "aircraft": "飞机", "robotics": "机器人", "robot": "机器人", "robots": "机器人", "semiconductor": "半导体",
    "semiconductors": "半导体", "chips": "芯片", "artificial intelligence": "人工智能", "ai": "人工智能",
    "wine": "葡萄酒", "food": "食品", "dairy": "乳制品", "textile": "纺织", "textiles": "纺织",
    "fashion": "时装", "cosmetics": "化妆品", "petrochemical": "石化", "chemical": "化工",
    "carbon fiber": "碳纤维", "rare earth": "稀土", "power battery": "动力电池", "power batteries": "动力电池",
    "battery": "电池", "batteries": "电池", "hydrogen": "氢能", "fuel cell": "燃料电池", "6g": "6G", "5g": "5G",
    "internet": "互联网", "software": "软件", "shipbuilding": "造船", "engineering machinery": "工程机械",
    "construction machinery": "工程机械", "rail transit": "轨道交通", "photonics": "光电子",
    "optoelectronics": "光电子", "home appliances": "家电", "security": "安防", "carbon capture": "碳捕集",
    "low-carbon": "低碳", "low carbon": "低碳", "net zero": "净零", "zero-carbon": "零碳",
    "digital": "数字", "digital technology": "数字技术", "manufacturing": "制造业", "industry 4.0": "工业4.0",
}

TERMS = {
    "cluster": "集群", "clusters": "集群", "advanced manufacturing": "先进制造业",
    "advanced manufacturing cluster": "先进制造业集群", "industrial cluster": "产业集群",
    "definition": "定义 是指", "define": "定义 是指", "defined": "定义 是指", "what is": "是指",
    "leading firms": "龙头企业", "leading companies": "龙头企业", "leading enterprises": "龙头企业",
    "firms": "企业", "companies": "企业", "company": "企业", "enterprises": "企业",
    "research institutes": "研究机构", "research institutions": "研究机构", "universities": "大学",
    "institutes": "研究机构", "patents": "专利", "patent": "专利", "innovation": "创新",
    "innovations": "创新成果", "policy": "政策", "policies": "政策", "measures": "措施",
    "government": "政府", "cooperation": "合作", "cross-regional": "跨区域 跨国", "collaboration": "协作",
    "network": "网络", "venture capital": "风险投资", "investment": "投资", "invest": "投资",
    "loans": "贷款", "loan": "贷款", "share": "占比 份额", "market share": "市场份额", "proportion": "比重",
    "percentage": "比重 占比", "growth": "增长", "growth rate": "增长率", "annual": "年均", "average": "平均",
    "gdp": "GDP", "sales": "销量", "penetration": "渗透率", "output": "产值", "exports": "出口",
    "shipments": "出货量", "installations": "装机量", "installed": "装机量", "unicorns": "独角兽",
    "unicorn": "独角兽", "employment": "就业", "jobs": "就业 岗位", "unemployment": "失业率",
    "revenue": "营收", "profit": "利润", "profits": "利润", "fortune 500": "世界500强",
    "top ten": "前十", "top 10": "前十", "keywords": "关键词", "keyword": "关键词", "citation bursts": "突现",
    "burst": "突现", "literature": "文献", "english": "英文", "trends": "趋势", "trend": "趋势",
    "recommendations": "建议", "suggestions": "建议", "culture": "文化", "brand": "品牌",
    "small and medium": "中小企业", "smes": "中小企业", "supply chain": "供应链", "industrial chain": "产业链",
    "value chain": "价值链", "distribution": "分布", "located": "位于 所在", "region": "区域 地区",
    "regions": "区域 地区", "country": "国家", "countries": "国家", "how many": "多少 个",
    "number of": "数量", "carbon": "碳", "emissions": "排放", "world economy": "世界经济",
    "global economy": "全球经济", "economic growth": "经济增长", "plan": "计划", "programme": "计划",
    "program": "计划", "strategy": "战略", "excellence": "卓越", "partnership": "伙伴关系",
    "appendix": "附表", "table": "表", "recommend": "建议", "recommendations for": "建议",
    "gene therapy": "基因疗法", "gene therapies": "基因疗法", "drug": "药物", "drugs": "药物",
    "vaccine": "疫苗", "vaccines": "疫苗", "cancer": "癌症 肿瘤", "treatment": "治疗", "therapy": "疗法",
    "medical": "医疗", "devices": "器械 设备",
    "brands": "品牌", "r&d": "研发",
}

# The report writes most Western and Asian firms in Chinese: their usual English names.
FIRMS = {
    "novartis": "诺华", "roche": "罗氏", "pfizer": "辉瑞", "astrazeneca": "阿斯利康", "merck": "默克",
    "msd": "默沙东", "merck sharp & dohme": "默沙东", "johnson & johnson": "强生", "medtronic": "美敦力公司",
    "abbott": "雅培", "abbvie": "艾伯维", "eli lilly": "礼来公司", "lilly": "礼来公司", "gsk": "葛兰素史克",
    "glaxosmithkline": "葛兰素史克", "sanofi": "赛诺菲", "bayer": "拜耳", "amgen": "安进", "biogen": "渤健",
    "genentech": "基因泰克", "gilead": "吉列德", "thermo fisher": "赛默飞世尔", "danaher": "丹纳赫公司",
    "bristol myers squibb": "百时美施贵宝", "bristol-myers squibb": "百时美施贵宝", "novo nordisk": "诺和诺德",
    "boston scientific": "波士顿科学", "baxter": "百特", "siemens": "西门子", "siemens healthineers": "西门子医疗公司",
    "boeing": "波音公司", "airbus": "空中客车", "lockheed martin": "洛克希德·马丁公司", "raytheon": "雷神公司",
    "bombardier": "庞巴迪", "safran": "赛峰集团", "dassault": "达索航空", "saab": "萨博集团",
    "caterpillar": "卡特彼勒", "apple": "苹果", "google": "谷歌", "microsoft": "微软", "intel": "英特尔",
    "qualcomm": "高通", "hp": "惠普", "cisco": "思科公司", "tesla": "特斯拉", "amazon": "亚马逊",
    "oracle": "甲骨文公司", "dell": "戴尔", "ibm": "IBM", "texas instruments": "德州仪器",
    "general electric": "通用电气", "uber": "优步", "coca-cola": "可口可乐", "delta": "达美航空",
    "samsung": "三星", "lg": "LG", "sk hynix": "SK 海力士", "hyundai": "现代汽车", "kia": "起亚汽车",
    "sony": "索尼", "toshiba": "东芝", "panasonic": "松下", "fujitsu": "富士通", "hitachi": "日立",
    "toray": "东丽", "toyota": "丰田汽车公司", "honda": "本田汽车", "nissan": "日产汽车", "denso": "电装公司",
    "aisin": "爱信", "suzuki": "铃木汽车", "mitsubishi": "三菱", "tsmc": "台积电", "acer": "宏碁",
    "huawei": "华为", "xiaomi": "小米", "baidu": "百度", "boe": "京东方", "byd": "比亚迪", "zte": "中兴通讯",
    "alibaba": "阿里巴巴", "haier": "海尔", "hisense": "海信", "hikvision": "海康威视", "dahua": "大华股份",
    "catl": "宁德时代", "sany": "三一集团", "zoomlion": "中联重科", "xcmg": "徐工集团", "wanhua": "万华化学",
    "ganfeng": "赣锋锂业", "mengniu": "蒙牛", "saic": "上汽集团", "gac": "广汽集团", "nio": "蔚来",
    "xpeng": "小鹏", "faw": "中国一汽", "dongfeng": "东风汽车", "chint": "正泰", "ericsson": "爱立信",
    "basf": "巴斯夫", "volkswagen": "大众", "mercedes-benz": "奔驰", "mercedes": "奔驰", "bmw": "宝马",
    "porsche": "保时捷", "audi": "奥迪", "bosch": "博世", "zf": "采埃孚", "volvo": "沃尔沃", "ferrari": "法拉利",
    "maserati": "玛莎拉蒂", "renault": "雷诺", "l'oreal": "欧莱雅", "loreal": "欧莱雅", "chanel": "香奈儿",
    "hermes": "爱马仕", "dior": "迪奥", "pierre fabre": "皮尔法伯", "nestle": "雀巢", "unilever": "联合利华",
    "danone": "达能", "rolex": "劳力士", "patek philippe": "百达翡丽", "swatch": "斯沃琪", "cartier": "卡地亚",
    "gucci": "Gucci", "prada": "Prada", "h&m": "H&M", "abb": "ABB", "shell": "壳牌", "exxonmobil": "埃克森美孚",
    "dupont": "杜邦", "saudi aramco": "沙特阿美公司", "aramco": "沙特阿美公司", "sinopec": "中国石化",
    "tata": "塔塔", "ford": "福特", "general motors": "通用", "3m": "3M公司", "unitedhealth": "联合健康集团",
}

GLOSSARY: dict[str, str] = {**TERMS, **DOMAINS, **FIRMS, **PLACES, **COUNTRIES, **CONTINENTS}
_PATTERN = re.compile(
    r"(?<![a-z0-9])(" + "|".join(re.escape(k) for k in sorted(GLOSSARY, key=len, reverse=True)) + r")(?![a-z0-9])"
)


def chinese_terms(text: str) -> list[str]:
    """The report's Chinese terms for the English words and phrases in ``text`` (longest match first)."""
    found: list[str] = []
    for match in _PATTERN.finditer(text.lower()):
        for term in GLOSSARY[match.group(1)].split():
            if term not in found:
                found.append(term)
    return found


def expand_query(query: str) -> str:
    """An English question with the report's Chinese terms appended; Chinese questions unchanged."""
    if is_chinese(query):
        return query
    terms = chinese_terms(query)
    return f"{query} {' '.join(terms)}" if terms else query


ENGLISH_STOPWORDS = frozenset(
    "a an the of in on at to for from by with about as into over under and or but not no is are was were be "
    "been being do does did has have had what which who whom whose when where why how many much there their "
    "its it this that these those they them he she we you i me my our your than then so such can could would "
    "should will shall may might must per according report reports say says said tell show list give name "
    "named please mentioned mention".split()
)
_MAX_PHRASE_WORDS = max(len(key.split()) for key in GLOSSARY)


def longest_phrases(words: list[str]):
    """Walk lower-cased ``words`` left to right, yielding ``(phrase, renderings)``.

    ``renderings`` is the list of the report's Chinese terms when the longest phrase starting
    at that word is in the glossary, else ``None`` (and ``phrase`` is the single word).
    """
    position = 0
    while position < len(words):
        for length in range(min(_MAX_PHRASE_WORDS, len(words) - position), 0, -1):
            phrase = " ".join(words[position:position + length])
            if phrase in GLOSSARY:
                yield phrase, GLOSSARY[phrase].split()
                position += length
                break
        else:
            yield words[position], None
            position += 1
