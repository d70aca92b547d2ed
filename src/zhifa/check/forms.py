"""Checks of form definitions: fields, rules and legal basis."""

from __future__ import annotations

from zhifa.cite.check import check_citations
from zhifa.model.form import (
    AppealPeriodRule,
    DistinctPeopleRule,
    Form,
    OfficersRule,
    ReportDeadlinesRule,
    RequiredTogetherRule,
)
from zhifa.model.problems import Problem
from zhifa.model.project import Project


def check_form(project: Project, form: Form) -> list[Problem]:
    problems = check_citations(project, [c for _, c in form.citations()])
    ids: dict[str, object] = {}
    for f in form.fields():
        if f.id in ids:
            problems.append(f.where("id").problem("FM01", f"字段 id“{f.id}”重复"))
        ids[f.id] = f
        if f.type in ("choice", "multichoice") and len(f.options) < 2:
            problems.append(f.where("options").problem("FM02", f"选择字段“{f.id}”至少要有两个选项（options）"))
        if f.type == "persons" and not f.columns:
            problems.append(f.where("type").problem("FM02", f"人员列表“{f.id}”须列出 columns（如 姓名、执法证件号）"))
        if f.type != "persons" and (f.columns or f.min_items or f.rows):
            problems.append(f.where("type").problem("FM02", "只有人员列表字段可以有 columns、min_items、rows"))
    for rule in form.rules:
        for name in _rule_fields(rule):
            if name not in ids:
                problems.append(rule.pos.problem("FM03", f"规则 {rule.kind} 引用的字段“{name}”不在本表中"))
        deadline = getattr(rule, "deadline", None)
        if deadline and project.deadlines.get(deadline) is None:
            problems.append(rule.where("deadline").problem("FM04", f"data/deadlines.yaml 中没有时限“{deadline}”"))
        if isinstance(rule, OfficersRule):
            field = form.field(rule.field)
            if field is not None and rule.certificate_column not in {c.id for c in field.columns}:
                problems.append(rule.where("certificate_column").problem(
                    "FM03", f"人员列表“{rule.field}”没有列“{rule.certificate_column}”"))
    return problems


def _rule_fields(rule) -> list[str]:
    if isinstance(rule, OfficersRule):
        return [rule.field] + ([rule.shown_field] if rule.shown_field else [])
    if isinstance(rule, DistinctPeopleRule):
        return list(rule.fields)
    if isinstance(rule, ReportDeadlinesRule):
        return [rule.occurred_field, *rule.reported_fields.values()]
    if isinstance(rule, AppealPeriodRule):
        return [rule.from_field] + ([rule.filed_field] if rule.filed_field else [])
    if isinstance(rule, RequiredTogetherRule):
        return list(rule.fields) + list(rule.before or ())
    return []


def check_forms(project: Project) -> list[Problem]:
    problems = []
    for form in project.forms.values():
        problems += check_form(project, form)
    for checklist in project.checklists.values():
        problems += check_citations(project, checklist.citations())
        ids = [i.id for i in checklist.items()]
        for item in checklist.items():
            if ids.count(item.id) > 1:
                problems.append(item.where("id").problem("FM01", f"检查项 id“{item.id}”重复"))
    return problems
