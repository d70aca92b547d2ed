"""Fidelity: the YAML, with its errata undone, must say exactly what the source says.

Both sides are compared as one stream of characters with all whitespace removed (the source is a
PDF export: line breaks and spaces carry no meaning there, words do).
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .jurisdiction import Jurisdiction
from .model import Regulation, Unit
from .problems import Position, Problem

WHITESPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    return WHITESPACE.sub("", text)


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

    def add(text: Optional[str], pos: Position) -> None:
        nonlocal offset
        text = squeeze(text or "")
        if text:
            segments.append(Segment(offset, text, pos))
            offset += len(text)

    add(jur.to_source(reg.title), reg.where("title"))
    for unit in reg.walk():
        add(unit.label, unit.where("label"))
        add(unit.heading, unit.where("heading"))
        add(as_received(reg, unit, jur), unit.where("text"))
    return segments


def source_lines(path: Path) -> list[str]:
    """The source file's lines, read once per file version."""
    stat = path.stat()
    return _read_lines(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _read_lines(path: Path, mtime_ns: int, size: int) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def source_text(root: Path, reg: Regulation) -> str:
    first, last = reg.source.line_range
    return squeeze("".join(source_lines(root / reg.source.file)[first - 1 : last]))


def check_fidelity(root: Path, reg: Regulation, jur: Jurisdiction) -> list[Problem]:
    """At most one problem per regulation: the first place where the YAML and the source part ways."""
    segments = stream(reg, jur)
    ours = "".join(s.text for s in segments)
    theirs = source_text(root, reg)
    if ours == theirs:
        return []
    at = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b), min(len(ours), len(theirs)))
    seg = next((s for s in segments if s.start <= at < s.start + len(s.text)), segments[-1])
    here, there = ours[max(0, at - 8) : at + 12], theirs[max(0, at - 8) : at + 12]
    first, _ = reg.source.line_range
    return [
        seg.pos.problem(
            "F001",
            f"与原文（{reg.source.file} 第 {first} 行起）不符：此处为“{here}”，原文为“{there}”。"
            "条文须照录原文；如确需更正，请在 errata 中登记原文、更正和理由",
        )
    ]
