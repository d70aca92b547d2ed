"""Checks of data/procedures.yaml and of what data/deadlines.yaml names beyond its basis (which form_checks covers):
quotes, form / checklist / time-limit ids, step ids and arrows, level ids.
"""

from __future__ import annotations

import re

from zhifa.cite.check import check_citations
from zhifa.model.problems import Problem
from zhifa.model.procedure import RESERVED, SLUG, Procedure
from zhifa.model.project import Project


def _known(names) -> str:
    return "、".join(sorted(names)) or "（无）"


def check_deadline_extras(project: Project) -> list[Problem]:
    problems: list[Problem] = []
    for deadline in project.deadlines.root.values():
        problems += check_citations(project, deadline.citations())
        if deadline.set_in and deadline.set_in not in project.forms:
            problems.append(deadline.where("set_in").problem(
                "D001", f"没有文书“{deadline.set_in}”（现有：{_known(project.forms)}）"))
        seen: set[str] = set()
        for level in deadline.levels:
            for name in filter(None, (level.id, level.short)):
                if name in seen:
                    problems.append(level.where("id").problem("D002", f"报告对象的 id 或简称“{name}”重复"))
                seen.add(name)
    return problems


def check_procedure(project: Project, proc_id: str, proc: Procedure) -> list[Problem]:
    problems = check_citations(project, [c for s in proc.steps for c in s.basis])
    if not re.match(SLUG, proc_id):
        problems.append(proc.pos.problem("P001", f"程序 id“{proc_id}”只能用小写字母、数字和连字符（它是网页文件名）"))
    elif proc_id in RESERVED:
        problems.append(proc.pos.problem("P001", f"程序 id 不能用“{proc_id}”：procedures/{proc_id}.html 已是另一页面"))
    ids: set[str] = set()
    for step in proc.steps:
        if step.id in ids:
            problems.append(step.where("id").problem("P002", f"步骤 id“{step.id}”重复"))
        ids.add(step.id)
        if step.form and step.form not in project.forms:
            problems.append(step.where("form").problem("P003", f"没有文书“{step.form}”（现有：{_known(project.forms)}）"))
        if step.checklist and step.checklist not in project.checklists:
            problems.append(step.where("checklist").problem(
                "P003", f"没有检查表“{step.checklist}”（现有：{_known(project.checklists)}）"))
        if step.deadline and project.deadlines.get(step.deadline) is None:
            problems.append(step.where("deadline").problem(
                "P004", f"data/deadlines.yaml 中没有时限“{step.deadline}”（现有：{_known(project.deadlines.root)}）"))
    reached = {proc.steps[0].id}
    for step, target, _ in proc.edges():
        reached.add(target)
        if target not in ids:
            problems.append(step.where("next").problem("P005", f"步骤“{step.id}”之后的“{target}”不是本程序的步骤（有：{_known(ids)}）"))
    for step in proc.steps:
        if step.id not in reached:
            problems.append(step.pos.problem("P006", f"步骤“{step.id}”没有任何步骤通向它：请在前面某步的 next 中列出"))
    return problems


def check_procedures(project: Project) -> list[Problem]:
    problems = check_deadline_extras(project)
    for proc_id, proc in project.procedures.root.items():
        problems += check_procedure(project, proc_id, proc)
    return problems
