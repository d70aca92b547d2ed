"""The typed model of the regulations: what every renderer reads.

Schema rules live here (pydantic): required fields, allowed values, no unknown keys, no wrong types.
Rules that need the whole document (numbering, ids, errata against text) live in ``checks``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from zhifa.model.problems import Position

UnitKind = Literal["part", "chapter", "subchapter", "section", "article", "paragraph", "item", "subitem", "preamble",
                   "signature", "date"]
# 编, 章, 节: units that are a label and a heading over the articles; citations drop them once an article is named.
HEADINGS = ("part", "chapter", "subchapter")
# The part of a unit's id its kind contributes (Akoma Ntoso eId short names): chp_2__art_14__para_1.
ID_PREFIX = {"part": "part", "chapter": "chp", "subchapter": "subchp", "article": "art", "section": "sec",
             "paragraph": "para", "item": "item", "subitem": "subitem"}
# The county's own documents (制度, 规范, 方案) and the kinds of national and provincial rules.
RegulationType = Literal["制度", "规范", "方案", "法律", "行政法规", "条例", "办法", "规定", "细则", "决定", "规则",
                         "意见", "通知", "准则", "守则"]
REGULATION_TYPES: tuple[str, ...] = get_args(RegulationType)
Status = Literal["现行有效", "已修改", "已废止", "尚未生效"]
UnitStatus = Literal["现行有效", "已废止"]

# A number may carry a second one for a unit inserted by an amendment: art_3_1 is 第三条之一 (or a unit inserted after
# art_3 that took a number already in use).
ID_PATTERN = r"^[a-z]+(_\d+(_\d+)?)?(__[a-z]+_\d+(_\d+)?)*$"
# What an importer writes where it could not read a value from the text; validate warns about it (W001).
PLACEHOLDER = "【待填写】"
LINE_RANGE = r"\d+-\d+"


def shown_date(day: dt.date) -> str:
    """A date as officers write it: 2025年3月1日."""
    return f"{day.year}年{day.month}月{day.day}日"


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, validate_default=False)
    _pos: Position | None = PrivateAttr(default=None)
    _field_pos: dict[str, Position] = PrivateAttr(default_factory=dict)

    @property
    def pos(self) -> Position:
        """Where this object starts in its YAML file."""
        assert self._pos is not None, "positions are attached by the loader"
        return self._pos

    def where(self, field: str) -> Position:
        """Where one of this object's fields is written (the object itself if the field is absent)."""
        return self._field_pos.get(field, self.pos)


class Repeal(StrictModel):
    """The dated event that ended a unit or a whole regulation: 2025年3月1日起废止, by the act that says so."""

    # "date", not "on": YAML 1.1 readers (PyYAML among them) read a key named on as true.
    date: dt.date = Field(description="the first day the unit or regulation is no longer in force")
    by: str = Field(min_length=2, description="the repealing act or decision, as written")


class Unit(StrictModel):
    id: str = Field(pattern=ID_PATTERN, description="Akoma Ntoso style eId, e.g. chp_2__art_14__para_1")
    kind: UnitKind
    label: str | None = Field(default=None, min_length=1, description="label exactly as written: 第十四条, （二）, 1、, （1）")
    heading: str | None = Field(default=None, min_length=1)
    text: str | None = Field(default=None, min_length=1, description="verbatim text; corrections only through errata")
    status: UnitStatus = "现行有效"
    repealed: Repeal | None = Field(default=None, description="when and by what the unit was repealed (status 已废止)")
    children: list[Unit] = Field(default_factory=list)

    _parent: Unit | None = PrivateAttr(default=None)
    _regulation: Regulation | None = PrivateAttr(default=None)

    @property
    def parent(self) -> Unit | None:
        return self._parent

    @property
    def regulation(self) -> Regulation:
        assert self._regulation is not None
        return self._regulation

    def walk(self) -> Iterator[Unit]:
        yield self
        for child in self.children:
            yield from child.walk()

    def ancestors(self) -> list[Unit]:
        """From the top-level unit down to (not including) this one."""
        chain, node = [], self._parent
        while node is not None:
            chain.append(node)
            node = node._parent
        return list(reversed(chain))

    @property
    def in_force(self) -> bool:
        """In force in its own version: neither it nor a unit above it is repealed (the regulation aside)."""
        return all(u.status == "现行有效" for u in [*self.ancestors(), self])

    @property
    def citable(self) -> bool:
        """Can be cited as a legal basis today: in force, in a regulation that is not repealed."""
        return self.in_force and self.regulation.status != "已废止"


class Erratum(StrictModel):
    unit: str
    original: str = Field(min_length=1, description="the words as the source has them")
    corrected: str = Field(description="the words as this handbook prints them")
    reason: str = Field(min_length=2)


class Note(StrictModel):
    unit: str | None = None
    text: str = Field(min_length=2)


