"""Unit labels as written (第二编, 第十四条, 第一节, （二）, (三)、, 1、, （1）, 1.) and the numbers they stand for.

Chinese numerals are converted by cn2an; this module only knows which label shapes each kind uses.
"""

from __future__ import annotations

import re

import cn2an

CN = "零〇一二三四五六七八九十百千"
LABEL_SHAPES: dict[str, list[re.Pattern]] = {
    "part": [re.compile(rf"^第([{CN}]+)编$")],
    "chapter": [re.compile(rf"^第([{CN}]+)章$")],
    "subchapter": [re.compile(rf"^第([{CN}]+)节$")],
    "article": [re.compile(rf"^第([{CN}]+)条$"), re.compile(rf"^（([{CN}]+)）$"), re.compile(rf"^\(([{CN}]+)\)、?$")],
    "section": [re.compile(rf"^([{CN}]+)、$")],
    # 1、 in the county's documents, （一） and (一) in national laws
    "item": [re.compile(r"^(\d+)、$"), re.compile(rf"^（([{CN}]+)）$"), re.compile(rf"^\(([{CN}]+)\)$"),
             re.compile(r"^(\d+)[.．]$")],
    "subitem": [re.compile(r"^（(\d+)）$"), re.compile(r"^\((\d+)\)$"), re.compile(r"^(\d+)[.．、]$")],
}
LABELLED = set(LABEL_SHAPES)
UNLABELLED = {"paragraph", "preamble", "signature", "date"}


def to_int(numeral: str) -> int:
    """'二十一' → 21, '12' → 12."""
    if numeral.isdigit():
        return int(numeral)
    return int(cn2an.cn2an(numeral, "strict"))


def to_chinese(number: int) -> str:
    """21 → '二十一'."""
    return cn2an.an2cn(number, "low")


def count_words(number: int) -> str:
    """A count before a measure word: 6 → '六' (六部), but 2 → '两' (两部)."""
    return "两" if number == 2 else to_chinese(number)


def label_number(kind: str, label: str) -> int | None:
    """The number a label stands for, or None if the label does not have a shape allowed for ``kind``."""
    for shape in LABEL_SHAPES.get(kind, []):
        m = shape.match(label)
        if m:
            try:
                return to_int(m.group(1))
            except ValueError:
                return None
    return None


def label_shapes(kind: str) -> str:
    """Human description of the allowed label shapes, for messages."""
    return {
        "part": "第X编",
        "chapter": "第X章",
        "subchapter": "第X节",
        "article": "第X条、（X）或 (X)、",
        "section": "X、（如 二、）",
        "item": "N、（如 1、）或（X）（如 （一））",
        "subitem": "（N）、N. 或 N、",
    }.get(kind, "无")
