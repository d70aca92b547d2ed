"""Turn escaped legal text into HTML with glossary tooltips and cross-reference links.

The last step of the one citation pipeline (:mod:`zhifa.cite.scan`): the citations are the spans that
``scan``'s finder finds (《title》, a bare title, 本规范/本制度/本方案 followed by a unit reference, ranges with 至
and lists with 、和及), resolved through the same catalog that the checker uses; there is no second grammar here.
Glossary terms are not citations: they are found by their own small pattern, only outside the citations.
Text outside the marked spans is left byte for byte as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape

from zhifa.cite.scan import Catalog, resolve
from zhifa.model.glossary import Glossary
from zhifa.model.regulation import Regulation, Unit


@dataclass(frozen=True)
class Span:
    """One piece of markup: a term, a citation of ``unit`` (None: the regulation itself) or, with no
    ``regulation``, a citation of a unit that does not exist, left as text."""

    start: int
    end: int
    regulation: Regulation | None = None
    unit: Unit | None = None
    term: str | None = None


class Annotator:
    """Built once per build; ``__call__`` annotates one unit's escaped text."""

    def __init__(self, catalog: Catalog, glossary: Glossary,
                 href: Callable[[Regulation, Unit | None, Regulation], str],
                 glossary_href: Callable[[str, Regulation], str]):
        self.catalog = catalog
        self.href = href
        self.glossary_href = glossary_href
        self.terms = glossary.lookup()
        spellings = sorted(self.terms, key=len, reverse=True)
        self.term_pattern = re.compile("|".join(map(re.escape, spellings))) if spellings else None

    def __call__(self, reg: Regulation, unit: Unit | None, html_text: str) -> str:
        out, pos = [], 0
        for span in self.spans(reg, html_text):
            out.append(html_text[pos:span.start])
            out.append(self._markup(reg, span, html_text[span.start:span.end]))
            pos = span.end
        out.append(html_text[pos:])
        return "".join(out)

    def spans(self, here: Regulation, text: str) -> list[Span]:
        """Citations from the finder, then glossary terms in the text between them, in text order."""
        spans, pos = [], 0
        for cite in self._citations(here, text):
            spans += self._terms(text, pos, cite.start)
            spans.append(cite)
            pos = cite.end
        return spans + self._terms(text, pos, len(text))

    def _citations(self, here: Regulation, text: str) -> Iterator[Span]:
        for found in self.catalog.finder.find(text):
            r = resolve(found, self.catalog, here)
            if r.regulation is None:
                continue  # not one of ours (a law, a certificate): plain text, terms in it are still marked
            if found.ref and r.unit is None:
                yield Span(found.start, found.end)  # an unknown unit stays text; the citation checker reports it
            else:
                yield Span(found.start, found.end, r.regulation, r.unit)

    def _terms(self, text: str, start: int, end: int) -> list[Span]:
        if self.term_pattern is None or end <= start:
            return []
        return [Span(m.start(), m.end(), term=m.group(0)) for m in self.term_pattern.finditer(text, start, end)]

    def _markup(self, here: Regulation, span: Span, whole: str) -> str:
        if span.term is not None:
            term = self.terms[span.term]
            return (f'<a class="zf-term" href="{self.glossary_href(term.anchor, here)}">'
                    f'<abbr title="{tooltip_title(term.definition)}">{whole}</abbr></a>')
        if span.regulation is None:
            return whole
        return f'<a class="zf-xref" href="{self.href(span.regulation, span.unit, here)}">{whole}</a>'


def tooltip_title(text: str) -> str:
    """The value of a ``title`` attribute in page content, for TEXT shown as written.

    Material's ``content.tooltips`` moves every title in the content into a tooltip through innerHTML, so the
    decoded attribute is read as HTML: the text is escaped for HTML first, then for the attribute. A definition
    holding ``<img onerror=…>`` or ``&lt;`` is shown literally and never becomes markup. (Without JavaScript the
    browser's own tooltip shows such a character as its entity, e.g. ``&lt;``.)"""
    return escape(escape(text, quote=False), quote=True)
