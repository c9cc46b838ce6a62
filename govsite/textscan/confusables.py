"""Characters a writer types by mistake for another: same sound (pinyin IME) or similar shape
(handwriting, 五笔 codes).  Used to derive one-character near misses of the lexicon's
expressions (社会主义 → 社会主意, 中华人民共和国 → 中华人民共合国, 扫黑除恶 → 扫黑险恶).

Same-sound candidates come from pypinyin's character table, limited to the 3755 characters of
GB 2312 level 1 (the ones an IME offers first); the shape table below is small and hand-made,
covering the characters of the lexicon.
"""
from __future__ import annotations

from functools import lru_cache

# Groups of characters that look alike; every member is confusable with every other.
SHAPE_GROUPS = """
中申甲由电 人入八 民氏 共其兵具 和种利 国围固困图囯 产严彦 党觉赏堂常 央夹决 全金企 代伐岱货
表衰袁 大太犬丈 会合全今 务各条备 委季秀 员贝页负 深探琛 化花 改攻玫政孜故 军车 马乌鸟与
克兑免 思恩患 列例别 宁守宇字 主王玉生 义叉又文 毛手 泽择译洋 东车乐 想相 邓双对 小少水
平干半乎苹评坪午 理埋里 论伦轮沦 个介今令 科料 学字觉 发友 展殿 观现规见视 习刁羽 近进远延
新亲杂 时讨对 特持待侍等 色包邑 社杜礼祖 核该刻孩 价份阶介 值植殖置直 强弦 族旅簇 伟纬韦苇
兴米光 确砾 立并亡 维准惟推堆 护沪扩炉 意急恩 识织职帜只 自目白日首百 信言倍 面而百 五王丑互
体休本 两丙网雨 年午牛 成戍戌戊 建健键律津 康庚唐 从丛众比 治冶始抬 依衣 法去 忘忙妄志忌
初衬切 牢宰罕 记纪计 使便吏史 命令含念 为办力方 格络落洛各 量重里童 供洪拱 侧测则 构沟钩购
性姓牲胜 同周网问司 富福副幅 裕浴欲俗谷 扫归妇帚 黑墨熏 除险徐余涂途陈 恶恩亚 专传转 项顶须顷
斗头 争净挣事 脱悦说锐兑 贫贪盆分 攻功巧 坚竖紧贤监 精睛情清请 扶抉肤夫 乡多 村材衬树林
振张赈震 略络格 类娄数 运远云连违 带常席帝 路露洛 粤奥 港巷 澳奥懊 湾弯 区匹巨医 京景亮惊
冀翼 协办胁 江汪红 经轻径 济挤齐剂 制刺 定宝宁 廉谦兼 铸涛筹 态杰忠 明朋阴 绿缘禄录
青清请情静晴 山出击 银很恨根跟 团困因回园 府腐俯符付 领邻岭铃 导异寻早 组姐阻租祖粗且
""".split()

_GB2312_LEVEL1 = None


def _level1() -> frozenset[str]:
    global _GB2312_LEVEL1
    if _GB2312_LEVEL1 is None:
        chars = set()
        for hi in range(0xB0, 0xD8):
            for lo in range(0xA1, 0xFF):
                try:
                    chars.add(bytes((hi, lo)).decode("gb2312"))
                except UnicodeDecodeError:
                    pass
        _GB2312_LEVEL1 = frozenset(chars)
    return _GB2312_LEVEL1


@lru_cache(maxsize=1)
def _sound_index() -> dict[str, frozenset[str]]:
    """Toneless pinyin → the level-1 characters that can be read so."""
    from pypinyin import Style, pinyin

    index: dict[str, set[str]] = {}
    for ch in _level1():
        for reading in pinyin(ch, style=Style.NORMAL, heteronym=True)[0]:
            index.setdefault(reading, set()).add(ch)
    return {k: frozenset(v) for k, v in index.items()}


@lru_cache(maxsize=1)
def _shape_index() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for group in SHAPE_GROUPS:
        for ch in group:
            index.setdefault(ch, set()).update(c for c in group if c != ch)
    return {k: frozenset(v) for k, v in index.items()}


def readings(term: str) -> list[str]:
    """The toneless pinyin of each character of `term`, read in context (多音字 by phrase)."""
    from pypinyin import Style, lazy_pinyin

    out = lazy_pinyin(term, style=Style.NORMAL, errors=lambda s: list(s))
    return out if len(out) == len(term) else list(term)


# Front and back nasals (in/ing, en/eng) are the confusion IMEs offer to forgive ("模糊音"),
# and the one writers make most: 乡村振新 for 乡村振兴.
_FUZZY_FINALS = (("ing", "in"), ("eng", "en"))


def fuzzy_readings(reading: str) -> set[str]:
    """`reading` and its front/back-nasal twin."""
    out = {reading}
    for back, front in _FUZZY_FINALS:
        if reading.endswith(back):
            out.add(reading[: -len(back)] + front)
        elif reading.endswith(front):
            out.add(reading[: -len(front)] + back)
    return out


def confusables(ch: str, reading: str) -> frozenset[str]:
    """Characters that may be typed for `ch` (read as `reading`): same sound (front/back nasals
    alike) or similar shape."""
    index = _sound_index()
    same_sound = frozenset().union(*(index.get(r, frozenset()) for r in fuzzy_readings(reading)))
    return (same_sound | _shape_index().get(ch, frozenset())) - {ch}
