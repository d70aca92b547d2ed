"""Citations typed by hand in text, checked against the regulations: find → resolve → check.

find     one pass over a text: 《title》, a bare title or alias, 本规范/本制度/本方案 (and, inside a regulation's own
         text, a bare 第X条) followed by a unit reference; a range (至) or a list (、和及) continues it.
resolve  each found citation to (regulation, unit) through an index keyed by the parsed ``unit_path`` of every unit,
         so the written form and the rendered form of a citation are one grammar.
check    CT01 unknown unit, CT02 unknown or misspelt title, CT03 repealed unit or regulation (not in its own
         text), CT04 bad range.
Every step is pure; ``check_typed_citations`` runs them over the texts of ``citetexts``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from zhifa.cite.numerals import to_int
from zhifa.cite.render import repeal_words, unit_part, unit_path, why_not_citable
from zhifa.cite.texts import all_texts
from zhifa.model.jurisdiction import VARIABLE
from zhifa.model.problems import Problem
from zhifa.model.project import Project
from zhifa.model.regulation import HEADINGS, Regulation, Unit

CN = "零〇一二三四五六七八九十百千"
NUM = rf"[{CN}0-9]+"
LEVEL = {"part": 0, "chapter": 1, "subchapter": 2, "article": 3, "section": 3, "paragraph": 4, "item": 5, "subitem": 6}
WORDS = {"编": "part", "章": "chapter", "节": "subchapter", "条": "article", "部分": "section", "款": "paragraph",
         "项": "item", "目": "subitem"}
MEASURE = {kind: word for word, kind in WORDS.items()}
PART = re.compile(rf"第(?P<n>{NUM})(?P<w>部分|[编章节条款项目])|第[（(](?P<s>[0-9]+)[)）]目|第[（(](?P<i>[{CN}]+)[)）]项"
                  rf"|[（(](?P<p>[{CN}]+)[)）]")
RANGE_SEP = re.compile(r"至|到|[—–~～-]")
LIST_SEP = re.compile(r"以及|[、和及与或]")
BOOK = r"《(?P<book>[^《》\n]{1,80})》"
SELF = r"(?<![基根])(?P<self>本(?:规范|制度|方案))"
# Inside a regulation, a bare 第X条 (not one of some other law: …法第X条) or （X）第N项 means that regulation.
LOOSE = rf"(?<![法例定则])(?P<loose>)(?=第{NUM}条|[（(][{CN}]+[)）]第[0-9]+项)"


@dataclass(frozen=True)
class Part:
    """One level of a unit reference: 第二编, 第一章, 第一节, 第十四条, （十一）, 第二款, 第4项, 第（二）项, 第（3）目."""

    kind: str
    number: int
    paren: bool = False  # an article written （十一） (制度) rather than 第十一条
    text: str = field(default="", compare=False)


Ref = tuple[Part, ...]


@dataclass(frozen=True)
class Found:
    """A citation as written: its span in the text, the title it names and the unit reference(s)."""

    start: int
    end: int
    text: str
    title: str | None  # inside 《》 or bare; None for 本规范 and bare references
    book: bool = False  # the title is written in 《》
    ref: Ref = ()
    until: Ref = ()  # the end of a range: 第四条至第十八条


# find ---------------------------------------------------------------------------------------------------------------

def _part(m: re.Match) -> Part | None:
    if m["p"]:
        kind, numeral, paren = "article", m["p"], True
    elif m["s"]:
        kind, numeral, paren = "subitem", m["s"], False
    elif m["i"]:  # 第（二）项: an item labelled （二）, as national laws cite it
        kind, numeral, paren = "item", m["i"], False
    else:
        kind, numeral, paren = WORDS[m["w"]], m["n"], False
    try:
        return Part(kind, to_int(numeral), paren, m.group(0))
    except ValueError:
        return None


def parse_ref(text: str, pos: int = 0) -> tuple[Ref, int]:
    """The unit reference starting at ``pos`` (levels must go down: 第四条第二款第1项) and where it ends."""
    parts: list[Part] = []
    while (m := PART.match(text, pos)) and (part := _part(m)):
        if parts and LEVEL[part.kind] <= LEVEL[parts[-1].kind]:
            break
        parts.append(part)
        pos = m.end()
    return tuple(parts), pos


def unit_ref(unit: Unit, path: str | None = None) -> Ref:
    """The reference that names ``unit``: its own path (``unit_path``) parsed; () when the path is no reference
    (序言, 落款). ``path``: the unit's path when the caller has it already."""
    path = unit_path(unit) if path is None else path
    ref, end = parse_ref(path)
    return ref if end == len(path) else ()


def inherit(base: Ref, tail: Ref) -> Ref:
    """A short reference completed from the one before: （十一）第1项至第4项 → （十一）第4项."""
    return tuple(p for p in base if LEVEL[p.kind] < LEVEL[tail[0].kind]) + tail


