"""``zhifa stats``: counts of what the project holds, and how much of the regulations is cited."""

from __future__ import annotations

from pathlib import Path

from zhifa.load.loader import load_project
from zhifa.model.project import Project
from zhifa.model.regulation import HEADINGS, Unit


def cited_units(project: Project) -> tuple[int, set[tuple[str, str]]]:
    """How many citations there are (structured and typed), and the (regulation, unit) pairs they name."""
    from zhifa.cite.scan import typed_citations

    structured = [c for f in project.forms.values() for _, c in f.citations()]
    structured += [c for cl in project.checklists.values() for c in cl.citations()]
    structured += [c for d in project.deadlines.root.values() for c in d.citations()]
    structured += [c for p in project.procedures.root.values() for s in p.steps for c in s.basis]
    structured += [c for q in project.questions for c in q.basis]
    if project.training is not None:
        structured += [p.basis for step in project.training.path for p in step.points]
    targets = {(c.regulation, c.unit) for c in structured}
    typed = 0
    for _, resolved, _ in typed_citations(project):
        if resolved.regulation is not None and resolved.unit is not None:
            typed += 1
            targets.add((resolved.regulation.id, resolved.unit.id))
    return len(structured) + typed, targets


def top_level_units(project: Project) -> list[tuple[str, Unit]]:
    """The units a reader meets first: articles and sections (inside parts, chapters, subchapters too) and preambles."""
    return [(reg.id, u) for reg in project.ordered_regulations() for u in reg.walk()
            if u.kind in ("article", "section", "preamble") and (u.parent is None or u.parent.kind in HEADINGS)]


def units_without_question(project: Project) -> list[tuple[str, Unit]]:
    """Top-level units that no question of the bank cites (itself or anything inside it)."""
    asked = {(c.regulation, c.unit) for q in project.questions for c in q.basis}
    return [(reg_id, u) for reg_id, u in top_level_units(project)
            if not any((reg_id, x.id) in asked for x in u.walk())]


def project_stats(root: Path) -> dict[str, int]:
    project = load_project(root)
    regs = project.regulations.values()
    units = [u for reg in regs for u in reg.walk()]
    citations, targets = cited_units(project)

    def cited(reg_id: str, unit) -> bool:
        related = [unit, *unit.ancestors(), *unit.walk()]
        return any((reg_id, u.id) in targets for u in related)

    return {
        "regulations": len(project.regulations),
        "units": len(units),
        "articles": sum(1 for u in units if u.kind == "article"),
        "errata": sum(len(reg.errata) for reg in regs),
        "notes": sum(len(reg.notes) for reg in regs),
        "glossary_terms": len(project.glossary.terms()),
        "forms": len(project.forms),
        "checklists": len(project.checklists),
        "citations": citations,
        "units_cited_by_nothing": sum(1 for reg in regs for u in reg.walk()
                                      if u.kind not in (*HEADINGS, "preamble", "signature", "date")
                                      and not cited(reg.id, u)),
        "questions": len(project.questions),
        "units_without_question": len(units_without_question(project)),
        "problems_on_load": len(project.problems),
    }
