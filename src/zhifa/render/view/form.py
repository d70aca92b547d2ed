"""A form as renderers see it: titles, fields with their printed values, rendered citations, computed tables.

Word and PDF renderers read only this; they never look at YAML, the model's citations or the rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import cn2an

from zhifa.check.case_values import Filled
from zhifa.cite.render import formal, grouped
from zhifa.model.form import AppealPeriodRule, Form, FormField, ReportDeadlinesRule
from zhifa.model.jurisdiction import VARIABLE
from zhifa.model.project import Project
from zhifa.model.regulation import Citation, shown_date


@dataclass
class FieldView:
    id: str
    label: str
    type: str                      # text multiline date datetime choice multichoice checkbox persons amount idcard number
    required: bool
    help: str | None
    options: list[str]
    columns: list[tuple[str, str]]  # persons: (column id, label)
    rows: int                       # persons: rows to print
    value: Any                      # typed value, None when empty
    display: str                    # the value as printed, "" when empty
    basis: list[str]                # formal citations


@dataclass
class SectionView:
    title: str
    text: str | None
    fields: list[FieldView]
    basis: list[str]


@dataclass
class TableView:
    title: str
    headers: list[str]
    rows: list[list[str]]


@dataclass
class FormView:
    id: str
    title: str
    summary: str
    number: str | None
    basis_line: str                 # 依据：《…》第十四条；…
    sections: list[SectionView]
    tables: list[TableView] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    issuer: str | None = None
    filled: bool = False


def date_cn(value: dt.date) -> str:
    return shown_date(value)


def datetime_cn(value: dt.datetime) -> str:
    return f"{value.year}年{value.month}月{value.day}日{value.hour}时{value.minute:02d}分"


def display(f: FormField, value: Any) -> str:
    if value is None:
        return ""
    if f.type == "date":
        return date_cn(value)
    if f.type == "datetime":
        return datetime_cn(value)
    if f.type == "amount":
        assert isinstance(value, Decimal)
        words = cn2an.an2cn(str(value), "rmb") if value > 0 else "零元整"
        return f"{value:,.2f}元（大写：{words}）"
    if f.type == "checkbox":
        return "是" if value else "否"
    if f.type == "multichoice":
        return "、".join(value)
    if f.type == "persons":
        return "；".join("，".join(row.values()) for row in value)
    return str(value)


class ViewBuilder:
    def __init__(self, project: Project):
        self.project = project
        self.jur = project.jurisdiction

    def cite(self, c: Citation) -> str:
        reg = self.project.regulations[c.regulation]
        return formal(reg, reg.unit(c.unit), self.jur)

    def resolve(self, c: Citation):
        reg = self.project.regulations[c.regulation]
        return reg, reg.unit(c.unit)

    def cites(self, citations: list[Citation]) -> list[str]:
        return list(dict.fromkeys(self.cite(c) for c in citations))

    def number(self, form: Form, year: int | None) -> str | None:
        if not form.number_pattern:
            return None
        values = {**self.jur.values(), "year": str(year) if year else "\u3000\u3000\u3000\u3000"}
        return VARIABLE.sub(lambda m: values.get(m.group(1), m.group(0)), form.number_pattern)

    def build(self, form: Form, filled: Filled | None = None, year: int | None = None) -> FormView:
        values = filled.values if filled else {}
        sections = []
        for s in form.sections:
            fields = [FieldView(
                id=f.id, label=f.label, type=f.type, required=f.required, help=f.help, options=list(f.options),
                columns=[(c.id, c.label) for c in f.columns],
                rows=max(f.rows, f.min_items, len(values.get(f.id) or []), 1) if f.type == "persons" else 0,
                value=values.get(f.id), display=display(f, values.get(f.id)), basis=self.cites(f.basis),
            ) for f in s.fields]
            sections.append(SectionView(s.title, self.jur.render(s.text) if s.text else None, fields, self.cites(s.basis)))
        view = FormView(
            id=form.id, title=self.jur.render(form.title), summary=self.jur.render(form.summary),
            number=self.number(form, year if filled else None),
            basis_line="依据" + grouped([self.resolve(c) for c in form.basis], self.jur),
            sections=sections, issuer=self.jur.render(form.issuer) if form.issuer else None, filled=filled is not None,
        )
        for rule in form.rules:
            if isinstance(rule, ReportDeadlinesRule):
                view.tables.append(self.report_table(rule, filled))
            elif isinstance(rule, AppealPeriodRule):
                view.notices.append(self.appeal_notice(rule, filled))
        return view

    def report_table(self, rule: ReportDeadlinesRule, filled: Filled | None) -> TableView:
        deadline = self.project.deadlines.get(rule.deadline)
        assert deadline is not None
        title = f"{deadline.title}（依据{'、'.join(self.cites(deadline.basis))}）"
        headers = ["报告对象", "时限", "最迟上报时间", "实际上报时间", "状态"]
        chain = filled.chains.get(rule.deadline) if filled else None
        rows = []
        for i, level in enumerate(deadline.levels):
            step = chain[i] if chain else None
            due = datetime_cn(step.due) if step else ""
            done = datetime_cn(step.reported) if step and step.reported else ""
            state = "" if not step else ("逾期" if step.late else ("未报" if step.missing else "按时"))
            rows.append([level.label, f"{deadline.start}后{level.hours}小时内", due, done, state])
        return TableView(title, headers, rows)

    def appeal_notice(self, rule: AppealPeriodRule, filled: Filled | None) -> str:
        deadline = self.project.deadlines.get(rule.deadline)
        assert deadline is not None and deadline.days
        text = (f"被处理人对本决定不服的，可在{deadline.start}起{deadline.days}日内，向作出处理决定的机关或有关机关提出申诉；"
                f"申诉期间，本决定不停止执行（依据{'、'.join(self.cites(deadline.basis))}）。")
        period = filled.periods.get(rule.deadline) if filled else None
        if period:
            moved = "（遇节假日顺延）" if period.moved else ""
            text += f"申诉期限最后一日：{date_cn(period.end)}{moved}。"
        return text


def form_view(project: Project, form: Form, filled: Filled | None = None, year: int | None = None) -> FormView:
    return ViewBuilder(project).build(form, filled, year)