def _name_pattern(name: str) -> str:
    """A name as a pattern; a jurisdiction variable in it matches however its braces are spaced."""
    pieces = VARIABLE.split(name)
    return "".join(re.escape(p) if i % 2 == 0 else rf"\{{\{{\s*{p}\s*\}}\}}" for i, p in enumerate(pieces))


class Finder:
    """Finds citations in a text, knowing the names (titles, short titles, aliases) that may be written bare."""

    def __init__(self, names: Iterable[str]):
        bare = "|".join(_name_pattern(n) for n in sorted(set(names), key=len, reverse=True))
        heads = [BOOK, rf"(?P<bare>{bare})(?=第|[（(])" if bare else "", SELF]
        self.strict = re.compile("|".join(h for h in heads if h))
        self.loose = re.compile("|".join(h for h in [*heads, LOOSE] if h))

    def find(self, text: str, loose: bool = False) -> list[Found]:
        """Every citation in ``text``; ``loose`` (inside a regulation) also takes bare references."""
        out: list[Found] = []
        pattern, pos = (self.loose if loose else self.strict), 0
        while m := pattern.search(text, pos):
            ref, end = parse_ref(text, m.end())
            if m["book"] is None and not ref:  # a bare name or 本规范 cites nothing by itself
                pos = max(m.end(), m.start() + 1)
                continue
            title = m["book"] if m["book"] is not None else m["bare"]
            pos = _chain(text, m.start(), end, ref, title, m["book"] is not None, out)
        return out


def _chain(text: str, start: int, end: int, ref: Ref, title: str | None, book: bool, out: list[Found]) -> int:
    """Emit the citation, its range end and the list that continues it; return where the last one ends."""
    while True:
        until: Ref = ()
        sep = RANGE_SEP.match(text, end)
        if ref and sep:
            tail, tail_end = parse_ref(text, sep.end())
            if tail:
                until, end = inherit(ref, tail), tail_end
        out.append(Found(start, end, text[start:end], title, book, ref, until))
        sep = LIST_SEP.match(text, end)
        following = parse_ref(text, sep.end()) if ref and sep else ((), end)
        if sep is None or not following[0]:
            return end
        start, ref, end = sep.end(), inherit(ref, following[0]), following[1]


# resolve ------------------------------------------------------------------------------------------------------------

