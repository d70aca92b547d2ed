"""What the text says about the regulation itself: its type (from the title), issuer (head lines or signature),
when it takes effect (施行 in the text), an id from the title in pinyin; the rest marked 【待填写】 for the maintainer.
"""

from __future__ import annotations

import datetime
import re

from zhifa.model.regulation import PLACEHOLDER, REGULATION_TYPES

# Title endings, longest first: 实施细则 is a 细则, 实施办法 an 办法; a title ending in 法 is a law.
TYPE_ENDINGS = [("细则", "细则"), ("办法", "办法"), ("条例", "条例"), ("规定", "规定"), ("规则", "规则"), ("规范", "规范"),
                ("制度", "制度"), ("方案", "方案"), ("决定", "决定"), ("意见", "意见"), ("通知", "通知"), ("准则", "准则"),
                ("守则", "守则"), ("法", "法律")]
EFFECTIVE = re.compile(r"(?:本\w{0,6}?)?自(.{2,30}?)起(?:施行|生效|执行)")
ISSUER = re.compile(r"(全国人民代表大会常务委员会|全国人民代表大会|国务院|[\u4e00-\u9fff]{2,12}?(?:人民代表大会常务委员会|"
                    r"人民代表大会|人民政府))")
DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
ID_WORDS = 6
ID_DROP = ("中华人民共和国",)


def guess_type(title: str) -> str | None:
    bare = title.rstrip("》）) ")
    for ending, kind in TYPE_ENDINGS:
        if bare.endswith(ending):
            return kind
    return None


def type_names() -> str:
    return "、".join(REGULATION_TYPES)


def effective_clause(units: list[tuple[str, str]]) -> tuple[str, str] | None:
    """("自2020年1月1日起施行", "第八十六条") from the last unit that says when the regulation takes effect.

    ``units`` are (citation path, text) in reading order."""
    for path, text in reversed(units):
        m = EFFECTIVE.search(text)
        if m:
            return f"自{m.group(1)}起施行", path
    return None


def status_for(effective: str, today: datetime.date) -> str:
    m = DATE.search(effective)
    if m and datetime.date(int(m[1]), int(m[2]), int(m[3])) > today:
        return "尚未生效"
    return "现行有效"


def issuer_from(history: list[str], signature: str | None) -> str:
    for line in history:
        m = ISSUER.search(DATE.sub("，", line))  # a date's 日 is no part of the name (2020年6月1日青溪县人民政府令)
        if m:
            return m.group(1)
    if signature:
        return f"{signature}（落款）"
    return f"{PLACEHOLDER}制定机关（原文未载明时写“原文未载明”）"


def regulation_id(title: str, taken: set[str]) -> str:
    """An id from the title's words in pinyin: 《中华人民共和国示范行政检查法》 → shifan-xingzheng-jianchafa.

    jieba finds the words, pypinyin spells them (both loaded only when an id is to be made: they take a second)."""
    import jieba
    from pypinyin import lazy_pinyin

    jieba.setLogLevel(60)
    bare = title
    for prefix in ID_DROP:
        bare = bare.removeprefix(prefix)
    bare = re.sub(r"\{\{\s*\w+\s*\}\}|[^\u4e00-\u9fffA-Za-z0-9]", "", bare)
    words = [w for w in jieba.lcut(bare) if w not in ("和", "与", "及", "的")]
    parts = ["".join(lazy_pinyin(w)).lower() for w in words]
    parts = [re.sub(r"[^a-z0-9]", "", p) for p in parts if p]
    base = "-".join([p for p in parts if p][-ID_WORDS:]) or "regulation"
    if not base[0].isalpha():
        base = "r-" + base
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate
