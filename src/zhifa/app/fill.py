"""``zhifa fill``: check case data against a form and write the completed document, or nothing at all.

The format follows the output suffix in any case (``.DOCX`` is Word), through the table of writers
(:mod:`zhifa.app.writers`); writing goes through :mod:`zhifa.files.atomic`, so a
failed write raises :class:`zhifa.files.atomic.WriteError` (one Chinese line) and leaves any earlier file as it was."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from zhifa.app import writers
from zhifa.check.case_values import check_case
from zhifa.check.project import check_project
from zhifa.cite.render import unit_path
from zhifa.load.loader import load_project
from zhifa.load.yamlio import YamlError, read_yaml
from zhifa.model.problems import Problem
from zhifa.model.project import Project
from zhifa.model.regulation import Citation, shown_date
from zhifa.render.view.form import form_view
from zhifa.versions.diff import full_text
from zhifa.versions.fold import squeeze
from zhifa.versions.trace import successor, top_pairs


@dataclass
class FillResult:
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    written: Path | None = None
    replaced: bool = False          # ``written`` replaced a file that was there before
    summary: str | None = None


class FillUsageError(Exception):
    pass


def write_form(view, out: Path) -> Path:
    """Write a form view to ``out`` in the format its suffix names, in any case (.docx, .DOCX, .pdf)."""
    return writers.writer(writers.FORM, out.suffix)(view, out)


def write_checklist(view, out: Path) -> Path:
    """Write a checklist view to ``out`` in the format its suffix names, in any case (.docx, .pdf, .xlsx)."""
    return writers.writer(writers.CHECKLIST, out.suffix)(view, out)


def _checked_data(project: Project, definition: str, data_file: Path, check) -> tuple:
    """(checked value, []) or (None, problems): the definition file's own problems first, then the data file's."""
    own = [p for p in check_project(project) if p.path.startswith(definition)]
    if own:
        return None, own
    try:
        doc = read_yaml(data_file, str(data_file))
    except YamlError as exc:
        return None, [exc.problem]
    value, problems = check(doc)
    return (value, []) if value is not None and not problems else (None, problems)


def fill(root: Path, form_id: str, case_file: Path, out: Path, project: Project | None = None) -> FillResult:
    """Fill a form (from case data) or a checklist (from an answers file), by id."""
    project = project or load_project(root)
    if form_id in project.checklists:
        return fill_checklist(project, form_id, case_file, out)
    if not writers.accepts(writers.FORM, out.suffix):
        raise FillUsageError(f"输出文件须以 {' 或 '.join(writers.suffixes(writers.FORM))} 结尾：{out.name}")
    form = project.forms.get(form_id)
    if form is None:
        known = "、".join(sorted([*project.forms, *project.checklists]))
        raise FillUsageError(f"没有文书或检查表“{form_id}”；可用：{known}（zhifa forms 列出全部）")
    result = FillResult()
    filled, result.problems = _checked_data(project, f"templates/forms/{form_id}.", case_file,
                                            lambda doc: check_case(project, form, doc))
    if filled is None:
        return result
    result.warnings = list(filled.warnings)
    year = next((v.year for v in filled.values.values() if isinstance(v, (dt.date, dt.datetime))), dt.date.today().year)
    view = form_view(project, form, filled, year)
    days = [v.date() if isinstance(v, dt.datetime) else v for v in filled.values.values()
            if isinstance(v, (dt.date, dt.datetime))]
    if days:
        notes = version_notices(project, [c for _, c in form.citations()], min(days))
        view.notices += notes
        result.warnings += notes
    result.replaced = out.is_file()
    result.written = write_form(view, out)
    return result


def version_notices(project: Project, citations: list[Citation], day: dt.date) -> list[str]:
    """For a case dated before an amendment of a regulation it cites: which version was in force that day, and for each
    quoted basis the unit it continues in that version and whether it read the same then (one notice per regulation,
    printed on the document)."""
    notes = []
    for reg_id in dict.fromkeys(c.regulation for c in citations):
        reg = project.regulations.get(reg_id)
        then = reg.at(day) if reg is not None else None
        if reg is None or then is None or then is reg or then.version is None:
            continue
        words = []
        top = top_pairs(reg, then)
        for c in (c for c in citations if c.regulation == reg_id):
            now = reg.unit(c.unit)
            if now is None:  # validate reports it (C102); fill refuses a form with problems
                continue
            old = successor(reg, then, now, top)
            if old is None:
                words.append(f"所引{unit_path(now)}当时尚无")
                continue
            was = f"（当时为{unit_path(old)}）" if unit_path(old) != unit_path(now) else ""
            same = squeeze(c.quote) in squeeze(full_text(old))
            words.append(f"所引{unit_path(now)}{was}" + ("当时文字相同" if same else f"“{c.quote}”与当时的条文不同，请按当时的条文核对"))
        notes.append(f"依据说明：本案日期（{shown_date(day)}）时施行的是《{reg.short_title}》"
                     f"{then.version.shown}施行的版本（现行版本{reg.version.shown if reg.version else ''}起施行）；"
                     f"{'；'.join(dict.fromkeys(words))}。")
    return notes


def fill_checklist(project: Project, checklist_id: str, answers_file: Path, out: Path) -> FillResult:
    from zhifa.check.checklist_answers import check_answers
    from zhifa.render.view.checklist import checklist_view

    if not writers.accepts(writers.CHECKLIST, out.suffix):
        raise FillUsageError(f"检查表输出文件须以 {'、'.join(writers.suffixes(writers.CHECKLIST))} 结尾：{out.name}")
    checklist = project.checklists[checklist_id]
    result = FillResult()
    answers, result.problems = _checked_data(project, f"templates/checklists/{checklist_id}.", answers_file,
                                             lambda doc: check_answers(checklist, doc))
    if answers is None:
        return result
    view = checklist_view(project, checklist, answers)
    s = view.result
    assert s is not None  # the view of given answers (an Answers object, never falsy) has their summary
    result.summary = (f"已答 {s.answered} 项，共 {s.items} 项，完成率 {s.completion:.1%}；"
                      f"需关注（否或存在问题）{s.attention} 项")
    result.replaced = out.is_file()
    result.written = write_checklist(view, out)
    return result
