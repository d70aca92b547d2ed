"""One line of a regulation's text, classified: a division heading (编/章/节/篇), an article label (第X条), an outline
label (（一）, 一、, 1、, 1., （1）, ①), a head line (adoption and amendment history), a date, or plain text.

Only the shape of the line is read here; which level a shape stands for is decided by ``structure``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zhifa.cite.numerals import to_int

CN = "零〇一二三四五六七八九十百千两"
SPACE = " \t\u3000\u00a0"
# Sentence-final punctuation: a line ending otherwise continues on the next one (a line break of the PDF export).
TERMINAL = "。；：！？…”’」』）)】.;:!?"
DIVISION = re.compile(rf"^第([{CN}\d]+)(编|章|节)(?=[{SPACE}]|$|[^\s，。；、的之])[{SPACE}]*(.*)$")
VOLUME = re.compile(rf"^第([{CN}\d]+)篇[：:{SPACE}]*(.*)$")
ARTICLE = re.compile(rf"^(第([{CN}]+)条)(?!规定|所|中|的|之规定)[{SPACE}]*(.*)$")
OUTLINE = [  # (style, pattern): group 1 the label as written, group 2 its numeral
    ("paren-cn", re.compile(rf"^([（(]([{CN}]+)[）)]、?)[{SPACE}]*(.*)$")),
    ("cn-dun", re.compile(rf"^(([{CN}]+)、)[{SPACE}]*(.*)$")),
    ("digit-dun", re.compile(r"^((\d{1,3})、)[ \t\u3000]*(.*)$")),
    ("digit-dot", re.compile(r"^((\d{1,3})[.．])(?!\d)[ \t\u3000]*(.*)$")),
    ("paren-digit", re.compile(r"^([（(](\d{1,3})[）)])[ \t\u3000]*(.*)$")),
    ("circled", re.compile(r"^(([①-⑳]))[ \t\u3000]*(.*)$")),
]
YEAR = "(\\d{4}|[〇零一二三四五六七八九○]{4})"
DATE_LINE = re.compile(rf"^[{SPACE}]*{YEAR}\s*年\s*[\d{CN}]{{1,3}}\s*月\s*[\d{CN}]{{1,3}}\s*日[{SPACE}]*$")
HISTORY_WORDS = re.compile(r"(通过|修正|修订|公布|批准|发布|施行|废止)")
HISTORY_DATE = re.compile(rf"{YEAR}年[\d{CN}]{{1,3}}月[\d{CN}]{{1,3}}日")
CONTENTS = re.compile(rf"^[{SPACE}]*目[{SPACE}]*录[{SPACE}]*$")
PAGE_NUMBER_LINE = re.compile(rf"^[{SPACE}]*[-—–－]?[{SPACE}]*\d{{1,4}}[{SPACE}]*[-—–－]?[{SPACE}]*$")
# A PDF page number left inside a sentence: a number standing alone between two Chinese characters.
PAGE_NUMBER_INSIDE = re.compile(r"([\u4e00-\u9fff）)]{1,3})[ \u3000]*(\d{1,4})[ \u3000]+([\u4e00-\u9fff]{1,4})")
SENTENCE = re.compile(r"[，。；,;]")
TYPE_WORDS = ("制度", "规范", "方案", "条例", "办法", "规定", "细则", "规则", "决定", "意见", "通知", "准则", "守则", "法")


@dataclass
class Line:
    """A line of the source: its number (1-based) and its text without surrounding white space."""

    number: int
    text: str
    kind: str = "plain"  # plain, blank, division, volume, article, outline, date, contents, pagenumber
    style: str = ""  # outline style (paren-cn …) or division word (编/章/节)
    label: str = ""  # the label exactly as written: 第十四条, （二）, (三)、, 1、
    value: int = 0  # the number the label stands for
    rest: str = ""  # the text after the label
    note: str = ""  # what the reader did to this line, for the regulation's notes

    @property
    def is_label(self) -> bool:
        return self.kind in ("division", "article", "outline")


def circled_value(char: str) -> int:
    return ord(char) - ord("①") + 1


def classify(number: int, raw: str) -> Line:
    text = raw.strip(SPACE + "\r\n\ufeff")
    line = Line(number, text)
    if not text:
        line.kind = "blank"
    elif CONTENTS.match(text):
        line.kind = "contents"
    elif PAGE_NUMBER_LINE.match(text):
        line.kind = "pagenumber"
    elif DATE_LINE.match(text):
        line.kind = "date"
    elif m := VOLUME.match(text):
        line.kind, line.label, line.value, line.rest = "volume", text[: m.start(2)].rstrip("：: \u3000"), _num(m[1]), m[2]
    elif m := DIVISION.match(text):
        line.kind, line.style, line.value, line.rest = "division", m[2], _num(m[1]), m[3]
        line.label = f"第{m[1]}{m[2]}"
    elif m := ARTICLE.match(text):
        line.kind, line.style, line.label, line.value, line.rest = "article", "article", m[1], _num(m[2]), m[3]
    else:
        for style, pattern in OUTLINE:
            m = pattern.match(text)
            if m:
                value = circled_value(m[2]) if style == "circled" else _num(m[2])
                line.kind, line.style, line.label, line.value, line.rest = "outline", style, m[1], value, m[3]
                break
    return line


def _num(numeral: str) -> int:
    try:
        return to_int(numeral.replace("两", "二"))
    except ValueError:
        return 0


def is_history(text: str) -> bool:
    """A head line of a law: "（2009年8月27日第十一届全国人民代表大会常务委员会第十次会议通过）"."""
    return bool(HISTORY_DATE.search(text) and HISTORY_WORDS.search(text)) and (
        text[0] in "（(" or HISTORY_DATE.match(text) is not None)


def is_title_like(text: str) -> bool:
    """Short, without sentence punctuation: a title line or a heading."""
    return 2 <= len(text) <= 60 and not SENTENCE.search(text) and not text.endswith(("。", "：", ":"))


def ends_like_title(text: str) -> bool:
    return is_title_like(text) and text.rstrip("》）)").endswith(TYPE_WORDS)


def ends_sentence(text: str) -> bool:
    return not text or text[-1] in TERMINAL
