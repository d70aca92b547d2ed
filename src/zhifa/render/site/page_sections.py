"""A built page's text, section by section (a heading with an id starts one), as the search index wants it.

Reads the HTML the site generator made of a page's Markdown; leaves out what is marked ``data-search-exclude``,
scripts, styles and the headings' permalink signs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

HEADINGS = {"h1", "h2", "h3"}
SKIP = {"script", "style", "template", "svg"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SPACE = re.compile(r"\s+")


@dataclass
class Section:
    anchor: str  # "" for the top of the page
    title: str
    text: str = ""


@dataclass
class _Open:
    tag: str
    skip: bool
    heading: bool = False


class _Splitter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[Section] = [Section("", "")]
        self.stack: list[_Open] = []
        self.parts: list[str] = []
        self.heading_parts: list[str] | None = None
        self.anchor = ""

    @property
    def skipping(self) -> bool:
        return any(o.skip for o in self.stack)

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        skip = tag in SKIP or "data-search-exclude" in attributes or "headerlink" in classes
        heading = tag in HEADINGS and not self.skipping
        if heading:
            self._close_section()
            self.anchor = attributes.get("id") or ""
            self.heading_parts = []
        self.stack.append(_Open(tag, skip, heading))

    def handle_endtag(self, tag):
        while self.stack:
            top = self.stack.pop()
            if top.heading and self.heading_parts is not None:
                title = _clean("".join(self.heading_parts))
                self.sections.append(Section(self.anchor, title))
                self.heading_parts = None
            if top.tag == tag:
                break

    def handle_data(self, data):
        if self.skipping:
            return
        if self.heading_parts is not None:
            self.heading_parts.append(data)
        else:
            self.parts.append(data)

    def _close_section(self) -> None:
        self.sections[-1].text = _clean(" ".join(self.parts))
        self.parts = []

    def finish(self) -> list[Section]:
        self.close()
        self._close_section()
        return [s for s in self.sections if s.title or s.text]


def _clean(text: str) -> str:
    return SPACE.sub(" ", text).strip()


def sections(html: str) -> list[Section]:
    """The page's sections in order; the text before the first heading is a section with no anchor."""
    splitter = _Splitter()
    splitter.feed(html)
    return splitter.finish()
