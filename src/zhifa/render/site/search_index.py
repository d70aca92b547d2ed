"""The handbook's own search index: one document per regulation unit and per section of every other page.

The browser (site_overrides/assets/zhifa-search.js, on MiniSearch) does all the tokenising, for documents and
queries alike, so there is one tokenizer: character bigrams and single characters, numerals folded. What only
Python knows comes from here: the text as the page shows it (jurisdiction variables rendered), jieba's words of
three or more characters (bigrams already cover shorter ones), each unit's citation path and its parsed reference
(from the one citation grammar in zhifa.cite.scan, whose unit pattern is exported too, so a typed citation in the
box is read as validate reads it), the regulations' names, and the glossary's spellings as synonyms.

The index is a script (``window.__zhifaSearch = {…}``) rather than JSON: a page opened from file:// may load a
script but not fetch a file. Rows are arrays, not objects, to keep it small.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jieba

from zhifa.cite.render import unit_path
from zhifa.cite.scan import LEVEL, PART, WORDS, Ref, unit_ref
from zhifa.files.memo import JsonMemo, memo
from zhifa.model.project import Project
from zhifa.model.regulation import Regulation, Unit
from zhifa.render.site.page_sections import Section
from zhifa.render.site.regulations import reg_page
from zhifa.render.site.urls import Urls

INDEX_PATH = "search/zhifa-index.js"
GLOBAL = "__zhifaSearch"
FORMAT = 1
MIN_WORD = 3
CJK = re.compile(r"[\u3400-\u9fff\U00020000-\U0003134f]")
jieba.setLogLevel(60)

# What a page is, from where it lives; the browser weighs the regulations above what is derived from them.
PAGE_KINDS = (("forms/", "form"), ("checklists/", "checklist"), ("procedures/", "procedure"),
              ("training/", "training"), ("glossary", "glossary"), ("regulations/", "regulations"))


@dataclass(frozen=True)
class PageText:
    """A built page other than a regulation's: where it is, its title, its sections."""

    url: str  # from the site root
    src: str  # the Markdown source path (forms/x.md)
    title: str
    sections: list[Section]


_added_terms: set[str] = set()  # the words for jieba's dictionary in this process (add_terms)
_in_jieba: set[str] = set()     # those already given to it: jieba loads its dictionary (~0.6 s) only when it cuts


def add_terms(spellings: Iterable[str]) -> None:
    """Put the legal terms into jieba's dictionary, so that the index keeps each as one word."""
    _added_terms.update(spellings)


_memo: JsonMemo | None = None  # the words of earlier builds (remember_words)


def remember_words(root: Path) -> JsonMemo:
    """Keep the words between builds in ``root``'s build cache, for this process's dictionary; the caller saves."""
    global _memo
    version = hashlib.sha256(repr((jieba.__version__, MIN_WORD, CJK.pattern, sorted(_added_terms))).encode())
    _memo = memo(root, "search-words", version.hexdigest())
    return _memo


def words(text: str) -> str:
    """jieba's search-mode words of ``text`` with three or more characters, once each, space-separated."""
    if _memo is None:
        return _words(text)
    key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    found = _memo.get(key)
    if not isinstance(found, str):
        found = _words(text)
        _memo.put(key, found)
    return found


def _words(text: str) -> str:
    for term in sorted(_added_terms - _in_jieba):
        jieba.add_word(term)
        _in_jieba.add(term)
    out: dict[str, None] = {}
    for word in jieba.cut_for_search(text, HMM=False):
        if len(word) >= MIN_WORD and CJK.search(word):
            out.setdefault(word, None)
    return " ".join(out)


def ref_key(ref: Ref) -> str:
    """A parsed unit reference as the browser spells it: article:14/paragraph:2, article:7p for （七）."""
    return "/".join(f"{p.kind}:{p.number}{'p' if p.paren else ''}" for p in ref)


def unit_key(unit: Unit, path: str | None = None) -> str:
    return ref_key(unit_ref(unit, path))


def unit_rows(reg_index: int, reg: Regulation, render) -> Iterable[list]:
    for unit in reg.walk():
        if not unit.citable:  # repealed, or in a repealed regulation: on its page, struck through, not searched
            continue
        text = render(unit.text or "")
        heading = render(unit.heading or "")
        path = unit_path(unit)
        yield [reg_index, unit.id, unit.label or "", heading, text, path, unit_key(unit, path),
               words(f"{heading} {text}")]


def page_kind(src: str) -> str:
    return next((kind for prefix, kind in PAGE_KINDS if src.startswith(prefix)), "page")


def page_rows(pages: Iterable[PageText]) -> Iterable[list]:
    for page in pages:
        for n, section in enumerate(page.sections):
            top = n == 0 and section.title == page.title  # the page's own heading: link the page itself
            url = page.url + (f"#{section.anchor}" if section.anchor and not top else "")
            title = section.title if section.title and section.title != page.title else ""
            yield [url, page.title, title, section.text, page_kind(page.src),
                   words(f"{page.title} {title} {section.text}")]


def js_pattern(pattern: re.Pattern) -> str:
    """A Python pattern as JavaScript writes it: (?P<name> becomes (?<name>."""
    return pattern.pattern.replace("(?P<", "(?<")


def payload(project: Project, urls: Urls, pages: Iterable[PageText]) -> dict:
    jur = project.jurisdiction
    regs = project.ordered_regulations()
    names = []
    for i, reg in enumerate(regs):
        for name in dict.fromkeys((jur.render(reg.title), reg.short_title, *(jur.render(a) for a in reg.aliases))):
            names.append([name, i])
    synonyms = [term.spellings + list(term.search_words) for term in project.glossary.terms()]
    return {
        "format": FORMAT,
        "regs": [[reg.id, jur.render(reg.title), reg.short_title, urls.page(reg_page(reg))] for reg in regs],
        "units": [row for i, reg in enumerate(regs) for row in unit_rows(i, reg, jur.render)],
        "pages": list(page_rows(pages)),
        "names": names,
        "synonyms": [s for s in synonyms if len(s) > 1],
        "grammar": {"part": js_pattern(PART), "words": WORDS, "level": LEVEL},
    }


def script(data: dict) -> str:
    """The index as a script; U+2028/2029 escaped so that no engine reads them as line ends inside a string."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    body = body.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("</", "<\\/")
    return f"window.{GLOBAL}={body};\n"
