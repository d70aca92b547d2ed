"""The whole handbook for print: ``handbook.pdf`` (WeasyPrint) and ``handbook.docx`` (pandoc).

Both are made from one HTML body built here from the model. Every text is HTML-escaped, so nothing a
regulation says can be read as markup by pandoc or the browser engine. The Word file is made by
:mod:`zhifa.render.docx.print_edition` (its reference.docx, fonts and footer); this module writes both.
"""

from __future__ import annotations

import os
import tempfile
from html import escape
from pathlib import Path

from zhifa.cite.numerals import to_chinese
from zhifa.model.project import Project
from zhifa.model.regulation import Regulation, Unit
from zhifa.render.docx.print_edition import NOTE_STYLE, write_docx
from zhifa.render.pdf.html import SANS, SERIF, write_pdf

HANDBOOK_TITLE = "人口和计划生育行政执法手册"
TOC_TITLE = "目录"

# Word paragraph styles for the units (pandoc applies them through data-custom-style).
UNIT_STYLE = {"subitem": "Subprovision", "signature": "Closing", "date": "Closing"}


# ---------------------------------------------------------------- HTML body, shared by both outputs

class _Body:
    """The regulations as HTML, plus the headings the PDF's contents list needs."""

    def __init__(self, project: Project):
        self.jur = project.jurisdiction
        self.html: list[str] = []
        self.toc: list[tuple[int, str, str]] = []  # (level, anchor, text)
        for reg in project.ordered_regulations():
            self.regulation(reg)

    def esc(self, text: str | None) -> str:
        return escape(self.jur.render(text or ""), quote=False)

    def heading(self, level: int, anchor: str, text: str, cls: str = "") -> None:
        klass = f' class="{cls}"' if cls else ""
        self.html.append(f'<h{level} id="{anchor}"{klass}>{escape(text, quote=False)}</h{level}>')
        self.toc.append((level, anchor, text))

    def regulation(self, reg: Regulation) -> None:
        self.html.append('<section class="reg">')
        self.heading(1, reg.id, self.jur.render(reg.title), "reg-title")
        rows = [("类型", reg.type), ("制定机关", reg.issuer), ("效力状态", reg.status), ("施行", reg.effective)]
        cells = "".join(f"<tr><td><strong>{k}</strong></td><td>{self.esc(v)}</td></tr>" for k, v in rows)
        self.html.append('<table class="meta"><colgroup><col width="18%"><col width="82%"></colgroup>'
                         f"<tbody>{cells}</tbody></table>")
        for note in reg.notes_for(None):
            self.note("编者注", self.esc(note.text))
        for unit in reg.units:
            self.unit(reg, unit)
        self.html.append("</section>")

    def unit(self, reg: Regulation, unit: Unit) -> None:
        anchor = f"{reg.id}--{unit.id}"
        children = list(unit.children)
        if unit.kind in ("chapter", "section") or (unit.heading and children):
            # Headings: 第一章　总 则, 一、自查方法, 1、依法行政; a section without a heading carries its text.
            title = _join(unit.label, self.jur.render(unit.heading or unit.text or ""))
            self.heading(2 if unit.kind in ("chapter", "section") else 3, anchor, title)
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
    """An ideographic space after 第…章/第…条 labels; none after labels that end in a bracket or 、."""
    return "\u3000" if label and rest and not label.endswith(("）", ")", "、")) else ""


# ---------------------------------------------------------------- PDF

