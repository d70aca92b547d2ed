"""Checking case data for a form (``zhifa fill``): every problem at once, by field name, with file and line.

Values come out typed (date, datetime, Decimal, list of person rows); the articles' rules are applied here.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from stdnum.cn import ric

from zhifa.cite.render import formal
from zhifa.load.yamlio import Document
from zhifa.model.form import (
    AppealPeriodRule,
    DistinctPeopleRule,
    Form,
    FormField,
    OfficersRule,
    ReportDeadlinesRule,
    RequiredTogetherRule,
)
from zhifa.model.problems import Position, Problem
from zhifa.model.project import Project
from zhifa.procedures.deadlines import CalendarUnknown, DayPeriod, Step, day_period, reporting_chain
from zhifa.procedures.workdays import project_calendar

DATE_RE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
DATETIME_RE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?[ T]*(\d{1,2})[:时](\d{2})分?$")
MAX_TEXT = 5000


@dataclass
class Filled:
    """Checked, typed values plus what the rules computed (deadlines, flags)."""

    values: dict[str, Any]
    chains: dict[str, list[Step]] = field(default_factory=dict)
    periods: dict[str, DayPeriod] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def control_chars(text: str, allow_newline: bool) -> list[str]:
    """Control and format characters (the zero-width space excepted) and noncharacters (U+FDD0–FDEF, U+xFFFE and
    U+xFFFF: not for interchange; U+FFFE and U+FFFF cannot even be stored in a Word file's XML)."""
    bad = []
    for ch in text:
        if ch == "\n" and allow_newline:
            continue
        code = ord(ch)
        if (unicodedata.category(ch) in ("Cc", "Cf") and ch not in ("\u200b",)
                or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE):
            bad.append(f"U+{code:04X}")
    return bad


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = DATE_RE.match(str(value).strip())
    if not m:
        return None
    try:
        return dt.date(*map(int, m.groups()))
    except ValueError:
        return None


def parse_datetime(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    m = DATETIME_RE.match(str(value).strip())
    if not m:
        return None
    year, month, day, hour, minute = map(int, m.groups())
    try:
        return dt.datetime(year, month, day, hour, minute)
    except ValueError:
        return None


class CaseChecker:
    def __init__(self, project: Project, form: Form, doc: Document):
        self.project = project
        self.form = form
        self.doc = doc
        self.problems: list[Problem] = []

    def where(self, *path: Any) -> Position:
        return self.doc.where(tuple(path))

    def fail(self, path: tuple, field_id: str, message: str, code: str = "C001") -> None:
        self.problems.append(self.where(*path).problem(code, f"字段“{field_id}”：{message}"))

    def check(self) -> tuple[Filled | None, list[Problem]]:
        data = self.doc.data
        if not isinstance(data, dict):
            return None, [self.where().problem("C000", "案件数据应为映射（字段: 值）")]
        known = {f.id: f for f in self.form.fields()}
        values: dict[str, Any] = {}
        for key in data:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1)
                hint = f"，是否应为“{close[0]}”？" if close else f"；本表的字段有：{'、'.join(known)}"
                self.fail((key,), key, f"本表没有这个字段{hint}", "C002")
        for fid, fdef in known.items():
            raw = data.get(fid)
            if raw is None or raw == "" or raw == []:
                if fdef.required:
                    self.fail((fid,) if fid in data else (), fid, f"“{fdef.label}”为必填项", "C003")
                continue
            value = self.convert(fdef, raw)
            if value is not None:
                values[fid] = value
        filled = Filled(values)
        for rule in self.form.rules:
            self.apply(rule, filled)
        return (filled if not self.problems else None), self.problems

    def convert(self, f: FormField, raw: Any) -> Any:
        path = (f.id,)
        if f.type in ("text", "multiline"):
            if not isinstance(raw, (str, int, float)) or isinstance(raw, bool):
                return self.fail(path, f.id, "应为文本")
            text = str(raw).rstrip("\n") if f.type == "multiline" else str(raw)
            bad = control_chars(text, allow_newline=f.type == "multiline")
            if "\n" in text and f.type == "text":
                return self.fail(path, f.id, "单行字段不能换行；需要多行请改用多行文本字段")
            if bad:
                return self.fail(path, f.id, f"含有不可见的控制字符 {', '.join(sorted(set(bad)))}，请删除后重试")
            if len(text) > MAX_TEXT:
                return self.fail(path, f.id, f"过长（{len(text)} 字，上限 {MAX_TEXT} 字）")
            return text
        if f.type == "date":
            value = parse_date(raw)
            return value if value else self.fail(path, f.id, f"“{raw}”不是有效日期，请写成 2025-03-05")
        if f.type == "datetime":
            value = parse_datetime(raw)
            return value if value else self.fail(path, f.id, f"“{raw}”不是有效的日期时间，请写成 \"2025-03-05 14:30\"（加引号）")
        if f.type == "checkbox":
            return raw if isinstance(raw, bool) else self.fail(path, f.id, "应为 true（是）或 false（否）")
        if f.type == "choice":
            if raw not in f.options:
                return self.fail(path, f.id, f"“{raw}”不是可选项；可选：{'、'.join(f.options)}")
            return raw
        if f.type == "multichoice":
            items = raw if isinstance(raw, list) else [raw]
            wrong = [str(x) for x in items if x not in f.options]
            if wrong:
                return self.fail(path, f.id, f"“{'、'.join(wrong)}”不是可选项；可选：{'、'.join(f.options)}")
            return items
        if f.type == "amount":
            try:
                amount = Decimal(str(raw).replace(",", "")) if not isinstance(raw, bool) else None
            except InvalidOperation:
                amount = None
            if amount is None or not amount.is_finite():
                return self.fail(path, f.id, f"“{raw}”不是金额，请写数字（元），如 1200.50")
            if amount < 0:
                return self.fail(path, f.id, "金额不能为负数")
            if amount != amount.quantize(Decimal("0.01")):
                return self.fail(path, f.id, "金额最多保留两位小数（到分）")
            return amount.quantize(Decimal("0.01"))
        if f.type == "number":
            if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
                return self.fail(path, f.id, "应为不小于 0 的整数")
            return raw
        if f.type == "idcard":
            text = str(raw).strip().upper()
            if not re.fullmatch(r"\d{17}[\dX]", text):
                return self.fail(path, f.id, "居民身份证号码应为18位（最后一位可为X）；数字请加引号写成文本")
            if not ric.is_valid(text):
                return self.fail(path, f.id, "居民身份证号码校验位不符或出生日期无效，请核对")
            return text
        if f.type == "persons":
            return self.persons(f, raw)
        return self.fail(path, f.id, f"未知字段类型 {f.type}")

    def persons(self, f: FormField, raw: Any) -> list[dict[str, str]] | None:
        if not isinstance(raw, list):
            self.fail((f.id,), f.id, "应为人员列表（每人一行，以“- ”开头）")
            return None
        rows, ok = [], True
        columns = {c.id: c for c in f.columns}
        for i, row in enumerate(raw):
            if not isinstance(row, dict):
                self.fail((f.id, i), f.id, f"第 {i + 1} 人应写成 {'、'.join(c + ': …' for c in columns)}")
                ok = False
                continue
            extra = [k for k in row if k not in columns]
            if extra:
                self.fail((f.id, i), f.id, f"第 {i + 1} 人有未知项 {'、'.join(extra)}；应有：{'、'.join(columns)}", "C002")
                ok = False
            clean = {}
            for cid, col in columns.items():
                value = row.get(cid)
                if value is None or str(value).strip() == "":
                    self.fail((f.id, i), f.id, f"第 {i + 1} 人缺少“{col.label}”", "C003")
                    ok = False
                    continue
                text = str(value)
                if control_chars(text, allow_newline=False) or "\n" in text:
                    self.fail((f.id, i, cid), f.id, f"第 {i + 1} 人的“{col.label}”含有换行或控制字符")
                    ok = False
                    continue
                clean[cid] = text
            rows.append(clean)
        return rows if ok else None

    # --- the articles' rules -------------------------------------------------------------

    def cite(self, rule) -> str:
        c = rule.basis[0]
        reg = self.project.regulations[c.regulation]
        return formal(reg, reg.unit(c.unit), self.project.jurisdiction)

    def apply(self, rule, filled: Filled) -> None:
        v = filled.values
        if isinstance(rule, OfficersRule):
            people = v.get(rule.field)
            if people is not None:
                if len(people) < rule.min:
                    self.fail((rule.field,), rule.field, f"执法人员须{rule.min}人以上（{self.cite(rule)}），现有 {len(people)} 人", "R101")
                certs = [p.get(rule.certificate_column, "") for p in people]
                if len(set(certs)) != len(certs):
                    self.fail((rule.field,), rule.field, "执法证件号重复：每名执法人员须持本人证件", "R101")
                names = [p.get("name", "") for p in people]
                if len(set(names)) != len(names):
                    self.fail((rule.field,), rule.field, "同一人不能重复列入执法人员", "R101")
            if rule.shown_field and v.get(rule.shown_field) is not True and rule.shown_field in self.form_ids():
                self.fail((rule.shown_field,), rule.shown_field,
                          f"执法时应当主动出示行政执法证件（{self.cite(rule)}），请确认已出示", "R101")
        elif isinstance(rule, DistinctPeopleRule):
            named = {fid: v.get(fid) for fid in rule.fields}
            seen: dict[str, str] = {}
            for fid, name in named.items():
                if not name:
                    continue
                if name in seen:
                    self.fail((fid,), fid, f"“{self.label(seen[name])}”与“{self.label(fid)}”是同一人（{name}）；"
                              f"应实行办案、审案、决定三分离，须由不同人员担任（{self.cite(rule)}）", "R102")
                seen.setdefault(name, fid)
        elif isinstance(rule, ReportDeadlinesRule):
            deadline = self.project.deadlines.get(rule.deadline)
            occurred = v.get(rule.occurred_field)
            if deadline is None or occurred is None:
                return
            reported = {lv: v[fid] for lv, fid in rule.reported_fields.items() if fid in v}
            for lv, when in reported.items():
                if when < occurred:
                    self.fail((rule.reported_fields[lv],), rule.reported_fields[lv], "上报时间早于案件发生时间", "R103")
            chain = reporting_chain(deadline, occurred, reported)
            filled.chains[rule.deadline] = chain
            for step in chain:
                if step.late:
                    filled.warnings.append(f"逾期上报：{step.level.label}应于 {step.due:%Y-%m-%d %H:%M} 前上报，"
                                           f"实际 {step.reported:%Y-%m-%d %H:%M}（{self.cite(rule)}）")
        elif isinstance(rule, AppealPeriodRule):
            deadline = self.project.deadlines.get(rule.deadline)
            start = v.get(rule.from_field)
            if deadline is None or start is None:
                return
            try:
                period = filled.periods[rule.deadline] = day_period(deadline, start, project_calendar(self.project))
            except CalendarUnknown as exc:
                filled.warnings.append(str(exc))
                return
            filed = v.get(rule.filed_field) if rule.filed_field else None
            if filed and filed > period.end:
                filled.warnings.append(f"申诉日期 {filed:%Y-%m-%d} 已超过申诉期限（最后一日 {period.end:%Y-%m-%d}，{self.cite(rule)}）")
            if filed and filed < start and rule.filed_field:  # a date filed is read from the filed field
                self.fail((rule.filed_field,), rule.filed_field, "申诉日期早于接到处理决定的日期", "R105")
        elif isinstance(rule, RequiredTogetherRule):
            # given means present: an amount of 0 is written, not missing (a ticked-off False still is missing)
            missing = [fid for fid in rule.fields if v.get(fid) is None or v.get(fid) is False]
            for fid in missing:
                f = self.form.field(fid)
                self.fail((fid,), fid, f"“{f.label if f else fid}”未填写：{rule.message}（{self.cite(rule)}）", "R104")
            if rule.before:
                first, later = v.get(rule.before[0]), v.get(rule.before[1])
                if first and later and first > later:
                    self.fail((rule.before[0],), rule.before[0],
                              f"“{self.label(rule.before[0])}”应在“{self.label(rule.before[1])}”之前（{self.cite(rule)}）", "R104")

    def label(self, field_id: str) -> str:
        """A field's label; the rules name only fields of the form (check/forms.py)."""
        f = self.form.field(field_id)
        return f.label if f else field_id

    def form_ids(self) -> set[str]:
        return {f.id for f in self.form.fields()}


def check_case(project: Project, form: Form, doc: Document) -> tuple[Filled | None, list[Problem]]:
    return CaseChecker(project, form, doc).check()
