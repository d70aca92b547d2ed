"""The print edition (handbook.docx and handbook.pdf), read back with real readers: python-docx, poppler, pypdf."""

import re
import subprocess
from types import SimpleNamespace

import pytest
from docx import Document
from pypdf import PdfReader

from zhifa.app.print_edition import write_print_edition

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
KANGXI = re.compile("[\u2f00-\u2fd5]")
ART_14 = "两人以上执法人员"


@pytest.fixture(scope="module")
def edition(project, tmp_path_factory):
    out = tmp_path_factory.mktemp("print")
    paths = write_print_edition(project, out / "handbook.docx", out / "handbook.pdf")
    titles = [project.jurisdiction.render(reg.title) for reg in project.ordered_regulations()]
    return SimpleNamespace(out=out, paths=paths, docx=out / "handbook.docx", pdf=out / "handbook.pdf", titles=titles)


@pytest.fixture(scope="module")
def word(edition):
    return Document(str(edition.docx))


@pytest.fixture(scope="module")
def pdf_text(edition) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(edition.pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def _flat(text: str) -> str:
    """Without whitespace: a phrase may be broken across lines in the PDF."""
    return re.sub(r"\s+", "", text)


def test_writes_exactly_the_two_files(edition):
    assert edition.paths == [edition.docx, edition.pdf]
    assert sorted(p.name for p in edition.out.iterdir()) == ["handbook.docx", "handbook.pdf"]  # no temp left over
    assert edition.docx.read_bytes()[:2] == b"PK" and edition.pdf.read_bytes()[:5] == b"%PDF-"


# ---------------------------------------------------------------- Word

def test_docx_has_a_toc_field_titled_mulu(word):
    body = word.element.body
    instr = [t.text for t in body.iter(W + "instrText")] + [f.get(W + "instr") for f in body.iter(W + "fldSimple")]
    toc = [i for i in instr if i and i.strip().startswith("TOC")]
    assert toc, instr
    field = next(t for t in body.iter(W + "instrText") if t.text == toc[0])
    # pandoc puts the 目录 title and the field into one content control
    block = next(a for a in field.iterancestors() if a.tag == W + "sdt")
    assert "".join(t.text for t in block.iter(W + "t")).strip() == "目录"


def test_docx_has_a_heading_for_each_regulation_in_order(word, edition):
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings == edition.titles


def test_docx_title_page(word):
    assert [p.text for p in word.paragraphs if p.style.name == "Title"] == ["人口和计划生育行政执法手册"]


def test_docx_article_14_label_then_text(word):
    hits = [p.text for p in word.paragraphs if p.text.startswith("第十四条")]
    assert len(hits) == 1 and ART_14 in hits[0], hits


def test_docx_keeps_every_unit_text_verbatim(word, project):
    """No Markdown-like mangling: ****县 and every other text come out exactly as rendered from the data."""
    cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
    text = "\n".join([p.text for p in word.paragraphs] + cells)
    missing = [(reg.id, unit.id) for reg in project.ordered_regulations() for unit in reg.walk()
               if unit.text and project.jurisdiction.render(unit.text) not in text]
    assert not missing
    assert "****县人口和计划生育局及各镇、街道办事处应当遵守本规范的规定。" in text


def test_docx_editorial_notes(word, project):
    notes = [p.text for p in word.paragraphs if p.text.startswith("编者注")]
    jur = project.jurisdiction
    for reg in project.ordered_regulations():
        for e in reg.errata:
            expected = f"编者注（勘误）：原文作“{jur.render(e.original)}”，本手册作“{jur.render(e.corrected)}”。理由："
            assert any(n.startswith(expected) for n in notes), expected
        for note in reg.notes:
            assert f"编者注：{jur.render(note.text)}" in notes


def test_docx_chinese_fonts_and_a4(word):
    def east_asia(style_name):
        return word.styles[style_name].element.rPr.rFonts.get(W + "eastAsia")

    assert east_asia("Normal") == "仿宋_GB2312"
    assert east_asia("Heading 1") == "黑体"
    section = word.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


def test_markup_in_legal_text_is_printed_literally(copy, tmp_path):
    """Text that Markdown or HTML would read as markup comes out character for character."""
    from zhifa.load.loader import load_project

    tricky = "*强调* **粗** <b>标签</b> & [链接](x) # 井号 `代码` \\ 反斜杠 {{ county }}_下划线_"
    f = copy / "regulations/code-of-conduct.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace(
        "text: 本规范自发布之日起施行。", f"text: '本规范自发布之日起施行。{tricky}'"), encoding="utf-8")
    proj = load_project(copy)
    assert tricky in proj.regulations["code-of-conduct"].unit("chp_3__art_21").text
    write_print_edition(proj, tmp_path / "handbook.docx", tmp_path / "handbook.pdf")
    expected = "第二十一条\u3000本规范自发布之日起施行。" + proj.jurisdiction.render(tricky)
    assert "****县_下划线_" in expected
    assert expected in [p.text for p in Document(str(tmp_path / "handbook.docx")).paragraphs]
    text = subprocess.run(["pdftotext", str(tmp_path / "handbook.pdf"), "-"], capture_output=True, text=True).stdout
    assert _flat(expected) in _flat(text)


# ---------------------------------------------------------------- PDF

def test_pdf_fonts_all_embedded(edition):
    out = subprocess.run(["pdffonts", str(edition.pdf)], capture_output=True, text=True, check=True).stdout
    lines = out.splitlines()
    header, dashes, rows = lines[0], lines[1], lines[2:]
    spans = [m.span() for m in re.finditer(r"-+", dashes)]
    emb = next(i for i, (a, b) in enumerate(spans) if header[a:b].strip() == "emb")
    assert rows, "no fonts in the PDF"
    not_embedded = [r for r in rows if r[spans[emb][0]:spans[emb][1]].strip() != "yes"]
    assert not not_embedded, out


def test_pdf_text(pdf_text, edition):
    flat = _flat(pdf_text)
    assert "目录" in flat and ART_14 in flat
    for title in edition.titles:
        assert _flat(title) in flat, title
    assert {"生", "自", "日", "月"} <= set(pdf_text)  # the characters fonts may map to Kangxi radicals
    assert not KANGXI.findall(pdf_text)


def test_pdf_a4_and_page_numbers(edition, pdf_text):
    reader = PdfReader(str(edition.pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    pages = pdf_text.split("\f")
    assert "—3—" in _flat(pages[2])  # the footer of page 3 (spacing differs between fonts)


def test_pdf_outline_and_toc_page_numbers(edition, pdf_text):
    reader = PdfReader(str(edition.pdf))
    top = {item.title: reader.get_destination_page_number(item) + 1
           for item in reader.outline if not isinstance(item, list)}
    for title in edition.titles:
        assert title in top, title
        listed = re.search(re.escape(title) + r"\s*\.+\s*(\d+)", pdf_text)  # the 目录 line: title ...... page
        assert listed and int(listed.group(1)) == top[title], title
