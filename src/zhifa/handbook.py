"""Handbook pages as Markdown, generated from the model. Knows nothing of MkDocs.

``pages(project)`` returns {path inside docs: Markdown}. Legal text goes out as escaped HTML, so
Markdown syntax in a regulation can never change its meaning; headings stay Markdown so that the
table of contents, permalinks and search sections work, each with the unit's id as its anchor.
"""

from __future__ import annotations

from html import escape
from typing import Callable, Optional

from .citations import formal
from .loader import Project
from .model import Regulation, Unit

REG_DIR = "regulations"

# A hook that turns escaped unit text into HTML (glossary terms, cross-references); identity by default.
TextFilter = Callable[[Regulation, Unit, str], str]


def reg_page(reg: Regulation) -> str:
    return f"{REG_DIR}/{reg.id}.md"


def reg_url(reg: Regulation, unit: Optional[Unit] = None, from_root: bool = True) -> str:
    base = f"{REG_DIR}/{reg.id}/"
    return (base if from_root else "") + (f"#{unit.id}" if unit else "")


def _attr(value: str) -> str:
    return escape(value, quote=True)


class RegulationPage:
    def __init__(self, project: Project, reg: Regulation, text_filter: Optional[TextFilter] = None,
                 extras: Optional[Callable[[Regulation, Unit], str]] = None):
        self.project = project
        self.reg = reg
        self.jur = project.jurisdiction
        self.text_filter = text_filter or (lambda reg, unit, html: html)
        self.extras = extras or (lambda reg, unit: "")
        self.has_chapters = any(u.kind == "chapter" for u in reg.units)

    def render(self) -> str:
        reg, jur = self.reg, self.jur
        title = jur.render(reg.title)
        out = [
            "---",
            f"title: \"{title}\"",
            "render_macros: false",
            "---",
            "",
            f"# {title} {{ #top data-cite=\"{_attr(formal(reg, None, jur))}\" }}",
            "",
            self.metadata(),
            "",
        ]
        for note in reg.notes_for(None):
            out += [self.note_box("编者注", jur.render(note.text)), ""]
        for unit in reg.units:
            out += self.unit_block(unit)
        return "\n".join(out) + "\n"

    def metadata(self) -> str:
        reg, jur = self.reg, self.jur
        first, last = reg.source.line_range
        rows = [
            ("简称", reg.short_title),
            ("类型", reg.type),
            ("制定机关", jur.render(reg.issuer)),
            ("适用范围", jur.render(reg.scope)),
            ("效力状态", reg.status),
            ("施行", jur.render(reg.effective)),
            ("原文出处", f"{reg.source.file} 第 {first}–{last} 行"),
        ]
        cells = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
        return f'<div class="zf-meta"><table>{cells}</table></div>'

    def heading_level(self, unit: Unit) -> Optional[int]:
        top = 2
        if unit.kind in ("chapter", "section"):
            return top
        if unit.kind == "article":
            return top + 1 if self.has_chapters else top
        if unit.kind == "item" and unit.children and unit.parent and unit.parent.kind == "section":
            return top + 1
        return None

    def cite_button(self, unit: Unit) -> str:
        cite = formal(self.reg, unit, self.jur)
        return (f'<span class="zf-cite"><span class="zf-cite-text">{escape(cite)}</span>'
                f'<button type="button" class="zf-copy" data-cite="{_attr(cite)}" title="复制引用">复制引用</button></span>')

    def body(self, unit: Unit) -> str:
        if not unit.text:
            return ""
        return self.text_filter(self.reg, unit, escape(self.jur.render(unit.text), quote=False))

    def unit_block(self, unit: Unit) -> list[str]:
        level = self.heading_level(unit)
        out: list[str] = []
        if level is not None:
            title = " ".join(x for x in (unit.label, unit.heading) if x)
            toc = title if unit.heading else f"{title} {self.jur.render(unit.text or '')[:14]}…"
            out += [f"{'#' * level} {escape(title, quote=False)} {{ #{unit.id} data-toc-label=\"{_attr(toc)}\" }}", ""]
            parts = []
            if unit.text:
                parts.append(f'<p class="zf-text">{self.body(unit)}</p>')
            if unit.kind != "chapter":
                parts.append(self.cite_button(unit))
            parts += self.annotations(unit)
            if parts:
                out += [f'<div class="zf-unit zf-{unit.kind}" markdown="0">{"".join(parts)}</div>', ""]
            for child in unit.children:
                out += self.unit_block(child)
            return out
        return [f'<div class="zf-unit-wrap" markdown="0">{self.inline_unit(unit)}</div>', ""]

    def inline_unit(self, unit: Unit) -> str:
        label = f'<span class="zf-label">{escape(unit.label)}</span>' if unit.label else ""
        heading = f'<span class="zf-heading">{escape(unit.heading)}</span>' if unit.heading else ""
        children = "".join(self.inline_unit(c) for c in unit.children)
        extra = "".join(self.annotations(unit))
        return (f'<div class="zf-unit zf-{unit.kind}" id="{unit.id}">'
                f'<p class="zf-text">{label}{heading}{self.body(unit)}</p>{self.cite_button(unit)}{extra}{children}</div>')

    def annotations(self, unit: Unit) -> list[str]:
        out = []
        for e in self.reg.errata_for(unit.id):
            text = f"原文作“{self.jur.render(e.original)}”，本手册作“{self.jur.render(e.corrected)}”。理由：{self.jur.render(e.reason)}"
            out.append(self.note_box("编者注（勘误）", text))
        for note in self.reg.notes_for(unit.id):
            out.append(self.note_box("编者注", self.jur.render(note.text)))
        extra = self.extras(self.reg, unit)
        if extra:
            out.append(extra)
        return out

    @staticmethod
    def note_box(title: str, text: str) -> str:
        return (f'<div class="admonition note zf-editorial"><p class="admonition-title">{escape(title)}</p>'
                f"<p>{escape(text)}</p></div>")


def regulations_index(project: Project) -> str:
    jur = project.jurisdiction
    lines = ["---", "title: 规章制度", "render_macros: false", "---", "", "# 规章制度", "",
             "本手册收录以下六部规章制度。每一条都有固定的链接地址，可直接引用。", ""]
    for reg in project.ordered_regulations():
        lines.append(f"- [{jur.render(reg.title)}]({reg.id}.md)（{reg.type}，{reg.status}）：{jur.render(reg.summary)}")
    return "\n".join(lines) + "\n"


def pages(project: Project, text_filter: Optional[TextFilter] = None,
          extras: Optional[Callable[[Regulation, Unit], str]] = None) -> dict[str, str]:
    out = {f"{REG_DIR}/index.md": regulations_index(project)}
    for reg in project.ordered_regulations():
        out[reg_page(reg)] = RegulationPage(project, reg, text_filter, extras).render()
    return out


def nav_entries(project: Project) -> list[dict[str, str]]:
    """Navigation entries for the regulation pages, in handbook order."""
    return [{project.jurisdiction.render(reg.short_title): reg_page(reg)} for reg in project.ordered_regulations()]

