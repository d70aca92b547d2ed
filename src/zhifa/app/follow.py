"""What must follow a new version or a repeal: every citation in the project (forms, checklists, deadlines,
procedures, questions, the learning path, the glossary, and citations typed in any text) of a unit that the change
removed, renumbered or reworded, with what to do about it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from zhifa.cite.scan import typed_citations
from zhifa.model.glossary import split_ref
from zhifa.model.problems import Position
from zhifa.model.project import Project
from zhifa.model.regulation import Citation, Regulation, Unit
from zhifa.versions.diff import Change, full_text
from zhifa.versions.fold import fold


@dataclass(frozen=True)
class Follow:
    where: Position
    unit: str     # the unit id cited, as the old version has it
    message: str  # what changed and what to do, for the maintainer

    def line(self) -> str:
        return f"{self.where.path}:{self.where.line}:{self.where.col}: {self.message}"


def structured_citations(project: Project) -> Iterator[Citation]:
    for form in project.forms.values():
        yield from (c for _, c in form.citations())
    for checklist in project.checklists.values():
        yield from checklist.citations()
    for deadline in project.deadlines.root.values():
        yield from deadline.citations()
    for proc in project.procedures.root.values():
        yield from (c for step in proc.steps for c in step.basis)
    for q in project.questions:
        yield from q.basis
    if project.training is not None:
        yield from (p.basis for step in project.training.path for p in step.points)


def affected(changes: list[Change]) -> dict[str, tuple[Change, Unit | None]]:
    """Old unit id → the change of the article (or other top unit) it is in, and its successor where there is one."""
    out: dict[str, tuple[Change, Unit | None]] = {}
    for change in changes:
        if change.old is None:
            continue
        for unit in change.old.walk():
            successor = None
            if change.new is not None:
                successor = change.new.regulation.unit(change.new.id + unit.id[len(change.old.id):])
            out[unit.id] = (change, successor)
    return out


def _advice(old: Unit, change: Change, successor: Unit | None, quote: str | None) -> str:
    new = change.new
    if new is None or change.change == "removed":
        return f"所引的 {old.id} 在新版本中已删除：请改引现行条文，或删去这一引用"
    moved = f"，id 改为 {successor.id}" if successor is not None and successor.id != old.id else ""
    if change.change == "renumbered":
        return f"所引的 {old.id} 在新版本中重新编号为{new.label or new.id}{moved}：请改为新的 id"
    words = ""
    if quote is not None and successor is not None:
        kept = fold(quote).text in fold(full_text(successor)).text
        words = "，引文仍在新条文中" if kept else "，引文已不在新条文中，请按新条文改写"
    return f"所引的 {old.id} 在新版本中有修改{moved}{words}：请核对内容是否仍与新条文一致"


def follows(project: Project, old: Regulation, changes: list[Change]) -> list[Follow]:
    hit = affected(changes)
    out: list[Follow] = []
    for c in structured_citations(project):
        if c.regulation == old.id and c.unit in hit:
            change, successor = hit[c.unit]
            unit = old.unit(c.unit)
            if unit is not None:
                out.append(Follow(c.where("unit"), c.unit, _advice(unit, change, successor, c.quote)))
    for term in project.glossary.terms():
        for i, ref in enumerate(term.occurs_in):
            reg_id, unit_id = split_ref(ref)
            if reg_id == old.id and unit_id in hit and (unit := old.unit(unit_id)) is not None:
                change, successor = hit[unit_id]
                out.append(Follow(term.where(f"occurs_in.{i}"), unit_id, _advice(unit, change, successor, term.term)))
    for text, resolved, _ in typed_citations(project):
        if text.regulation == old.id or resolved.regulation is None or resolved.unit is None:
            continue  # the regulation's own text changes with it
        if resolved.regulation.id == old.id and resolved.unit.id in hit:
            change, successor = hit[resolved.unit.id]
            where = text.position(resolved.found.start, resolved.found.end)
            out.append(Follow(where, resolved.unit.id, "（文中引用）" + _advice(resolved.unit, change, successor, None)))
    return sorted(set(out), key=lambda f: (f.where.path, f.where.line, f.where.col))
