"""mkdocs-macros module: jurisdiction variables and macros for hand-written pages.

    {{ county }}                                   a jurisdiction variable
    {{ regulation_count }}                         how many regulations, in Chinese numerals (六, 两), before 部
    {{ unit_link("code-of-conduct", "chp_2__art_14") }}   a link titled with the formal citation
    {{ quote("code-of-conduct", "chp_2__art_14") }}       the unit's text as a quotation, with its citation
    {{ regulation_list() }}                        the regulations with their summaries
    {{ download_url("print_docx") }}               a download's URL relative to the page (names and paths:
                                                   zhifa.render.site.download_paths.NAMED)

An unknown regulation or unit, or an unknown download name, stops the build with a message naming it.

mkdocs-macros pastes what a page prints into its Markdown, and Markdown passes HTML through. So every ``{{ … }}``
output is escaped with ``md_text``, the escaper of the generated pages: a variable, a number or a string a new
macro returns comes out as text. The macros below escape each piece of data with ``md_text`` themselves and return
the Markdown they built as ``Markup``, which is printed as it is.
"""

from __future__ import annotations

import posixpath
from html import escape
from pathlib import Path

from markupsafe import Markup

from zhifa.cite.numerals import count_words
from zhifa.cite.render import formal
from zhifa.load.loader import cached_project
from zhifa.render.site import download_paths
from zhifa.render.site.regulations import md_text, reg_page
from zhifa.render.site.urls import Urls


def page_output(value) -> str:
    """Jinja ``finalize``: how a page prints ``{{ value }}``. Markup (built by a macro below) as it is, anything
    else as text."""
    if isinstance(value, Markup):
        return value
    return md_text(str(value))


def on_pre_page_macros(env) -> None:
    # The Jinja environment exists only after define_env; set before each page is compiled (idempotent).
    env.env.finalize = page_output


def define_env(env) -> None:
    root = Path(env.conf.config_file_path).resolve().parent
    project = cached_project(root)
    jur = project.jurisdiction
    for name, value in jur.values().items():
        env.variables[name] = value
    env.variables["forms_count"] = len(project.forms)
    env.variables["checklists_count"] = len(project.checklists)
    env.variables["regulation_count"] = count_words(len(project.regulations))  # 六 (六部规章制度)

    def lookup(reg_id: str, unit_id: str | None):
        reg = project.regulations.get(reg_id)
        if reg is None:
            raise ValueError(f"没有规章“{reg_id}”（可用：{'、'.join(project.regulations)}）")
        unit = reg.unit(unit_id) if unit_id else None
        if unit_id and unit is None:
            raise ValueError(f"《{reg.short_title}》中没有条文单元“{unit_id}”")
        return reg, unit

    def href(reg, unit) -> str:
        here = posixpath.dirname(env.page.file.src_uri) if env.page else ""
        target = posixpath.relpath(reg_page(reg), here or ".")
        return target + (f"#{unit.id}" if unit else "")

    def link(reg, unit, text: str | None) -> str:
        return f"[{md_text(text or formal(reg, unit, jur))}]({href(reg, unit)})"

    @env.macro
    def unit_link(reg_id: str, unit_id: str | None = None, text: str | None = None) -> Markup:
        reg, unit = lookup(reg_id, unit_id)
        return Markup(link(reg, unit, text))

    @env.macro
    def quote(reg_id: str, unit_id: str) -> Markup:
        reg, unit = lookup(reg_id, unit_id)
        paragraphs = [jur.render(u.text) for u in unit.walk() if u.text]
        # Every line of every paragraph inside the quotation, escaped like the regulation pages.
        body = "\n>\n".join("\n".join(f"> {md_text(line)}" for line in text.splitlines()) for text in paragraphs)
        return Markup(f"{body}\n>\n> ——{link(reg, unit, None)}")

    @env.macro
    def download_url(name: str) -> Markup:
        """For raw HTML (``<a href="{{ download_url('offline_zip') }}">``), which MkDocs does not rewrite: the link
        from the page as built (either URL style) to the file the build writes there."""
        path = download_paths.NAMED.get(name)
        if path is None:
            raise ValueError(f"没有下载文件“{name}”（可用：{'、'.join(download_paths.NAMED)}）")
        page = env.page.file.src_uri if env.page else "index.md"
        return Markup(escape(Urls(env.conf["use_directory_urls"]).rel_file(path, page)))

    @env.macro
    def regulation_list() -> Markup:
        rows = []
        for reg in project.ordered_regulations():
            rows.append(f"- **[{md_text(jur.render(reg.title))}]({href(reg, None)})**：{md_text(jur.render(reg.summary))}")
        return Markup("\n".join(rows))
