"""``zhifa fill``: check case data against a form and write the completed document, or nothing at all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .checks import check_project
from .form_values import check_case
from .form_view import form_view
from .loader import Project, load_project
from .problems import Problem
from .yamlio import YamlError, read_yaml

WRITERS = (".docx", ".pdf")


@dataclass
class FillResult:
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    written: Optional[Path] = None


class FillUsageError(Exception):
    pass


def write_form(view, out: Path) -> Path:
    if out.suffix == ".docx":
        from .docx_form import write_docx

        return write_docx(view, out)
    from .pdf_form import write_pdf

    return write_pdf(view, out)


def fill(root: Path, form_id: str, case_file: Path, out: Path, project: Optional[Project] = None) -> FillResult:
    if out.suffix.lower() not in WRITERS:
        raise FillUsageError(f"输出文件须以 {' 或 '.join(WRITERS)} 结尾：{out.name}")
    project = project or load_project(root)
    form = project.forms.get(form_id)
    if form is None:
        raise FillUsageError(f"没有表单“{form_id}”；可用：{'、'.join(sorted(project.forms))}（zhifa forms 列出全部）")
    result = FillResult()
    definition_problems = [p for p in check_project(project) if p.path.startswith(f"templates/forms/{form_id}.")]
    if definition_problems:
        result.problems = definition_problems
        return result
    try:
        doc = read_yaml(case_file, str(case_file))
    except YamlError as exc:
        result.problems = [exc.problem]
        return result
    filled, problems = check_case(project, form, doc)
    if problems or filled is None:
        result.problems = problems
        return result
    result.warnings = list(filled.warnings)
    year = next((v.year for v in filled.values.values() if isinstance(v, (dt.date, dt.datetime))), dt.date.today().year)
    result.written = write_form(form_view(project, form, filled, year), out)
    return result
