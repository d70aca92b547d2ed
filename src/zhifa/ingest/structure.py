"""The body of one regulation, from classified lines to a tree of units with the project's kinds, labels and ids.

Which level a label shape stands for is read from the text the way a person reads an outline: 编/章/节 and 第X条 are
fixed; any other shape (（一）, 一、, 1、, 1., （1）) seen for the first time inside a unit opens the next level below
it, seen again it continues that level. A 制度's top-level （一） are its articles, a 方案's 一、 its sections; below an
article come 项 then 目, below a section 1、 groups then （1） items. Lines of an article are its 款 (paragraphs).

Nothing is corrected: every doubtful line becomes a Warning with its line number, and is kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zhifa.ingest.lines import SENTENCE, Line, classify, ends_sentence
from zhifa.model.regulation import HEADINGS, ID_PREFIX

DIVISION_KIND = {"编": "part", "章": "chapter", "节": "subchapter"}
DIVISION_RANK = {"part": 0, "chapter": 1, "subchapter": 2}
BELOW = {"article": "item", "section": "item", "item": "subitem"}
EMBEDDED = re.compile(r"[。；;](\s*[（(第\d一二三四五六七八九十])")
HEADING_MAX = 30  # a 方案's "一、自查方法": a heading is short and has no comma


@dataclass(frozen=True)
class Warning:
    line: int
    message: str


@dataclass
class Node:
    kind: str
    line: int
    label: str | None = None
    style: str = ""
    value: int = 0
    heading: str | None = None
    texts: list[str] = field(default_factory=list)  # the unit's own text; several: its paragraphs
    children: list[Node] = field(default_factory=list)
    paragraph_of: dict[int, int] = field(default_factory=dict)  # id(child) → index of the paragraph it belongs to
    parent: Node | None = None
    may_head: bool = False  # a 方案's unit whose first words may be its heading

    @property
    def in_sections(self) -> bool:
        node: Node | None = self
        while node is not None:
            if node.kind == "section":
                return True
            node = node.parent
        return False


@dataclass
class Body:
    """The units of one regulation, with what the reading noticed."""

    units: list[Node] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    notes: list[tuple[Node, str]] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # lines left out of the source ranges (each warned about)


class Reader:
    def __init__(self) -> None:
        self.body = Body()
        self.divisions: list[Node] = []  # open 编/章/节, outermost first
        self.open: list[Node] = []  # open article/section and the items inside, outermost first
        self.previous: Node | None = None  # the unit the last text line went to

    # --- the line loop -------------------------------------------------------------------------------------------
    def read(self, lines: list[Line]) -> Body:
        for whole in lines:
            for line in self.split(whole):
                self.dispatch(line)
        return self.body

    def split(self, line: Line) -> list[Line]:
        """A line holding the end of one article and the start of the next ("…的。(六)、有下列…"): two lines, warned.

        The next label is the one after this line's own (第三十条…。第三十一条…) or after the last article's."""
        if line.kind == "blank":
            return [line]
        before = [(line.style, line.value, line.label)] if line.kind in ("article", "outline") else []
        last = self.last_article()
        if last is not None and last.label:
            before.append((last.style, last.value, last.label))
        for m in EMBEDDED.finditer(line.text):
            rest = classify(line.number, line.text[m.start(1):])
            if rest.kind not in ("article", "outline"):
                continue
            if any(rest.style == style and rest.value == value + 1 and rest.label[-1:] == label[-1:]
                   for style, value, label in before):
                head = classify(line.number, line.text[: m.start(1)])
                self.warn(line, f"“{rest.label}”在行中（接在“…{head.text[-8:]}”之后）：已从此处分为两条，文字未改")
                rest.note = "原文本条与上一条排在同一行，本手册分开排列，文字未改。"
                return [head, *self.split(rest)]
        return [line]

    def last_article(self) -> Node | None:
        scope = self.divisions[-1].children if self.divisions else self.body.units
        return next((n for n in reversed(scope) if n.kind == "article"), None)

    def dispatch(self, line: Line) -> None:
        if line.kind == "blank":
            return
        if line.kind == "pagenumber":
            self.warn(line, f"“{line.text}”单独成行，疑似 PDF 页码，未收入条文（原文出处跳过此行）；如是正文，请手工补入")
            self.body.skipped.append(line.number)
        elif line.kind == "division":
            self.division(line)
        elif line.kind == "article":
            self.article(line)
        elif line.kind == "outline":
            self.outline(line)
        else:
            self.plain(line)

    def warn(self, line: Line | int, message: str) -> None:
        number = line if isinstance(line, int) else line.number
        self.body.warnings.append(Warning(number, message))

    def attach(self, node: Node, container: Node | None) -> None:
        node.parent = container
        siblings = container.children if container is not None else self.body.units
        if container is not None and container.kind in ("article", "section", "paragraph"):
            container.paragraph_of[id(node)] = max(len(container.texts) - 1, 0)
        siblings.append(node)

    def division(self, line: Line) -> None:
        kind = DIVISION_KIND[line.style]
        rank = DIVISION_RANK[kind]
        self.open = []
        self.divisions = [d for d in self.divisions if DIVISION_RANK[d.kind] < rank]
        node = Node(kind, line.number, line.label, value=line.value, heading=line.rest or None)
        self.attach(node, self.divisions[-1] if self.divisions else None)
        self.divisions.append(node)
        self.previous = None

    def article(self, line: Line) -> None:
        self.open = []
        node = Node("article", line.number, line.label, style="article", value=line.value)
        if line.rest:
            node.texts.append(line.rest)
        self.attach(node, self.divisions[-1] if self.divisions else None)
        self.open = [node]
        self.previous = node
        self.take_note(node, line)

    def take_note(self, node: Node, line: Line) -> None:
        if line.note:
            self.body.notes.append((node, line.note))

    def outline(self, line: Line) -> None:
        for depth, node in enumerate(self.open):  # a shape seen before: that level continues
            if node.style == line.style:
                self.open = self.open[:depth]
                self.new_outline(line, self.open[-1] if self.open else None)
                return
        self.new_outline(line, self.open[-1] if self.open else None)

    def new_outline(self, line: Line, parent: Node | None) -> None:
        if parent is None:
            kind = "section" if line.style == "cn-dun" else "article"
        elif parent.kind in BELOW:
            kind = BELOW[parent.kind]
        else:  # a fourth outline level: the model has none; the line stays text of the unit above
            self.warn(line, f"“{line.label}”是第四层编号，手册的结构没有这一层：整行并入上一单元“{parent.label}”的正文，请核对")
            parent.texts[-1:] = [(parent.texts[-1] if parent.texts else "") + line.text]
            return
        node = Node(kind, line.number, line.label, style=line.style, value=line.value)
        if line.rest:
            node.texts.append(line.rest)
        container = parent if parent is not None else (self.divisions[-1] if self.divisions else None)
        self.attach(node, container)
        node.may_head = node.in_sections
        self.open.append(node)
        self.previous = node
        self.take_note(node, line)

    def plain(self, line: Line) -> None:
        text = line.text
        if not self.open:
            self.warn(line, f"无法归入任何条文：“{_short(text)}”未收入（原文出处跳过此行）；如是正文，请手工补入")
            self.body.skipped.append(line.number)
            return
        inner = self.open[-1]
        last = inner.texts[-1] if inner.texts else ""
        if inner.may_head and len(inner.texts) == 1 and not inner.children and _heading_like(last):
            inner.texts.append(text)  # "一、自查方法" then its text: a heading and its body
        elif inner.texts and not ends_sentence(last) and self.previous is inner:
            inner.texts[-1] = last + text
            self.warn(line, f"此行接上一行“…{last[-8:]}”：原文在句中断行，已接排，文字未改")
            self.body.notes.append((inner, f"原文在“{last[-6:]}”与“{text[:6]}”之间断行，本手册接排，文字未改。"))
        else:
            holder = next((n for n in reversed(self.open) if n.kind in ("article", "section")), inner)
            self.open = self.open[: self.open.index(holder) + 1]
            holder.texts.append(text)
            inner = holder
        self.previous = inner


def _heading_like(text: str) -> bool:
    return 0 < len(text) <= HEADING_MAX and not SENTENCE.search(text.rstrip("。"))


def _short(text: str) -> str:
    return text if len(text) <= 20 else text[:20] + "…"


def read_body(lines: list[Line]) -> Body:
    return Reader().read(lines)


# --- from nodes to the project's units ---------------------------------------------------------------------------
def finish(node: Node) -> None:
    """Decide heading, text and paragraphs of ``node`` and below, once the whole text is read."""
    for child in node.children:
        finish(child)
    if node.may_head and node.texts and (len(node.texts) > 1 or node.children) and _heading_like(node.texts[0]):
        node.heading = node.texts.pop(0)
        node.paragraph_of = {k: max(v - 1, 0) for k, v in node.paragraph_of.items()}


def to_units(nodes: list[Node], parent_id: str | None = None) -> list[dict]:
    units = []
    for node in nodes:
        units.append(to_unit(node, parent_id))
    return units


def to_unit(node: Node, parent_id: str | None) -> dict:
    own = f"{ID_PREFIX[node.kind]}_{node.value}" if node.kind in ID_PREFIX else node.kind
    uid = f"{parent_id}__{own}" if parent_id else own
    unit: dict = {"id": uid, "kind": node.kind, "_line": node.line, "_node": id(node)}
    if node.label:
        unit["label"] = node.label
    if node.heading:
        unit["heading"] = node.heading
    if node.kind in HEADINGS or len(node.texts) <= 1:
        if node.texts:
            unit["text"] = node.texts[0]
        if node.children:
            unit["children"] = to_units(node.children, uid)
        return unit
    paragraphs = []
    for index, text in enumerate(node.texts):
        pid = f"{uid}__para_{index + 1}"
        para: dict = {"id": pid, "kind": "paragraph", "text": text, "_line": node.line}
        items = [c for c in node.children if node.paragraph_of.get(id(c), 0) == index]
        if items:
            para["children"] = to_units(items, pid)
        paragraphs.append(para)
    unit["children"] = paragraphs
    return unit
