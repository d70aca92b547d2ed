"""Repeals: a recorded repeal (``repealed: {date, by}``) agrees with the status, and nothing points at a repealed unit
or regulation as if it were in force.

R009  a unit has ``repealed`` but is not marked 已废止;  R010  the same for a whole regulation;
G004  a glossary term's occurrence is a unit that is repealed (or in a repealed regulation);
Q012  the learning path teaches a repealed regulation.
Structured citations of repealed units are C104 (``cite.check``), typed ones CT03 (``cite.scan``).
"""

from __future__ import annotations

from zhifa.cite.render import repeal_words, why_not_citable
from zhifa.model.glossary import split_ref
from zhifa.model.problems import Problem
from zhifa.model.project import Project
from zhifa.model.regulation import Regulation


def check_repeals(project: Project) -> list[Problem]:
    problems: list[Problem] = []
    for reg in project.ordered_regulations():
        for version in reg.all_versions():
            problems += check_repeal_status(version)
    problems += check_glossary_repeals(project)
    problems += check_path_repeals(project)
    return problems


def check_repeal_status(reg: Regulation) -> list[Problem]:
    """``repealed`` records when and by what: it needs the status 已废止 (status 已废止 without a date is fine)."""
    problems = []
    if reg.repealed is not None and reg.status != "已废止":
        problems.append(reg.where("repealed").problem(
            "R010", f"规章写有废止日期（repealed），但 status 是“{reg.status}”：已废止的规章请把 status 改为 已废止，"
                    "否则删去 repealed"))
    for unit in reg.walk():
        if unit.repealed is not None and unit.status != "已废止":
            problems.append(unit.where("repealed").problem(
                "R009", f"条文单元“{unit.id}”写有废止日期（repealed），但 status 是“{unit.status}”：已废止的条文请加上 "
                        "status: 已废止，否则删去 repealed"))
    return problems


def check_glossary_repeals(project: Project) -> list[Problem]:
    """A term shown as occurring in a repealed unit would send officers to words no longer in force."""
    problems = []
    for term in project.glossary.terms():
        for i, ref in enumerate(term.occurs_in):
            reg_id, unit_id = split_ref(ref)
            reg = project.regulations.get(reg_id)
            unit = reg.unit(unit_id) if reg is not None and unit_id else None
            if reg is not None and unit is not None and (why := why_not_citable(reg, unit)) is not None:
                problems.append(term.where(f"occurs_in.{i}").problem(
                    "G004", f"词条“{term.term}”的出现位置“{ref}”{why}：请删去这一出现位置"
                            "（没有其他出现位置时删去这个词条）"))
    return problems


def check_path_repeals(project: Project) -> list[Problem]:
    """New officers learn the rules in force: a repealed regulation has no step in the learning path."""
    if project.training is None:
        return []
    problems = []
    for step in project.training.path:
        reg = project.regulations.get(step.regulation)
        if reg is not None and reg.status == "已废止":
            problems.append(step.where("regulation").problem(
                "Q012", f"学习路径中的《{reg.short_title}》{repeal_words(reg.repealed)}：请从学习路径中删去这一步"))
    return problems
