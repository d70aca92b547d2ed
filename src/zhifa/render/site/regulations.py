"""Handbook pages as Markdown, generated from the model. Knows nothing of MkDocs.

``pages(project)`` returns {path inside docs: Markdown}. Legal text goes out as escaped HTML, so
Markdown syntax in a regulation can never change its meaning; headings stay Markdown so that the
table of contents, permalinks and search sections work, each with the unit's id as its anchor.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from zhifa.cite.annotate import Annotator
from zhifa.cite.numerals import count_words
from zhifa.cite.references import CitedBy
from zhifa.cite.render import formal, repeal_words, repealing_unit, unit_path
from zhifa.cite.scan import Catalog
from zhifa.model.project import Project
from zhifa.model.regulation import HEADINGS, Regulation, Unit
from zhifa.render.site import download_paths as paths
from zhifa.render.site.urls import Urls
from zhifa.versions.diff import Change
from zhifa.versions.history import Amendment, amendments, unit_history

REG_DIR = "regulations"
GLOSSARY_PAGE = "glossary.md"
# How a repealed unit calls itself in its repeal note: 本条已于…废止.
THIS_UNIT = {"part": "本编", "chapter": "本章", "subchapter": "本节", "article": "本条", "section": "本部分",
             "paragraph": "本款", "item": "本项", "subitem": "本目"}


def reg_page(reg: Regulation) -> str:
    return f"{REG_DIR}/{reg.id}.md"


def version_page(version: Regulation) -> str:
    """A past version's own page, regulations/<id>/<date>.md; the current version's is the regulation's page."""
    if not version.is_past or version.version is None:
        return reg_page(version.current)
    return f"{REG_DIR}/{version.id}/{version.version.date.isoformat()}.md"


def changes_page(version: Regulation, since: Regulation | None = None) -> str:
    """What a version changed against the one before it (regulations/<id>/<date>-changes.md), or against an earlier
    version ``since`` (regulations/<id>/<since>-to-<date>.md)."""
    assert version.version is not None, "only a dated version changes anything"
    if since is None:
        return f"{REG_DIR}/{version.id}/{version.version.date.isoformat()}-changes.md"
    assert since.version is not None
    return f"{REG_DIR}/{version.id}/{since.version.date.isoformat()}-to-{version.version.date.isoformat()}.md"


def compare_page(reg: Regulation) -> str:
    """The page to compare any two versions of a regulation."""
    return f"{REG_DIR}/{reg.id}/compare.md"


def change_anchor(change: Change) -> str:
    return f"chg-removed-{change.unit.id}" if change.change == "removed" else f"chg-{change.unit.id}"


# Marks citations and glossary terms in a unit's escaped text (an Annotator), or leaves it as it is (a past version).
Annotate = Callable[[Regulation, Unit | None, str], str]
CHANGE_WORDS = {"changed": "修改", "added": "增加", "removed": "删去", "renumbered": "重新编号"}


def reg_url(reg: Regulation, unit: Unit | None = None, from_root: bool = True) -> str:
    base = f"{REG_DIR}/{reg.id}/"
    return (base if from_root else "") + (f"#{unit.id}" if unit else "")


def _attr(value: str) -> str:
    return escape(value, quote=True)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#+!])")


def md_text(value: str) -> str:
    """Text safe inside a Markdown heading or list item: no emphasis, links or HTML from a title like **乡."""
    return _MD_SPECIAL.sub(r"\\\1", escape(value, quote=False))


