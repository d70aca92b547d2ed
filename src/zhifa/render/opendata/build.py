"""The JSON files: one per regulation (its current units with what cites them, and every version with its Akoma
Ntoso file), the forms' structured bases, the question bank, and an index of all of them with the units each form,
checklist and question cites. ``files`` gives {path under the data folder: bytes}."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable

from zhifa.model.project import Project
from zhifa.model.regulation import Citation
from zhifa.model.regulation import Regulation as RegulationModel
from zhifa.model.regulation import Unit as UnitModel
from zhifa.render.opendata import models as m


def _cite(c: Citation) -> m.Cite:
    return m.Cite(regulation=c.regulation, unit=c.unit, quote=c.quote, version=c.version)


def cited_by(project: Project) -> dict[tuple[str, str], list[m.CitedBy]]:
    render = project.jurisdiction.render
    out: dict[tuple[str, str], list[m.CitedBy]] = defaultdict(list)

    def add(kind: str, item_id: str, title: str, citations: list[Citation]) -> None:
        for c in dict.fromkeys((c.regulation, c.unit) for c in citations):
            out[c].append(m.CitedBy(type=kind, id=item_id, title=title))

    for form in sorted(project.forms.values(), key=lambda f: f.id):
        add("form", form.id, render(form.title), [c for _, c in form.citations()])
    for cl in sorted(project.checklists.values(), key=lambda c: c.id):
        add("checklist", cl.id, render(cl.title), cl.citations())
    for q in project.questions:
        add("question", q.id, render(q.stem), q.basis)
    return out


def _unit(unit: UnitModel, render: Callable[[str], str], citers: dict) -> m.Unit:
    return m.Unit(id=unit.id, kind=unit.kind, label=unit.label,
                  heading=render(unit.heading) if unit.heading else None,
                  text=render(unit.text) if unit.text else None, status=unit.status,
                  repealed=m.Repeal(date=unit.repealed.date, by=render(unit.repealed.by)) if unit.repealed else None,
                  cited_by=citers.get((unit.regulation.id, unit.id), []),
                  children=[_unit(c, render, citers) for c in unit.children])


def regulation(project: Project, reg: RegulationModel, akn_name: Callable[[RegulationModel], str],
               citers: dict) -> m.Regulation:
    render = project.jurisdiction.render
    versions = [m.Version(date=v.version.date if v.version else None,
                          act=render(v.version.act) if v.version and v.version.act else None,
                          akn=akn_name(v), current=v is reg) for v in reg.all_versions()]
    return m.Regulation(id=reg.id, title=render(reg.title), short_title=reg.short_title, type=reg.type,
                        issuer=render(reg.issuer), status=reg.status, effective=render(reg.effective),
                        repealed=m.Repeal(date=reg.repealed.date, by=render(reg.repealed.by)) if reg.repealed else None,
                        versions=versions, units=[_unit(u, render, citers) for u in reg.units])


def dump(model: m.Shape) -> bytes:
    return (json.dumps(model.model_dump(mode="json", by_alias=True), ensure_ascii=False, indent=1) + "\n").encode()


def files(project: Project, json_name: Callable[[RegulationModel], str],
          akn_name: Callable[[RegulationModel], str]) -> dict[str, bytes]:
    """Every JSON file and schema: {name relative to the data folder: content}. ``json_name``/``akn_name`` give a
    regulation's (or version's) file names relative to that folder."""
    render = project.jurisdiction.render
    citers = cited_by(project)
    out: dict[str, bytes] = {}
    index_regs = []
    for reg in project.ordered_regulations():
        out[json_name(reg)] = dump(regulation(project, reg, lambda v: akn_name(v).rsplit("/", 1)[-1], citers))
        index_regs.append(m.IndexRegulation(id=reg.id, title=render(reg.title), json=json_name(reg),
                                            akn=[akn_name(v) for v in reg.all_versions()]))
    forms = sorted(project.forms.values(), key=lambda f: f.id)
    checklists = sorted(project.checklists.values(), key=lambda c: c.id)
    index = m.Index(
        regulations=index_regs,
        forms=[m.IndexItem(id=f.id, title=render(f.title), cites=[_cite(c) for _, c in f.citations()]) for f in forms],
        checklists=[m.IndexItem(id=c.id, title=render(c.title), cites=[_cite(x) for x in c.citations()])
                    for c in checklists],
        questions=[m.IndexItem(id=q.id, title=render(q.stem), type=q.type, cites=[_cite(c) for c in q.basis])
                   for q in project.questions])
    out["index.json"] = dump(index)
    out["forms.json"] = dump(m.Forms(forms=[m.Form(id=f.id, title=render(f.title), basis=[
        m.FormBasis(where=where, cite=_cite(c)) for where, c in f.citations()]) for f in forms]))
    out["questions.json"] = dump(m.Questions(questions=[m.Question(
        id=q.id, type=q.type, stem=render(q.stem), case=render(q.case) if q.case else None,
        options=[render(o) for o in q.options], answer=q.answer, explanation=render(q.explanation),
        basis=[_cite(c) for c in q.basis]) for q in project.questions]))
    for name, model in m.SCHEMAS.items():
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **model.model_json_schema(by_alias=True)}
        out[f"schema/{name}"] = (json.dumps(schema, ensure_ascii=False, indent=1) + "\n").encode()
    return out
