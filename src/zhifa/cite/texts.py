"""The texts where people type citations by hand, each able to say where a piece of it stands in its file.

- docs/**/*.md: hand-written pages, fenced and inline code and Jinja ({{ … }}, {% … %}, {# … #}) blanked out
  (a plain jurisdiction variable such as {{ township }} is kept: it is part of a title);
- every string value in templates/**/*.yaml and data/**/*.yaml, except the fields of a structured citation;
- the regulations' own text: metadata, unit headings and text, editorial notes, errata reasons.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zhifa.load.yamlio import DocPath, YamlError, read_yaml
from zhifa.model.problems import Position
from zhifa.model.project import Project
from zhifa.model.regulation import StrictModel

CITATION_FIELDS = {"regulation", "unit", "quote"}
YAML_DIRS = ("templates", "data")
FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
INLINE_CODE = re.compile(r"`[^`\n]+`")
PLAIN_VARIABLE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


@dataclass(frozen=True)
class Source:
    """One file's text as written, and where each of its lines starts."""

    path: str  # as shown in problems: relative to the project root
    raw: str
    starts: tuple[int, ...]

    @classmethod
    def of(cls, path: str, raw: str) -> Source:
        return cls(path, raw, (0, *(i + 1 for i, ch in enumerate(raw) if ch == "\n")))

    def offset(self, pos: Position) -> int:
        return self.starts[min(pos.line, len(self.starts)) - 1] + pos.col - 1

    def position(self, offset: int) -> Position:
        line = bisect.bisect_right(self.starts, offset)
        return Position(self.path, line, offset - self.starts[line - 1] + 1)


@dataclass(frozen=True)
class ScanText:
    """A text to scan: the whole (blanked) file when ``at`` is None, else one value that starts at offset ``at``."""

    source: Source
    text: str
    at: int | None = None
    regulation: str | None = None  # the regulation the text belongs to, for 本规范 and bare references

    def position(self, start: int, end: int) -> Position:
        """Where ``text[start:end]`` is written: found again in the file after the value's start (quotes, escapes
        and block indentation make the value differ from the file); the value's own position if it cannot be."""
        if self.at is None:
            return self.source.position(start)
        piece, limit = self.text[start:end], self.at + 2 * len(self.text) + 200
        hit, cursor = self.at, self.at
        for _ in range(self.text.count(piece, 0, start) + 1):
            hit = self.source.raw.find(piece, cursor, limit)
            if hit < 0:
                return self.source.position(self.at)
            cursor = hit + len(piece)
        return self.source.position(hit)


def blank(text: str) -> str:
    """Spaces in place of every character but newlines, so offsets stay where they were."""
    return re.sub(r"[^\n]", " ", text)


def markdown_text(text: str, variables: set[str]) -> str:
    """Markdown with code blocks, inline code and Jinja blanked out, every offset unchanged."""
    lines, fence = text.split("\n"), None
    for i, line in enumerate(lines):
        m = FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)
        elif fence is not None and m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
            if not line[m.end():].strip():  # a closing fence has nothing after it
                fence, lines[i] = None, blank(line)
        if fence is not None:
            lines[i] = blank(line)
    text = "\n".join(lines)

    def jinja(m: re.Match) -> str:
        plain = PLAIN_VARIABLE.fullmatch(m.group(0))
        return m.group(0) if plain and plain.group(1) in variables else blank(m.group(0))

    return INLINE_CODE.sub(lambda m: blank(m.group(0)), JINJA.sub(jinja, text))


def strings(data: Any, here: DocPath = ()) -> Iterator[tuple[DocPath, str]]:
    """Every string value with its path, skipping the fields of structured citations."""
    if isinstance(data, dict):
        cited = {"regulation", "unit"} <= data.keys()
        for key, value in data.items():
            if not (cited and key in CITATION_FIELDS):
                yield from strings(value, here + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from strings(value, here + (i,))
    elif isinstance(data, str):
        yield here, data


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None  # the loader or the site build reports it


def docs_texts(project: Project) -> Iterator[ScanText]:
    variables = set(project.jurisdiction.root)
    for path in sorted((project.root / "docs").rglob("*.md")):
        raw = _read(path)
        if raw is not None:
            source = Source.of(project.rel(path), raw)
            yield ScanText(source, markdown_text(raw, variables))


def yaml_texts(project: Project) -> Iterator[ScanText]:
    for folder in YAML_DIRS:
        for path in sorted((project.root / folder).rglob("*.yaml")):
            shown, raw = project.rel(path), _read(path)
            doc = project.documents.get(shown)
            if raw is None:
                continue
            if doc is None:
                try:
                    doc = read_yaml(path, shown)
                except YamlError:
                    continue  # examples are read, and their problems reported, by the checks that use them
            source = Source.of(shown, raw)
            for doc_path, value in strings(doc.data):
                yield ScanText(source, value, source.offset(doc.where(doc_path)))


def regulation_texts(project: Project) -> Iterator[ScanText]:
    for reg in project.ordered_regulations():
        raw = _read(project.root / reg.pos.path)
        if raw is None:
            continue
        source = Source.of(reg.pos.path, raw)
        fields: list[tuple[StrictModel, str]] = [(reg, name) for name in ("summary", "issuer", "scope", "effective")]
        fields += [(unit, name) for unit in reg.walk() for name in ("heading", "text")]
        fields += [(note, "text") for note in reg.notes] + [(erratum, "reason") for erratum in reg.errata]
        for owner, name in fields:
            value = getattr(owner, name)
            if value:
                yield ScanText(source, value, source.offset(owner.where(name)), reg.id)


def all_texts(project: Project) -> Iterator[ScanText]:
    yield from docs_texts(project)
    yield from yaml_texts(project)
    yield from regulation_texts(project)