class RegulationPage:
    def __init__(self, project: Project, reg: Regulation, urls: Urls, annotate: Annotate, citers: CitedBy):
        self.project = project
        self.reg = reg
        self.jur = project.jurisdiction
        self.urls = urls
        self.annotate = annotate
        self.citers = citers
        self.page = reg_page(reg)
        self.has_chapters = any(u.kind in HEADINGS for u in reg.units)
        # For the current text of a regulation with versions: what each version changed, and per unit.
        self.amendments: list[Amendment] = [] if reg.is_past else amendments(reg)
        self.history = unit_history(reg, self.amendments) if self.amendments else {}

    def render(self) -> str:
        reg, jur = self.reg, self.jur
        title = jur.render(reg.title)
        out = [
            "---",
            f"title: \"{title}\"",
            "render_macros: false",
            "search:",
            "  boost: 5",
            "---",
            "",
            f"# {md_text(title)} {{ #top data-cite=\"{_attr(formal(reg, None, jur))}\" }}",
            "",
            self.metadata(),
            "",
        ]
        out += self.banner()
        out += [self.data_links(), ""]
        if reg.status == "已废止":
            out += [self.repeal_banner(), ""]
        for note in reg.notes_for(None):
            out += [self.note_box("编者注", jur.render(note.text)), ""]
        for unit in reg.units:
            out += self.unit_block(unit)
        return "\n".join(out) + "\n"

    def banner(self) -> list[str]:
        """The versions of the regulation, collapsed: each with its date and act, its page and what it changed."""
        if not self.amendments:
            return []
        items = []
        for version in self.reg.all_versions():
            v = version.version
            assert v is not None, "a regulation with amendments dates every version"
            act = f"（{escape(self.jur.render(v.act))}）" if v.act else ""
            links = ([f'<a href="{self.urls.rel(version_page(version), self.page)}">查看该版本</a>'] if version.is_past
                     else ["现行，即本页"])
            if version is not self.reg.all_versions()[0]:
                links.append(f'<a href="{self.urls.rel(changes_page(version), self.page)}">修改对照</a>')
            items.append(f"<li>{escape(v.shown)}起施行{act}：{'；'.join(links)}</li>")
        compare = f'<p><a href="{self.urls.rel(compare_page(self.reg), self.page)}">比较任意两个版本</a></p>'
        return [f'<details class="zf-timeline" markdown="0"><summary>历史沿革（{len(items)} 个版本）</summary>'
                f'<ol>{"".join(items)}</ol>{compare}</details>', ""]

    def data_links(self) -> str:
        """数据下载: this text as Akoma Ntoso XML (and, for the current version, the JSON), for other systems."""
        v = self.reg.version
        akn = paths.data_akn(self.reg.id, v.date.isoformat() if self.reg.is_past and v is not None else None)
        links = [f'<a href="{self.urls.rel_file(f"{paths.DATA}/{akn}", self.page)}">Akoma Ntoso XML</a>']
        if not self.reg.is_past:
            json_file = f"{paths.DATA}/{paths.data_json(self.reg.id)}"
            links.append(f'<a href="{self.urls.rel_file(json_file, self.page)}">JSON</a>')
        return (f'<p class="zf-data" data-search-exclude markdown="0">数据下载：{"、".join(links)}'
                "（本规章全文的结构化数据，每个条文单元带固定 id，供办案系统等其他系统读取；"
                f'说明和全部数据见<a href="{self.urls.rel_file(paths.DATA_INDEX, self.page)}">数据索引</a>）</p>')

    def history_note(self, unit: Unit) -> str:
        """沿革：2023年1月1日修改（对照）；2025年3月1日重新编号，原第五条（对照）."""
        steps = []
        for amendment, change in self.history.get(unit.id, []):
            v = amendment.version.version
            assert v is not None
            was = f"，原{unit_path(change.old)}" if change.old is not None and change.old.id != change.unit.id else ""
            href = self.urls.rel(changes_page(amendment.version), self.page, change_anchor(change))
            steps.append(f'{escape(v.shown)}{CHANGE_WORDS[change.change]}{escape(was)}（<a href="{href}">对照</a>）')
        return f'<p class="zf-history" data-search-exclude>沿革：{"；".join(steps)}</p>' if steps else ""

    def metadata(self) -> str:
        reg, jur = self.reg, self.jur
        rows: list[tuple[str, list[str]]] = [
            ("简称", [reg.short_title]),
            ("类型", [reg.type]),
            ("制定机关", [jur.render(reg.issuer)]),
            ("适用范围", [jur.render(reg.scope)]),
            ("效力状态", [self.status_words()]),
            ("施行", [jur.render(reg.effective)]),
        ]
        if len(reg.versions) > 1:  # every version, the one shown last: 2020年7月1日施行；2025年3月1日施行（根据…修正）
            rows.append(("版本沿革", [f"{v.shown}起施行{'（' + jur.render(v.act) + '）' if v.act else ''}"
                                      f"{'（本页所载，现行）' if i == len(reg.versions) - 1 else ''}"
                                      for i, v in enumerate(reg.versions)]))
        if reg.history:  # the adoption and amendment lines of a law, one per line
            rows.append(("制定和修改", [jur.render(line) for line in reg.history]))
        rows.append(("原文出处", [f"{reg.source.file} 第 {reg.source.shown()} 行"]))
        cells = "".join(f"<tr><th>{escape(k)}</th><td>{'<br>'.join(escape(v) for v in vs)}</td></tr>" for k, vs in rows)
        return f'<div class="zf-meta"><table>{cells}</table></div>'

    def status_words(self) -> str:
        return repeal_words(self.reg.repealed, self.jur) if self.reg.status == "已废止" else self.reg.status

    def repeal_banner(self) -> str:
        words = repeal_words(self.reg.repealed, self.jur)
        return (f'<div class="admonition warning zf-repealed-banner" markdown="0"><p class="admonition-title">'
                f"本规章{escape(words)}</p><p>以下条文仅供查阅，不能作为执法依据。</p></div>")

    def repeal_note(self, unit: Unit) -> str:
        """本条已于…废止 on a unit repealed by itself (its descendants go with it; a repealed regulation has its banner)."""
        words = repeal_words(unit.repealed, self.jur)
        return f'<p class="zf-repealed-note">{THIS_UNIT.get(unit.kind, "本条文")}{escape(words)}，不能作为依据</p>'

    def heading_level(self, unit: Unit) -> int | None:
        """编, 章, 节 and sections nest from h2 down (第一编 h2, 第一章 h3, 第一节 h4); an article is one level below
        the headings it stands in (h3 in a regulation with chapters, h2 without)."""
        top = 2
        above = sum(1 for u in unit.ancestors() if u.kind in HEADINGS)
        if unit.kind in (*HEADINGS, "section"):
            return top + above
        if unit.kind == "article":
            return min(6, top + (above or (1 if self.has_chapters else 0)))
        if unit.kind == "item" and unit.children and unit.parent and unit.parent.kind == "section":
            return top + 1
        return None

    def cite_button(self, unit: Unit) -> str:
        """The citation and its copy button; for a unit that cannot be a basis, its repeal note instead (a repealed
        regulation's banner says it for every unit)."""
        if not unit.citable:
            return self.repeal_note(unit) if repealing_unit(unit) is unit and self.reg.status != "已废止" else ""
        cite = formal(self.reg, unit, self.jur)
        return (f'<span class="zf-cite" data-search-exclude><span class="zf-cite-text">{escape(cite)}</span>'
                f'<button type="button" class="zf-copy" data-search-exclude data-cite="{_attr(cite)}" title="复制引用">'
                "复制引用</button></span>")

    def body(self, unit: Unit) -> str:
        if not unit.text:
            return ""
        text = self.annotate(self.reg, unit, escape(self.jur.render(unit.text), quote=False))
        return text if unit.in_force else f"<del>{text}</del>"  # struck through: repealed, shown for reference

    def unit_block(self, unit: Unit) -> list[str]:
        level = self.heading_level(unit)
        out: list[str] = []
        if level is not None:
            title = " ".join(x for x in (unit.label, unit.heading) if x)
            first_text = next((u.text for u in unit.walk() if u.text), "")
            toc = title if unit.heading else f"{title} {self.jur.render(first_text)[:14]}…"
            repealed = unit.status == "已废止"
            if repealed:
                toc, title = f"{title}（已废止）", f"{title}（已废止）"
            attrs = f"#{unit.id}{' .zf-repealed' if repealed else ''} data-toc-label=\"{_attr(toc)}\""
            out += [f"{'#' * level} {md_text(title)} {{ {attrs} }}", ""]
            parts = []
            if unit.text:
                parts.append(f'<p class="zf-text">{self.body(unit)}</p>')
            if unit.kind not in HEADINGS:
                parts.append(self.cite_button(unit))
            elif unit.status == "已废止" and self.reg.status != "已废止":
                parts.append(self.repeal_note(unit))
            parts = [p for p in parts if p] + self.annotations(unit)
            if parts:
                out += [f'<div class="{self.unit_classes(unit)}" markdown="0">{"".join(parts)}</div>', ""]
            for child in unit.children:
                out += self.unit_block(child)
            return out
        return [f'<div class="zf-unit-wrap" markdown="0">{self.inline_unit(unit)}</div>', ""]

    def inline_unit(self, unit: Unit) -> str:
        label = f'<span class="zf-label">{escape(unit.label)}</span>' if unit.label else ""
        heading = f'<span class="zf-heading">{escape(unit.heading)}</span>' if unit.heading else ""
        children = "".join(self.inline_unit(c) for c in unit.children)
        extra = "".join(self.annotations(unit))
        return (f'<div class="{self.unit_classes(unit)}" id="{unit.id}">'
                f'<p class="zf-text">{label}{heading}{self.body(unit)}</p>{self.cite_button(unit)}{extra}{children}</div>')

    def unit_classes(self, unit: Unit) -> str:
        return f"zf-unit zf-{unit.kind}" + (" zf-repealed" if unit.status == "已废止" else "")

    def annotations(self, unit: Unit) -> list[str]:
        history = self.history_note(unit)
        out = [history] if history else []
        for e in self.reg.errata_for(unit.id):
            text = f"原文作“{self.jur.render(e.original)}”，本手册作“{self.jur.render(e.corrected)}”。理由：{self.jur.render(e.reason)}"
            out.append(self.note_box("编者注（勘误）", text))
        for note in self.reg.notes_for(unit.id):
            out.append(self.note_box("编者注", self.jur.render(note.text)))
        citers = self.citers.get((self.reg.id, unit.id), [])
        if citers:
            links = "、".join(
                f'<a href="{self.urls.rel(c.page, self.page, c.anchor)}">{escape(c.kind)}“{escape(c.title)}”</a>' for c in citers)
            out.append(f'<p class="zf-citedby" data-search-exclude>被引用：{links}</p>')
        return out

    def note_box(self, title: str, text: str) -> str:
        body = self.annotate(self.reg, None, escape(text, quote=False))
        return (f'<div class="admonition note zf-editorial"><p class="admonition-title">{escape(title)}</p>'
                f"<p>{body}</p></div>")


