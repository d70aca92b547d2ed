"""Citations in what a build wrote (HTML pages, Word, PDF and PowerPoint downloads), extracted and checked like typed ones.

A template that drifts from the data — a form printing 第二十四条 of a regulation that has 21 — is caught here,
after rendering and before the new site replaces the old one.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from html import unescape
from pathlib import Path

from zhifa.cite.scan import Catalog, check, resolve
from zhifa.model.problems import Problem
from zhifa.model.project import Project

SKIPPED = ("search/", "assets/", "404.html")
# A regulation's earlier versions and its amendments' changes (regulations/<id>/<date>…): old texts as they were, whose
# citations name the units of their own version, not of the text in force.
PAST = re.compile(r"^regulations/[^/]+/\d{4}-\d{2}-\d{2}")


# Scripts, styles and comments, then any tag: each replaced by the line breaks it spans, so line numbers stay exact.
_HIDDEN = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<[^>]*>")


def _keep_breaks(match: re.Match) -> str:
    return "\n" * match.group(0).count("\n")


def html_lines(path: Path) -> Iterator[tuple[int, int, str]]:
    """The text of each line of an HTML file, tags removed (a citation split by a tag, <a>…</a>, is seen whole);
    the column is counted in that text. A regular-expression pass: HTMLParser took seconds on a large corpus."""
    text = _TAG.sub(_keep_breaks, _HIDDEN.sub(_keep_breaks, path.read_text(encoding="utf-8")))
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            line = unescape(line).replace("\u200b", "")
            yield number, len(line) - len(line.lstrip()) + 1, line


def docx_lines(path: Path) -> Iterator[tuple[int, int, str]]:
    import docx

    document = docx.Document(str(path))
    body = document.element.body
    for number, paragraph in enumerate(body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"), 1):
        text = "".join(t.text or "" for t in paragraph.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))
        if text.strip():
            yield number, 1, text


def pdf_lines(path: Path) -> Iterator[tuple[int, int, str]]:
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True)
    for number, text in enumerate(out.stdout.split("\n"), 1):
        if text.strip():
            yield number, 1, text


_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def pptx_lines(path: Path) -> Iterator[tuple[int, int, str]]:
    """Paragraphs of a slide deck, slides and speaker notes; the line is the paragraph's number in the deck."""
    import zipfile
    from xml.etree import ElementTree

    def order(name: str) -> tuple[int, int]:
        number = re.search(r"(\d+)\.xml$", name)
        return (0 if "/slides/" in name else 1, int(number.group(1)) if number else 0)

    number = 0
    with zipfile.ZipFile(path) as deck:
        parts = sorted((n for n in deck.namelist() if re.match(r"ppt/(slides|notesSlides)/\w+\d+\.xml$", n)), key=order)
        for name in parts:
            for paragraph in ElementTree.fromstring(deck.read(name)).iter(f"{_A}p"):
                number += 1
                text = "".join(t.text or "" for t in paragraph.iter(f"{_A}t"))
                if text.strip():
                    yield number, 1, text


def output_files(site: Path) -> Iterator[tuple[Path, str]]:
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if not path.is_file() or rel.startswith(SKIPPED) or PAST.match(rel):
            continue
        if path.suffix in (".html", ".docx", ".pdf", ".pptx"):
            yield path, rel


def check_outputs(project: Project, site: Path, shown_prefix: str = "site/") -> list[Problem]:
    """Every citation found in the built files, checked: CT01–CT04 at file:line:col (a Word file's or deck's line is its
    paragraph number, a PDF's the line of pdftotext's output)."""
    catalog = Catalog.from_project(project)
    readers = {".html": html_lines, ".docx": docx_lines, ".pdf": pdf_lines, ".pptx": pptx_lines}
    problems: list[Problem] = []
    for path, rel in output_files(site):
        if path.suffix == ".pdf" and _pdftotext_missing():
            continue
        for line, col, text in readers[path.suffix](path):
            for found in catalog.finder.find(text):
                for code, message in check(resolve(found, catalog), catalog):
                    problems.append(Problem(shown_prefix + rel, line, col + found.start, code, f"生成的文件中：{message}"))
    return problems


_PDFTOTEXT: bool | None = None


def _pdftotext_missing() -> bool:
    global _PDFTOTEXT
    if _PDFTOTEXT is None:
        try:
            subprocess.run(["pdftotext", "-v"], capture_output=True)
            _PDFTOTEXT = True
        except FileNotFoundError:
            _PDFTOTEXT = False
    return not _PDFTOTEXT
