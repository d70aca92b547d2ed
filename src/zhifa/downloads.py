"""Everything under site/downloads/ besides the offline copy: print edition, blank forms and checklists, training."""

from __future__ import annotations

from pathlib import Path

from .form_view import form_view
from .loader import Project


def write_forms(project: Project, out_dir: Path) -> list[Path]:
    """Every form, blank, as fillable Word and PDF."""
    from .docx_form import write_docx
    from .pdf_form import write_pdf

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for form in sorted(project.forms.values(), key=lambda f: f.id):
        view = form_view(project, form)
        written.append(write_docx(view, out_dir / f"{form.id}.docx"))
        written.append(write_pdf(view, out_dir / f"{form.id}.pdf"))
    return written


def write_checklists(project: Project, out_dir: Path) -> list[Path]:
    """Every checklist, blank, as Word, PDF and Excel."""
    from .checklist_view import checklist_view
    from .docx_checklist import write_checklist_docx
    from .pdf_checklist import write_checklist_pdf
    from .xlsx_checklist import write_checklist_xlsx

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for cl in sorted(project.checklists.values(), key=lambda c: c.id):
        view = checklist_view(project, cl)
        written.append(write_checklist_docx(view, out_dir / f"{cl.id}.docx"))
        written.append(write_checklist_pdf(view, out_dir / f"{cl.id}.pdf"))
        written.append(write_checklist_xlsx(view, out_dir / f"{cl.id}.xlsx"))
    return written


def write_training(project: Project, out_dir: Path) -> list[Path]:
    """Slides per regulation, the Anki flashcards, a sample exam paper and its answer key."""
    from .exam import write_sample_exam
    from .flashcards import write_flashcards
    from .slides import write_decks

    out_dir.mkdir(parents=True, exist_ok=True)
    return [*write_decks(project, out_dir), write_flashcards(project, out_dir / "zhifa-flashcards.apkg"),
            *write_sample_exam(project, out_dir)]


def write_downloads(project: Project, downloads: Path) -> list[Path]:
    from .print_edition import write_print_edition

    written = list(write_print_edition(project, downloads))
    written += write_forms(project, downloads / "forms")
    written += write_checklists(project, downloads / "checklists")
    written += write_training(project, downloads / "training")
    return written
