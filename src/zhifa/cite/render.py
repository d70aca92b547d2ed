"""Citations rendered from structure: 《title》第十四条第一款第（二）项, 《…责任制度》（十一）第4项.

Every citation printed anywhere comes from here, never typed into a template.
"""

from __future__ import annotations

import re

from zhifa.cite.numerals import label_number, to_chinese
from zhifa.model.jurisdiction import Jurisdiction
from zhifa.model.regulation import HEADINGS, Regulation, Repeal, Unit, shown_date

_PAREN = re.compile(r"^[（(]([^）)]+)[）)]、?$")


def unit_part(unit: Unit) -> str:
    """How one level of a unit is named inside a citation."""
    if unit.kind == "article":
        m = _PAREN.match(unit.label or "")
        return f"（{m.group(1)}）" if m else (unit.label or "")
    if unit.kind in HEADINGS:
        return unit.label or ""
    number = _number(unit)
    paren = _PAREN.match(unit.label or "")
    if unit.kind == "paragraph":
        return f"第{to_chinese(number)}款"
    if unit.kind == "section":
        return f"第{to_chinese(number)}部分"
    if unit.kind == "item":  # 1、 → 第1项; （二） → 第（二）项, as national laws cite their items
        return f"第（{paren.group(1)}）项" if paren else f"第{number}项"
    if unit.kind == "subitem":  # （3） → 第（3）目; 1. → 第1目
        return f"第（{number}）目" if paren else f"第{number}目"
    return {"preamble": "序言", "signature": "落款", "date": "落款日期"}.get(unit.kind, unit.id)


def _number(unit: Unit) -> int:
    if unit.kind == "paragraph":
        siblings = unit.parent.children if unit.parent else unit.regulation.units
        return [s for s in siblings if s.kind == "paragraph"].index(unit) + 1
    return label_number(unit.kind, unit.label or "") or 0


def unit_path(unit: Unit) -> str:
    """The unit's own name in its regulation: 第十四条, 第四条第二款, （十一）第4项, 第二编第一章. Parts, chapters and
    subchapters drop out once an article is named."""
    chain = [*unit.ancestors(), unit]
    if any(u.kind == "article" for u in chain):
        chain = [u for u in chain if u.kind not in HEADINGS]
    return "".join(unit_part(u) for u in chain)


def formal(reg: Regulation, unit: Unit | None, jur: Jurisdiction) -> str:
    """《full title》 plus the unit path."""
    title = f"《{jur.render(reg.title)}》"
    return title if unit is None else title + unit_path(unit)


def short(reg: Regulation, unit: Unit | None) -> str:
    """《short title》 plus the unit path, for tight spaces."""
    title = f"《{reg.short_title}》"
    return title if unit is None else title + unit_path(unit)


def grouped(pairs: list[tuple[Regulation, Unit]], jur: Jurisdiction) -> str:
    """Several citations joined, each regulation named once: 《…》第九条、第十四条；《…》（七）."""
    order: dict[str, tuple[Regulation, list[str]]] = {}
    for reg, unit in pairs:
        paths = order.setdefault(reg.id, (reg, []))[1]
        path = unit_path(unit)
        if path not in paths:
            paths.append(path)
    return "；".join(f"《{jur.render(reg.title)}》{'、'.join(paths)}" for reg, paths in order.values())


def repeal_words(repeal: Repeal | None, jur: Jurisdiction | None = None) -> str:
    """已废止, or with the date and the act when they are recorded: 已于2025年3月1日废止（依据…）."""
    if repeal is None:
        return "已废止"
    by = jur.render(repeal.by) if jur is not None else repeal.by
    return f"已于{shown_date(repeal.date)}废止（依据{by}）"


def repealing_unit(unit: Unit) -> Unit | None:
    """The unit whose repeal ends ``unit``: itself or the nearest unit above it marked 已废止; None if in force."""
    return next((u for u in [unit, *reversed(unit.ancestors())] if u.status == "已废止"), None)


def why_not_citable(reg: Regulation, unit: Unit, jur: Jurisdiction | None = None) -> str | None:
    """Why ``unit`` cannot be a legal basis, as a phrase after its citation (已于…废止), or None when it can: the
    regulation's repeal first, else the repeal of the unit or of one above it."""
    if reg.status == "已废止":
        return f"所在的规章{repeal_words(reg.repealed, jur)}"
    repealed = repealing_unit(unit)
    if repealed is None:
        return None
    if repealed is unit:
        return repeal_words(unit.repealed, jur)
    return f"所属的{unit_path(repealed)}{repeal_words(repealed.repealed, jur)}"
