"""An Akoma Ntoso 3.0 act (as ``zhifa export`` writes it, or any act with the same hierarchy) read back into the
shape of regulations/<id>.yaml: units from the hierarchy (``eId`` → id, ``class`` or the element → kind, ``num`` →
label, ``heading``, the text of ``content``/``intro``, each ``placeholder refersTo="#name"`` → ``{{ name }}``,
``noteRef`` left out), the regulation's other fields from ``meta/proprietary`` when the file has them."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from lxml import etree

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
ZHIFA = "urn:zhifa:akn:1"
KINDS = {"part": "part", "chapter": "chapter", "subchapter": "subchapter", "section": "section", "article": "article",
         "paragraph": "paragraph", "point": "item"}
UNIT_KEYS = ("id", "kind", "label", "heading", "text")


class AknError(Exception):
    """The file is not an Akoma Ntoso act this reader understands (the message says why, in Chinese)."""


def _local(el: Any) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def inline_text(el: Any) -> str:
    """The words of an inline container, a placeholder as its variable, note markers left out."""
    out = [el.text or ""]
    for child in el:
        name = _local(child)
        if name == "placeholder" and (child.get("refersTo") or "").startswith("#"):
            out.append("{{ " + child.get("refersTo")[1:] + " }}")
        elif name != "noteRef":
            out.append(inline_text(child))
        out.append(child.tail or "")
    return "".join(out)


def _block_text(el: Any) -> str:
    return "".join(inline_text(p) for p in el if _local(p) == "p")


def unit(el: Any, parent_kind: str | None) -> dict:
    name = _local(el)
    kind = el.get("class") if el.get("class") in (*KINDS.values(), "subitem") else KINDS[name]
    if name == "point" and el.get("class") is None and parent_kind in ("item", "subitem"):
        kind = "subitem"
    data: dict = {"id": el.get("eId"), "kind": kind}
    if not data["id"]:
        raise AknError(f"第 {el.sourceline} 行的 <{name}> 没有 eId：每个条文单元须有 eId")
    children = []
    for child in el:
        part = _local(child)
        if part == "num":
            data["label"] = inline_text(child)
        elif part == "heading":
            data["heading"] = inline_text(child)
        elif part in ("content", "intro"):
            data["text"] = _block_text(child)
        elif part in KINDS:
            children.append(unit(child, kind))
    if children:
        data["children"] = children
    return {k: data[k] for k in (*UNIT_KEYS, "children") if k in data}


def _day(value: Any) -> Any:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        return value


def _dates(kept: dict) -> None:
    """The dates JSON holds as text, as dates again (versions, repeals)."""
    for version in kept.get("versions", []):
        version["date"] = _day(version.get("date"))
    if isinstance(kept.get("repealed"), dict):
        kept["repealed"]["date"] = _day(kept["repealed"].get("date"))


def read_act(raw: bytes) -> dict:
    """The regulation's data from an AKN act: ``{"id", "title", ..., "units": [...]}``."""
    try:
        root = etree.fromstring(raw, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise AknError(f"不是有效的 XML（第 {exc.lineno} 行：{exc.msg}）") from None
    if etree.QName(root).namespace != AKN or _local(root) != "akomaNtoso":
        raise AknError("不是 Akoma Ntoso 3.0 文件（根元素应为 akomaNtoso，命名空间 " + AKN + "）")
    act = root.find(f"{{{AKN}}}act")
    if act is None:
        raise AknError("文件中没有 <act>：只能导入 act 类文件")
    kept_el = act.find(f"{{{AKN}}}meta/{{{AKN}}}proprietary/{{{ZHIFA}}}regulation")
    kept: dict = json.loads(kept_el.text) if kept_el is not None and kept_el.text else {}
    statuses: dict = kept.pop("unit_status", {})
    title_el = act.find(f".//{{{AKN}}}preface//{{{AKN}}}docTitle")
    units: list[dict] = []
    for pre in act.findall(f"{{{AKN}}}preamble"):
        units.append({"id": pre.get("eId") or "preamble", "kind": "preamble", "text": _block_text(pre)})
    body = act.find(f"{{{AKN}}}body")
    if body is None:
        raise AknError("文件中没有 <body>")
    units += [unit(el, None) for el in body if _local(el) in KINDS]
    for p in act.findall(f"{{{AKN}}}conclusions/{{{AKN}}}p"):
        kind = p.get("class") or "signature"
        units.append({"id": p.get("eId") or kind, "kind": kind, "text": inline_text(p)})

    def restore(items: list[dict]) -> None:
        for item in items:
            extra = statuses.get(item["id"], {})
            for key in ("status", "repealed"):
                if key in extra:
                    item[key] = extra[key]
            if isinstance(item.get("repealed"), dict):
                item["repealed"]["date"] = _day(item["repealed"].get("date"))
            restore(item.get("children", []))

    restore(units)
    _dates(kept)
    data: dict = {"id": act.get("name")}
    if title_el is not None:
        data["title"] = inline_text(title_el)
    data.update(kept)
    data["units"] = units
    return data
