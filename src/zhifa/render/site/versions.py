"""The pages of a regulation's past: each earlier version whole, with a banner saying it is not the text in force, and
each amendment's changes with the deleted words struck (del) and the added ones underlined (ins). Past texts are
shown as they were, without links into the current text (their citations name their own units)."""

from __future__ import annotations

from html import escape

from zhifa.model.project import Project
from zhifa.model.regulation import Regulation, Unit
from zhifa.render.site.regulations import (
    CHANGE_WORDS,
    RegulationPage,
    change_anchor,
    changes_page,
    compare_page,
    md_text,
    reg_page,
    version_page,
)
from zhifa.render.site.urls import Urls
from zhifa.versions.diff import Change, Piece, diff
from zhifa.versions.history import Amendment, amendments


def _plain(reg: Regulation, unit: Unit | None, html: str) -> str:
    return html


class PastPage(RegulationPage):
    """An earlier version: the units with their ids (permalinks into that version), no citation buttons."""

    def __init__(self, project: Project, past: Regulation, urls: Urls):
        super().__init__(project, past, urls, _plain, {})
        self.page = version_page(past)

    def next_version(self) -> Regulation:
        versions = self.reg.all_versions()
        return versions[versions.index(self.reg) + 1]

    def title(self) -> str:
        v = self.reg.version
        assert v is not None
        return f"{self.jur.render(self.reg.title)}（{v.shown}施行的版本）"

    def render(self) -> str:
        v, nxt = self.reg.version, self.next_version()
        assert v is not None and nxt.version is not None
        current = self.reg.current
        banner = (f'<div class="admonition warning zf-past-banner" markdown="0"><p class="admonition-title">'
                  f"本页为{escape(v.shown)}施行的版本</p><p>该版本自{escape(nxt.version.shown)}起由新版本取代"
                  f'（<a href="{self.urls.rel(changes_page(nxt), self.page)}">修改对照</a>）。现行版本见'
                  f'<a href="{self.urls.rel(reg_page(current), self.page)}">《{escape(self.jur.render(current.title))}》</a>。'
                  "本页条文仅供查阅旧案，不能作为现行依据。</p></div>")
        out = ["---", f"title: \"{self.title()}\"", "render_macros: false", "search:", "  boost: 0.3", "---", "",
               f"# {md_text(self.title())} {{ #top }}", "", banner, "", self.metadata(), "", self.data_links(), ""]
        for unit in self.reg.units:
            out += self.unit_block(unit)
        return "\n".join(out) + "\n"

    def status_words(self) -> str:
        nxt = self.next_version().version
        assert nxt is not None
        return f"已被修改（{nxt.shown}起施行新版本）"

    def cite_button(self, unit: Unit) -> str:
        return ""


def _pieces(pieces: list[Piece]) -> str:
    tags = {"delete": "del", "insert": "ins"}
    return "".join(escape(p.text) if p.op == "equal" else f"<{tags[p.op]}>{escape(p.text)}</{tags[p.op]}>"
                   for p in pieces)


