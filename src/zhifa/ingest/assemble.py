"""A read regulation (Draft) as the data of regulations/<id>.yaml: ids by the project's scheme, the county's
variables put in place of their redacted spelling (****县 → {{ county }}), metadata read or marked 【待填写】,
page-number candidates proposed as errata for the maintainer to confirm, counts and warnings for the summary.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from zhifa.ingest.document import Draft
from zhifa.ingest.lines import PAGE_NUMBER_INSIDE
from zhifa.ingest.metadata import effective_clause, guess_type, issuer_from, status_for
from zhifa.ingest.structure import Node, Warning, finish, to_units
from zhifa.model.jurisdiction import Jurisdiction
from zhifa.model.regulation import PLACEHOLDER

COUNTED = [("part", "编"), ("chapter", "章"), ("subchapter", "节"), ("section", "部分"), ("article", "条"),
           ("paragraph", "款"), ("item", "项"), ("subitem", "目")]


@dataclass
class Proposal:
    """A possible defect of the source, written into the YAML as a commented-out erratum."""

    unit: str
    original: str
    corrected: str
    reason: str
    line: int


@dataclass
class Imported:
    id: str
    data: dict
    counts: dict[str, int]
    warnings: list[Warning] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)


def assemble(draft: Draft, reg_id: str, order: int, kind: str | None, source_file: str, jur: Jurisdiction,
             today: datetime.date) -> Imported:
    for node in draft.body.units:
        finish(node)
    local = _Variables(jur)
    units: list[dict] = []
    if draft.preamble:
        units.append({"id": "preamble", "kind": "preamble", "text": "".join(line.text for line in draft.preamble)})
    units += to_units(draft.body.units)
    if draft.signature is not None:
        units.append({"id": "signature", "kind": "signature", "text": draft.signature.text})
    if draft.date is not None:
        units.append({"id": "date", "kind": "date", "text": draft.date.text})
    for unit in walk(units):
        for key in ("heading", "text"):
            if key in unit:
                unit[key] = local.put(unit[key])
    title = local.put(draft.title)
    warnings = list(draft.warnings)
    if len(draft.preamble) > 1:
        warnings.append(Warning(draft.preamble[1].number, "序言有多行，已接为一段：请核对"))
    reg_type = kind or guess_type(draft.title) or ""
    history = [line.text for line in draft.history]
    clause = effective_clause(list(_citable(units)))
    effective = f"{clause[0]}（{clause[1]}）" if clause else f"{PLACEHOLDER}施行日期（原文未载明时写“原文未载明”）"
    signature = local.put(draft.signature.text) if draft.signature is not None else None
    data: dict = {
        "order": order,
        "title": title,
        "short_title": f"{PLACEHOLDER}简称",
        "summary": f"{PLACEHOLDER}一句话简介（首页和目录中显示）",
        "type": reg_type,
        "issuer": local.put(issuer_from(history, signature)),
        "scope": f"{PLACEHOLDER}适用范围",
        "status": status_for(effective, today),
        "effective": effective,
    }
    if history:
        data["history"] = [local.put(h) for h in history]
    data["source"] = {"file": source_file, "lines": draft.ranges()}
    data["units"] = units
    notes = [{"unit": _unit_id(node, units), "text": text} for node, text in draft.body.notes]
    notes = [n for n in notes if n["unit"] is not None]
    if notes:
        data["notes"] = notes
    warnings += _gaps(draft.body.units)
    proposals = _page_numbers(units, draft)
    for p in proposals:
        warnings.append(Warning(p.line, f"“{p.original}”中的数字疑似 PDF 页码：未改动，已在 YAML 末尾写出勘误建议（注释），"
                                        "核实后去掉 # 即生效"))
    counts = {name: sum(1 for u in walk(units) if u["kind"] == kind_) for kind_, name in COUNTED}
    return Imported(reg_id, data, counts, sorted(warnings, key=lambda w: w.line), proposals)


class _Variables:
    """The county's variables in place of their spelling in the source, longest spelling first."""

    def __init__(self, jur: Jurisdiction):
        pairs = [(v.source_text, name) for name, v in jur.root.items() if v.source_text]
        self.pairs = sorted(pairs, key=lambda p: -len(p[0]))

    def put(self, text: str) -> str:
        for spelling, name in self.pairs:
            text = text.replace(spelling, "{{ " + name + " }}")
        return text


def walk(units: list[dict]) -> Iterator[dict]:
    for unit in units:
        yield unit
        yield from walk(unit.get("children", []))


def _citable(units: list[dict], article: str = "") -> Iterator[tuple[str, str]]:
    """(the article's label, text) of every article and paragraph, in reading order."""
    for unit in units:
        label = unit.get("label", "") if unit["kind"] == "article" else article
        if unit["kind"] in ("article", "paragraph"):
            yield label, unit.get("text", "")
        yield from _citable(unit.get("children", []), label)


def _gaps(nodes: list[Node]) -> list[Warning]:
    """Numbering that does not run on by one: articles through the regulation, the rest under each parent."""
    found: list[Warning] = []
    articles: list[Node] = []

    def visit(siblings: list[Node]) -> None:
        runs: dict[str, list[Node]] = {}
        for node in siblings:
            (articles if node.kind == "article" else runs.setdefault(node.kind, [])).append(node)
            visit(node.children)
        for run in runs.values():
            found.extend(_breaks(run))

    visit(nodes)
    return found + _breaks(articles)


def _breaks(run: list[Node]) -> list[Warning]:
    out = []
    for before, node in zip([None, *run], run):
        expected = before.value + 1 if before is not None else 1
        if node.label and node.value != expected:
            what = "编号跳过了" if node.value > expected else "编号顺序不对"
            out.append(Warning(node.line, f"“{node.label}”{what}（此处应为第 {expected} 个）：照录原文，未改动；请与原件核对"))
    return out


def _unit_id(node: Node, units: list[dict]) -> str | None:
    for unit in walk(units):
        if unit.get("_node") == id(node):
            return unit["id"]
    return None


def _page_numbers(units: list[dict], draft: Draft) -> list[Proposal]:
    found = []
    for unit in walk(units):
        text = unit.get("text", "")
        for m in PAGE_NUMBER_INSIDE.finditer(text):
            original = m.group(0)
            found.append(Proposal(unit["id"], original, m.group(1) + m.group(3),
                                  f"原文混入PDF页码“{m.group(2)}”，删去", unit.get("_line", draft.first)))
    return found
