"""The print edition's HTML body, built once from the model and shared by the Word and the PDF edition.

Every text is HTML-escaped, so nothing a regulation says can be read as markup by pandoc or the browser engine.
"""

from __future__ import annotations

from html import escape

from zhifa.cite.render import repeal_words
from zhifa.model.project import Project
from zhifa.model.regulation import HEADINGS, Regulation, Unit

HANDBOOK_TITLE = "人口和计划生育行政执法手册"
TOC_TITLE = "目录"
NOTE_STYLE = "Editorial Note"  # the Word paragraph style of editorial notes (data-custom-style in the HTML body)

# Word paragraph styles for the units (pandoc applies them through data-custom-style).
UNIT_STYLE = {"subitem": "Subprovision", "signature": "Closing", "date": "Closing"}


class PrintBody:
    """The regulations as HTML, plus the headings the PDF's contents list needs."""

    def __init__(self, project: Project):
        self.jur = project.jurisdiction
        self.html: list[str] = []
        self.toc: list[tuple[int, str, str]] = []  # (level, anchor, text)
        self.toc_part: list[int] = []  # for each toc entry, the part (regulation) it is in
        self.parts: list[tuple[int, int]] = []  # each regulation's slice of ``html``, in handbook order
        for reg in project.ordered_regulations():
            start = len(self.html)
            self.regulation(reg)
            self.parts.append((start, len(self.html)))

    def part_html(self, part: int) -> str:
        """One regulation's HTML (the PDF edition lays each out on its own)."""
        start, end = self.parts[part]
        return "".join(self.html[start:end])

    def esc(self, text: str | None) -> str:
        return escape(self.jur.render(text or ""), quote=False)

    def heading(self, level: int, anchor: str, text: str, cls: str = "") -> None:
        klass = f' class="{cls}"' if cls else ""
        self.html.append(f'<h{level} id="{anchor}"{klass}>{escape(text, quote=False)}</h{level}>')
        self.toc.append((level, anchor, text))
        self.toc_part.append(len(self.parts))

    def regulation(self, reg: Regulation) -> None:
        self.html.append('<section class="reg">')
        self.heading(1, reg.id, self.jur.render(reg.title), "reg-title")
        status = repeal_words(reg.repealed, self.jur) if reg.status == "已废止" else reg.status
        rows = [("类型", reg.type), ("制定机关", reg.issuer), ("效力状态", status), ("施行", reg.effective)]
        if reg.version is not None and len(reg.versions) > 1:  # which text this is, of several
            act = f"（{reg.version.act}）" if reg.version.act else ""
            rows.append(("版本", f"{reg.version.shown}起施行的版本{act}，共 {len(reg.versions)} 个版本"))
        cells = "".join(f"<tr><td><strong>{k}</strong></td><td>{self.esc(v)}</td></tr>" for k, v in rows)
        if reg.history:  # the adoption and amendment lines of a law, one per line
            lines = "<br>".join(self.esc(line) for line in reg.history)
            cells += f"<tr><td><strong>制定和修改</strong></td><td>{lines}</td></tr>"
        self.html.append('<table class="meta"><colgroup><col width="18%"><col width="82%"></colgroup>'
                         f"<tbody>{cells}</tbody></table>")
        if reg.status == "已废止":
            self.note("编者注", self.esc(f"本规章{repeal_words(reg.repealed, self.jur)}，以下条文仅供查阅，不能作为执法依据。"))
        for note in reg.notes_for(None):
            self.note("编者注", self.esc(note.text))
        for unit in reg.units:
            self.unit(reg, unit)
        self.html.append("</section>")

    def unit(self, reg: Regulation, unit: Unit) -> None:
        anchor = f"{reg.id}--{unit.id}"
        children = list(unit.children)
        above = sum(1 for u in unit.ancestors() if u.kind in HEADINGS)
        if unit.kind in (*HEADINGS, "section") or (unit.heading and children):
            # Headings: 第一编, 第一章　总 则, 第一节, 一、自查方法, 1、依法行政 (编, 章, 节 nest from level 2 down);
            # a section without a heading carries its text.
            title = _join(unit.label, self.jur.render(unit.heading or unit.text or ""))
            level = 2 + above if unit.kind in (*HEADINGS, "section") else max(3, 2 + above)
            self.heading(min(6, level), anchor, title)
            if unit.heading and unit.text:
                self.paragraph(unit.kind, "", self.esc(unit.text))
            self.annotations(reg, unit)
        else:
            # An article whose first paragraph has no label starts on the article's own line.
            merged = children.pop(0) if not unit.text and children and children[0].kind == "paragraph" else None
            text = self.esc(unit.text if merged is None else merged.text)
            label = _join(unit.label, unit.heading or "")
            self.paragraph(unit.kind, label, text, anchor)
            self.annotations(reg, unit)
            if merged is not None:
                self.annotations(reg, merged)
                children = merged.children + children
        for child in children:
            self.unit(reg, child)

    def paragraph(self, kind: str, label: str, text: str, anchor: str = "") -> None:
        bold = f"<strong>{escape(label, quote=False)}</strong>{_gap(label, text)}" if label else ""
        attrs = (f' id="{anchor}"' if anchor else "") + (f' data-bookmark="{escape(label)}"' if label else "")
        style = UNIT_STYLE.get(kind, "Provision")
        self.html.append(f'<div data-custom-style="{style}"><p class="u u-{kind}"{attrs}>{bold}{text}</p></div>')

    def annotations(self, reg: Regulation, unit: Unit) -> None:
        if unit.status == "已废止" and reg.status != "已废止":  # a repealed regulation says it once, at its head
            self.note("编者注", self.esc(f"本条文{repeal_words(unit.repealed, self.jur)}，仅供查阅，不能作为依据。"))
        for e in reg.errata_for(unit.id):
            reason = self.jur.render(e.reason)
            text = (f"原文作“{self.jur.render(e.original)}”，本手册作“{self.jur.render(e.corrected)}”。"
                    f"理由：{reason}{'' if reason.endswith(('。', '！', '？')) else '。'}")
            self.note("编者注（勘误）", escape(text, quote=False))
        for note in reg.notes_for(unit.id):
            self.note("编者注", self.esc(note.text))

    def note(self, title: str, html_text: str) -> None:
        self.html.append(f'<div data-custom-style="{NOTE_STYLE}"><p class="note"><strong>{title}：</strong>'
                         f"{html_text}</p></div>")


def _join(label: str | None, rest: str) -> str:
    """Label as written, then what follows it: 第一章　总 则, but 一、自查方法 and （三）严格… without a gap."""
    return f"{label or ''}{_gap(label, rest)}{rest}"


def _gap(label: str | None, rest: str) -> str:
    """An ideographic space after 第…章/第…条 labels; none after labels that end in a bracket, 、 or a full stop
    (1. 1．)."""
    return "\u3000" if label and rest and not label.endswith(("）", ")", "、", ".", "．")) else ""
