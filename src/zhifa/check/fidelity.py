"""Fidelity: the YAML, with its errata undone, must say exactly what the source says.

Both sides are compared as one stream of characters with all whitespace removed (the source is a
PDF export: line breaks and spaces carry no meaning there, words do): on ours the title, the head lines
(``history``) and the units in order; on the source's the lines of ``source.lines``, range after range (a law's
title and head lines, then its body after a table of contents that is not kept).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from zhifa.load.sources import source_lines
from zhifa.model.jurisdiction import Jurisdiction
from zhifa.model.problems import Position, Problem
from zhifa.model.regulation import Regulation, Unit
from zhifa.versions.fold import squeeze


@dataclass
class Segment:
    """A piece of the stream and where it is written in the YAML."""

    start: int
    text: str
    pos: Position


def as_received(reg: Regulation, unit: Unit, jur: Jurisdiction) -> str:
    """The unit's own text as the source has it: variables back to their source spelling, errata undone."""
    text = unit.text or ""
    for erratum in reg.errata_for(unit.id):
        text = text.replace(erratum.corrected, erratum.original, 1)
    return jur.to_source(text)


def stream(reg: Regulation, jur: Jurisdiction) -> list[Segment]:
    segments: list[Segment] = []
    offset = 0

    def add(text: str | None, pos: Position) -> None:
        nonlocal offset
        text = squeeze(text or "")
        if text:
            segments.append(Segment(offset, text, pos))
            offset += len(text)

    add(jur.to_source(reg.title), reg.where("title"))
    for i, line in enumerate(reg.history):
        add(jur.to_source(line), reg.where(f"history.{i}"))
    for unit in reg.walk():
        add(unit.label, unit.where("label"))
        add(unit.heading, unit.where("heading"))
        add(as_received(reg, unit, jur), unit.where("text"))
    return segments


def source_text(root: Path, reg: Regulation) -> str:
    """The regulation's lines of the source (its ranges one after the other), whitespace removed."""
    lines = source_lines(root / reg.source.file, reg.source.file)
    return squeeze("".join(lines[number - 1] for number in reg.source.line_numbers()))


def source_position(root: Path, reg: Regulation, index: int) -> tuple[int, int]:
    """Line and column in the source file of the ``index``-th character of the squeezed source text."""
    lines = source_lines(root / reg.source.file, reg.source.file)
    numbers = reg.source.line_numbers()
    seen = 0
    for number in numbers:
        line = lines[number - 1]
        for col, char in enumerate(line, start=1):
            if not char.isspace():
                if seen == index:
                    return number, col
                seen += 1
    last = numbers[-1]
    return last, len(lines[last - 1]) + 1  # past the end: the source stops here


def check_fidelity(root: Path, reg: Regulation, jur: Jurisdiction) -> list[Problem]:
    """At most one problem per regulation: the first place where the YAML and the source part ways."""
    segments = stream(reg, jur)
    ours = "".join(s.text for s in segments)
    theirs = source_text(root, reg)
    if ours == theirs:
        return []
    at = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b), min(len(ours), len(theirs)))
    seg = next((s for s in segments if s.start <= at < s.start + len(s.text)), segments[-1])
    line, col = source_position(root, reg, at)
    return [seg.pos.problem(
        "F001",
        f"与原文（{reg.source.file} 第 {line} 行第 {col} 列）不符：{describe_difference(ours, theirs, at)}。"
        "条文须照录原文；如确需更正，请在 errata 中登记原文、更正和理由",
    )]


BEFORE, AFTER, WINDOW = 8, 12, 40


def describe_difference(ours: str, theirs: str, at: int) -> str:
    """Both texts around their first difference, and what differs there, in words."""
    a, b = ours[at : at + WINDOW], theirs[at : at + WINDOW]
    ops = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    # the texts differ right at ``at``, so the first opcode that is not "equal" starts at 0 on both sides
    _, _, i2, _, j2 = next((op for op in ops if op[0] != "equal"), ("replace", 0, len(a), 0, len(b)))
    extra, missing = a[:i2], b[:j2]

    def around(text: str) -> str:
        return text[max(0, at - BEFORE) : at + AFTER]

    shown = f"此处为“{around(ours)}”，原文为“{around(theirs)}”"
    if extra and missing:
        what = f"原文的{name(missing, extra)}在此处写成了{name(extra, missing)}"
    elif extra:
        what = f"此处多了{name(extra)}" + ("（原文到此为止）" if at >= len(theirs) else "")
    else:
        what = f"此处少了原文的{name(missing)}" + ("（此处的条文到此为止）" if at >= len(ours) else "")
    return f"{shown}；{what}"


INVISIBLE = {"\ufeff": "字节顺序标记 BOM", "\u200b": "零宽空格", "\u200c": "零宽非连接符", "\u200d": "零宽连接符",
             "\u2060": "零宽不换行符", "\u00ad": "软连字符", "\u00a0": "不换行空格", "\u3000": "全角空格", " ": "半角空格"}


def name(piece: str, other: str = "") -> str:
    """``piece`` quoted; named by code point when it holds invisible characters or only differs from ``other``
    in width (全角/半角), so that a difference nobody can see is still told."""
    alike = bool(other) and unicodedata.normalize("NFKC", piece) == unicodedata.normalize("NFKC", other)
    if not alike and not any(_invisible(c) for c in piece[:8]):
        return f"“{piece}”"
    return "、".join(_char_name(c) for c in piece[:8]) + ("……" if len(piece) > 8 else "")


def _invisible(char: str) -> bool:
    return char in INVISIBLE or unicodedata.category(char) in ("Cf", "Cc", "Co", "Zs", "Zl", "Zp")


def _char_name(char: str) -> str:
    code = f"U+{ord(char):04X}"
    if char in INVISIBLE:
        return f"不可见字符 {code}（{INVISIBLE[char]}）"
    if _invisible(char):
        return f"不可见字符 {code}（{unicodedata.name(char, '控制字符')}）"
    width = {"F": "全角", "W": "全角", "H": "半角", "Na": "半角"}.get(unicodedata.east_asian_width(char), "")
    return f"“{char}”（{code} {width}{unicodedata.name(char, '不可见字符')}）"
