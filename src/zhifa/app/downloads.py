"""Everything under site/downloads/ besides the offline copy: print edition, blank forms and checklists, training.

Each file goes where :mod:`zhifa.render.site.download_paths` says (the pages link to the same names), written by the
writer :mod:`zhifa.app.writers` names for its kind and suffix."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from zhifa.app import writers
from zhifa.app.export import write_data
from zhifa.app.print_edition import write_print_edition
from zhifa.model.project import Project
from zhifa.render.site import download_paths as paths
from zhifa.render.view.form import form_view


def _write_each(site: Path, folder: str, items: dict, view_of: Callable, kind: str, formats: tuple[str, ...],
                path_of: Callable[[str, str], str]) -> list[Path]:
    """For each item in id order, its view written in every format to ``site/path_of(id, suffix)`` (in ``folder``)."""
    (site / folder).mkdir(parents=True, exist_ok=True)
    write = {suffix: writers.writer(kind, suffix) for suffix in formats}
    written = []
    for item_id, item in sorted(items.items()):
        view = view_of(item)
        written += [write[suffix](view, site / path_of(item_id, suffix)) for suffix in formats]
    return written


def write_forms(project: Project, site: Path) -> list[Path]:
    """Every form, blank, as fillable Word and PDF."""
    return _write_each(site, paths.FORMS, project.forms, lambda form: form_view(project, form), writers.FORM,
                       paths.FORM_FORMATS, paths.form_file)


def write_checklists(project: Project, site: Path) -> list[Path]:
    """Every checklist, blank, as Word, PDF and Excel."""
    from zhifa.render.view.checklist import checklist_view

    return _write_each(site, paths.CHECKLISTS, project.checklists, lambda cl: checklist_view(project, cl),
                       writers.CHECKLIST, paths.CHECKLIST_FORMATS, paths.checklist_file)


def write_training(project: Project, site: Path) -> list[Path]:
    """Slides per regulation (in handbook order), the Anki flashcards, a sample exam paper and its answer key."""
    from zhifa.app.exam import write_sample_exam

    (site / paths.TRAINING).mkdir(parents=True, exist_ok=True)
    write_deck = writers.writer(writers.SLIDES, ".pptx")
    with tempfile.TemporaryDirectory(prefix="zhifa-slides-") as work:
        written = [write_deck(project, reg, site / paths.slides_file(reg.id), Path(work))
                   for reg in project.ordered_regulations()]
    written.append(writers.writer(writers.FLASHCARDS, ".apkg")(project, site / paths.FLASHCARDS))
    return [*written, *write_sample_exam(project, site / paths.TRAINING)]


def write_downloads(project: Project, site: Path) -> list[Path]:
    """Every download but the offline copy, under ``site`` (the paths from the site root, as the pages link them)."""
    written = list(write_print_edition(project, site / paths.PRINT_DOCX, site / paths.PRINT_PDF))
    written += write_forms(project, site)
    written += write_checklists(project, site)
    written += write_training(project, site)
    written += write_data(project, site)
    return written
