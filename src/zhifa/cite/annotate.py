"""Turn escaped legal text into HTML with glossary tooltips and cross-reference links.

A small pipeline of pure steps: find (one regex over terms and citations) → resolve (to a unit) →
annotate (abbr or a). Text outside matches is left byte for byte as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from typing import Callable, Optional

from zhifa.cite.render import unit_path
from zhifa.model.glossary import Glossary
from zhifa.model.regulation import Regulation, Unit

CN = "零〇一二三四五六七八九十百"
# 第十四条第一款 / （十一）第4项 after a title or 本规范 / 本制度.
UNIT_REF = rf"(?:第[{CN}]+条(?:第[{CN}]+款)?(?:第[0-9]+项)?|[（(][{CN}]+[)）](?:第[0-9]+项)?)"


@dataclass(frozen=True)
class Target:
    regulation: Regulation
    unit: Optional[Unit]


class Annotator:
    """Built once per build; ``__call__`` annotates one unit's escaped text."""

    def __init__(self, regulations: list[Regulation], title_of: Callable[[Regulation], str], glossary: Glossary,
                 href: Callable[[Regulation, Optional[Unit], Regulation], str], glossary_href: Callable[[str, Regulation], str]):
        self.regs = regulations
        self.href = href
        self.glossary_href = glossary_href
        self.titles: dict[str, Regulation] = {}
        for reg in regulations:
            for name in (title_of(reg), reg.short_title, *reg.aliases):
                self.titles.setdefault(name, reg)
        self.terms = glossary.lookup()
        names = sorted(self.titles, key=len, reverse=True)
        spellings = sorted(self.terms, key=len, reverse=True)
        alternatives = [rf"《(?P<title>{'|'.join(map(re.escape, names))})》(?P<ref>{UNIT_REF})?" if names else None,
                        rf"(?P<self>本(?:规范|制度|方案))(?P<selfref>{UNIT_REF})",
                        rf"(?P<term>{'|'.join(map(re.escape, spellings))})" if spellings else None]
        self.pattern = re.compile("|".join(a for a in alternatives if a))

    def __call__(self, reg: Regulation, unit: Optional[Unit], html_text: str) -> str:
        return self.pattern.sub(lambda m: self._replace(reg, m), html_text)

    def _replace(self, here: Regulation, m: re.Match) -> str:
        whole = m.group(0)
        if m.group("term"):
            term = self.terms[m.group("term")]
            return (f'<a class="zf-term" href="{self.glossary_href(term.anchor, here)}">'
                    f'<abbr title="{tooltip_title(term.definition)}">{whole}</abbr></a>')
        if m.group("title"):
            reg = self.titles[m.group("title")]
            ref = m.group("ref")
        else:
            reg, ref = here, m.group("selfref")
        unit = resolve(reg, ref) if ref else None
        if ref and unit is None:
            return whole  # an unknown unit is left as text; the citation checker reports it
        return f'<a class="zf-xref" href="{self.href(reg, unit, here)}">{whole}</a>'


def tooltip_title(text: str) -> str:
    """The value of a ``title`` attribute in page content, for TEXT shown as written.

    Material's ``content.tooltips`` moves every title in the content into a tooltip through innerHTML, so the
    decoded attribute is read as HTML: the text is escaped for HTML first, then for the attribute. A definition
    holding ``<img onerror=…>`` or ``&lt;`` is shown literally and never becomes markup. (Without JavaScript the
    browser's own tooltip shows such a character as its entity, e.g. ``&lt;``.)"""
    return escape(escape(text, quote=False), quote=True)


def resolve(reg: Regulation, ref: str) -> Optional[Unit]:
    """The unit named by 第十四条第一款 or （十一）第4项 in ``reg``, if it exists."""
    for unit in reg.walk():
        if unit.kind == "article" and _same(unit_path(unit), ref):
            return unit
        if unit.kind in ("paragraph", "item") and _same(unit_path(unit), ref):
            return unit
    return None


def _same(a: str, b: str) -> bool:
    norm = lambda s: s.replace("(", "（").replace(")", "）")
    return norm(a) == norm(b)

