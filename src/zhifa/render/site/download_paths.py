"""Where every download sits in the built site: one table of paths, from the site root, with ``/``.

The pages that link to a download (forms, checklists, training), the macros of the hand-written pages
(:mod:`zhifa.mkdocs.macros`) and the code that writes the files (:mod:`zhifa.app.downloads`, the offline copy in
:mod:`zhifa.app.build`) all read these names, so a link and its file cannot drift apart. Which program writes each
format is the other table, :mod:`zhifa.app.writers`.
"""

from __future__ import annotations

import posixpath

DOWNLOADS = "downloads"

PRINT_DOCX = f"{DOWNLOADS}/handbook.docx"             # the print edition (Word, table of contents filled on open)
PRINT_PDF = f"{DOWNLOADS}/handbook.pdf"               # the print edition (PDF)
OFFLINE_ZIP = f"{DOWNLOADS}/handbook-offline.zip"     # the whole site, to open from disk

FORMS = f"{DOWNLOADS}/forms"                          # <form-id><suffix>, blank
FORM_FORMATS = (".docx", ".pdf")
CHECKLISTS = f"{DOWNLOADS}/checklists"                # <checklist-id><suffix>, blank
CHECKLIST_FORMATS = (".docx", ".pdf", ".xlsx")

TRAINING = f"{DOWNLOADS}/training"
FLASHCARDS = f"{TRAINING}/zhifa-flashcards.apkg"      # the whole question bank for Anki
SAMPLE_EXAM = f"{TRAINING}/exam-sample"               # + suffix; its key: + "-key" + suffix
EXAM_FORMATS = (".docx", ".pdf")

DATA = f"{DOWNLOADS}/data"                            # open data: zhifa export's files (index.json, schema/, …)
DATA_INDEX = f"{DATA}/index.json"

# The downloads a hand-written page may link to by name: {{ download_url("print_docx") }}.
NAMED = {"print_docx": PRINT_DOCX, "print_pdf": PRINT_PDF, "offline_zip": OFFLINE_ZIP, "flashcards": FLASHCARDS,
         "data_index": DATA_INDEX}


def data_akn(reg_id: str, date: str | None = None) -> str:
    """regulations/<id>.akn.xml (the current version) or regulations/<id>@<date>.akn.xml, inside the data folder."""
    return f"regulations/{reg_id}.akn.xml" if date is None else f"regulations/{reg_id}@{date}.akn.xml"


def data_json(reg_id: str) -> str:
    """regulations/<id>.json, inside the data folder."""
    return f"regulations/{reg_id}.json"


def form_file(form_id: str, suffix: str) -> str:
    """downloads/forms/<form-id>.docx (or .pdf)"""
    return f"{FORMS}/{form_id}{suffix}"


def checklist_file(checklist_id: str, suffix: str) -> str:
    """downloads/checklists/<checklist-id>.docx (or .pdf, .xlsx)"""
    return f"{CHECKLISTS}/{checklist_id}{suffix}"


def slides_file(reg_id: str) -> str:
    """downloads/training/<regulation-id>.pptx"""
    return f"{TRAINING}/{reg_id}.pptx"


def key_name(name: str) -> str:
    """Where an exam paper's answer key goes, beside the paper: exam.docx → exam-key.docx (any paper, not only the
    sample; ``zhifa exam`` names its key the same way)."""
    stem, suffix = posixpath.splitext(name)
    return f"{stem}-key{suffix}"


def sample_exam_file(suffix: str, key: bool = False) -> str:
    """downloads/training/exam-sample.docx, or its key downloads/training/exam-sample-key.docx (or .pdf)"""
    paper = f"{SAMPLE_EXAM}{suffix}"
    return key_name(paper) if key else paper