class SourceRef(StrictModel):
    file: str
    lines: str = Field(pattern=rf"^{LINE_RANGE}(\s*,\s*{LINE_RANGE})*$",
                       description="first-last line of the regulation in the source file, or several ranges: 1-2, 5-120")

    @property
    def ranges(self) -> list[tuple[int, int]]:
        """The (first, last) line of each range, as written: [(1, 2), (5, 120)]."""
        pairs = [piece.strip().split("-") for piece in self.lines.split(",")]
        return [(int(first), int(last)) for first, last in pairs]

    @property
    def line_range(self) -> tuple[int, int]:
        """The first and the last line the ranges reach (lines between two ranges are not part of the text)."""
        ranges = self.ranges
        return ranges[0][0], ranges[-1][1]

    def line_numbers(self) -> list[int]:
        """Every line of the regulation's text in the source, range after range."""
        return [n for first, last in self.ranges for n in range(first, last + 1)]

    def shown(self) -> str:
        """The ranges for a reader: 2–8, or 1–2、5–120."""
        return "、".join(f"{first}–{last}" for first, last in self.ranges)


class Version(StrictModel):
    """One point in time of a regulation: the day a text took effect and the act that made it."""

    date: dt.date = Field(description="the day this version took effect")
    act: str | None = Field(default=None, min_length=2,
                            description="the adopting or amending act, verbatim: 2024年12月31日…《关于修改…的决定》修正")

    @property
    def shown(self) -> str:
        """The date as officers write it: 2024年12月31日."""
        return shown_date(self.date)



class Regulation(StrictModel):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$", description="the file name without .yaml")
    order: int = Field(ge=1, description="position in the handbook (1 = first)")
    title: str = Field(min_length=2)
    short_title: str = Field(min_length=2)
    summary: str = Field(min_length=5, description="one line for the home page")
    aliases: list[str] = Field(default_factory=list)
    history: list[Annotated[str, Field(min_length=1)]] = Field(
        default_factory=list, description="the adoption and amendment lines at the head of a law, verbatim")
    type: RegulationType
    issuer: str
    scope: str
    status: Status
    effective: str
    source: SourceRef
    versions: list[Version] = Field(
        default_factory=list, description="every version in date order, the last being this file's text; none: one")
    repealed: Repeal | None = Field(default=None, description="when and by what the whole regulation was repealed")
    units: list[Unit] = Field(min_length=1)
    errata: list[Erratum] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)

    _index: dict[str, Unit] = PrivateAttr(default_factory=dict)
    # The earlier versions, oldest first, each a whole Regulation as it was (set by the loader); [] for one version.
    _past: list[Regulation] = PrivateAttr(default_factory=list)
    # For a past version: the current text's Regulation (set by the loader); None for the current one.
    _current: Regulation | None = PrivateAttr(default=None)

    @property
    def past(self) -> list[Regulation]:
        return self._past

    @property
    def current(self) -> Regulation:
        """The version in force today (itself, unless this is a past version)."""
        return self._current or self

    @property
    def is_past(self) -> bool:
        return self._current is not None

    @property
    def version(self) -> Version | None:
        """This text's own version entry (the last one written in its file), None when no version is recorded."""
        return self.versions[-1] if self.versions else None

    def all_versions(self) -> list[Regulation]:
        """Every version's Regulation, oldest first, the current one last."""
        current = self.current
        return [*current.past, current]

    def at(self, day: dt.date) -> Regulation | None:
        """The version in force on ``day``: the last one that took effect on or before it; None before the first.
        A regulation with no dated version is the same text on every day."""
        found: Regulation | None = None
        for version in self.all_versions():
            if version.version is None or version.version.date <= day:
                found = version
        return found

    def in_force_on(self, day: dt.date) -> bool:
        current = self.current
        return current.repealed is None or day < current.repealed.date

    def walk(self) -> Iterator[Unit]:
        for unit in self.units:
            yield from unit.walk()

    def unit(self, unit_id: str) -> Unit | None:
        return self._index.get(unit_id)

    def link(self) -> None:
        """Set parent and regulation back-references and the id index (first occurrence wins)."""
        self._index = {}

        def visit(unit: Unit, parent: Unit | None) -> None:
            unit._parent = parent
            unit._regulation = self
            self._index.setdefault(unit.id, unit)
            for child in unit.children:
                visit(child, unit)

        for top in self.units:
            visit(top, None)

    def errata_for(self, unit_id: str) -> list[Erratum]:
        return [e for e in self.errata if e.unit == unit_id]

    def notes_for(self, unit_id: str | None) -> list[Note]:
        return [n for n in self.notes if n.unit == unit_id]


class Citation(StrictModel):
    """A structured citation: a unit of a regulation and the exact words quoted from it."""

    regulation: str = Field(description="regulation id (file name), e.g. code-of-conduct")
    unit: str = Field(description="unit id, e.g. chp_2__art_14")
    quote: str = Field(min_length=2, description="words that stand verbatim in the unit (whitespace aside)")
    version: dt.date | None = Field(default=None, description="cite the text in force on this day (an old case's "
                                                               "basis); none: the current text")
