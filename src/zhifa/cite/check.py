"""Structured citations: each must name an existing unit, in force in a regulation in force, and its quote must
stand in that unit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from zhifa.cite.render import unit_path, why_not_citable
from zhifa.model.problems import Problem
from zhifa.model.project import Project
from zhifa.model.regulation import Citation, Regulation, Unit
from zhifa.versions.fold import squeeze
from zhifa.versions.trace import trace_quote


def unit_words(project: Project, unit: Unit) -> list[str]:
    """The unit's heading and text and its descendants', raw and with variables rendered."""
    texts = [t for u in unit.walk() for t in (u.heading, u.text) if t]
    joined = "".join(texts)
    return [squeeze(joined), squeeze(project.jurisdiction.render(joined))]


def check_citation(project: Project, c: Citation) -> list[Problem]:
    reg = project.regulations.get(c.regulation)
    if reg is None:
        if c.regulation in project.broken:
            return []
        known = "、".join(sorted(project.regulations))
        return [c.where("regulation").problem("C101", f"没有规章“{c.regulation}”（现有：{known}）")]
    if c.version is not None:
        return check_pinned(project, reg, c, c.version)
    unit = reg.unit(c.unit)
    if unit is None:
        return [c.where("unit").problem("C102", f"《{reg.short_title}》中没有条文单元“{c.unit}”{_earlier(project, reg, c)}")]
    problems = []
    why = None if unit.citable else why_not_citable(reg, unit)
    if why is not None:
        problems.append(c.where("unit").problem("C104", f"《{reg.short_title}》“{c.unit}”{why}，不能作为依据"))
    quote = squeeze(c.quote)
    if not any(quote in words for words in unit_words(project, unit)):
        problems.append(c.where("quote").problem(
            "C103", f"引文“{c.quote}”不在《{reg.short_title}》“{c.unit}”的原文中"
                    f"{_earlier(project, reg, c) or '：引文须与条文一字不差'}"))
    return problems


def check_pinned(project: Project, reg: Regulation, c: Citation, day: dt.date) -> list[Problem]:
    """A citation of the text in force on ``day`` (``version:``): the unit and the quote in that version; a unit or
    regulation repealed later is no error, one repealed by then is (C104)."""
    version = reg.at(day)
    if version is None:
        first = reg.all_versions()[0].version
        return [c.where("version").problem("C105", f"《{reg.short_title}》{day.isoformat()} 尚未施行"
                                                   f"（最早的版本 {first.shown if first else ''}起施行）：请核对 version")]
    shown = f"{version.version.shown}施行的版本" if version.version else "唯一的版本"
    unit = version.unit(c.unit)
    if unit is None:
        return [c.where("unit").problem("C102", f"《{reg.short_title}》{shown}中没有条文单元“{c.unit}”")]
    problems = []
    same = reg.current.unit(c.unit)  # a unit's repeal is recorded in the current text
    chain = [unit, *unit.ancestors(), *([same, *same.ancestors()] if same is not None else [])]
    repeal = reg.current.repealed or next((u.repealed for u in chain if u.repealed), None)
    if repeal is not None and day >= repeal.date:
        problems.append(c.where("version").problem(
            "C104", f"《{reg.short_title}》“{c.unit}”在 {day.isoformat()} 已废止（{repeal.date.isoformat()} 起），不能作为依据"))
    if not any(squeeze(c.quote) in words for words in unit_words(project, unit)):
        problems.append(c.where("quote").problem(
            "C103", f"引文“{c.quote}”不在《{reg.short_title}》{shown}“{c.unit}”的原文中：引文须与该版本条文一字不差"))
    return problems


def _earlier(project: Project, reg: Regulation, c: Citation) -> str:
    """After an amendment: where the quote stood, and what the current text says in its place ("" if it never stood
    in an earlier version)."""
    trace = trace_quote(reg, c.unit, c.quote, project.jurisdiction.render)
    if trace is None:
        return ""
    was = f"：引文出自{trace.version.version.shown if trace.version.version else '较早'}施行的版本的{unit_path(trace.old)}"
    new = trace.successor
    if new is None:
        return was + "，现行版本已删去该条文：请改引现行条文，或删去这一引用"
    where = f"{unit_path(new)}（{new.id}）" if new.id != c.unit else unit_path(new)
    if trace.new_quote is None:
        return was + f"，现行版本的{where}已删去这些文字：请按现行条文改写"
    return was + f"；现行版本的{where}作“{trace.new_quote}”：请把引文{'和 unit ' if new.id != c.unit else ''}改为现行文字"


def check_citations(project: Project, citations: Iterable[Citation]) -> list[Problem]:
    return [p for c in citations for p in check_citation(project, c)]
