"""``zhifa deadline``: compute a time limit of data/deadlines.yaml, say how it was counted and on what basis.

    zhifa deadline                                   list every time limit
    zhifa deadline major-case --occurred "2025-03-05 14:30" [--reported county="2025-03-05 16:10" …]
    zhifa deadline appeal --received 2025-03-03

Exit codes: 0 computed, 1 the data is wrong or the holiday calendar does not cover the dates, 2 bad input.
The holiday calendar is chinese-calendar's years plus those of data/holidays.yaml (``workdays.project_calendar``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from zhifa.check.case_values import parse_date, parse_datetime
from zhifa.check.holidays import check_holidays
from zhifa.cite.check import check_citations
from zhifa.cite.render import formal
from zhifa.cli.common import TIME_EXAMPLE, UsageError, project_root
from zhifa.load.loader import load_project
from zhifa.model.deadline import DEADLINES_FILE, KINDS, Deadline
from zhifa.model.holiday import HOLIDAYS_FILE
from zhifa.model.problems import format_text
from zhifa.model.project import Project
from zhifa.model.regulation import Citation
from zhifa.procedures.deadlines import CalendarUnknown, Step, day_period, period_explanation, reporting_chain
from zhifa.procedures.workdays import date_cn, project_calendar


class DeadlineUsage(Exception):
    """Bad input on the command line: one line in Chinese, exit 2."""


def run(args: argparse.Namespace) -> int:

    project = load_project(project_root(args))
    broken = [p for p in project.problems if p.path in (DEADLINES_FILE, HOLIDAYS_FILE)] + check_holidays(project)
    if broken:
        print(format_text(broken))
        return 1
    problems = check_citations(project, [c for d in project.deadlines.root.values() for c in d.citations()])
    if problems:
        print(format_text(problems))
        return 1
    try:
        if not args.deadline:
            return show_all(project, args)
        deadline = project.deadlines.get(args.deadline)
        if deadline is None:
            known = "、".join(f"{key}（{d.title}）" for key, d in project.deadlines.root.items())
            raise DeadlineUsage(f"没有时限“{args.deadline}”；可用：{known}")
        if deadline.kind == "levels":
            return show_chain(project, args, deadline)
        if deadline.kind == "days":
            return show_period(project, args, deadline)
        _refuse(args, "occurred", "received", "reported", why=f"“{args.deadline}”无须计算，只列出规则和依据")
        return show_rule(project, args, deadline)
    except DeadlineUsage as exc:
        raise UsageError(str(exc)) from None


# ---------------------------------------------------------------------------------------------------------------
# Reading the command line


def _refuse(args: argparse.Namespace, *names: str, why: str) -> None:
    for name in names:
        if getattr(args, name):
            raise DeadlineUsage(f"--{name} 不适用：{why}")


def read_datetime(value: str, what: str) -> dt.datetime:
    when = parse_datetime(value)
    if when is None:
        raise DeadlineUsage(f"{what}“{value}”不是有效的日期时间，请写成 {TIME_EXAMPLE}（年-月-日 时:分，加引号）")
    return when


def read_date(value: str, what: str) -> dt.date:
    day = parse_date(value)
    if day is None:
        raise DeadlineUsage(f"{what}“{value}”不是有效的日期，请写成 2025-03-03（年-月-日）")
    return day


def read_reports(deadline: Deadline, items: list[str], occurred: dt.datetime) -> dict[str, dt.datetime]:
    known = "、".join(f"{lv.id}（{lv.short or lv.label}）" for lv in deadline.levels)
    out: dict[str, dt.datetime] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise DeadlineUsage(f"--reported“{item}”格式不对，请写成 对象=时间，如 county={TIME_EXAMPLE}")
        level = deadline.level(name.strip())
        if level is None:
            raise DeadlineUsage(f"没有报告对象“{name.strip()}”；可用：{known}")
        if level.id in out:
            raise DeadlineUsage(f"报告对象“{level.label}”的上报时间写了两次，请只写一次")
        when = read_datetime(value.strip(), f"报{level.label}的时间")
        if when < occurred:
            raise DeadlineUsage(f"报{level.label}的时间 {when:%Y-%m-%d %H:%M} 早于案件发生时间 {occurred:%Y-%m-%d %H:%M}，请核对")
        out[level.id] = when
    return out


# ---------------------------------------------------------------------------------------------------------------
# Output


def _cites(project: Project, citations: list[Citation]) -> list[dict[str, str]]:
    out = []
    for c in citations:
        reg = project.regulations[c.regulation]
        out.append({"regulation": c.regulation, "unit": c.unit, "quote": project.jurisdiction.render(c.quote),
                    "citation": formal(reg, reg.unit(c.unit), project.jurisdiction)})
    return out


def _basis_lines(project: Project, deadline: Deadline) -> list[str]:
    lines = []
    if deadline.counting:
        lines.append(f"计算规则：{deadline.counting}")
    lines.append("依据：")
    lines += [f"  {c['citation']}：“{c['quote']}”" for c in _cites(project, deadline.basis)]
    return lines


def _emit(args: argparse.Namespace, data: dict[str, Any], lines: list[str]) -> None:
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print("\n".join(lines))


def _common(project: Project, key: str, deadline: Deadline) -> dict[str, Any]:
    return {"deadline": key, "title": deadline.title, "kind": deadline.kind, "start": deadline.start,
            "counting": deadline.counting, "basis": _cites(project, deadline.basis)}


def _minutes(when: dt.datetime | None) -> str | None:
    return f"{when:%Y-%m-%d %H:%M}" if when else None


def show_chain(project: Project, args: argparse.Namespace, deadline: Deadline) -> int:
    _refuse(args, "received", why=f"“{args.deadline}”按小时计算，请用 --occurred 给出{deadline.start}")
    if not args.occurred:
        raise DeadlineUsage(f"请用 --occurred 给出{deadline.start}，如 --occurred {TIME_EXAMPLE}")
    occurred = read_datetime(args.occurred, deadline.start)
    chain = reporting_chain(deadline, occurred, read_reports(deadline, args.reported, occurred))
    late = [s for s in chain if s.late]
    data = {**_common(project, args.deadline, deadline), "occurred": _minutes(occurred),
            "levels": [_step_data(s) for s in chain], "late": [s.level.id for s in late],
            "consequence": _cites(project, deadline.consequence)}
    lines = [deadline.title, f"{deadline.start}：{occurred:%Y-%m-%d %H:%M}", ""]
    for step in chain:
        line = f"{step.level.label}：发生后{step.level.hours}小时内，最迟 {step.due:%Y-%m-%d %H:%M}"
        if args.reported:
            line += f"；实际上报 {step.reported:%Y-%m-%d %H:%M}，{step.status}" if step.reported else "；未填报"
        lines.append(line)
    lines.append("")
    if args.reported:
        if late:
            lines.append(f"逾期上报 {len(late)} 项：" + "；".join(f"{s.level.label}{s.status}" for s in late) + "。")
            lines += [f"注意：{c['citation']}：“{c['quote']}”" for c in _cites(project, deadline.consequence)]
        else:
            lines.append("已填报的各级均按时上报。")
    lines += _basis_lines(project, deadline)
    _emit(args, data, lines)
    return 0


def _step_data(step: Step) -> dict[str, Any]:
    return {"id": step.level.id, "label": step.level.label, "hours": step.level.hours, "due": _minutes(step.due),
            "reported": _minutes(step.reported), "status": step.status, "late": step.late,
            "late_minutes": int(step.late_by.total_seconds() // 60)}


def show_period(project: Project, args: argparse.Namespace, deadline: Deadline) -> int:
    _refuse(args, "occurred", "reported", why=f"“{args.deadline}”按日计算，请用 --received 给出{deadline.start}")
    if not args.received:
        raise DeadlineUsage(f"请用 --received 给出{deadline.start}，如 --received 2025-03-03")
    start = read_date(args.received, deadline.start)
    calendar = project_calendar(project)
    data = {**_common(project, args.deadline, deadline), "days": deadline.days, "received": start.isoformat(),
            "calendar": {"source": calendar.describe(), "first_year": calendar.first, "last_year": calendar.last,
                         "years": sorted(calendar.years)}}
    head = [deadline.title, f"{deadline.start}：{date_cn(start)}"]
    try:
        period = day_period(deadline, start, calendar)
    except CalendarUnknown as exc:
        data.update(last_day=None, error=str(exc), missing_years=exc.years)
        _emit(args, data, [*head, str(exc), *_basis_lines(project, deadline)])
        return 1
    explanation = period_explanation(deadline, period)
    data.update(last_day=period.end.isoformat(), nominal_end=period.nominal_end.isoformat(),
                nominal_kind=period.nominal_kind, moved=period.moved, explanation=explanation)
    touched = range(start.year, period.end.year + 1)
    lines = [*head, f"期限最后一日：{date_cn(period.end)}", f"计算：{explanation}",
             *_basis_lines(project, deadline),
             f"节假日和调休上班日：{calendar.describe(touched)}"]
    _emit(args, data, lines)
    return 0


def show_rule(project: Project, args: argparse.Namespace, deadline: Deadline) -> int:
    data = _common(project, args.deadline, deadline)
    lines = [deadline.title, f"起算：{deadline.start}"]
    if deadline.every_years:
        data["every_years"] = deadline.every_years.model_dump()
        lines.append(f"周期：每隔{deadline.every_years.min}至{deadline.every_years.max}年一次")
    if deadline.set_in:
        form = project.forms.get(deadline.set_in)
        title = project.jurisdiction.render(form.title) if form else deadline.set_in
        data["set_in"] = {"form": deadline.set_in, "title": title}
        lines.append(f"期限：由《{title}》写明（zhifa fill {deadline.set_in} …）")
    _emit(args, data, [*lines, *_basis_lines(project, deadline)])
    return 0


def show_all(project: Project, args: argparse.Namespace) -> int:
    _refuse(args, "occurred", "received", "reported", why="请先写明时限 ID，如 zhifa deadline major-case --occurred …")
    items, lines = [], ["时限（data/deadlines.yaml）：", ""]
    for key, deadline in project.deadlines.root.items():
        items.append(_common(project, key, deadline))
        lines.append(f"{key}：{deadline.title}（{KINDS[deadline.kind]}，自{deadline.start}起）")
        lines += [f"  依据 {c['citation']}：“{c['quote']}”" for c in _cites(project, deadline.basis)]
    lines += ["", f"计算：zhifa deadline major-case --occurred {TIME_EXAMPLE} [--reported county=\"2025-03-05 16:10\" …]；"
                  "zhifa deadline appeal --received 2025-03-03"]
    _emit(args, {"deadlines": items}, lines)
    return 0
