"""The text of a Word .docx, with the labels Word draws by automatic list numbering written out.

python-docx gives each paragraph's own text, not the "第一条" or "（一）" that Word draws from numbering.xml; this
module reads the paragraph's numbering (its own w:numPr or its style's), counts each list as Word does (a level
restarts when a level above it moves on) and formats the number: 第%1条 with chineseCounting gives 第一条.
The only module of zhifa.ingest that reads Word's XML.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn

from zhifa.cite.numerals import to_chinese

TRADITIONAL = "甲乙丙丁戊己庚辛壬癸"
ZODIAC = "子丑寅卯辰巳午未申酉戌亥"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@dataclass
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    suffix: str = "tab"


class DocxError(Exception):
    pass


def docx_text(path: Path, raw: bytes) -> str:
    """The paragraphs' text, one line each, numbering labels in front; DocxError if it is no usable .docx."""
    try:
        document = docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise DocxError(f"{path}: 不是有效的 Word .docx 文件（{exc}）：请在 Word 或 WPS 中打开后“另存为” .docx 再导入") from None
    levels = _levels(document)
    styles = _style_numbering(document)
    counters: dict[str, dict[int, int]] = defaultdict(dict)
    lines = []
    for paragraph in document.paragraphs:
        text = paragraph.text
        numbering = _numbering(paragraph._p, styles)
        if numbering is not None and numbering[0] in levels:
            num_id, ilvl = numbering
            label, suffix = _label(levels[num_id], counters[num_id], ilvl)
            if label:
                text = label + ("\u3000" if suffix != "nothing" and text else "") + text
        lines.append(text)
    if document.tables:
        lines.append("")  # tables are not regulation text; said by the importer's summary, not read
    return "\n".join(lines)


def _numbering(p, styles: dict[str, tuple[str, int]]) -> tuple[str, int] | None:
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        return None
    num_pr = ppr.find(qn("w:numPr"))
    if num_pr is not None:
        num = num_pr.find(qn("w:numId"))
        lvl = num_pr.find(qn("w:ilvl"))
        if num is not None and num.get(qn("w:val")) != "0":
            return num.get(qn("w:val")), int(lvl.get(qn("w:val"))) if lvl is not None else 0
    style = ppr.find(qn("w:pStyle"))
    if style is not None:
        return styles.get(style.get(qn("w:val")) or "")
    return None


def _style_numbering(document) -> dict[str, tuple[str, int]]:
    found = {}
    for style in document.styles.element.findall(qn("w:style")):
        num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is None:
            continue
        num = num_pr.find(qn("w:numId"))
        lvl = num_pr.find(qn("w:ilvl"))
        if num is not None:
            found[style.get(qn("w:styleId"))] = (num.get(qn("w:val")), int(lvl.get(qn("w:val"))) if lvl is not None else 0)
    return found


def _levels(document) -> dict[str, dict[int, Level]]:
    """numId → level → how that level is counted and drawn (abstractNum, with the num's overrides)."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}
    abstract: dict[str, dict[int, Level]] = {}
    for node in numbering.findall(qn("w:abstractNum")):
        abstract[node.get(qn("w:abstractNumId"))] = {
            int(lvl.get(qn("w:ilvl"))): _level(lvl) for lvl in node.findall(qn("w:lvl"))}
    out: dict[str, dict[int, Level]] = {}
    for num in numbering.findall(qn("w:num")):
        ref = num.find(qn("w:abstractNumId"))
        if ref is None or ref.get(qn("w:val")) not in abstract:
            continue
        levels = dict(abstract[ref.get(qn("w:val"))])
        for override in num.findall(qn("w:lvlOverride")):
            ilvl = int(override.get(qn("w:ilvl")))
            lvl = override.find(qn("w:lvl"))
            if lvl is not None:
                levels[ilvl] = _level(lvl)
            start = override.find(qn("w:startOverride"))
            if start is not None and ilvl in levels:
                levels[ilvl] = Level(levels[ilvl].fmt, levels[ilvl].text, int(start.get(qn("w:val"))), levels[ilvl].suffix)
        out[num.get(qn("w:numId"))] = levels
    return out


def _level(lvl) -> Level:
    def val(tag: str, default: str) -> str:
        node = lvl.find(qn(tag))
        return node.get(qn("w:val")) if node is not None and node.get(qn("w:val")) is not None else default

    return Level(val("w:numFmt", "decimal"), val("w:lvlText", ""), int(val("w:start", "1")), val("w:suff", "tab"))


def _label(levels: dict[int, Level], counter: dict[int, int], ilvl: int) -> tuple[str, str]:
    level = levels.get(ilvl)
    if level is None:
        return "", "nothing"
    counter[ilvl] = counter.get(ilvl, level.start - 1) + 1
    for deeper in [k for k in counter if k > ilvl]:
        del counter[deeper]
    text = level.text
    for k in range(9):
        if f"%{k + 1}" in text:
            at = levels.get(k, Level())
            text = text.replace(f"%{k + 1}", format_number(counter.get(k, at.start), at.fmt))
    return text, level.suffix


def format_number(number: int, fmt: str) -> str:
    """A list number in one of Word's formats (ST_NumberFormat)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "chineseLegalSimplified",
               "ideographLegalTraditional", "taiwaneseCounting", "taiwaneseCountingThousand"):
        return to_chinese(number)
    if fmt == "ideographTraditional":
        return TRADITIONAL[(number - 1) % len(TRADITIONAL)]
    if fmt == "ideographZodiac":
        return ZODIAC[(number - 1) % len(ZODIAC)]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= number <= len(CIRCLED):
        return CIRCLED[number - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) - ord("0") + ord("０")) for c in str(number))
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(number)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("none", "bullet"):
        return ""
    return str(number)


def _roman(number: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out += letters
            number -= value
    return out
