"""The table of writers (kind + suffix → writer) and the table of download paths.

Expected values are written out here (the names the README documents), never read from the tables under test."""

import pytest

from zhifa.app import writers
from zhifa.render.site import download_paths


def _name(function) -> str:
    return f"{function.__module__}.{function.__qualname__}"


@pytest.mark.parametrize("kind,suffix,expected", [
    ("form", ".docx", "zhifa.render.docx.form.write_docx"),
    ("form", ".DOCX", "zhifa.render.docx.form.write_docx"),
    ("form", ".Docx", "zhifa.render.docx.form.write_docx"),
    ("form", ".PDF", "zhifa.render.pdf.form.write_pdf"),
    ("checklist", ".docx", "zhifa.render.docx.checklist.write_checklist_docx"),
    ("checklist", ".Pdf", "zhifa.render.pdf.checklist.write_checklist_pdf"),
    ("checklist", ".XLSX", "zhifa.render.xlsx.checklist.write_checklist_xlsx"),
    ("exam", ".DOCX", "zhifa.render.docx.exam.render_docx"),
    ("exam", ".pdf", "zhifa.render.pdf.exam.render_pdf"),
    ("slides", ".pptx", "zhifa.render.pptx.slides.write_deck"),
    ("flashcards", ".apkg", "zhifa.render.anki.flashcards.write_flashcards"),
    ("print edition", ".docx", "zhifa.render.docx.print_edition.write_print_docx"),
    ("print edition", ".pdf", "zhifa.render.pdf.print_edition.write_print_pdf"),
])
def test_writer_by_kind_and_suffix_in_any_case(kind, suffix, expected):
    assert writers.accepts(kind, suffix)
    assert _name(writers.writer(kind, suffix)) == expected


@pytest.mark.parametrize("kind,suffix", [("form", ".xlsx"), ("form", ".doc"), ("form", ""), ("checklist", ".txt"),
                                         ("exam", ".xlsx"), ("exam", ".docx.bak")])
def test_no_writer_for_other_suffixes(kind, suffix):
    assert not writers.accepts(kind, suffix)
    with pytest.raises(ValueError, match=kind):
        writers.writer(kind, suffix)


def test_suffixes_in_the_order_the_messages_list_them():
    assert writers.suffixes("form") == (".docx", ".pdf")
    assert writers.suffixes("checklist") == (".docx", ".pdf", ".xlsx")
    assert writers.suffixes("exam") == (".docx", ".pdf")


def test_every_entry_of_the_table_imports():
    for kind in writers.TABLE:
        for suffix, function in writers.writers(kind).items():
            assert callable(function), (kind, suffix)


def test_download_paths_are_the_documented_ones():
    assert download_paths.PRINT_DOCX == "downloads/handbook.docx"
    assert download_paths.PRINT_PDF == "downloads/handbook.pdf"
    assert download_paths.OFFLINE_ZIP == "downloads/handbook-offline.zip"
    assert download_paths.form_file("onsite-inspection", ".pdf") == "downloads/forms/onsite-inspection.pdf"
    assert download_paths.checklist_file("self-inspection", ".xlsx") == "downloads/checklists/self-inspection.xlsx"
    assert download_paths.slides_file("code-of-conduct") == "downloads/training/code-of-conduct.pptx"
    assert download_paths.FLASHCARDS == "downloads/training/zhifa-flashcards.apkg"
    assert download_paths.sample_exam_file(".docx") == "downloads/training/exam-sample.docx"
    assert download_paths.sample_exam_file(".pdf", key=True) == "downloads/training/exam-sample-key.pdf"


@pytest.mark.parametrize("paper,key", [("exam.docx", "exam-key.docx"), ("试卷.DOCX", "试卷-key.DOCX"),
                                       ("第1.期.pdf", "第1.期-key.pdf")])
def test_key_beside_the_paper(paper, key):
    assert download_paths.key_name(paper) == key


def test_every_named_download_is_under_downloads():
    assert set(download_paths.NAMED) == {"print_docx", "print_pdf", "offline_zip", "flashcards", "data_index"}
    assert all(path.startswith("downloads/") for path in download_paths.NAMED.values())
