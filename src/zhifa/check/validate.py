"""``zhifa validate``: load everything, run every check, return every problem; say what was checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from zhifa.check.project import check_project
from zhifa.load.loader import load_project
from zhifa.model.problems import Problem
from zhifa.model.project import Project
from zhifa.model.regulation import Citation


def validate_root(root: Path) -> list[Problem]:
    return validate_project(root)[0]


def validate_project(root: Path) -> tuple[list[Problem], Project]:
    """Every problem of the project at ``root``, and the project as loaded (for the summary)."""
    project = load_project(root)
    return sorted(set(check_project(project))), project


def summary(project: Project) -> str:
    """One line saying what a clean validate checked, every count taken from the loaded project."""
    units = sum(1 for reg in project.regulations.values() for _ in reg.walk())
    return (f"检查通过：{len(project.regulations)} 部规章制度（{units} 个条文单元，文字与原文一致），"
            f"{len(project.forms)} 种执法文书，{len(project.checklists)} 张检查表，{len(project.questions)} 道试题，"
            f"{len(project.glossary.terms())} 个术语，{len(project.deadlines.root)} 项时限，"
            f"{len(project.procedures.root)} 个流程，{count_citations(project)} 条引用（引文已逐条核对）")


def count_citations(project: Project) -> int:
    """Structured citations anywhere in the loaded data (forms, checklists, questions, deadlines, procedures …)."""
    holders = [project.forms, project.checklists, project.question_files, project.deadlines, project.procedures,
               project.training, project.glossary, project.jurisdiction]
    return sum(_citations(holder) for holder in holders)


def _citations(value: Any) -> int:
    if isinstance(value, Citation):
        return 1
    if isinstance(value, BaseModel):
        return sum(_citations(getattr(value, name)) for name in type(value).model_fields)
    if isinstance(value, dict):
        return sum(_citations(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return sum(_citations(v) for v in value)
    return 0