def distance(a: str, b: str) -> int:
    """Levenshtein edit distance."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def near(name: str) -> int:
    """How many edits still make a written title a misspelling of ``name``."""
    return max(1, len(name) // 7)


class Catalog:
    """What a citation can name: our regulations by every name, their units by parsed path, and external titles."""

    def __init__(self, regulations: Iterable[Regulation], render: Callable[[str], str], externals: Iterable[str] = ()):
        self.render = render
        self.by_name: dict[str, Regulation] = {}
        self.units: dict[str, dict[Ref, Unit]] = {}
        self.order: dict[tuple[str, str], int] = {}
        for reg in regulations:
            for name in (render(reg.title), reg.title, reg.short_title, *reg.aliases):
                self.by_name.setdefault(name, reg)
            index: dict[Ref, Unit] = {}
            self.units[reg.id] = index
            for i, unit in enumerate(reg.walk()):
                self.order[(reg.id, unit.id)] = i
                ref = unit_ref(unit)
                if ref:
                    index.setdefault(ref, unit)
        self.externals = {self.normal(t) for t in externals} - set(self.by_name)
        self.finder = Finder(self.by_name)

    @classmethod
    def from_project(cls, project: Project) -> Catalog:
        """Titles in 《》 in the regulations' own text and head lines are external names (laws, certificates, forms,
        the decisions that amended or repealed a law) we know."""
        regs = project.ordered_regulations()
        texts = [t for reg in regs for u in reg.walk() for t in (u.heading, u.text) if t]
        texts += [line for reg in regs for line in reg.history]
        texts += [repeal.by for reg in regs for repeal in (reg.repealed, *(u.repealed for u in reg.walk())) if repeal]
        externals = {m["book"] for t in texts for m in re.finditer(BOOK, t)}
        return cls(regs, project.jurisdiction.render, externals)

    def normal(self, title: str) -> str:
        return re.sub(r"\s+", "", self.render(title))

    def regulation(self, title: str) -> Regulation | None:
        return self.by_name.get(title) or self.by_name.get(self.normal(title))

    def suggest(self, title: str) -> str | None:
        """The name of ours that ``title`` most likely misspells, unless it is a known external name."""
        written = self.normal(title)
        if not written or written in self.externals:
            return None
        close = []
        for name in (n for n in self.by_name if "{{" not in n):
            if abs(len(name) - len(written)) <= near(name) and (d := distance(written, name)) <= near(name):
                close.append((d, name))
            elif len(name) >= 10 and len(written) >= 8 and (written in name or name in written):
                close.append((near(name) + 1, name))  # a full title cut short or with words added
        return min(close)[1] if close else None

    def unit(self, reg: Regulation, ref: Ref) -> Unit | None:
        """The unit ``ref`` names in ``reg``; a part, chapter or subchapter before an article must hold the article
        (第二章第十条: the 第十条 of 第二章)."""
        if not ref:
            return None
        index, headings = self.units[reg.id], next((i for i, p in enumerate(ref) if p.kind not in HEADINGS), len(ref))
        if 0 < headings < len(ref):
            heading, found = index.get(ref[:headings]), index.get(ref[headings:])
            return found if found is not None and heading in found.ancestors() else None
        return index.get(ref)

    def before(self, a: Unit, b: Unit) -> bool:
        """Whether ``a`` comes no later than ``b`` in their regulation."""
        return self.order[(a.regulation.id, a.id)] <= self.order[(b.regulation.id, b.id)]

    def missing(self, reg: Regulation, ref: Ref) -> str:
        """Why ``ref`` names nothing: the deepest level that exists, the part that does not, and what there is."""
        k = max([i for i in range(1, len(ref)) if self.unit(reg, ref[:i]) is not None], default=0)
        parent, part = (self.unit(reg, ref[:k]) if k else None), ref[k]
        pool = parent.children if parent is not None else list(reg.walk())
        siblings = [u for u in pool if u.kind == part.kind]
        where = f"《{reg.short_title}》{unit_path(parent) if parent is not None else ''}"
        message = f"{where}没有{part.text}"
        if siblings:
            m = MEASURE[part.kind]
            message += f"（共 {len(siblings)} {m}，最后一{m}是{unit_part(siblings[-1])}）"
        twin = self.unit(reg, ref[:k] + (Part(part.kind, part.number, not part.paren),))  # the article, other style
        if part.kind == "article" and twin is not None:
            message += f"；该规章的条文写作“{unit_part(twin)}”"
        return message


@dataclass(frozen=True)
class Resolved:
    found: Found
    regulation: Regulation | None = None
    unit: Unit | None = None
    until: Unit | None = None
    suggestion: str | None = None  # for a title that is not ours but close to one of ours


def resolve(found: Found, catalog: Catalog, here: Regulation | None = None) -> Resolved:
    """Name → regulation (``here`` for 本规范 and bare references), reference → unit."""
    reg = here if found.title is None else catalog.regulation(found.title)
    if reg is None:
        return Resolved(found, suggestion=catalog.suggest(found.title) if found.book and found.title else None)
    return Resolved(found, reg, catalog.unit(reg, found.ref), catalog.unit(reg, found.until))


# check --------------------------------------------------------------------------------------------------------------

def check(r: Resolved, catalog: Catalog, here: Regulation | None = None) -> list[tuple[str, str]]:
    """(code, message) for each thing wrong with one resolved citation; ``here``: the regulation whose own text it
    stands in."""
    f, reg = r.found, r.regulation
    if reg is None:
        return [("CT02", f"未知或拼写有误的规章标题《{f.title}》，是否指《{r.suggestion}》？")] if r.suggestion else []
    if f.ref and r.unit is None:
        return [("CT01", f"“{f.text}”引用的条文不存在：{catalog.missing(reg, f.ref)}")]
    if f.until and r.until is None:
        return [("CT04", f"引用范围“{f.text}”的终点超出范围：{catalog.missing(reg, f.until)}")]
    if r.unit is not None and r.until is not None and catalog.before(r.until, r.unit):
        return [("CT04", f"引用范围“{f.text}”的终点{unit_path(r.until)}不在起点{unit_path(r.unit)}之后")]
    if here is not None and reg.id == here.id:
        return []  # a regulation's own text, head lines and notes may name its repealed units, or its own repeal
    if reg.status == "已废止":
        return [("CT03", f"《{reg.short_title}》{repeal_words(reg.repealed)}，不能作为依据")]
    problems = []
    for unit in (r.unit, r.until):
        why = None if unit is None else why_not_citable(reg, unit)
        if unit is not None and why is not None:
            problems.append(("CT03", f"《{reg.short_title}》{unit_path(unit)}{why}，不能作为依据"))
    return problems


def typed_citations(project: Project) -> list:
    """(text, resolved citation, catalog) for every hand-typed citation in docs/, templates/, data/ and the
    regulations; scanned once per loaded project (validate, the cited-by lists and stats share it)."""
    if project.typed_citations is None:
        catalog = Catalog.from_project(project)
        found_all = []
        for text in all_texts(project):
            here = project.regulations.get(text.regulation) if text.regulation else None
            for found in catalog.finder.find(text.text, loose=here is not None):
                found_all.append((text, resolve(found, catalog, here), catalog))
        project.typed_citations = found_all
    return project.typed_citations


def check_typed_citations(project: Project) -> list[Problem]:
    """Every hand-typed citation, checked."""
    problems = []
    for text, resolved, catalog in typed_citations(project):
        here = project.regulations.get(text.regulation) if text.regulation else None
        for code, message in check(resolved, catalog, here):
            problems.append(text.position(resolved.found.start, resolved.found.end).problem(code, message))
    return problems
