"""Bank card numbers and private mobile numbers in text (规范 第十八条(一)8: 个人隐私).

A bank card counts when it passes the Luhn check, has 16-19 digits, starts like a card issued in
China (UnionPay 62, Visa 4, Mastercard 5, JCB/Amex 3, old domestic 9) and stands in a card
context (银行卡, 卡号, 账号, 开户行 ... shortly before it).  A unit's own account (户名 an office,
a bureau, a company ...) is public by nature and not counted.

A mobile number counts when it has a valid 13x-19x prefix, stands beside a person's name (a
2-4 character name starting with a common surname, in the same row or a few lines above it) and
carries no service label (值班, 服务, 咨询, 办公 ...) before it on its line.  Landlines, 12345 and
masked numbers (138****5678) never match.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from govsite.textscan.hits import Hit, normalize, view_hit
from govsite.textscan.tokens import CARD as _CARD
from govsite.textscan.tokens import MOBILE as _MOBILE
from govsite.textscan.tokens import view

_CARD_CONTEXT = re.compile(r"银行卡|卡号|账号|帐号|开户行|开户银行|银行账户|银行帐户|账户|帐户|"
                           r"一卡通|社保卡|存折|收款卡")
_CARD_CONTEXT_BEFORE = 300
_CARD_CONTEXT_AFTER = 30
# a unit's account: 户名：凤冈县财政局 ... 账号：...
_UNIT_ACCOUNT = re.compile(r"户\s*名\s*[：:]?\s*\S{0,20}?(?:局|委|院|办|中心|政府|财政|公司|银行|专户|"
                           r"学校|医院|所|站|队|会|社|处|厂|部|室|馆)")
# serial numbers that happen to pass Luhn: a label right before the number says what it is
_SERIAL_LABEL = re.compile(r"(?:流水号|编号|订单号|单号|代码|索引号|文号|批次号|合同号|项目号)\s*[：:]?\s*$")

_MOBILE_PREFIXES = frozenset(
    {f"13{d}" for d in range(10)} | {"145", "146", "147", "148", "149"}
    | {f"15{d}" for d in "012356789"} | {"162", "165", "166", "167"}
    | {f"17{d}" for d in range(10)} | {f"18{d}" for d in range(10)}
    | {f"19{d}" for d in range(10)})
_NAME_LOOKBACK_CHARS = 80
_NAME_LOOKBACK_LINES = 4
_NAME_LOOKAHEAD_CHARS = 12
_LABEL_LOOKBACK = 14

# Common surnames (about 98 % of the population) and the compound ones.
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
    "万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘"
    "祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟"
    "艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞"
    "姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕"
    "楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣"
    "晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉"
    "银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由")
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐",
                     "长孙", "宇文", "夏侯", "端木", "司徒", "西门", "独孤", "南宫", "呼延", "万俟")
# 2-4 CJK characters standing alone between separators: a table cell, a list entry.
_NAME_TOKEN = re.compile(r"(?:^|(?<=[\s，,：:；;、（）()\[\]【】|/]))([\u4e00-\u9fff]{2,4})"
                         r"(?=$|[\s，,：:；;、（）()\[\]【】|/\d])", re.M)
# tokens that start with a surname character but are words (table headers, roles, categories)
_NOT_NAMES = re.compile(r"^(?:姓名|户主|联系|电话|手机|号码|备注|类别|金额|单位|地址|职务|职称|性别|民族|"
                        r"年龄|时间|日期|合计|小计|序号|身份|银行|开户|账号|卡号|村|镇|乡|社区|一类|二类|"
                        r"三类|男|女|汉族|是|否|无|有|全额|部分|高中|初中|小学|大专|本科|研究生|教师|"
                        r"医生|农民|居民|干部|党员|群众|申请人|户籍|住址|常住|万元|元|合格|优秀|良好)")


def is_mobile_number(digits: str) -> bool:
    """11 digits with a prefix a mobile operator issues."""
    return digits[:3] in _MOBILE_PREFIXES


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def mask_card(digits: str) -> str:
    """6217 **** **** 1234: first 4 and last 4 digits kept."""
    return f"{digits[:4]} **** **** {digits[-4:]}"


def mask_mobile(digits: str) -> str:
    """138****5678."""
    return digits[:3] + "****" + digits[-4:]


def is_card_number(digits: str) -> bool:
    """16-19 digits passing the Luhn check (the prefix is the shape's)."""
    return 16 <= len(digits) <= 19 and luhn_ok(digits)


def find_bank_cards(text: str, width: int = 15) -> list[Hit]:
    """Luhn-valid card numbers standing in a card context, each shown masked.

    A redaction token (tokens.py) of a card number counts as the number it stands for."""
    v = view(normalize(text))
    text = v.text
    hits = []
    for m in _CARD.finditer(text):
        digits = re.sub(r"[ -]", "", m.group(1))
        ok = v.verdict("C", m.start(), m.end())
        if not (is_card_number(digits) if ok is None else ok):
            continue
        before = text[max(0, m.start() - _CARD_CONTEXT_BEFORE):m.start()]
        after = text[m.end():m.end() + _CARD_CONTEXT_AFTER]
        if not (_CARD_CONTEXT.search(before) or _CARD_CONTEXT.search(after)):
            continue
        line_before = before.rsplit("\n", 1)[-1]
        if _SERIAL_LABEL.search(line_before) or _UNIT_ACCOUNT.search(before[-60:]):
            continue
        hits.append(view_hit(v, m.start(), m.end(), mask_card(digits), width))
    return hits


def is_person_name(token: str) -> bool:
    """A 2-4 character token that reads as a Chinese personal name (surname first)."""
    if not 2 <= len(token) <= 4 or _NOT_NAMES.match(token):
        return False
    if token[:2] in COMPOUND_SURNAMES:
        return len(token) >= 3
    return token[0] in SURNAMES and (len(token) <= 3 or token[:2] in COMPOUND_SURNAMES)


def _has_name(chunk: str) -> bool:
    return any(is_person_name(m.group(1)) for m in _NAME_TOKEN.finditer(chunk))


def _near_name(text: str, start: int, end: int) -> bool:
    lines_before = text[max(0, start - _NAME_LOOKBACK_CHARS):start].split("\n")
    before = "\n".join(lines_before[-_NAME_LOOKBACK_LINES:])
    after = text[end:end + _NAME_LOOKAHEAD_CHARS].split("\n", 1)[0]
    return _has_name(before) or _has_name(after)


@lru_cache(maxsize=16)
def _label_pattern(labels: tuple[str, ...]) -> re.Pattern:
    """Any of the service labels (built once per list, not once per text scanned)."""
    return re.compile("|".join(re.escape(label) for label in labels if label))


def find_private_mobiles(text: str, service_labels: Iterable[str], width: int = 15) -> list[Hit]:
    """Mobile numbers beside people's names and not labelled as a service number, masked.

    A redaction token (tokens.py) of a mobile number counts as the number it stands for."""
    v = view(normalize(text))
    text = v.text
    labels = _label_pattern(tuple(service_labels)) if service_labels else None
    hits = []
    for m in _MOBILE.finditer(text):
        digits = "".join(m.groups())
        ok = v.verdict("M", m.start(), m.end())
        if not (is_mobile_number(digits) if ok is None else ok):
            continue
        line_before = text[max(0, m.start() - _LABEL_LOOKBACK):m.start()].rsplit("\n", 1)[-1]
        line_after = text[m.end():m.end() + _LABEL_LOOKBACK].split("\n", 1)[0]
        if labels is not None and (labels.search(line_before) or labels.search(line_after)):
            continue
        if _near_name(text, m.start(), m.end()):
            hits.append(view_hit(v, m.start(), m.end(), mask_mobile(digits), width))
    return hits
