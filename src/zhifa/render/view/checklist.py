"""A checklist as renderers see it (Word, PDF, Excel, handbook page): no YAML, no citation objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zhifa.check.checklist_answers import Answers, Summary, needs_attention, summarise
from zhifa.cite.render import formal, grouped
from zhifa.model.checklist import YES_NO, Checklist
from zhifa.model.project import Project
from zhifa.model.regulation import Citation
from zhifa.render.view.form import date_cn

ANSWER_NAMES = {"yes_no": "是/否/不适用", "rate": "完成率（%）", "count": "数量", "note": "情况说明"}


@dataclass
class HeaderFieldView:
    id: str
    label: str
    type: str            # text or date
    value: Any
    display: str


@dataclass
class ItemView:
    id: str
    number: str          # 1.1, 1.2 … (group.item)
    text: str
    method: str
    answer: str          # yes_no, rate, count, note
    options: list[str]   # yes_no: 是, 否, 不适用
    attention: str       # the yes/no answer that marks a problem
    basis: str           # 《…》第二部分第1项第（1）目
    quote: str           # the words quoted from it
    value: Any = None
    display: str = ""
    remark: str = ""
    flagged: bool = False


@dataclass
class GroupView:
    title: str
    items: list[ItemView]


@dataclass
class NoteView:
    title: str
    text: str
    basis: str


@dataclass
class ChecklistView:
    id: str
    title: str
    summary: str
    basis_line: str
    header: list[HeaderFieldView]
    notes: list[NoteView]
    groups: list[GroupView]
    filled: bool = False
    result: Summary | None = None
    answer_names: dict[str, str] = field(default_factory=lambda: dict(ANSWER_NAMES))

    def items(self) -> list[ItemView]:
        return [i for g in self.groups for i in g.items]


def _display(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "rate":
        return f"{value:g}%"
    return str(value)


def checklist_view(project: Project, checklist: Checklist, answers: Answers | None = None) -> ChecklistView:
    jur = project.jurisdiction

    def unit_of(c: Citation):
        reg = project.regulations[c.regulation]
        return reg, reg.unit(c.unit)

    header = []
    for f in checklist.header:
        value = answers.header.get(f.id) if answers else None
        shown = date_cn(value) if (value is not None and f.type == "date") else ("" if value is None else str(value))
        header.append(HeaderFieldView(f.id, f.label, f.type, value, shown))
    groups = []
    for gi, group in enumerate(checklist.groups, 1):
        items = []
        for ii, item in enumerate(group.items, 1):
            answer = answers.items.get(item.id) if answers else None
            reg, unit = unit_of(item.basis)
            items.append(ItemView(
                id=item.id, number=f"{gi}.{ii}", text=jur.render(item.text), method=jur.render(item.method),
                answer=item.answer, options=list(YES_NO) if item.answer == "yes_no" else [],
                attention=item.attention, basis=formal(reg, unit, jur), quote=jur.render(item.basis.quote),
                value=answer.value if answer else None, display=_display(answer.value if answer else None, item.answer),
                remark=(answer.remark or "") if answer else "", flagged=needs_attention(item, answer),
            ))
        groups.append(GroupView(jur.render(group.title), items))
    notes = [NoteView(jur.render(n.title), jur.render(n.text), grouped([unit_of(c) for c in n.basis], jur))
             for n in checklist.notes]
    return ChecklistView(
        id=checklist.id, title=jur.render(checklist.title), summary=jur.render(checklist.summary),
        basis_line="依据" + grouped([unit_of(c) for c in checklist.basis], jur),
        header=header, notes=notes, groups=groups, filled=answers is not None,
        result=summarise(checklist, answers) if answers else None,
    )