PDF_CSS = f"""
@page {{ size: A4; margin: 25mm 22mm 22mm 22mm;
  @top-center {{ content: string(regtitle); font-size: 9pt; color: #555; }}
  @bottom-center {{ content: "— " counter(page) " —"; font-size: 10.5pt; }} }}
@page cover {{ @top-center {{ content: none; }} @bottom-center {{ content: none; }} }}
@page front {{ @top-center {{ content: none; }} }}
html {{ font-family: {SERIF}; font-size: 12pt; line-height: 1.75; }}
h1, h2, h3, .cover-title, strong {{ font-family: {SANS}; }}
h1 {{ font-size: 18pt; text-align: center; margin: 0 0 12pt; }}
h2 {{ font-size: 14pt; margin: 14pt 0 6pt; }}
h3 {{ font-size: 12pt; margin: 10pt 0 4pt; }}
h2, h3 {{ break-after: avoid; }}
h1.reg-title {{ string-set: regtitle content(); }}
.cover {{ page: cover; text-align: center; padding-top: 70mm; }}
.cover-title {{ font-size: 26pt; font-weight: bold; margin-bottom: 24pt; }}
.cover p {{ font-size: 15pt; margin: 6pt 0; }}
nav.toc {{ page: front; break-before: page; }}
nav.toc ul {{ list-style: none; padding: 0; margin: 0; }}
nav.toc li.l2 {{ padding-left: 2em; font-size: 11pt; }}
nav.toc a {{ color: inherit; text-decoration: none; }}
nav.toc a::after {{ content: leader(".") target-counter(attr(href), page); }}
section.reg {{ break-before: page; }}
table.meta {{ width: 100%; border-collapse: collapse; font-size: 10.5pt; margin-bottom: 12pt; }}
table.meta td {{ border: 0.5pt solid #999; padding: 2pt 6pt; vertical-align: top; }}
table.meta td:first-child {{ width: 5em; background: #f0f0f0; }}
p.u {{ text-indent: 2em; margin: 0 0 4pt; text-align: justify; }}
p.u-subitem {{ padding-left: 2em; }}
p.u-article[data-bookmark] {{ bookmark-level: 3; bookmark-label: attr(data-bookmark); }}
p.u-signature, p.u-date {{ text-align: right; text-indent: 0; }}
p.note {{ font-size: 10pt; line-height: 1.5; color: #333; margin: 2pt 0 6pt 2em;
  padding: 2pt 6pt; border-left: 2pt solid #999; background: #f6f6f6; }}
"""


def _pdf_html(project: Project, body: _Body) -> str:
    items = "".join(f'<li class="l{lvl}"><a href="#{a}">{escape(t, quote=False)}</a></li>'
                    for lvl, a, t in body.toc if lvl <= 2)
    county = project.jurisdiction.values().get("county", "")
    count = len(project.ordered_regulations())
    return (f'<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8"><title>{HANDBOOK_TITLE}</title>'
            f"<style>{PDF_CSS}</style></head><body>"
            f'<section class="cover"><p class="cover-title">{HANDBOOK_TITLE}</p>'
            f"<p>{escape(county)}</p><p>收录规章制度{to_chinese(count)}部</p></section>"
            f'<nav class="toc"><h1 class="toc-title">{TOC_TITLE}</h1><ul>{items}</ul></nav>'
            f"{''.join(body.html)}</body></html>")


# ---------------------------------------------------------------- entry point

def write_print_edition(project: Project, docx_target: Path, pdf_target: Path) -> list[Path]:
    """Write the Word and the PDF edition to ``docx_target`` and ``pdf_target``; each appears whole or not at all
    (both are made in a temporary folder beside their target, then moved into place)."""
    targets = [Path(docx_target), Path(pdf_target)]
    for target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
    body = _Body(project)
    county = project.jurisdiction.values().get("county", "")
    with tempfile.TemporaryDirectory(dir=targets[0].parent, prefix=".print-") as docx_tmp, \
            tempfile.TemporaryDirectory(dir=targets[1].parent, prefix=".print-") as pdf_tmp:
        made = [Path(docx_tmp) / targets[0].name, Path(pdf_tmp) / targets[1].name]
        write_docx("".join(body.html), made[0], Path(docx_tmp), HANDBOOK_TITLE, TOC_TITLE, county)
        write_pdf(_pdf_html(project, body), made[1])
        for done, target in zip(made, targets):
            os.replace(done, target)
    return targets
