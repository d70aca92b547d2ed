"""One table of writers: for each kind of document and each file suffix, the function that writes it.

Read by ``zhifa fill`` (forms, checklists), ``zhifa exam`` (papers and their keys) and the downloads of a build
(:mod:`zhifa.app.downloads`); where the downloads go is the other table, :mod:`zhifa.render.site.download_paths`.
A suffix is matched in any case: ``.DOCX`` and ``.Docx`` are Word. A renderer is imported only when its writer is
looked up, so ``zhifa fill -o x.docx`` never loads the PDF engine.

The writers of one kind take the same arguments:

===============  =====================================================================================
form             ``write(view: FormView, path) -> Path``
checklist        ``write(view: ChecklistView, path) -> Path``
exam             ``render(paper: ExamPaper, is_key: bool) -> bytes`` (the paper and its key; written together
                 by :mod:`zhifa.app.exam`)
slides           ``write(project, regulation, path, work: Path) -> Path`` (one regulation's deck)
flashcards       ``write(project, path) -> Path`` (the whole question bank)
print edition    ``write(project, docx: Path, pdf: Path) -> list[Path]`` (both formats at once, one entry under
                 each suffix)
===============  =====================================================================================
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

FORM, CHECKLIST, EXAM = "form", "checklist", "exam"
SLIDES, FLASHCARDS, PRINT_EDITION = "slides", "flashcards", "print edition"

# kind → suffix → "module:function"; within a kind in the order messages list them (.docx 或 .pdf).
TABLE: dict[str, dict[str, str]] = {
    FORM: {".docx": "zhifa.render.docx.form:write_docx",
           ".pdf": "zhifa.render.pdf.form:write_pdf"},
    CHECKLIST: {".docx": "zhifa.render.docx.checklist:write_checklist_docx",
                ".pdf": "zhifa.render.pdf.checklist:write_checklist_pdf",
                ".xlsx": "zhifa.render.xlsx.checklist:write_checklist_xlsx"},
    EXAM: {".docx": "zhifa.render.docx.exam:render_docx",
           ".pdf": "zhifa.render.pdf.exam:render_pdf"},
    SLIDES: {".pptx": "zhifa.render.pptx.slides:write_deck"},
    FLASHCARDS: {".apkg": "zhifa.render.anki.flashcards:write_flashcards"},
    PRINT_EDITION: {".docx": "zhifa.render.docx.print_edition:write_print_docx",
                    ".pdf": "zhifa.render.pdf.print_edition:write_print_pdf"},
}


def suffixes(kind: str) -> tuple[str, ...]:
    """The suffixes a kind can be written as, in the table's order (lower case)."""
    return tuple(TABLE[kind])


def accepts(kind: str, suffix: str) -> bool:
    """Whether a file with this suffix (``path.suffix``, any case) can be written as ``kind``."""
    return suffix.lower() in TABLE[kind]


def writer(kind: str, suffix: str) -> Callable[..., Any]:
    """The function that writes ``kind`` in the format ``suffix`` names (``path.suffix``, any case: ``.DOCX`` is
    Word). Raises ValueError for a suffix the kind has no writer for: callers check with :func:`accepts` first and
    word their own message."""
    target = TABLE[kind].get(suffix.lower())
    if target is None:
        raise ValueError(f"no {kind} writer for {suffix!r} (known: {', '.join(TABLE[kind])})")
    module, name = target.split(":")
    return getattr(import_module(module), name)


def writers(kind: str) -> dict[str, Callable[..., Any]]:
    """Every writer of a kind, by suffix, in the table's order."""
    return {suffix: writer(kind, suffix) for suffix in TABLE[kind]}
