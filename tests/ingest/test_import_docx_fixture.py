"""numbered.docx is what the import tests say it is: its 第X条 and （X） labels are Word automatic numbering, absent
from the paragraph text python-docx reads, and a real reader (LibreOffice) shows them. The import of the file itself
is tested with the other texts (test_import_texts.py, case `numbered`)."""

from __future__ import annotations

import re

import docx
import pytest
from docx_fixtures import ARTICLE_TEXT, ITEM_TEXT, NUM_ID, libreoffice_text
from import_cases import EXPECTED, TEXTS, write_input

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SOURCE = (TEXTS / EXPECTED["numbered"]["file"]).read_text(encoding="utf-8").splitlines()
# The labels of the text as written (第一条 … 第十二条, （一） …), in order.
LABELS = [m[1] for line in SOURCE if (m := re.match(r"^(第[一二三四五六七八九十]+条|（[一二三四五六七八九十]+）)", line))]
ARTICLES = [label for label in LABELS if label.endswith("条")]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("numbered-docx")
    return folder, write_input("numbered", folder)


def _numbering_level(paragraph) -> int | None:
    ilvl = paragraph._p.find(f"{W}pPr/{W}numPr/{W}ilvl")
    num = paragraph._p.find(f"{W}pPr/{W}numPr/{W}numId")
    if num is None or num.get(f"{W}val") != str(NUM_ID):
        return None
    return int(ilvl.get(f"{W}val"))


def test_the_text_has_articles_past_ten_and_items(built):
    assert len(ARTICLES) == 12 and ARTICLES[-1] == "第十二条"
    assert len(LABELS) > len(ARTICLES)


def test_paragraph_text_lacks_the_labels(built):
    _, path = built
    paragraphs = [p.text for p in docx.Document(str(path)).paragraphs]
    assert len(paragraphs) == len(SOURCE)
    for text in paragraphs:
        assert not re.match(r"^\s*(第[一二三四五六七八九十]+条|（[一二三四五六七八九十]+）)", text), text
    body = "".join(paragraphs)
    assert not any(label in body for label in ARTICLES)


def test_labels_are_automatic_numbering(built):
    _, path = built
    document = docx.Document(str(path))
    levels = [_numbering_level(p) for p in document.paragraphs]
    assert levels.count(0) == len(ARTICLES) and levels.count(1) == len(LABELS) - len(ARTICLES)
    numbering = document.part.numbering_part.element
    texts = {lvl.get(f"{W}ilvl"): (lvl.find(f"{W}numFmt").get(f"{W}val"), lvl.find(f"{W}lvlText").get(f"{W}val"))
             for lvl in numbering.iter(f"{W}lvl")}
    assert texts == {"0": ("chineseCounting", ARTICLE_TEXT), "1": ("chineseCounting", ITEM_TEXT)}
    # The chapters and the continuing 款 are plain paragraphs.
    plain = [p.text for p, level in zip(document.paragraphs, levels) if level is None]
    assert [t for t in plain if t.startswith("第") and "章" in t[:4]] == [
        line for line in SOURCE if re.match(r"^第[一二三]章", line)]
    assert "证件遗失的，持证人应当在三日内书面报告，并登报声明作废。" in plain


def test_libreoffice_shows_the_labels(built):
    folder, path = built
    lines = [line.strip() for line in libreoffice_text(path, folder).splitlines() if line.strip()]
    shown = [m[1] for line in lines if (m := re.match(r"^(第[一二三四五六七八九十]+条|（[一二三四五六七八九十]+）)", line))]
    assert shown == LABELS
    assert any(line.startswith("第十一条") and "负责解释" in line for line in lines)
