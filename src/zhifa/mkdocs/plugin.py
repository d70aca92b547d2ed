"""The thin MkDocs layer: load and check the project, hand generated pages to MkDocs, collect the pages' text for
the search index and write it.

Everything it calls lives in MkDocs-free modules, so moving to another site generator touches only zhifa.mkdocs.
"""

from __future__ import annotations

import hashlib
from html import escape, unescape
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from zhifa.check.project import check_project
from zhifa.files.memo import memo
from zhifa.load.loader import cached_project
from zhifa.mkdocs import csp
from zhifa.model.problems import format_text
from zhifa.render.site import pages as site_pages
from zhifa.render.site import search_index
from zhifa.render.site.page_sections import sections
from zhifa.render.site.regulations import reg_page
from zhifa.render.site.urls import Urls
from zhifa.render.site.vendor import VendorMissing, vendor_files

WATCHED = ("regulations", "templates", "data")


class ZhifaPlugin(BasePlugin):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path).resolve().parent
        self.project = cached_project(self.root)
        problems = check_project(self.project)
        if problems:
            raise PluginError("数据有误，未生成网站：\n" + format_text(problems))
        # Jurisdiction variables for mkdocs-macros and the templates.
        config.extra.update(self.project.jurisdiction.values())
        config.nav = _expand_nav(config.nav, site_pages.nav_sections(self.project))

        # The regulations' legal terms as a jieba user dictionary, for the search index.
        search_index.add_terms(spelling for term in self.project.glossary.terms() for spelling in term.spellings)
        self.words = search_index.remember_words(self.root)
        self.checked = memo(self.root, "page-policy-checks", csp.checker_version())
        self.page_texts: list[search_index.PageText] = []
        self.regulation_pages = {reg_page(reg) for reg in self.project.regulations.values()}
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        for path, content in site_pages.all_pages(self.project, config.use_directory_urls).items():
            files.append(File.generated(config, path, content=content))
        try:
            vendored = vendor_files(self.root)
        except VendorMissing as exc:
            raise PluginError(str(exc)) from None
        for site_path, source in vendored.items():
            files.append(File.generated(config, site_path, abs_src_path=str(source)))
        return files

    def on_page_markdown(self, markdown: str, page, config: MkDocsConfig, files: Files) -> str:
        # Material prints a page's title as HTML (nav, <title>, search): a title from the data is text.
        if isinstance(page.meta.get("title"), str):
            page.meta["title"] = escape(page.meta["title"], quote=False)
        return markdown

    def on_env(self, env, config: MkDocsConfig, files: Files):
        env.filters["zhifa_csp"] = csp.policy  # site_overrides/main.html writes the Content-Security-Policy
        return env

    def on_page_content(self, html: str, page, config: MkDocsConfig, files: Files) -> str:
        """Every page but the regulations' (indexed unit by unit from the data) goes into the search index by
        section, unless its front matter says ``search: exclude: true``."""
        search = page.meta.get("search") or {}
        if not search.get("exclude") and page.file.src_uri not in self.regulation_pages:
            self.page_texts.append(search_index.PageText(
                page.url, page.file.src_uri, unescape(page.title or ""), sections(html)))  # title escaped above
        return html

    def on_post_page(self, output: str, page, config: MkDocsConfig) -> str:
        output = csp.without_quiz_handlers(output)
        key = hashlib.sha256(output.encode("utf-8", "surrogatepass")).hexdigest()
        problems = self.checked.get(key)
        if not isinstance(problems, list):
            problems = csp.check_page(output)
            self.checked.put(key, problems)
        if problems:
            raise PluginError(f"{page.file.src_uri}：内容安全策略会拦下页面中的内容：\n" + "\n".join(problems))
        return output

    def on_post_build(self, config: MkDocsConfig) -> None:
        data = search_index.payload(self.project, Urls(config.use_directory_urls), self.page_texts)
        out = Path(config.site_dir) / search_index.INDEX_PATH
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(search_index.script(data), encoding="utf-8")
        self.words.save()
        self.checked.save()

    def on_serve(self, server, config: MkDocsConfig, builder):
        for name in WATCHED:
            if (self.root / name).is_dir():
                server.watch(str(self.root / name))
        return server


def _expand_nav(nav, sections):
    """Replace each nav entry pointing at a section index (regulations/index.md …) by the whole section."""
    if not nav:
        return nav
    out = []
    for entry in nav:
        if isinstance(entry, dict):
            (title, target), = entry.items()
            if isinstance(target, str) and target in sections:
                # Material prints nav titles as HTML: the generated pages' titles (from the data) are text.
                entries = [{escape(name, quote=False): path for name, path in e.items()} for e in sections[target]]
                out.append({title: [target, *entries]})
                continue
            if isinstance(target, list):
                out.append({title: _expand_nav(target, sections)})
                continue
        out.append(entry)
    return out
