"""Structured citations: each must name an existing unit, in force in a regulation in force, and its quote must
stand in that unit."""

from __future__ import annotations

import re
from collections.abc import Iterable

from zhifa.cite.render import why_not_citable
from zhifa.model.problems import Problem
from zhifa.model.project import Project
from zhifa.model.regulation import Citation, Unit

_WS = re.compile(r"\s+")


def squeeze(text: str) -> str:
    return _WS.sub("", text)


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
    unit = reg.unit(c.unit)
    if unit is None:
        return [c.where("unit").problem("C102", f"《{reg.short_title}》中没有条文单元“{c.unit}”")]
    problems = []
    why = None if unit.citable else why_not_citable(reg, unit)
    if why is not None:
        problems.append(c.where("unit").problem("C104", f"《{reg.short_title}》“{c.unit}”{why}，不能作为依据"))
    quote = squeeze(c.quote)
    if not any(quote in words for words in unit_words(project, unit)):
        problems.append(c.where("quote").problem(
            "C103", f"引文“{c.quote}”不在《{reg.short_title}》“{c.unit}”的原文中：引文须与条文一字不差"))
    return problems


def check_citations(project: Project, citations: Iterable[Citation]) -> list[Problem]:
    return [p for c in citations for p in check_citation(project, c)]
