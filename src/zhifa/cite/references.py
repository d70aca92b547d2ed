"""Cited-by: what in the handbook points at each unit (glossary terms now; forms, checklists, questions later)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from zhifa.model.glossary import Glossary, split_ref


@dataclass(frozen=True)
class Citer:
    kind: str          # 词汇表, 文书, 检查表, 试题 …
    title: str
    page: str          # Markdown source page of the citer, e.g. glossary.md
    anchor: str | None = None


CitedBy = dict[tuple[str, str], list[Citer]]


def merge(*indexes: CitedBy) -> CitedBy:
    out: CitedBy = defaultdict(list)
    for index in indexes:
        for key, citers in index.items():
            out[key].extend(citers)
    return out


def glossary_citers(glossary: Glossary) -> CitedBy:
    index: CitedBy = defaultdict(list)
    for term in glossary.terms():
        for ref in term.occurs_in:
            reg_id, unit_id = split_ref(ref)
            if unit_id:
                index[(reg_id, unit_id)].append(Citer("词汇表", term.term, "glossary.md", term.anchor))
    return index


def page_citers(project) -> CitedBy:
    """Hand-written pages (docs/*.md) that cite a unit in their text."""
    from zhifa.cite.scan import typed_citations

    index: CitedBy = defaultdict(list)
    for text, resolved, _ in typed_citations(project):
        path = text.source.path
        if not path.startswith("docs/") or resolved.regulation is None or resolved.unit is None:
            continue
        page = path[len("docs/"):]
        key = (resolved.regulation.id, resolved.unit.id)
        title = "首页" if page == "index.md" else page[: -len(".md")]
        if not any(c.page == page for c in index[key]):
            index[key].append(Citer("页面", title, page))
    return index