class ChangesPage:
    """The changes from one version to a later one (the next: an amendment; any later: a comparison)."""

    def __init__(self, project: Project, amendment: Amendment, urls: Urls, page: str | None = None):
        self.jur = project.jurisdiction
        self.a = amendment
        self.urls = urls
        self.page = page or changes_page(amendment.version)

    def link(self, version: Regulation, unit: Unit) -> str:
        return self.urls.rel(version_page(version), self.page, unit.id)

    def change(self, change: Change, top: bool = True) -> str:
        from zhifa.cite.render import unit_path

        unit = change.unit
        name = ("原" if change.change == "removed" else "") + unit_path(unit)
        was = ""
        if change.old is not None and change.new is not None and change.old.id != change.new.id and top:
            was = f"（原{unit_path(change.old)}）"
        version, shown = (self.a.before, change.old) if change.new is None else (self.a.version, change.new)
        assert shown is not None
        title = (f'<a href="{self.link(version, shown)}">{escape(name)}</a>{escape(was)}：{CHANGE_WORDS[change.change]}'
                 if top else f"{escape(name)}：{CHANGE_WORDS[change.change]}")
        body = f'<p class="zf-diff">{_pieces(change.diff)}</p>' if change.diff else ""
        parts = "".join(self.change(p, top=False) for p in change.parts)
        klass = f"zf-change zf-change-{change.change}" + ("" if top else " zf-change-part")
        anchor = f' id="{change_anchor(change)}"' if top else ""
        return f'<div class="{klass}"{anchor}><p class="zf-change-title">{title}</p>{body}{parts}</div>'

    def render(self) -> str:
        before, version = self.a.before, self.a.version
        assert before.version is not None and version.version is not None
        consecutive = self.page == changes_page(version)
        title = (f"{self.jur.render(version.title)}修改对照（{version.version.shown}）" if consecutive else
                 f"{self.jur.render(version.title)}版本比较（{before.version.shown}—{version.version.shown}）")
        counts = {w: sum(1 for c in self.a.changes if c.change == k) for k, w in CHANGE_WORDS.items()}
        summary = "，".join(f"{w} {n} 处" for w, n in counts.items() if n) or "没有文字上的变化"
        act = f"{escape(self.jur.render(version.version.act))}。" if version.version.act and consecutive else ""
        intro = (f'<div class="admonition info" markdown="0"><p class="admonition-title">{summary}</p><p>{act}对照'
                 f'<a href="{self.urls.rel(version_page(before), self.page)}">{escape(before.version.shown)}施行的版本</a>与'
                 f'<a href="{self.urls.rel(version_page(version), self.page)}">{escape(version.version.shown)}施行的版本</a>：'
                 "删除线为删去的文字，下划线为增加的文字；只有标点全角半角、空格不同的不算修改。</p></div>")
        out = ["---", f"title: \"{title}\"", "render_macros: false", "search:", "  exclude: true", "---", "",
               f"# {md_text(title)} {{ #top }}", "", intro, ""]
        out += [self.change(c) for c in self.a.changes]
        return "\n\n".join(out) + "\n"


def compare(project: Project, reg: Regulation, urls: Urls) -> str:
    """Every pair of versions, earlier in the rows, later in the columns, each cell a link to their comparison."""
    versions = reg.all_versions()
    here = compare_page(reg)
    title = f"{project.jurisdiction.render(reg.title)}版本比较"

    def cell(old: Regulation, new: Regulation) -> str:
        if versions.index(old) >= versions.index(new):
            return "<td></td>"
        target = changes_page(new) if versions.index(old) + 1 == versions.index(new) else changes_page(new, old)
        return f'<td><a href="{urls.rel(target, here)}">比较</a></td>'

    def shown(v: Regulation) -> str:
        assert v.version is not None
        return f'<a href="{urls.rel(version_page(v), here)}">{escape(v.version.shown)}</a>'

    head = "".join(f"<th>至 {shown(v)}</th>" for v in versions[1:])
    rows = "".join(f"<tr><th>从 {shown(old)}</th>{''.join(cell(old, new) for new in versions[1:])}</tr>"
                   for old in versions[:-1])
    return "\n".join(["---", f"title: \"{title}\"", "render_macros: false", "search:", "  exclude: true", "---", "",
                      f"# {md_text(title)} {{ #top }}", "",
                      "选择起止两个版本，查看其间删去（删除线）和增加（下划线）的文字；命令行中可用 zhifa diff 比较任意两天施行的版本。",
                      "", f'<table class="zf-compare" markdown="0"><tr><th></th>{head}</tr>{rows}</table>', ""])


def pages(project: Project, urls: Urls) -> dict[str, str]:
    """Every earlier version's page, every amendment's changes page, and the comparison of any two versions."""
    out: dict[str, str] = {}
    for reg in project.ordered_regulations():
        for past in reg.past:
            out[version_page(past)] = PastPage(project, past, urls).render()
        for amendment in amendments(reg):
            out[changes_page(amendment.version)] = ChangesPage(project, amendment, urls).render()
        versions = reg.all_versions()
        if len(versions) > 1:
            out[compare_page(reg)] = compare(project, reg, urls)
            for i, old in enumerate(versions):
                for new in versions[i + 2:]:
                    page = changes_page(new, old)
                    out[page] = ChangesPage(project, Amendment(old, new, diff(old, new)), urls, page).render()
    return out
