"""Everything under site/downloads/ besides the offline copy: print edition, blank forms and checklists, training."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from zhifa.render.view.form import form_view
from zhifa.model.project import Project


def _write_each(out_dir: Path, items: dict, view_of: Callable, writers: dict[str, Callable]) -> list[Path]:
    """For each item in id order, its view written by every writer to ``out_dir/<id><suffix>``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for item_id, item in sorted(items.items()):
        view = view_of(item)
        written += [write(view, out_dir / f"{item_id}{suffix}") for suffix, write in writers.items()]
    return written


def write_forms(project: Project, out_dir: Path) -> list[Path]:
    """Every form, blank, as fillable Word and PDF."""
    from zhifa.render.docx.form import write_docx
    from zhifa.render.pdf.form import write_pdf

    return _write_each(out_dir, project.forms, lambda form: form_view(project, form),
                       {".docx": write_docx, ".pdf": write_pdf})


def write_checklists(project: Project, out_dir: Path) -> list[Path]:
    """Every checklist, blank, as Word, PDF and Excel."""
    from zhifa.render.view.checklist import checklist_view
    from zhifa.render.docx.checklist import write_checklist_docx
    from zhifa.render.pdf.checklist import write_checklist_pdf
    from zhifa.render.xlsx.checklist import write_checklist_xlsx

    return _write_each(out_dir, project.checklists, lambda cl: checklist_view(project, cl),
                       {".docx": write_checklist_docx, ".pdf": write_checklist_pdf, ".xlsx": write_checklist_xlsx})


def write_training(project: Project, out_dir: Path) -> list[Path]:
    """Slides per regulation, the Anki flashcards, a sample exam paper and its answer key."""
    from zhifa.app.exam import write_sample_exam
    from zhifa.render.anki.flashcards import write_flashcards
    from zhifa.render.pptx.slides import write_decks

    out_dir.mkdir(parents=True, exist_ok=True)
    return [*write_decks(project, out_dir), write_flashcards(project, out_dir / "zhifa-flashcards.apkg"),
            *write_sample_exam(project, out_dir)]


def write_downloads(project: Project, downloads: Path) -> list[Path]:
    from zhifa.render.pdf.print_edition import write_print_edition

    written = list(write_print_edition(project, downloads))
    written += write_forms(project, downloads / "forms")
    written += write_checklists(project, downloads / "checklists")
    written += write_training(project, downloads / "training")
    return written