def regulations_index(project: Project) -> str:
    jur = project.jurisdiction
    lines = ["---", "title: 规章制度", "render_macros: false", "search:", "  boost: 0.2", "---", "", "# 规章制度", "",
             f"本手册收录以下{count_words(len(project.regulations))}部规章制度。每一条都有固定的链接地址，可直接引用。", ""]
    for reg in project.ordered_regulations():
        lines.append(f"- [{md_text(jur.render(reg.title))}]({reg.id}.md)（{reg.type}，{reg.status}）：{md_text(jur.render(reg.summary))}")
    return "\n".join(lines) + "\n"


def glossary_page(project: Project, urls: Urls) -> str:
    jur = project.jurisdiction
    lines = ["---", "title: 词汇表", "render_macros: false", "---", "", "# 词汇表", "",
             f"规章中使用的 {len(project.glossary.terms())} 个术语。正文中这些词带有下划虚线，鼠标停留即显示释义。", ""]
    for term in sorted(project.glossary.terms(), key=lambda t: t.term):
        lines += [f"## {md_text(term.term)} {{ #{term.anchor} }}", "", f"<p>{escape(term.definition, quote=False)}</p>", ""]
        if term.also_written:
            lines += [f"<p>原文中也写作：{escape('、'.join(term.also_written), quote=False)}</p>", ""]
        refs = []
        for ref in term.occurs_in:
            reg_id, _, unit_id = ref.partition("#")
            reg = project.regulations[reg_id]
            unit = reg.unit(unit_id)
            refs.append(f'<a href="{urls.rel(reg_page(reg), GLOSSARY_PAGE, unit_id)}">{escape(formal(reg, unit, jur))}</a>')
        lines += [f'<p class="zf-occurs">出现于：{"；".join(refs)}</p>', ""]
    return "\n".join(lines) + "\n"


def annotator(project: Project, urls: Urls) -> Annotator:
    def href(reg: Regulation, unit: Unit | None, here: Regulation) -> str:
        return urls.rel(reg_page(reg), reg_page(here), unit.id if unit else None)

    def glossary_href(anchor: str, here: Regulation) -> str:
        return urls.rel(GLOSSARY_PAGE, reg_page(here), anchor)

    catalog = Catalog(project.ordered_regulations(), project.jurisdiction.render)
    return Annotator(catalog, project.glossary, href, glossary_href)


def pages(project: Project, urls: Urls, citers: CitedBy) -> dict[str, str]:
    """The regulation pages, their index and the glossary: {path inside docs: Markdown}."""
    annotate = annotator(project, urls)
    out = {f"{REG_DIR}/index.md": regulations_index(project), GLOSSARY_PAGE: glossary_page(project, urls)}
    for reg in project.ordered_regulations():
        out[reg_page(reg)] = RegulationPage(project, reg, urls, annotate, citers).render()
    return out


def nav_entries(project: Project) -> list[dict[str, str]]:
    """Navigation entries for the regulation pages, in handbook order."""
    return [{project.jurisdiction.render(reg.short_title): reg_page(reg)} for reg in project.ordered_regulations()]

