"""Where a source page ends up in the built site, and relative links between pages.

Raw HTML in generated pages is not rewritten by the site generator, so links there are computed here,
for either URL style (``page.html`` when the site must work from disk, ``page/`` otherwise).
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote


class Urls:
    def __init__(self, directory_urls: bool):
        self.directory_urls = directory_urls

    def page(self, md_path: str) -> str:
        """URL of a Markdown source page, from the site root."""
        stem = md_path[: -len(".md")]
        if not self.directory_urls:
            return stem + ".html"
        if stem == "index" or stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"

    def rel(self, target_md: str, from_md: str, anchor: str | None = None) -> str:
        """Relative link from the page built from ``from_md`` to ``target_md`` (optionally #anchor)."""
        here = self.page(from_md)
        base = here if here.endswith("/") else posixpath.dirname(here) + "/"
        target = self.page(target_md)
        link = posixpath.relpath(target or ".", base.rstrip("/") or ".")
        if (target == "" or target.endswith("/")) and not link.endswith("/"):
            link += "/"
        if not self.directory_urls and link == ".":
            link = posixpath.basename(target)
        return link + (f"#{quote(anchor)}" if anchor else "")

    def rel_file(self, target: str, from_md: str) -> str:
        """Relative link from the page built from ``from_md`` to a plain file at ``target`` (site root based)."""
        here = self.page(from_md)
        base = here if here.endswith("/") else posixpath.dirname(here) + "/"
        return posixpath.relpath(target, base.rstrip("/") or ".")
